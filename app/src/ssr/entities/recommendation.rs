//! The `recommendation` table.

use crate::domain::{Level, PassageKind, PlanStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recommendation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub kind: PassageKind,
    pub status: PlanStatus,
    pub text_md: String,
    pub text_html: String,
    pub origin_agenda_item_id: Option<i32>,
    pub origin_section_id: Option<i32>,
    pub origin_passage: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub code: String,
    pub heading: String,
    pub theme: String,
    /// `ALL` or comma-separated member-state codes.
    pub states: String,
    /// Comma-separated regional body codes.
    pub bodies: String,
    /// Comma-separated framework references (`GCM-3`, `SDG-10.7`).
    pub frameworks: String,
    pub text_fr_md: String,
    pub text_fr_html: String,
    pub text_pt_md: String,
    pub text_pt_html: String,
    pub level: Level,
    /// JSON array of `{name, baseline, target}`.
    pub indicators: String,
    pub target_date: Option<Date>,
    pub position: i32,
    pub version: i32,
    /// A draft proposed by a published migration profile: its edition, `CC/YEAR`.
    pub origin_profile: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Recommendations in plan order: by code (R1.2 before R1.10), those without a code (drafts
/// from the minutes) last; headings follow the codes.
pub fn sort_in_plan_order(list: &mut [Model]) {
    use crate::domain::plan::code_key;
    list.sort_by(|a, b| {
        (a.code.is_empty(), code_key(&a.code), a.position, a.id).cmp(&(b.code.is_empty(), code_key(&b.code), b.position, b.id))
    });
}
