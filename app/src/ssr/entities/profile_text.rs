//! The `profile_text` table: one chapter of a profile edition in one language.

use crate::domain::{Chapter, Lang};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "profile_text")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub edition_id: i32,
    pub chapter: Chapter,
    pub lang: Lang,
    pub body_md: String,
    /// Rendered and sanitised when saved.
    pub body_html: String,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
