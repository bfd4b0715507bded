//! Registration trust (issue 16): who may claim to be a delegation, addresses that cannot be
//! squatted, limits that hold under a parallel burst, and text that cannot carry control
//! characters into either database.

use crate::support::*;
use app::domain::{ErrorCode, Lang, RegistrationStatus, Role};
use app::features::registration::service as reg;
use app::features::registration::types::{DecisionForm, RegistrationForm};
use app::ssr::entities::{audit_log, outbox, registration};
use app::ssr::ServiceError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-15T10:00:00Z").unwrap().with_timezone(&Utc)
}

fn person(mid: i32, email: &str, country: &str, category: &str) -> RegistrationForm {
    RegistrationForm {
        meeting_id: mid.to_string(),
        category: category.into(),
        country: country.into(),
        given_name: "Juma".into(),
        family_name: email.split('@').next().unwrap().into(),
        position: "Minister".into(),
        email: email.into(),
        ..Default::default()
    }
}

async fn self_register(db: &sea_orm::DatabaseConnection, form: &RegistrationForm, at: DateTime<Utc>) -> reg::Registered {
    let r = reg::register(db, None, form, Lang::En, URL, at).await.unwrap();
    if let Some(t) = &r.confirm_token {
        reg::confirm(db, t, URL, at).await.unwrap();
    }
    r
}

#[tokio::test]
async fn a_self_registration_claiming_a_delegation_gives_no_rights_until_confirmed() {
    let db = db().await;
    let sec = secretariat(&db).await;
    // No approval step: a confirmed self-registration is approved at once.
    let mid = open_meeting(&db, &sec, 50, 10, false).await;
    let fp = user(&db, "fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    let fp_mz = user(&db, "fp@gov.mz", Role::FocalPoint, Some("MZ")).await;
    let r = self_register(&db, &person(mid, "claimant@gov.tz", "TZ", "head_of_delegation"), now()).await;
    let row = registration::Entity::find_by_id(r.id).one(&db).await.unwrap().unwrap();
    assert_eq!((row.status.as_str(), row.delegation_confirmed), ("approved", false));
    // Signed in with that address: approved, but no delegate right of any kind.
    let claimant = user(&db, "claimant@gov.tz", Role::Delegate, None).await;
    assert!(!app::ssr::access::reader_rights(&db, Some(&claimant), mid).await.unwrap().delegate);
    assert!(!app::ssr::access::is_head_of_delegation(&db, &claimant, mid).await.unwrap());
    // The focal point is told it awaits their confirmation.
    let m = outbox::Entity::find().filter(outbox::Column::Recipient.eq("fp@gov.tz")).one(&db).await.unwrap().unwrap();
    assert!(m.payload.contains("\"self_registered\":true"), "{}", m.payload);
    // Another country's focal point may not confirm; Tanzania's may.
    assert!(matches!(reg::confirm_delegation(&db, &fp_mz, r.id).await, Err(ServiceError::Forbidden)));
    reg::confirm_delegation(&db, &fp, r.id).await.unwrap();
    assert!(app::ssr::access::reader_rights(&db, Some(&claimant), mid).await.unwrap().delegate);
    assert!(app::ssr::access::is_head_of_delegation(&db, &claimant, mid).await.unwrap());
    assert_eq!(
        audit_log::Entity::find().filter(audit_log::Column::Action.eq("registration.confirm_delegation")).count(&db).await.unwrap(),
        1
    );
    // Any category: approved by the set-up alone (no approval required), a place but no right,
    // until the secretariat approves it itself.
    let o = self_register(
        &db,
        &RegistrationForm { organisation: "A newspaper".into(), ..person(mid, "press@news.example", "", "observer") },
        now(),
    )
    .await;
    let press = user(&db, "press@news.example", Role::Delegate, None).await;
    assert_eq!(registration::Entity::find_by_id(o.id).one(&db).await.unwrap().unwrap().status, RegistrationStatus::Approved);
    assert!(!app::ssr::access::reader_rights(&db, Some(&press), mid).await.unwrap().delegate);
    let d = DecisionForm {
        meeting_id: mid.to_string(),
        ids: vec![o.id.to_string()],
        decision: "approve".into(),
        reason: String::new(),
        ..Default::default()
    };
    reg::decide(&db, &sec, &d, URL).await.unwrap();
    assert!(app::ssr::access::reader_rights(&db, Some(&press), mid).await.unwrap().delegate);
    assert_eq!(audit_log::Entity::find().filter(audit_log::Column::Action.eq("registration.vouch")).count(&db).await.unwrap(), 1);
}

#[tokio::test]
async fn an_unconfirmed_claim_to_a_delegation_is_not_listed_printed_or_admitted() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 50, 10, false).await;
    let fp = user(&db, "fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    let form = RegistrationForm { consent_list: Some("on".into()), ..person(mid, "claim@gov.tz", "TZ", "head_of_delegation") };
    let r = self_register(&db, &form, now()).await;
    assert!(reg::public_list(&db, None, mid).await.unwrap().is_empty());
    assert!(reg::badges(&db, &sec, mid, URL).await.unwrap().is_empty());
    let token = registration::Entity::find_by_id(r.id).one(&db).await.unwrap().unwrap().checkin_token;
    let at_the_door =
        app::features::registration::types::CheckInForm { meeting_id: mid.to_string(), token: token.clone(), ..Default::default() };
    assert_eq!(codes(reg::check_in(&db, &sec, &at_the_door).await.unwrap_err()), vec![("token".to_string(), ErrorCode::NotApproved)]);
    reg::confirm_delegation(&db, &fp, r.id).await.unwrap();
    assert_eq!(reg::public_list(&db, None, mid).await.unwrap().len(), 1);
    assert_eq!(reg::badges(&db, &sec, mid, URL).await.unwrap().len(), 1);
    assert!(reg::check_in(&db, &sec, &at_the_door).await.unwrap().newly);
    // A badge code with a NUL never reaches the database.
    let bad = app::features::registration::types::CheckInForm { meeting_id: mid.to_string(), token: "abc\0".into(), ..Default::default() };
    assert_eq!(codes(reg::check_in(&db, &sec, &bad).await.unwrap_err()), vec![("token".to_string(), ErrorCode::UnknownBadge)]);
}

