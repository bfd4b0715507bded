//! What waits for the signed-in person, read from the features that own it.

use super::types::{WorkItem, WorkKind};
use crate::domain::{CurrentUser, MeetingStatus, MinutesStatus, RegistrationStatus, ReportState, Role};
use crate::features::registration::service as registration;
use crate::features::reports::service as reports;
use crate::ssr::entities::{meeting, minutes, minutes_comment, minutes_section, registration as registration_row, reporting_cycle};
use crate::ssr::error::ServiceResult;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// Meetings whose work is not over: announced or open or closed for registration, or held and
/// still within a few weeks (their minutes and reports), newest first.
async fn live_meetings(db: &impl ConnectionTrait, today: chrono::NaiveDate) -> ServiceResult<Vec<meeting::Model>> {
    Ok(meeting::Entity::find()
        .filter(meeting::Column::Status.ne(MeetingStatus::Draft))
        .filter(meeting::Column::EndDate.gte(today - chrono::Duration::days(120)))
        .order_by_asc(meeting::Column::StartDate)
        .all(db)
        .await?)
}

fn registering(m: &meeting::Model) -> bool {
    matches!(m.status, MeetingStatus::Announced | MeetingStatus::RegistrationOpen | MeetingStatus::RegistrationClosed)
}

/// The work list of `user`, most pressing kinds first.
pub async fn work(db: &impl ConnectionTrait, user: &CurrentUser, now: DateTime<Utc>) -> ServiceResult<Vec<WorkItem>> {
    let today = now.date_naive();
    let meetings = live_meetings(db, today).await?;
    let mut out = vec![];
    let item = |kind, context: &str, count: usize, until, link: String| WorkItem { kind, context: context.to_string(), count, until, link };

    if user.is_secretariat() {
        for m in meetings.iter().filter(|m| registering(m)) {
            let pending = registration_row::Entity::find()
                .filter(registration_row::Column::MeetingId.eq(m.id))
                .filter(registration_row::Column::Status.eq(RegistrationStatus::Pending))
                .count(db)
                .await? as usize;
            if pending > 0 {
                out.push(item(WorkKind::RegistrationsToDecide, &m.title, pending, None, format!("/meetings/{}/registrations", m.id)));
            }
        }
    }
    // Reports: the secretariat reviews, a focal point reports.
    if user.is_secretariat() || user.role == Role::FocalPoint {
        let cycles = reporting_cycle::Entity::find()
            .filter(reporting_cycle::Column::ClosedAt.is_null())
            .filter(reporting_cycle::Column::OpensOn.lte(today))
            .order_by_asc(reporting_cycle::Column::DueOn)
            .all(db)
            .await?;
        for c in cycles {
            let Ok(page) = reports::cycle_page(db, Some(user), c.id, user.locale, now).await else { continue };
            let context = format!("{} \u{2014} {}", page.meeting_title, c.title);
            if user.is_secretariat() {
                let n = page.due.iter().filter(|d| d.awaiting_review.is_some()).count();
                if n > 0 {
                    out.push(item(WorkKind::ReportsToReview, &context, n, None, format!("/cycles/{}", c.id)));
                }
            } else {
                let n =
                    page.due.iter().filter(|d| matches!(d.state, None | Some(ReportState::Draft) | Some(ReportState::Returned))).count();
                if n > 0 {
                    out.push(item(WorkKind::ReportsDue, &context, n, Some(c.due_on), format!("/cycles/{}", c.id)));
                }
            }
        }
    }
    if user.is_secretariat() {
        for m in meetings.iter().filter(|m| registering(m)) {
            let n = registration::notes_missing(db, m.id).await?;
            if n > 0 {
                out.push(item(WorkKind::NotesVerbalesMissing, &m.title, n, None, format!("/meetings/{}/delegation", m.id)));
            }
        }
    }
    if let (Role::FocalPoint, Some(country)) = (user.role, user.country) {
        for m in meetings.iter().filter(|m| registering(m)) {
            let (no_head, to_confirm, no_note) = registration::delegation_gaps(db, m.id, country).await?;
            let link = format!("/meetings/{}/delegation", m.id);
            if to_confirm > 0 {
                out.push(item(WorkKind::MembersToConfirm, &m.title, to_confirm, None, link.clone()));
            }
            if no_head {
                out.push(item(WorkKind::HeadMissing, &m.title, 1, None, link.clone()));
            }
            if no_note {
                out.push(item(WorkKind::NoteVerbaleMissing, &m.title, 1, None, link));
            }
        }
    }
    // Circulated minutes: the secretariat reads the comments, heads of delegation write them.
    for m in &meetings {
        let Some(mins) = minutes::Entity::find().filter(minutes::Column::MeetingId.eq(m.id)).one(db).await? else { continue };
        if mins.status != MinutesStatus::Circulated {
            continue;
        }
        let link = format!("/meetings/{}/minutes", m.id);
        if user.is_secretariat() {
            let sections: Vec<i32> = minutes_section::Entity::find()
                .filter(minutes_section::Column::MinutesId.eq(mins.id))
                .all(db)
                .await?
                .into_iter()
                .map(|s| s.id)
                .collect();
            let n = minutes_comment::Entity::find().filter(minutes_comment::Column::SectionId.is_in(sections)).count(db).await? as usize;
            if n > 0 {
                out.push(item(WorkKind::MinutesComments, &m.title, n, mins.comments_close_on, link));
            }
        } else if mins.comments_close_on.is_none_or(|d| d >= today) && crate::ssr::access::is_head_of_delegation(db, user, m.id).await? {
            out.push(item(WorkKind::MinutesToComment, &m.title, 1, mins.comments_close_on, link));
        }
    }
    Ok(out)
}
