//! The offline meeting pack: one ZIP with a start page, the agenda as printable HTML, every
//! paper the viewer may read as an HTML page, and the papers' files. Everything in it is
//! already sanitised HTML or escaped text; it opens in any browser without a connection.

use super::files::FileStore;
use super::service::readable_in_meeting;
use crate::domain::Lang;
use crate::features::agenda::service::published;
use crate::features::auth::types::CurrentUser;
use crate::i18n::{format_date_range, format_day, Strings};
use crate::ssr::entities::paper_file;
use crate::ssr::error::{ServiceError, ServiceResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::io::Write;
use zip::write::SimpleFileOptions;

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:50rem;margin:1rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}\
table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}\
a{color:#0b4f8a}.meta{color:#444}@media print{a{color:inherit}nav{display:none}}";

fn page(lang: Lang, title: &str, body: &str, up: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head>\n<body>\n<nav><a href=\"{up}index.html\">\u{2190} {}</a></nav>\n<main>\n{body}\n</main>\n</body></html>\n",
        lang.code(),
        escape(title),
        escape(Strings::get(lang).pack_index),
    )
}

/// A file name inside the pack: the paper's id and language, then a short ASCII slug.
fn paper_file_name(id: i32, lang: Lang, title: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-");
    format!("papers/{id:04}-{}-{slug}.html", lang.code())
}

