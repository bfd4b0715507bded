use crate::support::*;
use app::domain::{ErrorCode, FieldError, RefusalReason, RegistrationStatus, Role};
use app::features::auth::types::CurrentUser;
use app::features::registration::service::{self, Registered};
use app::features::registration::types::{DecisionForm, RegistrationForm, SettingsForm};
use app::ssr::entities::{audit_log, outbox, registration, registration_settings};
use app::ssr::ServiceError;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::HashSet;

fn now() -> DateTime<Utc> {
    "2026-11-20T12:00:00Z".parse().unwrap()
}

fn person(mid: i32, email: &str, country: &str, category: &str) -> RegistrationForm {
    RegistrationForm {
        meeting_id: mid.to_string(),
        category: category.into(),
        country: country.into(),
        given_name: "Amina".into(),
        family_name: email.split('@').next().unwrap().into(),
        position: "Director of Immigration".into(),
        email: email.into(),
        passport_number: "TZ123456".into(),
        consent_list: Some("on".into()),
        ..Default::default()
    }
}

async fn status_of(db: &DatabaseConnection, id: i32) -> RegistrationStatus {
    let r = registration::Entity::find_by_id(id).one(db).await.unwrap().unwrap();
    r.status
}

async fn mail_kinds(db: &DatabaseConnection, to: &str) -> Vec<String> {
    outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(to))
        .order_by_asc(outbox::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| {
            let p: serde_json::Value = serde_json::from_str(&m.payload).unwrap();
            match p.get("status").and_then(|s| s.as_str()) {
                Some(s) => format!("{}:{s}", m.kind),
                None => m.kind,
            }
        })
        .collect()
}

async fn self_register(db: &DatabaseConnection, form: &RegistrationForm) -> Result<Registered, ServiceError> {
    service::register(db, None, form, app::domain::Lang::Fr, URL, now()).await
}

#[tokio::test]
async fn settings_are_validated_and_only_for_the_secretariat() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = meeting(&db, &sec).await;
    let bad = SettingsForm {
        opens_at: "2026-12-01T08:00".into(),
        closes_at: "2026-11-01T08:00".into(),
        capacity: "0".into(),
        quota: "lots".into(),
        cat_head_of_delegation: None,
        cat_delegate: None,
        cat_adviser: None,
        cat_observer: None,
        cat_partner_organisation: None,
        ..settings_form(mid, 1, 1, true)
    };
    assert_eq!(
        fields(service::save_settings(&db, &sec, &bad, URL).await.unwrap_err()),
        vec!["closes_at", "capacity", "quota", "categories"]
    );
    assert_eq!(registration_settings::Entity::find().count(&db).await.unwrap(), 0);
    let fp = user(&db, "fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    assert!(matches!(service::save_settings(&db, &fp, &settings_form(mid, 10, 2, true), URL).await, Err(ServiceError::Forbidden)));
    service::save_settings(&db, &sec, &settings_form(mid, 10, 2, true), URL).await.unwrap();
    let s = registration_settings::Entity::find_by_id(mid).one(&db).await.unwrap().unwrap();
    // Venue time (Dar es Salaam, UTC+3) stored as UTC.
    assert_eq!(s.opens_at.to_rfc3339(), "2026-11-01T05:00:00+00:00");
    // A stale version is a conflict, not a silent overwrite.
    let stale = SettingsForm { version: "7".into(), ..settings_form(mid, 20, 2, true) };
    assert!(matches!(service::save_settings(&db, &sec, &stale, URL).await, Err(ServiceError::Conflict(_))));
    let log = audit_log::Entity::find().filter(audit_log::Column::Action.eq("registration.settings")).count(&db).await.unwrap();
    assert_eq!(log, 1);
}

#[tokio::test]
async fn self_registration_counts_once_the_email_is_confirmed() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 10, 5, true).await;
    let fp = user(&db, "fp@mz.example", Role::FocalPoint, Some("MZ")).await;
    let r = self_register(&db, &person(mid, "Ana@Gov.MZ", "MZ", "delegate")).await.unwrap();
    assert_eq!(r.status, RegistrationStatus::Unconfirmed);
    assert_eq!(mail_kinds(&db, "ana@gov.mz").await, vec!["registration_confirm"]);
    let overview = service::overview(&db, None, mid, now()).await.unwrap();
    assert_eq!((overview.taken, overview.is_open), (0, true), "unconfirmed registrations hold no place");
    // Registered again (case-insensitively) before it is confirmed: the new registration
    // replaces the unconfirmed one (nothing showed it was the owner's), with a new link.
    let again = self_register(&db, &person(mid, "ana@gov.mz", "MZ", "delegate")).await.unwrap();
    assert_eq!((again.status, again.confirm_token.is_some()), (RegistrationStatus::Unconfirmed, true));
    assert_eq!(registration::Entity::find().count(&db).await.unwrap(), 1);
    assert!(matches!(service::confirm(&db, r.confirm_token.as_deref().unwrap(), URL, now()).await, Err(ServiceError::NotFound)));
    assert!(matches!(service::confirm(&db, "not-a-token", URL, now()).await, Err(ServiceError::NotFound)));
    let token = again.confirm_token.unwrap();
    assert_eq!(service::confirm(&db, &token, URL, now()).await.unwrap(), (mid, RegistrationStatus::Pending));
    // Confirming twice changes nothing.
    assert_eq!(service::confirm(&db, &token, URL, now()).await.unwrap(), (mid, RegistrationStatus::Pending));
    // Once confirmed, the address cannot register twice; the form answers as for a new
    // registration (so nobody learns whether an address is registered) and the owner is told.
    let third = self_register(&db, &person(mid, "ana@gov.mz", "MZ", "delegate")).await.unwrap();
    assert_eq!((third.status, third.confirm_token.is_none()), (RegistrationStatus::Unconfirmed, true));
    assert_eq!(registration::Entity::find().count(&db).await.unwrap(), 1);
    assert_eq!(
        mail_kinds(&db, "ana@gov.mz").await,
        vec!["registration_confirm", "registration_confirm", "registration_status:pending", "registration_exists:pending"]
    );
    // Mozambique's focal point hears of the new member of the delegation.
    assert_eq!(mail_kinds(&db, &fp.email).await, vec!["registration_nomination"]);
    let m = outbox::Entity::find().filter(outbox::Column::Recipient.eq("ana@gov.mz")).one(&db).await.unwrap().unwrap();
    assert_eq!(m.locale, app::domain::Lang::Fr, "mail follows the language the person registered in");
    assert_eq!(service::overview(&db, None, mid, now()).await.unwrap().taken, 1);
}

#[tokio::test]
async fn registration_validates_every_field_and_saves_nothing() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 10, 5, true).await;
    let bad = RegistrationForm {
        category: "media".into(), // not offered by this meeting
        country: "KE".into(),
        given_name: " ".into(),
        email: "ana@".into(),
        phone: "call me".into(),
        arrival: "2026-12-09".into(),
        departure: "2026-12-08".into(),
        passport_expiry: "2026-12-01".into(),
        ..person(mid, "x@y.org", "TZ", "delegate")
    };
    let err = self_register(&db, &bad).await.unwrap_err();
    assert_eq!(fields(err), vec!["category", "country", "given_name", "email", "phone", "departure", "passport_expiry"]);
    let no_org = RegistrationForm { country: "".into(), ..person(mid, "obs@un.org", "", "observer") };
    assert_eq!(fields(self_register(&db, &no_org).await.unwrap_err()), vec!["organisation"]);
    let no_country = person(mid, "d@gov.org", "", "delegate");
    assert_eq!(fields(self_register(&db, &no_country).await.unwrap_err()), vec!["country"]);
    assert_eq!(registration::Entity::find().count(&db).await.unwrap(), 0);
    assert_eq!(outbox::Entity::find().count(&db).await.unwrap(), 0);
}

