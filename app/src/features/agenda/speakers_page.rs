//! `/meetings/:id/speakers?item=N`: an agenda item's speakers list. A delegation (its head or
//! focal point) asks for the floor; the chair (secretariat) orders the list, starts and stops
//! each speaker against the speaking time, and sets that time. Every button is a small form:
//! it works without JavaScript; with it, the list (and the current speaker's time) is read again every 5
//! seconds.

use super::api::{get_speakers, ActSpeakers};
use super::types::{SpeakerEntry, SpeakersView};
use crate::components::{loaded, use_action, use_meeting_id, FormErrors, FormStatus, RefreshPause};
use crate::domain::CountryCode;
use crate::error::AppError;
use crate::i18n::{use_i18n, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn clock(seconds: i32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[component]
pub fn SpeakersPage() -> impl IntoView {
    let id = use_meeting_id();
    let query = use_query_map();
    let data = crate::components::resource(
        move || (id.get(), query.read().get("item").and_then(|i| i.parse::<i32>().ok())),
        |(id, item)| async move { get_speakers(id.ok_or(AppError::NotFound)?, item).await },
    );
    // The list is read again every 5 seconds in the browser (`AutoRefresh`).
    view! {
        {loaded(
            data,
            |v| {
                view! {
                    <crate::islands::AutoRefresh />
                    <RefreshPause />
                    <div data-refresh="5">
                        <SpeakersList v />
                    </div>
                }
            },
        )}
    }
}

#[component]
fn SpeakersList(v: SpeakersView) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let act = use_action::<ActSpeakers>();
    let errs = FormErrors::of(act);
    let mid = v.meeting.id;
    let item = v.item_id.map(|i| i.to_string()).unwrap_or_default();
    let limit = v.limit;
    // One small form per button: the action and the entry travel as hidden fields.
    let button = move |action: &'static str, id: i32, label: String, who: String, class: &'static str| {
        let item = item.clone();
        view! {
            <ActionForm action=act attr:class="inline-form">
                <input type="hidden" name="form[meeting_id]" value=mid />
                <input type="hidden" name="form[item_id]" value=item />
                <input type="hidden" name="form[action]" value=action />
                <input type="hidden" name="form[id]" value=id />
                <button type="submit" class=class>
                    {label}
                    <span class="visually-hidden">{format!(": {who}")}</span>
                </button>
            </ActionForm>
        }
    };
    let item_id = v.item_id.map(|i| i.to_string()).unwrap_or_default();
    let row = {
        let button = button.clone();
        move |e: SpeakerEntry, chair: bool, mine: bool| {
            let name = e.country.name(lang).to_string();
            let over = limit > 0 && e.spoken > limit;
            let state = match e.state.as_str() {
                "speaking" => t.sp_speaking,
                "done" => t.sp_done,
                _ => t.sp_waiting,
            };
            view! {
                <li class=format!("speaker speaker-{}", e.state) class:over=over>
                    <strong>{name.clone()}</strong>
                    {format!(" \u{2014} {state} \u{b7} {}", clock(e.spoken))}
                    {(limit > 0).then(|| format!(" / {}", clock(limit)))}
                    {over.then(|| view! { <strong class="missing">{format!(" {}", t.sp_over)}</strong> })}
                    {chair
                        .then(|| {
                            view! {
                                <span class="speaker-actions">
                                    {button("up", e.id, format!("\u{2191} {}", t.sp_up), name.clone(), "button small")}
                                    {button("down", e.id, format!("\u{2193} {}", t.sp_down), name.clone(), "button small")}
                                    {if e.state == "speaking" {
                                        button("stop", e.id, t.sp_stop.to_string(), name.clone(), "button small primary").into_any()
                                    } else {
                                        button("start", e.id, t.sp_start.to_string(), name.clone(), "button small").into_any()
                                    }} {button("remove", e.id, t.sp_remove.to_string(), name.clone(), "button small")}
                                </span>
                            }
                        })}
                    {(!chair && mine && e.state == "waiting")
                        .then(|| button("remove", e.id, t.sp_withdraw.to_string(), name.clone(), "button small"))}
                </li>
            }
        }
    };
    let chair = v.can_chair;
    let mine = v.my_delegation;
    view! {
        <Title text=crate::components::page_title(format!("{} · {} · {}", t.sp_title, v.meeting.title, t.app_name)) />
        <header class="page-head">
            <p class="kicker">
                <a href=format!("/meetings/{mid}")>{v.meeting.title.clone()}</a>
                " · "
                <a href=format!("/meetings/{mid}/live")>{t.live_title}</a>
            </p>
            <h1>{t.sp_title}</h1>
        </header>
        <form method="get" class="filters">
            <div class="field">
                <label for="sp-item">{t.live_item}</label>
                <select id="sp-item" name="item">
                    {v
                        .items
                        .iter()
                        .map(|(id, label)| {
                            view! {
                                <option value=*id selected=Some(*id) == v.item_id>
                                    {label.clone()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button">
                {t.sp_show}
            </button>
            " "
            <a href=format!("/meetings/{mid}/speakers?item={item_id}")>{t.live_refresh}</a>
        </form>
        <FormStatus errs />
        {if v.entries.is_empty() {
            view! { <p class="empty">{t.sp_none}</p> }.into_any()
        } else {
            view! {
                <ol class="speakers">
                    {v
                        .entries
                        .iter()
                        .cloned()
                        .map(|e| {
                            let own = mine == Some(e.country);
                            row(e, chair, own)
                        })
                        .collect_view()}
                </ol>
            }
                .into_any()
        }}
        {(v.item_id.is_some() && (mine.is_some() || chair))
            .then(|| {
                let item = item_id.clone();
                view! {
                    <ActionForm action=act attr:class="stacked-form">
                        <input type="hidden" name="form[meeting_id]" value=mid />
                        <input type="hidden" name="form[item_id]" value=item />
                        <input type="hidden" name="form[action]" value="ask" />
                        {if chair {
                            view! {
                                <div class="field">
                                    <label for="sp-country">{t.reg_country}</label>
                                    <select id="sp-country" name="form[country]">
                                        {CountryCode::all()
                                            .map(|c| view! { <option value=c.code()>{c.name(lang)}</option> })
                                            .collect_view()}
                                    </select>
                                </div>
                            }
                                .into_any()
                        } else {
                            view! { <p>{mine.map(|c| c.name(lang).to_string()).unwrap_or_default()}</p> }.into_any()
                        }}
                        <button type="submit" class="button primary">
                            {t.sp_ask}
                        </button>
                    </ActionForm>
                }
            })}
        {(chair && v.item_id.is_some())
            .then(|| {
                let item = item_id.clone();
                view! {
                    <ActionForm action=act attr:class="stacked-form">
                        <input type="hidden" name="form[meeting_id]" value=mid />
                        <input type="hidden" name="form[item_id]" value=item />
                        <input type="hidden" name="form[action]" value="limit" />
                        <div class="field">
                            <label for="sp-minutes">{t.sp_limit}</label>
                            <input id="sp-minutes" type="number" min="0" max="60" name="form[minutes]" value=limit / 60 />
                        </div>
                        <button type="submit" class="button">
                            {t.form_save}
                        </button>
                    </ActionForm>
                }
            })}
    }
}
