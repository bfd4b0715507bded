//! Registration business logic: the secretariat's set-up, self-registration with email
//! confirmation, focal-point nominations, approval, the waiting list and withdrawals.
//!
//! Places: a registration holds a place while it is `pending` or `approved`. Every change that
//! can take or free a place runs in one write transaction that first bumps the meeting's
//! `registration_settings.lock_seq`; that row lock (PostgreSQL) or `BEGIN IMMEDIATE` (SQLite)
//! serialises them, so the counts read inside the transaction are exact and capacity and quotas
//! hold however many requests arrive at once.

use super::types::{
    Badge, CheckInForm, CheckInResult, DecisionForm, DelegationSummary, PassportView, PublicParticipant, RegistrationForm,
    RegistrationOverview, RegistrationRow, SettingsForm, SettingsView,
};
use crate::domain::CurrentUser;
use crate::domain::{
    optional_text, parse_date, parse_id, parse_phone, parse_places, required_text, CountryCode, Email, ErrorCode, FieldError, FieldErrors,
    Lang, MeetingStatus, Refusal, RefusalReason, RegistrationCategory, RegistrationStatus, Role,
};
use crate::ssr::audit::{self, Entry};
use crate::ssr::auth::{hash_token, new_token};
use crate::ssr::entities::{app_user, meeting, registration, registration_settings};
use crate::ssr::error::{ServiceError, ServiceResult};
use crate::ssr::outbox::{self, MeetingLine, OutboxMessage, StatusNotice};
use crate::ssr::write::{claim_version, on_unique_violation};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;

const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M";

fn is_secretariat(viewer: Option<&CurrentUser>) -> bool {
    viewer.is_some_and(CurrentUser::is_secretariat)
}

/// The focal point's country, if the viewer is a focal point.
fn focal_country(viewer: Option<&CurrentUser>) -> Option<CountryCode> {
    viewer.filter(|u| u.role == Role::FocalPoint).and_then(|u| u.country)
}

fn tz_of(m: &meeting::Model) -> ServiceResult<chrono_tz::Tz> {
    m.timezone.parse().map_err(|_| ServiceError::Internal(format!("meeting {} has an invalid time zone", m.id)))
}

/// `YYYY-MM-DDTHH:MM` in the venue's zone → UTC (a time in a DST gap moves forward).
pub fn parse_local(field: &str, raw: &str, tz: chrono_tz::Tz) -> Result<DateTime<Utc>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    let naive = NaiveDateTime::parse_from_str(raw, LOCAL_FORMAT)
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| FieldError::new(field, ErrorCode::InvalidDate))?;
    let local = tz
        .from_local_datetime(&naive)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(naive + chrono::Duration::hours(1))).earliest())
        .ok_or_else(|| FieldError::new(field, ErrorCode::InvalidDate))?;
    Ok(local.with_timezone(&Utc))
}

pub fn format_local(at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    at.with_timezone(&tz).format(LOCAL_FORMAT).to_string()
}

async fn find_meeting(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, id: i32) -> ServiceResult<meeting::Model> {
    crate::ssr::access::find_visible(db, viewer, id).await
}

async fn find_settings(db: &impl ConnectionTrait, meeting_id: i32) -> ServiceResult<Option<registration_settings::Model>> {
    Ok(registration_settings::Entity::find_by_id(meeting_id).one(db).await?)
}

fn settings_view(s: &registration_settings::Model, tz: chrono_tz::Tz) -> SettingsView {
    SettingsView {
        opens_at: format_local(s.opens_at, tz),
        closes_at: format_local(s.closes_at, tz),
        capacity: s.capacity,
        quota: s.quota_per_delegation,
        categories: RegistrationCategory::list_from_db(&s.categories),
        approval_required: s.approval_required,
        note_verbale_required: s.note_verbale_required,
        version: s.version,
    }
}

/// Whether self-registration and nominations are accepted now.
pub fn is_open(m: &meeting::Model, s: &registration_settings::Model, now: DateTime<Utc>) -> bool {
    m.status == MeetingStatus::RegistrationOpen && s.opens_at <= now && now < s.closes_at
}

