//! The secretariat's registration set-up of a meeting (dates, capacity, quotas, approval).

use super::*;

/// Creates or updates the registration set-up (secretariat).
pub async fn save_settings(db: &DatabaseConnection, actor: &CurrentUser, form: &SettingsForm, public_url: &str) -> ServiceResult<()> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let m = find_meeting(db, Some(actor), meeting_id).await?;
    let tz = tz_of(&m)?;
    let mut e = FieldErrors::new();
    let opens = e.take(parse_local("opens_at", &form.opens_at, tz));
    let closes = e.take(parse_local("closes_at", &form.closes_at, tz));
    if let (Some(o), Some(c)) = (opens, closes) {
        if c <= o {
            e.push("closes_at", ErrorCode::EndBeforeStart);
        }
    }
    // Without approval nobody checks the note verbale before members take part.
    if form.note_verbale_required.is_some() && form.approval_required.is_none() {
        e.push("note_verbale_required", ErrorCode::NeedsApproval);
    }
    let capacity = e.take(parse_places("capacity", &form.capacity));
    let quota = e.take(parse_places("quota", &form.quota));
    let categories: Vec<RegistrationCategory> = RegistrationCategory::ALL.iter().copied().filter(|c| form.category_checked(*c)).collect();
    if categories.is_empty() {
        e.push("categories", ErrorCode::Required);
    }
    e.clone().finish()?;
    let (Some(opens), Some(closes), Some(capacity), Some(quota)) = (opens, closes, capacity, quota) else {
        return Err(e.into());
    };
    let approval = form.approval_required.is_some();
    let note_required = form.note_verbale_required.is_some();
    let txn = crate::ssr::write_txn(db).await?;
    let before = find_settings(&txn, meeting_id).await?;
    let now = Utc::now();
    let detail = json!({
        "opens_at": opens.to_rfc3339(), "closes_at": closes.to_rfc3339(), "capacity": capacity, "quota": quota,
        "categories": RegistrationCategory::list_to_db(&categories), "approval_required": approval,
        "note_verbale_required": note_required,
    });
    match before {
        None => {
            registration_settings::ActiveModel {
                meeting_id: Set(meeting_id),
                opens_at: Set(opens),
                closes_at: Set(closes),
                capacity: Set(capacity),
                quota_per_delegation: Set(quota),
                categories: Set(RegistrationCategory::list_to_db(&categories)),
                approval_required: Set(approval),
                note_verbale_required: Set(note_required),
                version: Set(1),
                lock_seq: Set(0),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
        Some(_) => {
            let version: i32 = form
                .version
                .trim()
                .parse()
                .map_err(|_| ServiceError::Conflict("registration settings were changed by someone else".into()))?;
            let update = registration_settings::Entity::update_many()
                .col_expr(registration_settings::Column::OpensAt, Expr::value(opens))
                .col_expr(registration_settings::Column::ClosesAt, Expr::value(closes))
                .col_expr(registration_settings::Column::Capacity, Expr::value(capacity))
                .col_expr(registration_settings::Column::QuotaPerDelegation, Expr::value(quota))
                .col_expr(registration_settings::Column::Categories, Expr::value(RegistrationCategory::list_to_db(&categories)))
                .col_expr(registration_settings::Column::ApprovalRequired, Expr::value(approval))
                .col_expr(registration_settings::Column::NoteVerbaleRequired, Expr::value(note_required))
                .col_expr(registration_settings::Column::UpdatedAt, Expr::value(now))
                .filter(registration_settings::Column::MeetingId.eq(meeting_id));
            claim_version(&txn, update, registration_settings::Column::Version, version, "the registration set-up").await?;
        }
    }
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "registration.settings",
            entity: "meeting",
            entity_id: Some(meeting_id),
            summary: format!("Set up registration for \u{201c}{}\u{201d} ({capacity} places)", m.title),
            detail,
        },
    )
    .await?;
    // A larger capacity or quota may let people off the waiting list.
    let s = lock_settings(&txn, meeting_id).await?;
    promote_waitlist(&txn, &m, &s, public_url).await?;
    txn.commit().await?;
    Ok(())
}
