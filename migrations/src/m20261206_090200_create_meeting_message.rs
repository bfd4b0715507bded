use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Messages from the secretariat to a meeting's participants, kept with what they said in each
/// working language, who they were for (the filters) and who received them (each recipient's
/// language, and the outbox row that carries their email: its state is the delivery state).
/// `form_token`: the page's one-time token, so a form submitted twice sends one message.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("meeting_message"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("meeting_id")))
                    .col(string(id("source_lang")))
                    .col(string(id("filter_status")))
                    .col(string(id("filter_category")))
                    .col(string(id("filter_country")))
                    .col(integer_null(id("created_by")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .col(string(id("form_token")))
                    .foreign_key(&mut fk("meeting_message", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("meeting_message", "created_by", "app_user", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_meeting_message_meeting").table(id("meeting_message")).col(id("meeting_id")).to_owned())
            .await?;
        // A form is sent once: a second submit of the same page (a double click) finds its message.
        manager
            .create_index(
                Index::create()
                    .name("uq_meeting_message_form_token")
                    .table(id("meeting_message"))
                    .col(id("form_token"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("meeting_message_text"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("message_id")))
                    .col(string(id("lang")))
                    .col(string(id("subject")))
                    .col(text(id("body_md")))
                    .col(text(id("body_html")))
                    .foreign_key(&mut fk("meeting_message_text", "message_id", "meeting_message", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_meeting_message_text_lang")
                    .table(id("meeting_message_text"))
                    .col(id("message_id"))
                    .col(id("lang"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("meeting_message_recipient"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("message_id")))
                    .col(integer_null(id("registration_id")))
                    .col(string(id("name")))
                    .col(string(id("email")))
                    .col(string(id("lang")))
                    .col(boolean(id("translated")))
                    .col(integer_null(id("outbox_id")))
                    .foreign_key(&mut fk("meeting_message_recipient", "message_id", "meeting_message", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("meeting_message_recipient", "registration_id", "registration", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_meeting_message_recipient_message")
                    .table(id("meeting_message_recipient"))
                    .col(id("message_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_meeting_message_recipient_email")
                    .table(id("meeting_message_recipient"))
                    .col(id("email"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["meeting_message_recipient", "meeting_message_text", "meeting_message"] {
            manager.drop_table(Table::drop().table(id(t)).to_owned()).await?;
        }
        Ok(())
    }
}
