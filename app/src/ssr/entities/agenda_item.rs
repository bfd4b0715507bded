//! The `agenda_item` table.

use crate::domain::ItemKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agenda_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub session_id: i32,
    pub kind: ItemKind,
    pub start_minute: i32,
    pub end_minute: i32,
    pub title: String,
    pub description_md: String,
    pub description_html: String,
    pub room: String,
    pub chair: String,
    pub speakers: String,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
