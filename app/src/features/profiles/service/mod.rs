//! Technical working groups and migration profiles. Who does what:
//! - a published edition: everyone when the state's profiles are public (the default), else the
//!   state's working group, its focal points and the secretariat;
//! - editions in preparation, the group's membership and the review comments: the group's
//!   members (with an account), the state's focal points and the secretariat;
//! - the group (ministries, members, whether profiles are public), starting an edition, sending
//!   it to review, publishing it or taking it back to draft: the state's focal points and the
//!   secretariat; validating it: the state's focal points only;
//! - writing chapters and the indicator table (draft and review): the group, the focal points
//!   and the secretariat; commenting (review): the same;
//! - the indicator set and the update interval: the secretariat.
//!
//! A published edition is immutable; the next starts as a copy of the latest.

use super::types::*;
use crate::domain::profile::{format_value, parse_indicator_code, parse_value, parse_year};
use crate::domain::{
    optional_text, parse_id, required_text, Chapter, CountryCode, CurrentUser, Email, ErrorCode, FieldError, FieldErrors, Lang, Markdown,
    MeetingKind, MeetingStatus, PlanStatus, ProfileStatus, Role,
};
use crate::ssr::audit::{self, Entry};
use crate::ssr::entities::{
    app_user, meeting, plan, profile_comment, profile_edition, profile_indicator, profile_reminder, profile_settings, profile_text,
    profile_value, twg, twg_meeting, twg_member,
};
use crate::ssr::error::{ServiceError, ServiceResult};
use crate::ssr::write::{claim_version, on_unique_violation};
use crate::ssr::{markdown, outbox};
use chrono::{DateTime, Datelike, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use std::collections::HashMap;

mod editions;
mod group;
mod read;
mod regional;
mod settings;

pub use editions::*;
pub use group::*;
pub use read::*;
pub use regional::*;
pub use settings::*;

/// What a reader may do for one state.
#[derive(Clone, Copy, Debug, Default)]
struct Rights {
    secretariat: bool,
    focal_point: bool,
    member: bool,
}

impl Rights {
    /// The rights of `viewer` for `country`, `member` saying whether they are in its group.
    fn of(viewer: Option<&CurrentUser>, country: CountryCode, member: bool) -> Rights {
        let Some(user) = viewer else { return Rights::default() };
        Rights { secretariat: user.is_secretariat(), focal_point: user.role == Role::FocalPoint && user.country == Some(country), member }
    }

    /// Drafts, the group and the comments.
    fn inside(self) -> bool {
        self.secretariat || self.focal_point || self.member
    }
    /// The group's membership, editions' life cycle.
    fn manage(self) -> bool {
        self.secretariat || self.focal_point
    }
}

async fn rights(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, country: CountryCode) -> ServiceResult<Rights> {
    let Some(user) = viewer else { return Ok(Rights::default()) };
    let member = twg_member::Entity::find()
        .filter(twg_member::Column::CountryCode.eq(country.code()))
        .filter(twg_member::Column::UserId.eq(user.id))
        .one(db)
        .await?
        .is_some();
    Ok(Rights::of(viewer, country, member))
}

/// A ticked checkbox (`on`, or `true` from a JSON client).
fn ticked(value: &str) -> bool {
    value == "on" || value == "true"
}

/// The active focal points of `country`.
async fn focal_points_of(db: &impl ConnectionTrait, country: CountryCode) -> ServiceResult<Vec<app_user::Model>> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Role.eq(Role::FocalPoint))
        .filter(app_user::Column::CountryCode.eq(country.code()))
        .filter(app_user::Column::Active.eq(true))
        .order_by_asc(app_user::Column::DisplayName)
        .all(db)
        .await?)
}

/// The meetings whose Plan of Action is adopted.
async fn adopted_plan_meetings(db: &impl ConnectionTrait) -> ServiceResult<Vec<i32>> {
    Ok(plan::Entity::find().filter(plan::Column::Status.eq(PlanStatus::Adopted)).all(db).await?.into_iter().map(|p| p.meeting_id).collect())
}

/// The state a signed-in person works for here: a focal point's, else the group they are in.
async fn my_country(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>) -> ServiceResult<Option<CountryCode>> {
    let Some(user) = viewer else { return Ok(None) };
    if let (Role::FocalPoint, Some(c)) = (user.role, user.country) {
        return Ok(Some(c));
    }
    let row = twg_member::Entity::find().filter(twg_member::Column::UserId.eq(user.id)).one(db).await?;
    Ok(row.and_then(|m| CountryCode::parse("country", &m.country_code).ok()))
}

fn parse_country(raw: &str) -> ServiceResult<CountryCode> {
    CountryCode::parse("country", raw).map_err(|_| ServiceError::NotFound)
}

/// Whether the state's published profiles are public (no group row yet: they are).
async fn is_public(db: &impl ConnectionTrait, country: CountryCode) -> ServiceResult<bool> {
    Ok(twg::Entity::find_by_id(country.code()).one(db).await?.is_none_or(|g| g.profiles_public))
}

