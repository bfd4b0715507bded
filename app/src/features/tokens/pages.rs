//! `/me/tokens`: the signed-in focal point's (or secretariat member's) API tokens.

use super::api::{list_tokens, CreateToken, RevokeToken};
use crate::components::{loaded, use_action, FormErrors, FormStatus, SubmitButton, TextField};
use crate::i18n::{format_date, use_i18n, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TokensPage() -> impl IntoView {
    let data = crate::components::resource(move || (), |_| list_tokens());
    let t = use_i18n();
    let lang = use_lang();
    let create = use_action::<CreateToken>();
    let errs = FormErrors::of(create);
    let revoke = use_action::<RevokeToken>();
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.tokens_title, t.app_name)) />
        <h1>{t.tokens_title}</h1>
        <p>{t.tokens_intro}" "<a href="/api/v1/openapi.json">{t.tokens_openapi}</a></p>
        {loaded(
            data,
            move |d| {
                view! {
                    <p class="meta">{t.tokens_scope.replace("{n}", &d.scope)}</p>
                    {d
                        .new_token
                        .clone()
                        .map(|tok| {
                            view! {
                                <div class="form-status ok" role="status">
                                    <p>{t.tokens_created}</p>
                                    <p>
                                        <code class="invite-link">{tok}</code>
                                    </p>
                                </div>
                            }
                        })}
                    {if d.tokens.is_empty() {
                        view! { <p class="empty">{t.tokens_none}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-scroll">
                                <table class="data">
                                    <caption class="visually-hidden">{t.tokens_title}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{t.tokens_name}</th>
                                            <th scope="col">{t.tokens_created_on}</th>
                                            <th scope="col">{t.tokens_last_used}</th>
                                            <th scope="col">{t.tokens_state}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {d
                                            .tokens
                                            .clone()
                                            .into_iter()
                                            .map(|tok| {
                                                view! {
                                                    <tr>
                                                        <td>{tok.name.clone()}</td>
                                                        <td>{format_date(lang, tok.created_at.date_naive())}</td>
                                                        <td>
                                                            {tok
                                                                .last_used_at
                                                                .map(|d| format_date(lang, d.date_naive()))
                                                                .unwrap_or_else(|| "\u{2014}".into())}
                                                        </td>
                                                        <td>
                                                            {match tok.revoked_at {
                                                                Some(at) => {
                                                                    format!("{} {}", t.tokens_revoked, format_date(lang, at.date_naive()))
                                                                        .into_any()
                                                                }
                                                                None => {
                                                                    view! {
                                                                        <ActionForm action=revoke>
                                                                            <input type="hidden" name="token_id" value=tok.id />
                                                                            <button type="submit" class="button small">
                                                                                {format!("{} {}", t.tokens_revoke, tok.name)}
                                                                            </button>
                                                                        </ActionForm>
                                                                    }
                                                                        .into_any()
                                                                }
                                                            }}
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
            },
        )}
        <section class="panel" aria-labelledby="new-token-h">
            <h2 id="new-token-h">{t.tokens_new}</h2>
            <ActionForm action=create attr:class="stacked-form">
                <FormStatus errs />
                <TextField errs name="name" label=t.tokens_name help=t.tokens_name_help required=true prefix="token" />
                <SubmitButton label=t.tokens_create pending=create.pending().into() />
            </ActionForm>
        </section>
    }
}
