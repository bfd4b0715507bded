//! The plan's import and export table: its columns, and reading an uploaded CSV or XLSX file
//! into rows by column name (the generic readers and writers are in `ssr::table`).

pub use crate::ssr::table::TableError;
use crate::ssr::table::{parse_csv, read_xlsx, unguard};
use std::collections::HashMap;

pub use super::types::{column_of, IMPORT_COLUMNS as HEADER};

/// One data row, by lower-cased header name.
pub type Row = HashMap<String, String>;

/// Reads a CSV or XLSX file into rows keyed by the header row, each with its row number in the
/// file (the header is row 1), skipping empty rows. The header must hold `code` and `text_en`;
/// unknown, repeated or unnamed columns with data are refused (data would otherwise be lost
/// silently).
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Vec<(usize, Row)>, TableError> {
    let grid = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)?
    } else if file_name.to_ascii_lowercase().ends_with(".xlsx") {
        return Err(TableError);
    } else {
        let text = std::str::from_utf8(bytes).map_err(|_| TableError)?;
        parse_csv(text.strip_prefix('\u{feff}').unwrap_or(text))?
    };
    let mut rows = grid.into_iter();
    let header: Vec<String> = rows.next().ok_or(TableError)?.into_iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    if !header.iter().any(|h| h == "code") || !header.iter().any(|h| h == "text_en") {
        return Err(TableError);
    }
    if header.iter().any(|h| !h.is_empty() && !HEADER.contains(&h.as_str())) {
        return Err(TableError);
    }
    if header.iter().enumerate().any(|(i, h)| !h.is_empty() && header[..i].contains(h)) {
        return Err(TableError);
    }
    let mut out: Vec<(usize, Row)> = Vec::new();
    for (i, r) in rows.enumerate() {
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // A value in a column without a name (or beyond the header) would be dropped.
        if r.iter().enumerate().any(|(k, c)| !c.trim().is_empty() && header.get(k).is_none_or(|h| h.is_empty())) {
            return Err(TableError);
        }
        let row: Row = header
            .iter()
            .cloned()
            .zip(r.into_iter().map(unguard).chain(std::iter::repeat(String::new())))
            .filter(|(h, _)| !h.is_empty())
            .collect();
        out.push((i + 2, row));
    }
    if out.is_empty() || out.len() > 2000 {
        return Err(TableError);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_checks_the_header() {
        let ok = read("plan.csv", "code,text_en,theme\n\nR1,Do it,labour\n,,\nR2,'- a list,data\n".as_bytes()).unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!((ok[0].0, ok[0].1["theme"].as_str()), (3, "labour"), "row numbers as in the file");
        assert_eq!((ok[1].0, ok[1].1["text_en"].as_str()), (5, "- a list"), "the export's formula guard is undone");
        assert_eq!(read("plan.csv", b"code,text_en,code\nR1,x,R2\n"), Err(TableError), "repeated column");
        assert_eq!(read("plan.csv", b"code,text_en\nR1,x,extra\n"), Err(TableError), "data beyond the header");
        assert_eq!(read("plan.csv", b"code,txt\nR1,x\n"), Err(TableError));
        assert_eq!(read("plan.csv", b"code,text_en\n"), Err(TableError));
        assert_eq!(read("plan.xlsx", b"code,text_en\nR1,x\n"), Err(TableError));
        assert_eq!(read("plan.csv", &[0xff, 0xfe, 0x00]), Err(TableError));
    }

    #[test]
    fn xlsx_written_is_read_back() {
        let rows = vec![vec!["R1.1".to_string(), "Texte accentué\net deux lignes".into()], vec!["R1.2".into(), "<b>&amp;</b>".into()]];
        let bytes = crate::ssr::table::xlsx(&["code", "text_en"], &rows, "Plan").unwrap();
        let back = read("plan.xlsx", &bytes).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].1["text_en"], "Texte accentué\net deux lignes");
        assert_eq!(back[1].1["text_en"], "<b>&amp;</b>");
    }
}
