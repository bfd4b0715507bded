//! Registering: self-registration with email confirmation, focal-point and secretariat
//! nominations, one head of delegation per state, unconfirmed registrations expiring.

use super::*;

/// Result of a registration: its id and status, and for self-registrations the confirmation
/// token (also emailed) so tests and the secretariat can follow it.
#[derive(Debug)]
pub struct Registered {
    pub id: i32,
    pub status: RegistrationStatus,
    pub confirm_token: Option<String>,
}

/// Registers someone for a meeting. Anonymous visitors and delegates register themselves and
/// must confirm their email; a focal point nominates members of their own country's delegation
/// (counted at once); the secretariat registers anyone (counted at once).
pub async fn register(
    db: &DatabaseConnection,
    viewer: Option<&CurrentUser>,
    form: &RegistrationForm,
    lang: Lang,
    public_url: &str,
    now: DateTime<Utc>,
) -> ServiceResult<Registered> {
    register_from(db, viewer, form, lang, public_url, now, None).await
}

/// Self-registrations allowed per client address and hour (a ministry behind one address can
/// still register a delegation; focal points' nominations are not limited). Counted in the
/// registration's own write transaction, so a parallel burst stores exactly this many.
pub const SELF_REGISTRATIONS_PER_IP_HOUR: u64 = 20;

/// An unconfirmed self-registration holds its email this long; then a new registration with
/// the same email replaces it, its confirmation link stops working, and the worker removes it.
pub const UNCONFIRMED_TTL: chrono::Duration = chrono::Duration::hours(48);

/// The statuses of a registration that is still alive (one per email and meeting).
pub(super) const ACTIVE: [RegistrationStatus; 4] =
    [RegistrationStatus::Unconfirmed, RegistrationStatus::Pending, RegistrationStatus::Approved, RegistrationStatus::Waitlisted];

/// The statuses in which a confirmed head of delegation counts as the delegation's head.
pub(super) const HEAD_HOLDING: [RegistrationStatus; 3] =
    [RegistrationStatus::Pending, RegistrationStatus::Approved, RegistrationStatus::Waitlisted];

/// Refuses a second confirmed head for a delegation: at most one per state and meeting
/// (`except` is the registration being confirmed itself).
pub(super) async fn check_one_head(
    txn: &DatabaseTransaction,
    meeting_id: i32,
    country: Option<&str>,
    except: Option<i32>,
    field: &str,
) -> ServiceResult<()> {
    if head_taken(txn, meeting_id, country, except).await? {
        return Err(FieldError::new(field, ErrorCode::HeadOfDelegationTaken).into());
    }
    Ok(())
}

/// Whether the delegation of `country` has a confirmed head of delegation other than `except`.
pub(super) async fn head_taken(
    txn: &DatabaseTransaction,
    meeting_id: i32,
    country: Option<&str>,
    except: Option<i32>,
) -> ServiceResult<bool> {
    let Some(country) = country else { return Ok(false) };
    let mut q = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::CountryCode.eq(country))
        .filter(registration::Column::Category.eq(RegistrationCategory::HeadOfDelegation))
        .filter(registration::Column::DelegationConfirmed.eq(true))
        .filter(registration::Column::Status.is_in(HEAD_HOLDING.iter().copied()));
    if let Some(id) = except {
        q = q.filter(registration::Column::Id.ne(id));
    }
    Ok(q.count(txn).await? > 0)
}

/// Maps the unique indexes' refusals: the email already registered, or a second head.
pub(super) fn unique_violation(e: sea_orm::DbErr, field_for_head: &str) -> ServiceError {
    on_unique_violation(e, |index| {
        // PostgreSQL names the index; SQLite lists its columns.
        if index.contains("head_of_delegation") || index.contains("country_code") {
            FieldError::new(field_for_head, ErrorCode::HeadOfDelegationTaken).into()
        } else {
            FieldError::new("email", ErrorCode::AlreadyRegistered).into()
        }
    })
}