#[tokio::test]
async fn registration_is_refused_outside_the_window_or_status() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 10, 5, true).await;
    let late: DateTime<Utc> = "2026-12-01T15:00:00Z".parse().unwrap(); // 18:00 in Dar es Salaam
    let err = service::register(&db, None, &person(mid, "late@gov.tz", "TZ", "delegate"), app::domain::Lang::En, URL, late).await;
    assert_eq!(fields(err.unwrap_err()), vec!["meeting_id"]);
    let not_set_up = meeting(&db, &sec).await;
    assert!(
        matches!(self_register(&db, &person(not_set_up, "a@gov.tz", "TZ", "delegate")).await, Err(ServiceError::NotFound)),
        "drafts are hidden"
    );
    // The secretariat may still register someone after the deadline.
    let r =
        service::register(&db, Some(&sec), &person(mid, "late@gov.tz", "TZ", "delegate"), app::domain::Lang::En, URL, late).await.unwrap();
    assert_eq!(r.status, RegistrationStatus::Pending);
}

#[tokio::test]
async fn focal_points_nominate_replace_and_withdraw_only_their_own_delegation() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 100, 2, false).await;
    let fp = user(&db, "fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    let fp_mz = user(&db, "fp@mz.example", Role::FocalPoint, Some("MZ")).await;
    let delegate = user(&db, "someone@gov.tz", Role::Delegate, None).await;
    let nominate = |form: RegistrationForm, who: CurrentUser| {
        let db = db.clone();
        async move { service::register(&db, Some(&who), &form, app::domain::Lang::En, URL, now()).await }
    };
    let head = nominate(person(mid, "head@gov.tz", "TZ", "head_of_delegation"), fp.clone()).await.unwrap();
    assert_eq!(head.status, RegistrationStatus::Approved, "nominations count at once; no approval required here");
    assert!(head.confirm_token.is_none());
    assert!(matches!(nominate(person(mid, "x@gov.mz", "MZ", "delegate"), fp.clone()).await, Err(ServiceError::Forbidden)));
    assert!(matches!(nominate(person(mid, "x@un.org", "TZ", "observer"), fp.clone()).await, Err(ServiceError::Forbidden)));
    let second = nominate(person(mid, "second@gov.tz", "TZ", "delegate"), fp.clone()).await.unwrap();
    // Quota of 2: the third goes to the waiting list.
    let third = nominate(person(mid, "third@gov.tz", "TZ", "adviser"), fp.clone()).await.unwrap();
    assert_eq!(third.status, RegistrationStatus::Waitlisted);
    // Another focal point sees nothing of Tanzania's delegation and cannot withdraw from it.
    assert!(matches!(service::delegation(&db, &fp_mz, mid, "TZ".parse_country()).await, Err(ServiceError::Forbidden)));
    assert!(matches!(service::withdraw(&db, &fp_mz, second.id, URL).await, Err(ServiceError::Forbidden)));
    assert!(matches!(service::withdraw(&db, &delegate, second.id, URL).await, Err(ServiceError::Forbidden)));
    let rows = service::delegation(&db, &fp, mid, "TZ".parse_country()).await.unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].id, head.id, "head of delegation first");
    assert!(rows.iter().all(|r| r.passport.is_none()), "passport details are for the secretariat only");
    assert_eq!(service::delegation(&db, &sec, mid, "TZ".parse_country()).await.unwrap()[0].passport.as_ref().unwrap().number, "TZ123456");
    // Replacing the second delegate frees their place for the nominee, ahead of the waiting list.
    let replacement = RegistrationForm { replaces: second.id.to_string(), ..person(mid, "new@gov.tz", "TZ", "delegate") };
    let new = nominate(replacement, fp.clone()).await.unwrap();
    assert_eq!(new.status, RegistrationStatus::Approved);
    assert_eq!(status_of(&db, second.id).await, RegistrationStatus::Withdrawn);
    assert_eq!(status_of(&db, third.id).await, RegistrationStatus::Waitlisted);
    // Withdrawing the head lets the adviser off the waiting list, with an email.
    service::withdraw(&db, &fp, head.id, URL).await.unwrap();
    assert_eq!(status_of(&db, third.id).await, RegistrationStatus::Approved);
    assert_eq!(mail_kinds(&db, "third@gov.tz").await, vec!["registration_status:waitlisted", "registration_status:promoted"]);
    assert_eq!(mail_kinds(&db, "head@gov.tz").await, vec!["registration_status:approved", "registration_status:withdrawn"]);
    // Withdrawn twice is refused, and changes nothing.
    assert_eq!(fields(service::withdraw(&db, &fp, head.id, URL).await.unwrap_err()), vec!["id"]);
    // The nominating focal point is not emailed about their own nomination; the other is not either (other country).
    assert!(mail_kinds(&db, &fp.email).await.is_empty());
    assert!(mail_kinds(&db, &fp_mz.email).await.is_empty());
}

fn refusals(e: ServiceError) -> (Vec<(i32, RefusalReason)>, Vec<i32>) {
    match e {
        ServiceError::Validation(f) => match &f.0[..] {
            [FieldError { field, code: ErrorCode::NotEligible { rows, eligible }, .. }] if field == "ids" => {
                (rows.iter().map(|r| (r.id, r.why)).collect(), eligible.clone())
            }
            other => panic!("expected one refusal of ids, got {other:?}"),
        },
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// A ticked row that cannot take the decision (email not confirmed, a second head, already
/// decided) is named with why and nothing changes; confirmed, the others are decided alone.
#[tokio::test]
async fn a_bulk_approval_names_the_rows_it_cannot_approve_and_approves_the_rest_when_confirmed() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 20, 10, true).await;
    let confirmed = |email: &'static str, country: &'static str, category: &'static str| {
        let db = db.clone();
        async move {
            let r = self_register(&db, &person(mid, email, country, category)).await.unwrap();
            service::confirm(&db, &r.confirm_token.unwrap(), URL, now()).await.unwrap();
            r.id
        }
    };
    let ok = confirmed("ok@gov.tz", "TZ", "delegate").await;
    let head1 = confirmed("head1@gov.mz", "MZ", "head_of_delegation").await;
    let head2 = confirmed("head2@gov.mz", "MZ", "head_of_delegation").await;
    let unconfirmed = self_register(&db, &person(mid, "late@gov.za", "ZA", "delegate")).await.unwrap().id;
    let ticked = [ok, head1, unconfirmed, head2];
    let mut form = DecisionForm {
        meeting_id: mid.to_string(),
        ids: ticked.iter().map(|i| i.to_string()).collect(),
        decision: "approve".into(),
        ..Default::default()
    };
    use RegistrationStatus::*;
    let (refused, eligible) = refusals(service::decide(&db, &sec, &form, URL).await.unwrap_err());
    assert_eq!(refused, vec![(head2, RefusalReason::HeadTaken), (unconfirmed, RefusalReason::EmailNotConfirmed)]);
    assert_eq!(eligible, vec![ok, head1]);
    for id in ticked {
        assert_ne!(status_of(&db, id).await, Approved, "nothing approved before the secretariat confirms");
    }
    // The page's confirmation sends the same ticks with `skip_refused`.
    form.skip_refused = true;
    assert_eq!(service::decide(&db, &sec, &form, URL).await.unwrap(), 2);
    assert_eq!(
        [status_of(&db, ok).await, status_of(&db, head1).await, status_of(&db, head2).await, status_of(&db, unconfirmed).await],
        [Approved, Approved, Pending, Unconfirmed]
    );
    // Nothing left that can take it: still refused, even confirmed.
    form.ids = vec![head2.to_string(), unconfirmed.to_string()];
    let (refused, eligible) = refusals(service::decide(&db, &sec, &form, URL).await.unwrap_err());
    assert_eq!(refused.len(), 2);
    assert!(eligible.is_empty());
    // Rejecting is refused only for rows already rejected or withdrawn.
    let reject = DecisionForm { decision: "reject".into(), reason: "Not nominated".into(), ids: vec![head2.to_string()], ..form };
    assert_eq!(service::decide(&db, &sec, &reject, URL).await.unwrap(), 1);
    let (refused, _) = refusals(service::decide(&db, &sec, &reject, URL).await.unwrap_err());
    assert_eq!(refused, vec![(head2, RefusalReason::Status(Rejected))]);
}

