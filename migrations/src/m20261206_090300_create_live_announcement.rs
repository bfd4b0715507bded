use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The live agenda during a meeting: what the secretariat announces from the floor — the item
/// under way (`current`), a delay (`delay`, minutes, which also moves that item and the
/// session's later ones in a new published revision), a change of room (`room`), or a note.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("live_announcement"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("meeting_id")))
                    .col(integer_null(id("item_id")))
                    .col(string(id("item_title")))
                    .col(string(id("kind")))
                    .col(integer(id("delay_minutes")))
                    .col(string(id("room")))
                    .col(string(id("note")))
                    .col(integer_null(id("revision")))
                    .col(integer_null(id("created_by")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .foreign_key(&mut fk("live_announcement", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("live_announcement", "created_by", "app_user", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_live_announcement_meeting").table(id("live_announcement")).col(id("meeting_id")).to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(id("live_announcement")).to_owned()).await
    }
}
