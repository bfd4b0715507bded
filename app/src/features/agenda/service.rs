//! Agenda business logic: the working copy, validation, reordering and publishing revisions
//! (their changelog comes from [`super::diff`]).

use super::diff::diff;
use super::types::{
    AgendaDay, AgendaItem, AgendaPageData, AgendaSession, AgendaSnapshot, Change, EditorData, ItemForm, MeetingHeader, PublishForm,
    RevisionList, RevisionSummary, RevisionView, SessionForm,
};
use crate::domain::timezone_label;
use crate::domain::{
    optional_text, parse_date, parse_id, required_text, ClockTime, ErrorCode, FieldError, FieldErrors, ItemKind, Markdown, PersonList,
    PersonRef,
};
use crate::domain::{CurrentUser, Shared};
use crate::ssr::access::find_visible;
use crate::ssr::audit::{self, Entry};
use crate::ssr::entities::{agenda_item, agenda_revision, agenda_session, meeting};
use crate::ssr::error::{ServiceError, ServiceResult};
use crate::ssr::markdown;
use crate::ssr::memo::Frozen;
use crate::ssr::write::{claim_version, delete_at_version, on_unique_violation};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use std::collections::HashMap;

pub(super) fn header(m: &meeting::Model) -> MeetingHeader {
    MeetingHeader {
        id: m.id,
        title: m.title.clone(),
        venue: m.venue.clone(),
        city: m.city.clone(),
        timezone: m.timezone.clone(),
        timezone_label: timezone_label(&m.timezone, m.start_date),
        start_date: m.start_date,
        end_date: m.end_date,
        status: m.status,
        source_lang: crate::features::translations::service::source_lang(m),
        original_lang: None,
    }
}

fn person(raw: &str) -> Option<PersonRef> {
    PersonRef::parse("chair", raw).ok()
}

fn to_item(i: &agenda_item::Model) -> AgendaItem {
    AgendaItem {
        id: i.id,
        kind: i.kind,
        start: ClockTime::from_minutes(i.start_minute).unwrap_or(ClockTime::from_minutes(0).expect("0 is a valid time")),
        end: ClockTime::from_minutes(i.end_minute).unwrap_or(ClockTime::from_minutes(0).expect("0 is a valid time")),
        title: i.title.clone(),
        description_md: i.description_md.clone(),
        description_html: i.description_html.clone(),
        room: i.room.clone(),
        chair: person(&i.chair),
        speakers: serde_json::from_str::<Vec<PersonRef>>(&i.speakers).unwrap_or_default(),
        version: i.version,
        original_lang: None,
        viewer_time: None,
    }
}

/// The working copy of a meeting's agenda, in display order, with two queries in all.
pub async fn load_working(db: &impl ConnectionTrait, meeting_id: i32) -> ServiceResult<AgendaSnapshot> {
    let sessions = agenda_session::Entity::find()
        .filter(agenda_session::Column::MeetingId.eq(meeting_id))
        .order_by_asc(agenda_session::Column::Day)
        .order_by_asc(agenda_session::Column::Position)
        .order_by_asc(agenda_session::Column::Id)
        .all(db)
        .await?;
    let items = agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(meeting_id))
        .order_by_asc(agenda_item::Column::StartMinute)
        .order_by_asc(agenda_item::Column::Id)
        .all(db)
        .await?;
    let mut by_session: HashMap<i32, Vec<AgendaItem>> = HashMap::new();
    for i in &items {
        by_session.entry(i.session_id).or_default().push(to_item(i));
    }
    let mut days: Vec<AgendaDay> = Vec::new();
    for s in sessions {
        let session = AgendaSession {
            id: s.id,
            title: s.title,
            room: s.room,
            chair: person(&s.chair),
            version: s.version,
            items: by_session.remove(&s.id).unwrap_or_default(),
            original_lang: None,
        };
        match days.last_mut() {
            Some(d) if d.date == s.day => d.sessions.push(session),
            _ => days.push(AgendaDay { date: s.day, sessions: vec![session] }),
        }
    }
    Ok(AgendaSnapshot { days })
}

pub async fn latest_revision(db: &impl ConnectionTrait, meeting_id: i32) -> ServiceResult<Option<agenda_revision::Model>> {
    Ok(agenda_revision::latest(db, meeting_id).await?)
}

