//! Migration profile pages: the sixteen states (`/profiles`), a state's working group and
//! editions (`/profiles/:code`), an edition (`/profiles/:code/:year`), the regional table
//! (`/profiles/regional`) and the indicator set (`/profiles/indicators`).

use super::api::{
    get_profile_edition, get_profile_indicators, get_profile_state, get_profiles_home, get_regional_compilation, get_regional_table,
    AddTwgMember, CommentProfile, LinkGroupMeeting, NewProfileEdition, ProfileStep, ProposeProfileRecommendations, RemoveTwgMember,
    SaveProfileChapter, SaveProfileIndicator, SaveProfileInterval, SaveProfileValues, SaveTwg, UnlinkGroupMeeting,
};
use super::types::*;
use crate::components::{
    loaded, use_action, Checkbox, FormErrors, FormStatus, MarkdownView, SelectField, SubmitButton, TextArea, TextField,
};
use crate::domain::{parse_id, Chapter, CountryCode, ProfileStatus};
use crate::error::AppError;
use crate::i18n::{format_date, use_i18n, use_lang, Strings};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn status_label(t: &'static Strings, s: ProfileStatus) -> &'static str {
    match s {
        ProfileStatus::Draft => t.pr_st_draft,
        ProfileStatus::Review => t.pr_st_review,
        ProfileStatus::Validated => t.pr_st_validated,
        ProfileStatus::Published => t.pr_st_published,
    }
}

/// The button that moves an edition to `to`.
fn step_label(t: &'static Strings, from: ProfileStatus, to: ProfileStatus) -> &'static str {
    match (from, to) {
        (_, ProfileStatus::Review) => t.pr_to_review,
        (_, ProfileStatus::Validated) => t.pr_to_validated,
        (_, ProfileStatus::Published) => t.pr_to_published,
        (_, ProfileStatus::Draft) => t.pr_to_draft,
    }
}

fn badge(t: &'static Strings, s: ProfileStatus) -> impl IntoView {
    view! { <span class=format!("badge badge-profile-{}", s.as_str())>{status_label(t, s)}</span> }
}

/// `/profiles`
#[component]
pub fn ProfilesPage() -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let data = crate::components::resource(move || (), |_| async move { get_profiles_home().await });
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.pr_title, t.app_name)) />
        <h1>{t.pr_title}</h1>
        <p class="lead">{t.pr_intro}</p>
        {loaded(
            data,
            move |d| {
                view! {
                    <p class="actions">
                        <a class="button" href="/profiles/regional">
                            {t.pr_regional}
                        </a>
                        {d
                            .my_country
                            .map(|c| {
                                view! {
                                    <a class="button" href=format!("/profiles/{c}")>
                                        {t.pr_my_group}
                                    </a>
                                }
                            })}
                        {d
                            .is_secretariat
                            .then(|| {
                                view! {
                                    <a class="button" href="/profiles/indicators">
                                        {t.pr_indicators}
                                    </a>
                                }
                            })}
                    </p>
                    <div class="table-wrap">
                        <table class="data">
                            <caption class="visually-hidden">{t.pr_title}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t.pr_country}</th>
                                    <th scope="col">{t.pr_latest}</th>
                                    <th scope="col">{t.pr_in_progress}</th>
                                    <th scope="col">{t.pr_members}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {d
                                    .states
                                    .iter()
                                    .map(|s| {
                                        let c = s.country;
                                        view! {
                                            <tr>
                                                <th scope="row">
                                                    <a href=format!("/profiles/{c}")>{c.name(lang)}</a>
                                                </th>
                                                <td>
                                                    {match s.latest_published {
                                                        Some(y) => view! { <a href=format!("/profiles/{c}/{y}")>{y}</a> }.into_any(),
                                                        None => view! { <span class="meta">{t.pr_none_published}</span> }.into_any(),
                                                    }}
                                                    {s
                                                        .overdue
                                                        .then(|| {
                                                            view! {
                                                                " "
                                                                <span class="badge badge-overdue">{t.pr_due}</span>
                                                            }
                                                        })}
                                                </td>
                                                <td>
                                                    {s
                                                        .in_progress
                                                        .map(|(y, st)| {
                                                            view! {
                                                                <a href=format!("/profiles/{c}/{y}")>{y}</a>
                                                                " "
                                                                {badge(t, st)}
                                                            }
                                                        })}
                                                </td>
                                                <td>{s.members.map(|n| n.to_string())}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p class="meta">{t.pr_interval_is.replace("{n}", &d.update_interval_years.to_string())}</p>
                    {d.is_secretariat.then(|| view! { <IntervalForm years=d.update_interval_years /> })}
                }
            },
        )}
    }
}

#[component]
fn IntervalForm(years: i32) -> impl IntoView {
    let t = use_i18n();
    let save = use_action::<SaveProfileInterval>();
    let errs = FormErrors::of(save);
    view! {
        <ActionForm action=save attr:class="inline-fields panel">
            <FormStatus errs />
            <TextField errs name="years" label=t.pr_interval kind="number" value=years.to_string() required=true />
            <SubmitButton label=t.form_save pending=save.pending().into() class="button" />
        </ActionForm>
    }
}

fn use_code() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("code").unwrap_or_default())
}

