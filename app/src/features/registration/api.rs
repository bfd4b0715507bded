//! Server functions for registration. Every one checks the caller's role on the server.

use super::types::{
    Badge, CheckInForm, CheckInResult, DecisionForm, DecisionResult, DelegationSummary, LetterSettingsView, MessageDetail, MessageForm,
    MessagesPage, MyPage, NoteVerbaleInfo, PublicParticipant, RegistrationForm, RegistrationOverview, RegistrationRow, SettingsForm,
};
use crate::domain::RegistrationStatus;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{context, current_user, db, require_secretariat, require_user};

#[server(prefix = "/api", endpoint = "registration/overview")]
pub async fn get_registration_overview(meeting_id: i32) -> Result<RegistrationOverview, AppError> {
    Ok(super::service::overview(&db()?, current_user().as_ref(), meeting_id, chrono::Utc::now()).await?)
}

#[server(prefix = "/api", endpoint = "registration/settings")]
pub async fn save_registration_settings(form: SettingsForm) -> Result<(), AppError> {
    let actor = require_secretariat()?;
    let state = context::state()?;
    super::service::save_settings(&state.db, &actor, &form, &state.config.public_url)
        .await
        .map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    Ok(())
}

/// Registers for a meeting: a self-registration (anyone; confirmed by email), a focal point's
/// nomination (own delegation only) or the secretariat's. Returns the new status.
#[server(prefix = "/api", endpoint = "registration/register")]
pub async fn register(form: RegistrationForm) -> Result<RegistrationStatus, AppError> {
    let state = context::state()?;
    let viewer = current_user();
    let lang = crate::ssr::context::request_lang();
    let ip = crate::ssr::context::client_ip();
    let r = super::service::register_from(&state.db, viewer.as_ref(), &form, lang, &state.config.public_url, chrono::Utc::now(), Some(&ip))
        .await
        .map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    let meeting = crate::domain::parse_id(&form.meeting_id).unwrap_or_default();
    let own = viewer.as_ref().is_some_and(|u| u.email.eq_ignore_ascii_case(form.email.trim()));
    let to = match viewer.map(|u| u.role) {
        Some(crate::domain::Role::Secretariat) => format!("/meetings/{meeting}/registrations"),
        Some(crate::domain::Role::FocalPoint) => format!("/meetings/{meeting}/delegation"),
        // Signed in, registering themselves: no email to wait for, their page shows the status.
        Some(_) if own => "/me".to_string(),
        _ => format!("/meetings/{meeting}/register/thanks"),
    };
    crate::ssr::context::redirect(&to);
    Ok(r.status)
}

#[server(prefix = "/api", endpoint = "registration/confirm")]
pub async fn confirm_registration(token: String) -> Result<(i32, RegistrationStatus), AppError> {
    let state = context::state()?;
    let result = super::service::confirm(&state.db, &token, &state.config.public_url, chrono::Utc::now()).await?;
    // Without JavaScript the browser follows this to the page that shows the new status.
    crate::ssr::context::redirect(&format!("/registrations/confirm/{}?done=1", token.trim()));
    Ok(result)
}

/// The status of the registration behind a confirmation link (changes nothing).
#[server(prefix = "/api", endpoint = "registration/confirmation-status")]
pub async fn confirmation_status(token: String) -> Result<(i32, RegistrationStatus), AppError> {
    Ok(super::service::status_by_token(&db()?, &token).await?)
}

#[server(prefix = "/api", endpoint = "registration/decide")]
pub async fn decide_registrations(form: DecisionForm) -> Result<DecisionResult, AppError> {
    let actor = require_secretariat()?;
    let state = context::state()?;
    let changed = super::service::decide(&state.db, &actor, &form, &state.config.public_url)
        .await
        .map_err(|e| AppError::from(e).with_echo(crate::domain::echo(&[("decision", &form.decision), ("reason", &form.reason)])))?;
    Ok(DecisionResult { changed })
}

