use crate::id;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `cache_epoch`: one row, whose counter every write transaction moves on (`app::ssr::write_txn`)
/// and which the server's page cache reads before it serves a cached public page. The counter
/// lives in the database so that every server instance on the same database sees a write from
/// any of them at once, and it is transactional: a write that rolls back moves nothing.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("cache_epoch"))
                    .col(integer(id("id")).primary_key())
                    .col(big_integer(id("n")).default(0))
                    .to_owned(),
            )
            .await?;
        manager.get_connection().execute_unprepared("INSERT INTO cache_epoch (id, n) VALUES (1, 0)").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(id("cache_epoch")).to_owned()).await
    }
}
