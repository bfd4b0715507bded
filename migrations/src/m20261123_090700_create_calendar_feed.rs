use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A user's private calendar feed: only the SHA-256 of its secret token is stored; one per
        // user (replacing it revokes the old link), deleted to revoke.
        manager
            .create_table(
                Table::create()
                    .table(id("calendar_feed"))
                    .col(pk_auto(id("id")))
                    .col(integer_uniq(id("user_id")))
                    .col(string_uniq(id("token_hash")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .foreign_key(&mut fk("calendar_feed", "user_id", "app_user", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(id("calendar_feed")).to_owned()).await
    }
}
