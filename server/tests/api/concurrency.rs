//! Concurrency over HTTP (the whole stack: sessions, server functions, services, database),
//! on SQLite and PostgreSQL: simultaneous registrations at capacity never overbook,
//! simultaneous edits of one meeting or agenda item never lose an update silently (one wins,
//! the others get a 409 and nothing of theirs is stored), and simultaneous submissions or
//! reviews of one progress report make exactly one version. No request gets a 5xx.

use crate::helpers::*;
use app::domain::Role;
use app::ssr::entities::{agenda_item, meeting, progress_report, registration};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Fires `n` requests at once (each built by `make(i)`) and returns their statuses and bodies.
async fn together<F, Fut>(n: usize, make: F) -> Vec<(StatusCode, String)>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = reqwest::Response> + Send + 'static,
{
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(n));
    let mut tasks = Vec::new();
    for i in 0..n {
        let fut = make(i);
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let res = fut.await;
            let status = res.status();
            (status, res.text().await.unwrap_or_default())
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.expect("request task"));
    }
    assert!(
        out.iter().all(|(s, _)| !s.is_server_error()),
        "no 5xx: {:?}",
        out.iter().filter(|(s, _)| s.is_server_error()).collect::<Vec<_>>()
    );
    out
}

fn count(results: &[(StatusCode, String)], status: StatusCode) -> usize {
    results.iter().filter(|(s, _)| *s == status).count()
}

/// A POST of server-function form fields, as a future that owns everything it needs.
fn post(s: &Session, path: &str, fields: Vec<(String, String)>) -> impl std::future::Future<Output = reqwest::Response> + Send + 'static {
    let body: Vec<(String, String)> = fields.into_iter().map(|(k, v)| (format!("form[{k}]"), v)).collect();
    let req = s.client.post(format!("{}{path}", s.base)).form(&body);
    async move { req.send().await.expect("request") }
}

