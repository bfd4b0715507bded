use app::domain::{CountryCode, Role};
use app::features::auth::service::create_user_with_password;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, ORIGIN};
use reqwest::{Client, Response, StatusCode};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use server::config::Settings;
use server::Application;
use std::path::PathBuf;

pub const PASSWORD: &str = "a long enough password";

pub struct TestApp {
    pub base: String,
    pub db: DatabaseConnection,
    pub mail_dir: PathBuf,
    app: Application,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.app.stop();
    }
}

/// A server on a fresh database (a copy of one migrated template; the server's own migration
/// step then finds nothing to do).
pub async fn spawn_app() -> TestApp {
    use migration::{Migrator, MigratorTrait};
    let schema: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_string()).collect();
    let database_url = app::ssr::testing::fresh_migrated_database_url(&schema.join(","), |url| async move {
        let db = app::ssr::connect(&url).await.expect("connect");
        Migrator::up(&db, None).await.expect("migrate");
        db.close().await.expect("closing the template");
    })
    .await;
    spawn_app_with(database_url, None).await
}

/// A server on an existing database (several instances may share one) and, when `smtp_url` is
/// set, sending over SMTP instead of writing files.
pub async fn spawn_app_with(database_url: String, smtp_url: Option<String>) -> TestApp {
    spawn_app_configured(database_url, smtp_url, |_| {}).await
}

/// [`spawn_app_with`], with the settings adjusted by `tweak` first.
pub async fn spawn_app_configured(database_url: String, smtp_url: Option<String>, tweak: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = std::env::temp_dir().join(format!("midsa-api-{:016x}", rand::random::<u64>()));
    let mail_dir = dir.join("mail");
    let mut settings = Settings {
        database_url,
        data_dir: dir.clone(),
        addr: "127.0.0.1:0".parse().unwrap(),
        public_url: "http://127.0.0.1:0".into(),
        secure_cookies: false,
        site_root: "target/site".into(),
        output_name: "midsa".into(),
        smtp_url: smtp_url.map(Into::into),
        mail_from: "MIDSA Dialogue <no-reply@midsa.test>".into(),
        mail_dir: mail_dir.clone(),
        outbox_poll_ms: 50,
        outbox_retry_base_ms: 200,
        outbox_stale_claim_ms: 300_000,
        max_file_bytes: 1024 * 1024,
        s3: None,
        trusted_proxies: Vec::new(),
        page_cache: true,
    };
    tweak(&mut settings);
    let app = Application::start(settings).await.expect("server starts");
    TestApp { base: format!("http://{}", app.addr), db: app.db.clone(), mail_dir, app }
}

