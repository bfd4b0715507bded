//! Accounts (issue 16): accounts for the people who register, password links, password
//! changes and the secretariat's administration of accounts.

use crate::support::*;
use app::domain::{ErrorCode, Lang, RegistrationStatus, Role};
use app::features::auth::service;
use app::features::auth::types::{AccountForm, InviteForm, PasswordChangeForm, UserFilter};
use app::features::registration::service as reg;
use app::features::registration::types::RegistrationForm;
use app::ssr::auth::resolve_session;
use app::ssr::entities::{api_token, app_user, audit_log, outbox, user_session};
use app::ssr::ServiceError;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

fn person(mid: i32, email: &str, category: &str) -> RegistrationForm {
    RegistrationForm {
        meeting_id: mid.to_string(),
        category: category.into(),
        country: "TZ".into(),
        title: "Hon.".into(),
        given_name: "Neema".into(),
        family_name: "Kimaro".into(),
        position: "Director of Immigration".into(),
        email: email.into(),
        ..Default::default()
    }
}

/// The payload of the last email queued for `to`.
async fn last_mail(db: &DatabaseConnection, to: &str) -> serde_json::Value {
    let m =
        outbox::Entity::find().filter(outbox::Column::Recipient.eq(to)).order_by_desc(outbox::Column::Id).one(db).await.unwrap().unwrap();
    serde_json::from_str(&m.payload).unwrap()
}

fn token_of(link: &str) -> String {
    link.rsplit('/').next().unwrap().to_string()
}

#[tokio::test]
async fn nominated_and_approved_people_get_an_account_with_a_one_time_password_link() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 10, 5, true).await;
    let fp = user(&db, "fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    // The focal point's nomination: an account is made (no password yet), and the email about the
    // registration carries a link to choose one.
    let r = reg::register(&db, Some(&fp), &person(mid, "Neema@Gov.TZ", "delegate"), Lang::Pt, URL, now()).await.unwrap();
    assert_eq!(r.status, RegistrationStatus::Pending);
    let account = app_user::Entity::find().filter(app_user::Column::Email.eq("neema@gov.tz")).one(&db).await.unwrap().unwrap();
    assert_eq!((account.role.as_str(), account.password_hash.is_none(), account.locale.code()), ("delegate", true, "pt"));
    let mail = last_mail(&db, "neema@gov.tz").await;
    let link = mail["account_link"].as_str().unwrap().to_string();
    assert!(link.starts_with(&format!("{URL}/password/reset/")), "{link}");
    let message = app::ssr::outbox::OutboxMessage::from_stored("registration_status", &mail.to_string()).unwrap();
    assert!(!message.scrubbed().unwrap().contains(&link), "the link is scrubbed once the email is sent");
    // Only the link's hash is stored.
    let token = token_of(&link);
    assert_eq!(account.reset_token_hash.as_deref(), Some(app::ssr::auth::hash_token(&token).as_str()));
    assert!(account.reset_expires_at.unwrap() <= Utc::now() + Duration::hours(1));
    // Not yet approved: no delegate rights, but the account works once its password is set.
    let now = Utc::now();
    assert_eq!(service::password_link_email(&db, &token, now).await.unwrap(), "neema@gov.tz");
    assert_eq!(fields(service::reset_password(&db, &token, "short", "short", now).await.unwrap_err()), vec!["password"]);
    let (me, session) = service::reset_password(&db, &token, "a long enough password", "a long enough password", now).await.unwrap();
    assert_eq!((me.email.as_str(), me.role), ("neema@gov.tz", Role::Delegate));
    assert!(resolve_session(&db, &session).await.unwrap().is_some());
    // Single use.
    let reused = service::reset_password(&db, &token, "another long password", "another long password", now).await.unwrap_err();
    assert_eq!(codes(reused), vec![("password".to_string(), ErrorCode::LinkExpired)]);
    assert!(!app::ssr::access::reader_rights(&db, Some(&me), mid).await.unwrap().delegate);
    // Approved by the secretariat: the delegate reads delegates' papers; no second account, no
    // new link (the account has a password).
    reg::decide(&db, &sec, &approval(mid, r.id), URL).await.unwrap();
    assert!(app::ssr::access::reader_rights(&db, Some(&me), mid).await.unwrap().delegate);
    assert_eq!(app_user::Entity::find().filter(app_user::Column::Email.eq("neema@gov.tz")).count(&db).await.unwrap(), 1);
    assert!(last_mail(&db, "neema@gov.tz").await.get("account_link").is_none());
}

