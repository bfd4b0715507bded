//! Plan of Action logic. A meeting has at most one plan; its recommendations are the
//! meeting's `recommendation` rows (those made from adopted minutes included).
//!
//! Who reads what: a draft plan is the secretariat's; an adopted plan is read by everyone who
//! sees the meeting. Until adoption the secretariat edits recommendations freely; afterwards
//! every change is an amendment with a date and a reason, and the recommendation's version
//! goes up.

use super::table::{self, Row, HEADER};
use super::types::{
    AmendmentView, CycleForm, CycleSummary, PlanPageData, PlanStepForm, PlanView, RecommendationForm, RecommendationView, Theme, ThemeForm,
};
use crate::domain::plan::{indicators_to_lines, parse_bodies, parse_code, parse_frameworks, parse_indicators, Indicator};
use crate::domain::CurrentUser;
use crate::domain::{
    optional_text, parse_date, parse_id, required_text, ErrorCode, FieldError, FieldErrors, Lang, Level, Markdown, PassageKind, PlanStatus,
    States,
};
use crate::ssr::access::find_visible;
use crate::ssr::audit::{self, Entry};
use crate::ssr::entities::{cycle_recommendation, plan, plan_theme, recommendation, recommendation_amendment, reporting_cycle};
use crate::ssr::error::{ServiceError, ServiceResult};
use crate::ssr::markdown;
use crate::ssr::write::{claim_version, on_unique_violation};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use std::collections::HashMap;

/// Two saves of the same code at once (PostgreSQL): the unique index refuses the second.
fn duplicate_code(e: sea_orm::DbErr) -> ServiceError {
    on_unique_violation(e, |_| FieldError::new("code", ErrorCode::DuplicateCode).into())
}

use crate::ssr::access::require_secretariat as secretariat_only;

pub async fn find_plan(db: &impl ConnectionTrait, meeting_id: i32) -> ServiceResult<Option<plan::Model>> {
    Ok(plan::Entity::find().filter(plan::Column::MeetingId.eq(meeting_id)).one(db).await?)
}

