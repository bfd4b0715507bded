//! The live agenda: during the meeting the secretariat marks the item under way and announces
//! delays, changes of room and notes (from a phone: one small form each); everyone who may see
//! the meeting sees "now and next" and the announcements. A delay or a change of room is also
//! published at once as a new agenda revision — the latest published revision with that change
//! only (work in progress in the working copy is not published with it), and the working copy
//! gets the same change — so the agenda page, its changelog and every calendar follow.

use super::diff::diff;
use super::service::{header, latest_revision, snapshot_of};
use super::types::{AgendaSnapshot, Announcement, LiveForm, LiveItem, LiveView};
use crate::domain::{optional_text, parse_id, ClockTime, CurrentUser, ErrorCode, FieldError};
use crate::ssr::audit::{self, Entry};
use crate::ssr::entities::{agenda_item, agenda_revision, live_announcement};
use crate::ssr::error::{ServiceError, ServiceResult};
use chrono::{DateTime, Timelike, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;

/// The published items in order (day, start), with their day.
fn items_of(s: &AgendaSnapshot) -> Vec<LiveItem> {
    let mut out: Vec<LiveItem> = s
        .days
        .iter()
        .flat_map(|d| {
            d.sessions.iter().flat_map(move |session| {
                session.items.iter().map(move |i| LiveItem {
                    id: i.id,
                    day: d.date,
                    start: i.start,
                    end: i.end,
                    title: i.title.clone(),
                    room: if i.room.is_empty() { session.room.clone() } else { i.room.clone() },
                })
            })
        })
        .collect();
    out.sort_by_key(|i| (i.day, i.start, i.id));
    out
}

/// Announces something during the meeting (secretariat). Returns the announcement's id.
pub async fn announce(db: &DatabaseConnection, actor: &CurrentUser, form: &LiveForm, now: DateTime<Utc>) -> ServiceResult<i32> {
    crate::ssr::access::require_secretariat(actor)?;
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let kind = match form.kind.as_str() {
        k @ ("current" | "delay" | "room" | "note") => k,
        _ => return Err(FieldError::new("kind", ErrorCode::InvalidChoice).into()),
    };
    let note = optional_text("note", &form.note, 500)?;
    let room = optional_text("room", &form.room, 200)?;
    let delay: i32 = match kind {
        "delay" => match form.delay.trim().parse::<i32>() {
            Ok(d) if (1..=240).contains(&d) => d,
            _ => return Err(FieldError::new("delay", ErrorCode::OutOfRange { min: 1, max: 240 }).into()),
        },
        _ => 0,
    };
    if kind == "room" && room.is_empty() {
        return Err(FieldError::new("room", ErrorCode::Required).into());
    }
    if kind == "note" && note.is_empty() {
        return Err(FieldError::new("note", ErrorCode::Required).into());
    }
    let txn = crate::ssr::write_txn(db).await?;
    let m = crate::ssr::access::find_visible(&txn, Some(actor), meeting_id).await?;
    let latest = latest_revision(&txn, meeting_id).await?;
    if let (Some(l), Ok(seen)) = (&latest, form.revision.trim().parse::<i32>()) {
        if matches!(kind, "delay" | "room") && seen != l.number {
            return Err(ServiceError::Conflict(format!("the agenda is at revision {} since this page was opened", l.number)));
        }
    }
    let mut snapshot = match &latest {
        Some(r) => snapshot_of(r)?,
        None if kind == "note" => AgendaSnapshot::default(),
        None => return Err(FieldError::new("item_id", ErrorCode::WrongStep).into()),
    };
    let item_id = match kind {
        "note" if form.item_id.trim().is_empty() => None,
        _ => Some(parse_id(&form.item_id).ok_or_else(|| FieldError::new("item_id", ErrorCode::InvalidChoice))?),
    };
    let item = match item_id {
        Some(id) => {
            Some(items_of(&snapshot).into_iter().find(|i| i.id == id).ok_or_else(|| FieldError::new("item_id", ErrorCode::InvalidChoice))?)
        }
        None => None,
    };
    let mut revision = None;
    if let (Some(it), "delay" | "room") = (&item, kind) {
        let base = snapshot.clone();
        // The moved items: this one and the later ones of its session (delay), or this one (room).
        let mut moved: Vec<i32> = vec![];
        let latest_end = snapshot
            .days
            .iter()
            .flat_map(|d| &d.sessions)
            .filter(|s| s.items.iter().any(|i| i.id == it.id))
            .flat_map(|s| s.items.iter().filter(|i| i.start >= it.start).map(|i| i.end.minutes()))
            .max()
            .unwrap_or(0);
        let too_late = || FieldError::new("delay", ErrorCode::OutOfRange { min: 1, max: Ord::max(1440 - latest_end, 1) });
        for d in &mut snapshot.days {
            for s in &mut d.sessions {
                if !s.items.iter().any(|i| i.id == it.id) {
                    continue;
                }
                for i in &mut s.items {
                    if kind == "room" && i.id == it.id {
                        i.room = room.clone();
                    }
                    if kind == "delay" && i.start >= it.start {
                        let (Some(start), Some(end)) =
                            (ClockTime::from_minutes(i.start.minutes() + delay), ClockTime::from_minutes(i.end.minutes() + delay))
                        else {
                            return Err(too_late().into());
                        };
                        i.start = start;
                        i.end = end;
                        moved.push(i.id);
                    }
                }
            }
        }
        // The working copy follows (each item moved from its own working time, so edits not
        // yet published stay), and the next revision does not undo it.
        for row in agenda_item::Entity::find().filter(agenda_item::Column::Id.is_in(moved.clone())).all(&txn).await? {
            let (start, end) = (row.start_minute + delay, row.end_minute + delay);
            if end > 1440 {
                return Err(too_late().into());
            }
            agenda_item::Entity::update_many()
                .col_expr(agenda_item::Column::StartMinute, Expr::value(start))
                .col_expr(agenda_item::Column::EndMinute, Expr::value(end))
                .col_expr(agenda_item::Column::Version, Expr::col(agenda_item::Column::Version).add(1))
                .filter(agenda_item::Column::Id.eq(row.id))
                .exec(&txn)
                .await?;
        }
        if kind == "room" {
            agenda_item::Entity::update_many()
                .col_expr(agenda_item::Column::Room, Expr::value(room.clone()))
                .col_expr(agenda_item::Column::Version, Expr::col(agenda_item::Column::Version).add(1))
                .filter(agenda_item::Column::Id.eq(it.id))
                .exec(&txn)
                .await?;
        }
        let changes = diff(&base, &snapshot);
        let number = latest.as_ref().map(|r| r.number + 1).unwrap_or(1);
        let said = match kind {
            "delay" => format!("Delay of {delay} min from \u{201c}{}\u{201d}", it.title),
            _ => format!("\u{201c}{}\u{201d} moves to {room}", it.title),
        };
        agenda_revision::ActiveModel {
            meeting_id: Set(meeting_id),
            number: Set(number),
            published_at: Set(now),
            published_by: Set(Some(actor.id)),
            note: Set(if note.is_empty() { said } else { format!("{said}: {note}") }),
            snapshot: Set(serde_json::to_string(&snapshot).map_err(|e| ServiceError::Internal(e.to_string()))?),
            changelog: Set(serde_json::to_string(&changes).map_err(|e| ServiceError::Internal(e.to_string()))?),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| {
            crate::ssr::write::on_unique_violation(e, |_| ServiceError::Conflict("the agenda was published by someone else".into()))
        })?;
        revision = Some(number);
    }
    let a = live_announcement::ActiveModel {
        meeting_id: Set(meeting_id),
        item_id: Set(item.as_ref().map(|i| i.id)),
        item_title: Set(item.as_ref().map(|i| i.title.clone()).unwrap_or_default()),
        kind: Set(kind.to_string()),
        delay_minutes: Set(delay),
        room: Set(room.clone()),
        note: Set(note.clone()),
        revision: Set(revision),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "agenda.live",
            entity: "meeting",
            entity_id: Some(meeting_id),
            summary: format!(
                "Live ({kind}) at \u{201c}{}\u{201d}: {}",
                m.title,
                item.as_ref().map(|i| i.title.as_str()).unwrap_or(note.as_str())
            ),
            detail: json!({ "kind": kind, "item_id": item_id, "delay": delay, "room": room, "note": note, "revision": revision }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(a.id)
}

/// An announcement as shown, its time in the venue's zone.
fn announcement(a: live_announcement::Model, tz: chrono_tz::Tz) -> Announcement {
    Announcement {
        at: a.created_at.with_timezone(&tz).format("%H:%M").to_string(),
        kind: a.kind,
        item: a.item_title,
        delay: a.delay_minutes,
        room: a.room,
        note: a.note,
    }
}

/// "Now and next" for everyone who may see the meeting; the published items too for the
/// secretariat's controls.
pub async fn live(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, meeting_id: i32, now: DateTime<Utc>) -> ServiceResult<LiveView> {
    let (m, latest) = super::service::visible_with_latest(db, viewer, meeting_id).await?;
    let tz: chrono_tz::Tz = m.timezone.parse().unwrap_or(chrono_tz::UTC);
    let local = now.with_timezone(&tz);
    let items = match &latest {
        Some(r) => items_of(&snapshot_of(r)?),
        None => vec![],
    };
    // The item under way: the last one marked, if it is still on the agenda.
    let marked = live_announcement::Entity::find()
        .filter(live_announcement::Column::MeetingId.eq(meeting_id))
        .filter(live_announcement::Column::Kind.eq("current"))
        .order_by_desc(live_announcement::Column::Id)
        .one(db)
        .await?;
    let current = marked.and_then(|a| a.item_id).and_then(|id| items.iter().position(|i| i.id == id));
    let (now_item, next) = match current {
        Some(p) => (Some(items[p].clone()), items.iter().skip(p + 1).take(3).cloned().collect()),
        None => {
            let (today, minute) = (local.date_naive(), (local.time().num_seconds_from_midnight() / 60) as i32);
            let at = items.iter().position(|i| i.day == today && i.start.minutes() <= minute && minute < i.end.minutes());
            let upcoming = items.iter().filter(|i| (i.day, i.start.minutes()) > (today, minute)).take(3).cloned().collect();
            (at.map(|p| items[p].clone()), upcoming)
        }
    };
    let can_control = viewer.is_some_and(CurrentUser::is_secretariat);
    Ok(LiveView {
        meeting: header(&m),
        now: now_item,
        next,
        announcements: latest_announcements(db, &m, 10).await?,
        items: if can_control { items } else { vec![] },
        can_control,
        revision: latest.map(|r| r.number),
        as_of: local.format("%H:%M").to_string(),
    })
}

/// The latest announcements (delays, rooms, notes), newest first, for the agenda page (what the
/// page shows depends on the data only, so the kept copy of the page stays right).
pub async fn latest_announcements(
    db: &impl ConnectionTrait,
    m: &crate::ssr::entities::meeting::Model,
    limit: u64,
) -> ServiceResult<Vec<Announcement>> {
    let tz: chrono_tz::Tz = m.timezone.parse().unwrap_or(chrono_tz::UTC);
    Ok(live_announcement::Entity::find()
        .filter(live_announcement::Column::MeetingId.eq(m.id))
        .filter(live_announcement::Column::Kind.ne("current"))
        .order_by_desc(live_announcement::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|a| announcement(a, tz))
        .collect())
}
