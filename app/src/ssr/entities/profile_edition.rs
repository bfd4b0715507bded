//! The `profile_edition` table: a state's migration profile of one year.

use crate::domain::{Lang, ProfileStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "profile_edition")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub country_code: String,
    pub year: i32,
    pub status: ProfileStatus,
    /// The language a chapter falls back to when it has no text in the reader's.
    pub source_lang: Lang,
    /// The edition this one started as a copy of.
    pub copied_from: Option<i32>,
    pub version: i32,
    pub validated_by_name: String,
    pub validated_at: Option<DateTimeUtc>,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