#[tokio::test]
async fn secretariat_approves_in_bulk_and_rejections_promote_the_waiting_list_in_order() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 3, 10, true).await;
    let mut ids = vec![];
    for (i, c) in ["TZ", "MZ", "ZA", "BW", "NA"].iter().enumerate() {
        let r = self_register(&db, &person(mid, &format!("p{i}@gov.org"), c, "delegate")).await.unwrap();
        let (_, st) = service::confirm(&db, &r.confirm_token.unwrap(), URL, now()).await.unwrap();
        ids.push((r.id, st));
    }
    let statuses: Vec<_> = ids.iter().map(|(_, s)| *s).collect();
    use RegistrationStatus::*;
    assert_eq!(statuses, vec![Pending, Pending, Pending, Waitlisted, Waitlisted]);
    let form = |decision: &str, which: &[i32], reason: &str| DecisionForm {
        meeting_id: mid.to_string(),
        ids: which.iter().map(|i| i.to_string()).collect(),
        decision: decision.into(),
        reason: reason.into(),
        ..Default::default()
    };
    let fp = user(&db, "fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    assert!(matches!(service::decide(&db, &fp, &form("approve", &[ids[0].0], ""), URL).await, Err(ServiceError::Forbidden)));
    assert_eq!(fields(service::decide(&db, &sec, &form("reject", &[ids[0].0], ""), URL).await.unwrap_err()), vec!["reason"]);
    assert_eq!(fields(service::decide(&db, &sec, &form("maybe", &[ids[0].0], ""), URL).await.unwrap_err()), vec!["decision"]);
    assert_eq!(service::decide(&db, &sec, &form("approve", &[ids[0].0, ids[1].0], ""), URL).await.unwrap(), 2);
    assert_eq!(status_of(&db, ids[0].0).await, Approved);
    // A batch with one registration that cannot be approved changes nothing, and names it.
    assert_eq!(
        refusals(service::decide(&db, &sec, &form("approve", &[ids[2].0, ids[0].0], ""), URL).await.unwrap_err()),
        (vec![(ids[0].0, RefusalReason::Status(Approved))], vec![ids[2].0])
    );
    assert_eq!(status_of(&db, ids[2].0).await, Pending);
    // Rejecting one frees a place: the first on the waiting list moves up, the second waits.
    service::decide(&db, &sec, &form("reject", &[ids[2].0], "Not a member of the delegation"), URL).await.unwrap();
    assert_eq!(status_of(&db, ids[3].0).await, Pending);
    assert_eq!(status_of(&db, ids[4].0).await, Waitlisted);
    let rejected = registration::Entity::find_by_id(ids[2].0).one(&db).await.unwrap().unwrap();
    assert_eq!(rejected.reason, "Not a member of the delegation");
    assert_eq!(mail_kinds(&db, "p2@gov.org").await.last().unwrap(), "registration_status:rejected");
    assert_eq!(mail_kinds(&db, "p3@gov.org").await.last().unwrap(), "registration_status:promoted");
    // Raising the capacity promotes the rest.
    let s = registration_settings::Entity::find_by_id(mid).one(&db).await.unwrap().unwrap();
    let bigger = SettingsForm { version: s.version.to_string(), ..settings_form(mid, 10, 10, true) };
    service::save_settings(&db, &sec, &bigger, URL).await.unwrap();
    assert_eq!(status_of(&db, ids[4].0).await, Pending);
}

#[tokio::test]
async fn personal_data_is_shown_only_to_those_allowed() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 10, 5, false).await;
    let nominate = |email: &str, consent: bool| {
        let form = RegistrationForm { consent_list: consent.then(|| "on".into()), ..person(mid, email, "TZ", "delegate") };
        let (db, sec) = (db.clone(), sec.clone());
        async move { service::register(&db, Some(&sec), &form, app::domain::Lang::En, URL, now()).await.unwrap() }
    };
    nominate("shown@gov.tz", true).await;
    nominate("hidden@gov.tz", false).await;
    let public = service::public_list(&db, None, mid).await.unwrap();
    assert_eq!(public.len(), 1);
    assert_eq!(public[0].name, "Amina shown");
    let fp = user(&db, "fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    let delegate = user(&db, "d@gov.tz", Role::Delegate, None).await;
    for who in [&fp, &delegate] {
        assert!(matches!(service::list_all(&db, who, mid).await, Err(ServiceError::Forbidden)));
        assert!(matches!(service::export_csv(&db, who, mid).await, Err(ServiceError::Forbidden)));
    }
    let csv = service::export_csv(&db, &sec, mid).await.unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), 3);
    assert!(csv.contains("\"hidden@gov.tz\"") && csv.contains("\"TZ123456\""));
}

/// At least 500 simultaneous registrations at a meeting with 100 places: no overbooking, no
/// duplicate, nothing lost. Some requests reuse an email, so duplicates are attempted too.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_simultaneous_registrations_never_overbook() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 100, 10_000, false).await;
    let countries = ["AO", "BW", "KM", "CD", "SZ", "LS", "MG", "MW", "MU", "MZ", "NA", "SC", "ZA", "TZ", "ZM", "ZW"];
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..540 {
        // 40 requests repeat an earlier email.
        let n = if i >= 500 { i - 500 } else { i };
        let form = person(mid, &format!("delegate{n}@gov.example"), countries[n % 16], "delegate");
        let (db, sec) = (db.clone(), sec.clone());
        tasks.spawn(async move { service::register(&db, Some(&sec), &form, app::domain::Lang::En, URL, now()).await });
    }
    let (mut ok, mut duplicates) = (0, 0);
    while let Some(res) = tasks.join_next().await {
        match res.unwrap() {
            Ok(_) => ok += 1,
            Err(ServiceError::Validation(f)) if f.0.iter().all(|e| e.code == app::domain::ErrorCode::AlreadyRegistered) => duplicates += 1,
            Err(other) => panic!("a registration was lost: {other:?}"),
        }
    }
    assert_eq!((ok, duplicates), (500, 40));
    let rows = registration::Entity::find().filter(registration::Column::MeetingId.eq(mid)).all(&db).await.unwrap();
    assert_eq!(rows.len(), 500);
    let emails: HashSet<_> = rows.iter().map(|r| r.email.clone()).collect();
    assert_eq!(emails.len(), 500, "no duplicate");
    let approved = rows.iter().filter(|r| r.status == RegistrationStatus::Approved).count();
    let waitlisted = rows.iter().filter(|r| r.status == RegistrationStatus::Waitlisted).count();
    assert_eq!((approved, waitlisted), (100, 400), "exactly the capacity, the rest waiting");
}