/// Builds the pack for what `viewer` may read: (suggested file name, ZIP bytes).
pub async fn build(
    db: &impl ConnectionTrait,
    store: &FileStore,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    lang: Lang,
) -> ServiceResult<(String, Vec<u8>)> {
    let t = Strings::get(lang);
    let (m, _, papers) = readable_in_meeting(db, viewer, meeting_id).await?;
    let agenda = published(db, viewer, meeting_id, None).await?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let text = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    // PDFs, images and Office files are compressed already.
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let io = |e: std::io::Error| ServiceError::Internal(format!("building the pack: {e}"));
    let ze = |e: zip::result::ZipError| ServiceError::Internal(format!("building the pack: {e}"));

    // Agenda (latest published revision).
    let mut a = format!("<h1>{} \u{2014} {}</h1>\n", escape(t.agenda_title), escape(&m.title));
    a.push_str(&format!(
        "<p class=\"meta\">{}, {} \u{00b7} {}</p>\n",
        escape(&m.venue),
        escape(&m.city),
        escape(&format_date_range(lang, m.start_date, m.end_date))
    ));
    match &agenda.revision {
        None => a.push_str(&format!("<p>{}</p>\n", escape(t.pack_no_agenda))),
        Some(r) => {
            a.push_str(&format!(
                "<p class=\"meta\">{} {} \u{00b7} {}</p>\n",
                escape(t.paper_version),
                r.number,
                escape(&agenda.meeting.timezone_label)
            ));
            for day in &r.agenda.days {
                a.push_str(&format!("<h2>{}</h2>\n", escape(&format_day(lang, day.date))));
                for s in &day.sessions {
                    a.push_str(&format!("<h3>{}</h3>\n", escape(&s.title)));
                    if !s.room.is_empty() {
                        a.push_str(&format!("<p class=\"meta\">{}{}{}</p>\n", escape(t.agenda_room), t.colon, escape(&s.room)));
                    }
                    a.push_str("<table>\n");
                    for i in &s.items {
                        let mut cell = format!("<strong>{}</strong>", escape(&i.title));
                        if let Some(c) = &i.chair {
                            cell.push_str(&format!("<br>{}{}{}", escape(t.agenda_chair), t.colon, escape(&c.to_string())));
                        }
                        if !i.speakers.is_empty() {
                            let names: Vec<String> = i.speakers.iter().map(|p| p.to_string()).collect();
                            cell.push_str(&format!("<br>{}{}{}", escape(t.agenda_speakers), t.colon, escape(&names.join("; "))));
                        }
                        cell.push_str(&i.description_html);
                        for (_, p) in papers.iter().filter(|(p, _)| p.agenda_item_id == Some(i.id)) {
                            let file = paper_file_name(p.id, p.lang, &p.title);
                            cell.push_str(&format!("<br>\u{1f4c4} <a href=\"{file}\">{}</a>", escape(&p.title)));
                        }
                        a.push_str(&format!("<tr><td>{}\u{2013}{}</td><td>{cell}</td></tr>\n", i.start, i.end));
                    }
                    a.push_str("</table>\n");
                }
            }
        }
    }
    zip.start_file("agenda.html", text).map_err(ze)?;
    zip.write_all(page(lang, t.agenda_title, &a, "").as_bytes()).map_err(io)?;

    // Papers and their files.
    let mut index = format!(
        "<h1>{}</h1>\n<p class=\"meta\">{}, {} \u{00b7} {}</p>\n<ul>\n<li><a href=\"agenda.html\">{}</a></li>\n</ul>\n<h2>{}</h2>\n",
        escape(&m.title),
        escape(&m.venue),
        escape(&m.city),
        escape(&format_date_range(lang, m.start_date, m.end_date)),
        escape(t.agenda_title),
        escape(t.papers_title)
    );
    if papers.is_empty() {
        index.push_str(&format!("<p>{}</p>\n", escape(t.papers_none)));
    } else {
        index.push_str("<ul>\n");
    }
    let ids: Vec<i32> = papers.iter().map(|(p, _)| p.id).collect();
    let stored_files = paper_file::Entity::find().filter(paper_file::Column::PaperId.is_in(ids)).all(db).await?;
    for (p, s) in &papers {
        let name = paper_file_name(p.id, s.lang, &p.title);
        let mut body = format!(
            "<article lang=\"{}\">\n<h1>{}</h1>\n<p class=\"meta\">{} \u{00b7} {} {}</p>\n{}\n",
            s.lang.code(),
            escape(&p.title),
            escape(&m.title),
            escape(t.paper_version),
            p.version,
            p.body_html
        );
        index.push_str(&format!(
            "<li><a href=\"{name}\" hreflang=\"{}\">{}</a> ({})",
            s.lang.code(),
            escape(&p.title),
            s.lang.native_name()
        ));
        if !s.files.is_empty() {
            body.push_str(&format!("<h2>{}</h2>\n<ul>\n", escape(t.paper_files)));
            index.push_str("<ul>");
            for f in &s.files {
                let Some(row) = stored_files.iter().find(|r| r.id == f.id) else { continue };
                let bytes = store.get(&row.sha256).await?;
                // The file's id keeps two attachments with one name apart.
                let path = format!("files/{}/{}-{}", p.id, f.id, f.name);
                zip.start_file(path.as_str(), stored).map_err(ze)?;
                zip.write_all(&bytes).map_err(io)?;
                let size = super::types::human_size(t, f.size);
                let href = format!("files/{}/{}-{}", p.id, f.id, crate::domain::url_segment(&f.name));
                body.push_str(&format!("<li><a href=\"../{href}\">{}</a> ({size})</li>\n", escape(&f.name)));
                index.push_str(&format!("<li><a href=\"{href}\">{}</a> ({size})</li>", escape(&f.name)));
            }
            body.push_str("</ul>\n");
            index.push_str("</ul>");
        }
        index.push_str("</li>\n");
        body.push_str("</article>");
        zip.start_file(name.as_str(), text).map_err(ze)?;
        zip.write_all(page(s.lang, &p.title, &body, "../").as_bytes()).map_err(io)?;
    }
    if !papers.is_empty() {
        index.push_str("</ul>\n");
    }
    zip.start_file("index.html", text).map_err(ze)?;
    zip.write_all(page(lang, &m.title, &index, "").as_bytes()).map_err(io)?;
    let bytes = zip.finish().map_err(ze)?.into_inner();
    Ok((format!("midsa-meeting-{}-pack.zip", m.id), bytes))
}