/// The messages page (secretariat): who the filters reach, and the messages sent.
#[server(prefix = "/api", endpoint = "registration/messages")]
pub async fn get_messages(meeting_id: i32, status: String, category: String, country: String) -> Result<MessagesPage, AppError> {
    let actor = require_secretariat()?;
    Ok(super::service::messages_page(&db()?, &actor, meeting_id, &status, &category, &country).await?)
}

/// Sends a message to the participants the filters choose (secretariat); how many it went to.
#[server(prefix = "/api", endpoint = "registration/messages/send")]
pub async fn send_message(form: MessageForm) -> Result<usize, AppError> {
    let actor = require_secretariat()?;
    let state = context::state()?;
    let (_, n) = super::service::send_message(&state.db, &actor, &form, &state.config.public_url)
        .await
        .map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    Ok(n)
}

/// A sent message, its texts and recipients (secretariat).
#[server(prefix = "/api", endpoint = "registration/message")]
pub async fn get_message(id: i32) -> Result<MessageDetail, AppError> {
    let actor = require_secretariat()?;
    Ok(super::service::message_detail(&db()?, &actor, id).await?)
}

/// The meeting's letterhead, signature and signatory (secretariat).
#[server(prefix = "/api", endpoint = "registration/letters")]
pub async fn get_letter_settings(meeting_id: i32) -> Result<LetterSettingsView, AppError> {
    let actor = require_secretariat()?;
    Ok(super::service::letter_settings_view(&db()?, &actor, meeting_id).await?)
}

#[server(prefix = "/api", endpoint = "registration/withdraw")]
pub async fn withdraw_registration(id: i32) -> Result<(), AppError> {
    let actor = require_user()?;
    let state = context::state()?;
    super::service::withdraw(&state.db, &actor, id, &state.config.public_url).await?;
    Ok(())
}

#[server(prefix = "/api", endpoint = "registration/list")]
pub async fn list_registrations(meeting_id: i32) -> Result<Vec<RegistrationRow>, AppError> {
    let actor = require_secretariat()?;
    Ok(super::service::list_all(&db()?, &actor, meeting_id).await?)
}

#[server(prefix = "/api", endpoint = "registration/delegation")]
pub async fn get_delegation(meeting_id: i32, country: String) -> Result<(Vec<RegistrationRow>, Option<NoteVerbaleInfo>), AppError> {
    let actor = require_user()?;
    let country = crate::domain::CountryCode::parse("country", &country).map_err(|e| AppError::validation(e.into()))?;
    let db = db()?;
    let rows = super::service::delegation(&db, &actor, meeting_id, country).await?;
    Ok((rows, super::service::delegation_note(&db, &actor, meeting_id, country).await?))
}

#[server(prefix = "/api", endpoint = "registration/participants")]
pub async fn public_participants(meeting_id: i32) -> Result<Vec<PublicParticipant>, AppError> {
    Ok(super::service::public_list(&db()?, current_user().as_ref(), meeting_id).await?)
}

#[server(prefix = "/api", endpoint = "registration/badges")]
pub async fn get_badges(meeting_id: i32) -> Result<Vec<Badge>, AppError> {
    let actor = require_secretariat()?;
    let state = context::state()?;
    Ok(super::service::badges(&state.db, &actor, meeting_id, &state.config.public_url).await?)
}

#[server(prefix = "/api", endpoint = "registration/search")]
pub async fn search_participants(meeting_id: i32, q: String) -> Result<Vec<RegistrationRow>, AppError> {
    let actor = require_secretariat()?;
    Ok(super::service::search_participants(&db()?, &actor, meeting_id, &q).await?)
}

#[server(prefix = "/api", endpoint = "registration/checkin")]
pub async fn check_in(form: CheckInForm) -> Result<CheckInResult, AppError> {
    let actor = require_secretariat()?;
    let r = super::service::check_in(&db()?, &actor, &form).await?;
    // Without JavaScript, come back to the desk showing who was checked in.
    let meeting = crate::domain::parse_id(&form.meeting_id).unwrap_or_default();
    crate::ssr::context::redirect(&format!("/meetings/{meeting}/checkin?done={}&new={}", r.id, r.newly));
    Ok(r)
}

