//! The `meeting_message_recipient` table: who a message went to, in which language, and the
//! outbox row of their email (whose state is the delivery state).

use crate::domain::Lang;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_message_recipient")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub message_id: i32,
    pub registration_id: Option<i32>,
    pub name: String,
    pub email: String,
    pub lang: Lang,
    /// False: the recipient's language had no text; they got the original (with a note).
    pub translated: bool,
    pub outbox_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
