use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Working copy of the agenda: sessions (per day) and items (per session), edited by the
        // secretariat. Clock times are minutes after midnight in the meeting's time zone.
        manager
            .create_table(
                Table::create()
                    .table(id("agenda_session"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("meeting_id")))
                    .col(date(id("day")))
                    .col(integer(id("position")))
                    .col(string(id("title")))
                    .col(string(id("room")))
                    .col(string(id("chair")))
                    .col(integer(id("version")))
                    .foreign_key(&mut fk("agenda_session", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_agenda_session_meeting")
                    .table(id("agenda_session"))
                    .col(id("meeting_id"))
                    .col(id("day"))
                    .col(id("position"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("agenda_item"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("meeting_id")))
                    .col(integer(id("session_id")))
                    .col(string(id("kind")))
                    .col(integer(id("start_minute")))
                    .col(integer(id("end_minute")))
                    .col(string(id("title")))
                    .col(text(id("description_md")))
                    .col(text(id("description_html")))
                    .col(string(id("room")))
                    .col(string(id("chair")))
                    .col(text(id("speakers")))
                    .col(integer(id("version")))
                    .foreign_key(&mut fk("agenda_item", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("agenda_item", "session_id", "agenda_session", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_agenda_item_session")
                    .table(id("agenda_item"))
                    .col(id("session_id"))
                    .col(id("start_minute"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_agenda_item_meeting").table(id("agenda_item")).col(id("meeting_id")).to_owned())
            .await?;
        // Published revisions: an immutable snapshot (JSON) and the changelog against the previous one.
        manager
            .create_table(
                Table::create()
                    .table(id("agenda_revision"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("meeting_id")))
                    .col(integer(id("number")))
                    .col(timestamp_with_time_zone(id("published_at")))
                    .col(integer_null(id("published_by")))
                    .col(text(id("note")))
                    .col(text(id("snapshot")))
                    .col(text(id("changelog")))
                    .foreign_key(&mut fk("agenda_revision", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_agenda_revision_meeting_number")
                    .table(id("agenda_revision"))
                    .col(id("meeting_id"))
                    .col(id("number"))
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["agenda_revision", "agenda_item", "agenda_session"] {
            manager.drop_table(Table::drop().table(id(t)).to_owned()).await?;
        }
        Ok(())
    }
}
