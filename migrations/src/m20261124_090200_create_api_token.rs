use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tokens for member-state systems using the JSON API: each acts as the focal point (or
/// secretariat member) who created it; only the SHA-256 of the token is stored.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("api_token"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("user_id")))
                    .col(string(id("name")))
                    .col(string_uniq(id("token_hash")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .col(timestamp_with_time_zone_null(id("last_used_at")))
                    .col(timestamp_with_time_zone_null(id("revoked_at")))
                    // The new token in clear, until its owner's next page view shows it once
                    // (so it never travels in a URL); cleared after ten minutes at the latest.
                    .col(string_null(id("reveal")))
                    .foreign_key(&mut fk("api_token", "user_id", "app_user", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(id("api_token")).to_owned()).await
    }
}
