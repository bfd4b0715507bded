use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("app_user"))
                    .col(pk_auto(id("id")))
                    .col(string_uniq(id("email")))
                    .col(string(id("display_name")))
                    .col(string_null(id("password_hash")))
                    .col(string(id("role")))
                    .col(char_len_null(id("country_code"), 2))
                    .col(string_len(id("locale"), 2))
                    .col(boolean(id("active")))
                    .col(string_null(id("invite_token_hash")))
                    .col(timestamp_with_time_zone_null(id("invite_expires_at")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .foreign_key(&mut fk("app_user", "country_code", "member_state", "code", ForeignKeyAction::Restrict))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_app_user_invite_token_hash").table(id("app_user")).col(id("invite_token_hash")).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("user_session"))
                    .col(pk_auto(id("id")))
                    .col(string_uniq(id("token_hash")))
                    .col(integer(id("user_id")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .col(timestamp_with_time_zone(id("expires_at")))
                    .foreign_key(&mut fk("user_session", "user_id", "app_user", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("login_attempt"))
                    .col(pk_auto(id("id")))
                    .col(string(id("email")))
                    .col(string(id("ip")))
                    .col(boolean(id("success")))
                    .col(timestamp_with_time_zone(id("at")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_login_attempt_email_at").table(id("login_attempt")).col(id("email")).col(id("at")).to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_login_attempt_ip_at").table(id("login_attempt")).col(id("ip")).col(id("at")).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["login_attempt", "user_session", "app_user"] {
            manager.drop_table(Table::drop().table(id(t)).to_owned()).await?;
        }
        Ok(())
    }
}
