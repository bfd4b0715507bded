//! The outbox worker: claims due messages with one `UPDATE … RETURNING` (so two server
//! instances never claim the same row), sends them, and marks each sent, or schedules a retry
//! with exponential backoff (failed for good after [`MAX_ATTEMPTS`]).

use super::{templates, MailerWithFrom};
use app::ssr::entities::outbox;
use app::ssr::outbox::{OutboxMessage, STATUS_FAILED, STATUS_PENDING, STATUS_SENDING, STATUS_SENT};
use chrono::{Duration, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

pub const MAX_ATTEMPTS: i32 = 10;
const BATCH: u64 = 20;

pub use crate::config::Timing;

/// Delay before attempt `attempts + 1`: `base` (30 s by default), doubling each time, capped at
/// one hour.
pub fn backoff(attempts: i32, base_ms: u64) -> Duration {
    let ms = (base_ms.min(3_600_000) as i64).saturating_mul(1i64 << attempts.clamp(0, 20));
    Duration::milliseconds(ms.min(3_600_000))
}

pub async fn run(db: DatabaseConnection, mailer: MailerWithFrom, timing: Timing, public_url: String) {
    let Timing { poll_ms, retry_base_ms, stale_claim } = timing;
    let instance = format!("{}-{}", std::process::id(), rand::random::<u32>());
    let mut next_reminder_check = std::time::Instant::now();
    loop {
        // Reminders before meetings: looked for once a minute.
        if std::time::Instant::now() >= next_reminder_check {
            next_reminder_check = std::time::Instant::now() + std::time::Duration::from_secs(60);
            match app::features::registration::service::queue_reminders(&db, Utc::now(), &public_url).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "outbox: queued meeting reminders"),
                Err(e) => tracing::error!(error = ?e, "outbox: could not queue reminders"),
            }
            match app::features::papers::service::queue_digests(&db, Utc::now(), &public_url).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "outbox: queued paper digests"),
                Err(e) => tracing::error!(error = ?e, "outbox: could not queue paper digests"),
            }
            if let Err(e) = app::ssr::limits::forget_old(&db, Utc::now()).await {
                tracing::error!(error = ?e, "could not forget old rate-limit events");
            }
            match app::features::registration::service::expire_unconfirmed(&db, Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "removed unconfirmed self-registrations older than 48 hours"),
                Err(e) => tracing::error!(error = ?e, "could not remove expired unconfirmed registrations"),
            }
            match app::features::reports::service::queue_reminders(&db, Utc::now(), &public_url).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "outbox: queued reporting reminders"),
                Err(e) => tracing::error!(error = ?e, "outbox: could not queue reporting reminders"),
            }
            match app::features::profiles::service::queue_reminders(&db, Utc::now(), &public_url).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "outbox: queued migration profile reminders"),
                Err(e) => tracing::error!(error = ?e, "outbox: could not queue migration profile reminders"),
            }
        }
        match process_due(&db, &mailer, &instance, &public_url, retry_base_ms, stale_claim).await {
            Ok(0) => tokio::time::sleep(std::time::Duration::from_millis(poll_ms)).await,
            Ok(n) => tracing::info!(count = n, "outbox: processed messages"),
            Err(e) => {
                tracing::error!(error = %e, "outbox: database error");
                tokio::time::sleep(std::time::Duration::from_millis(poll_ms)).await;
            }
        }
    }
}

