//! Reporting pages: a cycle's due reports, the report form with its history and the
//! secretariat's review, and the regional dashboard (matrix, totals, SVG charts).

use super::api::{
    get_consolidated, get_country, get_cycle, get_matrix, get_report, CloseCycle, RemoveEvidenceFile, ReviewReport, SaveReport,
};
use super::types::{CountryPageData, CyclePageData, MatrixData, MatrixQuery, ReportPageData, ReportVersion};
use crate::components::use_meeting_id;
use crate::components::{
    loaded, push_attr, push_text, use_action, Checkbox, FormErrors, FormStatus, MarkdownView, SelectField, SubmitButton, TextArea,
    TextField,
};
use crate::domain::{parse_id, CountryCode, ReportState, ReportStatus};
use crate::error::AppError;
use crate::features::plan::pages::{level_label, responsible_text};
use crate::i18n::{format_date, use_i18n, use_lang, Strings};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn status_label(t: &'static Strings, s: ReportStatus) -> &'static str {
    match s {
        ReportStatus::NotStarted => t.rs_not_started,
        ReportStatus::InProgress => t.rs_in_progress,
        ReportStatus::Achieved => t.rs_achieved,
        ReportStatus::Delayed => t.rs_delayed,
        ReportStatus::NotApplicable => t.rs_not_applicable,
    }
}

pub fn state_label(t: &'static Strings, s: ReportState) -> &'static str {
    match s {
        ReportState::Draft => t.rstate_draft,
        ReportState::Submitted => t.rstate_submitted,
        ReportState::Validated => t.rstate_validated,
        ReportState::Returned => t.rstate_returned,
    }
}

fn use_cycle_id() -> Memo<Option<i32>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("cid").and_then(|s| parse_id(&s)))
}

