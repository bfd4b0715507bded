//! Who may call what: every secretariat-only server function and page, refused for the
//! anonymous public (401), delegates and focal points (403), with nothing changed.

use crate::helpers::*;
use app::domain::Role;
use app::ssr::entities::{
    agenda_item, agenda_revision, agenda_session, app_user, audit_log, content_translation, meeting, minutes, minutes_section, outbox,
};
use reqwest::StatusCode;

struct Setup {
    meeting: String,
    session: String,
    item: String,
}

async fn setup(app: &TestApp, sec: &Session) -> Setup {
    // English and French, so that the French translation page exists.
    let fields = [meeting_fields("Access matrix meeting"), vec![("lang_fr", "on")]].concat();
    let res = sec.post("/api/meetings/save", &fields).await;
    assert_eq!(res.status(), StatusCode::OK);
    let m: i32 = res.json().await.unwrap();
    let res = sec.post("/api/agenda/sessions/save", &[("meeting_id", &m.to_string()), ("day", "2027-03-10"), ("title", "Opening")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let s: i32 = res.json().await.unwrap();
    let res = sec
        .post(
            "/api/agenda/items/save",
            &[("meeting_id", &m.to_string()), ("session_id", &s.to_string()), ("start", "09:00"), ("end", "09:30"), ("title", "Welcome")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let i: i32 = res.json().await.unwrap();
    let _ = app;
    Setup { meeting: m.to_string(), session: s.to_string(), item: i.to_string() }
}

/// Every secretariat-only server function, with arguments that the secretariat may use.
fn secretariat_only(s: &Setup) -> Vec<Call> {
    let m = s.meeting.clone();
    vec![
        ("/api/meetings/save", meeting_fields("Sneaky").into_iter().map(|(k, v)| (k, v.to_string())).collect(), true),
        ("/api/meetings/status", vec![("id", m.clone()), ("version", "1".into()), ("to", "announced".into())], true),
        (
            "/api/agenda/sessions/save",
            vec![("meeting_id", m.clone()), ("day", "2027-03-11".into()), ("title", "Sneaky session".into())],
            true,
        ),
        (
            "/api/agenda/items/save",
            vec![
                ("meeting_id", m.clone()),
                ("session_id", s.session.clone()),
                ("start", "10:00".into()),
                ("end", "10:30".into()),
                ("title", "Sneaky item".into()),
            ],
            true,
        ),
        ("/api/agenda/move", vec![("target", "item".into()), ("id", s.item.clone()), ("direction", "down".into())], true),
        // version 2: the secretariat's own pass adds an item and then moves this one first
        ("/api/agenda/delete", vec![("target", "item".into()), ("id", s.item.clone()), ("version", "2".into())], true),
        ("/api/agenda/publish", vec![("meeting_id", m.clone()), ("note", "sneaky".into())], true),
        ("/api/users/invite", vec![("email", "new@x.org".into()), ("display_name", "New".into()), ("role", "delegate".into())], true),
        ("/api/agenda/draft", vec![("meeting_id", m.clone())], false),
        ("/api/users/list", vec![], false),
        ("/api/audit/list", vec![], false),
        ("/api/minutes/create", vec![("meeting_id", m.clone())], false),
        ("/api/translations/overview", vec![("meeting_id", m.clone())], false),
        ("/api/translations/workbench", vec![("meeting_id", m.clone()), ("lang", "fr".into())], false),
        ("/api/translations/save", vec![("meeting_id", m.clone()), ("lang", "fr".into())], true),
        ("/api/minutes/section", vec![("meeting_id", m.clone()), ("title", "Sneaky section".into()), ("body", "x".into())], true),
        (
            "/api/minutes/step",
            vec![("meeting_id", m.clone()), ("version", "2".into()), ("step", "access".into()), ("access", "public".into())],
            true,
        ),
    ]
}

async fn snapshot(app: &TestApp) -> [u64; 10] {
    [
        app.count(meeting::Entity).await,
        app.count(agenda_session::Entity).await,
        app.count(agenda_item::Entity).await,
        app.count(agenda_revision::Entity).await,
        app.count(app_user::Entity).await,
        app.count(audit_log::Entity).await,
        app.count(outbox::Entity).await,
        app.count(minutes::Entity).await,
        app.count(minutes_section::Entity).await,
        app.count(content_translation::Entity).await,
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secretariat_functions_refuse_everyone_else_and_change_nothing() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let setup = setup(&app, &sec).await;
    let delegate = app.signed_in("delegate@x.org", Role::Delegate, None).await;
    let focal = app.signed_in("focal@x.org", Role::FocalPoint, Some("TZ")).await;
    let anonymous = app.client();
    let before = snapshot(&app).await;
    for (path, fields, wrapped) in secretariat_only(&setup) {
        for (who, session, expected) in [
            ("anonymous", &anonymous, StatusCode::UNAUTHORIZED),
            ("delegate", &delegate, StatusCode::FORBIDDEN),
            ("focal point", &focal, StatusCode::FORBIDDEN),
        ] {
            let res = call(session, path, &fields, wrapped).await;
            assert_eq!(res.status(), expected, "{who} calling {path}");
            let body: serde_json::Value = res.json().await.unwrap();
            assert_eq!(body["error"], if expected == StatusCode::UNAUTHORIZED { "unauthenticated" } else { "forbidden" });
        }
    }
    assert_eq!(snapshot(&app).await, before, "refused calls changed nothing");
    // The secretariat may call every one of them.
    for (path, fields, wrapped) in secretariat_only(&setup) {
        let res = call(&sec, path, &fields, wrapped).await;
        assert_eq!(res.status(), StatusCode::OK, "secretariat calling {path}: {}", res.text().await.unwrap_or_default());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secretariat_pages_answer_401_or_403() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let m = create_meeting(&sec, "Pages meeting").await;
    let delegate = app.signed_in("delegate@x.org", Role::Delegate, None).await;
    let anonymous = app.client();
    let pages = [
        "/admin/users".to_string(),
        "/admin/audit".into(),
        "/meetings/new".into(),
        format!("/meetings/{m}/edit"),
        format!("/meetings/{m}/agenda/edit"),
        format!("/meetings/{m}/translations"),
    ];
    for p in &pages {
        assert_eq!(anonymous.get(p).await.status(), StatusCode::UNAUTHORIZED, "anonymous {p}");
        assert_eq!(sec.get(p).await.status(), StatusCode::OK, "secretariat {p}");
    }
    for p in &pages[..3] {
        assert_eq!(delegate.get(p).await.status(), StatusCode::FORBIDDEN, "delegate {p}");
    }
    // The meeting is a draft: invisible (404) to everyone but the secretariat, page and API alike.
    for p in [format!("/meetings/{m}"), format!("/meetings/{m}/agenda"), format!("/meetings/{m}/calendar.ics")] {
        assert_eq!(delegate.get(&p).await.status(), StatusCode::NOT_FOUND, "delegate {p}");
    }
    let res = anonymous.post_raw("/api/meetings/get", &[("id", &m.to_string())]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(sec.get(&format!("/meetings/{m}")).await.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_posts_are_refused() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let before = snapshot(&app).await;
    let body: Vec<(String, String)> = meeting_fields("CSRF").into_iter().map(|(k, v)| (format!("form[{k}]"), v.to_string())).collect();
    let res = sec
        .client
        .post(format!("{}/api/meetings/save", app.base))
        .header("Origin", "https://evil.example")
        .form(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // No Origin and no Referer while carrying the session cookie: refused too.
    let bare = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let login = [("form[email]", "sec@iom.example"), ("form[password]", PASSWORD)];
    let res = bare.post(format!("{}/api/auth/login", app.base)).header("Accept", "application/json").form(&login).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "a cookie-less client may sign in");
    let res = bare.post(format!("{}/api/meetings/save", app.base)).form(&body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let after = snapshot(&app).await;
    assert_eq!(after[0], before[0], "no meeting created");
}
