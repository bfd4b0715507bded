//! Minutes pages: the working page (reading, comments, the secretariat's workflow) and a
//! print view without forms or comments.

use super::api::{get_minutes, CommentMinutes, CreateMinutes, DeleteMinutesSection, IssueCorrigendum, MinutesStep, SaveMinutesSection};
use super::types::{MinutesPageData, MinutesView, SectionView};
use crate::components::use_meeting_id;
use crate::components::{loaded, use_action, FormErrors, FormStatus, MarkdownView, SelectField, SubmitButton, TextArea, TextField};
use crate::domain::{Access, MinutesStatus};
use crate::error::AppError;
use crate::i18n::{format_date, use_i18n, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;

fn use_minutes() -> Resource<Result<MinutesPageData, AppError>, crate::components::Json> {
    let id = use_meeting_id();
    crate::components::resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_minutes(id).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

/// Status line: "Circulated for comments · Comments until 5 December 2026", "Adopted on … by …".
#[component]
fn MinutesStatusLine(m: MinutesView) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let detail = match m.status {
        MinutesStatus::Draft => None,
        MinutesStatus::Circulated => m.comments_close_on.map(|d| t.minutes_comments_until.replace("{n}", &format_date(lang, d))),
        MinutesStatus::Adopted => {
            m.adopted_at.map(|d| t.minutes_adopted_on.replace("{n}", &format_date(lang, d.date_naive())).replace("{with}", &m.adopted_by))
        }
    };
    view! {
        <p class="meta">
            <span class=format!("badge badge-minutes-{}", m.status.as_str())>{t.minutes_status(m.status)}</span>
            {detail.map(|d| format!(" \u{00b7} {d}"))}
            {format!(" \u{00b7} {}{}{}", t.minutes_access, t.colon, t.access(m.access))}
        </p>
    }
}

/// `/meetings/:id/minutes`
#[component]
pub fn MinutesPage() -> impl IntoView {
    let data = use_minutes();
    let t = use_i18n();
    view! {
        {loaded(
            data,
            move |d| {
                view! {
                    <Title text=crate::components::page_title(format!("{} · {} · {}", t.minutes_title, d.meeting_title, t.app_name)) />
                    <header class="page-head">
                        <p class="kicker">
                            <a href=format!("/meetings/{}", d.meeting_id)>{d.meeting_title.clone()}</a>
                        </p>
                        <h1>{t.minutes_title}</h1>
                    </header>
                    {match d.minutes.clone() {
                        None => view! { <NoMinutes d=d.clone() /> }.into_any(),
                        Some(m) => view! { <MinutesBody d=d.clone() m /> }.into_any(),
                    }}
                }
            },
        )}
    }
}

#[component]
fn NoMinutes(d: MinutesPageData) -> impl IntoView {
    let t = use_i18n();
    let create = use_action::<CreateMinutes>();
    let errs = FormErrors::of(create);
    view! {
        <MinutesWithheld d=d.clone() />
        {d
            .is_secretariat
            .then(|| {
                view! {
                    <ActionForm action=create>
                        <FormStatus errs />
                        <input type="hidden" name="meeting_id" value=d.meeting_id />
                        <SubmitButton label=t.minutes_create pending=create.pending().into() />
                    </ActionForm>
                }
            })}
    }
}

#[component]
fn MinutesBody(d: MinutesPageData, m: MinutesView) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let adopted = m.status == MinutesStatus::Adopted;
    let editable = d.is_secretariat && !adopted;
    let mid = d.meeting_id;
    view! {
        <MinutesStatusLine m=m.clone() />
        <p class="actions no-print">
            <a class="button" href=format!("/meetings/{mid}/minutes/print")>
                {t.minutes_print}
            </a>
        </p>
        {adopted
            .then(|| {
                view! {
                    <p class="notice" role="note">
                        {t.minutes_locked}
                    </p>
                }
            })}
        {d.is_secretariat.then(|| view! { <Workflow d=d.clone() m=m.clone() /> })}
        {m
            .sections
            .into_iter()
            .map(|s| {
                let sid = s.id;
                view! {
                    <section class="minutes-section" id=format!("section-{sid}") aria-labelledby=format!("section-{sid}-h")>
                        <h2 id=format!("section-{sid}-h")>{s.title.clone()}</h2>
                        {s
                            .agenda_item
                            .clone()
                            .map(|(_, l)| view! { <p class="meta">{format!("{}{}{l}", t.paper_agenda_item, t.colon)}</p> })}
                        <MarkdownView html=s.body_html.clone() />
                        {editable.then(|| view! { <SectionEditor d=d.clone() s=Some(s.clone()) /> })}
                        {d.sees_comments.then(|| view! { <Comments s=s.clone() can_comment=d.can_comment /> })}
                    </section>
                }
            })
            .collect_view()}
        {editable
            .then(|| {
                view! {
                    <details class="panel no-print">
                        <summary>{t.minutes_section_add}</summary>
                        <SectionEditor d=d.clone() s=None />
                    </details>
                }
            })}
        {(!m.corrigenda.is_empty() || (adopted && d.is_secretariat))
            .then(|| {
                view! {
                    <section class="panel" aria-labelledby="corrigenda-h">
                        <h2 id="corrigenda-h">{t.minutes_corrigenda}</h2>
                        {m
                            .corrigenda
                            .iter()
                            .map(|c| {
                                view! {
                                    <article id=format!("corrigendum-{}", c.number)>
                                        <h3>
                                            {format!(
                                                "{} {} \u{2014} {}",
                                                t.minutes_corrigendum,
                                                c.number,
                                                format_date(lang, c.issued_at.date_naive()),
                                            )}
                                        </h3>
                                        <MarkdownView html=c.body_html.clone() />
                                    </article>
                                }
                            })
                            .collect_view()}
                        {(adopted && d.is_secretariat).then(|| view! { <CorrigendumForm meeting_id=mid /> })}
                    </section>
                }
            })}
        {(!m.recommendations.is_empty())
            .then(|| {
                view! {
                    <section class="panel" aria-labelledby="recs-h">
                        <h2 id="recs-h">{t.minutes_recommendations}</h2>
                        <ol class="recommendations">
                            {m
                                .recommendations
                                .iter()
                                .map(|r| {
                                    let kind = match r.kind {
                                        crate::domain::PassageKind::Decision => t.minutes_decision,
                                        _ => t.minutes_recommendation,
                                    };
                                    let anchor = match (r.section_id, r.passage) {
                                        (Some(s), Some(n)) => format!("#passage-{s}-{n}"),
                                        _ => String::new(),
                                    };
                                    view! {
                                        <li class="recommendation-draft">
                                            <strong>{kind}</strong>
                                            <MarkdownView html=r.text_html.clone() />
                                            <p class="meta">
                                                {t.minutes_from}{t.colon}<a href=anchor>{r.section_title.clone()}</a>
                                                {r.agenda_item.clone().map(|a| format!(" \u{00b7} {a}"))}
                                            </p>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                    </section>
                }
            })}
    }
}

/// The secretariat's steps: circulate (or extend), adopt, and who may read the adopted text.
#[component]
fn Workflow(d: MinutesPageData, m: MinutesView) -> impl IntoView {
    let t = use_i18n();
    let step = use_action::<MinutesStep>();
    let errs = FormErrors::of(step);
    let adopt = use_action::<MinutesStep>();
    let adopt_errs = FormErrors::of(adopt);
    let access_step = use_action::<MinutesStep>();
    let access_errs = FormErrors::of(access_step);
    let access: Vec<(String, String)> =
        [Access::Public, Access::Delegates].iter().map(|a| (a.as_str().to_string(), t.access(*a).to_string())).collect();
    let (mid, version) = (d.meeting_id, m.version);
    view! {
        <section class="panel no-print" aria-labelledby="workflow-h">
            <h2 id="workflow-h" class="visually-hidden">
                {t.minutes_title}
            </h2>
            {(m.status != MinutesStatus::Adopted)
                .then(|| {
                    view! {
                        <ActionForm action=step attr:class="inline-fields">
                            <FormStatus errs />
                            <input type="hidden" name="form[meeting_id]" value=mid />
                            <input type="hidden" name="form[version]" value=version />
                            <input type="hidden" name="form[step]" value="circulate" />
                            <TextField
                                errs
                                name="closes_on"
                                label=t.minutes_closes_on
                                kind="date"
                                required=true
                                value=m.comments_close_on.map(|d| d.to_string()).unwrap_or_default()
                            />
                            <SubmitButton label=t.minutes_circulate pending=step.pending().into() class="button" />
                        </ActionForm>
                    }
                })}
            {(m.status == MinutesStatus::Circulated)
                .then(|| {
                    view! {
                        // Adoption cannot be undone: a first click only opens what it does and the
                        // button that does it (works without JavaScript).
                        <FormStatus errs=adopt_errs />
                        <details class="confirm-delete">
                            <summary>{t.minutes_adopt}</summary>
                            <ActionForm action=adopt>
                                <input type="hidden" name="form[meeting_id]" value=mid />
                                <input type="hidden" name="form[version]" value=version />
                                <input type="hidden" name="form[step]" value="adopt" />
                                <p class="help">{t.minutes_adopt_help}</p>
                                <SubmitButton label=t.minutes_adopt_confirm pending=adopt.pending().into() class="button danger" />
                            </ActionForm>
                        </details>
                    }
                })}
            <ActionForm action=access_step attr:class="inline-fields">
                <FormStatus errs=access_errs />
                <input type="hidden" name="form[meeting_id]" value=mid />
                <input type="hidden" name="form[version]" value=version />
                <input type="hidden" name="form[step]" value="access" />
                <SelectField
                    errs=access_errs
                    name="access"
                    label=t.minutes_access
                    options=access
                    value=m.access.as_str().to_string()
                    prefix="minutes"
                />
                <SubmitButton label=t.form_save pending=access_step.pending().into() class="button" />
            </ActionForm>
        </section>
    }
}

#[component]
fn SectionEditor(d: MinutesPageData, s: Option<SectionView>) -> impl IntoView {
    let t = use_i18n();
    let save = use_action::<SaveMinutesSection>();
    let errs = FormErrors::of(save);
    let remove = use_action::<DeleteMinutesSection>();
    let prefix = s.as_ref().map(|s| format!("section-{}", s.id)).unwrap_or_else(|| "section-new".into());
    let items: Vec<(String, String)> = d.agenda_items.iter().map(|(id, l)| (id.to_string(), l.clone())).collect();
    let v = |f: fn(&SectionView) -> String| s.as_ref().map(f).unwrap_or_default();
    let (id, version, title, body) =
        (v(|s| s.id.to_string()), v(|s| s.version.to_string()), v(|s| s.title.clone()), v(|s| s.body_md.clone()));
    let item = s.as_ref().and_then(|s| s.agenda_item.as_ref()).map(|(id, _)| id.to_string()).unwrap_or_default();
    // The speakers list of the section's agenda item, offered to the one drafting it.
    let lang = crate::i18n::use_lang();
    let spoken = s
        .as_ref()
        .filter(|s| !s.spoken.is_empty())
        .map(|s| {
            s.spoken.iter().map(|(c, secs)| format!("{} ({}:{:02})", c.name(lang), secs / 60, secs % 60)).collect::<Vec<_>>().join(", ")
        })
        .map(|list| t.sp_minutes_offer.replace("{list}", &list));
    let form = view! {
        <ActionForm action=save attr:class="stacked-form">
            <FormStatus errs />
            <input type="hidden" name="form[id]" value=id />
            <input type="hidden" name="form[meeting_id]" value=d.meeting_id />
            <input type="hidden" name="form[version]" value=version />
            <TextField errs name="title" label=t.minutes_section_title value=title required=true prefix=prefix.clone() />
            <SelectField
                errs
                name="agenda_item_id"
                label=t.paper_agenda_item
                options=items
                value=item
                placeholder=t.paper_agenda_none
                prefix=prefix.clone()
            />
            {spoken.map(|l| view! { <p class="help speakers-offer">{l}</p> })}
            <TextArea errs name="body" label=t.minutes_section_body value=body help=t.minutes_markers_help rows=10 prefix=prefix.clone() />
            <SubmitButton label=t.form_save pending=save.pending().into() />
        </ActionForm>
    };
    match s {
        None => form.into_any(),
        Some(s) => view! {
            <details class="no-print">
                <summary>{t.minutes_section_edit}</summary>
                {form}
                <details class="confirm-delete">
                    <summary>{t.minutes_section_delete}</summary>
                    <ActionForm action=remove>
                        <input type="hidden" name="section_id" value=s.id />
                        <button type="submit" class="button danger small">
                            {t.minutes_section_delete_confirm}
                        </button>
                    </ActionForm>
                </details>
            </details>
        }
        .into_any(),
    }
}

#[component]
fn Comments(s: SectionView, can_comment: bool) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let send = use_action::<CommentMinutes>();
    let errs = FormErrors::of(send);
    let sid = s.id;
    view! {
        <div class="comments no-print">
            <h3>{t.minutes_comments}</h3>
            {if s.comments.is_empty() {
                view! { <p class="empty">{t.minutes_comments_none}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {s
                            .comments
                            .iter()
                            .map(|c| {
                                view! {
                                    <li class="comment">
                                        <p class="meta">
                                            {format!("{} \u{2014} {}", c.author, format_date(lang, c.created_at.date_naive()))}
                                        </p>
                                        <MarkdownView html=c.body_html.clone() />
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            {can_comment
                .then(|| {
                    view! {
                        <ActionForm action=send attr:class="stacked-form">
                            <FormStatus errs />
                            <input type="hidden" name="form[section_id]" value=sid />
                            <TextArea errs name="body" label=t.minutes_comment_label rows=4 prefix=format!("comment-{sid}") />
                            <SubmitButton label=t.minutes_comment_send pending=send.pending().into() class="button" />
                        </ActionForm>
                    }
                })}
        </div>
    }
}

#[component]
fn CorrigendumForm(meeting_id: i32) -> impl IntoView {
    let t = use_i18n();
    let issue = use_action::<IssueCorrigendum>();
    let errs = FormErrors::of(issue);
    view! {
        <ActionForm action=issue attr:class="stacked-form no-print">
            <FormStatus errs />
            <input type="hidden" name="form[meeting_id]" value=meeting_id />
            <TextArea errs name="body" label=t.minutes_corrigendum_text help=t.markdown_help rows=6 prefix="corrigendum" />
            <SubmitButton label=t.minutes_corrigendum_issue pending=issue.pending().into() class="button" />
        </ActionForm>
    }
}

/// `/meetings/:id/minutes/print`: the text only, for printing or saving as PDF.
#[component]
pub fn MinutesPrintPage() -> impl IntoView {
    let data = use_minutes();
    let t = use_i18n();
    let lang = use_lang();
    view! {
        {loaded(
            data,
            move |d| {
                view! {
                    <Title text=crate::components::page_title(format!("{} · {}", t.minutes_title, d.meeting_title)) />
                    <article class="print-document">
                        <p class="kicker no-print">
                            <a href=format!("/meetings/{}/minutes", d.meeting_id)>{t.minutes_title}</a>
                        </p>
                        <h1>{format!("{} \u{2014} {}", t.minutes_title, d.meeting_title)}</h1>
                        {match d.minutes.clone() {
                            None => view! { <MinutesWithheld d=d.clone() /> }.into_any(),
                            Some(m) => {
                                view! {
                                    <MinutesStatusLine m=m.clone() />
                                    {m
                                        .sections
                                        .iter()
                                        .map(|s| {
                                            view! {
                                                <section id=format!("section-{}", s.id)>
                                                    <h2>{s.title.clone()}</h2>
                                                    <MarkdownView html=s.body_html.clone() />
                                                </section>
                                            }
                                        })
                                        .collect_view()}
                                    {m
                                        .corrigenda
                                        .iter()
                                        .map(|c| {
                                            view! {
                                                <section id=format!("corrigendum-{}", c.number)>
                                                    <h2>
                                                        {format!(
                                                            "{} {} \u{2014} {}",
                                                            t.minutes_corrigendum,
                                                            c.number,
                                                            format_date(lang, c.issued_at.date_naive()),
                                                        )}
                                                    </h2>
                                                    <MarkdownView html=c.body_html.clone() />
                                                </section>
                                            }
                                        })
                                        .collect_view()}
                                }
                                    .into_any()
                            }
                        }}
                    </article>
                }
            },
        )}
    }
}

/// Why no minutes are shown: none yet, or who may read the ones there are (and, signed out,
/// where to sign in) rather than "none" when they exist.
#[component]
fn MinutesWithheld(d: MinutesPageData) -> impl IntoView {
    let t = use_i18n();
    let text = match d.withheld {
        None => t.minutes_none,
        Some(super::types::Withheld::HeadsOfDelegation) => t.minutes_for_heads,
        Some(super::types::Withheld::Delegates) => t.minutes_for_delegates,
    };
    // Signing in helps a delegate read adopted minutes, not a draft that only heads of
    // delegation read.
    let sign_in = (d.withheld == Some(super::types::Withheld::Delegates) && !d.signed_in).then(|| {
        view! {
            " "
            <a href=format!("/login?next=/meetings/{}/minutes", d.meeting_id)>{t.sign_in_to_read}</a>
        }
    });
    view! { <p class="empty">{text} {sign_in}</p> }
}
