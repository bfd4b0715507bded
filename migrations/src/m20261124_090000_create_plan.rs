use crate::{fk, id};
use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The themes of the Plan of Action (reference data; the secretariat can add more).
pub const THEMES: [(&str, &str, &str, &str); 10] = [
    ("data", "Data and research", "Données et recherche", "Dados e investigação"),
    ("labour", "Labour migration", "Migration de main-d’œuvre", "Migração laboral"),
    ("mixed", "Mixed migration and protection", "Migrations mixtes et protection", "Migração mista e proteção"),
    ("trafficking", "Trafficking in persons", "Traite des personnes", "Tráfico de pessoas"),
    ("smuggling", "Migrant smuggling", "Trafic illicite de migrants", "Contrabando de migrantes"),
    ("health", "Migration and health", "Migration et santé", "Migração e saúde"),
    (
        "development",
        "Migration and development, remittances",
        "Migration et développement, transferts de fonds",
        "Migração e desenvolvimento, remessas",
    ),
    ("border", "Border management", "Gestion des frontières", "Gestão de fronteiras"),
    ("irregular", "Irregular migration", "Migration irrégulière", "Migração irregular"),
    ("governance", "Migration governance", "Gouvernance des migrations", "Governação das migrações"),
];

/// Progress reports are append-only: a draft may only stay a draft or be submitted; once
/// submitted, a report's content never changes (only the secretariat's review is added, once),
/// and only drafts may be deleted.
const SQLITE_APPEND_ONLY: [&str; 2] = [
    "CREATE TRIGGER progress_report_append_only_update BEFORE UPDATE ON progress_report \
     WHEN OLD.state IN ('validated', 'returned') \
       OR (OLD.state = 'draft' AND NEW.state NOT IN ('draft', 'submitted')) \
       OR (OLD.state = 'submitted' AND (NEW.state NOT IN ('validated', 'returned') \
         OR NEW.status IS NOT OLD.status OR NEW.percent IS NOT OLD.percent OR NEW.narrative_md IS NOT OLD.narrative_md \
         OR NEW.narrative_html IS NOT OLD.narrative_html OR NEW.next_steps_html IS NOT OLD.next_steps_html \
         OR NEW.evidence IS NOT OLD.evidence OR NEW.next_steps_md IS NOT OLD.next_steps_md OR NEW.seq IS NOT OLD.seq \
         OR NEW.reporter IS NOT OLD.reporter OR NEW.cycle_id IS NOT OLD.cycle_id \
         OR NEW.author IS NOT OLD.author OR NEW.author_id IS NOT OLD.author_id \
         OR NEW.submitted_at IS NOT OLD.submitted_at OR NEW.updated_at IS NOT OLD.updated_at \
         OR NEW.recommendation_id IS NOT OLD.recommendation_id)) \
     BEGIN SELECT RAISE(ABORT, 'submitted progress reports are append-only'); END;",
    "CREATE TRIGGER progress_report_append_only_delete BEFORE DELETE ON progress_report \
     WHEN OLD.state <> 'draft' \
     BEGIN SELECT RAISE(ABORT, 'submitted progress reports are append-only'); END;",
];

