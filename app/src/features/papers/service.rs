//! Briefing paper logic. A paper the viewer may not read is NotFound (its title is never
//! revealed); drafts' papers follow their meeting (secretariat only).

use super::types::{FileInfo, PaperForm, PaperList, PaperSummary, PaperView};
use crate::domain::CurrentUser;
use crate::domain::{parse_id, required_text, Access, ErrorCode, FieldError, FieldErrors, Lang, Markdown};
use crate::ssr::access::find_visible;
use crate::ssr::audit::{self, json_diff, Entry};
use crate::ssr::entities::{agenda_item, meeting, paper, paper_file, paper_version, registration};
use crate::ssr::error::{ServiceError, ServiceResult};
use crate::ssr::markdown;
use crate::ssr::write::claim_version;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use serde_json::json;

pub fn summary(p: &paper::Model) -> ServiceResult<PaperSummary> {
    Ok(PaperSummary {
        id: p.id,
        title: p.title.clone(),
        lang: p.lang,
        access: p.access,
        updated_at: p.updated_at,
        agenda_item: None,
        files: vec![],
        text_size: p.body_html.len() as i64,
    })
}

/// The meeting, the viewer's rights in it and the papers they may read (with their files and
/// agenda items), grouped by translation.
pub async fn readable_in_meeting(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
) -> ServiceResult<(meeting::Model, crate::ssr::access::ReaderRights, Vec<(paper::Model, PaperSummary)>)> {
    let m = find_visible(db, viewer, meeting_id).await?;
    let rights = crate::ssr::access::reader_rights(db, viewer, meeting_id).await?;
    let rows = paper::Entity::find()
        .filter(paper::Column::MeetingId.eq(meeting_id))
        .order_by_asc(paper::Column::TranslationGroup)
        .order_by_asc(paper::Column::Lang)
        .all(db)
        .await?;
    let files = paper_file::Entity::find()
        .filter(paper_file::Column::PaperId.is_in(rows.iter().map(|p| p.id).collect::<Vec<_>>()))
        .order_by_asc(paper_file::Column::Id)
        .all(db)
        .await?;
    let choices = crate::features::agenda::service::agenda_labels(db, rights.secretariat, meeting_id).await?;
    let mut out = Vec::new();
    for p in rows {
        let mut s = summary(&p)?;
        if !rights.may_read(s.access) {
            continue;
        }
        s.files = files.iter().filter(|f| f.paper_id == p.id).map(super::files::info).collect();
        s.agenda_item = p.agenda_item_id.and_then(|a| choices.iter().find(|(id, _)| *id == a).cloned());
        out.push((p, s));
    }
    Ok((m, rights, out))
}

/// The papers of a meeting the viewer may read, grouped by translation.
pub async fn list(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, meeting_id: i32) -> ServiceResult<PaperList> {
    let (m, rights, rows) = readable_in_meeting(db, viewer, meeting_id).await?;
    let papers: Vec<PaperSummary> = rows.into_iter().map(|(_, s)| s).collect();
    let pack_size = pack_estimate(&papers);
    let agenda_items = if rights.secretariat { crate::features::agenda::service::agenda_choices(db, meeting_id).await? } else { vec![] };
    // Papers for delegates are counted for those who may not read them, once per paper (its
    // translations are the same paper) and only if no version of it is public; never the
    // secretariat's own, whose existence is nobody else's business.
    let for_delegates = if rights.may_read(Access::Delegates) {
        0
    } else {
        let versions: Vec<(i32, Access)> = paper::Entity::find()
            .select_only()
            .column(paper::Column::TranslationGroup)
            .column(paper::Column::Access)
            .filter(paper::Column::MeetingId.eq(meeting_id))
            .into_tuple()
            .all(db)
            .await?;
        let groups: std::collections::BTreeSet<i32> = versions.iter().map(|(g, _)| *g).collect();
        groups
            .into_iter()
            .filter(|g| {
                let of = || versions.iter().filter(move |(v, _)| v == g).map(|(_, a)| *a);
                of().any(|a| a == Access::Delegates) && !of().any(|a| a == Access::Public)
            })
            .count()
    };
    Ok(PaperList {
        meeting_id,
        meeting_title: m.title,
        papers,
        can_edit: rights.secretariat,
        pack_size,
        agenda_items,
        for_delegates,
        signed_in: viewer.is_some(),
    })
}

/// What the offline pack holds before compression: the agenda page, each paper's page and its
/// files (an upper bound of the download, since text compresses).
pub fn pack_estimate(papers: &[PaperSummary]) -> i64 {
    16 * 1024 + papers.iter().map(|p| p.text_size + 2048 + p.files.iter().map(|f| f.size).sum::<i64>()).sum::<i64>()
}

