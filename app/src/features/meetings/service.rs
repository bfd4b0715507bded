//! Meeting business logic.

use super::types::{MeetingDetail, MeetingForm, MeetingLists, MeetingSummary};
use crate::domain::{
    optional_text, parse_date, parse_id, required_text, CountryCode, ErrorCode, FieldError, FieldErrors, Lang, LanguageSet, Markdown,
    MeetingKind, MeetingStatus,
};
use crate::domain::{timezone_label, CurrentUser};
use crate::features::translations::service as tr;
use crate::ssr::access::{find_visible, is_secretariat};
use crate::ssr::audit::{self, json_diff, Entry};
use crate::ssr::entities::{agenda_revision, agenda_session, content_translation, meeting};
use crate::ssr::error::{ServiceError, ServiceResult};
use crate::ssr::markdown;
use crate::ssr::write::claim_version;
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;
use std::collections::HashMap;

/// A meeting form that passed validation.
#[derive(Debug)]
pub struct ValidMeeting {
    pub kind: MeetingKind,
    pub title: String,
    pub description: Markdown,
    pub venue: String,
    pub city: String,
    pub host_country: CountryCode,
    pub timezone: chrono_tz::Tz,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub languages: LanguageSet,
    pub chair: String,
    pub co_organisers: Vec<String>,
    pub source_lang: Lang,
}

pub fn parse_timezone(field: &str, raw: &str) -> Result<chrono_tz::Tz, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    raw.parse::<chrono_tz::Tz>().map_err(|_| FieldError::new(field, ErrorCode::InvalidTimezone))
}

/// Parses the whole form, reporting every bad field at once.
pub fn parse_form(form: &MeetingForm) -> Result<ValidMeeting, FieldErrors> {
    let mut e = FieldErrors::new();
    let kind = e.take(MeetingKind::parse("kind", &form.kind));
    let title = e.take(required_text("title", &form.title, 200));
    let description = e.take(Markdown::parse("description", &form.description));
    let venue = e.take(required_text("venue", &form.venue, 200));
    let city = e.take(required_text("city", &form.city, 100));
    let host_country = e.take(CountryCode::parse("host_country", &form.host_country));
    // Left empty: the host country's (its capital's) zone.
    let zone = match (form.timezone.trim(), host_country) {
        ("", Some(c)) => c.time_zone(),
        (raw, _) => raw,
    };
    let timezone = e.take(parse_timezone("timezone", zone));
    let start_date = e.take(parse_date("start_date", &form.start_date));
    let end_date = e.take(parse_date("end_date", &form.end_date));
    if let (Some(s), Some(en)) = (start_date, end_date) {
        if en < s {
            e.push("end_date", ErrorCode::EndBeforeStart);
        } else if (en - s).num_days() > 30 {
            e.push("end_date", ErrorCode::TooLong { max: 31 });
        }
    }
    let languages = e.take(LanguageSet::new(form.lang_en.is_some(), form.lang_fr.is_some(), form.lang_pt.is_some(), "languages"));
    let chair = e.take(optional_text("chair", &form.chair, 200));
    let co_organisers = e.take(
        form.co_organisers
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| required_text("co_organisers", l, 200))
            .collect::<Result<Vec<_>, _>>(),
    );
    if co_organisers.as_ref().is_some_and(|c| c.len() > 20) {
        e.push("co_organisers", ErrorCode::TooLong { max: 20 });
    }
    let source_lang = match (form.source_lang.trim(), &languages) {
        ("", Some(l)) => Some(if l.en { Lang::En } else { l.langs().next().unwrap_or_default() }),
        ("", None) => None,
        (raw, langs) => match Lang::from_code(raw) {
            None => {
                e.push("source_lang", ErrorCode::InvalidChoice);
                None
            }
            Some(lang) if langs.as_ref().is_some_and(|l| !l.langs().any(|x| x == lang)) => {
                e.push("source_lang", ErrorCode::NotWorkingLanguage);
                None
            }
            Some(lang) => Some(lang),
        },
    };
    e.clone().finish()?;
    let source_lang = source_lang.unwrap_or_default();
    match (kind, title, description, venue, city, host_country, timezone, start_date, end_date, languages, chair, co_organisers) {
        (
            Some(kind),
            Some(title),
            Some(description),
            Some(venue),
            Some(city),
            Some(host_country),
            Some(timezone),
            Some(start_date),
            Some(end_date),
            Some(languages),
            Some(chair),
            Some(co_organisers),
        ) => Ok(ValidMeeting {
            kind,
            title,
            description,
            venue,
            city,
            host_country,
            timezone,
            start_date,
            end_date,
            languages,
            chair,
            co_organisers,
            source_lang,
        }),
        _ => Err(e),
    }
}