async fn interval(db: &impl ConnectionTrait) -> ServiceResult<i32> {
    Ok(profile_settings::Entity::find_by_id(1).one(db).await?.map(|s| s.update_interval_years).unwrap_or(2))
}

/// Overdue: no published edition, or the latest is `interval` years old or more.
fn overdue(latest: Option<i32>, interval: i32, this_year: i32) -> bool {
    latest.is_none_or(|y| y + interval <= this_year)
}

/// One audit entry; `entity` names the table `id` is a row of (`profile_edition`, `twg_member`, …).
async fn record(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    action: &'static str,
    entity: &'static str,
    id: Option<i32>,
    summary: String,
    detail: serde_json::Value,
) -> ServiceResult<()> {
    audit::record(db, Some(actor), Entry { action, entity, entity_id: id, summary, detail }).await?;
    Ok(())
}

fn indicator_row(i: &profile_indicator::Model, lang: Lang) -> IndicatorRow {
    IndicatorRow {
        id: i.id,
        code: i.code.clone(),
        name: i.name(lang).to_string(),
        name_en: i.name_en.clone(),
        name_fr: i.name_fr.clone(),
        name_pt: i.name_pt.clone(),
        unit: i.unit.clone(),
        chapter: i.chapter,
        position: i.position,
        archived: i.archived,
    }
}

async fn indicator_set(db: &impl ConnectionTrait) -> ServiceResult<Vec<profile_indicator::Model>> {
    let mut all = profile_indicator::Entity::find().all(db).await?;
    all.sort_by_key(|i| (Chapter::ALL.iter().position(|c| *c == i.chapter), i.position, i.id));
    Ok(all)
}

/// Validation is the focal point's; every other move is the focal point's or the secretariat's.
fn may_step(r: Rights, to: ProfileStatus) -> bool {
    match to {
        ProfileStatus::Validated => r.focal_point,
        _ => r.manage(),
    }
}

async fn managed(db: &impl ConnectionTrait, actor: &CurrentUser, raw_country: &str) -> ServiceResult<CountryCode> {
    let country = parse_country(raw_country)?;
    let r = rights(db, Some(actor), country).await?;
    if !r.manage() {
        return Err(ServiceError::Forbidden);
    }
    Ok(country)
}

/// An edition open to change by `actor` (draft or review, inside the group).
async fn editable(db: &impl ConnectionTrait, actor: &CurrentUser, raw_id: &str) -> ServiceResult<(profile_edition::Model, Rights)> {
    let id = parse_id(raw_id).ok_or(ServiceError::NotFound)?;
    let e = profile_edition::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let country = parse_country(&e.country_code)?;
    let r = rights(db, Some(actor), country).await?;
    if !r.inside() {
        // Someone outside the group learns nothing about drafts; a published edition is readable.
        return Err(if e.status == ProfileStatus::Published && is_public(db, country).await? {
            ServiceError::Forbidden
        } else {
            ServiceError::NotFound
        });
    }
    Ok((e, r))
}

/// Marks a change of the edition's content in the writing transaction: its version moves on
/// (a validation or publication prepared on the earlier version is then a conflict: nobody
/// validates a text they have not seen), only while it is still open to change (`statuses`),
/// which on PostgreSQL also waits for, and then sees, a step made at the same moment.
async fn touch(db: &impl ConnectionTrait, e: &profile_edition::Model, statuses: &[ProfileStatus], bump: bool) -> ServiceResult<()> {
    let mut update = profile_edition::Entity::update_many()
        .col_expr(profile_edition::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(profile_edition::Column::Id.eq(e.id))
        .filter(profile_edition::Column::Status.is_in(statuses.iter().copied()));
    if bump {
        update = update.col_expr(profile_edition::Column::Version, Expr::col(profile_edition::Column::Version).add(1));
    }
    if update.exec(db).await?.rows_affected != 1 {
        return Err(FieldError::new("form", ErrorCode::EditionLocked).into());
    }
    Ok(())
}

/// The meetings a profile's recommendations may be proposed to: those whose Plan of Action is not
/// adopted yet (drafts in an adopted plan could only become amendments), oldest first.
async fn proposable_meetings(db: &impl ConnectionTrait) -> ServiceResult<Vec<meeting::Model>> {
    let adopted = adopted_plan_meetings(db).await?;
    Ok(meeting::Entity::find().filter(meeting::Column::Id.is_not_in(adopted)).order_by_asc(meeting::Column::StartDate).all(db).await?)
}

fn locked(e: &profile_edition::Model) -> ServiceResult<()> {
    if matches!(e.status, ProfileStatus::Draft | ProfileStatus::Review) {
        Ok(())
    } else {
        Err(FieldError::new("form", ErrorCode::EditionLocked).into())
    }
}