#[tokio::test]
async fn the_secretariat_approving_a_claimed_place_confirms_it() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 50, 10, true).await;
    let r = self_register(&db, &person(mid, "adviser@gov.tz", "TZ", "adviser"), now()).await;
    let row = registration::Entity::find_by_id(r.id).one(&db).await.unwrap().unwrap();
    assert_eq!((row.status.as_str(), row.delegation_confirmed), ("pending", false));
    let d = DecisionForm {
        meeting_id: mid.to_string(),
        ids: vec![r.id.to_string()],
        decision: "approve".into(),
        reason: String::new(),
        ..Default::default()
    };
    reg::decide(&db, &sec, &d, URL).await.unwrap();
    let row = registration::Entity::find_by_id(r.id).one(&db).await.unwrap().unwrap();
    assert_eq!((row.status.as_str(), row.delegation_confirmed), ("approved", true));
}

#[tokio::test]
async fn a_delegation_has_one_head_per_meeting() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 50, 10, true).await;
    let fp = user(&db, "fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    let head = reg::register(&db, Some(&fp), &person(mid, "head@gov.tz", "TZ", "head_of_delegation"), Lang::En, URL, now()).await.unwrap();
    // A second nomination as head: refused on the category, nothing saved.
    let before = registration::Entity::find().count(&db).await.unwrap();
    let second = reg::register(&db, Some(&sec), &person(mid, "head2@gov.tz", "TZ", "head_of_delegation"), Lang::En, URL, now()).await;
    assert_eq!(codes(second.unwrap_err()), vec![("category".to_string(), ErrorCode::HeadOfDelegationTaken)]);
    assert_eq!(registration::Entity::find().count(&db).await.unwrap(), before);
    // Another country has its own head.
    reg::register(&db, Some(&sec), &person(mid, "head@gov.mz", "MZ", "head_of_delegation"), Lang::En, URL, now()).await.unwrap();
    // A self-registered claimant may ask, but cannot be confirmed or approved as a second head.
    let claim = self_register(&db, &person(mid, "claim@gov.tz", "TZ", "head_of_delegation"), now()).await;
    assert_eq!(
        codes(reg::confirm_delegation(&db, &fp, claim.id).await.unwrap_err()),
        vec![("id".to_string(), ErrorCode::HeadOfDelegationTaken)]
    );
    let d = DecisionForm {
        meeting_id: mid.to_string(),
        ids: vec![claim.id.to_string()],
        decision: "approve".into(),
        reason: String::new(),
        ..Default::default()
    };
    let refused = app::domain::Refusal { id: claim.id, why: app::domain::RefusalReason::HeadTaken };
    assert_eq!(
        codes(reg::decide(&db, &sec, &d, URL).await.unwrap_err()),
        vec![("ids".to_string(), ErrorCode::NotEligible { rows: vec![refused], eligible: vec![] })]
    );
    // Replacing the head frees the role for the nominee.
    let replacement = RegistrationForm { replaces: head.id.to_string(), ..person(mid, "newhead@gov.tz", "TZ", "head_of_delegation") };
    reg::register(&db, Some(&fp), &replacement, Lang::En, URL, now()).await.unwrap();
    // The database enforces it too (one confirmed active head per delegation and meeting).
    let res = registration::Entity::update_many()
        .col_expr(registration::Column::DelegationConfirmed, Expr::value(true))
        .col_expr(registration::Column::Status, Expr::value("pending"))
        .filter(registration::Column::Id.eq(claim.id))
        .exec(&db)
        .await;
    assert!(res.is_err(), "a second confirmed head is refused by the unique index");
}