#[tokio::test]
async fn password_links_expire_after_an_hour() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 10, 5, false).await;
    reg::register(&db, Some(&sec), &person(mid, "late@gov.tz", "delegate"), Lang::En, URL, Utc::now()).await.unwrap();
    let token = token_of(last_mail(&db, "late@gov.tz").await["account_link"].as_str().unwrap());
    let later = Utc::now() + Duration::minutes(61);
    let err = service::reset_password(&db, &token, "a long enough password", "a long enough password", later).await.unwrap_err();
    assert_eq!(codes(err), vec![("password".to_string(), ErrorCode::LinkExpired)]);
    // A fresh link is asked for by email (from the sign-in page) and works.
    let link = service::request_password_link(&db, "late@gov.tz", "10.1.1.1", URL, Utc::now()).await.unwrap().unwrap();
    assert_ne!(token_of(&link), token, "a new link replaces the old one");
    service::reset_password(&db, &token_of(&link), "a long enough password", "a long enough password", Utc::now()).await.unwrap();
}

#[tokio::test]
async fn password_link_requests_answer_the_same_and_are_limited() {
    let db = db().await;
    secretariat(&db).await;
    // An unknown address: the same (empty) answer, and no email.
    assert_eq!(service::request_password_link(&db, "nobody@x.org", "10.2.2.2", URL, Utc::now()).await.unwrap(), None);
    assert_eq!(outbox::Entity::find().filter(outbox::Column::Recipient.eq("nobody@x.org")).count(&db).await.unwrap(), 0);
    // A known one: an email with the link (its secret scrubbed once sent).
    let link = service::request_password_link(&db, "SEC@iom.example", "10.2.2.2", URL, Utc::now()).await.unwrap().unwrap();
    let mail = last_mail(&db, "sec@iom.example").await;
    assert_eq!(mail["link"].as_str(), Some(link.as_str()));
    let message = app::ssr::outbox::OutboxMessage::from_stored("password_link", &mail.to_string()).unwrap();
    assert!(!message.scrubbed().unwrap().contains(&link));
    // Three links per address per hour: the fourth is silently not sent.
    for _ in 0..2 {
        assert!(service::request_password_link(&db, "sec@iom.example", "10.2.2.3", URL, Utc::now()).await.unwrap().is_some());
    }
    assert_eq!(service::request_password_link(&db, "sec@iom.example", "10.2.2.4", URL, Utc::now()).await.unwrap(), None);
    // Ten requests per client address per hour, whatever the email.
    for n in 0..10 {
        service::request_password_link(&db, &format!("someone{n}@x.org"), "10.2.2.9", URL, Utc::now()).await.unwrap();
    }
    assert!(matches!(
        service::request_password_link(&db, "sec@iom.example", "10.2.2.9", URL, Utc::now()).await,
        Err(ServiceError::TooManyRequests)
    ));
    // The sign-in still works with the old password until a link is used.
    service::login(&db, "sec@iom.example", "a long enough password", "10.2.2.5").await.unwrap();
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_the_other_sessions() {
    let db = db().await;
    let me = secretariat(&db).await;
    let (_, here) = service::login(&db, "sec@iom.example", "a long enough password", "10.3.3.3").await.unwrap();
    let (_, elsewhere) = service::login(&db, "sec@iom.example", "a long enough password", "10.3.3.4").await.unwrap();
    let wrong = PasswordChangeForm {
        current: "not my password".into(),
        password: "a new long password".into(),
        password_confirm: "a new long password".into(),
    };
    assert_eq!(
        codes(service::change_password(&db, &me, Some(&here), &wrong).await.unwrap_err()),
        vec![("current".to_string(), ErrorCode::WrongPassword)]
    );
    let mismatch = PasswordChangeForm {
        current: "a long enough password".into(),
        password: "a new long password".into(),
        password_confirm: "other".into(),
    };
    assert_eq!(fields(service::change_password(&db, &me, Some(&here), &mismatch).await.unwrap_err()), vec!["password_confirm"]);
    let ok = PasswordChangeForm {
        current: "a long enough password".into(),
        password: "a new long password".into(),
        password_confirm: "a new long password".into(),
    };
    assert_eq!(service::change_password(&db, &me, Some(&here), &ok).await.unwrap(), 1);
    assert!(resolve_session(&db, &here).await.unwrap().is_some(), "this session stays");
    assert!(resolve_session(&db, &elsewhere).await.unwrap().is_none(), "the other one ended");
    assert!(service::login(&db, "sec@iom.example", "a long enough password", "10.3.3.5").await.is_err());
    service::login(&db, "sec@iom.example", "a new long password", "10.3.3.5").await.unwrap();
    assert_eq!(audit_log::Entity::find().filter(audit_log::Column::Action.eq("user.password_change")).count(&db).await.unwrap(), 1);
}

#[tokio::test]
async fn the_secretariat_administers_accounts_and_keeps_one_secretariat_account() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let fp = user(&db, "fp@gov.mz", Role::FocalPoint, Some("MZ")).await;
    user(&db, "d@gov.tz", Role::Delegate, None).await;
    let invite = InviteForm { email: "new@gov.zm".into(), display_name: "New".into(), role: "delegate".into(), ..Default::default() };
    let (invited, first) = service::invite(&db, &sec, &invite, URL).await.unwrap();
    // Nobody but the secretariat.
    assert!(matches!(service::list_users(&db, &fp, &UserFilter::default()).await, Err(ServiceError::Forbidden)));
    assert!(matches!(service::set_active(&db, &fp, sec.id, false).await, Err(ServiceError::Forbidden)));
    // Filters: role, country or body, state.
    let emails = |l: Vec<app::features::auth::types::UserSummary>| l.into_iter().map(|u| u.email).collect::<Vec<_>>();
    let f = |role: &str, scope: &str, state: &str| UserFilter { role: role.into(), scope: scope.into(), state: state.into() };
    assert_eq!(emails(service::list_users(&db, &sec, &f("focal_point", "", "")).await.unwrap()), vec!["fp@gov.mz"]);
    assert_eq!(emails(service::list_users(&db, &sec, &f("", "MZ", "")).await.unwrap()), vec!["fp@gov.mz"]);
    assert_eq!(emails(service::list_users(&db, &sec, &f("", "", "pending")).await.unwrap()), vec!["new@gov.zm"]);
    assert_eq!(fields(service::list_users(&db, &sec, &f("", "XX", "")).await.unwrap_err()), vec!["scope"]);
    // A focal point's sessions and API tokens end at once with deactivation.
    let (_, session) = service::login(&db, "fp@gov.mz", "a long enough password", "10.4.4.4").await.unwrap();
    let token =
        app::features::tokens::service::create(&db, &fp, &app::features::tokens::types::TokenForm { name: "Ministry".into() }, Utc::now())
            .await
            .unwrap();
    let detail = service::account(&db, &sec, fp.id).await.unwrap();
    assert_eq!((detail.sessions.len(), detail.tokens.len()), (1, 1));
    service::set_active(&db, &sec, fp.id, false).await.unwrap();
    assert!(resolve_session(&db, &session).await.unwrap().is_none());
    assert!(app::features::tokens::service::resolve(&db, &token.token, Utc::now()).await.unwrap().is_none());
    assert_eq!(user_session::Entity::find().filter(user_session::Column::UserId.eq(fp.id)).count(&db).await.unwrap(), 0);
    assert!(api_token::Entity::find_by_id(token.id).one(&db).await.unwrap().unwrap().revoked_at.is_some());
    assert!(service::login(&db, "fp@gov.mz", "a long enough password", "10.4.4.5").await.is_err());
    service::set_active(&db, &sec, fp.id, true).await.unwrap();
    service::login(&db, "fp@gov.mz", "a long enough password", "10.4.4.5").await.unwrap();
    // Role and country changes, checked together.
    let form = |id: i32, role: &str, country: &str| AccountForm {
        id: id.to_string(),
        role: role.into(),
        country: country.into(),
        body: String::new(),
    };
    assert_eq!(fields(service::update_account(&db, &sec, &form(fp.id, "focal_point", "")).await.unwrap_err()), vec!["country"]);
    service::update_account(&db, &sec, &form(fp.id, "focal_point", "TZ")).await.unwrap();
    let moved = app_user::Entity::find_by_id(fp.id).one(&db).await.unwrap().unwrap();
    assert_eq!(moved.country_code.as_deref(), Some("TZ"));
    // The last active secretariat account cannot be deactivated or demoted...
    let last = vec![("id".to_string(), ErrorCode::LastSecretariat)];
    assert_eq!(codes(service::set_active(&db, &sec, sec.id, false).await.unwrap_err()), last);
    assert_eq!(
        codes(service::update_account(&db, &sec, &form(sec.id, "delegate", "")).await.unwrap_err()),
        vec![("role".to_string(), ErrorCode::LastSecretariat)]
    );
    // ...but can once there is another.
    service::update_account(&db, &sec, &form(fp.id, "secretariat", "")).await.unwrap();
    service::update_account(&db, &sec, &form(sec.id, "delegate", "")).await.unwrap();
    // A new invitation replaces the old link.
    let second = service::resend_invitation(&db, &sec, invited, URL).await.unwrap();
    assert!(matches!(service::invitation_email(&db, &first).await, Err(ServiceError::NotFound)));
    assert_eq!(service::invitation_email(&db, &second).await.unwrap(), "new@gov.zm");
    // Every change is in the audit log.
    for action in ["user.deactivate", "user.reactivate", "user.update", "user.invite_resend"] {
        assert!(audit_log::Entity::find().filter(audit_log::Column::Action.eq(action)).count(&db).await.unwrap() > 0, "{action}");
    }
}