trait ParseCountry {
    fn parse_country(&self) -> app::domain::CountryCode;
}

impl ParseCountry for str {
    fn parse_country(&self) -> app::domain::CountryCode {
        app::domain::CountryCode::parse("country", self).unwrap()
    }
}

#[tokio::test]
async fn badges_and_check_in() {
    use app::features::registration::types::CheckInForm;
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 10, 5, true).await;
    let reg = |email: &'static str| {
        let (db, sec) = (db.clone(), sec.clone());
        async move {
            service::register(&db, Some(&sec), &person(mid, email, "TZ", "delegate"), app::domain::Lang::En, URL, now()).await.unwrap()
        }
    };
    let approved = reg("in@gov.tz").await;
    let pending = reg("wait@gov.tz").await;
    let decision = DecisionForm {
        meeting_id: mid.to_string(),
        ids: vec![approved.id.to_string()],
        decision: "approve".into(),
        reason: String::new(),
        ..Default::default()
    };
    service::decide(&db, &sec, &decision, URL).await.unwrap();
    let badges = service::badges(&db, &sec, mid, URL).await.unwrap();
    assert_eq!(badges.len(), 1, "badges for approved participants only");
    assert!(badges[0].qr_svg.starts_with("<?xml") && badges[0].qr_svg.contains("<svg"));
    let token = badges[0].token.clone();
    let fp = user(&db, "fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    assert!(matches!(service::badges(&db, &fp, mid, URL).await, Err(ServiceError::Forbidden)));
    let form = |token: &str, id: &str| CheckInForm { meeting_id: mid.to_string(), token: token.into(), id: id.into() };
    assert!(matches!(service::check_in(&db, &fp, &form(&token, "")).await, Err(ServiceError::Forbidden)));
    assert_eq!(fields(service::check_in(&db, &sec, &form("nonsense", "")).await.unwrap_err()), vec!["token"]);
    assert_eq!(fields(service::check_in(&db, &sec, &form("", "")).await.unwrap_err()), vec!["token"]);
    assert_eq!(fields(service::check_in(&db, &sec, &form("", &pending.id.to_string())).await.unwrap_err()), vec!["token"]);
    // A scanned link works as well as the bare token.
    let link = service::checkin_link(URL, mid, &token);
    let first = service::check_in(&db, &sec, &form(&link, "")).await.unwrap();
    assert!(first.newly && first.name == "Amina in");
    let again = service::check_in(&db, &sec, &form("", &approved.id.to_string())).await.unwrap();
    assert!(!again.newly, "checking in twice changes nothing");
    let rows = service::search_participants(&db, &sec, mid, "AMINA").await.unwrap();
    assert_eq!(rows.len(), 1, "only approved participants are found");
    assert!(rows[0].checked_in && rows[0].email.is_empty());
    let checkins = audit_log::Entity::find().filter(audit_log::Column::Action.eq("registration.checkin")).count(&db).await.unwrap();
    assert_eq!(checkins, 1);
}

#[tokio::test]
async fn the_personal_page_and_the_private_calendar_feed() {
    use app::features::registration::personal;
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 10, 5, true).await;
    let other = open_meeting(&db, &sec, 10, 5, true).await;
    let me = user(&db, "ana@gov.tz", Role::Delegate, None).await;
    let nominate = |m: i32| {
        let (db, sec) = (db.clone(), sec.clone());
        async move {
            service::register(&db, Some(&sec), &person(m, "ana@gov.tz", "TZ", "delegate"), app::domain::Lang::En, URL, now()).await.unwrap()
        }
    };
    let approved = nominate(mid).await;
    nominate(other).await; // stays pending
    let decision = DecisionForm {
        meeting_id: mid.to_string(),
        ids: vec![approved.id.to_string()],
        decision: "approve".into(),
        reason: String::new(),
        ..Default::default()
    };
    service::decide(&db, &sec, &decision, URL).await.unwrap();
    let page = personal::my_page(&db, &me, URL, chrono::Utc::now()).await.unwrap();
    assert_eq!(page.registrations.len(), 2, "matched by the account's email, case-insensitively");
    assert!(page.feed_created.is_none());
    let token = personal::create_feed(&db, &me).await.unwrap();
    let (_, meetings) = personal::feed_meetings(&db, &token).await.unwrap();
    assert_eq!(meetings, vec![mid], "the feed holds approved registrations only");
    // Replacing the link revokes the old one.
    let newer = personal::create_feed(&db, &me).await.unwrap();
    assert!(matches!(personal::feed_meetings(&db, &token).await, Err(ServiceError::NotFound)));
    assert!(personal::my_page(&db, &me, URL, chrono::Utc::now()).await.unwrap().feed_created.is_some());
    personal::revoke_feed(&db, &me).await.unwrap();
    assert!(matches!(personal::feed_meetings(&db, &newer).await, Err(ServiceError::NotFound)));
    assert!(matches!(personal::revoke_feed(&db, &me).await, Err(ServiceError::NotFound)));
    let actions = audit_log::Entity::find().filter(audit_log::Column::Action.starts_with("feed.")).count(&db).await.unwrap();
    assert_eq!(actions, 3);
    // Someone else's page shows none of it.
    let stranger = user(&db, "x@gov.mz", Role::Delegate, None).await;
    assert!(personal::my_page(&db, &stranger, URL, chrono::Utc::now()).await.unwrap().registrations.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_are_queued_once_shortly_before_the_meeting() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 10, 5, true).await; // starts 2026-12-08 in Dar es Salaam
    let reg = |email: &'static str| {
        let (db, sec) = (db.clone(), sec.clone());
        async move {
            service::register(&db, Some(&sec), &person(mid, email, "TZ", "delegate"), app::domain::Lang::Pt, URL, now()).await.unwrap()
        }
    };
    let a = reg("a@gov.tz").await;
    let b = reg("b@gov.tz").await;
    reg("pending@gov.tz").await;
    let decision = DecisionForm {
        meeting_id: mid.to_string(),
        ids: vec![a.id.to_string(), b.id.to_string()],
        decision: "approve".into(),
        reason: String::new(),
        ..Default::default()
    };
    service::decide(&db, &sec, &decision, URL).await.unwrap();
    let early: DateTime<Utc> = "2026-12-01T09:00:00Z".parse().unwrap();
    assert_eq!(service::queue_reminders(&db, early, URL).await.unwrap(), 0, "a week before: not yet");
    // Two days before, two instances at once: each approved participant is reminded once.
    let due: DateTime<Utc> = "2026-12-06T09:00:00Z".parse().unwrap();
    let (x, y) = tokio::join!(service::queue_reminders(&db, due, URL), service::queue_reminders(&db, due, URL));
    assert_eq!(x.unwrap() + y.unwrap(), 2);
    assert_eq!(service::queue_reminders(&db, due, URL).await.unwrap(), 0, "never twice");
    assert_eq!(mail_kinds(&db, "a@gov.tz").await.last().unwrap(), "registration_status:reminder");
    assert!(!mail_kinds(&db, "pending@gov.tz").await.iter().any(|k| k.ends_with("reminder")));
    let after: DateTime<Utc> = "2026-12-11T09:00:00Z".parse().unwrap();
    let c = reg("late@gov.tz").await;
    let decision = DecisionForm {
        meeting_id: mid.to_string(),
        ids: vec![c.id.to_string()],
        decision: "approve".into(),
        reason: String::new(),
        ..Default::default()
    };
    service::decide(&db, &sec, &decision, URL).await.unwrap();
    assert_eq!(service::queue_reminders(&db, after, URL).await.unwrap(), 0, "not after the meeting has started");
}

