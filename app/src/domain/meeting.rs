use super::{ErrorCode, FieldError};
use serde::{Deserialize, Serialize};

/// A language of the dialogue: the UI languages and the meetings' working languages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
    Pt,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Pt];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Pt => "pt",
        }
    }

    /// The language's own name, as shown in the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Pt => "Português",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            "pt" => Some(Lang::Pt),
            _ => None,
        }
    }

    /// Picks the best supported language from an `Accept-Language` header value, honouring
    /// q-values; English when nothing matches.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let primary = tag.split('-').next().unwrap_or("");
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            if let Some(lang) = Lang::from_code(primary) {
                if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, lang));
                }
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

/// The working languages of a meeting (at least one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageSet {
    pub en: bool,
    pub fr: bool,
    pub pt: bool,
}

impl LanguageSet {
    pub fn new(en: bool, fr: bool, pt: bool, field: &str) -> Result<Self, FieldError> {
        if !(en || fr || pt) {
            return Err(FieldError::new(field, ErrorCode::NoLanguage));
        }
        Ok(Self { en, fr, pt })
    }

    /// Storage form, e.g. `en,fr`.
    pub fn to_db(self) -> String {
        self.langs().map(Lang::code).collect::<Vec<_>>().join(",")
    }

    pub fn from_db(s: &str) -> Self {
        let has = |c: &str| s.split(',').any(|p| p.trim() == c);
        Self { en: has("en"), fr: has("fr"), pt: has("pt") }
    }

    pub fn langs(self) -> impl Iterator<Item = Lang> {
        [(self.en, Lang::En), (self.fr, Lang::Fr), (self.pt, Lang::Pt)].into_iter().filter_map(|(on, l)| on.then_some(l))
    }
}

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }

            pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
                match raw.trim() {
                    "" => Err(FieldError::new(field, ErrorCode::Required)),
                    $($s => Ok($name::$variant),)+
                    _ => Err(FieldError::new(field, ErrorCode::InvalidChoice)),
                }
            }
        }
    };
}
pub(crate) use string_enum;

string_enum!(
    /// The kinds of MIDSA meeting.
    MeetingKind {
        MinisterialConference = "ministerial_conference",
        SeniorOfficials = "senior_officials",
        TechnicalWorkingGroup = "technical_working_group",
        Workshop = "workshop",
    }
);

string_enum!(
    /// A meeting's life cycle. Only the transitions in [`MeetingStatus::can_become`] are legal.
    MeetingStatus {
        Draft = "draft",
        Announced = "announced",
        RegistrationOpen = "registration_open",
        RegistrationClosed = "registration_closed",
        Held = "held",
        MinutesAdopted = "minutes_adopted",
    }
);

impl MeetingStatus {
    /// Forward one step at a time; registration may be reopened once closed, and an announced
    /// meeting may go back to draft (e.g. announced by mistake). Nothing else.
    pub fn can_become(self, next: MeetingStatus) -> bool {
        use MeetingStatus::*;
        matches!(
            (self, next),
            (Draft, Announced)
                | (Announced, Draft)
                | (Announced, RegistrationOpen)
                | (RegistrationOpen, RegistrationClosed)
                | (RegistrationClosed, RegistrationOpen)
                | (RegistrationClosed, Held)
                | (Held, MinutesAdopted)
        )
    }

    pub fn next_options(self) -> Vec<MeetingStatus> {
        MeetingStatus::ALL.iter().copied().filter(|n| self.can_become(*n)).collect()
    }

    /// Drafts are visible to the secretariat only.
    pub fn is_public(self) -> bool {
        self != MeetingStatus::Draft
    }
}

string_enum!(
    /// What an agenda item is: a substantive item or a break (coffee, lunch).
    ItemKind {
        Item = "item",
        Break = "break",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_best_supported() {
        assert_eq!(Lang::from_accept_language("fr-FR,fr;q=0.9,en;q=0.8"), Lang::Fr);
        assert_eq!(Lang::from_accept_language("de-DE,pt-BR;q=0.7,en;q=0.5"), Lang::Pt);
        assert_eq!(Lang::from_accept_language("de, sw"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::En);
        assert_eq!(Lang::from_accept_language("en;q=0.2, pt;q=0.9"), Lang::Pt);
        assert_eq!(Lang::from_accept_language("fr;q=0"), Lang::En);
    }

    #[test]
    fn language_set_needs_one_and_round_trips() {
        assert_eq!(LanguageSet::new(false, false, false, "l").unwrap_err().code, ErrorCode::NoLanguage);
        let s = LanguageSet::new(true, false, true, "l").unwrap();
        assert_eq!(s.to_db(), "en,pt");
        assert_eq!(LanguageSet::from_db("en,pt"), s);
    }

    #[test]
    fn status_transitions_are_restricted() {
        use MeetingStatus::*;
        assert!(Draft.can_become(Announced));
        assert!(!Draft.can_become(Held));
        assert!(!Draft.can_become(Draft));
        assert!(RegistrationClosed.can_become(RegistrationOpen));
        assert!(!MinutesAdopted.can_become(Held));
        assert_eq!(Held.next_options(), vec![MinutesAdopted]);
        assert!(!Draft.is_public());
        assert!(Announced.is_public());
    }

    #[test]
    fn string_enums_parse_exactly() {
        assert_eq!(MeetingKind::parse("k", "workshop").unwrap(), MeetingKind::Workshop);
        assert_eq!(MeetingKind::parse("k", "Workshop").unwrap_err().code, ErrorCode::InvalidChoice);
        assert_eq!(MeetingStatus::parse("s", "").unwrap_err().code, ErrorCode::Required);
        for s in MeetingStatus::ALL {
            assert_eq!(MeetingStatus::parse("s", s.as_str()).unwrap(), *s);
        }
    }
}
