//! The search index (`search_doc`, indexed by FTS5 on SQLite and by a tsvector on PostgreSQL)
//! and the access-aware query. The services rebuild a meeting's documents in the same
//! transaction as any change to it, so the index never shows what the database does not.

use super::types::{segments, SearchHit, MARK_END, MARK_START};
use crate::domain::CurrentUser;
use crate::domain::{Access, RegistrationCategory};
use crate::ssr::entities::{
    meeting, minutes, minutes_corrigendum, minutes_section, paper, paper_file, recommendation, registration, search_doc,
};
use crate::ssr::error::ServiceResult;
use crate::ssr::markdown::plain_text;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, Set, Statement};

struct Doc {
    kind: &'static str,
    ref_id: i32,
    access: String,
    lang: String,
    title: String,
    body: String,
    url: String,
}

/// Replaces every document of a meeting with its current state.
pub async fn index_meeting(db: &impl ConnectionTrait, meeting_id: i32) -> ServiceResult<()> {
    search_doc::Entity::delete_many().filter(search_doc::Column::MeetingId.eq(meeting_id)).exec(db).await?;
    let Some(m) = meeting::Entity::find_by_id(meeting_id).one(db).await? else { return Ok(()) };
    let mut docs = vec![Doc {
        kind: "meeting",
        ref_id: m.id,
        access: Access::Public.as_str().into(),
        lang: String::new(),
        title: m.title.clone(),
        body: format!("{} {} {}", plain_text(&m.description_md), m.venue, m.city),
        url: format!("/meetings/{}", m.id),
    }];
    // The published agenda only: the working copy may hold what is not public yet.
    if let Some(rev) = crate::ssr::entities::agenda_revision::latest(db, meeting_id).await? {
        for day in rev.agenda()?.days {
            for s in day.sessions {
                for i in s.items {
                    let people: Vec<String> = i.chair.iter().chain(i.speakers.iter()).map(|p| p.to_string()).collect();
                    docs.push(Doc {
                        kind: "agenda_item",
                        ref_id: i.id,
                        access: Access::Public.as_str().into(),
                        lang: String::new(),
                        title: i.title.clone(),
                        body: format!("{} {} {}", s.title, plain_text(&i.description_md), people.join(" ")),
                        url: format!("/meetings/{}/agenda#item-{}", m.id, i.id),
                    });
                }
            }
        }
    }
    let papers = paper::Entity::find().filter(paper::Column::MeetingId.eq(meeting_id)).all(db).await?;
    let files = paper_file::Entity::find()
        .filter(paper_file::Column::PaperId.is_in(papers.iter().map(|p| p.id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    for p in papers {
        let names: Vec<&str> = files.iter().filter(|f| f.paper_id == p.id).map(|f| f.name.as_str()).collect();
        docs.push(Doc {
            kind: "paper",
            ref_id: p.id,
            access: p.access.as_str().into(),
            lang: p.lang.code().into(),
            title: p.title.clone(),
            body: format!("{} {}", plain_text(&p.body_md), names.join(" ")),
            url: format!("/papers/{}", p.id),
        });
    }
    if let Some(mi) = minutes::Entity::find().filter(minutes::Column::MeetingId.eq(meeting_id)).one(db).await? {
        let level = crate::domain::minutes::reading_level(mi.status, mi.access);
        for s in minutes_section::Entity::find().filter(minutes_section::Column::MinutesId.eq(mi.id)).all(db).await? {
            docs.push(Doc {
                kind: "minutes",
                ref_id: s.id,
                access: level.into(),
                lang: String::new(),
                title: s.title.clone(),
                body: plain_text(&s.body_md),
                url: format!("/meetings/{}/minutes#section-{}", m.id, s.id),
            });
        }
        for c in minutes_corrigendum::Entity::find().filter(minutes_corrigendum::Column::MinutesId.eq(mi.id)).all(db).await? {
            docs.push(Doc {
                kind: "corrigendum",
                ref_id: c.id,
                access: level.into(),
                lang: String::new(),
                title: format!("Corrigendum {}", c.number),
                body: plain_text(&c.body_md),
                url: format!("/meetings/{}/minutes#corrigendum-{}", m.id, c.number),
            });
        }
    }
    // Recommendations: the secretariat's until the meeting's Plan of Action is adopted, then
    // read by everyone who sees the meeting (in all their languages).
    let adopted = crate::ssr::entities::plan::Entity::find()
        .filter(crate::ssr::entities::plan::Column::MeetingId.eq(meeting_id))
        .one(db)
        .await?
        .is_some_and(|p| p.status == crate::domain::PlanStatus::Adopted);
    for r in recommendation::Entity::find().filter(recommendation::Column::MeetingId.eq(meeting_id)).all(db).await? {
        let text = plain_text(&r.text_md);
        let title = if r.code.is_empty() {
            text.chars().take(120).collect()
        } else {
            format!("{} {}", r.code, text.chars().take(110).collect::<String>())
        };
        docs.push(Doc {
            kind: "recommendation",
            ref_id: r.id,
            access: if adopted && r.status == crate::domain::PlanStatus::Adopted { Access::Public } else { Access::Secretariat }
                .as_str()
                .into(),
            lang: String::new(),
            title,
            body: format!("{text} {} {} {}", plain_text(&r.text_fr_md), plain_text(&r.text_pt_md), r.heading),
            url: if r.code.is_empty() {
                match (r.origin_section_id, r.origin_passage) {
                    (Some(s), Some(n)) => format!("/meetings/{}/minutes#passage-{s}-{n}", m.id),
                    _ => format!("/meetings/{}/plan#rec-{}", m.id, r.id),
                }
            } else {
                format!("/meetings/{}/plan#rec-{}", m.id, r.id)
            },
        });
    }
    for d in docs {
        search_doc::ActiveModel {
            kind: Set(d.kind.into()),
            ref_id: Set(d.ref_id),
            meeting_id: Set(meeting_id),
            access: Set(d.access),
            lang: Set(d.lang),
            title: Set(d.title),
            body: Set(d.body),
            url: Set(d.url),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Rebuilds the whole index (after migrating an existing database, or from the CLI).
pub async fn reindex_all(db: &sea_orm::DatabaseConnection) -> ServiceResult<usize> {
    let ids: Vec<i32> = meeting::Entity::find().all(db).await?.into_iter().map(|m| m.id).collect();
    let txn = crate::ssr::write_txn(db).await?;
    for id in &ids {
        index_meeting(&txn, *id).await?;
    }
    txn.commit().await?;
    Ok(ids.len())
}

/// Builds the index if it is empty while meetings exist (a database from before search).
pub async fn ensure_index(db: &sea_orm::DatabaseConnection) -> ServiceResult<()> {
    if search_doc::Entity::find().count(db).await? == 0 && meeting::Entity::find().count(db).await? > 0 {
        reindex_all(db).await?;
    }
    Ok(())
}

/// Accented letters and what they fold to: the same strings as the PostgreSQL index's
/// `translate` in the search migration (a service test checks that they are equal).
pub const FOLD_FROM: &str = "áàâãäåçéèêëíìîïñóòôõöúùûüýÿÁÀÂÃÄÅÇÉÈÊËÍÌÎÏÑÓÒÔÕÖÚÙÛÜÝ";
pub const FOLD_TO: &str = "aaaaaaceeeeiiiinooooouuuuyyaaaaaaceeeeiiiinooooouuuuy";

/// Accent folding, as the PostgreSQL index does it; SQLite's FTS5 folds by itself
/// (`remove_diacritics`), so the folded query matches there too.
pub fn fold(word: &str) -> String {
    word.chars()
        .map(|c| match FOLD_FROM.chars().position(|f| f == c) {
            Some(i) => FOLD_TO.chars().nth(i).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// The words of a query: letters and digits only (so nothing reaches the query syntax of
/// either engine), lower case, accents folded, at most 8 words of at most 40 characters.
pub fn terms(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| fold(&w.chars().take(40).collect::<String>().to_lowercase()))
        .collect()
}

/// Searches what the viewer may read; every word must match (as a prefix), best first.
pub async fn search(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, q: &str, limit: u64) -> ServiceResult<Vec<SearchHit>> {
    // Never stored, but sent to the database: no control character (PostgreSQL refuses NUL).
    let q: String = q.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let words = terms(&q);
    if words.is_empty() {
        return Ok(vec![]);
    }
    let secretariat = viewer.is_some_and(CurrentUser::is_secretariat);
    // Meetings where the viewer is an approved delegate, and where an approved head of delegation.
    let (mut delegate_of, mut head_of) = (vec![], vec![]);
    if let (Some(u), false) = (viewer, secretariat) {
        for r in registration::Entity::find()
            .filter(registration::Column::Email.eq(u.email.to_lowercase()))
            .filter(crate::ssr::access::grants_rights())
            .all(db)
            .await?
        {
            delegate_of.push(r.meeting_id);
            if r.category == RegistrationCategory::HeadOfDelegation {
                head_of.push(r.meeting_id);
            }
        }
    }
    let list = |ids: &[i32]| if ids.is_empty() { "NULL".to_string() } else { ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",") };
    let filter = if secretariat {
        "1 = 1".to_string()
    } else {
        format!(
            "m.status <> 'draft' AND (d.access = 'public' OR (d.access = 'delegates' AND d.meeting_id IN ({})) OR (d.access = 'heads' AND d.meeting_id IN ({})))",
            list(&delegate_of),
            list(&head_of)
        )
    };
    let backend = db.get_database_backend();
    let stmt = match backend {
        DbBackend::Postgres => {
            let tsquery = words.iter().map(|w| format!("{w}:*")).collect::<Vec<_>>().join(" & ");
            Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT d.kind, d.title, d.url, m.title AS meeting_title, \
                     ts_headline('simple', d.body, q, 'StartSel=' || chr(57344) || ', StopSel=' || chr(57345) || ', MaxWords=30, MinWords=10') AS snippet \
                     FROM search_doc d JOIN meeting m ON m.id = d.meeting_id, to_tsquery('simple', $1) q \
                     WHERE d.tsv @@ q AND {filter} ORDER BY ts_rank(d.tsv, q) DESC, d.id LIMIT $2"
                ),
                [tsquery.into(), (limit as i64).into()],
            )
        }
        _ => {
            let fts = words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" ");
            Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT d.kind, d.title, d.url, m.title AS meeting_title, \
                     snippet(search_fts, 1, char(57344), char(57345), '\u{2026}', 16) AS snippet \
                     FROM search_fts JOIN search_doc d ON d.id = search_fts.rowid JOIN meeting m ON m.id = d.meeting_id \
                     WHERE search_fts MATCH ? AND {filter} ORDER BY bm25(search_fts, 5.0, 1.0), d.id LIMIT ?"
                ),
                [fts.into(), (limit as i64).into()],
            )
        }
    };
    let rows = db.query_all_raw(stmt).await?;
    let mut hits = Vec::with_capacity(rows.len());
    for row in rows {
        let snippet: String = row.try_get("", "snippet")?;
        hits.push(SearchHit {
            kind: row.try_get("", "kind")?,
            title: row.try_get("", "title")?,
            url: row.try_get("", "url")?,
            meeting_title: row.try_get("", "meeting_title")?,
            snippet: segments(&snippet),
        });
    }
    debug_assert!(MARK_START != MARK_END);
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::terms;

    #[test]
    fn query_words_carry_no_syntax() {
        assert_eq!(
            terms("labour \"migration\" OR x* NEAR(a b) -- ';DROP"),
            vec!["labour", "migration", "or", "x", "near", "a", "b", "drop"]
        );
        assert_eq!(terms("Migração laboral"), vec!["migracao", "laboral"]);
        assert_eq!(terms("MOÇAMBIQUE Réfugiés"), vec!["mocambique", "refugies"]);
        assert!(terms("  *** ").is_empty());
    }
}
