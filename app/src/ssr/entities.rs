//! sea-orm entities, one module per table. Written by hand to match the migrations.

pub mod member_state {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "member_state")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        pub name_en: String,
        pub name_fr: String,
        pub name_pt: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod app_user {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "app_user")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub email: String,
        pub display_name: String,
        pub password_hash: Option<String>,
        pub role: String,
        pub country_code: Option<String>,
        pub locale: String,
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
}

pub mod user_session {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "user_session")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub token_hash: String,
        pub user_id: i32,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod login_attempt {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "login_attempt")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub email: String,
        pub ip: String,
        pub success: bool,
        pub at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod rate_event {
    use sea_orm::entity::prelude::*;

    /// One counted event of a per-address limit (a self-registration, a password-link request).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "rate_event")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub kind: String,
        pub subject: String,
        pub at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod audit_log {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub at: DateTimeUtc,
        pub actor_id: Option<i32>,
        pub actor_email: String,
        pub action: String,
        pub entity: String,
        pub entity_id: Option<i32>,
        pub summary: String,
        pub detail: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod meeting {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "meeting")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub kind: String,
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
        pub status: String,
        pub chair: String,
        pub co_organisers: String,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// The language the meeting's texts (and its agenda's) are written in.
        pub source_lang: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl Model {
        /// The language the meeting's texts are written in.
        pub fn text_lang(&self) -> crate::domain::Lang {
            crate::domain::Lang::from_code(&self.source_lang).unwrap_or_default()
        }
    }
}

pub mod agenda_session {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "agenda_session")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub meeting_id: i32,
        pub day: Date,
        pub position: i32,
        pub title: String,
        pub room: String,
        pub chair: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod agenda_item {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "agenda_item")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub meeting_id: i32,
        pub session_id: i32,
        pub kind: String,
        pub start_minute: i32,
        pub end_minute: i32,
        pub title: String,
        pub description_md: String,
        pub description_html: String,
        pub room: String,
        pub chair: String,
        pub speakers: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod agenda_revision {
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
    pub enum Relation {}

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
}

pub mod outbox {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "outbox")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub kind: String,
        pub recipient: String,
        pub locale: String,
        pub payload: String,
        pub status: String,
        pub attempts: i32,
        pub next_attempt_at: DateTimeUtc,
        pub claimed_by: Option<String>,
        pub claimed_at: Option<DateTimeUtc>,
        pub sent_at: Option<DateTimeUtc>,
        pub last_error: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod registration_settings {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "registration_settings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub meeting_id: i32,
        pub opens_at: DateTimeUtc,
        pub closes_at: DateTimeUtc,
        pub capacity: i32,
        pub quota_per_delegation: i32,
        pub categories: String,
        pub approval_required: bool,
        pub version: i32,
        pub lock_seq: i64,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod registration {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "registration")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub meeting_id: i32,
        pub category: String,
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
        pub status: String,
        pub reason: String,
        pub confirm_token_hash: Option<String>,
        pub nominated_by: Option<i32>,
        pub locale: String,
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
}

pub mod calendar_feed {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "calendar_feed")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub user_id: i32,
        pub token_hash: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod paper {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "paper")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub meeting_id: i32,
        pub agenda_item_id: Option<i32>,
        pub translation_group: i32,
        pub lang: String,
        pub access: String,
        pub title: String,
        pub body_md: String,
        pub body_html: String,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod paper_version {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "paper_version")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub paper_id: i32,
        pub number: i32,
        pub access: String,
        pub title: String,
        pub body_md: String,
        pub body_html: String,
        pub edited_by: Option<i32>,
        pub edited_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod paper_file {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "paper_file")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub paper_id: i32,
        pub name: String,
        pub content_type: String,
        pub size: i64,
        pub sha256: String,
        pub uploaded_by: Option<i32>,
        pub uploaded_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod paper_digest {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "paper_digest")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub email: String,
        pub last_sent_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod minutes {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "minutes")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub meeting_id: i32,
        pub status: String,
        pub access: String,
        pub comments_close_on: Option<Date>,
        pub circulated_at: Option<DateTimeUtc>,
        pub adopted_at: Option<DateTimeUtc>,
        pub adopted_by: Option<i32>,
        pub adopted_by_name: String,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod minutes_section {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "minutes_section")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub minutes_id: i32,
        pub position: i32,
        pub agenda_item_id: Option<i32>,
        pub title: String,
        pub body_md: String,
        pub body_html: String,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod minutes_comment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "minutes_comment")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub section_id: i32,
        pub user_id: Option<i32>,
        pub author: String,
        pub body_md: String,
        pub body_html: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod minutes_corrigendum {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "minutes_corrigendum")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub minutes_id: i32,
        pub number: i32,
        pub body_md: String,
        pub body_html: String,
        pub issued_by: Option<i32>,
        pub issued_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod recommendation {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "recommendation")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub meeting_id: i32,
        pub kind: String,
        pub status: String,
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
        pub level: String,
        /// JSON array of `{name, baseline, target}`.
        pub indicators: String,
        pub target_date: Option<Date>,
        pub position: i32,
        pub version: i32,
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
}

pub mod search_doc {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "search_doc")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub kind: String,
        pub ref_id: i32,
        pub meeting_id: i32,
        pub access: String,
        pub lang: String,
        pub title: String,
        pub body: String,
        pub url: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod plan {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "plan")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub meeting_id: i32,
        pub status: String,
        pub adopted_on: Option<Date>,
        pub public_status: bool,
        pub public_narratives: bool,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod plan_theme {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "plan_theme")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        pub name_en: String,
        pub name_fr: String,
        pub name_pt: String,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod recommendation_amendment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "recommendation_amendment")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub recommendation_id: i32,
        pub number: i32,
        pub amended_on: Date,
        pub reason: String,
        pub before_json: String,
        pub after_json: String,
        pub user_id: Option<i32>,
        pub author: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod reporting_cycle {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "reporting_cycle")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub plan_id: i32,
        pub title: String,
        pub opens_on: Date,
        pub due_on: Date,
        pub closed_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod cycle_recommendation {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "cycle_recommendation")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub cycle_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub recommendation_id: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod progress_report {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "progress_report")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub cycle_id: i32,
        pub recommendation_id: i32,
        pub reporter: String,
        pub seq: i32,
        pub state: String,
        pub status: String,
        pub percent: i32,
        pub narrative_md: String,
        pub narrative_html: String,
        pub evidence: String,
        pub next_steps_md: String,
        pub next_steps_html: String,
        pub author_id: Option<i32>,
        pub author: String,
        pub updated_at: DateTimeUtc,
        pub submitted_at: Option<DateTimeUtc>,
        pub reviewer: String,
        pub reviewed_at: Option<DateTimeUtc>,
        pub review_comment: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod cycle_reminder {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "cycle_reminder")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub cycle_id: i32,
        pub kind: String,
        pub reporter: String,
        pub sent_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod api_token {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "api_token")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub user_id: i32,
        pub name: String,
        pub token_hash: String,
        pub created_at: DateTimeUtc,
        pub last_used_at: Option<DateTimeUtc>,
        pub revoked_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod report_file {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "report_file")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub report_id: i32,
        pub name: String,
        pub content_type: String,
        pub size: i64,
        pub sha256: String,
        pub uploaded_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod content_translation {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "content_translation")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub meeting_id: i32,
        pub entity: String,
        pub entity_id: i32,
        pub field: String,
        pub lang: String,
        pub text_md: String,
        pub html: String,
        pub source_digest: String,
        pub updated_at: DateTimeUtc,
        pub updated_by: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
