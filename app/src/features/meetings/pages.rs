//! Meeting pages: the public list, the meeting page, and the secretariat's form.

use super::api::{get_meeting, list_meetings, ChangeMeetingStatus, SaveMeeting};
use super::types::{MeetingDetail, MeetingSummary, SUGGESTED_TIMEZONES};
use crate::components::{
    loaded, use_action, Checkbox, FormErrors, FormStatus, MarkdownView, SelectField, StatusBadge, SubmitButton, TextArea, TextField,
};
use crate::domain::{CountryCode, MeetingKind, Role};
use crate::error::AppError;
use crate::features::auth::api::current_user_info;
use crate::i18n::{format_date_range, use_i18n, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;

pub use crate::components::use_meeting_id;

#[component]
fn MeetingList(items: Vec<MeetingSummary>) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    if items.is_empty() {
        return view! { <p class="empty">{t.meetings_none}</p> }.into_any();
    }
    view! {
        <ul class="meeting-list">
            {items
                .into_iter()
                .map(|m| {
                    view! {
                        <li class="meeting-card">
                            <h3>
                                <a href=format!("/meetings/{}", m.id) lang=m.original_lang.map(|l| l.code())>
                                    {m.title}
                                </a>
                            </h3>
                            {m
                                .original_lang
                                .map(|l| view! { <p class="tr-note">{t.tr_original_tag.replace("{lang}", l.native_name())}</p> })}
                            <p class="meta">
                                <span>{t.meeting_kind(m.kind)}</span>
                                " · "
                                <span>{format_date_range(lang, m.start_date, m.end_date)}</span>
                                " · "
                                <span>{format!("{}, {}", m.city, m.host_country.name(lang))}</span>
                            </p>
                            <StatusBadge status=m.status />
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn MeetingsPage() -> impl IntoView {
    let t = use_i18n();
    let lists = crate::components::resource(move || (), |_| list_meetings());
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.meetings_title, t.app_name)) />
        <h1>{t.meetings_title}</h1>
        {loaded(
            lists,
            move |l| {
                view! {
                    {l
                        .can_create
                        .then(|| {
                            view! {
                                <p>
                                    <a class="button primary" href="/meetings/new">
                                        {t.meeting_new}
                                    </a>
                                </p>
                            }
                        })}
                    <section aria-labelledby="upcoming-h">
                        <h2 id="upcoming-h">{t.meetings_upcoming}</h2>
                        <MeetingList items=l.upcoming />
                    </section>
                    <section aria-labelledby="past-h">
                        <h2 id="past-h">{t.meetings_past}</h2>
                        <MeetingList items=l.past />
                    </section>
                    {(!l.drafts.is_empty())
                        .then(|| {
                            view! {
                                <section aria-labelledby="drafts-h">
                                    <h2 id="drafts-h">{t.meetings_drafts}</h2>
                                    <MeetingList items=l.drafts />
                                </section>
                            }
                        })}
                }
            },
        )}
    }
}

#[component]
pub fn MeetingPage() -> impl IntoView {
    let id = use_meeting_id();
    let meeting = crate::components::resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_meeting(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! { {loaded(meeting, |m| view! { <MeetingView m /> })} }
}

#[component]
fn MeetingView(m: MeetingDetail) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let status = use_action::<ChangeMeetingStatus>();
    let errs = FormErrors::of(status);
    let languages = m.languages.langs().map(|l| l.native_name()).collect::<Vec<_>>().join(", ");
    let co = m.co_organisers.join(", ");
    let id = m.id;
    // The language attribute of a text shown in the original, for screen readers.
    let title_lang = m.original_lang.filter(|_| m.shown_title == m.title).map(|l| l.code());
    let description_lang = m.original_lang.filter(|_| m.shown_description_html == m.description_html).map(|l| l.code());
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", m.shown_title, t.app_name)) />
        <article class="meeting">
            <header class="page-head">
                <p class="kicker">{t.meeting_kind(m.kind)}</p>
                <h1 lang=title_lang>{m.shown_title.clone()}</h1>
                <StatusBadge status=m.status />
            </header>
            {m
                .original_lang
                .map(|l| {
                    view! {
                        <p class="notice" role="note" lang=lang.code()>
                            {t.tr_shown_original.replace("{lang}", l.native_name())}
                        </p>
                    }
                })}
            <dl class="facts">
                <dt>{t.meeting_dates}</dt>
                <dd>{format_date_range(lang, m.start_date, m.end_date)}</dd>
                <dt>{t.meeting_venue}</dt>
                <dd>{format!("{}, {}", m.venue, m.city)}</dd>
                <dt>{t.meeting_host_country}</dt>
                <dd>{m.host_country.name(lang)}</dd>
                <dt>{t.meeting_timezone}</dt>
                <dd>{format!("{} ({})", m.timezone, m.timezone_label)}</dd>
                <dt>{t.meeting_languages}</dt>
                <dd>{languages}</dd>
                {(!m.chair.is_empty())
                    .then(|| {
                        view! {
                            <dt>{t.meeting_chair}</dt>
                            <dd>{m.chair.clone()}</dd>
                        }
                    })}
                {(!co.is_empty())
                    .then(|| {
                        view! {
                            <dt>{t.meeting_co_organisers}</dt>
                            <dd>{co}</dd>
                        }
                    })}
            </dl>
            <nav class="actions" aria-label=t.meeting_view_agenda>
                {(m.agenda_revision.is_some() || m.can_edit)
                    .then(|| {
                        view! {
                            <a class="button" href=format!("/meetings/{id}/agenda")>
                                {t.meeting_view_agenda}
                            </a>
                        }
                    })}
                <a class="button" href=format!("/meetings/{id}/register")>
                    {t.reg_title}
                </a>
                <a class="button" href=format!("/meetings/{id}/participants")>
                    {t.reg_participants_title}
                </a>
                <a class="button" href=format!("/meetings/{id}/papers")>
                    {t.papers_title}
                </a>
                <a class="button" href=format!("/meetings/{id}/minutes")>
                    {t.minutes_title}
                </a>
                <a class="button" href=format!("/meetings/{id}/plan")>
                    {t.nav_plan}
                </a>
                {m
                    .agenda_revision
                    .is_some()
                    .then(|| {
                        view! {
                            <a
                                class="button"
                                href=format!("/meetings/{id}/calendar.ics")
                                download=format!("meeting-{id}.ics")
                                rel="external"
                            >
                                {t.meeting_download_ics}
                            </a>
                        }
                    })}
                {m
                    .can_edit
                    .then(|| {
                        view! {
                            <a class="button" href=format!("/meetings/{id}/edit")>
                                {t.meeting_edit}
                            </a>
                            <a class="button" href=format!("/meetings/{id}/agenda/edit")>
                                {t.meeting_edit_agenda}
                            </a>
                            <a class="button" href=format!("/meetings/{id}/translations")>
                                {t.tr_title}
                            </a>
                        }
                    })}
            </nav>
            // Shown only where service workers exist (public/offline.js adds the class).
            <div class="offline-pack no-print">
                <button type="button" class="button" data-offline-pack=id aria-describedby="offline-help">
                    {t.offline_save}
                </button>
                <p class="help" id="offline-help">
                    {t.offline_help}
                </p>
                <p
                    class="offline-status"
                    role="status"
                    data-offline-status=id
                    data-working=t.offline_working
                    data-done=t.offline_done
                    data-failed=t.offline_failed
                ></p>
            </div>
            <div lang=description_lang>
                <MarkdownView html=m.shown_description_html.clone() />
            </div>
            {m
                .can_edit
                .then(|| {
                    let options: Vec<(String, String)> = m
                        .next_statuses
                        .iter()
                        .map(|s| (s.as_str().to_string(), t.meeting_status(*s).to_string()))
                        .collect();
                    let empty = options.is_empty();
                    view! {
                        <section class="panel" aria-labelledby="status-h">
                            <h2 id="status-h">{t.meeting_change_status}</h2>
                            {if empty {
                                view! { <p>{t.meeting_no_transitions}</p> }.into_any()
                            } else {
                                view! {
                                    <ActionForm action=status>
                                        <FormStatus errs />
                                        <input type="hidden" name="form[id]" value=id />
                                        <input type="hidden" name="form[version]" value=m.version />
                                        <SelectField errs name="to" label=t.meeting_status_to options />
                                        <SubmitButton label=t.meeting_status_apply pending=status.pending().into() />
                                    </ActionForm>
                                }
                                    .into_any()
                            }}
                        </section>
                    }
                })}
        </article>
    }
}

/// `/meetings/new` and `/meetings/:id/edit` (secretariat only).
#[component]
pub fn MeetingEditPage() -> impl IntoView {
    let id = use_meeting_id();
    // Ask the server directly rather than awaiting the shared user resource inside this
    // resource (a nested resource await can stall server rendering).
    let data = crate::components::resource(
        move || id.get(),
        move |id| async move {
            let user = current_user_info().await?;
            match (user, id) {
                (None, _) => Err(AppError::Unauthenticated),
                (Some(u), _) if u.role != Role::Secretariat => Err(AppError::Forbidden),
                (Some(_), None) => Ok(None),
                (Some(_), Some(id)) => get_meeting(id).await.map(Some),
            }
        },
    );
    view! { {loaded(data, |m| view! { <MeetingFormView m /> })} }
}

#[component]
fn MeetingFormView(m: Option<MeetingDetail>) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let save = use_action::<SaveMeeting>();
    let errs = FormErrors::of(save);
    let heading = if m.is_some() { t.meeting_edit } else { t.meeting_new };
    let kinds: Vec<(String, String)> = MeetingKind::ALL.iter().map(|k| (k.as_str().into(), t.meeting_kind(*k).into())).collect();
    let countries: Vec<(String, String)> = CountryCode::all().map(|c| (c.code().into(), c.name(lang).into())).collect();
    let (en, fr, pt) = m.as_ref().map(|m| (m.languages.en, m.languages.fr, m.languages.pt)).unwrap_or((true, false, false));
    let v = |f: fn(&MeetingDetail) -> String| m.as_ref().map(f).unwrap_or_default();
    let (id, version, kind, title, description, venue, city) = (
        v(|m| m.id.to_string()),
        v(|m| m.version.to_string()),
        v(|m| m.kind.as_str().into()),
        v(|m| m.title.clone()),
        v(|m| m.description_md.clone()),
        v(|m| m.venue.clone()),
        v(|m| m.city.clone()),
    );
    let (host_country, timezone, start_date, end_date, chair, co_organisers) = (
        v(|m| m.host_country.code().into()),
        // Empty while it is the host country's, so that it follows a change of host country.
        v(|m| if m.timezone == m.host_country.time_zone() { String::new() } else { m.timezone.clone() }),
        v(|m| m.start_date.to_string()),
        v(|m| m.end_date.to_string()),
        v(|m| m.chair.clone()),
        v(|m| m.co_organisers.join("\n")),
    );
    let source_lang = v(|m| m.source_lang.code().into());
    let source_options: Vec<(String, String)> =
        crate::domain::Lang::ALL.iter().map(|l| (l.code().into(), l.native_name().into())).collect();
    let editing = m.is_some();
    let cancel = m.as_ref().map(|m| format!("/meetings/{}", m.id)).unwrap_or_else(|| "/meetings".into());
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", heading, t.app_name)) />
        <h1>{heading}</h1>
        <ActionForm action=save attr:class="stacked-form">
            <FormStatus errs />
            <input type="hidden" name="form[id]" value=id />
            <input type="hidden" name="form[version]" value=version />
            <SelectField errs name="kind" label=t.meeting_kind options=kinds value=kind placeholder=t.form_choose />
            <TextField errs name="title" label=t.meeting_title value=title required=true />
            <TextArea errs name="description" label=t.meeting_description value=description help=t.markdown_help rows=8 />
            <div class="row">
                <TextField errs name="venue" label=t.meeting_venue value=venue required=true />
                <TextField errs name="city" label=t.meeting_city value=city required=true />
            </div>
            <div class="row">
                <SelectField
                    errs
                    name="host_country"
                    label=t.meeting_host_country
                    options=countries
                    value=host_country
                    placeholder=t.form_choose
                />
                <TextField errs name="timezone" label=t.meeting_timezone value=timezone help=t.meeting_timezone_help list="tz-list" />
                // Each member state's zone, named after the state, then a few others.
                <datalist id="tz-list">
                    {CountryCode::all().map(|c| view! { <option value=c.time_zone()>{c.name(lang)}</option> }).collect_view()}
                    {SUGGESTED_TIMEZONES
                        .iter()
                        .filter(|z| !CountryCode::all().any(|c| c.time_zone() == **z))
                        .map(|z| view! { <option value=*z></option> })
                        .collect_view()}
                </datalist>
            </div>
            <div class="row">
                <TextField errs name="start_date" label=t.meeting_start_date kind="date" value=start_date required=true />
                <TextField errs name="end_date" label=t.meeting_end_date kind="date" value=end_date required=true />
            </div>
            <fieldset class="field" aria-describedby="f-languages-error">
                <legend>{t.meeting_languages}</legend>
                <Checkbox name="lang_en" label="English" checked=en errs />
                <Checkbox name="lang_fr" label="Français" checked=fr errs />
                <Checkbox name="lang_pt" label="Português" checked=pt errs />
                {move || {
                    errs.0
                        .get()
                        .and_then(|e| e.field_errors().iter().find(|f| f.field == "languages").map(|f| t.field_error(&f.code)))
                        .map(|msg| {
                            view! {
                                <p class="field-error" id="f-languages-error">
                                    {msg}
                                </p>
                            }
                        })
                }}
            </fieldset>
            <SelectField
                errs
                name="source_lang"
                label=t.tr_source_lang
                options=source_options
                value=source_lang
                help=t.tr_source_lang_help
            />
            <TextField errs name="chair" label=t.meeting_chair value=chair />
            <TextArea
                errs
                name="co_organisers"
                label=t.meeting_co_organisers
                value=co_organisers
                help=t.meeting_co_organisers_help
                rows=3
            />
            <div class="form-actions">
                <SubmitButton label=if editing { t.form_save } else { t.form_create } pending=save.pending().into() />
                <a class="button" href=cancel>
                    {t.form_cancel}
                </a>
            </div>
        </ActionForm>
    }
}
