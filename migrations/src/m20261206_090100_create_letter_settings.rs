use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `letter_settings`: per meeting, what its invitation letters and certificates of attendance
/// carry besides the participant's details: a letterhead image and a signature image (PNG or
/// JPEG, by their SHA-256 in the file store) and the signatory's name and title.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("letter_settings"))
                    .col(integer(id("meeting_id")).primary_key())
                    .col(string_null(id("letterhead_sha256")))
                    .col(string_null(id("signature_sha256")))
                    .col(string(id("signatory_name")).default(""))
                    .col(string(id("signatory_title")).default(""))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .foreign_key(&mut fk("letter_settings", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(id("letter_settings")).to_owned()).await
    }
}
