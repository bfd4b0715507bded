use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// National technical working groups and migration profiles.
///
/// - `twg`: one row per member state that has set up its group (ministries represented, whether
///   its published profiles are public); `twg_member`: the group's members, with or without an
///   account, one of them the chair; `twg_meeting`: the meetings (of kind technical working
///   group) that are the group's.
/// - `profile_indicator`: the indicator set (the secretariat edits it; an indicator in use is
///   archived, never deleted).
/// - `profile_edition`: a state's profile of a year, with its step; `profile_text`: a chapter
///   in one language; `profile_value`: an indicator's value in an edition (no row: missing);
///   `profile_comment`: the working group's review comments per chapter.
/// - `profile_settings`: one row, the update interval after which a state is reminded.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("twg"))
                    .col(string(id("country_code")).primary_key())
                    .col(text(id("ministries")).default(""))
                    .col(boolean(id("profiles_public")).default(true))
                    .col(integer(id("version")).default(1))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("twg_member"))
                    .col(pk_auto(id("id")))
                    .col(string(id("country_code")))
                    .col(integer_null(id("user_id")))
                    .col(string(id("name")))
                    .col(string(id("function")).default(""))
                    .col(string(id("ministry")).default(""))
                    .col(boolean(id("is_chair")).default(false))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .foreign_key(&mut fk("twg_member", "user_id", "app_user", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_twg_member_country").table(id("twg_member")).col(id("country_code")).to_owned())
            .await?;
        // An account is a member of a group once (members without an account: any number).
        manager
            .create_index(
                Index::create()
                    .name("uq_twg_member_account")
                    .table(id("twg_member"))
                    .col(id("country_code"))
                    .col(id("user_id"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The group's meetings: meetings of kind technical working group linked to it.
        manager
            .create_table(
                Table::create()
                    .table(id("twg_meeting"))
                    .col(string(id("country_code")))
                    .col(integer(id("meeting_id")))
                    .primary_key(Index::create().col(id("country_code")).col(id("meeting_id")))
                    .foreign_key(&mut fk("twg_meeting", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("profile_indicator"))
                    .col(pk_auto(id("id")))
                    .col(string(id("code")).unique_key())
                    .col(string(id("name_en")))
                    .col(string(id("name_fr")).default(""))
                    .col(string(id("name_pt")).default(""))
                    .col(string(id("unit")).default(""))
                    .col(string(id("chapter")))
                    .col(integer(id("position")))
                    .col(boolean(id("archived")).default(false))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("profile_edition"))
                    .col(pk_auto(id("id")))
                    .col(string(id("country_code")))
                    .col(integer(id("year")))
                    .col(string(id("status")))
                    .col(string(id("source_lang")))
                    .col(integer_null(id("copied_from")))
                    .col(integer(id("version")).default(1))
                    .col(string(id("validated_by_name")).default(""))
                    .col(timestamp_with_time_zone_null(id("validated_at")))
                    .col(timestamp_with_time_zone_null(id("published_at")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .foreign_key(&mut fk("profile_edition", "copied_from", "profile_edition", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_profile_edition_year")
                    .table(id("profile_edition"))
                    .col(id("country_code"))
                    .col(id("year"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        // One edition in preparation per state (two started at once: one is refused).
        manager
            .get_connection()
            .execute_unprepared("CREATE UNIQUE INDEX uq_profile_edition_open ON profile_edition (country_code) WHERE status <> 'published'")
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("profile_text"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("edition_id")))
                    .col(string(id("chapter")))
                    .col(string(id("lang")))
                    .col(text(id("body_md")))
                    .col(text(id("body_html")))
                    .col(integer(id("version")).default(1))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .foreign_key(&mut fk("profile_text", "edition_id", "profile_edition", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_profile_text")
                    .table(id("profile_text"))
                    .col(id("edition_id"))
                    .col(id("chapter"))
                    .col(id("lang"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("profile_value"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("edition_id")))
                    .col(integer(id("indicator_id")))
                    .col(double(id("value")))
                    .col(integer(id("year")))
                    .col(string(id("source")).default(""))
                    .col(string(id("note")).default(""))
                    .foreign_key(&mut fk("profile_value", "edition_id", "profile_edition", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("profile_value", "indicator_id", "profile_indicator", "id", ForeignKeyAction::Restrict))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_profile_value")
                    .table(id("profile_value"))
                    .col(id("edition_id"))
                    .col(id("indicator_id"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_profile_value_indicator").table(id("profile_value")).col(id("indicator_id")).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("profile_comment"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("edition_id")))
                    .col(string(id("chapter")))
                    .col(integer_null(id("author_id")))
                    .col(string(id("author")))
                    .col(text(id("body_md")))
                    .col(text(id("body_html")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .foreign_key(&mut fk("profile_comment", "edition_id", "profile_edition", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("profile_comment", "author_id", "app_user", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("profile_settings"))
                    .col(integer(id("id")).primary_key())
                    .col(integer(id("update_interval_years")).default(2))
                    .col(timestamp_with_time_zone_null(id("updated_at")))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(id("profile_settings"))
                    .columns([id("id"), id("update_interval_years")])
                    .values_panic([1.into(), 2.into()])
                    .to_owned(),
            )
            .await?;
        // A recommendation drafted from a published profile's recommendations chapter keeps its
        // origin: the edition, as `CC/YEAR` (published editions never change).
        manager.alter_table(Table::alter().table(id("recommendation")).add_column(string_null(id("origin_profile"))).to_owned()).await?;
        // A state is reminded once per edition it is overdue on (the outbox row is the record).
        manager
            .create_table(
                Table::create()
                    .table(id("profile_reminder"))
                    .col(string(id("country_code")))
                    .col(integer(id("due_year")))
                    .col(timestamp_with_time_zone(id("sent_at")))
                    .primary_key(Index::create().col(id("country_code")).col(id("due_year")))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(id("recommendation")).drop_column(id("origin_profile")).to_owned()).await?;
        for t in [
            "profile_reminder",
            "profile_settings",
            "profile_comment",
            "profile_value",
            "profile_text",
            "profile_edition",
            "profile_indicator",
            "twg_member",
            "twg_meeting",
            "twg",
        ] {
            manager.drop_table(Table::drop().table(id(t)).to_owned()).await?;
        }
        Ok(())
    }
}
