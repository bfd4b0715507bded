use crate::id;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The client address of an anonymous self-registration, for its rate limit (nominations
        // by signed-in focal points and the secretariat leave it empty).
        manager
            .alter_table(Table::alter().table(id("registration")).add_column(ColumnDef::new(id("client_ip")).string().null()).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(id("registration")).drop_column(id("client_ip")).to_owned()).await
    }
}
