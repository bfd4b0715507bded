use crate::id;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Outgoing email, written in the same transaction as the change that causes it and sent
        // by the server's worker. `kind` + `payload` (JSON) are rendered at send time.
        manager
            .create_table(
                Table::create()
                    .table(id("outbox"))
                    .col(pk_auto(id("id")))
                    .col(string(id("kind")))
                    .col(string(id("recipient")))
                    .col(string_len(id("locale"), 2))
                    .col(text(id("payload")))
                    .col(string(id("status")))
                    .col(integer(id("attempts")))
                    .col(timestamp_with_time_zone(id("next_attempt_at")))
                    .col(string_null(id("claimed_by")))
                    .col(timestamp_with_time_zone_null(id("claimed_at")))
                    .col(timestamp_with_time_zone_null(id("sent_at")))
                    .col(text(id("last_error")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_outbox_due").table(id("outbox")).col(id("status")).col(id("next_attempt_at")).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(id("outbox")).to_owned()).await
    }
}