#[server(prefix = "/api", endpoint = "registration/checkin-info")]
pub async fn checkin_info(meeting_id: i32, id: i32, newly: bool) -> Result<CheckInResult, AppError> {
    let actor = require_secretariat()?;
    Ok(super::service::checkin_info(&db()?, &actor, meeting_id, id, newly).await?)
}

/// The signed-in user's registrations and calendar-feed state.
#[server(prefix = "/api", endpoint = "me/registrations")]
pub async fn my_registrations() -> Result<MyPage, AppError> {
    let user = require_user()?;
    let state = context::state()?;
    let mut page = super::personal::my_page(&state.db, &user, &state.config.public_url, chrono::Utc::now()).await?;
    // A link just made is shown once, from the cookie its creation set (never from a URL).
    page.new_feed = crate::ssr::flash::take_reveal("feed").map(|token| format!("{}/feeds/{token}.ics", state.config.public_url));
    Ok(page)
}

/// Makes a new private calendar link (the old one stops working) and returns its URL, shown once.
#[server(prefix = "/api", endpoint = "me/feed/create")]
pub async fn create_feed() -> Result<String, AppError> {
    let user = require_user()?;
    let state = context::state()?;
    let token = super::personal::create_feed(&state.db, &user).await?;
    // The page that follows shows the link once, from a short-lived cookie: the secret is never
    // in a URL (browser history, proxies and logs keep those).
    crate::ssr::flash::reveal("feed", &token)?;
    crate::ssr::context::redirect("/me");
    Ok(format!("{}/feeds/{token}.ics", state.config.public_url))
}

#[server(prefix = "/api", endpoint = "me/feed/revoke")]
pub async fn revoke_feed() -> Result<(), AppError> {
    let user = require_user()?;
    super::personal::revoke_feed(&db()?, &user).await?;
    crate::ssr::context::redirect("/me");
    Ok(())
}

#[server(prefix = "/api", endpoint = "registration/delegations")]
pub async fn delegations_overview(meeting_id: i32) -> Result<Vec<DelegationSummary>, AppError> {
    let actor = require_secretariat()?;
    Ok(super::service::delegations_overview(&db()?, &actor, meeting_id).await?)
}

/// The focal point (own delegation) or the secretariat confirms a self-registered member of a
/// delegation: only then does it give delegate rights.
#[server(prefix = "/api", endpoint = "registration/confirm-delegation")]
pub async fn confirm_delegation(id: i32) -> Result<(), AppError> {
    let actor = require_user()?;
    super::service::confirm_delegation(&db()?, &actor, id).await?;
    Ok(())
}

/// One of the signed-in person's own registrations, to change it.
#[server(prefix = "/api", endpoint = "me/registration")]
pub async fn get_my_registration(id: i32) -> Result<super::types::MyRegistrationEdit, AppError> {
    let user = require_user()?;
    Ok(super::service::get_mine(&db()?, &user, id, chrono::Utc::now()).await?)
}

/// The person changes their own registration (until the registration deadline).
#[server(prefix = "/api", endpoint = "me/registration/update")]
pub async fn update_my_registration(form: RegistrationForm) -> Result<(), AppError> {
    let user = require_user()?;
    super::service::update_mine(&db()?, &user, &form, chrono::Utc::now()).await.map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    crate::ssr::context::redirect("/me?updated=1");
    Ok(())
}

/// The person cancels their own registration (until the registration deadline).
#[server(prefix = "/api", endpoint = "me/registration/cancel")]
pub async fn cancel_my_registration(id: i32) -> Result<(), AppError> {
    let user = require_user()?;
    let state = context::state()?;
    super::service::cancel_mine(&state.db, &user, id, &state.config.public_url, chrono::Utc::now()).await?;
    crate::ssr::context::redirect("/me?cancelled=1");
    Ok(())
}
