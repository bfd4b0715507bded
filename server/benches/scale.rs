//! Scale benchmark: what one request costs as the data grows, at three sizes each, to show
//! that the cost grows as expected and that the number of SQL statements per request does not
//! grow with the data (no N+1 queries).
//!
//! - A 3-day conference with 20, 60 and 180 agenda items and 100, 300 and 900 registrations:
//!   the public agenda page, the meeting's .ics, the registration form page and the
//!   secretariat's registrations list.
//! - A Plan of Action of 50, 100 and 200 recommendations × 16 member states × 10 cycles
//!   (8,000 to 32,000 validated reports): the matrix service, the dashboard page, a country
//!   page and the matrix XLSX export.
//!
//! - Migration profiles of 16 member states × 20 indicators × 2 editions and × 60 indicators × 5
//!   editions: the regional table page (100 runs: p50, p95, p99), the regional JSON API and CSV,
//!   and an edition page.
//!
//! Each request is timed 15 times after 2 warm-up runs, one at a time, over HTTP on 127.0.0.1
//! (uncompressed), and the statements it ran are counted by the server (the request handlers'
//! database handle counts them; the outbox worker's does not).
//!
//! `cargo bench -p server --bench scale` (SQLite file; `SCALE_ONLY=profiles` for the migration
//! profiles alone); with
//! `TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test` on PostgreSQL.

use app::domain::Lang;
use app::features::reports::service as reports;
use app::features::reports::types::MatrixQuery;
use chrono::{Duration, Utc};
use server::benchdata;
use server::config::Settings;
use server::startup::Application;
use std::sync::atomic::Ordering;
use std::time::Instant;

const ITERATIONS: usize = 15;

fn settings(database_url: String) -> Settings {
    let dir = std::env::temp_dir().join(format!("midsa-bench-{:016x}", rand::random::<u64>()));
    Settings {
        database_url,
        data_dir: dir.clone(),
        addr: "127.0.0.1:0".parse().expect("address"),
        public_url: "http://127.0.0.1:0".into(),
        secure_cookies: false,
        site_root: "target/site".into(),
        output_name: "midsa".into(),
        smtp_url: None,
        mail_from: "MIDSA Dialogue <no-reply@midsa.test>".into(),
        mail_dir: dir.join("mail"),
        // The worker would otherwise write the registrations' emails during the measurements.
        outbox_poll_ms: 3_600_000,
        outbox_retry_base_ms: 60_000,
        outbox_stale_claim_ms: 300_000,
        max_file_bytes: 1024 * 1024,
        s3: None,
        trusted_proxies: Vec::new(),
        // What a page costs to make: the cache of public pages would answer the repeats.
        page_cache: false,
    }
}

fn stats(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(|a, b| a.total_cmp(b));
    (ms[ms.len() / 2], ms[(ms.len() * 95 / 100).min(ms.len() - 1)])
}

struct Measured {
    p50: f64,
    p95: f64,
    bytes: usize,
    queries: u64,
    /// The very first request (before the warm-ups): for the dashboard, the one that computes
    /// the progress-over-cycles figures which later requests reuse.
    first: f64,
}

impl std::fmt::Display for Measured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.1} / {:.1} ms · {} SQL · {}", self.p50, self.p95, self.queries, kb(self.bytes))
    }
}

fn kb(bytes: usize) -> String {
    if bytes < 10 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{} KB", bytes / 1024)
    }
}

