//! The `speaker_request` table: a delegation on an agenda item's speakers list.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "speaker_request")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub item_id: i32,
    pub country_code: String,
    /// Order on the list (lower speaks first).
    pub position: i32,
    /// `waiting`, `speaking` or `done`.
    pub state: String,
    /// While speaking: since when.
    pub started_at: Option<DateTimeUtc>,
    /// Time spoken so far (added when the chair stops the speaker).
    pub spoken_seconds: i32,
    pub requested_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
