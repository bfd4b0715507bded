//! Speakers lists: for each agenda item, a delegation asks for the floor (its head of
//! delegation or focal point; the secretariat may add one); the chair (secretariat) orders the
//! list, starts and stops each speaker — the time spoken is kept — and sets the speaking time each
//! delegation has on the item. The minutes' editor offers the list and the times spoken for the
//! section of that item ([`spoken_on`]).

use super::service::{header, latest_revision, snapshot_of};
use super::types::{SpeakerEntry, SpeakerForm, SpeakersView};
use crate::domain::{parse_id, CountryCode, CurrentUser, ErrorCode, FieldError, Role};
use crate::ssr::audit::{self, Entry};
use crate::ssr::entities::{registration, speaker_limit, speaker_request};
use crate::ssr::error::{ServiceError, ServiceResult};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

/// The delegation the user may ask the floor for at this meeting: a focal point's country, or
/// the country of the head of delegation they are (by their account's email).
async fn delegation_of(db: &impl ConnectionTrait, user: &CurrentUser, meeting_id: i32) -> ServiceResult<Option<CountryCode>> {
    if user.role == Role::FocalPoint {
        return Ok(user.country);
    }
    // The head of delegation whose registration gives rights (as `access::is_head_of_delegation`).
    let head = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::Email.eq(user.email.to_lowercase()))
        .filter(crate::ssr::access::grants_rights())
        .filter(registration::Column::Category.eq(crate::domain::RegistrationCategory::HeadOfDelegation))
        .one(db)
        .await?;
    Ok(head.and_then(|r| r.country_code).and_then(|c| CountryCode::parse("c", &c).ok()))
}

async fn published_items(db: &impl ConnectionTrait, meeting_id: i32) -> ServiceResult<Vec<(i32, String)>> {
    let Some(r) = latest_revision(db, meeting_id).await? else { return Ok(vec![]) };
    Ok(snapshot_of(&r)?
        .days
        .iter()
        .flat_map(|d| {
            d.sessions.iter().flat_map(move |s| s.items.iter().map(move |i| (i.id, format!("{} {} \u{2014} {}", d.date, i.start, i.title))))
        })
        .collect())
}

fn spoken(r: &speaker_request::Model, now: DateTime<Utc>) -> i32 {
    r.spoken_seconds + r.started_at.map(|s| (now - s).num_seconds().max(0) as i32).unwrap_or(0)
}

/// An item's speakers list (whoever may see the meeting and is signed in).
pub async fn speakers(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    meeting_id: i32,
    item_id: Option<i32>,
    now: DateTime<Utc>,
) -> ServiceResult<SpeakersView> {
    let m = crate::ssr::access::find_visible(db, Some(viewer), meeting_id).await?;
    let items = published_items(db, meeting_id).await?;
    let item_id = match item_id {
        Some(id) if items.iter().any(|(i, _)| *i == id) => Some(id),
        Some(_) => return Err(ServiceError::NotFound),
        None => items.first().map(|(i, _)| *i),
    };
    let mut entries = vec![];
    let mut limit = 0;
    if let Some(item) = item_id {
        for r in speaker_request::Entity::find()
            .filter(speaker_request::Column::MeetingId.eq(meeting_id))
            .filter(speaker_request::Column::ItemId.eq(item))
            .order_by_asc(speaker_request::Column::Position)
            .order_by_asc(speaker_request::Column::Id)
            .all(db)
            .await?
        {
            let Ok(country) = CountryCode::parse("c", &r.country_code) else { continue };
            entries.push(SpeakerEntry { id: r.id, country, state: r.state.clone(), spoken: spoken(&r, now) });
        }
        limit = speaker_limit::Entity::find_by_id((meeting_id, item)).one(db).await?.map(|l| l.seconds).unwrap_or(0);
    }
    Ok(SpeakersView {
        meeting: header(&m),
        items,
        item_id,
        limit,
        entries,
        can_chair: viewer.is_secretariat(),
        my_delegation: delegation_of(db, viewer, meeting_id).await?,
    })
}

