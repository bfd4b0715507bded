//! Lists and exports: every registration (secretariat), a delegation (its focal point), the public
//! list of participants, and the CSV/XLSX export.

use super::*;

pub(super) fn to_row(r: &registration::Model, full: bool, passport: bool) -> ServiceResult<RegistrationRow> {
    let hide = |s: &str| if full { s.to_string() } else { String::new() };
    Ok(RegistrationRow {
        id: r.id,
        category: r.category,
        country: r.country_code.as_deref().and_then(|c| CountryCode::parse("country", c).ok()),
        organisation: r.organisation.clone(),
        title: r.title.clone(),
        given_name: r.given_name.clone(),
        family_name: r.family_name.clone(),
        position: r.position.clone(),
        ministry: r.ministry.clone(),
        email: hide(&r.email),
        phone: hide(&r.phone),
        dietary: hide(&r.dietary),
        accessibility: hide(&r.accessibility),
        arrival: if full { r.arrival } else { None },
        departure: if full { r.departure } else { None },
        passport: passport.then(|| PassportView {
            number: r.passport_number.clone(),
            nationality: r.passport_nationality.clone(),
            expiry: r.passport_expiry,
        }),
        consent_list: r.consent_list,
        consent_contact: r.consent_contact,
        status: r.status,
        reason: r.reason.clone(),
        checked_in: r.checked_in_at.is_some(),
        version: r.version,
        delegation_confirmed: r.delegation_confirmed,
    })
}

/// Every registration of a meeting (secretariat), in registration order.
pub async fn list_all(db: &impl ConnectionTrait, actor: &CurrentUser, meeting_id: i32) -> ServiceResult<Vec<RegistrationRow>> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    find_meeting(db, Some(actor), meeting_id).await?;
    registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(|r| to_row(r, true, true))
        .collect()
}

/// A country's delegation: the secretariat sees any country's, a focal point only their own
/// (without passport details).
pub async fn delegation(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    meeting_id: i32,
    country: CountryCode,
) -> ServiceResult<Vec<RegistrationRow>> {
    let secretariat = actor.is_secretariat();
    if !secretariat && focal_country(Some(actor)) != Some(country) {
        return Err(ServiceError::Forbidden);
    }
    find_meeting(db, Some(actor), meeting_id).await?;
    let mut query = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::CountryCode.eq(country.code()));
    if !secretariat {
        // Focal points manage their delegation: observers, media and partners who named the
        // country are not theirs to see.
        query = query.filter(registration::Column::Category.is_in(delegation_categories()));
    }
    let mut rows = query
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(|r| to_row(r, true, secretariat))
        .collect::<ServiceResult<Vec<_>>>()?;
    // Head of delegation first, then in registration order.
    rows.sort_by_key(|r| (r.category != crate::domain::RegistrationCategory::HeadOfDelegation, r.id));
    Ok(rows)
}

/// Every member state's delegation with its head and size, in the order of the member-state
/// table (secretariat).
pub async fn delegations_overview(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    meeting_id: i32,
) -> ServiceResult<Vec<DelegationSummary>> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let m = find_meeting(db, Some(actor), meeting_id).await?;
    let tz = tz_of(&m)?;
    let notes = notes_of(db, meeting_id).await?;
    let rows = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::Status.is_not_in([RegistrationStatus::Rejected, RegistrationStatus::Withdrawn]))
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    Ok(CountryCode::all()
        .map(|c| {
            let members: Vec<&registration::Model> = rows.iter().filter(|r| r.country_code.as_deref() == Some(c.code())).collect();
            DelegationSummary {
                country: c,
                head: members.iter().find(|r| r.category == RegistrationCategory::HeadOfDelegation).map(|r| display_name(r)),
                members: members.len(),
                with_place: members.iter().filter(|r| PLACE_HOLDING.contains(&r.status)).count(),
                note: latest_note(&notes, c, tz),
            }
        })
        .collect())
}

/// The participant list anyone may read: approved participants who consented to appear.
pub async fn public_list(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
) -> ServiceResult<Vec<PublicParticipant>> {
    find_meeting(db, viewer, meeting_id).await?;
    let rows = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(crate::ssr::access::participates())
        .filter(registration::Column::ConsentList.eq(true))
        .order_by_asc(registration::Column::CountryCode)
        .order_by_asc(registration::Column::FamilyName)
        .order_by_asc(registration::Column::GivenName)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| PublicParticipant { name: display_name(&r), country: country_of(&r), position: r.position, organisation: r.organisation })
        .collect())
}

pub(super) const EXPORT_HEADER: [&str; 22] = [
    "id",
    "status",
    "category",
    "country",
    "organisation",
    "title",
    "given_name",
    "family_name",
    "position",
    "ministry",
    "email",
    "phone",
    "dietary",
    "accessibility",
    "arrival",
    "departure",
    "passport_number",
    "passport_nationality",
    "passport_expiry",
    "consent_list",
    "consent_contact",
    "checked_in",
];

/// Every registration of a meeting as rows of text, in [`EXPORT_HEADER`] order (secretariat).
pub(super) async fn export_rows(db: &impl ConnectionTrait, actor: &CurrentUser, meeting_id: i32) -> ServiceResult<Vec<[String; 22]>> {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    Ok(list_all(db, actor, meeting_id)
        .await?
        .into_iter()
        .map(|r| {
            let passport = r.passport.clone().unwrap_or(PassportView { number: String::new(), nationality: String::new(), expiry: None });
            [
                r.id.to_string(),
                r.status.as_str().into(),
                r.category.as_str().into(),
                r.country.map(|c| c.code().to_string()).unwrap_or_default(),
                r.organisation,
                r.title,
                r.given_name,
                r.family_name,
                r.position,
                r.ministry,
                r.email,
                r.phone,
                r.dietary,
                r.accessibility,
                date(r.arrival),
                date(r.departure),
                passport.number,
                passport.nationality,
                date(passport.expiry),
                r.consent_list.to_string(),
                r.consent_contact.to_string(),
                r.checked_in.to_string(),
            ]
        })
        .collect())
}

/// The full participant list as CSV (secretariat): the shared writer of every export
/// ([`crate::ssr::table::csv`]: UTF-8 with a byte-order mark, quoted fields, formulas neutralised).
pub async fn export_csv(db: &impl ConnectionTrait, actor: &CurrentUser, meeting_id: i32) -> ServiceResult<String> {
    let rows: Vec<Vec<String>> = export_rows(db, actor, meeting_id).await?.into_iter().map(Vec::from).collect();
    Ok(crate::ssr::table::csv(&EXPORT_HEADER, &rows))
}

/// The same list as an Excel workbook (secretariat): bold, frozen header row with filters; every
/// cell is text, so nothing typed by a registrant is evaluated as a formula.
pub async fn export_xlsx(db: &impl ConnectionTrait, actor: &CurrentUser, meeting_id: i32) -> ServiceResult<Vec<u8>> {
    let rows: Vec<Vec<String>> = export_rows(db, actor, meeting_id).await?.into_iter().map(Vec::from).collect();
    crate::ssr::table::xlsx(&EXPORT_HEADER, &rows, "Registrations")
}
