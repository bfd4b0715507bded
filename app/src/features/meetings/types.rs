use crate::domain::{CountryCode, Lang, LanguageSet, MeetingKind, MeetingStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingSummary {
    pub id: i32,
    pub kind: MeetingKind,
    pub title: String,
    pub city: String,
    pub host_country: CountryCode,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub status: MeetingStatus,
    /// The language the meeting's texts are written in.
    pub source_lang: Lang,
    /// Set when `title` is the original because the reader's language has no translation.
    #[serde(default)]
    pub original_lang: Option<Lang>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingLists {
    pub upcoming: Vec<MeetingSummary>,
    pub past: Vec<MeetingSummary>,
    /// Only filled for the secretariat.
    pub drafts: Vec<MeetingSummary>,
    pub can_create: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingDetail {
    pub id: i32,
    pub kind: MeetingKind,
    pub title: String,
    pub description_md: String,
    pub description_html: String,
    pub venue: String,
    pub city: String,
    pub host_country: CountryCode,
    pub timezone: String,
    /// E.g. "EAT, UTC+03:00" on the first day of the meeting.
    pub timezone_label: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub languages: LanguageSet,
    pub status: MeetingStatus,
    pub chair: String,
    pub co_organisers: Vec<String>,
    pub version: i32,
    pub can_edit: bool,
    pub next_statuses: Vec<MeetingStatus>,
    /// Number of the latest published agenda revision, if any.
    pub agenda_revision: Option<i32>,
    /// The language `title` and `description_md` are written in (the editable originals).
    pub source_lang: Lang,
    /// Title and description in the reader's language, or the originals.
    pub shown_title: String,
    pub shown_description_html: String,
    /// Set when something is shown in the original because its translation is missing.
    pub original_lang: Option<Lang>,
}

/// The meeting form. Every field is text so that a bad value becomes a field error, never a
/// refused request; `id` is empty for a new meeting.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MeetingForm {
    pub id: String,
    pub version: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub venue: String,
    pub city: String,
    pub host_country: String,
    pub timezone: String,
    pub start_date: String,
    pub end_date: String,
    pub lang_en: Option<String>,
    pub lang_fr: Option<String>,
    pub lang_pt: Option<String>,
    pub chair: String,
    pub co_organisers: String,
    /// `en`, `fr` or `pt`; empty means English when it is a working language, else the first.
    pub source_lang: String,
}

impl MeetingForm {
    /// The submitted text values, shown again when the form comes back with errors.
    pub fn echo(&self) -> Vec<(String, String)> {
        crate::domain::echo(&[
            ("kind", &self.kind),
            ("title", &self.title),
            ("description", &self.description),
            ("venue", &self.venue),
            ("city", &self.city),
            ("host_country", &self.host_country),
            ("timezone", &self.timezone),
            ("start_date", &self.start_date),
            ("end_date", &self.end_date),
            ("chair", &self.chair),
            ("co_organisers", &self.co_organisers),
            ("source_lang", &self.source_lang),
        ])
        .into_iter()
        .chain(
            [("lang_en", &self.lang_en), ("lang_fr", &self.lang_fr), ("lang_pt", &self.lang_pt)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), if v.is_some() { "on".into() } else { String::new() })),
        )
        .collect()
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusForm {
    pub id: String,
    pub version: String,
    pub to: String,
}

/// Time zones offered to readers for agenda times: the region's and partners' (any IANA zone
/// is accepted).
pub const VIEWER_TIMEZONES: &[&str] = &[
    "Africa/Johannesburg",
    "Africa/Dar_es_Salaam",
    "Africa/Luanda",
    "Africa/Kinshasa",
    "Indian/Mauritius",
    "Indian/Mahe",
    "Africa/Nairobi",
    "Africa/Addis_Ababa",
    "Europe/Lisbon",
    "Europe/London",
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Zurich",
    "America/New_York",
    "UTC",
];

/// Time zones offered in the meeting form (any IANA zone is accepted).
pub const SUGGESTED_TIMEZONES: &[&str] = &[
    "Africa/Dar_es_Salaam",
    "Africa/Johannesburg",
    "Africa/Gaborone",
    "Africa/Harare",
    "Africa/Lusaka",
    "Africa/Maputo",
    "Africa/Lilongwe",
    "Africa/Luanda",
    "Africa/Kinshasa",
    "Africa/Lubumbashi",
    "Africa/Maseru",
    "Africa/Mbabane",
    "Africa/Windhoek",
    "Indian/Antananarivo",
    "Indian/Comoro",
    "Indian/Mauritius",
    "Indian/Mahe",
    "Africa/Nairobi",
    "Africa/Addis_Ababa",
    "Europe/Zurich",
    "UTC",
];
