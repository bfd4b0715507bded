use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One set of minutes per meeting: draft -> circulated (comments until a closing date)
        // -> adopted (locked). Sections follow the agenda; comments are per section;
        // corrigenda are separate, numbered documents linked to adopted minutes.
        manager
            .create_table(
                Table::create()
                    .table(id("minutes"))
                    .col(pk_auto(id("id")))
                    .col(integer_uniq(id("meeting_id")))
                    .col(string(id("status")))
                    .col(string(id("access")))
                    .col(date_null(id("comments_close_on")))
                    .col(timestamp_with_time_zone_null(id("circulated_at")))
                    .col(timestamp_with_time_zone_null(id("adopted_at")))
                    .col(integer_null(id("adopted_by")))
                    .col(string(id("adopted_by_name")))
                    .col(integer(id("version")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .foreign_key(&mut fk("minutes", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("minutes", "adopted_by", "app_user", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("minutes_section"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("minutes_id")))
                    .col(integer(id("position")))
                    .col(integer_null(id("agenda_item_id")))
                    .col(string(id("title")))
                    .col(text(id("body_md")))
                    .col(text(id("body_html")))
                    .col(integer(id("version")))
                    .foreign_key(&mut fk("minutes_section", "minutes_id", "minutes", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("minutes_section", "agenda_item_id", "agenda_item", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_minutes_section")
                    .table(id("minutes_section"))
                    .col(id("minutes_id"))
                    .col(id("position"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("minutes_comment"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("section_id")))
                    .col(integer_null(id("user_id")))
                    .col(string(id("author")))
                    .col(text(id("body_md")))
                    .col(text(id("body_html")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .foreign_key(&mut fk("minutes_comment", "section_id", "minutes_section", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("minutes_comment", "user_id", "app_user", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_minutes_comment").table(id("minutes_comment")).col(id("section_id")).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("minutes_corrigendum"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("minutes_id")))
                    .col(integer(id("number")))
                    .col(text(id("body_md")))
                    .col(text(id("body_html")))
                    .col(integer_null(id("issued_by")))
                    .col(timestamp_with_time_zone(id("issued_at")))
                    .foreign_key(&mut fk("minutes_corrigendum", "minutes_id", "minutes", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("minutes_corrigendum", "issued_by", "app_user", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_minutes_corrigendum")
                    .table(id("minutes_corrigendum"))
                    .col(id("minutes_id"))
                    .col(id("number"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        // Plan of Action recommendations. Here only what adopted minutes create (drafts with
        // their origin); the Plan of Action issue adds codes, themes, levels and the rest.
        manager
            .create_table(
                Table::create()
                    .table(id("recommendation"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("meeting_id")))
                    .col(string(id("kind")))
                    .col(string(id("status")))
                    .col(text(id("text_md")))
                    .col(text(id("text_html")))
                    .col(integer_null(id("origin_agenda_item_id")))
                    .col(integer_null(id("origin_section_id")))
                    .col(integer_null(id("origin_passage")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .foreign_key(&mut fk("recommendation", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("recommendation", "origin_agenda_item_id", "agenda_item", "id", ForeignKeyAction::SetNull))
                    .foreign_key(&mut fk("recommendation", "origin_section_id", "minutes_section", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_recommendation_meeting").table(id("recommendation")).col(id("meeting_id")).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["recommendation", "minutes_corrigendum", "minutes_comment", "minutes_section", "minutes"] {
            manager.drop_table(Table::drop().table(id(t)).to_owned()).await?;
        }
        Ok(())
    }
}
