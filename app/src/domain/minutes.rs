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

/// The marker a paragraph starts with (any case), and the rest of its first line.
fn marked(block: &str) -> Option<(PassageKind, usize)> {
    let trimmed = block.trim_start();
    let offset = block.len() - trimmed.len();
    PassageKind::ALL.iter().find_map(|k| {
        let m = k.marker();
        (trimmed.len() >= m.len() && trimmed.is_char_boundary(m.len()) && trimmed[..m.len()].eq_ignore_ascii_case(m))
            .then_some((*k, offset + m.len()))
    })
}

/// Paragraphs (blocks separated by blank lines) that start with a marker, in order, with the
/// marker removed.
pub fn passages(md: &str) -> Vec<(PassageKind, String)> {
    blocks(md)
        .into_iter()
        .filter_map(|b| marked(b).map(|(k, end)| (k, b[end..].trim().to_string())))
        .filter(|(_, text)| !text.is_empty())
        .collect()
}

fn blocks(md: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    for line in md.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(&md[s..pos]);
            }
        } else if start.is_none() {
            start = Some(pos);
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(&md[s..]);
    }
    out
}

/// The Markdown with every marker written in lower case, so that the rendered HTML carries
/// `<p>[decision] ` exactly where a passage starts.
pub fn normalise_markers(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut last = 0;
    for b in blocks(md) {
        let start = b.as_ptr() as usize - md.as_ptr() as usize;
        if let Some((k, end)) = marked(b) {
            out.push_str(&md[last..start]);
            let lead = b.len() - b.trim_start().len();
            out.push_str(&b[..lead]);
            out.push_str(k.marker());
            out.push(' ');
            let after = &b[end..];
            last = start + end + (after.len() - after.trim_start().len());
        }
    }
    out.push_str(&md[last..]);
    out
}

/// Turns each `<p>[decision] ` / `<p>[recommendation] ` of sanitised HTML into a labelled,
/// anchored paragraph (`id="passage-{section}-{n}"`, numbered across both kinds).
pub fn mark_passages(html: &str, section_id: i32, label: impl Fn(PassageKind) -> &'static str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    let mut n = 0;
    loop {
        let next =
            PassageKind::ALL.iter().filter_map(|k| rest.find(&format!("<p>{} ", k.marker())).map(|i| (i, *k))).min_by_key(|(i, _)| *i);
        let Some((i, k)) = next else { break };
        n += 1;
        out.push_str(&rest[..i]);
        out.push_str(&format!(
            "<p class=\"passage {}\" id=\"passage-{section_id}-{n}\"><strong class=\"passage-label\">{}</strong> ",
            k.as_str(),
            label(k)
        ));
        rest = &rest[i + 4 + k.marker().len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_marked_passages() {
        let md = "Intro.\n\n[Decision] The meeting adopted the agenda.\n\n- a list\n\n[recommendation] Member states should share data\nacross borders.\n\n[decision]\n\nnot [decision] here";
        assert_eq!(
            passages(md),
            vec![
                (PassageKind::Decision, "The meeting adopted the agenda.".into()),
                (PassageKind::Recommendation, "Member states should share data\nacross borders.".into()),
            ]
        );
        assert_eq!(normalise_markers("[DECISION] One.\n\n  [Recommendation]\nTwo."), "[decision] One.\n\n  [recommendation] Two.");
    }

    #[test]
    fn labels_passages_in_html() {
        let html = "<p>Intro</p>\n<p>[decision] Adopted.</p>\n<p>[recommendation] Share data.</p>";
        let out = mark_passages(html, 7, |k| if k == PassageKind::Decision { "Decision" } else { "Recommendation" });
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