#[tokio::test]
async fn signed_in_people_register_without_confirmation_and_change_or_cancel_until_the_deadline() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 10, 5, true).await;
    let me = user(&db, "asha@gov.tz", Role::Delegate, None).await;
    // The form starts from the account's details.
    let o = reg::overview(&db, Some(&me), mid, now()).await.unwrap();
    assert_eq!(o.prefill.unwrap().email, "asha@gov.tz");
    let r = reg::register(&db, Some(&me), &person(mid, "ASHA@gov.tz", "observer"), Lang::En, URL, now()).await.unwrap();
    assert_eq!((r.status, r.confirm_token), (RegistrationStatus::Pending, None), "no email confirmation for one's own address");
    // Someone else's address still needs its owner's confirmation.
    let other = reg::register(&db, Some(&me), &person(mid, "other@gov.tz", "observer"), Lang::En, URL, now()).await.unwrap();
    assert_eq!(other.status, RegistrationStatus::Unconfirmed);
    // Changed before the deadline (category, country and email stay as registered).
    let mine = reg::get_mine(&db, &me, r.id, now()).await.unwrap();
    assert!(mine.can_change);
    let change = RegistrationForm {
        id: r.id.to_string(),
        category: "head_of_delegation".into(),
        email: "x@y.org".into(),
        position: "Minister".into(),
        ..mine.form
    };
    reg::update_mine(&db, &me, &change, now()).await.unwrap();
    let row = app::ssr::entities::registration::Entity::find_by_id(r.id).one(&db).await.unwrap().unwrap();
    assert_eq!((row.position.as_str(), row.category.as_str(), row.email.as_str()), ("Minister", "observer", "asha@gov.tz"));
    // Nobody else's.
    let stranger = user(&db, "stranger@gov.tz", Role::Delegate, None).await;
    assert!(matches!(reg::get_mine(&db, &stranger, r.id, now()).await, Err(ServiceError::NotFound)));
    assert!(matches!(reg::cancel_mine(&db, &stranger, r.id, URL, now()).await, Err(ServiceError::NotFound)));
    // After the deadline (1 December 2026, 17:00 venue time): refused.
    let late = chrono::DateTime::parse_from_rfc3339("2026-12-01T15:00:00Z").unwrap().with_timezone(&Utc);
    assert!(!reg::get_mine(&db, &me, r.id, late).await.unwrap().can_change);
    assert_eq!(codes(reg::cancel_mine(&db, &me, r.id, URL, late).await.unwrap_err()), vec![("id".to_string(), ErrorCode::DeadlinePassed)]);
    // Cancelled before it: withdrawn, and the address may register again.
    reg::cancel_mine(&db, &me, r.id, URL, now()).await.unwrap();
    let row = app::ssr::entities::registration::Entity::find_by_id(r.id).one(&db).await.unwrap().unwrap();
    assert_eq!(row.status, RegistrationStatus::Withdrawn);
    let again = reg::register(&db, Some(&me), &person(mid, "asha@gov.tz", "observer"), Lang::En, URL, now()).await.unwrap();
    assert_ne!(again.id, r.id);
}

