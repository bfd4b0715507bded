use crate::support::*;
use app::features::agenda::service;
use app::features::agenda::types::{ChangeKind, ItemForm, PublishForm, SessionForm};
use app::features::auth::types::CurrentUser;
use app::ssr::ServiceError;
use sea_orm::DatabaseConnection;

async fn session(db: &DatabaseConnection, sec: &CurrentUser, meeting: i32, day: &str, title: &str) -> i32 {
    service::save_session(
        db,
        sec,
        &SessionForm { meeting_id: meeting.to_string(), day: day.into(), title: title.into(), ..Default::default() },
    )
    .await
    .expect("session")
}

fn item(meeting: i32, session: i32, start: &str, end: &str, title: &str) -> ItemForm {
    ItemForm {
        meeting_id: meeting.to_string(),
        session_id: session.to_string(),
        start: start.into(),
        end: end.into(),
        title: title.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn sessions_must_fall_within_the_meeting_dates() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let m = meeting(&db, &sec).await;
    let err = service::save_session(
        &db,
        &sec,
        &SessionForm { meeting_id: m.to_string(), day: "2026-12-11".into(), title: "Late".into(), ..Default::default() },
    )
    .await
    .unwrap_err();
    assert_eq!(fields(err), vec!["day"]);
    let err = service::save_session(
        &db,
        &sec,
        &SessionForm { meeting_id: m.to_string(), day: "".into(), title: "".into(), chair: "; x".into(), ..Default::default() },
    )
    .await
    .unwrap_err();
    assert_eq!(fields(err), vec!["day", "title", "chair"]);
    session(&db, &sec, m, "2026-12-10", "Closing").await;
}

#[tokio::test]
async fn items_are_validated_and_may_not_overlap_within_a_session() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let m = meeting(&db, &sec).await;
    let s = session(&db, &sec, m, "2026-12-08", "Opening").await;
    let other = session(&db, &sec, m, "2026-12-08", "Parallel track").await;
    service::save_item(&db, &sec, &item(m, s, "09:00", "09:30", "Welcome")).await.unwrap();
    let err = service::save_item(&db, &sec, &item(m, s, "09:15", "09:45", "Keynote")).await.unwrap_err();
    match err {
        ServiceError::Validation(f) => {
            assert_eq!(f.0[0].field, "start");
            assert_eq!(f.0[0].code, app::domain::ErrorCode::Overlap { with: "Welcome".into() });
        }
        other => panic!("{other:?}"),
    }
    // Touching is not overlapping; another session may use the same time.
    service::save_item(&db, &sec, &item(m, s, "09:30", "10:00", "Keynote")).await.unwrap();
    service::save_item(&db, &sec, &item(m, other, "09:00", "10:00", "Side meeting")).await.unwrap();
    assert_eq!(fields(service::save_item(&db, &sec, &item(m, s, "11:00", "10:00", "Backwards")).await.unwrap_err()), vec!["end"]);
    assert_eq!(fields(service::save_item(&db, &sec, &item(m, s, "25:00", "", "")).await.unwrap_err()), vec!["start", "end", "title"]);
    // A session of another meeting is refused.
    let m2 = meeting(&db, &sec).await;
    assert_eq!(
        fields(service::save_item(&db, &sec, &item(m2, s, "12:00", "13:00", "Wrong meeting")).await.unwrap_err()),
        vec!["session_id"]
    );
    assert_eq!(service::editor(&db, &sec, m).await.unwrap().draft.item_count(), 3);
}

#[tokio::test]
async fn concurrent_item_edits_conflict_instead_of_overwriting() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let m = meeting(&db, &sec).await;
    let s = session(&db, &sec, m, "2026-12-08", "Opening").await;
    let id = service::save_item(&db, &sec, &item(m, s, "09:00", "09:30", "Welcome")).await.unwrap();
    let edit = |title: &str| ItemForm { id: id.to_string(), version: "1".into(), ..item(m, s, "09:00", "09:30", title) };
    let (fa, fb) = (edit("A"), edit("B"));
    let (a, b) = tokio::join!(service::save_item(&db, &sec, &fa), service::save_item(&db, &sec, &fb));
    assert_eq!([a.is_ok(), b.is_ok()].iter().filter(|x| **x).count(), 1, "{a:?} {b:?}");
    assert!(matches!(if a.is_ok() { b } else { a }, Err(ServiceError::Conflict(_))));
    // With the current version it works again.
    let ok = ItemForm { version: "2".into(), ..edit("C") };
    service::save_item(&db, &sec, &ok).await.unwrap();
    assert!(matches!(service::delete_item(&db, &sec, id, "2").await, Err(ServiceError::Conflict(_))));
    service::delete_item(&db, &sec, id, "3").await.unwrap();
}

