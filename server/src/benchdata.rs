//! Benchmark data, made through the ordinary services (and, for the tens of thousands of
//! progress reports, by bulk insert): a conference of a chosen agenda size and number of
//! registrations, and a Plan of Action of a chosen number of recommendations × 16 member states
//! × reporting cycles. Used by `server bench-data` (which fills a database for the wrk load
//! runs, `scripts/bench-load.sh`) and by the scale benchmark (`cargo bench -p server --bench
//! scale`). Never run by migrations or the demo seed.

use app::domain::{CountryCode, Lang, ReportState, ReportStatus, Role};
use app::features::agenda::service as agenda;
use app::features::agenda::types::{ItemForm, PublishForm, SessionForm};
use app::features::auth::types::CurrentUser;
use app::features::meetings::service as meetings;
use app::features::meetings::types::MeetingForm;
use app::features::plan::service as plan;
use app::features::plan::types::PlanStepForm;
use app::features::registration::service as reg;
use app::features::registration::types::{DecisionForm, RegistrationForm, SettingsForm};
use app::features::reports::service as reports;
use app::features::reports::types::CycleForm;
use app::ssr::entities::{app_user, meeting, progress_report, report_cell};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

/// The benchmark's secretariat account (created by [`account`]).
pub const BENCH_EMAIL: &str = "bench@midsa.example";
/// Its password (benchmarks only; the account is made in benchmark databases only).
pub const BENCH_PASSWORD: &str = "bench password 2026";

fn err(e: impl std::fmt::Debug) -> String {
    format!("{e:?}")
}

/// The benchmark's secretariat account, created if missing.
pub async fn account(db: &DatabaseConnection) -> Result<CurrentUser, String> {
    let find = || app_user::Entity::find().filter(app_user::Column::Email.eq(BENCH_EMAIL)).one(db);
    if find().await.map_err(err)?.is_none() {
        app::features::auth::service::create_user_with_password(
            db,
            BENCH_EMAIL,
            "Bench Secretariat",
            BENCH_PASSWORD,
            Role::Secretariat,
            None,
        )
        .await
        .map_err(err)?;
    }
    let u = find().await.map_err(err)?.ok_or("the bench account was not created")?;
    app::ssr::auth::to_current_user(&u).ok_or_else(|| "the bench account is not usable".to_string())
}

