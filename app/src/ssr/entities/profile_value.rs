//! The `profile_value` table: an indicator's value in a profile edition (no row: missing).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "profile_value")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub edition_id: i32,
    pub indicator_id: i32,
    pub value: f64,
    /// The year the value refers to (may be older than the edition's).
    pub year: i32,
    pub source: String,
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
