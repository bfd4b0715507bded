//! The `meeting_message` table: a message from the secretariat to a meeting's participants.

use crate::domain::Lang;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    /// The language the message was written in (the fallback for recipients of another).
    pub source_lang: Lang,
    /// The filters it was sent with (empty: any).
    pub filter_status: String,
    pub filter_category: String,
    pub filter_country: String,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    /// The one-time token of the page it was sent from.
    pub form_token: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
