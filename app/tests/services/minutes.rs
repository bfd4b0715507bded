use crate::support::*;
use app::domain::{ErrorCode, Lang, MinutesStatus, PassageKind, Role};
use app::features::minutes::service;
use app::features::minutes::types::{CommentForm, CorrigendumForm, MinutesStepForm, SectionForm, Withheld};
use app::ssr::entities::{minutes_section, outbox, recommendation};
use app::ssr::ServiceError;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn step(mid: i32, version: i32, step: &str, closes_on: &str, access: &str) -> MinutesStepForm {
    MinutesStepForm {
        meeting_id: mid.to_string(),
        version: version.to_string(),
        step: step.into(),
        closes_on: closes_on.into(),
        access: access.into(),
    }
}

fn code(e: ServiceError) -> ErrorCode {
    match e {
        ServiceError::Validation(f) => f.0[0].code.clone(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn minutes_go_from_draft_through_comments_to_adoption_and_lock() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 50, 10, false).await;
    let items = published_agenda(&db, &sec, mid, &[("09:00", "10:00", "Opening remarks"), ("10:00", "12:00", "Labour migration")]).await;
    registered(&db, &sec, mid, "head@gov.tz", "head_of_delegation", true).await;
    registered_for(&db, &sec, mid, "head2@gov.tz", "head_of_delegation", true, "MZ").await;
    registered(&db, &sec, mid, "delegate@gov.tz", "delegate", true).await;
    let head = user(&db, "head@gov.tz", Role::Delegate, None).await;
    let head2 = user(&db, "head2@gov.tz", Role::Delegate, None).await;
    let delegate = user(&db, "delegate@gov.tz", Role::Delegate, None).await;
    let now = Utc::now();

    // Only the secretariat starts minutes; they follow the agenda.
    assert!(matches!(service::create(&db, &head, mid).await, Err(ServiceError::Forbidden)));
    service::create(&db, &sec, mid).await.unwrap();
    assert!(matches!(service::create(&db, &sec, mid).await, Err(ServiceError::Conflict(_))));
    let page = service::page(&db, Some(&sec), mid, Lang::En, now).await.unwrap();
    let m = page.minutes.unwrap();
    assert_eq!(m.sections.iter().map(|s| s.title.as_str()).collect::<Vec<_>>(), vec!["Opening remarks", "Labour migration"]);
    assert_eq!(m.sections[1].agenda_item.as_ref().map(|a| a.0), Some(items[1]));
    let section = m.sections[1].clone();
    let body = "The meeting discussed labour migration.\n\n[Decision] The meeting adopted the labour migration action plan.\n\n[recommendation] Member states should harmonise labour migration statistics by 2027.";
    let save = SectionForm {
        id: section.id.to_string(),
        meeting_id: mid.to_string(),
        version: "1".into(),
        agenda_item_id: items[1].to_string(),
        title: "Labour migration".into(),
        body: body.into(),
    };
    service::save_section(&db, &sec, &save).await.unwrap();
    assert!(matches!(service::save_section(&db, &sec, &save).await, Err(ServiceError::Conflict(_))), "stale version");
    let bad = SectionForm { title: " ".into(), agenda_item_id: "999999".into(), ..save.clone() };
    assert_eq!(fields(service::save_section(&db, &sec, &bad).await.unwrap_err()), vec!["title", "agenda_item_id"]);

    // Draft: nobody but the secretariat reads it, nor is told it exists.
    for viewer in [None, Some(&head), Some(&delegate)] {
        let p = service::page(&db, viewer, mid, Lang::En, now).await.unwrap();
        assert!(p.minutes.is_none() && p.withheld.is_none());
    }
    let version = service::page(&db, Some(&sec), mid, Lang::En, now).await.unwrap().minutes.unwrap().version;
    let past = (now - Duration::days(3)).date_naive().to_string();
    assert_eq!(
        code(service::step(&db, &sec, &step(mid, version, "circulate", &past, ""), now, URL).await.unwrap_err()),
        ErrorCode::DateInPast
    );
    assert!(matches!(
        service::step(&db, &head, &step(mid, version, "circulate", "2099-01-01", ""), now, URL).await,
        Err(ServiceError::Forbidden)
    ));
    let closes = (now + Duration::days(10)).date_naive();
    let before = outbox::Entity::find().filter(outbox::Column::Kind.eq("minutes_circulated")).count(&db).await.unwrap();
    assert_eq!(
        service::step(&db, &sec, &step(mid, version, "circulate", &closes.to_string(), ""), now, URL).await.unwrap(),
        MinutesStatus::Circulated
    );
    let mails: Vec<String> = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq("minutes_circulated"))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.recipient)
        .collect();
    assert_eq!(before, 0);
    assert_eq!(mails.len(), 2, "each head of delegation is told: {mails:?}");

    // Circulated: heads of delegation read and comment; a plain delegate does not, and is told
    // who does (as is the public, offered to sign in).
    let d = service::page(&db, Some(&delegate), mid, Lang::En, now).await.unwrap();
    assert!(d.minutes.is_none());
    assert_eq!((d.withheld, d.signed_in), (Some(Withheld::HeadsOfDelegation), true));
    let p = service::page(&db, None, mid, Lang::En, now).await.unwrap();
    assert!(p.minutes.is_none());
    assert_eq!((p.withheld, p.signed_in), (Some(Withheld::HeadsOfDelegation), false));
    let comment = |body: &str| CommentForm { section_id: section.id.to_string(), body: body.into() };
    assert!(matches!(service::comment(&db, &delegate, &comment("x"), now).await, Err(ServiceError::NotFound)));
    service::comment(&db, &head, &comment("Tanzania asks to add **2026** figures."), now).await.unwrap();
    assert_eq!(fields(service::comment(&db, &head, &comment("  "), now).await.unwrap_err()), vec!["body"]);
    let seen = service::page(&db, Some(&head2), mid, Lang::En, now).await.unwrap();
    assert!(seen.can_comment && seen.sees_comments);
    let s = seen.minutes.unwrap().sections.into_iter().find(|s| s.id == section.id).unwrap();
    assert_eq!(s.comments.len(), 1, "other heads see the comment");
    assert!(s.comments[0].author.contains("Tanzania") && s.comments[0].body_html.contains("<strong>2026</strong>"));
    assert!(s.body_html.contains("<strong class=\"passage-label\">Decision</strong>"), "{}", s.body_html);
    assert!(s.body_md.is_empty(), "the Markdown source is the secretariat's");
    // After the closing date, no more comments.
    let late = now + Duration::days(12);
    assert_eq!(code(service::comment(&db, &head, &comment("late"), late).await.unwrap_err()), ErrorCode::CommentsClosed);

    // Adoption: records who and when, makes recommendation drafts, locks.
    let version = service::page(&db, Some(&sec), mid, Lang::En, now).await.unwrap().minutes.unwrap().version;
    assert!(matches!(service::step(&db, &sec, &step(mid, version - 1, "adopt", "", ""), now, URL).await, Err(ServiceError::Conflict(_))));
    assert_eq!(service::step(&db, &sec, &step(mid, version, "adopt", "", ""), now, URL).await.unwrap(), MinutesStatus::Adopted);
    let m = service::page(&db, Some(&sec), mid, Lang::En, now).await.unwrap().minutes.unwrap();
    assert_eq!(m.status, MinutesStatus::Adopted);
    assert_eq!(m.adopted_by, "Test User");
    assert!(m.adopted_at.is_some());
    let recs = recommendation::Entity::find().all(&db).await.unwrap();
    assert_eq!(recs.len(), 2);
    assert_eq!((recs[0].kind.as_str(), recs[0].text_md.as_str()), ("decision", "The meeting adopted the labour migration action plan."));
    assert_eq!(recs[1].kind, PassageKind::Recommendation);
    for (n, r) in recs.iter().enumerate() {
        assert_eq!(
            (r.meeting_id, r.origin_agenda_item_id, r.origin_section_id, r.origin_passage),
            (mid, Some(items[1]), Some(section.id), Some(n as i32 + 1))
        );
        assert_eq!(r.status, app::domain::PlanStatus::Draft);
    }
    assert_eq!(m.recommendations.len(), 2);
    assert_eq!(m.recommendations[1].passage, Some(2));

    // Locked: no edit, no new section, no removal, no comment, no second adoption.
    let edit = SectionForm { version: "2".into(), ..save.clone() };
    assert_eq!(code(service::save_section(&db, &sec, &edit).await.unwrap_err()), ErrorCode::Locked);
    assert_eq!(
        code(service::save_section(&db, &sec, &SectionForm { id: String::new(), ..edit.clone() }).await.unwrap_err()),
        ErrorCode::Locked
    );
    assert_eq!(code(service::delete_section(&db, &sec, section.id).await.unwrap_err()), ErrorCode::Locked);
    assert_eq!(code(service::step(&db, &sec, &step(mid, m.version, "adopt", "", ""), now, URL).await.unwrap_err()), ErrorCode::Locked);
    assert_eq!(
        code(service::step(&db, &sec, &step(mid, m.version, "circulate", "2099-01-01", ""), now, URL).await.unwrap_err()),
        ErrorCode::Locked
    );
    assert!(service::comment(&db, &head, &comment("after"), now).await.is_err());
    // ... and the database refuses it too.
    let sql = format!("UPDATE minutes_section SET title = 'changed' WHERE id = {}", section.id);
    assert!(db.execute_unprepared(&sql).await.is_err(), "the trigger locks adopted minutes");
    assert_eq!(minutes_section::Entity::find_by_id(section.id).one(&db).await.unwrap().unwrap().title, "Labour migration");

    // Deleting the agenda item later only unlinks the section (the lock allows that).
    app::features::agenda::service::delete_item(&db, &sec, items[1], "1").await.unwrap();
    assert_eq!(minutes_section::Entity::find_by_id(section.id).one(&db).await.unwrap().unwrap().agenda_item_id, None);

    // A correction is a numbered corrigendum.
    let corr = |body: &str| CorrigendumForm { meeting_id: mid.to_string(), body: body.into() };
    assert!(matches!(service::corrigendum(&db, &head, &corr("x")).await, Err(ServiceError::Forbidden)));
    assert_eq!(service::corrigendum(&db, &sec, &corr("In section 2, read *2027* for 2026.")).await.unwrap(), 1);
    assert_eq!(service::corrigendum(&db, &sec, &corr("Second correction.")).await.unwrap(), 2);

    // Published to delegates (the default): approved delegates read, the public does not (and is
    // told they are for delegates).
    let p = service::page(&db, None, mid, Lang::En, now).await.unwrap();
    assert!(p.minutes.is_none());
    assert_eq!(p.withheld, Some(Withheld::Delegates));
    let d = service::page(&db, Some(&delegate), mid, Lang::Fr, now).await.unwrap();
    let dm = d.minutes.unwrap();
    assert!(!d.sees_comments && dm.sections.iter().all(|s| s.comments.is_empty()), "comments are for heads and the secretariat");
    assert!(dm.recommendations.is_empty());
    assert_eq!(dm.corrigenda.len(), 2);
    assert!(dm.sections.iter().any(|s| s.body_html.contains(">Décision</strong>")), "labels in the reader's language");
    let v = service::page(&db, Some(&sec), mid, Lang::En, now).await.unwrap().minutes.unwrap().version;
    assert_eq!(
        code(service::step(&db, &sec, &step(mid, v, "access", "", "secretariat"), now, URL).await.unwrap_err()),
        ErrorCode::InvalidChoice
    );
    service::step(&db, &sec, &step(mid, v, "access", "", "public"), now, URL).await.unwrap();
    let p = service::page(&db, None, mid, Lang::En, now).await.unwrap();
    assert!(p.minutes.is_some() && p.withheld.is_none());
}

#[tokio::test]
async fn a_draft_cannot_be_adopted_without_circulation() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = meeting(&db, &sec).await;
    service::create(&db, &sec, mid).await.unwrap();
    assert_eq!(code(service::step(&db, &sec, &step(mid, 1, "adopt", "", ""), Utc::now(), URL).await.unwrap_err()), ErrorCode::WrongStep);
    assert_eq!(
        code(service::corrigendum(&db, &sec, &CorrigendumForm { meeting_id: mid.to_string(), body: "x".into() }).await.unwrap_err()),
        ErrorCode::WrongStep
    );
}
