//! The `meeting` table.

use crate::domain::{Lang, MeetingKind, MeetingStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: MeetingKind,
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
    pub status: MeetingStatus,
    pub chair: String,
    pub co_organisers: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The language the meeting's texts (and its agenda's) are written in.
    pub source_lang: Lang,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The language the meeting's texts are written in.
    pub fn text_lang(&self) -> crate::domain::Lang {
        self.source_lang
    }
}
