//! Briefing paper logic. A paper the viewer may not read is NotFound (its title is never
//! revealed); drafts' papers follow their meeting (secretariat only).

use super::types::{PaperForm, PaperList, PaperSummary, PaperView};
use crate::domain::{parse_id, required_text, Access, ErrorCode, FieldError, FieldErrors, Lang, Markdown, RegistrationStatus};
use crate::features::auth::types::CurrentUser;
use crate::features::meetings::service::{find_visible, json_diff};
use crate::ssr::audit::{self, Entry};
use crate::ssr::entities::{meeting, paper, paper_version, registration};
use crate::ssr::error::{ServiceError, ServiceResult};
use crate::ssr::markdown;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// What the viewer may read in a meeting: (secretariat, approved delegate).
async fn reader_rights(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, meeting_id: i32) -> ServiceResult<(bool, bool)> {
    let Some(user) = viewer else { return Ok((false, false)) };
    if user.is_secretariat() {
        return Ok((true, true));
    }
    let approved = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(meeting_id))
        .filter(registration::Column::Email.eq(user.email.to_lowercase()))
        .filter(registration::Column::Status.eq(RegistrationStatus::Approved.as_str()))
        .count(db)
        .await?
        > 0;
    Ok((false, approved))
}

fn may_read(access: Access, (secretariat, delegate): (bool, bool)) -> bool {
    match access {
        Access::Public => true,
        Access::Delegates => delegate || secretariat,
        Access::Secretariat => secretariat,
    }
}

fn summary(p: &paper::Model) -> ServiceResult<PaperSummary> {
    Ok(PaperSummary {
        id: p.id,
        title: p.title.clone(),
        lang: Lang::from_code(&p.lang).ok_or_else(|| ServiceError::Internal(format!("paper {} has language {}", p.id, p.lang)))?,
        access: Access::parse("access", &p.access)?,
        updated_at: p.updated_at,
    })
}

/// The papers of a meeting the viewer may read, grouped by translation.
pub async fn list(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, meeting_id: i32) -> ServiceResult<PaperList> {
    let m = find_visible(db, viewer, meeting_id).await?;
    let rights = reader_rights(db, viewer, meeting_id).await?;
    let rows = paper::Entity::find()
        .filter(paper::Column::MeetingId.eq(meeting_id))
        .order_by_asc(paper::Column::TranslationGroup)
        .order_by_asc(paper::Column::Lang)
        .all(db)
        .await?;
    let papers = rows.iter().map(summary).collect::<ServiceResult<Vec<_>>>()?.into_iter().filter(|p| may_read(p.access, rights)).collect();
    Ok(PaperList { meeting_id, meeting_title: m.title, papers, can_edit: rights.0 })
}

/// One paper, if the viewer may read it (NotFound otherwise).
pub async fn get(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, id: i32) -> ServiceResult<PaperView> {
    let p = paper::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let m = find_visible(db, viewer, p.meeting_id).await?;
    let rights = reader_rights(db, viewer, p.meeting_id).await?;
    let s = summary(&p)?;
    if !may_read(s.access, rights) {
        return Err(ServiceError::NotFound);
    }
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
        .filter(|t| may_read(t.access, rights))
        .collect();
    let versions = if rights.0 {
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
        can_edit: rights.0,
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
    json!({ "title": p.title, "lang": p.lang, "access": p.access, "body": p.body_md })
}

async fn record_version(db: &impl ConnectionTrait, actor: &CurrentUser, p: &paper::Model) -> ServiceResult<()> {
    paper_version::ActiveModel {
        paper_id: Set(p.id),
        number: Set(p.version),
        access: Set(p.access.clone()),
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
                    .filter(paper::Column::Lang.eq(v.lang.code()))
                    .count(&txn)
                    .await?;
                if taken > 0 {
                    return Err(FieldError::new("lang", ErrorCode::TranslationExists).into());
                }
                Some(original.translation_group)
            }
            None => None,
        };
        let p = paper::ActiveModel {
            meeting_id: Set(meeting_id),
            agenda_item_id: Set(None),
            translation_group: Set(group.unwrap_or(0)),
            lang: Set(v.lang.code().into()),
            access: Set(v.access.as_str().into()),
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
                summary: format!("Created paper \u{201c}{}\u{201d} ({})", p.title, p.lang),
                detail: audit_view(&p),
            },
        )
        .await?;
        p.id
    } else {
        let id = parse_id(&form.id).ok_or(ServiceError::NotFound)?;
        let version: i32 = form.version.trim().parse().map_err(|_| ServiceError::Conflict(format!("paper {id}: no version given")))?;
        let before = paper::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
        if before.lang != v.lang.code()
            && paper::Entity::find()
                .filter(paper::Column::TranslationGroup.eq(before.translation_group))
                .filter(paper::Column::Lang.eq(v.lang.code()))
                .count(&txn)
                .await?
                > 0
        {
            return Err(FieldError::new("lang", ErrorCode::TranslationExists).into());
        }
        let res = paper::Entity::update_many()
            .col_expr(paper::Column::Lang, Expr::value(v.lang.code()))
            .col_expr(paper::Column::Access, Expr::value(v.access.as_str()))
            .col_expr(paper::Column::Title, Expr::value(v.title.clone()))
            .col_expr(paper::Column::BodyMd, Expr::value(v.body.as_str()))
            .col_expr(paper::Column::BodyHtml, Expr::value(html))
            .col_expr(paper::Column::Version, Expr::value(version + 1))
            .col_expr(paper::Column::UpdatedAt, Expr::value(now))
            .filter(paper::Column::Id.eq(id))
            .filter(paper::Column::Version.eq(version))
            .exec(&txn)
            .await?;
        if res.rows_affected == 0 {
            return Err(ServiceError::Conflict(format!("paper {id} was changed by someone else")));
        }
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
    txn.commit().await?;
    Ok(saved)
}
