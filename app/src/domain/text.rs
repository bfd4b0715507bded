use super::{ErrorCode, FieldError};

/// Whether no text field may hold `c`: NUL and the other C0 controls except tab, line feed and
/// carriage return, DEL and the C1 controls. PostgreSQL cannot store NUL at all, and none of
/// them has a place in a name, a title or a narrative.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Refuses text holding a forbidden control character (see [`is_forbidden_control`]).
pub fn no_controls(field: &str, raw: &str) -> Result<(), FieldError> {
    if raw.chars().any(is_forbidden_control) {
        Err(FieldError::new(field, ErrorCode::ControlCharacters))
    } else {
        Ok(())
    }
}

/// A trimmed, non-empty single-line text of at most `max` characters.
pub fn required_text(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    no_controls(field, raw)?;
    let v = collapse(raw);
    if v.is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    check_len(field, v, max)
}

/// A trimmed single-line text that may be empty, at most `max` characters.
pub fn optional_text(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    no_controls(field, raw)?;
    check_len(field, collapse(raw), max)
}

fn collapse(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_len(field: &str, v: String, max: usize) -> Result<String, FieldError> {
    if v.chars().count() > max {
        Err(FieldError::new(field, ErrorCode::TooLong { max }))
    } else {
        Ok(v)
    }
}

/// Markdown source as typed by a user (may be empty). Line breaks are kept; only the length is
/// checked. Rendering and sanitising happen on the server when it is saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Markdown(String);

impl Markdown {
    pub const MAX: usize = 50_000;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        no_controls(field, raw)?;
        let v = raw.replace("\r\n", "\n").replace('\r', "\n").trim().to_string();
        if v.chars().count() > Self::MAX {
            return Err(FieldError::new(field, ErrorCode::TooLong { max: Self::MAX }));
        }
        Ok(Markdown(v))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_trims_and_collapses() {
        assert_eq!(required_text("t", "  Hello \n  world ", 50).unwrap(), "Hello world");
        assert_eq!(required_text("t", "   ", 50).unwrap_err().code, ErrorCode::Required);
        assert_eq!(required_text("t", "abcdef", 5).unwrap_err().code, ErrorCode::TooLong { max: 5 });
        // characters, not bytes
        assert_eq!(required_text("t", "ééééé", 5).unwrap(), "ééééé");
    }

    #[test]
    fn optional_text_allows_empty() {
        assert_eq!(optional_text("t", "  ", 5).unwrap(), "");
        assert!(optional_text("t", "123456", 5).is_err());
    }

    #[test]
    fn control_characters_are_refused_everywhere() {
        for bad in ["Asha\0", "A\u{1}b", "x\u{7f}", "\u{85}next", "a\u{b}b", "\u{1b}[31m"] {
            assert_eq!(required_text("t", bad, 50).unwrap_err().code, ErrorCode::ControlCharacters, "{bad:?}");
            assert_eq!(optional_text("t", bad, 50).unwrap_err().code, ErrorCode::ControlCharacters, "{bad:?}");
            assert_eq!(Markdown::parse("t", bad).unwrap_err().code, ErrorCode::ControlCharacters, "{bad:?}");
        }
        // Tabs and line breaks are whitespace, not refused.
        assert_eq!(required_text("t", "a\tb\r\nc", 50).unwrap(), "a b c");
        assert_eq!(Markdown::parse("t", "a\tb\r\n\r\nc").unwrap().as_str(), "a\tb\n\nc");
    }

    #[test]
    fn markdown_keeps_lines_and_limits_size() {
        assert_eq!(Markdown::parse("d", "a\r\n\r\n- b\r\n").unwrap().as_str(), "a\n\n- b");
        let big = "x".repeat(Markdown::MAX + 1);
        assert!(Markdown::parse("d", &big).is_err());
    }
}

/// A database id from a hidden form field or a URL. `None` when it is not a positive integer.
pub fn parse_id(raw: &str) -> Option<i32> {
    raw.trim().parse::<i32>().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod id_tests {
    #[test]
    fn ids_are_positive_integers() {
        assert_eq!(super::parse_id(" 42 "), Some(42));
        assert_eq!(super::parse_id("0"), None);
        assert_eq!(super::parse_id("-3"), None);
        assert_eq!(super::parse_id("4x"), None);
        assert_eq!(super::parse_id(""), None);
    }
}

/// Submitted form values to echo back with validation errors (each cut to 4,000 characters so
/// the redirect URL of a form posted without JavaScript stays reasonable).
pub fn echo(values: &[(&str, &String)]) -> Vec<(String, String)> {
    values.iter().map(|(k, v)| (k.to_string(), v.chars().take(4000).collect())).collect()
}

/// Percent-encodes a path segment (everything but ASCII letters, digits and `-._~`).
pub fn url_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod url_segment_tests {
    #[test]
    fn encodes_everything_but_unreserved() {
        assert_eq!(super::url_segment("Relatório 1/2 \"x\".pdf"), "Relat%C3%B3rio%201%2F2%20%22x%22.pdf");
    }
}

/// A same-site path that may be sent as a redirect target, or `/`: it must start with one `/`
/// (not `//`, which browsers read as another host), and hold no backslash (`/\host` is read the
/// same way), no control character (browsers drop tabs and line breaks from URLs, so
/// `/\t/host` would become `//host`; a line break would also split the header) and no space.
pub fn local_path(raw: &str) -> &str {
    let ok = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace())
        && raw.len() <= 8000;
    if ok {
        raw
    } else {
        "/"
    }
}

#[cfg(test)]
mod local_path_tests {
    use super::local_path;

    #[test]
    fn only_same_site_paths_are_redirect_targets() {
        assert_eq!(local_path("/meetings/3?x=1#a"), "/meetings/3?x=1#a");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n",
            "/a\r\nSet-Cookie: x=1",
            "/%09/ok-because-literal",
            "",
            "evil.example",
            "/ /x",
            "/\u{85}x",
            "javascript:alert(1)",
        ] {
            let expected = if bad == "/%09/ok-because-literal" { bad } else { "/" };
            assert_eq!(local_path(bad), expected, "{bad:?}");
        }
    }
}