#[tokio::test]
async fn moving_an_item_swaps_time_slots_keeping_durations() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let m = meeting(&db, &sec).await;
    let s = session(&db, &sec, m, "2026-12-08", "Opening").await;
    service::save_item(&db, &sec, &item(m, s, "09:00", "09:30", "A")).await.unwrap();
    let b = service::save_item(&db, &sec, &item(m, s, "09:40", "10:40", "B")).await.unwrap();
    service::move_item(&db, &sec, b, true).await.unwrap();
    let d = service::editor(&db, &sec, m).await.unwrap();
    let items: Vec<(String, String, String)> =
        d.draft.days[0].sessions[0].items.iter().map(|i| (i.title.clone(), i.start.to_string(), i.end.to_string())).collect();
    assert_eq!(items, vec![("B".into(), "09:00".into(), "10:00".into()), ("A".into(), "10:10".into(), "10:40".into())]);
    // Moving the first item up changes nothing.
    service::move_item(&db, &sec, b, true).await.unwrap();
    assert_eq!(service::editor(&db, &sec, m).await.unwrap().draft.days[0].sessions[0].items[0].title, "B");
}

#[tokio::test]
async fn sessions_reorder_within_their_day() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let m = meeting(&db, &sec).await;
    session(&db, &sec, m, "2026-12-08", "First").await;
    let second = session(&db, &sec, m, "2026-12-08", "Second").await;
    session(&db, &sec, m, "2026-12-09", "Next day").await;
    service::move_session(&db, &sec, second, true).await.unwrap();
    let d = service::editor(&db, &sec, m).await.unwrap();
    let titles: Vec<Vec<String>> = d.draft.days.iter().map(|d| d.sessions.iter().map(|s| s.title.clone()).collect()).collect();
    assert_eq!(titles, vec![vec!["Second".to_string(), "First".to_string()], vec!["Next day".to_string()]]);
}

