use super::{ErrorCode, FieldError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A person on the agenda (speaker or chair); not necessarily a user of the system.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRef {
    pub name: String,
    pub role: String,
    /// Country or organisation.
    pub affiliation: String,
}

impl PersonRef {
    const MAX: usize = 200;

    /// Parses `Name; Role; Country or organisation` (role and affiliation optional).
    pub fn parse(field: &str, line: &str) -> Result<Self, FieldError> {
        super::no_controls(field, line)?;
        let mut parts = line.split(';').map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "));
        let name = parts.next().unwrap_or_default();
        let role = parts.next().unwrap_or_default();
        let affiliation = parts.next().unwrap_or_default();
        if name.is_empty() || parts.next().is_some() {
            return Err(FieldError::new(field, ErrorCode::InvalidPerson));
        }
        if [&name, &role, &affiliation].iter().any(|s| s.chars().count() > Self::MAX) {
            return Err(FieldError::new(field, ErrorCode::TooLong { max: Self::MAX }));
        }
        Ok(Self { name, role, affiliation })
    }
}

impl fmt::Display for PersonRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        let extra: Vec<&str> = [self.role.as_str(), self.affiliation.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
        if !extra.is_empty() {
            write!(f, " ({})", extra.join(", "))?;
        }
        Ok(())
    }
}

/// Zero or more people, one per line in forms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonList(pub Vec<PersonRef>);

impl PersonList {
    pub const MAX_PEOPLE: usize = 30;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let people = raw.lines().filter(|l| !l.trim().is_empty()).map(|l| PersonRef::parse(field, l)).collect::<Result<Vec<_>, _>>()?;
        if people.len() > Self::MAX_PEOPLE {
            return Err(FieldError::new(field, ErrorCode::TooLong { max: Self::MAX_PEOPLE }));
        }
        Ok(PersonList(people))
    }

    /// The form representation, inverse of [`PersonList::parse`].
    pub fn to_lines(&self) -> String {
        self.0
            .iter()
            .map(|p| {
                let mut s = p.name.clone();
                if !p.role.is_empty() || !p.affiliation.is_empty() {
                    s.push_str("; ");
                    s.push_str(&p.role);
                }
                if !p.affiliation.is_empty() {
                    s.push_str("; ");
                    s.push_str(&p.affiliation);
                }
                s
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// "Hon. Juma Mwakyusa": title, given and family name, leaving out the empty ones.
pub fn person_name(title: &str, given: &str, family: &str) -> String {
    [title, given, family].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_people_lines() {
        let list = PersonList::parse("s", "Hon. A. Banda; Minister of Home Affairs; Malawi\n\n  J. Doe ;; IOM \nMary").unwrap();
        assert_eq!(list.0.len(), 3);
        assert_eq!(list.0[0].affiliation, "Malawi");
        assert_eq!(list.0[1].role, "");
        assert_eq!(list.0[1].affiliation, "IOM");
        assert_eq!(list.0[2].to_string(), "Mary");
        assert_eq!(list.0[0].to_string(), "Hon. A. Banda (Minister of Home Affairs, Malawi)");
        assert_eq!(PersonList::parse("s", &list.to_lines()).unwrap(), list);
    }

    #[test]
    fn refuses_bad_lines() {
        assert_eq!(PersonList::parse("s", "; Minister").unwrap_err().code, ErrorCode::InvalidPerson);
        assert_eq!(PersonList::parse("s", "a;b;c;d").unwrap_err().code, ErrorCode::InvalidPerson);
        let many = (0..31).map(|i| format!("P{i}")).collect::<Vec<_>>().join("\n");
        assert!(PersonList::parse("s", &many).is_err());
        assert!(PersonList::parse("s", "").unwrap().is_empty());
    }
}
