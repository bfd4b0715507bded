//! The reminder to approved participants a few days before their meeting starts.

use super::*;

/// How many days before its first day a meeting's approved participants are reminded.
pub const REMINDER_DAYS: i64 = 3;

/// Queues the reminder for every approved registration of a meeting that starts within
/// [`REMINDER_DAYS`] (venue date), once per registration: each is claimed with a guarded UPDATE
/// (`reminder_sent_at IS NULL`) in the same transaction as its outbox row, so two server instances
/// never queue it twice. Returns how many were queued.
pub async fn queue_reminders(db: &DatabaseConnection, now: DateTime<Utc>, public_url: &str) -> ServiceResult<usize> {
    let upcoming = meeting::Entity::find()
        .filter(meeting::Column::Status.is_in([MeetingStatus::RegistrationOpen, MeetingStatus::RegistrationClosed]))
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
            .filter(registration::Column::Status.eq(RegistrationStatus::Approved))
            .filter(registration::Column::ReminderSentAt.is_null())
            .all(db)
            .await?;
        for r in due {
            let txn = crate::ssr::private_write_txn(db).await?;
            let claimed = registration::Entity::update_many()
                .col_expr(registration::Column::ReminderSentAt, Expr::value(now))
                .filter(registration::Column::Id.eq(r.id))
                .filter(registration::Column::ReminderSentAt.is_null())
                .exec(&txn)
                .await?;
            if claimed.rows_affected == 1 {
                let lang = r.locale;
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
