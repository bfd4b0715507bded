//! Decisions on registrations: approval, rejection, the waiting list moving up, withdrawals and
//! the confirmation of a delegation category.

use super::*;

pub(super) async fn set_status(
    txn: &DatabaseTransaction,
    r: &registration::Model,
    status: RegistrationStatus,
    reason: &str,
) -> ServiceResult<()> {
    registration::Entity::update_many()
        .col_expr(registration::Column::Status, Expr::value(status))
        .col_expr(registration::Column::Reason, Expr::value(reason))
        .col_expr(registration::Column::Version, Expr::col(registration::Column::Version).add(1))
        .col_expr(registration::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(registration::Column::Id.eq(r.id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Moves waitlisted registrations, oldest first, into free places (skipping those whose
/// delegation is at its quota). Each promoted person is emailed.
pub(super) async fn promote_waitlist(
    txn: &DatabaseTransaction,
    m: &meeting::Model,
    s: &registration_settings::Model,
    public_url: &str,
) -> ServiceResult<Vec<i32>> {
    let waiting = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(m.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Waitlisted))
        .order_by_asc(registration::Column::WaitlistedAt)
        .order_by_asc(registration::Column::Id)
        .all(txn)
        .await?;
    let mut promoted = vec![];
    for r in waiting {
        if count_status(txn, m.id, &PLACE_HOLDING).await? >= s.capacity {
            break;
        }
        let category = r.category;
        let status = allocate(txn, s, category, r.country_code.as_deref()).await?;
        if status == RegistrationStatus::Waitlisted {
            continue;
        }
        set_status(txn, &r, status, "").await?;
        let account = status == RegistrationStatus::Approved || r.nominated_by.is_some();
        notify_status(txn, m, &r, StatusNotice::Promoted, public_url, account).await?;
        audit::record(
            txn,
            None,
            Entry {
                action: "registration.promote",
                entity: "registration",
                entity_id: Some(r.id),
                summary: format!("{} {} promoted from the waiting list", r.given_name, r.family_name),
                detail: json!({ "status": ["waitlisted", status.as_str()] }),
            },
        )
        .await?;
        promoted.push(r.id);
    }
    Ok(promoted)
}

/// The secretariat approves or rejects registrations, one or many at once. All are checked
/// before any is changed: one that cannot take the decision refuses the whole batch.
pub async fn decide(db: &DatabaseConnection, actor: &CurrentUser, form: &DecisionForm, public_url: &str) -> ServiceResult<usize> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let approve = match form.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(FieldError::new("decision", ErrorCode::InvalidChoice).into()),
    };
    let reason = optional_text("reason", &form.reason, 1000)?;
    if !approve && reason.is_empty() {
        return Err(FieldError::new("reason", ErrorCode::Required).into());
    }
    let mut ids: Vec<i32> = form.ids.iter().filter_map(|s| parse_id(s)).collect();
    if ids.is_empty() || ids.len() != form.ids.len() {
        return Err(FieldError::new("ids", ErrorCode::Required).into());
    }
    ids.sort_unstable();
    ids.dedup();
    let txn = crate::ssr::write_txn(db).await?;
    let m = meeting::Entity::find_by_id(meeting_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let s = lock_settings(&txn, meeting_id).await?;
    let rows = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::Id.is_in(ids.clone()))
        .order_by_asc(registration::Column::Id)
        .all(&txn)
        .await?;
    if rows.len() != ids.len() {
        return Err(ServiceError::NotFound);
    }
    // Every ticked registration is checked first: those that cannot take the decision are named
    // with why, and nothing changes unless the secretariat confirmed deciding the others alone.
    let mut refused = vec![];
    let mut heads_now: Vec<String> = vec![];
    let mut ok_rows = vec![];
    for r in rows {
        let st = r.status;
        // Approving one the set-up approved on its own vouches for it (see `access::grants_rights`).
        let vouch = approve && st == RegistrationStatus::Approved && !r.delegation_confirmed;
        let ok = if approve { st.can_approve() || vouch } else { st.can_reject() };
        let why = if !ok {
            Some(if st == RegistrationStatus::Unconfirmed { RefusalReason::EmailNotConfirmed } else { RefusalReason::Status(st) })
        } else if approve
            && s.note_verbale_required
            && r.category.is_delegation()
            && !has_note(&txn, meeting_id, r.country_code.as_deref()).await?
        {
            Some(RefusalReason::NoNoteVerbale)
        } else if approve && !r.delegation_confirmed && r.category == RegistrationCategory::HeadOfDelegation {
            let country = r.country_code.clone().unwrap_or_default();
            let taken = heads_now.contains(&country) || head_taken(&txn, meeting_id, r.country_code.as_deref(), Some(r.id)).await?;
            heads_now.push(country);
            taken.then_some(RefusalReason::HeadTaken)
        } else {
            None
        };
        match why {
            Some(why) => refused.push(Refusal { id: r.id, why }),
            None => ok_rows.push(r),
        }
    }
    if !refused.is_empty() && (!form.skip_refused || ok_rows.is_empty()) {
        let eligible = ok_rows.iter().map(|r| r.id).collect();
        return Err(FieldError::new("ids", ErrorCode::NotEligible { rows: refused, eligible }).into());
    }
    // Approving a waitlisted registration gives it a place beyond capacity: the secretariat's
    // explicit choice, recorded in the audit log. Approving a self-registration in a delegation
    // category confirms it as a member of that delegation (one head per delegation).
    for r in &ok_rows {
        let to = if approve { RegistrationStatus::Approved } else { RegistrationStatus::Rejected };
        let already = r.status == RegistrationStatus::Approved;
        if approve && !r.delegation_confirmed {
            if r.category == RegistrationCategory::HeadOfDelegation {
                check_one_head(&txn, meeting_id, r.country_code.as_deref(), Some(r.id), "ids").await?;
            }
            registration::Entity::update_many()
                .col_expr(registration::Column::DelegationConfirmed, Expr::value(true))
                .filter(registration::Column::Id.eq(r.id))
                .exec(&txn)
                .await
                .map_err(|e| unique_violation(e, "ids"))?;
        }
        if already && approve {
            // Vouched for only: the status and the person's email stay as they were.
            audit::record(
                &txn,
                Some(actor),
                Entry {
                    action: "registration.vouch",
                    entity: "registration",
                    entity_id: Some(r.id),
                    summary: format!("{} confirmed by the secretariat", r.display_name()),
                    detail: json!({ "delegation_confirmed": [false, true] }),
                },
            )
            .await?;
            continue;
        }
        set_status(&txn, r, to, if approve { "" } else { &reason }).await?;
        let updated = registration::Entity::find_by_id(r.id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
        notify_status(&txn, &m, &updated, StatusNotice::of(to).unwrap_or(StatusNotice::Rejected), public_url, approve).await?;
        audit::record(
            &txn,
            Some(actor),
            Entry {
                action: if approve { "registration.approve" } else { "registration.reject" },
                entity: "registration",
                entity_id: Some(r.id),
                summary: format!("{} {}: {} \u{2192} {}", r.given_name, r.family_name, r.status.as_str(), to.as_str()),
                detail: json!({ "status": [r.status, to.as_str()], "reason": reason }),
            },
        )
        .await?;
    }
    if !approve {
        promote_waitlist(&txn, &m, &s, public_url).await?;
    }
    txn.commit().await?;
    Ok(ok_rows.len())
}

/// Withdraws a registration: the secretariat any, a focal point their own country's only. The
/// place it held goes to the waiting list.
pub async fn withdraw(db: &DatabaseConnection, actor: &CurrentUser, id: i32, public_url: &str) -> ServiceResult<()> {
    let focal = focal_country(Some(actor));
    if !actor.is_secretariat() && focal.is_none() {
        return Err(ServiceError::Forbidden);
    }
    let r = registration::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    find_meeting(db, Some(actor), r.meeting_id).await?;
    if let Some(own) = focal {
        let delegation = r.category.is_delegation();
        if r.country_code.as_deref() != Some(own.code()) || !delegation {
            return Err(ServiceError::Forbidden);
        }
    }
    let txn = crate::ssr::write_txn(db).await?;
    let s = lock_settings(&txn, r.meeting_id).await?;
    let r = registration::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let st = r.status;
    if !st.is_active() {
        return Err(FieldError::new("id", ErrorCode::IllegalTransition { from: st.as_str().into(), to: "withdrawn".into() }).into());
    }
    let m = meeting::Entity::find_by_id(r.meeting_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    set_status(&txn, &r, RegistrationStatus::Withdrawn, "").await?;
    notify_status(&txn, &m, &r, StatusNotice::Withdrawn, public_url, false).await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "registration.withdraw",
            entity: "registration",
            entity_id: Some(id),
            summary: format!("{} {} withdrawn from \u{201c}{}\u{201d}", r.given_name, r.family_name, m.title),
            detail: json!({ "status": [r.status, "withdrawn"] }),
        },
    )
    .await?;
    promote_waitlist(&txn, &m, &s, public_url).await?;
    txn.commit().await?;
    Ok(())
}

/// Confirms a self-registered member of a delegation (head of delegation, delegate, adviser):
/// the state's focal point or the secretariat vouches that this person belongs to it. Only then
/// does an approved registration give delegate rights. A delegation has one head.
pub async fn confirm_delegation(db: &DatabaseConnection, actor: &CurrentUser, id: i32) -> ServiceResult<()> {
    let focal = focal_country(Some(actor));
    if !actor.is_secretariat() && focal.is_none() {
        return Err(ServiceError::Forbidden);
    }
    let txn = crate::ssr::write_txn(db).await?;
    let r = registration::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    find_meeting(&txn, Some(actor), r.meeting_id).await?;
    let category = r.category;
    if let Some(own) = focal {
        if r.country_code.as_deref() != Some(own.code()) || !category.is_delegation() {
            return Err(ServiceError::Forbidden);
        }
    }
    let status = r.status;
    // A focal point vouches for their delegation; the secretariat for anyone.
    if (focal.is_some() && !category.is_delegation()) || !status.is_active() || status == RegistrationStatus::Unconfirmed {
        return Err(FieldError::new("id", ErrorCode::WrongStep).into());
    }
    if r.delegation_confirmed {
        return Ok(());
    }
    lock_settings(&txn, r.meeting_id).await?;
    if category == RegistrationCategory::HeadOfDelegation {
        check_one_head(&txn, r.meeting_id, r.country_code.as_deref(), Some(r.id), "id").await?;
    }
    registration::Entity::update_many()
        .col_expr(registration::Column::DelegationConfirmed, Expr::value(true))
        .col_expr(registration::Column::Version, Expr::col(registration::Column::Version).add(1))
        .col_expr(registration::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(registration::Column::Id.eq(id))
        .exec(&txn)
        .await
        .map_err(|e| unique_violation(e, "id"))?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "registration.confirm_delegation",
            entity: "registration",
            entity_id: Some(id),
            summary: format!(
                "{} confirmed as {} of the delegation of {}",
                display_name(&r),
                r.category.as_str(),
                r.country_code.clone().unwrap_or_default()
            ),
            detail: json!({ "delegation_confirmed": [false, true] }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