fn summary(m: &meeting::Model) -> Option<MeetingSummary> {
    Some(MeetingSummary {
        id: m.id,
        kind: m.kind,
        title: m.title.clone(),
        city: m.city.clone(),
        host_country: CountryCode::parse("host_country", &m.host_country).ok()?,
        start_date: m.start_date,
        end_date: m.end_date,
        status: m.status,
        source_lang: tr::source_lang(m),
        original_lang: None,
    })
}

/// Meetings the viewer may see, split into upcoming (not yet ended), past and drafts.
pub async fn list(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, today: NaiveDate) -> ServiceResult<MeetingLists> {
    let rows = meeting::Entity::find().order_by_asc(meeting::Column::StartDate).order_by_asc(meeting::Column::Id).all(db).await?;
    let secretariat = is_secretariat(viewer);
    let mut lists = MeetingLists { upcoming: vec![], past: vec![], drafts: vec![], can_create: secretariat };
    for m in rows.iter().filter_map(summary) {
        if m.status == MeetingStatus::Draft {
            if secretariat {
                lists.drafts.push(m);
            }
        } else if m.end_date >= today {
            lists.upcoming.push(m);
        } else {
            lists.past.push(m);
        }
    }
    lists.past.reverse();
    Ok(lists)
}

pub async fn latest_revision_number(db: &impl ConnectionTrait, meeting_id: i32) -> ServiceResult<Option<i32>> {
    let n: Option<Option<i32>> = agenda_revision::Entity::find()
        .select_only()
        .column_as(agenda_revision::Column::Number.max(), "n")
        .filter(agenda_revision::Column::MeetingId.eq(meeting_id))
        .into_tuple()
        .one(db)
        .await?;
    Ok(n.flatten())
}

pub async fn detail(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, id: i32) -> ServiceResult<MeetingDetail> {
    let m = find_visible(db, viewer, id).await?;
    let s = summary(&m).ok_or_else(|| ServiceError::Internal(format!("meeting {id} has invalid stored values")))?;
    let can_edit = is_secretariat(viewer);
    Ok(MeetingDetail {
        id: m.id,
        kind: s.kind,
        timezone_label: timezone_label(&m.timezone, m.start_date),
        description_md: m.description_md,
        description_html: m.description_html.clone(),
        venue: m.venue,
        city: m.city,
        host_country: s.host_country,
        timezone: m.timezone,
        start_date: m.start_date,
        end_date: m.end_date,
        languages: LanguageSet::from_db(&m.languages),
        status: s.status,
        chair: m.chair,
        co_organisers: m.co_organisers.lines().filter(|l| !l.is_empty()).map(str::to_string).collect(),
        version: m.version,
        next_statuses: if can_edit { s.status.next_options() } else { vec![] },
        can_edit,
        agenda_revision: latest_revision_number(db, id).await?,
        source_lang: s.source_lang,
        shown_title: m.title.clone(),
        shown_description_html: m.description_html.clone(),
        original_lang: None,
        title: m.title,
    })
}

