use crate::domain::{echo, Access, MinutesStatus, PassageKind};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SectionForm {
    /// Empty for a new section.
    pub id: String,
    pub meeting_id: String,
    pub version: String,
    pub agenda_item_id: String,
    pub title: String,
    pub body: String,
}

impl SectionForm {
    pub fn echo(&self) -> Vec<(String, String)> {
        echo(&[("agenda_item_id", &self.agenda_item_id), ("title", &self.title), ("body", &self.body)])
    }
}

/// Circulation (closing date), publication (access) and adoption all carry the minutes'
/// version, so that two people cannot act on different states.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MinutesStepForm {
    pub meeting_id: String,
    pub version: String,
    /// `circulate`, `adopt` or `access`.
    pub step: String,
    pub closes_on: String,
    pub access: String,
}

impl MinutesStepForm {
    pub fn echo(&self) -> Vec<(String, String)> {
        echo(&[("closes_on", &self.closes_on), ("access", &self.access)])
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CommentForm {
    pub section_id: String,
    pub body: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CorrigendumForm {
    pub meeting_id: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i32,
    pub author: String,
    pub body_html: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionView {
    pub id: i32,
    pub position: i32,
    pub agenda_item: Option<(i32, String)>,
    pub title: String,
    /// The Markdown source, for the secretariat's editor only.
    pub body_md: String,
    /// Sanitised HTML with decision and recommendation passages labelled and anchored.
    pub body_html: String,
    pub version: i32,
    /// Visible to the secretariat and heads of delegation only (empty for everyone else).
    pub comments: Vec<CommentView>,
    /// For the secretariat drafting the section of an agenda item: the delegations that spoke
    /// on it (the speakers list), with the seconds each spoke.
    #[serde(default)]
    pub spoken: Vec<(crate::domain::CountryCode, i32)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrigendumView {
    pub number: i32,
    pub body_html: String,
    pub issued_at: DateTime<Utc>,
}

/// A recommendation draft created from adopted minutes, with its origin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendationDraft {
    pub id: i32,
    pub kind: PassageKind,
    pub text_html: String,
    pub section_id: Option<i32>,
    pub section_title: String,
    pub passage: Option<i32>,
    pub agenda_item: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesView {
    pub id: i32,
    pub status: MinutesStatus,
    pub access: Access,
    pub comments_close_on: Option<NaiveDate>,
    pub circulated_at: Option<DateTime<Utc>>,
    pub adopted_at: Option<DateTime<Utc>>,
    pub adopted_by: String,
    pub version: i32,
    pub sections: Vec<SectionView>,
    pub corrigenda: Vec<CorrigendumView>,
    /// Recommendation drafts made on adoption (secretariat only).
    pub recommendations: Vec<RecommendationDraft>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesPageData {
    pub meeting_id: i32,
    pub meeting_title: String,
    /// None when there are no minutes yet, or none the viewer may read.
    pub minutes: Option<MinutesView>,
    /// Why minutes that exist are not shown to this viewer (None: there are none to show, or
    /// they are the secretariat's draft or its own).
    #[serde(default)]
    pub withheld: Option<Withheld>,
    /// Whether the viewer is signed in (an anonymous one is offered to sign in to read adopted
    /// minutes for delegates).
    #[serde(default)]
    pub signed_in: bool,
    pub is_secretariat: bool,
    /// The viewer may comment now (a head of delegation or the secretariat, during circulation).
    pub can_comment: bool,
    /// The viewer sees comments (secretariat and heads of delegation).
    pub sees_comments: bool,
    /// The meeting's agenda items, for the secretariat's section form.
    pub agenda_items: Vec<(i32, String)>,
    pub today: NaiveDate,
}

/// Minutes that exist but that this viewer may not read, and who may.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Withheld {
    /// Circulated in draft to the heads of delegation for comment.
    HeadsOfDelegation,
    /// Adopted, for the meeting's delegates.
    Delegates,
}
