use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Briefing papers: the current text in `paper`, every saved edit in `paper_version`.
        // Papers that translate each other share `translation_group` (the first paper's id).
        manager
            .create_table(
                Table::create()
                    .table(id("paper"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("meeting_id")))
                    .col(integer_null(id("agenda_item_id")))
                    .col(integer(id("translation_group")))
                    .col(string_len(id("lang"), 2))
                    .col(string(id("access")))
                    .col(string(id("title")))
                    .col(text(id("body_md")))
                    .col(text(id("body_html")))
                    .col(integer(id("version")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .foreign_key(&mut fk("paper", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("paper", "agenda_item_id", "agenda_item", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_paper_meeting").table(id("paper")).col(id("meeting_id")).col(id("translation_group")).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("paper_version"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("paper_id")))
                    .col(integer(id("number")))
                    .col(string(id("access")))
                    .col(string(id("title")))
                    .col(text(id("body_md")))
                    .col(text(id("body_html")))
                    .col(integer_null(id("edited_by")))
                    .col(timestamp_with_time_zone(id("edited_at")))
                    .foreign_key(&mut fk("paper_version", "paper_id", "paper", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("paper_version", "edited_by", "app_user", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_paper_version")
                    .table(id("paper_version"))
                    .col(id("paper_id"))
                    .col(id("number"))
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(id("paper_version")).to_owned()).await?;
        manager.drop_table(Table::drop().table(id("paper")).to_owned()).await
    }
}
