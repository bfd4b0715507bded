//! Badges and check-in: QR badges, the participant search at the desk and checking in.

use super::*;

pub(super) fn checkin_result(r: &registration::Model, newly: bool) -> CheckInResult {
    CheckInResult { id: r.id, name: display_name(r), country: country_of(r), organisation: r.organisation.clone(), newly }
}

pub(super) fn country_of(r: &registration::Model) -> Option<CountryCode> {
    r.country_code.as_deref().and_then(|c| CountryCode::parse("country", c).ok())
}

pub fn display_name(r: &registration::Model) -> String {
    r.display_name()
}

/// The check-in link encoded in a badge's QR code: scanning it with a phone opens the check-in
/// desk with the token filled in.
pub fn checkin_link(public_url: &str, meeting_id: i32, token: &str) -> String {
    format!("{public_url}/meetings/{meeting_id}/checkin?token={token}")
}

pub(super) fn qr_svg(data: &str) -> ServiceResult<String> {
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| ServiceError::Internal(format!("QR code: {e}")))?;
    Ok(code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(160, 160).quiet_zone(true).build())
}

/// Badges for every approved participant (secretariat), by country then name.
pub async fn badges(db: &impl ConnectionTrait, actor: &CurrentUser, meeting_id: i32, public_url: &str) -> ServiceResult<Vec<Badge>> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    find_meeting(db, Some(actor), meeting_id).await?;
    let rows = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(crate::ssr::access::participates())
        .order_by_asc(registration::Column::CountryCode)
        .order_by_asc(registration::Column::FamilyName)
        .all(db)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Badge {
                id: r.id,
                name: display_name(r),
                country: country_of(r),
                organisation: r.organisation.clone(),
                category: r.category,
                qr_svg: qr_svg(&checkin_link(public_url, meeting_id, &r.checkin_token))?,
                token: r.checkin_token.clone(),
            })
        })
        .collect()
}

/// Approved participants whose name contains `q` (case-insensitive), for the check-in desk.
pub async fn search_participants(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    meeting_id: i32,
    q: &str,
) -> ServiceResult<Vec<RegistrationRow>> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    // Never stored, but sent to the database: no control character (PostgreSQL refuses NUL).
    let q: String = q.trim().to_lowercase().chars().filter(|c| !c.is_control()).collect();
    if q.chars().count() < 2 {
        return Ok(vec![]);
    }
    let rows = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(crate::ssr::access::participates())
        .order_by_asc(registration::Column::FamilyName)
        .all(db)
        .await?;
    rows.iter()
        .filter(|r| display_name(r).to_lowercase().contains(&q) || r.email.contains(&q))
        .take(20)
        .map(|r| to_row(r, false, false))
        .collect()
}

/// Checks an approved participant in, by badge token or by id. Checking in twice is harmless.
pub async fn check_in(db: &DatabaseConnection, actor: &CurrentUser, form: &CheckInForm) -> ServiceResult<CheckInResult> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    // A scanned link or a bare token both work.
    let token = form.token.trim();
    let token = token.rsplit("token=").next().unwrap_or(token).trim();
    // A badge code is URL-safe base64; anything else is no badge (and never reaches the database).
    if !token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(FieldError::new("token", ErrorCode::UnknownBadge).into());
    }
    let query = registration::Entity::find().filter(registration::Column::MeetingId.eq(meeting_id));
    let found = match (token.is_empty(), parse_id(&form.id)) {
        (false, _) => query.filter(registration::Column::CheckinToken.eq(token)).one(db).await?,
        (true, Some(id)) => query.filter(registration::Column::Id.eq(id)).one(db).await?,
        (true, None) => return Err(FieldError::new("token", ErrorCode::Required).into()),
    };
    let Some(r) = found else {
        return Err(FieldError::new("token", ErrorCode::UnknownBadge).into());
    };
    // Approved and, for a delegation, vouched for by the focal point or the secretariat.
    if !crate::ssr::access::row_participates(&r) {
        return Err(FieldError::new("token", ErrorCode::NotApproved).into());
    }
    let mut newly = false;
    if r.checked_in_at.is_none() {
        let txn = crate::ssr::private_write_txn(db).await?;
        let res = registration::Entity::update_many()
            .col_expr(registration::Column::CheckedInAt, Expr::value(Utc::now()))
            .col_expr(registration::Column::Version, Expr::col(registration::Column::Version).add(1))
            .filter(registration::Column::Id.eq(r.id))
            .filter(registration::Column::CheckedInAt.is_null())
            .exec(&txn)
            .await?;
        // Two desks scanning the same badge at once: only the one that changed the row reports it.
        newly = res.rows_affected == 1;
        if !newly {
            return Ok(checkin_result(&r, false));
        }
        audit::record(
            &txn,
            Some(actor),
            Entry {
                action: "registration.checkin",
                entity: "registration",
                entity_id: Some(r.id),
                summary: format!("{} checked in", display_name(&r)),
                detail: json!({ "checked_in": true }),
            },
        )
        .await?;
        txn.commit().await?;
    }
    Ok(checkin_result(&r, newly))
}

/// Who a registration id is, for the check-in desk's confirmation line (secretariat).
pub async fn checkin_info(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    meeting_id: i32,
    id: i32,
    newly: bool,
) -> ServiceResult<CheckInResult> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let r = registration::Entity::find_by_id(id).one(db).await?.filter(|r| r.meeting_id == meeting_id).ok_or(ServiceError::NotFound)?;
    Ok(checkin_result(&r, newly))
}