/// A 3-day ministerial conference starting `start`, with `items` agenda entries (sessions of
/// four items and a break, with speakers, chairs and a Markdown description) published as
/// revision 1, registration open (capacity `registrations + 1000`, 100 places per delegation,
/// approval required) and `registrations` registrations by the secretariat, two thirds of them
/// approved. Returns the meeting id.
pub async fn conference(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    start: NaiveDate,
    items: usize,
    registrations: usize,
    public_url: &str,
) -> Result<i32, String> {
    let form = MeetingForm {
        kind: "ministerial_conference".into(),
        title: format!("Bench conference: {items} agenda items, {registrations} registrations"),
        description: "Benchmark meeting. Reviews **mixed migration** and the *Plan of Action*.\n\n| Day | Segment |\n|---|---|\n| 1 | Officials |\n| 3 | Ministers |".into(),
        venue: "Julius Nyerere International Convention Centre".into(),
        city: "Dar es Salaam".into(),
        host_country: "TZ".into(),
        timezone: "Africa/Dar_es_Salaam".into(),
        start_date: start.to_string(),
        end_date: (start + Duration::days(2)).to_string(),
        lang_en: Some("on".into()),
        lang_fr: Some("on".into()),
        lang_pt: Some("on".into()),
        chair: "United Republic of Tanzania".into(),
        co_organisers: "IOM\nSADC Secretariat".into(),
        ..Default::default()
    };
    let id = meetings::create(db, actor, &form).await.map_err(err)?;
    for to in ["announced", "registration_open"] {
        let m = meeting::Entity::find_by_id(id).one(db).await.map_err(err)?.ok_or("meeting vanished")?;
        meetings::transition(db, actor, id, &m.version.to_string(), to).await.map_err(err)?;
    }

    // Entries per day, and a slot length that fits them between 07:00 and 22:00.
    let per_day = items.div_ceil(3).max(1);
    let slot = (15 * 60 / per_day).clamp(5, 20) as u32;
    let countries: Vec<CountryCode> = CountryCode::all().collect();
    let mut made = 0;
    for day in 0..3 {
        let date = start + Duration::days(day);
        let mut minute = 7 * 60;
        let mut session_no = 0;
        while made < items && made < per_day * (day as usize + 1) {
            session_no += 1;
            let chair = countries[(made / 5) % countries.len()];
            let sid = agenda::save_session(
                db,
                actor,
                &SessionForm {
                    meeting_id: id.to_string(),
                    day: date.to_string(),
                    title: format!("Day {} session {session_no}: regional cooperation on migration", day + 1),
                    room: if session_no % 2 == 0 { "Room Kilimanjaro" } else { "Plenary Hall" }.into(),
                    chair: format!("Head of Delegation; Chair; {}", chair.name(Lang::En)),
                    ..Default::default()
                },
            )
            .await
            .map_err(err)?;
            for k in 0..5 {
                if made >= items || made >= per_day * (day as usize + 1) {
                    break;
                }
                let is_break = k == 4;
                let c = countries[made % countries.len()];
                let (h0, m0, h1, m1) = (minute / 60, minute % 60, (minute + slot) / 60, (minute + slot) % 60);
                agenda::save_item(
                    db,
                    actor,
                    &ItemForm {
                        meeting_id: id.to_string(),
                        session_id: sid.to_string(),
                        kind: if is_break { "break" } else { "item" }.into(),
                        start: format!("{h0:02}:{m0:02}"),
                        end: format!("{h1:02}:{m1:02}"),
                        title: if is_break {
                            "Coffee break".into()
                        } else {
                            format!("Item {}: national experience of {}", made + 1, c.name(Lang::En))
                        },
                        description: if is_break {
                            String::new()
                        } else {
                            format!("Presentation by **{}** followed by questions.\n\n- data\n- policy\n- next steps", c.name(Lang::En))
                        },
                        speakers: if is_break {
                            String::new()
                        } else {
                            format!("Director of Immigration; Speaker; {}\nProgramme Officer; Discussant; IOM", c.name(Lang::En))
                        },
                        ..Default::default()
                    },
                )
                .await
                .map_err(err)?;
                minute += slot;
                made += 1;
            }
        }
    }
    agenda::publish(db, actor, &PublishForm { meeting_id: id.to_string(), note: "Benchmark agenda".into() }).await.map_err(err)?;

    let today = Utc::now().date_naive();
    let settings = SettingsForm {
        meeting_id: id.to_string(),
        opens_at: format!("{}T08:00", today - Duration::days(1)),
        closes_at: format!("{}T17:00", start - Duration::days(1)),
        capacity: (registrations + 1000).to_string(),
        quota: "100".into(),
        cat_head_of_delegation: Some("on".into()),
        cat_delegate: Some("on".into()),
        cat_adviser: Some("on".into()),
        cat_observer: Some("on".into()),
        approval_required: Some("on".into()),
        ..Default::default()
    };
    reg::save_settings(db, actor, &settings, public_url).await.map_err(err)?;
    let mut ids = Vec::with_capacity(registrations);
    for i in 0..registrations {
        let form = registration_form(id, i, countries[i % countries.len()]);
        ids.push(reg::register(db, Some(actor), &form, Lang::En, public_url, Utc::now()).await.map_err(err)?.id);
    }
    let approve: Vec<String> = ids.iter().enumerate().filter(|(i, _)| i % 3 != 2).map(|(_, r)| r.to_string()).collect();
    for chunk in approve.chunks(100) {
        let d = DecisionForm {
            meeting_id: id.to_string(),
            ids: chunk.to_vec(),
            decision: "approve".into(),
            reason: String::new(),
            ..Default::default()
        };
        reg::decide(db, actor, &d, public_url).await.map_err(err)?;
    }
    Ok(id)
}

