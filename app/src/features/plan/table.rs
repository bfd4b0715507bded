//! Tables in and out: a small RFC 4180 CSV reader and writer, an XLSX reader (the first
//! worksheet, shared and inline strings, numbers and dates) and writer. Used by the plan's
//! import/export and the follow-up exports.

use crate::ssr::error::{ServiceError, ServiceResult};
use std::collections::HashMap;
use std::io::Read;

/// The columns of a plan import/export, in order.
pub const HEADER: [&str; 12] =
    ["code", "heading", "theme", "level", "states", "bodies", "target_date", "indicators", "frameworks", "text_en", "text_fr", "text_pt"];

/// One data row, by lower-cased header name.
pub type Row = HashMap<String, String>;

/// Undoes the export's formula guard: a leading `'` before `=`, `+`, `-` or `@` (so an
/// exported Markdown list, `- item`, imports back as it was).
fn unguard(cell: String) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => cell,
    }
}

/// The import column that a form field comes from (for the row-by-row error report).
pub fn column_of(field: &str) -> &str {
    match field {
        "text" => "text_en",
        other => other,
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct TableError;

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

/// Quotes every field and neutralises spreadsheet formulas (a leading `=`, `+`, `-`, `@`).
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
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
    let xl = |e: rust_xlsxwriter::XlsxError| ServiceError::Internal(format!("xlsx: {e}"));
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name).map_err(xl)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(xl)?;
        sheet.set_column_width(c as u16, 16).map_err(xl)?;
    }
    for (r, fields) in rows.iter().enumerate() {
        for (c, f) in fields.iter().enumerate() {
            sheet.write_string((r + 1) as u32, c as u16, fit_cell(f).as_ref()).map_err(xl)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(xl)?;
    sheet.autofilter(0, 0, rows.len() as u32, (header.len().max(1) - 1) as u16).map_err(xl)?;
    book.save_to_buffer().map_err(xl)
}

fn zip_text(archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str) -> Result<Option<String>, TableError> {
    let Ok(mut f) = archive.by_name(name) else { return Ok(None) };
    if f.size() > 50 * 1024 * 1024 {
        return Err(TableError);
    }
    let mut s = String::new();
    f.by_ref().take(50 * 1024 * 1024).read_to_string(&mut s).map_err(|_| TableError)?;
    Ok(Some(s))
}

/// Column index of a cell reference such as `AB12`.
fn column_index(r: &str) -> Option<usize> {
    let letters: String = r.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    Some(letters.bytes().fold(0usize, |acc, b| acc * 26 + (b - b'A' + 1) as usize) - 1)
}

fn text_of(node: roxmltree::Node) -> String {
    // Rich text: every <t> below the node, in order (phonetic runs excluded).
    node.descendants().filter(|n| n.has_tag_name("t") && !n.ancestors().any(|a| a.has_tag_name("rPh"))).filter_map(|n| n.text()).collect()
}

/// The part name of the workbook's first sheet (in tab order), through `workbook.xml` and its
/// relationships; `xl/worksheets/sheet1.xml` when they say nothing.
fn first_sheet_path(archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>) -> Result<String, TableError> {
    const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let fallback = "xl/worksheets/sheet1.xml".to_string();
    let Some(workbook) = zip_text(archive, "xl/workbook.xml")? else { return Ok(fallback) };
    let doc = roxmltree::Document::parse(&workbook).map_err(|_| TableError)?;
    let Some(rid) = doc.descendants().find(|n| n.has_tag_name("sheet")).and_then(|n| n.attribute((REL_NS, "id"))).map(str::to_string)
    else {
        return Ok(fallback);
    };
    let Some(rels) = zip_text(archive, "xl/_rels/workbook.xml.rels")? else { return Ok(fallback) };
    let doc = roxmltree::Document::parse(&rels).map_err(|_| TableError)?;
    let target = doc
        .descendants()
        .find(|n| n.has_tag_name("Relationship") && n.attribute("Id") == Some(rid.as_str()))
        .and_then(|n| n.attribute("Target"));
    Ok(match target {
        Some(t) if t.starts_with('/') => t.trim_start_matches('/').to_string(),
        Some(t) => format!("xl/{t}"),
        None => fallback,
    })
}

/// The first worksheet of an XLSX file as a grid of strings. Dates typed as dates become
/// `YYYY-MM-DD` (Excel serial numbers in a date-formatted cell).
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, TableError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| TableError)?;
    let shared: Vec<String> = match zip_text(&mut archive, "xl/sharedStrings.xml")? {
        Some(xml) => {
            let doc = roxmltree::Document::parse(&xml).map_err(|_| TableError)?;
            doc.root_element().children().filter(|n| n.has_tag_name("si")).map(text_of).collect()
        }
        None => vec![],
    };
    // Which cell styles are dates (built-in formats 14–22 or custom formats with y/d).
    let date_styles: Vec<bool> = match zip_text(&mut archive, "xl/styles.xml")? {
        Some(xml) => {
            let doc = roxmltree::Document::parse(&xml).map_err(|_| TableError)?;
            let custom: HashMap<u32, String> = doc
                .descendants()
                .filter(|n| n.has_tag_name("numFmt"))
                .filter_map(|n| Some((n.attribute("numFmtId")?.parse().ok()?, n.attribute("formatCode")?.to_ascii_lowercase())))
                .collect();
            doc.descendants()
                .find(|n| n.has_tag_name("cellXfs"))
                .map(|xfs| {
                    xfs.children()
                        .filter(|n| n.has_tag_name("xf"))
                        .map(|xf| {
                            let id: u32 = xf.attribute("numFmtId").and_then(|v| v.parse().ok()).unwrap_or(0);
                            (14..=22).contains(&id) || custom.get(&id).is_some_and(|f| f.contains('y') && f.contains('d'))
                        })
                        .collect()
                })
                .unwrap_or_default()
        }
        None => vec![],
    };
    let path = first_sheet_path(&mut archive)?;
    let sheet = zip_text(&mut archive, &path)?.ok_or(TableError)?;
    let doc = roxmltree::Document::parse(&sheet).map_err(|_| TableError)?;
    let mut grid: Vec<Vec<String>> = Vec::new();
    for row in doc.descendants().filter(|n| n.has_tag_name("row")) {
        let mut cells: Vec<String> = Vec::new();
        for (i, c) in row.children().filter(|n| n.has_tag_name("c")).enumerate() {
            let col = c.attribute("r").and_then(column_index).unwrap_or(i);
            if col > 100 {
                return Err(TableError);
            }
            let v = c.children().find(|n| n.has_tag_name("v")).and_then(|n| n.text()).unwrap_or("");
            let value = match c.attribute("t") {
                Some("s") => v.parse::<usize>().ok().and_then(|i| shared.get(i).cloned()).ok_or(TableError)?,
                Some("inlineStr") => c.children().find(|n| n.has_tag_name("is")).map(text_of).unwrap_or_default(),
                Some("b") => if v == "1" { "TRUE" } else { "FALSE" }.to_string(),
                // An ISO 8601 date (or date-time) cell.
                Some("d") => v.get(..10).unwrap_or(v).to_string(),
                _ => {
                    let style: usize = c.attribute("s").and_then(|s| s.parse().ok()).unwrap_or(0);
                    match (date_styles.get(style).copied().unwrap_or(false), v.parse::<f64>()) {
                        // Excel's serial day numbers; anything outside 1900–9999 stays as typed.
                        (true, Ok(serial)) if (1.0..2_958_466.0).contains(&serial) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                            .and_then(|d| chrono::TimeDelta::try_days(serial.floor() as i64).and_then(|t| d.checked_add_signed(t)))
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| v.to_string()),
                        _ => v.to_string(),
                    }
                }
            };
            if cells.len() <= col {
                cells.resize(col + 1, String::new());
            }
            cells[col] = value;
        }
        let r: usize = row.attribute("r").and_then(|r| r.parse().ok()).unwrap_or(grid.len() + 1);
        if r > 5000 {
            return Err(TableError);
        }
        while grid.len() + 1 < r {
            grid.push(vec![]);
        }
        grid.push(cells);
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_round_trip_with_quotes_newlines_and_formulas() {
        let rows = vec![vec!["R1".to_string(), "a \"quoted\", text\nwith a newline".into(), "=1+1".into(), "é ç ã".into()]];
        let out = csv(&["code", "text_en", "x", "y"], &rows);
        assert!(out.starts_with('\u{feff}'));
        let back = parse_csv(out.trim_start_matches('\u{feff}')).unwrap();
        assert_eq!(back[0], ["code", "text_en", "x", "y"]);
        assert_eq!(back[1][1], rows[0][1]);
        assert_eq!(back[1][2], "'=1+1");
        assert_eq!(back[1][3], "é ç ã");
        assert_eq!(parse_csv("a;b\r\n1;2").unwrap(), vec![vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(parse_csv("a,\"b"), Err(TableError));
        assert_eq!(parse_csv("a,b\"c"), Err(TableError));
    }

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

    #[test]
    fn xlsx_written_is_read_back() {
        let rows = vec![vec!["R1.1".to_string(), "Texte accentué\net deux lignes".into()], vec!["R1.2".into(), "<b>&amp;</b>".into()]];
        let bytes = xlsx(&["code", "text_en"], &rows, "Plan").unwrap();
        let back = read("plan.xlsx", &bytes).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].1["text_en"], "Texte accentué\net deux lignes");
        assert_eq!(back[1].1["text_en"], "<b>&amp;</b>");
        assert_eq!(column_index("AB12"), Some(27));
        // Dates typed as dates come back as dates; absurd serials stay as typed (no panic).
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        sheet.write_string(0, 0, "code").unwrap();
        sheet.write_string(0, 1, "text_en").unwrap();
        sheet.write_string(0, 2, "target_date").unwrap();
        sheet.write_string(1, 0, "R1").unwrap();
        sheet.write_string(1, 1, "x").unwrap();
        sheet.write_number_with_format(1, 2, 46934.0, &date).unwrap();
        sheet.write_string(2, 0, "R2").unwrap();
        sheet.write_string(2, 1, "y").unwrap();
        sheet.write_number_with_format(2, 2, 1e20, &date).unwrap();
        let back = read("p.xlsx", &book.save_to_buffer().unwrap()).unwrap();
        assert_eq!(back[0].1["target_date"], "2028-06-30");
        assert_eq!(back[1].1["target_date"].parse::<f64>().ok(), Some(1e20));
    }
}