#[tokio::test]
async fn the_secretariat_sees_every_delegation_with_its_head() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 10, 5, true).await;
    for (email, country, category) in
        [("h@gov.tz", "TZ", "head_of_delegation"), ("d@gov.tz", "TZ", "delegate"), ("d@gov.mz", "MZ", "delegate")]
    {
        service::register(&db, Some(&sec), &person(mid, email, country, category), app::domain::Lang::En, URL, now()).await.unwrap();
    }
    let all = service::delegations_overview(&db, &sec, mid).await.unwrap();
    assert_eq!(all.len(), 16);
    let tz = all.iter().find(|d| d.country.code() == "TZ").unwrap();
    assert_eq!((tz.head.as_deref(), tz.members, tz.with_place), (Some("Amina h"), 2, 2));
    let mz = all.iter().find(|d| d.country.code() == "MZ").unwrap();
    assert_eq!((mz.head.as_deref(), mz.members), (None, 1));
    let fp = user(&db, "fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    assert!(matches!(service::delegations_overview(&db, &fp, mid).await, Err(ServiceError::Forbidden)));
}

#[tokio::test]
async fn anonymous_self_registration_is_rate_limited_per_address() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 100, 100, true).await;
    let limit = service::SELF_REGISTRATIONS_PER_IP_HOUR as usize;
    for i in 0..limit {
        let form = person(mid, &format!("p{i}@gov.tz"), "TZ", "delegate");
        service::register_from(&db, None, &form, app::domain::Lang::En, URL, now(), Some("10.0.0.1")).await.unwrap();
    }
    let next = person(mid, "one-too-many@gov.tz", "TZ", "delegate");
    assert!(matches!(
        service::register_from(&db, None, &next, app::domain::Lang::En, URL, now(), Some("10.0.0.1")).await,
        Err(ServiceError::TooManyRequests)
    ));
    // Another address, a later hour, and the secretariat are not limited.
    service::register_from(&db, None, &next, app::domain::Lang::En, URL, now(), Some("10.0.0.2")).await.unwrap();
    let later = now() + chrono::Duration::minutes(61);
    let form = person(mid, "later@gov.tz", "TZ", "delegate");
    service::register_from(&db, None, &form, app::domain::Lang::En, URL, later, Some("10.0.0.1")).await.unwrap();
    let form = person(mid, "nominee@gov.tz", "TZ", "delegate");
    service::register_from(&db, Some(&sec), &form, app::domain::Lang::En, URL, now(), Some("10.0.0.1")).await.unwrap();
    assert_eq!(registration::Entity::find().count(&db).await.unwrap() as usize, limit + 3);
}

#[tokio::test]
async fn review_fixes_delegation_scope_replacements_late_confirmation_drafts_and_duplicates() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 10, 5, true).await;
    let fp = user(&db, "fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    let as_sec = |form: RegistrationForm| {
        let (db, sec) = (db.clone(), sec.clone());
        async move { service::register(&db, Some(&sec), &form, app::domain::Lang::En, URL, now()).await.unwrap() }
    };
    // An observer who named Tanzania is not part of Tanzania's delegation.
    let observer = as_sec(RegistrationForm { organisation: "Press".into(), ..person(mid, "obs@press.example", "TZ", "observer") }).await;
    let member = as_sec(person(mid, "member@gov.tz", "TZ", "delegate")).await;
    let rows = service::delegation(&db, &fp, mid, app::domain::CountryCode::parse("c", "TZ").unwrap()).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![member.id]);
    assert!(matches!(service::withdraw(&db, &fp, observer.id, URL).await, Err(ServiceError::Forbidden)));
    // A registration that is no longer active cannot be "replaced".
    service::withdraw(&db, &fp, member.id, URL).await.unwrap();
    let replacement = RegistrationForm { replaces: member.id.to_string(), ..person(mid, "new@gov.tz", "TZ", "delegate") };
    let err = service::register(&db, Some(&fp), &replacement, app::domain::Lang::En, URL, now()).await.unwrap_err();
    assert_eq!(fields(err), vec!["replaces"]);
    // A confirmation link used after registration has closed is refused.
    let r = self_register(&db, &person(mid, "slow@gov.tz", "TZ", "delegate")).await.unwrap();
    let late: DateTime<Utc> = "2026-12-02T09:00:00Z".parse().unwrap();
    assert_eq!(fields(service::confirm(&db, &r.confirm_token.unwrap(), URL, late).await.unwrap_err()), vec!["token"]);
    // Duplicate ids in a bulk decision are harmless.
    let d = DecisionForm {
        meeting_id: mid.to_string(),
        ids: vec![observer.id.to_string(), observer.id.to_string()],
        decision: "approve".into(),
        reason: String::new(),
        ..Default::default()
    };
    assert_eq!(service::decide(&db, &sec, &d, URL).await.unwrap(), 1);
    // Registering someone for a draft meeting emails nobody.
    let draft = meeting(&db, &sec).await;
    service::save_settings(&db, &sec, &settings_form(draft, 10, 5, false), URL).await.unwrap();
    let before = outbox::Entity::find().count(&db).await.unwrap();
    as_sec(person(draft, "early@gov.tz", "TZ", "delegate")).await;
    assert_eq!(outbox::Entity::find().count(&db).await.unwrap(), before);
}