const POSTGRES_APPEND_ONLY: [&str; 2] = [
    "CREATE FUNCTION progress_report_append_only() RETURNS trigger AS $$ BEGIN \
       IF TG_OP = 'DELETE' THEN \
         IF OLD.state <> 'draft' THEN RAISE EXCEPTION 'submitted progress reports are append-only'; END IF; \
         RETURN OLD; END IF; \
       IF OLD.state IN ('validated', 'returned') THEN RAISE EXCEPTION 'submitted progress reports are append-only'; END IF; \
       IF OLD.state = 'draft' AND NEW.state NOT IN ('draft', 'submitted') THEN \
         RAISE EXCEPTION 'a draft report can only be submitted'; END IF; \
       IF OLD.state = 'submitted' AND (NEW.state NOT IN ('validated', 'returned') \
         OR NEW.status IS DISTINCT FROM OLD.status OR NEW.percent IS DISTINCT FROM OLD.percent \
         OR NEW.narrative_html IS DISTINCT FROM OLD.narrative_html OR NEW.next_steps_html IS DISTINCT FROM OLD.next_steps_html \
         OR NEW.author IS DISTINCT FROM OLD.author OR NEW.author_id IS DISTINCT FROM OLD.author_id \
         OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at OR NEW.updated_at IS DISTINCT FROM OLD.updated_at \
         OR NEW.narrative_md IS DISTINCT FROM OLD.narrative_md OR NEW.evidence IS DISTINCT FROM OLD.evidence \
         OR NEW.next_steps_md IS DISTINCT FROM OLD.next_steps_md OR NEW.seq IS DISTINCT FROM OLD.seq \
         OR NEW.reporter IS DISTINCT FROM OLD.reporter OR NEW.cycle_id IS DISTINCT FROM OLD.cycle_id \
         OR NEW.recommendation_id IS DISTINCT FROM OLD.recommendation_id) THEN \
         RAISE EXCEPTION 'submitted progress reports are append-only'; END IF; \
       RETURN NEW; END; $$ LANGUAGE plpgsql;",
    "CREATE TRIGGER progress_report_append_only BEFORE UPDATE OR DELETE ON progress_report \
     FOR EACH ROW EXECUTE FUNCTION progress_report_append_only();",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One Plan of Action per meeting (the meeting that adopts it); its recommendations are
        // the meeting's `recommendation` rows.
        manager
            .create_table(
                Table::create()
                    .table(id("plan"))
                    .col(pk_auto(id("id")))
                    .col(integer_uniq(id("meeting_id")))
                    .col(string(id("status")))
                    .col(date_null(id("adopted_on")))
                    .col(boolean(id("public_status")).default(false))
                    .col(boolean(id("public_narratives")).default(false))
                    .col(integer(id("version")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .foreign_key(&mut fk("plan", "meeting_id", "meeting", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("plan_theme"))
                    .col(string(id("code")).primary_key())
                    .col(string(id("name_en")))
                    .col(string(id("name_fr")))
                    .col(string(id("name_pt")))
                    .col(integer(id("position")))
                    .to_owned(),
            )
            .await?;
        for (i, (code, en, fr, pt)) in THEMES.iter().enumerate() {
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(id("plan_theme"))
                        .columns([id("code"), id("name_en"), id("name_fr"), id("name_pt"), id("position")])
                        .values_panic([(*code).into(), (*en).into(), (*fr).into(), (*pt).into(), (i as i32 + 1).into()])
                        .to_owned(),
                )
                .await?;
        }
        // SQLite adds one column per ALTER TABLE.
        let text_cols =
            ["code", "heading", "theme", "states", "bodies", "frameworks", "text_fr_md", "text_fr_html", "text_pt_md", "text_pt_html"];
        for c in text_cols {
            manager.alter_table(Table::alter().table(id("recommendation")).add_column(text(id(c)).default("")).to_owned()).await?;
        }
        manager
            .alter_table(Table::alter().table(id("recommendation")).add_column(string(id("level")).default("national")).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(id("recommendation")).add_column(text(id("indicators")).default("[]")).to_owned()).await?;
        manager.alter_table(Table::alter().table(id("recommendation")).add_column(date_null(id("target_date"))).to_owned()).await?;
        manager.alter_table(Table::alter().table(id("recommendation")).add_column(integer(id("position")).default(0)).to_owned()).await?;
        manager.alter_table(Table::alter().table(id("recommendation")).add_column(integer(id("version")).default(1)).to_owned()).await?;

        manager
            .create_table(
                Table::create()
                    .table(id("recommendation_amendment"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("recommendation_id")))
                    .col(integer(id("number")))
                    .col(date(id("amended_on")))
                    .col(text(id("reason")))
                    .col(text(id("before_json")))
                    .col(text(id("after_json")))
                    .col(integer_null(id("user_id")))
                    .col(string(id("author")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .foreign_key(&mut fk(
                        "recommendation_amendment",
                        "recommendation_id",
                        "recommendation",
                        "id",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk("recommendation_amendment", "user_id", "app_user", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_recommendation_amendment")
                    .table(id("recommendation_amendment"))
                    .col(id("recommendation_id"))
                    .col(id("number"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("reporting_cycle"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("plan_id")))
                    .col(string(id("title")))
                    .col(date(id("opens_on")))
                    .col(date(id("due_on")))
                    .col(timestamp_with_time_zone_null(id("closed_at")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .foreign_key(&mut fk("reporting_cycle", "plan_id", "plan", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("cycle_recommendation"))
                    .col(integer(id("cycle_id")))
                    .col(integer(id("recommendation_id")))
                    .primary_key(Index::create().col(id("cycle_id")).col(id("recommendation_id")))
                    .foreign_key(&mut fk("cycle_recommendation", "cycle_id", "reporting_cycle", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("cycle_recommendation", "recommendation_id", "recommendation", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        // One row per version of a report by one reporter (a member state's code) on one
        // recommendation in one cycle: at most one draft, then submitted versions numbered by `seq`.
        manager
            .create_table(
                Table::create()
                    .table(id("progress_report"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("cycle_id")))
                    .col(integer(id("recommendation_id")))
                    .col(string(id("reporter")))
                    .col(integer(id("seq")))
                    .col(string(id("state")))
                    .col(string(id("status")))
                    .col(integer(id("percent")))
                    .col(text(id("narrative_md")))
                    .col(text(id("narrative_html")))
                    .col(text(id("evidence")))
                    .col(text(id("next_steps_md")))
                    .col(text(id("next_steps_html")))
                    .col(integer_null(id("author_id")))
                    .col(string(id("author")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .col(timestamp_with_time_zone_null(id("submitted_at")))
                    .col(string(id("reviewer")).default(""))
                    .col(timestamp_with_time_zone_null(id("reviewed_at")))
                    .col(text(id("review_comment")).default(""))
                    .foreign_key(&mut fk("progress_report", "cycle_id", "reporting_cycle", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("progress_report", "recommendation_id", "recommendation", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("progress_report", "author_id", "app_user", "id", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_progress_report_seq")
                    .table(id("progress_report"))
                    .col(id("cycle_id"))
                    .col(id("recommendation_id"))
                    .col(id("reporter"))
                    .col(id("seq"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_progress_report_rec").table(id("progress_report")).col(id("recommendation_id")).to_owned(),
            )
            .await?;
        // Each reminder is sent once: (cycle, kind, reporter) is unique.
        manager
            .create_table(
                Table::create()
                    .table(id("cycle_reminder"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("cycle_id")))
                    .col(string(id("kind")))
                    .col(string(id("reporter")))
                    .col(timestamp_with_time_zone(id("sent_at")))
                    .foreign_key(&mut fk("cycle_reminder", "cycle_id", "reporting_cycle", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_cycle_reminder")
                    .table(id("cycle_reminder"))
                    .col(id("cycle_id"))
                    .col(id("kind"))
                    .col(id("reporter"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // Codes are unique within a plan (drafts from minutes have none yet).
        db.execute_unprepared("CREATE UNIQUE INDEX uq_recommendation_code ON recommendation (meeting_id, code) WHERE code <> ''").await?;
        let statements: &[&str] = match manager.get_database_backend() {
            DatabaseBackend::Sqlite => &SQLITE_APPEND_ONLY,
            DatabaseBackend::Postgres => &POSTGRES_APPEND_ONLY,
            other => return Err(DbErr::Migration(format!("unsupported database backend {other:?}"))),
        };
        for s in statements {
            db.execute_unprepared(s).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "cycle_reminder",
            "progress_report",
            "cycle_recommendation",
            "reporting_cycle",
            "recommendation_amendment",
            "plan_theme",
            "plan",
        ] {
            manager.drop_table(Table::drop().table(id(t)).to_owned()).await?;
        }
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager.get_connection().execute_unprepared("DROP FUNCTION IF EXISTS progress_report_append_only()").await?;
        }
        manager.get_connection().execute_unprepared("DROP INDEX IF EXISTS uq_recommendation_code").await?;
        for c in [
            "code",
            "heading",
            "theme",
            "states",
            "bodies",
            "frameworks",
            "text_fr_md",
            "text_fr_html",
            "text_pt_md",
            "text_pt_html",
            "level",
            "indicators",
            "target_date",
            "position",
            "version",
        ] {
            manager.alter_table(Table::alter().table(id("recommendation")).drop_column(id(c)).to_owned()).await?;
        }
        Ok(())
    }
}
