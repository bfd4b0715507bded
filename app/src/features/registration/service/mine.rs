//! A person's own registration: read, changed or cancelled until the deadline.

use super::*;

/// Whether a registration may still be changed or cancelled by its person: alive, the meeting
/// not a draft, and before the registration deadline.
pub(crate) fn may_change(
    r: &registration::Model,
    m: &meeting::Model,
    s: Option<&registration_settings::Model>,
    now: DateTime<Utc>,
) -> bool {
    let alive = RegistrationStatus::is_active(r.status);
    let upcoming = [MeetingStatus::Announced, MeetingStatus::RegistrationOpen, MeetingStatus::RegistrationClosed].contains(&m.status);
    alive && upcoming && s.is_some_and(|s| now < s.closes_at)
}

/// The signed-in person's own registration (matched by the account's email), or NotFound.
pub(super) async fn find_mine(db: &impl ConnectionTrait, user: &CurrentUser, id: i32) -> ServiceResult<registration::Model> {
    registration::Entity::find_by_id(id).one(db).await?.filter(|r| r.email.eq_ignore_ascii_case(&user.email)).ok_or(ServiceError::NotFound)
}

/// One of the signed-in person's registrations, for the page that changes it.
pub async fn get_mine(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: i32,
    now: DateTime<Utc>,
) -> ServiceResult<super::super::types::MyRegistrationEdit> {
    let r = find_mine(db, user, id).await?;
    let m = meeting::Entity::find_by_id(r.meeting_id)
        .one(db)
        .await?
        .filter(|m| m.status != MeetingStatus::Draft)
        .ok_or(ServiceError::NotFound)?;
    let s = find_settings(db, m.id).await?;
    let tz = tz_of(&m)?;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    Ok(super::super::types::MyRegistrationEdit {
        id: r.id,
        meeting_id: m.id,
        meeting_title: crate::features::translations::service::title_in(db, &m, user.locale).await?,
        category: r.category,
        country: country_of(&r),
        email: r.email.clone(),
        status: r.status,
        closes_at: s.as_ref().map(|s| format_local(s.closes_at, tz)).unwrap_or_default(),
        timezone: m.timezone.clone(),
        can_change: may_change(&r, &m, s.as_ref(), now),
        form: RegistrationForm {
            id: r.id.to_string(),
            meeting_id: m.id.to_string(),
            category: r.category.as_str().into(),
            country: r.country_code.clone().unwrap_or_default(),
            organisation: r.organisation.clone(),
            title: r.title.clone(),
            given_name: r.given_name.clone(),
            family_name: r.family_name.clone(),
            position: r.position.clone(),
            ministry: r.ministry.clone(),
            email: r.email.clone(),
            phone: r.phone.clone(),
            dietary: r.dietary.clone(),
            accessibility: r.accessibility.clone(),
            arrival: date(r.arrival),
            departure: date(r.departure),
            passport_number: r.passport_number.clone(),
            passport_nationality: r.passport_nationality.clone(),
            passport_expiry: date(r.passport_expiry),
            consent_list: r.consent_list.then(|| "on".into()),
            consent_contact: r.consent_contact.then(|| "on".into()),
            replaces: String::new(),
        },
    })
}

/// The person changes their own registration's details until the registration deadline. The
/// category, the country or organisation and the email stay as registered (they decide the
/// place, the delegation and who signs in): a change of those goes through the secretariat or
/// the focal point.
pub async fn update_mine(db: &DatabaseConnection, user: &CurrentUser, form: &RegistrationForm, now: DateTime<Utc>) -> ServiceResult<i32> {
    let id = parse_id(&form.id).ok_or(ServiceError::NotFound)?;
    let r = find_mine(db, user, id).await?;
    let m = meeting::Entity::find_by_id(r.meeting_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let s = find_settings(db, m.id).await?;
    if !may_change(&r, &m, s.as_ref(), now) {
        return Err(FieldError::new("id", ErrorCode::DeadlinePassed).into());
    }
    // Checked as a registration with the stored category, country, organisation and email.
    let fixed = RegistrationForm {
        category: r.category.as_str().into(),
        country: r.country_code.clone().unwrap_or_default(),
        organisation: r.organisation.clone(),
        email: r.email.clone(),
        ..form.clone()
    };
    let category = r.category;
    let v = parse_registration(&fixed, &[category], &m)?;
    let txn = crate::ssr::write_txn(db).await?;
    let update = registration::Entity::update_many()
        .col_expr(registration::Column::Title, Expr::value(v.title))
        .col_expr(registration::Column::GivenName, Expr::value(v.given_name))
        .col_expr(registration::Column::FamilyName, Expr::value(v.family_name))
        .col_expr(registration::Column::Position, Expr::value(v.position))
        .col_expr(registration::Column::Ministry, Expr::value(v.ministry))
        .col_expr(registration::Column::Phone, Expr::value(v.phone))
        .col_expr(registration::Column::Dietary, Expr::value(v.dietary))
        .col_expr(registration::Column::Accessibility, Expr::value(v.accessibility))
        .col_expr(registration::Column::Arrival, Expr::value(v.arrival))
        .col_expr(registration::Column::Departure, Expr::value(v.departure))
        .col_expr(registration::Column::PassportNumber, Expr::value(v.passport_number))
        .col_expr(registration::Column::PassportNationality, Expr::value(v.passport_nationality))
        .col_expr(registration::Column::PassportExpiry, Expr::value(v.passport_expiry))
        .col_expr(registration::Column::ConsentList, Expr::value(v.consent_list))
        .col_expr(registration::Column::ConsentContact, Expr::value(v.consent_contact))
        .col_expr(registration::Column::UpdatedAt, Expr::value(now))
        .filter(registration::Column::Id.eq(id));
    claim_version(&txn, update, registration::Column::Version, r.version, format!("registration {id}")).await?;
    audit::record(
        &txn,
        Some(user),
        Entry {
            action: "registration.update",
            entity: "registration",
            entity_id: Some(id),
            summary: format!("{} changed their registration for \u{201c}{}\u{201d}", r.email, m.title),
            detail: json!({}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(m.id)
}

/// The person cancels their own registration until the registration deadline: it is
/// withdrawn, and its place goes to the waiting list.
pub async fn cancel_mine(db: &DatabaseConnection, user: &CurrentUser, id: i32, public_url: &str, now: DateTime<Utc>) -> ServiceResult<i32> {
    let r = find_mine(db, user, id).await?;
    let txn = crate::ssr::write_txn(db).await?;
    let s = lock_settings(&txn, r.meeting_id).await?;
    let r = registration::Entity::find_by_id(r.id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let m = meeting::Entity::find_by_id(r.meeting_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if !may_change(&r, &m, Some(&s), now) {
        return Err(FieldError::new("id", ErrorCode::DeadlinePassed).into());
    }
    set_status(&txn, &r, RegistrationStatus::Withdrawn, "").await?;
    notify_status(&txn, &m, &r, StatusNotice::Withdrawn, public_url, false).await?;
    audit::record(
        &txn,
        Some(user),
        Entry {
            action: "registration.cancel",
            entity: "registration",
            entity_id: Some(id),
            summary: format!("{} cancelled their registration for \u{201c}{}\u{201d}", r.email, m.title),
            detail: json!({ "status": [r.status, "withdrawn"] }),
        },
    )
    .await?;
    promote_waitlist(&txn, &m, &s, public_url).await?;
    txn.commit().await?;
    Ok(m.id)
}
