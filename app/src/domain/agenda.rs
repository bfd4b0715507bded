//! An agenda's content: days, sessions and items, as the working copy and as the frozen
//! snapshot of each published revision (stored as JSON).

use super::{ClockTime, ItemKind, Lang, PersonRef};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub id: i32,
    pub kind: ItemKind,
    pub start: ClockTime,
    pub end: ClockTime,
    pub title: String,
    pub description_md: String,
    pub description_html: String,
    pub room: String,
    pub chair: Option<PersonRef>,
    pub speakers: Vec<PersonRef>,
    pub version: i32,
    /// For readers: set when the title or description is shown in the original language
    /// because the reader's has no current translation (never stored in revisions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_lang: Option<Lang>,
    /// For readers in another time zone: the item's times in theirs, e.g. `07:00–07:30` or
    /// `23:30–00:15 (+1)` (never stored in revisions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub viewer_time: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaSession {
    pub id: i32,
    pub title: String,
    pub room: String,
    pub chair: Option<PersonRef>,
    pub version: i32,
    pub items: Vec<AgendaItem>,
    /// For readers: set when the title is shown in the original language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_lang: Option<Lang>,
}

impl AgendaSession {
    /// From the first item's start to the last item's end.
    pub fn span(&self) -> Option<(ClockTime, ClockTime)> {
        let start = self.items.iter().map(|i| i.start).min()?;
        let end = self.items.iter().map(|i| i.end).max()?;
        Some((start, end))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaDay {
    pub date: NaiveDate,
    pub sessions: Vec<AgendaSession>,
}

/// A whole agenda: the working copy, or the frozen content of a published revision.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaSnapshot {
    pub days: Vec<AgendaDay>,
}

impl AgendaSnapshot {
    pub fn item_count(&self) -> usize {
        self.days.iter().flat_map(|d| &d.sessions).map(|s| s.items.len()).sum()
    }
}