/// [`register`] from a client address.
///
/// Who registers decides what the registration is:
/// - the secretariat (anyone) or a focal point (their own delegation): counted at once, and a
///   member of the delegation (`delegation_confirmed`); the person gets an account with a link
///   to set its password;
/// - a signed-in person registering their account's own address: counted at once, no email
///   confirmation; a delegation category stays unconfirmed until the focal point or the
///   secretariat confirms it;
/// - anyone else: `unconfirmed` until the emailed link is followed (48 hours), limited per client
///   address, and answered the same whether or not the address is already registered (an email
///   to that address says what happened).
pub async fn register_from(
    db: &DatabaseConnection,
    viewer: Option<&CurrentUser>,
    form: &RegistrationForm,
    lang: Lang,
    public_url: &str,
    now: DateTime<Utc>,
    client_ip: Option<&str>,
) -> ServiceResult<Registered> {
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let m = find_meeting(db, viewer, meeting_id).await?;
    let settings = find_settings(db, meeting_id).await?.ok_or_else(|| FieldError::new("meeting_id", ErrorCode::RegistrationClosed))?;
    let secretariat = is_secretariat(viewer);
    let focal = focal_country(viewer);
    if !secretariat && !is_open(&m, &settings, now) {
        return Err(FieldError::new("meeting_id", ErrorCode::RegistrationClosed).into());
    }
    let offered = RegistrationCategory::list_from_db(&settings.categories);
    let v = parse_registration(form, &offered, &m)?;
    // A focal point nominates for their own delegation only.
    if let Some(own) = focal {
        if !v.category.is_delegation() || v.country != Some(own) {
            return Err(ServiceError::Forbidden);
        }
    }
    let replaces = if form.replaces.trim().is_empty() { None } else { Some(parse_id(&form.replaces).ok_or(ServiceError::NotFound)?) };
    if replaces.is_some() && focal.is_none() && !secretariat {
        // Signed out, signing in (as a focal point) is what would help.
        return Err(if viewer.is_none() { ServiceError::Unauthenticated } else { ServiceError::Forbidden });
    }
    let nominated = secretariat || focal.is_some();
    // The account's own address needs no confirmation: signing in proved it.
    let own = !nominated && viewer.is_some_and(|u| u.email.eq_ignore_ascii_case(v.email.as_str()));
    let counted_at_once = nominated || own;
    let confirmed_delegation = nominated && v.category.is_delegation();
    let txn = crate::ssr::write_txn(db).await?;
    if let (false, Some(ip)) = (counted_at_once, client_ip) {
        crate::ssr::limits::hit(&txn, "self-registration", ip, SELF_REGISTRATIONS_PER_IP_HOUR, chrono::Duration::hours(1), now).await?;
    }
    let s = lock_settings(&txn, meeting_id).await?;
    let duplicate = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::Email.eq(v.email.as_str()))
        .filter(registration::Column::Status.is_in(ACTIVE.iter().copied()))
        .one(&txn)
        .await?;
    if let Some(old) = duplicate {
        if old.status == RegistrationStatus::Unconfirmed {
            // Never confirmed, so nothing shows it was the address's owner: a new registration
            // replaces it (and sends its own confirmation to the address), whoever makes it.
            remove_unconfirmed(&txn, &old, "replaced by a new registration").await?;
        } else if counted_at_once {
            return Err(FieldError::new("email", ErrorCode::AlreadyRegistered).into());
        } else {
            // The same answer as for a new registration; the address's owner is told by email.
            if m.status != MeetingStatus::Draft {
                let message = OutboxMessage::RegistrationExists {
                    meeting: meeting_line(&txn, &m, lang).await?,
                    name: display_name(&old),
                    status: old.status.as_str().into(),
                    link: format!("{public_url}/me"),
                };
                outbox::enqueue(&txn, &old.email, lang, &message).await?;
            }
            audit::record(
                &txn,
                viewer,
                Entry {
                    action: "registration.duplicate",
                    entity: "registration",
                    entity_id: Some(old.id),
                    summary: format!("Someone tried to register {} again for \u{201c}{}\u{201d}", old.email, m.title),
                    detail: json!({ "status": old.status }),
                },
            )
            .await?;
            txn.commit().await?;
            return Ok(Registered { id: old.id, status: RegistrationStatus::Unconfirmed, confirm_token: None });
        }
    }
    // Replacing a delegate frees their place first, so the nominee can take it.
    if let Some(old_id) = replaces {
        let old = registration::Entity::find_by_id(old_id)
            .one(&txn)
            .await?
            .filter(|r| r.meeting_id == meeting_id)
            .ok_or(ServiceError::NotFound)?;
        let old_category = old.category;
        if focal.is_some() && (old.country_code.as_deref() != focal.map(|c| c.code()) || !old_category.is_delegation()) {
            return Err(ServiceError::Forbidden);
        }
        if !old.status.is_active() {
            return Err(FieldError::new(
                "replaces",
                ErrorCode::IllegalTransition { from: old.status.as_str().into(), to: "withdrawn".into() },
            )
            .into());
        }
        set_status(&txn, &old, RegistrationStatus::Withdrawn, "").await?;
        let old = registration::Entity::find_by_id(old_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
        notify_status(&txn, &m, &old, StatusNotice::Withdrawn, public_url, false).await?;
    }
    if confirmed_delegation && v.category == RegistrationCategory::HeadOfDelegation {
        check_one_head(&txn, meeting_id, v.country.map(|c| c.code()), None, "category").await?;
    }
    let (status, token) = if counted_at_once {
        (allocate(&txn, &s, v.category, v.country.map(|c| c.code())).await?, None)
    } else {
        (RegistrationStatus::Unconfirmed, Some(new_token()))
    };
    let reg = registration::ActiveModel {
        meeting_id: Set(meeting_id),
        category: Set(v.category),
        country_code: Set(v.country.map(|c| c.code().to_string())),
        organisation: Set(v.organisation),
        title: Set(v.title),
        given_name: Set(v.given_name),
        family_name: Set(v.family_name),
        position: Set(v.position),
        ministry: Set(v.ministry),
        email: Set(v.email.as_str().into()),
        phone: Set(v.phone),
        dietary: Set(v.dietary),
        accessibility: Set(v.accessibility),
        arrival: Set(v.arrival),
        departure: Set(v.departure),
        passport_number: Set(v.passport_number),
        passport_nationality: Set(v.passport_nationality),
        passport_expiry: Set(v.passport_expiry),
        consent_list: Set(v.consent_list),
        consent_contact: Set(v.consent_contact),
        status: Set(status),
        reason: Set(String::new()),
        confirm_token_hash: Set(token.as_deref().map(hash_token)),
        nominated_by: Set(if nominated { viewer.map(|u| u.id) } else { None }),
        locale: Set(lang),
        waitlisted_at: Set((status == RegistrationStatus::Waitlisted).then_some(now)),
        checkin_token: Set(new_token()),
        checked_in_at: Set(None),
        reminder_sent_at: Set(None),
        client_ip: Set(if counted_at_once { None } else { client_ip.map(str::to_string) }),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        delegation_confirmed: Set(confirmed_delegation),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_violation(e, "category"))?;
    match &token {
        Some(token) => {
            let message = OutboxMessage::RegistrationConfirm {
                meeting: meeting_line(&txn, &m, lang).await?,
                name: display_name(&reg),
                link: format!("{public_url}/registrations/confirm/{token}"),
            };
            outbox::enqueue(&txn, &reg.email, lang, &message).await?;
        }
        None => {
            let account = nominated || status == RegistrationStatus::Approved;
            notify_status(&txn, &m, &reg, StatusNotice::of(status).unwrap_or(StatusNotice::Pending), public_url, account && !own).await?;
            if v.category.is_delegation() {
                notify_focal_points(&txn, &m, &reg, public_url).await?;
            }
        }
    }
    audit::record(
        &txn,
        viewer,
        Entry {
            action: if nominated { "registration.nominate" } else { "registration.create" },
            entity: "registration",
            entity_id: Some(reg.id),
            summary: format!("{} {} registered for \u{201c}{}\u{201d} ({})", reg.given_name, reg.family_name, m.title, status.as_str()),
            detail: json!({ "email": reg.email, "category": reg.category, "country": reg.country_code, "status": status.as_str(), "replaces": replaces, "delegation_confirmed": confirmed_delegation }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Registered { id: reg.id, status, confirm_token: token })
}

/// Deletes an unconfirmed self-registration (it never held a place): after its 48 hours, or
/// when a new registration of the address replaces it.
pub(super) async fn remove_unconfirmed(txn: &impl ConnectionTrait, r: &registration::Model, why: &str) -> ServiceResult<()> {
    registration::Entity::delete_by_id(r.id).exec(txn).await?;
    audit::record(
        txn,
        None,
        Entry {
            action: "registration.expire",
            entity: "registration",
            entity_id: Some(r.id),
            summary: format!("Unconfirmed registration of {} removed ({why})", r.email),
            detail: json!({ "created_at": r.created_at.to_rfc3339() }),
        },
    )
    .await
}

/// Removes the unconfirmed self-registrations older than 48 hours (the worker, hourly or so).
/// Returns how many.
pub async fn expire_unconfirmed(db: &DatabaseConnection, now: DateTime<Utc>) -> ServiceResult<usize> {
    let stale = registration::Entity::find()
        .filter(registration::Column::Status.eq(RegistrationStatus::Unconfirmed))
        .filter(registration::Column::CreatedAt.lte(now - UNCONFIRMED_TTL))
        .all(db)
        .await?;
    for r in &stale {
        let txn = crate::ssr::private_write_txn(db).await?;
        // Still unconfirmed inside the transaction (confirmed meanwhile: kept).
        let still = registration::Entity::find_by_id(r.id)
            .filter(registration::Column::Status.eq(RegistrationStatus::Unconfirmed))
            .one(&txn)
            .await?;
        if let Some(r) = still {
            remove_unconfirmed(&txn, &r, "never confirmed").await?;
        }
        txn.commit().await?;
    }
    Ok(stale.len())
}

/// Confirms a self-registration's email: it now counts, and takes a place or joins the
/// waiting list. Confirming twice is harmless (the current status is returned).
pub async fn confirm(
    db: &DatabaseConnection,
    token: &str,
    public_url: &str,
    now: DateTime<Utc>,
) -> ServiceResult<(i32, RegistrationStatus)> {
    let hash = hash_token(token.trim());
    let found = registration::Entity::find().filter(registration::Column::ConfirmTokenHash.eq(hash.as_str())).one(db).await?;
    let r = found.ok_or(ServiceError::NotFound)?;
    let txn = crate::ssr::write_txn(db).await?;
    let s = lock_settings(&txn, r.meeting_id).await?;
    let r = registration::Entity::find_by_id(r.id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let current = r.status;
    if current != RegistrationStatus::Unconfirmed {
        return Ok((r.meeting_id, current));
    }
    if r.created_at <= now - UNCONFIRMED_TTL {
        return Err(FieldError::new("token", ErrorCode::LinkExpired).into());
    }
    let m = meeting::Entity::find_by_id(r.meeting_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if !is_open(&m, &s, now) {
        return Err(FieldError::new("token", ErrorCode::RegistrationClosed).into());
    }
    let category = r.category;
    let status = allocate(&txn, &s, category, r.country_code.as_deref()).await?;
    registration::Entity::update_many()
        .col_expr(registration::Column::Status, Expr::value(status))
        .col_expr(registration::Column::WaitlistedAt, Expr::value((status == RegistrationStatus::Waitlisted).then_some(now)))
        .col_expr(registration::Column::Version, Expr::col(registration::Column::Version).add(1))
        .col_expr(registration::Column::UpdatedAt, Expr::value(now))
        .filter(registration::Column::Id.eq(r.id))
        .exec(&txn)
        .await?;
    let r = registration::Entity::find_by_id(r.id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    notify_status(
        &txn,
        &m,
        &r,
        StatusNotice::of(status).unwrap_or(StatusNotice::Pending),
        public_url,
        status == RegistrationStatus::Approved,
    )
    .await?;
    if category.is_delegation() {
        notify_focal_points(&txn, &m, &r, public_url).await?;
    }
    audit::record(
        &txn,
        None,
        Entry {
            action: "registration.confirm",
            entity: "registration",
            entity_id: Some(r.id),
            summary: format!("{} confirmed their email ({})", r.email, status.as_str()),
            detail: json!({ "status": ["unconfirmed", status.as_str()] }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok((r.meeting_id, status))
}

/// Where a registration stands, found by its confirmation token (read only).
pub async fn status_by_token(db: &impl ConnectionTrait, token: &str) -> ServiceResult<(i32, RegistrationStatus)> {
    let r = registration::Entity::find()
        .filter(registration::Column::ConfirmTokenHash.eq(hash_token(token.trim())))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok((r.meeting_id, r.status))
}
