//! Sign-in, invitation and user-administration pages.

use super::api::{check_invite, list_users, AcceptInvite, InviteUser, Login};
use crate::components::{loaded, use_action, use_refresh, FormErrors, FormStatus, SelectField, SubmitButton, TextField};
use crate::domain::{CountryCode, Lang, Role};
use crate::error::AppError;
use crate::i18n::{use_i18n, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_i18n();
    let login = use_action::<Login>();
    let errs = FormErrors::of(login);
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_default();
    // A failed sign-in is not a "please sign in" page error: say what went wrong.
    let failure = move || {
        errs.0.get().map(|e| match e {
            AppError::TooManyRequests => t.login_rate_limited,
            AppError::Validation { .. } => t.login_failed,
            _ => t.err_generic_title,
        })
    };
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.login_title, t.app_name))/>
        <h1>{t.login_title}</h1>
        <ActionForm action=login attr:class="stacked-form narrow">
            {move || failure().map(|m| view! { <div class="form-status error" role="alert">{m}</div> })}
            <input type="hidden" name="form[next]" value=next/>
            <TextField errs name="email" label=t.login_email kind="email" autocomplete="username" required=true/>
            <TextField errs name="password" label=t.login_password kind="password" autocomplete="current-password" required=true no_echo=true/>
            <SubmitButton label=t.login_submit pending=login.pending().into()/>
        </ActionForm>
    }
}

#[component]
pub fn AcceptInvitePage() -> impl IntoView {
    let t = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let email = Resource::new(token, check_invite);
    let accept = use_action::<AcceptInvite>();
    let errs = FormErrors::of(accept);
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.invite_title, t.app_name))/>
        <h1>{t.invite_title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match email.await {
                    Err(_) => view! { <p class="notice" role="alert">{t.invite_invalid}</p> }.into_any(),
                    Ok(email) => view! {
                        <p>{t.invite_intro}</p>
                        <ActionForm action=accept attr:class="stacked-form narrow">
                            <FormStatus errs/>
                            <input type="hidden" name="form[token]" value=token()/>
                            <p><strong>{t.login_email}{t.colon}</strong>{email}</p>
                            <TextField errs name="password" label=t.login_password kind="password" autocomplete="new-password" required=true no_echo=true/>
                            <TextField errs name="password_confirm" label=t.invite_password_confirm kind="password" autocomplete="new-password" required=true no_echo=true/>
                            <SubmitButton label=t.invite_submit pending=accept.pending().into()/>
                        </ActionForm>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let refresh = use_refresh();
    let users = Resource::new(move || refresh.get(), |_| list_users());
    let invite = use_action::<InviteUser>();
    let errs = FormErrors::of(invite);
    let roles: Vec<(String, String)> = Role::ALL.iter().map(|r| (r.as_str().into(), t.role(*r).into())).collect();
    let countries: Vec<(String, String)> = CountryCode::all().map(|c| (c.code().into(), c.name(lang).into())).collect();
    let bodies: Vec<(String, String)> = crate::domain::plan::REGIONAL_BODIES.iter().map(|(c, n)| (c.to_string(), n.to_string())).collect();
    let langs: Vec<(String, String)> = Lang::ALL.iter().map(|l| (l.code().into(), l.native_name().into())).collect();
    let invited = move || invite.value().with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).map(|r| r.link.clone()));
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.users_title, t.app_name))/>
        <h1>{t.users_title}</h1>
        {loaded(users, move |list| {
            let roles = roles.clone();
            let countries = countries.clone();
            let bodies = bodies.clone();
            let langs = langs.clone();
            view! {
                <div class="table-wrap">
                    <table>
                        <caption class="visually-hidden">{t.users_title}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t.users_name}</th>
                                <th scope="col">{t.login_email}</th>
                                <th scope="col">{t.users_role}</th>
                                <th scope="col">{t.users_country}</th>
                                <th scope="col">{t.users_state}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|u| view! {
                                <tr>
                                    <td>{u.display_name}</td>
                                    <td>{u.email}</td>
                                    <td>{t.role(u.role)}</td>
                                    <td>{u.country.map(|c| c.name(lang).to_string()).or_else(|| u.body.as_deref().map(|b| crate::domain::plan::body_name(b).to_string())).unwrap_or_else(|| "—".into())}</td>
                                    <td>{if u.pending_invite { t.users_pending } else if u.active { t.users_active } else { "—" }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <section class="panel" aria-labelledby="invite-h">
                    <h2 id="invite-h">{t.users_invite}</h2>
                    {move || invited().map(|link| view! {
                        <div class="form-status ok" role="status">
                            <p>{t.users_invited}</p>
                            <p><code class="invite-link">{link}</code></p>
                        </div>
                    })}
                    <ActionForm action=invite attr:class="stacked-form">
                        <FormStatus errs/>
                        <div class="row">
                            <TextField errs name="display_name" label=t.users_name required=true/>
                            <TextField errs name="email" label=t.login_email kind="email" required=true/>
                        </div>
                        <div class="row">
                            <SelectField errs name="role" label=t.users_role options=roles placeholder=t.form_choose/>
                            <SelectField errs name="country" label=t.users_country options=countries help=t.users_country_help placeholder="—"/>
                            <SelectField errs name="body" label=t.users_body options=bodies help=t.users_body_help placeholder="—"/>
                            <SelectField errs name="locale" label=t.nav_language options=langs/>
                        </div>
                        <SubmitButton label=t.users_invite_submit pending=invite.pending().into()/>
                    </ActionForm>
                </section>
            }
        })}
    }
}
