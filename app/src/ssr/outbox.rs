//! Email is never sent inside a request: the request enqueues a message here, in the same
//! transaction as the change that causes it, and the server's worker sends it.
//!
//! Every message is one variant of [`OutboxMessage`], with typed fields: the enqueue sites build
//! it, the worker reads it back, and the templates (`server/src/mail/templates.rs`) match on it
//! exhaustively, so a renamed or missing field is a compile error, not a blank in an email. It
//! is stored as JSON (its `message` tag is also the row's `kind`).

use super::entities::outbox;
use super::error::ServiceResult;
use crate::domain::Lang;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde::{Deserialize, Serialize};

pub const STATUS_PENDING: &str = "pending";
pub const STATUS_SENDING: &str = "sending";
pub const STATUS_SENT: &str = "sent";
pub const STATUS_FAILED: &str = "failed";

/// What a registration email says about its meeting.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingLine {
    pub meeting_id: i32,
    /// The title, in the recipient's language where there is a translation.
    pub meeting: String,
    pub city: String,
    pub venue: String,
    /// First and last day, `YYYY-MM-DD`.
    pub start: String,
    pub end: String,
}

/// Which registration email: the registration's new status, a reminder, or a promotion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusNotice {
    Pending,
    Approved,
    Waitlisted,
    Promoted,
    Rejected,
    Withdrawn,
    /// A few days before the meeting (with the current calendar).
    Reminder,
}

impl StatusNotice {
    /// The notice for a registration that now has `status`.
    pub fn of(status: crate::domain::RegistrationStatus) -> Option<Self> {
        use crate::domain::RegistrationStatus as S;
        match status {
            S::Pending => Some(Self::Pending),
            S::Approved => Some(Self::Approved),
            S::Waitlisted => Some(Self::Waitlisted),
            S::Rejected => Some(Self::Rejected),
            S::Withdrawn => Some(Self::Withdrawn),
            S::Unconfirmed => None,
        }
    }

    /// Emails that carry the meeting's calendar (the worker attaches it when sending).
    pub fn carries_calendar(self) -> bool {
        matches!(self, Self::Approved | Self::Reminder)
    }
}

/// One paper of the daily digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestPaper {
    pub title: String,
    pub meeting: String,
    pub link: String,
}

/// One member state (or body) with reports missing, for the secretariat's overdue email.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingReports {
    pub country: String,
    pub missing: usize,
}

/// When a focal point is reminded of missing progress reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderStep {
    /// The cycle has opened.
    Open,
    /// Two weeks before the due date.
    D14,
    /// Three days before.
    D3,
    /// On the due date.
    Due,
}

/// Every email the application sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "message", rename_all = "snake_case")]
pub enum OutboxMessage {
    /// An account made by the secretariat: a one-time link (7 days) to choose a password.
    Invite { name: String, role: String, inviter: String, link: String },
    /// "Forgot your password?": a one-time link (one hour).
    PasswordLink { name: String, link: String },
    /// A self-registration: confirm the email address.
    RegistrationConfirm {
        #[serde(flatten)]
        meeting: MeetingLine,
        name: String,
        link: String,
    },
    /// A registration's new status (or a reminder before the meeting). `account_link`: the
    /// person has just been given an account, and chooses its password there (one hour).
    RegistrationStatus {
        #[serde(flatten)]
        meeting: MeetingLine,
        name: String,
        status: StatusNotice,
        #[serde(default)]
        reason: String,
        link: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        account_link: Option<String>,
    },
    /// Someone asked to register an address that already has a registration for the meeting.
    RegistrationExists {
        #[serde(flatten)]
        meeting: MeetingLine,
        name: String,
        /// The existing registration's status (as stored).
        status: String,
        link: String,
    },
    /// To a country's focal points: a new member of their delegation (`self_registered`: who
    /// registered themselves and waits for the focal point's confirmation).
    RegistrationNomination {
        #[serde(flatten)]
        meeting: MeetingLine,
        name: String,
        focal_point: String,
        category: String,
        link: String,
        #[serde(default)]
        self_registered: bool,
    },
    /// To heads of delegation: draft minutes to comment on until `closes_on`.
    MinutesCirculated { name: String, meeting: String, closes_on: String, link: String },
    /// New and updated papers of the recipient's meetings.
    PaperDigest { name: String, papers: Vec<DigestPaper>, link: String },
    /// To a focal point: progress reports still missing.
    CycleReminder {
        #[serde(rename = "kind")]
        step: ReminderStep,
        name: String,
        meeting: String,
        cycle: String,
        due_on: String,
        country: String,
        missing: Vec<String>,
        link: String,
    },
    /// The secretariat's message to a meeting's participants, in the recipient's language or,
    /// when it has no text in it, in the original (`original`: that language's code).
    ParticipantMessage {
        name: String,
        meeting: String,
        subject: String,
        body: String,
        #[serde(default)]
        original: Option<Lang>,
        link: String,
    },
    /// To a state's focal points: its migration profile is due (`latest`: the year of its latest
    /// published edition, empty when it has none; `interval`: the update interval in years).
    ProfileDue { name: String, country: String, latest: String, interval: i32, link: String },
    /// To the secretariat on the due date: who has reports missing.
    CycleOverdue { name: String, meeting: String, cycle: String, due_on: String, countries: Vec<MissingReports>, link: String },
}

