//! The `minutes` table.

use crate::domain::{Access, MinutesStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "minutes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub status: MinutesStatus,
    pub access: Access,
    pub comments_close_on: Option<Date>,
    pub circulated_at: Option<DateTimeUtc>,
    pub adopted_at: Option<DateTimeUtc>,
    pub adopted_by: Option<i32>,
    pub adopted_by_name: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
