//! Reporting reminders: which reminder is due for a cycle, claimed once per reporter and kind, and
//! queued to the focal points (escalated to the secretariat on the due date).

use super::*;
use sea_orm::QuerySelect;

/// The reminder due today for a cycle: `open`, `d14` (two weeks before the due date), `d3`
/// (three days before) or `due` (on or after the due date, also escalated to the secretariat).
pub fn reminder_kind(opens_on: NaiveDate, due_on: NaiveDate, today: NaiveDate) -> Option<&'static str> {
    if today < opens_on {
        None
    } else if today >= due_on {
        Some("due")
    } else if today >= due_on - chrono::Duration::days(3) {
        Some("d3")
    } else if today >= due_on - chrono::Duration::days(14) {
        Some("d14")
    } else {
        Some("open")
    }
}

/// Claims one reminder (cycle, kind, reporter); false when it was already sent. Works under
/// concurrent workers: the unique index lets exactly one insert through.
pub(super) async fn claim_reminder(
    db: &impl ConnectionTrait,
    cycle_id: i32,
    kind: &str,
    reporter: &str,
    now: DateTime<Utc>,
) -> ServiceResult<bool> {
    use crate::ssr::entities::cycle_reminder;
    use sea_orm::sea_query::OnConflict;
    let n = cycle_reminder::Entity::insert(cycle_reminder::ActiveModel {
        cycle_id: Set(cycle_id),
        kind: Set(kind.into()),
        reporter: Set(reporter.into()),
        sent_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([cycle_reminder::Column::CycleId, cycle_reminder::Column::Kind, cycle_reminder::Column::Reporter])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(n == 1)
}

/// Queues the reminders of every open cycle (called by the worker once a minute): to each
/// focal point of a member state with missing reports when the cycle opens, two weeks and three
/// days before the due date and on it; on the due date the secretariat gets the list of missing
/// reports. Each reminder is sent once; when the worker first sees a cycle late (say, opened
/// three days before it is due), only the latest reminder goes and the earlier ones are
/// marked as passed. Returns the number of messages queued.
pub async fn queue_reminders(db: &DatabaseConnection, now: DateTime<Utc>, public_url: &str) -> ServiceResult<usize> {
    use crate::ssr::entities::{app_user, cycle_reminder};
    let cycles = reporting_cycle::Entity::find().filter(reporting_cycle::Column::ClosedAt.is_null()).all(db).await?;
    let mut queued = 0;
    for c in cycles {
        let Some(p) = plan::Entity::find_by_id(c.plan_id).one(db).await? else { continue };
        let Some(m) = meeting::Entity::find_by_id(p.meeting_id).one(db).await? else { continue };
        if p.status != PlanStatus::Adopted || m.status == crate::domain::MeetingStatus::Draft {
            continue;
        }
        let today = crate::domain::venue_today(&m.timezone, now);
        let Some(kind) = reminder_kind(c.opens_on, c.due_on, today) else { continue };
        let sent: Vec<(String, String)> = cycle_reminder::Entity::find()
            .filter(cycle_reminder::Column::CycleId.eq(c.id))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.kind, r.reporter))
            .collect();
        // Missing reports per reporter: due, and no version of it ever submitted or validated.
        let recs = cycle_recommendations(db, &c, m.id).await?;
        // Only the two columns it needs, of the reports that count: the whole rows of a large
        // cycle (3,200 reports, each with its narrative) took about 30 MiB every minute.
        let pairs: Vec<(i32, String)> = progress_report::Entity::find()
            .select_only()
            .column(progress_report::Column::RecommendationId)
            .column(progress_report::Column::Reporter)
            .distinct()
            .filter(progress_report::Column::CycleId.eq(c.id))
            .filter(progress_report::Column::State.is_in([ReportState::Submitted, ReportState::Validated]))
            .into_tuple::<(i32, String)>()
            .all(db)
            .await?;
        // Per reporter (its code as stored), the recommendations it has reported on.
        let mut is_in: HashMap<&str, std::collections::HashSet<i32>> = HashMap::new();
        for (recommendation, reporter) in &pairs {
            is_in.entry(reporter.as_str()).or_default().insert(*recommendation);
        }
        let mut missing: Vec<(Reporter, Vec<String>)> = Vec::new();
        let everyone =
            CountryCode::all().map(Reporter::State).chain(crate::domain::plan::REGIONAL_BODIES.iter().map(|(b, _)| Reporter::Body(b)));
        for country in everyone {
            let done = is_in.get(country.code());
            let codes: Vec<String> = recs
                .iter()
                .filter(|r| country.is_responsible(&States::from_db(&r.states), &r.bodies))
                .filter(|r| !done.is_some_and(|d| d.contains(&r.id)))
                .map(|r| r.code.clone())
                .collect();
            if !codes.is_empty() {
                missing.push((country, codes));
            }
        }
        let link = format!("{public_url}/cycles/{}", c.id);
        for (country, codes) in &missing {
            if sent.iter().any(|(k, r)| k == kind && r == country.code()) {
                continue;
            }
            let txn = crate::ssr::private_write_txn(db).await?;
            if !claim_reminder(&txn, c.id, kind, country.code(), now).await? {
                continue;
            }
            for earlier in ["open", "d14", "d3", "due"].iter().take_while(|k| **k != kind) {
                claim_reminder(&txn, c.id, earlier, country.code(), now).await?;
            }
            let focal_points = app_user::Entity::find()
                .filter(app_user::Column::Role.eq(Role::FocalPoint))
                .filter(match country {
                    Reporter::State(c) => app_user::Column::CountryCode.eq(c.code()),
                    Reporter::Body(b) => app_user::Column::BodyCode.eq(*b),
                })
                .filter(app_user::Column::Active.eq(true))
                .all(&txn)
                .await?;
            for u in focal_points {
                let lang = u.locale;
                let message = OutboxMessage::CycleReminder {
                    step: reminder_step(kind),
                    name: u.display_name.clone(),
                    meeting: m.title.clone(),
                    cycle: c.title.clone(),
                    due_on: c.due_on.to_string(),
                    country: country.name(lang).to_string(),
                    missing: codes.clone(),
                    link: link.clone(),
                };
                crate::ssr::outbox::enqueue(&txn, &u.email, lang, &message).await?;
                queued += 1;
            }
            txn.commit().await?;
        }
        if kind == "due" && !missing.is_empty() && !sent.iter().any(|(k, r)| k == "due" && r == "*") {
            let txn = crate::ssr::private_write_txn(db).await?;
            if claim_reminder(&txn, c.id, "due", "*", now).await? {
                let staff = app_user::Entity::find()
                    .filter(app_user::Column::Role.eq(Role::Secretariat))
                    .filter(app_user::Column::Active.eq(true))
                    .all(&txn)
                    .await?;
                for u in staff {
                    let lang = u.locale;
                    let countries = missing
                        .iter()
                        .map(|(country, codes)| MissingReports { country: country.name(lang).to_string(), missing: codes.len() })
                        .collect();
                    let message = OutboxMessage::CycleOverdue {
                        name: u.display_name.clone(),
                        meeting: m.title.clone(),
                        cycle: c.title.clone(),
                        due_on: c.due_on.to_string(),
                        countries,
                        link: link.clone(),
                    };
                    crate::ssr::outbox::enqueue(&txn, &u.email, lang, &message).await?;
                    queued += 1;
                }
            }
            txn.commit().await?;
        }
    }
    Ok(queued)
}

/// The reminder step of a claimed reminder kind (`open`, `d14`, `d3`, `due`).
pub(super) fn reminder_step(kind: &str) -> ReminderStep {
    match kind {
        "d14" => ReminderStep::D14,
        "d3" => ReminderStep::D3,
        "due" => ReminderStep::Due,
        _ => ReminderStep::Open,
    }
}
