//! The `profile_reminder` table: a state reminded that its profile is due (once per due year).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "profile_reminder")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub country_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub due_year: i32,
    pub sent_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
