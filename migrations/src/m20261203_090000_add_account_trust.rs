use crate::id;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Accounts and registration trust:
/// - `app_user`: a single-use password link (set or reset, one hour; only its hash), the last
///   sign-in; an invited account is active (it is deactivated only by the secretariat) and waits
///   for its password.
/// - `registration.delegation_confirmed`: vouched for by a person who may: nominated or confirmed
///   by the state's focal point or the secretariat, or approved by the secretariat itself. Only a
///   vouched-for registration gives delegate rights; an unvouched claim to a delegation is not
///   shown, printed or admitted as one.
/// - One registration per email and meeting among the active ones only (a rejected or withdrawn
///   person may register again), and at most one confirmed head per delegation and meeting.
/// - `rate_event`: what the per-address limits count (self-registrations, password-link
///   requests), written in the same transaction as the check.
/// - `api_token.reveal` goes: a new token is shown once from a short-lived cookie, never stored.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager.alter_table(Table::alter().table(id("app_user")).add_column(string_null(id("reset_token_hash"))).to_owned()).await?;
        manager
            .alter_table(Table::alter().table(id("app_user")).add_column(timestamp_with_time_zone_null(id("reset_expires_at"))).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(id("app_user")).add_column(timestamp_with_time_zone_null(id("last_login_at"))).to_owned())
            .await?;
        manager
            .create_index(
                Index::create().name("idx_app_user_reset_token_hash").table(id("app_user")).col(id("reset_token_hash")).to_owned(),
            )
            .await?;
        // Invitations used to be inactive until accepted; "active" now means "not deactivated".
        db.execute_unprepared(
            "UPDATE app_user SET active = TRUE WHERE active = FALSE AND password_hash IS NULL AND invite_token_hash IS NOT NULL",
        )
        .await?;

        manager
            .alter_table(Table::alter().table(id("registration")).add_column(boolean(id("delegation_confirmed")).default(false)).to_owned())
            .await?;
        // Vouched for so far: nominations, and registrations the secretariat approved itself.
        db.execute_unprepared(
            "UPDATE registration SET delegation_confirmed = TRUE WHERE nominated_by IS NOT NULL \
             OR id IN (SELECT entity_id FROM audit_log WHERE action = 'registration.approve' AND entity = 'registration' \
                       AND entity_id IS NOT NULL)",
        )
        .await?;
        // Before the one-head rule: of several confirmed active heads of one delegation, the
        // earliest stays confirmed.
        db.execute_unprepared(
            "UPDATE registration SET delegation_confirmed = FALSE \
             WHERE category = 'head_of_delegation' AND delegation_confirmed \
               AND status IN ('pending', 'approved', 'waitlisted') \
               AND id > (SELECT MIN(r2.id) FROM registration r2 \
                         WHERE r2.meeting_id = registration.meeting_id AND r2.country_code = registration.country_code \
                           AND r2.category = 'head_of_delegation' AND r2.delegation_confirmed \
                           AND r2.status IN ('pending', 'approved', 'waitlisted'))",
        )
        .await?;
        manager.drop_index(Index::drop().name("uq_registration_meeting_email").table(id("registration")).to_owned()).await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX uq_registration_meeting_email_active ON registration (meeting_id, email) \
             WHERE status IN ('unconfirmed', 'pending', 'approved', 'waitlisted')",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX uq_registration_head_of_delegation ON registration (meeting_id, country_code) \
             WHERE category = 'head_of_delegation' AND delegation_confirmed AND status IN ('pending', 'approved', 'waitlisted')",
        )
        .await?;
        manager
            .create_index(
                Index::create().name("idx_registration_email").table(id("registration")).col(id("email")).col(id("status")).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(id("rate_event"))
                    .col(pk_auto(id("id")))
                    .col(string(id("kind")))
                    .col(string(id("subject")))
                    .col(timestamp_with_time_zone(id("at")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rate_event_kind_key_at")
                    .table(id("rate_event"))
                    .col(id("kind"))
                    .col(id("subject"))
                    .col(id("at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_login_attempt_ip_email_at")
                    .table(id("login_attempt"))
                    .col(id("ip"))
                    .col(id("email"))
                    .col(id("at"))
                    .to_owned(),
            )
            .await?;

        db.execute_unprepared("ALTER TABLE api_token DROP COLUMN reveal").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager.alter_table(Table::alter().table(id("api_token")).add_column(string_null(id("reveal"))).to_owned()).await?;
        manager.drop_index(Index::drop().name("idx_login_attempt_ip_email_at").table(id("login_attempt")).to_owned()).await?;
        manager.drop_table(Table::drop().table(id("rate_event")).to_owned()).await?;
        manager.drop_index(Index::drop().name("idx_registration_email").table(id("registration")).to_owned()).await?;
        db.execute_unprepared("DROP INDEX uq_registration_head_of_delegation").await?;
        db.execute_unprepared("DROP INDEX uq_registration_meeting_email_active").await?;
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
        manager.alter_table(Table::alter().table(id("registration")).drop_column(id("delegation_confirmed")).to_owned()).await?;
        manager.drop_index(Index::drop().name("idx_app_user_reset_token_hash").table(id("app_user")).to_owned()).await?;
        for c in ["last_login_at", "reset_expires_at", "reset_token_hash"] {
            manager.alter_table(Table::alter().table(id("app_user")).drop_column(id(c)).to_owned()).await?;
        }
        Ok(())
    }
}