#[tokio::test]
async fn publishing_creates_numbered_revisions_with_a_changelog() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let m = meeting(&db, &sec).await;
    let s = session(&db, &sec, m, "2026-12-08", "Opening").await;
    let welcome = service::save_item(&db, &sec, &item(m, s, "09:00", "09:30", "Welcome")).await.unwrap();
    let keynote = service::save_item(&db, &sec, &item(m, s, "09:30", "10:00", "Keynote")).await.unwrap();
    assert!(service::published(&db, Some(&sec), m, None).await.unwrap().revision.is_none());
    let publish = |note: &str| PublishForm { meeting_id: m.to_string(), note: note.into() };
    assert_eq!(service::publish(&db, &sec, &publish("v1")).await.unwrap(), 1);
    // Nothing changed: nothing to publish.
    assert_eq!(fields(service::publish(&db, &sec, &publish("again")).await.unwrap_err()), vec!["note"]);

    service::save_item(&db, &sec, &ItemForm { id: keynote.to_string(), version: "1".into(), ..item(m, s, "10:00", "10:30", "Keynote") })
        .await
        .unwrap();
    service::delete_item(&db, &sec, welcome, "1").await.unwrap();
    service::save_item(&db, &sec, &item(m, s, "11:00", "11:15", "Photo")).await.unwrap();
    let pending = service::editor(&db, &sec, m).await.unwrap().pending;
    assert_eq!(pending.len(), 3);
    assert_eq!(service::publish(&db, &sec, &publish("v2")).await.unwrap(), 2);

    let latest = service::published(&db, None, m, None).await;
    // The meeting is still a draft: the public cannot see it.
    assert!(matches!(latest, Err(ServiceError::NotFound)));
    let latest = service::published(&db, Some(&sec), m, None).await.unwrap();
    let r = latest.revision.unwrap();
    assert_eq!((r.number, latest.latest), (2, Some(2)));
    let kinds: Vec<(ChangeKind, String)> = r.changes.iter().map(|c| (c.kind, c.title.clone())).collect();
    assert_eq!(
        kinds,
        vec![(ChangeKind::Moved, "Keynote".into()), (ChangeKind::Added, "Photo".into()), (ChangeKind::Removed, "Welcome".into())]
    );
    // Revision 1 is still readable and unchanged.
    let first = service::published(&db, Some(&sec), m, Some(1)).await.unwrap().revision.unwrap();
    assert_eq!(first.agenda.days[0].sessions[0].items.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(), vec!["Welcome", "Keynote"]);
    assert!(matches!(service::published(&db, Some(&sec), m, Some(9)).await, Err(ServiceError::NotFound)));
    let list = service::revisions(&db, Some(&sec), m).await.unwrap();
    assert_eq!(list.revisions.iter().map(|r| (r.number, r.change_count)).collect::<Vec<_>>(), vec![(2, 3), (1, 3)]);
    // The meeting and its latest revision are read together: another meeting's revisions are
    // never taken for its own, and a meeting that does not exist is not found.
    let other = meeting(&db, &sec).await;
    let page = service::published(&db, Some(&sec), other, None).await.unwrap();
    assert_eq!((page.meeting.id, page.revision.map(|r| r.number), page.latest), (other, None, None));
    assert_eq!(service::for_calendar(&db, Some(&sec), other).await.unwrap().1.map(|r| r.number), None);
    assert_eq!(service::for_calendar(&db, Some(&sec), m).await.unwrap().1.map(|r| r.number), Some(2));
    assert!(matches!(service::published(&db, Some(&sec), other + 1, None).await, Err(ServiceError::NotFound)));
    assert!(matches!(service::for_calendar(&db, None, m).await, Err(ServiceError::NotFound)));
}

