//! Validated domain types shared by the server and the browser. No I/O here.
//!
//! Parse, don't validate: every value that reaches a service has been turned into one of these
//! types, and a failure is a [`FieldError`] naming the form field and a translatable code.

pub mod agenda;
mod country;
mod errors;
mod meeting;
pub mod minutes;
mod paper;
mod person;
pub mod plan;
pub mod profile;
mod registration;
mod shared;
mod text;
mod time;
pub mod translation;
mod user;

pub use country::{CountryCode, MEMBER_STATES};
pub use errors::{ErrorCode, FieldError, FieldErrors, Refusal, RefusalReason};
pub use meeting::{ItemKind, Lang, LanguageSet, MeetingKind, MeetingStatus};
pub use minutes::{MinutesStatus, PassageKind};
pub use paper::Access;
pub use person::{person_name, PersonList, PersonRef};
pub use plan::{Level, PlanStatus, ReportState, ReportStatus, States};
pub use profile::{Chapter, ProfileStatus};
pub use registration::{parse_phone, parse_places, RegistrationCategory, RegistrationStatus};
pub use shared::Shared;
pub use text::{echo, is_forbidden_control, local_path, no_controls, optional_text, parse_id, required_text, url_segment, Markdown};
pub use time::{parse_date, ClockTime};
#[cfg(feature = "ssr")]
pub use time::{timezone_label, venue_today};
pub use translation::{TextKind, TextStatus};
pub use user::{CurrentUser, Email, Password, Role};
