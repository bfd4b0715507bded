use crate::domain::plan::Indicator;
use crate::domain::{echo, Level, PlanStatus, States};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A recommendation as typed in the form (or read from one row of an imported table).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RecommendationForm {
    /// Empty for a new recommendation.
    pub id: String,
    pub meeting_id: String,
    pub version: String,
    pub code: String,
    pub heading: String,
    pub text: String,
    pub text_fr: String,
    pub text_pt: String,
    pub theme: String,
    pub level: String,
    /// `ALL` or member-state codes.
    pub states: String,
    pub bodies: String,
    pub target_date: String,
    /// One per line: `name | baseline | target`.
    pub indicators: String,
    pub frameworks: String,
    /// Required once the plan is adopted: why this amendment.
    pub reason: String,
}

impl RecommendationForm {
    pub fn echo(&self) -> Vec<(String, String)> {
        echo(&[
            ("id", &self.id),
            ("code", &self.code),
            ("heading", &self.heading),
            ("text", &self.text),
            ("text_fr", &self.text_fr),
            ("text_pt", &self.text_pt),
            ("theme", &self.theme),
            ("level", &self.level),
            ("states", &self.states),
            ("bodies", &self.bodies),
            ("target_date", &self.target_date),
            ("indicators", &self.indicators),
            ("frameworks", &self.frameworks),
            ("reason", &self.reason),
        ])
    }
}

/// Adopt the plan, or choose what the public sees of its follow-up.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanStepForm {
    pub meeting_id: String,
    pub version: String,
    /// `adopt` or `publication`.
    pub step: String,
    pub adopted_on: String,
    pub public_status: Option<String>,
    pub public_narratives: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ThemeForm {
    pub code: String,
    pub name_en: String,
    pub name_fr: String,
    pub name_pt: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmendmentView {
    pub number: i32,
    pub amended_on: NaiveDate,
    pub reason: String,
    pub author: String,
    /// Fields that changed: (field, before, after).
    pub changes: Vec<(String, String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendationView {
    pub id: i32,
    pub code: String,
    pub heading: String,
    /// In the viewer's language when translated, else the original (English).
    pub text_html: String,
    /// True when `text_html` is the original because the viewer's language is missing.
    pub untranslated: bool,
    pub text_md: String,
    pub text_fr_md: String,
    pub text_pt_md: String,
    pub theme: String,
    pub theme_name: String,
    pub level: Level,
    pub states: States,
    pub bodies: Vec<String>,
    pub target_date: Option<NaiveDate>,
    pub indicators: Vec<Indicator>,
    pub frameworks: Vec<String>,
    /// `/meetings/{id}/minutes#passage-…` when it came from adopted minutes,
    /// `/profiles/{CC}/{year}#recommendations` when a published migration profile proposed it.
    pub origin: Option<String>,
    pub version: i32,
    pub amendments: Vec<AmendmentView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanView {
    pub id: i32,
    pub status: PlanStatus,
    pub adopted_on: Option<NaiveDate>,
    pub public_status: bool,
    pub public_narratives: bool,
    pub version: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleSummary {
    pub id: i32,
    pub title: String,
    pub opens_on: NaiveDate,
    pub due_on: NaiveDate,
    pub closed_at: Option<DateTime<Utc>>,
    pub open: bool,
    pub recommendations: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanPageData {
    pub meeting_id: i32,
    pub meeting_title: String,
    pub plan: Option<PlanView>,
    pub is_secretariat: bool,
    pub themes: Vec<Theme>,
    /// Ordered by heading, then code.
    pub recommendations: Vec<RecommendationView>,
    pub cycles: Vec<CycleSummary>,
    pub today: NaiveDate,
}

/// A new reporting cycle for an adopted plan. `recommendations` are ids (one checkbox per row
/// as `form[recommendations][N]`); none chosen means all of the plan.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CycleForm {
    pub meeting_id: String,
    pub title: String,
    pub opens_on: String,
    pub due_on: String,
    pub recommendations: Vec<String>,
}

impl CycleForm {
    pub fn echo(&self) -> Vec<(String, String)> {
        echo(&[("title", &self.title), ("opens_on", &self.opens_on), ("due_on", &self.due_on)])
    }
}

/// The columns of a plan import/export, in order.
pub const IMPORT_COLUMNS: [&str; 12] =
    ["code", "heading", "theme", "level", "states", "bodies", "target_date", "indicators", "frameworks", "text_en", "text_fr", "text_pt"];

/// The import column that a form field comes from (for the row-by-row error report).
pub fn column_of(field: &str) -> &str {
    match field {
        "text" => "text_en",
        other => other,
    }
}