#[tokio::test]
async fn the_agenda_page_reads_each_published_revision_once_and_shares_it() {
    use app::domain::Lang;
    use app::ssr::memo::Frozen;
    let db = db().await;
    let sec = secretariat(&db).await;
    let m = meeting(&db, &sec).await;
    let s = session(&db, &sec, m, "2026-12-08", "Opening").await;
    let welcome =
        service::save_item(&db, &sec, &ItemForm { description: "A **warm** welcome".into(), ..item(m, s, "09:00", "09:30", "Welcome") })
            .await
            .unwrap();
    service::publish(&db, &sec, &PublishForm { meeting_id: m.to_string(), note: "v1".into() }).await.unwrap();
    let frozen = Frozen::default();
    let page = |number: Option<i32>| service::published_page(&db, &frozen, Some(&sec), m, number);
    let a = page(None).await.unwrap();
    let b = page(None).await.unwrap();
    let (ra, rb) = (a.revision.clone().unwrap(), b.revision.clone().unwrap());
    // One copy for every reader, parsed once.
    assert!(std::ptr::eq(&*ra.agenda, &*rb.agenda) && std::ptr::eq(&*ra.changes, &*rb.changes));
    assert_eq!(frozen.len(), 1);
    // The page reads what every other reader reads (the items' Markdown sources included: the
    // translation step matches translations to them).
    let full = service::published(&db, Some(&sec), m, None).await.unwrap();
    assert_eq!(a, full);
    let first = &ra.agenda.days[0].sessions[0].items[0];
    assert_eq!(first.description_md, "A **warm** welcome");
    assert!(first.description_html.contains("<strong>warm</strong>"), "{}", first.description_html);
    // Access is checked on every read: the meeting is a draft, hidden from the public even
    // though its revision is kept.
    assert!(matches!(service::published_page(&db, &frozen, None, m, None).await, Err(ServiceError::NotFound)));

    // A reader in another zone gets the times in it, on a copy: the kept revision is unchanged.
    let mut far = page(None).await.unwrap();
    service::add_viewer_times(&mut far, "Asia/Tokyo".parse().unwrap());
    assert_eq!(far.viewer_tz.as_deref(), Some("Asia/Tokyo"));
    assert!(far.revision.as_ref().unwrap().agenda.days[0].sessions[0].items[0].viewer_time.is_some());
    let mut near = page(None).await.unwrap();
    service::add_viewer_times(&mut near, "Africa/Nairobi".parse().unwrap());
    assert_eq!(near.viewer_tz, None, "the venue's own clock");
    assert!(std::ptr::eq(&*near.revision.as_ref().unwrap().agenda, &*ra.agenda), "not copied when nothing changes");
    // So does a reader in another language (here without a translation: the original is shown).
    let mut fr = page(None).await.unwrap();
    service::localise_agenda(&db, &mut fr, Lang::Fr).await.unwrap();
    assert_eq!(fr.revision.as_ref().unwrap().agenda.days[0].sessions[0].original_lang, Some(Lang::En));
    let mut en = page(None).await.unwrap();
    service::localise_agenda(&db, &mut en, Lang::En).await.unwrap();
    assert!(std::ptr::eq(&*en.revision.as_ref().unwrap().agenda, &*ra.agenda));
    // The agenda's HTML is kept with the revision, for that very agenda only: never for a copy
    // changed since (another zone, another language).
    let made = std::cell::Cell::new(0);
    let html = |d: &app::features::agenda::types::AgendaPageData, key: &str| {
        let r = d.revision.as_ref().unwrap();
        r.html.get(&r.agenda, key, || {
            made.set(made.get() + 1);
            format!("{} items, {:?}", r.agenda.item_count(), r.agenda.days[0].sessions[0].items[0].viewer_time)
        })
    };
    assert_eq!(&*html(&a, "en"), "1 items, None");
    assert_eq!(&*html(&b, "en"), "1 items, None");
    assert_eq!(&*html(&en, "en"), "1 items, None");
    assert_eq!(made.get(), 1, "made once for every reader of the kept agenda");
    html(&a, "pt");
    assert_eq!(made.get(), 2, "kept per key");
    for _ in 0..2 {
        assert!(html(&far, "en").contains("Some("), "a changed copy is written anew");
        html(&fr, "fr");
    }
    assert_eq!(made.get(), 6);
    let kept = page(None).await.unwrap().revision.unwrap();
    let kept_item = &kept.agenda.days[0].sessions[0].items[0];
    assert_eq!((kept_item.viewer_time.as_deref(), kept.agenda.days[0].sessions[0].original_lang), (None, None));

    // A new revision is a new row: the page shows it at once, and the old one stays readable.
    service::save_item(
        &db,
        &sec,
        &ItemForm { id: welcome.to_string(), version: "1".into(), ..item(m, s, "09:00", "09:30", "Welcome, again") },
    )
    .await
    .unwrap();
    service::publish(&db, &sec, &PublishForm { meeting_id: m.to_string(), note: "v2".into() }).await.unwrap();
    let c = page(None).await.unwrap();
    let rc = c.revision.unwrap();
    assert_eq!((rc.number, c.latest, rc.agenda.days[0].sessions[0].items[0].title.as_str()), (2, Some(2), "Welcome, again"));
    assert_eq!(rc.changes.len(), 1);
    let old = page(Some(1)).await.unwrap().revision.unwrap();
    assert_eq!((old.number, old.agenda.days[0].sessions[0].items[0].title.as_str()), (1, "Welcome"));
    assert!(std::ptr::eq(&*old.agenda, &*ra.agenda));
    assert_eq!(frozen.len(), 2);
    assert!(matches!(page(Some(3)).await, Err(ServiceError::NotFound)));
}

#[tokio::test]
async fn deleting_a_session_removes_its_items() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let m = meeting(&db, &sec).await;
    let s = session(&db, &sec, m, "2026-12-08", "Opening").await;
    service::save_item(&db, &sec, &item(m, s, "09:00", "09:30", "Welcome")).await.unwrap();
    assert!(matches!(service::delete_session(&db, &sec, s, "7").await, Err(ServiceError::Conflict(_))));
    service::delete_session(&db, &sec, s, "1").await.unwrap();
    assert_eq!(service::editor(&db, &sec, m).await.unwrap().draft.item_count(), 0);
}

#[tokio::test]
async fn meeting_dates_cannot_shrink_past_existing_sessions() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let m = meeting(&db, &sec).await;
    session(&db, &sec, m, "2026-12-10", "Closing").await;
    let f = app::features::meetings::types::MeetingForm {
        id: m.to_string(),
        version: "1".into(),
        end_date: "2026-12-09".into(),
        ..meeting_form()
    };
    assert_eq!(fields(app::features::meetings::service::update(&db, &sec, &f).await.unwrap_err()), vec!["end_date"]);
}

