//! Dashboard benchmark: a Plan of Action of 200 recommendations (all 16 member states
//! responsible), 10 reporting cycles, and a validated report from every state on every
//! recommendation in every cycle (32,000 reports). Measures, on a release build:
//! - the matrix service (`reports::service::matrix`, all the dashboard's numbers), and
//! - the whole server-rendered dashboard page over HTTP on 127.0.0.1 (SSR, compressed off),
//!   and the country page and the matrix XLSX export,
//!
//! at three plan sizes (50, 100 and 200 recommendations, 10 cycles each) so that growth is seen.
//!
//! `cargo bench -p server --bench dashboard` (SQLite file); with
//! `TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test` on PostgreSQL. Reports are
//! inserted in bulk (the services would take minutes); everything read goes through the
//! ordinary code paths.

use app::domain::{Lang, Role};
use app::features::plan::service as plan;
use app::features::plan::types::PlanStepForm;
use app::features::reports::service as reports;
use app::features::reports::types::{CycleForm, MatrixQuery};
use app::ssr::entities::progress_report;
use chrono::{Duration, Utc};
use sea_orm::{DatabaseConnection, EntityTrait, Set};
use server::config::Settings;
use server::startup::Application;
use std::time::Instant;

const STATUSES: [&str; 5] = ["not_started", "in_progress", "achieved", "delayed", "not_applicable"];
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
        outbox_poll_ms: 60_000,
        outbox_retry_base_ms: 60_000,
        max_file_bytes: 1024 * 1024,
        s3: None,
    }
}

/// A meeting with an adopted, public plan of `n` recommendations and 10 cycles, each with a
/// validated report from all 16 states on every recommendation. Returns the meeting id.
async fn generate(db: &DatabaseConnection, sec: &app::features::auth::types::CurrentUser, n: usize) -> i32 {
    let form = app::features::meetings::types::MeetingForm {
        kind: "ministerial_conference".into(),
        title: format!("Bench conference {n}"),
        description: "Benchmark".into(),
        venue: "JNICC".into(),
        city: "Dar es Salaam".into(),
        host_country: "TZ".into(),
        timezone: "Africa/Dar_es_Salaam".into(),
        start_date: "2026-01-10".into(),
        end_date: "2026-01-12".into(),
        lang_en: Some("on".into()),
        ..Default::default()
    };
    let mid = app::features::meetings::service::create(db, sec, &form).await.expect("meeting");
    app::features::meetings::service::transition(db, sec, mid, "1", "announced").await.expect("announce");
    let themes = ["data", "labour", "mixed", "trafficking", "smuggling", "health", "development", "border", "irregular", "governance"];
    let mut csv = String::from("code,heading,theme,level,states,text_en\n");
    for i in 0..n {
        let theme = themes[i % themes.len()];
        csv.push_str(&format!(
            "R{}.{},{}. {theme},{theme},{},ALL,Recommendation {i}: member states should act on {theme} with measurable targets.\n",
            i / 10 + 1,
            i % 10 + 1,
            i / 10 + 1,
            if i % 4 == 0 { "regional" } else { "national" }
        ));
    }
    plan::import(db, sec, mid, "bench.csv", csv.as_bytes(), Utc::now()).await.expect("import");
    let step = |v: i32, s: &str| PlanStepForm {
        meeting_id: mid.to_string(),
        version: v.to_string(),
        step: s.into(),
        adopted_on: "2026-01-12".into(),
        public_status: Some("on".into()),
        public_narratives: Some("on".into()),
    };
    let v = plan::find_plan(db, mid).await.unwrap().unwrap().version;
    plan::step(db, sec, &step(v, "adopt"), Utc::now()).await.expect("adopt");
    plan::step(db, sec, &step(v + 1, "publication"), Utc::now()).await.expect("publish");
    let recs = plan::recommendations_of(db, mid).await.unwrap();
    let today = Utc::now().date_naive();
    for c in 0..10 {
        let opens = today - Duration::days(400 - c * 35);
        let f = CycleForm {
            meeting_id: mid.to_string(),
            title: format!("Cycle {}", c + 1),
            opens_on: opens.to_string(),
            due_on: (opens + Duration::days(30)).to_string(),
            recommendations: vec![],
        };
        let cycle = reports::open_cycle(db, sec, &f, Utc::now()).await.expect("cycle");
        let now = Utc::now();
        let mut rows = Vec::with_capacity(recs.len() * 16);
        for (i, r) in recs.iter().enumerate() {
            for (k, country) in app::domain::CountryCode::all().enumerate() {
                let status = STATUSES[(i + k + c as usize) % STATUSES.len()];
                let percent = match status {
                    "not_started" => 0,
                    "achieved" => 100,
                    _ => ((i * 7 + k * 13 + c as usize * 5) % 99) as i32,
                };
                rows.push(progress_report::ActiveModel {
                    cycle_id: Set(cycle),
                    recommendation_id: Set(r.id),
                    reporter: Set(country.code().to_string()),
                    seq: Set(1),
                    state: Set("validated".into()),
                    status: Set(status.into()),
                    percent: Set(percent),
                    narrative_md: Set(format!("Progress on {} in {}: consultations held, a draft adopted.", r.code, country.code())),
                    narrative_html: Set(format!(
                        "<p>Progress on {} in {}: consultations held, a draft adopted.</p>",
                        r.code,
                        country.code()
                    )),
                    evidence: Set(String::new()),
                    next_steps_md: Set(String::new()),
                    next_steps_html: Set(String::new()),
                    author_id: Set(None),
                    author: Set("Bench".into()),
                    updated_at: Set(now),
                    submitted_at: Set(Some(now)),
                    reviewer: Set("Bench".into()),
                    reviewed_at: Set(Some(now)),
                    review_comment: Set(String::new()),
                    ..Default::default()
                });
            }
        }
        for chunk in rows.chunks(500) {
            progress_report::Entity::insert_many(chunk.to_vec()).exec(db).await.expect("reports");
        }
    }
    mid
}

