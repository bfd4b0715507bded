//! The `paper_version` table.

use crate::domain::Access;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "paper_version")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub paper_id: i32,
    pub number: i32,
    pub access: Access,
    pub title: String,
    pub body_md: String,
    pub body_html: String,
    pub edited_by: Option<i32>,
    pub edited_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
