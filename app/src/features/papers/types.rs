use crate::domain::{echo, Access, Lang};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PaperForm {
    /// Empty for a new paper.
    pub id: String,
    pub version: String,
    pub meeting_id: String,
    /// A paper this one translates (new papers only): they become one translation group.
    pub translation_of: String,
    pub lang: String,
    pub access: String,
    pub title: String,
    pub body: String,
}

impl PaperForm {
    pub fn echo(&self) -> Vec<(String, String)> {
        echo(&[("lang", &self.lang), ("access", &self.access), ("title", &self.title), ("body", &self.body)])
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperSummary {
    pub id: i32,
    pub title: String,
    pub lang: Lang,
    pub access: Access,
    pub updated_at: DateTime<Utc>,
}

/// A paper as a reader sees it, with the translations they may read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperView {
    pub id: i32,
    pub meeting_id: i32,
    pub meeting_title: String,
    pub title: String,
    pub lang: Lang,
    pub access: Access,
    pub body_md: String,
    pub body_html: String,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    pub translations: Vec<PaperSummary>,
    pub can_edit: bool,
    /// Earlier versions (number, date), for the secretariat only.
    pub versions: Vec<(i32, DateTime<Utc>)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperList {
    pub meeting_id: i32,
    pub meeting_title: String,
    pub papers: Vec<PaperSummary>,
    pub can_edit: bool,
}