impl OutboxMessage {
    /// The stored `kind` (the variant's name).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Invite { .. } => "invite",
            Self::PasswordLink { .. } => "password_link",
            Self::RegistrationConfirm { .. } => "registration_confirm",
            Self::RegistrationStatus { .. } => "registration_status",
            Self::RegistrationExists { .. } => "registration_exists",
            Self::RegistrationNomination { .. } => "registration_nomination",
            Self::MinutesCirculated { .. } => "minutes_circulated",
            Self::PaperDigest { .. } => "paper_digest",
            Self::CycleReminder { .. } => "cycle_reminder",
            Self::CycleOverdue { .. } => "cycle_overdue",
            Self::ParticipantMessage { .. } => "participant_message",
            Self::ProfileDue { .. } => "profile_due",
        }
    }

    /// The fields that hold a one-time link: removed from the stored copy once the message is
    /// sent (or has failed for good).
    pub fn secret_fields(&self) -> &'static [&'static str] {
        match self {
            Self::Invite { .. } | Self::PasswordLink { .. } | Self::RegistrationConfirm { .. } => &["link"],
            Self::RegistrationStatus { account_link: Some(_), .. } => &["account_link"],
            _ => &[],
        }
    }

    /// A stored message (its row's `kind` and JSON payload).
    pub fn from_stored(kind: &str, payload: &str) -> Result<Self, String> {
        let mut v: serde_json::Value = serde_json::from_str(payload).map_err(|e| format!("payload: {e}"))?;
        if let Some(o) = v.as_object_mut() {
            o.entry("message").or_insert_with(|| serde_json::json!(kind));
        }
        serde_json::from_value(v).map_err(|e| format!("{kind}: {e}"))
    }

    /// The stored payload with its one-time links replaced by a note (see [`Self::secret_fields`]).
    pub fn scrubbed(&self) -> Option<String> {
        let fields = self.secret_fields();
        if fields.is_empty() {
            return None;
        }
        let mut v = serde_json::to_value(self).ok()?;
        for f in fields {
            if let Some(slot) = v.get_mut(*f) {
                *slot = serde_json::json!("[removed once sent]");
            }
        }
        Some(v.to_string())
    }
}

/// Queues `message` for `recipient`, in `locale`.
pub async fn enqueue(db: &impl ConnectionTrait, recipient: &str, locale: Lang, message: &OutboxMessage) -> ServiceResult<i32> {
    let now = Utc::now();
    let payload = serde_json::to_string(message).map_err(|e| super::ServiceError::Internal(format!("outbox payload: {e}")))?;
    let row = outbox::ActiveModel {
        kind: Set(message.kind().to_string()),
        recipient: Set(recipient.to_string()),
        locale: Set(locale),
        payload: Set(payload),
        status: Set(STATUS_PENDING.to_string()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_by: Set(None),
        claimed_at: Set(None),
        sent_at: Set(None),
        last_error: Set(String::new()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_and_keep_no_secret_once_scrubbed() {
        let m = OutboxMessage::Invite {
            name: "Ana".into(),
            role: "delegate".into(),
            inviter: "Sec".into(),
            link: "https://x/invite/SECRET".into(),
        };
        let stored = serde_json::to_string(&m).unwrap();
        assert_eq!(OutboxMessage::from_stored(m.kind(), &stored).unwrap(), m);
        let clean = m.scrubbed().unwrap();
        assert!(!clean.contains("SECRET") && clean.contains("Ana"));
        // A confirmation link and an approval's account link are one-time secrets too; the
        // registration's own page link (not a secret) stays.
        let confirm = OutboxMessage::RegistrationConfirm {
            meeting: MeetingLine::default(),
            name: "Ana".into(),
            link: "https://x/registrations/confirm/SECRET".into(),
        };
        assert!(!confirm.scrubbed().unwrap().contains("SECRET"));
        let approved = OutboxMessage::RegistrationStatus {
            meeting: MeetingLine::default(),
            name: "Ana".into(),
            status: StatusNotice::Approved,
            reason: String::new(),
            link: "https://x/me".into(),
            account_link: Some("https://x/password/reset/SECRET".into()),
        };
        let clean = approved.scrubbed().unwrap();
        assert!(!clean.contains("SECRET") && clean.contains("https://x/me"));
        // Rows written before the type existed have no `message` tag: the row's kind gives it.
        let old = r#"{"name":"Ana","link":"https://x/password/reset/T"}"#;
        assert!(matches!(OutboxMessage::from_stored("password_link", old), Ok(OutboxMessage::PasswordLink { .. })));
        assert!(OutboxMessage::from_stored("no_such_kind", old).is_err());
        let reminder =
            r#"{"kind":"d3","name":"A","meeting":"M","cycle":"C","due_on":"2027-01-01","country":"Tanzania","missing":["R1"],"link":"l"}"#;
        assert!(matches!(
            OutboxMessage::from_stored("cycle_reminder", reminder),
            Ok(OutboxMessage::CycleReminder { step: ReminderStep::D3, .. })
        ));
    }
}
