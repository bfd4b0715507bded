//! The `letter_settings` table: a meeting's letterhead, signature and signatory for its
//! invitation letters and certificates.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letter_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub meeting_id: i32,
    pub letterhead_sha256: Option<String>,
    pub signature_sha256: Option<String>,
    pub signatory_name: String,
    pub signatory_title: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
