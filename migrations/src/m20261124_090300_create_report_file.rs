use crate::{fk, id};
use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Evidence files of progress reports: attached to (and removed from) a draft only; a submitted
/// version's files never change (the database refuses it, like the report itself).
const SQLITE: [&str; 2] = [
    "CREATE TRIGGER report_file_append_only_insert BEFORE INSERT ON report_file \
     WHEN (SELECT state FROM progress_report WHERE id = NEW.report_id) <> 'draft' \
     BEGIN SELECT RAISE(ABORT, 'evidence of a submitted report is append-only'); END;",
    "CREATE TRIGGER report_file_append_only_delete BEFORE DELETE ON report_file \
     WHEN (SELECT state FROM progress_report WHERE id = OLD.report_id) <> 'draft' \
     BEGIN SELECT RAISE(ABORT, 'evidence of a submitted report is append-only'); END;",
];

const POSTGRES: [&str; 2] = [
    "CREATE FUNCTION report_file_append_only() RETURNS trigger AS $$ DECLARE rid integer; BEGIN \
       IF TG_OP = 'INSERT' THEN rid := NEW.report_id; ELSE rid := OLD.report_id; END IF; \
       IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM progress_report WHERE id = rid) THEN RETURN OLD; END IF; \
       IF (SELECT state FROM progress_report WHERE id = rid) <> 'draft' THEN \
         RAISE EXCEPTION 'evidence of a submitted report is append-only'; END IF; \
       IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql;",
    "CREATE TRIGGER report_file_append_only BEFORE INSERT OR UPDATE OR DELETE ON report_file \
     FOR EACH ROW EXECUTE FUNCTION report_file_append_only();",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("report_file"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("report_id")))
                    .col(string(id("name")))
                    .col(string(id("content_type")))
                    .col(big_integer(id("size")))
                    .col(string(id("sha256")))
                    .col(timestamp_with_time_zone(id("uploaded_at")))
                    .foreign_key(&mut fk("report_file", "report_id", "progress_report", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_report_file_report").table(id("report_file")).col(id("report_id")).to_owned())
            .await?;
        manager.create_index(Index::create().name("idx_report_file_sha").table(id("report_file")).col(id("sha256")).to_owned()).await?;
        let statements: &[&str] = match manager.get_database_backend() {
            DatabaseBackend::Sqlite => &SQLITE,
            DatabaseBackend::Postgres => &POSTGRES,
            other => return Err(DbErr::Migration(format!("unsupported database backend {other:?}"))),
        };
        for s in statements {
            manager.get_connection().execute_unprepared(s).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(id("report_file")).to_owned()).await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager.get_connection().execute_unprepared("DROP FUNCTION IF EXISTS report_file_append_only()").await?;
        }
        Ok(())
    }
}
