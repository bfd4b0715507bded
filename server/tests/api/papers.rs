//! Briefing papers over HTTP: only the secretariat writes; readers see what their access allows,
//! and everything else is a 404 (a title is never revealed).

use crate::helpers::*;
use app::domain::Role;
use app::ssr::entities::{paper, paper_version};
use reqwest::StatusCode;

fn paper_fields<'a>(m: &'a str, access: &'a str, title: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("id", ""), ("meeting_id", m), ("lang", "en"), ("access", access), ("title", title), ("body", "Some **text**")]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_secretariat_writes_papers_and_readers_see_what_they_may() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let m = create_meeting(&sec, "Papers meeting").await.to_string();
    for (version, to) in [("1", "announced")] {
        assert_eq!(sec.post("/api/meetings/status", &[("id", &m), ("version", version), ("to", to)]).await.status(), StatusCode::OK);
    }
    let delegate = app.signed_in("d@gov.example", Role::Delegate, None).await;
    let focal = app.signed_in("fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    let anonymous = app.client();
    for (who, s, status) in [
        ("anonymous", &anonymous, StatusCode::UNAUTHORIZED),
        ("delegate", &delegate, StatusCode::FORBIDDEN),
        ("focal point", &focal, StatusCode::FORBIDDEN),
    ] {
        assert_eq!(s.post("/api/papers/save", &paper_fields(&m, "public", "Sneaky")).await.status(), status, "{who} save");
        assert_eq!(s.get(&format!("/papers/new?meeting={m}")).await.status(), status, "{who} new-paper page");
    }
    assert_eq!(app.count(paper::Entity).await, 0, "refused calls saved nothing");
    let bad = [("id", ""), ("meeting_id", m.as_str()), ("lang", "xx"), ("access", "public"), ("title", ""), ("body", "")];
    assert_eq!(error_fields(sec.post("/api/papers/save", &bad).await).await, vec!["lang", "title", "body"]);
    let res = sec.post("/api/papers/save", &paper_fields(&m, "public", "Open paper")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let open: i32 = res.json().await.unwrap();
    let res = sec.post("/api/papers/save", &paper_fields(&m, "secretariat", "Internal note")).await;
    let internal: i32 = res.json().await.unwrap();
    assert_eq!(app.count(paper_version::Entity).await, 2);
    for s in [&anonymous, &delegate] {
        assert_eq!(s.get(&format!("/papers/{open}")).await.status(), StatusCode::OK);
        let page = s.get(&format!("/papers/{internal}")).await;
        assert_eq!(page.status(), StatusCode::NOT_FOUND);
        assert!(!page.text().await.unwrap().contains("Internal note"));
        let res = s.post_raw("/api/papers/get", &[("id", &internal.to_string())]).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let list = s.get(&format!("/meetings/{m}/papers")).await.text().await.unwrap();
        assert!(list.contains("Open paper") && !list.contains("Internal note"));
        assert_eq!(s.post_raw("/api/papers/version", &[("id", &open.to_string()), ("number", "1")]).await.status().as_u16() / 100, 4);
    }
    assert_eq!(sec.get(&format!("/papers/{internal}")).await.status(), StatusCode::OK);
    assert_eq!(sec.get(&format!("/papers/{open}/versions/1")).await.status(), StatusCode::OK);
}
