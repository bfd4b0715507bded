//! Database migrations for MIDSA Dialogue: DDL and reference data only (the 16 SADC member
//! states). Demo data lives in the server's `seed` command, never here.

pub use m20261123_091300_create_search::{FOLD_FROM, FOLD_TO};
pub use m20261124_090000_create_plan::THEMES;
pub use m20261204_090100_create_report_cell::REPORT_CELL_BACKFILL;
pub use sea_orm_migration::prelude::*;

mod m20261123_090000_create_member_state;
mod m20261123_090100_create_user_and_session;
mod m20261123_090200_create_audit_log;
mod m20261123_090300_create_meeting;
mod m20261123_090400_create_agenda;
mod m20261123_090500_create_outbox;
mod m20261123_090600_create_registration;
mod m20261123_090700_create_calendar_feed;
mod m20261123_090800_add_registration_reminder;
mod m20261123_090900_add_registration_client_ip;
mod m20261123_091000_create_paper;
mod m20261123_091100_create_paper_file;
mod m20261123_091200_create_minutes;
mod m20261123_091300_create_search;
mod m20261124_090000_create_plan;
mod m20261124_090100_add_user_body;
mod m20261124_090200_create_api_token;
mod m20261124_090300_create_report_file;
mod m20261201_090000_create_content_translation;
mod m20261201_120000_add_report_state_index;
mod m20261203_090000_add_account_trust;
mod m20261204_090000_create_cache_epoch;
mod m20261204_090100_create_report_cell;
mod m20261206_090000_create_note_verbale;
mod m20261206_090100_create_letter_settings;
mod m20261206_090200_create_meeting_message;
mod m20261206_090300_create_live_announcement;
mod m20261206_090400_create_speaker_request;
mod m20261207_090000_create_profiles;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_090000_create_member_state::Migration),
            Box::new(m20261123_090100_create_user_and_session::Migration),
            Box::new(m20261123_090200_create_audit_log::Migration),
            Box::new(m20261123_090300_create_meeting::Migration),
            Box::new(m20261123_090400_create_agenda::Migration),
            Box::new(m20261123_090500_create_outbox::Migration),
            Box::new(m20261123_090600_create_registration::Migration),
            Box::new(m20261123_090700_create_calendar_feed::Migration),
            Box::new(m20261123_090800_add_registration_reminder::Migration),
            Box::new(m20261123_090900_add_registration_client_ip::Migration),
            Box::new(m20261123_091000_create_paper::Migration),
            Box::new(m20261123_091100_create_paper_file::Migration),
            Box::new(m20261123_091200_create_minutes::Migration),
            Box::new(m20261123_091300_create_search::Migration),
            Box::new(m20261124_090000_create_plan::Migration),
            Box::new(m20261124_090100_add_user_body::Migration),
            Box::new(m20261124_090200_create_api_token::Migration),
            Box::new(m20261124_090300_create_report_file::Migration),
            Box::new(m20261201_090000_create_content_translation::Migration),
            Box::new(m20261201_120000_add_report_state_index::Migration),
            Box::new(m20261203_090000_add_account_trust::Migration),
            Box::new(m20261204_090000_create_cache_epoch::Migration),
            Box::new(m20261204_090100_create_report_cell::Migration),
            Box::new(m20261206_090000_create_note_verbale::Migration),
            Box::new(m20261206_090100_create_letter_settings::Migration),
            Box::new(m20261206_090200_create_meeting_message::Migration),
            Box::new(m20261206_090300_create_live_announcement::Migration),
            Box::new(m20261206_090400_create_speaker_request::Migration),
            Box::new(m20261207_090000_create_profiles::Migration),
        ]
    }
}

/// Shorthand for an identifier.
pub(crate) fn id(name: &str) -> Alias {
    Alias::new(name)
}

/// Foreign key helper: `from_table.from_col` references `to_table.to_col`.
pub(crate) fn fk(from_table: &str, from_col: &str, to_table: &str, to_col: &str, on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{from_col}"))
        .from(id(from_table), id(from_col))
        .to(id(to_table), id(to_col))
        .on_delete(on_delete)
        .to_owned()
}
