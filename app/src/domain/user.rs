use super::{meeting::string_enum, CountryCode, ErrorCode, FieldError, Lang};
use serde::{Deserialize, Serialize};
use std::fmt;

string_enum!(
    /// What a signed-in user may do. Anonymous visitors have no role.
    Role {
        Secretariat = "secretariat",
        FocalPoint = "focal_point",
        Delegate = "delegate",
    }
);

/// A syntactically valid email address, lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let v = raw.trim().to_lowercase();
        if v.is_empty() {
            return Err(FieldError::new(field, ErrorCode::Required));
        }
        if v.len() > 254 {
            return Err(FieldError::new(field, ErrorCode::TooLong { max: 254 }));
        }
        let invalid = || FieldError::new(field, ErrorCode::InvalidEmail);
        let (local, domain) = v.rsplit_once('@').ok_or_else(invalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if local_ok && domain_ok {
            Ok(Email(v))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password: 12 to 128 characters. Never Serialize, never logged.
pub struct Password(String);

impl Password {
    pub const MIN: usize = 12;
    pub const MAX: usize = 128;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let n = raw.chars().count();
        if raw.chars().any(super::is_forbidden_control) {
            Err(FieldError::new(field, ErrorCode::ControlCharacters))
        } else if n == 0 {
            Err(FieldError::new(field, ErrorCode::Required))
        } else if n < Self::MIN {
            Err(FieldError::new(field, ErrorCode::TooShort { min: Self::MIN }))
        } else if n > Self::MAX {
            Err(FieldError::new(field, ErrorCode::TooLong { max: Self::MAX }))
        } else {
            Ok(Password(raw.to_string()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_emails_are_lowercased() {
        assert_eq!(Email::parse("e", " Focal.Point@Home-Affairs.gov.MZ ").unwrap().as_str(), "focal.point@home-affairs.gov.mz");
        assert!(Email::parse("e", "a+tag@iom.int").is_ok());
    }

    #[test]
    fn invalid_emails_are_refused() {
        for bad in [
            "plain",
            "@iom.int",
            "a@",
            "a@b",
            "a@.int",
            "a..b@iom.int",
            "a@iom..int",
            "a b@iom.int",
            "a@-iom.int",
            "a@iom.i1",
            "<script>@x.io",
        ] {
            assert_eq!(Email::parse("e", bad).unwrap_err().code, ErrorCode::InvalidEmail, "{bad}");
        }
        assert_eq!(Email::parse("e", "").unwrap_err().code, ErrorCode::Required);
    }

    #[test]
    fn password_length_bounds() {
        assert_eq!(Password::parse("p", "short").unwrap_err().code, ErrorCode::TooShort { min: 12 });
        assert!(Password::parse("p", "correct horse battery").is_ok());
        assert!(Password::parse("p", &"x".repeat(129)).is_err());
        assert_eq!(format!("{:?}", Password::parse("p", "correct horse battery").unwrap()), "Password(***)");
    }

    #[test]
    fn roles_parse() {
        assert_eq!(Role::parse("r", "focal_point").unwrap(), Role::FocalPoint);
        assert!(Role::parse("r", "admin").is_err());
    }
}

/// The signed-in user, as the server resolved it from the session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub country: Option<CountryCode>,
    pub locale: Lang,
    /// A regional body's code, for a focal point who reports for a body instead of a state.
    #[serde(default)]
    pub body: Option<String>,
}

impl CurrentUser {
    pub fn is_secretariat(&self) -> bool {
        self.role == Role::Secretariat
    }
}
