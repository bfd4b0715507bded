use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    /// meeting, agenda_item, paper, minutes, corrigendum, recommendation
    pub kind: String,
    pub title: String,
    pub url: String,
    pub meeting_title: String,
    /// The matching excerpt: (highlighted, text) segments.
    pub snippet: Vec<(bool, String)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub hits: Vec<SearchHit>,
}

/// Highlight markers in snippets (Unicode private use characters, never in indexed text).
pub const MARK_START: char = '\u{E000}';
pub const MARK_END: char = '\u{E001}';

/// Splits a snippet with markers into (highlighted, text) segments.
pub fn segments(snippet: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut marked = false;
    for c in snippet.chars() {
        if c == MARK_START || c == MARK_END {
            if !current.is_empty() {
                out.push((marked, std::mem::take(&mut current)));
            }
            marked = c == MARK_START;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        out.push((marked, current));
    }
    out
}
