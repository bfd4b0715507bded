//! Paper files, the offline pack and the daily digest.

use crate::support::*;
use app::domain::{ErrorCode, Role};
use app::features::papers::files::{self, FileStore};
use app::features::papers::types::PaperForm;
use app::features::papers::{pack, service};
use app::ssr::entities::outbox;
use app::ssr::ServiceError;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::io::Read;

fn store() -> FileStore {
    FileStore::new(std::env::temp_dir().join(format!("midsa-files-{:016x}", rand_suffix())))
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos());
    h.finish()
}

fn paper(mid: i32, access: &str, title: &str) -> PaperForm {
    PaperForm {
        meeting_id: mid.to_string(),
        lang: "en".into(),
        access: access.into(),
        title: title.into(),
        body: "Text **here**.".into(),
        ..Default::default()
    }
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

fn code(e: ServiceError) -> ErrorCode {
    match e {
        ServiceError::Validation(f) => f.0[0].code.clone(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn files_are_checked_stored_and_served_by_access() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let store = store();
    let mid = open_meeting(&db, &sec, 50, 10, false).await;
    let other = open_meeting(&db, &sec, 50, 10, false).await;
    let pid = service::save(&db, &sec, &paper(mid, "delegates", "Briefing")).await.unwrap();
    let fid = files::attach(&db, &store, 1024, &sec, pid, "Annex 1 – figures.PDF", PDF).await.unwrap();
    // An XLSX made by the application itself is recognised from its parts.
    let xlsx = app::features::registration::service::export_xlsx(&db, &sec, mid).await.unwrap();
    let xid = files::attach(&db, &store, 1 << 20, &sec, pid, "list.xlsx", &xlsx).await.unwrap();
    let listed = files::list(&db, pid).await.unwrap();
    assert_eq!(
        listed.iter().map(|f| (f.name.as_str(), f.content_type.as_str())).collect::<Vec<_>>(),
        vec![
            ("Annex 1 – figures.pdf", "application/pdf"),
            ("list.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ]
    );
    assert_eq!(listed[0].size, PDF.len() as i64);
    assert!(listed[0].href().starts_with(&format!("/papers/{pid}/files/{fid}/Annex%201")));
    // Refused, and nothing recorded: wrong content for the name, empty, too large, not secretariat.
    assert_eq!(
        code(files::attach(&db, &store, 1024, &sec, pid, "report.pdf", b"<html><script>alert(1)</script>").await.unwrap_err()),
        ErrorCode::FileType
    );
    assert_eq!(code(files::attach(&db, &store, 1 << 20, &sec, pid, "list.docx", &xlsx).await.unwrap_err()), ErrorCode::FileType);
    assert_eq!(code(files::attach(&db, &store, 1024, &sec, pid, "a.pdf", b"").await.unwrap_err()), ErrorCode::Required);
    assert_eq!(code(files::attach(&db, &store, 10, &sec, pid, "a.pdf", PDF).await.unwrap_err()), ErrorCode::FileTooLarge { max: 1 });
    let fp = user(&db, "fp@tz.example", Role::FocalPoint, Some("TZ")).await;
    assert!(matches!(files::attach(&db, &store, 1024, &fp, pid, "a.pdf", PDF).await, Err(ServiceError::Forbidden)));
    assert_eq!(files::list(&db, pid).await.unwrap().len(), 2);

    // Download: whoever may read the paper.
    registered(&db, &sec, mid, "approved@gov.tz", "delegate", true).await;
    registered(&db, &sec, mid, "withdrawn@gov.tz", "delegate", false).await;
    registered(&db, &sec, other, "elsewhere@gov.tz", "delegate", true).await;
    let approved = user(&db, "approved@gov.tz", Role::Delegate, None).await;
    let withdrawn = user(&db, "withdrawn@gov.tz", Role::Delegate, None).await;
    let elsewhere = user(&db, "elsewhere@gov.tz", Role::Delegate, None).await;
    let f = files::for_download(&db, Some(&approved), pid, fid).await.unwrap();
    assert_eq!(store.get(&f.sha256).await.unwrap(), PDF);
    for viewer in [None, Some(&withdrawn), Some(&elsewhere), Some(&fp)] {
        assert!(matches!(files::for_download(&db, viewer, pid, fid).await, Err(ServiceError::NotFound)));
    }
    assert!(matches!(files::for_download(&db, Some(&sec), pid + 1000, fid).await, Err(ServiceError::NotFound)), "file of another paper");

    // Removal takes the bytes away when no other attachment shares them.
    assert!(matches!(files::remove(&db, &store, &approved, xid).await, Err(ServiceError::Forbidden)));
    let sha = files::for_download(&db, Some(&sec), pid, xid).await.unwrap().sha256;
    files::remove(&db, &store, &sec, xid).await.unwrap();
    assert!(store.get(&sha).await.is_err());
    assert_eq!(files::list(&db, pid).await.unwrap().len(), 1);
}

fn zip_entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = vec![];
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

#[tokio::test]
async fn the_pack_holds_what_the_reader_may_read() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let store = store();
    let mid = open_meeting(&db, &sec, 50, 10, false).await;
    let items = published_agenda(&db, &sec, mid, &[("09:00", "10:00", "Opening <remarks>")]).await;
    let public = service::save(&db, &sec, &PaperForm { agenda_item_id: items[0].to_string(), ..paper(mid, "public", "Concept note") })
        .await
        .unwrap();
    let delegates = service::save(&db, &sec, &paper(mid, "delegates", "Delegates brief")).await.unwrap();
    service::save(&db, &sec, &paper(mid, "secretariat", "Internal")).await.unwrap();
    files::attach(&db, &store, 1024, &sec, delegates, "annex.pdf", PDF).await.unwrap();
    registered(&db, &sec, mid, "approved@gov.tz", "delegate", true).await;
    let approved = user(&db, "approved@gov.tz", Role::Delegate, None).await;

    let list = service::list(&db, Some(&approved), mid).await.unwrap();
    assert_eq!(list.papers.iter().map(|p| p.id).collect::<Vec<_>>(), vec![public, delegates]);
    assert_eq!(list.papers[0].agenda_item.as_ref().map(|a| a.0), Some(items[0]));
    assert_eq!(list.papers[1].files[0].size, PDF.len() as i64, "sizes are shown before download");
    let (name, bytes) = pack::build(&db, &store, Some(&approved), mid, app::domain::Lang::En).await.unwrap();
    assert_eq!(name, format!("midsa-meeting-{mid}-pack.zip"));
    assert!((bytes.len() as i64) <= list.pack_size, "the announced size is an upper bound: {} > {}", bytes.len(), list.pack_size);
    let entries = zip_entries(&bytes);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"index.html") && names.contains(&"agenda.html"), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with(&format!("files/{delegates}/")) && n.ends_with("-annex.pdf")), "{names:?}");
    assert_eq!(names.iter().filter(|n| n.starts_with("papers/")).count(), 2, "{names:?}");
    let text = |n: &str| String::from_utf8(entries.iter().find(|(e, _)| e == n).unwrap().1.clone()).unwrap();
    let agenda = text("agenda.html");
    assert!(agenda.contains("Opening &lt;remarks&gt;") && agenda.contains("Concept note"), "{agenda}");
    assert!(!text("index.html").contains("Internal"));
    assert_eq!(entries.iter().find(|(n, _)| n.ends_with("annex.pdf")).unwrap().1, PDF);

    // The public's pack has the public paper only.
    let (_, bytes) = pack::build(&db, &store, None, mid, app::domain::Lang::Fr).await.unwrap();
    let entries = zip_entries(&bytes);
    assert_eq!(entries.iter().filter(|(n, _)| n.starts_with("papers/") || n.starts_with("files/")).count(), 1);
    assert!(String::from_utf8(entries.iter().find(|(n, _)| n == "index.html").unwrap().1.clone()).unwrap().contains("Ordre du jour"));
}

#[tokio::test]
async fn delegates_get_at_most_one_digest_a_day() {
    use app::ssr::entities::{paper, registration};
    use sea_orm::sea_query::Expr;
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = open_meeting(&db, &sec, 50, 10, false).await;
    registered(&db, &sec, mid, "approved@gov.tz", "delegate", true).await;
    registered(&db, &sec, mid, "withdrawn@gov.tz", "delegate", false).await;
    // The same delegate at a second meeting, the address stored in other letters (as an import
    // or an older version may have left it): one digest for both.
    let mid2 = open_meeting(&db, &sec, 50, 10, false).await;
    registered(&db, &sec, mid2, "approved@gov.tz", "delegate", true).await;
    registration::Entity::update_many()
        .col_expr(registration::Column::Email, Expr::value("Approved@GOV.tz"))
        .filter(registration::Column::MeetingId.eq(mid2))
        .exec(&db)
        .await
        .unwrap();
    let t0 = Utc::now();
    // Registered two hours ago; papers are stamped with the times the scenario needs.
    registration::Entity::update_many()
        .col_expr(registration::Column::CreatedAt, Expr::value(t0 - Duration::hours(2)))
        .exec(&db)
        .await
        .unwrap();
    let stamp = |id: i32, at: chrono::DateTime<Utc>| {
        let db = db.clone();
        async move {
            paper::Entity::update_many()
                .col_expr(paper::Column::UpdatedAt, Expr::value(at))
                .filter(paper::Column::Id.eq(id))
                .exec(&db)
                .await
                .unwrap();
        }
    };
    assert_eq!(service::queue_digests(&db, t0, URL).await.unwrap(), 0, "no papers, no digest");
    let brief = service::save(&db, &sec, &paper(mid, "delegates", "Labour migration brief")).await.unwrap();
    let memo = service::save(&db, &sec, &paper(mid, "secretariat", "Internal memo")).await.unwrap();
    stamp(brief, t0 - Duration::hours(1)).await;
    stamp(memo, t0 - Duration::hours(1)).await;
    let border = service::save(&db, &sec, &paper(mid2, "delegates", "Border data note")).await.unwrap();
    stamp(border, t0 - Duration::hours(1)).await;
    // Two workers at once: one digest.
    let (a, b) = tokio::join!(service::queue_digests(&db, t0, URL), service::queue_digests(&db, t0, URL));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    let digests = || async { outbox::Entity::find().filter(outbox::Column::Kind.eq("paper_digest")).all(&db).await.unwrap() };
    let d = digests().await;
    assert_eq!(d[0].recipient, "approved@gov.tz");
    assert!(d[0].payload.contains("Labour migration brief") && !d[0].payload.contains("Internal memo"), "{}", d[0].payload);
    assert!(d[0].payload.contains("Border data note"), "both meetings' papers in the one digest: {}", d[0].payload);
    // A paper published an hour later waits for the next day.
    let note = service::save(&db, &sec, &paper(mid, "public", "Remittances note")).await.unwrap();
    stamp(note, t0 + Duration::hours(1)).await;
    assert_eq!(service::queue_digests(&db, t0 + Duration::hours(2), URL).await.unwrap(), 0);
    assert_eq!(service::queue_digests(&db, t0 + Duration::hours(25), URL).await.unwrap(), 1);
    let d = digests().await;
    assert_eq!(d.len(), 2);
    assert!(
        d[1].payload.contains("Remittances note") && !d[1].payload.contains("Labour migration brief"),
        "only what changed since: {}",
        d[1].payload
    );
    assert_eq!(service::queue_digests(&db, t0 + Duration::hours(50), URL).await.unwrap(), 0, "nothing new, nothing sent");
}

/// A minimal S3-compatible server on 127.0.0.1: checks each request's Signature Version 4 and
/// payload hash, then PUT stores, GET returns, DELETE removes.
async fn fake_s3() -> (String, std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, Vec<u8>>>>) {
    use axum::http::{HeaderMap, Method, StatusCode, Uri};
    use std::sync::{Arc, Mutex};
    let objects: Arc<Mutex<std::collections::HashMap<String, Vec<u8>>>> = Arc::default();
    let store = objects.clone();
    let handler = move |method: Method, uri: Uri, headers: HeaderMap, body: axum::body::Bytes| {
        let store = store.clone();
        async move {
            let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            let payload = app::ssr::s3::sha256_hex(&body);
            let (host, date) = (h("host"), h("x-amz-date"));
            let expected = app::ssr::s3::authorization(
                method.as_str(),
                uri.path(),
                &[("host", &host), ("x-amz-content-sha256", &payload), ("x-amz-date", &date)],
                &payload,
                &date,
                &app::ssr::s3::Credentials { region: "af-south-1", access_key: "MIDSAKEY", secret_key: "midsa-secret" },
            );
            if h("authorization") != expected || h("x-amz-content-sha256") != payload {
                return (StatusCode::FORBIDDEN, Vec::new());
            }
            let mut objects = store.lock().unwrap();
            match method {
                Method::PUT => {
                    objects.insert(uri.path().to_string(), body.to_vec());
                    (StatusCode::OK, Vec::new())
                }
                Method::GET => match objects.get(uri.path()) {
                    Some(b) => (StatusCode::OK, b.clone()),
                    None => (StatusCode::NOT_FOUND, Vec::new()),
                },
                Method::DELETE => {
                    objects.remove(uri.path());
                    (StatusCode::NO_CONTENT, Vec::new())
                }
                _ => (StatusCode::METHOD_NOT_ALLOWED, Vec::new()),
            }
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, axum::Router::new().fallback(handler)).await.unwrap() });
    (format!("http://{addr}"), objects)
}

