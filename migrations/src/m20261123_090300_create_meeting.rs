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
                    .table(id("meeting"))
                    .col(pk_auto(id("id")))
                    .col(string(id("kind")))
                    .col(string(id("title")))
                    .col(text(id("description_md")))
                    .col(text(id("description_html")))
                    .col(string(id("venue")))
                    .col(string(id("city")))
                    .col(char_len(id("host_country"), 2))
                    .col(string(id("timezone")))
                    .col(date(id("start_date")))
                    .col(date(id("end_date")))
                    .col(string(id("languages")))
                    .col(string(id("status")))
                    .col(string(id("chair")))
                    .col(text(id("co_organisers")))
                    .col(integer(id("version")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .foreign_key(&mut fk("meeting", "host_country", "member_state", "code", ForeignKeyAction::Restrict))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_meeting_start_date").table(id("meeting")).col(id("start_date")).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(id("meeting")).to_owned()).await
    }
}