fn owned(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_registrations_at_capacity_never_overbook() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let settings = [("capacity", "20"), ("quota", "100"), ("cat_delegate", "on"), ("approval_required", "on")];
    let m = open_for_registration(&sec, "Full meeting", &settings).await;
    let fp = app.signed_in("fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    // 80 different people (the secretariat's and the focal point's sessions alternate) and the
    // same person 10 more times, all at once.
    let results = together(90, |i| {
        let email = if i < 80 { format!("p{i}@gov.tz.example") } else { "twice@gov.tz.example".to_string() };
        let fields = owned(&[
            ("meeting_id", &m),
            ("category", "delegate"),
            ("country", "TZ"),
            ("given_name", "Amani"),
            ("family_name", &format!("Person{i}")),
            ("position", "Officer"),
            ("email", &email),
        ]);
        post(if i % 2 == 0 { &sec } else { &fp }, "/api/registration/register", fields)
    })
    .await;
    assert_eq!(count(&results, StatusCode::OK), 81, "80 people and the repeated one once: {results:?}");
    assert_eq!(count(&results, StatusCode::UNPROCESSABLE_ENTITY), 9, "the repeats are refused on the email field");
    let regs =
        registration::Entity::find().filter(registration::Column::MeetingId.eq(m.parse::<i32>().unwrap())).all(&app.db).await.unwrap();
    assert_eq!(regs.len(), 81);
    let holding = regs
        .iter()
        .filter(|r| r.status == app::domain::RegistrationStatus::Pending || r.status == app::domain::RegistrationStatus::Approved)
        .count();
    assert_eq!(holding, 20, "exactly the capacity holds places");
    assert_eq!(regs.iter().filter(|r| r.status == app::domain::RegistrationStatus::Waitlisted).count(), 61, "everyone else waits");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_edits_of_one_meeting_or_item_lose_no_update_silently() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let sec2 = app.signed_in("sec2@iom.example", Role::Secretariat, None).await;
    let id = create_meeting(&sec, "Edited meeting").await;
    let results = together(12, |i| {
        let mut fields: Vec<(String, String)> = meeting_fields("x").into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        for (k, v) in fields.iter_mut() {
            match k.as_str() {
                "id" => *v = id.to_string(),
                "title" => *v = format!("Title from editor {i}"),
                _ => {}
            }
        }
        fields.push(("version".into(), "1".into()));
        post(if i % 2 == 0 { &sec } else { &sec2 }, "/api/meetings/save", fields)
    })
    .await;
    assert_eq!(count(&results, StatusCode::OK), 1, "exactly one edit wins: {results:?}");
    assert_eq!(count(&results, StatusCode::CONFLICT), 11, "the others are told the meeting changed");
    let winner = results.iter().position(|(s, _)| *s == StatusCode::OK).unwrap();
    let m = meeting::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((m.version, m.title.as_str()), (2, format!("Title from editor {winner}").as_str()));

    // The same for one agenda item.
    let res = sec.post("/api/agenda/sessions/save", &[("meeting_id", &id.to_string()), ("day", "2027-03-10"), ("title", "Opening")]).await;
    let session: i32 = res.json().await.unwrap();
    let item_fields = |title: &str| {
        owned(&[
            ("meeting_id", &id.to_string()),
            ("session_id", &session.to_string()),
            ("start", "09:00"),
            ("end", "09:30"),
            ("title", title),
        ])
    };
    let res =
        sec.post("/api/agenda/items/save", &item_fields("Welcome").iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let item: i32 = res.json().await.unwrap();
    let results = together(12, |i| {
        let mut f = item_fields(&format!("Welcome by editor {i}"));
        f.push(("id".into(), item.to_string()));
        f.push(("version".into(), "1".into()));
        post(if i % 2 == 0 { &sec } else { &sec2 }, "/api/agenda/items/save", f)
    })
    .await;
    assert_eq!(count(&results, StatusCode::OK), 1, "{results:?}");
    assert_eq!(count(&results, StatusCode::CONFLICT), 11);
    let winner = results.iter().position(|(s, _)| *s == StatusCode::OK).unwrap();
    let it = agenda_item::Entity::find_by_id(item).one(&app.db).await.unwrap().unwrap();
    assert_eq!((it.version, it.title.as_str()), (2, format!("Welcome by editor {winner}").as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_progress_submissions_and_reviews_make_one_version() {
    use app::features::reports::types::CycleForm;
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let sec2 = app.signed_in("sec2@iom.example", Role::Secretariat, None).await;
    let fp = app.signed_in("fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    let fp2 = app.signed_in("fp2@tz.example", Role::FocalPoint, Some("TZ")).await;
    // An adopted plan of two recommendations (all states responsible) and an open cycle.
    let actor = server::benchdata::account(&app.db).await.unwrap();
    let m = server::benchdata::plan_of_action(&app.db, &actor, 2, 0).await.unwrap();
    let today = chrono::Utc::now().date_naive();
    let cycle = app::features::reports::service::open_cycle(
        &app.db,
        &actor,
        &CycleForm {
            meeting_id: m.to_string(),
            title: "Concurrent cycle".into(),
            opens_on: (today - chrono::Duration::days(1)).to_string(),
            due_on: (today + chrono::Duration::days(30)).to_string(),
            recommendations: vec![],
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let rec = app::features::plan::service::recommendations_of(&app.db, m).await.unwrap()[0].id;
    let report = |narrative: String| {
        owned(&[
            ("cycle_id", &cycle.to_string()),
            ("recommendation_id", &rec.to_string()),
            ("status", "in_progress"),
            ("percent", "40"),
            ("narrative", &narrative),
            ("submit", "on"),
        ])
    };
    // Two focal points of Tanzania (and double clicks) submit the same report at once.
    let results = together(12, |i| post(if i % 2 == 0 { &fp } else { &fp2 }, "/api/reports/save", report(format!("Submission {i}")))).await;
    assert_eq!(count(&results, StatusCode::OK), 1, "one submission is taken: {results:?}");
    assert!(results.iter().all(|(s, _)| [StatusCode::OK, StatusCode::CONFLICT, StatusCode::UNPROCESSABLE_ENTITY].contains(s)));
    let versions = || async {
        progress_report::Entity::find()
            .filter(progress_report::Column::CycleId.eq(cycle))
            .filter(progress_report::Column::Reporter.eq("TZ"))
            .all(&app.db)
            .await
            .unwrap()
    };
    let v = versions().await;
    assert_eq!(v.len(), 1, "one version");
    assert_eq!((v[0].seq, v[0].state.as_str()), (1, "submitted"));
    let winner = results.iter().position(|(s, _)| *s == StatusCode::OK).unwrap();
    assert_eq!(v[0].narrative_md, format!("Submission {winner}"), "the stored text is the accepted request's");

    // Two secretariat users review it at once, one validating and one returning it: one wins.
    let results = together(8, |i| {
        let f = owned(&[
            ("report_id", &v[0].id.to_string()),
            ("decision", if i % 2 == 0 { "validate" } else { "return" }),
            ("comment", "Please add the evidence."),
        ]);
        post(if i % 2 == 0 { &sec } else { &sec2 }, "/api/reports/review", f)
    })
    .await;
    assert_eq!(count(&results, StatusCode::OK), 1, "one review is taken: {results:?}");
    let v = versions().await;
    assert_eq!(v.len(), 1);
    assert!(v[0].state == app::domain::ReportState::Validated || v[0].state == app::domain::ReportState::Returned, "{:?}", v[0].state);
}
