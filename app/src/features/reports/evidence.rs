//! Evidence files of progress reports. Checked like papers' files (type by content, sanitised
//! names, size limit) and kept in the same content-addressed store. They belong to one version:
//! attached to and removed from the reporter's draft only, carried forward into the next draft,
//! frozen with the version when it is submitted (by the service and a database trigger).

use super::service::{is_open, load_cycle, reporter_of, sees_narratives};
use crate::domain::plan::Reporter;
use crate::domain::CurrentUser;
use crate::domain::{ErrorCode, FieldError, ReportState, States};
use crate::ssr::audit::{self, Entry};
use crate::ssr::blob::{check_upload, hex, lock_blob, FileStore};
use crate::ssr::entities::{progress_report, recommendation, report_file};
use crate::ssr::error::{ServiceError, ServiceResult};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use sha2::{Digest, Sha256};

/// At most this many files per report version.
pub const MAX_FILES: u64 = 10;

/// Copies the files of `from` (a previous version) to the new draft `to`.
pub async fn carry_forward(db: &impl ConnectionTrait, from: i32, to: i32) -> ServiceResult<()> {
    for f in
        report_file::Entity::find().filter(report_file::Column::ReportId.eq(from)).order_by_asc(report_file::Column::Id).all(db).await?
    {
        report_file::ActiveModel {
            report_id: Set(to),
            name: Set(f.name),
            content_type: Set(f.content_type),
            size: Set(f.size),
            sha256: Set(f.sha256),
            uploaded_at: Set(f.uploaded_at),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Attaches a file to the focal point's draft of a report (the draft must exist: the form is
/// saved first). Returns the file's id.
#[expect(clippy::too_many_arguments, reason = "one upload")]
pub async fn attach(
    db: &DatabaseConnection,
    store: &FileStore,
    max_bytes: u64,
    actor: &CurrentUser,
    cycle_id: i32,
    recommendation_id: i32,
    raw_name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> ServiceResult<i32> {
    let reporter = reporter_of(actor).ok_or(ServiceError::Forbidden)?;
    let (kind, name) = check_upload(raw_name, bytes, max_bytes)?;
    let txn = crate::ssr::write_txn(db).await?;
    let (c, _p, m) = load_cycle(&txn, Some(actor), cycle_id).await?;
    let r = recommendation::Entity::find_by_id(recommendation_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if r.meeting_id != m.id {
        return Err(ServiceError::NotFound);
    }
    if !reporter.is_responsible(&States::from_db(&r.states), &r.bodies) {
        return Err(FieldError::new("file", ErrorCode::NotResponsible).into());
    }
    if !is_open(&c, crate::domain::venue_today(&m.timezone, now)) {
        return Err(FieldError::new("file", ErrorCode::CycleClosed).into());
    }
    let draft = progress_report::Entity::find()
        .filter(progress_report::Column::CycleId.eq(c.id))
        .filter(progress_report::Column::RecommendationId.eq(r.id))
        .filter(progress_report::Column::Reporter.eq(reporter.code()))
        .filter(progress_report::Column::State.eq(ReportState::Draft))
        .one(&txn)
        .await?
        .ok_or_else(|| FieldError::new("file", ErrorCode::WrongStep))?;
    if report_file::Entity::find().filter(report_file::Column::ReportId.eq(draft.id)).count(&txn).await? >= MAX_FILES {
        return Err(FieldError::new("file", ErrorCode::OutOfRange { min: 0, max: MAX_FILES as i32 }).into());
    }
    lock_blob(&txn, &hex(&Sha256::digest(bytes))).await?;
    let sha = store.put(bytes).await?;
    let f = report_file::ActiveModel {
        report_id: Set(draft.id),
        name: Set(name.clone()),
        content_type: Set(kind.content_type().into()),
        size: Set(bytes.len() as i64),
        sha256: Set(sha.clone()),
        uploaded_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "report.file_attach",
            entity: "progress_report",
            entity_id: Some(draft.id),
            summary: format!("{} attached \u{201c}{name}\u{201d} to a draft report on {}", reporter.code(), r.code),
            detail: json!({ "file_id": f.id, "size": f.size, "sha256": sha }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(f.id)
}

/// Removes a file from the focal point's own draft. The bytes stay in the store (other
/// versions or papers may share them). Returns (cycle, recommendation, reporter) to go back to.
pub async fn remove(db: &DatabaseConnection, actor: &CurrentUser, file_id: i32) -> ServiceResult<(i32, i32, String)> {
    let reporter = reporter_of(actor).ok_or(ServiceError::Forbidden)?;
    let txn = crate::ssr::write_txn(db).await?;
    let f = report_file::Entity::find_by_id(file_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let r = progress_report::Entity::find_by_id(f.report_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if r.reporter != reporter.code() {
        return Err(ServiceError::NotFound);
    }
    if r.state != ReportState::Draft {
        return Err(FieldError::new("file", ErrorCode::WrongStep).into());
    }
    report_file::Entity::delete_by_id(f.id).exec(&txn).await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "report.file_remove",
            entity: "progress_report",
            entity_id: Some(r.id),
            summary: format!("Removed \u{201c}{}\u{201d} from a draft report", f.name),
            detail: json!({ "file_id": f.id }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok((r.cycle_id, r.recommendation_id, r.reporter))
}

/// A file to download, if the viewer may see its version: the reporter (drafts included); the
/// secretariat and focal points (submitted versions); the public for validated versions of
/// plans that publish narratives. NotFound otherwise.
pub async fn for_download(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, file_id: i32) -> ServiceResult<report_file::Model> {
    let f = report_file::Entity::find_by_id(file_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let r = progress_report::Entity::find_by_id(f.report_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let (_c, p, _m) = load_cycle(db, viewer, r.cycle_id).await?;
    let own = viewer.and_then(reporter_of).is_some_and(|me: Reporter| me.code() == r.reporter);
    let allowed = own
        || match r.state.as_str() {
            "draft" => false,
            "validated" => sees_narratives(&p, viewer),
            _ => viewer.is_some_and(|u| u.is_secretariat() || u.role == crate::domain::Role::FocalPoint),
        };
    if allowed {
        Ok(f)
    } else {
        Err(ServiceError::NotFound)
    }
}
