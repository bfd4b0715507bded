//! Minutes: workflow states and the passages marked as decisions or recommendations.

use super::meeting::string_enum;
use super::{ErrorCode, FieldError};
use serde::{Deserialize, Serialize};

string_enum!(
    /// draft (secretariat) → circulated (heads of delegation comment) → adopted (locked).
    MinutesStatus {
        Draft = "draft",
        Circulated = "circulated",
        Adopted = "adopted",
    }
);

string_enum!(
    /// What a marked passage of the minutes is.
    PassageKind {
        Decision = "decision",
        Recommendation = "recommendation",
    }
);

impl PassageKind {
    /// The marker that starts a paragraph: `[decision]` or `[recommendation]`.
    pub fn marker(self) -> &'static str {
        match self {
            PassageKind::Decision => "[decision]",
            PassageKind::Recommendation => "[recommendation]",
        }
    }
}

/// Written at the start of a marked paragraph before rendering (`\u{E002}decision\u{E003} `):
/// private-use characters that are removed from users' text, so only real passages carry them.
pub const SENTINEL_OPEN: char = '\u{E002}';
pub const SENTINEL_CLOSE: char = '\u{E003}';

impl PassageKind {
    /// The sentinel that replaces the marker in the Markdown that is rendered.
    pub fn sentinel(self) -> String {
        format!("{SENTINEL_OPEN}{}{SENTINEL_CLOSE}", self.as_str())
    }
}

/// Turns each marked paragraph of sanitised HTML (`<p>` + sentinel) into a labelled, anchored
/// paragraph (`id="passage-{section}-{n}"`, numbered across both kinds, in order).
pub fn mark_passages(html: &str, section_id: i32, label: impl Fn(PassageKind) -> &'static str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    let mut n = 0;
    loop {
        let next =
            PassageKind::ALL.iter().filter_map(|k| rest.find(&format!("<p>{} ", k.sentinel())).map(|i| (i, *k))).min_by_key(|(i, _)| *i);
        let Some((i, k)) = next else { break };
        n += 1;
        out.push_str(&rest[..i]);
        out.push_str(&format!(
            "<p class=\"passage {}\" id=\"passage-{section_id}-{n}\"><strong class=\"passage-label\">{}</strong> ",
            k.as_str(),
            label(k)
        ));
        rest = &rest[i + 4 + k.sentinel().len()..];
    }
    out.push_str(rest);
    out
}

/// The search and visibility level of minutes: who may read them now (the secretariat while
/// they are a draft, the heads of delegation while circulated, their access level once adopted).
pub fn reading_level(status: MinutesStatus, access: super::Access) -> &'static str {
    match status {
        MinutesStatus::Draft => "secretariat",
        MinutesStatus::Circulated => "heads",
        MinutesStatus::Adopted => access.as_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_passages_in_html() {
        let html = format!(
            "<p>Intro</p>\n<p>{} Adopted.</p>\n<p>{} Share data.</p>",
            PassageKind::Decision.sentinel(),
            PassageKind::Recommendation.sentinel()
        );
        let out = mark_passages(&html, 7, |k| if k == PassageKind::Decision { "Decision" } else { "Recommendation" });
        assert_eq!(
            out,
            "<p>Intro</p>\n<p class=\"passage decision\" id=\"passage-7-1\"><strong class=\"passage-label\">Decision</strong> Adopted.</p>\n\
             <p class=\"passage recommendation\" id=\"passage-7-2\"><strong class=\"passage-label\">Recommendation</strong> Share data.</p>"
        );
    }

    #[test]
    fn statuses_parse() {
        assert_eq!(MinutesStatus::parse("status", "adopted").unwrap(), MinutesStatus::Adopted);
        assert_eq!(MinutesStatus::parse("status", "final").unwrap_err().code, ErrorCode::InvalidChoice);
        let _ = FieldError::new("x", ErrorCode::Required);
    }
}
