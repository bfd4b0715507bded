use crate::id;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // When the reminder before the meeting was queued for this registration (at most once:
        // the worker sets it with a guarded UPDATE before it queues the email).
        manager
            .alter_table(
                Table::alter()
                    .table(id("registration"))
                    .add_column(ColumnDef::new(id("reminder_sent_at")).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(id("registration")).drop_column(id("reminder_sent_at")).to_owned()).await
    }
}
