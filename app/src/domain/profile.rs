//! Migration profiles: a state's edition of a given year moves draft → review (the technical
//! working group comments per chapter) → validated (by the state's focal point) → published
//! (then immutable). Its text is the standard chapters, each written per language.

use super::meeting::string_enum;
use super::{ErrorCode, FieldError};
use serde::{Deserialize, Serialize};

string_enum!(
    /// Where a profile edition stands. Only [`ProfileStatus::can_become`] moves are legal.
    ProfileStatus {
        Draft = "draft",
        Review = "review",
        Validated = "validated",
        Published = "published",
    }
);

impl ProfileStatus {
    /// Forward one step, or back to draft from review or validated (to rework it).
    pub fn can_become(self, to: ProfileStatus) -> bool {
        use ProfileStatus::*;
        matches!((self, to), (Draft, Review) | (Review, Validated) | (Validated, Published) | (Review, Draft) | (Validated, Draft))
    }
}

string_enum!(
    /// The standard chapters of a national migration profile, in their order.
    Chapter {
        Context = "context",
        Immigration = "immigration",
        Emigration = "emigration",
        ForcedMigration = "forced_migration",
        LabourMigration = "labour_migration",
        IrregularMigration = "irregular_migration",
        Diaspora = "diaspora",
        Governance = "governance",
        DataGaps = "data_gaps",
        Recommendations = "recommendations",
    }
);

/// An indicator's value as typed in English, French or Portuguese: spaces between thousands are
/// dropped; with both a comma and a point, the last one is the decimal mark (`1,234.5`,
/// `1.234,5`); a separator repeated is a thousands separator (`1,234,567`, `1.234.567`); a single
/// one is a decimal mark (`3,5`, `0.125`), except before exactly three digits after a non-zero
/// whole part (`1,200`, `1.200`), which could be either and is refused rather than guessed (type
/// 1200 or 1.2). Finite, under 10^15.
pub fn parse_value(field: &str, raw: &str) -> Result<Option<f64>, FieldError> {
    let cleaned: String = raw.trim().chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}').collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    let refuse = || FieldError::new(field, ErrorCode::NotANumber);
    let (commas, points) = (cleaned.matches(',').count(), cleaned.matches('.').count());
    let normalised = match (commas, points) {
        (0, 0) => cleaned.clone(),
        (c, p) if c > 0 && p > 0 => {
            let (decimal, thousands) = if cleaned.rfind(',') > cleaned.rfind('.') { (',', '.') } else { ('.', ',') };
            if cleaned.matches(decimal).count() > 1 {
                return Err(refuse());
            }
            cleaned.replace(thousands, "").replace(decimal, ".")
        }
        (c, 0) if c > 1 => cleaned.replace(',', ""),
        (0, p) if p > 1 => cleaned.replace('.', ""),
        _ => {
            let sep = if commas == 1 { ',' } else { '.' };
            let (whole, frac) = cleaned.split_once(sep).unwrap_or((&cleaned, ""));
            let whole_digits = whole.trim_start_matches(['-', '+']);
            if frac.len() == 3 && !whole_digits.is_empty() && !whole_digits.trim_start_matches('0').is_empty() {
                return Err(refuse());
            }
            cleaned.replace(sep, ".")
        }
    };
    let ok = normalised.len() <= 24 && normalised.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    match normalised.parse::<f64>() {
        Ok(v) if ok && v.is_finite() && v.abs() < 1e15 => Ok(Some(v)),
        _ => Err(FieldError::new(field, ErrorCode::NotANumber)),
    }
}

/// A value as shown and exported: the shortest decimal that reads back as the same number, no
/// exponent (`1200000`, `3.5`, `-0.25`, `0.0000004`).
pub fn format_value(v: f64) -> String {
    if v == 0.0 {
        "0".to_string()
    } else {
        format!("{v}")
    }
}

/// A reference year: 1950 to 2100.
pub fn parse_year(field: &str, raw: &str) -> Result<i32, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    match raw.parse::<i32>() {
        Ok(y) if (1950..=2100).contains(&y) => Ok(y),
        _ => Err(FieldError::new(field, ErrorCode::OutOfRange { min: 1950, max: 2100 })),
    }
}

/// An indicator code: 2 to 40 lowercase letters, digits, `_` and `.`, starting with a letter.
pub fn parse_indicator_code(field: &str, raw: &str) -> Result<String, FieldError> {
    let code = raw.trim().to_ascii_lowercase();
    if code.is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    let ok = (2..=40).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
    if ok {
        Ok(code)
    } else {
        Err(FieldError::new(field, ErrorCode::InvalidIndicatorCode))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_moves_one_step_or_back_to_draft() {
        use ProfileStatus::*;
        assert!(Draft.can_become(Review));
        assert!(Review.can_become(Validated));
        assert!(Validated.can_become(Published));
        assert!(Review.can_become(Draft));
        assert!(!Draft.can_become(Published));
        assert!(!Published.can_become(Draft));
        assert!(!Draft.can_become(Validated));
    }

    #[test]
    fn values_parse_as_typed_and_print_without_noise() {
        assert_eq!(parse_value("v", " 1 200 000 ").unwrap(), Some(1_200_000.0));
        assert_eq!(parse_value("v", "3,5").unwrap(), Some(3.5));
        assert_eq!(parse_value("v", "1,234.5").unwrap(), Some(1234.5));
        assert_eq!(parse_value("v", "1,234,567").unwrap(), Some(1_234_567.0));
        assert_eq!(parse_value("v", "1.234.567").unwrap(), Some(1_234_567.0));
        assert_eq!(parse_value("v", "1.234,5").unwrap(), Some(1234.5));
        assert!(parse_value("v", "1,200").is_err(), "a thousands separator or a decimal comma: refused, not guessed");
        assert!(parse_value("v", "1.200").is_err(), "the same with a point");
        assert_eq!(parse_value("v", "0.125").unwrap(), Some(0.125));
        assert_eq!(parse_value("v", "12.5").unwrap(), Some(12.5));
        assert_eq!(parse_value("v", "-0,25").unwrap(), Some(-0.25));
        assert!(parse_value("v", "1.234.5,6,7").is_err());
        assert_eq!(parse_value("v", "").unwrap(), None);
        for bad in ["abc", "NaN", "inf", "1e400", "12-", "0x10", "1\u{0}"] {
            assert!(parse_value("v", bad).is_err(), "{bad}");
        }
        assert_eq!(format_value(1_200_000.0), "1200000");
        assert_eq!(format_value(3.5), "3.5");
        assert_eq!(format_value(-0.0), "0");
        assert_eq!(format_value(0.125), "0.125");
        assert_eq!(format_value(0.0000004), "0.0000004");
        assert_eq!(format_value(123_456_789_012.3), "123456789012.3");
    }

    #[test]
    fn years_and_codes_are_checked() {
        assert_eq!(parse_year("y", "2024").unwrap(), 2024);
        assert!(parse_year("y", "1900").is_err());
        assert!(parse_year("y", "").is_err());
        assert_eq!(parse_indicator_code("c", " Stock.Immigrants ").unwrap(), "stock.immigrants");
        assert!(parse_indicator_code("c", "1abc").is_err());
        assert!(parse_indicator_code("c", "a b").is_err());
    }
}
