//! `/meetings/:id/live`: "now and next" during the meeting, and the announcements; for the
//! secretariat, the controls (one small form each, for a phone): mark the item under way,
//! announce a delay, a change of room or a note. With JavaScript the view updates itself every
//! 30 seconds (`AutoRefresh`); without it, *Refresh* reloads it.

use super::api::{get_live, AnnounceLive};
use super::types::{Announcement, LiveItem, LiveView};
use crate::components::{loaded, use_action, use_meeting_id, FormErrors, FormStatus, RefreshPause, SubmitButton, TextField};
use crate::error::AppError;
use crate::i18n::{format_day, use_i18n, use_lang, Strings};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LivePage() -> impl IntoView {
    let id = use_meeting_id();
    let data = crate::components::resource(move || id.get(), |id| async move { get_live(id.ok_or(AppError::NotFound)?).await });
    view! { {loaded(data, |v| view! { <LiveViewPage v /> })} }
}

/// An announcement in words (a note is its own words).
pub fn said(t: &'static Strings, a: &Announcement) -> String {
    match a.kind.as_str() {
        "delay" => t.live_said_delay.replace("{item}", &a.item).replace("{n}", &a.delay.to_string()),
        "room" => t.live_said_room.replace("{item}", &a.item).replace("{room}", &a.room),
        _ => a.note.clone(),
    }
}

#[component]
fn ItemLine(i: LiveItem) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="live-item">
            <strong>{i.title.clone()}</strong>
            <br />
            <span class="meta">
                {format!("{} \u{b7} {}\u{2013}{}", format_day(lang, i.day), i.start, i.end)}
                {(!i.room.is_empty()).then(|| format!(" \u{b7} {}", i.room))}
            </span>
        </p>
    }
}