async fn count_status(db: &impl ConnectionTrait, meeting_id: i32, statuses: &[RegistrationStatus]) -> ServiceResult<i32> {
    let n = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::Status.is_in(statuses.iter().copied()))
        .count(db)
        .await?;
    Ok(n as i32)
}

const PLACE_HOLDING: [RegistrationStatus; 2] = [RegistrationStatus::Pending, RegistrationStatus::Approved];

pub async fn overview(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    now: DateTime<Utc>,
) -> ServiceResult<RegistrationOverview> {
    let m = find_meeting(db, viewer, meeting_id).await?;
    let tz = tz_of(&m)?;
    let settings = find_settings(db, meeting_id).await?;
    Ok(RegistrationOverview {
        meeting_id,
        meeting_title: m.title.clone(),
        timezone: m.timezone.clone(),
        is_open: settings.as_ref().is_some_and(|s| is_open(&m, s, now)),
        settings: settings.as_ref().map(|s| settings_view(s, tz)),
        taken: count_status(db, meeting_id, &PLACE_HOLDING).await?,
        waitlisted: count_status(db, meeting_id, &[RegistrationStatus::Waitlisted]).await?,
        can_configure: is_secretariat(viewer),
        can_manage: is_secretariat(viewer) || focal_country(viewer).is_some(),
        delegation_country: focal_country(viewer),
        prefill: match viewer {
            Some(u) if !u.is_secretariat() && focal_country(viewer).is_none() => Some(prefill(db, u).await?),
            _ => None,
        },
    })
}

/// A signed-in person's details for a new registration of their own: their latest
/// registration's (any meeting), else the account's name and email.
async fn prefill(db: &impl ConnectionTrait, user: &CurrentUser) -> ServiceResult<RegistrationForm> {
    let latest = registration::Entity::find()
        .filter(registration::Column::Email.eq(user.email.to_lowercase()))
        .order_by_desc(registration::Column::Id)
        .one(db)
        .await?;
    Ok(match latest {
        Some(r) => RegistrationForm {
            country: r.country_code.unwrap_or_default(),
            organisation: r.organisation,
            title: r.title,
            given_name: r.given_name,
            family_name: r.family_name,
            position: r.position,
            ministry: r.ministry,
            email: user.email.to_lowercase(),
            phone: r.phone,
            dietary: r.dietary,
            accessibility: r.accessibility,
            ..Default::default()
        },
        None => {
            let (given, family) = user.display_name.rsplit_once(' ').unwrap_or(("", user.display_name.as_str()));
            RegistrationForm {
                given_name: given.to_string(),
                family_name: family.to_string(),
                email: user.email.to_lowercase(),
                ..Default::default()
            }
        }
    })
}

/// Bumps the settings row inside the transaction (taking its row lock on PostgreSQL) and
/// returns it. Every change that takes or frees places starts here.
async fn lock_settings(txn: &DatabaseTransaction, meeting_id: i32) -> ServiceResult<registration_settings::Model> {
    let res = registration_settings::Entity::update_many()
        .col_expr(registration_settings::Column::LockSeq, Expr::col(registration_settings::Column::LockSeq).add(1))
        .filter(registration_settings::Column::MeetingId.eq(meeting_id))
        .exec(txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(FieldError::new("meeting_id", ErrorCode::RegistrationClosed).into());
    }
    find_settings(txn, meeting_id).await?.ok_or(ServiceError::NotFound)
}

/// A registration form that passed validation.
struct ValidRegistration {
    category: RegistrationCategory,
    country: Option<CountryCode>,
    organisation: String,
    title: String,
    given_name: String,
    family_name: String,
    position: String,
    ministry: String,
    email: Email,
    phone: String,
    dietary: String,
    accessibility: String,
    arrival: Option<chrono::NaiveDate>,
    departure: Option<chrono::NaiveDate>,
    passport_number: String,
    passport_nationality: String,
    passport_expiry: Option<chrono::NaiveDate>,
    consent_list: bool,
    consent_contact: bool,
}

fn optional_date(field: &str, raw: &str) -> Result<Option<chrono::NaiveDate>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(field, raw).map(Some)
    }
}

