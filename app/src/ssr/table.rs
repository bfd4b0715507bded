//! Tables in and out, for every export and import: a small RFC 4180 CSV reader and writer
//! (UTF-8 with a byte-order mark, every field quoted, spreadsheet formulas neutralised), an XLSX
//! writer (rust_xlsxwriter: bold frozen header with filters, every cell text, cut to Excel's cell
//! limit with a marker) and an XLSX reader (calamine: the first worksheet, strings, numbers and
//! dates in either of Excel's date systems).

use crate::ssr::error::{ServiceError, ServiceResult};

#[derive(Debug, PartialEq, Eq)]
pub struct TableError;

/// Undoes the export's formula guard: a leading `'` before `=`, `+`, `-` or `@` (so an
/// exported Markdown list, `- item`, imports back as it was).
pub fn unguard(cell: String) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => cell,
    }
}

/// RFC 4180: fields separated by commas (or semicolons, when the header uses them), quoted
/// with `"` (doubled inside), records separated by CRLF or LF; quoted fields may hold newlines.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, TableError> {
    let first_line = text.lines().next().unwrap_or("");
    let sep = if first_line.matches(';').count() > first_line.matches(',').count() { ';' } else { ',' };
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            '"' => return Err(TableError),
            c if c == sep => {
                row.push(std::mem::take(&mut field));
                at_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                at_start = true;
            }
            c => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if quoted {
        return Err(TableError);
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// A plain decimal number (`-0.25`, `1200`): a spreadsheet reads it as a number, never as a
/// formula, so it needs no neutralising.
fn plain_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Quotes every field and neutralises spreadsheet formulas (a leading `=`, `+`, `-`, `@`; a
/// plain negative number such as `-0.25` stays a number).
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number(s) { format!("'{s}") } else { s.to_string() };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// CSV with a byte-order mark (so spreadsheet programs read UTF-8) and CRLF line ends.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&header.iter().map(|h| csv_field(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&r.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// Excel's (and LibreOffice's) limit on the characters of one cell.
pub const XLSX_CELL_MAX: usize = 32_767;

/// A text that fits in one spreadsheet cell: a longer one is cut, and ends with a marker that
/// says so and how long it was (the CSV export has it whole).
pub fn fit_cell(text: &str) -> std::borrow::Cow<'_, str> {
    let n = text.chars().count();
    if n <= XLSX_CELL_MAX {
        return std::borrow::Cow::Borrowed(text);
    }
    let marker = format!(" [\u{2026} cut: {n} characters in all; the CSV export has the whole text]");
    let keep = XLSX_CELL_MAX - marker.chars().count();
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(&marker);
    std::borrow::Cow::Owned(out)
}

/// A workbook with one sheet: bold frozen header with filters; every cell is text (so nothing
/// anyone typed is evaluated as a formula), cut to Excel's cell limit with a visible marker.
pub fn xlsx(header: &[&str], rows: &[Vec<String>], sheet_name: &str) -> ServiceResult<Vec<u8>> {
    let cells: Vec<Vec<Cell>> = rows.iter().map(|r| r.iter().map(|f| Cell::Text(f.as_str().into())).collect()).collect();
    xlsx_sheets(&[Sheet { name: sheet_name, header, rows: &cells }])
}

/// A spreadsheet cell: text (never evaluated as a formula), a number, or a percentage.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'a> {
    Text(std::borrow::Cow<'a, str>),
    Number(f64),
    /// From 0 to 100: written as the fraction with Excel's `0%` format, so it sums and sorts.
    Percent(f64),
}

/// One sheet of [`xlsx_sheets`].
pub struct Sheet<'a> {
    pub name: &'a str,
    pub header: &'a [&'a str],
    pub rows: &'a [Vec<Cell<'a>>],
}

