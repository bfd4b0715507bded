use crate::id;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A focal point is bound to a member state or, for regional recommendations, to a regional
/// body (SADC Secretariat, IOM, UNHCR, …).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(id("app_user")).add_column(string_null(id("body_code"))).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(id("app_user")).drop_column(id("body_code")).to_owned()).await
    }
}
