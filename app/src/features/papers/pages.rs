//! Paper pages: a meeting's papers, one paper (with its translations and, for the secretariat,
//! its versions), an earlier version, and the secretariat's form.

use super::api::{get_paper, get_paper_version, list_papers, RemovePaperFile, SavePaper};
use super::types::{human_size, FileInfo, PaperView};
use crate::components::use_meeting_id;
use crate::components::{loaded, use_action, FormErrors, FormStatus, MarkdownView, SelectField, SubmitButton, TextArea, TextField};
use crate::domain::{parse_id, Access, Lang, Role};
use crate::error::AppError;
use crate::features::auth::api::current_user_info;
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
    let t = use_i18n();
    let lang = use_lang();
    let data = crate::components::resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => list_papers(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        {loaded(
            data,
            move |l| {
                view! {
                    <Title text=crate::components::page_title(format!("{} · {} · {}", t.papers_title, l.meeting_title, t.app_name)) />
                    <header class="page-head">
                        <p class="kicker">
                            <a href=format!("/meetings/{}", l.meeting_id)>{l.meeting_title.clone()}</a>
                        </p>
                        <h1>{t.papers_title}</h1>
                    </header>
                    <p class="actions">
                        {l
                            .can_edit
                            .then(|| {
                                view! {
                                    <a class="button primary" href=format!("/papers/new?meeting={}", l.meeting_id)>
                                        {t.paper_new}
                                    </a>
                                }
                            })}
                        {(!l.papers.is_empty())
                            .then(|| {
                                view! {
                                    <a class="button" href=format!("/meetings/{}/pack.zip", l.meeting_id) download="">
                                        {t.pack_download.replace("{n}", &human_size(t, l.pack_size))}
                                    </a>
                                }
                            })}
                    </p>
                    <ForDelegates n=l.for_delegates signed_in=l.signed_in meeting_id=l.meeting_id />
                    {if l.papers.is_empty() {
                        view! { <p class="empty">{t.papers_none}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="delegation">
                                {l
                                    .papers
                                    .into_iter()
                                    .map(|p| {
                                        view! {
                                            <li class="delegate-card">
                                                <p>
                                                    <a href=format!("/papers/{}", p.id) hreflang=p.lang.code()>
                                                        <strong>{p.title}</strong>
                                                    </a>
                                                </p>
                                                <p class="meta">
                                                    {format!(
                                                        "{} · {} · {} {}",
                                                        p.lang.native_name(),
                                                        t.access(p.access),
                                                        t.paper_updated,
                                                        format_date(lang, p.updated_at.date_naive()),
                                                    )}
                                                </p>
                                                {p
                                                    .agenda_item
                                                    .map(|(_, label)| {
                                                        view! { <p class="meta">{format!("{}{}{label}", t.paper_agenda_item, t.colon)}</p> }
                                                    })}
                                                <FileList files=p.files />
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                }
            },
        )}
    }
}

/// `/papers/:pid`
#[component]
pub fn PaperPage() -> impl IntoView {
    let id = use_paper_id();
    let data = crate::components::resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_paper(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! { {loaded(data, |p| view! { <PaperArticle p /> })} }
}

/// Attached files with their type and size, as download links.
#[component]
fn FileList(files: Vec<FileInfo>) -> impl IntoView {
    let t = use_i18n();
    (!files.is_empty()).then(|| {
        view! {
            <ul class="files">
                {files
                    .into_iter()
                    .map(|f| {
                        view! {
                            <li>
                                <a href=f.href() download=f.name.clone()>
                                    {f.name.clone()}
                                </a>
                                <span class="meta">{format!(" ({}, {})", file_kind_label(&f.content_type), human_size(t, f.size))}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

fn file_kind_label(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "PDF",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "Word",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "Excel",
        "image/png" => "PNG",
        "image/jpeg" => "JPEG",
        "image/gif" => "GIF",
        "image/webp" => "WebP",
        _ => "file",
    }
}

/// The secretariat's file section: remove buttons and a plain multipart upload form (no
/// JavaScript needed; a refused file comes back as `?file_error=` and is shown on the field).
#[component]
fn FileManager(paper_id: i32, files: Vec<FileInfo>) -> impl IntoView {
    let t = use_i18n();
    let remove = ServerAction::<RemovePaperFile>::new();
    let error = crate::components::use_file_error();
    view! {
        {(!files.is_empty())
            .then(|| {
                view! {
                    <ul class="files">
                        {files
                            .into_iter()
                            .map(|f| {
                                view! {
                                    <li>
                                        <a href=f.href()>{f.name.clone()}</a>
                                        <span class="meta">
                                            {format!(" ({}, {}) ", file_kind_label(&f.content_type), human_size(t, f.size))}
                                        </span>
                                        <ActionForm action=remove attr:class="inline-form">
                                            <input type="hidden" name="file_id" value=f.id />
                                            <button
                                                type="submit"
                                                class="button small"
                                                aria-label=format!("{} {}", t.paper_remove_file, f.name)
                                            >
                                                {t.paper_remove_file}
                                            </button>
                                        </ActionForm>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        <form method="post" action=format!("/papers/{paper_id}/files") enctype="multipart/form-data" class="stacked-form">
            <div class="field" class:has-error=move || error().is_some()>
                <label for="paper-file">{t.paper_file_label}</label>
                <p class="help" id="paper-file-help">
                    {t.paper_file_help}
                </p>
                <input
                    type="file"
                    id="paper-file"
                    name="file"
                    required
                    accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.webp"
                    aria-invalid=move || error().is_some().then_some("true")
                    aria-describedby=move || if error().is_some() { "paper-file-help paper-file-error" } else { "paper-file-help" }
                />
                {move || {
                    error()
                        .map(|m| {
                            view! {
                                <p class="field-error" id="paper-file-error">
                                    {m}
                                </p>
                            }
                        })
                }}
            </div>
            <button type="submit" class="button">
                {t.paper_attach}
            </button>
        </form>
    }
}

#[component]
fn PaperArticle(p: PaperView) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let id = p.id;
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", p.title, t.app_name)) />
        <article class="paper" lang=p.lang.code()>
            <header class="page-head">
                <p class="kicker">
                    <a href=format!("/meetings/{}/papers", p.meeting_id)>{p.meeting_title.clone()}</a>
                </p>
                <h1>{p.title.clone()}</h1>
                <p class="meta">
                    {format!(
                        "{} · {} · {} {} · {} {}",
                        p.lang.native_name(),
                        t.access(p.access),
                        t.paper_version,
                        p.version,
                        t.paper_updated,
                        format_date(lang, p.updated_at.date_naive()),
                    )}
                </p>
            </header>
            {(!p.translations.is_empty())
                .then(|| {
                    view! {
                        <p class="translations">
                            <strong>{t.paper_translations}{t.colon}</strong>
                            {p
                                .translations
                                .iter()
                                .map(|tr| {
                                    view! {
                                        <a href=format!("/papers/{}", tr.id) hreflang=tr.lang.code() lang=tr.lang.code()>
                                            {tr.lang.native_name()}
                                        </a>
                                        " "
                                    }
                                })
                                .collect_view()}
                        </p>
                    }
                })}
            {p
                .can_edit
                .then(|| {
                    view! {
                        <p class="actions no-print">
                            <a class="button" href=format!("/papers/{id}/edit")>
                                {t.paper_edit}
                            </a>
                            <a class="button" href=format!("/papers/new?meeting={}&translation_of={id}", p.meeting_id)>
                                {t.paper_translate}
                            </a>
                        </p>
                    }
                })}
            {p.agenda_item.clone().map(|(_, label)| view! { <p class="meta">{format!("{}{}{label}", t.paper_agenda_item, t.colon)}</p> })}
            <MarkdownView html=p.body_html.clone() />
            {(p.can_edit || !p.files.is_empty())
                .then(|| {
                    view! {
                        <section id="files" aria-labelledby="files-h">
                            <h2 id="files-h">{t.paper_files}</h2>
                            {if p.can_edit {
                                view! { <FileManager paper_id=id files=p.files.clone() /> }.into_any()
                            } else {
                                view! { <FileList files=p.files.clone() /> }.into_any()
                            }}
                        </section>
                    }
                })}
            {(!p.versions.is_empty())
                .then(|| {
                    view! {
                        <section class="panel no-print" aria-labelledby="versions-h">
                            <h2 id="versions-h">{t.paper_versions}</h2>
                            <ul>
                                {p
                                    .versions
                                    .iter()
                                    .map(|(n, at)| {
                                        view! {
                                            <li>
                                                <a href=format!("/papers/{id}/versions/{n}")>{format!("{} {n}", t.paper_version)}</a>
                                                {format!(" \u{2014} {}", format_date(lang, at.date_naive()))}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
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
    let data = crate::components::resource(
        move || (id.get(), params.read().get("n").and_then(|n| parse_id(&n))),
        |(id, n)| async move {
            match (id, n) {
                (Some(id), Some(n)) => get_paper_version(id, n).await.map(|v| (id, n, v)),
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        {loaded(
            data,
            move |(id, n, (title, html))| {
                view! {
                    <Title text=crate::components::page_title(format!("{title} · {} {n} · {}", t.paper_version, t.app_name)) />
                    <p class="kicker">
                        <a href=format!("/papers/{id}")>{title.clone()}</a>
                    </p>
                    <h1>{format!("{title} \u{2014} {} {n}", t.paper_version)}</h1>
                    <MarkdownView html />
                }
            },
        )}
    }
}

/// `/papers/new?meeting=ID[&translation_of=ID]` and `/papers/:pid/edit` (secretariat)
#[component]
pub fn PaperEditPage() -> impl IntoView {
    let id = use_paper_id();
    let query = use_query_map();
    let data = crate::components::resource(
        move || (id.get(), query.read().get("meeting").and_then(|m| parse_id(&m))),
        |(id, meeting)| async move {
            match current_user_info().await? {
                None => return Err(AppError::Unauthenticated),
                Some(u) if u.role != Role::Secretariat => return Err(AppError::Forbidden),
                Some(_) => {}
            }
            match (id, meeting) {
                (Some(id), _) => get_paper(id).await.map(|p| {
                    let items = p.agenda_items.clone();
                    (Some(p), items)
                }),
                (None, Some(m)) => list_papers(m).await.map(|l| (None, l.agenda_items)),
                (None, None) => Err(AppError::NotFound),
            }
        },
    );
    view! {
        {loaded(
            data,
            move |(p, agenda_items)| {
                let meeting = query.read_untracked().get("meeting").unwrap_or_default();
                let translation_of = query.read_untracked().get("translation_of").unwrap_or_default();
                view! { <PaperForm p meeting translation_of agenda_items /> }
            },
        )}
    }
}

#[component]
fn PaperForm(p: Option<PaperView>, meeting: String, translation_of: String, agenda_items: Vec<(i32, String)>) -> impl IntoView {
    let agenda_items: Vec<(String, String)> = agenda_items.into_iter().map(|(id, l)| (id.to_string(), l)).collect();
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
    let agenda_item = p.as_ref().and_then(|p| p.agenda_item.as_ref()).map(|(id, _)| id.to_string()).unwrap_or_default();
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", heading, t.app_name)) />
        <h1>{heading}</h1>
        <ActionForm action=save attr:class="stacked-form">
            <FormStatus errs />
            <input type="hidden" name="form[id]" value=id />
            <input type="hidden" name="form[version]" value=version />
            <input type="hidden" name="form[meeting_id]" value=meeting_id />
            <input type="hidden" name="form[translation_of]" value=translation_of />
            <div class="row">
                <SelectField errs name="lang" label=t.paper_lang options=langs value=lang placeholder=t.form_choose />
                <SelectField errs name="access" label=t.paper_access options=access value=level />
            </div>
            <SelectField
                errs
                name="agenda_item_id"
                label=t.paper_agenda_item
                options=agenda_items
                value=agenda_item
                placeholder=t.paper_agenda_none
            />
            <TextField errs name="title" label=t.paper_title value=title required=true />
            <TextArea errs name="body" label=t.paper_body value=body help=t.markdown_help rows=16 />
            <SubmitButton label=t.form_save pending=save.pending().into() />
        </ActionForm>
    }
}

/// What a reader who may not read the delegates' papers is told instead of seeing an empty list:
/// how many there are, and (signed out) where to sign in to read them.
#[component]
fn ForDelegates(n: usize, signed_in: bool, meeting_id: i32) -> impl IntoView {
    let t = use_i18n();
    (n > 0).then(|| {
        view! {
            <p class="notice">
                {t.papers_for_delegates.replace("{n}", &n.to_string())}
                {(!signed_in)
                    .then(|| {
                        view! {
                            " "
                            <a href=format!("/login?next=/meetings/{meeting_id}/papers")>{t.sign_in_to_read}</a>
                        }
                    })}
            </p>
        }
    })
}
