//! `/meetings/:id/translations` (what is missing per language) and
//! `/meetings/:id/translations/:lang` (the translation page of one language). Secretariat only.

use super::api::{get_translation_overview, get_translation_workbench, SaveTranslations};
use super::types::{TextStatus, WorkbenchData};
use crate::components::use_meeting_id;
use crate::components::{loaded, use_action, FormErrors, FormStatus, SubmitButton};
use crate::domain::{ErrorCode, Lang};
use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A status as text with a symbol (colour is never the only carrier of meaning).
#[component]
fn StatusCell(status: TextStatus) -> impl IntoView {
    let t = use_i18n();
    let (class, mark) = match status {
        TextStatus::Original => ("tr-original", "\u{25cf}"),
        TextStatus::Translated => ("tr-done", "\u{2713}"),
        TextStatus::Missing => ("tr-missing", "\u{2717}"),
        TextStatus::Outdated => ("tr-outdated", "\u{21bb}"),
    };
    view! {
        <span class=format!("tr-status {class}")>
            <span aria-hidden="true">{mark}" "</span>
            {t.text_status(status)}
        </span>
    }
}

#[component]
pub fn TranslationsPage() -> impl IntoView {
    let id = use_meeting_id();
    let query = use_query_map();
    let data = crate::components::resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_translation_overview(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let t = use_i18n();
    view! {
        {loaded(
            data,
            move |d| {
                let saved = query.read_untracked().get("saved").and_then(|l| Lang::from_code(&l));
                let mid = d.meeting_id;
                view! {
                    <Title text=crate::components::page_title(format!("{} · {} · {}", t.tr_title, d.meeting_title, t.app_name)) />
                    <header class="page-head">
                        <p class="kicker">
                            <a href=format!("/meetings/{mid}")>{d.meeting_title.clone()}</a>
                        </p>
                        <h1>{t.tr_title}</h1>
                    </header>
                    <p>{t.tr_intro}</p>
                    {saved
                        .map(|l| {
                            view! {
                                <div class="form-status ok" role="status">
                                    {format!("{} ({})", t.tr_saved, l.native_name())}
                                </div>
                            }
                        })}
                    {if d.targets.is_empty() {
                        view! { <p class="empty">{t.tr_nothing}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="tr-todo">
                                {d
                                    .to_do
                                    .iter()
                                    .map(|(l, n)| {
                                        view! {
                                            <li>
                                                <a class="button" href=format!("/meetings/{mid}/translations/{}", l.code())>
                                                    {format!("{} {}", t.tr_translate_into, l.native_name())}
                                                </a>
                                                " "
                                                {format!("{}{}{n}", t.tr_to_do, t.colon)}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                    <div class="table-scroll">
                        <table class="data">
                            <caption class="visually-hidden">{t.tr_title}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t.tr_kind}</th>
                                    <th scope="col">{t.tr_text}</th>
                                    {d
                                        .rows
                                        .first()
                                        .map(|r| {
                                            r.statuses
                                                .iter()
                                                .map(|(l, _)| {
                                                    view! {
                                                        <th scope="col" lang=l.code()>
                                                            {l.native_name()}
                                                        </th>
                                                    }
                                                })
                                                .collect_view()
                                        })}
                                </tr>
                            </thead>
                            <tbody>
                                {d
                                    .rows
                                    .iter()
                                    .map(|r| {
                                        view! {
                                            <tr>
                                                <td>{t.text_kind(r.kind)}</td>
                                                <td lang=d
                                                    .source_lang
                                                    .code()>
                                                    {match r.link.clone() {
                                                        Some(href) => view! { <a href=href>{r.excerpt.clone()}</a> }.into_any(),
                                                        None => r.excerpt.clone().into_any(),
                                                    }}
                                                </td>
                                                {r
                                                    .statuses
                                                    .iter()
                                                    .map(|(_, s)| {
                                                        view! {
                                                            <td>
                                                                <StatusCell status=*s />
                                                            </td>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            },
        )}
    }
}

#[component]
pub fn TranslationWorkbenchPage() -> impl IntoView {
    let id = use_meeting_id();
    let params = use_params_map();
    let data = crate::components::resource(
        move || (id.get(), params.read().get("lang").unwrap_or_default()),
        |(id, lang)| async move {
            match id {
                Some(id) => get_translation_workbench(id, lang).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! { {loaded(data, |d| view! { <Workbench d /> })} }
}

/// Where the text `key` was in the form a refusal echoes (`key-N`).
fn sent_slot(e: &AppError, key: &str) -> Option<usize> {
    (0..).map_while(|m| e.echo(&format!("key-{m}")).map(|k| (m, k == key))).find(|(_, same)| *same).map(|(m, _)| m)
}

#[component]
fn Workbench(d: WorkbenchData) -> impl IntoView {
    let t = use_i18n();
    let save = use_action::<SaveTranslations>();
    let errs = FormErrors::of(save);
    let mid = d.meeting_id;
    let heading = format!("{} {}", t.tr_translate_into, d.lang.native_name());
    let target = d.lang.code();
    let source = d.source_lang.code();
    // Why text N of the refused form was refused, if it was.
    let refusal = move |n: usize| {
        errs.0.with(|e| e.as_ref().and_then(|e| e.field_errors().iter().find(|f| f.field == format!("text-{n}")).map(|f| f.code.clone())))
    };
    // A value the refused form sent for its text N (`text`, `base`, `source`).
    let echoed = move |name: &str, n: usize| errs.0.with(|e| e.as_ref().and_then(|e| e.echo(&format!("{name}-{n}")).map(str::to_string)));
    view! {
        <Title text=crate::components::page_title(format!("{} · {} · {}", heading, d.meeting_title, t.app_name)) />
        <header class="page-head">
            <p class="kicker">
                <a href=format!("/meetings/{mid}/translations")>{t.tr_title}</a>
                " · "
                {d.meeting_title.clone()}
            </p>
            <h1>{heading.clone()}</h1>
        </header>
        <p>{t.tr_workbench_intro}</p>
        <ActionForm action=save attr:class="stacked-form">
            <FormStatus errs />
            <input type="hidden" name="form[meeting_id]" value=mid />
            <input type="hidden" name="form[lang]" value=target />
            {d
                .entries
                .into_iter()
                .enumerate()
                .map(|(n, e)| {
                    let id = format!("tr-{n}");
                    let src_id = format!("tr-{n}-source");
                    let err_id = format!("tr-{n}-error");
                    let slot = {
                        let key = e.key.clone();
                        Memo::new(move |_| {
                            errs.0
                                .with(|x| match x {
                                    Some(x) if x.echo("key-0").is_some() => sent_slot(x, &key),
                                    _ => Some(n),
                                })
                        })
                    };
                    let msg = move || slot.get().and_then(refusal).map(|c| t.field_error(&c));
                    let value = untrack(|| slot.get().and_then(|m| echoed("text", m))).unwrap_or(e.text.clone());
                    let label = if e.context.is_empty() {
                        t.text_kind(e.kind).to_string()
                    } else {
                        format!("{} \u{00b7} {}", t.text_kind(e.kind), e.context)
                    };
                    let described = {
                        let (src_id, err_id) = (src_id.clone(), err_id.clone());
                        move || if msg().is_some() { format!("{src_id} {err_id}") } else { src_id.clone() }
                    };
                    let invalid = move || msg().is_some().then_some("true");
                    let base = {
                        let started = e.base.clone();
                        move || {
                            slot.get()
                                .and_then(|m| match refusal(m) {
                                    Some(ErrorCode::ChangedMeanwhile { base, .. }) => Some(base),
                                    _ => echoed("base", m),
                                })
                                .unwrap_or_else(|| started.clone())
                        }
                    };
                    let shown_source = {
                        let digest = e.source_digest.clone();
                        move || slot.get().and_then(|m| echoed("source", m)).unwrap_or_else(|| digest.clone())
                    };
                    // After a refusal the page shows what was sent, with the versions it was written
                    // against: found by key in the refused form, which may list the texts at other
                    // places if texts were added or removed since (a new page without JavaScript).
                    // The version this text was started from; after a "changed meanwhile" refusal,
                    // the version it holds now, so saving again replaces it knowingly.
                    view! {
                        <div class="field tr-entry" class:has-error=move || msg().is_some()>
                            <input type="hidden" name=format!("form[keys][{n}]") value=e.key.clone() />
                            <input type="hidden" name=format!("form[bases][{n}]") value=base />
                            <input type="hidden" name=format!("form[sources][{n}]") value=shown_source />
                            <label for=id.clone()>{label}" "<StatusCell status=e.status /></label>
                            <blockquote class="tr-source" id=src_id.clone() lang=source>
                                <span class="visually-hidden">{format!("{}{}", t.tr_source, t.colon)}</span>
                                {e.source.clone()}
                            </blockquote>
                            {if e.multiline {
                                view! {
                                    <textarea
                                        id=id
                                        name=format!("form[texts][{n}]")
                                        rows=4
                                        lang=target
                                        aria-describedby=described
                                        aria-invalid=invalid
                                    >
                                        {crate::components::rcdata(value)}
                                    </textarea>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <input
                                        id=id
                                        type="text"
                                        name=format!("form[texts][{n}]")
                                        value=value
                                        lang=target
                                        aria-describedby=described
                                        aria-invalid=invalid
                                    />
                                }
                                    .into_any()
                            }}
                            {move || {
                                msg()
                                    .map(|m| {
                                        view! {
                                            <p class="field-error" id=err_id.clone()>
                                                {m}
                                            </p>
                                        }
                                    })
                            }}
                        </div>
                    }
                })
                .collect_view()}
            <div class="form-actions">
                <SubmitButton label=t.tr_save pending=save.pending().into() />
                <a class="button" href=format!("/meetings/{mid}/translations")>
                    {t.form_cancel}
                </a>
            </div>
        </ActionForm>
    }
}
