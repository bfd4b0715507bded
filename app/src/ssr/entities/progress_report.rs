//! The `progress_report` table.

use crate::domain::{ReportState, ReportStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "progress_report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub cycle_id: i32,
    pub recommendation_id: i32,
    pub reporter: String,
    pub seq: i32,
    pub state: ReportState,
    pub status: ReportStatus,
    pub percent: i32,
    pub narrative_md: String,
    pub narrative_html: String,
    pub evidence: String,
    pub next_steps_md: String,
    pub next_steps_html: String,
    pub author_id: Option<i32>,
    pub author: String,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    pub reviewer: String,
    pub reviewed_at: Option<DateTimeUtc>,
    pub review_comment: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
