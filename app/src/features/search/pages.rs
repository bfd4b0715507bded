//! `/search?q=…`: a plain GET form (works without JavaScript) and the hits the reader may open.

use super::api::search;
use super::types::SearchResults;
use crate::components::loaded;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SearchPage() -> impl IntoView {
    let t = use_i18n();
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let data = crate::components::resource(
        move || q.get(),
        |q| async move {
            if q.trim().is_empty() {
                Ok(SearchResults::default())
            } else {
                search(q).await
            }
        },
    );
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.search_title, t.app_name)) />
        <h1>{t.search_title}</h1>
        <form method="get" action="/search" role="search" class="inline-fields">
            <div class="field">
                <label for="search-q">{t.search_label}</label>
                <input type="search" id="search-q" name="q" value=move || q.get() maxlength="200" />
            </div>
            <button type="submit" class="button primary">
                {t.search_title}
            </button>
        </form>
        {loaded(
            data,
            move |r| {
                (!r.query.trim().is_empty())
                    .then(|| {
                        view! {
                            <section aria-labelledby="results-h">
                                <h2 id="results-h">{format!("{} ({})", t.search_results, r.hits.len())}</h2>
                                {if r.hits.is_empty() {
                                    view! { <p class="empty">{t.search_none}</p> }.into_any()
                                } else {
                                    view! {
                                        <ol class="search-hits">
                                            {r
                                                .hits
                                                .into_iter()
                                                .map(|h| {
                                                    view! {
                                                        <li>
                                                            <p>
                                                                <a href=h.url.clone()>
                                                                    <strong>{h.title.clone()}</strong>
                                                                </a>
                                                            </p>
                                                            <p class="meta">
                                                                {format!("{} \u{00b7} {}", t.search_kind(&h.kind), h.meeting_title)}
                                                            </p>
                                                            <p class="snippet">
                                                                {h
                                                                    .snippet
                                                                    .into_iter()
                                                                    .map(|(marked, text)| {
                                                                        if marked {
                                                                            view! { <mark>{text}</mark> }.into_any()
                                                                        } else {
                                                                            view! { <span>{text}</span> }.into_any()
                                                                        }
                                                                    })
                                                                    .collect_view()}
                                                            </p>
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ol>
                                    }
                                        .into_any()
                                }}
                            </section>
                        }
                    })
            },
        )}
    }
}
