use crate::domain::{echo, Level, ReportState, ReportStatus};
use crate::features::plan::types::{CycleSummary, RecommendationView, Theme};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::features::plan::types::CycleForm;

/// A reporter's progress report on one recommendation in one cycle: saved as a draft, or
/// submitted when `submit` is set.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    pub cycle_id: String,
    pub recommendation_id: String,
    pub status: String,
    pub percent: String,
    pub narrative: String,
    /// Links, one per line.
    pub evidence: String,
    pub next_steps: String,
    pub submit: Option<String>,
}

impl ReportForm {
    pub fn echo(&self) -> Vec<(String, String)> {
        let submit = self.submit.clone().unwrap_or_default();
        echo(&[
            ("status", &self.status),
            ("percent", &self.percent),
            ("narrative", &self.narrative),
            ("evidence", &self.evidence),
            ("next_steps", &self.next_steps),
            ("submit", &submit),
        ])
    }
}

/// The secretariat validates a submitted report or returns it with a comment.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    pub report_id: String,
    /// `validate` or `return`.
    pub decision: String,
    pub comment: String,
}

/// An evidence file of a report version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceFile {
    pub id: i32,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

impl EvidenceFile {
    /// `/report-files/{id}/{name}`: the name in the path is what browsers save as.
    pub fn href(&self) -> String {
        format!("/report-files/{}/{}", self.id, crate::domain::url_segment(&self.name))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportVersion {
    pub id: i32,
    pub seq: i32,
    pub state: ReportState,
    pub status: ReportStatus,
    pub percent: i32,
    pub narrative_html: String,
    pub evidence: Vec<String>,
    pub next_steps_html: String,
    pub author: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewer: String,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: String,
    pub files: Vec<EvidenceFile>,
}

/// One due report of a cycle (a responsible reporter × a recommendation of the cycle).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueReport {
    pub recommendation_id: i32,
    pub code: String,
    pub reporter: String,
    pub reporter_name: String,
    /// The state of the latest version, if any.
    pub state: Option<ReportState>,
    pub status: Option<ReportStatus>,
    pub percent: Option<i32>,
    /// Id of the latest submitted (not yet reviewed) version, for the secretariat's review.
    pub awaiting_review: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CyclePageData {
    pub meeting_id: i32,
    pub meeting_title: String,
    pub cycle: CycleSummary,
    pub is_secretariat: bool,
    /// The focal point's country, whose reports this page lists.
    pub reporter: Option<String>,
    pub due: Vec<DueReport>,
    /// (reports in: submitted or validated, due)
    pub coverage: (usize, usize),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPageData {
    pub meeting_id: i32,
    pub meeting_title: String,
    pub cycle: CycleSummary,
    pub recommendation: RecommendationView,
    pub reporter: String,
    pub reporter_name: String,
    /// The viewer may write (the reporter's focal point, cycle open, no report awaiting review).
    pub can_edit: bool,
    /// The reporter has a saved draft (evidence files can be attached to it).
    pub has_draft: bool,
    pub is_secretariat: bool,
    /// What the reporter's form starts from: the draft, or the latest submitted version (with
    /// Markdown sources in the HTML fields). None for everyone else.
    pub draft: Option<ReportVersion>,
    /// Submitted versions, newest first.
    pub history: Vec<ReportVersion>,
}

/// Filters of the dashboard, as query parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MatrixQuery {
    pub cycle: Option<i32>,
    pub theme: String,
    pub level: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixCell {
    /// None: the state is not responsible for this recommendation (or it is not in the cycle).
    pub due: bool,
    pub status: Option<ReportStatus>,
    pub percent: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixRow {
    pub recommendation_id: i32,
    pub code: String,
    pub theme: String,
    pub level: Level,
    /// One cell per column (member state, then regional body), in `states` order. Carried packed in
    /// one string (see [`packed_cells`]) in the dashboard's server function's response: 3,200
    /// cells written out as objects were half of its size. (The JSON API writes them out as
    /// objects, as its OpenAPI document says.)
    #[serde(with = "packed_cells")]
    pub cells: Vec<MatrixCell>,
    /// (reporting, due, achieved, average percent of reports)
    pub total: (usize, usize, usize, Option<i32>),
}

/// A row's cells as one string, a token per cell separated by commas: `-` not due, `?` due
/// without a validated report, `s:p` due with status `s` (its place in `ReportStatus::ALL`) at
/// `p` percent (`!s:p` for a status on a cell not due, which the service never makes).
pub mod packed_cells {
    use super::MatrixCell;
    use crate::domain::ReportStatus;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};
    use std::fmt::Write;

    pub fn pack(cells: &[MatrixCell]) -> String {
        let mut out = String::with_capacity(cells.len() * 5);
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match (c.status, c.percent) {
                (Some(s), Some(p)) => {
                    if !c.due {
                        out.push('!');
                    }
                    let s = ReportStatus::ALL.iter().position(|x| *x == s).unwrap_or(0);
                    let _ = write!(out, "{s}:{p}");
                }
                _ => out.push(if c.due { '?' } else { '-' }),
            }
        }
        out
    }

    pub fn unpack(packed: &str) -> Option<Vec<MatrixCell>> {
        if packed.is_empty() {
            return Some(vec![]);
        }
        packed
            .split(',')
            .map(|t| match t {
                "-" => Some(MatrixCell { due: false, status: None, percent: None }),
                "?" => Some(MatrixCell { due: true, status: None, percent: None }),
                _ => {
                    let (due, t) = match t.strip_prefix('!') {
                        Some(rest) => (false, rest),
                        None => (true, t),
                    };
                    let (s, p) = t.split_once(':')?;
                    let status = *ReportStatus::ALL.get(s.parse::<usize>().ok()?)?;
                    Some(MatrixCell { due, status: Some(status), percent: Some(p.parse().ok()?) })
                }
            })
            .collect()
    }

    pub fn serialize<S: Serializer>(cells: &[MatrixCell], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&pack(cells))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<MatrixCell>, D::Error> {
        let packed = String::deserialize(d)?;
        unpack(&packed).ok_or_else(|| D::Error::custom("a matrix cell that cannot be read"))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn cells_come_back_as_they_were_packed() {
            let cell = |due, status, percent| MatrixCell { due, status, percent };
            let mut cells = vec![cell(false, None, None), cell(true, None, None), cell(false, Some(ReportStatus::Delayed), Some(35))];
            cells.extend(ReportStatus::ALL.iter().map(|s| cell(true, Some(*s), Some(100))));
            cells.push(cell(true, Some(ReportStatus::InProgress), Some(0)));
            let packed = pack(&cells);
            assert_eq!(&packed[..10], "-,?,!3:35,");
            assert_eq!(unpack(&packed).unwrap(), cells);
            assert_eq!(unpack("").unwrap(), vec![]);
            for bad in ["x", "9:10", "1:", ":5", "1:a", "-,"] {
                assert!(unpack(bad).is_none(), "{bad}");
            }
            let json = serde_json::to_string(&super::super::MatrixRow {
                recommendation_id: 1,
                code: "R1".into(),
                theme: "t".into(),
                level: crate::domain::Level::National,
                cells: cells.clone(),
                total: (0, 0, 0, None),
            })
            .unwrap();
            let back: super::super::MatrixRow = serde_json::from_str(&json).unwrap();
            assert_eq!(back.cells, cells);
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryTotal {
    pub code: String,
    pub name: String,
    pub due: usize,
    pub reported: usize,
    pub achieved: usize,
    pub average: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixData {
    pub meeting_id: i32,
    pub meeting_title: String,
    pub cycles: Vec<CycleSummary>,
    pub themes: Vec<Theme>,
    pub query: MatrixQuery,
    /// The columns: the sixteen member states' codes, then the regional bodies' that the
    /// cycle's recommendations name.
    pub states: Vec<String>,
    pub rows: Vec<MatrixRow>,
    pub countries: Vec<CountryTotal>,
    /// Count of cells per status (validated reports), in `ReportStatus::ALL` order, then no report.
    pub by_status: Vec<usize>,
    /// Per theme: (theme name, counts per status in `ReportStatus::ALL` order).
    pub by_theme: Vec<(String, Vec<usize>)>,
    /// False when the viewer may not see statuses (the plan's follow-up is not public).
    pub visible: bool,
    /// Progress over cycles, oldest first, with the theme and level filters: (cycle title,
    /// average percent of the latest validated reports, number of them, how many achieved).
    pub over_cycles: Vec<(String, Option<i32>, usize, usize)>,
}

/// One recommendation on the per-country page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryRecommendation {
    pub recommendation: RecommendationView,
    pub latest: Option<(String, ReportVersion)>,
    pub history: Vec<(String, ReportVersion)>,
    /// The state's figures for the profile indicators the recommendation's indicators are tied
    /// to (baseline at the plan's year, latest published).
    #[serde(default)]
    pub profile_figures: Vec<crate::features::profiles::types::ProfileFigure>,
}

/// One line of the per-country summary table (every recommendation concerning the state, on
/// every page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountrySummaryRow {
    pub recommendation_id: i32,
    pub code: String,
    pub theme_name: String,
    /// (cycle title, status, percent) of the latest validated report.
    pub latest: Option<(String, ReportStatus, i32)>,
    /// The page that shows this recommendation's text and history.
    pub page: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryPageData {
    pub meeting_id: i32,
    pub meeting_title: String,
    pub code: String,
    pub name: String,
    pub narratives_visible: bool,
    /// Every recommendation concerning the state, for the summary table.
    pub summary: Vec<CountrySummaryRow>,
    /// The recommendations of this page, with their text and report history (False when the
    /// viewer may not see statuses: then `latest` and `history` are empty).
    pub items: Vec<CountryRecommendation>,
    /// This page (from 1) and the number of pages ([`COUNTRY_PAGE_SIZE`] recommendations each).
    pub page: u32,
    pub pages: u32,
}

/// Recommendations shown in full per page of the per-country view: with ten cycles of
/// history each, a page is about 220 KB of HTML (10 KB brotli) instead of 1.5 MB for 200.
pub const COUNTRY_PAGE_SIZE: usize = 20;

/// The consolidated regional progress report of a cycle, ready to edit and publish as a paper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsolidatedData {
    pub meeting_id: i32,
    pub meeting_title: String,
    pub cycle: CycleSummary,
    pub title: String,
    pub markdown: String,
    /// Meetings it can be published to (id, title), and the default: the next meeting.
    pub meetings: Vec<(i32, String)>,
    pub default_meeting: i32,
    pub lang: crate::domain::Lang,
    /// False when the plan keeps narratives private: the highlights quote them, so the page warns.
    pub narratives_public: bool,
}
