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
    Lang, MeetingStatus, RegistrationCategory, RegistrationStatus, Role,
};
use crate::ssr::audit::{self, Entry};
use crate::ssr::auth::{hash_token, new_token};
use crate::ssr::entities::{app_user, meeting, registration, registration_settings};
use crate::ssr::error::{ServiceError, ServiceResult};
use crate::ssr::outbox::{self, MeetingLine, OutboxMessage, StatusNotice};
use crate::ssr::table::csv_field;
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
        version: s.version,
    }
}

/// Whether self-registration and nominations are accepted now.
pub fn is_open(m: &meeting::Model, s: &registration_settings::Model, now: DateTime<Utc>) -> bool {
    m.status == MeetingStatus::RegistrationOpen.as_str() && s.opens_at <= now && now < s.closes_at
}

async fn count_status(db: &impl ConnectionTrait, meeting_id: i32, statuses: &[RegistrationStatus]) -> ServiceResult<i32> {
    let n = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::Status.is_in(statuses.iter().map(|s| s.as_str())))
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
    let txn = crate::ssr::write_txn(db).await?;
    let before = find_settings(&txn, meeting_id).await?;
    let now = Utc::now();
    let detail = json!({
        "opens_at": opens.to_rfc3339(), "closes_at": closes.to_rfc3339(), "capacity": capacity, "quota": quota,
        "categories": RegistrationCategory::list_to_db(&categories), "approval_required": approval,
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
                .filter(registration::Column::Status.is_in(PLACE_HOLDING.iter().map(|s| s.as_str())))
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
    if m.status == MeetingStatus::Draft.as_str() {
        return Ok(());
    }
    let lang = Lang::from_code(&r.locale).unwrap_or_default();
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
    if m.status == MeetingStatus::Draft.as_str() {
        return Ok(());
    }
    let focal_points = app_user::Entity::find()
        .filter(app_user::Column::Role.eq(Role::FocalPoint.as_str()))
        .filter(app_user::Column::CountryCode.eq(country))
        .filter(app_user::Column::Active.eq(true))
        .all(db)
        .await?;
    for fp in focal_points.iter().filter(|fp| Some(fp.id) != r.nominated_by) {
        let lang = Lang::from_code(&fp.locale).unwrap_or_default();
        let message = OutboxMessage::RegistrationNomination {
            meeting: meeting_line(db, m, lang).await?,
            name: display_name(r),
            focal_point: fp.display_name.clone(),
            category: r.category.clone(),
            link: format!("{public_url}/meetings/{}/delegation", m.id),
            self_registered: !r.delegation_confirmed,
        };
        outbox::enqueue(db, &fp.email, lang, &message).await?;
    }
    Ok(())
}

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
const ACTIVE: [RegistrationStatus; 4] =
    [RegistrationStatus::Unconfirmed, RegistrationStatus::Pending, RegistrationStatus::Approved, RegistrationStatus::Waitlisted];

/// The statuses in which a confirmed head of delegation counts as the delegation's head.
const HEAD_HOLDING: [RegistrationStatus; 3] = [RegistrationStatus::Pending, RegistrationStatus::Approved, RegistrationStatus::Waitlisted];

/// Refuses a second confirmed head for a delegation: at most one per state and meeting
/// (`except` is the registration being confirmed itself).
async fn check_one_head(
    txn: &DatabaseTransaction,
    meeting_id: i32,
    country: Option<&str>,
    except: Option<i32>,
    field: &str,
) -> ServiceResult<()> {
    let Some(country) = country else { return Ok(()) };
    let mut q = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::CountryCode.eq(country))
        .filter(registration::Column::Category.eq(RegistrationCategory::HeadOfDelegation.as_str()))
        .filter(registration::Column::DelegationConfirmed.eq(true))
        .filter(registration::Column::Status.is_in(HEAD_HOLDING.iter().map(|s| s.as_str())));
    if let Some(id) = except {
        q = q.filter(registration::Column::Id.ne(id));
    }
    if q.count(txn).await? > 0 {
        return Err(FieldError::new(field, ErrorCode::HeadOfDelegationTaken).into());
    }
    Ok(())
}