fn parse_registration(
    form: &RegistrationForm,
    offered: &[RegistrationCategory],
    m: &meeting::Model,
) -> Result<ValidRegistration, FieldErrors> {
    let mut e = FieldErrors::new();
    let category = e.take(RegistrationCategory::parse("category", &form.category).and_then(|c| {
        if offered.contains(&c) {
            Ok(c)
        } else {
            Err(FieldError::new("category", ErrorCode::InvalidChoice))
        }
    }));
    let delegation = category.is_some_and(RegistrationCategory::is_delegation);
    let country = if form.country.trim().is_empty() {
        if delegation {
            e.push("country", ErrorCode::Required);
        }
        None
    } else {
        e.take(CountryCode::parse("country", &form.country))
    };
    let organisation = e.take(optional_text("organisation", &form.organisation, 200)).unwrap_or_default();
    if category.is_some() && !delegation && organisation.is_empty() && country.is_none() {
        e.push("organisation", ErrorCode::OrganisationRequired);
    }
    let title = e.take(optional_text("title", &form.title, 40)).unwrap_or_default();
    let given_name = e.take(required_text("given_name", &form.given_name, 100));
    let family_name = e.take(required_text("family_name", &form.family_name, 100));
    let position = e.take(required_text("position", &form.position, 200));
    let ministry = e.take(optional_text("ministry", &form.ministry, 200)).unwrap_or_default();
    let email = e.take(Email::parse("email", &form.email));
    let phone = e.take(parse_phone("phone", &form.phone)).unwrap_or_default();
    let dietary = e.take(optional_text("dietary", &form.dietary, 500)).unwrap_or_default();
    let accessibility = e.take(optional_text("accessibility", &form.accessibility, 500)).unwrap_or_default();
    let arrival = e.take(optional_date("arrival", &form.arrival)).flatten();
    let departure = e.take(optional_date("departure", &form.departure)).flatten();
    // Travel dates: within a week of the meeting, departure not before arrival.
    let window = (m.start_date - chrono::Duration::days(7), m.end_date + chrono::Duration::days(7));
    for (field, d) in [("arrival", arrival), ("departure", departure)] {
        if d.is_some_and(|d| d < window.0 || d > window.1) {
            e.push(field, ErrorCode::OutsideMeetingDates);
        }
    }
    if let (Some(a), Some(d)) = (arrival, departure) {
        if d < a && e.get("departure").is_none() {
            e.push("departure", ErrorCode::EndBeforeStart);
        }
    }
    let passport_number = e.take(optional_text("passport_number", &form.passport_number, 30)).unwrap_or_default();
    let passport_nationality = e.take(optional_text("passport_nationality", &form.passport_nationality, 100)).unwrap_or_default();
    let passport_expiry = e.take(optional_date("passport_expiry", &form.passport_expiry)).flatten();
    if passport_expiry.is_some_and(|x| x < m.end_date) {
        e.push("passport_expiry", ErrorCode::OutsideMeetingDates);
    }
    e.clone().finish()?;
    match (category, given_name, family_name, position, email) {
        (Some(category), Some(given_name), Some(family_name), Some(position), Some(email)) => Ok(ValidRegistration {
            category,
            country,
            organisation,
            title,
            given_name,
            family_name,
            position,
            ministry,
            email,
            phone,
            dietary,
            accessibility,
            arrival,
            departure,
            passport_number,
            passport_nationality,
            passport_expiry,
            consent_list: form.consent_list.is_some(),
            consent_contact: form.consent_contact.is_some(),
        }),
        _ => Err(e),
    }
}

/// Where a registration that now counts goes: a place (pending or approved) if one is free for
/// its delegation, the waiting list otherwise.
async fn allocate(
    txn: &DatabaseTransaction,
    s: &registration_settings::Model,
    category: RegistrationCategory,
    country: Option<&str>,
) -> ServiceResult<RegistrationStatus> {
    let taken = count_status(txn, s.meeting_id, &PLACE_HOLDING).await?;
    let mut free = taken < s.capacity;
    if free && category.is_delegation() {
        if let Some(c) = country {
            let used = registration::Entity::find()
                .filter(registration::Column::MeetingId.eq(s.meeting_id))
                .filter(registration::Column::CountryCode.eq(c))
                .filter(registration::Column::Category.is_in(delegation_categories()))
                .filter(registration::Column::Status.is_in(PLACE_HOLDING.iter().copied()))
                .count(txn)
                .await?;
            free = (used as i32) < s.quota_per_delegation;
        }
    }
    Ok(match (free, s.approval_required) {
        (false, _) => RegistrationStatus::Waitlisted,
        (true, true) => RegistrationStatus::Pending,
        (true, false) => RegistrationStatus::Approved,
    })
}