/// The `i`-th benchmark registration for meeting `id` (delegation categories, a country each;
/// `country` is the `i`-th in member-state order, as [`conference`] passes it).
pub fn registration_form(id: i32, i: usize, country: CountryCode) -> RegistrationForm {
    RegistrationForm {
        meeting_id: id.to_string(),
        // The first registration of each country is its delegation's head (one per delegation).
        category: if i < CountryCode::all().count() {
            "head_of_delegation"
        } else if i.is_multiple_of(5) {
            "adviser"
        } else {
            "delegate"
        }
        .into(),
        country: country.code().to_string(),
        title: "Dr".into(),
        given_name: format!("Delegate{i}"),
        family_name: "Bench".into(),
        position: "Director of Immigration".into(),
        ministry: "Ministry of Home Affairs".into(),
        email: format!("delegate{i}@gov.{}.example", country.code().to_lowercase()),
        consent_list: (i % 4 != 3).then(|| "on".into()),
        consent_contact: Some("on".into()),
        ..Default::default()
    }
}

const STATUSES: [ReportStatus; 5] =
    [ReportStatus::NotStarted, ReportStatus::InProgress, ReportStatus::Achieved, ReportStatus::Delayed, ReportStatus::NotApplicable];
const THEMES: [&str; 10] =
    ["data", "labour", "mixed", "trafficking", "smuggling", "health", "development", "border", "irregular", "governance"];

