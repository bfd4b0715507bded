use super::{ErrorCode, FieldError, Lang};
use serde::{Deserialize, Serialize};
use std::fmt;

// Shared with the migration that seeds the `member_state` table.
include!("../../../migrations/src/member_states.rs");

/// A SADC member state, by its ISO code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode(u8);

impl CountryCode {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(FieldError::new(field, ErrorCode::Required));
        }
        MEMBER_STATES
            .iter()
            .position(|(c, ..)| *c == code)
            .map(|i| CountryCode(i as u8))
            .ok_or_else(|| FieldError::new(field, ErrorCode::InvalidCountry))
    }

    pub fn all() -> impl Iterator<Item = CountryCode> {
        (0..MEMBER_STATES.len() as u8).map(CountryCode)
    }

    pub fn code(self) -> &'static str {
        MEMBER_STATES[self.0 as usize].0
    }

    /// The time zone of the state's capital (IANA): what a meeting it hosts is in unless the
    /// secretariat says otherwise (the DR Congo's east, Lubumbashi, is an hour ahead of Kinshasa).
    pub fn time_zone(self) -> &'static str {
        const ZONES: [&str; 16] = [
            "Africa/Luanda",
            "Africa/Gaborone",
            "Indian/Comoro",
            "Africa/Kinshasa",
            "Africa/Mbabane",
            "Africa/Maseru",
            "Indian/Antananarivo",
            "Africa/Blantyre",
            "Indian/Mauritius",
            "Africa/Maputo",
            "Africa/Windhoek",
            "Indian/Mahe",
            "Africa/Johannesburg",
            "Africa/Dar_es_Salaam",
            "Africa/Lusaka",
            "Africa/Harare",
        ];
        ZONES[self.0 as usize]
    }

    pub fn name(self, lang: Lang) -> &'static str {
        let row = &MEMBER_STATES[self.0 as usize];
        match lang {
            Lang::En => row.1,
            Lang::Fr => row.2,
            Lang::Pt => row.3,
        }
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl TryFrom<String> for CountryCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CountryCode::parse("country", &s).map_err(|e| e.message)
    }
}

impl From<CountryCode> for String {
    fn from(c: CountryCode) -> String {
        c.code().to_string()
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_state_has_its_capitals_time_zone() {
        let zone = |c: &str| CountryCode::parse("c", c).unwrap().time_zone();
        assert_eq!(
            (zone("MZ"), zone("CD"), zone("MU"), zone("TZ")),
            ("Africa/Maputo", "Africa/Kinshasa", "Indian/Mauritius", "Africa/Dar_es_Salaam")
        );
        assert_eq!(CountryCode::all().count(), 16);
        #[cfg(feature = "ssr")]
        for c in CountryCode::all() {
            assert!(c.time_zone().parse::<chrono_tz::Tz>().is_ok(), "{c}: {}", c.time_zone());
        }
    }

    use super::*;

    #[test]
    fn parses_all_sixteen_case_insensitively() {
        assert_eq!(CountryCode::all().count(), 16);
        for c in CountryCode::all() {
            assert_eq!(CountryCode::parse("c", &c.code().to_lowercase()).unwrap(), c);
        }
        assert_eq!(CountryCode::parse("c", " tz ").unwrap().name(Lang::Fr), "République-Unie de Tanzanie");
    }

    #[test]
    fn refuses_non_sadc_and_empty() {
        assert_eq!(CountryCode::parse("c", "KE").unwrap_err().code, ErrorCode::InvalidCountry);
        assert_eq!(CountryCode::parse("c", "").unwrap_err().code, ErrorCode::Required);
        assert_eq!(CountryCode::parse("c", "TZA").unwrap_err().code, ErrorCode::InvalidCountry);
    }

    #[test]
    fn serde_round_trip() {
        let c = CountryCode::parse("c", "MZ").unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, "\"MZ\"");
        assert_eq!(serde_json::from_str::<CountryCode>(&json).unwrap(), c);
        assert!(serde_json::from_str::<CountryCode>("\"XX\"").is_err());
    }
}
