use crate::id;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Progress reports by cycle and state, with the id: the regional dashboard checks whether the
/// validated reports of a plan's cycles changed (their count and highest id) from this index
/// alone, before it reuses the progress-over-cycles figures it computed last.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_progress_report_cycle_state")
                    .table(id("progress_report"))
                    .col(id("cycle_id"))
                    .col(id("state"))
                    .col(id("id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_progress_report_cycle_state").table(id("progress_report")).to_owned()).await
    }
}