/// The meeting's plan, created (as a draft) when the first recommendation is written.
async fn ensure_plan(db: &impl ConnectionTrait, meeting_id: i32, now: DateTime<Utc>) -> ServiceResult<plan::Model> {
    if let Some(p) = find_plan(db, meeting_id).await? {
        return Ok(p);
    }
    Ok(plan::ActiveModel {
        meeting_id: Set(meeting_id),
        status: Set(PlanStatus::Draft),
        adopted_on: Set(None),
        public_status: Set(false),
        public_narratives: Set(false),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

pub async fn themes(db: &impl ConnectionTrait, lang: Lang) -> ServiceResult<Vec<Theme>> {
    Ok(plan_theme::Entity::find()
        .order_by_asc(plan_theme::Column::Position)
        .order_by_asc(plan_theme::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|t| Theme {
            name: match lang {
                Lang::En => t.name_en,
                Lang::Fr => t.name_fr,
                Lang::Pt => t.name_pt,
            },
            code: t.code,
        })
        .collect())
}

/// Whether the viewer may read the plan's recommendations.
pub fn may_read_plan(p: &plan::Model, viewer: Option<&CurrentUser>) -> bool {
    p.status == PlanStatus::Adopted || viewer.is_some_and(CurrentUser::is_secretariat)
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',').map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
}

pub fn view_of(r: &recommendation::Model, themes: &[Theme], lang: Lang, amendments: Vec<AmendmentView>) -> RecommendationView {
    let (html, untranslated) = match lang {
        Lang::Fr if !r.text_fr_md.trim().is_empty() => (r.text_fr_html.clone(), false),
        Lang::Pt if !r.text_pt_md.trim().is_empty() => (r.text_pt_html.clone(), false),
        Lang::En => (r.text_html.clone(), false),
        _ => (r.text_html.clone(), true),
    };
    RecommendationView {
        id: r.id,
        code: r.code.clone(),
        heading: r.heading.clone(),
        text_html: html,
        untranslated,
        text_md: r.text_md.clone(),
        text_fr_md: r.text_fr_md.clone(),
        text_pt_md: r.text_pt_md.clone(),
        theme: r.theme.clone(),
        theme_name: themes.iter().find(|t| t.code == r.theme).map(|t| t.name.clone()).unwrap_or_else(|| r.theme.clone()),
        level: r.level,
        states: States::from_db(&r.states),
        bodies: split_list(&r.bodies),
        target_date: r.target_date,
        indicators: serde_json::from_str::<Vec<Indicator>>(&r.indicators).unwrap_or_default(),
        frameworks: split_list(&r.frameworks),
        origin: match (r.origin_section_id, r.origin_passage, &r.origin_profile) {
            (Some(s), Some(n), _) => Some(format!("/meetings/{}/minutes#passage-{s}-{n}", r.meeting_id)),
            (_, _, Some(edition)) => Some(format!("/profiles/{edition}#recommendations")),
            _ => None,
        },
        version: r.version,
        amendments,
    }
}

pub use recommendation::sort_in_plan_order as sort_recommendations;

/// The recommendations of an adopted plan that are part of it (a draft made later by adopted
/// minutes is not, until the secretariat completes it as an amendment).
pub async fn adopted_recommendations_of(db: &impl ConnectionTrait, meeting_id: i32) -> ServiceResult<Vec<recommendation::Model>> {
    Ok(recommendations_of(db, meeting_id).await?.into_iter().filter(|r| r.status == PlanStatus::Adopted).collect())
}

pub async fn recommendations_of(db: &impl ConnectionTrait, meeting_id: i32) -> ServiceResult<Vec<recommendation::Model>> {
    let mut list = recommendation::Entity::find().filter(recommendation::Column::MeetingId.eq(meeting_id)).all(db).await?;
    sort_recommendations(&mut list);
    Ok(list)
}

pub fn cycle_summary(c: &reporting_cycle::Model, today: NaiveDate, recommendations: usize) -> CycleSummary {
    CycleSummary {
        id: c.id,
        title: c.title.clone(),
        opens_on: c.opens_on,
        due_on: c.due_on,
        closed_at: c.closed_at,
        open: c.closed_at.is_none() && c.opens_on <= today,
        recommendations,
    }
}

/// `/meetings/{id}/plan`
pub async fn page(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
    lang: Lang,
    now: DateTime<Utc>,
) -> ServiceResult<PlanPageData> {
    let mt = find_visible(db, viewer, meeting_id).await?;
    let secretariat = viewer.is_some_and(CurrentUser::is_secretariat);
    let themes = themes(db, lang).await?;
    let today = crate::domain::venue_today(&mt.timezone, now);
    let mut data = PlanPageData {
        meeting_id,
        meeting_title: mt.title.clone(),
        plan: None,
        is_secretariat: secretariat,
        themes: themes.clone(),
        recommendations: vec![],
        cycles: vec![],
        today,
    };
    let p = find_plan(db, meeting_id).await?;
    // Drafts made from adopted minutes exist before the plan does: the secretariat sees them.
    if let Some(p) = &p {
        if !may_read_plan(p, viewer) {
            return Ok(data);
        }
        data.plan = Some(PlanView {
            id: p.id,
            status: p.status,
            adopted_on: p.adopted_on,
            public_status: p.public_status,
            public_narratives: p.public_narratives,
            version: p.version,
        });
        let cycles = reporting_cycle::Entity::find()
            .filter(reporting_cycle::Column::PlanId.eq(p.id))
            .order_by_desc(reporting_cycle::Column::OpensOn)
            .order_by_desc(reporting_cycle::Column::Id)
            .all(db)
            .await?;
        let counts = cycle_sizes(db, &cycles.iter().map(|c| c.id).collect::<Vec<_>>()).await?;
        data.cycles = cycles.iter().map(|c| cycle_summary(c, today, counts.get(&c.id).copied().unwrap_or(0))).collect();
    } else if !secretariat {
        return Ok(data);
    }
    let recs = if secretariat { recommendations_of(db, meeting_id).await? } else { adopted_recommendations_of(db, meeting_id).await? };
    let amendments = recommendation_amendment::Entity::find()
        .filter(recommendation_amendment::Column::RecommendationId.is_in(recs.iter().map(|r| r.id).collect::<Vec<_>>()))
        .order_by_asc(recommendation_amendment::Column::Number)
        .all(db)
        .await?;
    data.recommendations = recs
        .iter()
        .map(|r| {
            let am = amendments.iter().filter(|a| a.recommendation_id == r.id).map(amendment_view).collect();
            view_of(r, &themes, lang, am)
        })
        .collect();
    Ok(data)
}

fn amendment_view(a: &recommendation_amendment::Model) -> AmendmentView {
    let before: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&a.before_json).unwrap_or_default();
    let after: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&a.after_json).unwrap_or_default();
    let s = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    AmendmentView {
        number: a.number,
        amended_on: a.amended_on,
        reason: a.reason.clone(),
        author: a.author.clone(),
        changes: after.keys().map(|k| (k.clone(), s(before.get(k)), s(after.get(k)))).collect(),
    }
}