/// The paper, if the viewer may read it (NotFound otherwise, so that its title never leaks).
pub async fn readable_paper(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, id: i32) -> ServiceResult<paper::Model> {
    let p = paper::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    find_visible(db, viewer, p.meeting_id).await?;
    let rights = crate::ssr::access::reader_rights(db, viewer, p.meeting_id).await?;
    if !rights.may_read(p.access) {
        return Err(ServiceError::NotFound);
    }
    Ok(p)
}

/// One paper, if the viewer may read it (NotFound otherwise).
pub async fn get(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, id: i32) -> ServiceResult<PaperView> {
    let p = readable_paper(db, viewer, id).await?;
    let m = find_visible(db, viewer, p.meeting_id).await?;
    let rights = crate::ssr::access::reader_rights(db, viewer, p.meeting_id).await?;
    let s = summary(&p)?;
    let translations = paper::Entity::find()
        .filter(paper::Column::TranslationGroup.eq(p.translation_group))
        .filter(paper::Column::Id.ne(p.id))
        .order_by_asc(paper::Column::Lang)
        .all(db)
        .await?
        .iter()
        .map(summary)
        .collect::<ServiceResult<Vec<_>>>()?
        .into_iter()
        .filter(|t| rights.may_read(t.access))
        .collect();
    let versions = if rights.secretariat {
        paper_version::Entity::find()
            .filter(paper_version::Column::PaperId.eq(p.id))
            .order_by_desc(paper_version::Column::Number)
            .all(db)
            .await?
            .into_iter()
            .map(|v| (v.number, v.edited_at))
            .collect()
    } else {
        vec![]
    };
    let choices = crate::features::agenda::service::agenda_labels(db, rights.secretariat, p.meeting_id).await?;
    let files: Vec<FileInfo> = super::files::list(db, p.id).await?;
    Ok(PaperView {
        id: p.id,
        meeting_id: m.id,
        meeting_title: m.title,
        title: p.title,
        lang: s.lang,
        access: s.access,
        body_md: p.body_md,
        body_html: p.body_html,
        version: p.version,
        updated_at: p.updated_at,
        translations,
        agenda_item: p.agenda_item_id.and_then(|a| choices.iter().find(|(id, _)| *id == a).cloned()),
        files,
        agenda_items: if rights.secretariat { choices } else { vec![] },
        can_edit: rights.secretariat,
        versions,
    })
}

/// An earlier version of a paper (secretariat only): (title, sanitised HTML).
pub async fn version(db: &impl ConnectionTrait, actor: &CurrentUser, id: i32, number: i32) -> ServiceResult<(String, String)> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let v = paper_version::Entity::find()
        .filter(paper_version::Column::PaperId.eq(id))
        .filter(paper_version::Column::Number.eq(number))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok((v.title, v.body_html))
}

struct ValidPaper {
    lang: Lang,
    access: Access,
    title: String,
    body: Markdown,
}

fn parse_form(form: &PaperForm) -> Result<ValidPaper, FieldErrors> {
    let mut e = FieldErrors::new();
    let lang =
        e.take(Lang::from_code(&form.lang).ok_or_else(|| {
            FieldError::new("lang", if form.lang.trim().is_empty() { ErrorCode::Required } else { ErrorCode::InvalidChoice })
        }));
    let access = e.take(Access::parse("access", &form.access));
    let title = e.take(required_text("title", &form.title, 300));
    let body = e.take(Markdown::parse("body", &form.body));
    if body.as_ref().is_some_and(|b| b.as_str().trim().is_empty()) {
        e.push("body", ErrorCode::Required);
    }
    e.clone().finish()?;
    match (lang, access, title, body) {
        (Some(lang), Some(access), Some(title), Some(body)) => Ok(ValidPaper { lang, access, title, body }),
        _ => Err(e),
    }
}

fn audit_view(p: &paper::Model) -> serde_json::Value {
    json!({ "title": p.title, "lang": p.lang, "access": p.access, "agenda_item_id": p.agenda_item_id, "body": p.body_md })
}

/// The chosen agenda item, which must belong to the paper's meeting.
async fn parse_agenda_item(db: &impl ConnectionTrait, meeting_id: i32, raw: &str) -> ServiceResult<Option<i32>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let invalid = || ServiceError::from(FieldError::new("agenda_item_id", ErrorCode::InvalidChoice));
    let id = parse_id(raw).ok_or_else(invalid)?;
    agenda_item::Entity::find_by_id(id).one(db).await?.filter(|i| i.meeting_id == meeting_id).ok_or_else(invalid)?;
    Ok(Some(id))
}

