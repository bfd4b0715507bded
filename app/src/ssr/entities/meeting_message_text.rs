//! The `meeting_message_text` table: a message's subject and body in one language.

use crate::domain::Lang;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_message_text")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub message_id: i32,
    pub lang: Lang,
    pub subject: String,
    pub body_md: String,
    /// Rendered and sanitised when sent.
    pub body_html: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