/// A workbook of sheets, each with a bold frozen header with filters; text cut to Excel's cell
/// limit with a visible marker, numbers and percentages as numbers.
pub fn xlsx_sheets(sheets: &[Sheet<'_>]) -> ServiceResult<Vec<u8>> {
    let xl = |e: rust_xlsxwriter::XlsxError| ServiceError::Internal(format!("xlsx: {e}"));
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
    for s in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(s.name).map_err(xl)?;
        for (c, h) in s.header.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(xl)?;
            sheet.set_column_width(c as u16, 16).map_err(xl)?;
        }
        for (r, fields) in s.rows.iter().enumerate() {
            let r = (r + 1) as u32;
            for (c, f) in fields.iter().enumerate() {
                let c = c as u16;
                match f {
                    Cell::Text(t) => sheet.write_string(r, c, fit_cell(t).as_ref()).map(|_| ()),
                    Cell::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    Cell::Percent(p) => sheet.write_number_with_format(r, c, *p / 100.0, &percent).map(|_| ()),
                }
                .map_err(xl)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(xl)?;
        sheet.autofilter(0, 0, s.rows.len() as u32, (s.header.len().max(1) - 1) as u16).map_err(xl)?;
    }
    book.save_to_buffer().map_err(xl)
}

/// The largest sheet an import reads (columns, rows) and the most its parts may hold
/// uncompressed: a larger (or zip-bomb) workbook is refused before it is read.
const XLSX_MAX_COLUMNS: usize = 100;
const XLSX_MAX_ROWS: usize = 5000;
const XLSX_MAX_UNCOMPRESSED: u64 = 50 * 1024 * 1024;

/// The first worksheet of an XLSX file as a grid of strings, each cell where it is in the sheet
/// (row 1 first). Dates typed as dates become `YYYY-MM-DD`, in the workbook's date system (1900
/// or 1904); a date serial outside what a date can be stays the number typed; whole numbers have
/// no decimal point.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, TableError> {
    use calamine::{Data, Reader};
    // The sizes the central directory declares (reading stops at them).
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| TableError)?;
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        unpacked = unpacked.saturating_add(archive.by_index_raw(i).map_err(|_| TableError)?.size());
    }
    if unpacked > XLSX_MAX_UNCOMPRESSED {
        return Err(TableError);
    }
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| TableError)?;
    let range = book.worksheet_range_at(0).ok_or(TableError)?.map_err(|_| TableError)?;
    let Some((top, left)) = range.start() else { return Ok(vec![]) };
    let (top, left) = (top as usize, left as usize);
    let (rows, columns) = range.get_size();
    if top + rows > XLSX_MAX_ROWS || left + columns > XLSX_MAX_COLUMNS {
        return Err(TableError);
    }
    let number = |f: f64| if f.fract() == 0.0 && f.abs() < 1e15 { format!("{f:.0}") } else { f.to_string() };
    let mut grid: Vec<Vec<String>> = vec![vec![]; top];
    for row in range.rows() {
        let mut cells = vec![String::new(); left];
        cells.extend(row.iter().map(|c| {
            match c {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Int(i) => i.to_string(),
                Data::Float(f) => number(*f),
                Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
                Data::DateTime(d) => d
                    .as_datetime()
                    .filter(|d| (1900..=9999).contains(&chrono::Datelike::year(d)))
                    .map(|d| d.date().to_string())
                    .unwrap_or_else(|| number(d.as_f64())),
                Data::DateTimeIso(s) | Data::DurationIso(s) => s.get(..10).unwrap_or(s).to_string(),
                Data::Error(e) => e.to_string(),
            }
        }));
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        grid.push(cells);
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_field("Dar \"es\" Salaam"), "\"Dar \"\"es\"\" Salaam\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
        assert_eq!(csv_field("Ngũgĩ"), "\"Ngũgĩ\"");
    }

    #[test]
    fn csv_round_trip_with_quotes_newlines_and_formulas() {
        let rows = vec![vec!["R1".to_string(), "a \"quoted\", text\nwith a newline".into(), "=1+1".into(), "é ç ã".into()]];
        let out = csv(&["code", "text_en", "x", "y"], &rows);
        assert!(out.starts_with('\u{feff}'));
        let back = parse_csv(out.trim_start_matches('\u{feff}')).unwrap();
        assert_eq!(back[0], ["code", "text_en", "x", "y"]);
        assert_eq!(back[1][1], rows[0][1]);
        assert_eq!(back[1][2], "'=1+1");
        assert_eq!(unguard(back[1][2].clone()), "=1+1");
        assert_eq!(back[1][3], "é ç ã");
        assert_eq!(parse_csv("a;b\r\n1;2").unwrap(), vec![vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(parse_csv("a,\"b"), Err(TableError));
        assert_eq!(parse_csv("a,b\"c"), Err(TableError));
    }

    #[test]
    fn long_texts_fit_in_a_cell_with_a_marker() {
        let long = "é".repeat(50_000);
        let cell = fit_cell(&long);
        assert_eq!(cell.chars().count(), XLSX_CELL_MAX);
        assert!(cell.ends_with("characters in all; the CSV export has the whole text]") && cell.contains("50000"));
        assert_eq!(fit_cell("short"), "short");
        let book = xlsx(&["narrative"], &[vec![long.clone()]], "Reports").unwrap();
        let rows = read_xlsx(&book).unwrap();
        assert_eq!(rows[1][0].chars().count(), XLSX_CELL_MAX);
    }

    /// A workbook whose dates count from 1904 (Excel for Mac's old default): `workbookPr
    /// date1904="1"` added to what rust_xlsxwriter wrote.
    fn with_1904_dates(book: Vec<u8>) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut input = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..input.len() {
            let mut f = input.by_index(i).unwrap();
            let name = f.name().to_string();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            if name == "xl/workbook.xml" {
                let xml = String::from_utf8(data).unwrap();
                let xml = match xml.find("<workbookPr") {
                    Some(at) => format!("{}<workbookPr date1904=\"1\" {}", &xml[..at], &xml[at + "<workbookPr".len()..]),
                    None => xml.replacen("<sheets>", "<workbookPr date1904=\"1\"/><sheets>", 1),
                };
                data = xml.into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            out.write_all(&data).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn dates_numbers_and_both_date_systems() {
        let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        let build = || {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            sheet.write_string(0, 0, "date").unwrap();
            sheet.write_number_with_format(1, 0, 46934.0, &date).unwrap();
            sheet.write_number_with_format(2, 0, 1e20, &date).unwrap();
            sheet.write_number(3, 0, 40.0).unwrap();
            sheet.write_number(4, 0, 2.5).unwrap();
            sheet.write_string(5, 2, "C6").unwrap();
            book.save_to_buffer().unwrap()
        };
        let rows = read_xlsx(&build()).unwrap();
        assert_eq!(rows[1][0], "2028-06-30");
        assert_eq!(rows[2][0].parse::<f64>().ok(), Some(1e20), "an absurd serial stays the number typed");
        assert_eq!((rows[3][0].as_str(), rows[4][0].as_str()), ("40", "2.5"));
        assert_eq!(rows[5], vec!["", "", "C6"], "cells keep their column");
        // The same serial in a 1904 workbook is four years and a day later.
        let rows = read_xlsx(&with_1904_dates(build())).unwrap();
        let expected = chrono::NaiveDate::from_ymd_opt(1904, 1, 1).unwrap() + chrono::Duration::days(46934);
        assert_eq!(rows[1][0], expected.to_string());
        assert_eq!(rows[1][0], "2032-07-01");
    }

    #[test]
    fn oversized_workbooks_are_refused() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 150, "far right").unwrap();
        assert_eq!(read_xlsx(&book.save_to_buffer().unwrap()), Err(TableError));
        assert_eq!(read_xlsx(b"PK\x03\x04 not a zip"), Err(TableError));
    }
}
