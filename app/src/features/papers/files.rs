//! Files attached to papers: their rows, attaching (checked by `ssr::blob`: the type decided by
//! the content, the name sanitised), removing, and who may download them. The bytes are in the
//! blob store (`ssr::blob`).

use super::service::readable_paper;
use super::types::FileInfo;
use crate::domain::CurrentUser;
use crate::ssr::audit::{self, Entry};
use crate::ssr::entities::{paper, paper_file};
use crate::ssr::error::{ServiceError, ServiceResult};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use sha2::{Digest, Sha256};

pub use crate::ssr::blob::{check_upload, sanitize_name, sniff, FileKind, FileReader, FileStore};
use crate::ssr::blob::{hex, lock_blob};

pub fn info(f: &paper_file::Model) -> FileInfo {
    FileInfo { id: f.id, paper_id: f.paper_id, name: f.name.clone(), content_type: f.content_type.clone(), size: f.size }
}

/// The files of a paper (the caller has checked that the viewer may read it).
pub async fn list(db: &impl ConnectionTrait, paper_id: i32) -> ServiceResult<Vec<FileInfo>> {
    Ok(paper_file::Entity::find()
        .filter(paper_file::Column::PaperId.eq(paper_id))
        .order_by_asc(paper_file::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(info)
        .collect())
}

/// Attaches a file to a paper (secretariat only). Nothing is recorded unless the file is valid.
pub async fn attach(
    db: &DatabaseConnection,
    store: &FileStore,
    max_bytes: u64,
    actor: &CurrentUser,
    paper_id: i32,
    raw_name: &str,
    bytes: &[u8],
) -> ServiceResult<i32> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let p = paper::Entity::find_by_id(paper_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let (kind, name) = check_upload(raw_name, bytes, max_bytes)?;
    let txn = crate::ssr::write_txn(db).await?;
    // Stored while holding the blob's lock, so that a concurrent removal of the last file with
    // the same bytes cannot delete them under this new attachment.
    lock_blob(&txn, &hex(&Sha256::digest(bytes))).await?;
    let sha = store.put(bytes).await?;
    let f = paper_file::ActiveModel {
        paper_id: Set(p.id),
        name: Set(name.clone()),
        content_type: Set(kind.content_type().into()),
        size: Set(bytes.len() as i64),
        sha256: Set(sha.clone()),
        uploaded_by: Set(Some(actor.id)),
        uploaded_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    touch_paper(&txn, p.id).await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "paper.file_attach",
            entity: "paper",
            entity_id: Some(p.id),
            summary: format!("Attached \u{201c}{name}\u{201d} to paper \u{201c}{}\u{201d}", p.title),
            detail: json!({ "file_id": f.id, "name": name, "size": f.size, "sha256": sha, "type": f.content_type }),
        },
    )
    .await?;
    crate::features::search::service::index_meeting(&txn, p.meeting_id).await?;
    txn.commit().await?;
    Ok(f.id)
}

/// A new or removed file counts as an update of the paper (for the daily digest).
async fn touch_paper(db: &impl ConnectionTrait, paper_id: i32) -> ServiceResult<()> {
    use sea_orm::sea_query::Expr;
    paper::Entity::update_many()
        .col_expr(paper::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(paper::Column::Id.eq(paper_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes an attachment (secretariat only); the bytes go when no other attachment shares them.
pub async fn remove(db: &DatabaseConnection, store: &FileStore, actor: &CurrentUser, file_id: i32) -> ServiceResult<i32> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let txn = crate::ssr::write_txn(db).await?;
    let f = paper_file::Entity::find_by_id(file_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    lock_blob(&txn, &f.sha256).await?;
    paper_file::Entity::delete_by_id(f.id).exec(&txn).await?;
    touch_paper(&txn, f.paper_id).await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "paper.file_remove",
            entity: "paper",
            entity_id: Some(f.paper_id),
            summary: format!("Removed \u{201c}{}\u{201d}", f.name),
            detail: json!({ "file_id": f.id, "name": f.name, "sha256": f.sha256 }),
        },
    )
    .await?;
    // Report evidence, notes verbales and letterheads share the store: bytes also used there stay.
    let shared = paper_file::Entity::find().filter(paper_file::Column::Sha256.eq(&f.sha256)).count(&txn).await? > 0
        || crate::ssr::entities::report_file::Entity::find()
            .filter(crate::ssr::entities::report_file::Column::Sha256.eq(&f.sha256))
            .count(&txn)
            .await?
            > 0
        || crate::ssr::entities::note_verbale::Entity::find()
            .filter(crate::ssr::entities::note_verbale::Column::Sha256.eq(&f.sha256))
            .count(&txn)
            .await?
            > 0
        || crate::ssr::entities::letter_settings::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(crate::ssr::entities::letter_settings::Column::LetterheadSha256.eq(&f.sha256))
                    .add(crate::ssr::entities::letter_settings::Column::SignatureSha256.eq(&f.sha256)),
            )
            .count(&txn)
            .await?
            > 0;
    let meeting_id = paper::Entity::find_by_id(f.paper_id).one(&txn).await?.map(|p| p.meeting_id).unwrap_or_default();
    crate::features::search::service::index_meeting(&txn, meeting_id).await?;
    // Under the blob's lock: no attachment of the same bytes can be added meanwhile.
    if !shared {
        store.remove(&f.sha256).await;
    }
    txn.commit().await?;
    Ok(f.paper_id)
}

/// A file to download, if the viewer may read its paper (NotFound otherwise).
pub async fn for_download(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    paper_id: i32,
    file_id: i32,
) -> ServiceResult<paper_file::Model> {
    let f = paper_file::Entity::find_by_id(file_id).one(db).await?.filter(|f| f.paper_id == paper_id).ok_or(ServiceError::NotFound)?;
    readable_paper(db, viewer, paper_id).await?;
    Ok(f)
}
