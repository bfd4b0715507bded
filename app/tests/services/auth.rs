use crate::support::*;
use app::domain::Role;
use app::features::auth::service;
use app::features::auth::types::InviteForm;
use app::ssr::auth::resolve_session;
use app::ssr::entities::{app_user, outbox, user_session};
use app::ssr::ServiceError;
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn invite(email: &str, role: &str, country: &str) -> InviteForm {
    InviteForm {
        email: email.into(),
        display_name: "Ana Silva".into(),
        role: role.into(),
        country: country.into(),
        locale: "pt".into(),
        body: String::new(),
    }
}

#[tokio::test]
async fn invitation_then_activation_then_sign_in() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let (id, token) = service::invite(&db, &sec, &invite("Ana@Gov.MZ", "focal_point", "MZ"), "http://x").await.unwrap();
    // One invitation email queued, in the invitee's language.
    let mail = outbox::Entity::find().all(&db).await.unwrap();
    assert_eq!(mail.len(), 1);
    assert_eq!((mail[0].kind.as_str(), mail[0].recipient.as_str(), mail[0].locale.code()), ("invite", "ana@gov.mz", "pt"));
    assert!(mail[0].payload.contains(&format!("http://x/invite/{token}")));
    // Not usable before activation.
    assert_eq!(fields(service::login(&db, "ana@gov.mz", "whatever password", "1.1.1.1").await.unwrap_err()), vec!["credentials"]);
    assert_eq!(service::invitation_email(&db, &token).await.unwrap(), "ana@gov.mz");
    assert_eq!(fields(service::accept_invite(&db, &token, "short", "short").await.unwrap_err()), vec!["password"]);
    assert_eq!(
        fields(service::accept_invite(&db, &token, "a long enough password", "another long password").await.unwrap_err()),
        vec!["password_confirm"]
    );
    let (user, session) = service::accept_invite(&db, &token, "a long enough password", "a long enough password").await.unwrap();
    assert_eq!((user.id, user.role, user.country.map(|c| c.code())), (id, Role::FocalPoint, Some("MZ")));
    assert_eq!(resolve_session(&db, &session).await.unwrap().unwrap().id, id);
    // The token is single-use.
    assert!(matches!(service::invitation_email(&db, &token).await, Err(ServiceError::NotFound)));
    let (u, _) = service::login(&db, " ANA@gov.mz ", "a long enough password", "1.1.1.1").await.unwrap();
    assert_eq!(u.email, "ana@gov.mz");
}

#[tokio::test]
async fn invitations_are_validated() {
    let db = db().await;
    let sec = secretariat(&db).await;
    assert_eq!(
        fields(service::invite(&db, &sec, &invite("nope", "focal_point", ""), "http://x").await.unwrap_err()),
        vec!["email", "country"]
    );
    assert_eq!(fields(service::invite(&db, &sec, &invite("a@b.org", "delegate", "TZ"), "http://x").await.unwrap_err()), vec!["country"]);
    assert_eq!(fields(service::invite(&db, &sec, &invite("a@b.org", "king", ""), "http://x").await.unwrap_err()), vec!["role"]);
    assert_eq!(
        fields(service::invite(&db, &sec, &invite("sec@iom.example", "delegate", ""), "http://x").await.unwrap_err()),
        vec!["email"]
    );
    assert_eq!(outbox::Entity::find().count(&db).await.unwrap(), 0);
}

#[tokio::test]
async fn expired_invitations_are_refused() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let (id, token) = service::invite(&db, &sec, &invite("late@x.org", "delegate", ""), "http://x").await.unwrap();
    app_user::Entity::update_many()
        .col_expr(app_user::Column::InviteExpiresAt, Expr::value(Utc::now() - Duration::minutes(1)))
        .filter(app_user::Column::Id.eq(id))
        .exec(&db)
        .await
        .unwrap();
    assert!(matches!(
        service::accept_invite(&db, &token, "a long enough password", "a long enough password").await,
        Err(ServiceError::NotFound)
    ));
}

#[tokio::test]
async fn wrong_passwords_block_their_address_and_only_slow_the_account_down() {
    let db = db().await;
    secretariat(&db).await;
    for _ in 0..5 {
        assert_eq!(fields(service::login(&db, "sec@iom.example", "wrong password!", "10.0.0.1").await.unwrap_err()), vec!["credentials"]);
    }
    // That address may try this account no more, not even with the right password...
    assert!(matches!(
        service::login(&db, "sec@iom.example", "a long enough password", "10.0.0.1").await,
        Err(ServiceError::TooManyRequests)
    ));
    // ...but the owner, from their own address, still gets in (after a short wait).
    let started = std::time::Instant::now();
    let (user, _) = service::login(&db, "sec@iom.example", "a long enough password", "10.0.0.2").await.unwrap();
    assert_eq!(user.email, "sec@iom.example");
    assert!(started.elapsed() >= app::ssr::auth::account_delay(5), "five failures slow the account's sign-ins down");
    // Refused attempts are not recorded; the five failures and the success are.
    let attempts = app::ssr::entities::login_attempt::Entity::find().all(&db).await.unwrap();
    assert_eq!((attempts.len(), attempts.iter().filter(|a| a.success).count()), (6, 1));
    // Unknown emails behave like wrong passwords.
    assert_eq!(fields(service::login(&db, "nobody@x.org", "a long enough password", "10.0.0.3").await.unwrap_err()), vec!["credentials"]);
    // An address that failed too often (any accounts) is refused for every account.
    for n in 0..app::ssr::auth::MAX_FAILURES_PER_ADDRESS {
        let _ = service::login(&db, &format!("guess{n}@x.org"), "wrong password!", "10.0.0.9").await;
    }
    assert!(matches!(
        service::login(&db, "sec@iom.example", "a long enough password", "10.0.0.9").await,
        Err(ServiceError::TooManyRequests)
    ));
    // NUL bytes in the email are refused on the field, never stored.
    assert_eq!(fields(service::login(&db, "sec@iom.example\0", "x", "10.0.0.4").await.unwrap_err()), vec!["email"]);
}

#[tokio::test]
async fn expired_sessions_are_rejected_and_removed() {
    let db = db().await;
    secretariat(&db).await;
    let (_, token) = service::login(&db, "sec@iom.example", "a long enough password", "10.0.0.1").await.unwrap();
    assert!(resolve_session(&db, &token).await.unwrap().is_some());
    user_session::Entity::update_many()
        .col_expr(user_session::Column::ExpiresAt, Expr::value(Utc::now() - Duration::seconds(1)))
        .exec(&db)
        .await
        .unwrap();
    assert!(resolve_session(&db, &token).await.unwrap().is_none());
    assert_eq!(user_session::Entity::find().count(&db).await.unwrap(), 0);
    assert!(resolve_session(&db, "not-a-token").await.unwrap().is_none());
}
