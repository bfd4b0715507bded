//! The `app_user` table.

use crate::domain::{Lang, Role};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub role: Role,
    pub country_code: Option<String>,
    pub locale: Lang,
    pub active: bool,
    pub invite_token_hash: Option<String>,
    pub invite_expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// A regional body focal point's body (see `domain::plan::REGIONAL_BODIES`).
    pub body_code: Option<String>,
    /// A single-use link to set or reset the password: its SHA-256 and when it expires.
    pub reset_token_hash: Option<String>,
    pub reset_expires_at: Option<DateTimeUtc>,
    pub last_login_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
