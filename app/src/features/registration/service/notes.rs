//! Notes verbales: the official letter by which a member state nominates its delegation. The
//! state's focal points attach it; the secretariat attaches one received by post or email on the
//! delegation's behalf, sees which of the sixteen delegations have sent one, and may require it
//! before approving a delegation's members (`decide`). Nobody else sees them. Every upload is
//! kept; the latest is the delegation's note.

use super::*;
use crate::features::registration::types::NoteVerbaleInfo;
use crate::ssr::blob::{check_upload, hex, lock_blob, FileKind, FileStore};
use crate::ssr::entities::note_verbale;
use sha2::{Digest, Sha256};

/// The secretariat, or a focal point of the delegation's own state.
fn may_handle(actor: &CurrentUser, country: CountryCode) -> bool {
    actor.is_secretariat() || focal_country(Some(actor)) == Some(country)
}

/// Attaches a note verbale (PDF or image, checked by its content) to `country`'s delegation at
/// a meeting. Returns its id.
#[expect(clippy::too_many_arguments, reason = "one upload")]
pub async fn attach_note(
    db: &DatabaseConnection,
    store: &FileStore,
    max_bytes: u64,
    actor: &CurrentUser,
    meeting_id: i32,
    country: &str,
    raw_name: &str,
    bytes: &[u8],
) -> ServiceResult<i32> {
    let country = CountryCode::parse("country", country).map_err(|_| ServiceError::NotFound)?;
    if !may_handle(actor, country) {
        return Err(ServiceError::Forbidden);
    }
    let m = find_meeting(db, Some(actor), meeting_id).await?;
    let (kind, name) = check_upload(raw_name, bytes, max_bytes)?;
    if !matches!(kind, FileKind::Pdf | FileKind::Png | FileKind::Jpeg | FileKind::Gif | FileKind::Webp) {
        return Err(FieldError::new("file", ErrorCode::FileType).into());
    }
    let txn = crate::ssr::write_txn(db).await?;
    lock_blob(&txn, &hex(&Sha256::digest(bytes))).await?;
    let sha = store.put(bytes).await?;
    let by_secretariat = actor.is_secretariat();
    let note = note_verbale::ActiveModel {
        meeting_id: Set(m.id),
        country_code: Set(country.code().to_string()),
        name: Set(name.clone()),
        content_type: Set(kind.content_type().into()),
        size: Set(bytes.len() as i64),
        sha256: Set(sha.clone()),
        uploaded_by: Set(Some(actor.id)),
        by_secretariat: Set(by_secretariat),
        uploaded_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "delegation.note_verbale",
            entity: "meeting",
            entity_id: Some(m.id),
            summary: format!("Note verbale of {} for \u{201c}{}\u{201d}: \u{201c}{name}\u{201d}", country.code(), m.title),
            detail: json!({ "note_id": note.id, "country": country.code(), "name": name, "size": note.size, "sha256": sha,
                            "by_secretariat": by_secretariat }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(note.id)
}

/// Every note verbale of a meeting, oldest first.
pub(super) async fn notes_of(db: &impl ConnectionTrait, meeting_id: i32) -> ServiceResult<Vec<note_verbale::Model>> {
    Ok(note_verbale::Entity::find()
        .filter(note_verbale::Column::MeetingId.eq(meeting_id))
        .order_by_asc(note_verbale::Column::Id)
        .all(db)
        .await?)
}

/// The delegation's note (its latest upload) among a meeting's notes.
pub(super) fn latest_note(all: &[note_verbale::Model], country: CountryCode, tz: chrono_tz::Tz) -> Option<NoteVerbaleInfo> {
    let mine: Vec<&note_verbale::Model> = all.iter().filter(|n| n.country_code == country.code()).collect();
    let last = mine.last()?;
    Some(NoteVerbaleInfo {
        id: last.id,
        meeting_id: last.meeting_id,
        name: last.name.clone(),
        size: last.size,
        uploaded_at: last.uploaded_at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        by_secretariat: last.by_secretariat,
        earlier: mine.len() - 1,
    })
}

/// The note verbale of `country`'s delegation, for its focal points and the secretariat.
pub async fn delegation_note(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    meeting_id: i32,
    country: CountryCode,
) -> ServiceResult<Option<NoteVerbaleInfo>> {
    if !may_handle(actor, country) {
        return Err(ServiceError::Forbidden);
    }
    let m = find_meeting(db, Some(actor), meeting_id).await?;
    let all = note_verbale::Entity::find()
        .filter(note_verbale::Column::MeetingId.eq(meeting_id))
        .filter(note_verbale::Column::CountryCode.eq(country.code()))
        .order_by_asc(note_verbale::Column::Id)
        .all(db)
        .await?;
    Ok(latest_note(&all, country, tz_of(&m)?))
}

/// Whether `country`'s delegation has sent its note verbale for the meeting.
pub(super) async fn has_note(db: &impl ConnectionTrait, meeting_id: i32, country: Option<&str>) -> ServiceResult<bool> {
    let Some(country) = country else { return Ok(false) };
    Ok(note_verbale::Entity::find()
        .filter(note_verbale::Column::MeetingId.eq(meeting_id))
        .filter(note_verbale::Column::CountryCode.eq(country))
        .count(db)
        .await?
        > 0)
}

/// A note verbale to download: for the secretariat and the focal points of its state only
/// (NotFound for everyone else, who may not know it exists).
pub async fn note_for_download(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    note_id: i32,
) -> ServiceResult<note_verbale::Model> {
    let note =
        note_verbale::Entity::find_by_id(note_id).one(db).await?.filter(|n| n.meeting_id == meeting_id).ok_or(ServiceError::NotFound)?;
    let country = CountryCode::parse("country", &note.country_code).map_err(|_| ServiceError::NotFound)?;
    match viewer {
        Some(v) if may_handle(v, country) => Ok(note),
        _ => Err(ServiceError::NotFound),
    }
}

/// What a delegation lacks at a meeting: (no confirmed head of delegation, self-registrations
/// awaiting the focal point's confirmation, no note verbale). For the focal point's work list.
pub async fn delegation_gaps(db: &impl ConnectionTrait, meeting_id: i32, country: CountryCode) -> ServiceResult<(bool, usize, bool)> {
    let members = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::CountryCode.eq(country.code()))
        .filter(registration::Column::Category.is_in(delegation_categories()))
        .filter(registration::Column::Status.is_in([
            RegistrationStatus::Pending,
            RegistrationStatus::Approved,
            RegistrationStatus::Waitlisted,
        ]))
        .all(db)
        .await?;
    let no_head = !members.iter().any(|r| r.category == RegistrationCategory::HeadOfDelegation && r.delegation_confirmed);
    let to_confirm = members.iter().filter(|r| !r.delegation_confirmed).count();
    Ok((no_head, to_confirm, !has_note(db, meeting_id, Some(country.code())).await?))
}

/// How many delegations have active members but no note verbale (for the secretariat's work
/// list).
pub async fn notes_missing(db: &impl ConnectionTrait, meeting_id: i32) -> ServiceResult<usize> {
    let members = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::Category.is_in(delegation_categories()))
        .filter(registration::Column::Status.is_in([
            RegistrationStatus::Pending,
            RegistrationStatus::Approved,
            RegistrationStatus::Waitlisted,
        ]))
        .all(db)
        .await?;
    let notes = notes_of(db, meeting_id).await?;
    let mut countries: Vec<&str> = members.iter().filter_map(|r| r.country_code.as_deref()).collect();
    countries.sort_unstable();
    countries.dedup();
    Ok(countries.iter().filter(|c| !notes.iter().any(|n| n.country_code == **c)).count())
}
