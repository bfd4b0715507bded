//! The `profile_indicator` table: one indicator of the migration profiles' set.

use crate::domain::Chapter;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "profile_indicator")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub code: String,
    pub name_en: String,
    /// Empty: shown in English.
    pub name_fr: String,
    pub name_pt: String,
    pub unit: String,
    /// The chapter it belongs to.
    pub chapter: Chapter,
    pub position: i32,
    /// No longer asked for in new editions; its past values stay.
    pub archived: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The name in `lang`, or in English when it has none.
    pub fn name(&self, lang: crate::domain::Lang) -> &str {
        let n = match lang {
            crate::domain::Lang::En => &self.name_en,
            crate::domain::Lang::Fr => &self.name_fr,
            crate::domain::Lang::Pt => &self.name_pt,
        };
        if n.is_empty() {
            &self.name_en
        } else {
            n
        }
    }
}
