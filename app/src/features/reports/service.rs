//! Reporting cycles, progress reports and the regional picture.
//!
//! Who does what: the secretariat opens cycles for an adopted plan and reviews reports; a focal
//! point reports for their own country only, on recommendations of the cycle their country is
//! responsible for, only while the cycle is open. Reports are append-only: a draft may be
//! rewritten, a submitted version never changes (the database refuses it too); the latest
//! validated version is the one that counts.

use super::types::{
    CountryTotal, CyclePageData, DueReport, MatrixCell, MatrixData, MatrixQuery, MatrixRow, ReportForm, ReportPageData, ReportVersion,
    ReviewForm,
};
use crate::domain::plan::{parse_evidence, Reporter};
use crate::domain::CurrentUser;
use crate::domain::{
    optional_text, parse_id, required_text, CountryCode, ErrorCode, FieldError, FieldErrors, Lang, Level, Markdown, PlanStatus,
    ReportState, ReportStatus, Role, States,
};
pub use crate::features::plan::service::{cycle_sizes, open_cycle};
use crate::features::plan::service::{cycle_summary, find_plan, plan_status, recommendations_of, themes, view_of};
use crate::ssr::access::find_visible;
use crate::ssr::audit::{self, Entry};
use crate::ssr::entities::{cycle_recommendation, meeting, plan, progress_report, recommendation, reporting_cycle};
use crate::ssr::error::{ServiceError, ServiceResult};
use crate::ssr::markdown;
use crate::ssr::outbox::{MissingReports, OutboxMessage, ReminderStep};
use crate::ssr::write::on_unique_violation;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;
use std::collections::HashMap;

fn country_name(code: &str, lang: Lang) -> String {
    CountryCode::parse("c", code).map(|c| c.name(lang).to_string()).unwrap_or_else(|_| code.to_string())
}

