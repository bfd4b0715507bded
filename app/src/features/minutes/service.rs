//! Minutes logic. Who reads what:
//! - draft: the secretariat only;
//! - circulated: the secretariat and the meeting's approved heads of delegation, who comment
//!   per section until the closing date (comments are seen by both groups, nobody else);
//! - adopted: as published (everyone who sees the meeting, or its approved delegates).
//!
//! Adopted minutes are locked here and by database triggers; corrections are corrigenda.

use super::types::{
    CommentForm, CommentView, CorrigendumForm, CorrigendumView, MinutesPageData, MinutesStepForm, MinutesView, RecommendationDraft,
    SectionForm, SectionView, Withheld,
};
use crate::domain::CurrentUser;
use crate::domain::{
    parse_date, parse_id, required_text, Access, ErrorCode, FieldError, Lang, Markdown, MinutesStatus, PassageKind, PlanStatus,
    RegistrationCategory,
};
use crate::features::agenda::service::agenda_choices;
use crate::i18n::Strings;
use crate::ssr::access::find_visible;
use crate::ssr::access::{is_head_of_delegation, reader_rights};
use crate::ssr::audit::{self, Entry};
use crate::ssr::entities::{
    agenda_item, meeting, minutes, minutes_comment, minutes_corrigendum, minutes_section, recommendation, registration,
};
use crate::ssr::error::{ServiceError, ServiceResult};
use crate::ssr::write::claim_version;
use crate::ssr::{markdown, outbox};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// A section's text: (the Markdown to store — the user's, without sentinel characters; the
/// Markdown to render — each marker of a top-level paragraph replaced by its sentinel; the
/// marked passages in order). Only paragraphs at the top level count, so the numbering of
/// passages here and of anchors in the HTML (`mark_passages`) is the same.
pub fn analyse(md: &str) -> (String, String, Vec<(PassageKind, String)>) {
    use crate::domain::minutes::{SENTINEL_CLOSE, SENTINEL_OPEN};
    let clean: String = md.chars().filter(|c| *c != SENTINEL_OPEN && *c != SENTINEL_CLOSE).collect();
    let mut rendered = String::with_capacity(clean.len());
    let mut passages = Vec::new();
    let mut last = 0;
    for range in markdown::top_level_paragraphs(&clean) {
        let para = &clean[range.clone()];
        let lead = para.len() - para.trim_start().len();
        let body = &para[lead..];
        let Some(kind) = PassageKind::ALL.iter().copied().find(|k| {
            let m = k.marker();
            body.len() >= m.len() && body.is_char_boundary(m.len()) && body[..m.len()].eq_ignore_ascii_case(m)
        }) else {
            continue;
        };
        let text = body[kind.marker().len()..].trim();
        if text.is_empty() {
            continue;
        }
        passages.push((kind, text.to_string()));
        let marker_start = range.start + lead;
        let after = &clean[marker_start + kind.marker().len()..];
        let text_start = marker_start + kind.marker().len() + (after.len() - after.trim_start().len());
        rendered.push_str(&clean[last..marker_start]);
        rendered.push_str(&kind.sentinel());
        rendered.push(' ');
        last = text_start;
    }
    rendered.push_str(&clean[last..]);
    (clean, rendered, passages)
}

/// (may read, sees comments)
async fn rights(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, m: &minutes::Model) -> ServiceResult<(bool, bool)> {
    let Some(user) = viewer else {
        return Ok((m.status == MinutesStatus::Adopted && m.access == Access::Public, false));
    };
    if user.is_secretariat() {
        return Ok((true, true));
    }
    let head = is_head_of_delegation(db, user, m.meeting_id).await?;
    let read = match m.status {
        MinutesStatus::Draft => false,
        MinutesStatus::Circulated => head,
        MinutesStatus::Adopted => match m.access {
            Access::Public => true,
            _ => reader_rights(db, viewer, m.meeting_id).await?.delegate,
        },
    };
    Ok((read, head && read))
}