/// Notes verbales: the state's focal point (or the secretariat on its behalf) attaches one, only
/// they see it, and when the meeting requires it the delegation's members are approved only
/// once it is in.
#[tokio::test]
async fn notes_verbales_are_the_delegations_and_can_be_required_before_approval() {
    use app::ssr::blob::FileStore;
    const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    let db = db().await;
    let store = FileStore::new(std::env::temp_dir().join(format!("midsa-nv-{}-{}", std::process::id(), mid_suffix())));
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 20, 10, true).await;
    // Required from now on.
    let s = registration_settings::Entity::find_by_id(mid).one(&db).await.unwrap().unwrap();
    let without_approval =
        SettingsForm { version: s.version.to_string(), note_verbale_required: Some("on".into()), ..settings_form(mid, 20, 10, false) };
    assert_eq!(fields(service::save_settings(&db, &sec, &without_approval, URL).await.unwrap_err()), ["note_verbale_required"]);
    let required =
        SettingsForm { version: s.version.to_string(), note_verbale_required: Some("on".into()), ..settings_form(mid, 20, 10, true) };
    service::save_settings(&db, &sec, &required, URL).await.unwrap();
    let fp = user(&db, "fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    let fp_mz = user(&db, "fp@mz.example", Role::FocalPoint, Some("MZ")).await;
    let delegate = user(&db, "someone@gov.tz", Role::Delegate, Some("TZ")).await;
    let nominee = service::register(&db, Some(&fp), &person(mid, "nominee@gov.tz", "TZ", "delegate"), app::domain::Lang::En, URL, now())
        .await
        .unwrap()
        .id;
    let observer_form = RegistrationForm { organisation: "UNHCR".into(), ..person(mid, "obs@unhcr.org", "", "observer") };
    let observer = service::register(&db, Some(&sec), &observer_form, app::domain::Lang::En, URL, now()).await.unwrap().id;
    let approve = |ids: &[i32]| DecisionForm {
        meeting_id: mid.to_string(),
        ids: ids.iter().map(|i| i.to_string()).collect(),
        decision: "approve".into(),
        ..Default::default()
    };
    // Without the note verbale the delegate is refused (named), the observer is not concerned.
    let (refused, eligible) = refusals(service::decide(&db, &sec, &approve(&[nominee, observer]), URL).await.unwrap_err());
    assert_eq!(refused, vec![(nominee, RefusalReason::NoNoteVerbale)]);
    assert_eq!(eligible, vec![observer]);
    let tz = app::domain::CountryCode::parse("c", "TZ").unwrap();
    assert_eq!(service::delegations_overview(&db, &sec, mid).await.unwrap().iter().filter(|d| d.note.is_some()).count(), 0);

    // Who may attach: the state's own focal point and the secretariat; not another state's, not a delegate.
    assert!(matches!(service::attach_note(&db, &store, 1024, &fp_mz, mid, "TZ", "nv.pdf", PDF).await, Err(ServiceError::Forbidden)));
    assert!(matches!(service::attach_note(&db, &store, 1024, &delegate, mid, "TZ", "nv.pdf", PDF).await, Err(ServiceError::Forbidden)));
    assert!(matches!(service::attach_note(&db, &store, 1024, &fp, mid, "XX", "nv.pdf", PDF).await, Err(ServiceError::NotFound)));
    // Checked by content: a text file named .pdf, a spreadsheet, an empty file, too large.
    let code = |e: ServiceError| match e {
        ServiceError::Validation(f) => f.0[0].code.clone(),
        other => panic!("expected a field error, got {other:?}"),
    };
    assert_eq!(code(service::attach_note(&db, &store, 1024, &fp, mid, "TZ", "nv.pdf", b"hello").await.unwrap_err()), ErrorCode::FileType);
    assert_eq!(
        code(service::attach_note(&db, &store, 10, &fp, mid, "TZ", "nv.pdf", PDF).await.unwrap_err()),
        ErrorCode::FileTooLarge { max: 1 }
    );
    let first = service::attach_note(&db, &store, 1024, &fp, mid, "TZ", "Note verbale N°12.pdf", PDF).await.unwrap();
    let note = service::delegation_note(&db, &fp, mid, tz).await.unwrap().unwrap();
    assert_eq!((note.id, note.by_secretariat, note.earlier), (first, false, 0));
    assert!(note.href().starts_with(&format!("/meetings/{mid}/notes-verbales/{first}/")));
    // The secretariat attaches a newer one received by email: it becomes the delegation's note, the first is kept.
    let second = service::attach_note(&db, &store, 1024, &sec, mid, "TZ", "scan.pdf", PDF).await.unwrap();
    let note = service::delegation_note(&db, &sec, mid, tz).await.unwrap().unwrap();
    assert_eq!((note.id, note.by_secretariat, note.earlier), (second, true, 1));
    let overview = service::delegations_overview(&db, &sec, mid).await.unwrap();
    assert_eq!(overview.iter().filter_map(|d| d.note.as_ref().map(|n| (d.country.code(), n.id))).collect::<Vec<_>>(), vec![("TZ", second)]);
    // Who may read: the state's focal point and the secretariat; everyone else does not know it exists.
    assert!(service::note_for_download(&db, Some(&fp), mid, first).await.is_ok());
    assert!(service::note_for_download(&db, Some(&sec), mid, second).await.is_ok());
    for viewer in [Some(&fp_mz), Some(&delegate), None] {
        assert!(matches!(service::note_for_download(&db, viewer, mid, first).await, Err(ServiceError::NotFound)));
    }
    assert!(matches!(service::note_for_download(&db, Some(&sec), mid + 1, first).await, Err(ServiceError::NotFound)));
    assert!(matches!(service::delegation_note(&db, &fp_mz, mid, tz).await, Err(ServiceError::Forbidden)));
    // Now the delegate can be approved.
    assert_eq!(service::decide(&db, &sec, &approve(&[nominee, observer]), URL).await.unwrap(), 2);
    assert_eq!(status_of(&db, nominee).await, RegistrationStatus::Approved);
    let audit = audit_log::Entity::find().filter(audit_log::Column::Action.eq("delegation.note_verbale")).count(&db).await.unwrap();
    assert_eq!(audit, 2);
    // A paper's file with the same bytes, removed, leaves the note's bytes in the store.
    let paper = app::features::papers::types::PaperForm {
        meeting_id: mid.to_string(),
        lang: "en".into(),
        access: "public".into(),
        title: "Same bytes".into(),
        body: "Annex.".into(),
        ..Default::default()
    };
    let paper = app::features::papers::service::save(&db, &sec, &paper).await.unwrap();
    let file = app::features::papers::files::attach(&db, &store, 1024, &sec, paper, "same.pdf", PDF).await.unwrap();
    app::features::papers::files::remove(&db, &store, &sec, file).await.unwrap();
    let kept = service::note_for_download(&db, Some(&sec), mid, second).await.unwrap();
    assert_eq!(store.get(&kept.sha256).await.unwrap(), PDF);
}

fn mid_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

