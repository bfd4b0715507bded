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
use crate::domain::plan::{parse_evidence, Reporter, REGIONAL_BODIES};
use crate::domain::CurrentUser;
use crate::domain::{
    optional_text, parse_id, required_text, CountryCode, ErrorCode, FieldError, FieldErrors, Lang, Level, Markdown, PlanStatus,
    ReportState, ReportStatus, Role, States,
};
pub use crate::features::plan::service::{cycle_sizes, open_cycle};
use crate::features::plan::service::{cycle_summary, find_plan, recommendations_of, themes, view_of};
use crate::ssr::access::find_visible;
use crate::ssr::audit::{self, Entry};
use crate::ssr::entities::{cycle_recommendation, meeting, plan, progress_report, recommendation, reporting_cycle};
use crate::ssr::error::{ServiceError, ServiceResult};
use crate::ssr::markdown;
use crate::ssr::outbox::{MissingReports, OutboxMessage, ReminderStep};
use crate::ssr::write::on_unique_violation;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
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
        state: r.state,
        status: r.status,
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

mod consolidated;
mod country;
mod matrix;
mod reminders;
mod reports;
pub use consolidated::*;
pub use country::*;
pub use matrix::*;
pub use reminders::*;
pub use reports::*;