/// The cycle, its plan and meeting. NotFound for a draft meeting the viewer may not see.
pub(crate) async fn load_cycle(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    cycle_id: i32,
) -> ServiceResult<(reporting_cycle::Model, plan::Model, meeting::Model)> {
    let c = reporting_cycle::Entity::find_by_id(cycle_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let p = plan::Entity::find_by_id(c.plan_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let m = find_visible(db, viewer, p.meeting_id).await?;
    Ok((c, p, m))
}

pub fn is_open(c: &reporting_cycle::Model, today: NaiveDate) -> bool {
    c.closed_at.is_none() && c.opens_on <= today
}

use crate::ssr::access::require_secretariat as secretariat_only;

/// Closes a cycle: no more reports or drafts (secretariat). Reviews may still be made.
pub async fn close_cycle(db: &DatabaseConnection, actor: &CurrentUser, cycle_id: i32, now: DateTime<Utc>) -> ServiceResult<i32> {
    secretariat_only(actor)?;
    let txn = crate::ssr::write_txn(db).await?;
    let (c, p, _) = load_cycle(&txn, Some(actor), cycle_id).await?;
    if c.closed_at.is_none() {
        let mut am: reporting_cycle::ActiveModel = c.clone().into();
        am.closed_at = Set(Some(now));
        am.update(&txn).await?;
        audit::record(
            &txn,
            Some(actor),
            Entry {
                action: "cycle.close",
                entity: "reporting_cycle",
                entity_id: Some(c.id),
                summary: format!("Closed the reporting cycle \u{201c}{}\u{201d}", c.title),
                detail: json!({}),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(p.meeting_id)
}

/// The evidence files of the given report versions.
async fn files_of(db: &impl ConnectionTrait, report_ids: Vec<i32>) -> ServiceResult<HashMap<i32, Vec<super::types::EvidenceFile>>> {
    use crate::ssr::entities::report_file;
    let mut out: HashMap<i32, Vec<super::types::EvidenceFile>> = HashMap::new();
    if report_ids.is_empty() {
        return Ok(out);
    }
    for f in report_file::Entity::find()
        .filter(report_file::Column::ReportId.is_in(report_ids))
        .order_by_asc(report_file::Column::Id)
        .all(db)
        .await?
    {
        out.entry(f.report_id).or_default().push(super::types::EvidenceFile {
            id: f.id,
            name: f.name,
            content_type: f.content_type,
            size: f.size,
        });
    }
    Ok(out)
}

fn version_of(r: &progress_report::Model, files: &HashMap<i32, Vec<super::types::EvidenceFile>>) -> ReportVersion {
    ReportVersion {
        files: files.get(&r.id).cloned().unwrap_or_default(),
        id: r.id,
        seq: r.seq,
        state: ReportState::parse("state", &r.state).unwrap_or(ReportState::Draft),
        status: ReportStatus::parse("status", &r.status).unwrap_or(ReportStatus::NotStarted),
        percent: r.percent,
        narrative_html: r.narrative_html.clone(),
        evidence: r.evidence.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect(),
        next_steps_html: r.next_steps_html.clone(),
        author: r.author.clone(),
        submitted_at: r.submitted_at,
        reviewer: r.reviewer.clone(),
        reviewed_at: r.reviewed_at,
        review_comment: r.review_comment.clone(),
    }
}

/// A write that lost a race (the same report submitted twice at once, on PostgreSQL): the
/// unique version number or the append-only trigger refuses it; the user gets a conflict.
fn concurrent_write(e: sea_orm::DbErr) -> ServiceError {
    let lost = || ServiceError::Conflict("the report was saved by someone else at the same time".into());
    let text = e.to_string();
    if text.contains("append-only") || text.contains("can only be submitted") {
        return lost();
    }
    on_unique_violation(e, |_| lost())
}

/// The reporter a user writes for: a focal point's member state, or regional body.
pub(crate) fn reporter_of(user: &CurrentUser) -> Option<Reporter> {
    if user.role != Role::FocalPoint {
        return None;
    }
    user.country.map(Reporter::State).or_else(|| user.body.as_deref().and_then(Reporter::parse).filter(|r| matches!(r, Reporter::Body(_))))
}

/// Recommendations of a cycle, in plan order.
async fn cycle_recommendations(
    db: &impl ConnectionTrait,
    c: &reporting_cycle::Model,
    meeting_id: i32,
) -> ServiceResult<Vec<recommendation::Model>> {
    let ids: Vec<i32> = cycle_recommendation::Entity::find()
        .filter(cycle_recommendation::Column::CycleId.eq(c.id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.recommendation_id)
        .collect();
    Ok(recommendations_of(db, meeting_id).await?.into_iter().filter(|r| ids.contains(&r.id)).collect())
}

/// `/cycles/{id}`: the due reports (all for the secretariat, the own country's for a focal point).
pub async fn cycle_page(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    cycle_id: i32,
    lang: Lang,
    now: DateTime<Utc>,
) -> ServiceResult<CyclePageData> {
    let user = viewer.ok_or(ServiceError::Unauthenticated)?;
    let reporter = reporter_of(user);
    if !user.is_secretariat() && reporter.is_none() {
        return Err(ServiceError::Forbidden);
    }
    let (c, _p, m) = load_cycle(db, viewer, cycle_id).await?;
    let today = crate::domain::venue_today(&m.timezone, now);
    let recs = cycle_recommendations(db, &c, m.id).await?;
    let reports = progress_report::Entity::find()
        .filter(progress_report::Column::CycleId.eq(c.id))
        .order_by_asc(progress_report::Column::Seq)
        .all(db)
        .await?;
    // The latest version each viewer may see: drafts only for their reporter.
    let latest: HashMap<(i32, &str), &progress_report::Model> = reports
        .iter()
        .filter(|r| r.state != ReportState::Draft.as_str() || reporter.is_some_and(|me| me.code() == r.reporter))
        .map(|r| ((r.recommendation_id, r.reporter.as_str()), r))
        .collect();
    // In: some version submitted or validated (a later draft or return does not undo it).
    let is_in: std::collections::HashSet<(i32, &str)> = reports
        .iter()
        .filter(|r| r.state == ReportState::Submitted.as_str() || r.state == ReportState::Validated.as_str())
        .map(|r| (r.recommendation_id, r.reporter.as_str()))
        .collect();
    let mut due = Vec::new();
    let mut reported = 0;
    for r in &recs {
        for country in Reporter::all_for(&States::from_db(&r.states), &r.bodies) {
            if reporter.is_some_and(|me| me != country) {
                continue;
            }
            reported += usize::from(is_in.contains(&(r.id, country.code())));
            let last = latest.get(&(r.id, country.code())).copied();
            let state = last.map(|l| ReportState::parse("state", &l.state).unwrap_or(ReportState::Draft));
            due.push(DueReport {
                recommendation_id: r.id,
                code: r.code.clone(),
                reporter: country.code().to_string(),
                reporter_name: country.name(lang).to_string(),
                state,
                status: last.and_then(|l| ReportStatus::parse("status", &l.status).ok()),
                percent: last.map(|l| l.percent),
                awaiting_review: last.filter(|l| l.state == ReportState::Submitted.as_str()).map(|l| l.id),
            });
        }
    }
    Ok(CyclePageData {
        meeting_id: m.id,
        meeting_title: m.title.clone(),
        cycle: cycle_summary(&c, today, recs.len()),
        is_secretariat: user.is_secretariat(),
        coverage: (reported, due.len()),
        due,
        reporter: reporter.map(|r| r.code().to_string()),
    })
}

/// `/cycles/{id}/reports/{recommendation}/{reporter}`: the form (for the reporter) and the history.
pub async fn report_page(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    cycle_id: i32,
    recommendation_id: i32,
    reporter: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> ServiceResult<ReportPageData> {
    let user = viewer.ok_or(ServiceError::Unauthenticated)?;
    let own = reporter_of(user);
    let reporter = Reporter::parse(reporter).ok_or(ServiceError::NotFound)?;
    if !user.is_secretariat() && own != Some(reporter) {
        return Err(ServiceError::Forbidden);
    }
    let (c, _p, m) = load_cycle(db, viewer, cycle_id).await?;
    let today = crate::domain::venue_today(&m.timezone, now);
    let recs = cycle_recommendations(db, &c, m.id).await?;
    let r = recs.iter().find(|r| r.id == recommendation_id).ok_or(ServiceError::NotFound)?;
    let country = reporter;
    if !reporter.is_responsible(&States::from_db(&r.states), &r.bodies) {
        return Err(ServiceError::NotFound);
    }
    let versions = progress_report::Entity::find()
        .filter(progress_report::Column::CycleId.eq(c.id))
        .filter(progress_report::Column::RecommendationId.eq(r.id))
        .filter(progress_report::Column::Reporter.eq(reporter.code()))
        .order_by_desc(progress_report::Column::Seq)
        .all(db)
        .await?;
    let draft = versions.iter().find(|v| v.state == ReportState::Draft.as_str());
    let awaiting = versions.iter().any(|v| v.state == ReportState::Submitted.as_str());
    let themes = themes(db, lang).await?;
    let files = files_of(db, versions.iter().map(|v| v.id).collect()).await?;
    Ok(ReportPageData {
        meeting_id: m.id,
        meeting_title: m.title.clone(),
        cycle: cycle_summary(&c, today, recs.len()),
        recommendation: view_of(r, &themes, lang, vec![]),
        reporter: reporter.code().to_string(),
        reporter_name: country.name(lang).to_string(),
        can_edit: own == Some(reporter) && is_open(&c, today) && !awaiting,
        has_draft: own == Some(reporter) && draft.is_some(),
        is_secretariat: user.is_secretariat(),
        // The reporter's form starts from the draft, or else from the latest submitted version
        // (Markdown sources); the secretariat never sees drafts.
        draft: draft.or_else(|| versions.first()).filter(|_| own == Some(reporter)).map(|d| {
            let mut v = version_of(d, &files);
            v.narrative_html = d.narrative_md.clone();
            v.next_steps_html = d.next_steps_md.clone();
            if d.state != ReportState::Draft.as_str() {
                v.files.clear();
            }
            v
        }),
        history: versions.iter().filter(|v| v.state != ReportState::Draft.as_str()).map(|v| version_of(v, &files)).collect(),
    })
}

/// Saves a focal point's draft, or submits it (`form.submit`). Own country only, cycle open,
/// country responsible, and not while a submitted version awaits review.
pub async fn save_report(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    form: &ReportForm,
    now: DateTime<Utc>,
) -> ServiceResult<(i32, ReportState)> {
    let reporter = reporter_of(actor).ok_or(ServiceError::Forbidden)?;
    let cycle_id = parse_id(&form.cycle_id).ok_or(ServiceError::NotFound)?;
    let rec_id = parse_id(&form.recommendation_id).ok_or(ServiceError::NotFound)?;
    let mut e = FieldErrors::new();
    let status = e.take(ReportStatus::parse("status", &form.status));
    let percent = e.take(crate::domain::plan::parse_percent("percent", &form.percent));
    if let (Some(s), Some(p)) = (status, percent) {
        if let Err(err) = s.check_percent("percent", p) {
            e.push(err.field, err.code);
        }
    }
    let submit = form.submit.is_some();
    // A draft may be incomplete; a submitted report says what was done.
    let narrative = e.take(Markdown::parse("narrative", &form.narrative).and_then(|m| {
        if submit && m.as_str().is_empty() {
            Err(FieldError::new("narrative", ErrorCode::Required))
        } else {
            Ok(m.as_str().to_string())
        }
    }));
    let evidence = e.take(parse_evidence("evidence", &form.evidence));
    let next_steps = e.take(optional_text("next_steps", &form.next_steps, Markdown::MAX));
    let txn = crate::ssr::write_txn(db).await?;
    let (c, _p, m) = load_cycle(&txn, Some(actor), cycle_id).await?;
    let today = crate::domain::venue_today(&m.timezone, now);
    let recs = cycle_recommendations(&txn, &c, m.id).await?;
    let r = recs.iter().find(|r| r.id == rec_id).ok_or(ServiceError::NotFound)?;
    if !reporter.is_responsible(&States::from_db(&r.states), &r.bodies) {
        return Err(FieldError::new("form", ErrorCode::NotResponsible).into());
    }
    let reporter = reporter.code().to_string();
    if !is_open(&c, today) {
        return Err(FieldError::new("form", ErrorCode::CycleClosed).into());
    }
    e.finish()?;
    let (Some(status), Some(percent), Some(narrative), Some(evidence), Some(next_steps)) =
        (status, percent, narrative, evidence, next_steps)
    else {
        return Err(ServiceError::Internal("report form".into()));
    };
    let versions = progress_report::Entity::find()
        .filter(progress_report::Column::CycleId.eq(c.id))
        .filter(progress_report::Column::RecommendationId.eq(r.id))
        .filter(progress_report::Column::Reporter.eq(reporter.as_str()))
        .all(&txn)
        .await?;
    // A new version starts with the previous version's evidence files.
    let previous = versions.iter().filter(|v| v.state != ReportState::Draft.as_str()).max_by_key(|v| v.seq).map(|v| v.id);
    if versions.iter().any(|v| v.state == ReportState::Submitted.as_str()) {
        return Err(FieldError::new("form", ErrorCode::WrongStep).into());
    }
    let state = if submit { ReportState::Submitted } else { ReportState::Draft };
    let next_seq = versions.iter().map(|v| v.seq).max().unwrap_or(0) + 1;
    let draft = versions.into_iter().find(|v| v.state == ReportState::Draft.as_str());
    let new_row = draft.is_none();
    let mut am = match draft {
        Some(d) => d.into(),
        None => progress_report::ActiveModel {
            cycle_id: Set(c.id),
            recommendation_id: Set(r.id),
            reporter: Set(reporter.clone()),
            seq: Set(next_seq),
            reviewer: Set(String::new()),
            reviewed_at: Set(None),
            review_comment: Set(String::new()),
            ..Default::default()
        },
    };
    am.state = Set(state.as_str().into());
    am.status = Set(status.as_str().into());
    am.percent = Set(percent);
    am.narrative_html = Set(if narrative.is_empty() { String::new() } else { markdown::render(&narrative) });
    am.narrative_md = Set(narrative);
    am.evidence = Set(evidence.join("\n"));
    am.next_steps_html = Set(if next_steps.is_empty() { String::new() } else { markdown::render(&next_steps) });
    am.next_steps_md = Set(next_steps);
    am.author_id = Set(Some(actor.id));
    am.author = Set(actor.display_name.clone());
    am.updated_at = Set(now);
    am.submitted_at = Set(submit.then_some(now));
    let saved = am.save(&txn).await.map_err(concurrent_write)?;
    let id = match saved.id {
        sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => id,
        sea_orm::ActiveValue::NotSet => return Err(ServiceError::Internal("report id".into())),
    };
    if new_row {
        if let Some(prev) = previous {
            super::evidence::carry_forward(&txn, prev, id).await?;
        }
    }
    if submit {
        audit::record(
            &txn,
            Some(actor),
            Entry {
                action: "report.submit",
                entity: "progress_report",
                entity_id: Some(id),
                summary: format!("{reporter} submitted a progress report on {} ({}, {percent}%)", r.code, status.as_str()),
                detail: json!({ "cycle_id": c.id, "recommendation_id": r.id, "reporter": reporter }),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok((id, state))
}

/// Validates a submitted report, or returns it with a comment (secretariat). Returns the page
/// to go back to: (cycle, recommendation, reporter).
pub async fn review(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    form: &ReviewForm,
    now: DateTime<Utc>,
) -> ServiceResult<(i32, i32, String)> {
    secretariat_only(actor)?;
    let id = parse_id(&form.report_id).ok_or(ServiceError::NotFound)?;
    let decision = match form.decision.as_str() {
        "validate" => ReportState::Validated,
        "return" => ReportState::Returned,
        _ => return Err(FieldError::new("decision", ErrorCode::InvalidChoice).into()),
    };
    let comment = if decision == ReportState::Returned {
        required_text("comment", &form.comment, 4000)?
    } else {
        optional_text("comment", &form.comment, 4000)?
    };
    let txn = crate::ssr::write_txn(db).await?;
    let r = progress_report::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    load_cycle(&txn, Some(actor), r.cycle_id).await?;
    if r.state != ReportState::Submitted.as_str() {
        return Err(FieldError::new("form", ErrorCode::WrongStep).into());
    }
    // Guarded: of two reviewers at once, one finds the report no longer submitted.
    let done = progress_report::Entity::update_many()
        .col_expr(progress_report::Column::State, Expr::value(decision.as_str()))
        .col_expr(progress_report::Column::Reviewer, Expr::value(actor.display_name.clone()))
        .col_expr(progress_report::Column::ReviewedAt, Expr::value(now))
        .col_expr(progress_report::Column::ReviewComment, Expr::value(comment.clone()))
        .filter(progress_report::Column::Id.eq(id))
        .filter(progress_report::Column::State.eq(ReportState::Submitted.as_str()))
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if !done {
        return Err(ServiceError::Conflict(format!("report {id} was reviewed by someone else")));
    }
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: if decision == ReportState::Validated { "report.validate" } else { "report.return" },
            entity: "progress_report",
            entity_id: Some(id),
            summary: format!(
                "{} the progress report of {} (version {})",
                if decision == ReportState::Validated { "Validated" } else { "Returned" },
                r.reporter,
                r.seq
            ),
            detail: json!({ "comment": comment }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok((r.cycle_id, r.recommendation_id, r.reporter))
}

/// Whether the viewer sees the follow-up statuses of a plan.
/// Whether the viewer sees narratives (and evidence): insiders always, the public when published.
pub(crate) fn sees_narratives(p: &plan::Model, viewer: Option<&CurrentUser>) -> bool {
    viewer.is_some_and(|u| u.is_secretariat() || u.role == Role::FocalPoint) || p.public_narratives
}

fn sees_statuses(p: &plan::Model, viewer: Option<&CurrentUser>) -> bool {
    match viewer {
        Some(u) if u.is_secretariat() || u.role == Role::FocalPoint => true,
        _ => p.public_status,
    }
}

/// The dashboard: member states × recommendations of the chosen cycle (default the latest),
/// each cell the latest validated report.
pub async fn matrix(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    query: MatrixQuery,
    lang: Lang,
    now: DateTime<Utc>,
) -> ServiceResult<MatrixData> {
    let m = find_visible(db, viewer, meeting_id).await?;
    let p = find_plan(db, meeting_id).await?.ok_or(ServiceError::NotFound)?;
    if plan_status(&p)? != PlanStatus::Adopted && !viewer.is_some_and(CurrentUser::is_secretariat) {
        return Err(ServiceError::NotFound);
    }
    let today = crate::domain::venue_today(&m.timezone, now);
    let themes = themes(db, lang).await?;
    // Filters come from a form of choices, but also from hand-written links: a theme or level
    // that does not exist is refused on its field rather than answered with an empty matrix
    // (and never becomes a key of the figures' cache).
    let mut errors = FieldErrors::new();
    if !query.theme.is_empty() && !themes.iter().any(|t| t.code == query.theme) {
        errors.push("theme", ErrorCode::InvalidChoice);
    }
    let level = if query.level.is_empty() { None } else { errors.take(Level::parse("level", &query.level)) };
    errors.finish()?;
    let cycles = reporting_cycle::Entity::find()
        .filter(reporting_cycle::Column::PlanId.eq(p.id))
        .order_by_desc(reporting_cycle::Column::OpensOn)
        .order_by_desc(reporting_cycle::Column::Id)
        .all(db)
        .await?;
    let sizes = crate::features::plan::service::cycle_sizes(db, &cycles.iter().map(|c| c.id).collect::<Vec<_>>()).await?;
    let states: Vec<CountryCode> = CountryCode::all().collect();
    let mut data = MatrixData {
        meeting_id,
        meeting_title: m.title.clone(),
        cycles: cycles.iter().map(|c| cycle_summary(c, today, sizes.get(&c.id).copied().unwrap_or(0))).collect(),
        themes: themes.clone(),
        query: query.clone(),
        states: states.iter().map(|c| c.code().to_string()).collect(),
        rows: vec![],
        countries: vec![],
        by_status: vec![0; ReportStatus::ALL.len() + 1],
        by_theme: vec![],
        visible: sees_statuses(&p, viewer),
        over_cycles: vec![],
    };
    let chosen = match query.cycle {
        Some(id) => Some(cycles.iter().find(|c| c.id == id).ok_or(ServiceError::NotFound)?),
        None => cycles.first(),
    };
    data.query.cycle = chosen.map(|c| c.id);
    let (Some(cycle), true) = (chosen, data.visible) else { return Ok(data) };
    let recs: Vec<recommendation::Model> = cycle_recommendations(db, cycle, meeting_id)
        .await?
        .into_iter()
        .filter(|r| query.theme.is_empty() || r.theme == query.theme)
        .filter(|r| level.is_none_or(|l| r.level == l.as_str()))
        .collect();
    // Latest validated version per (recommendation, reporter); "reported" also counts a
    // version awaiting review.
    let mut validated: HashMap<(i32, String), (i32, ReportStatus, i32)> = HashMap::new();
    let mut reported: std::collections::HashSet<(i32, String)> = std::collections::HashSet::new();
    // Only the columns the matrix needs (not the narratives).
    for (rec, reporter, seq, state, status, percent) in progress_report::Entity::find()
        .select_only()
        .columns([
            progress_report::Column::RecommendationId,
            progress_report::Column::Reporter,
            progress_report::Column::Seq,
            progress_report::Column::State,
            progress_report::Column::Status,
            progress_report::Column::Percent,
        ])
        .filter(progress_report::Column::CycleId.eq(cycle.id))
        .filter(progress_report::Column::State.is_in([ReportState::Validated.as_str(), ReportState::Submitted.as_str()]))
        .into_tuple::<(i32, String, i32, String, String, i32)>()
        .all(db)
        .await?
    {
        reported.insert((rec, reporter.clone()));
        if state == ReportState::Validated.as_str() {
            let status = ReportStatus::parse("status", &status).unwrap_or(ReportStatus::NotStarted);
            let e = validated.entry((rec, reporter)).or_insert((seq, status, percent));
            if seq >= e.0 {
                *e = (seq, status, percent);
            }
        }
    }
    let status_index = |s: ReportStatus| ReportStatus::ALL.iter().position(|x| *x == s).unwrap_or(0);
    let mut col: Vec<(usize, usize, usize, i64, usize)> = vec![(0, 0, 0, 0, 0); states.len()];
    let mut by_theme: Vec<(String, Vec<usize>)> = themes.iter().map(|t| (t.name.clone(), vec![0; ReportStatus::ALL.len() + 1])).collect();
    for r in &recs {
        let responsible = States::from_db(&r.states);
        let theme_i = themes.iter().position(|t| t.code == r.theme);
        let mut cells = Vec::with_capacity(states.len());
        let (mut due_n, mut rep_n, mut ach_n, mut sum, mut counted) = (0, 0, 0, 0i64, 0);
        for (i, c) in states.iter().enumerate() {
            let due = responsible.contains(*c);
            let v = validated.get(&(r.id, c.code().to_string()));
            if due {
                due_n += 1;
                col[i].0 += 1;
                let slot = match v {
                    Some((_, s, pct)) => {
                        // "Not applicable" says nothing of progress: out of the averages.
                        if *s != ReportStatus::NotApplicable {
                            counted += 1;
                            sum += *pct as i64;
                            col[i].3 += *pct as i64;
                            col[i].4 += 1;
                        }
                        if *s == ReportStatus::Achieved {
                            ach_n += 1;
                            col[i].2 += 1;
                        }
                        status_index(*s)
                    }
                    None => ReportStatus::ALL.len(),
                };
                data.by_status[slot] += 1;
                if let Some(ti) = theme_i {
                    by_theme[ti].1[slot] += 1;
                }
                if reported.contains(&(r.id, c.code().to_string())) {
                    rep_n += 1;
                    col[i].1 += 1;
                }
            }
            cells.push(MatrixCell { due, status: v.filter(|_| due).map(|x| x.1), percent: v.filter(|_| due).map(|x| x.2) });
        }
        data.rows.push(MatrixRow {
            recommendation_id: r.id,
            code: r.code.clone(),
            theme: r.theme.clone(),
            level: Level::parse("level", &r.level).unwrap_or(Level::National),
            cells,
            total: (rep_n, due_n, ach_n, (counted > 0).then(|| (sum / counted as i64) as i32)),
        });
    }
    data.countries = states
        .iter()
        .zip(col)
        .map(|(c, (due, reported, achieved, sum, n))| CountryTotal {
            code: c.code().to_string(),
            name: country_name(c.code(), lang),
            due,
            reported,
            achieved,
            average: (n > 0).then(|| (sum / n as i64) as i32),
        })
        .collect();
    data.by_theme = by_theme.into_iter().filter(|(_, v)| v.iter().any(|n| *n > 0)).collect();
    data.over_cycles = over_cycles(db, &cycles, &query, level).await?;
    Ok(data)
}

/// Per cycle (oldest first): the average percent and count of the latest validated reports of
/// member states on the recommendations of the cycle that pass the filters.
async fn over_cycles(
    db: &impl ConnectionTrait,
    cycles: &[reporting_cycle::Model],
    query: &MatrixQuery,
    level: Option<Level>,
) -> ServiceResult<Vec<(String, Option<i32>, usize, usize)>> {
    if cycles.is_empty() {
        return Ok(vec![]);
    }
    let ids: Vec<i32> = cycles.iter().map(|c| c.id).collect();
    let m = plan::Entity::find_by_id(cycles[0].plan_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    // Reading every validated report of every cycle is the dashboard's largest cost; the
    // figures are reused for as long as nothing they depend on changed (see `OverCyclesKey`).
    let key = OverCyclesKey {
        meeting_id: m.meeting_id,
        theme: query.theme.clone(),
        level: level.map(|l| l.as_str().to_string()),
        cycles: ids.clone(),
        data: over_cycles_fingerprint(db, m.meeting_id, &ids).await?,
    };
    let cached = OVER_CYCLES.lock().ok().and_then(|c| c.get(&key).cloned());
    let per_cycle = match cached {
        Some(per_cycle) => per_cycle,
        None => {
            let per_cycle = over_cycles_figures(db, m.meeting_id, ids, query, level).await?;
            if let Ok(mut c) = OVER_CYCLES.lock() {
                if c.len() >= 256 {
                    c.clear();
                }
                c.insert(key, per_cycle.clone());
            }
            per_cycle
        }
    };
    Ok(cycles
        .iter()
        .rev()
        .map(|c| {
            let (sum, n, achieved) = per_cycle.get(&c.id).copied().unwrap_or((0, 0, 0));
            (c.title.clone(), (n > 0).then(|| (sum / n as i64) as i32), n, achieved)
        })
        .collect())
}

/// What the progress-over-cycles figures of a plan depend on. A validated report version is
/// never changed or removed (database triggers refuse it); versions only become validated, so
/// their count grows with every validation, and the highest id with every new version;
/// recommendations change their version on every edit or amendment; a cycle's
/// recommendations are counted. (A database restored under a running server could repeat an
/// earlier fingerprint: restores are made with the server stopped.)
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct OverCyclesKey {
    meeting_id: i32,
    theme: String,
    level: Option<String>,
    cycles: Vec<i32>,
    data: (i64, i64, i64, i64, i64, String),
}

type PerCycle = HashMap<i32, (i64, usize, usize)>;

/// Figures computed per key, shared by the requests of this server process (each instance has
/// its own; the key comes from the database, so instances never serve each other stale data).
static OVER_CYCLES: std::sync::LazyLock<std::sync::Mutex<HashMap<OverCyclesKey, PerCycle>>> = std::sync::LazyLock::new(Default::default);

async fn over_cycles_fingerprint(
    db: &impl ConnectionTrait,
    meeting_id: i32,
    cycles: &[i32],
) -> ServiceResult<(i64, i64, i64, i64, i64, String)> {
    // Only integers are put in the statement (ids from the database), so it needs no parameters.
    let list = cycles.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM progress_report WHERE cycle_id IN ({list}) AND state = 'validated'), \
         (SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM progress_report WHERE cycle_id IN ({list}) AND state = 'validated'), \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM recommendation WHERE meeting_id = {meeting_id}), \
         (SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM recommendation WHERE meeting_id = {meeting_id}), \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM cycle_recommendation WHERE cycle_id IN ({list})), \
         (SELECT CAST(MAX(updated_at) AS TEXT) FROM recommendation WHERE meeting_id = {meeting_id})"
    );
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql))
        .await?
        .ok_or_else(|| ServiceError::Internal("no fingerprint".into()))?;
    Ok((
        row.try_get_by_index(0)?,
        row.try_get_by_index(1)?,
        row.try_get_by_index(2)?,
        row.try_get_by_index(3)?,
        row.try_get_by_index(4)?,
        row.try_get_by_index::<Option<String>>(5)?.unwrap_or_default(),
    ))
}

/// Per cycle: the sum of percentages, the number of latest validated member-state reports and
/// how many say achieved, on the cycle's recommendations that pass the filters.
async fn over_cycles_figures(
    db: &impl ConnectionTrait,
    meeting_id: i32,
    ids: Vec<i32>,
    query: &MatrixQuery,
    level: Option<Level>,
) -> ServiceResult<PerCycle> {
    let recs: HashMap<i32, recommendation::Model> = recommendations_of(db, meeting_id)
        .await?
        .into_iter()
        .filter(|r| query.theme.is_empty() || r.theme == query.theme)
        .filter(|r| level.is_none_or(|l| r.level == l.as_str()))
        .map(|r| (r.id, r))
        .collect();
    let members: std::collections::HashSet<(i32, i32)> = cycle_recommendation::Entity::find()
        .filter(cycle_recommendation::Column::CycleId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|x| (x.cycle_id, x.recommendation_id))
        .collect();
    // (cycle, recommendation, reporter) -> (seq, status, percent) of the latest validated version.
    let mut latest: HashMap<(i32, i32, String), (i32, String, i32)> = HashMap::new();
    for (cycle_id, rec, reporter, seq, status, percent) in progress_report::Entity::find()
        .select_only()
        .columns([
            progress_report::Column::CycleId,
            progress_report::Column::RecommendationId,
            progress_report::Column::Reporter,
            progress_report::Column::Seq,
            progress_report::Column::Status,
            progress_report::Column::Percent,
        ])
        .filter(progress_report::Column::CycleId.is_in(ids))
        .filter(progress_report::Column::State.eq(ReportState::Validated.as_str()))
        .into_tuple::<(i32, i32, String, i32, String, i32)>()
        .all(db)
        .await?
    {
        let e = latest.entry((cycle_id, rec, reporter)).or_insert((seq, status.clone(), percent));
        if seq >= e.0 {
            *e = (seq, status, percent);
        }
    }
    // One pass over the reports, each recommendation's states parsed once.
    let responsible: HashMap<i32, States> = recs.iter().map(|(id, r)| (*id, States::from_db(&r.states))).collect();
    let mut per_cycle: PerCycle = HashMap::new();
    for ((cycle_id, rec, reporter), (_, status, percent)) in &latest {
        let Some(states) = responsible.get(rec) else { continue };
        if status == ReportStatus::NotApplicable.as_str() || !members.contains(&(*cycle_id, *rec)) {
            continue;
        }
        if !CountryCode::parse("r", reporter).is_ok_and(|x| states.contains(x)) {
            continue;
        }
        let e = per_cycle.entry(*cycle_id).or_insert((0, 0, 0));
        e.0 += *percent as i64;
        e.1 += 1;
        e.2 += usize::from(status == ReportStatus::Achieved.as_str());
    }
    Ok(per_cycle)
}

/// The matrix as a table for export: one row per recommendation, a column per member state
/// (`status percent%`, empty when not due, `no report` when due without a validated report).
pub async fn matrix_export(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    query: MatrixQuery,
    xlsx: bool,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<u8>> {
    let d = matrix(db, viewer, meeting_id, query, Lang::En, now).await?;
    if !d.visible {
        return Err(ServiceError::NotFound);
    }
    let mut header: Vec<&str> = vec!["code", "theme", "level"];
    header.extend(d.states.iter().map(String::as_str));
    header.extend(["reported", "due", "achieved", "average_percent"]);
    let rows: Vec<Vec<String>> = d
        .rows
        .iter()
        .map(|r| {
            let mut v = vec![r.code.clone(), r.theme.clone(), r.level.as_str().to_string()];
            v.extend(r.cells.iter().map(|c| match (c.due, c.status, c.percent) {
                (false, ..) => String::new(),
                (true, Some(s), Some(p)) => format!("{} {p}%", s.as_str()),
                _ => "no report".into(),
            }));
            v.extend([
                r.total.0.to_string(),
                r.total.1.to_string(),
                r.total.2.to_string(),
                r.total.3.map(|a| a.to_string()).unwrap_or_default(),
            ]);
            v
        })
        .collect();
    if xlsx {
        crate::ssr::table::xlsx(&header, &rows, "Matrix")
    } else {
        Ok(crate::ssr::table::csv(&header, &rows).into_bytes())
    }
}

/// Every submitted version of every report of a cycle (secretariat), for export.
pub async fn cycle_reports_export(db: &impl ConnectionTrait, actor: &CurrentUser, cycle_id: i32, xlsx: bool) -> ServiceResult<Vec<u8>> {
    secretariat_only(actor)?;
    let (c, _, m) = load_cycle(db, Some(actor), cycle_id).await?;
    let recs = recommendations_of(db, m.id).await?;
    let header = [
        "code",
        "reporter",
        "version",
        "state",
        "status",
        "percent",
        "narrative",
        "evidence",
        "next_steps",
        "author",
        "submitted_at",
        "reviewer",
        "reviewed_at",
        "review_comment",
    ];
    let rows: Vec<Vec<String>> = progress_report::Entity::find()
        .filter(progress_report::Column::CycleId.eq(c.id))
        .filter(progress_report::Column::State.ne(ReportState::Draft.as_str()))
        .order_by_asc(progress_report::Column::RecommendationId)
        .order_by_asc(progress_report::Column::Reporter)
        .order_by_asc(progress_report::Column::Seq)
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            vec![
                recs.iter().find(|x| x.id == r.recommendation_id).map(|x| x.code.clone()).unwrap_or_default(),
                r.reporter,
                r.seq.to_string(),
                r.state,
                r.status,
                r.percent.to_string(),
                r.narrative_md,
                r.evidence,
                r.next_steps_md,
                r.author,
                r.submitted_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                r.reviewer,
                r.reviewed_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                r.review_comment,
            ]
        })
        .collect();
    if xlsx {
        crate::ssr::table::xlsx(&header, &rows, "Reports")
    } else {
        Ok(crate::ssr::table::csv(&header, &rows).into_bytes())
    }
}

/// The reminder due today for a cycle: `open`, `d14` (two weeks before the due date), `d3`
/// (three days before) or `due` (on or after the due date, also escalated to the secretariat).
pub fn reminder_kind(opens_on: NaiveDate, due_on: NaiveDate, today: NaiveDate) -> Option<&'static str> {
    if today < opens_on {
        None
    } else if today >= due_on {
        Some("due")
    } else if today >= due_on - chrono::Duration::days(3) {
        Some("d3")
    } else if today >= due_on - chrono::Duration::days(14) {
        Some("d14")
    } else {
        Some("open")
    }
}

/// Claims one reminder (cycle, kind, reporter); false when it was already sent. Works under
/// concurrent workers: the unique index lets exactly one insert through.
async fn claim_reminder(db: &impl ConnectionTrait, cycle_id: i32, kind: &str, reporter: &str, now: DateTime<Utc>) -> ServiceResult<bool> {
    use crate::ssr::entities::cycle_reminder;
    use sea_orm::sea_query::OnConflict;
    let n = cycle_reminder::Entity::insert(cycle_reminder::ActiveModel {
        cycle_id: Set(cycle_id),
        kind: Set(kind.into()),
        reporter: Set(reporter.into()),
        sent_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([cycle_reminder::Column::CycleId, cycle_reminder::Column::Kind, cycle_reminder::Column::Reporter])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(n == 1)
}

/// Queues the reminders of every open cycle (called by the worker once a minute): to each
/// focal point of a member state with missing reports when the cycle opens, two weeks and three
/// days before the due date and on it; on the due date the secretariat gets the list of missing
/// reports. Each reminder is sent once; when the worker first sees a cycle late (say, opened
/// three days before it is due), only the latest reminder goes and the earlier ones are
/// marked as passed. Returns the number of messages queued.
pub async fn queue_reminders(db: &DatabaseConnection, now: DateTime<Utc>, public_url: &str) -> ServiceResult<usize> {
    use crate::ssr::entities::{app_user, cycle_reminder};
    let cycles = reporting_cycle::Entity::find().filter(reporting_cycle::Column::ClosedAt.is_null()).all(db).await?;
    let mut queued = 0;
    for c in cycles {
        let Some(p) = plan::Entity::find_by_id(c.plan_id).one(db).await? else { continue };
        let Some(m) = meeting::Entity::find_by_id(p.meeting_id).one(db).await? else { continue };
        if p.status != PlanStatus::Adopted.as_str() || m.status == crate::domain::MeetingStatus::Draft.as_str() {
            continue;
        }
        let today = crate::domain::venue_today(&m.timezone, now);
        let Some(kind) = reminder_kind(c.opens_on, c.due_on, today) else { continue };
        let sent: Vec<(String, String)> = cycle_reminder::Entity::find()
            .filter(cycle_reminder::Column::CycleId.eq(c.id))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.kind, r.reporter))
            .collect();
        // Missing reports per country: due, and the latest version neither submitted nor validated.
        let recs = cycle_recommendations(db, &c, m.id).await?;
        let reports = progress_report::Entity::find()
            .filter(progress_report::Column::CycleId.eq(c.id))
            .order_by_asc(progress_report::Column::Seq)
            .all(db)
            .await?;
        let is_in: std::collections::HashSet<(i32, &str)> = reports
            .iter()
            .filter(|r| r.state == ReportState::Submitted.as_str() || r.state == ReportState::Validated.as_str())
            .map(|r| (r.recommendation_id, r.reporter.as_str()))
            .collect();
        let mut missing: Vec<(Reporter, Vec<String>)> = Vec::new();
        let everyone =
            CountryCode::all().map(Reporter::State).chain(crate::domain::plan::REGIONAL_BODIES.iter().map(|(b, _)| Reporter::Body(b)));
        for country in everyone {
            let codes: Vec<String> = recs
                .iter()
                .filter(|r| country.is_responsible(&States::from_db(&r.states), &r.bodies))
                .filter(|r| !is_in.contains(&(r.id, country.code())))
                .map(|r| r.code.clone())
                .collect();
            if !codes.is_empty() {
                missing.push((country, codes));
            }
        }
        let link = format!("{public_url}/cycles/{}", c.id);
        for (country, codes) in &missing {
            if sent.iter().any(|(k, r)| k == kind && r == country.code()) {
                continue;
            }
            let txn = crate::ssr::write_txn(db).await?;
            if !claim_reminder(&txn, c.id, kind, country.code(), now).await? {
                continue;
            }
            for earlier in ["open", "d14", "d3", "due"].iter().take_while(|k| **k != kind) {
                claim_reminder(&txn, c.id, earlier, country.code(), now).await?;
            }
            let focal_points = app_user::Entity::find()
                .filter(app_user::Column::Role.eq(Role::FocalPoint.as_str()))
                .filter(match country {
                    Reporter::State(c) => app_user::Column::CountryCode.eq(c.code()),
                    Reporter::Body(b) => app_user::Column::BodyCode.eq(*b),
                })
                .filter(app_user::Column::Active.eq(true))
                .all(&txn)
                .await?;
            for u in focal_points {
                let lang = Lang::from_code(&u.locale).unwrap_or_default();
                let message = OutboxMessage::CycleReminder {
                    step: reminder_step(kind),
                    name: u.display_name.clone(),
                    meeting: m.title.clone(),
                    cycle: c.title.clone(),
                    due_on: c.due_on.to_string(),
                    country: country.name(lang).to_string(),
                    missing: codes.clone(),
                    link: link.clone(),
                };
                crate::ssr::outbox::enqueue(&txn, &u.email, lang, &message).await?;
                queued += 1;
            }
            txn.commit().await?;
        }
        if kind == "due" && !missing.is_empty() && !sent.iter().any(|(k, r)| k == "due" && r == "*") {
            let txn = crate::ssr::write_txn(db).await?;
            if claim_reminder(&txn, c.id, "due", "*", now).await? {
                let staff = app_user::Entity::find()
                    .filter(app_user::Column::Role.eq(Role::Secretariat.as_str()))
                    .filter(app_user::Column::Active.eq(true))
                    .all(&txn)
                    .await?;
                for u in staff {
                    let lang = Lang::from_code(&u.locale).unwrap_or_default();
                    let countries = missing
                        .iter()
                        .map(|(country, codes)| MissingReports { country: country.name(lang).to_string(), missing: codes.len() })
                        .collect();
                    let message = OutboxMessage::CycleOverdue {
                        name: u.display_name.clone(),
                        meeting: m.title.clone(),
                        cycle: c.title.clone(),
                        due_on: c.due_on.to_string(),
                        countries,
                        link: link.clone(),
                    };
                    crate::ssr::outbox::enqueue(&txn, &u.email, lang, &message).await?;
                    queued += 1;
                }
            }
            txn.commit().await?;
        }
    }
    Ok(queued)
}

/// `/meetings/{id}/plan/countries/{code}`: every recommendation of the plan that concerns the
/// member state, its latest validated report and the history of submitted versions (newest
/// first) across cycles. Statuses as on the dashboard; narratives for the secretariat and focal
/// points, or for everyone when the plan publishes them.
pub async fn country_page(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    code: &str,
    lang: Lang,
    page: u32,
) -> ServiceResult<super::types::CountryPageData> {
    use super::types::{CountryPageData, CountryRecommendation, CountrySummaryRow, COUNTRY_PAGE_SIZE};
    let country = CountryCode::parse("country", code).map_err(|_| ServiceError::NotFound)?;
    let m = find_visible(db, viewer, meeting_id).await?;
    let p = find_plan(db, meeting_id).await?.ok_or(ServiceError::NotFound)?;
    if plan_status(&p)? != PlanStatus::Adopted && !viewer.is_some_and(CurrentUser::is_secretariat) {
        return Err(ServiceError::NotFound);
    }
    let statuses = sees_statuses(&p, viewer);
    let insider = viewer.is_some_and(|u| u.is_secretariat() || u.role == Role::FocalPoint);
    let narratives = insider || p.public_narratives;
    let themes = themes(db, lang).await?;
    let recs: Vec<recommendation::Model> =
        recommendations_of(db, meeting_id).await?.into_iter().filter(|r| States::from_db(&r.states).contains(country)).collect();
    let cycles = reporting_cycle::Entity::find().filter(reporting_cycle::Column::PlanId.eq(p.id)).all(db).await?;
    let title_of = |id: i32| cycles.iter().find(|c| c.id == id).map(|c| c.title.clone()).unwrap_or_default();
    let order_of = |id: i32| cycles.iter().find(|c| c.id == id).map(|c| (c.opens_on, c.id));
    let reports = if statuses && !cycles.is_empty() {
        progress_report::Entity::find()
            .filter(progress_report::Column::CycleId.is_in(cycles.iter().map(|c| c.id).collect::<Vec<_>>()))
            .filter(progress_report::Column::Reporter.eq(country.code()))
            .filter(progress_report::Column::State.ne(ReportState::Draft.as_str()))
            .all(db)
            .await?
    } else {
        vec![]
    };
    let pages = recs.len().div_ceil(COUNTRY_PAGE_SIZE).max(1) as u32;
    if page == 0 || page > pages {
        return Err(ServiceError::NotFound);
    }
    let mut by_rec: HashMap<i32, Vec<&progress_report::Model>> = HashMap::new();
    for x in &reports {
        by_rec.entry(x.recommendation_id).or_default().push(x);
    }
    for mine in by_rec.values_mut() {
        mine.sort_by_key(|x| std::cmp::Reverse((order_of(x.cycle_id), x.seq)));
    }
    let latest_of = |id: i32| by_rec.get(&id).and_then(|mine| mine.iter().find(|x| x.state == ReportState::Validated.as_str()).copied());
    let summary = recs
        .iter()
        .enumerate()
        .map(|(i, r)| CountrySummaryRow {
            recommendation_id: r.id,
            code: r.code.clone(),
            theme_name: themes.iter().find(|t| t.code == r.theme).map(|t| t.name.clone()).unwrap_or_else(|| r.theme.clone()),
            latest: latest_of(r.id)
                .map(|x| (title_of(x.cycle_id), ReportStatus::parse("status", &x.status).unwrap_or(ReportStatus::NotStarted), x.percent)),
            page: (i / COUNTRY_PAGE_SIZE) as u32 + 1,
        })
        .collect();
    let on_page: Vec<&recommendation::Model> = recs.iter().skip((page as usize - 1) * COUNTRY_PAGE_SIZE).take(COUNTRY_PAGE_SIZE).collect();
    // Files and Markdown only for the versions this page shows.
    let shown_ids: Vec<i32> = on_page.iter().flat_map(|r| by_rec.get(&r.id).into_iter().flatten().map(|x| x.id)).collect();
    let files = if narratives { files_of(db, shown_ids).await? } else { HashMap::new() };
    let items = on_page
        .into_iter()
        .map(|r| {
            let mine: &[&progress_report::Model] = by_rec.get(&r.id).map(Vec::as_slice).unwrap_or(&[]);
            let shown = |x: &progress_report::Model| {
                let mut v = version_of(x, &files);
                if !insider {
                    v.author.clear();
                    v.reviewer.clear();
                    v.review_comment.clear();
                }
                if !narratives {
                    v.narrative_html.clear();
                    v.next_steps_html.clear();
                    v.evidence.clear();
                    v.review_comment.clear();
                }
                (title_of(x.cycle_id), v)
            };
            CountryRecommendation {
                recommendation: view_of(r, &themes, lang, vec![]),
                latest: latest_of(r.id).map(shown),
                // The public sees validated versions only; insiders every submitted one.
                history: mine.iter().filter(|x| insider || x.state == ReportState::Validated.as_str()).map(|x| shown(x)).collect(),
            }
        })
        .collect();
    Ok(CountryPageData {
        meeting_id,
        meeting_title: m.title.clone(),
        code: country.code().to_string(),
        name: country.name(lang).to_string(),
        narratives_visible: narratives,
        summary,
        items,
        page,
        pages,
    })
}

/// Escapes text for a Markdown table cell or paragraph: no markup, no raw HTML, no line breaks.
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn excerpt(md: &str, max: usize) -> String {
    let text = markdown::plain_text(md);
    if text.chars().count() <= max {
        text
    } else {
        format!("{}\u{2026}", text.chars().take(max).collect::<String>().trim_end())
    }
}

/// The consolidated regional progress report of a cycle (secretariat), as Markdown the
/// secretariat edits before publishing it as a briefing paper: a summary table per theme, a
/// section per theme with each recommendation's figures, and per-country highlights drawn from
/// the latest validated narratives. Only validated reports count.
pub async fn consolidated(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    cycle_id: i32,
    lang: Lang,
    now: DateTime<Utc>,
) -> ServiceResult<super::types::ConsolidatedData> {
    use crate::i18n::{format_date, Strings};
    secretariat_only(actor)?;
    let t = Strings::get(lang);
    let (c, p, m) = load_cycle(db, Some(actor), cycle_id).await?;
    let today = crate::domain::venue_today(&m.timezone, now);
    let themes = themes(db, lang).await?;
    let recs = cycle_recommendations(db, &c, m.id).await?;
    let mut latest: HashMap<(i32, String), progress_report::Model> = HashMap::new();
    for r in progress_report::Entity::find()
        .filter(progress_report::Column::CycleId.eq(c.id))
        .filter(progress_report::Column::State.eq(ReportState::Validated.as_str()))
        .all(db)
        .await?
    {
        let key = (r.recommendation_id, r.reporter.clone());
        if latest.get(&key).is_none_or(|x| x.seq < r.seq) {
            latest.insert(key, r);
        }
    }
    let status_name = |s: ReportStatus| match s {
        ReportStatus::NotStarted => t.rs_not_started,
        ReportStatus::InProgress => t.rs_in_progress,
        ReportStatus::Achieved => t.rs_achieved,
        ReportStatus::Delayed => t.rs_delayed,
        ReportStatus::NotApplicable => t.rs_not_applicable,
    };
    let counts = |rs: &[&recommendation::Model]| {
        let mut n = vec![0usize; ReportStatus::ALL.len() + 1];
        let (mut sum, mut k) = (0i64, 0i64);
        for r in rs {
            for country in States::from_db(&r.states).list() {
                match latest.get(&(r.id, country.code().to_string())) {
                    Some(x) => {
                        let s = ReportStatus::parse("s", &x.status).unwrap_or(ReportStatus::NotStarted);
                        n[ReportStatus::ALL.iter().position(|y| *y == s).unwrap_or(0)] += 1;
                        if s != ReportStatus::NotApplicable {
                            sum += x.percent as i64;
                            k += 1;
                        }
                    }
                    None => n[ReportStatus::ALL.len()] += 1,
                }
            }
        }
        (n, (k > 0).then(|| sum / k))
    };
    // The paper's title is its heading: the document starts at level 2.
    let mut md = String::new();
    md.push_str(&format!(
        "{}\n\n",
        md_text(&t.consolidated_intro.replace("{n}", &m.title).replace("{with}", &format_date(lang, c.due_on)))
    ));
    // Summary table.
    md.push_str(&format!("## {}\n\n| {} |", t.consolidated_summary, t.plan_theme));
    for s in ReportStatus::ALL {
        md.push_str(&format!(" {} |", status_name(*s)));
    }
    md.push_str(&format!(" {} | {} |\n|---|", t.dashboard_no_report, t.dashboard_average));
    md.push_str(&"---:|".repeat(ReportStatus::ALL.len() + 2));
    md.push('\n');
    let by_theme: Vec<(&crate::features::plan::types::Theme, Vec<&recommendation::Model>)> = themes
        .iter()
        .map(|th| (th, recs.iter().filter(|r| r.theme == th.code).collect::<Vec<_>>()))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    for (th, rs) in &by_theme {
        let (n, avg) = counts(rs);
        md.push_str(&format!("| {} |", md_text(&th.name)));
        for x in n {
            md.push_str(&format!(" {x} |"));
        }
        md.push_str(&format!(" {} |\n", avg.map(|a| format!("{a}%")).unwrap_or_else(|| "\u{2014}".into())));
    }
    // Per theme.
    for (th, rs) in &by_theme {
        md.push_str(&format!("\n## {}\n\n", md_text(&th.name)));
        for r in rs {
            let (n, avg) = counts(std::slice::from_ref(r));
            let parts: Vec<String> =
                ReportStatus::ALL.iter().zip(&n).filter(|(_, x)| **x > 0).map(|(s, x)| format!("{} {x}", status_name(*s))).collect();
            md.push_str(&format!(
                "- **{}** {} \u{2014} {}{}\n",
                md_text(&r.code),
                md_text(&excerpt(&r.text_md, 160)),
                if parts.is_empty() { t.dashboard_no_report.to_string() } else { parts.join(", ") },
                avg.map(|a| format!(" ({} {a}%)", t.dashboard_average)).unwrap_or_default()
            ));
        }
    }
    // Per country.
    md.push_str(&format!("\n## {}\n", t.consolidated_countries));
    let everyone =
        CountryCode::all().map(Reporter::State).chain(crate::domain::plan::REGIONAL_BODIES.iter().map(|(b, _)| Reporter::Body(b)));
    for country in everyone {
        let mine: Vec<(&recommendation::Model, &progress_report::Model)> =
            recs.iter().filter_map(|r| latest.get(&(r.id, country.code().to_string())).map(|x| (r, x))).collect();
        if mine.is_empty() {
            continue;
        }
        md.push_str(&format!("\n### {}\n\n", md_text(country.name(lang))));
        for (r, x) in mine.iter().filter(|(_, x)| !x.narrative_md.trim().is_empty()).take(5) {
            let s = ReportStatus::parse("s", &x.status).unwrap_or(ReportStatus::NotStarted);
            md.push_str(&format!(
                "- **{}** ({}, {}%): {}\n",
                md_text(&r.code),
                status_name(s),
                x.percent,
                md_text(&excerpt(&x.narrative_md, 280))
            ));
        }
    }
    // Where to publish: by default the plan's next meeting (the first that starts after it).
    let meetings = meeting::Entity::find().order_by_asc(meeting::Column::StartDate).all(db).await?;
    let default_meeting = meetings.iter().find(|x| x.start_date > m.start_date).map(|x| x.id).unwrap_or(m.id);
    Ok(super::types::ConsolidatedData {
        meeting_id: m.id,
        meeting_title: m.title.clone(),
        cycle: cycle_summary(&c, today, recs.len()),
        title: format!("{} \u{2014} {}", t.consolidated_heading, c.title),
        markdown: md,
        meetings: meetings.iter().map(|x| (x.id, x.title.clone())).collect(),
        default_meeting,
        lang,
        narratives_public: p.public_narratives,
    })
}

/// The reminder step of a claimed reminder kind (`open`, `d14`, `d3`, `due`).
fn reminder_step(kind: &str) -> ReminderStep {
    match kind {
        "d14" => ReminderStep::D14,
        "d3" => ReminderStep::D3,
        "due" => ReminderStep::Due,
        _ => ReminderStep::Open,
    }
}
