use crate::helpers::*;
use app::domain::{ClockTime, ItemKind, PersonRef};
use app::features::agenda::types::{AgendaDay, AgendaItem, AgendaSession, AgendaSnapshot, RevisionView};
use app::ssr::entities::meeting;
use chrono::{NaiveDate, TimeZone, Utc};
use reqwest::StatusCode;

fn model() -> meeting::Model {
    let at = Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).unwrap();
    meeting::Model {
        id: 7,
        kind: app::domain::MeetingKind::MinisterialConference,
        title: "MIDSA Ministerial Conference".into(),
        description_md: "Review of *mixed migration*; commas, and semicolons.".into(),
        description_html: String::new(),
        venue: "JNICC".into(),
        city: "Dar es Salaam".into(),
        host_country: "TZ".into(),
        timezone: "Africa/Dar_es_Salaam".into(),
        start_date: NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
        end_date: NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
        languages: "en,fr".into(),
        status: app::domain::MeetingStatus::Announced,
        chair: String::new(),
        co_organisers: String::new(),
        version: 2,
        created_at: at,
        updated_at: at,
        source_lang: app::domain::Lang::En,
    }
}

fn revision(number: i32) -> RevisionView {
    let t = |s| ClockTime::parse("t", s).unwrap();
    let item = |id, start, end, title: &str, kind| AgendaItem {
        id,
        kind,
        start: t(start),
        end: t(end),
        title: title.into(),
        description_md: String::new(),
        description_html: String::new(),
        room: String::new(),
        chair: None,
        speakers: vec![],
        version: 1,
        original_lang: None,
        viewer_time: None,
    };
    let mut opening = item(11, "09:00", "09:30", "Opening remarks", ItemKind::Item);
    opening.speakers =
        vec![PersonRef { name: "Hon. Minister".into(), role: "Minister of Home Affairs".into(), affiliation: "Tanzania".into() }];
    opening.description_md = "Welcome to all **delegations**.".into();
    RevisionView {
        number,
        published_at: Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap(),
        note: String::new(),
        changes: vec![].into(),
        agenda: AgendaSnapshot {
            days: vec![AgendaDay {
                date: NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
                sessions: vec![AgendaSession {
                    id: 3,
                    title: "Opening session".into(),
                    room: "Plenary Hall".into(),
                    chair: None,
                    version: 1,
                    items: vec![opening, item(12, "09:30", "10:00", "Coffee break", ItemKind::Break)],
                    original_lang: None,
                }],
            }],
        }
        .into(),
        html: Default::default(),
    }
}

#[test]
fn calendar_snapshot() {
    let ics = server::ical::render(&model(), Some(&revision(2)), "https://midsa.example.org", Utc::now());
    insta::assert_snapshot!(ics.replace("\r\n", "\n"));
}

