use crate::support::*;
use app::domain::{MeetingStatus, Role, MEMBER_STATES};
use app::features::meetings::service;
use app::features::meetings::types::MeetingForm;
use app::ssr::entities::{audit_log, member_state};
use app::ssr::ServiceError;
use chrono::NaiveDate;
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};

#[tokio::test]
async fn member_states_are_seeded_by_migration_and_match_the_domain_table() {
    let db = db().await;
    let rows = member_state::Entity::find().order_by_asc(member_state::Column::Code).all(&db).await.unwrap();
    assert_eq!(rows.len(), 16);
    for (code, en, fr, pt) in MEMBER_STATES {
        let r = rows.iter().find(|r| r.code == code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!((r.name_en.as_str(), r.name_fr.as_str(), r.name_pt.as_str()), (en, fr, pt));
    }
}

#[tokio::test]
async fn create_stores_sanitised_markdown_and_audits() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let id = meeting(&db, &sec).await;
    let d = service::detail(&db, Some(&sec), id).await.unwrap();
    assert_eq!(d.status, MeetingStatus::Draft);
    assert!(d.description_html.contains("<strong>world</strong>"));
    assert!(!d.description_html.contains("<script"));
    assert_eq!(d.description_md, "Hello **world** <script>alert(1)</script>");
    assert_eq!(d.timezone_label, "EAT, UTC+03:00");
    assert_eq!(d.next_statuses, vec![MeetingStatus::Announced]);
    let log = audit_log::Entity::find().order_by_desc(audit_log::Column::Id).one(&db).await.unwrap().unwrap();
    assert_eq!((log.action.as_str(), log.entity_id, log.actor_id), ("meeting.create", Some(id), Some(sec.id)));
}

#[tokio::test]
async fn an_empty_time_zone_is_the_host_countrys() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let form = MeetingForm { host_country: "MZ".into(), timezone: " ".into(), ..meeting_form() };
    let id = service::create(&db, &sec, &form).await.unwrap();
    assert_eq!(service::detail(&db, Some(&sec), id).await.unwrap().timezone, "Africa/Maputo");
    // One typed in wins (the DR Congo's east), and with no host country there is none to take.
    let east = MeetingForm { host_country: "CD".into(), timezone: "Africa/Lubumbashi".into(), ..meeting_form() };
    let id = service::create(&db, &sec, &east).await.unwrap();
    assert_eq!(service::detail(&db, Some(&sec), id).await.unwrap().timezone, "Africa/Lubumbashi");
    let neither = MeetingForm { host_country: "".into(), timezone: "".into(), ..meeting_form() };
    assert_eq!(fields(service::create(&db, &sec, &neither).await.unwrap_err()), vec!["host_country", "timezone"]);
}

#[tokio::test]
async fn invalid_form_saves_nothing() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let bad = MeetingForm { title: "".into(), timezone: "Nowhere/Else".into(), end_date: "2026-12-01".into(), ..meeting_form() };
    let err = service::create(&db, &sec, &bad).await.unwrap_err();
    assert_eq!(fields(err), vec!["title", "timezone", "end_date"]);
    assert_eq!(app::ssr::entities::meeting::Entity::find().count(&db).await.unwrap(), 0);
}

#[tokio::test]
async fn drafts_are_hidden_from_everyone_but_the_secretariat() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let delegate = user(&db, "d@x.org", Role::Delegate, None).await;
    let focal = user(&db, "f@x.org", Role::FocalPoint, Some("MZ")).await;
    let id = meeting(&db, &sec).await;
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for viewer in [None, Some(&delegate), Some(&focal)] {
        assert!(matches!(service::detail(&db, viewer, id).await, Err(ServiceError::NotFound)));
        let lists = service::list(&db, viewer, today).await.unwrap();
        assert!(lists.upcoming.is_empty() && lists.drafts.is_empty());
        assert!(!lists.can_create);
    }
    let lists = service::list(&db, Some(&sec), today).await.unwrap();
    assert_eq!(lists.drafts.len(), 1);
    service::transition(&db, &sec, id, "1", "announced").await.unwrap();
    let lists = service::list(&db, None, today).await.unwrap();
    assert_eq!(lists.upcoming.len(), 1);
    let past = service::list(&db, None, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()).await.unwrap();
    assert_eq!((past.upcoming.len(), past.past.len()), (0, 1));
    assert!(!service::detail(&db, None, id).await.unwrap().can_edit);
}

#[tokio::test]
async fn only_legal_status_transitions() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let id = meeting(&db, &sec).await;
    assert_eq!(fields(service::transition(&db, &sec, id, "1", "held").await.unwrap_err()), vec!["to"]);
    assert_eq!(fields(service::transition(&db, &sec, id, "1", "cancelled").await.unwrap_err()), vec!["to"]);
    assert_eq!(service::transition(&db, &sec, id, "1", "announced").await.unwrap(), MeetingStatus::Announced);
    // A stale version is a conflict, not a silent overwrite.
    assert!(matches!(service::transition(&db, &sec, id, "1", "registration_open").await, Err(ServiceError::Conflict(_))));
    assert_eq!(service::transition(&db, &sec, id, "2", "registration_open").await.unwrap(), MeetingStatus::RegistrationOpen);
}

#[tokio::test]
async fn concurrent_updates_cannot_silently_overwrite() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let id = meeting(&db, &sec).await;
    let a = MeetingForm { id: id.to_string(), version: "1".into(), title: "Title from A".into(), ..meeting_form() };
    let b = MeetingForm { id: id.to_string(), version: "1".into(), title: "Title from B".into(), ..meeting_form() };
    let (ra, rb) = tokio::join!(service::update(&db, &sec, &a), service::update(&db, &sec, &b));
    let ok = [ra.is_ok(), rb.is_ok()];
    assert_eq!(ok.iter().filter(|x| **x).count(), 1, "exactly one update wins: {ra:?} {rb:?}");
    let loser = if ra.is_ok() { rb } else { ra };
    assert!(matches!(loser, Err(ServiceError::Conflict(_))));
    let d = service::detail(&db, Some(&sec), id).await.unwrap();
    assert_eq!(d.version, 2);
    assert!(d.title == "Title from A" || d.title == "Title from B");
}

#[tokio::test]
async fn update_records_the_changed_fields() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let id = meeting(&db, &sec).await;
    let f = MeetingForm { id: id.to_string(), version: "1".into(), city: "Arusha".into(), ..meeting_form() };
    service::update(&db, &sec, &f).await.unwrap();
    let log = audit_log::Entity::find().order_by_desc(audit_log::Column::Id).one(&db).await.unwrap().unwrap();
    assert_eq!(log.action, "meeting.update");
    let detail: serde_json::Value = serde_json::from_str(&log.detail).unwrap();
    assert_eq!(detail, serde_json::json!({ "city": ["Dar es Salaam", "Arusha"] }));
}