/// The given time in the registration window the support set-up opens (venue time).
fn now() -> chrono::DateTime<Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-15T10:00:00Z").unwrap().with_timezone(&Utc)
}

#[tokio::test]
async fn wrong_sign_ins_in_a_parallel_burst_are_counted_exactly() {
    let db = db().await;
    secretariat(&db).await;
    let mut tasks = Vec::new();
    for _ in 0..60 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move { service::login(&db, "sec@iom.example", "wrong password!", "10.9.9.9").await }));
    }
    let mut limited = 0;
    for t in tasks {
        if matches!(t.await.unwrap(), Err(ServiceError::TooManyRequests)) {
            limited += 1;
        }
    }
    let stored = app::ssr::entities::login_attempt::Entity::find().count(&db).await.unwrap();
    assert_eq!(stored, app::ssr::auth::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, "exactly the limit is stored");
    assert_eq!(limited, 60 - stored);
    // Sign-ins of the account from another address are slowed down, not refused.
    service::login(&db, "sec@iom.example", "a long enough password", "10.9.9.8").await.unwrap();
    // Control characters in the email never reach the database.
    assert_eq!(fields(service::login(&db, "sec@iom.example\u{1}", "x", "10.9.9.7").await.unwrap_err()), vec!["email"]);
}

#[tokio::test]
async fn a_self_registration_approved_by_the_secretariat_gets_an_account_and_delegate_rights() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 10, 5, true).await;
    // Anonymous, self-registered as an observer: confirms the address, then waits for approval.
    let r = reg::register(&db, None, &person(mid, "Amina@NGO.example", "observer"), Lang::Fr, URL, now()).await.unwrap();
    assert_eq!(r.status, RegistrationStatus::Unconfirmed);
    assert!(app_user::Entity::find().filter(app_user::Column::Email.eq("amina@ngo.example")).one(&db).await.unwrap().is_none());
    let (_, status) = reg::confirm(&db, r.confirm_token.as_deref().unwrap(), URL, now()).await.unwrap();
    assert_eq!(status, RegistrationStatus::Pending);
    assert!(
        app_user::Entity::find().filter(app_user::Column::Email.eq("amina@ngo.example")).one(&db).await.unwrap().is_none(),
        "no account before the secretariat decides"
    );
    // Approved: an account (delegate role, the registration's language, no password) and the
    // approval email carries a one-time link to choose a password.
    reg::decide(&db, &sec, &approval(mid, r.id), URL).await.unwrap();
    let account = app_user::Entity::find().filter(app_user::Column::Email.eq("amina@ngo.example")).one(&db).await.unwrap().unwrap();
    assert_eq!((account.role, account.password_hash.is_none(), account.locale.code()), (Role::Delegate, true, "fr"));
    let link = last_mail(&db, "amina@ngo.example").await["account_link"].as_str().unwrap().to_string();
    let token = token_of(&link);
    assert_eq!(account.reset_token_hash.as_deref(), Some(app::ssr::auth::hash_token(&token).as_str()));
    let (me, session) = service::reset_password(&db, &token, "a long enough password", "a long enough password", Utc::now()).await.unwrap();
    assert!(resolve_session(&db, &session).await.unwrap().is_some());
    // The approved participant reads what delegates read, not what is the secretariat's.
    let rights = app::ssr::access::reader_rights(&db, Some(&me), mid).await.unwrap();
    assert!(rights.delegate, "{rights:?}");
    assert!(rights.may_read(app::domain::Access::Delegates) && !rights.may_read(app::domain::Access::Secretariat), "{rights:?}");
}