/// The meeting, if the viewer may see it ([`find_visible`]), and its latest published revision
/// ([`latest_revision`]), read in one statement (the meeting left-joined with its revisions,
/// the highest number first): each statement is a round trip to the database (on SQLite, to
/// the connection's thread and back, and again when the connection goes back to the pool).
pub(crate) async fn visible_with_latest(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
) -> ServiceResult<(meeting::Model, Option<agenda_revision::Model>)> {
    visible_with_latest_as(db, viewer, meeting_id, true).await
}

/// [`visible_with_latest`]; without `texts`, the revision's snapshot and changelog (the two long
/// texts, about 50 KB for the 60-item agenda) are not read but left empty ([`page_view`] reads
/// them only for a revision it does not keep yet).
async fn visible_with_latest_as(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    texts: bool,
) -> ServiceResult<(meeting::Model, Option<agenda_revision::Model>)> {
    use sea_orm::{JoinType, QuerySelect, QueryTrait, RelationTrait};
    let mut query = meeting::Entity::find_by_id(meeting_id)
        .select_also(agenda_revision::Entity)
        .join(JoinType::LeftJoin, agenda_revision::Relation::Meeting.def().rev())
        .order_by_desc(agenda_revision::Column::Number);
    if !texts {
        // The joined entity's columns are selected as `B_<column>` (sea-orm's `SelectB`).
        QueryTrait::query(&mut query).exprs_mut_for_each(|e| {
            if e.alias.as_ref().is_some_and(|a| matches!(&*a.inner(), "B_snapshot" | "B_changelog")) {
                e.expr = Expr::val("");
            }
        });
    }
    let (m, latest) = query.one(db).await?.ok_or(ServiceError::NotFound)?;
    Ok((crate::ssr::access::visible(m, viewer)?, latest))
}

pub fn snapshot_of(r: &agenda_revision::Model) -> ServiceResult<AgendaSnapshot> {
    r.agenda()
}

fn revision_view(r: &agenda_revision::Model) -> ServiceResult<RevisionView> {
    Ok(RevisionView {
        number: r.number,
        published_at: r.published_at,
        note: r.note.clone(),
        changes: Shared::new(
            serde_json::from_str(&r.changelog).map_err(|e| ServiceError::Internal(format!("revision {} changelog: {e}", r.id)))?,
        ),
        agenda: Shared::new(snapshot_of(r)?),
        html: Default::default(),
    })
}

/// A published revision as the agenda page reads it: [`revision_view`], read from the row once
/// and then shared from `frozen` (a published revision is never changed and its id never used
/// again, see [`Frozen`]): every later reader gets the same snapshot, changelog and agenda HTML
/// ([`super::types::AgendaHtml`]) for the cost of a reference count. (The items' Markdown sources
/// stay: the translation step matches translations to them.) `r` may come without its texts
/// ([`visible_with_latest_as`]): they are then read here, by id, when the revision is not kept.
async fn page_view(db: &impl ConnectionTrait, frozen: &Frozen, r: &agenda_revision::Model) -> ServiceResult<RevisionView> {
    // The id names the row; the meeting, number and time tell it from any row that could ever
    // take the id (a database restored under another server's store).
    let key = format!("agenda-revision\u{0}{}\u{0}{}\u{0}{}\u{0}{}", r.id, r.meeting_id, r.number, r.published_at.timestamp_micros());
    if let Some(kept) = frozen.get::<RevisionView>(&key) {
        return Ok((*kept).clone());
    }
    let whole;
    let r = if r.snapshot.is_empty() {
        whole = agenda_revision::Entity::find_by_id(r.id).one(db).await?.ok_or(ServiceError::NotFound)?;
        &whole
    } else {
        r
    };
    let mut v = revision_view(r)?;
    v.html = super::types::AgendaHtml::of(&v.agenda);
    frozen.put(key, std::sync::Arc::new(v.clone()));
    Ok(v)
}

async fn meeting_for_edit(db: &impl ConnectionTrait, meeting_id: i32) -> ServiceResult<meeting::Model> {
    meeting::Entity::find_by_id(meeting_id).one(db).await?.ok_or(ServiceError::NotFound)
}

/// The editor's data (secretariat).
pub async fn editor(db: &impl ConnectionTrait, actor: &CurrentUser, meeting_id: i32) -> ServiceResult<EditorData> {
    crate::ssr::access::require_secretariat(actor)?;
    let m = meeting_for_edit(db, meeting_id).await?;
    let draft = load_working(db, meeting_id).await?;
    let latest = latest_revision(db, meeting_id).await?;
    let base = match &latest {
        Some(r) => snapshot_of(r)?,
        None => AgendaSnapshot::default(),
    };
    Ok(EditorData { meeting: header(&m), pending: diff(&base, &draft), latest: latest.map(|r| r.number), draft })
}

