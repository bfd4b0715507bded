//! Plan of Action values: recommendation codes, levels, responsible states and bodies,
//! framework links, indicators, report statuses and percentages.

use super::meeting::string_enum;
use super::{CountryCode, ErrorCode, FieldError};
use serde::{Deserialize, Serialize};

string_enum!(
    /// Whether a recommendation is implemented by member states or at regional level.
    Level {
        National = "national",
        Regional = "regional",
    }
);

string_enum!(
    /// A plan is edited freely until adopted; afterwards changes are amendments.
    PlanStatus {
        Draft = "draft",
        Adopted = "adopted",
    }
);

string_enum!(
    /// How far a recommendation has come, as reported.
    ReportStatus {
        NotStarted = "not_started",
        InProgress = "in_progress",
        Achieved = "achieved",
        Delayed = "delayed",
        NotApplicable = "not_applicable",
    }
);

string_enum!(
    /// Where a progress report stands: a reporter's draft, submitted to the secretariat,
    /// validated (counts), or returned with a comment (a new version is expected).
    ReportState {
        Draft = "draft",
        Submitted = "submitted",
        Validated = "validated",
        Returned = "returned",
    }
);

impl ReportStatus {
    /// A percentage that agrees with the status: not started is 0, achieved is 100.
    pub fn check_percent(self, field: &str, percent: i32) -> Result<(), FieldError> {
        let ok = match self {
            ReportStatus::NotStarted => percent == 0,
            ReportStatus::Achieved => percent == 100,
            _ => true,
        };
        if ok {
            Ok(())
        } else {
            Err(FieldError::new(field, ErrorCode::PercentMismatch))
        }
    }
}

/// Regional bodies that can be responsible for a recommendation.
pub const REGIONAL_BODIES: [(&str, &str); 7] = [
    ("SADC", "SADC Secretariat"),
    ("IOM", "IOM"),
    ("UNHCR", "UNHCR"),
    ("ILO", "ILO"),
    ("UNODC", "UNODC"),
    ("AU", "African Union Commission"),
    ("WHO", "WHO"),
];

pub fn body_name(code: &str) -> &str {
    REGIONAL_BODIES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n).unwrap_or(code)
}

/// Who reports on a recommendation: a member state, or a regional body (for recommendations
/// that name one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reporter {
    State(CountryCode),
    Body(&'static str),
}

impl Reporter {
    pub fn parse(raw: &str) -> Option<Self> {
        let v = raw.trim().to_ascii_uppercase();
        if let Ok(c) = CountryCode::parse("reporter", &v) {
            return Some(Reporter::State(c));
        }
        REGIONAL_BODIES.iter().find(|(c, _)| *c == v).map(|(c, _)| Reporter::Body(c))
    }

    pub fn code(self) -> &'static str {
        match self {
            Reporter::State(c) => c.code(),
            Reporter::Body(b) => b,
        }
    }

    pub fn name(self, lang: super::Lang) -> &'static str {
        match self {
            Reporter::State(c) => c.name(lang),
            Reporter::Body(b) => REGIONAL_BODIES.iter().find(|(c, _)| *c == b).map(|(_, n)| *n).unwrap_or(b),
        }
    }

    /// Everyone due to report on a recommendation: its member states, then its bodies.
    pub fn all_for(states: &States, bodies: &str) -> Vec<Reporter> {
        states
            .list()
            .into_iter()
            .map(Reporter::State)
            .chain(bodies.split(',').filter_map(|b| Self::parse(b).filter(|r| matches!(r, Reporter::Body(_)))))
            .collect()
    }

    pub fn is_responsible(self, states: &States, bodies: &str) -> bool {
        match self {
            Reporter::State(c) => states.contains(c),
            Reporter::Body(b) => bodies.split(',').any(|x| x.trim() == b),
        }
    }
}

/// A recommendation code such as `R3`, `R3.2` or `3.2.1`: an optional letter prefix (up to 3
/// capitals) then numbers separated by dots.
pub fn parse_code(field: &str, raw: &str) -> Result<String, FieldError> {
    let v = raw.trim().to_ascii_uppercase();
    if v.is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    let digits_from = v.find(|c: char| c.is_ascii_digit()).unwrap_or(v.len());
    let (prefix, rest) = v.split_at(digits_from);
    let ok = v.len() <= 16
        && prefix.len() <= 3
        && prefix.chars().all(|c| c.is_ascii_uppercase())
        && !rest.is_empty()
        && rest.split('.').all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()));
    if ok {
        Ok(v)
    } else {
        Err(FieldError::new(field, ErrorCode::InvalidCode))
    }
}

