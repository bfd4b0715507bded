//! Translations of a meeting's texts: what readers see, what is missing, and saving them.

use super::types::{OverviewData, OverviewRow, TextKind, TextStatus, TranslationForm, WorkbenchData, WorkbenchEntry};
use crate::domain::agenda::AgendaSnapshot;
use crate::domain::CurrentUser;
use crate::domain::{optional_text, parse_id, ErrorCode, FieldError, FieldErrors, Lang, LanguageSet, Markdown};
use crate::ssr::audit::{self, Entry};
use crate::ssr::entities::{agenda_item, agenda_session, content_translation as ct, meeting, paper, recommendation};
use crate::ssr::error::{ServiceError, ServiceResult};
use crate::ssr::markdown;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

pub const MEETING: &str = "meeting";
pub const SESSION: &str = "agenda_session";
pub const ITEM: &str = "agenda_item";
pub const TITLE: &str = "title";
pub const DESCRIPTION: &str = "description";
/// Longest translated title (agenda items allow 300 characters).
const TITLE_MAX: usize = 300;

/// Identifies the wording a translation was made from (whitespace at the ends ignored).
pub fn digest(text: &str) -> String {
    Sha256::digest(text.trim().as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The version of a translation's text, as the translation page sends it back: unlike
/// [`digest`], every character counts (a translator's added space is a change).
fn version_of(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// The first key of the advisory lock a translation save takes on PostgreSQL (plus the
/// meeting id; the second key is the language).
const TRANSLATION_LOCK: i32 = 0x7472_0000;

/// Which text a translation row translates: (entity, id, field).
type TextKey = (String, i32, String);

fn key_of(r: &ct::Model) -> TextKey {
    (r.entity.clone(), r.entity_id, r.field.clone())
}

/// The language a meeting's texts are written in.
pub fn source_lang(m: &meeting::Model) -> Lang {
    m.text_lang()
}

/// The current translations of one meeting's texts into one language.
pub struct Localiser {
    lang: Lang,
    source: Lang,
    rows: HashMap<TextKey, ct::Model>,
}

impl Localiser {
    pub async fn load(db: &impl ConnectionTrait, meeting_id: i32, source: Lang, lang: Lang) -> ServiceResult<Self> {
        let rows = if lang == source {
            vec![]
        } else {
            ct::Entity::find().filter(ct::Column::MeetingId.eq(meeting_id)).filter(ct::Column::Lang.eq(lang)).all(db).await?
        };
        Ok(Localiser { lang, source, rows: rows.into_iter().map(|r| (key_of(&r), r)).collect() })
    }

    /// The translation, when there is one made from this very wording.
    fn current(&self, entity: &str, id: i32, field: &str, source: &str) -> Option<&ct::Model> {
        self.rows.get(&(entity.to_string(), id, field.to_string())).filter(|r| r.source_digest == digest(source))
    }

    fn needed(&self, source: &str) -> bool {
        self.lang != self.source && !source.trim().is_empty()
    }

    /// A plain text in the reader's language, and whether the original had to be shown.
    pub fn text(&self, entity: &str, id: i32, source: &str) -> (String, bool) {
        if !self.needed(source) {
            return (source.to_string(), false);
        }
        match self.current(entity, id, TITLE, source) {
            Some(r) => (r.text_md.clone(), false),
            None => (source.to_string(), true),
        }
    }

    /// A Markdown text's HTML in the reader's language, and whether the original was shown.
    pub fn html(&self, entity: &str, id: i32, source_md: &str, source_html: &str) -> (String, bool) {
        if !self.needed(source_md) {
            return (source_html.to_string(), false);
        }
        match self.current(entity, id, DESCRIPTION, source_md) {
            Some(r) => (r.html.clone(), false),
            None => (source_html.to_string(), true),
        }
    }

    /// The original's language when the original had to be shown.
    pub fn original(&self, shown: bool) -> Option<Lang> {
        shown.then_some(self.source)
    }

    /// Puts a published agenda into the reader's language.
    pub fn agenda(&self, a: &mut AgendaSnapshot) {
        for s in a.days.iter_mut().flat_map(|d| d.sessions.iter_mut()) {
            let (title, orig) = self.text(SESSION, s.id, &s.title);
            s.title = title;
            s.original_lang = self.original(orig);
            for i in s.items.iter_mut() {
                let (title, t_orig) = self.text(ITEM, i.id, &i.title);
                let (html, d_orig) = self.html(ITEM, i.id, &i.description_md, &i.description_html);
                i.title = title;
                i.description_html = html;
                i.original_lang = self.original(t_orig || d_orig);
            }
        }
    }
}

/// A meeting's title in a language (emails), or the original.
pub async fn title_in(db: &impl ConnectionTrait, m: &meeting::Model, lang: Lang) -> ServiceResult<String> {
    if lang == source_lang(m) {
        return Ok(m.title.clone());
    }
    let row = ct::Entity::find()
        .filter(ct::Column::Entity.eq(MEETING))
        .filter(ct::Column::EntityId.eq(m.id))
        .filter(ct::Column::Field.eq(TITLE))
        .filter(ct::Column::Lang.eq(lang))
        .one(db)
        .await?;
    Ok(row.filter(|r| r.source_digest == digest(&m.title)).map(|r| r.text_md).unwrap_or_else(|| m.title.clone()))
}

/// A text of a meeting that can be translated on the translation page.
struct Source {
    key: String,
    meeting_id: i32,
    entity: &'static str,
    id: i32,
    field: &'static str,
    kind: TextKind,
    context: String,
    text: String,
}

async fn meeting_for_secretariat(db: &impl ConnectionTrait, viewer: &CurrentUser, id: i32) -> ServiceResult<meeting::Model> {
    if !viewer.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    meeting::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)
}

/// The meeting's own texts and its working agenda's, in page order.
async fn sources(db: &impl ConnectionTrait, m: &meeting::Model) -> ServiceResult<Vec<Source>> {
    let mut out = Vec::new();
    let mut push = |entity: &'static str, id: i32, field: &'static str, kind: TextKind, context: String, text: &str| {
        if !text.trim().is_empty() {
            out.push(Source {
                key: format!("{entity}:{id}:{field}"),
                meeting_id: m.id,
                entity,
                id,
                field,
                kind,
                context,
                text: text.to_string(),
            });
        }
    };
    push(MEETING, m.id, TITLE, TextKind::MeetingTitle, String::new(), &m.title);
    push(MEETING, m.id, DESCRIPTION, TextKind::MeetingDescription, String::new(), &m.description_md);
    let sessions = agenda_session::Entity::find()
        .filter(agenda_session::Column::MeetingId.eq(m.id))
        .order_by_asc(agenda_session::Column::Day)
        .order_by_asc(agenda_session::Column::Position)
        .all(db)
        .await?;
    let items = agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(m.id))
        .order_by_asc(agenda_item::Column::StartMinute)
        .order_by_asc(agenda_item::Column::Id)
        .all(db)
        .await?;
    let mut by_session: BTreeMap<i32, Vec<&agenda_item::Model>> = BTreeMap::new();
    for i in &items {
        by_session.entry(i.session_id).or_default().push(i);
    }
    for s in &sessions {
        let context = s.day.to_string();
        push(SESSION, s.id, TITLE, TextKind::SessionTitle, context.clone(), &s.title);
        for i in by_session.get(&s.id).into_iter().flatten() {
            let context = format!("{context} {:02}:{:02} \u{00b7} {}", i.start_minute / 60, i.start_minute % 60, s.title);
            push(ITEM, i.id, TITLE, TextKind::ItemTitle, context.clone(), &i.title);
            push(ITEM, i.id, DESCRIPTION, TextKind::ItemDescription, context, &i.description_md);
        }
    }
    Ok(out)
}

fn status_of(row: Option<&ct::Model>, source: &str) -> TextStatus {
    match row {
        Some(r) if r.source_digest == digest(source) => TextStatus::Translated,
        Some(_) => TextStatus::Outdated,
        None => TextStatus::Missing,
    }
}

fn excerpt(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    let cut: String = line.chars().take(80).collect();
    if cut.len() < line.len() {
        format!("{cut}\u{2026}")
    } else {
        cut
    }
}

/// What is translated, missing or outdated, per working language (secretariat).
pub async fn overview(db: &impl ConnectionTrait, viewer: &CurrentUser, meeting_id: i32) -> ServiceResult<OverviewData> {
    let m = meeting_for_secretariat(db, viewer, meeting_id).await?;
    let source = source_lang(&m);
    let langs: Vec<Lang> = LanguageSet::from_db(&m.languages).langs().collect();
    let targets: Vec<Lang> = langs.iter().copied().filter(|l| *l != source).collect();
    let rows = ct::Entity::find().filter(ct::Column::MeetingId.eq(m.id)).all(db).await?;
    let index: HashMap<(TextKey, Lang), &ct::Model> = rows.iter().map(|r| ((key_of(r), r.lang), r)).collect();
    let mut out = Vec::new();
    for s in sources(db, &m).await? {
        let statuses = langs
            .iter()
            .map(|l| {
                let st = if *l == source {
                    TextStatus::Original
                } else {
                    status_of(index.get(&((s.entity.to_string(), s.id, s.field.to_string()), *l)).copied(), &s.text)
                };
                (*l, st)
            })
            .collect();
        let link = match s.entity {
            MEETING => None,
            _ => Some(format!("/meetings/{}/agenda/edit", s.meeting_id)),
        };
        out.push(OverviewRow { kind: s.kind, excerpt: excerpt(&s.text), link, statuses });
    }
    // Papers: one row per translation group, named by its original.
    let papers = paper::Entity::find().filter(paper::Column::MeetingId.eq(m.id)).order_by_asc(paper::Column::Id).all(db).await?;
    let mut groups: BTreeMap<i32, Vec<&paper::Model>> = BTreeMap::new();
    for p in &papers {
        groups.entry(p.translation_group).or_default().push(p);
    }
    for members in groups.values() {
        let first = members[0];
        let statuses = langs
            .iter()
            .map(|l| {
                let st = if first.lang == *l {
                    TextStatus::Original
                } else if members.iter().any(|p| p.lang == *l) {
                    TextStatus::Translated
                } else {
                    TextStatus::Missing
                };
                (*l, st)
            })
            .collect();
        out.push(OverviewRow {
            kind: TextKind::Paper,
            excerpt: excerpt(&first.title),
            link: Some(format!("/papers/{}", first.id)),
            statuses,
        });
    }
    // Recommendations: written in English, with French and Portuguese texts of their own.
    let mut recs = recommendation::Entity::find().filter(recommendation::Column::MeetingId.eq(m.id)).all(db).await?;
    recommendation::sort_in_plan_order(&mut recs);
    for r in &recs {
        let statuses = langs
            .iter()
            .map(|l| {
                let text = match l {
                    Lang::En => None,
                    Lang::Fr => Some(&r.text_fr_md),
                    Lang::Pt => Some(&r.text_pt_md),
                };
                let st = match text {
                    None => TextStatus::Original,
                    Some(t) if t.trim().is_empty() => TextStatus::Missing,
                    Some(_) => TextStatus::Translated,
                };
                (*l, st)
            })
            .collect();
        let name = if r.code.is_empty() { excerpt(&r.text_md) } else { format!("{} \u{2014} {}", r.code, excerpt(&r.text_md)) };
        out.push(OverviewRow {
            kind: TextKind::Recommendation,
            excerpt: name,
            link: Some(format!("/meetings/{}/plan#rec-{}", m.id, r.id)),
            statuses,
        });
    }
    let to_do = targets
        .iter()
        .map(|l| {
            let n = out
                .iter()
                .filter(|r| r.statuses.iter().any(|(x, s)| x == l && matches!(s, TextStatus::Missing | TextStatus::Outdated)))
                .count();
            (*l, n)
        })
        .collect();
    Ok(OverviewData { meeting_id: m.id, meeting_title: m.title.clone(), source_lang: source, targets, to_do, rows: out })
}

/// The target language of a translation page: a working language other than the source.
fn target_lang(m: &meeting::Model, raw: &str) -> Result<Lang, FieldError> {
    let lang = Lang::from_code(raw).ok_or_else(|| FieldError::new("lang", ErrorCode::InvalidChoice))?;
    if lang == source_lang(m) {
        return Err(FieldError::new("lang", ErrorCode::InvalidChoice));
    }
    if !LanguageSet::from_db(&m.languages).langs().any(|l| l == lang) {
        return Err(FieldError::new("lang", ErrorCode::NotWorkingLanguage));
    }
    Ok(lang)
}

/// Every text of the meeting with its translation into `lang` (secretariat).
pub async fn workbench(db: &impl ConnectionTrait, viewer: &CurrentUser, meeting_id: i32, lang: &str) -> ServiceResult<WorkbenchData> {
    let m = meeting_for_secretariat(db, viewer, meeting_id).await?;
    let lang = target_lang(&m, lang).map_err(|_| ServiceError::NotFound)?;
    let rows = ct::Entity::find().filter(ct::Column::MeetingId.eq(m.id)).filter(ct::Column::Lang.eq(lang)).all(db).await?;
    let index: HashMap<TextKey, &ct::Model> = rows.iter().map(|r| (key_of(r), r)).collect();
    let entries = sources(db, &m)
        .await?
        .into_iter()
        .map(|s| {
            let row = index.get(&(s.entity.to_string(), s.id, s.field.to_string())).copied();
            WorkbenchEntry {
                status: status_of(row, &s.text),
                text: row.map(|r| r.text_md.clone()).unwrap_or_default(),
                base: row.map(|r| version_of(&r.text_md)).unwrap_or_default(),
                source_digest: digest(&s.text),
                multiline: s.field == DESCRIPTION,
                key: s.key,
                kind: s.kind,
                context: s.context,
                source: s.text,
            }
        })
        .collect();
    Ok(WorkbenchData { meeting_id: m.id, meeting_title: m.title.clone(), source_lang: source_lang(&m), lang, entries })
}

/// Saves the translation page: every text is checked first, and nothing is saved when one is
/// wrong. An empty text removes that translation. Returns how many translations changed.
pub async fn save(db: &DatabaseConnection, actor: &CurrentUser, form: &TranslationForm) -> ServiceResult<usize> {
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let m = meeting_for_secretariat(db, actor, meeting_id).await?;
    let lang = target_lang(&m, &form.lang)?;
    let one_each = |v: &Vec<String>| v.is_empty() || v.len() == form.keys.len();
    if form.keys.len() != form.texts.len() || form.keys.len() > 5_000 || !one_each(&form.bases) || !one_each(&form.sources) {
        return Err(FieldError::new("keys", ErrorCode::InvalidChoice).into());
    }
    let all = sources(db, &m).await?;
    let by_key: HashMap<&str, &Source> = all.iter().map(|s| (s.key.as_str(), s)).collect();
    let mut e = FieldErrors::new();
    let mut wanted: Vec<(usize, &Source, String)> = Vec::new();
    for (n, (key, text)) in form.keys.iter().zip(&form.texts).enumerate() {
        let field = format!("text-{n}");
        let Some(s) = by_key.get(key.as_str()) else {
            e.push(field, ErrorCode::InvalidChoice);
            continue;
        };
        let parsed = if s.field == DESCRIPTION {
            Markdown::parse(&field, text).map(|m| m.as_str().to_string())
        } else {
            optional_text(&field, text, TITLE_MAX)
        };
        if let Some(t) = e.take(parsed) {
            wanted.push((n, s, t));
        }
    }
    e.finish()?;
    let txn = crate::ssr::write_txn(db).await?;
    // One save of a meeting's language at a time: SQLite's write transactions already queue
    // (`BEGIN IMMEDIATE`); on PostgreSQL a transaction-scoped advisory lock on (meeting,
    // language), so two saves never both pass the version check below.
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        let lang_no = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0) as i32;
        txn.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1, $2)",
            [TRANSLATION_LOCK.wrapping_add(m.id).into(), lang_no.into()],
        ))
        .await?;
    }
    let now = Utc::now();
    let existing = ct::Entity::find().filter(ct::Column::MeetingId.eq(m.id)).filter(ct::Column::Lang.eq(lang)).all(&txn).await?;
    let index: HashMap<TextKey, &ct::Model> = existing.iter().map(|r| (key_of(r), r)).collect();
    let wanted: Vec<(usize, &Source, String, Option<&ct::Model>)> = wanted
        .into_iter()
        .map(|(n, s, text)| (n, s, text, index.get(&(s.entity.to_string(), s.id, s.field.to_string())).copied()))
        .collect();
    // Read in the write transaction, with the versions the page was made from. A text that
    // already says what was sent is left alone (an outdated translation stays outdated until a
    // translator changes it). A text someone else changed since is kept as they left it when
    // this translator did not touch it, and refused when both changed it differently: all
    // such texts are reported at once and nothing is saved.
    let mut leave = std::collections::HashSet::new();
    if !form.bases.is_empty() {
        let mut conflicts = FieldErrors::new();
        for (n, _, text, row) in &wanted {
            let (current, version) = row.map(|r| (r.text_md.clone(), version_of(&r.text_md))).unwrap_or_default();
            let started_from = &form.bases[*n];
            if current == *text {
                leave.insert(*n);
                continue;
            }
            if version == *started_from {
                continue;
            }
            let untouched = if started_from.is_empty() { text.is_empty() } else { version_of(text) == *started_from };
            if untouched {
                leave.insert(*n);
            } else {
                conflicts.push(format!("text-{n}"), ErrorCode::ChangedMeanwhile { current, base: version });
            }
        }
        conflicts.finish()?;
    }
    let mut changed = Vec::new();
    for (n, s, text, row) in wanted.into_iter().filter(|(n, ..)| !leave.contains(n)) {
        // A digest the page sent back, if it is one (16 lower-case hex digits, as `digest` makes).
        let sent = form.sources.get(n).filter(|d| d.len() == 16 && d.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        let source_digest = sent.cloned().unwrap_or_else(|| digest(&s.text));
        match (row, text.is_empty()) {
            (None, true) => {}
            (Some(r), true) => {
                ct::Entity::delete_by_id(r.id).exec(&txn).await?;
                changed.push(json!({"text": s.key, "removed": true}));
            }
            (Some(r), false) if r.text_md == text && r.source_digest == source_digest => {}
            (row, false) => {
                let html = if s.field == DESCRIPTION { markdown::render(&text) } else { String::new() };
                let mut am = match row {
                    Some(r) => ct::ActiveModel { id: Set(r.id), ..Default::default() },
                    None => ct::ActiveModel {
                        meeting_id: Set(m.id),
                        entity: Set(s.entity.to_string()),
                        entity_id: Set(s.id),
                        field: Set(s.field.to_string()),
                        lang: Set(lang),
                        ..Default::default()
                    },
                };
                am.text_md = Set(text.clone());
                am.html = Set(html);
                am.source_digest = Set(source_digest);
                am.updated_at = Set(now);
                am.updated_by = Set(Some(actor.id));
                if row.is_some() {
                    am.update(&txn).await?;
                } else {
                    am.insert(&txn).await?;
                }
                changed.push(json!({"text": s.key, "translation": text}));
            }
        }
    }
    let n = changed.len();
    if n > 0 {
        audit::record(
            &txn,
            Some(actor),
            Entry {
                action: "translation.save",
                entity: "meeting",
                entity_id: Some(m.id),
                summary: format!("Saved {n} {} translation(s) of \u{201c}{}\u{201d}", lang.native_name(), m.title),
                detail: json!({ "lang": lang.code(), "changes": changed }),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(n)
}
