use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Files attached to a paper. The bytes live outside the database (under the data
        // directory, addressed by their SHA-256); the row keeps the sanitised name, the type
        // found by looking at the content, and the size.
        manager
            .create_table(
                Table::create()
                    .table(id("paper_file"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("paper_id")))
                    .col(string(id("name")))
                    .col(string(id("content_type")))
                    .col(big_integer(id("size")))
                    .col(string_len(id("sha256"), 64))
                    .col(integer_null(id("uploaded_by")))
                    .col(timestamp_with_time_zone(id("uploaded_at")))
                    .foreign_key(&mut fk("paper_file", "paper_id", "paper", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("paper_file", "uploaded_by", "app_user", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_paper_file_paper").table(id("paper_file")).col(id("paper_id")).to_owned()).await?;
        // The daily digest of new and updated papers: when each address last got one.
        manager
            .create_table(
                Table::create()
                    .table(id("paper_digest"))
                    .col(pk_auto(id("id")))
                    .col(string_uniq(id("email")))
                    .col(timestamp_with_time_zone(id("last_sent_at")))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(id("paper_digest")).to_owned()).await?;
        manager.drop_table(Table::drop().table(id("paper_file")).to_owned()).await
    }
}