/// One venue clock time of a day in another zone: `HH:MM`, with `(+1)`/`(-1)` when the date
/// differs from the venue's.
fn in_zone(venue: chrono_tz::Tz, viewer: chrono_tz::Tz, day: chrono::NaiveDate, t: ClockTime) -> Option<(String, i64)> {
    use chrono::TimeZone;
    let local = day.and_hms_opt(t.hour(), t.minute(), 0)?;
    let at = venue.from_local_datetime(&local).earliest()?;
    let there = at.with_timezone(&viewer);
    let shift = (there.date_naive() - day).num_days();
    Some((there.format("%H:%M").to_string(), shift))
}

/// Adds each item's times in the reader's zone, when that zone's clock differs from the
/// venue's; `viewer_tz` is set only then.
pub fn add_viewer_times(d: &mut AgendaPageData, viewer: chrono_tz::Tz) {
    use chrono::{Offset, TimeZone};
    let Ok(venue) = d.meeting.timezone.parse::<chrono_tz::Tz>() else { return };
    let Some(r) = d.revision.as_mut() else { return };
    let same = |date: &chrono::NaiveDate| venue.offset_from_utc_date(date).fix() == viewer.offset_from_utc_date(date).fix();
    // The shared agenda is copied only for a reader whose clock differs from the venue's.
    if r.agenda.days.iter().all(|day| same(&day.date)) {
        return;
    }
    let mut any = false;
    for day in r.agenda.make_mut().days.iter_mut() {
        if same(&day.date) {
            continue;
        }
        for item in day.sessions.iter_mut().flat_map(|s| s.items.iter_mut()) {
            if let (Some((a, sa)), Some((b, sb))) =
                (in_zone(venue, viewer, day.date, item.start), in_zone(venue, viewer, day.date, item.end))
            {
                let mark = |n: i64| if n == 0 { String::new() } else { format!(" ({n:+})") };
                item.viewer_time =
                    Some(if sa == sb { format!("{a}\u{2013}{b}{}", mark(sa)) } else { format!("{a}{}\u{2013}{b}{}", mark(sa), mark(sb)) });
                any = true;
            }
        }
    }
    if any {
        d.viewer_tz = Some(viewer.name().to_string());
    }
}

/// A published revision (the latest when `number` is None) of a meeting the viewer may see.
pub async fn published(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    number: Option<i32>,
) -> ServiceResult<AgendaPageData> {
    published_as(db, viewer, meeting_id, number, None).await
}

/// [`published`] as the agenda page reads it: each revision parsed from its row once and then
/// shared ([`page_view`]). With a pool connection only, never a transaction (see [`Frozen`]).
pub async fn published_page(
    db: &DatabaseConnection,
    frozen: &Frozen,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    number: Option<i32>,
) -> ServiceResult<AgendaPageData> {
    published_as(db, viewer, meeting_id, number, Some(frozen)).await
}

/// [`published`], each revision read with [`page_view`] when `frozen` is given, else
/// [`revision_view`].
async fn published_as(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    number: Option<i32>,
    frozen: Option<&Frozen>,
) -> ServiceResult<AgendaPageData> {
    let view = async |r: &agenda_revision::Model| match frozen {
        Some(frozen) => page_view(db, frozen, r).await,
        None => revision_view(r),
    };
    let (m, latest) = visible_with_latest_as(db, viewer, meeting_id, frozen.is_none()).await?;
    let revision = match (number, &latest) {
        (Some(n), Some(l)) if n != l.number => {
            let r = agenda_revision::Entity::find()
                .filter(agenda_revision::Column::MeetingId.eq(meeting_id))
                .filter(agenda_revision::Column::Number.eq(n))
                .one(db)
                .await?
                .ok_or(ServiceError::NotFound)?;
            Some(view(&r).await?)
        }
        (Some(_), None) => return Err(ServiceError::NotFound),
        (_, Some(l)) => Some(view(l).await?),
        (None, None) => None,
    };
    Ok(AgendaPageData {
        meeting: header(&m),
        revision,
        latest: latest.map(|l| l.number),
        can_edit: viewer.is_some_and(CurrentUser::is_secretariat),
        viewer_tz: None,
        announcements: super::live::latest_announcements(db, &m, 5).await?,
    })
}