/// A recommendation's fields, parsed: every problem reported at once, under the form's field names.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub code: String,
    pub heading: String,
    pub text: Markdown,
    pub text_fr: String,
    pub text_pt: String,
    pub theme: String,
    pub level: Level,
    pub states: States,
    pub bodies: Vec<String>,
    pub target_date: Option<NaiveDate>,
    pub indicators: Vec<Indicator>,
    pub frameworks: Vec<String>,
}

pub fn parse_form(form: &RecommendationForm, theme_codes: &[String]) -> Result<Parsed, FieldErrors> {
    let mut e = FieldErrors::new();
    let code = e.take(parse_code("code", &form.code));
    let heading = e.take(optional_text("heading", &form.heading, 200));
    let text = e.take(Markdown::parse("text", &form.text).and_then(|m| {
        if m.as_str().is_empty() {
            Err(FieldError::new("text", ErrorCode::Required))
        } else {
            Ok(m)
        }
    }));
    let text_fr = e.take(optional_text("text_fr", &form.text_fr, Markdown::MAX));
    let text_pt = e.take(optional_text("text_pt", &form.text_pt, Markdown::MAX));
    let theme = form.theme.trim().to_string();
    if theme.is_empty() {
        e.push("theme", ErrorCode::Required);
    } else if !theme_codes.contains(&theme) {
        e.push("theme", ErrorCode::InvalidChoice);
    }
    let level = e.take(Level::parse("level", &form.level));
    let states = e.take(States::parse("states", &form.states));
    let bodies = e.take(parse_bodies("bodies", &form.bodies));
    let target_date =
        if form.target_date.trim().is_empty() { Some(None) } else { e.take(parse_date("target_date", &form.target_date)).map(Some) };
    let indicators = e.take(parse_indicators("indicators", &form.indicators));
    let frameworks = e.take(parse_frameworks("frameworks", &form.frameworks));
    if let (Some(s), Some(b)) = (&states, &bodies) {
        if s.is_empty() && b.is_empty() {
            e.push("states", ErrorCode::ResponsibleRequired);
        }
    }
    e.finish()?;
    match (code, heading, text, text_fr, text_pt, level, states, bodies, target_date, indicators, frameworks) {
        (
            Some(code),
            Some(heading),
            Some(text),
            Some(text_fr),
            Some(text_pt),
            Some(level),
            Some(states),
            Some(bodies),
            Some(target_date),
            Some(indicators),
            Some(frameworks),
        ) => Ok(Parsed { code, heading, text, text_fr, text_pt, theme, level, states, bodies, target_date, indicators, frameworks }),
        _ => Err(FieldErrors(vec![FieldError::new("form", ErrorCode::Required)])),
    }
}

/// Whether every tie of `indicators` to a profile indicator names one of the set's `known`
/// codes (code, archived) that is in use or was already tied before (`had`).
fn ties_allowed(indicators: &[Indicator], known: &[(String, bool)], had: &[String]) -> bool {
    indicators
        .iter()
        .filter(|i| !i.profile.is_empty())
        .all(|i| known.iter().any(|(code, archived)| *code == i.profile && (!archived || had.contains(code))))
}

/// The stored fields that amendments compare.
fn snapshot(r: &recommendation::Model) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    for (k, v) in [
        ("code", &r.code),
        ("heading", &r.heading),
        ("text", &r.text_md),
        ("text_fr", &r.text_fr_md),
        ("text_pt", &r.text_pt_md),
        ("theme", &r.theme),
        ("level", &r.level.as_str().to_owned()),
        ("states", &r.states),
        ("bodies", &r.bodies),
        ("indicators", &indicators_to_lines(&serde_json::from_str::<Vec<Indicator>>(&r.indicators).unwrap_or_default())),
        ("frameworks", &r.frameworks),
    ] {
        m.insert(k.into(), json!(v));
    }
    m.insert("target_date".into(), json!(r.target_date.map(|d| d.to_string()).unwrap_or_default()));
    m
}

fn apply(am: &mut recommendation::ActiveModel, p: &Parsed, position: i32) {
    am.code = Set(p.code.clone());
    am.heading = Set(p.heading.clone());
    am.text_html = Set(markdown::render(p.text.as_str()));
    am.text_md = Set(p.text.as_str().to_string());
    am.text_fr_html = Set(if p.text_fr.is_empty() { String::new() } else { markdown::render(&p.text_fr) });
    am.text_fr_md = Set(p.text_fr.clone());
    am.text_pt_html = Set(if p.text_pt.is_empty() { String::new() } else { markdown::render(&p.text_pt) });
    am.text_pt_md = Set(p.text_pt.clone());
    am.theme = Set(p.theme.clone());
    am.level = Set(p.level);
    am.states = Set(p.states.to_db());
    am.bodies = Set(p.bodies.join(","));
    am.target_date = Set(p.target_date);
    am.indicators = Set(serde_json::to_string(&p.indicators).unwrap_or_else(|_| "[]".into()));
    am.frameworks = Set(p.frameworks.join(","));
    am.position = Set(position);
}