/// Sort key for codes: `R2` < `R3.2` < `R3.10` < `R10`.
pub fn code_key(code: &str) -> (String, Vec<u32>) {
    let digits_from = code.find(|c: char| c.is_ascii_digit()).unwrap_or(code.len());
    let (prefix, rest) = code.split_at(digits_from);
    (prefix.to_string(), rest.split('.').filter_map(|p| p.parse().ok()).collect())
}

/// Which member states a recommendation concerns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum States {
    All,
    Some(Vec<CountryCode>),
}

impl States {
    /// `ALL` (or `all`, `*`), or codes separated by commas, semicolons or spaces; empty is no state.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let v = raw.trim();
        if v.eq_ignore_ascii_case("all") || v == "*" {
            return Ok(States::All);
        }
        let mut list = Vec::new();
        for part in v.split([',', ';', ' ', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
            let c = CountryCode::parse(field, part)?;
            if !list.contains(&c) {
                list.push(c);
            }
        }
        list.sort_by_key(|c| c.code());
        if list.len() == 16 {
            return Ok(States::All);
        }
        Ok(States::Some(list))
    }

    pub fn from_db(s: &str) -> Self {
        States::parse("states", s).unwrap_or(States::Some(Vec::new()))
    }

    pub fn to_db(&self) -> String {
        match self {
            States::All => "ALL".into(),
            States::Some(l) => l.iter().map(|c| c.code()).collect::<Vec<_>>().join(","),
        }
    }

    pub fn contains(&self, c: CountryCode) -> bool {
        match self {
            States::All => true,
            States::Some(l) => l.contains(&c),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, States::Some(l) if l.is_empty())
    }

    pub fn list(&self) -> Vec<CountryCode> {
        match self {
            States::All => CountryCode::all().collect(),
            States::Some(l) => l.clone(),
        }
    }
}

/// Regional body codes (see [`REGIONAL_BODIES`]), separated by commas, semicolons or spaces.
pub fn parse_bodies(field: &str, raw: &str) -> Result<Vec<String>, FieldError> {
    let mut list: Vec<String> = Vec::new();
    for part in raw.split([',', ';', ' ', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        let code = part.to_ascii_uppercase();
        if !REGIONAL_BODIES.iter().any(|(c, _)| *c == code) {
            return Err(FieldError::new(field, ErrorCode::InvalidBody));
        }
        if !list.contains(&code) {
            list.push(code);
        }
    }
    Ok(list)
}

/// Links to frameworks: Global Compact for Migration objectives `GCM-1` … `GCM-23` and SDG
/// targets `SDG-10.7` (goal 1–17, target a number or a letter).
pub fn parse_frameworks(field: &str, raw: &str) -> Result<Vec<String>, FieldError> {
    let mut list: Vec<String> = Vec::new();
    for part in raw.split([',', ';', ' ', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        let v = part.to_ascii_uppercase().replace(' ', "");
        let ok = if let Some(n) = v.strip_prefix("GCM-").or_else(|| v.strip_prefix("GCM")) {
            n.parse::<u32>().is_ok_and(|n| (1..=23).contains(&n))
        } else if let Some(t) = v.strip_prefix("SDG-").or_else(|| v.strip_prefix("SDG")) {
            t.split_once('.').is_some_and(|(g, x)| {
                g.parse::<u32>().is_ok_and(|g| (1..=17).contains(&g))
                    && !x.is_empty()
                    && x.len() <= 2
                    && (x.chars().all(|c| c.is_ascii_digit())
                        || (x.len() == 1 && x.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_uppercase())))
            })
        } else {
            false
        };
        if !ok {
            return Err(FieldError::new(field, ErrorCode::InvalidFramework));
        }
        let norm = if let Some(n) = v.strip_prefix("GCM-").or_else(|| v.strip_prefix("GCM")) {
            format!("GCM-{}", n.parse::<u32>().unwrap_or(0))
        } else {
            let t = v.trim_start_matches("SDG").trim_start_matches('-');
            format!("SDG-{}", t.to_ascii_lowercase())
        };
        if !list.contains(&norm) {
            list.push(norm);
        }
    }
    Ok(list)
}

/// One indicator of a recommendation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    pub name: String,
    pub baseline: String,
    pub target: String,
    /// The migration profiles' indicator it is tied to (its code; empty: none): its baseline and
    /// latest value per member state then come from the published profiles.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub profile: String,
}

