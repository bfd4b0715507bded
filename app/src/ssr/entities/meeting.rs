//! The `meeting` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: String,
    pub title: String,
    pub description_md: String,
    pub description_html: String,
    pub venue: String,
    pub city: String,
    pub host_country: String,
    pub timezone: String,
    pub start_date: Date,
    pub end_date: Date,
    pub languages: String,
    pub status: String,
    pub chair: String,
    pub co_organisers: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The language the meeting's texts (and its agenda's) are written in.
    pub source_lang: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The language the meeting's texts are written in.
    pub fn text_lang(&self) -> crate::domain::Lang {
        crate::domain::Lang::from_code(&self.source_lang).unwrap_or_default()
    }
}