/// The position that keeps recommendations under the same heading together: the heading's
/// existing position, or after the last one.
fn position_for(existing: &[recommendation::Model], heading: &str, except: Option<i32>) -> i32 {
    existing
        .iter()
        .filter(|r| Some(r.id) != except && r.heading == heading)
        .map(|r| r.position)
        .min()
        .unwrap_or_else(|| existing.iter().filter(|r| Some(r.id) != except).map(|r| r.position).max().unwrap_or(0) + 1)
}

async fn theme_codes(db: &impl ConnectionTrait) -> ServiceResult<Vec<String>> {
    Ok(plan_theme::Entity::find().all(db).await?.into_iter().map(|t| t.code).collect())
}

/// Creates or edits a recommendation (secretariat). Before adoption an edit replaces the text
/// (optimistic locking on `version`); after adoption it is an amendment with a reason.
pub async fn save_recommendation(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    form: &RecommendationForm,
    now: DateTime<Utc>,
) -> ServiceResult<i32> {
    secretariat_only(actor)?;
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let txn = crate::ssr::write_txn(db).await?;
    let mt = find_visible(&txn, Some(actor), meeting_id).await?;
    let parsed = parse_form(form, &theme_codes(&txn).await?)?;
    // Ties to the migration profiles: to an indicator in use, or one the recommendation was
    // already tied to (archived since).
    let known = crate::features::profiles::service::indicator_codes(&txn).await?;
    let had: Vec<String> = match parse_id(&form.id) {
        Some(id) => recommendation::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .map(|r| serde_json::from_str::<Vec<Indicator>>(&r.indicators).unwrap_or_default().into_iter().map(|i| i.profile).collect())
            .unwrap_or_default(),
        None => vec![],
    };
    if !ties_allowed(&parsed.indicators, &known, &had) {
        return Err(FieldError::new("indicators", ErrorCode::InvalidIndicator).into());
    }
    let p = ensure_plan(&txn, meeting_id, now).await?;
    let adopted = p.status == PlanStatus::Adopted;
    let existing = recommendations_of(&txn, meeting_id).await?;
    let id = if form.id.trim().is_empty() { None } else { Some(parse_id(&form.id).ok_or(ServiceError::NotFound)?) };
    if existing.iter().any(|r| Some(r.id) != id && r.code == parsed.code) {
        return Err(FieldError::new("code", ErrorCode::DuplicateCode).into());
    }
    let reason = if adopted { Some(required_text("reason", &form.reason, 2000)?) } else { None };
    let position = position_for(&existing, &parsed.heading, id);
    let rec_id = match id {
        None => {
            let mut am = recommendation::ActiveModel {
                meeting_id: Set(meeting_id),
                kind: Set(PassageKind::Recommendation),
                status: Set(if adopted { PlanStatus::Adopted } else { PlanStatus::Draft }),
                origin_agenda_item_id: Set(None),
                origin_section_id: Set(None),
                origin_passage: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            };
            apply(&mut am, &parsed, position);
            let r = am.insert(&txn).await.map_err(duplicate_code)?;
            if let Some(reason) = &reason {
                // Added after adoption: recorded as amendment 1 of the new recommendation.
                let after = snapshot(&r);
                record_amendment(&txn, actor, r.id, 1, now.date_naive(), reason, serde_json::Map::new(), after, now).await?;
            }
            audit::record(
                &txn,
                Some(actor),
                Entry {
                    action: "recommendation.create",
                    entity: "recommendation",
                    entity_id: Some(r.id),
                    summary: format!("Added recommendation {} to the plan of {}", r.code, mt.title),
                    detail: json!({ "meeting_id": meeting_id, "code": r.code }),
                },
            )
            .await?;
            r.id
        }
        Some(id) => {
            let r = existing.iter().find(|r| r.id == id).ok_or(ServiceError::NotFound)?.clone();
            // The form must carry the version just read (a stale or missing one claims nothing).
            let version = if form.version.trim().parse::<i32>().ok() == Some(r.version) { r.version } else { -1 };
            let claim = recommendation::Entity::update_many().filter(recommendation::Column::Id.eq(id));
            claim_version(&txn, claim, recommendation::Column::Version, version, format!("recommendation {id}")).await?;
            let before = snapshot(&r);
            let mut am: recommendation::ActiveModel = r.clone().into();
            apply(&mut am, &parsed, position);
            if adopted {
                // A draft made by minutes adopted after the plan joins it by this amendment.
                am.status = Set(PlanStatus::Adopted);
            }
            am.version = Set(r.version + 1);
            am.updated_at = Set(now);
            let updated = am.update(&txn).await.map_err(duplicate_code)?;
            let after = snapshot(&updated);
            let changed: serde_json::Map<String, serde_json::Value> =
                after.iter().filter(|(k, v)| before.get(*k) != Some(v)).map(|(k, v)| (k.clone(), v.clone())).collect();
            if let Some(reason) = &reason {
                if changed.is_empty() {
                    return Err(FieldError::new("form", ErrorCode::NothingToPublish).into());
                }
                let number = recommendation_amendment::Entity::find()
                    .filter(recommendation_amendment::Column::RecommendationId.eq(id))
                    .all(&txn)
                    .await?
                    .iter()
                    .map(|a| a.number)
                    .max()
                    .unwrap_or(0)
                    + 1;
                let before_changed = changed.keys().map(|k| (k.clone(), before.get(k).cloned().unwrap_or_default())).collect();
                record_amendment(&txn, actor, id, number, now.date_naive(), reason, before_changed, changed.clone(), now).await?;
            }
            audit::record(
                &txn,
                Some(actor),
                Entry {
                    action: if adopted { "recommendation.amend" } else { "recommendation.update" },
                    entity: "recommendation",
                    entity_id: Some(id),
                    summary: format!("{} recommendation {}", if adopted { "Amended" } else { "Edited" }, updated.code),
                    detail: json!({ "changed": changed.keys().collect::<Vec<_>>(), "reason": reason }),
                },
            )
            .await?;
            id
        }
    };
    crate::features::search::service::index_meeting(&txn, meeting_id).await?;
    txn.commit().await?;
    Ok(rec_id)
}