#[tokio::test]
async fn files_can_live_in_an_s3_compatible_bucket() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let (endpoint, objects) = fake_s3().await;
    let s3 = |secret: &str| {
        FileStore::S3(app::ssr::s3::S3Store::new(app::ssr::s3::S3Config {
            endpoint: endpoint.clone(),
            bucket: "midsa-files".into(),
            region: "af-south-1".into(),
            access_key: "MIDSAKEY".into(),
            secret_key: secret.to_string().into(),
        }))
    };
    let store = s3("midsa-secret");
    let mid = meeting(&db, &sec).await;
    let pid = service::save(&db, &sec, &paper(mid, "public", "Stored in a bucket")).await.unwrap();
    let fid = files::attach(&db, &store, 1024, &sec, pid, "annex.pdf", PDF).await.unwrap();
    let f = files::for_download(&db, Some(&sec), pid, fid).await.unwrap();
    let key = format!("/midsa-files/files/{}/{}", &f.sha256[..2], f.sha256);
    assert_eq!(objects.lock().unwrap().get(&key).map(Vec::as_slice), Some(PDF), "the object is in the bucket, under its hash");
    assert_eq!(store.get(&f.sha256).await.unwrap(), PDF);
    // A wrong secret is refused by the store, and nothing is recorded.
    assert!(files::attach(&db, &s3("wrong"), 1024, &sec, pid, "other.pdf", b"%PDF-1.4 other").await.is_err());
    assert_eq!(files::list(&db, pid).await.unwrap().len(), 1);
    files::remove(&db, &store, &sec, fid).await.unwrap();
    assert!(objects.lock().unwrap().is_empty(), "removed from the bucket");
}