fn apply(am: &mut meeting::ActiveModel, v: &ValidMeeting) {
    am.kind = Set(v.kind);
    am.title = Set(v.title.clone());
    am.description_md = Set(v.description.as_str().into());
    am.description_html = Set(markdown::render(v.description.as_str()));
    am.venue = Set(v.venue.clone());
    am.city = Set(v.city.clone());
    am.host_country = Set(v.host_country.code().into());
    am.timezone = Set(v.timezone.name().into());
    am.start_date = Set(v.start_date);
    am.end_date = Set(v.end_date);
    am.languages = Set(v.languages.to_db());
    am.chair = Set(v.chair.clone());
    am.co_organisers = Set(v.co_organisers.join("\n"));
    am.source_lang = Set(v.source_lang);
    am.updated_at = Set(Utc::now());
}

fn audit_view(m: &meeting::Model) -> serde_json::Value {
    json!({
        "kind": m.kind, "title": m.title, "description": m.description_md, "venue": m.venue, "city": m.city,
        "host_country": m.host_country, "timezone": m.timezone, "start_date": m.start_date.to_string(),
        "end_date": m.end_date.to_string(), "languages": m.languages, "status": m.status, "chair": m.chair,
        "co_organisers": m.co_organisers, "source_lang": m.source_lang,
    })
}

/// Creates a draft meeting.
pub async fn create(db: &DatabaseConnection, actor: &CurrentUser, form: &MeetingForm) -> ServiceResult<i32> {
    crate::ssr::access::require_secretariat(actor)?;
    let v = parse_form(form)?;
    let txn = crate::ssr::write_txn(db).await?;
    let now = Utc::now();
    let mut am = meeting::ActiveModel { status: Set(MeetingStatus::Draft), version: Set(1), created_at: Set(now), ..Default::default() };
    apply(&mut am, &v);
    let m = am.insert(&txn).await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "meeting.create",
            entity: "meeting",
            entity_id: Some(m.id),
            summary: format!("Created meeting \u{201c}{}\u{201d}", m.title),
            detail: audit_view(&m),
        },
    )
    .await?;
    crate::features::search::service::index_meeting(&txn, m.id).await?;
    txn.commit().await?;
    Ok(m.id)
}

fn parse_version(raw: &str) -> ServiceResult<i32> {
    raw.trim().parse().map_err(|_| ServiceError::Validation(FieldError::new("version", ErrorCode::Required).into()))
}

/// Updates a meeting if nobody else changed it since `form.version` was read.
pub async fn update(db: &DatabaseConnection, actor: &CurrentUser, form: &MeetingForm) -> ServiceResult<i32> {
    crate::ssr::access::require_secretariat(actor)?;
    let id = parse_id(&form.id).ok_or(ServiceError::NotFound)?;
    let version = parse_version(&form.version)?;
    let v = parse_form(form)?;
    let txn = crate::ssr::write_txn(db).await?;
    let before = meeting::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    // Sessions must stay inside the meeting dates.
    let outside = agenda_session::Entity::find()
        .filter(agenda_session::Column::MeetingId.eq(id))
        .filter(agenda_session::Column::Day.lt(v.start_date).or(agenda_session::Column::Day.gt(v.end_date)))
        .one(&txn)
        .await?;
    if let Some(s) = outside {
        let field = if s.day < v.start_date { "start_date" } else { "end_date" };
        return Err(FieldError::new(field, ErrorCode::OutsideMeetingDates).into());
    }
    let mut am = <meeting::ActiveModel as Default>::default();
    apply(&mut am, &v);
    let update = meeting::Entity::update_many().set(am).filter(meeting::Column::Id.eq(id));
    claim_version(&txn, update, meeting::Column::Version, version, format!("meeting {id}")).await?;
    let after = meeting::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "meeting.update",
            entity: "meeting",
            entity_id: Some(id),
            summary: format!("Updated meeting \u{201c}{}\u{201d}", after.title),
            detail: json_diff(&audit_view(&before), &audit_view(&after)),
        },
    )
    .await?;
    crate::features::search::service::index_meeting(&txn, id).await?;
    txn.commit().await?;
    Ok(id)
}