pub async fn revisions(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, meeting_id: i32) -> ServiceResult<RevisionList> {
    let m = find_visible(db, viewer, meeting_id).await?;
    let rows = agenda_revision::Entity::find()
        .filter(agenda_revision::Column::MeetingId.eq(meeting_id))
        .order_by_desc(agenda_revision::Column::Number)
        .all(db)
        .await?;
    let revisions = rows
        .iter()
        .map(|r| {
            let changes: Vec<Change> = serde_json::from_str(&r.changelog).unwrap_or_default();
            RevisionSummary { number: r.number, published_at: r.published_at, note: r.note.clone(), change_count: changes.len() }
        })
        .collect();
    Ok(RevisionList { meeting: header(&m), revisions })
}

fn parse_version(raw: &str) -> ServiceResult<i32> {
    raw.trim().parse().map_err(|_| ServiceError::Validation(FieldError::new("version", ErrorCode::Required).into()))
}

fn conflict(what: &str, id: i32) -> ServiceError {
    ServiceError::Conflict(format!("{what} {id} was changed by someone else"))
}

fn chair_text(p: Option<PersonRef>) -> String {
    p.map(|p| PersonList(vec![p]).to_lines()).unwrap_or_default()
}

fn parse_chair(raw: &str) -> Result<Option<PersonRef>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        PersonRef::parse("chair", raw).map(Some)
    }
}

/// Creates a session (empty `id`) or updates one.
pub async fn save_session(db: &DatabaseConnection, actor: &CurrentUser, form: &SessionForm) -> ServiceResult<i32> {
    crate::ssr::access::require_secretariat(actor)?;
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let mut e = FieldErrors::new();
    let day = e.take(parse_date("day", &form.day));
    let title = e.take(required_text("title", &form.title, 200));
    let room = e.take(optional_text("room", &form.room, 100));
    let chair = e.take(parse_chair(&form.chair));
    let txn = crate::ssr::write_txn(db).await?;
    let m = meeting_for_edit(&txn, meeting_id).await?;
    if let Some(d) = day {
        if d < m.start_date || d > m.end_date {
            e.push("day", ErrorCode::OutsideMeetingDates);
        }
    }
    e.clone().finish()?;
    let (Some(day), Some(title), Some(room), Some(chair)) = (day, title, room, chair) else {
        return Err(e.into());
    };
    let chair = chair_text(chair);
    let id = if form.id.trim().is_empty() {
        let position = next_position(&txn, meeting_id, day).await?;
        let s = agenda_session::ActiveModel {
            meeting_id: Set(meeting_id),
            day: Set(day),
            position: Set(position),
            title: Set(title.clone()),
            room: Set(room),
            chair: Set(chair),
            version: Set(1),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            Some(actor),
            Entry {
                action: "agenda_session.create",
                entity: "agenda_session",
                entity_id: Some(s.id),
                summary: format!("Added session \u{201c}{title}\u{201d} on {day}"),
                detail: json!({ "meeting_id": meeting_id, "day": day.to_string() }),
            },
        )
        .await?;
        s.id
    } else {
        let id = parse_id(&form.id).ok_or(ServiceError::NotFound)?;
        let version = parse_version(&form.version)?;
        let before =
            agenda_session::Entity::find_by_id(id).one(&txn).await?.filter(|s| s.meeting_id == meeting_id).ok_or(ServiceError::NotFound)?;
        let position = if before.day == day { before.position } else { next_position(&txn, meeting_id, day).await? };
        let update = agenda_session::Entity::update_many()
            .col_expr(agenda_session::Column::Day, Expr::value(day))
            .col_expr(agenda_session::Column::Position, Expr::value(position))
            .col_expr(agenda_session::Column::Title, Expr::value(title.clone()))
            .col_expr(agenda_session::Column::Room, Expr::value(room.clone()))
            .col_expr(agenda_session::Column::Chair, Expr::value(chair.clone()))
            .filter(agenda_session::Column::Id.eq(id));
        claim_version(&txn, update, agenda_session::Column::Version, version, format!("session {id}")).await?;
        let detail = crate::ssr::audit::json_diff(
            &json!({ "day": before.day.to_string(), "title": before.title, "room": before.room, "chair": before.chair }),
            &json!({ "day": day.to_string(), "title": title, "room": room, "chair": chair }),
        );
        audit::record(
            &txn,
            Some(actor),
            Entry {
                action: "agenda_session.update",
                entity: "agenda_session",
                entity_id: Some(id),
                summary: format!("Updated session \u{201c}{title}\u{201d}"),
                detail,
            },
        )
        .await?;
        id
    };
    txn.commit().await?;
    Ok(id)
}

