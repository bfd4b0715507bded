//! Paper files, the offline pack, minutes and search over HTTP, per role.

use crate::helpers::*;
use app::domain::{Lang, Role};
use app::features::auth::types::CurrentUser;
use app::ssr::entities::{app_user, minutes, paper_file};
use reqwest::header::{ACCEPT, CONTENT_DISPOSITION, CONTENT_TYPE, ETAG, IF_NONE_MATCH, LOCATION, X_CONTENT_TYPE_OPTIONS};
use reqwest::{Response, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

async fn upload(s: &Session, paper: i32, name: &str, bytes: &[u8], json: bool) -> Response {
    try_upload(s, paper, name, bytes, json).await.unwrap()
}

async fn try_upload(s: &Session, paper: i32, name: &str, bytes: &[u8], json: bool) -> reqwest::Result<Response> {
    let boundary = "----midsa-test-boundary";
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    s.client
        .post(format!("{}/papers/{paper}/files", s.base))
        .header(CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(ACCEPT, if json { "application/json" } else { "text/html" })
        .body(body)
        .send()
        .await
}

async fn current(app: &TestApp, email: &str) -> CurrentUser {
    let u = app_user::Entity::find().filter(app_user::Column::Email.eq(email)).one(&app.db).await.unwrap().unwrap();
    app::ssr::auth::to_current_user(&u).unwrap()
}

/// A meeting open for registration (no approval step) with `emails` registered as (category, approved?).
async fn meeting_with(app: &TestApp, sec: &Session, people: &[(&str, &str, bool)]) -> i32 {
    let settings = [("capacity", "50"), ("quota", "9"), ("cat_head_of_delegation", "on"), ("cat_delegate", "on")];
    let ms = open_for_registration(sec, "Documents meeting", &settings).await;
    let m: i32 = ms.parse().unwrap();
    let actor = current(app, "sec@iom.example").await;
    for (email, category, approve) in people {
        let f = app::features::registration::types::RegistrationForm {
            meeting_id: ms.clone(),
            category: category.to_string(),
            country: "MZ".into(),
            given_name: "Lina".into(),
            family_name: "Macuacua".into(),
            position: "Director".into(),
            email: email.to_string(),
            ..Default::default()
        };
        let r = app::features::registration::service::register(&app.db, Some(&actor), &f, Lang::En, &app.base, chrono::Utc::now())
            .await
            .unwrap();
        if !approve {
            app::features::registration::service::withdraw(&app.db, &actor, r.id, &app.base).await.unwrap();
        }
    }
    m
}

async fn new_paper(sec: &Session, m: i32, access: &str, title: &str) -> i32 {
    let ms = m.to_string();
    let res = sec
        .post(
            "/api/papers/save",
            &[("id", ""), ("meeting_id", &ms), ("lang", "en"), ("access", access), ("title", title), ("body", "Body")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_upload_and_download_respect_roles() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let m = meeting_with(&app, &sec, &[("approved@gov.mz", "delegate", true), ("gone@gov.mz", "delegate", false)]).await;
    let pid = new_paper(&sec, m, "delegates", "Delegates brief").await;
    let delegate = app.signed_in("approved@gov.mz", Role::Delegate, None).await;
    let gone = app.signed_in("gone@gov.mz", Role::Delegate, None).await;
    let anonymous = app.client();
    assert_eq!(upload(&anonymous, pid, "a.pdf", PDF, true).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(upload(&delegate, pid, "a.pdf", PDF, true).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count(paper_file::Entity).await, 0);
    // Refused files: a specific error on the `file` field (JSON), or back to the form (browser).
    assert_eq!(error_fields(upload(&sec, pid, "evil.pdf", b"<script>alert(1)</script>", true).await).await, vec!["file"]);
    assert_eq!(
        error_fields(upload(&sec, pid, "big.pdf", &[b"%PDF-".as_slice(), &vec![b'x'; 1024 * 1024]].concat(), true).await).await,
        vec!["file"]
    );
    // Far over the limit, the server stops reading: the client gets 422 or, if it was still
    // sending, a closed connection. Either way nothing is stored (checked below).
    let huge = [b"%PDF-".as_slice(), &vec![b'x'; 3 * 1024 * 1024]].concat();
    if let Ok(res) = try_upload(&sec, pid, "huge.pdf", &huge, true).await {
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["fields"][0]["code"], "file_too_large", "{v}");
    }
    let res = upload(&sec, pid, "evil.pdf", b"<html>", false).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers()[LOCATION].to_str().unwrap().starts_with(&format!("/papers/{pid}?file_error=")));
    assert_eq!(app.count(paper_file::Entity).await, 0, "nothing saved from refused uploads");
    let res = upload(&sec, pid, "../Annex<1>.pdf", PDF, false).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let f = paper_file::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(f.name, "Annex 1.pdf");
    let url = format!("/papers/{pid}/files/{}/Annex%201.pdf", f.id);
    let res = delegate.get(&url).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[CONTENT_TYPE], "application/pdf");
    assert_eq!(res.headers()[X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(res.headers()[CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment; filename=\"Annex 1.pdf\""));
    let etag = res.headers()[ETAG].clone();
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    let again = delegate.client.get(format!("{}{url}", delegate.base)).header(IF_NONE_MATCH, etag).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "slow connections do not download twice");
    for (who, s) in [("anonymous", &anonymous), ("withdrawn delegate", &gone)] {
        assert_eq!(s.get(&url).await.status(), StatusCode::NOT_FOUND, "{who}");
    }
    // The paper page lists the file with its size; the pack is a ZIP for every reader.
    let page = delegate.get(&format!("/papers/{pid}")).await.text().await.unwrap();
    assert!(page.contains("Annex 1.pdf") && page.contains(&format!("{}\u{a0}B", PDF.len())), "size shown");
    let list = delegate.get(&format!("/meetings/{m}/papers")).await.text().await.unwrap();
    assert!(list.contains(&format!("/meetings/{m}/pack.zip")));
    let pack = delegate.get(&format!("/meetings/{m}/pack.zip")).await;
    assert_eq!(pack.headers()[CONTENT_TYPE], "application/zip");
    let pack_etag = pack.headers()[ETAG].clone();
    let delegate_pack = pack.bytes().await.unwrap();
    assert!(delegate_pack.starts_with(b"PK\x03\x04"));
    let public_pack = anonymous.get(&format!("/meetings/{m}/pack.zip")).await.bytes().await.unwrap();
    assert!(public_pack.len() < delegate_pack.len(), "the public pack leaves out the delegates' paper and file");
    // Removing a file: secretariat only.
    let fid = f.id.to_string();
    assert_eq!(delegate.post_raw("/api/papers/remove_file", &[("file_id", &fid)]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(sec.post_raw("/api/papers/remove_file", &[("file_id", &fid)]).await.status(), StatusCode::OK);
    assert_eq!(delegate.get(&url).await.status(), StatusCode::NOT_FOUND);
    // The pack follows its content: a new fingerprint, built again without the removed file.
    let contains = |zip: &[u8], name: &[u8]| zip.windows(name.len()).any(|w| w == name);
    assert!(contains(&delegate_pack, b"Annex 1.pdf"));
    let rebuilt = delegate.get(&format!("/meetings/{m}/pack.zip")).await;
    assert_ne!(rebuilt.headers()[ETAG], pack_etag, "a changed pack has a new ETag");
    let rebuilt = rebuilt.bytes().await.unwrap();
    assert!(rebuilt.starts_with(b"PK\x03\x04") && !contains(&rebuilt, b"Annex 1.pdf"), "the removed file is gone from the pack");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn minutes_and_search_respect_roles() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let m = meeting_with(&app, &sec, &[("head@gov.mz", "head_of_delegation", true), ("d@gov.mz", "delegate", true)]).await;
    let ms = m.to_string();
    let head = app.signed_in("head@gov.mz", Role::Delegate, None).await;
    let delegate = app.signed_in("d@gov.mz", Role::Delegate, None).await;
    let anonymous = app.client();
    for (who, s, status) in [("anonymous", &anonymous, StatusCode::UNAUTHORIZED), ("head", &head, StatusCode::FORBIDDEN)] {
        assert_eq!(s.post_raw("/api/minutes/create", &[("meeting_id", &ms)]).await.status(), status, "{who}");
        let step = [("meeting_id", ms.as_str()), ("version", "1"), ("step", "adopt")];
        assert_eq!(s.post("/api/minutes/step", &step).await.status(), status, "{who}");
        assert_eq!(s.post("/api/minutes/corrigendum", &[("meeting_id", ms.as_str()), ("body", "x")]).await.status(), status, "{who}");
    }
    assert_eq!(app.count(minutes::Entity).await, 0);
    assert_eq!(sec.post_raw("/api/minutes/create", &[("meeting_id", &ms)]).await.status(), StatusCode::OK);
    let section = [
        ("id", ""),
        ("meeting_id", ms.as_str()),
        ("version", ""),
        ("agenda_item_id", ""),
        ("title", "Quagga section"),
        ("body", "[decision] Quagga agreed."),
    ];
    assert_eq!(sec.post("/api/minutes/section", &section).await.status(), StatusCode::OK);
    let bad = [("id", ""), ("meeting_id", ms.as_str()), ("title", ""), ("body", "x")];
    assert_eq!(error_fields(sec.post("/api/minutes/section", &bad).await).await, vec!["title"]);
    // Draft: the page says there are no minutes, and search finds nothing, for everyone else.
    for s in [&anonymous, &head, &delegate] {
        let page = s.get(&format!("/meetings/{m}/minutes")).await.text().await.unwrap();
        assert!(!page.contains("Quagga"), "draft leaked");
        assert!(!s.get("/search?q=quagga").await.text().await.unwrap().contains("Quagga section"));
    }
    assert!(sec.get("/search?q=quagga").await.text().await.unwrap().contains("Quagga section"));
    let closes = (chrono::Utc::now() + chrono::Duration::days(5)).date_naive().to_string();
    let step = [("meeting_id", ms.as_str()), ("version", "2"), ("step", "circulate"), ("closes_on", closes.as_str())];
    assert_eq!(sec.post("/api/minutes/step", &step).await.status(), StatusCode::OK);
    let sid = app::ssr::entities::minutes_section::Entity::find().one(&app.db).await.unwrap().unwrap().id.to_string();
    let comment = [("section_id", sid.as_str()), ("body", "Mozambique agrees.")];
    assert_eq!(anonymous.post("/api/minutes/comment", &comment).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(delegate.post("/api/minutes/comment", &comment).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(head.post("/api/minutes/comment", &comment).await.status(), StatusCode::OK);
    let page = head.get(&format!("/meetings/{m}/minutes")).await.text().await.unwrap();
    assert!(page.contains("Quagga section") && page.contains("Mozambique agrees."));
    assert!(!delegate.get(&format!("/meetings/{m}/minutes")).await.text().await.unwrap().contains("Quagga"));
    let adopt = [("meeting_id", ms.as_str()), ("version", "3"), ("step", "adopt")];
    assert_eq!(sec.post("/api/minutes/step", &adopt).await.status(), StatusCode::OK);
    let again = [("id", sid.as_str()), ("meeting_id", ms.as_str()), ("version", "1"), ("title", "Changed"), ("body", "x")];
    let res = sec.post("/api/minutes/section", &again).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "locked");
    let page = delegate.get(&format!("/meetings/{m}/minutes")).await.text().await.unwrap();
    assert!(page.contains("Quagga section") && !page.contains("Mozambique agrees."), "adopted minutes, no comments for delegates");
    assert!(delegate.get(&format!("/meetings/{m}/minutes/print")).await.text().await.unwrap().contains("Quagga agreed."));
    let res = anonymous.post_raw("/api/search", &[("q", "quagga")]).await;
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["hits"].as_array().unwrap().len(), 0, "delegates-only minutes are not found by the public: {v}");
    let v: serde_json::Value = delegate.post_raw("/api/search", &[("q", "quagga")]).await.json().await.unwrap();
    assert_eq!(v["hits"][0]["title"], "Quagga section", "{v}");
}

/// `<title>` and `<textarea>` are raw-text elements that the renderer writes unescaped: the app
/// escapes users' text there itself, so a payload cannot close the element and run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn titles_and_text_areas_cannot_be_broken_out_of() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let m = create_meeting(&sec, "</title><script>alert('meeting')</script>").await.to_string();
    let res = sec
        .post(
            "/api/papers/save",
            &[
                ("id", ""),
                ("meeting_id", &m),
                ("lang", "en"),
                ("access", "public"),
                ("title", "</title><script>alert(1)</script>"),
                ("body", "</textarea><script>alert(2)</script>"),
            ],
        )
        .await;
    let pid: i32 = res.json().await.unwrap();
    for path in [
        format!("/papers/{pid}"),
        format!("/papers/{pid}/edit"),
        format!("/meetings/{m}"),
        format!("/meetings/{m}/edit"),
        format!("/meetings/{m}/papers"),
    ] {
        let html = sec.get(&path).await.text().await.unwrap();
        assert!(!html.contains("<script>alert("), "{path}: {html}");
        assert!(html.contains("&lt;/title&gt;&lt;script&gt;alert("), "{path} shows the text as typed");
    }
    let edit = sec.get(&format!("/papers/{pid}/edit")).await.text().await.unwrap();
    assert!(edit.contains("&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;</textarea>"));
}