#[tokio::test]
async fn only_the_secretariat_changes_a_meeting_or_its_agenda() {
    use app::features::agenda::types::{ItemForm, PublishForm, SessionForm};
    use app::ssr::ServiceError;
    let db = db().await;
    let sec = secretariat(&db).await;
    let m = meeting(&db, &sec).await;
    let fp = user(&db, "fp@gov.tz", app::domain::Role::FocalPoint, Some("TZ")).await;
    let forbidden = |r: Result<i32, ServiceError>| assert!(matches!(r, Err(ServiceError::Forbidden)), "{r:?}");
    // The services check the role themselves, whoever calls them.
    forbidden(app::features::meetings::service::create(&db, &fp, &meeting_form()).await);
    assert!(matches!(app::features::meetings::service::transition(&db, &fp, m, "1", "announced").await, Err(ServiceError::Forbidden)));
    let session = SessionForm { meeting_id: m.to_string(), day: "2026-12-08".into(), title: "Opening".into(), ..Default::default() };
    forbidden(service::save_session(&db, &fp, &session).await);
    let s = service::save_session(&db, &sec, &session).await.unwrap();
    let item = ItemForm {
        meeting_id: m.to_string(),
        session_id: s.to_string(),
        kind: "item".into(),
        start: "09:00".into(),
        end: "09:30".into(),
        title: "Welcome".into(),
        ..Default::default()
    };
    forbidden(service::save_item(&db, &fp, &item).await);
    forbidden(service::move_session(&db, &fp, s, true).await);
    forbidden(service::delete_session(&db, &fp, s, "1").await);
    forbidden(service::publish(&db, &fp, &PublishForm { meeting_id: m.to_string(), note: "v1".into() }).await);
    assert!(matches!(service::editor(&db, &fp, m).await, Err(ServiceError::Forbidden)));
}

