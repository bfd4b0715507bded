//! The `minutes_corrigendum` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "minutes_corrigendum")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub minutes_id: i32,
    pub number: i32,
    pub body_md: String,
    pub body_html: String,
    pub issued_by: Option<i32>,
    pub issued_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