async fn time_get(app: &Application, client: &reqwest::Client, path: &str) -> Measured {
    let url = format!("http://{}{path}", app.addr);
    let mut ms = Vec::new();
    let mut bytes = 0;
    let mut queries = Vec::new();
    for _ in 0..ITERATIONS + 2 {
        let q0 = app.queries.load(Ordering::Relaxed);
        let t = Instant::now();
        let res = client.get(&url).send().await.expect("request");
        assert!(res.status().is_success(), "{url}: {}", res.status());
        bytes = res.bytes().await.expect("body").len();
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        queries.push(app.queries.load(Ordering::Relaxed) - q0);
    }
    let first = ms[0];
    ms.drain(..2); // warm-up
    queries.drain(..2);
    let (p50, p95) = stats(ms);
    // Every timed run must have run the same statements (nothing cached, nothing skipped).
    assert!(queries.windows(2).all(|w| w[0] == w[1]), "{path}: statements per request varied: {queries:?}");
    Measured { p50, p95, bytes, queries: queries[0], first }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let url = app::ssr::testing::fresh_database_url().await;
    let backend = if url.starts_with("postgres") { "PostgreSQL" } else { "SQLite" };
    let app = Application::start(settings(url)).await.expect("server");
    let db = app.db.clone();
    let sec = benchdata::account(&db).await.expect("account");
    let public = reqwest::Client::builder().no_gzip().no_brotli().build().expect("client");
    let signed_in = reqwest::Client::builder().no_gzip().no_brotli().cookie_store(true).build().expect("client");
    let base = format!("http://{}", app.addr);
    let res = signed_in
        .post(format!("{base}/api/auth/login"))
        .header("Origin", &base)
        .header("Accept", "application/json")
        .form(&[("form[email]", benchdata::BENCH_EMAIL), ("form[password]", benchdata::BENCH_PASSWORD)])
        .send()
        .await
        .expect("sign in");
    assert!(res.status().is_success(), "sign-in: {}", res.status());

    println!("Scale benchmark on {backend}, release build, {ITERATIONS} timed runs each (after 2 warm-up runs);");
    println!("each cell: p50 / p95 · SQL statements per request · response size (uncompressed)\n");
    // `SCALE_ONLY=profiles` measures the migration profiles alone (the other sections take minutes
    // to fill).
    if std::env::var("SCALE_ONLY").as_deref() != Ok("profiles") {
        println!("| agenda items | registrations | agenda page | meeting .ics | registration form | registrations list (secretariat) |");
        println!("|---:|---:|---|---|---|---|");
        let start = Utc::now().date_naive() + Duration::days(60);
        for (k, (items, registrations)) in [(20, 100), (60, 300), (180, 900)].into_iter().enumerate() {
            let t = Instant::now();
            let id = benchdata::conference(&db, &sec, start + Duration::days(7 * k as i64), items, registrations, &app.public_url)
                .await
                .expect("conference");
            eprintln!("(conference with {items} items and {registrations} registrations made in {:.1} s)", t.elapsed().as_secs_f64());
            let agenda = time_get(&app, &public, &format!("/meetings/{id}/agenda")).await;
            let ics = time_get(&app, &public, &format!("/meetings/{id}/calendar.ics")).await;
            let form = time_get(&app, &public, &format!("/meetings/{id}/register")).await;
            let list = time_get(&app, &signed_in, &format!("/meetings/{id}/registrations")).await;
            println!("| {items} | {registrations} | {agenda} | {ics} | {form} | {list} |");
        }

        println!("\n| recommendations | reports | matrix service p50 / p95 (ms) | dashboard page | country page | matrix XLSX |");
        println!("|---:|---:|---:|---|---|---|");
        for n in [50, 100, 200] {
            let t = Instant::now();
            let mid = benchdata::plan_of_action(&db, &sec, n, 10).await.expect("plan");
            eprintln!("(plan of {n} recommendations × 16 × 10 made in {:.1} s)", t.elapsed().as_secs_f64());
            // The dashboard first, while its progress-over-cycles figures are not computed yet
            // (the matrix service below shares the server process's cache).
            let dashboard = time_get(&app, &public, &format!("/meetings/{mid}/plan/dashboard")).await;
            let mut ms = Vec::new();
            for _ in 0..ITERATIONS {
                let t = Instant::now();
                let m = reports::matrix(&db, None, mid, MatrixQuery::default(), Lang::En, Utc::now()).await.expect("matrix");
                ms.push(t.elapsed().as_secs_f64() * 1000.0);
                assert_eq!(m.rows.len(), n);
            }
            let (s50, s95) = stats(ms);
            let country = time_get(&app, &public, &format!("/meetings/{mid}/plan/countries/TZ")).await;
            let xlsx = time_get(&app, &public, &format!("/meetings/{mid}/plan/matrix.xlsx")).await;
            println!(
                "| {n} | {} | {s50:.1} / {s95:.1} | {dashboard} (first: {:.0} ms) | {country} | {xlsx} |",
                n * 16 * 10,
                dashboard.first
            );
        }
    }
    // Migration profiles: the regional table (one indicator × 16 states, latest published
    // values) must stay well under 50 ms at the 99th percentile at 16 × 60 × 5.
    println!("\n| indicators × editions (× 16 states) | values | regional table page p50 / p95 / p99 (ms, 100 runs) | regional JSON API (every indicator) | regional CSV | an edition page |");
    println!("|---|---:|---|---|---|---|");
    for (indicators, editions) in [(20, 2), (60, 5)] {
        let first = benchdata::profiles(&db, &sec, indicators, editions).await.expect("profiles");
        let path = format!("/profiles/regional?indicator={first}");
        let url = format!("http://{}{path}", app.addr);
        let mut ms = Vec::new();
        for _ in 0..102 {
            let t = Instant::now();
            let res = public.get(&url).send().await.expect("request");
            assert!(res.status().is_success(), "{url}: {}", res.status());
            res.bytes().await.expect("body");
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        ms.drain(..2);
        ms.sort_by(|a, b| a.total_cmp(b));
        let (p50, p95, p99) = (ms[49], ms[94], ms[98]);
        let api = time_get(&app, &public, "/api/v1/profiles/regional").await;
        let csv = time_get(&app, &public, "/profiles/regional.csv").await;
        let edition = time_get(&app, &public, "/profiles/TZ/2026").await;
        let values = 16 * editions * indicators * 9 / 10;
        println!("| {indicators} × {editions} | {values} | {p50:.1} / {p95:.1} / {p99:.1} | {api} | {csv} | {edition} |");
        // The next size starts from an empty set (its editions would clash with these years).
        clear_profiles(&db).await;
    }
    app.stop();
}

/// Removes every profile edition and indicator (between the sizes of the profile benchmark).
async fn clear_profiles(db: &sea_orm::DatabaseConnection) {
    use app::ssr::entities::{profile_edition, profile_indicator, profile_text, profile_value};
    use sea_orm::EntityTrait;
    profile_value::Entity::delete_many().exec(db).await.expect("values");
    profile_text::Entity::delete_many().exec(db).await.expect("texts");
    profile_edition::Entity::delete_many().exec(db).await.expect("editions");
    profile_indicator::Entity::delete_many().exec(db).await.expect("indicators");
}