/// A meeting with an adopted, public Plan of Action of `n` recommendations (all 16 member states
/// responsible) and `cycles` reporting cycles covering them all, each with a validated report
/// from every state on every recommendation (16 × n × cycles reports, inserted in bulk).
/// Returns the meeting id.
pub async fn plan_of_action(db: &DatabaseConnection, sec: &CurrentUser, n: usize, cycles: usize) -> Result<i32, String> {
    let form = MeetingForm {
        kind: "ministerial_conference".into(),
        title: format!("Bench plan: {n} recommendations, {cycles} cycles"),
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
    let mid = meetings::create(db, sec, &form).await.map_err(err)?;
    meetings::transition(db, sec, mid, "1", "announced").await.map_err(err)?;
    let mut csv = String::from("code,heading,theme,level,states,text_en\n");
    for i in 0..n {
        let theme = THEMES[i % THEMES.len()];
        csv.push_str(&format!(
            "R{}.{},{}. {theme},{theme},{},ALL,Recommendation {i}: member states should act on {theme} with measurable targets.\n",
            i / 10 + 1,
            i % 10 + 1,
            i / 10 + 1,
            if i % 4 == 0 { "regional" } else { "national" }
        ));
    }
    plan::import(db, sec, mid, "bench.csv", csv.as_bytes(), Utc::now()).await.map_err(err)?;
    let step = |v: i32, s: &str| PlanStepForm {
        meeting_id: mid.to_string(),
        version: v.to_string(),
        step: s.into(),
        adopted_on: "2026-01-12".into(),
        public_status: Some("on".into()),
        public_narratives: Some("on".into()),
    };
    let v = plan::find_plan(db, mid).await.map_err(err)?.ok_or("no plan")?.version;
    plan::step(db, sec, &step(v, "adopt"), Utc::now()).await.map_err(err)?;
    plan::step(db, sec, &step(v + 1, "publication"), Utc::now()).await.map_err(err)?;
    let recs = plan::recommendations_of(db, mid).await.map_err(err)?;
    let today = Utc::now().date_naive();
    for c in 0..cycles {
        let opens = today - Duration::days(400 - c as i64 * 35);
        let f = CycleForm {
            meeting_id: mid.to_string(),
            title: format!("Cycle {}", c + 1),
            opens_on: opens.to_string(),
            due_on: (opens + Duration::days(30)).to_string(),
            recommendations: vec![],
        };
        let cycle = reports::open_cycle(db, sec, &f, Utc::now()).await.map_err(err)?;
        let now = Utc::now();
        let mut rows = Vec::with_capacity(recs.len() * 16);
        let mut cells = Vec::with_capacity(recs.len() * 16);
        for (i, r) in recs.iter().enumerate() {
            for (k, country) in CountryCode::all().enumerate() {
                let status = STATUSES[(i + k + c) % STATUSES.len()];
                let percent = match status {
                    ReportStatus::NotStarted => 0,
                    ReportStatus::Achieved => 100,
                    _ => ((i * 7 + k * 13 + c * 5) % 99) as i32,
                };
                let narrative = format!("Progress on {} in {}: consultations held, a draft adopted.", r.code, country.code());
                // Its matrix cell, as the review of the report keeps it.
                cells.push(report_cell::ActiveModel {
                    cycle_id: Set(cycle),
                    recommendation_id: Set(r.id),
                    reporter: Set(country.code().to_string()),
                    reported: Set(true),
                    seq: Set(Some(1)),
                    status: Set(Some(status)),
                    percent: Set(Some(percent)),
                });
                rows.push(progress_report::ActiveModel {
                    cycle_id: Set(cycle),
                    recommendation_id: Set(r.id),
                    reporter: Set(country.code().to_string()),
                    seq: Set(1),
                    state: Set(ReportState::Validated),
                    status: Set(status),
                    percent: Set(percent),
                    narrative_html: Set(format!("<p>{narrative}</p>")),
                    narrative_md: Set(narrative),
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
            progress_report::Entity::insert_many(chunk.to_vec()).exec(db).await.map_err(err)?;
        }
        for chunk in cells.chunks(500) {
            report_cell::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await.map_err(err)?;
        }
    }
    // The reports were written past the services: move the page cache's epoch on as their
    // writes do (a server already running on this database shows them at once).
    app::ssr::write_txn(db).await.map_err(err)?.commit().await.map_err(err)?;
    Ok(mid)
}

/// Migration profiles at scale: `indicators` indicators (made through the service) and, for
/// each of the sixteen member states, `editions` published editions (one every two years up to
/// 2026) with a value for nine indicators in ten and a context chapter, by bulk insert.
/// Returns the first indicator's id.
pub async fn profiles(db: &DatabaseConnection, sec: &CurrentUser, indicators: usize, editions: usize) -> Result<i32, String> {
    use app::domain::{Chapter, ProfileStatus};
    use app::features::profiles::{service as profiles, types::IndicatorForm};
    use app::ssr::entities::{profile_edition, profile_text, profile_value};
    use sea_orm::ActiveModelTrait;
    let mut ids = Vec::with_capacity(indicators);
    for i in 0..indicators {
        let chapter = Chapter::ALL[i % Chapter::ALL.len()];
        let form = IndicatorForm {
            code: format!("bench.i{i}"),
            name_en: format!("Bench indicator {i}"),
            unit: "persons".into(),
            chapter: chapter.as_str().into(),
            ..Default::default()
        };
        ids.push(profiles::save_indicator(db, sec, &form).await.map_err(err)?);
    }
    let txn = app::ssr::write_txn(db).await.map_err(err)?;
    let now = Utc::now();
    for (s, country) in CountryCode::all().enumerate() {
        for e in 0..editions {
            let year = 2026 - 2 * (editions - 1 - e) as i32;
            let edition = profile_edition::ActiveModel {
                country_code: Set(country.code().to_string()),
                year: Set(year),
                status: Set(ProfileStatus::Published),
                source_lang: Set(Lang::En),
                copied_from: Set(None),
                version: Set(1),
                validated_by_name: Set("Bench focal point".into()),
                validated_at: Set(Some(now)),
                published_at: Set(Some(now)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(err)?;
            let text = format!("The **{year}** profile of {}: context.", country.code());
            profile_text::ActiveModel {
                edition_id: Set(edition.id),
                chapter: Set(Chapter::Context),
                lang: Set(Lang::En),
                body_html: Set(app::ssr::markdown::render(&text)),
                body_md: Set(text),
                version: Set(1),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(err)?;
            let rows: Vec<profile_value::ActiveModel> = ids
                .iter()
                .enumerate()
                .filter(|(i, _)| (i + s + e) % 10 != 0)
                .map(|(i, id)| profile_value::ActiveModel {
                    edition_id: Set(edition.id),
                    indicator_id: Set(*id),
                    value: Set(((s + 1) * 1000 + i * 10 + e) as f64),
                    year: Set(year - 1),
                    source: Set("Bench statistics office".into()),
                    note: Set(String::new()),
                    ..Default::default()
                })
                .collect();
            profile_value::Entity::insert_many(rows).exec(&txn).await.map_err(err)?;
        }
    }
    txn.commit().await.map_err(err)?;
    ids.first().copied().ok_or_else(|| "no indicators".to_string())
}