#[tokio::test]
async fn an_address_cannot_be_squatted() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 50, 10, true).await;
    // Someone registers an address they do not own and never confirms it.
    let squat = reg::register(&db, None, &person(mid, "minister@gov.tz", "TZ", "head_of_delegation"), Lang::En, URL, now()).await.unwrap();
    // A new registration of the address replaces the unconfirmed one (nothing showed it was the
    // owner's): its link is dead, and the new one goes to the address.
    let owner = reg::register(&db, None, &person(mid, "minister@gov.tz", "TZ", "delegate"), Lang::En, URL, now() + Duration::hours(1))
        .await
        .unwrap();
    assert!(owner.confirm_token.is_some());
    assert!(registration::Entity::find_by_id(squat.id).one(&db).await.unwrap().is_none());
    assert!(matches!(reg::confirm(&db, squat.confirm_token.as_deref().unwrap(), URL, now()).await, Err(ServiceError::NotFound)));
    // Confirmed, the address is taken: the form answers the same, and the owner is told.
    reg::confirm(&db, owner.confirm_token.as_deref().unwrap(), URL, now() + Duration::hours(2)).await.unwrap();
    let again =
        reg::register(&db, None, &person(mid, "minister@gov.tz", "TZ", "head_of_delegation"), Lang::En, URL, now() + Duration::hours(3))
            .await
            .unwrap();
    assert_eq!((again.status, again.confirm_token.is_some()), (RegistrationStatus::Unconfirmed, false));
    let kinds: Vec<String> = outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq("minister@gov.tz"))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.kind)
        .collect();
    assert_eq!(kinds, vec!["registration_confirm", "registration_confirm", "registration_status", "registration_exists"]);
    // A confirmation link dies after 48 hours.
    let late_one = reg::register(&db, None, &person(mid, "late@gov.tz", "TZ", "delegate"), Lang::En, URL, now()).await.unwrap();
    let expired = reg::confirm(&db, late_one.confirm_token.as_deref().unwrap(), URL, now() + Duration::hours(49)).await.unwrap_err();
    assert_eq!(codes(expired), vec![("token".to_string(), ErrorCode::LinkExpired)]);
    // The worker removes the ones nobody replaced.
    let stale = reg::register(&db, None, &person(mid, "stale@gov.tz", "TZ", "delegate"), Lang::En, URL, now()).await.unwrap();
    assert_eq!(reg::expire_unconfirmed(&db, now() + Duration::hours(49)).await.unwrap(), 2);
    assert!(registration::Entity::find_by_id(stale.id).one(&db).await.unwrap().is_none());
    // A rejected or withdrawn person may register again.
    let r = self_register(&db, &person(mid, "again@gov.tz", "TZ", "delegate"), now()).await;
    let d = DecisionForm {
        meeting_id: mid.to_string(),
        ids: vec![r.id.to_string()],
        decision: "reject".into(),
        reason: "Wrong meeting".into(),
        ..Default::default()
    };
    reg::decide(&db, &sec, &d, URL).await.unwrap();
    let second = reg::register(&db, None, &person(mid, "again@gov.tz", "TZ", "delegate"), Lang::En, URL, now()).await.unwrap();
    assert!(second.confirm_token.is_some(), "a new registration, not the answer for a known address");
    reg::withdraw(&db, &sec, second.id, URL).await.ok();
}

