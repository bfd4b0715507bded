use crate::domain::{echo, Lang};
use serde::{Deserialize, Serialize};

pub use crate::domain::{TextKind, TextStatus};

/// One text of a meeting and its state in each working language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewRow {
    pub kind: TextKind,
    /// The start of the source text, to recognise it.
    pub excerpt: String,
    /// Where the text is edited (papers and recommendations: their own pages).
    pub link: Option<String>,
    pub statuses: Vec<(Lang, TextStatus)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewData {
    pub meeting_id: i32,
    pub meeting_title: String,
    pub source_lang: Lang,
    /// The meeting's working languages other than the source language.
    pub targets: Vec<Lang>,
    /// Per target language: texts missing or outdated.
    pub to_do: Vec<(Lang, usize)>,
    pub rows: Vec<OverviewRow>,
}

/// One text on the translation page: its source and the current translation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkbenchEntry {
    /// `entity:id:field`, e.g. `agenda_item:12:description`.
    pub key: String,
    pub kind: TextKind,
    /// Where the text sits (the day and session of an agenda item).
    pub context: String,
    pub source: String,
    pub multiline: bool,
    pub text: String,
    pub status: TextStatus,
    /// The version of `text` (a digest; empty when there is no translation yet), sent back
    /// with the form to detect a change by someone else in between.
    pub base: String,
    /// The digest of `source`, sent back with the form: the wording the translation is made from.
    pub source_digest: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkbenchData {
    pub meeting_id: i32,
    pub meeting_title: String,
    pub source_lang: Lang,
    pub lang: Lang,
    pub entries: Vec<WorkbenchEntry>,
}

/// The translation page's form: `keys[N]` names the text whose translation is `texts[N]`; an
/// empty text removes the translation. `bases[N]` is the version of the translation the
/// translator started from ([`WorkbenchEntry::base`]): a text someone else changed since is
/// kept when this translator left it as it was, and refused with what it now says when both
/// changed it (no lost update when two translators work on one language); a text left as it
/// is never re-marked as up to date. `sources[N]` is the digest of the original the page
/// showed ([`WorkbenchEntry::source_digest`]): a translation is marked as made from that
/// wording, so an original reworded while the page was open leaves it outdated. Without
/// `bases` (programs that mean to set texts) nothing is compared. Field errors are reported
/// as `text-N`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TranslationForm {
    pub meeting_id: String,
    pub lang: String,
    pub keys: Vec<String>,
    pub texts: Vec<String>,
    pub bases: Vec<String>,
    pub sources: Vec<String>,
}

impl TranslationForm {
    pub fn echo(&self) -> Vec<(String, String)> {
        let mut out = echo(&[("lang", &self.lang)]);
        out.extend(self.texts.iter().enumerate().map(|(n, t)| (format!("text-{n}"), t.clone())));
        // With the texts, what they were written against, so the page shown again after a
        // refusal (without JavaScript: a new page) sends the same versions back, matched by key
        // in case texts were added or removed in between.
        out.extend(self.keys.iter().enumerate().map(|(n, k)| (format!("key-{n}"), k.clone())));
        out.extend(self.bases.iter().enumerate().map(|(n, b)| (format!("base-{n}"), b.clone())));
        out.extend(self.sources.iter().enumerate().map(|(n, b)| (format!("source-{n}"), b.clone())));
        out
    }
}
