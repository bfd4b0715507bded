//! The `live_announcement` table: what the secretariat announced during a meeting.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "live_announcement")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub item_id: Option<i32>,
    /// The item's title when announced (kept as it was said).
    pub item_title: String,
    /// `current`, `delay`, `room` or `note`.
    pub kind: String,
    pub delay_minutes: i32,
    pub room: String,
    pub note: String,
    /// The agenda revision the change was published in (delays and rooms).
    pub revision: Option<i32>,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
