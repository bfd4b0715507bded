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
    /// The agenda item the paper belongs to (empty: the meeting as a whole).
    pub agenda_item_id: String,
    pub title: String,
    pub body: String,
}

impl PaperForm {
    pub fn echo(&self) -> Vec<(String, String)> {
        echo(&[
            ("lang", &self.lang),
            ("access", &self.access),
            ("agenda_item_id", &self.agenda_item_id),
            ("title", &self.title),
            ("body", &self.body),
        ])
    }
}

/// A file attached to a paper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    pub id: i32,
    pub paper_id: i32,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

impl FileInfo {
    /// `/papers/{paper}/files/{id}/{name}`: the name in the path is what browsers save as.
    pub fn href(&self) -> String {
        format!("/papers/{}/files/{}/{}", self.paper_id, self.id, crate::domain::url_segment(&self.name))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperSummary {
    pub id: i32,
    pub title: String,
    pub lang: Lang,
    pub access: Access,
    pub updated_at: DateTime<Utc>,
    /// The agenda item it belongs to, if any: (id, "Session — Item").
    pub agenda_item: Option<(i32, String)>,
    /// Attached files (filled in lists and on the paper itself).
    pub files: Vec<FileInfo>,
    /// Size of the paper's text as HTML, in bytes (for the offline pack's size).
    pub text_size: i64,
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
    pub agenda_item: Option<(i32, String)>,
    pub files: Vec<FileInfo>,
    /// The meeting's agenda items to choose from (secretariat only).
    pub agenda_items: Vec<(i32, String)>,
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
    /// The offline pack's size before compression (agenda, papers and files the viewer may read).
    pub pack_size: i64,
    /// The meeting's agenda items to choose from when adding a paper (secretariat only).
    pub agenda_items: Vec<(i32, String)>,
    /// How many papers are for the meeting's delegates and so not shown to this viewer (the
    /// page says so rather than "none"; their titles stay hidden).
    #[serde(default)]
    pub for_delegates: usize,
    /// Whether the viewer is signed in (an anonymous one is offered to sign in).
    #[serde(default)]
    pub signed_in: bool,
}

/// "1.4 MB", "320 KB", "900 B" in the reader's language ("1,4 Mo", "320 Ko", "900 o" in French).
pub fn human_size(t: &crate::i18n::Strings, bytes: i64) -> String {
    // From 1,023.5 KB up, a size rounds to megabytes (never "1,024 KB").
    if bytes >= 1024 * 1024 - 512 {
        format!("{}\u{a0}{}", t.decimal1(bytes as f64 / (1024.0 * 1024.0)), t.unit_mb)
    } else if bytes >= 1024 {
        format!("{}\u{a0}{}", t.number((bytes + 512) / 1024), t.unit_kb)
    } else {
        format!("{}\u{a0}{}", t.number(bytes), t.unit_b)
    }
}