use crate::ssr::access::delegation_categories;

/// What the status emails say about the meeting.
/// What a registration email says about its meeting, the title in `lang`.
async fn meeting_line(db: &impl ConnectionTrait, m: &meeting::Model, lang: Lang) -> ServiceResult<MeetingLine> {
    Ok(MeetingLine {
        meeting_id: m.id,
        meeting: crate::features::translations::service::title_in(db, m, lang).await?,
        city: m.city.clone(),
        venue: m.venue.clone(),
        start: m.start_date.to_string(),
        end: m.end_date.to_string(),
    })
}

/// Emails the person about their registration's new `status`. With `account` (the
/// registration is approved, or was nominated by the focal point or the secretariat) the person
/// gets an account if they have none, and the email carries a one-time link (one hour) to set
/// its password, so that they can sign in to read the meeting's papers and minutes.
async fn notify_status(
    db: &impl ConnectionTrait,
    m: &meeting::Model,
    r: &registration::Model,
    status: StatusNotice,
    public_url: &str,
    account: bool,
) -> ServiceResult<()> {
    // Nobody outside the secretariat hears of a draft meeting.
    if m.status == MeetingStatus::Draft {
        return Ok(());
    }
    let lang = r.locale;
    let account_link = if account {
        crate::features::auth::service::ensure_account(db, &r.email, &display_name(r), lang, public_url, Utc::now()).await?
    } else {
        None
    };
    let message = OutboxMessage::RegistrationStatus {
        meeting: meeting_line(db, m, lang).await?,
        name: display_name(r),
        status,
        reason: r.reason.clone(),
        link: format!("{public_url}/meetings/{}", m.id),
        account_link,
    };
    outbox::enqueue(db, &r.email, lang, &message).await?;
    Ok(())
}

/// Tells the country's focal points that someone joined their delegation.
async fn notify_focal_points(
    db: &impl ConnectionTrait,
    m: &meeting::Model,
    r: &registration::Model,
    public_url: &str,
) -> ServiceResult<()> {
    let Some(country) = r.country_code.as_deref() else { return Ok(()) };
    if m.status == MeetingStatus::Draft {
        return Ok(());
    }
    let focal_points = app_user::Entity::find()
        .filter(app_user::Column::Role.eq(Role::FocalPoint))
        .filter(app_user::Column::CountryCode.eq(country))
        .filter(app_user::Column::Active.eq(true))
        .all(db)
        .await?;
    for fp in focal_points.iter().filter(|fp| Some(fp.id) != r.nominated_by) {
        let lang = fp.locale;
        let message = OutboxMessage::RegistrationNomination {
            meeting: meeting_line(db, m, lang).await?,
            name: display_name(r),
            focal_point: fp.display_name.clone(),
            category: r.category.as_str().into(),
            link: format!("{public_url}/meetings/{}/delegation", m.id),
            self_registered: !r.delegation_confirmed,
        };
        outbox::enqueue(db, &fp.email, lang, &message).await?;
    }
    Ok(())
}

mod badges;
mod decisions;
mod letters;
mod lists;
mod messages;
mod mine;
mod notes;
mod register;
mod reminders;
mod settings;
pub use badges::*;
pub use decisions::*;
pub use letters::*;
pub use lists::*;
pub use messages::*;
pub use mine::*;
pub use notes::*;
pub use register::*;
pub use reminders::*;
pub use settings::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn venue_times_convert_to_utc_and_back() {
        let tz = chrono_tz::Africa::Dar_es_Salaam;
        let at = parse_local("opens_at", "2026-11-01T09:00", tz).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-01T06:00:00+00:00");
        assert_eq!(format_local(at, tz), "2026-11-01T09:00");
        assert_eq!(parse_local("opens_at", "1 Nov", tz).unwrap_err().code, ErrorCode::InvalidDate);
        assert_eq!(parse_local("opens_at", " ", tz).unwrap_err().code, ErrorCode::Required);
    }
}
