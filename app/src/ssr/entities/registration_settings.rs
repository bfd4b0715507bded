//! The `registration_settings` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub meeting_id: i32,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub capacity: i32,
    pub quota_per_delegation: i32,
    pub categories: String,
    pub approval_required: bool,
    /// Members of a delegation are approved only once its note verbale is in.
    pub note_verbale_required: bool,
    pub version: i32,
    pub lock_seq: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
