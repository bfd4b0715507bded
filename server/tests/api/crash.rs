//! Crash safety and backups, with the real server binary (`CARGO_BIN_EXE_server`):
//!
//! - the server is killed with SIGKILL in the middle of a write load (registrations, each with
//!   its email queued in the same transaction), then restarted on the same database: every
//!   registration the server acknowledged is there, the database is consistent (SQLite
//!   `integrity_check` and `foreign_key_check`; on both engines every registration has its
//!   email and audit entry, nothing was written without its registration, and capacity still
//!   holds), and the emails still pending at the kill are sent by the restarted server;
//! - an online backup taken while writes go on restores into a working database (SQLite with
//!   `server backup`/`server restore`; PostgreSQL with the same commands, i.e. pg_dump and
//!   pg_restore, when `TEST_DATABASE_URL` is set).

use app::domain::{CountryCode, Role};
use app::ssr::entities::{audit_log, outbox, registration};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Statement};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub(crate) const PASSWORD: &str = "a long enough password";
const CAPACITY: usize = 60;

fn tmp(kind: &str) -> PathBuf {
    std::env::temp_dir().join(format!("midsa-{kind}-{:016x}", rand::random::<u64>()))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn command(db_url: &str, dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_server"));
    c.env("DATABASE_URL", db_url).env("DATA_DIR", dir).env("MAIL_DIR", dir.join("mail")).env("RUST_LOG", "warn");
    c
}

/// The server binary serving on `port`; its log goes to `dir/server-N.log`.
fn start(db_url: &str, dir: &Path, port: u16, n: u32) -> Child {
    std::fs::create_dir_all(dir).expect("data directory");
    let log = std::fs::File::create(dir.join(format!("server-{n}.log"))).expect("log file");
    command(db_url, dir)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("PUBLIC_URL", format!("http://127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("OUTBOX_POLL_MS", "50")
        // A message claimed by the killed instance is sent again after a second.
        .env("OUTBOX_STALE_CLAIM_MS", "1000")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("server starts")
}

async fn wait_healthy(base: &str) {
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if client.get(format!("{base}/health")).send().await.is_ok_and(|r| r.status() == StatusCode::OK) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server at {base} did not become healthy");
}

/// A meeting open for registration (capacity 60, 50 places per delegation, approval needed)
/// and a secretariat account, made through the services before the server starts.
async fn fixture(db: &DatabaseConnection) -> i32 {
    use app::features::meetings::types::MeetingForm;
    use app::features::registration::types::SettingsForm;
    let sec_id = app::features::auth::service::create_user_with_password(db, "sec@iom.example", "Sec", PASSWORD, Role::Secretariat, None)
        .await
        .expect("user");
    let u = app::ssr::entities::app_user::Entity::find_by_id(sec_id).one(db).await.unwrap().unwrap();
    let sec = app::ssr::auth::to_current_user(&u).unwrap();
    let start = chrono::Utc::now().date_naive() + chrono::Duration::days(40);
    let form = MeetingForm {
        kind: "technical_working_group".into(),
        title: "Crash test meeting".into(),
        venue: "Hotel".into(),
        city: "Maputo".into(),
        host_country: "MZ".into(),
        timezone: "Africa/Maputo".into(),
        start_date: start.to_string(),
        end_date: start.to_string(),
        lang_en: Some("on".into()),
        ..Default::default()
    };
    let m = app::features::meetings::service::create(db, &sec, &form).await.unwrap();
    app::features::meetings::service::transition(db, &sec, m, "1", "announced").await.unwrap();
    app::features::meetings::service::transition(db, &sec, m, "2", "registration_open").await.unwrap();
    let today = chrono::Utc::now().date_naive();
    let settings = SettingsForm {
        meeting_id: m.to_string(),
        opens_at: format!("{}T08:00", today - chrono::Duration::days(1)),
        closes_at: format!("{}T17:00", start - chrono::Duration::days(1)),
        capacity: CAPACITY.to_string(),
        quota: "50".into(),
        cat_delegate: Some("on".into()),
        approval_required: Some("on".into()),
        ..Default::default()
    };
    app::features::registration::service::save_settings(db, &sec, &settings, "http://127.0.0.1").await.unwrap();
    m
}

async fn sign_in(base: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("Origin", base.parse().unwrap());
    headers.insert("Accept", "application/json".parse().unwrap());
    let client = reqwest::Client::builder().cookie_store(true).default_headers(headers).timeout(Duration::from_secs(20)).build().unwrap();
    let res = client
        .post(format!("{base}/api/auth/login"))
        .form(&[("form[email]", "sec@iom.example"), ("form[password]", PASSWORD)])
        .send()
        .await
        .expect("sign in");
    assert_eq!(res.status(), StatusCode::OK);
    client
}

fn registration_fields(meeting: i32, email: &str, n: usize) -> Vec<(String, String)> {
    let country = CountryCode::all().nth(n % 16).unwrap();
    [
        ("meeting_id", meeting.to_string()),
        ("category", "delegate".into()),
        ("country", country.code().into()),
        ("given_name", format!("Load{n}")),
        ("family_name", "Crash".into()),
        ("position", "Officer".into()),
        ("email", email.into()),
    ]
    .into_iter()
    .map(|(k, v)| (format!("form[{k}]"), v))
    .collect()
}

/// A fresh database with the fixture, the server binary serving it, and a signed-in client.
pub(crate) struct Running {
    pub(crate) url: String,
    pub(crate) dir: PathBuf,
    pub(crate) db: DatabaseConnection,
    pub(crate) meeting: i32,
    pub(crate) port: u16,
    pub(crate) base: String,
    pub(crate) child: Child,
    pub(crate) client: reqwest::Client,
}

pub(crate) async fn start_with_fixture(kind: &str) -> Running {
    let url = app::ssr::testing::fresh_database_url().await;
    let dir = tmp(kind);
    let db = server::connect_and_migrate(&url).await.expect("database");
    let meeting = fixture(&db).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let child = start(&url, &dir, port, 1);
    wait_healthy(&base).await;
    let client = sign_in(&base).await;
    Running { url, dir, db, meeting, port, base, child, client }
}

async fn scalar(db: &DatabaseConnection, sql: &str) -> i64 {
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

/// The application's invariants over the rows the load wrote, checked after the restart.
async fn assert_consistent(db: &DatabaseConnection, meeting: i32, acknowledged: &HashSet<String>) {
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        let row =
            db.query_one_raw(Statement::from_string(sea_orm::DatabaseBackend::Sqlite, "PRAGMA integrity_check")).await.unwrap().unwrap();
        assert_eq!(row.try_get_by_index::<String>(0).unwrap(), "ok");
        let broken = db.query_all_raw(Statement::from_string(sea_orm::DatabaseBackend::Sqlite, "PRAGMA foreign_key_check")).await.unwrap();
        assert!(broken.is_empty(), "foreign keys broken: {} rows", broken.len());
    }
    let regs = registration::Entity::find().filter(registration::Column::MeetingId.eq(meeting)).all(db).await.unwrap();
    let stored: HashSet<String> = regs.iter().map(|r| r.email.clone()).collect();
    let lost: Vec<&String> = acknowledged.iter().filter(|e| !stored.contains(*e)).collect();
    assert!(lost.is_empty(), "{} acknowledged registrations lost: {lost:?}", lost.len());
    assert_eq!(stored.len(), regs.len(), "no email registered twice");
    // Capacity held through the crash: places are pending + approved.
    let holding = regs
        .iter()
        .filter(|r| r.status == app::domain::RegistrationStatus::Pending || r.status == app::domain::RegistrationStatus::Approved)
        .count();
    assert!(holding <= CAPACITY, "{holding} places held for {CAPACITY}");
    // Each registration was written with its email and its audit entry, in one transaction;
    // nothing of a transaction that did not commit is there.
    let mails = outbox::Entity::find().filter(outbox::Column::Recipient.like("%@crash.example")).all(db).await.unwrap();
    let mailed: HashSet<String> = mails.iter().map(|m| m.recipient.clone()).collect();
    assert_eq!(mailed, stored, "emails queued exactly for the stored registrations");
    for r in &regs {
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("registration"))
            .filter(audit_log::Column::EntityId.eq(r.id))
            .count(db)
            .await
            .unwrap();
        assert!(audited >= 1, "registration {} has no audit entry", r.id);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killed_under_write_load_the_server_keeps_every_acknowledged_write_and_sends_pending_mail() {
    let Running { url, dir, db, meeting, port, base, mut child, client } = start_with_fixture("crash").await;

    // Eight writers register new people as fast as the server acknowledges them.
    let acknowledged = Arc::new(Mutex::new(HashSet::new()));
    let mut writers = Vec::new();
    for w in 0..8 {
        let (client, base, acknowledged) = (client.clone(), base.clone(), acknowledged.clone());
        writers.push(tokio::spawn(async move {
            for i in 0.. {
                let email = format!("w{w}-{i}@crash.example");
                let res =
                    client.post(format!("{base}/api/registration/register")).form(&registration_fields(meeting, &email, i)).send().await;
                match res {
                    Ok(r) if r.status() == StatusCode::OK => {
                        acknowledged.lock().unwrap().insert(email);
                    }
                    Ok(r) => panic!("unexpected answer {} before the kill: {}", r.status(), r.text().await.unwrap_or_default()),
                    Err(_) => return, // the server is gone
                }
            }
        }));
    }
    // Let the load run, then kill the server without warning while writes are in flight.
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if acknowledged.lock().unwrap().len() >= 120 {
            break;
        }
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    for w in writers {
        w.await.expect("writer");
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 120, "the load ran");

    // Restart on the same database and data directory.
    let mut child = start(&url, &dir, port, 2);
    wait_healthy(&base).await;
    assert_consistent(&db, meeting, &acknowledged).await;
    // The restarted worker sends everything left pending or claimed by the killed instance.
    let mut waited = 0;
    loop {
        let unsent = outbox::Entity::find().filter(outbox::Column::Status.ne("sent")).count(&db).await.unwrap();
        if unsent == 0 {
            break;
        }
        waited += 1;
        assert!(waited < 600, "{unsent} emails still not sent 60 s after the restart");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Every queued email reached the mail directory; one claimed but not marked sent at the
    // kill may have been written twice (same Message-ID), never more.
    let total = outbox::Entity::find().count(&db).await.unwrap() as usize;
    let mut ids = std::collections::HashMap::<String, usize>::new();
    for e in std::fs::read_dir(dir.join("mail")).unwrap().filter_map(|e| e.ok()) {
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        if let Some(line) = text.lines().find(|l| l.to_ascii_lowercase().starts_with("message-id:")) {
            *ids.entry(line[11..].trim().to_string()).or_default() += 1;
        }
    }
    assert_eq!(ids.len(), total, "every queued email was sent");
    assert!(ids.values().all(|n| *n <= 2), "no email sent more than twice");
    // And the server is still fully usable.
    let client = sign_in(&base).await;
    let res = client
        .post(format!("{base}/api/registration/register"))
        .form(&registration_fields(meeting, "after@crash.example", 3))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    child.kill().ok();
    child.wait().ok();
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_online_backup_restores_into_a_working_database() {
    let postgres = std::env::var("TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres"));
    if postgres && Command::new("pg_dump").arg("--version").output().is_err() {
        eprintln!("pg_dump not installed: PostgreSQL backup not tested");
        return;
    }
    let Running { url, dir, meeting, base, mut child, client, .. } = start_with_fixture("backup").await;
    for i in 0..20 {
        let res = client
            .post(format!("{base}/api/registration/register"))
            .form(&registration_fields(meeting, &format!("b{i}@crash.example"), i))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
    // Writes go on while the backup is taken.
    let writer = {
        let (client, base) = (client.clone(), base.clone());
        tokio::spawn(async move {
            for i in 20..60 {
                let _ = client
                    .post(format!("{base}/api/registration/register"))
                    .form(&registration_fields(meeting, &format!("b{i}@crash.example"), i))
                    .send()
                    .await;
            }
        })
    };
    // File names with characters that mean something in a database URL (`?`, `#`, `%`, a
    // space) work as well as plain ones.
    let file = dir.join(if postgres { "backup.dump" } else { "backup #1?50%.db" });
    let out = command(&url, &dir).arg("backup").arg(&file).output().unwrap();
    assert!(out.status.success(), "backup: {}", String::from_utf8_lossy(&out.stderr));
    writer.await.unwrap();
    let out = command(&url, &dir).arg("backup").arg(&file).output().unwrap();
    assert!(!out.status.success(), "an existing backup file is never overwritten");
    child.kill().ok();
    child.wait().ok();

    // Restore into a new, empty database and serve it.
    let restored = if postgres {
        app::ssr::testing::fresh_database_url().await
    } else {
        // The restored database's folder is named `restored #1?` (escaped in the URL as the
        // driver expects).
        format!("sqlite://{}/restored%20%231%3F/midsa.db?mode=rwc", dir.display())
    };
    let out = command(&restored, &dir).arg("restore").arg(&file).output().unwrap();
    assert!(out.status.success(), "restore: {}", String::from_utf8_lossy(&out.stderr));
    let rdb = app::ssr::connect(&restored).await.unwrap();
    let n = registration::Entity::find().filter(registration::Column::MeetingId.eq(meeting)).count(&rdb).await.unwrap();
    assert!((20..=60).contains(&n), "the backup holds the registrations made before it ({n})");
    // A consistent snapshot: every registration in it has its email.
    let mails = scalar(&rdb, "SELECT COUNT(DISTINCT recipient) FROM outbox WHERE recipient LIKE '%@crash.example'").await;
    assert_eq!(mails as u64, n);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = start(&restored, &dir.join("restored-data"), port, 2);
    wait_healthy(&base).await;
    let client = sign_in(&base).await;
    let res = client.get(format!("{base}/meetings/{meeting}/registrations")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("b0@crash.example"));
    child.kill().ok();
    child.wait().ok();

    if !postgres {
        // Restoring over an existing database keeps the old file aside; a damaged backup is refused.
        let out = command(&restored, &dir).arg("restore").arg(&file).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("previous database is kept"));
        let bad = dir.join("bad.db");
        std::fs::write(&bad, b"not a database at all, just text").unwrap();
        let out = command(&restored, &dir).arg("restore").arg(&bad).output().unwrap();
        assert!(!out.status.success(), "a damaged backup is refused");
        assert!(dir.join("restored #1?/midsa.db").is_file(), "the URL's escapes name the real folder");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