/// The live agenda: the secretariat marks the item under way and announces a delay, a room or a
/// note; "now and next" follows; a delay or a room is published at once as a new revision of
/// the latest published one (work in progress stays unpublished) and the working copy follows.
#[tokio::test]
async fn the_live_agenda_marks_the_item_under_way_and_publishes_delays_and_rooms() {
    use app::features::agenda::live;
    use app::features::agenda::types::LiveForm;
    let db = db().await;
    let sec = secretariat(&db).await;
    let fp = user(&db, "fp@tz.example", app::domain::Role::FocalPoint, Some("TZ")).await;
    let m = meeting(&db, &sec).await;
    app::features::meetings::service::transition(&db, &sec, m, "1", "announced").await.unwrap();
    let now = chrono::Utc::now();
    let s = session(&db, &sec, m, "2026-12-08", "Opening").await;
    let other = session(&db, &sec, m, "2026-12-08", "Parallel").await;
    let welcome = service::save_item(&db, &sec, &item(m, s, "09:00", "09:30", "Welcome")).await.unwrap();
    let keynote = service::save_item(&db, &sec, &item(m, s, "09:30", "10:00", "Keynote")).await.unwrap();
    let panel = service::save_item(&db, &sec, &item(m, other, "09:30", "10:30", "Panel")).await.unwrap();
    let form =
        |kind: &str, item: i32| LiveForm { meeting_id: m.to_string(), kind: kind.into(), item_id: item.to_string(), ..Default::default() };
    // Nothing published yet: nothing to announce on an item.
    assert_eq!(fields(live::announce(&db, &sec, &form("current", welcome), now).await.unwrap_err()), vec!["item_id"]);
    service::publish(&db, &sec, &PublishForm { meeting_id: m.to_string(), note: "v1".into() }).await.unwrap();
    // Work in progress in the working copy, not published.
    service::save_item(&db, &sec, &item(m, s, "11:00", "11:30", "Draft item")).await.unwrap();

    assert!(matches!(live::announce(&db, &fp, &form("current", welcome), now).await, Err(ServiceError::Forbidden)));
    assert_eq!(fields(live::announce(&db, &sec, &form("shout", welcome), now).await.unwrap_err()), vec!["kind"]);
    assert_eq!(fields(live::announce(&db, &sec, &form("current", 999_999), now).await.unwrap_err()), vec!["item_id"]);
    live::announce(&db, &sec, &form("current", welcome), now).await.unwrap();
    let v = live::live(&db, None, m, now).await.unwrap();
    assert_eq!(v.now.as_ref().map(|i| i.id), Some(welcome));
    assert_eq!(v.next.iter().map(|i| i.id).collect::<Vec<_>>(), [keynote, panel]);
    assert!(!v.can_control && v.items.is_empty(), "the public sees no controls");

    // A delay: bounded, then moves the item and its session's later ones, not the parallel session.
    for bad in ["0", "241", "soon"] {
        let f = LiveForm { delay: bad.into(), ..form("delay", welcome) };
        assert_eq!(fields(live::announce(&db, &sec, &f, now).await.unwrap_err()), vec!["delay"]);
    }
    let f = LiveForm { delay: "15".into(), note: "Late arrivals".into(), ..form("delay", welcome) };
    live::announce(&db, &sec, &f, now).await.unwrap();
    let page = service::published(&db, None, m, None).await.unwrap();
    let rev = page.revision.unwrap();
    assert_eq!(rev.number, 2);
    assert!(rev.note.starts_with("Delay of 15 min from \u{201c}Welcome\u{201d}"), "{}", rev.note);
    let times: Vec<(String, String, String)> = rev
        .agenda
        .days
        .iter()
        .flat_map(|d| d.sessions.iter().flat_map(|s| s.items.iter().map(|i| (i.title.clone(), i.start.to_string(), i.end.to_string()))))
        .collect();
    assert_eq!(
        times,
        [
            ("Welcome".into(), "09:15".into(), "09:45".into()),
            ("Keynote".into(), "09:45".into(), "10:15".into()),
            ("Panel".into(), "09:30".into(), "10:30".into())
        ],
        "the draft item stays unpublished"
    );
    assert!(page.announcements[0].kind == "delay" && page.announcements[0].delay == 15);
    // The same delay sent again from the page that showed revision 1 (a second click): refused.
    let again = LiveForm { delay: "15".into(), revision: "1".into(), ..form("delay", welcome) };
    assert!(matches!(live::announce(&db, &sec, &again, now).await, Err(ServiceError::Conflict(_))));
    // The working copy follows (the next publication does not undo the delay).
    use sea_orm::EntityTrait;
    let row = |id: i32| {
        let db = db.clone();
        async move { app::ssr::entities::agenda_item::Entity::find_by_id(id).one(&db).await.unwrap().unwrap() }
    };
    assert_eq!((row(keynote).await.start_minute, row(keynote).await.end_minute), (9 * 60 + 45, 10 * 60 + 15));
    assert_eq!(row(panel).await.start_minute, 9 * 60 + 30);

    // A room: published too; a note: just said.
    let f = LiveForm { room: "Kilimanjaro".into(), ..form("room", keynote) };
    live::announce(&db, &sec, &f, now).await.unwrap();
    assert_eq!(service::published(&db, None, m, None).await.unwrap().revision.unwrap().number, 3);
    assert_eq!(fields(live::announce(&db, &sec, &LiveForm { ..form("room", keynote) }, now).await.unwrap_err()), vec!["room"]);
    let f = LiveForm { note: "Lunch is served on the terrace.".into(), item_id: String::new(), ..form("note", 0) };
    live::announce(&db, &sec, &f, now).await.unwrap();
    let v = live::live(&db, Some(&sec), m, now).await.unwrap();
    assert_eq!(v.announcements.iter().map(|a| a.kind.as_str()).collect::<Vec<_>>(), ["note", "room", "delay"]);
    assert!(v.can_control && v.items.len() == 3);
    assert_eq!(service::published(&db, None, m, None).await.unwrap().revision.unwrap().number, 3, "a note publishes nothing");
}