/// Asks for the floor, or acts on the list as the chair. Returns the item's id.
pub async fn act(db: &DatabaseConnection, actor: &CurrentUser, form: &SpeakerForm, now: DateTime<Utc>) -> ServiceResult<i32> {
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let item_id = parse_id(&form.item_id).ok_or_else(|| FieldError::new("item_id", ErrorCode::InvalidChoice))?;
    // No public page shows a speakers list: the kept public pages stay as they are.
    let txn = crate::ssr::private_write_txn(db).await?;
    crate::ssr::access::find_visible(&txn, Some(actor), meeting_id).await?;
    if !published_items(&txn, meeting_id).await?.iter().any(|(i, _)| *i == item_id) {
        return Err(FieldError::new("item_id", ErrorCode::InvalidChoice).into());
    }
    let chair = actor.is_secretariat();
    let list = speaker_request::Entity::find()
        .filter(speaker_request::Column::MeetingId.eq(meeting_id))
        .filter(speaker_request::Column::ItemId.eq(item_id))
        .order_by_asc(speaker_request::Column::Position)
        .order_by_asc(speaker_request::Column::Id)
        .all(&txn)
        .await?;
    let entry = || -> ServiceResult<&speaker_request::Model> {
        let id = parse_id(&form.id).ok_or(ServiceError::NotFound)?;
        list.iter().find(|r| r.id == id).ok_or(ServiceError::NotFound)
    };
    let set_state = |r: &speaker_request::Model, state: &str, started: Option<DateTime<Utc>>, seconds: i32| speaker_request::ActiveModel {
        id: Set(r.id),
        state: Set(state.to_string()),
        started_at: Set(started),
        spoken_seconds: Set(seconds),
        ..Default::default()
    };
    match form.action.as_str() {
        "ask" => {
            let country = if chair {
                CountryCode::parse("country", &form.country)?
            } else {
                delegation_of(&txn, actor, meeting_id).await?.ok_or(ServiceError::Forbidden)?
            };
            if list.iter().any(|r| r.country_code == country.code() && r.state == "waiting") {
                return Err(FieldError::new("country", ErrorCode::AlreadyAsked).into());
            }
            speaker_request::ActiveModel {
                meeting_id: Set(meeting_id),
                item_id: Set(item_id),
                country_code: Set(country.code().to_string()),
                position: Set(list.iter().map(|r| r.position).max().unwrap_or(0) + 1),
                state: Set("waiting".into()),
                started_at: Set(None),
                spoken_seconds: Set(0),
                requested_by: Set(Some(actor.id)),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(|e| crate::ssr::write::on_unique_violation(e, |_| FieldError::new("country", ErrorCode::AlreadyAsked).into()))?;
        }
        "remove" => {
            let r = entry()?;
            let own = delegation_of(&txn, actor, meeting_id).await?.is_some_and(|c| c.code() == r.country_code) && r.state == "waiting";
            if !chair && !own {
                return Err(ServiceError::Forbidden);
            }
            speaker_request::Entity::delete_by_id(r.id).exec(&txn).await?;
        }
        _ if !chair => return Err(ServiceError::Forbidden),
        "up" | "down" => {
            let r = entry()?;
            let at = list.iter().position(|x| x.id == r.id).unwrap_or(0);
            let other = if form.action == "up" { at.checked_sub(1) } else { Some(at + 1).filter(|i| *i < list.len()) };
            if let Some(o) = other.map(|i| &list[i]) {
                // Positions are renumbered in list order, so equal positions cannot stall a move.
                for (i, x) in list.iter().enumerate() {
                    let p = if x.id == r.id {
                        other.unwrap_or(i)
                    } else if x.id == o.id {
                        at
                    } else {
                        i
                    } as i32
                        + 1;
                    speaker_request::ActiveModel { id: Set(x.id), position: Set(p), ..Default::default() }.update(&txn).await?;
                }
            }
        }
        "start" => {
            // One speaker at a time: whoever speaks stops first.
            for s in list.iter().filter(|x| x.state == "speaking") {
                set_state(s, "done", None, spoken(s, now)).update(&txn).await?;
            }
            let r = entry()?;
            let r = list.iter().find(|x| x.id == r.id).ok_or(ServiceError::NotFound)?;
            set_state(r, "speaking", Some(now), if r.state == "speaking" { spoken(r, now) } else { r.spoken_seconds }).update(&txn).await?;
        }
        "stop" => {
            let r = entry()?;
            if r.state == "speaking" {
                set_state(r, "done", None, spoken(r, now)).update(&txn).await?;
            }
        }
        "limit" => {
            let minutes: i32 = form
                .minutes
                .trim()
                .parse()
                .ok()
                .filter(|m| (0..=60).contains(m))
                .ok_or_else(|| FieldError::new("minutes", ErrorCode::OutOfRange { min: 0, max: 60 }))?;
            speaker_limit::Entity::insert(speaker_limit::ActiveModel {
                meeting_id: Set(meeting_id),
                item_id: Set(item_id),
                seconds: Set(minutes * 60),
            })
            .on_conflict(
                OnConflict::columns([speaker_limit::Column::MeetingId, speaker_limit::Column::ItemId])
                    .update_column(speaker_limit::Column::Seconds)
                    .to_owned(),
            )
            .exec(&txn)
            .await?;
        }
        _ => return Err(FieldError::new("action", ErrorCode::InvalidChoice).into()),
    }
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "agenda.speakers",
            entity: "meeting",
            entity_id: Some(meeting_id),
            summary: format!("Speakers list of item {item_id}: {}", form.action),
            detail: json!({ "item_id": item_id, "action": form.action, "entry": parse_id(&form.id), "country": CountryCode::parse("country", &form.country).ok().map(|c| c.code()), "minutes": form.minutes.trim().parse::<i32>().ok() }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(item_id)
}

/// Who spoke on an item and for how long (delegations in the order they spoke), for the
/// minutes' editor.
pub async fn spoken_on(db: &impl ConnectionTrait, meeting_id: i32, item_id: i32) -> ServiceResult<Vec<(CountryCode, i32)>> {
    Ok(speaker_request::Entity::find()
        .filter(speaker_request::Column::MeetingId.eq(meeting_id))
        .filter(speaker_request::Column::ItemId.eq(item_id))
        .filter(speaker_request::Column::State.ne("waiting"))
        .order_by_asc(speaker_request::Column::Position)
        .order_by_asc(speaker_request::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| CountryCode::parse("c", &r.country_code).ok().map(|c| (c, r.spoken_seconds)))
        .collect())
}
