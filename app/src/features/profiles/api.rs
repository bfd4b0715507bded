//! Server functions for technical working groups and migration profiles.

use super::types::*;
use crate::domain::ProfileStatus;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::context::{current_user, db, redirect, request_lang, require_secretariat, require_user};

#[server(prefix = "/api", endpoint = "profiles/home")]
pub async fn get_profiles_home() -> Result<ProfilesHome, AppError> {
    Ok(super::service::home(&db()?, current_user().as_ref(), chrono::Utc::now()).await?)
}

#[server(prefix = "/api", endpoint = "profiles/state")]
pub async fn get_profile_state(country: String) -> Result<StatePage, AppError> {
    Ok(super::service::state_page(&db()?, current_user().as_ref(), &country, request_lang(), chrono::Utc::now()).await?)
}

#[server(prefix = "/api", endpoint = "profiles/edition")]
pub async fn get_profile_edition(country: String, year: i32) -> Result<EditionPage, AppError> {
    Ok(super::service::edition_page(&db()?, current_user().as_ref(), &country, year, request_lang()).await?)
}

#[server(prefix = "/api", endpoint = "profiles/regional")]
pub async fn get_regional_table(indicator: Option<i32>) -> Result<RegionalTable, AppError> {
    Ok(super::service::regional(&db()?, current_user().as_ref(), indicator, request_lang()).await?)
}

#[server(prefix = "/api", endpoint = "profiles/compile")]
pub async fn get_regional_compilation() -> Result<RegionalCompilation, AppError> {
    let actor = require_secretariat()?;
    Ok(super::service::compile(&db()?, &actor, request_lang(), chrono::Utc::now()).await?)
}

#[server(prefix = "/api", endpoint = "profiles/indicators")]
pub async fn get_profile_indicators() -> Result<Vec<IndicatorRow>, AppError> {
    require_secretariat()?;
    Ok(super::service::indicators(&db()?, request_lang()).await?)
}

#[cfg(feature = "ssr")]
fn to_state(country: crate::domain::CountryCode) {
    redirect(&format!("/profiles/{country}"));
}

#[cfg(feature = "ssr")]
fn to_edition(country: crate::domain::CountryCode, year: i32, anchor: &str) {
    redirect(&format!("/profiles/{country}/{year}{anchor}"));
}

#[server(prefix = "/api", endpoint = "profiles/twg")]
pub async fn save_twg(form: TwgForm) -> Result<(), AppError> {
    let actor = require_user()?;
    let country = super::service::save_twg(&db()?, &actor, &form)
        .await
        .map_err(|e| AppError::from(e).with_echo(crate::domain::echo(&[("ministries", &form.ministries)])))?;
    to_state(country);
    Ok(())
}

#[server(prefix = "/api", endpoint = "profiles/member_add")]
pub async fn add_twg_member(form: MemberForm) -> Result<(), AppError> {
    let actor = require_user()?;
    let country = super::service::add_member(&db()?, &actor, &form).await.map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    to_state(country);
    Ok(())
}

#[server(prefix = "/api", endpoint = "profiles/member_remove")]
pub async fn remove_twg_member(member_id: i32) -> Result<(), AppError> {
    let actor = require_user()?;
    let country = super::service::remove_member(&db()?, &actor, member_id).await?;
    to_state(country);
    Ok(())
}

#[server(prefix = "/api", endpoint = "profiles/meeting_link")]
pub async fn link_group_meeting(form: GroupMeetingForm) -> Result<(), AppError> {
    let actor = require_user()?;
    let country = super::service::link_meeting(&db()?, &actor, &form).await?;
    to_state(country);
    Ok(())
}

#[server(prefix = "/api", endpoint = "profiles/meeting_unlink")]
pub async fn unlink_group_meeting(form: GroupMeetingForm) -> Result<(), AppError> {
    let actor = require_user()?;
    let country = super::service::unlink_meeting(&db()?, &actor, &form).await?;
    to_state(country);
    Ok(())
}

#[server(prefix = "/api", endpoint = "profiles/edition_new")]
pub async fn new_profile_edition(form: NewEditionForm) -> Result<i32, AppError> {
    let actor = require_user()?;
    let (country, year) = super::service::new_edition(&db()?, &actor, &form, chrono::Utc::now())
        .await
        .map_err(|e| AppError::from(e).with_echo(crate::domain::echo(&[("year", &form.year)])))?;
    to_edition(country, year, "");
    Ok(year)
}

#[server(prefix = "/api", endpoint = "profiles/chapter")]
pub async fn save_profile_chapter(form: ChapterForm) -> Result<(), AppError> {
    let actor = require_user()?;
    let (country, year) = super::service::save_chapter(&db()?, &actor, &form)
        .await
        .map_err(|e| AppError::from(e).with_echo(crate::domain::echo(&[("chapter", &form.chapter), ("body", &form.body)])))?;
    // The anchor from the parsed chapter, never from the raw field.
    let anchor = crate::domain::Chapter::parse("chapter", &form.chapter).map(|c| format!("#{}", c.as_str())).unwrap_or_default();
    to_edition(country, year, &anchor);
    Ok(())
}

#[server(prefix = "/api", endpoint = "profiles/values")]
pub async fn save_profile_values(form: ValuesForm) -> Result<(), AppError> {
    let actor = require_user()?;
    let (country, year) = super::service::save_values(&db()?, &actor, &form).await.map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    to_edition(country, year, "#indicators");
    Ok(())
}

#[server(prefix = "/api", endpoint = "profiles/comment")]
pub async fn comment_profile(form: ProfileCommentForm) -> Result<(), AppError> {
    let actor = require_user()?;
    let (country, year) = super::service::comment(&db()?, &actor, &form)
        .await
        .map_err(|e| AppError::from(e).with_echo(crate::domain::echo(&[("chapter", &form.chapter), ("body", &form.body)])))?;
    let anchor = crate::domain::Chapter::parse("chapter", &form.chapter).map(|c| format!("#{}", c.as_str())).unwrap_or_default();
    to_edition(country, year, &anchor);
    Ok(())
}

#[server(prefix = "/api", endpoint = "profiles/step")]
pub async fn profile_step(form: ProfileStepForm) -> Result<ProfileStatus, AppError> {
    let actor = require_user()?;
    let (country, year, status) = super::service::step(&db()?, &actor, &form, chrono::Utc::now()).await?;
    to_edition(country, year, "");
    Ok(status)
}

#[server(prefix = "/api", endpoint = "profiles/propose")]
pub async fn propose_profile_recommendations(form: ProposeForm) -> Result<usize, AppError> {
    let actor = require_secretariat()?;
    let (_, _, meeting_id, made) = super::service::propose(&db()?, &actor, &form, chrono::Utc::now()).await?;
    redirect(&format!("/meetings/{meeting_id}/plan"));
    Ok(made)
}

#[server(prefix = "/api", endpoint = "profiles/indicator")]
pub async fn save_profile_indicator(form: IndicatorForm) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let id = super::service::save_indicator(&db()?, &actor, &form).await.map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    redirect("/profiles/indicators");
    Ok(id)
}

#[server(prefix = "/api", endpoint = "profiles/interval")]
pub async fn save_profile_interval(form: IntervalForm) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let n = super::service::save_interval(&db()?, &actor, &form.years)
        .await
        .map_err(|e| AppError::from(e).with_echo(crate::domain::echo(&[("years", &form.years)])))?;
    redirect("/profiles");
    Ok(n)
}
