//! The Plan of Action page: recommendations grouped under headings, the secretariat's editor,
//! import/export, adoption, publication and reporting cycles.

use super::api::OpenCycle;
use super::api::{get_plan, AddTheme, DeleteRecommendation, PlanStep, SaveRecommendation};
use super::types::{PlanPageData, PlanView, RecommendationView};
use crate::components::use_meeting_id;
use crate::components::{
    loaded, use_action, Checkbox, FormErrors, FormStatus, MarkdownView, SelectField, SubmitButton, TextArea, TextField,
};
use crate::domain::plan::{body_name, indicators_to_lines};
use crate::domain::{CountryCode, ErrorCode, Level, PlanStatus, States};
use crate::error::AppError;
use crate::i18n::{format_date, use_i18n, use_lang, Strings};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use std::sync::Arc;

fn use_plan() -> Resource<Result<PlanPageData, AppError>, crate::components::Json> {
    let id = use_meeting_id();
    crate::components::resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_plan(id).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

pub fn level_label(t: &'static Strings, l: Level) -> &'static str {
    match l {
        Level::National => t.plan_level_national,
        Level::Regional => t.plan_level_regional,
    }
}

/// "All member states", or the states' names, and the regional bodies.
pub fn responsible_text(t: &'static Strings, lang: crate::domain::Lang, states: &States, bodies: &[String]) -> String {
    let mut parts: Vec<String> = match states {
        States::All => vec![t.plan_all_states.to_string()],
        States::Some(l) => l.iter().map(|c| c.name(lang).to_string()).collect(),
    };
    parts.extend(bodies.iter().map(|b| body_name(b).to_string()));
    parts.join(", ")
}

/// `/meetings/:id/plan`
#[component]
pub fn PlanPage() -> impl IntoView {
    let data = use_plan();
    let t = use_i18n();
    view! {
        {loaded(
            data,
            move |d| {
                view! {
                    <Title text=crate::components::page_title(format!("{} · {} · {}", t.plan_title, d.meeting_title, t.app_name)) />
                    <header class="page-head">
                        <p class="kicker">
                            <a href=format!("/meetings/{}", d.meeting_id)>{d.meeting_title.clone()}</a>
                        </p>
                        <h1>{t.plan_title}</h1>
                    </header>
                    <PlanBody d />
                }
            },
        )}
    }
}

#[component]
fn PlanBody(d: PlanPageData) -> impl IntoView {
    // Shared by every card and form below: each takes a pointer to the page's data, not a copy
    // of it (with 200 recommendations, 200 copies of 200 recommendations each).
    let d = Arc::new(d);
    let t = use_i18n();
    let lang = use_lang();
    let mid = d.meeting_id;
    let status = d.plan.as_ref().map(|p| p.status);
    let adopted = status == Some(PlanStatus::Adopted);
    if d.plan.is_none() && !d.is_secretariat {
        return view! { <p class="empty">{t.plan_none}</p> }.into_any();
    }
    let mut headings: Vec<String> = Vec::new();
    for r in &d.recommendations {
        if !headings.contains(&r.heading) {
            headings.push(r.heading.clone());
        }
    }
    view! {
        <p class="meta">
            <span class=format!(
                "badge badge-plan-{}",
                status.unwrap_or(PlanStatus::Draft).as_str(),
            )>{if adopted { t.plan_status_adopted } else { t.plan_status_draft }}</span>
            {d.plan.as_ref().and_then(|p| p.adopted_on).map(|on| format!(" \u{00b7} {} {}", t.plan_adopted_on, format_date(lang, on)))}
            {format!(" \u{00b7} {} {}", d.recommendations.len(), t.plan_recommendations_count)}
        </p>
        <p class="actions">
            {adopted
                .then(|| {
                    view! {
                        <a class="button" href=format!("/meetings/{mid}/plan/dashboard")>
                            {t.plan_dashboard}
                        </a>
                    }
                })}
            {(d.plan.is_some())
                .then(|| {
                    view! {
                        <a class="button" href=format!("/meetings/{mid}/plan.csv") rel="external" download="">
                            {t.plan_export_csv}
                        </a>
                        <a class="button" href=format!("/meetings/{mid}/plan.xlsx") rel="external" download="">
                            {t.plan_export_xlsx}
                        </a>
                    }
                })}
        </p>
        {d.is_secretariat.then(|| view! { <SecretariatPanel d=d.clone() /> })}
        {if d.recommendations.is_empty() {
            view! { <p class="empty">{t.plan_no_recommendations}</p> }.into_any()
        } else {
            headings
                .into_iter()
                .map(|h| {
                    let recs: Vec<RecommendationView> = d.recommendations.iter().filter(|r| r.heading == h).cloned().collect();
                    let dd = d.clone();
                    view! {
                        <section class="plan-group">
                            {(!h.is_empty()).then(|| view! { <h2>{h.clone()}</h2> })}
                            {recs.into_iter().map(|r| view! { <RecommendationCard d=dd.clone() r /> }).collect_view()}
                        </section>
                    }
                })
                .collect_view()
                .into_any()
        }}
        <CyclesSection d=d.clone() />
    }
    .into_any()
}

#[component]
fn RecommendationCard(d: Arc<PlanPageData>, r: RecommendationView) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let adopted = d.plan.as_ref().is_some_and(|p| p.status == PlanStatus::Adopted);
    let remove = use_action::<DeleteRecommendation>();
    let title = if r.code.is_empty() { t.plan_uncoded.to_string() } else { r.code.clone() };
    view! {
        <article class="recommendation" id=format!("rec-{}", r.id) aria-labelledby=format!("rec-{}-h", r.id)>
            <h3 id=format!("rec-{}-h", r.id)>{title}</h3>
            {r
                .untranslated
                .then(|| {
                    view! {
                        <p class="notice" role="note">
                            {t.plan_untranslated}
                        </p>
                    }
                })}
            <MarkdownView html=r.text_html.clone() />
            <dl class="facts">
                <dt>{t.plan_theme}</dt>
                <dd>{if r.theme_name.is_empty() { "\u{2014}".to_string() } else { r.theme_name.clone() }}</dd>
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
                {(!r.frameworks.is_empty())
                    .then(|| {
                        view! {
                            <dt>{t.plan_frameworks}</dt>
                            <dd>{r.frameworks.join(", ")}</dd>
                        }
                    })}
                {r
                    .origin
                    .clone()
                    .map(|o| {
                        view! {
                            <dt>{t.plan_origin}</dt>
                            <dd>
                                <a href=o
                                    .clone()>{if o.starts_with("/profiles/") { t.plan_origin_profile } else { t.plan_origin_minutes }}</a>
                            </dd>
                        }
                    })}
            </dl>
            {(!r.indicators.is_empty())
                .then(|| {
                    view! {
                        <div class="table-scroll">
                            <table class="data">
                                <caption>{t.plan_indicators}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t.plan_indicator}</th>
                                        <th scope="col">{t.plan_baseline}</th>
                                        <th scope="col">{t.plan_target}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {r
                                        .indicators
                                        .iter()
                                        .map(|i| {
                                            view! {
                                                <tr>
                                                    <td>{i.name.clone()}</td>
                                                    <td>{i.baseline.clone()}</td>
                                                    <td>{i.target.clone()}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })}
            {(!r.amendments.is_empty())
                .then(|| {
                    view! {
                        <details class="amendments">
                            <summary>{format!("{} ({})", t.plan_amendments, r.amendments.len())}</summary>
                            <ol>
                                {r
                                    .amendments
                                    .iter()
                                    .map(|a| {
                                        view! {
                                            <li>
                                                <p>
                                                    {format!(
                                                        "{} \u{2014} {} \u{2014} {}",
                                                        format_date(lang, a.amended_on),
                                                        a.author,
                                                        a.reason,
                                                    )}
                                                </p>
                                                <ul>
                                                    {a
                                                        .changes
                                                        .iter()
                                                        .map(|(f, b, n)| {
                                                            view! {
                                                                <li>
                                                                    <strong>{f.clone()}</strong>
                                                                    ": "
                                                                    <del>{b.clone()}</del>
                                                                    " \u{2192} "
                                                                    <ins>{n.clone()}</ins>
                                                                </li>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </ul>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                        </details>
                    }
                })}
            {d
                .is_secretariat
                .then(|| {
                    let (rid, code) = (r.id, r.code.clone());
                    view! {
                        <RecommendationEditor d=d.clone() r=Some(r.clone()) summary=if adopted { t.plan_amend } else { t.plan_edit } />
                        {(!adopted)
                            .then(|| {
                                view! {
                                    <ActionForm action=remove attr:class="no-print">
                                        <input type="hidden" name="recommendation_id" value=rid />
                                        <button type="submit" class="button small">
                                            {format!("{} {code}", t.plan_delete)}
                                        </button>
                                    </ActionForm>
                                }
                            })}
                    }
                })}
        </article>
    }
}

/// The add/edit form, in a disclosure that opens by itself when its form came back with errors.
#[component]
fn RecommendationEditor(d: Arc<PlanPageData>, r: Option<RecommendationView>, summary: &'static str) -> impl IntoView {
    let t = use_i18n();
    let save = use_action::<SaveRecommendation>();
    let errs = FormErrors::for_form(save, "id", r.as_ref().map(|r| r.id.to_string()).unwrap_or_default());
    let adopted = d.plan.as_ref().is_some_and(|p| p.status == PlanStatus::Adopted);
    let prefix = r.as_ref().map(|r| format!("rec-{}", r.id)).unwrap_or_else(|| "rec-new".into());
    let v = |f: fn(&RecommendationView) -> String| r.as_ref().map(f).unwrap_or_default();
    let (id, version, code, heading, text, text_fr, text_pt, theme, bodies, indicators, frameworks) = (
        v(|r| r.id.to_string()),
        v(|r| r.version.to_string()),
        v(|r| r.code.clone()),
        v(|r| r.heading.clone()),
        v(|r| r.text_md.clone()),
        v(|r| r.text_fr_md.clone()),
        v(|r| r.text_pt_md.clone()),
        v(|r| r.theme.clone()),
        v(|r| r.bodies.join(", ")),
        v(|r| indicators_to_lines(&r.indicators)),
        v(|r| r.frameworks.join(", ")),
    );
    let level = r.as_ref().map(|r| r.level.as_str().to_string()).unwrap_or_else(|| "national".into());
    let target = r.as_ref().and_then(|r| r.target_date).map(|d| d.to_string()).unwrap_or_default();
    let states = r.as_ref().map(|r| r.states.to_db()).unwrap_or_else(|| "ALL".into());
    let themes: Vec<(String, String)> = d.themes.iter().map(|x| (x.code.clone(), x.name.clone())).collect();
    let levels: Vec<(String, String)> = Level::ALL.iter().map(|l| (l.as_str().to_string(), level_label(t, *l).to_string())).collect();
    view! {
        <details class="no-print" open=move || errs.any()>
            <summary>{summary}</summary>
            <ActionForm action=save attr:class="stacked-form">
                <FormStatus errs />
                <input type="hidden" name="form[id]" value=id />
                <input type="hidden" name="form[meeting_id]" value=d.meeting_id />
                <input type="hidden" name="form[version]" value=version />
                <div class="inline-fields">
                    <TextField errs name="code" label=t.plan_code value=code required=true help=t.plan_code_help prefix=prefix.clone() />
                    <TextField errs name="heading" label=t.plan_heading value=heading prefix=prefix.clone() />
                </div>
                <TextArea errs name="text" label=t.plan_text_en value=text help=t.markdown_help rows=5 prefix=prefix.clone() />
                <TextArea errs name="text_fr" label=t.plan_text_fr value=text_fr rows=3 prefix=prefix.clone() />
                <TextArea errs name="text_pt" label=t.plan_text_pt value=text_pt rows=3 prefix=prefix.clone() />
                <div class="inline-fields">
                    <SelectField
                        errs
                        name="theme"
                        label=t.plan_theme
                        options=themes
                        value=theme
                        placeholder=t.plan_choose
                        prefix=prefix.clone()
                    />
                    <SelectField errs name="level" label=t.plan_level options=levels value=level prefix=prefix.clone() />
                    <TextField errs name="target_date" label=t.plan_target_date kind="date" value=target prefix=prefix.clone() />
                </div>
                <TextField errs name="states" label=t.plan_states value=states help=t.plan_states_help prefix=prefix.clone() />
                <TextField errs name="bodies" label=t.plan_bodies value=bodies help=t.plan_bodies_help prefix=prefix.clone() />
                <TextArea
                    errs
                    name="indicators"
                    label=t.plan_indicators
                    value=indicators
                    help=t.plan_indicators_help
                    rows=3
                    prefix=prefix.clone()
                />
                <TextField
                    errs
                    name="frameworks"
                    label=t.plan_frameworks
                    value=frameworks
                    help=t.plan_frameworks_help
                    prefix=prefix.clone()
                />
                {adopted
                    .then(|| {
                        view! { <TextArea errs name="reason" label=t.plan_reason help=t.plan_reason_help rows=2 prefix=prefix.clone() /> }
                    })}
                <SubmitButton label=t.form_save pending=save.pending().into() />
            </ActionForm>
        </details>
    }
}

/// The import result, from the import route's redirect: `?imported=N`, or `?import_errors=…`.
#[component]
fn ImportReport() -> impl IntoView {
    let t = use_i18n();
    let query = use_query_map();
    move || {
        let q = query.read();
        // Read from the address, so only what the import route writes: a number, and rows,
        // columns and codes the application knows (nobody can put words here with a link).
        let imported = q.get("imported").and_then(|n| n.parse::<usize>().ok()).map(|n| n.to_string());
        // A JSON list of [field, code] pairs, field as `row3.code`.
        let errors: Vec<(String, String, String)> = q
            .get("import_errors")
            .and_then(|s| serde_json::from_slice::<Vec<(String, ErrorCode)>>(s.as_bytes()).ok())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(place, code)| {
                // The file as a whole (`file`), or a cell (`row3.code`).
                if place == "file" {
                    return Some((String::new(), String::new(), t.field_error(&code.from_address()?)));
                }
                let (row, col) = place.split_once('.').unwrap_or((place.as_str(), ""));
                let row = row.strip_prefix("row")?.parse::<usize>().ok()?;
                let col = match col {
                    "" => "",
                    c => super::types::IMPORT_COLUMNS.iter().copied().find(|h| *h == c)?,
                };
                Some((row.to_string(), col.to_string(), t.field_error(&code.from_address()?)))
            })
            .collect();
        let more = q.get("import_more").and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
        view! {
            {imported
                .map(|n| {
                    view! {
                        <div class="form-status ok" role="status">
                            {t.plan_imported.replace("{n}", &n)}
                        </div>
                    }
                })}
            {(!errors.is_empty())
                .then(|| {
                    view! {
                        <div class="form-status error" role="alert">
                            <p>{t.plan_import_failed}</p>
                            <div class="table-scroll">
                                <table class="data">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t.plan_import_row}</th>
                                            <th scope="col">{t.plan_import_column}</th>
                                            <th scope="col">{t.plan_import_problem}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {errors
                                            .into_iter()
                                            .map(|(r, c, m)| {
                                                view! {
                                                    <tr>
                                                        <td>{r}</td>
                                                        <td>{c}</td>
                                                        <td>{m}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {(more > 0).then(|| view! { <p>{t.plan_import_more.replace("{n}", &more.to_string())}</p> })}
                        </div>
                    }
                })}
        }
    }
}

#[component]
fn SecretariatPanel(d: Arc<PlanPageData>) -> impl IntoView {
    let t = use_i18n();
    let mid = d.meeting_id;
    let adopted = d.plan.as_ref().is_some_and(|p| p.status == PlanStatus::Adopted);
    view! {
        <section class="panel no-print" aria-labelledby="plan-admin-h">
            <h2 id="plan-admin-h">{t.plan_manage}</h2>
            <ImportReport />
            {d.plan.clone().map(|p| view! { <Workflow d=d.clone() p /> })}
            {(!adopted)
                .then(|| {
                    view! {
                        <form
                            method="post"
                            action=format!("/meetings/{mid}/plan/import")
                            enctype="multipart/form-data"
                            class="stacked-form"
                            id="import"
                        >
                            <div class="field">
                                <label for="plan-import-file">{t.plan_import_file}</label>
                                <p class="help" id="plan-import-help">
                                    {t.plan_import_help}
                                </p>
                                <input
                                    type="file"
                                    id="plan-import-file"
                                    name="file"
                                    required=true
                                    aria-describedby="plan-import-help"
                                    accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                />
                            </div>
                            <button type="submit" class="button">
                                {t.plan_import}
                            </button>
                            <p class="help">
                                <a href="/plan-template.csv" rel="external" download="">
                                    {t.plan_template_csv}
                                </a>
                                " \u{00b7} "
                                <a href="/plan-template.xlsx" rel="external" download="">
                                    {t.plan_template_xlsx}
                                </a>
                            </p>
                        </form>
                    }
                })}
            <RecommendationEditor d=d.clone() r=None summary=t.plan_add />
            <ThemeEditor />
        </section>
    }
}

#[component]
fn Workflow(d: Arc<PlanPageData>, p: PlanView) -> impl IntoView {
    let t = use_i18n();
    let adopt = use_action::<PlanStep>();
    let adopt_errs = FormErrors::of(adopt);
    let publication = use_action::<PlanStep>();
    let pub_errs = FormErrors::of(publication);
    let mid = d.meeting_id;
    view! {
        {(p.status == PlanStatus::Draft)
            .then(|| {
                view! {
                    <ActionForm action=adopt attr:class="inline-fields">
                        <FormStatus errs=adopt_errs />
                        <input type="hidden" name="form[meeting_id]" value=mid />
                        <input type="hidden" name="form[version]" value=p.version />
                        <input type="hidden" name="form[step]" value="adopt" />
                        <TextField
                            errs=adopt_errs
                            name="adopted_on"
                            label=t.plan_adopted_on_label
                            kind="date"
                            required=true
                            value=d.today.to_string()
                            prefix="plan"
                        />
                        <p class="help">{t.plan_adopt_help}</p>
                        <SubmitButton label=t.plan_adopt pending=adopt.pending().into() class="button" />
                    </ActionForm>
                }
            })}
        {(p.status == PlanStatus::Adopted)
            .then(|| {
                view! {
                    <ActionForm action=publication attr:class="stacked-form">
                        <FormStatus errs=pub_errs />
                        <input type="hidden" name="form[meeting_id]" value=mid />
                        <input type="hidden" name="form[version]" value=p.version />
                        <input type="hidden" name="form[step]" value="publication" />
                        <fieldset>
                            <legend>{t.plan_publication}</legend>
                            <Checkbox name="public_status" label=t.plan_public_status checked=p.public_status prefix="plan" />
                            <Checkbox name="public_narratives" label=t.plan_public_narratives checked=p.public_narratives prefix="plan" />
                        </fieldset>
                        <SubmitButton label=t.form_save pending=publication.pending().into() class="button" />
                    </ActionForm>
                }
            })}
    }
}

#[component]
fn ThemeEditor() -> impl IntoView {
    let t = use_i18n();
    let add = use_action::<AddTheme>();
    let errs = FormErrors::of(add);
    let done = Signal::derive(move || add.value().with(|v| matches!(v, Some(Ok(_))).then(|| t.plan_theme_added.to_string())));
    view! {
        <details open=move || errs.any()>
            <summary>{t.plan_theme_add}</summary>
            <ActionForm action=add attr:class="stacked-form">
                <FormStatus errs success=done />
                <TextField errs name="code" label=t.plan_theme_code required=true prefix="theme" />
                <TextField errs name="name_en" label=t.plan_theme_name_en required=true prefix="theme" />
                <TextField errs name="name_fr" label=t.plan_theme_name_fr prefix="theme" />
                <TextField errs name="name_pt" label=t.plan_theme_name_pt prefix="theme" />
                <SubmitButton label=t.form_save pending=add.pending().into() class="button" />
            </ActionForm>
        </details>
    }
}

#[component]
fn CyclesSection(d: Arc<PlanPageData>) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let adopted = d.plan.as_ref().is_some_and(|p| p.status == PlanStatus::Adopted);
    let open = use_action::<OpenCycle>();
    let errs = FormErrors::of(open);
    (adopted && (d.is_secretariat || !d.cycles.is_empty())).then(|| view! {
        <section class="panel" aria-labelledby="cycles-h">
            <h2 id="cycles-h">{t.cycles_title}</h2>
            {if d.cycles.is_empty() {
                view! { <p class="empty">{t.cycles_none}</p> }.into_any()
            } else {
                view! {
                    <ul class="cycles">
                        {d
                            .cycles
                            .iter()
                            .map(|c| {
                                view! {
                                    <li>
                                        <a href=format!("/cycles/{}", c.id)>{c.title.clone()}</a>
                                        {format!(
                                            " \u{2014} {} \u{2192} {} \u{00b7} {} ",
                                            format_date(lang, c.opens_on),
                                            format_date(lang, c.due_on),
                                            if c.open { t.cycle_open } else { t.cycle_closed },
                                        )}
                                        <a href=format!("/meetings/{}/plan/dashboard?cycle={}", d.meeting_id, c.id)>{t.plan_dashboard}</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            {d
                .is_secretariat
                .then(|| {
                    view! {
                        <details open=move || errs.any()>
                            <summary>{t.cycle_new}</summary>
                            <ActionForm action=open attr:class="stacked-form">
                                <FormStatus errs />
                                <input type="hidden" name="form[meeting_id]" value=d.meeting_id />
                                <TextField errs name="title" label=t.cycle_title_label required=true prefix="cycle" />
                                <div class="inline-fields">
                                    <TextField
                                        errs
                                        name="opens_on"
                                        label=t.cycle_opens_on
                                        kind="date"
                                        required=true
                                        value=d.today.to_string()
                                        prefix="cycle"
                                    />
                                    <TextField errs name="due_on" label=t.cycle_due_on kind="date" required=true prefix="cycle" />
                                </div>
                                <fieldset>
                                    <legend>{t.cycle_recommendations}</legend>
                                    <p class="help">{t.cycle_recommendations_help}</p>
                                    {d
                                        .recommendations
                                        .iter()
                                        .enumerate()
                                        .map(|(i, r)| {
                                            let id = format!("cycle-rec-{}", r.id);
                                            view! {
                                                <div class="check">
                                                    <input
                                                        type="checkbox"
                                                        id=id.clone()
                                                        name=format!("form[recommendations][{i}]")
                                                        value=r.id
                                                    />
                                                    <label for=id>{r.code.clone()}</label>
                                                </div>
                                            }
                                        })
                                        .collect_view()}
                                </fieldset>
                                <SubmitButton label=t.cycle_open_button pending=open.pending().into() class="button" />
                            </ActionForm>
                        </details>
                    }
                })}
        </section>
    })
}

/// A country's name for a code (or the code).
pub fn state_name(code: &str, lang: crate::domain::Lang) -> String {
    CountryCode::parse("c", code).map(|c| c.name(lang).to_string()).unwrap_or_else(|_| code.to_string())
}