async fn record_version(db: &impl ConnectionTrait, actor: &CurrentUser, p: &paper::Model) -> ServiceResult<()> {
    paper_version::ActiveModel {
        paper_id: Set(p.id),
        number: Set(p.version),
        access: Set(p.access),
        title: Set(p.title.clone()),
        body_md: Set(p.body_md.clone()),
        body_html: Set(p.body_html.clone()),
        edited_by: Set(Some(actor.id)),
        edited_at: Set(p.updated_at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Creates (empty `id`) or updates a paper; every save is a new version. Secretariat only.
pub async fn save(db: &DatabaseConnection, actor: &CurrentUser, form: &PaperForm) -> ServiceResult<i32> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let v = parse_form(form)?;
    let html = markdown::render(v.body.as_str());
    let now = Utc::now();
    let txn = crate::ssr::write_txn(db).await?;
    let saved = if form.id.trim().is_empty() {
        let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
        meeting::Entity::find_by_id(meeting_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
        // A translation joins the group of the paper it translates (same meeting, new language).
        let translation_of =
            if form.translation_of.trim().is_empty() { None } else { Some(parse_id(&form.translation_of).ok_or(ServiceError::NotFound)?) };
        let group = match translation_of {
            Some(of) => {
                let original =
                    paper::Entity::find_by_id(of).one(&txn).await?.filter(|p| p.meeting_id == meeting_id).ok_or(ServiceError::NotFound)?;
                let taken = paper::Entity::find()
                    .filter(paper::Column::TranslationGroup.eq(original.translation_group))
                    .filter(paper::Column::Lang.eq(v.lang))
                    .count(&txn)
                    .await?;
                if taken > 0 {
                    return Err(FieldError::new("lang", ErrorCode::TranslationExists).into());
                }
                Some(original.translation_group)
            }
            None => None,
        };
        let agenda_item_id = parse_agenda_item(&txn, meeting_id, &form.agenda_item_id).await?;
        let p = paper::ActiveModel {
            meeting_id: Set(meeting_id),
            agenda_item_id: Set(agenda_item_id),
            translation_group: Set(group.unwrap_or(0)),
            lang: Set(v.lang),
            access: Set(v.access),
            title: Set(v.title.clone()),
            body_md: Set(v.body.as_str().into()),
            body_html: Set(html),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let p = if group.is_none() {
            // A paper of its own starts its own translation group.
            let mut am: paper::ActiveModel = p.into();
            am.translation_group = Set(am.id.clone().unwrap());
            am.update(&txn).await?
        } else {
            p
        };
        record_version(&txn, actor, &p).await?;
        audit::record(
            &txn,
            Some(actor),
            Entry {
                action: "paper.create",
                entity: "paper",
                entity_id: Some(p.id),
                summary: format!("Created paper \u{201c}{}\u{201d} ({})", p.title, p.lang.code()),
                detail: audit_view(&p),
            },
        )
        .await?;
        p.id
    } else {
        let id = parse_id(&form.id).ok_or(ServiceError::NotFound)?;
        let version: i32 = form.version.trim().parse().map_err(|_| ServiceError::Conflict(format!("paper {id}: no version given")))?;
        let before = paper::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
        if before.lang != v.lang
            && paper::Entity::find()
                .filter(paper::Column::TranslationGroup.eq(before.translation_group))
                .filter(paper::Column::Lang.eq(v.lang))
                .count(&txn)
                .await?
                > 0
        {
            return Err(FieldError::new("lang", ErrorCode::TranslationExists).into());
        }
        let agenda_item_id = parse_agenda_item(&txn, before.meeting_id, &form.agenda_item_id).await?;
        let update = paper::Entity::update_many()
            .col_expr(paper::Column::AgendaItemId, Expr::value(agenda_item_id))
            .col_expr(paper::Column::Lang, Expr::value(v.lang))
            .col_expr(paper::Column::Access, Expr::value(v.access))
            .col_expr(paper::Column::Title, Expr::value(v.title.clone()))
            .col_expr(paper::Column::BodyMd, Expr::value(v.body.as_str()))
            .col_expr(paper::Column::BodyHtml, Expr::value(html))
            .col_expr(paper::Column::UpdatedAt, Expr::value(now))
            .filter(paper::Column::Id.eq(id));
        claim_version(&txn, update, paper::Column::Version, version, format!("paper {id}")).await?;
        let after = paper::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
        record_version(&txn, actor, &after).await?;
        audit::record(
            &txn,
            Some(actor),
            Entry {
                action: "paper.update",
                entity: "paper",
                entity_id: Some(id),
                summary: format!("Updated paper \u{201c}{}\u{201d} (version {})", after.title, after.version),
                detail: json_diff(&audit_view(&before), &audit_view(&after)),
            },
        )
        .await?;
        id
    };
    let meeting_id = paper::Entity::find_by_id(saved).one(&txn).await?.map(|p| p.meeting_id).unwrap_or_default();
    crate::features::search::service::index_meeting(&txn, meeting_id).await?;
    txn.commit().await?;
    Ok(saved)
}

const DIGEST_OVERLAP: chrono::Duration = chrono::Duration::minutes(5);

/// Queues the daily digest of new and updated papers: for each approved delegate (by email) with
/// papers they may read that changed since their last digest (or their registration), one
/// message, at most one a day. Claiming a day is a guarded update, so two workers never both send.
pub async fn queue_digests(db: &DatabaseConnection, now: chrono::DateTime<Utc>, public_url: &str) -> ServiceResult<usize> {
    use crate::domain::MeetingStatus;
    use crate::ssr::entities::paper_digest;
    // Only those whose registration gives delegate rights hear of delegates' papers.
    let approved =
        registration::Entity::find().filter(crate::ssr::access::grants_rights()).order_by_asc(registration::Column::Id).all(db).await?;
    if approved.is_empty() {
        return Ok(0);
    }
    let meeting_ids: Vec<i32> = approved.iter().map(|r| r.meeting_id).collect();
    let meetings: Vec<meeting::Model> = meeting::Entity::find()
        .filter(meeting::Column::Id.is_in(meeting_ids.clone()))
        .filter(meeting::Column::Status.ne(MeetingStatus::Draft))
        .all(db)
        .await?;
    let oldest = approved.iter().map(|r| r.created_at).min().unwrap_or(now);
    let changed = paper::Entity::find()
        .filter(paper::Column::MeetingId.is_in(meeting_ids))
        .filter(paper::Column::Access.is_in([Access::Public, Access::Delegates]))
        .filter(paper::Column::UpdatedAt.gt(oldest.max(now - chrono::Duration::days(30)) - DIGEST_OVERLAP))
        .order_by_asc(paper::Column::Id)
        .all(db)
        .await?;
    if changed.is_empty() {
        return Ok(0);
    }
    // Each address's registrations, in id order, grouped in one pass (looking them up per
    // address read every registration once per address).
    let mut by_email: std::collections::BTreeMap<String, Vec<&registration::Model>> = std::collections::BTreeMap::new();
    for r in &approved {
        by_email.entry(r.email.to_lowercase()).or_default().push(r);
    }
    let mut queued = 0;
    for (email, regs) in by_email {
        let last = paper_digest::Entity::find().filter(paper_digest::Column::Email.eq(&email)).one(db).await?;
        if last.as_ref().is_some_and(|l| l.last_sent_at > now - chrono::Duration::hours(24)) {
            continue;
        }
        let mut items = Vec::new();
        for r in &regs {
            let Some(m) = meetings.iter().find(|m| m.id == r.meeting_id) else { continue };
            // The overlap catches a paper saved just before the last digest but committed after
            // it looked (it may then be listed twice, never missed).
            let since = last.as_ref().map(|l| l.last_sent_at - DIGEST_OVERLAP).unwrap_or(r.created_at);
            for p in changed.iter().filter(|p| p.meeting_id == m.id && p.updated_at > since) {
                items.push(crate::ssr::outbox::DigestPaper {
                    title: p.title.clone(),
                    meeting: m.title.clone(),
                    link: format!("{public_url}/papers/{}", p.id),
                });
            }
        }
        if items.is_empty() {
            continue;
        }
        let txn = crate::ssr::private_write_txn(db).await?;
        let claimed = match &last {
            Some(l) => {
                paper_digest::Entity::update_many()
                    .col_expr(paper_digest::Column::LastSentAt, Expr::value(now))
                    .filter(paper_digest::Column::Id.eq(l.id))
                    .filter(paper_digest::Column::LastSentAt.eq(l.last_sent_at))
                    .exec(&txn)
                    .await?
                    .rows_affected
                    == 1
            }
            // Another worker inserted the row first (unique email): it sends this one.
            None => paper_digest::ActiveModel { email: Set(email.clone()), last_sent_at: Set(now), ..Default::default() }
                .insert(&txn)
                .await
                .is_ok(),
        };
        if !claimed {
            continue;
        }
        let r = regs[0];
        let message =
            crate::ssr::outbox::OutboxMessage::PaperDigest { name: r.display_name(), papers: items, link: format!("{public_url}/me") };
        crate::ssr::outbox::enqueue(&txn, &r.email, r.locale, &message).await?;
        txn.commit().await?;
        queued += 1;
    }
    Ok(queued)
}
