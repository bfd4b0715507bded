use super::meeting::string_enum;
use super::{ErrorCode, FieldError};
use serde::{Deserialize, Serialize};

string_enum!(
    /// What a participant attends as. Member-state categories belong to a delegation (a country);
    /// the others name an organisation.
    RegistrationCategory {
        HeadOfDelegation = "head_of_delegation",
        Delegate = "delegate",
        Adviser = "adviser",
        Observer = "observer",
        PartnerOrganisation = "partner_organisation",
        Media = "media",
        SecretariatStaff = "secretariat_staff",
    }
);

impl RegistrationCategory {
    /// Whether a participant of this category belongs to a member state's delegation (and so
    /// counts against its quota and needs a country).
    pub fn is_delegation(self) -> bool {
        matches!(self, Self::HeadOfDelegation | Self::Delegate | Self::Adviser)
    }

    /// Parses a stored comma-separated list, keeping the declared order.
    pub fn list_from_db(s: &str) -> Vec<RegistrationCategory> {
        Self::ALL.iter().copied().filter(|c| s.split(',').any(|p| p.trim() == c.as_str())).collect()
    }

    pub fn list_to_db(list: &[RegistrationCategory]) -> String {
        list.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(",")
    }
}

string_enum!(
    /// Where a registration stands.
    ///
    /// `unconfirmed` (self-registered, email not confirmed yet: holds no place) → `pending`
    /// (holds a place, awaiting approval) or `approved` (when no approval is required) or
    /// `waitlisted` (full, or the delegation's quota is used) → `withdrawn` / `rejected`.
    RegistrationStatus {
        Unconfirmed = "unconfirmed",
        Pending = "pending",
        Approved = "approved",
        Waitlisted = "waitlisted",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
    }
);

impl RegistrationStatus {
    /// Whether the registration takes one of the meeting's places.
    pub fn holds_place(self) -> bool {
        matches!(self, Self::Pending | Self::Approved)
    }

    /// Whether the registration is still alive (may be withdrawn, appears in the delegation).
    pub fn is_active(self) -> bool {
        !matches!(self, Self::Rejected | Self::Withdrawn)
    }

    /// Statuses the secretariat may decide from this one.
    pub fn can_approve(self) -> bool {
        matches!(self, Self::Pending | Self::Waitlisted)
    }

    pub fn can_reject(self) -> bool {
        matches!(self, Self::Unconfirmed | Self::Pending | Self::Waitlisted | Self::Approved)
    }
}

/// A place count (capacity or quota): a whole number from 1 to 10 000.
pub fn parse_places(field: &str, raw: &str) -> Result<i32, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    match raw.parse::<i32>() {
        Ok(n) if (1..=10_000).contains(&n) => Ok(n),
        _ => Err(FieldError::new(field, ErrorCode::OutOfRange { min: 1, max: 10_000 })),
    }
}

/// A phone number as people write them: digits, spaces and `+ - ( ) .`, 6 to 20 digits.
pub fn parse_phone(field: &str, raw: &str) -> Result<String, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    let digits = v.chars().filter(char::is_ascii_digit).count();
    if v.len() > 30 || !(6..=20).contains(&digits) || !v.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
        return Err(FieldError::new(field, ErrorCode::InvalidPhone));
    }
    Ok(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_round_trip_in_declared_order() {
        let list = RegistrationCategory::list_from_db("observer, head_of_delegation,bogus");
        assert_eq!(list, vec![RegistrationCategory::HeadOfDelegation, RegistrationCategory::Observer]);
        assert_eq!(RegistrationCategory::list_to_db(&list), "head_of_delegation,observer");
        assert!(RegistrationCategory::Adviser.is_delegation());
        assert!(!RegistrationCategory::Media.is_delegation());
    }

    #[test]
    fn statuses() {
        use RegistrationStatus::*;
        assert!(Pending.holds_place() && Approved.holds_place());
        assert!(!Unconfirmed.holds_place() && !Waitlisted.holds_place() && !Withdrawn.holds_place());
        assert!(Waitlisted.can_approve() && !Rejected.can_approve() && !Unconfirmed.can_approve());
        assert!(!Withdrawn.can_reject());
        assert_eq!(RegistrationStatus::parse("s", "approved").unwrap(), Approved);
    }

    #[test]
    fn places_and_phones() {
        assert_eq!(parse_places("capacity", " 100 ").unwrap(), 100);
        assert_eq!(parse_places("capacity", "0").unwrap_err().code, ErrorCode::OutOfRange { min: 1, max: 10_000 });
        assert_eq!(parse_places("capacity", "ten").unwrap_err().code, ErrorCode::OutOfRange { min: 1, max: 10_000 });
        assert_eq!(parse_places("capacity", "").unwrap_err().code, ErrorCode::Required);
        assert_eq!(parse_phone("phone", "+255 22 211 0000").unwrap(), "+255 22 211 0000");
        assert_eq!(parse_phone("phone", "").unwrap(), "");
        assert_eq!(parse_phone("phone", "call me").unwrap_err().code, ErrorCode::InvalidPhone);
        assert_eq!(parse_phone("phone", "123").unwrap_err().code, ErrorCode::InvalidPhone);
    }
}
