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
    assert_eq!((mail[0].kind.as_str(), mail[0].recipient.as_str(), mail[0].locale.as_str()), ("invite", "ana@gov.mz", "pt"));
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
async fn sign_in_is_rate_limited_per_email() {
    let db = db().await;
    secretariat(&db).await;
    for _ in 0..5 {
        assert_eq!(fields(service::login(&db, "sec@iom.example", "wrong password!", "10.0.0.1").await.unwrap_err()), vec!["credentials"]);
    }
    // Even the right password is refused now, from any address.
    assert!(matches!(
        service::login(&db, "sec@iom.example", "a long enough password", "10.0.0.2").await,
        Err(ServiceError::TooManyRequests)
    ));
    // Unknown emails behave like wrong passwords.
    assert_eq!(fields(service::login(&db, "nobody@x.org", "a long enough password", "10.0.0.3").await.unwrap_err()), vec!["credentials"]);
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