/// The text of a PDF as pypdf reads it (page count first), as a visa officer's tools would.
fn pdf_text(bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("midsa-letter-{}-{}.pdf", std::process::id(), mid_suffix()));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, pypdf\nr = pypdf.PdfReader(sys.argv[1])\nprint('pages', len(r.pages), 'images', sum(len(p.images) for p in r.pages))\n\
             print(r.metadata.title)\nfor p in r.pages: print(p.extract_text())",
        )
        .arg(&path)
        .output()
        .expect("python3 with pypdf (scripts/setup.sh installs it)");
    std::fs::remove_file(&path).ok();
    assert!(out.status.success(), "pypdf: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A small opaque PNG (an RGB gradient) and one with transparency, as a letterhead and a
/// signature would be.
fn png(width: u32, height: u32, alpha: bool) -> Vec<u8> {
    let mut out = vec![];
    let mut enc = png::Encoder::new(&mut out, width, height);
    enc.set_color(if alpha { png::ColorType::Rgba } else { png::ColorType::Rgb });
    enc.set_depth(png::BitDepth::Eight);
    let mut w = enc.write_header().unwrap();
    let px = if alpha { 4 } else { 3 };
    let data: Vec<u8> = (0..width * height * px).map(|i| (i % 251) as u8).collect();
    w.write_image_data(&data).unwrap();
    w.finish().unwrap();
    out
}

/// Invitation letters and certificates: real PDFs in the participant's language with the
/// meeting's details, the participant's, a reference number, the letterhead and signature; for
/// the secretariat and the participant only; a certificate only for those checked in, from the
/// meeting's last day.
#[tokio::test]
async fn invitation_letters_and_certificates_are_pdfs_in_the_participants_language() {
    use app::features::registration::service::{LetterKind, LetterSettingsForm};
    use app::ssr::blob::FileStore;
    let db = db().await;
    let store = FileStore::new(std::env::temp_dir().join(format!("midsa-letters-{}-{}", std::process::id(), mid_suffix())));
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 20, 10, true).await;
    let fp = user(&db, "fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    let form = RegistrationForm {
        title: "Hon.".into(),
        ministry: "Ministère de l’Intérieur".into(),
        passport_number: "AB123456".into(),
        ..person(mid, "amina@gov.tz", "TZ", "head_of_delegation")
    };
    let r = service::register(&db, Some(&fp), &form, app::domain::Lang::Fr, URL, now()).await.unwrap().id;
    let amina = user(&db, "amina@gov.tz", Role::Delegate, None).await;
    let other = user(&db, "other@gov.tz", Role::Delegate, None).await;
    let before = chrono::Utc::now();
    // Not approved yet: nobody gets a letter (the person is told why, others that it does not exist).
    let code = |e: ServiceError| match e {
        ServiceError::Validation(f) => f.0[0].code.clone(),
        other => panic!("expected a field error, got {other:?}"),
    };
    assert_eq!(
        code(service::letter(&db, &store, Some(&amina), r, LetterKind::Invitation, before).await.unwrap_err()),
        ErrorCode::NotApproved
    );
    service::decide(&db, &sec, &approval_of(mid, r), URL).await.unwrap();
    for viewer in [Some(&other), Some(&fp), None] {
        assert!(matches!(service::letter(&db, &store, viewer, r, LetterKind::Invitation, before).await, Err(ServiceError::NotFound)));
    }
    // Letter settings: images checked by content, text by the usual rules; nothing saved when refused.
    let settings = |letterhead: Option<Vec<u8>>, signature: Option<Vec<u8>>, name: &str| LetterSettingsForm {
        meeting_id: mid.to_string(),
        signatory_name: name.into(),
        signatory_title: "Chief of Mission".into(),
        letterhead,
        signature,
    };
    let refused =
        service::save_letter_settings(&db, &store, 1 << 20, &sec, &settings(Some(b"%PDF-1.4".to_vec()), None, "N. Dlamini")).await;
    assert_eq!(fields(refused.unwrap_err()), vec!["letterhead"]);
    let refused = service::save_letter_settings(&db, &store, 1 << 20, &sec, &settings(None, None, "N.\u{0}Dlamini")).await;
    assert_eq!(fields(refused.unwrap_err()), vec!["signatory_name"]);
    assert!(matches!(
        service::save_letter_settings(&db, &store, 1 << 20, &fp, &settings(None, None, "x")).await,
        Err(ServiceError::Forbidden)
    ));
    assert!(!service::letter_settings_view(&db, &sec, mid).await.unwrap().has_letterhead);
    service::save_letter_settings(
        &db,
        &store,
        1 << 20,
        &sec,
        &settings(Some(png(300, 60, false)), Some(png(120, 40, true)), "Nomsa Dlamini"),
    )
    .await
    .unwrap();
    let view = service::letter_settings_view(&db, &sec, mid).await.unwrap();
    assert!(view.has_letterhead && view.has_signature && view.signatory_name == "Nomsa Dlamini");

    // The participant's own letter, in French (the language they registered in).
    let (name, pdf) = service::letter(&db, &store, Some(&amina), r, LetterKind::Invitation, before).await.unwrap();
    assert_eq!(name, format!("invitation-{mid}-{r:05}.pdf"));
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert!(text.starts_with("pages 1 images 2\n"), "{text}");
    for expected in [
        "Lettre d’invitation",
        "Hon. Amina amina",
        "Director of Immigration, Ministère de l’Intérieur",
        "République-Unie de Tanzanie",
        "MIDSA Ministerial Conference",
        "JNICC, Dar es Salaam",
        "les 8–10",
        "décembre 2026",
        "AB123456",
        &format!("MIDSA/{mid}/INV/{r:05}"),
        "Nomsa Dlamini",
        "Chief of Mission",
        "chef de délégation",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    // The secretariat gets the same letter; the certificate waits for the check-in and the last day.
    assert!(service::letter(&db, &store, Some(&sec), r, LetterKind::Invitation, before).await.is_ok());
    let after = "2026-12-10T15:00:00Z".parse().unwrap();
    assert_eq!(
        code(service::letter(&db, &store, Some(&amina), r, LetterKind::Certificate, after).await.unwrap_err()),
        ErrorCode::NotApproved
    );
    registration::Entity::update_many()
        .col_expr(registration::Column::CheckedInAt, sea_orm::sea_query::Expr::value(Some(chrono::Utc::now())))
        .filter(registration::Column::Id.eq(r))
        .exec(&db)
        .await
        .unwrap();
    let during = "2026-12-08T15:00:00Z".parse().unwrap();
    assert_eq!(
        code(service::letter(&db, &store, Some(&amina), r, LetterKind::Certificate, during).await.unwrap_err()),
        ErrorCode::WrongStep
    );
    let (_, pdf) = service::letter(&db, &store, Some(&amina), r, LetterKind::Certificate, after).await.unwrap();
    let text = pdf_text(&pdf);
    for expected in [
        "ATTESTATION DE PARTICIPATION",
        "Nous certifions que",
        "Hon. Amina amina",
        "a participé à la réunion",
        &format!("MIDSA/{mid}/CERT/{r:05}"),
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    // The ZIP of the meeting's certificates (secretariat): one PDF per person checked in.
    assert!(matches!(service::letters_batch(&db, &store, &fp, mid, LetterKind::Invitation, after).await, Err(ServiceError::Forbidden)));
    let (mut ctx, rows) = service::letters_batch(&db, &store, &sec, mid, LetterKind::Certificate, after).await.unwrap();
    assert_eq!(rows.iter().map(|x| x.id).collect::<Vec<_>>(), vec![r]);
    let mut zip = vec![];
    service::write_letters_zip(&mut ctx, &rows, LetterKind::Certificate, &mut zip).unwrap();
    assert!(zip.starts_with(b"PK"));
    let entry = format!("TZ/certificate-{r:05}-amina.pdf");
    assert!(zip.windows(entry.len()).any(|w| w == entry.as_bytes()), "entry {entry} in the ZIP");
    // The person's page offers both.
    let page = app::features::registration::personal::my_page(&db, &amina, URL, after).await.unwrap();
    assert_eq!(page.registrations.iter().map(|x| (x.invitation, x.certificate)).collect::<Vec<_>>(), vec![(true, true)]);
}

fn approval_of(mid: i32, id: i32) -> DecisionForm {
    DecisionForm { meeting_id: mid.to_string(), ids: vec![id.to_string()], decision: "approve".into(), ..Default::default() }
}

/// Messages to participants: chosen by status, category and delegation; written in the
/// meeting's languages; each person gets theirs or the original with a note; kept with their
/// recipients and delivery state; read back on the person's page.
#[tokio::test]
async fn messages_reach_the_chosen_participants_in_their_language() {
    use app::features::registration::types::MessageForm;
    use app::ssr::outbox::OutboxMessage;
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 2, 10, true).await;
    let fp = user(&db, "fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    let register = |email: &'static str, country: &'static str, category: &'static str, lang: app::domain::Lang| {
        let (db, sec) = (db.clone(), sec.clone());
        async move {
            let form = RegistrationForm { organisation: "UNHCR".into(), ..person(mid, email, country, category) };
            service::register(&db, Some(&sec), &form, lang, URL, now()).await.unwrap().id
        }
    };
    use app::domain::Lang;
    let head = register("head@gov.tz", "TZ", "head_of_delegation", Lang::Fr).await;
    let delegate = register("delegate@gov.mz", "MZ", "delegate", Lang::En).await;
    let observer = register("observer@unhcr.org", "", "observer", Lang::Pt).await; // waitlisted: two places
    let gone = register("gone@gov.za", "ZA", "delegate", Lang::En).await;
    service::decide(&db, &sec, &approval_of(mid, head), URL).await.unwrap();
    let reject = DecisionForm { decision: "reject".into(), reason: "Duplicate".into(), ..approval_of(mid, gone) };
    service::decide(&db, &sec, &reject, URL).await.unwrap();
    assert_eq!(status_of(&db, observer).await, RegistrationStatus::Waitlisted);

    // Who the filters reach (the page's preview), each with their language.
    let page = service::messages_page(&db, &sec, mid, "approved", "head_of_delegation", "").await.unwrap();
    assert_eq!(
        page.recipients.iter().map(|r| (r.affiliation.as_str(), r.lang)).collect::<Vec<_>>(),
        [("United Republic of Tanzania", Lang::Fr)]
    );
    assert_eq!(page.languages, [Lang::En, Lang::Fr], "the meeting's language first");
    let all = service::messages_page(&db, &sec, mid, "", "", "").await.unwrap();
    assert_eq!(all.recipients.len(), 3, "rejected people are not written to");
    assert_eq!(service::messages_page(&db, &sec, mid, "", "", "MZ").await.unwrap().recipients.len(), 1);
    assert_eq!(
        fields(service::messages_page(&db, &sec, mid, "rejected", "chair", "XX").await.unwrap_err()),
        ["status", "category", "country"]
    );
    assert!(matches!(service::messages_page(&db, &fp, mid, "", "", "").await, Err(ServiceError::Forbidden)));

    let form = |status: &str| MessageForm {
        meeting_id: mid.to_string(),
        token: "form-1".into(),
        status: status.into(),
        subject_en: "Shuttle times".into(),
        body_en: "The shuttle leaves the hotel at **07:30**.\n\n- Bring your badge\n- Be on time".into(),
        subject_fr: "Horaires de la navette".into(),
        body_fr: "La navette part de l’hôtel à **7 h 30**.".into(),
        ..Default::default()
    };
    // Refused, nothing kept: the meeting's language missing, a language it does not work in,
    // a control character, nobody chosen, the wrong role.
    let missing = MessageForm { subject_en: String::new(), ..form("") };
    assert_eq!(fields(service::send_message(&db, &sec, &missing, URL).await.unwrap_err()), ["subject_en"]);
    let pt = MessageForm { subject_pt: "Horários".into(), body_pt: "…".into(), ..form("") };
    assert_eq!(fields(service::send_message(&db, &sec, &pt, URL).await.unwrap_err()), ["subject_pt"]);
    let nul = MessageForm { body_fr: "Navette\u{0}".into(), ..form("") };
    assert_eq!(fields(service::send_message(&db, &sec, &nul, URL).await.unwrap_err()), ["body_fr"]);
    let nobody = MessageForm { country: "BW".into(), ..form("") };
    match service::send_message(&db, &sec, &nobody, URL).await.unwrap_err() {
        ServiceError::Validation(f) => assert_eq!(f.0[0].code, ErrorCode::NobodyChosen),
        other => panic!("{other:?}"),
    }
    assert!(matches!(service::send_message(&db, &fp, &form(""), URL).await, Err(ServiceError::Forbidden)));
    assert_eq!(mail_kinds(&db, "head@gov.tz").await.iter().filter(|k| *k == "participant_message").count(), 0);

    let (id, n) = service::send_message(&db, &sec, &form(""), URL).await.unwrap();
    assert_eq!(n, 3);
    // The same form sent again (a double click): the same message, nothing sent twice.
    assert_eq!(service::send_message(&db, &sec, &form(""), URL).await.unwrap(), (id, 3));
    assert_eq!(mail_kinds(&db, "head@gov.tz").await.iter().filter(|k| *k == "participant_message").count(), 1);
    let no_token = MessageForm { token: String::new(), ..form("") };
    assert_eq!(fields(service::send_message(&db, &sec, &no_token, URL).await.unwrap_err()), ["token"]);
    // Each in their language; the Portuguese reader gets the English original, said so.
    let sent = |to: &'static str| {
        let db = db.clone();
        async move {
            let row = outbox::Entity::find()
                .filter(outbox::Column::Recipient.eq(to))
                .filter(outbox::Column::Kind.eq("participant_message"))
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            (row.locale, OutboxMessage::from_stored(&row.kind, &row.payload).unwrap())
        }
    };
    match sent("head@gov.tz").await {
        (Lang::Fr, OutboxMessage::ParticipantMessage { subject, original: None, .. }) => assert_eq!(subject, "Horaires de la navette"),
        other => panic!("{other:?}"),
    }
    match sent("observer@unhcr.org").await {
        (Lang::Pt, OutboxMessage::ParticipantMessage { subject, original: Some(Lang::En), body, .. }) => {
            assert_eq!(
                (subject.as_str(), body.as_str()),
                ("Shuttle times", "The shuttle leaves the hotel at **07:30**.\n\n- Bring your badge\n- Be on time")
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(mail_kinds(&db, "gone@gov.za").await.iter().all(|k| k != "participant_message"));
    // Kept with its recipients and their delivery state (the outbox's).
    let d = service::message_detail(&db, &sec, id).await.unwrap();
    assert_eq!(d.texts.iter().map(|t| t.0).collect::<Vec<_>>(), [Lang::En, Lang::Fr]);
    assert!(d.texts[0].2.contains("<strong>07:30</strong>") && d.texts[0].2.contains("<li>Bring your badge</li>"), "{}", d.texts[0].2);
    assert_eq!(d.recipients.len(), 3);
    assert!(d.recipients.iter().all(|r| r.state == "pending"));
    assert_eq!(d.recipients.iter().filter(|r| !r.translated).map(|r| r.email.as_str()).collect::<Vec<_>>(), ["observer@unhcr.org"]);
    assert!(matches!(service::message_detail(&db, &fp, id).await, Err(ServiceError::Forbidden)));
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, sea_orm::sea_query::Expr::value("sent"))
        .filter(outbox::Column::Recipient.eq("head@gov.tz"))
        .exec(&db)
        .await
        .unwrap();
    let summary = &service::messages_page(&db, &sec, mid, "", "", "").await.unwrap().sent[0];
    assert_eq!((summary.subject.as_str(), summary.recipients, summary.delivered, summary.failed), ("Shuttle times", 3, 1, 0));
    // On the person's page, in the language they received it in.
    let head_user = user(&db, "head@gov.tz", Role::Delegate, None).await;
    let mine = service::my_messages(&db, &head_user).await.unwrap();
    assert_eq!(mine.iter().map(|m| (m.subject.as_str(), m.original)).collect::<Vec<_>>(), [("Horaires de la navette", None)]);
    let observer_user = user(&db, "observer@unhcr.org", Role::Delegate, None).await;
    let mine = service::my_messages(&db, &observer_user).await.unwrap();
    assert_eq!(mine.iter().map(|m| (m.subject.as_str(), m.original)).collect::<Vec<_>>(), [("Shuttle times", Some(Lang::En))]);
    assert!(service::my_messages(&db, &fp).await.unwrap().is_empty());
    let _ = delegate;
}
