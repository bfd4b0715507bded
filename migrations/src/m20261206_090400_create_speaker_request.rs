use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The speakers list of each agenda item: a delegation asks for the floor (its head of
/// delegation or focal point, or the secretariat on its behalf); the chair orders the list,
/// starts and stops each speaker (the time spoken is kept); `speaker_limit`: the speaking time
/// each delegation has on an item.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("speaker_request"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("meeting_id")))
                    .col(integer(id("item_id")))
                    .col(string(id("country_code")))
                    .col(integer(id("position")))
                    .col(string(id("state")))
                    .col(timestamp_with_time_zone_null(id("started_at")))
                    .col(integer(id("spoken_seconds")))
                    .col(integer_null(id("requested_by")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .foreign_key(&mut fk("speaker_request", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("speaker_request", "requested_by", "app_user", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_speaker_request_item")
                    .table(id("speaker_request"))
                    .col(id("meeting_id"))
                    .col(id("item_id"))
                    .to_owned(),
            )
            .await?;
        // A delegation waits for the floor once per item (two requests at once: one is refused).
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_speaker_request_waiting ON speaker_request (meeting_id, item_id, country_code) \
                 WHERE state = 'waiting'",
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("speaker_limit"))
                    .col(integer(id("meeting_id")))
                    .col(integer(id("item_id")))
                    .col(integer(id("seconds")))
                    .primary_key(Index::create().col(id("meeting_id")).col(id("item_id")))
                    .foreign_key(&mut fk("speaker_limit", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(id("speaker_limit")).to_owned()).await?;
        manager.drop_table(Table::drop().table(id("speaker_request")).to_owned()).await
    }
}