/// The prefix of the fourth part of an indicator line that ties it to a profile indicator.
pub const PROFILE_PREFIX: &str = "profile:";

/// Indicators, one per line as `name | baseline | target` (baseline and target may be empty),
/// optionally `| profile:code` to tie it to an indicator of the migration profiles.
pub fn parse_indicators(field: &str, raw: &str) -> Result<Vec<Indicator>, FieldError> {
    super::no_controls(field, raw)?;
    let mut out = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        if parts.len() > 4 || parts[0].is_empty() || parts.iter().any(|p| p.chars().count() > 300) {
            return Err(FieldError::new(field, ErrorCode::InvalidIndicator));
        }
        let profile = match parts.get(3) {
            None => String::new(),
            Some(p) => match p.strip_prefix(PROFILE_PREFIX) {
                Some(code) => {
                    super::profile::parse_indicator_code(field, code).map_err(|_| FieldError::new(field, ErrorCode::InvalidIndicator))?
                }
                None => return Err(FieldError::new(field, ErrorCode::InvalidIndicator)),
            },
        };
        out.push(Indicator {
            name: parts[0].to_string(),
            baseline: parts.get(1).unwrap_or(&"").to_string(),
            target: parts.get(2).unwrap_or(&"").to_string(),
            profile,
        });
    }
    if out.len() > 20 {
        return Err(FieldError::new(field, ErrorCode::InvalidIndicator));
    }
    Ok(out)
}

