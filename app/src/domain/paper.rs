use super::meeting::string_enum;
use super::{ErrorCode, FieldError};
use serde::{Deserialize, Serialize};

string_enum!(
    /// Who may read a briefing paper.
    Access {
        Public = "public",
        Delegates = "delegates",
        Secretariat = "secretariat",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_levels_parse_exactly() {
        assert_eq!(Access::parse("access", "delegates").unwrap(), Access::Delegates);
        assert_eq!(Access::parse("access", "Public").unwrap_err().code, ErrorCode::InvalidChoice);
        assert_eq!(Access::parse("access", "").unwrap_err(), FieldError::new("access", ErrorCode::Required));
    }
}
