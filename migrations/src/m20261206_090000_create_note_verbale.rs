use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Notes verbales: the official letter by which a member state nominates its delegation to a
/// meeting, attached by the state's focal point or, when it came by post or email, by the
/// secretariat on the delegation's behalf. Every upload is kept (the latest is the delegation's
/// note; earlier ones stay as its history); the bytes are in the content-addressed file store.
/// `registration_settings.note_verbale_required`: the secretariat approves a delegation's
/// members only once its note verbale is in.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("note_verbale"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("meeting_id")))
                    .col(string(id("country_code")))
                    .col(string(id("name")))
                    .col(string(id("content_type")))
                    .col(big_integer(id("size")))
                    .col(string(id("sha256")))
                    .col(integer_null(id("uploaded_by")))
                    .col(boolean(id("by_secretariat")))
                    .col(timestamp_with_time_zone(id("uploaded_at")))
                    .foreign_key(&mut fk("note_verbale", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("note_verbale", "uploaded_by", "app_user", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_note_verbale_delegation")
                    .table(id("note_verbale"))
                    .col(id("meeting_id"))
                    .col(id("country_code"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_note_verbale_sha256").table(id("note_verbale")).col(id("sha256")).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(id("registration_settings"))
                    .add_column(boolean(id("note_verbale_required")).default(false))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(id("registration_settings")).drop_column(id("note_verbale_required")).to_owned()).await?;
        manager.drop_table(Table::drop().table(id("note_verbale")).to_owned()).await
    }
}