pub fn indicators_to_lines(list: &[Indicator]) -> String {
    list.iter()
        .map(|i| {
            if !i.profile.is_empty() {
                format!("{} | {} | {} | {PROFILE_PREFIX}{}", i.name, i.baseline, i.target, i.profile)
            } else if i.baseline.is_empty() && i.target.is_empty() {
                i.name.clone()
            } else {
                format!("{} | {} | {}", i.name, i.baseline, i.target)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A whole percentage from 0 to 100.
pub fn parse_percent(field: &str, raw: &str) -> Result<i32, FieldError> {
    let v = raw.trim().trim_end_matches('%').trim();
    if v.is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    v.parse::<i32>()
        .ok()
        .filter(|n| (0..=100).contains(n))
        .ok_or_else(|| FieldError::new(field, ErrorCode::OutOfRange { min: 0, max: 100 }))
}

/// Evidence links, one per line: each an `https://` (or `http://`) address.
pub fn parse_evidence(field: &str, raw: &str) -> Result<Vec<String>, FieldError> {
    let mut out = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let lower = line.to_ascii_lowercase();
        let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
            && line.len() <= 500
            && line.len() > 8
            && !line.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
        if !ok {
            return Err(FieldError::new(field, ErrorCode::InvalidLink));
        }
        out.push(line.to_string());
    }
    if out.len() > 20 {
        return Err(FieldError::new(field, ErrorCode::InvalidLink));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(parse_code("c", " r3.2 ").unwrap(), "R3.2");
        assert_eq!(parse_code("c", "12").unwrap(), "12");
        assert_eq!(parse_code("c", "REC1.1.4").unwrap(), "REC1.1.4");
        for bad in ["R", "R3.", "R.3", "ABCD1", "R3..2", "R 3", "R3a", "<b>1"] {
            assert_eq!(parse_code("c", bad).unwrap_err().code, ErrorCode::InvalidCode, "{bad}");
        }
        assert_eq!(parse_code("c", "").unwrap_err().code, ErrorCode::Required);
        let mut v = vec!["R10", "R3.10", "R2", "R3.2"];
        v.sort_by_key(|c| code_key(c));
        assert_eq!(v, ["R2", "R3.2", "R3.10", "R10"]);
    }

    #[test]
    fn states() {
        assert_eq!(States::parse("s", "all").unwrap(), States::All);
        let s = States::parse("s", "tz, MZ;za tz").unwrap();
        assert_eq!(s.to_db(), "MZ,TZ,ZA");
        assert!(s.contains(CountryCode::parse("c", "TZ").unwrap()));
        assert!(!s.contains(CountryCode::parse("c", "AO").unwrap()));
        assert_eq!(States::parse("s", "TZ, XX").unwrap_err().code, ErrorCode::InvalidCountry);
        assert!(States::parse("s", "").unwrap().is_empty());
        let every: Vec<&str> = CountryCode::all().map(|c| c.code()).collect();
        assert_eq!(States::parse("s", &every.join(",")).unwrap(), States::All);
        assert_eq!(States::from_db("ALL").list().len(), 16);
    }

    #[test]
    fn bodies_and_frameworks() {
        assert_eq!(parse_bodies("b", "iom, SADC iom").unwrap(), ["IOM", "SADC"]);
        assert_eq!(parse_bodies("b", "NATO").unwrap_err().code, ErrorCode::InvalidBody);
        assert_eq!(parse_frameworks("f", "gcm-3, GCM23 SDG-10.7 sdg 16.a").unwrap_err().code, ErrorCode::InvalidFramework);
        assert_eq!(parse_frameworks("f", "gcm-3, GCM23, SDG-10.7, SDG16.A").unwrap(), ["GCM-3", "GCM-23", "SDG-10.7", "SDG-16.a"]);
        for bad in ["GCM-0", "GCM-24", "SDG-18.1", "SDG-10", "SDG-10.", "ILO-1", "GCM-x"] {
            assert_eq!(parse_frameworks("f", bad).unwrap_err().code, ErrorCode::InvalidFramework, "{bad}");
        }
    }

    #[test]
    fn indicators() {
        let l = parse_indicators("i", "Labour migration policy adopted | 4 states | 16 states\n\nData portal online").unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].target, "16 states");
        assert_eq!(l[1].baseline, "");
        assert_eq!(parse_indicators("i", &indicators_to_lines(&l)).unwrap(), l);
        assert_eq!(parse_indicators("i", "| 1 | 2").unwrap_err().code, ErrorCode::InvalidIndicator);
        assert_eq!(parse_indicators("i", "a | b | c | d").unwrap_err().code, ErrorCode::InvalidIndicator);
        let tied = parse_indicators("i", "Migrant stock | 2020 profile | +10% | profile:stock.immigrants").unwrap();
        assert_eq!(tied[0].profile, "stock.immigrants");
        assert_eq!(parse_indicators("i", &indicators_to_lines(&tied)).unwrap(), tied);
        assert!(parse_indicators("i", "a | b | c | profile:Not A Code").is_err());
        assert!(parse_indicators("i", "a | b | c | profile:x.y | e").is_err());
    }

    #[test]
    fn percent_and_status() {
        assert_eq!(parse_percent("p", " 40% ").unwrap(), 40);
        assert_eq!(parse_percent("p", "101").unwrap_err().code, ErrorCode::OutOfRange { min: 0, max: 100 });
        assert_eq!(parse_percent("p", "-1").unwrap_err().code, ErrorCode::OutOfRange { min: 0, max: 100 });
        assert_eq!(parse_percent("p", "").unwrap_err().code, ErrorCode::Required);
        assert!(ReportStatus::Achieved.check_percent("p", 90).is_err());
        assert!(ReportStatus::Achieved.check_percent("p", 100).is_ok());
        assert!(ReportStatus::NotStarted.check_percent("p", 10).is_err());
        assert!(ReportStatus::Delayed.check_percent("p", 10).is_ok());
    }

    #[test]
    fn reporters() {
        assert_eq!(Reporter::parse("tz"), Some(Reporter::State(CountryCode::parse("c", "TZ").unwrap())));
        assert_eq!(Reporter::parse("sadc"), Some(Reporter::Body("SADC")));
        assert_eq!(Reporter::parse("AU").map(|r| r.code()), Some("AU"), "the African Union, not a member state");
        assert_eq!(Reporter::parse("XX"), None);
        let all = Reporter::all_for(&States::parse("s", "TZ, MZ").unwrap(), "SADC,IOM");
        assert_eq!(all.iter().map(|r| r.code()).collect::<Vec<_>>(), ["MZ", "TZ", "SADC", "IOM"]);
        assert!(Reporter::Body("IOM").is_responsible(&States::All, "SADC,IOM"));
        assert!(!Reporter::Body("UNHCR").is_responsible(&States::All, "SADC,IOM"));
    }

    #[test]
    fn evidence() {
        assert_eq!(parse_evidence("e", "https://gov.tz/report.pdf\n\nhttp://x.org/a").unwrap().len(), 2);
        for bad in ["javascript:alert(1)", "ftp://x.org", "https://x.org/a b", "https://x.org/\"onmouseover=", "www.x.org"] {
            assert_eq!(parse_evidence("e", bad).unwrap_err().code, ErrorCode::InvalidLink, "{bad}");
        }
    }
}
