use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Translations of a meeting's own texts (its title and description, its agenda's session
/// titles and item titles and descriptions) into the other working languages. The meeting
/// records the language its texts are written in. Each translation keeps a digest of the
/// source text it was made from: when the source changes, the translation is outdated and
/// readers see the original until it is redone.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(id("meeting")).add_column(string(id("source_lang")).default("en")).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(id("content_translation"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("meeting_id")))
                    // meeting | agenda_session | agenda_item
                    .col(string(id("entity")))
                    .col(integer(id("entity_id")))
                    // title | description
                    .col(string(id("field")))
                    .col(string(id("lang")))
                    .col(text(id("text_md")))
                    .col(text(id("html")))
                    .col(string(id("source_digest")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .col(integer_null(id("updated_by")))
                    .foreign_key(&mut fk("content_translation", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_content_translation")
                    .table(id("content_translation"))
                    .col(id("entity"))
                    .col(id("entity_id"))
                    .col(id("field"))
                    .col(id("lang"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_content_translation_meeting")
                    .table(id("content_translation"))
                    .col(id("meeting_id"))
                    .col(id("lang"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(id("content_translation")).to_owned()).await?;
        manager.alter_table(Table::alter().table(id("meeting")).drop_column(id("source_lang")).to_owned()).await
    }
}