/// `/cycles/:cid`
#[component]
pub fn CyclePage() -> impl IntoView {
    let id = use_cycle_id();
    let data = crate::components::resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_cycle(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let t = use_i18n();
    view! {
        {loaded(
            data,
            move |d| {
                view! {
                    <Title text=crate::components::page_title(format!("{} · {} · {}", d.cycle.title, d.meeting_title, t.app_name)) />
                    <header class="page-head">
                        <p class="kicker">
                            <a href=format!(
                                "/meetings/{}/plan",
                                d.meeting_id,
                            )>{format!("{} \u{2014} {}", t.plan_title, d.meeting_title)}</a>
                        </p>
                        <h1>{d.cycle.title.clone()}</h1>
                    </header>
                    <CycleBody d=d.clone() />
                }
            },
        )}
    }
}

#[component]
fn CycleBody(d: CyclePageData) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let close = use_action::<CloseCycle>();
    let c = d.cycle.clone();
    let cid = c.id;
    view! {
        <p class="meta">
            <span class=if c.open {
                "badge badge-open"
            } else {
                "badge badge-closed"
            }>{if c.open { t.cycle_open } else { t.cycle_closed }}</span>
            {format!(
                " \u{00b7} {} {} \u{00b7} {} {}",
                t.cycle_opens_on,
                format_date(lang, c.opens_on),
                t.cycle_due_on,
                format_date(lang, c.due_on),
            )}
        </p>
        <p class="meta">{t.cycle_coverage.replace("{n}", &d.coverage.0.to_string()).replace("{with}", &d.coverage.1.to_string())}</p>
        <p class="actions">
            <a class="button" href=format!("/meetings/{}/plan/dashboard?cycle={cid}", d.meeting_id)>
                {t.plan_dashboard}
            </a>
            {d
                .is_secretariat
                .then(|| {
                    view! {
                        <a class="button" href=format!("/cycles/{cid}/reports.csv") rel="external" download="">
                            {t.cycle_export_csv}
                        </a>
                        <a class="button" href=format!("/cycles/{cid}/reports.xlsx") rel="external" download="">
                            {t.cycle_export_xlsx}
                        </a>
                        <a class="button" href=format!("/cycles/{cid}/consolidated")>
                            {t.consolidated_title}
                        </a>
                    }
                })}
        </p>
        {(d.is_secretariat && c.closed_at.is_none())
            .then(|| {
                view! {
                    <ActionForm action=close>
                        <input type="hidden" name="cycle_id" value=cid />
                        <button type="submit" class="button small">
                            {t.cycle_close}
                        </button>
                    </ActionForm>
                }
            })}
        {if d.due.is_empty() {
            view! { <p class="empty">{t.cycle_nothing_due}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="data">
                        <caption>{t.cycle_due_reports}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t.plan_code}</th>
                                <th scope="col">{t.report_country}</th>
                                <th scope="col">{t.report_state}</th>
                                <th scope="col">{t.report_status}</th>
                                <th scope="col">{t.report_percent}</th>
                                <th scope="col">
                                    <span class="visually-hidden">{t.report_open}</span>
                                </th>
                            </tr>
                        </thead>
                        <tbody>
                            {d
                                .due
                                .iter()
                                .map(|r| {
                                    let href = format!("/cycles/{cid}/reports/{}/{}", r.recommendation_id, r.reporter);
                                    let word = if r.awaiting_review.is_some() && d.is_secretariat {
                                        t.report_review
                                    } else {
                                        t.report_open
                                    };
                                    // The visible word starts the accessible name (WCAG 2.5.3).
                                    view! {
                                        <tr>
                                            <td>{r.code.clone()}</td>
                                            <td>{r.reporter_name.clone()}</td>
                                            <td>{r.state.map(|s| state_label(t, s)).unwrap_or(t.report_missing)}</td>
                                            <td>{r.status.map(|s| status_label(t, s)).unwrap_or("\u{2014}")}</td>
                                            <td>{r.percent.map(|p| t.percent(p)).unwrap_or_else(|| "\u{2014}".into())}</td>
                                            <td>
                                                <a href=href aria-label=format!("{word} {} {}", r.code, r.reporter_name)>
                                                    {word}
                                                </a>
                                            </td>
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
    }
}

/// `/cycles/:cid/reports/:rid/:reporter`
#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| {
        let p = params.read();
        (p.get("cid").and_then(|s| parse_id(&s)), p.get("rid").and_then(|s| parse_id(&s)), p.get("reporter").unwrap_or_default())
    });
    let data = crate::components::resource(
        move || key.get(),
        |(cid, rid, reporter)| async move {
            match (cid, rid) {
                (Some(c), Some(r)) => get_report(c, r, reporter).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    let t = use_i18n();
    view! {
        {loaded(
            data,
            move |d| {
                view! {
                    <Title text=crate::components::page_title(
                        format!("{} {} · {} · {}", d.recommendation.code, d.reporter_name, d.cycle.title, t.app_name),
                    ) />
                    <header class="page-head">
                        <p class="kicker">
                            <a href=format!("/cycles/{}", d.cycle.id)>{format!("{} \u{2014} {}", d.cycle.title, d.meeting_title)}</a>
                        </p>
                        <h1>{format!("{} \u{2014} {}", d.recommendation.code, d.reporter_name)}</h1>
                    </header>
                    <ReportBody d=d.clone() />
                }
            },
        )}
    }
}

#[component]
fn ReportBody(d: ReportPageData) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let r = d.recommendation.clone();
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    view! {
        <section class="recommendation" aria-labelledby="rec-h">
            <h2 id="rec-h">{t.report_recommendation}</h2>
            <MarkdownView html=r.text_html.clone() />
            <dl class="facts">
                <dt>{t.plan_theme}</dt>
                <dd>{r.theme_name.clone()}</dd>
                <dt>{t.plan_level}</dt>
                <dd>{level_label(t, r.level)}</dd>
                <dt>{t.plan_responsible}</dt>
                <dd>{responsible_text(t, lang, &r.states, &r.bodies)}</dd>
                {r
                    .target_date
                    .map(|d| {
                        view! {
                            <dt>{t.plan_target_date}</dt>
                            <dd>{format_date(lang, d)}</dd>
                        }
                    })}
            </dl>
        </section>
        {move || {
            saved()
                .then(|| {
                    view! {
                        <div class="form-status ok" role="status">
                            {t.report_draft_saved}
                        </div>
                    }
                })
        }}
        {if d.can_edit {
            view! {
                <ReportEditor d=d.clone() />
                <EvidenceEditor d=d.clone() />
            }
                .into_any()
        } else if !d.is_secretariat && !d.cycle.open {
            view! {
                <p class="notice" role="note">
                    {t.fe_cycle_closed}
                </p>
            }
                .into_any()
        } else if !d.is_secretariat {
            view! {
                <p class="notice" role="note">
                    {t.report_awaiting}
                </p>
            }
                .into_any()
        } else {
            ().into_any()
        }}
        <section aria-labelledby="history-h">
            <h2 id="history-h">{t.report_history}</h2>
            {if d.history.is_empty() {
                view! { <p class="empty">{t.report_history_none}</p> }.into_any()
            } else {
                d.history.iter().map(|v| view! { <VersionView v=v.clone() secretariat=d.is_secretariat /> }).collect_view().into_any()
            }}
        </section>
    }
}

#[component]
fn ReportEditor(d: ReportPageData) -> impl IntoView {
    let t = use_i18n();
    let save = use_action::<SaveReport>();
    let errs = FormErrors::of(save);
    let draft = d.draft.clone();
    let statuses: Vec<(String, String)> =
        ReportStatus::ALL.iter().map(|s| (s.as_str().to_string(), status_label(t, *s).to_string())).collect();
    view! {
        <section class="panel" aria-labelledby="form-h">
            <h2 id="form-h">{t.report_your_report}</h2>
            <ActionForm action=save attr:class="stacked-form">
                <FormStatus errs />
                <input type="hidden" name="form[cycle_id]" value=d.cycle.id />
                <input type="hidden" name="form[recommendation_id]" value=d.recommendation.id />
                <div class="inline-fields">
                    <SelectField
                        errs
                        name="status"
                        label=t.report_status
                        options=statuses
                        value=draft.as_ref().map(|v| v.status.as_str().to_string()).unwrap_or_default()
                        placeholder=t.plan_choose
                        prefix="report"
                    />
                    <TextField
                        errs
                        name="percent"
                        label=t.report_percent
                        kind="number"
                        value=draft.as_ref().map(|v| v.percent.to_string()).unwrap_or_default()
                        help=t.report_percent_help
                        prefix="report"
                    />
                </div>
                <TextArea
                    errs
                    name="narrative"
                    label=t.report_narrative
                    value=draft.as_ref().map(|v| v.narrative_html.clone()).unwrap_or_default()
                    help=t.markdown_help
                    rows=8
                    prefix="report"
                />
                <TextArea
                    errs
                    name="evidence"
                    label=t.report_evidence
                    value=draft.as_ref().map(|v| v.evidence.join("\n")).unwrap_or_default()
                    help=t.report_evidence_help
                    rows=3
                    prefix="report"
                />
                <TextArea
                    errs
                    name="next_steps"
                    label=t.report_next_steps
                    value=draft.as_ref().map(|v| v.next_steps_html.clone()).unwrap_or_default()
                    rows=4
                    prefix="report"
                />
                <Checkbox name="submit" label=t.report_submit_now errs prefix="report" />
                <SubmitButton label=t.report_save pending=save.pending().into() />
            </ActionForm>
        </section>
    }
}

#[component]
fn FileList(files: Vec<super::types::EvidenceFile>) -> impl IntoView {
    let t = use_i18n();
    view! {
        <ul class="files">
            {files
                .into_iter()
                .map(|f| {
                    let kind = f.content_type.rsplit(['/', '.']).next().unwrap_or("").to_uppercase();
                    view! {
                        <li>
                            <a href=f.href() rel="external" download="">
                                {f.name.clone()}
                            </a>
                            {format!(" ({kind}, {})", crate::features::papers::types::human_size(t, f.size))}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// Evidence files of the draft: a plain multipart form (works without JavaScript) and removal.
#[component]
fn EvidenceEditor(d: ReportPageData) -> impl IntoView {
    let t = use_i18n();
    let remove = use_action::<RemoveEvidenceFile>();
    let file_error = crate::components::use_file_error();
    let files = d.draft.as_ref().map(|v| v.files.clone()).unwrap_or_default();
    view! {
        <section class="panel" id="evidence" aria-labelledby="evidence-h">
            <h2 id="evidence-h">{t.report_files}</h2>
            {if d.has_draft {
                view! {
                    {(!files.is_empty())
                        .then(|| {
                            view! {
                                <ul class="files">
                                    {files
                                        .clone()
                                        .into_iter()
                                        .map(|f| {
                                            view! {
                                                <li>
                                                    <a href=f.href() rel="external" download="">
                                                        {f.name.clone()}
                                                    </a>
                                                    {format!(" ({}) ", crate::features::papers::types::human_size(t, f.size))}
                                                    <ActionForm action=remove attr:class="inline-form">
                                                        <input type="hidden" name="file_id" value=f.id />
                                                        <button type="submit" class="button small">
                                                            {format!("{} {}", t.report_file_remove, f.name)}
                                                        </button>
                                                    </ActionForm>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })}
                    <form
                        method="post"
                        action=format!("/cycles/{}/reports/{}/files", d.cycle.id, d.recommendation.id)
                        enctype="multipart/form-data"
                        class="stacked-form"
                    >
                        <div class="field" class:has-error=move || file_error().is_some()>
                            <label for="evidence-file">{t.report_file_label}</label>
                            <p class="help" id="evidence-file-help">
                                {t.report_files_help}
                            </p>
                            <input
                                type="file"
                                id="evidence-file"
                                name="file"
                                required=true
                                aria-describedby="evidence-file-help"
                                accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.webp"
                            />
                            {move || {
                                file_error()
                                    .map(|m| {
                                        view! {
                                            <p class="field-error" role="alert">
                                                {m}
                                            </p>
                                        }
                                    })
                            }}
                        </div>
                        <button type="submit" class="button">
                            {t.report_file_attach}
                        </button>
                    </form>
                }
                    .into_any()
            } else {
                view! { <p class="help">{t.report_files_first}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
fn VersionView(v: ReportVersion, secretariat: bool) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let review = use_action::<ReviewReport>();
    let errs = FormErrors::of(review);
    let decisions: Vec<(String, String)> = vec![("validate".into(), t.report_validate.into()), ("return".into(), t.report_return.into())];
    let pending_review = v.state == ReportState::Submitted;
    view! {
        <article class="report-version" id=format!("version-{}", v.seq)>
            <h3>{format!("{} {} \u{2014} {}", t.report_version, v.seq, state_label(t, v.state))}</h3>
            <p class="meta">
                {format!("{}{}{} \u{00b7} {}", t.report_status, t.colon, status_label(t, v.status), t.percent(v.percent))}
                {v
                    .submitted_at
                    .map(|s| format!(" \u{00b7} {} {} ({})", t.report_submitted_on, format_date(lang, s.date_naive()), v.author))}
            </p>
            <MarkdownView html=v.narrative_html.clone() />
            {(!v.evidence.is_empty())
                .then(|| {
                    view! {
                        <h4>{t.report_evidence}</h4>
                        <ul>
                            {v
                                .evidence
                                .iter()
                                .map(|e| {
                                    view! {
                                        <li>
                                            <a href=e.clone() rel="nofollow noopener noreferrer">
                                                {e.clone()}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            {(!v.next_steps_html.is_empty())
                .then(|| {
                    view! {
                        <h4>{t.report_next_steps}</h4>
                        <MarkdownView html=v.next_steps_html.clone() />
                    }
                })}
            {(!v.files.is_empty())
                .then(|| {
                    view! {
                        <h4>{t.report_files}</h4>
                        <FileList files=v.files.clone() />
                    }
                })}
            {v
                .reviewed_at
                .map(|at| {
                    view! {
                        <p class="review">
                            {format!("{} {} \u{2014} {}", state_label(t, v.state), format_date(lang, at.date_naive()), v.reviewer)}
                            {(!v.review_comment.is_empty()).then(|| format!("{}{}", t.colon, v.review_comment))}
                        </p>
                    }
                })}
            {(secretariat && pending_review)
                .then(|| {
                    view! {
                        <ActionForm action=review attr:class="stacked-form">
                            <FormStatus errs />
                            <input type="hidden" name="form[report_id]" value=v.id />
                            <SelectField errs name="decision" label=t.report_decision options=decisions prefix=format!("review-{}", v.id) />
                            <TextArea
                                errs
                                name="comment"
                                label=t.report_comment
                                help=t.report_comment_help
                                rows=3
                                prefix=format!("review-{}", v.id)
                            />
                            <SubmitButton label=t.report_review_send pending=review.pending().into() class="button" />
                        </ActionForm>
                    }
                })}
        </article>
    }
}

/// `/meetings/:id/plan/dashboard?cycle=&theme=&level=`
#[component]
pub fn DashboardPage() -> impl IntoView {
    let id = use_meeting_id();
    let query = use_query_map();
    let q = Memo::new(move |_| {
        let q = query.read();
        MatrixQuery {
            cycle: q.get("cycle").and_then(|c| parse_id(&c)),
            theme: q.get("theme").unwrap_or_default(),
            level: q.get("level").unwrap_or_default(),
        }
    });
    let data = crate::components::resource(
        move || (id.get(), q.get()),
        |(id, q)| async move {
            match id {
                Some(id) => get_matrix(id, q).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let t = use_i18n();
    view! {
        {loaded(
            data,
            move |d| {
                view! {
                    <Title text=crate::components::page_title(format!("{} · {} · {}", t.dashboard_title, d.meeting_title, t.app_name)) />
                    <header class="page-head">
                        <p class="kicker">
                            <a href=format!(
                                "/meetings/{}/plan",
                                d.meeting_id,
                            )>{format!("{} \u{2014} {}", t.plan_title, d.meeting_title)}</a>
                        </p>
                        <h1>{t.dashboard_title}</h1>
                    </header>
                    <Dashboard d=d.clone() />
                }
            },
        )}
    }
}

/// The class of a matrix cell with a validated report (`cell-` and the status).
fn cell_class(s: ReportStatus) -> &'static str {
    match s {
        ReportStatus::NotStarted => "cell-not_started",
        ReportStatus::InProgress => "cell-in_progress",
        ReportStatus::Achieved => "cell-achieved",
        ReportStatus::Delayed => "cell-delayed",
        ReportStatus::NotApplicable => "cell-not_applicable",
    }
}

#[component]
fn Dashboard(d: MatrixData) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let mid = d.meeting_id;
    let cycles: Vec<(String, String)> = d.cycles.iter().map(|c| (c.id.to_string(), c.title.clone())).collect();
    let cycle_value = d.query.cycle.map(|c| c.to_string()).unwrap_or_default();
    let export_q = format!(
        "cycle={}&theme={}&level={}",
        cycle_value,
        crate::domain::url_segment(&d.query.theme),
        crate::domain::url_segment(&d.query.level)
    );
    if d.cycles.is_empty() {
        return view! { <p class="empty">{t.cycles_none}</p> }.into_any();
    }
    if !d.visible {
        return view! { <p class="empty">{t.dashboard_not_public}</p> }.into_any();
    }
    view! {
        <form method="get" class="inline-fields filters" action=format!("/meetings/{mid}/plan/dashboard")>
            <div class="field">
                <label for="f-cycle">{t.dashboard_cycle}</label>
                <select id="f-cycle" name="cycle">
                    {cycles
                        .into_iter()
                        .map(|(v, l)| {
                            let s = v == cycle_value;
                            view! {
                                <option value=v selected=s>
                                    {l}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-theme">{t.plan_theme}</label>
                <select id="f-theme" name="theme">
                    <option value="">{t.dashboard_all}</option>
                    {d
                        .themes
                        .iter()
                        .map(|th| {
                            let s = th.code == d.query.theme;
                            view! {
                                <option value=th.code.clone() selected=s>
                                    {th.name.clone()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-level">{t.plan_level}</label>
                <select id="f-level" name="level">
                    <option value="">{t.dashboard_all}</option>
                    {crate::domain::Level::ALL
                        .iter()
                        .map(|l| {
                            let s = l.as_str() == d.query.level;
                            view! {
                                <option value=l.as_str() selected=s>
                                    {level_label(t, *l)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button">
                {t.dashboard_filter}
            </button>
        </form>
        <p class="actions">
            <a class="button" href=format!("/meetings/{mid}/plan/matrix.csv?{export_q}") rel="external" download="">
                {t.dashboard_export_csv}
            </a>
            <a class="button" href=format!("/meetings/{mid}/plan/matrix.xlsx?{export_q}") rel="external" download="">
                {t.dashboard_export_xlsx}
            </a>
        </p>
        <Legend />
        <div class="table-scroll matrix-scroll" tabindex="0" role="region" aria-label=t.dashboard_matrix>
            {crate::components::inert_html("matrix-wrap", || matrix_html(&d, t, lang))}
        </div>
        {crate::components::inert(
            "charts",
            || {
                view! {
                    <section aria-labelledby="charts-h">
                        <h2 id="charts-h">{t.dashboard_charts}</h2>
                        <figure>
                            <figcaption>{t.chart_by_theme}</figcaption>
                            <div class="chart-scroll" tabindex="0" role="region" aria-label=t.chart_by_theme>
                                {theme_chart(t, &d)}
                            </div>
                            <details>
                                <summary>{t.chart_data}</summary>
                                <div class="table-scroll">
                                    <table class="data">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t.plan_theme}</th>
                                                {ReportStatus::ALL
                                                    .iter()
                                                    .map(|s| view! { <th scope="col">{status_label(t, *s)}</th> })
                                                    .collect_view()}
                                                <th scope="col">{t.dashboard_no_report}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {d
                                                .by_theme
                                                .iter()
                                                .map(|(name, counts)| {
                                                    view! {
                                                        <tr>
                                                            <th scope="row">{name.clone()}</th>
                                                            {counts.iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            </details>
                        </figure>
                        <figure>
                            <figcaption>{t.chart_by_state}</figcaption>
                            <div class="chart-scroll" tabindex="0" role="region" aria-label=t.chart_by_state>
                                {state_chart(t, &d)}
                            </div>
                        </figure>
                        <figure>
                            <figcaption>{t.chart_over_cycles}</figcaption>
                            <div class="chart-scroll" tabindex="0" role="region" aria-label=t.chart_over_cycles>
                                {cycles_chart(t, &d)}
                            </div>
                            <details>
                                <summary>{t.chart_data}</summary>
                                <div class="table-scroll">
                                    <table class="data">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t.dashboard_cycle}</th>
                                                <th scope="col">{t.dashboard_average}</th>
                                                <th scope="col">{t.chart_reports}</th>
                                                <th scope="col">{t.rs_achieved}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {d
                                                .over_cycles
                                                .iter()
                                                .map(|(c, avg, n, a)| {
                                                    view! {
                                                        <tr>
                                                            <th scope="row">{c.clone()}</th>
                                                            <td>{avg.map(|x| t.percent(x)).unwrap_or_else(|| "\u{2014}".into())}</td>
                                                            <td>{*n}</td>
                                                            <td>{*a}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            </details>
                        </figure>
                    </section>
                }
            },
        )}
    }
    .into_any()
}

/// The progress matrix as HTML text (shown with [`crate::components::inert_html`]): one row per
/// recommendation, one column per member state then regional body, the row's total, and the
/// columns' coverage and average in the footer.
fn matrix_html(d: &MatrixData, t: &'static Strings, lang: crate::domain::Lang) -> String {
    use std::fmt::Write;
    let mid = d.meeting_id;
    let mut h = String::with_capacity(4096 + d.rows.len() * (96 + 40 * d.states.len()));
    h.push_str("<table class=\"matrix\"><caption>");
    push_text(&mut h, t.dashboard_matrix);
    h.push_str("</caption><thead><tr><th scope=\"col\">");
    push_text(&mut h, t.plan_code);
    h.push_str("</th>");
    for s in &d.states {
        h.push_str("<th scope=\"col\">");
        // A member state's column opens its page; a regional body has none.
        if CountryCode::parse("c", s).is_ok() {
            let _ = write!(h, "<a href=\"/meetings/{mid}/plan/countries/");
            push_attr(&mut h, s);
            h.push_str("\"><abbr title=\"");
            push_attr(&mut h, &crate::features::plan::pages::state_name(s, lang));
            h.push_str("\">");
            push_text(&mut h, s);
            h.push_str("</abbr></a>");
        } else {
            h.push_str("<abbr title=\"");
            push_attr(&mut h, crate::domain::plan::body_name(s));
            h.push_str("\">");
            push_text(&mut h, s);
            h.push_str("</abbr>");
        }
        h.push_str("</th>");
    }
    h.push_str("<th scope=\"col\">");
    push_text(&mut h, t.dashboard_row_total);
    h.push_str("</th></tr></thead><tbody>");
    for r in &d.rows {
        let _ = write!(h, "<tr><th scope=\"row\"><a href=\"/meetings/{mid}/plan#rec-{}\">", r.recommendation_id);
        push_text(&mut h, &r.code);
        h.push_str("</a></th>");
        for c in &r.cells {
            match (c.due, c.status, c.percent) {
                (false, ..) => h.push_str("<td class=\"cell-na\">\u{2014}</td>"),
                (true, Some(s), Some(p)) => {
                    let _ = write!(h, "<td class=\"{}\">", cell_class(s));
                    push_text(&mut h, status_short(t, s));
                    h.push(' ');
                    push_text(&mut h, &t.percent(p));
                    h.push_str("</td>");
                }
                _ => {
                    h.push_str("<td class=\"cell-missing\">");
                    push_text(&mut h, t.dashboard_no_report);
                    h.push_str("</td>");
                }
            }
        }
        h.push_str("<td class=\"total\">");
        let average = r.total.3.map(|a| t.percent(a)).unwrap_or_else(|| "\u{2014}".into());
        push_text(&mut h, &format!("{}/{} \u{00b7} {average}", r.total.0, r.total.1));
        h.push_str("</td></tr>");
    }
    h.push_str("</tbody><tfoot><tr><th scope=\"row\">");
    push_text(&mut h, t.dashboard_coverage);
    h.push_str("</th>");
    for c in &d.countries {
        let _ = write!(h, "<td class=\"total\">{}/{}</td>", c.reported, c.due);
    }
    h.push_str("<td></td></tr><tr><th scope=\"row\">");
    push_text(&mut h, t.dashboard_average);
    h.push_str("</th>");
    for c in &d.countries {
        h.push_str("<td class=\"total\">");
        push_text(&mut h, &c.average.map(|a| t.percent(a)).unwrap_or_else(|| "\u{2014}".into()));
        h.push_str("</td>");
    }
    h.push_str("<td></td></tr></tfoot></table>");
    h
}

fn status_short(t: &'static Strings, s: ReportStatus) -> &'static str {
    status_label(t, s)
}

#[component]
fn Legend() -> impl IntoView {
    let t = use_i18n();
    view! {
        <ul class="legend" aria-label=t.dashboard_legend>
            {ReportStatus::ALL
                .iter()
                .map(|s| {
                    view! {
                        <li>
                            <span class=format!("swatch {}", cell_class(*s)) aria-hidden="true"></span>
                            {status_label(t, *s)}
                        </li>
                    }
                })
                .collect_view()}
            <li>
                <span class="swatch cell-missing" aria-hidden="true"></span>
                {t.dashboard_no_report}
            </li>
            <li>
                <span class="swatch cell-na" aria-hidden="true"></span>
                {t.dashboard_not_due}
            </li>
        </ul>
    }
}

/// Fill colours of the statuses (the same as the matrix cells' CSS), then "no report".
const COLOURS: [&str; 6] = ["#9aa5b1", "#3b82c4", "#2e8540", "#d97706", "#6b7280", "#e5e7eb"];

/// Stacked horizontal bars: per theme, how many due reports are in each status, with a `<title>`
/// per bar segment (the numbers are also in the table below). Every chart is built by the view
/// macro, so every name in it is escaped by construction.
fn theme_chart(t: &'static Strings, d: &MatrixData) -> impl IntoView {
    let labels: Vec<&'static str> = ReportStatus::ALL.iter().map(|s| status_label(t, *s)).chain([t.dashboard_no_report]).collect();
    stacked_bars(t, &d.by_theme, &labels, t.chart_by_theme)
}

/// A number for an SVG attribute, one decimal at most.
fn num(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// Average percentage per member state (validated reports), one bar each.
fn state_chart(t: &'static Strings, d: &MatrixData) -> impl IntoView {
    let (w, row, left) = (640.0, 22.0, 60.0);
    let h = row * d.countries.len() as f64 + 30.0;
    let bars = d
        .countries
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let y = 10.0 + i as f64 * row;
            let bw = (w - left - 60.0) * c.average.unwrap_or(0) as f64 / 100.0;
            let value = c.average.map(|a| t.percent(a)).unwrap_or_else(|| t.dashboard_no_report.to_string());
            let shown = c.average.map(|a| t.percent(a)).unwrap_or_else(|| "\u{2014}".into());
            view! {
                <text x="0" y=num(y + 14.0) font-size="12">
                    {c.code.clone()}
                </text>
                <rect x=num(left) y=num(y) width=num(bw) height=num(row - 6.0) fill="#3b82c4">
                    <title>{format!("{}{}{value}", c.name, t.colon)}</title>
                </rect>
                <text x=num(left + bw + 4.0) y=num(y + 14.0) font-size="12">
                    {shown}
                </text>
            }
        })
        .collect_view();
    view! {
        <svg viewBox=format!("0 0 {} {}", num(w), num(h)) width="100%" role="img" aria-label=t.chart_by_state class="chart">
            {bars}
        </svg>
    }
}

/// Average progress per cycle (oldest first), one column each, on the same 640-unit width as the
/// other charts whatever the number of cycles (a chart of one or two cycles was drawn three
/// times larger than the rest); each cycle's title is shortened to what its column holds and
/// given whole in the column's tooltip and in the table below.
fn cycles_chart(t: &'static Strings, d: &MatrixData) -> impl IntoView {
    let (w, h, top, bottom) = (640.0, 160.0, 20.0, 30.0);
    let n = d.over_cycles.len().max(1);
    let col = ((w - 20.0) / n as f64).min(120.0);
    // About 7 units a character at font size 12.
    let fits = ((col - 6.0) / 7.0).max(3.0) as usize;
    let columns = d
        .over_cycles
        .iter()
        .enumerate()
        .map(|(i, (title, avg, n, _))| {
            let x = 10.0 + i as f64 * col;
            let bh = h * avg.unwrap_or(0) as f64 / 100.0;
            let value = avg.map(|a| t.percent(a)).unwrap_or_else(|| t.dashboard_no_report.to_string());
            let shown = avg.map(|a| t.percent(a)).unwrap_or_else(|| "\u{2014}".into());
            let label: String = if title.chars().count() > fits {
                title.chars().take(fits.saturating_sub(1)).chain(['\u{2026}']).collect()
            } else {
                title.clone()
            };
            view! {
                <g>
                    <title>{format!("{title}{}{value} ({n})", t.colon)}</title>
                    <rect x=num(x) y=num(top + h - bh) width=num(col * 0.7) height=num(bh) fill="#2e8540"></rect>
                    <text x=num(x) y=num(top + h - bh - 4.0) font-size="12">
                        {shown}
                    </text>
                    <text x=num(x) y=num(top + h + 18.0) font-size="12">
                        {label}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg
            viewBox=format!("0 0 {} {}", num(w), num(h + top + bottom))
            width="100%"
            role="img"
            aria-label=t.chart_over_cycles
            class="chart"
        >
            <line x1="0" y1=num(top + h) x2=num(w) y2=num(top + h) stroke="#6b7280"></line>
            {columns}
        </svg>
    }
}

fn stacked_bars(t: &'static Strings, rows: &[(String, Vec<usize>)], labels: &[&'static str], title: &'static str) -> impl IntoView {
    let (w, row, left) = (640.0, 26.0, 220.0);
    let h = row * rows.len() as f64 + 20.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (name, counts))| {
            let y = 10.0 + i as f64 * row;
            let total: usize = counts.iter().sum();
            let mut x = left;
            let segments = counts
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0 && total > 0)
                .map(|(k, n)| {
                    let bw = (w - left - 10.0) * *n as f64 / total as f64;
                    let label = labels.get(k).copied().unwrap_or("");
                    let segment = view! {
                        <rect x=num(x) y=num(y) width=num(bw) height=num(row - 8.0) fill=COLOURS[k.min(COLOURS.len() - 1)]>
                            <title>{format!("{name}{}{label} {n}", t.colon)}</title>
                        </rect>
                    };
                    x += bw;
                    segment
                })
                .collect_view();
            view! {
                <text x="0" y=num(y + 14.0) font-size="12">
                    {name.chars().take(32).collect::<String>()}
                </text>
                {segments}
            }
        })
        .collect_view();
    view! {
        <svg viewBox=format!("0 0 {} {}", num(w), num(h)) width="100%" role="img" aria-label=title class="chart">
            {bars}
        </svg>
    }
}

/// `/meetings/:id/plan/countries/:code`
#[component]
pub fn CountryPage() -> impl IntoView {
    let id = use_meeting_id();
    let params = use_params_map();
    let code = Memo::new(move |_| params.read().get("code").unwrap_or_default());
    let query = use_query_map();
    // `?page=` (from 1); anything that is not a page number is a page that does not exist.
    let page = Memo::new(move |_| query.read().get("page").map(|p| p.trim().parse::<u32>().unwrap_or(0)).unwrap_or(1));
    let data = crate::components::resource(
        move || (id.get(), code.get(), page.get()),
        |(id, code, page)| async move {
            match id {
                Some(id) => get_country(id, code, page).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let t = use_i18n();
    view! {
        {loaded(
            data,
            move |d| {
                view! {
                    <Title text=crate::components::page_title(format!("{} · {} · {}", d.name, t.plan_title, t.app_name)) />
                    <header class="page-head">
                        <p class="kicker">
                            <a href=format!(
                                "/meetings/{}/plan/dashboard",
                                d.meeting_id,
                            )>{format!("{} \u{2014} {}", t.dashboard_title, d.meeting_title)}</a>
                        </p>
                        <h1>{d.name.clone()}</h1>
                    </header>
                    <CountryBody d=d.clone() />
                }
            },
        )}
    }
}

#[component]
fn CountryBody(d: CountryPageData) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    if d.items.is_empty() {
        return view! { <p class="empty">{t.country_none}</p> }.into_any();
    }
    let (page, pages) = (d.page, d.pages);
    let base = format!("/meetings/{}/plan/countries/{}", d.meeting_id, d.code);
    let page_href = {
        let base = base.clone();
        move |p: u32| if p == 1 { base.clone() } else { format!("{base}?page={p}") }
    };
    // Above and below the recommendations; two navigation landmarks, named apart.
    let pager = {
        let page_href = page_href.clone();
        move |label: &'static str| {
            (pages > 1).then(|| {
                let page_href = page_href.clone();
                view! {
                    <nav class="pager" aria-label=label>
                        <p>{t.country_page_of.replace("{n}", &t.number(page as i64)).replace("{m}", &t.number(pages as i64))}</p>
                        <ul>
                            {(1..=pages)
                                .map(|p| {
                                    let label = t.number(p as i64);
                                    if p == page {
                                        view! {
                                            <li>
                                                <span aria-current="page">{label}</span>
                                            </li>
                                        }
                                            .into_any()
                                    } else {
                                        view! {
                                            <li>
                                                <a href=page_href(p)>{label}</a>
                                            </li>
                                        }
                                            .into_any()
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </nav>
                }
            })
        }
    };
    view! {
        <div class="table-scroll">
            <table class="data">
                <caption>{t.country_summary}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.plan_code}</th>
                        <th scope="col">{t.plan_theme}</th>
                        <th scope="col">{t.report_status}</th>
                        <th scope="col">{t.report_percent}</th>
                        <th scope="col">{t.dashboard_cycle}</th>
                    </tr>
                </thead>
                <tbody>
                    {d
                        .summary
                        .iter()
                        .map(|r| {
                            let href = if r.page == page {
                                format!("#rec-{}", r.recommendation_id)
                            } else {
                                format!("{}#rec-{}", page_href(r.page), r.recommendation_id)
                            };
                            // The full text and history are on the row's page.
                            view! {
                                <tr>
                                    <th scope="row">
                                        <a href=href>{r.code.clone()}</a>
                                    </th>
                                    <td>{r.theme_name.clone()}</td>
                                    <td>{r.latest.as_ref().map(|(_, s, _)| status_label(t, *s)).unwrap_or(t.dashboard_no_report)}</td>
                                    <td>{r.latest.as_ref().map(|(_, _, p)| t.percent(*p)).unwrap_or_else(|| "\u{2014}".into())}</td>
                                    <td>{r.latest.as_ref().map(|(c, ..)| c.clone()).unwrap_or_default()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        {pager.clone()(t.country_pages)}
        {d
            .items
            .into_iter()
            .map(|i| {
                let r = i.recommendation.clone();
                view! {
                    <article class="recommendation" id=format!("rec-{}", r.id) aria-labelledby=format!("rec-{}-h", r.id)>
                        <h2 id=format!("rec-{}-h", r.id)>{r.code.clone()}</h2>
                        <MarkdownView html=r.text_html.clone() />
                        <p class="meta">
                            {format!(
                                "{} \u{00b7} {} \u{00b7} {}",
                                r.theme_name,
                                level_label(t, r.level),
                                responsible_text(t, lang, &r.states, &r.bodies),
                            )}
                        </p>
                        {(!i.profile_figures.is_empty())
                            .then(|| {
                                let name = d.name.clone();
                                let code = d.code.clone();
                                view! {
                                    <div class="table-scroll">
                                        <table class="data">
                                            <caption>{t.pr_figures.replace("{country}", &name)}</caption>
                                            <thead>
                                                <tr>
                                                    <th scope="col">{t.pr_indicator}</th>
                                                    <th scope="col">{t.plan_baseline}</th>
                                                    <th scope="col">{t.pr_latest_value}</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {i
                                                    .profile_figures
                                                    .iter()
                                                    .map(|f| {
                                                        let shown = |v: &Option<crate::features::profiles::types::FigureValue>| match v {
                                                            Some(v) => {
                                                                view! {
                                                                    <a href=format!(
                                                                        "/profiles/{code}/{}",
                                                                        v.edition,
                                                                    )>{format!("{} {} ({})", v.value, f.unit, v.year)}</a>
                                                                }
                                                                    .into_any()
                                                            }
                                                            None => {
                                                                view! {
                                                                    <span class="missing">
                                                                        {if f.withheld { t.pr_withheld } else { t.pr_missing }}
                                                                    </span>
                                                                }
                                                                    .into_any()
                                                            }
                                                        };
                                                        view! {
                                                            <tr>
                                                                <th scope="row">
                                                                    <a href=format!(
                                                                        "/profiles/regional?indicator={}",
                                                                        f.indicator_id,
                                                                    )>{f.name.clone()}</a>
                                                                </th>
                                                                <td>{shown(&f.baseline)}</td>
                                                                <td>{shown(&f.latest)}</td>
                                                            </tr>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                }
                            })}
                        <h3>{t.report_history}</h3>
                        {if i.history.is_empty() {
                            view! { <p class="empty">{t.report_history_none}</p> }.into_any()
                        } else {
                            view! {
                                <ol class="history">
                                    {i
                                        .history
                                        .iter()
                                        .map(|(cycle, v)| {
                                            view! {
                                                <li>
                                                    <p>
                                                        <strong>{cycle.clone()}</strong>
                                                        {format!(
                                                            " \u{2014} {} {} \u{2014} {} \u{00b7} {} \u{00b7} {}",
                                                            t.report_version,
                                                            v.seq,
                                                            state_label(t, v.state),
                                                            t.percent(v.percent),
                                                            status_label(t, v.status),
                                                        )}
                                                    </p>
                                                    {(!v.narrative_html.is_empty())
                                                        .then(|| view! { <MarkdownView html=v.narrative_html.clone() /> })}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                            }
                                .into_any()
                        }}
                    </article>
                }
            })
            .collect_view()}
        {pager(t.country_pages_end)}
    }
    .into_any()
}

/// `/cycles/:cid/consolidated` (secretariat): the generated regional report in an editor that
/// publishes it as a briefing paper (through the papers' own save function).
#[component]
pub fn ConsolidatedPage() -> impl IntoView {
    let id = use_cycle_id();
    let data = crate::components::resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_consolidated(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let t = use_i18n();
    view! {
        {loaded(
            data,
            move |d| {
                view! {
                    <Title text=crate::components::page_title(format!("{} · {} · {}", t.consolidated_title, d.cycle.title, t.app_name)) />
                    <header class="page-head">
                        <p class="kicker">
                            <a href=format!("/cycles/{}", d.cycle.id)>{format!("{} \u{2014} {}", d.cycle.title, d.meeting_title)}</a>
                        </p>
                        <h1>{t.consolidated_title}</h1>
                    </header>
                    <ConsolidatedEditor d=d.clone() />
                }
            },
        )}
    }
}

#[component]
fn ConsolidatedEditor(d: super::types::ConsolidatedData) -> impl IntoView {
    use crate::domain::{Access, Lang};
    use crate::features::papers::api::SavePaper;
    let t = use_i18n();
    let save = use_action::<SavePaper>();
    let errs = FormErrors::of(save);
    let meetings: Vec<(String, String)> = d.meetings.iter().map(|(id, title)| (id.to_string(), title.clone())).collect();
    let langs: Vec<(String, String)> = Lang::ALL.iter().map(|l| (l.code().to_string(), l.native_name().to_string())).collect();
    let access: Vec<(String, String)> = Access::ALL.iter().map(|a| (a.as_str().to_string(), t.access(*a).to_string())).collect();
    view! {
        <p class="help">{t.consolidated_help}</p>
        {(!d.narratives_public)
            .then(|| {
                view! {
                    <p class="notice" role="note">
                        {t.consolidated_private}
                    </p>
                }
            })}
        <ActionForm action=save attr:class="stacked-form">
            <FormStatus errs />
            <SelectField
                errs
                name="meeting_id"
                label=t.consolidated_meeting
                options=meetings
                value=d.default_meeting.to_string()
                prefix="consolidated"
            />
            <div class="inline-fields">
                <SelectField errs name="lang" label=t.paper_lang options=langs value=d.lang.code().to_string() prefix="consolidated" />
                <SelectField errs name="access" label=t.paper_access options=access value="delegates" prefix="consolidated" />
            </div>
            <TextField errs name="title" label=t.paper_title value=d.title.clone() required=true prefix="consolidated" />
            <TextArea errs name="body" label=t.paper_body value=d.markdown.clone() help=t.markdown_help rows=24 prefix="consolidated" />
            <SubmitButton label=t.consolidated_publish pending=save.pending().into() />
        </ActionForm>
    }
}

#[cfg(test)]
mod cell_tests {
    use super::*;

    #[test]
    fn the_matrix_is_written_as_escaped_html() {
        use super::super::types::{CountryTotal, MatrixCell, MatrixRow};
        let cell = |due, status: Option<ReportStatus>, percent| MatrixCell { due, status, percent };
        let d = MatrixData {
            meeting_id: 2,
            meeting_title: "Plan".into(),
            cycles: vec![],
            themes: vec![],
            query: MatrixQuery::default(),
            states: vec!["TZ".into(), "SADC".into()],
            rows: vec![MatrixRow {
                recommendation_id: 31,
                code: "R<1>".into(),
                theme: "t".into(),
                level: crate::domain::Level::National,
                cells: vec![cell(true, Some(ReportStatus::Achieved), Some(100)), cell(false, None, None)],
                total: (1, 1, 1, Some(100)),
            }],
            countries: ["TZ", "SADC"]
                .iter()
                .map(|c| CountryTotal { code: c.to_string(), name: c.to_string(), due: 1, reported: 1, achieved: 1, average: None })
                .collect(),
            by_status: vec![],
            by_theme: vec![],
            visible: true,
            over_cycles: vec![],
        };
        let t = Strings::get(crate::domain::Lang::En);
        let h = matrix_html(&d, t, crate::domain::Lang::En);
        assert!(h.starts_with("<table class=\"matrix\"><caption>") && h.ends_with("</tfoot></table>"), "{h}");
        // A member state's column links to its page; a regional body's has only its name.
        assert!(h.contains("<a href=\"/meetings/2/plan/countries/TZ\"><abbr title=\"United Republic of Tanzania\">TZ</abbr></a>"), "{h}");
        assert!(h.contains("<th scope=\"col\"><abbr title=\""), "{h}");
        assert!(h.contains("<th scope=\"row\"><a href=\"/meetings/2/plan#rec-31\">R&lt;1&gt;</a></th>"), "{h}");
        assert!(h.contains("<td class=\"cell-achieved\">Achieved 100"), "{h}");
        assert!(h.contains("<td class=\"cell-na\">\u{2014}</td>"), "{h}");
        assert!(h.contains("<td class=\"total\">1/1 \u{00b7} 100"), "{h}");
        assert_eq!(h.matches("<tr>").count(), 4, "head, one row, two footer rows: {h}");
        assert_eq!(h.matches("<td").count(), h.matches("</td>").count());
    }

    #[test]
    fn a_cell_class_names_its_status_as_the_legend_does() {
        for s in ReportStatus::ALL {
            assert_eq!(cell_class(*s), format!("cell-{}", s.as_str()));
        }
    }
}