#[tokio::test]
async fn a_parallel_burst_from_one_address_stores_exactly_the_limit() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 500, 500, true).await;
    let mut tasks = Vec::new();
    for n in 0..60 {
        let db = db.clone();
        let form = person(mid, &format!("burst{n}@gov.tz"), "TZ", "delegate");
        tasks.push(tokio::spawn(async move { reg::register_from(&db, None, &form, Lang::En, URL, now(), Some("192.0.2.7")).await }));
    }
    let mut limited = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => {}
            Err(ServiceError::TooManyRequests) => limited += 1,
            Err(e) => panic!("{e:?}"),
        }
    }
    let stored = registration::Entity::find().count(&db).await.unwrap();
    assert_eq!(stored, reg::SELF_REGISTRATIONS_PER_IP_HOUR, "exactly the limit is stored");
    assert_eq!(limited, 60 - stored);
    // Another address is not affected.
    reg::register_from(&db, None, &person(mid, "other@gov.tz", "TZ", "delegate"), Lang::En, URL, now(), Some("192.0.2.8")).await.unwrap();
}

#[tokio::test]
async fn control_characters_are_refused_on_the_field_and_nothing_is_saved() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 50, 10, true).await;
    for (field, bad) in
        [("given_name", "Ju\0ma"), ("family_name", "Mwa\u{1b}[31mkyusa"), ("dietary", "none\u{7}"), ("position", "Minister\u{85}")]
    {
        let mut f = person(mid, "nul@gov.tz", "TZ", "delegate");
        match field {
            "given_name" => f.given_name = bad.into(),
            "family_name" => f.family_name = bad.into(),
            "dietary" => f.dietary = bad.into(),
            _ => f.position = bad.into(),
        }
        let err = reg::register(&db, Some(&sec), &f, Lang::En, URL, now()).await.unwrap_err();
        assert_eq!(codes(err), vec![(field.to_string(), ErrorCode::ControlCharacters)], "{field}");
    }
    assert_eq!(registration::Entity::find().count(&db).await.unwrap(), 0);
    // Elsewhere too: a meeting's title, a paper's Markdown, a speaker line.
    let mut m = meeting_form();
    m.title = "MIDSA\0".into();
    assert_eq!(fields(app::features::meetings::service::create(&db, &sec, &m).await.unwrap_err()), vec!["title"]);
    let paper = app::features::papers::types::PaperForm {
        meeting_id: mid.to_string(),
        lang: "en".into(),
        access: "public".into(),
        title: "Brief".into(),
        body: "Text\0".into(),
        ..Default::default()
    };
    assert_eq!(fields(app::features::papers::service::save(&db, &sec, &paper).await.unwrap_err()), vec!["body"]);
}