/// Maps the unique indexes' refusals: the email already registered, or a second head.
fn unique_violation(e: sea_orm::DbErr, field_for_head: &str) -> ServiceError {
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
        .filter(registration::Column::Status.is_in(ACTIVE.iter().map(|s| s.as_str())))
        .one(&txn)
        .await?;
    if let Some(old) = duplicate {
        if old.status == RegistrationStatus::Unconfirmed.as_str() {
            // Never confirmed, so nothing shows it was the address's owner: a new registration
            // replaces it (and sends its own confirmation to the address), whoever makes it.
            remove_unconfirmed(&txn, &old, "replaced by a new registration").await?;
        } else if counted_at_once {
            return Err(FieldError::new("email", ErrorCode::AlreadyRegistered).into());
        } else {
            // The same answer as for a new registration; the address's owner is told by email.
            if m.status != MeetingStatus::Draft.as_str() {
                let message = OutboxMessage::RegistrationExists {
                    meeting: meeting_line(&txn, &m, lang).await?,
                    name: display_name(&old),
                    status: old.status.clone(),
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
        let old_category = RegistrationCategory::parse("category", &old.category)?;
        if focal.is_some() && (old.country_code.as_deref() != focal.map(|c| c.code()) || !old_category.is_delegation()) {
            return Err(ServiceError::Forbidden);
        }
        if !RegistrationStatus::parse("status", &old.status)?.is_active() {
            return Err(
                FieldError::new("replaces", ErrorCode::IllegalTransition { from: old.status.clone(), to: "withdrawn".into() }).into()
            );
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
        category: Set(v.category.as_str().into()),
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
        status: Set(status.as_str().into()),
        reason: Set(String::new()),
        confirm_token_hash: Set(token.as_deref().map(hash_token)),
        nominated_by: Set(if nominated { viewer.map(|u| u.id) } else { None }),
        locale: Set(lang.code().into()),
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
async fn remove_unconfirmed(txn: &impl ConnectionTrait, r: &registration::Model, why: &str) -> ServiceResult<()> {
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
        .filter(registration::Column::Status.eq(RegistrationStatus::Unconfirmed.as_str()))
        .filter(registration::Column::CreatedAt.lte(now - UNCONFIRMED_TTL))
        .all(db)
        .await?;
    for r in &stale {
        let txn = crate::ssr::write_txn(db).await?;
        // Still unconfirmed inside the transaction (confirmed meanwhile: kept).
        let still = registration::Entity::find_by_id(r.id)
            .filter(registration::Column::Status.eq(RegistrationStatus::Unconfirmed.as_str()))
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
    let current = RegistrationStatus::parse("status", &r.status)?;
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
    let category = RegistrationCategory::parse("category", &r.category)?;
    let status = allocate(&txn, &s, category, r.country_code.as_deref()).await?;
    registration::Entity::update_many()
        .col_expr(registration::Column::Status, Expr::value(status.as_str()))
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
    Ok((r.meeting_id, RegistrationStatus::parse("status", &r.status)?))
}

async fn set_status(txn: &DatabaseTransaction, r: &registration::Model, status: RegistrationStatus, reason: &str) -> ServiceResult<()> {
    registration::Entity::update_many()
        .col_expr(registration::Column::Status, Expr::value(status.as_str()))
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
async fn promote_waitlist(
    txn: &DatabaseTransaction,
    m: &meeting::Model,
    s: &registration_settings::Model,
    public_url: &str,
) -> ServiceResult<Vec<i32>> {
    let waiting = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(m.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Waitlisted.as_str()))
        .order_by_asc(registration::Column::WaitlistedAt)
        .order_by_asc(registration::Column::Id)
        .all(txn)
        .await?;
    let mut promoted = vec![];
    for r in waiting {
        if count_status(txn, m.id, &PLACE_HOLDING).await? >= s.capacity {
            break;
        }
        let category = RegistrationCategory::parse("category", &r.category)?;
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
    for r in &rows {
        let st = RegistrationStatus::parse("status", &r.status)?;
        // Approving one the set-up approved on its own vouches for it (see `access::grants_rights`).
        let vouch = approve && st == RegistrationStatus::Approved && !r.delegation_confirmed;
        let ok = if approve { st.can_approve() || vouch } else { st.can_reject() };
        if !ok {
            return Err(FieldError::new(
                "ids",
                ErrorCode::IllegalTransition { from: st.as_str().into(), to: if approve { "approved" } else { "rejected" }.into() },
            )
            .into());
        }
    }
    // Approving a waitlisted registration gives it a place beyond capacity: the secretariat's
    // explicit choice, recorded in the audit log. Approving a self-registration in a delegation
    // category confirms it as a member of that delegation (one head per delegation).
    for r in &rows {
        let to = if approve { RegistrationStatus::Approved } else { RegistrationStatus::Rejected };
        let already = r.status == RegistrationStatus::Approved.as_str();
        if approve && !r.delegation_confirmed {
            if r.category == RegistrationCategory::HeadOfDelegation.as_str() {
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
                summary: format!("{} {}: {} \u{2192} {}", r.given_name, r.family_name, r.status, to.as_str()),
                detail: json!({ "status": [r.status, to.as_str()], "reason": reason }),
            },
        )
        .await?;
    }
    if !approve {
        promote_waitlist(&txn, &m, &s, public_url).await?;
    }
    txn.commit().await?;
    Ok(rows.len())
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
        let delegation = RegistrationCategory::parse("category", &r.category)?.is_delegation();
        if r.country_code.as_deref() != Some(own.code()) || !delegation {
            return Err(ServiceError::Forbidden);
        }
    }
    let txn = crate::ssr::write_txn(db).await?;
    let s = lock_settings(&txn, r.meeting_id).await?;
    let r = registration::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let st = RegistrationStatus::parse("status", &r.status)?;
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
    let category = RegistrationCategory::parse("category", &r.category)?;
    if let Some(own) = focal {
        if r.country_code.as_deref() != Some(own.code()) || !category.is_delegation() {
            return Err(ServiceError::Forbidden);
        }
    }
    let status = RegistrationStatus::parse("status", &r.status)?;
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
                r.category,
                r.country_code.clone().unwrap_or_default()
            ),
            detail: json!({ "delegation_confirmed": [false, true] }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether a registration may still be changed or cancelled by its person: alive, the meeting
/// not a draft, and before the registration deadline.
pub(super) fn may_change(
    r: &registration::Model,
    m: &meeting::Model,
    s: Option<&registration_settings::Model>,
    now: DateTime<Utc>,
) -> bool {
    let alive = RegistrationStatus::parse("status", &r.status).is_ok_and(RegistrationStatus::is_active);
    let upcoming = [MeetingStatus::Announced, MeetingStatus::RegistrationOpen, MeetingStatus::RegistrationClosed]
        .iter()
        .any(|st| st.as_str() == m.status);
    alive && upcoming && s.is_some_and(|s| now < s.closes_at)
}

/// The signed-in person's own registration (matched by the account's email), or NotFound.
async fn find_mine(db: &impl ConnectionTrait, user: &CurrentUser, id: i32) -> ServiceResult<registration::Model> {
    registration::Entity::find_by_id(id).one(db).await?.filter(|r| r.email.eq_ignore_ascii_case(&user.email)).ok_or(ServiceError::NotFound)
}

/// One of the signed-in person's registrations, for the page that changes it.
pub async fn get_mine(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: i32,
    now: DateTime<Utc>,
) -> ServiceResult<super::types::MyRegistrationEdit> {
    let r = find_mine(db, user, id).await?;
    let m = meeting::Entity::find_by_id(r.meeting_id)
        .one(db)
        .await?
        .filter(|m| m.status != MeetingStatus::Draft.as_str())
        .ok_or(ServiceError::NotFound)?;
    let s = find_settings(db, m.id).await?;
    let tz = tz_of(&m)?;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    Ok(super::types::MyRegistrationEdit {
        id: r.id,
        meeting_id: m.id,
        meeting_title: crate::features::translations::service::title_in(db, &m, user.locale).await?,
        category: RegistrationCategory::parse("category", &r.category)?,
        country: country_of(&r),
        email: r.email.clone(),
        status: RegistrationStatus::parse("status", &r.status)?,
        closes_at: s.as_ref().map(|s| format_local(s.closes_at, tz)).unwrap_or_default(),
        timezone: m.timezone.clone(),
        can_change: may_change(&r, &m, s.as_ref(), now),
        form: RegistrationForm {
            id: r.id.to_string(),
            meeting_id: m.id.to_string(),
            category: r.category.clone(),
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
        category: r.category.clone(),
        country: r.country_code.clone().unwrap_or_default(),
        organisation: r.organisation.clone(),
        email: r.email.clone(),
        ..form.clone()
    };
    let category = RegistrationCategory::parse("category", &r.category)?;
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

fn to_row(r: &registration::Model, full: bool, passport: bool) -> ServiceResult<RegistrationRow> {
    let hide = |s: &str| if full { s.to_string() } else { String::new() };
    Ok(RegistrationRow {
        id: r.id,
        category: RegistrationCategory::parse("category", &r.category)?,
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
        status: RegistrationStatus::parse("status", &r.status)?,
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
    find_meeting(db, Some(actor), meeting_id).await?;
    let rows = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::Status.is_not_in([RegistrationStatus::Rejected.as_str(), RegistrationStatus::Withdrawn.as_str()]))
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    Ok(CountryCode::all()
        .map(|c| {
            let members: Vec<&registration::Model> = rows.iter().filter(|r| r.country_code.as_deref() == Some(c.code())).collect();
            DelegationSummary {
                country: c,
                head: members.iter().find(|r| r.category == RegistrationCategory::HeadOfDelegation.as_str()).map(|r| display_name(r)),
                members: members.len(),
                with_place: members.iter().filter(|r| PLACE_HOLDING.iter().any(|s| s.as_str() == r.status)).count(),
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

fn checkin_result(r: &registration::Model, newly: bool) -> CheckInResult {
    CheckInResult { id: r.id, name: display_name(r), country: country_of(r), organisation: r.organisation.clone(), newly }
}

fn country_of(r: &registration::Model) -> Option<CountryCode> {
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

fn qr_svg(data: &str) -> ServiceResult<String> {
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
                category: RegistrationCategory::parse("category", &r.category)?,
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
        let txn = crate::ssr::write_txn(db).await?;
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

/// How many days before its first day a meeting's approved participants are reminded.
pub const REMINDER_DAYS: i64 = 3;

/// Queues the reminder for every approved registration of a meeting that starts within
/// [`REMINDER_DAYS`] (venue date), once per registration: each is claimed with a guarded UPDATE
/// (`reminder_sent_at IS NULL`) in the same transaction as its outbox row, so two server instances
/// never queue it twice. Returns how many were queued.
pub async fn queue_reminders(db: &DatabaseConnection, now: DateTime<Utc>, public_url: &str) -> ServiceResult<usize> {
    let upcoming = meeting::Entity::find()
        .filter(meeting::Column::Status.is_in([MeetingStatus::RegistrationOpen.as_str(), MeetingStatus::RegistrationClosed.as_str()]))
        .filter(meeting::Column::StartDate.gte(now.date_naive() - chrono::Duration::days(1)))
        .filter(meeting::Column::StartDate.lte(now.date_naive() + chrono::Duration::days(REMINDER_DAYS + 1)))
        .all(db)
        .await?;
    let mut queued = 0;
    for m in upcoming {
        let today = now.with_timezone(&tz_of(&m)?).date_naive();
        if m.start_date < today || (m.start_date - today).num_days() > REMINDER_DAYS {
            continue;
        }
        let due = registration::Entity::find()
            .filter(registration::Column::MeetingId.eq(m.id))
            .filter(registration::Column::Status.eq(RegistrationStatus::Approved.as_str()))
            .filter(registration::Column::ReminderSentAt.is_null())
            .all(db)
            .await?;
        for r in due {
            let txn = crate::ssr::write_txn(db).await?;
            let claimed = registration::Entity::update_many()
                .col_expr(registration::Column::ReminderSentAt, Expr::value(now))
                .filter(registration::Column::Id.eq(r.id))
                .filter(registration::Column::ReminderSentAt.is_null())
                .exec(&txn)
                .await?;
            if claimed.rows_affected == 1 {
                let lang = Lang::from_code(&r.locale).unwrap_or_default();
                let message = OutboxMessage::RegistrationStatus {
                    meeting: meeting_line(&txn, &m, lang).await?,
                    name: display_name(&r),
                    status: StatusNotice::Reminder,
                    reason: String::new(),
                    link: format!("{public_url}/meetings/{}/agenda", m.id),
                    account_link: None,
                };
                outbox::enqueue(&txn, &r.email, lang, &message).await?;
                queued += 1;
            }
            txn.commit().await?;
        }
    }
    Ok(queued)
}

const EXPORT_HEADER: [&str; 22] = [
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
async fn export_rows(db: &impl ConnectionTrait, actor: &CurrentUser, meeting_id: i32) -> ServiceResult<Vec<[String; 22]>> {
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

/// The full participant list as CSV (secretariat), UTF-8 with a byte-order mark so that
/// spreadsheet programs read accents correctly.
pub async fn export_csv(db: &impl ConnectionTrait, actor: &CurrentUser, meeting_id: i32) -> ServiceResult<String> {
    let mut out = String::from("\u{feff}");
    out.push_str(&EXPORT_HEADER.join(","));
    out.push_str("\r\n");
    for fields in export_rows(db, actor, meeting_id).await? {
        out.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}

/// The same list as an Excel workbook (secretariat): bold, frozen header row with filters; every
/// cell is text, so nothing typed by a registrant is evaluated as a formula.
pub async fn export_xlsx(db: &impl ConnectionTrait, actor: &CurrentUser, meeting_id: i32) -> ServiceResult<Vec<u8>> {
    let rows: Vec<Vec<String>> = export_rows(db, actor, meeting_id).await?.into_iter().map(Vec::from).collect();
    crate::ssr::table::xlsx(&EXPORT_HEADER, &rows, "Registrations")
}

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

    #[test]
    fn csv_fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_field("Dar \"es\" Salaam"), "\"Dar \"\"es\"\" Salaam\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
        assert_eq!(csv_field("Ngũgĩ"), "\"Ngũgĩ\"");
    }
}
