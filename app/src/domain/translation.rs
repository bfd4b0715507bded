//! What the translation overview says about a text.

use serde::{Deserialize, Serialize};

/// Which text of a meeting this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextKind {
    MeetingTitle,
    MeetingDescription,
    SessionTitle,
    ItemTitle,
    ItemDescription,
    Paper,
    Recommendation,
}

/// Where a text stands in one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextStatus {
    /// The language the text is written in.
    Original,
    Translated,
    Missing,
    /// Translated from an earlier wording of the source: readers see the original.
    Outdated,
}
