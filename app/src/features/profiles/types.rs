use crate::domain::{echo, Chapter, CountryCode, Lang, ProfileStatus};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// `/profiles`: the sixteen states, where each one's profile stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfilesHome {
    pub states: Vec<StateRow>,
    pub is_secretariat: bool,
    /// The signed-in focal point's or working group member's state (their workspace).
    pub my_country: Option<CountryCode>,
    pub update_interval_years: i32,
    pub this_year: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateRow {
    pub country: CountryCode,
    /// The year of the latest edition this reader may read (published, or any for the group).
    pub latest_published: Option<i32>,
    /// An edition being prepared (the group, its focal point and the secretariat only).
    pub in_progress: Option<(i32, ProfileStatus)>,
    /// The latest published edition is older than the update interval (or there is none).
    pub overdue: bool,
    /// Members of the working group (the secretariat and the state's own people only).
    pub members: Option<usize>,
}

/// `/profiles/{country}`: the state's working group (its workspace for its members) and its
/// editions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatePage {
    pub country: CountryCode,
    /// The working group, for the secretariat, the state's focal points and the group's members.
    pub twg: Option<TwgView>,
    pub editions: Vec<EditionRow>,
    /// The focal point of the state or the secretariat: manages the group, starts editions.
    pub can_manage: bool,
    pub profiles_public: bool,
    pub overdue: bool,
    pub update_interval_years: i32,
    /// The group's meetings (meetings of kind technical working group linked to it), titles in
    /// the reader's language.
    pub meetings: Vec<(i32, String, NaiveDate)>,
    /// For those who manage the group: the technical working group meetings it may link.
    #[serde(default)]
    pub linkable: Vec<(i32, String)>,
    /// The year a new edition would take by default.
    pub next_year: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwgView {
    pub ministries: Vec<String>,
    pub version: i32,
    pub members: Vec<MemberView>,
    /// The state's focal points (their names), who manage the group.
    #[serde(default)]
    pub focal_points: Vec<String>,
    /// The adopted Plans of Action whose recommendations the group follows up: (meeting id,
    /// meeting title), each linking to the state's page of the plan.
    #[serde(default)]
    pub plans: Vec<(i32, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub id: i32,
    pub name: String,
    pub function: String,
    pub ministry: String,
    pub is_chair: bool,
    pub has_account: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionRow {
    pub year: i32,
    pub status: ProfileStatus,
    pub published_at: Option<DateTime<Utc>>,
}

/// `/profiles/{country}/{year}`: an edition, read or worked on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditionPage {
    pub id: i32,
    pub country: CountryCode,
    pub year: i32,
    pub status: ProfileStatus,
    pub version: i32,
    pub source_lang: Lang,
    pub copied_from_year: Option<i32>,
    pub validated_by: String,
    pub validated_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub chapters: Vec<ChapterView>,
    pub values: Vec<ValueView>,
    /// The language the editors write in on this page (the reader's).
    pub edit_lang: Lang,
    pub can_edit: bool,
    pub can_comment: bool,
    /// The moves this reader may make now.
    pub steps: Vec<ProfileStatus>,
    /// The secretariat, on a published edition with recommendations: the meetings it may
    /// propose them to (id, title), and the default (the next one to start).
    #[serde(default)]
    pub propose_to: Vec<(i32, String)>,
    #[serde(default)]
    pub propose_default: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterView {
    pub chapter: Chapter,
    /// Sanitised HTML of the text shown (in the reader's language, or the fallback's).
    pub html: String,
    /// The language shown when it is not the reader's (the visible fallback).
    pub shown_in: Option<Lang>,
    /// For editors: the Markdown in the reader's language and its version (0: none yet).
    pub md: String,
    pub text_version: i32,
    /// Review comments (the group, its focal point and the secretariat only).
    pub comments: Vec<ProfileComment>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileComment {
    pub author: String,
    pub html: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueView {
    pub indicator_id: i32,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub chapter: Chapter,
    /// As printed (`1200000`, `3.5`); None: missing.
    pub value: Option<String>,
    pub year: Option<i32>,
    pub source: String,
    pub note: String,
}

/// `/profiles/regional`: one indicator across the sixteen states.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionalTable {
    pub indicators: Vec<IndicatorRow>,
    pub indicator: Option<IndicatorRow>,
    pub rows: Vec<RegionalCell>,
    /// The oldest and newest reference year among the values shown.
    pub years: Option<(i32, i32)>,
    /// The secretariat: may compile a regional profile edition from the table.
    #[serde(default)]
    pub can_compile: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionalCell {
    pub country: CountryCode,
    pub value: Option<f64>,
    pub shown: Option<String>,
    pub year: Option<i32>,
    pub source: String,
    /// The edition the value comes from.
    pub edition: Option<i32>,
    /// The state's profiles are not public and this reader may not see them.
    pub withheld: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorRow {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub name_fr: String,
    pub name_pt: String,
    pub unit: String,
    pub chapter: Chapter,
    pub position: i32,
    pub archived: bool,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TwgForm {
    pub country: String,
    pub version: String,
    pub ministries: String,
    /// `on` when published profiles are public.
    pub public: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberForm {
    pub country: String,
    pub name: String,
    pub function: String,
    pub ministry: String,
    /// Optional: an existing account's address (the member then sees the workspace).
    pub email: String,
    pub chair: String,
}

impl MemberForm {
    pub fn echo(&self) -> Vec<(String, String)> {
        echo(&[("name", &self.name), ("function", &self.function), ("ministry", &self.ministry), ("email", &self.email)])
    }
}

/// Links a meeting of kind technical working group to a state's group (or unlinks it).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupMeetingForm {
    pub country: String,
    pub meeting_id: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NewEditionForm {
    pub country: String,
    pub year: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChapterForm {
    pub edition_id: String,
    pub chapter: String,
    pub lang: String,
    /// The text's version when the form was opened (0: none yet).
    pub version: String,
    pub body: String,
}

/// The indicator table of an edition: row `i` is `indicator[i]` with its fields.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ValuesForm {
    pub edition_id: String,
    pub version: String,
    pub indicator: Vec<String>,
    pub value: Vec<String>,
    pub year: Vec<String>,
    pub source: Vec<String>,
    pub note: Vec<String>,
}

impl ValuesForm {
    /// What was typed, keyed `value.{indicator}` (as the errors are), for the page to show again
    /// when the table is refused without JavaScript (at most 80 rows).
    pub fn echo(&self) -> Vec<(String, String)> {
        let mut out = vec![];
        // Every cell, empty ones too: a cleared cell comes back empty, not with the stored value.
        for (i, id) in self.indicator.iter().enumerate().take(80) {
            for (name, list) in [("value", &self.value), ("year", &self.year), ("source", &self.source), ("note", &self.note)] {
                let v = list.get(i).map(String::as_str).unwrap_or("");
                out.push((format!("{name}.{}", id.trim()), v.chars().take(300).collect()));
            }
        }
        out
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileCommentForm {
    pub edition_id: String,
    pub chapter: String,
    pub body: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileStepForm {
    pub edition_id: String,
    pub version: String,
    pub to: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IndicatorForm {
    /// Empty for a new indicator.
    pub id: String,
    pub code: String,
    pub name_en: String,
    pub name_fr: String,
    pub name_pt: String,
    pub unit: String,
    pub chapter: String,
    pub position: String,
    pub archived: String,
}

impl IndicatorForm {
    pub fn echo(&self) -> Vec<(String, String)> {
        echo(&[
            ("id", &self.id),
            ("code", &self.code),
            ("name_en", &self.name_en),
            ("name_fr", &self.name_fr),
            ("name_pt", &self.name_pt),
            ("unit", &self.unit),
            ("chapter", &self.chapter),
            ("position", &self.position),
        ])
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IntervalForm {
    pub years: String,
}

/// `/profiles/regional/compile` (secretariat): a regional profile edition drafted from the
/// regional table, to edit and publish as a briefing paper of a meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionalCompilation {
    pub title: String,
    pub markdown: String,
    /// Meetings it can be published to (id, title), and the default: the next one to start.
    pub meetings: Vec<(i32, String)>,
    pub default_meeting: Option<i32>,
    pub lang: Lang,
}

/// A member state's figures for a profile indicator a recommendation is tied to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileFigure {
    pub code: String,
    pub indicator_id: i32,
    pub name: String,
    pub unit: String,
    /// From the latest edition published for a year up to the plan's.
    pub baseline: Option<FigureValue>,
    /// From the latest published edition.
    pub latest: Option<FigureValue>,
    /// The state's profiles are not public and the reader may not read them.
    pub withheld: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureValue {
    pub value: String,
    /// The reference year of the value.
    pub year: i32,
    /// The edition it comes from.
    pub edition: i32,
}

/// Proposes a published edition's recommendations to a meeting, as recommendation drafts.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposeForm {
    pub edition_id: String,
    pub meeting_id: String,
}
