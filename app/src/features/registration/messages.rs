//! The secretariat's messages to a meeting's participants: `/meetings/:id/messages` (who the
//! filters reach, in which language; the message in each working language; what was sent) and
//! `/meetings/:id/messages/:mid` (a sent message, its recipients and their delivery). Both work
//! without JavaScript: the filters are a GET form, sending is a server function's form.

use super::api::{get_message, get_messages, SendMessage};
use super::types::{MessageDetail, MessagesPage};
use crate::components::{loaded, use_action, use_meeting_id, FormErrors, FormStatus, MarkdownView, SubmitButton, TextArea, TextField};
use crate::domain::{CountryCode, Lang, RegistrationCategory, RegistrationStatus};
use crate::error::AppError;
use crate::i18n::{use_i18n, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/meetings/:id/messages?status=&category=&country=` (secretariat).
#[component]
pub fn MessagesAdminPage() -> impl IntoView {
    let id = use_meeting_id();
    let query = use_query_map();
    let data = crate::components::resource(
        move || {
            let q = query.read();
            let get = |k: &str| q.get(k).unwrap_or_default();
            (id.get(), get("status"), get("category"), get("country"))
        },
        |(id, status, category, country)| async move {
            let id = id.ok_or(AppError::NotFound)?;
            get_messages(id, status, category, country).await
        },
    );
    view! { {loaded(data, |p| view! { <MessagesAdminView p /> })} }
}

#[component]
fn MessagesAdminView(p: MessagesPage) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let send = use_action::<SendMessage>();
    let errs = FormErrors::of(send);
    let done = Signal::derive(move || send.value().with(|v| matches!(v, Some(Ok(_))).then(|| t.msg_sent_ok.to_string())));
    let nobody = move || {
        errs.0.with(|e| e.as_ref().and_then(|e| e.field_errors().iter().find(|f| f.field == "status").map(|f| t.field_error(&f.code))))
    };
    let mid = p.meeting_id;
    let source = p.languages.first().copied().unwrap_or_default();
    let option = |value: &str, label: &str, current: &str| {
        view! {
            <option value=value.to_string() selected=value == current>
                {label.to_string()}
            </option>
        }
    };
    let statuses = [RegistrationStatus::Approved, RegistrationStatus::Pending, RegistrationStatus::Waitlisted];
    let n = p.recipients.len();
    view! {
        <Title text=crate::components::page_title(format!("{} · {} · {}", t.msg_title, p.meeting_title, t.app_name)) />
        <header class="page-head">
            <p class="kicker">
                <a href=format!("/meetings/{mid}")>{p.meeting_title.clone()}</a>
                " · "
                <a href=format!("/meetings/{mid}/registrations")>{t.reg_list_title}</a>
            </p>
            <h1>{t.msg_title}</h1>
        </header>
        <section class="panel" aria-labelledby="msg-who-h">
            <h2 id="msg-who-h">{t.msg_who}</h2>
            <form method="get" class="filters">
                <div class="field">
                    <label for="msg-status">{t.reg_status}</label>
                    <select id="msg-status" name="status">
                        {option("", t.msg_any, &p.status)}
                        {statuses.into_iter().map(|s| option(s.as_str(), t.reg_status(s), &p.status)).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="msg-category">{t.reg_category}</label>
                    <select id="msg-category" name="category">
                        {option("", t.msg_any, &p.category)}
                        {RegistrationCategory::ALL.iter().map(|c| option(c.as_str(), t.reg_category(*c), &p.category)).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="msg-country">{t.reg_country}</label>
                    <select id="msg-country" name="country">
                        {option("", t.msg_any, &p.country)}
                        {CountryCode::all().map(|c| option(c.code(), c.name(lang), &p.country)).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">
                    {t.msg_show}
                </button>
            </form>
            {if n == 0 {
                view! { <p class="empty">{t.msg_nobody}</p> }.into_any()
            } else {
                view! {
                    <p>{t.msg_reaches.replace("{n}", &n.to_string())}</p>
                    <div class="table-scroll" tabindex="0" role="region" aria-label=t.msg_recipients>
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{t.reg_name}</th>
                                    <th scope="col">{t.reg_country}</th>
                                    <th scope="col">{t.reg_category}</th>
                                    <th scope="col">{t.reg_status}</th>
                                    <th scope="col">{t.msg_language}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {p
                                    .recipients
                                    .iter()
                                    .map(|r| {
                                        view! {
                                            <tr>
                                                <td>{r.name.clone()}</td>
                                                <td>{r.affiliation.clone()}</td>
                                                <td>{t.reg_category(r.category)}</td>
                                                <td>{t.reg_status(r.status)}</td>
                                                <td>{t.lang_name(r.lang)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="msg-compose-h">
            <h2 id="msg-compose-h">{t.msg_compose}</h2>
            <ActionForm action=send attr:class="stacked-form">
                <FormStatus errs success=done />
                {move || nobody().map(|m| view! { <p class="field-error">{m}</p> })}
                <input type="hidden" name="form[meeting_id]" value=mid />
                <input type="hidden" name="form[token]" value=p.token.clone() />
                <input type="hidden" name="form[status]" value=p.status.clone() />
                <input type="hidden" name="form[category]" value=p.category.clone() />
                <input type="hidden" name="form[country]" value=p.country.clone() />
                <p class="help">{t.msg_fallback.replace("{lang}", t.lang_name(source))}</p>
                {p
                    .languages
                    .iter()
                    .map(|l| {
                        let l = *l;
                        let legend = if l == source {
                            format!("{} {}", t.lang_name(l), t.msg_required_lang)
                        } else {
                            t.lang_name(l).to_string()
                        };
                        let (subject, body) = match l {
                            Lang::En => ("subject_en", "body_en"),
                            Lang::Fr => ("subject_fr", "body_fr"),
                            Lang::Pt => ("subject_pt", "body_pt"),
                        };
                        view! {
                            <fieldset class="field" lang=l.code()>
                                <legend>{legend}</legend>
                                <TextField errs name=subject label=t.msg_subject required=l == source />
                                <TextArea errs name=body label=t.msg_body help=t.markdown_help rows=6 />
                            </fieldset>
                        }
                    })
                    .collect_view()}
                <SubmitButton label=t.msg_send pending=send.pending().into() />
            </ActionForm>
        </section>
        <section aria-labelledby="msg-sent-h">
            <h2 id="msg-sent-h">{t.msg_sent}</h2>
            {if p.sent.is_empty() {
                view! { <p class="empty">{t.msg_none}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{t.msg_subject}</th>
                                    <th scope="col">{t.msg_sent_at}</th>
                                    <th scope="col">{t.msg_recipients}</th>
                                    <th scope="col">{t.msg_delivered}</th>
                                    <th scope="col">{t.msg_failed}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {p
                                    .sent
                                    .iter()
                                    .map(|m| {
                                        view! {
                                            <tr>
                                                <td>
                                                    <a href=format!("/meetings/{mid}/messages/{}", m.id)>{m.subject.clone()}</a>
                                                </td>
                                                <td>{m.sent_at.clone()}</td>
                                                <td>{m.recipients}</td>
                                                <td>{m.delivered}</td>
                                                <td>{m.failed}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

/// `/meetings/:id/messages/:mid` (secretariat): a sent message and where each email stands.
#[component]
pub fn MessagePage() -> impl IntoView {
    let params = use_params_map();
    let data = crate::components::resource(
        move || params.read().get("mid").and_then(|m| m.parse::<i32>().ok()),
        |mid| async move { get_message(mid.ok_or(AppError::NotFound)?).await },
    );
    view! { {loaded(data, |d| view! { <MessageView d /> })} }
}

#[component]
fn MessageView(d: MessageDetail) -> impl IntoView {
    let t = use_i18n();
    let mid = d.meeting_id;
    let subject = d.texts.first().map(|x| x.1.clone()).unwrap_or_default();
    let state = move |s: &str| match s {
        "sent" => t.msg_state_sent,
        "failed" => t.msg_state_failed,
        _ => t.msg_state_pending,
    };
    view! {
        <Title text=crate::components::page_title(format!("{} · {} · {}", subject, d.meeting_title, t.app_name)) />
        <header class="page-head">
            <p class="kicker">
                <a href=format!("/meetings/{mid}")>{d.meeting_title.clone()}</a>
                " · "
                <a href=format!("/meetings/{mid}/messages")>{t.msg_title}</a>
            </p>
            <h1>{subject.clone()}</h1>
            <p class="meta">{format!("{} {}", t.msg_sent_at, d.sent_at)}</p>
        </header>
        {d
            .texts
            .iter()
            .map(|(l, s, html)| {
                view! {
                    <section class="panel" lang=l.code()>
                        <h2>{format!("{} \u{2014} {}", t.lang_name(*l), s)}</h2>
                        <MarkdownView html=html.clone() />
                    </section>
                }
            })
            .collect_view()}
        <section aria-labelledby="msg-to-h">
            <h2 id="msg-to-h">{format!("{} ({})", t.msg_recipients, d.recipients.len())}</h2>
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t.reg_name}</th>
                            <th scope="col">{t.reg_email}</th>
                            <th scope="col">{t.msg_language}</th>
                            <th scope="col">{t.msg_state}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {d
                            .recipients
                            .iter()
                            .map(|r| {
                                let language = if r.translated {
                                    t.lang_name(r.lang).to_string()
                                } else {
                                    format!("{} \u{2014} {}", t.lang_name(r.lang), t.msg_original)
                                };
                                view! {
                                    <tr>
                                        <td>{r.name.clone()}</td>
                                        <td>{r.email.clone()}</td>
                                        <td>{language}</td>
                                        <td>{state(&r.state)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