/// `/profiles/:code`
#[component]
pub fn ProfileStatePage() -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let code = use_code();
    let data = crate::components::resource(move || code.get(), |c| async move { get_profile_state(c).await });
    view! {
        {loaded(
            data,
            move |d| {
                let c = d.country;
                let title = t.pr_state_title.replace("{country}", c.name(lang));
                view! {
                    <Title text=crate::components::page_title(format!("{title} · {}", t.app_name)) />
                    <header class="page-head">
                        <p class="kicker">
                            <a href="/profiles">{t.pr_title}</a>
                        </p>
                        <h1>{title}</h1>
                    </header>
                    {d
                        .overdue
                        .then(|| {
                            view! {
                                <p class="notice" role="note">
                                    {t.pr_overdue.replace("{n}", &d.update_interval_years.to_string())}
                                </p>
                            }
                        })}
                    <section aria-labelledby="editions-h">
                        <h2 id="editions-h">{t.pr_editions}</h2>
                        {if d.editions.is_empty() {
                            view! { <p class="empty">{t.pr_no_editions}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="editions">
                                    {d
                                        .editions
                                        .iter()
                                        .map(|e| {
                                            view! {
                                                <li>
                                                    <a href=format!(
                                                        "/profiles/{c}/{}",
                                                        e.year,
                                                    )>{t.pr_edition_of.replace("{year}", &e.year.to_string())}</a>
                                                    " "
                                                    {badge(t, e.status)}
                                                    {e.published_at.map(|p| format!(" \u{00b7} {}", format_date(lang, p.date_naive())))}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                        {d.can_manage.then(|| view! { <NewEdition country=c year=d.next_year /> })}
                    </section>
                    {d.twg.clone().map(|g| view! { <Group d=d.clone() g /> })}
                    {(!d.meetings.is_empty() || !d.linkable.is_empty()).then(|| view! { <GroupMeetings d=d.clone() /> })}
                }
            },
        )}
    }
}

/// The group's meetings; those who manage the group link and unlink them.
#[component]
fn GroupMeetings(d: StatePage) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let link = use_action::<LinkGroupMeeting>();
    let link_errs = FormErrors::of(link);
    let unlink = use_action::<UnlinkGroupMeeting>();
    let unlink_errs = FormErrors::of(unlink);
    let c = d.country;
    let manage = d.can_manage;
    let options: Vec<(String, String)> = d.linkable.iter().map(|(id, title)| (id.to_string(), title.clone())).collect();
    view! {
        <section aria-labelledby="twg-meetings-h">
            <h2 id="twg-meetings-h">{t.pr_meetings}</h2>
            <FormStatus errs=unlink_errs />
            <ul>
                {d
                    .meetings
                    .iter()
                    .map(|(id, title, start)| {
                        let (id, label) = (*id, format!("{} {}", t.pr_unlink, title));
                        view! {
                            <li>
                                <a href=format!("/meetings/{id}")>{title.clone()}</a>
                                {format!(" \u{00b7} {} ", format_date(lang, *start))}
                                {manage
                                    .then(|| {
                                        view! {
                                            <ActionForm action=unlink attr:class="inline">
                                                <input type="hidden" name="form[country]" value=c.code() />
                                                <input type="hidden" name="form[meeting_id]" value=id />
                                                <button type="submit" class="button small" aria-label=label.clone()>
                                                    {t.pr_unlink}
                                                </button>
                                            </ActionForm>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(manage && !options.is_empty())
                .then(|| {
                    view! {
                        <ActionForm action=link attr:class="inline-fields">
                            <FormStatus errs=link_errs />
                            <input type="hidden" name="form[country]" value=c.code() />
                            <SelectField
                                errs=link_errs
                                name="meeting_id"
                                label=t.pr_link_meeting
                                options=options.clone()
                                prefix="twg-meeting"
                            />
                            <SubmitButton label=t.pr_link pending=link.pending().into() class="button" />
                        </ActionForm>
                    }
                })}
        </section>
    }
}

#[component]
fn NewEdition(country: CountryCode, year: i32) -> impl IntoView {
    let t = use_i18n();
    let create = use_action::<NewProfileEdition>();
    let errs = FormErrors::of(create);
    view! {
        <ActionForm action=create attr:class="inline-fields panel">
            <FormStatus errs />
            <input type="hidden" name="form[country]" value=country.code() />
            <TextField errs name="year" label=t.pr_year kind="number" value=year.to_string() required=true help=t.pr_new_help />
            <SubmitButton label=t.pr_new_edition pending=create.pending().into() class="button" />
        </ActionForm>
    }
}

/// The working group: its ministries, members and meetings; managed by the focal point.
#[component]
fn Group(d: StatePage, g: TwgView) -> impl IntoView {
    let t = use_i18n();
    let c = d.country;
    let save = use_action::<SaveTwg>();
    let errs = FormErrors::of(save);
    let add = use_action::<AddTwgMember>();
    let add_errs = FormErrors::of(add);
    let remove = use_action::<RemoveTwgMember>();
    let remove_errs = FormErrors::of(remove);
    let manage = d.can_manage;
    let (ministries, version, public) = (g.ministries.join("\n"), g.version, d.profiles_public);
    view! {
        <section aria-labelledby="twg-h" class="panel">
            <h2 id="twg-h">{t.pr_twg}</h2>
            <p class="meta">{if d.profiles_public { t.pr_public_yes } else { t.pr_public_no }}</p>
            {(!g.ministries.is_empty())
                .then(|| {
                    view! {
                        <h3>{t.pr_ministries}</h3>
                        <ul>{g.ministries.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
                    }
                })}
            {(!g.focal_points.is_empty())
                .then(|| view! { <p>{format!("{}{}{}", t.pr_focal_points, t.colon, g.focal_points.join(", "))}</p> })}
            {(!g.plans.is_empty())
                .then(|| {
                    view! {
                        <h3>{t.pr_follow_up}</h3>
                        <ul>
                            {g
                                .plans
                                .iter()
                                .map(|(id, title)| {
                                    view! {
                                        <li>
                                            <a href=format!("/meetings/{id}/plan/countries/{}", c.code())>{title.clone()}</a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            <h3>{t.pr_members}</h3>
            <FormStatus errs=remove_errs />
            {if g.members.is_empty() {
                view! { <p class="empty">{t.pr_no_members}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data">
                            <thead>
                                <tr>
                                    <th scope="col">{t.pr_member_name}</th>
                                    <th scope="col">{t.pr_member_function}</th>
                                    <th scope="col">{t.pr_member_ministry}</th>
                                    {manage
                                        .then(|| {
                                            view! {
                                                <th scope="col">
                                                    <span class="visually-hidden">{t.pr_remove}</span>
                                                </th>
                                            }
                                        })}
                                </tr>
                            </thead>
                            <tbody>
                                {g
                                    .members
                                    .iter()
                                    .map(|m| {
                                        let id = m.id;
                                        let label = format!("{} {}", t.pr_remove, m.name);
                                        view! {
                                            <tr>
                                                <th scope="row">
                                                    {m.name.clone()}
                                                    {m
                                                        .is_chair
                                                        .then(|| {
                                                            view! {
                                                                " "
                                                                <span class="badge">{t.pr_chair}</span>
                                                            }
                                                        })}
                                                    {m
                                                        .has_account
                                                        .then(|| {
                                                            view! {
                                                                " "
                                                                <span class="meta">{t.pr_has_account}</span>
                                                            }
                                                        })}
                                                </th>
                                                <td>{m.function.clone()}</td>
                                                <td>{m.ministry.clone()}</td>
                                                {manage
                                                    .then(|| {
                                                        view! {
                                                            <td>
                                                                <ActionForm action=remove>
                                                                    <input type="hidden" name="member_id" value=id />
                                                                    <button type="submit" class="button small" aria-label=label.clone()>
                                                                        {t.pr_remove}
                                                                    </button>
                                                                </ActionForm>
                                                            </td>
                                                        }
                                                    })}
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
            {manage
                .then(|| {
                    view! {
                        <details class="panel" open=add_errs.any()>
                            <summary>{t.pr_member_add}</summary>
                            <ActionForm action=add attr:class="stacked-form">
                                <FormStatus errs=add_errs />
                                <input type="hidden" name="form[country]" value=c.code() />
                                <TextField errs=add_errs name="name" label=t.pr_member_name required=true prefix="member" />
                                <TextField errs=add_errs name="function" label=t.pr_member_function prefix="member" />
                                <TextField errs=add_errs name="ministry" label=t.pr_member_ministry prefix="member" />
                                <TextField
                                    errs=add_errs
                                    name="email"
                                    label=t.pr_member_email
                                    kind="email"
                                    help=t.pr_member_email_help
                                    prefix="member"
                                />
                                <Checkbox name="chair" label=t.pr_chair errs=add_errs prefix="member" />
                                <SubmitButton label=t.pr_member_add pending=add.pending().into() />
                            </ActionForm>
                        </details>
                        <details class="panel" open=errs.any()>
                            <summary>{t.pr_twg_settings}</summary>
                            <ActionForm action=save attr:class="stacked-form">
                                <FormStatus errs />
                                <input type="hidden" name="form[country]" value=c.code() />
                                <input type="hidden" name="form[version]" value=version />
                                <TextArea
                                    errs
                                    name="ministries"
                                    label=t.pr_ministries
                                    value=ministries.clone()
                                    help=t.meeting_co_organisers_help
                                    prefix="twg"
                                />
                                <Checkbox name="public" label=t.pr_public checked=public errs prefix="twg" />
                                <SubmitButton label=t.form_save pending=save.pending().into() />
                            </ActionForm>
                        </details>
                    }
                })}
        </section>
    }
}

/// `/profiles/:code/:year`
#[component]
pub fn ProfileEditionPage() -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let code = use_code();
    let params = use_params_map();
    let year = Memo::new(move |_| params.read().get("year").and_then(|y| y.trim().parse::<i32>().ok()));
    let data = crate::components::resource(
        move || (code.get(), year.get()),
        |(c, y)| async move {
            match y {
                Some(y) => get_profile_edition(c, y).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        {loaded(
            data,
            move |d| {
                let c = d.country;
                let title = t.pr_edition_title.replace("{country}", c.name(lang)).replace("{year}", &d.year.to_string());
                view! {
                    <Title text=crate::components::page_title(format!("{title} · {}", t.app_name)) />
                    <header class="page-head">
                        <p class="kicker">
                            <a href="/profiles">{t.pr_title}</a>
                            " \u{203a} "
                            <a href=format!("/profiles/{c}")>{c.name(lang)}</a>
                        </p>
                        <h1>{title}</h1>
                    </header>
                    <p class="meta">
                        {badge(t, d.status)}
                        {d.copied_from_year.map(|y| format!(" \u{00b7} {}", t.pr_copied_from.replace("{year}", &y.to_string())))}
                        {d
                            .validated_at
                            .map(|v| {
                                format!(
                                    " \u{00b7} {}",
                                    t
                                        .pr_validated_by
                                        .replace("{name}", &d.validated_by)
                                        .replace("{date}", &format_date(lang, v.date_naive())),
                                )
                            })}
                        {d
                            .published_at
                            .map(|p| format!(" \u{00b7} {}", t.pr_published_on.replace("{date}", &format_date(lang, p.date_naive()))))}
                    </p>
                    {(d.status == ProfileStatus::Published)
                        .then(|| {
                            view! {
                                <p class="notice" role="note">
                                    {t.pr_locked}
                                </p>
                            }
                        })}
                    {(!d.steps.is_empty()).then(|| view! { <Steps d=d.clone() /> })}
                    <nav aria-label=t.pr_contents class="toc">
                        <ol>
                            {Chapter::ALL
                                .iter()
                                .map(|ch| {
                                    view! {
                                        <li>
                                            <a href=format!("#{}", ch.as_str())>{t.profile_chapter(*ch)}</a>
                                        </li>
                                    }
                                })
                                .collect_view()} <li>
                                <a href="#indicators">{t.pr_indicator_table}</a>
                            </li>
                        </ol>
                    </nav>
                    {d.chapters.iter().map(|ch| view! { <ChapterSection d=d.clone() ch=ch.clone() /> }).collect_view()}
                    {(!d.propose_to.is_empty()).then(|| view! { <Propose d=d.clone() /> })}
                    <Indicators d=d.clone() />
                }
            },
        )}
    }
}

/// The secretariat proposes a published edition's recommendations to a meeting.
#[component]
fn Propose(d: EditionPage) -> impl IntoView {
    let t = use_i18n();
    let propose = use_action::<ProposeProfileRecommendations>();
    let errs = FormErrors::of(propose);
    let options: Vec<(String, String)> = d.propose_to.iter().map(|(id, title)| (id.to_string(), title.clone())).collect();
    let (edition, default) = (d.id, d.propose_default.map(|m| m.to_string()).unwrap_or_default());
    view! {
        <section class="panel no-print" aria-labelledby="propose-h">
            <h2 id="propose-h">{t.pr_propose}</h2>
            <p class="help">{t.pr_propose_help}</p>
            <ActionForm action=propose attr:class="inline-fields">
                <FormStatus errs />
                <input type="hidden" name="form[edition_id]" value=edition />
                <SelectField
                    errs
                    name="meeting_id"
                    label=t.pr_propose_meeting
                    options=options.clone()
                    value=default.clone()
                    prefix="propose"
                />
                <SubmitButton label=t.pr_propose_button pending=propose.pending().into() class="button" />
            </ActionForm>
        </section>
    }
}

#[component]
fn Steps(d: EditionPage) -> impl IntoView {
    let t = use_i18n();
    let step = use_action::<ProfileStep>();
    let errs = FormErrors::of(step);
    view! {
        <section class="panel no-print" aria-label=t.pr_workflow>
            <FormStatus errs />
            <p class="help">{t.pr_workflow_help}</p>
            {d
                .steps
                .iter()
                .copied()
                .map(|to| {
                    let danger = to == ProfileStatus::Published;
                    let (id, version, label) = (d.id, d.version, step_label(t, d.status, to));
                    view! {
                        <ActionForm action=step attr:class="inline">
                            <input type="hidden" name="form[edition_id]" value=id />
                            <input type="hidden" name="form[version]" value=version />
                            <input type="hidden" name="form[to]" value=to.as_str() />
                            <SubmitButton
                                label=label
                                pending=step.pending().into()
                                class=if danger { "button primary" } else { "button" }
                            />
                        </ActionForm>
                    }
                })
                .collect_view()}
        </section>
    }
}

#[component]
fn ChapterSection(d: EditionPage, ch: ChapterView) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let key = ch.chapter.as_str();
    let save = use_action::<SaveProfileChapter>();
    let errs = FormErrors::for_form(save, "chapter", key.to_string());
    let comment = use_action::<CommentProfile>();
    let comment_errs = FormErrors::for_form(comment, "chapter", key.to_string());
    let empty = ch.html.is_empty();
    let (edition, lang_code, text_version, md) = (d.id, d.edit_lang.code(), ch.text_version, ch.md.clone());
    view! {
        <section class="profile-chapter" id=key aria-labelledby=format!("{key}-h")>
            <h2 id=format!("{key}-h")>{t.profile_chapter(ch.chapter)}</h2>
            {ch
                .shown_in
                .map(|l| {
                    let note = if l == d.source_lang { t.tr_shown_original } else { t.pr_shown_other };
                    view! { <p class="meta original-note">{note.replace("{lang}", t.lang_name(l))}</p> }
                })}
            {if empty {
                view! { <p class="empty">{t.pr_chapter_empty}</p> }.into_any()
            } else {
                // Text shown in another language says which (screen readers read it in it).
                view! {
                    <div lang=ch.shown_in.map(|l| l.code())>
                        <MarkdownView html=ch.html.clone() />
                    </div>
                }
                    .into_any()
            }}
            {d
                .can_edit
                .then(|| {
                    view! {
                        <details class="panel no-print" open=errs.any()>
                            <summary>{t.pr_edit_chapter.replace("{lang}", t.lang_name(d.edit_lang))}</summary>
                            <ActionForm action=save attr:class="stacked-form">
                                <FormStatus errs />
                                <input type="hidden" name="form[edition_id]" value=edition />
                                <input type="hidden" name="form[chapter]" value=key />
                                <input type="hidden" name="form[lang]" value=lang_code />
                                <input type="hidden" name="form[version]" value=text_version />
                                <TextArea errs name="body" label=t.pr_text value=md.clone() rows=12 help=t.markdown_help prefix=key />
                                <SubmitButton label=t.form_save pending=save.pending().into() />
                            </ActionForm>
                        </details>
                    }
                })}
            {(!ch.comments.is_empty() || d.can_comment)
                .then(|| {
                    view! {
                        <div class="comments">
                            <h3 class="visually-hidden">{t.pr_comments}</h3>
                            {ch
                                .comments
                                .iter()
                                .map(|c| {
                                    view! {
                                        <article class="comment">
                                            <p class="meta">
                                                {format!("{} \u{00b7} {}", c.author, format_date(lang, c.created_at.date_naive()))}
                                            </p>
                                            <MarkdownView html=c.html.clone() />
                                        </article>
                                    }
                                })
                                .collect_view()}
                            {d
                                .can_comment
                                .then(|| {
                                    view! {
                                        <ActionForm action=comment attr:class="stacked-form no-print">
                                            <FormStatus errs=comment_errs />
                                            <input type="hidden" name="form[edition_id]" value=edition />
                                            <input type="hidden" name="form[chapter]" value=key />
                                            <TextArea errs=comment_errs name="body" label=t.pr_comment prefix=format!("c-{key}") />
                                            <SubmitButton label=t.pr_comment_send pending=comment.pending().into() class="button" />
                                        </ActionForm>
                                    }
                                })}
                        </div>
                    }
                })}
        </section>
    }
}

/// A row's error in the indicator table (`value.12`, `year.12`, …).
fn row_error(errs: FormErrors, t: &'static Strings, id: i32) -> Option<String> {
    errs.0.with(|e| {
        e.as_ref().and_then(|e| {
            let mine: Vec<String> = e
                .field_errors()
                .iter()
                .filter(|f| f.field.rsplit_once('.').is_some_and(|(_, n)| n == id.to_string()))
                .map(|f| t.field_error(&f.code))
                .collect();
            (!mine.is_empty()).then(|| mine.join(" "))
        })
    })
}

#[component]
fn Indicators(d: EditionPage) -> impl IntoView {
    let t = use_i18n();
    let save = use_action::<SaveProfileValues>();
    let errs = FormErrors::of(save);
    let (edition, version) = (d.id, d.version);
    let rows = {
        d.values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let id = v.indicator_id;
                let label = format!("{} ({})", v.name, v.unit);
                let err = move || row_error(errs, t, id);
                // Without JavaScript a refused table comes back with what was typed.
                let typed = |name: &str, stored: String| {
                    let key = format!("{name}.{id}");
                    errs.0.with_untracked(|e| e.as_ref().and_then(|e| e.echo(&key).map(str::to_string))).unwrap_or(stored)
                };
                view! {
                    <tr class:has-error=move || err().is_some()>
                        <th scope="row" id=format!("ind-{id}")>
                            {v.name.clone()}
                            <span class="meta">{format!(" {}", v.unit)}</span>
                            <input type="hidden" name=format!("form[indicator][{i}]") value=id />
                            {move || err().map(|m| view! { <p class="field-error">{m}</p> })}
                        </th>
                        <td>
                            <input
                                name=format!("form[value][{i}]")
                                inputmode="decimal"
                                size="10"
                                value=typed("value", v.value.clone().unwrap_or_default())
                                aria-label=format!("{} \u{2014} {}", label, t.pr_value)
                            />
                        </td>
                        <td>
                            <input
                                name=format!("form[year][{i}]")
                                inputmode="numeric"
                                size="5"
                                value=typed("year", v.year.map(|y| y.to_string()).unwrap_or_default())
                                aria-label=format!("{} \u{2014} {}", label, t.pr_value_year)
                            />
                        </td>
                        <td>
                            <input
                                name=format!("form[source][{i}]")
                                size="16"
                                value=typed("source", v.source.clone())
                                aria-label=format!("{} \u{2014} {}", label, t.pr_source)
                            />
                        </td>
                        <td>
                            <input
                                name=format!("form[note][{i}]")
                                size="16"
                                value=typed("note", v.note.clone())
                                aria-label=format!("{} \u{2014} {}", label, t.pr_note)
                            />
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let read = view! {
        <div class="table-wrap">
            <table class="data">
                <caption class="visually-hidden">{t.pr_indicator_table}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.pr_indicator}</th>
                        <th scope="col" class="num">
                            {t.pr_value}
                        </th>
                        <th scope="col">{t.pr_unit}</th>
                        <th scope="col">{t.pr_value_year}</th>
                        <th scope="col">{t.pr_source}</th>
                    </tr>
                </thead>
                <tbody>
                    {d
                        .values
                        .iter()
                        .map(|v| {
                            view! {
                                <tr>
                                    <th scope="row">
                                        {v.name.clone()}
                                        {(!v.note.is_empty())
                                            .then(|| {
                                                view! {
                                                    <br />
                                                    <span class="meta">{v.note.clone()}</span>
                                                }
                                            })}
                                    </th>
                                    <td class="num">
                                        {match v.value.clone() {
                                            Some(x) => view! { <span>{x}</span> }.into_any(),
                                            None => view! { <span class="missing">{t.pr_missing}</span> }.into_any(),
                                        }}
                                    </td>
                                    <td>{v.unit.clone()}</td>
                                    <td>{v.year.map(|y| y.to_string())}</td>
                                    <td>{v.source.clone()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    };
    view! {
        <section id="indicators" aria-labelledby="indicators-h">
            <h2 id="indicators-h">{t.pr_indicator_table}</h2>
            {if d.can_edit {
                view! {
                    <ActionForm action=save attr:class="values-form">
                        <FormStatus errs />
                        <input type="hidden" name="form[edition_id]" value=edition />
                        <input type="hidden" name="form[version]" value=version />
                        <p class="help">{t.pr_values_help}</p>
                        <div class="table-wrap">
                            <table class="data">
                                <caption class="visually-hidden">{t.pr_indicator_table}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t.pr_indicator}</th>
                                        <th scope="col">{t.pr_value}</th>
                                        <th scope="col">{t.pr_value_year}</th>
                                        <th scope="col">{t.pr_source}</th>
                                        <th scope="col">{t.pr_note}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        <SubmitButton label=t.form_save pending=save.pending().into() />
                    </ActionForm>
                }
                    .into_any()
            } else {
                read.into_any()
            }}
        </section>
    }
}

/// A number for an SVG attribute, one decimal at most.
fn num(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// One bar per state (scaled to the largest value), missing values labelled as missing.
fn regional_chart(t: &'static Strings, d: &RegionalTable, title: String) -> impl IntoView {
    let (w, row, left) = (640.0, 22.0, 60.0);
    let h = row * d.rows.len() as f64 + 20.0;
    let max = d.rows.iter().filter_map(|r| r.value).fold(0.0_f64, |a, v| a.max(v.abs()));
    let bars = d
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = 10.0 + i as f64 * row;
            let bw = match r.value {
                Some(v) if max > 0.0 => (w - left - 120.0) * v.abs() / max,
                _ => 0.0,
            };
            let shown = match (&r.shown, r.withheld) {
                (Some(s), _) => format!("{s} ({})", r.year.unwrap_or_default()),
                (None, true) => t.pr_withheld.to_string(),
                (None, false) => t.pr_missing.to_string(),
            };
            view! {
                <text x="0" y=num(y + 14.0) font-size="12">
                    {r.country.code()}
                </text>
                <rect x=num(left) y=num(y) width=num(bw) height=num(row - 6.0) fill="#3b82c4"></rect>
                <text x=num(left + bw + 4.0) y=num(y + 14.0) font-size="12" class:missing=r.value.is_none()>
                    {shown}
                </text>
            }
        })
        .collect_view();
    view! {
        <svg viewBox=format!("0 0 {} {}", num(w), num(h)) width="100%" role="img" aria-label=title class="chart">
            {bars}
        </svg>
    }
}

/// `/profiles/regional?indicator=N`
#[component]
pub fn RegionalPage() -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let indicator = Memo::new(move |_| query.read().get("indicator").and_then(|i| parse_id(&i)));
    let data = crate::components::resource(move || indicator.get(), |i| async move { get_regional_table(i).await });
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.pr_regional, t.app_name)) />
        <header class="page-head">
            <p class="kicker">
                <a href="/profiles">{t.pr_title}</a>
            </p>
            <h1>{t.pr_regional}</h1>
        </header>
        <p class="lead">{t.pr_regional_intro}</p>
        <p class="actions">
            <a class="button" href="/profiles/regional.csv" rel="external" download="">
                {t.pr_export_csv}
            </a>
            <a class="button" href="/profiles/regional.xlsx" rel="external" download="">
                {t.pr_export_xlsx}
            </a>
        </p>
        {loaded(
            data,
            move |d| {
                let options: Vec<(String, String)> = d.indicators.iter().map(|i| (i.id.to_string(), i.name.clone())).collect();
                let current = d.indicator.as_ref().map(|i| i.id.to_string()).unwrap_or_default();
                let compile = d
                    .can_compile
                    .then(|| {
                        view! {
                            <p class="actions">
                                <a class="button" href="/profiles/regional/compile">
                                    {t.pr_compile}
                                </a>
                            </p>
                        }
                    });
                let table = match d.indicator.clone() {
                    None => view! { <p class="empty">{t.pr_no_indicators}</p> }.into_any(),
                    Some(ind) => {
                        let caption = if ind.unit.is_empty() { ind.name.clone() } else { format!("{} ({})", ind.name, ind.unit) };
                        view! {
                            <form method="get" action="/profiles/regional" class="inline-fields">
                                <div class="field">
                                    <label for="regional-indicator">{t.pr_indicator}</label>
                                    <select id="regional-indicator" name="indicator">
                                        {options
                                            .into_iter()
                                            .map(|(v, l)| {
                                                let sel = v == current;
                                                view! {
                                                    <option value=v selected=sel>
                                                        {l}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="button">
                                    {t.pr_show}
                                </button>
                            </form>
                            <h2>{caption.clone()}</h2>
                            {d
                                .years
                                .map(|(a, b)| {
                                    view! {
                                        <p class="meta">
                                            {t.pr_years_span.replace("{from}", &a.to_string()).replace("{to}", &b.to_string())}
                                        </p>
                                    }
                                })}
                            {regional_chart(t, &d, caption.clone())}
                            <div class="table-wrap">
                                <table class="data">
                                    <caption>{caption}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{t.pr_country}</th>
                                            <th scope="col" class="num">
                                                {t.pr_value}
                                            </th>
                                            <th scope="col">{t.pr_value_year}</th>
                                            <th scope="col">{t.pr_source}</th>
                                            <th scope="col">{t.pr_edition}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {d
                                            .rows
                                            .iter()
                                            .map(|r| {
                                                let c = r.country;
                                                view! {
                                                    <tr>
                                                        <th scope="row">{c.name(lang)}</th>
                                                        <td class="num">
                                                            {match (&r.shown, r.withheld) {
                                                                (Some(s), _) => view! { <span>{s.clone()}</span> }.into_any(),
                                                                (None, true) => {
                                                                    view! { <span class="missing">{t.pr_withheld}</span> }.into_any()
                                                                }
                                                                (None, false) => {
                                                                    view! { <span class="missing">{t.pr_missing}</span> }.into_any()
                                                                }
                                                            }}
                                                        </td>
                                                        <td>{r.year.map(|y| y.to_string())}</td>
                                                        <td>{r.source.clone()}</td>
                                                        <td>{r.edition.map(|y| view! { <a href=format!("/profiles/{c}/{y}")>{y}</a> })}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                            .into_any()
                    }
                };
                view! {
                    {compile}
                    {table}
                }
            },
        )}
    }
}

/// `/profiles/indicators` (secretariat): the indicator set.
#[component]
pub fn IndicatorsPage() -> impl IntoView {
    let t = use_i18n();
    let data = crate::components::resource(move || (), |_| async move { get_profile_indicators().await });
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.pr_indicators, t.app_name)) />
        <header class="page-head">
            <p class="kicker">
                <a href="/profiles">{t.pr_title}</a>
            </p>
            <h1>{t.pr_indicators}</h1>
        </header>
        <p class="lead">{t.pr_indicators_intro}</p>
        {loaded(
            data,
            move |list| {
                view! {
                    <ul class="indicator-list">
                        {list
                            .into_iter()
                            .map(|i| {
                                view! {
                                    <li class="panel">
                                        <strong>{i.name.clone()}</strong>
                                        {format!(" \u{00b7} {} \u{00b7} {}", i.code, t.profile_chapter(i.chapter))}
                                        {(!i.unit.is_empty()).then(|| format!(" \u{00b7} {}", i.unit))}
                                        {i
                                            .archived
                                            .then(|| {
                                                view! {
                                                    " "
                                                    <span class="badge">{t.pr_archived}</span>
                                                }
                                            })}
                                        <IndicatorEditor i=Some(i.clone()) />
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <IndicatorEditor i=None />
                }
            },
        )}
    }
}

#[component]
fn IndicatorEditor(i: Option<IndicatorRow>) -> impl IntoView {
    let t = use_i18n();
    let save = use_action::<SaveProfileIndicator>();
    let id = i.as_ref().map(|i| i.id.to_string()).unwrap_or_default();
    let errs = FormErrors::for_form(save, "id", id.clone());
    let prefix = i.as_ref().map(|i| format!("ind-{}", i.id)).unwrap_or_else(|| "ind-new".into());
    let v = |f: fn(&IndicatorRow) -> String| i.as_ref().map(f).unwrap_or_default();
    let (code, name_en, name_fr, name_pt, unit, chapter, position) = (
        v(|i| i.code.clone()),
        v(|i| i.name_en.clone()),
        v(|i| i.name_fr.clone()),
        v(|i| i.name_pt.clone()),
        v(|i| i.unit.clone()),
        v(|i| i.chapter.as_str().to_string()),
        v(|i| i.position.to_string()),
    );
    let archived = i.as_ref().is_some_and(|i| i.archived);
    let existing = i.is_some();
    let chapters: Vec<(String, String)> =
        Chapter::ALL.iter().map(|c| (c.as_str().to_string(), t.profile_chapter(*c).to_string())).collect();
    let form = view! {
        <ActionForm action=save attr:class="stacked-form">
            <FormStatus errs />
            <input type="hidden" name="form[id]" value=id.clone() />
            <TextField errs name="code" label=t.pr_code value=code required=true prefix=prefix.clone() />
            <TextField errs name="name_en" label=t.pr_name_en value=name_en required=true prefix=prefix.clone() />
            <TextField errs name="name_fr" label=t.pr_name_fr value=name_fr prefix=prefix.clone() />
            <TextField errs name="name_pt" label=t.pr_name_pt value=name_pt prefix=prefix.clone() />
            <TextField errs name="unit" label=t.pr_unit value=unit prefix=prefix.clone() />
            <SelectField errs name="chapter" label=t.pr_chapter options=chapters value=chapter prefix=prefix.clone() />
            <TextField errs name="position" label=t.pr_position kind="number" value=position prefix=prefix.clone() />
            <Checkbox name="archived" label=t.pr_archived checked=archived errs prefix=prefix.clone() />
            <SubmitButton label=t.form_save pending=save.pending().into() />
        </ActionForm>
    };
    // Open when the form came back with errors (without JavaScript, after the redirect).
    let (class, summary) = if existing { ("", t.pr_edit) } else { ("panel", t.pr_indicator_add) };
    view! {
        <details class=class open=errs.any()>
            <summary>{summary}</summary>
            {form}
        </details>
    }
}

/// `/profiles/regional/compile` (secretariat): a regional profile edition drafted from the
/// regional table, published as a briefing paper through the papers' own form.
#[component]
pub fn RegionalCompilePage() -> impl IntoView {
    use crate::domain::{Access, Lang};
    use crate::features::papers::api::SavePaper;
    let t = use_i18n();
    let data = crate::components::resource(|| (), |_| async move { get_regional_compilation().await });
    let save = use_action::<SavePaper>();
    let errs = FormErrors::of(save);
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.pr_compile, t.app_name)) />
        <header class="page-head">
            <p class="kicker">
                <a href="/profiles/regional">{t.pr_regional}</a>
            </p>
            <h1>{t.pr_compile}</h1>
        </header>
        <p class="help">{t.pr_compile_help}</p>
        {loaded(
            data,
            move |d| {
                let meetings: Vec<(String, String)> = d.meetings.iter().map(|(id, title)| (id.to_string(), title.clone())).collect();
                let langs: Vec<(String, String)> = Lang::ALL.iter().map(|l| (l.code().to_string(), l.native_name().to_string())).collect();
                let access: Vec<(String, String)> = Access::ALL
                    .iter()
                    .map(|a| (a.as_str().to_string(), t.access(*a).to_string()))
                    .collect();
                let (default_meeting, lang, title, markdown) = (
                    d.default_meeting.map(|m| m.to_string()).unwrap_or_default(),
                    d.lang.code().to_string(),
                    d.title.clone(),
                    d.markdown.clone(),
                );
                view! {
                    <ActionForm action=save attr:class="stacked-form">
                        <FormStatus errs />
                        <SelectField
                            errs
                            name="meeting_id"
                            label=t.consolidated_meeting
                            options=meetings
                            value=default_meeting
                            prefix="regional"
                        />
                        <div class="inline-fields">
                            <SelectField errs name="lang" label=t.paper_lang options=langs value=lang prefix="regional" />
                            <SelectField errs name="access" label=t.paper_access options=access value="public" prefix="regional" />
                        </div>
                        <TextField errs name="title" label=t.paper_title value=title required=true prefix="regional" />
                        <TextArea errs name="body" label=t.paper_body value=markdown help=t.markdown_help rows=24 prefix="regional" />
                        <SubmitButton label=t.consolidated_publish pending=save.pending().into() />
                    </ActionForm>
                }
            },
        )}
    }
}