/// Checks a calendar with an independent parser: Python's `icalendar` package.
fn validate_with_python(ics: &str) -> serde_json::Value {
    let dir = std::env::temp_dir().join(format!("midsa-ics-{:016x}.ics", rand::random::<u64>()));
    std::fs::write(&dir, ics).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/validate_ics.py");
    let out = std::process::Command::new("python3").arg(script).arg(&dir).output().expect("python3 runs");
    assert!(out.status.success(), "icalendar rejected the file: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn an_independent_parser_reads_the_calendar() {
    let ics = server::ical::render(&model(), Some(&revision(3)), "https://midsa.example.org", Utc::now());
    let v = validate_with_python(&ics);
    let events = v["events"].as_array().unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(events[0]["uid"], "meeting-7@midsa.example.org");
    assert_eq!(events[0]["start"], "2026-12-08");
    assert_eq!(events[0]["end"], "2026-12-11");
    assert_eq!(events[1]["uid"], "agenda-item-11@midsa.example.org");
    // 09:00 in Dar es Salaam (UTC+3) is 06:00 UTC.
    assert_eq!(events[1]["start"], "2026-12-08T06:00:00+00:00");
    assert_eq!(events[1]["end"], "2026-12-08T06:30:00+00:00");
    assert_eq!(events[1]["sequence"], 2);
    assert!(events[1]["description"].as_str().unwrap().contains("Hon. Minister (Minister of Home Affairs, Tanzania)"));
    assert_eq!(events[1]["url"], "https://midsa.example.org/meetings/7/agenda#item-11");
    assert_eq!(events[2]["transp"], "TRANSPARENT");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_calendar_route_follows_revisions() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", app::domain::Role::Secretariat, None).await;
    let m = create_meeting(&sec, "Calendar meeting").await.to_string();
    let s: i32 = sec
        .post("/api/agenda/sessions/save", &[("meeting_id", &m), ("day", "2027-03-10"), ("title", "Opening")])
        .await
        .json()
        .await
        .unwrap();
    let item: i32 = sec
        .post(
            "/api/agenda/items/save",
            &[("meeting_id", &m), ("session_id", &s.to_string()), ("start", "09:00"), ("end", "09:30"), ("title", "Welcome")],
        )
        .await
        .json()
        .await
        .unwrap();
    sec.post("/api/agenda/publish", &[("meeting_id", &m), ("note", "")]).await;
    let res = sec.get(&format!("/meetings/{m}/calendar.ics")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get("content-type").unwrap(), "text/calendar; charset=utf-8");
    let first = validate_with_python(&res.text().await.unwrap());
    let ev = &first["events"][1];
    assert_eq!(ev["uid"], format!("agenda-item-{item}@127.0.0.1"));
    assert_eq!(ev["sequence"], 0);
    // Maputo is UTC+2.
    assert_eq!(ev["start"], "2027-03-10T07:00:00+00:00");
    // Revision 2 moves the item: same UID, higher SEQUENCE, new time.
    sec.post(
        "/api/agenda/items/save",
        &[
            ("meeting_id", &m),
            ("id", &item.to_string()),
            ("version", "1"),
            ("session_id", &s.to_string()),
            ("start", "10:00"),
            ("end", "10:30"),
            ("title", "Welcome"),
        ],
    )
    .await;
    sec.post("/api/agenda/publish", &[("meeting_id", &m), ("note", "moved")]).await;
    let second = validate_with_python(&sec.get(&format!("/meetings/{m}/calendar.ics")).await.text().await.unwrap());
    let ev = &second["events"][1];
    assert_eq!(
        (ev["uid"].clone(), ev["sequence"].clone(), ev["start"].clone()),
        (first["events"][1]["uid"].clone(), serde_json::json!(1), serde_json::json!("2027-03-10T08:00:00+00:00"))
    );
    // A draft meeting's calendar is not public.
    assert_eq!(app.client().get(&format!("/meetings/{m}/calendar.ics")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.client().get("/meetings/abc/calendar.ics").await.status(), StatusCode::NOT_FOUND);
}

/// RFC 5545: no content line over 75 octets (folded between characters, never inside one),
/// CRLF everywhere, with long descriptions in the three languages (the link back at the end of
/// a DESCRIPTION used to make a line of over 100 octets).
#[test]
fn every_line_is_at_most_75_octets_in_every_language() {
    let mut m = model();
    m.description_md = "Réunion ministérielle sur la migration de main-d’œuvre, la traite des êtres humains et les données. ".repeat(6);
    let mut r = revision(2);
    let items = &mut r.agenda.make_mut().days[0].sessions[0].items;
    items[0].title = "Sessão de abertura: cooperação regional em migração laboral e proteção dos trabalhadores migrantes".into();
    items[0].description_md =
        "Intervenções dos chefes de delegação — não há intérpretes para línguas além do inglês, francês e português. ".repeat(4);
    items[1].description_md = "A long English description of the break, with a 🧭 compass and ŝpecial characters. ".repeat(5);
    let ics = server::ical::render(&m, Some(&r), "https://midsa.example.org", Utc::now());
    assert!(ics.ends_with("\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "a bare line feed");
    for line in ics.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let feed = server::ical::render_feed(
        "MIDSA Dialogue – Inês Machava, Ministério do Interior",
        &[(m.clone(), Some(r.clone()))],
        "https://midsa.example.org",
        Utc::now(),
    );
    for line in feed.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    // And the folded text still reads back whole.
    let v = validate_with_python(&ics);
    assert!(v["events"][1]["description"].as_str().unwrap().contains("não há intérpretes"), "{v}");
}