fn stats(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(|a, b| a.total_cmp(b));
    (ms[ms.len() / 2], ms[(ms.len() * 95 / 100).min(ms.len() - 1)])
}

async fn time_get(client: &reqwest::Client, url: &str) -> (f64, f64, usize) {
    let mut ms = Vec::new();
    let mut size = 0;
    for _ in 0..ITERATIONS + 2 {
        let t = Instant::now();
        let res = client.get(url).send().await.expect("request");
        assert!(res.status().is_success(), "{url}: {}", res.status());
        size = res.bytes().await.expect("body").len();
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms.drain(..2); // warm-up
    let (p50, p95) = stats(ms);
    (p50, p95, size)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let url = app::ssr::testing::fresh_database_url().await;
    let backend = if url.starts_with("postgres") { "PostgreSQL" } else { "SQLite" };
    let app = Application::start(settings(url)).await.expect("server");
    let db = app.db.clone();
    app::features::auth::service::create_user_with_password(
        &db,
        "bench@iom.example",
        "Bench",
        "a long enough password",
        Role::Secretariat,
        None,
    )
    .await
    .expect("user");
    let u = app::ssr::entities::app_user::Entity::find_by_id(1).one(&db).await.unwrap().unwrap();
    let sec = app::ssr::auth::to_current_user(&u).unwrap();
    let client = reqwest::Client::builder().no_gzip().build().unwrap();
    let base = format!("http://{}", app.addr);
    println!("Dashboard benchmark on {backend}, release build, {ITERATIONS} timed runs each (after 2 warm-up runs)\n");
    println!("| recommendations | reports | matrix service p50 / p95 (ms) | dashboard page p50 / p95 (ms) | page size | country page p50 (ms) | matrix XLSX p50 (ms) |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for n in [50, 100, 200] {
        let t = Instant::now();
        let mid = generate(&db, &sec, n).await;
        let generated = t.elapsed().as_secs_f64();
        let mut ms = Vec::new();
        for _ in 0..ITERATIONS {
            let t = Instant::now();
            let m = reports::matrix(&db, None, mid, MatrixQuery::default(), Lang::En, Utc::now()).await.expect("matrix");
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(m.rows.len(), n);
        }
        let (s50, s95) = stats(ms);
        let (p50, p95, size) = time_get(&client, &format!("{base}/meetings/{mid}/plan/dashboard")).await;
        let (c50, _, _) = time_get(&client, &format!("{base}/meetings/{mid}/plan/countries/TZ")).await;
        let (x50, _, _) = time_get(&client, &format!("{base}/meetings/{mid}/plan/matrix.xlsx")).await;
        println!("| {n} | {} | {s50:.1} / {s95:.1} | {p50:.1} / {p95:.1} | {} KB | {c50:.1} | {x50:.1} |", n * 16 * 10, size / 1024);
        eprintln!("(generated {n} recommendations × 16 × 10 in {generated:.1} s)");
    }
    app.stop();
}