async fn next_position(db: &DatabaseTransaction, meeting_id: i32, day: chrono::NaiveDate) -> ServiceResult<i32> {
    let last = agenda_session::Entity::find()
        .filter(agenda_session::Column::MeetingId.eq(meeting_id))
        .filter(agenda_session::Column::Day.eq(day))
        .order_by_desc(agenda_session::Column::Position)
        .one(db)
        .await?;
    Ok(last.map(|s| s.position + 1).unwrap_or(1))
}

/// Deletes a session and its items, if nobody changed the session meanwhile.
pub async fn delete_session(db: &DatabaseConnection, actor: &CurrentUser, id: i32, version: &str) -> ServiceResult<i32> {
    crate::ssr::access::require_secretariat(actor)?;
    let version = parse_version(version)?;
    let txn = crate::ssr::write_txn(db).await?;
    let s = agenda_session::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if s.version != version {
        return Err(conflict("session", id));
    }
    let items = agenda_item::Entity::delete_many().filter(agenda_item::Column::SessionId.eq(id)).exec(&txn).await?;
    let delete = agenda_session::Entity::delete_many().filter(agenda_session::Column::Id.eq(id));
    delete_at_version(&txn, delete, agenda_session::Column::Version, version, format!("session {id}")).await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "agenda_session.delete",
            entity: "agenda_session",
            entity_id: Some(id),
            summary: format!("Deleted session \u{201c}{}\u{201d} and its {} item(s)", s.title, items.rows_affected),
            detail: json!({ "meeting_id": s.meeting_id, "day": s.day.to_string(), "title": s.title }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(s.meeting_id)
}

/// Swaps a session with its neighbour on the same day.
pub async fn move_session(db: &DatabaseConnection, actor: &CurrentUser, id: i32, up: bool) -> ServiceResult<i32> {
    crate::ssr::access::require_secretariat(actor)?;
    let txn = crate::ssr::write_txn(db).await?;
    let s = agenda_session::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let siblings = agenda_session::Entity::find()
        .filter(agenda_session::Column::MeetingId.eq(s.meeting_id))
        .filter(agenda_session::Column::Day.eq(s.day))
        .order_by_asc(agenda_session::Column::Position)
        .order_by_asc(agenda_session::Column::Id)
        .all(&txn)
        .await?;
    let idx = siblings.iter().position(|x| x.id == id).ok_or(ServiceError::NotFound)?;
    let other = if up { idx.checked_sub(1) } else { Some(idx + 1) };
    let Some(other) = other.and_then(|o| siblings.get(o)) else {
        txn.commit().await?;
        return Ok(s.meeting_id);
    };
    // Renumber the day so positions are distinct, with the two swapped.
    let mut order: Vec<i32> = siblings.iter().map(|x| x.id).collect();
    let oi = order.iter().position(|x| *x == other.id).ok_or(ServiceError::NotFound)?;
    order.swap(idx, oi);
    for (pos, sid) in order.iter().enumerate() {
        let version = siblings.iter().find(|x| x.id == *sid).map(|x| x.version).unwrap_or_default();
        agenda_session::Entity::update_many()
            .col_expr(agenda_session::Column::Position, Expr::value(pos as i32 + 1))
            .col_expr(agenda_session::Column::Version, Expr::value(version + 1))
            .filter(agenda_session::Column::Id.eq(*sid))
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "agenda_session.move",
            entity: "agenda_session",
            entity_id: Some(id),
            summary: format!("Moved session \u{201c}{}\u{201d} {}", s.title, if up { "up" } else { "down" }),
            detail: json!({ "meeting_id": s.meeting_id }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(s.meeting_id)
}

#[derive(Debug)]
struct ValidItem {
    session_id: i32,
    kind: ItemKind,
    start: ClockTime,
    end: ClockTime,
    title: String,
    description: Markdown,
    room: String,
    chair: Option<PersonRef>,
    speakers: PersonList,
}

fn parse_item(form: &ItemForm) -> Result<ValidItem, FieldErrors> {
    let mut e = FieldErrors::new();
    let session_id = parse_id(&form.session_id);
    if session_id.is_none() {
        e.push("session_id", if form.session_id.trim().is_empty() { ErrorCode::Required } else { ErrorCode::InvalidChoice });
    }
    let kind = e.take(ItemKind::parse("kind", if form.kind.trim().is_empty() { "item" } else { &form.kind }));
    let start = e.take(ClockTime::parse("start", &form.start));
    let end = e.take(ClockTime::parse("end", &form.end));
    if let (Some(s), Some(en)) = (start, end) {
        if en <= s {
            e.push("end", ErrorCode::EndBeforeStart);
        }
    }
    let title = e.take(required_text("title", &form.title, 300));
    let description = e.take(Markdown::parse("description", &form.description));
    let room = e.take(optional_text("room", &form.room, 100));
    let chair = e.take(parse_chair(&form.chair));
    let speakers = e.take(PersonList::parse("speakers", &form.speakers));
    e.clone().finish()?;
    match (session_id, kind, start, end, title, description, room, chair, speakers) {
        (Some(session_id), Some(kind), Some(start), Some(end), Some(title), Some(description), Some(room), Some(chair), Some(speakers)) => {
            Ok(ValidItem { session_id, kind, start, end, title, description, room, chair, speakers })
        }
        _ => Err(e),
    }
}

/// The first item of the session (other than `except`) that overlaps [start, end).
async fn overlapping(
    db: &DatabaseTransaction,
    session_id: i32,
    start: ClockTime,
    end: ClockTime,
    except: Option<i32>,
) -> ServiceResult<Option<agenda_item::Model>> {
    let mut q = agenda_item::Entity::find()
        .filter(agenda_item::Column::SessionId.eq(session_id))
        .filter(agenda_item::Column::StartMinute.lt(end.minutes()))
        .filter(agenda_item::Column::EndMinute.gt(start.minutes()));
    if let Some(id) = except {
        q = q.filter(agenda_item::Column::Id.ne(id));
    }
    Ok(q.order_by_asc(agenda_item::Column::StartMinute).one(db).await?)
}

fn item_audit_view(i: &agenda_item::Model) -> serde_json::Value {
    json!({
        "session_id": i.session_id, "kind": i.kind, "start": i.start_minute, "end": i.end_minute, "title": i.title,
        "description": i.description_md, "room": i.room, "chair": i.chair, "speakers": i.speakers,
    })
}

/// Creates an item (empty `id`) or updates one, refusing overlaps within its session.
pub async fn save_item(db: &DatabaseConnection, actor: &CurrentUser, form: &ItemForm) -> ServiceResult<i32> {
    crate::ssr::access::require_secretariat(actor)?;
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let v = parse_item(form)?;
    let txn = crate::ssr::write_txn(db).await?;
    meeting_for_edit(&txn, meeting_id).await?;
    let session = agenda_session::Entity::find_by_id(v.session_id).one(&txn).await?.filter(|s| s.meeting_id == meeting_id);
    if session.is_none() {
        return Err(FieldError::new("session_id", ErrorCode::InvalidChoice).into());
    }
    let existing_id = if form.id.trim().is_empty() { None } else { Some(parse_id(&form.id).ok_or(ServiceError::NotFound)?) };
    if let Some(other) = overlapping(&txn, v.session_id, v.start, v.end, existing_id).await? {
        return Err(FieldError::new("start", ErrorCode::Overlap { with: other.title }).into());
    }
    let speakers = to_json(&v.speakers.0)?;
    let mut am = agenda_item::ActiveModel {
        meeting_id: Set(meeting_id),
        session_id: Set(v.session_id),
        kind: Set(v.kind),
        start_minute: Set(v.start.minutes()),
        end_minute: Set(v.end.minutes()),
        title: Set(v.title.clone()),
        description_md: Set(v.description.as_str().into()),
        description_html: Set(markdown::render(v.description.as_str())),
        room: Set(v.room.clone()),
        chair: Set(chair_text(v.chair.clone())),
        speakers: Set(speakers),
        ..Default::default()
    };
    let id = match existing_id {
        None => {
            am.version = Set(1);
            let item = am.insert(&txn).await?;
            audit::record(
                &txn,
                Some(actor),
                Entry {
                    action: "agenda_item.create",
                    entity: "agenda_item",
                    entity_id: Some(item.id),
                    summary: format!("Added agenda item \u{201c}{}\u{201d}", item.title),
                    detail: item_audit_view(&item),
                },
            )
            .await?;
            item.id
        }
        Some(id) => {
            let version = parse_version(&form.version)?;
            let before = agenda_item::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .filter(|i| i.meeting_id == meeting_id)
                .ok_or(ServiceError::NotFound)?;
            let update = agenda_item::Entity::update_many().set(am).filter(agenda_item::Column::Id.eq(id));
            claim_version(&txn, update, agenda_item::Column::Version, version, format!("agenda item {id}")).await?;
            let after = agenda_item::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
            audit::record(
                &txn,
                Some(actor),
                Entry {
                    action: "agenda_item.update",
                    entity: "agenda_item",
                    entity_id: Some(id),
                    summary: format!("Updated agenda item \u{201c}{}\u{201d}", after.title),
                    detail: crate::ssr::audit::json_diff(&item_audit_view(&before), &item_audit_view(&after)),
                },
            )
            .await?;
            id
        }
    };
    txn.commit().await?;
    Ok(id)
}

pub async fn delete_item(db: &DatabaseConnection, actor: &CurrentUser, id: i32, version: &str) -> ServiceResult<i32> {
    crate::ssr::access::require_secretariat(actor)?;
    let version = parse_version(version)?;
    let txn = crate::ssr::write_txn(db).await?;
    let item = agenda_item::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let delete = agenda_item::Entity::delete_many().filter(agenda_item::Column::Id.eq(id));
    delete_at_version(&txn, delete, agenda_item::Column::Version, version, format!("agenda item {id}")).await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "agenda_item.delete",
            entity: "agenda_item",
            entity_id: Some(id),
            summary: format!("Deleted agenda item \u{201c}{}\u{201d}", item.title),
            detail: item_audit_view(&item),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(item.meeting_id)
}

/// Swaps an item with its neighbour in the session: the two keep their durations and the gap
/// between them, and together occupy the same span as before.
pub async fn move_item(db: &DatabaseConnection, actor: &CurrentUser, id: i32, up: bool) -> ServiceResult<i32> {
    crate::ssr::access::require_secretariat(actor)?;
    let txn = crate::ssr::write_txn(db).await?;
    let item = agenda_item::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let siblings = agenda_item::Entity::find()
        .filter(agenda_item::Column::SessionId.eq(item.session_id))
        .order_by_asc(agenda_item::Column::StartMinute)
        .order_by_asc(agenda_item::Column::Id)
        .all(&txn)
        .await?;
    let idx = siblings.iter().position(|x| x.id == id).ok_or(ServiceError::NotFound)?;
    let pair = if up { idx.checked_sub(1).map(|o| (o, idx)) } else { (idx + 1 < siblings.len()).then_some((idx, idx + 1)) };
    let Some((first, second)) = pair else {
        txn.commit().await?;
        return Ok(item.meeting_id);
    };
    let (a, b) = (&siblings[first], &siblings[second]);
    let gap = (b.start_minute - a.end_minute).max(0);
    let b_start = a.start_minute;
    let b_end = b_start + (b.end_minute - b.start_minute);
    let a_start = b_end + gap;
    let a_end = a_start + (a.end_minute - a.start_minute);
    for (m, s, e) in [(b, b_start, b_end), (a, a_start, a_end)] {
        agenda_item::Entity::update_many()
            .col_expr(agenda_item::Column::StartMinute, Expr::value(s))
            .col_expr(agenda_item::Column::EndMinute, Expr::value(e))
            .col_expr(agenda_item::Column::Version, Expr::value(m.version + 1))
            .filter(agenda_item::Column::Id.eq(m.id))
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "agenda_item.move",
            entity: "agenda_item",
            entity_id: Some(id),
            summary: format!("Moved agenda item \u{201c}{}\u{201d} {}", item.title, if up { "up" } else { "down" }),
            detail: json!({ "swapped_with": if siblings[first].id == id { b.id } else { a.id } }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(item.meeting_id)
}

/// Publishes the working copy as the next numbered revision, with its changelog.
pub async fn publish(db: &DatabaseConnection, actor: &CurrentUser, form: &PublishForm) -> ServiceResult<i32> {
    crate::ssr::access::require_secretariat(actor)?;
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let note = optional_text("note", &form.note, 1000)?;
    let txn = crate::ssr::write_txn(db).await?;
    let m = meeting_for_edit(&txn, meeting_id).await?;
    let draft = load_working(&txn, meeting_id).await?;
    let latest = latest_revision(&txn, meeting_id).await?;
    let base = match &latest {
        Some(r) => snapshot_of(r)?,
        None => AgendaSnapshot::default(),
    };
    let changes = diff(&base, &draft);
    if latest.is_some() && changes.is_empty() {
        return Err(FieldError::new("note", ErrorCode::NothingToPublish).into());
    }
    let number = latest.map(|r| r.number + 1).unwrap_or(1);
    let rev = agenda_revision::ActiveModel {
        meeting_id: Set(meeting_id),
        number: Set(number),
        published_at: Set(Utc::now()),
        published_by: Set(Some(actor.id)),
        note: Set(note.clone()),
        snapshot: Set(to_json(&draft)?),
        changelog: Set(to_json(&changes)?),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        on_unique_violation(e, |_| {
            ServiceError::Conflict(format!("revision {number} of meeting {meeting_id} was published by someone else"))
        })
    })?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "agenda_revision.publish",
            entity: "agenda_revision",
            entity_id: Some(rev.id),
            summary: format!("Published agenda revision {number} of \u{201c}{}\u{201d} ({} change(s))", m.title, changes.len()),
            detail: json!({ "meeting_id": meeting_id, "number": number, "note": note, "items": draft.item_count() }),
        },
    )
    .await?;
    crate::features::search::service::index_meeting(&txn, meeting_id).await?;
    txn.commit().await?;
    Ok(number)
}

fn to_json<T: serde::Serialize>(v: &T) -> ServiceResult<String> {
    serde_json::to_string(v).map_err(|e| ServiceError::Internal(format!("serialise: {e}")))
}

/// What the calendar export needs: the meeting and its latest published revision.
pub async fn for_calendar(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
) -> ServiceResult<(meeting::Model, Option<RevisionView>)> {
    let (m, latest) = visible_with_latest(db, viewer, meeting_id).await?;
    Ok((m, latest.as_ref().map(revision_view).transpose()?))
}

/// Ensures the item/session belongs to a meeting that the caller may edit; returns its meeting.
pub async fn item_meeting(db: &impl ConnectionTrait, item_id: i32) -> ServiceResult<i32> {
    Ok(agenda_item::Entity::find_by_id(item_id).one(db).await?.ok_or(ServiceError::NotFound)?.meeting_id)
}

/// The meeting's agenda items (working copy) as (id, "Session — Item"), in agenda order.
pub async fn agenda_choices(db: &impl ConnectionTrait, meeting_id: i32) -> ServiceResult<Vec<(i32, String)>> {
    let sessions = agenda_session::Entity::find()
        .filter(agenda_session::Column::MeetingId.eq(meeting_id))
        .order_by_asc(agenda_session::Column::Day)
        .order_by_asc(agenda_session::Column::Position)
        .all(db)
        .await?;
    let items = agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(meeting_id))
        .order_by_asc(agenda_item::Column::StartMinute)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for s in &sessions {
        for i in items.iter().filter(|i| i.session_id == s.id) {
            out.push((i.id, format!("{} \u{2014} {}", s.title, i.title)));
        }
    }
    Ok(out)
}

/// Agenda item labels for a viewer: the working copy for the secretariat, the latest published
/// revision for everyone else (the working copy may hold what is not public yet).
pub async fn agenda_labels(db: &impl ConnectionTrait, secretariat: bool, meeting_id: i32) -> ServiceResult<Vec<(i32, String)>> {
    if secretariat {
        return agenda_choices(db, meeting_id).await;
    }
    let Some(rev) = latest_revision(db, meeting_id).await? else { return Ok(vec![]) };
    Ok(snapshot_of(&rev)?
        .days
        .iter()
        .flat_map(|d| d.sessions.iter().flat_map(|s| s.items.iter().map(move |i| (i.id, format!("{} \u{2014} {}", s.title, i.title)))))
        .collect())
}

/// The agenda page in the reader's language.
pub async fn localise_agenda(db: &impl ConnectionTrait, d: &mut AgendaPageData, lang: crate::domain::Lang) -> ServiceResult<()> {
    // In the meeting's own language every text is its source ([`Localiser`] would change
    // nothing), and the shared agenda is not copied.
    if lang == d.meeting.source_lang {
        return Ok(());
    }
    let l = crate::features::translations::service::Localiser::load(db, d.meeting.id, d.meeting.source_lang, lang).await?;
    let (title, orig) = l.text(crate::features::translations::service::MEETING, d.meeting.id, &d.meeting.title);
    d.meeting.title = title;
    d.meeting.original_lang = l.original(orig);
    if let Some(r) = d.revision.as_mut() {
        l.agenda(r.agenda.make_mut());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_form_reports_all_errors() {
        let f = ItemForm {
            session_id: "x".into(),
            start: "10:00".into(),
            end: "09:00".into(),
            speakers: "; nobody".into(),
            ..Default::default()
        };
        let errs = parse_item(&f).unwrap_err();
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["session_id", "end", "title", "speakers"]);
    }
}
