use super::{ErrorCode, FieldError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A wall-clock time of day in the venue's time zone, as minutes after midnight (0..=1440;
/// 24:00 is allowed as an end time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ClockTime(u16);

impl ClockTime {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldError::new(field, ErrorCode::Required));
        }
        let err = || FieldError::new(field, ErrorCode::InvalidTime);
        // Browsers send HH:MM, sometimes HH:MM:SS.
        let mut parts = raw.split(':');
        let h: u16 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(err)?;
        let m: u16 = parts.next().filter(|p| p.len() == 2).and_then(|p| p.parse().ok()).ok_or_else(err)?;
        if let Some(s) = parts.next() {
            if s != "00" {
                return Err(err());
            }
        }
        if parts.next().is_some() || m > 59 || h > 24 || (h == 24 && m != 0) {
            return Err(err());
        }
        Ok(ClockTime(h * 60 + m))
    }

    pub fn from_minutes(m: i32) -> Option<Self> {
        (0..=1440).contains(&m).then_some(ClockTime(m as u16))
    }

    pub fn minutes(self) -> i32 {
        self.0 as i32
    }

    pub fn hour(self) -> u32 {
        (self.0 / 60) as u32
    }

    pub fn minute(self) -> u32 {
        (self.0 % 60) as u32
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

/// A calendar date as sent by `<input type="date">` (YYYY-MM-DD).
pub fn parse_date(field: &str, raw: &str) -> Result<NaiveDate, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| FieldError::new(field, ErrorCode::InvalidDate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_time_parses_24h() {
        assert_eq!(ClockTime::parse("t", "09:30").unwrap().minutes(), 570);
        assert_eq!(ClockTime::parse("t", "9:05").unwrap().to_string(), "09:05");
        assert_eq!(ClockTime::parse("t", "13:45:00").unwrap().minutes(), 825);
        assert_eq!(ClockTime::parse("t", "24:00").unwrap().minutes(), 1440);
        for bad in ["24:01", "12:60", "12", "12:5", "ab:cd", "-1:00", "12:00:30", "1:2:3:4"] {
            assert_eq!(ClockTime::parse("t", bad).unwrap_err().code, ErrorCode::InvalidTime, "{bad}");
        }
        assert_eq!(ClockTime::parse("t", "").unwrap_err().code, ErrorCode::Required);
    }

    #[test]
    fn dates_parse_iso_only() {
        assert_eq!(parse_date("d", "2026-12-07").unwrap(), NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
        assert_eq!(parse_date("d", "07/12/2026").unwrap_err().code, ErrorCode::InvalidDate);
        assert_eq!(parse_date("d", "2026-02-30").unwrap_err().code, ErrorCode::InvalidDate);
        assert_eq!(parse_date("d", " ").unwrap_err().code, ErrorCode::Required);
    }
}

/// The zone's abbreviation and UTC offset on a date, e.g. "EAT, UTC+03:00".
#[cfg(feature = "ssr")]
pub fn timezone_label(tz: &str, on: chrono::NaiveDate) -> String {
    use chrono::{Offset, TimeZone};
    let Ok(tz) = tz.parse::<chrono_tz::Tz>() else {
        return tz.to_string();
    };
    let offset = tz.offset_from_utc_date(&on);
    format!("{offset}, UTC{}", offset.fix())
}

/// Today's date at a venue (its IANA zone; UTC when the zone is unknown).
#[cfg(feature = "ssr")]
pub fn venue_today(tz: &str, now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    tz.parse::<chrono_tz::Tz>().map(|tz| now.with_timezone(&tz).date_naive()).unwrap_or_else(|_| now.date_naive())
}

#[cfg(all(test, feature = "ssr"))]
mod zone_tests {
    #[test]
    fn timezone_labels_and_venue_dates() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(super::timezone_label("Africa/Dar_es_Salaam", d), "EAT, UTC+03:00");
        assert_eq!(super::timezone_label("Africa/Johannesburg", d), "SAST, UTC+02:00");
        let late = chrono::DateTime::parse_from_rfc3339("2026-12-07T22:30:00Z").unwrap().with_timezone(&chrono::Utc);
        assert_eq!(super::venue_today("Africa/Dar_es_Salaam", late).to_string(), "2026-12-08");
        assert_eq!(super::venue_today("Not/AZone", late).to_string(), "2026-12-07");
    }
}