#[expect(clippy::too_many_arguments, reason = "one amendment row")]
async fn record_amendment(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    recommendation_id: i32,
    number: i32,
    on: NaiveDate,
    reason: &str,
    before: serde_json::Map<String, serde_json::Value>,
    after: serde_json::Map<String, serde_json::Value>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    recommendation_amendment::ActiveModel {
        recommendation_id: Set(recommendation_id),
        number: Set(number),
        amended_on: Set(on),
        reason: Set(reason.to_string()),
        before_json: Set(serde_json::Value::Object(before).to_string()),
        after_json: Set(serde_json::Value::Object(after).to_string()),
        user_id: Set(Some(actor.id)),
        author: Set(actor.display_name.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Removes a recommendation from a draft plan (after adoption, amend it instead).
pub async fn delete_recommendation(db: &DatabaseConnection, actor: &CurrentUser, id: i32) -> ServiceResult<i32> {
    secretariat_only(actor)?;
    let txn = crate::ssr::write_txn(db).await?;
    let r = recommendation::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if let Some(p) = find_plan(&txn, r.meeting_id).await? {
        if p.status == PlanStatus::Adopted {
            return Err(FieldError::new("form", ErrorCode::Locked).into());
        }
    }
    recommendation::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "recommendation.delete",
            entity: "recommendation",
            entity_id: Some(id),
            summary: format!("Removed recommendation {} from a draft plan", if r.code.is_empty() { "(no code)" } else { &r.code }),
            detail: json!({ "meeting_id": r.meeting_id }),
        },
    )
    .await?;
    crate::features::search::service::index_meeting(&txn, r.meeting_id).await?;
    txn.commit().await?;
    Ok(r.meeting_id)
}

/// Adopts the plan (every recommendation complete) or sets what the public sees.
pub async fn step(db: &DatabaseConnection, actor: &CurrentUser, form: &PlanStepForm, now: DateTime<Utc>) -> ServiceResult<PlanStatus> {
    secretariat_only(actor)?;
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let txn = crate::ssr::write_txn(db).await?;
    find_visible(&txn, Some(actor), meeting_id).await?;
    let p = ensure_plan(&txn, meeting_id, now).await?;
    // The form must carry the version just read (a stale or missing one claims nothing).
    let version = if form.version.trim().parse::<i32>().ok() == Some(p.version) { p.version } else { -1 };
    let claim = plan::Entity::update_many().filter(plan::Column::Id.eq(p.id));
    claim_version(&txn, claim, plan::Column::Version, version, format!("the plan of meeting {meeting_id}")).await?;
    let status = p.status;
    let mut am: plan::ActiveModel = p.clone().into();
    am.version = Set(p.version + 1);
    am.updated_at = Set(now);
    let result = match form.step.as_str() {
        "adopt" => {
            if status == PlanStatus::Adopted {
                return Err(FieldError::new("form", ErrorCode::WrongStep).into());
            }
            let on = parse_date("adopted_on", &form.adopted_on)?;
            let recs = recommendations_of(&txn, meeting_id).await?;
            if recs.is_empty() {
                return Err(FieldError::new("form", ErrorCode::NothingToPublish).into());
            }
            // Drafts from the minutes must first be given a code, theme and who is responsible.
            let codes = theme_codes(&txn).await?;
            if let Some(r) = recs.iter().find(|r| {
                parse_code("code", &r.code).is_err()
                    || !codes.contains(&r.theme)
                    || (States::from_db(&r.states).is_empty() && r.bodies.trim().is_empty())
            }) {
                return Err(ServiceError::Validation(FieldErrors(vec![FieldError::new(
                    "form",
                    ErrorCode::Incomplete { what: if r.code.is_empty() { format!("#{}", r.id) } else { r.code.clone() } },
                )])));
            }
            recommendation::Entity::update_many()
                .col_expr(recommendation::Column::Status, Expr::value(PlanStatus::Adopted))
                .filter(recommendation::Column::MeetingId.eq(meeting_id))
                .exec(&txn)
                .await?;
            am.status = Set(PlanStatus::Adopted);
            am.adopted_on = Set(Some(on));
            audit::record(
                &txn,
                Some(actor),
                Entry {
                    action: "plan.adopt",
                    entity: "plan",
                    entity_id: Some(p.id),
                    summary: format!("Adopted the Plan of Action ({} recommendations) on {on}", recs.len()),
                    detail: json!({ "meeting_id": meeting_id, "recommendations": recs.len() }),
                },
            )
            .await?;
            PlanStatus::Adopted
        }
        "publication" => {
            let (s, n) = (form.public_status.is_some(), form.public_narratives.is_some());
            am.public_status = Set(s || n);
            am.public_narratives = Set(n);
            audit::record(
                &txn,
                Some(actor),
                Entry {
                    action: "plan.publication",
                    entity: "plan",
                    entity_id: Some(p.id),
                    summary: format!("Public follow-up: statuses {}, narratives {}", s || n, n),
                    detail: json!({ "public_status": s || n, "public_narratives": n }),
                },
            )
            .await?;
            status
        }
        _ => return Err(ServiceError::NotFound),
    };
    am.update(&txn).await?;
    crate::features::search::service::index_meeting(&txn, meeting_id).await?;
    txn.commit().await?;
    Ok(result)
}

/// Adds a theme (secretariat).
pub async fn add_theme(db: &DatabaseConnection, actor: &CurrentUser, form: &ThemeForm) -> ServiceResult<String> {
    secretariat_only(actor)?;
    let mut e = FieldErrors::new();
    let code = form.code.trim().to_ascii_lowercase();
    if code.is_empty() {
        e.push("code", ErrorCode::Required);
    } else if code.len() > 30 || !code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        e.push("code", ErrorCode::InvalidCode);
    }
    let en = e.take(required_text("name_en", &form.name_en, 120));
    let fr = e.take(optional_text("name_fr", &form.name_fr, 120));
    let pt = e.take(optional_text("name_pt", &form.name_pt, 120));
    e.finish()?;
    let (Some(en), Some(fr), Some(pt)) = (en, fr, pt) else { return Err(ServiceError::Internal("theme form".into())) };
    let txn = crate::ssr::write_txn(db).await?;
    let all = plan_theme::Entity::find().all(&txn).await?;
    if all.iter().any(|t| t.code == code) {
        return Err(FieldError::new("code", ErrorCode::DuplicateCode).into());
    }
    plan_theme::ActiveModel {
        code: Set(code.clone()),
        name_fr: Set(if fr.is_empty() { en.clone() } else { fr }),
        name_pt: Set(if pt.is_empty() { en.clone() } else { pt }),
        name_en: Set(en.clone()),
        position: Set(all.iter().map(|t| t.position).max().unwrap_or(0) + 1),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "theme.create",
            entity: "plan_theme",
            entity_id: None,
            summary: format!("Added the theme {en}"),
            detail: json!({ "code": code }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(code)
}

/// Imports a plan's recommendations from CSV or XLSX (secretariat, draft plan). Every row is
/// checked first; if any row is invalid nothing is imported and every error is returned with
/// its row number (the header is row 1) and column.
pub async fn import(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    meeting_id: i32,
    file_name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> ServiceResult<usize> {
    secretariat_only(actor)?;
    let rows = table::read(file_name, bytes).map_err(|_| FieldError::new("file", ErrorCode::InvalidTable))?;
    let txn = crate::ssr::write_txn(db).await?;
    let mt = find_visible(&txn, Some(actor), meeting_id).await?;
    let p = ensure_plan(&txn, meeting_id, now).await?;
    if p.status == PlanStatus::Adopted {
        return Err(FieldError::new("file", ErrorCode::Locked).into());
    }
    let codes = theme_codes(&txn).await?;
    let mut existing = recommendations_of(&txn, meeting_id).await?;
    let mut errors = Vec::new();
    let mut parsed = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let known = crate::features::profiles::service::indicator_codes(db).await?;
    for (line, row) in rows.iter() {
        let line = *line;
        let form = row_form(row, meeting_id);
        // A code already in the plan or on an earlier row, whatever else is wrong with the row.
        let duplicate = parse_code("code", &form.code).ok().filter(|c| existing.iter().any(|r| &r.code == c) || seen.contains(c));
        if let Ok(c) = parse_code("code", &form.code) {
            seen.push(c);
        }
        if duplicate.is_some() {
            errors.push(FieldError::new(format!("row{line}.code"), ErrorCode::DuplicateCode));
        }
        match parse_form(&form, &codes) {
            // A tie to a profile indicator the set does not have.
            Ok(p) if !ties_allowed(&p.indicators, &known, &[]) => {
                errors.push(FieldError::new(format!("row{line}.indicators"), ErrorCode::InvalidIndicator));
            }
            Ok(p) if duplicate.is_none() => parsed.push((line, p)),
            Ok(_) => {}
            Err(FieldErrors(list)) => {
                errors.extend(list.into_iter().map(|e| FieldError::new(format!("row{line}.{}", table::column_of(&e.field)), e.code)))
            }
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Validation(FieldErrors(errors)));
    }
    for (_, p) in &parsed {
        let position = position_for(&existing, &p.heading, None);
        let mut am = recommendation::ActiveModel {
            meeting_id: Set(meeting_id),
            kind: Set(PassageKind::Recommendation),
            status: Set(PlanStatus::Draft),
            origin_agenda_item_id: Set(None),
            origin_section_id: Set(None),
            origin_passage: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        };
        apply(&mut am, p, position);
        existing.push(am.insert(&txn).await.map_err(duplicate_code)?);
    }
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "plan.import",
            entity: "plan",
            entity_id: Some(p.id),
            summary: format!(
                "Imported {} recommendations into the plan of {} from {}",
                parsed.len(),
                mt.title,
                // The uploaded name is the client's: no control characters, at most 200 characters.
                file_name.chars().map(|c| if c.is_control() { ' ' } else { c }).take(200).collect::<String>()
            ),
            detail: json!({ "meeting_id": meeting_id, "rows": parsed.len() }),
        },
    )
    .await?;
    crate::features::search::service::index_meeting(&txn, meeting_id).await?;
    txn.commit().await?;
    Ok(parsed.len())
}

fn row_form(row: &Row, meeting_id: i32) -> RecommendationForm {
    let get = |k: &str| row.get(k).cloned().unwrap_or_default();
    RecommendationForm {
        meeting_id: meeting_id.to_string(),
        code: get("code"),
        heading: get("heading"),
        text: get("text_en"),
        text_fr: get("text_fr"),
        text_pt: get("text_pt"),
        theme: get("theme"),
        level: get("level"),
        states: get("states"),
        bodies: get("bodies"),
        target_date: get("target_date"),
        indicators: get("indicators"),
        frameworks: get("frameworks"),
        ..Default::default()
    }
}

fn export_rows(recs: &[recommendation::Model]) -> Vec<Vec<String>> {
    recs.iter()
        .map(|r| {
            vec![
                r.code.clone(),
                r.heading.clone(),
                r.theme.clone(),
                r.level.as_str().to_owned(),
                r.states.clone(),
                r.bodies.clone(),
                r.target_date.map(|d| d.to_string()).unwrap_or_default(),
                indicators_to_lines(&serde_json::from_str::<Vec<Indicator>>(&r.indicators).unwrap_or_default()),
                r.frameworks.clone(),
                r.text_md.clone(),
                r.text_fr_md.clone(),
                r.text_pt_md.clone(),
            ]
        })
        .collect()
}

/// The plan's recommendations as CSV (the import template's columns), for whoever may read the plan.
pub async fn export(db: &impl ConnectionTrait, viewer: Option<&CurrentUser>, meeting_id: i32, xlsx: bool) -> ServiceResult<Vec<u8>> {
    find_visible(db, viewer, meeting_id).await?;
    let p = find_plan(db, meeting_id).await?.ok_or(ServiceError::NotFound)?;
    if !may_read_plan(&p, viewer) {
        return Err(ServiceError::NotFound);
    }
    let recs = if viewer.is_some_and(CurrentUser::is_secretariat) {
        recommendations_of(db, meeting_id).await?
    } else {
        adopted_recommendations_of(db, meeting_id).await?
    };
    let rows = export_rows(&recs);
    if xlsx {
        crate::ssr::table::xlsx(&HEADER, &rows, "Plan of Action")
    } else {
        Ok(crate::ssr::table::csv(&HEADER, &rows).into_bytes())
    }
}

/// An empty import template with one example row, as CSV or XLSX.
pub fn template(xlsx: bool) -> ServiceResult<Vec<u8>> {
    let example = vec![vec![
        "R1.1".to_string(),
        "1. Labour migration".into(),
        "labour".into(),
        "national".into(),
        "ALL".into(),
        "".into(),
        "2028-06-30".into(),
        "National labour migration policy adopted | 6 states | 16 states".into(),
        "GCM-5, SDG-10.7".into(),
        "Member States should adopt national labour migration policies.".into(),
        "Les États membres devraient adopter des politiques nationales de migration de main-d'œuvre.".into(),
        "Os Estados-Membros devem adotar políticas nacionais de migração laboral.".into(),
    ]];
    if xlsx {
        crate::ssr::table::xlsx(&HEADER, &example, "Plan of Action")
    } else {
        Ok(crate::ssr::table::csv(&HEADER, &example).into_bytes())
    }
}

/// Number of recommendations in each cycle.
pub async fn cycle_sizes(db: &impl ConnectionTrait, cycle_ids: &[i32]) -> ServiceResult<HashMap<i32, usize>> {
    let mut out = HashMap::new();
    if cycle_ids.is_empty() {
        return Ok(out);
    }
    for row in cycle_recommendation::Entity::find().filter(cycle_recommendation::Column::CycleId.is_in(cycle_ids.to_vec())).all(db).await? {
        *out.entry(row.cycle_id).or_insert(0) += 1;
    }
    Ok(out)
}

/// Opens a reporting cycle for an adopted plan (secretariat).
pub async fn open_cycle(db: &DatabaseConnection, actor: &CurrentUser, form: &CycleForm, now: DateTime<Utc>) -> ServiceResult<i32> {
    secretariat_only(actor)?;
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let mut e = FieldErrors::new();
    let title = e.take(required_text("title", &form.title, 200));
    let opens = e.take(parse_date("opens_on", &form.opens_on));
    let due = e.take(parse_date("due_on", &form.due_on));
    if let (Some(o), Some(d)) = (opens, due) {
        if d < o {
            e.push("due_on", ErrorCode::EndBeforeStart);
        }
    }
    e.finish()?;
    let (Some(title), Some(opens), Some(due)) = (title, opens, due) else { return Err(ServiceError::Internal("cycle form".into())) };
    let txn = crate::ssr::write_txn(db).await?;
    let mt = find_visible(&txn, Some(actor), meeting_id).await?;
    let p = find_plan(&txn, meeting_id).await?.ok_or_else(|| FieldError::new("form", ErrorCode::WrongStep))?;
    if p.status != PlanStatus::Adopted {
        return Err(FieldError::new("form", ErrorCode::WrongStep).into());
    }
    // Only recommendations that are part of the adopted plan (not later drafts from minutes).
    let recs = adopted_recommendations_of(&txn, meeting_id).await?;
    let chosen: Vec<i32> = if form.recommendations.iter().all(|r| r.trim().is_empty()) {
        recs.iter().map(|r| r.id).collect()
    } else {
        let mut ids = Vec::new();
        for raw in form.recommendations.iter().filter(|r| !r.trim().is_empty()) {
            let id = parse_id(raw)
                .filter(|id| recs.iter().any(|r| r.id == *id))
                .ok_or_else(|| FieldError::new("recommendations", ErrorCode::InvalidChoice))?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    };
    let c = reporting_cycle::ActiveModel {
        plan_id: Set(p.id),
        title: Set(title.clone()),
        opens_on: Set(opens),
        due_on: Set(due),
        closed_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for id in &chosen {
        cycle_recommendation::ActiveModel { cycle_id: Set(c.id), recommendation_id: Set(*id) }.insert(&txn).await?;
    }
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "cycle.open",
            entity: "reporting_cycle",
            entity_id: Some(c.id),
            summary: format!(
                "Opened the reporting cycle \u{201c}{title}\u{201d} of {} ({} recommendations, due {due})",
                mt.title,
                chosen.len()
            ),
            detail: json!({ "meeting_id": meeting_id, "opens_on": opens, "due_on": due, "recommendations": chosen }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(c.id)
}
