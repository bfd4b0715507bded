//! The audit log page (secretariat).

use super::api::list_audit;
use crate::components::loaded;
use crate::domain::parse_id;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    let t = use_i18n();
    let query = use_query_map();
    let entity = Memo::new(move |_| query.read().get("entity").filter(|e| !e.is_empty()));
    let before = Memo::new(move |_| query.read().get("before").and_then(|b| parse_id(&b)));
    let data = crate::components::resource(move || (entity.get(), before.get()), |(e, b)| list_audit(e, b));
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.audit_title, t.app_name)) />
        <h1>{t.audit_title}</h1>
        <p>{t.audit_intro}</p>
        {loaded(
            data,
            move |page| {
                let current = entity.get_untracked().unwrap_or_default();
                view! {
                    <form method="get" action="/admin/audit" class="filter-form">
                        <label for="audit-entity">{t.audit_filter_entity}</label>
                        <select id="audit-entity" name="entity">
                            <option value="">{t.audit_all}</option>
                            {page
                                .entities
                                .iter()
                                .map(|e| {
                                    view! {
                                        <option value=e.clone() selected=*e == current>
                                            {e.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        <button type="submit" class="button small">
                            {t.audit_filter}
                        </button>
                    </form>
                    {if page.entries.is_empty() {
                        view! { <p class="empty">{t.audit_none}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap">
                                <table class="audit">
                                    <caption class="visually-hidden">{t.audit_title}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{t.audit_at}</th>
                                            <th scope="col">{t.audit_actor}</th>
                                            <th scope="col">{t.audit_action}</th>
                                            <th scope="col">{t.audit_entity}</th>
                                            <th scope="col">{t.audit_summary}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page
                                            .entries
                                            .into_iter()
                                            .map(|e| {
                                                view! {
                                                    <tr>
                                                        <td>
                                                            <time datetime=e
                                                                .at
                                                                .to_rfc3339()>{e.at.format("%Y-%m-%d %H:%M:%S").to_string()}</time>
                                                        </td>
                                                        <td>{e.actor_email}</td>
                                                        <td>
                                                            <code>{e.action}</code>
                                                        </td>
                                                        <td>
                                                            {format!(
                                                                "{} {}",
                                                                e.entity,
                                                                e.entity_id.map(|i| format!("#{i}")).unwrap_or_default(),
                                                            )}
                                                        </td>
                                                        <td>
                                                            {e.summary}
                                                            {(e.detail != "{}")
                                                                .then(|| {
                                                                    view! {
                                                                        <details>
                                                                            <summary>"JSON"</summary>
                                                                            <pre>{e.detail.clone()}</pre>
                                                                        </details>
                                                                    }
                                                                })}
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
                    {page
                        .next_before
                        .map(|b| {
                            let href = if current.is_empty() {
                                format!("/admin/audit?before={b}")
                            } else {
                                format!("/admin/audit?entity={current}&before={b}")
                            };
                            view! {
                                <p>
                                    <a href=href>{t.audit_older}</a>
                                </p>
                            }
                        })}
                }
            },
        )}
    }
}