fn label(t: &'static Strings) -> impl Fn(PassageKind) -> &'static str {
    move |k| match k {
        PassageKind::Decision => t.minutes_decision,
        PassageKind::Recommendation => t.minutes_recommendation,
    }
}

/// The minutes page: the minutes if the viewer may read them, and what they may do.
pub async fn page(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    lang: Lang,
    now: DateTime<Utc>,
) -> ServiceResult<MinutesPageData> {
    let mt = find_visible(db, viewer, meeting_id).await?;
    let today = crate::domain::venue_today(&mt.timezone, now);
    let secretariat = viewer.is_some_and(CurrentUser::is_secretariat);
    let row = minutes::Entity::find().filter(minutes::Column::MeetingId.eq(meeting_id)).one(db).await?;
    let agenda = crate::features::agenda::service::agenda_labels(db, secretariat, meeting_id).await?;
    let mut data = MinutesPageData {
        meeting_id,
        meeting_title: mt.title.clone(),
        minutes: None,
        is_secretariat: secretariat,
        can_comment: false,
        sees_comments: false,
        agenda_items: if secretariat { agenda.clone() } else { vec![] },
        today,
        withheld: None,
        signed_in: viewer.is_some(),
    };
    let Some(m) = row else { return Ok(data) };
    let (read, sees_comments) = rights(db, viewer, &m).await?;
    if !read {
        data.withheld = match (m.status, m.access) {
            (MinutesStatus::Circulated, _) => Some(Withheld::HeadsOfDelegation),
            (MinutesStatus::Adopted, Access::Delegates) => Some(Withheld::Delegates),
            _ => None,
        };
        return Ok(data);
    }
    let status = m.status;
    data.sees_comments = sees_comments;
    data.can_comment = sees_comments && status == MinutesStatus::Circulated && m.comments_close_on.is_some_and(|d| today <= d);
    let t = Strings::get(lang);
    let sections = minutes_section::Entity::find()
        .filter(minutes_section::Column::MinutesId.eq(m.id))
        .order_by_asc(minutes_section::Column::Position)
        .order_by_asc(minutes_section::Column::Id)
        .all(db)
        .await?;
    let comments = if sees_comments {
        minutes_comment::Entity::find()
            .filter(minutes_comment::Column::SectionId.is_in(sections.iter().map(|s| s.id).collect::<Vec<_>>()))
            .order_by_asc(minutes_comment::Column::CreatedAt)
            .order_by_asc(minutes_comment::Column::Id)
            .all(db)
            .await?
    } else {
        vec![]
    };
    let corrigenda = minutes_corrigendum::Entity::find()
        .filter(minutes_corrigendum::Column::MinutesId.eq(m.id))
        .order_by_asc(minutes_corrigendum::Column::Number)
        .all(db)
        .await?
        .into_iter()
        .map(|c| CorrigendumView { number: c.number, body_html: c.body_html, issued_at: c.issued_at })
        .collect();
    let recommendations = if secretariat { drafts(db, meeting_id, &sections, &agenda).await? } else { vec![] };
    let mut spoken = std::collections::HashMap::new();
    if secretariat && status != MinutesStatus::Adopted {
        for item in sections.iter().filter_map(|s| s.agenda_item_id) {
            spoken.insert(item, crate::features::agenda::speakers::spoken_on(db, meeting_id, item).await?);
        }
    }
    let sections = sections
        .into_iter()
        .map(|s| SectionView {
            spoken: s.agenda_item_id.and_then(|i| spoken.get(&i).cloned()).unwrap_or_default(),
            id: s.id,
            position: s.position,
            agenda_item: s.agenda_item_id.and_then(|a| agenda.iter().find(|(id, _)| *id == a).cloned()),
            title: s.title,
            body_md: if secretariat { s.body_md } else { String::new() },
            body_html: crate::domain::minutes::mark_passages(&s.body_html, s.id, label(t)),
            version: s.version,
            comments: comments
                .iter()
                .filter(|c| c.section_id == s.id)
                .map(|c| CommentView { id: c.id, author: c.author.clone(), body_html: c.body_html.clone(), created_at: c.created_at })
                .collect(),
        })
        .collect();
    data.minutes = Some(MinutesView {
        id: m.id,
        status,
        access: m.access,
        comments_close_on: m.comments_close_on,
        circulated_at: m.circulated_at,
        adopted_at: m.adopted_at,
        adopted_by: m.adopted_by_name.clone(),
        version: m.version,
        sections,
        corrigenda,
        recommendations,
    });
    Ok(data)
}

async fn drafts(
    db: &impl ConnectionTrait,
    meeting_id: i32,
    sections: &[minutes_section::Model],
    agenda: &[(i32, String)],
) -> ServiceResult<Vec<RecommendationDraft>> {
    Ok(recommendation::Entity::find()
        .filter(recommendation::Column::MeetingId.eq(meeting_id))
        .filter(recommendation::Column::OriginSectionId.is_not_null())
        .order_by_asc(recommendation::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|r| RecommendationDraft {
            id: r.id,
            kind: r.kind,
            text_html: r.text_html,
            section_id: r.origin_section_id,
            section_title: sections.iter().find(|s| Some(s.id) == r.origin_section_id).map(|s| s.title.clone()).unwrap_or_default(),
            passage: r.origin_passage,
            agenda_item: r.origin_agenda_item_id.and_then(|a| agenda.iter().find(|(id, _)| *id == a).map(|(_, l)| l.clone())),
        })
        .collect())
}

use crate::ssr::access::require_secretariat as secretariat_only;

/// The minutes of a meeting, for a change: refuses adopted (locked) minutes.
async fn editable(db: &impl ConnectionTrait, meeting_id: i32) -> ServiceResult<minutes::Model> {
    let m = minutes::Entity::find().filter(minutes::Column::MeetingId.eq(meeting_id)).one(db).await?.ok_or(ServiceError::NotFound)?;
    if m.status == MinutesStatus::Adopted {
        return Err(FieldError::new("form", ErrorCode::Locked).into());
    }
    Ok(m)
}

async fn bump(db: &impl ConnectionTrait, m: &minutes::Model) -> ServiceResult<()> {
    minutes::Entity::update_many()
        .col_expr(minutes::Column::Version, Expr::value(m.version + 1))
        .col_expr(minutes::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(minutes::Column::Id.eq(m.id))
        .exec(db)
        .await?;
    Ok(())
}

async fn record(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    action: &'static str,
    meeting_id: i32,
    summary: String,
    detail: serde_json::Value,
) -> ServiceResult<()> {
    audit::record(db, Some(actor), Entry { action, entity: "minutes", entity_id: Some(meeting_id), summary, detail }).await?;
    Ok(())
}

/// Starts the minutes of a meeting (secretariat): a draft with one section per agenda item.
pub async fn create(db: &DatabaseConnection, actor: &CurrentUser, meeting_id: i32) -> ServiceResult<i32> {
    secretariat_only(actor)?;
    let txn = crate::ssr::write_txn(db).await?;
    meeting::Entity::find_by_id(meeting_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if minutes::Entity::find().filter(minutes::Column::MeetingId.eq(meeting_id)).count(&txn).await? > 0 {
        return Err(ServiceError::Conflict(format!("meeting {meeting_id} already has minutes")));
    }
    let now = Utc::now();
    let m = minutes::ActiveModel {
        meeting_id: Set(meeting_id),
        status: Set(MinutesStatus::Draft),
        access: Set(Access::Delegates),
        comments_close_on: Set(None),
        circulated_at: Set(None),
        adopted_at: Set(None),
        adopted_by: Set(None),
        adopted_by_name: Set(String::new()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let items = agenda_choices(&txn, meeting_id).await?;
    let titles = agenda_item::Entity::find().filter(agenda_item::Column::MeetingId.eq(meeting_id)).all(&txn).await?;
    for (n, (item_id, _)) in items.iter().enumerate() {
        let title = titles.iter().find(|i| i.id == *item_id).map(|i| i.title.clone()).unwrap_or_default();
        minutes_section::ActiveModel {
            minutes_id: Set(m.id),
            position: Set(n as i32 + 1),
            agenda_item_id: Set(Some(*item_id)),
            title: Set(title),
            body_md: Set(String::new()),
            body_html: Set(String::new()),
            version: Set(1),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    record(
        &txn,
        actor,
        "minutes.create",
        meeting_id,
        format!("Started the minutes ({} sections)", items.len()),
        json!({ "sections": items.len() }),
    )
    .await?;
    crate::features::search::service::index_meeting(&txn, meeting_id).await?;
    txn.commit().await?;
    Ok(m.id)
}

/// Adds (empty id) or edits a section (secretariat; not once adopted). Returns the meeting id.
pub async fn save_section(db: &DatabaseConnection, actor: &CurrentUser, form: &SectionForm) -> ServiceResult<i32> {
    secretariat_only(actor)?;
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let mut e = crate::domain::FieldErrors::new();
    let title = e.take(required_text("title", &form.title, 300));
    let body = e.take(Markdown::parse("body", &form.body));
    let agenda_item_id = if form.agenda_item_id.trim().is_empty() {
        None
    } else {
        let id = parse_id(&form.agenda_item_id);
        let ok = match id {
            Some(id) => agenda_item::Entity::find_by_id(id).one(db).await?.is_some_and(|i| i.meeting_id == meeting_id),
            None => false,
        };
        if !ok {
            e.push("agenda_item_id", ErrorCode::InvalidChoice);
        }
        id
    };
    e.clone().finish()?;
    let (Some(title), Some(body)) = (title, body) else { return Err(e.into()) };
    let (md, rendered, _) = analyse(body.as_str());
    let html = markdown::render(&rendered);
    let txn = crate::ssr::write_txn(db).await?;
    let m = editable(&txn, meeting_id).await?;
    if form.id.trim().is_empty() {
        let last = minutes_section::Entity::find()
            .filter(minutes_section::Column::MinutesId.eq(m.id))
            .order_by_desc(minutes_section::Column::Position)
            .one(&txn)
            .await?
            .map(|s| s.position)
            .unwrap_or(0);
        minutes_section::ActiveModel {
            minutes_id: Set(m.id),
            position: Set(last + 1),
            agenda_item_id: Set(agenda_item_id),
            title: Set(title.clone()),
            body_md: Set(md.clone()),
            body_html: Set(html),
            version: Set(1),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    } else {
        let id = parse_id(&form.id).ok_or(ServiceError::NotFound)?;
        let version: i32 = form.version.trim().parse().map_err(|_| ServiceError::Conflict(format!("section {id}: no version given")))?;
        let update = minutes_section::Entity::update_many()
            .col_expr(minutes_section::Column::Title, Expr::value(title.clone()))
            .col_expr(minutes_section::Column::AgendaItemId, Expr::value(agenda_item_id))
            .col_expr(minutes_section::Column::BodyMd, Expr::value(md.clone()))
            .col_expr(minutes_section::Column::BodyHtml, Expr::value(html))
            .filter(minutes_section::Column::Id.eq(id))
            .filter(minutes_section::Column::MinutesId.eq(m.id));
        claim_version(&txn, update, minutes_section::Column::Version, version, format!("section {id}")).await?;
    }
    bump(&txn, &m).await?;
    record(
        &txn,
        actor,
        "minutes.section",
        meeting_id,
        format!("Saved the minutes section \u{201c}{title}\u{201d}"),
        json!({ "title": title, "body": md }),
    )
    .await?;
    crate::features::search::service::index_meeting(&txn, meeting_id).await?;
    txn.commit().await?;
    Ok(meeting_id)
}

/// Removes a section (secretariat; not once adopted). Returns the meeting id.
pub async fn delete_section(db: &DatabaseConnection, actor: &CurrentUser, section_id: i32) -> ServiceResult<i32> {
    secretariat_only(actor)?;
    let txn = crate::ssr::write_txn(db).await?;
    let s = minutes_section::Entity::find_by_id(section_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let m = minutes::Entity::find_by_id(s.minutes_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let m = editable(&txn, m.meeting_id).await?;
    minutes_section::Entity::delete_by_id(s.id).exec(&txn).await?;
    bump(&txn, &m).await?;
    record(
        &txn,
        actor,
        "minutes.section_delete",
        m.meeting_id,
        format!("Removed the minutes section \u{201c}{}\u{201d}", s.title),
        json!({ "title": s.title, "body": s.body_md }),
    )
    .await?;
    crate::features::search::service::index_meeting(&txn, m.meeting_id).await?;
    txn.commit().await?;
    Ok(m.meeting_id)
}

/// Circulates, adopts or changes who may read the minutes (secretariat).
pub async fn step(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    form: &MinutesStepForm,
    now: DateTime<Utc>,
    public_url: &str,
) -> ServiceResult<MinutesStatus> {
    secretariat_only(actor)?;
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let txn = crate::ssr::write_txn(db).await?;
    let mt = meeting::Entity::find_by_id(meeting_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let m = minutes::Entity::find().filter(minutes::Column::MeetingId.eq(meeting_id)).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    // Claim this version: a concurrent step (on PostgreSQL it waits for this row) then finds
    // another version and is a conflict, so nothing is adopted or circulated twice.
    let version = if form.version.trim().parse::<i32>().ok() == Some(m.version) { m.version } else { -1 };
    let claim = minutes::Entity::update_many().filter(minutes::Column::Id.eq(m.id));
    claim_version(&txn, claim, minutes::Column::Version, version, format!("the minutes record of meeting {meeting_id}")).await?;
    let status = m.status;
    let mut am: minutes::ActiveModel = m.clone().into();
    am.version = Set(m.version + 1);
    am.updated_at = Set(now);
    let result = match form.step.as_str() {
        "access" => {
            let access = Access::parse("access", &form.access)?;
            if access == Access::Secretariat {
                return Err(FieldError::new("access", ErrorCode::InvalidChoice).into());
            }
            am.access = Set(access);
            record(
                &txn,
                actor,
                "minutes.access",
                meeting_id,
                format!("Minutes readable by: {}", access.as_str()),
                json!({ "access": access.as_str() }),
            )
            .await?;
            status
        }
        "circulate" => {
            if status != MinutesStatus::Draft && status != MinutesStatus::Circulated {
                return Err(FieldError::new("form", ErrorCode::Locked).into());
            }
            let closes = parse_date("closes_on", &form.closes_on)?;
            if closes < crate::domain::venue_today(&mt.timezone, now) {
                return Err(FieldError::new("closes_on", ErrorCode::DateInPast).into());
            }
            am.status = Set(MinutesStatus::Circulated);
            am.comments_close_on = Set(Some(closes));
            if status == MinutesStatus::Draft {
                am.circulated_at = Set(Some(now));
                notify_heads(&txn, &mt, closes, public_url).await?;
            }
            record(
                &txn,
                actor,
                "minutes.circulate",
                meeting_id,
                format!("Circulated the minutes for comments until {closes}"),
                json!({ "closes_on": closes }),
            )
            .await?;
            MinutesStatus::Circulated
        }
        "adopt" => {
            if status != MinutesStatus::Circulated {
                return Err(FieldError::new(
                    "form",
                    if status == MinutesStatus::Adopted { ErrorCode::Locked } else { ErrorCode::WrongStep },
                )
                .into());
            }
            am.status = Set(MinutesStatus::Adopted);
            am.adopted_at = Set(Some(now));
            am.adopted_by = Set(Some(actor.id));
            am.adopted_by_name = Set(actor.display_name.clone());
            let made = make_recommendations(&txn, m.id, meeting_id, now).await?;
            record(
                &txn,
                actor,
                "minutes.adopt",
                meeting_id,
                format!("Adopted the minutes ({made} recommendation drafts)"),
                json!({ "recommendations": made }),
            )
            .await?;
            MinutesStatus::Adopted
        }
        _ => return Err(ServiceError::NotFound),
    };
    am.update(&txn).await?;
    crate::features::search::service::index_meeting(&txn, meeting_id).await?;
    txn.commit().await?;
    Ok(result)
}

/// Every marked passage becomes a recommendation draft that remembers where it came from.
async fn make_recommendations(db: &impl ConnectionTrait, minutes_id: i32, meeting_id: i32, now: DateTime<Utc>) -> ServiceResult<usize> {
    let sections = minutes_section::Entity::find()
        .filter(minutes_section::Column::MinutesId.eq(minutes_id))
        .order_by_asc(minutes_section::Column::Position)
        .order_by_asc(minutes_section::Column::Id)
        .all(db)
        .await?;
    let mut made = 0;
    for s in sections {
        for (n, (kind, text)) in analyse(&s.body_md).2.into_iter().enumerate() {
            recommendation::ActiveModel {
                meeting_id: Set(meeting_id),
                kind: Set(kind),
                status: Set(PlanStatus::Draft),
                text_html: Set(markdown::render(&text)),
                text_md: Set(text),
                origin_agenda_item_id: Set(s.agenda_item_id),
                origin_section_id: Set(Some(s.id)),
                origin_passage: Set(Some(n as i32 + 1)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
            made += 1;
        }
    }
    Ok(made)
}

async fn notify_heads(db: &impl ConnectionTrait, mt: &meeting::Model, closes: NaiveDate, public_url: &str) -> ServiceResult<()> {
    let heads = registration::Entity::find()
        .filter(registration::Column::MeetingId.eq(mt.id))
        .filter(crate::ssr::access::grants_rights())
        .filter(registration::Column::Category.eq(RegistrationCategory::HeadOfDelegation))
        .all(db)
        .await?;
    for r in heads {
        let message = outbox::OutboxMessage::MinutesCirculated {
            name: r.display_name(),
            meeting: mt.title.clone(),
            closes_on: closes.to_string(),
            link: format!("{public_url}/meetings/{}/minutes", mt.id),
        };
        outbox::enqueue(db, &r.email, r.locale, &message).await?;
    }
    Ok(())
}

/// A comment on a section, by a head of delegation or the secretariat, during circulation.
/// Returns the meeting id.
pub async fn comment(db: &DatabaseConnection, actor: &CurrentUser, form: &CommentForm, now: DateTime<Utc>) -> ServiceResult<i32> {
    let section_id = parse_id(&form.section_id).ok_or(ServiceError::NotFound)?;
    let body = Markdown::parse("body", &form.body)?;
    // Checked inside the transaction, with the minutes row locked, so that a comment cannot
    // land on minutes adopted meanwhile.
    let txn = crate::ssr::write_txn(db).await?;
    let s = minutes_section::Entity::find_by_id(section_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    minutes::Entity::update_many()
        .col_expr(minutes::Column::Version, Expr::col(minutes::Column::Version))
        .filter(minutes::Column::Id.eq(s.minutes_id))
        .exec(&txn)
        .await?;
    let m = minutes::Entity::find_by_id(s.minutes_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let mt = find_visible(&txn, Some(actor), m.meeting_id).await?;
    let (read, sees_comments) = rights(&txn, Some(actor), &m).await?;
    if !read {
        return Err(ServiceError::NotFound);
    }
    if !sees_comments {
        return Err(ServiceError::Forbidden);
    }
    let open =
        m.status == MinutesStatus::Circulated && m.comments_close_on.is_some_and(|d| crate::domain::venue_today(&mt.timezone, now) <= d);
    if !open {
        return Err(FieldError::new("body", ErrorCode::CommentsClosed).into());
    }
    if body.as_str().trim().is_empty() {
        return Err(FieldError::new("body", ErrorCode::Required).into());
    }
    // "Name (Country)" for a head of delegation, as registered for this meeting.
    let author = if actor.is_secretariat() {
        format!("{} (Secretariat)", actor.display_name)
    } else {
        let head = registration::Entity::find()
            .filter(registration::Column::MeetingId.eq(m.meeting_id))
            .filter(registration::Column::Email.eq(actor.email.to_lowercase()))
            .filter(crate::ssr::access::grants_rights())
            .filter(registration::Column::Category.eq(RegistrationCategory::HeadOfDelegation))
            .one(&txn)
            .await?;
        match head.and_then(|r| r.country_code.and_then(|c| crate::domain::CountryCode::parse("country", &c).ok())) {
            Some(c) => format!("{} ({})", actor.display_name, c.name(Lang::En)),
            None => actor.display_name.clone(),
        }
    };
    minutes_comment::ActiveModel {
        section_id: Set(s.id),
        user_id: Set(Some(actor.id)),
        author: Set(author),
        body_md: Set(body.as_str().into()),
        body_html: Set(markdown::render(body.as_str())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(
        &txn,
        actor,
        "minutes.comment",
        m.meeting_id,
        format!("Commented on \u{201c}{}\u{201d}", s.title),
        json!({ "section": s.id, "body": body.as_str() }),
    )
    .await?;
    txn.commit().await?;
    Ok(m.meeting_id)
}

/// Issues the next corrigendum to adopted minutes (secretariat). Returns its number.
pub async fn corrigendum(db: &DatabaseConnection, actor: &CurrentUser, form: &CorrigendumForm) -> ServiceResult<i32> {
    secretariat_only(actor)?;
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let body = Markdown::parse("body", &form.body)?;
    if body.as_str().trim().is_empty() {
        return Err(FieldError::new("body", ErrorCode::Required).into());
    }
    let txn = crate::ssr::write_txn(db).await?;
    // Lock the minutes row (a no-op update) so that two corrigenda get different numbers.
    minutes::Entity::update_many()
        .col_expr(minutes::Column::Version, Expr::col(minutes::Column::Version))
        .filter(minutes::Column::MeetingId.eq(meeting_id))
        .exec(&txn)
        .await?;
    let m = minutes::Entity::find().filter(minutes::Column::MeetingId.eq(meeting_id)).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if m.status != MinutesStatus::Adopted {
        return Err(FieldError::new("body", ErrorCode::WrongStep).into());
    }
    let number = minutes_corrigendum::Entity::find().filter(minutes_corrigendum::Column::MinutesId.eq(m.id)).count(&txn).await? as i32 + 1;
    minutes_corrigendum::ActiveModel {
        minutes_id: Set(m.id),
        number: Set(number),
        body_md: Set(body.as_str().into()),
        body_html: Set(markdown::render(body.as_str())),
        issued_by: Set(Some(actor.id)),
        issued_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(
        &txn,
        actor,
        "minutes.corrigendum",
        meeting_id,
        format!("Issued corrigendum {number}"),
        json!({ "number": number, "body": body.as_str() }),
    )
    .await?;
    crate::features::search::service::index_meeting(&txn, meeting_id).await?;
    txn.commit().await?;
    Ok(number)
}

#[cfg(test)]
mod tests {
    use super::analyse;
    use crate::domain::minutes::mark_passages;
    use crate::domain::PassageKind;

    #[test]
    fn only_top_level_paragraphs_are_passages_and_html_numbers_them_alike() {
        let md = "Intro.\n\n[Decision] The meeting adopted the agenda.\n\n- a\n\n- [decision] in a loose list\n\n> [decision] quoted\n\n    [decision] indented code\n\n```\n\n[decision] fenced\n```\n\n[recommendation]\nMember states should share data.\n\n\\[decision] escaped\n\n[decision]\n\nsmuggled \u{E002}decision\u{E003} sentinel";
        let (clean, rendered, passages) = analyse(md);
        assert_eq!(
            passages,
            vec![
                (PassageKind::Decision, "The meeting adopted the agenda.".to_string()),
                (PassageKind::Recommendation, "Member states should share data.".to_string()),
            ]
        );
        assert!(!clean.contains('\u{E002}'), "users cannot write sentinels");
        let html = crate::ssr::markdown::render(&rendered);
        let marked = mark_passages(&html, 3, |k| if k == PassageKind::Decision { "Decision" } else { "Recommendation" });
        assert_eq!(marked.matches("class=\"passage ").count(), 2, "{marked}");
        assert!(marked.contains("id=\"passage-3-1\"><strong class=\"passage-label\">Decision</strong> The meeting adopted"), "{marked}");
        assert!(marked.contains("id=\"passage-3-2\"><strong class=\"passage-label\">Recommendation</strong> Member states"), "{marked}");
        assert!(!marked.contains('\u{E002}'));
    }
}
