//! The `twg` table: a member state's national technical working group.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "twg")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub country_code: String,
    /// The ministries and agencies represented, one per line.
    pub ministries: String,
    /// Whether the state's published profiles are public (otherwise: signed-in readers only).
    pub profiles_public: bool,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
