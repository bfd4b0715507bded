//! The `minutes_section` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "minutes_section")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub minutes_id: i32,
    pub position: i32,
    pub agenda_item_id: Option<i32>,
    pub title: String,
    pub body_md: String,
    pub body_html: String,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
