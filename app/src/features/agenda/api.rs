//! Server functions for agendas.

use super::types::{
    AgendaPageData, DeleteForm, EditorData, ItemForm, LiveForm, LiveView, MoveForm, PublishForm, RevisionList, SessionForm, SpeakerForm,
    SpeakersView,
};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    domain::parse_id,
    ssr::{current_user, db, require_secretariat},
};

/// A published revision (the latest when `revision` is None), in the reader's language, with
/// the items' times also in the reader's time zone: `tz` (an IANA name from the page's address
/// or the browser), else the one remembered in the `midsa_tz` cookie.
#[server(prefix = "/api", endpoint = "agenda/get")]
pub async fn get_agenda(meeting_id: i32, revision: Option<i32>, tz: Option<String>) -> Result<AgendaPageData, AppError> {
    let state = crate::ssr::context::state()?;
    let mut d = super::service::published_page(&state.db, &state.frozen, current_user().as_ref(), meeting_id, revision).await?;
    super::service::localise_agenda(&state.db, &mut d, crate::ssr::context::request_lang()).await?;
    let zone =
        tz.filter(|z| !z.trim().is_empty()).or_else(crate::ssr::context::viewer_tz).and_then(|z| z.trim().parse::<chrono_tz::Tz>().ok());
    if let Some(zone) = zone {
        super::service::add_viewer_times(&mut d, zone);
    }
    // The page shows each description as HTML (rendered on the server, the page carries no
    // hydration data); as this function's own response the Markdown sources would ride along:
    // left out there, from a copy (the revision is shared, see `published_page`).
    if crate::ssr::context::is_request_path(<GetAgenda as leptos::server_fn::ServerFn>::PATH) {
        for item in d
            .revision
            .iter_mut()
            .flat_map(|r| r.agenda.make_mut().days.iter_mut())
            .flat_map(|d| d.sessions.iter_mut())
            .flat_map(|s| s.items.iter_mut())
        {
            item.description_md.clear();
        }
    }
    Ok(d)
}

/// "Now and next" during the meeting (whoever may see it; the controls' items for the secretariat).
#[server(prefix = "/api", endpoint = "agenda/live")]
pub async fn get_live(meeting_id: i32) -> Result<LiveView, AppError> {
    Ok(super::live::live(&db()?, current_user().as_ref(), meeting_id, chrono::Utc::now()).await?)
}

/// An announcement from the floor (secretariat): the current item, a delay, a room, a note.
#[server(prefix = "/api", endpoint = "agenda/live/announce")]
pub async fn announce_live(form: LiveForm) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    super::live::announce(&db()?, &actor, &form, chrono::Utc::now()).await.map_err(|e| {
        AppError::from(e).with_echo(crate::domain::echo(&[
            ("kind", &form.kind),
            ("delay", &form.delay),
            ("room", &form.room),
            ("note", &form.note),
        ]))
    })
}

/// An item's speakers list (signed in: the chair, delegations, everyone who may see the meeting).
#[server(prefix = "/api", endpoint = "agenda/speakers")]
pub async fn get_speakers(meeting_id: i32, item_id: Option<i32>) -> Result<SpeakersView, AppError> {
    let user = crate::ssr::require_user()?;
    Ok(super::speakers::speakers(&db()?, &user, meeting_id, item_id, chrono::Utc::now()).await?)
}

/// Asks for the floor, or the chair's action on the list.
#[server(prefix = "/api", endpoint = "agenda/speakers/act")]
pub async fn act_speakers(form: SpeakerForm) -> Result<i32, AppError> {
    let user = crate::ssr::require_user()?;
    super::speakers::act(&db()?, &user, &form, chrono::Utc::now())
        .await
        .map_err(|e| AppError::from(e).with_echo(crate::domain::echo(&[("action", &form.action), ("minutes", &form.minutes)])))
}

#[server(prefix = "/api", endpoint = "agenda/revisions")]
pub async fn list_revisions(meeting_id: i32) -> Result<RevisionList, AppError> {
    Ok(super::service::revisions(&db()?, current_user().as_ref(), meeting_id).await?)
}

/// The working copy for the editor (secretariat only).
#[server(prefix = "/api", endpoint = "agenda/draft")]
pub async fn get_agenda_draft(meeting_id: i32) -> Result<EditorData, AppError> {
    let actor = require_secretariat()?;
    Ok(super::service::editor(&db()?, &actor, meeting_id).await?)
}

#[server(prefix = "/api", endpoint = "agenda/sessions/save")]
pub async fn save_session(form: SessionForm) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let id = super::service::save_session(&db()?, &actor, &form).await.map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    if !form.id.trim().is_empty() {
        crate::ssr::context::redirect(&format!("/meetings/{}/agenda/edit", form.meeting_id.trim()));
    }
    Ok(id)
}

#[server(prefix = "/api", endpoint = "agenda/items/save")]
pub async fn save_item(form: ItemForm) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let id = super::service::save_item(&db()?, &actor, &form).await.map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    if !form.id.trim().is_empty() {
        crate::ssr::context::redirect(&format!("/meetings/{}/agenda/edit", form.meeting_id.trim()));
    }
    Ok(id)
}

/// Deletes a session (and its items) or an item.
#[server(prefix = "/api", endpoint = "agenda/delete")]
pub async fn delete_agenda_entry(form: DeleteForm) -> Result<(), AppError> {
    let actor = require_secretariat()?;
    let id = parse_id(&form.id).ok_or(AppError::NotFound)?;
    let db = db()?;
    match form.target.as_str() {
        "session" => super::service::delete_session(&db, &actor, id, &form.version).await?,
        "item" => super::service::delete_item(&db, &actor, id, &form.version).await?,
        _ => return Err(AppError::BadRequest { message: "target must be session or item".into() }),
    };
    Ok(())
}

/// Moves a session or an item one place up or down.
#[server(prefix = "/api", endpoint = "agenda/move")]
pub async fn move_agenda_entry(form: MoveForm) -> Result<(), AppError> {
    let actor = require_secretariat()?;
    let id = parse_id(&form.id).ok_or(AppError::NotFound)?;
    let up = match form.direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(AppError::BadRequest { message: "direction must be up or down".into() }),
    };
    let db = db()?;
    match form.target.as_str() {
        "session" => super::service::move_session(&db, &actor, id, up).await?,
        "item" => super::service::move_item(&db, &actor, id, up).await?,
        _ => return Err(AppError::BadRequest { message: "target must be session or item".into() }),
    };
    Ok(())
}

/// Publishes the working copy as a new revision and shows it.
#[server(prefix = "/api", endpoint = "agenda/publish")]
pub async fn publish_agenda(form: PublishForm) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let number = super::service::publish(&db()?, &actor, &form)
        .await
        .map_err(|e| AppError::from(e).with_echo(crate::domain::echo(&[("note", &form.note)])))?;
    crate::ssr::context::redirect(&format!("/meetings/{}/agenda", form.meeting_id.trim()));
    Ok(number)
}