#[component]
fn LiveViewPage(v: LiveView) -> impl IntoView {
    let t = use_i18n();
    let mid = v.meeting.id;
    view! {
        <Title text=crate::components::page_title(format!("{} · {} · {}", t.live_title, v.meeting.title, t.app_name)) />
        <crate::islands::AutoRefresh />
        <RefreshPause />
        <div data-refresh="30">
            <header class="page-head">
                <p class="kicker">
                    <a href=format!("/meetings/{mid}")>{v.meeting.title.clone()}</a>
                    " · "
                    <a href=format!("/meetings/{mid}/agenda")>{t.agenda_title}</a>
                </p>
                <h1>{t.live_title}</h1>
                <p class="meta">
                    {format!("{} {} ({})", t.live_as_of, v.as_of, v.meeting.timezone_label)} " · "
                    <a href=format!("/meetings/{mid}/live")>{t.live_refresh}</a> " · "
                    <a href=format!("/meetings/{mid}/speakers")>{t.sp_title}</a>
                </p>
            </header>
            <section class="panel" aria-labelledby="live-now-h">
                <h2 id="live-now-h">{t.live_now}</h2>
                {match v.now.clone() {
                    Some(i) => view! { <ItemLine i /> }.into_any(),
                    None => view! { <p class="empty">{t.live_nothing_now}</p> }.into_any(),
                }}
            </section>
            <section aria-labelledby="live-next-h">
                <h2 id="live-next-h">{t.live_next}</h2>
                {if v.next.is_empty() {
                    view! { <p class="empty">{t.live_nothing_next}</p> }.into_any()
                } else {
                    v.next.iter().cloned().map(|i| view! { <ItemLine i /> }).collect_view().into_any()
                }}
            </section>
            <section aria-labelledby="live-said-h">
                <h2 id="live-said-h">{t.live_announcements}</h2>
                {if v.announcements.is_empty() {
                    view! { <p class="empty">{t.live_no_announcements}</p> }.into_any()
                } else {
                    view! {
                        <ul class="announcements">
                            {v
                                .announcements
                                .iter()
                                .map(|a| {
                                    view! {
                                        <li>
                                            <strong>{a.at.clone()}</strong>
                                            " "
                                            {said(t, a)}
                                            {(a.kind != "note" && !a.note.is_empty()).then(|| format!(" \u{2014} {}", a.note))}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </section>
            {v.can_control.then(|| view! { <Controls v=v.clone() /> })}
        </div>
    }
}

/// The published items to choose from (the one under way chosen).
#[component]
fn ItemSelect(prefix: &'static str, opts: Vec<(i32, String, bool)>) -> impl IntoView {
    let t = use_i18n();
    let id = format!("{prefix}-item");
    view! {
        <div class="field">
            <label for=id.clone()>{t.live_item}</label>
            <select id=id name="form[item_id]">
                {opts
                    .into_iter()
                    .map(|(value, label, selected)| {
                        view! {
                            <option value=value selected=selected>
                                {label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The secretariat's controls: four small forms (a phone's screen each).
#[component]
fn Controls(v: LiveView) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let mid = v.meeting.id;
    let current = use_action::<AnnounceLive>();
    let delay = use_action::<AnnounceLive>();
    let room = use_action::<AnnounceLive>();
    let note = use_action::<AnnounceLive>();
    let opts: Vec<(i32, String, bool)> = v
        .items
        .iter()
        .map(|i| {
            (i.id, format!("{} {} \u{2014} {}", format_day(lang, i.day), i.start, i.title), v.now.as_ref().is_some_and(|n| n.id == i.id))
        })
        .collect();
    let (o1, o2, o3) = (opts.clone(), opts.clone(), opts);
    let revision = v.revision;
    let hidden = move |kind: &'static str| {
        view! {
            <input type="hidden" name="form[meeting_id]" value=mid />
            <input type="hidden" name="form[kind]" value=kind />
            <input type="hidden" name="form[revision]" value=revision.map(|r| r.to_string()).unwrap_or_default() />
        }
    };
    view! {
        <section class="panel" aria-labelledby="live-control-h">
            <h2 id="live-control-h">{t.live_control}</h2>
            <ActionForm action=current attr:class="stacked-form">
                <FormStatus errs=FormErrors::for_form(current, "kind", "current".into()) />
                {hidden("current")}
                <ItemSelect prefix="current" opts=o1 />
                <SubmitButton label=t.live_mark_current pending=current.pending().into() />
            </ActionForm>
            <ActionForm action=delay attr:class="stacked-form">
                <FormStatus errs=FormErrors::for_form(delay, "kind", "delay".into()) />
                {hidden("delay")}
                <ItemSelect prefix="delay" opts=o2 />
                <TextField
                    errs=FormErrors::for_form(delay, "kind", "delay".into())
                    name="delay"
                    label=t.live_delay
                    kind="number"
                    required=true
                    prefix="delay"
                />
                <TextField errs=FormErrors::for_form(delay, "kind", "delay".into()) name="note" label=t.live_note prefix="delay" />
                <SubmitButton label=t.live_announce_delay pending=delay.pending().into() />
            </ActionForm>
            <ActionForm action=room attr:class="stacked-form">
                <FormStatus errs=FormErrors::for_form(room, "kind", "room".into()) />
                {hidden("room")}
                <ItemSelect prefix="room" opts=o3 />
                <TextField
                    errs=FormErrors::for_form(room, "kind", "room".into())
                    name="room"
                    label=t.live_room
                    required=true
                    prefix="room"
                />
                <SubmitButton label=t.live_announce_room pending=room.pending().into() />
            </ActionForm>
            <ActionForm action=note attr:class="stacked-form">
                <FormStatus errs=FormErrors::for_form(note, "kind", "note".into()) />
                {hidden("note")}
                <TextField
                    errs=FormErrors::for_form(note, "kind", "note".into())
                    name="note"
                    label=t.live_note
                    required=true
                    prefix="note"
                />
                <SubmitButton label=t.live_announce_note pending=note.pending().into() />
            </ActionForm>
            <p class="help">{t.live_control_help}</p>
        </section>
    }
}
