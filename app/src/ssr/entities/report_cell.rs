//! The `report_cell` table: a cell of the regional matrix, kept by the reporting service when a
//! report is submitted, validated or returned (see the migration that creates it).

use crate::domain::ReportStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_cell")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub cycle_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub recommendation_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub reporter: String,
    /// Some version is submitted or validated.
    pub reported: bool,
    /// The latest validated version: its number, status and percent.
    pub seq: Option<i32>,
    pub status: Option<ReportStatus>,
    pub percent: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