/// Claims up to one batch of due messages and tries to send them. Returns how many were claimed.
pub async fn process_due(
    db: &DatabaseConnection,
    mailer: &MailerWithFrom,
    instance: &str,
    public_url: &str,
    retry_base_ms: u64,
    stale_claim: Duration,
) -> Result<usize, DbErr> {
    let now = Utc::now();
    // Give abandoned claims back.
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(STATUS_PENDING))
        .col_expr(outbox::Column::ClaimedBy, Expr::value(Option::<String>::None))
        .filter(outbox::Column::Status.eq(STATUS_SENDING))
        .filter(outbox::Column::ClaimedAt.lt(now - stale_claim))
        .exec(db)
        .await?;
    let due = Query::select()
        .column(outbox::Column::Id)
        .from(outbox::Entity)
        .and_where(outbox::Column::Status.eq(STATUS_PENDING))
        .and_where(outbox::Column::NextAttemptAt.lte(now))
        .order_by(outbox::Column::Id, sea_orm::Order::Asc)
        .limit(BATCH)
        .to_owned();
    let claimed = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(STATUS_SENDING))
        .col_expr(outbox::Column::ClaimedBy, Expr::value(instance))
        .col_expr(outbox::Column::ClaimedAt, Expr::value(now))
        .filter(outbox::Column::Id.in_subquery(due))
        .filter(outbox::Column::Status.eq(STATUS_PENDING))
        .exec_with_returning(db)
        .await?;
    let host = public_url.split("://").nth(1).unwrap_or("midsa").split(['/', ':']).next().unwrap_or("midsa").to_string();
    for msg in &claimed {
        // Renew the claim just before sending: the batch's later messages must not look
        // abandoned to another instance while earlier ones are slow to send. A claim already
        // taken back (this instance was too slow) is left to whoever has it now.
        let renewed = outbox::Entity::update_many()
            .col_expr(outbox::Column::ClaimedAt, Expr::value(Utc::now()))
            .filter(outbox::Column::Id.eq(msg.id))
            .filter(outbox::Column::ClaimedBy.eq(instance))
            .filter(outbox::Column::Status.eq(STATUS_SENDING))
            .exec(db)
            .await?;
        if renewed.rows_affected == 0 {
            continue;
        }
        let lang = msg.locale;
        // A row this version cannot read (written by a newer one, or damaged) fails without
        // being sent, with the reason in `last_error`.
        let message = OutboxMessage::from_stored(&msg.kind, &msg.payload);
        let result = match &message {
            Ok(message) => {
                let mut email = templates::render(message, &msg.recipient, lang);
                attach_calendar(db, message, public_url, &mut email).await;
                mailer.send(&email, &format!("<outbox-{}@{host}>", msg.id)).await
            }
            Err(e) => Err(format!("unreadable message: {e}")),
        };
        let attempts = msg.attempts + 1;
        let update = outbox::Entity::update_many().filter(outbox::Column::Id.eq(msg.id)).filter(outbox::Column::ClaimedBy.eq(instance));
        // A message that is done with (sent, or failed for good) keeps no secret: the one-time
        // links it carried are removed from the stored copy.
        let done = result.is_ok() || attempts >= MAX_ATTEMPTS;
        let update = match message.as_ref().ok().and_then(OutboxMessage::scrubbed) {
            Some(clean) if done => update.col_expr(outbox::Column::Payload, Expr::value(clean)),
            _ => update,
        };
        match result {
            Ok(()) => {
                update
                    .col_expr(outbox::Column::Status, Expr::value(STATUS_SENT))
                    .col_expr(outbox::Column::SentAt, Expr::value(Utc::now()))
                    .col_expr(outbox::Column::Attempts, Expr::value(attempts))
                    .exec(db)
                    .await?;
            }
            Err(e) => {
                tracing::warn!(id = msg.id, attempts, error = %e, "outbox: sending failed");
                let status = if attempts >= MAX_ATTEMPTS { STATUS_FAILED } else { STATUS_PENDING };
                update
                    .col_expr(outbox::Column::Status, Expr::value(status))
                    .col_expr(outbox::Column::Attempts, Expr::value(attempts))
                    .col_expr(outbox::Column::NextAttemptAt, Expr::value(Utc::now() + backoff(attempts, retry_base_ms)))
                    .col_expr(outbox::Column::LastError, Expr::value(e))
                    .exec(db)
                    .await?;
            }
        }
    }
    Ok(claimed.len())
}

/// An approval carries the meeting's calendar (its current agenda revision), built when the
/// message is sent.
async fn attach_calendar(db: &DatabaseConnection, message: &OutboxMessage, public_url: &str, email: &mut super::Email) {
    let OutboxMessage::RegistrationStatus { meeting, status, .. } = message else { return };
    if !status.carries_calendar() {
        return;
    }
    let id = meeting.meeting_id;
    match app::features::agenda::service::for_calendar(db, None, id).await {
        Ok((m, revision)) => {
            let ics = crate::ical::render(&m, revision.as_ref(), public_url, Utc::now());
            email.attachments.push((
                format!("midsa-meeting-{id}.ics"),
                "text/calendar; charset=utf-8; method=PUBLISH".into(),
                ics.into_bytes(),
            ));
        }
        Err(e) => tracing::warn!(meeting = id, error = %e, "outbox: no calendar to attach"),
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(0, 30_000).num_seconds(), 30);
        assert_eq!(backoff(1, 30_000).num_seconds(), 60);
        assert_eq!(backoff(3, 30_000).num_seconds(), 240);
        assert_eq!(backoff(9, 30_000).num_seconds(), 3600);
        assert_eq!(backoff(2, 100).num_milliseconds(), 400);
        assert_eq!(backoff(50, 30_000).num_seconds(), 3600);
    }
}
