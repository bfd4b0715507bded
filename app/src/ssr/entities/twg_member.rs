//! The `twg_member` table: a member of a state's technical working group.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "twg_member")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub country_code: String,
    /// The member's account, if they have one (they then see the group's workspace).
    pub user_id: Option<i32>,
    pub name: String,
    pub function: String,
    pub ministry: String,
    pub is_chair: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
