//! Paper pages: a meeting's papers, one paper (with its translations and, for the secretariat,
//! its versions), an earlier version, and the secretariat's form.

use super::api::{get_paper, get_paper_version, list_papers, SavePaper};
use super::types::PaperView;
use crate::components::{
    loaded, use_action, use_refresh, FormErrors, FormStatus, MarkdownView, SelectField, SubmitButton, TextArea, TextField,
};
use crate::domain::{parse_id, Access, Lang, Role};
use crate::error::AppError;
use crate::features::auth::api::current_user_info;
use crate::features::meetings::pages::use_meeting_id;
use crate::i18n::{format_date, use_i18n, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn use_paper_id() -> Memo<Option<i32>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("pid").and_then(|s| parse_id(&s)))
}

/// `/meetings/:id/papers`
#[component]
pub fn PapersPage() -> impl IntoView {
    let id = use_meeting_id();
    let refresh = use_refresh();
    let t = use_i18n();
    let lang = use_lang();
    let data = Resource::new(
        move || (id.get(), refresh.get()),
        |(id, _)| async move {
            match id {
                Some(id) => list_papers(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        {loaded(data, move |l| view! {
            <Title text=format!("{} · {} · {}", t.papers_title, l.meeting_title, t.app_name)/>
            <header class="page-head">
                <p class="kicker"><a href=format!("/meetings/{}", l.meeting_id)>{l.meeting_title.clone()}</a></p>
                <h1>{t.papers_title}</h1>
            </header>
            {l.can_edit.then(|| view! { <p><a class="button primary" href=format!("/papers/new?meeting={}", l.meeting_id)>{t.paper_new}</a></p> })}
            {if l.papers.is_empty() {
                view! { <p class="empty">{t.papers_none}</p> }.into_any()
            } else {
                view! {
                    <ul class="delegation">
                        {l.papers.into_iter().map(|p| view! {
                            <li class="delegate-card">
                                <p><a href=format!("/papers/{}", p.id) hreflang=p.lang.code()><strong>{p.title}</strong></a></p>
                                <p class="meta">{format!("{} · {} · {} {}", p.lang.native_name(), t.access(p.access), t.paper_updated, format_date(lang, p.updated_at.date_naive()))}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        })}
    }
}

/// `/papers/:pid`
#[component]
pub fn PaperPage() -> impl IntoView {
    let id = use_paper_id();
    let refresh = use_refresh();
    let data = Resource::new(
        move || (id.get(), refresh.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_paper(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! { {loaded(data, |p| view! { <PaperArticle p/> })} }
}

#[component]
fn PaperArticle(p: PaperView) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let id = p.id;
    view! {
        <Title text=format!("{} · {}", p.title, t.app_name)/>
        <article class="paper" lang=p.lang.code()>
            <header class="page-head">
                <p class="kicker"><a href=format!("/meetings/{}/papers", p.meeting_id)>{p.meeting_title.clone()}</a></p>
                <h1>{p.title.clone()}</h1>
                <p class="meta">{format!("{} · {} · {} {} · {} {}", p.lang.native_name(), t.access(p.access), t.paper_version, p.version, t.paper_updated, format_date(lang, p.updated_at.date_naive()))}</p>
            </header>
            {(!p.translations.is_empty()).then(|| view! {
                <p class="translations"><strong>{t.paper_translations}": "</strong>
                    {p.translations.iter().map(|tr| view! { <a href=format!("/papers/{}", tr.id) hreflang=tr.lang.code() lang=tr.lang.code()>{tr.lang.native_name()}</a>" " }).collect_view()}
                </p>
            })}
            {p.can_edit.then(|| view! {
                <p class="actions no-print">
                    <a class="button" href=format!("/papers/{id}/edit")>{t.paper_edit}</a>
                    <a class="button" href=format!("/papers/new?meeting={}&translation_of={id}", p.meeting_id)>{t.paper_translate}</a>
                </p>
            })}
            <MarkdownView html=p.body_html.clone()/>
            {(!p.versions.is_empty()).then(|| view! {
                <section class="panel no-print" aria-labelledby="versions-h">
                    <h2 id="versions-h">{t.paper_versions}</h2>
                    <ul>
                        {p.versions.iter().map(|(n, at)| view! {
                            <li><a href=format!("/papers/{id}/versions/{n}")>{format!("{} {n}", t.paper_version)}</a>{format!(" \u{2014} {}", format_date(lang, at.date_naive()))}</li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
    }
}

/// `/papers/:pid/versions/:n` (secretariat)
#[component]
pub fn PaperVersionPage() -> impl IntoView {
    let id = use_paper_id();
    let params = use_params_map();
    let t = use_i18n();
    let data = Resource::new(
        move || (id.get(), params.read().get("n").and_then(|n| parse_id(&n))),
        |(id, n)| async move {
            match (id, n) {
                (Some(id), Some(n)) => get_paper_version(id, n).await.map(|v| (id, n, v)),
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        {loaded(data, move |(id, n, (title, html))| view! {
            <Title text=format!("{title} · {} {n} · {}", t.paper_version, t.app_name)/>
            <p class="kicker"><a href=format!("/papers/{id}")>{title.clone()}</a></p>
            <h1>{format!("{title} \u{2014} {} {n}", t.paper_version)}</h1>
            <MarkdownView html/>
        })}
    }
}

/// `/papers/new?meeting=ID[&translation_of=ID]` and `/papers/:pid/edit` (secretariat)
#[component]
pub fn PaperEditPage() -> impl IntoView {
    let id = use_paper_id();
    let query = use_query_map();
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match current_user_info().await? {
                None => return Err(AppError::Unauthenticated),
                Some(u) if u.role != Role::Secretariat => return Err(AppError::Forbidden),
                Some(_) => {}
            }
            match id {
                Some(id) => get_paper(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        {loaded(data, move |p| {
            let meeting = query.read_untracked().get("meeting").unwrap_or_default();
            let translation_of = query.read_untracked().get("translation_of").unwrap_or_default();
            view! { <PaperForm p meeting translation_of/> }
        })}
    }
}

#[component]
fn PaperForm(p: Option<PaperView>, meeting: String, translation_of: String) -> impl IntoView {
    let t = use_i18n();
    let save = use_action::<SavePaper>();
    let errs = FormErrors::of(save);
    let heading = if p.is_some() {
        t.paper_edit
    } else if translation_of.is_empty() {
        t.paper_new
    } else {
        t.paper_translate
    };
    let langs: Vec<(String, String)> = Lang::ALL.iter().map(|l| (l.code().to_string(), l.native_name().to_string())).collect();
    let access: Vec<(String, String)> = Access::ALL.iter().map(|a| (a.as_str().to_string(), t.access(*a).to_string())).collect();
    let v = |f: fn(&PaperView) -> String| p.as_ref().map(f).unwrap_or_default();
    let (id, version, lang, level, title, body) = (
        v(|p| p.id.to_string()),
        v(|p| p.version.to_string()),
        v(|p| p.lang.code().to_string()),
        p.as_ref().map(|p| p.access.as_str().to_string()).unwrap_or_else(|| "delegates".into()),
        v(|p| p.title.clone()),
        v(|p| p.body_md.clone()),
    );
    let meeting_id = p.as_ref().map(|p| p.meeting_id.to_string()).unwrap_or(meeting);
    view! {
        <Title text=format!("{} · {}", heading, t.app_name)/>
        <h1>{heading}</h1>
        <ActionForm action=save attr:class="stacked-form">
            <FormStatus errs/>
            <input type="hidden" name="form[id]" value=id/>
            <input type="hidden" name="form[version]" value=version/>
            <input type="hidden" name="form[meeting_id]" value=meeting_id/>
            <input type="hidden" name="form[translation_of]" value=translation_of/>
            <div class="row">
                <SelectField errs name="lang" label=t.paper_lang options=langs value=lang placeholder=t.form_choose/>
                <SelectField errs name="access" label=t.paper_access options=access value=level/>
            </div>
            <TextField errs name="title" label=t.paper_title value=title required=true/>
            <TextArea errs name="body" label=t.paper_body value=body help=t.markdown_help rows=16/>
            <SubmitButton label=t.form_save pending=save.pending().into()/>
        </ActionForm>
    }
}