/// Speakers lists: a delegation (its head or focal point) asks for the floor on an item; the
/// chair orders, starts and stops speakers against the speaking time; the times are kept and
/// offered to the minutes of that item.
#[tokio::test]
async fn a_speakers_list_is_asked_for_by_delegations_and_run_by_the_chair() {
    use app::domain::{CountryCode, Role};
    use app::features::agenda::speakers;
    use app::features::agenda::types::SpeakerForm;
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 20, 10, false).await;
    let s = session(&db, &sec, mid, "2026-12-08", "Opening").await;
    let item = service::save_item(&db, &sec, &item(mid, s, "09:00", "10:00", "Labour migration")).await.unwrap();
    service::publish(&db, &sec, &PublishForm { meeting_id: mid.to_string(), note: "v1".into() }).await.unwrap();
    registered(&db, &sec, mid, "head@gov.tz", "head_of_delegation", true).await;
    let head = user(&db, "head@gov.tz", Role::Delegate, None).await;
    let fp_mz = user(&db, "fp@mz.example", Role::FocalPoint, Some("MZ")).await;
    let someone = user(&db, "someone@gov.zm", Role::Delegate, None).await;
    let t0: chrono::DateTime<chrono::Utc> = "2026-12-08T07:00:00Z".parse().unwrap();
    let form = |action: &str, id: i32| SpeakerForm {
        meeting_id: mid.to_string(),
        item_id: item.to_string(),
        action: action.into(),
        id: id.to_string(),
        ..Default::default()
    };
    // The head of delegation asks for Tanzania, the focal point for Mozambique; a delegate who
    // is neither cannot, nor can they run the list.
    speakers::act(&db, &head, &form("ask", 0), t0).await.unwrap();
    assert_eq!(fields(speakers::act(&db, &head, &form("ask", 0), t0).await.unwrap_err()), vec!["country"], "once while waiting");
    speakers::act(&db, &fp_mz, &form("ask", 0), t0).await.unwrap();
    assert!(matches!(speakers::act(&db, &someone, &form("ask", 0), t0).await, Err(ServiceError::Forbidden)));
    let v = speakers::speakers(&db, &head, mid, Some(item), t0).await.unwrap();
    assert_eq!(v.my_delegation, CountryCode::parse("c", "TZ").ok());
    assert!(!v.can_chair);
    let ids: Vec<i32> = v.entries.iter().map(|e| e.id).collect();
    assert_eq!(v.entries.iter().map(|e| e.country.code()).collect::<Vec<_>>(), ["TZ", "MZ"]);
    assert!(matches!(speakers::act(&db, &head, &form("start", ids[0]), t0).await, Err(ServiceError::Forbidden)));
    assert!(matches!(speakers::act(&db, &head, &form("remove", ids[1]), t0).await, Err(ServiceError::Forbidden)), "not another's");
    // The chair: Mozambique first, three minutes each, and the clock.
    speakers::act(&db, &sec, &form("down", ids[0]), t0).await.unwrap();
    speakers::act(&db, &sec, &SpeakerForm { minutes: "3".into(), ..form("limit", 0) }, t0).await.unwrap();
    assert_eq!(
        fields(speakers::act(&db, &sec, &SpeakerForm { minutes: "90".into(), ..form("limit", 0) }, t0).await.unwrap_err()),
        vec!["minutes"]
    );
    speakers::act(&db, &sec, &form("start", ids[1]), t0).await.unwrap();
    let v = speakers::speakers(&db, &sec, mid, Some(item), t0 + chrono::Duration::seconds(200)).await.unwrap();
    assert_eq!((v.limit, v.entries[0].country.code(), v.entries[0].state.as_str(), v.entries[0].spoken), (180, "MZ", "speaking", 200));
    // Starting the next speaker stops the one speaking.
    speakers::act(&db, &sec, &form("start", ids[0]), t0 + chrono::Duration::seconds(200)).await.unwrap();
    speakers::act(&db, &sec, &form("stop", ids[0]), t0 + chrono::Duration::seconds(290)).await.unwrap();
    assert_eq!(
        speakers::spoken_on(&db, mid, item).await.unwrap().iter().map(|(c, s)| (c.code(), *s)).collect::<Vec<_>>(),
        [("MZ", 200), ("TZ", 90)]
    );
    // An item not on the published agenda is refused.
    assert_eq!(
        fields(speakers::act(&db, &sec, &SpeakerForm { item_id: "999999".into(), ..form("ask", 0) }, t0).await.unwrap_err()),
        vec!["item_id"]
    );
}
