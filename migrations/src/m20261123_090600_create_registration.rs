use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row per meeting whose registration the secretariat has set up. Every change to the
        // meeting's registrations first updates this row (`lock_seq`), which serialises them on
        // PostgreSQL (row lock) as `BEGIN IMMEDIATE` does on SQLite: capacity and quotas hold
        // under concurrency.
        manager
            .create_table(
                Table::create()
                    .table(id("registration_settings"))
                    .col(integer(id("meeting_id")).primary_key())
                    .col(timestamp_with_time_zone(id("opens_at")))
                    .col(timestamp_with_time_zone(id("closes_at")))
                    .col(integer(id("capacity")))
                    .col(integer(id("quota_per_delegation")))
                    .col(string(id("categories")))
                    .col(boolean(id("approval_required")))
                    .col(integer(id("version")))
                    .col(big_integer(id("lock_seq")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .foreign_key(&mut fk("registration_settings", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("registration"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("meeting_id")))
                    .col(string(id("category")))
                    .col(string_len_null(id("country_code"), 2))
                    .col(string(id("organisation")))
                    .col(string(id("title")))
                    .col(string(id("given_name")))
                    .col(string(id("family_name")))
                    .col(string(id("position")))
                    .col(string(id("ministry")))
                    .col(string(id("email")))
                    .col(string(id("phone")))
                    .col(text(id("dietary")))
                    .col(text(id("accessibility")))
                    .col(date_null(id("arrival")))
                    .col(date_null(id("departure")))
                    .col(string(id("passport_number")))
                    .col(string(id("passport_nationality")))
                    .col(date_null(id("passport_expiry")))
                    .col(boolean(id("consent_list")))
                    .col(boolean(id("consent_contact")))
                    .col(string(id("status")))
                    .col(text(id("reason")))
                    .col(string_null(id("confirm_token_hash")))
                    .col(integer_null(id("nominated_by")))
                    .col(string_len(id("locale"), 2))
                    .col(timestamp_with_time_zone_null(id("waitlisted_at")))
                    .col(string(id("checkin_token")))
                    .col(timestamp_with_time_zone_null(id("checked_in_at")))
                    .col(integer(id("version")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .foreign_key(&mut fk("registration", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("registration", "country_code", "member_state", "code", ForeignKeyAction::Restrict))
                    .foreign_key(&mut fk("registration", "nominated_by", "app_user", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        // The same email cannot register twice for one meeting (emails are stored lower-cased).
        manager
            .create_index(
                Index::create()
                    .name("uq_registration_meeting_email")
                    .table(id("registration"))
                    .col(id("meeting_id"))
                    .col(id("email"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("uq_registration_checkin").table(id("registration")).col(id("checkin_token")).unique().to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_registration_meeting_status")
                    .table(id("registration"))
                    .col(id("meeting_id"))
                    .col(id("status"))
                    .col(id("country_code"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(id("registration")).to_owned()).await?;
        manager.drop_table(Table::drop().table(id("registration_settings")).to_owned()).await
    }
}
