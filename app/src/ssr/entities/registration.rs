//! The `registration` table.

use crate::domain::{Lang, RegistrationCategory, RegistrationStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub category: RegistrationCategory,
    pub country_code: Option<String>,
    pub organisation: String,
    pub title: String,
    pub given_name: String,
    pub family_name: String,
    pub position: String,
    pub ministry: String,
    pub email: String,
    pub phone: String,
    pub dietary: String,
    pub accessibility: String,
    pub arrival: Option<Date>,
    pub departure: Option<Date>,
    pub passport_number: String,
    pub passport_nationality: String,
    pub passport_expiry: Option<Date>,
    pub consent_list: bool,
    pub consent_contact: bool,
    pub status: RegistrationStatus,
    pub reason: String,
    pub confirm_token_hash: Option<String>,
    pub nominated_by: Option<i32>,
    pub locale: Lang,
    pub waitlisted_at: Option<DateTimeUtc>,
    pub checkin_token: String,
    pub checked_in_at: Option<DateTimeUtc>,
    pub reminder_sent_at: Option<DateTimeUtc>,
    pub client_ip: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// For the delegation categories: the state's focal point or the secretariat nominated
    /// or confirmed this person. Until then a self-registration gives no delegate right.
    pub delegation_confirmed: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The person's name as registered ("Hon. Juma Mwakyusa").
    pub fn display_name(&self) -> String {
        crate::domain::person_name(&self.title, &self.given_name, &self.family_name)
    }
}
