//! sea-orm entities, one file per table. Written by hand to match the migrations.

pub mod agenda_item;
pub mod agenda_revision;
pub mod agenda_session;
pub mod api_token;
pub mod app_user;
pub mod audit_log;
pub mod calendar_feed;
pub mod content_translation;
pub mod cycle_recommendation;
pub mod cycle_reminder;
pub mod letter_settings;
pub mod live_announcement;
pub mod login_attempt;
pub mod meeting;
pub mod meeting_message;
pub mod meeting_message_recipient;
pub mod meeting_message_text;
pub mod member_state;
pub mod minutes;
pub mod minutes_comment;
pub mod minutes_corrigendum;
pub mod minutes_section;
pub mod note_verbale;
pub mod outbox;
pub mod paper;
pub mod paper_digest;
pub mod paper_file;
pub mod paper_version;
pub mod plan;
pub mod plan_theme;
pub mod profile_comment;
pub mod profile_edition;
pub mod profile_indicator;
pub mod profile_reminder;
pub mod profile_settings;
pub mod profile_text;
pub mod profile_value;
pub mod progress_report;
pub mod rate_event;
pub mod recommendation;
pub mod recommendation_amendment;
pub mod registration;
pub mod registration_settings;
pub mod report_cell;
pub mod report_file;
pub mod reporting_cycle;
pub mod search_doc;
pub mod speaker_limit;
pub mod speaker_request;
pub mod twg;
pub mod twg_meeting;
pub mod twg_member;
pub mod user_session;

/// Columns with a closed set of values are typed: the domain enums (and [`Lang`]) are stored as
/// their string code and read back into the enum, so a query compares `Column::Status.eq(
/// RegistrationStatus::Approved)` and a model holds `RegistrationStatus`, never a string that
/// could be misspelt. A stored value outside the set is a database error (it would be a bug or a
/// hand edit), not a silent default.
macro_rules! db_string {
    ($($ty:ty => |$v:ident| $to:expr, |$s:ident| $from:expr;)+) => {$(
        impl From<$ty> for sea_orm::Value {
            fn from($v: $ty) -> Self {
                sea_orm::Value::from($to)
            }
        }

        impl sea_orm::TryGetable for $ty {
            fn try_get_by<I: sea_orm::ColIdx>(res: &sea_orm::QueryResult, index: I) -> Result<Self, sea_orm::TryGetError> {
                let raw = <String as sea_orm::TryGetable>::try_get_by(res, index)?;
                let $s = raw.as_str();
                $from.ok_or_else(|| {
                    sea_orm::TryGetError::DbErr(sea_orm::DbErr::Type(format!(
                        "{raw:?} is not a {}",
                        std::any::type_name::<$ty>()
                    )))
                })
            }
        }

        impl sea_orm::sea_query::ValueType for $ty {
            fn try_from(value: sea_orm::Value) -> Result<Self, sea_orm::sea_query::ValueTypeErr> {
                let raw = <String as sea_orm::sea_query::ValueType>::try_from(value)?;
                let $s = raw.as_str();
                $from.ok_or(sea_orm::sea_query::ValueTypeErr)
            }

            fn type_name() -> String {
                std::any::type_name::<$ty>().to_owned()
            }

            fn array_type() -> sea_orm::sea_query::ArrayType {
                sea_orm::sea_query::ArrayType::String
            }

            fn column_type() -> sea_orm::sea_query::ColumnType {
                sea_orm::sea_query::ColumnType::Text
            }
        }

        impl sea_orm::sea_query::Nullable for $ty {
            fn null() -> sea_orm::Value {
                <String as sea_orm::sea_query::Nullable>::null()
            }
        }
    )+};
}

/// The string enums of the domain: stored as [`as_str`](crate::domain::Role::as_str).
macro_rules! db_string_enum {
    ($($ty:ident),+ $(,)?) => {
        db_string! {$(
            crate::domain::$ty => |v| v.as_str(), |s| crate::domain::$ty::ALL.iter().copied().find(|v| v.as_str() == s);
        )+}
    };
}

db_string_enum!(
    Access,
    ItemKind,
    Level,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    PassageKind,
    PlanStatus,
    ProfileStatus,
    Chapter,
    RegistrationCategory,
    RegistrationStatus,
    ReportState,
    ReportStatus,
    Role,
);

db_string! {
    crate::domain::Lang => |v| v.code(), |s| crate::domain::Lang::ALL.into_iter().find(|l| l.code() == s);
}

#[cfg(test)]
mod tests {
    use crate::domain::*;
    use sea_orm::sea_query::ValueType;

    /// Every value of every typed column: stored as its code, read back as itself, and its JSON
    /// form (audit details, API answers) is the same code.
    fn round_trips<T>(all: &[T], code: impl Fn(T) -> &'static str)
    where
        T: Copy + PartialEq + std::fmt::Debug + serde::Serialize + ValueType + Into<sea_orm::Value>,
    {
        for v in all.iter().copied() {
            let stored: sea_orm::Value = v.into();
            assert_eq!(stored, sea_orm::Value::from(code(v)), "{v:?}");
            assert_eq!(<T as ValueType>::try_from(stored).unwrap(), v);
            assert_eq!(serde_json::to_value(v).unwrap(), serde_json::json!(code(v)), "{v:?}");
        }
        assert!(<T as ValueType>::try_from(sea_orm::Value::from("not a value")).is_err());
    }

    #[test]
    fn typed_columns_store_their_codes_and_read_them_back() {
        round_trips(Access::ALL, Access::as_str);
        round_trips(ItemKind::ALL, ItemKind::as_str);
        round_trips(Level::ALL, Level::as_str);
        round_trips(MeetingKind::ALL, MeetingKind::as_str);
        round_trips(MeetingStatus::ALL, MeetingStatus::as_str);
        round_trips(MinutesStatus::ALL, MinutesStatus::as_str);
        round_trips(PassageKind::ALL, PassageKind::as_str);
        round_trips(PlanStatus::ALL, PlanStatus::as_str);
        round_trips(ProfileStatus::ALL, ProfileStatus::as_str);
        round_trips(Chapter::ALL, Chapter::as_str);
        round_trips(RegistrationCategory::ALL, RegistrationCategory::as_str);
        round_trips(RegistrationStatus::ALL, RegistrationStatus::as_str);
        round_trips(ReportState::ALL, ReportState::as_str);
        round_trips(ReportStatus::ALL, ReportStatus::as_str);
        round_trips(Role::ALL, Role::as_str);
        round_trips(&Lang::ALL, Lang::code);
    }
}
