//! The `agenda_revision` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agenda_revision")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub number: i32,
    pub published_at: DateTimeUtc,
    pub published_by: Option<i32>,
    pub note: String,
    pub snapshot: String,
    pub changelog: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The revision's meeting (joined by `features::agenda::service::visible_with_latest`).
    #[sea_orm(belongs_to = "super::meeting::Entity", from = "Column::MeetingId", to = "super::meeting::Column::Id")]
    Meeting,
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The agenda as it was published in this revision.
    pub fn agenda(&self) -> crate::ssr::error::ServiceResult<crate::domain::agenda::AgendaSnapshot> {
        serde_json::from_str(&self.snapshot)
            .map_err(|e| crate::ssr::error::ServiceError::Internal(format!("revision {} snapshot: {e}", self.id)))
    }
}

/// The meeting's latest published revision, if any.
pub async fn latest(db: &impl ConnectionTrait, meeting_id: i32) -> Result<Option<Model>, DbErr> {
    use sea_orm::QueryOrder;
    Entity::find().filter(Column::MeetingId.eq(meeting_id)).order_by_desc(Column::Number).one(db).await
}
