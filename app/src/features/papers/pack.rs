//! The offline meeting pack: one ZIP with a start page, the agenda as printable HTML, every
//! paper the viewer may read as an HTML page, and the papers' files. Everything in it is
//! already sanitised HTML or escaped text; it opens in any browser without a connection.

use super::service::readable_in_meeting;
use crate::domain::CurrentUser;
use crate::domain::Lang;
use crate::features::agenda::service::published;
use crate::i18n::{format_date_range, format_day, Strings};
use crate::ssr::blob::FileStore;
use crate::ssr::entities::paper_file;
use crate::ssr::error::{ServiceError, ServiceResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use std::io::Write;
use zip::write::SimpleFileOptions;

use crate::components::escape_html as escape;

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

/// Changes whenever what a pack holds for the same inputs would change (its pages' layout).
const PACK_FORMAT: &str = "midsa-pack-2";

/// One entry of the ZIP: a page made here, or a stored file (by its SHA-256).
pub enum Entry {
    Text { path: String, html: String },
    Blob { path: String, sha256: String },
}

/// What a viewer's pack of a meeting holds, before anything is written: its pages and the
/// stored files to copy in, and a fingerprint of all of it (the cache key, with the meeting and
/// the reader's access class).
pub struct PackPlan {
    pub meeting_id: i32,
    pub file_name: String,
    /// `public`, `delegates` or `secretariat`: what the viewer may read.
    pub access: &'static str,
    /// The language of the pack's own pages.
    pub lang: Lang,
    /// SHA-256 (hex, 32 digits) of every entry's path and content.
    pub fingerprint: String,
    pub entries: Vec<Entry>,
}

/// Builds the pack for what `viewer` may read: (suggested file name, ZIP bytes). For tests and
/// small packs; the server writes packs to files (see [`plan`] and [`write_zip`]).
pub async fn build(
    db: &impl ConnectionTrait,
    store: &FileStore,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    lang: Lang,
) -> ServiceResult<(String, Vec<u8>)> {
    let plan = plan(db, viewer, meeting_id, lang).await?;
    let tmp = std::env::temp_dir().join(format!("midsa-pack-{:016x}.zip", rand::random::<u64>()));
    write_zip(&plan, store, &tmp).await?;
    let bytes = tokio::fs::read(&tmp).await.map_err(|e| ServiceError::Internal(format!("reading the pack: {e}")));
    let _ = tokio::fs::remove_file(&tmp).await;
    Ok((plan.file_name, bytes?))
}

/// Writes the pack as a ZIP file at `dest`, on the blocking pool: pages compressed, stored
/// files copied in chunks as they are (PDFs, images and Office files are compressed already).
pub async fn write_zip(plan: &PackPlan, store: &FileStore, dest: &std::path::Path) -> ServiceResult<()> {
    let entries: Vec<(String, Result<String, String>)> = plan
        .entries
        .iter()
        .map(|e| match e {
            Entry::Text { path, html } => (path.clone(), Ok(html.clone())),
            Entry::Blob { path, sha256 } => (path.clone(), Err(sha256.clone())),
        })
        .collect();
    let store = store.clone();
    let dest = dest.to_path_buf();
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || -> ServiceResult<()> {
        let io = |e: std::io::Error| ServiceError::Internal(format!("building the pack: {e}"));
        let ze = |e: zip::result::ZipError| ServiceError::Internal(format!("building the pack: {e}"));
        let file = std::fs::File::create(&dest).map_err(io)?;
        let mut zip = zip::ZipWriter::new(std::io::BufWriter::with_capacity(256 * 1024, file));
        let text = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored).large_file(true);
        for (path, content) in entries {
            match content {
                Ok(html) => {
                    zip.start_file(path.as_str(), text).map_err(ze)?;
                    zip.write_all(html.as_bytes()).map_err(io)?;
                }
                Err(sha) => {
                    zip.start_file(path.as_str(), stored).map_err(ze)?;
                    let mut reader = handle.block_on(store.open(&sha))?;
                    while let Some(chunk) = handle.block_on(reader.chunk())? {
                        zip.write_all(&chunk).map_err(io)?;
                    }
                }
            }
        }
        let mut out = zip.finish().map_err(ze)?;
        out.flush().map_err(io)?;
        out.into_inner().map_err(|e| io(e.into_error()))?.sync_all().map_err(io)
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("pack task: {e}")))?
}

/// What goes into `viewer`'s pack of a meeting (see [`PackPlan`]); reads the database only.
pub async fn plan(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, meeting_id: i32, lang: Lang) -> ServiceResult<PackPlan> {
    let t = Strings::get(lang);
    let (m, _, papers) = readable_in_meeting(db, viewer, meeting_id).await?;
    let rights = crate::ssr::access::reader_rights(db, viewer, meeting_id).await?;
    let access = if rights.secretariat {
        "secretariat"
    } else if rights.delegate {
        "delegates"
    } else {
        "public"
    };
    let agenda = published(db, viewer, meeting_id, None).await?;
    let mut entries = Vec::new();

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
    entries.push(Entry::Text { path: "agenda.html".into(), html: page(lang, t.agenda_title, &a, "") });

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
                // The file's id keeps two attachments with one name apart.
                entries.push(Entry::Blob { path: format!("files/{}/{}-{}", p.id, f.id, f.name), sha256: row.sha256.clone() });
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
        entries.push(Entry::Text { path: name, html: page(s.lang, &p.title, &body, "../") });
    }
    if !papers.is_empty() {
        index.push_str("</ul>\n");
    }
    entries.push(Entry::Text { path: "index.html".into(), html: page(lang, &m.title, &index, "") });
    let mut h = Sha256::new();
    h.update(PACK_FORMAT.as_bytes());
    for e in &entries {
        match e {
            Entry::Text { path, html } => {
                h.update(b"\0text\0");
                h.update(path.as_bytes());
                h.update(Sha256::digest(html.as_bytes()));
            }
            Entry::Blob { path, sha256 } => {
                h.update(b"\0file\0");
                h.update(path.as_bytes());
                h.update(sha256.as_bytes());
            }
        }
    }
    let fingerprint = h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
    Ok(PackPlan { meeting_id: m.id, file_name: format!("midsa-meeting-{}-pack.zip", m.id), access, lang, fingerprint, entries })
}
