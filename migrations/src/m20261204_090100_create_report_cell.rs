use crate::{fk, id};
use sea_orm_migration::{prelude::*, schema::*};

/// Fills `report_cell` from the reports: one row per cell with a submitted or validated version,
/// with its latest validated version (public: a test checks it agrees with what the service keeps).
pub const REPORT_CELL_BACKFILL: &str = "INSERT INTO report_cell (cycle_id, recommendation_id, reporter, reported, seq, status, percent) \
                 SELECT c.cycle_id, c.recommendation_id, c.reporter, TRUE, v.seq, v.status, v.percent \
                 FROM (SELECT DISTINCT cycle_id, recommendation_id, reporter FROM progress_report \
                       WHERE state IN ('submitted', 'validated')) c \
                 LEFT JOIN progress_report v ON v.cycle_id = c.cycle_id AND v.recommendation_id = c.recommendation_id \
                   AND v.reporter = c.reporter AND v.state = 'validated' \
                   AND v.seq = (SELECT MAX(w.seq) FROM progress_report w WHERE w.cycle_id = c.cycle_id \
                     AND w.recommendation_id = c.recommendation_id AND w.reporter = c.reporter AND w.state = 'validated')";

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `report_cell`: one row per cell of the regional matrix that has something to show (cycle ×
/// recommendation × reporter): whether some version is in (submitted or validated), and the
/// latest validated version's number, status and percent. The reporting service keeps it in the
/// same transaction as the submission or review that changes it, so the dashboard, the matrix
/// API and exports read one row per cell instead of every version of every report. Filled here
/// from the reports already there.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("report_cell"))
                    .col(integer(id("cycle_id")))
                    .col(integer(id("recommendation_id")))
                    .col(string(id("reporter")))
                    .col(boolean(id("reported")))
                    .col(integer_null(id("seq")))
                    .col(string_null(id("status")))
                    .col(integer_null(id("percent")))
                    .primary_key(Index::create().col(id("cycle_id")).col(id("recommendation_id")).col(id("reporter")))
                    .foreign_key(&mut fk("report_cell", "cycle_id", "reporting_cycle", "id", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("report_cell", "recommendation_id", "recommendation", "id", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager.get_connection().execute_unprepared(REPORT_CELL_BACKFILL).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(id("report_cell")).to_owned()).await
    }
}