impl TestApp {
    /// SQL statements the server has run for requests so far.
    pub fn queries(&self) -> u64 {
        self.app.queries.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub async fn user(&self, email: &str, role: Role, country: Option<&str>) {
        let country = country.map(|c| CountryCode::parse("c", c).unwrap());
        create_user_with_password(&self.db, email, "Test User", PASSWORD, role, country).await.expect("user");
    }

    /// A browser-like client (cookies, same-origin `Origin`), not signed in.
    pub fn client(&self) -> Session {
        let mut headers = HeaderMap::new();
        headers.insert(ORIGIN, HeaderValue::from_str(&self.base).unwrap());
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let client =
            Client::builder().cookie_store(true).default_headers(headers).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Session { client, base: self.base.clone() }
    }

    /// A client signed in as `email` (created with `role` first).
    pub async fn signed_in(&self, email: &str, role: Role, country: Option<&str>) -> Session {
        self.user(email, role, country).await;
        let s = self.client();
        let res = s.post("/api/auth/login", &[("email", email), ("password", PASSWORD)]).await;
        assert_eq!(res.status(), StatusCode::OK, "sign-in of {email}");
        s
    }

    pub async fn count<E>(&self, _e: E) -> u64
    where
        E: EntityTrait,
        E::Model: Sync,
    {
        E::find().count(&self.db).await.unwrap()
    }

    /// Waits (up to 10 s) until `n` outbox messages are marked sent, then returns the emails
    /// written to the mail directory (quoted-printable soft line breaks undone).
    pub async fn wait_for_mail(&self, n: usize) -> Vec<String> {
        use app::ssr::entities::outbox;
        use sea_orm::{ColumnTrait, QueryFilter};
        for _ in 0..200 {
            let sent = outbox::Entity::find().filter(outbox::Column::Status.eq("sent")).count(&self.db).await.unwrap();
            if sent as usize >= n {
                return std::fs::read_dir(&self.mail_dir)
                    .expect("mail directory")
                    .filter_map(|e| e.ok())
                    .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .map(|m| m.replace("=\r\n", ""))
                    .collect();
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("expected {n} sent emails");
    }
}

pub struct Session {
    pub client: Client,
    pub base: String,
}

impl Session {
    /// POSTs a server-function form (`form[field]=value`).
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let body: Vec<(String, String)> = fields.iter().map(|(k, v)| (format!("form[{k}]"), v.to_string())).collect();
        self.client.post(format!("{}{path}", self.base)).form(&body).send().await.unwrap()
    }

    /// POSTs plain form fields (server functions with scalar arguments, or axum routes).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.client.post(format!("{}{path}", self.base)).form(fields).send().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(format!("{}{path}", self.base)).send().await.unwrap()
    }
}

/// The field names of a 422 response.
pub async fn error_fields(res: Response) -> Vec<String> {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["error"], "validation");
    v["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_string()).collect()
}

pub fn meeting_fields(title: &str) -> Vec<(&str, &str)> {
    vec![
        ("id", ""),
        ("kind", "senior_officials"),
        ("title", title),
        ("description", "Some *text*"),
        ("venue", "Hotel Polana"),
        ("city", "Maputo"),
        ("host_country", "MZ"),
        ("timezone", "Africa/Maputo"),
        ("start_date", "2027-03-10"),
        ("end_date", "2027-03-11"),
        ("lang_en", "on"),
    ]
}

/// Creates a meeting (as the given secretariat session) and returns its id.
pub async fn create_meeting(s: &Session, title: &str) -> i32 {
    let res = s.post("/api/meetings/save", &meeting_fields(title)).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<i32>().await.unwrap()
}

/// Announces a meeting (at `version`) through the secretariat's session: it becomes public.
pub async fn announce(sec: &Session, id: i32, version: &str) {
    let res = sec.post("/api/meetings/status", &[("id", &id.to_string()), ("version", version), ("to", "announced")]).await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// Creates a meeting (as the secretariat session `sec`), announces it, opens registration with
/// a window open now and these further settings (`capacity`, `quota`, categories,
/// `approval_required` …), and returns its id.
pub async fn open_for_registration(sec: &Session, title: &str, settings: &[(&str, &str)]) -> String {
    let m = create_meeting(sec, title).await.to_string();
    for (version, to) in [("1", "announced"), ("2", "registration_open")] {
        let res = sec.post("/api/meetings/status", &[("id", &m), ("version", version), ("to", to)]).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let (opens, closes) = window();
    let mut fields = vec![("meeting_id", m.as_str()), ("opens_at", opens.as_str()), ("closes_at", closes.as_str())];
    fields.extend_from_slice(settings);
    let res = sec.post("/api/registration/settings", &fields).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    m
}

/// A registration window (venue time) that is open now: from yesterday to a month from now.
pub fn window() -> (String, String) {
    let today = chrono::Utc::now().date_naive();
    (
        (today - chrono::Duration::days(1)).format("%Y-%m-%dT08:00").to_string(),
        (today + chrono::Duration::days(30)).format("%Y-%m-%dT17:00").to_string(),
    )
}

/// An endpoint, its fields, and whether they are wrapped as `form[...]`.
pub type Call = (&'static str, Vec<(&'static str, String)>, bool);

/// Calls a server function with owned field values, wrapped as `form[...]` or plain.
pub async fn call(s: &Session, path: &str, fields: &[(&str, String)], wrapped: bool) -> Response {
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    if wrapped {
        s.post(path, &f).await
    } else {
        s.post_raw(path, &f).await
    }
}