/// Moves a meeting to another status, if the transition is legal and nobody changed it meanwhile.
pub async fn transition(db: &DatabaseConnection, actor: &CurrentUser, id: i32, version: &str, to: &str) -> ServiceResult<MeetingStatus> {
    crate::ssr::access::require_secretariat(actor)?;
    let version = parse_version(version)?;
    let to = MeetingStatus::parse("to", to)?;
    let txn = crate::ssr::write_txn(db).await?;
    let m = meeting::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let from = m.status;
    if !from.can_become(to) {
        return Err(FieldError::new("to", ErrorCode::IllegalTransition { from: from.as_str().into(), to: to.as_str().into() }).into());
    }
    let update = meeting::Entity::update_many()
        .col_expr(meeting::Column::Status, Expr::value(to))
        .col_expr(meeting::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(meeting::Column::Id.eq(id));
    claim_version(&txn, update, meeting::Column::Version, version, format!("meeting {id}")).await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "meeting.status",
            entity: "meeting",
            entity_id: Some(id),
            summary: format!("\u{201c}{}\u{201d}: {} \u{2192} {}", m.title, from.as_str(), to.as_str()),
            detail: json!({ "status": [from.as_str(), to.as_str()] }),
        },
    )
    .await?;
    crate::features::search::service::index_meeting(&txn, id).await?;
    txn.commit().await?;
    Ok(to)
}

/// The meeting page in the reader's language.
pub async fn localise_detail(db: &impl ConnectionTrait, d: &mut MeetingDetail, lang: Lang) -> ServiceResult<()> {
    let l = tr::Localiser::load(db, d.id, d.source_lang, lang).await?;
    let (title, t_orig) = l.text(tr::MEETING, d.id, &d.title);
    let (html, d_orig) = l.html(tr::MEETING, d.id, &d.description_md, &d.description_html);
    d.shown_title = title;
    d.shown_description_html = html;
    d.original_lang = l.original(t_orig || d_orig);
    Ok(())
}

/// Meeting lists in the reader's language (titles), with one query.
pub async fn localise_lists(db: &impl ConnectionTrait, lists: &mut MeetingLists, lang: Lang) -> ServiceResult<()> {
    let rows = content_translation::Entity::find()
        .filter(content_translation::Column::Entity.eq(tr::MEETING))
        .filter(content_translation::Column::Field.eq(tr::TITLE))
        .filter(content_translation::Column::Lang.eq(lang.code()))
        .all(db)
        .await?;
    let by_id: HashMap<i32, content_translation::Model> = rows.into_iter().map(|r| (r.entity_id, r)).collect();
    for m in lists.upcoming.iter_mut().chain(lists.past.iter_mut()).chain(lists.drafts.iter_mut()) {
        if m.source_lang == lang {
            continue;
        }
        match by_id.get(&m.id).filter(|r| r.source_digest == tr::digest(&m.title)) {
            Some(r) => m.title = r.text_md.clone(),
            None => m.original_lang = Some(m.source_lang),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> MeetingForm {
        MeetingForm {
            kind: "ministerial_conference".into(),
            title: "MIDSA Ministerial Conference".into(),
            venue: "JNICC".into(),
            city: "Dar es Salaam".into(),
            host_country: "TZ".into(),
            timezone: "Africa/Dar_es_Salaam".into(),
            start_date: "2026-12-07".into(),
            end_date: "2026-12-09".into(),
            lang_en: Some("on".into()),
            ..Default::default()
        }
    }

    #[test]
    fn valid_form_parses() {
        let v = parse_form(&form()).unwrap();
        assert_eq!(v.timezone, chrono_tz::Africa::Dar_es_Salaam);
        assert_eq!(v.languages.to_db(), "en");
    }

    #[test]
    fn every_bad_field_is_reported() {
        let f = MeetingForm {
            title: " ".into(),
            timezone: "Mars/Olympus".into(),
            host_country: "KE".into(),
            end_date: "2026-12-01".into(),
            lang_en: None,
            kind: "party".into(),
            ..form()
        };
        let errs = parse_form(&f).unwrap_err();
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["kind", "title", "host_country", "timezone", "end_date", "languages"]);
        assert_eq!(errs.get("end_date").unwrap().code, ErrorCode::EndBeforeStart);
    }
}
