//! Sign-in, invitation, password and account-administration pages.

use super::api::{
    check_invite, check_password_link, get_account, list_users, AcceptInvite, ChangePassword, InviteUser, Login, RequestPasswordLink,
    ResendInvitation, ResetPassword, SetAccountActive, UpdateAccount,
};
use super::types::{UserFilter, UserSummary};
use crate::components::{loaded, use_action, FormErrors, FormStatus, SelectField, SubmitButton, TextField};
use crate::domain::{CountryCode, Lang, Role};
use crate::error::AppError;
use crate::i18n::{format_date, use_i18n, use_lang, Strings};
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
        <Title text=crate::components::page_title(format!("{} · {}", t.login_title, t.app_name)) />
        <h1>{t.login_title}</h1>
        <ActionForm action=login attr:class="stacked-form narrow">
            {move || {
                failure()
                    .map(|m| {
                        view! {
                            <div class="form-status error" role="alert">
                                {m}
                            </div>
                        }
                    })
            }}
            <input type="hidden" name="form[next]" value=next />
            <TextField errs name="email" label=t.login_email kind="email" autocomplete="username" required=true />
            <TextField
                errs
                name="password"
                label=t.login_password
                kind="password"
                autocomplete="current-password"
                required=true
                no_echo=true
            />
            <SubmitButton label=t.login_submit pending=login.pending().into() />
        </ActionForm>
        <p>
            <a href="/password/forgot">{t.login_forgot}</a>
        </p>
    }
}

/// `/invite`: the invitation this browser opened (its token came in a cookie from the emailed
/// link `/invite/{token}`, which the server swapped for it, so the token is in no URL the
/// browser keeps).
#[component]
pub fn AcceptInvitePage() -> impl IntoView {
    let t = use_i18n();
    let email = crate::components::resource(|| (), |_| check_invite());
    let accept = use_action::<AcceptInvite>();
    let errs = FormErrors::of(accept);
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.invite_title, t.app_name)) />
        <h1>{t.invite_title}</h1>
        <Suspense fallback=move || {
            view! { <p>{t.loading}</p> }
        }>
            {move || Suspend::new(async move {
                match email.await {
                    Err(_) => {
                        view! {
                            <p class="notice" role="alert">
                                {t.invite_invalid}
                            </p>
                        }
                            .into_any()
                    }
                    Ok(email) => {
                        view! {
                            <p>{t.invite_intro}</p>
                            <ActionForm action=accept attr:class="stacked-form narrow">
                                <FormStatus errs />
                                <p>
                                    <strong>{t.login_email}{t.colon}</strong>
                                    {email}
                                </p>
                                <TextField
                                    errs
                                    name="password"
                                    label=t.login_password
                                    kind="password"
                                    autocomplete="new-password"
                                    required=true
                                    no_echo=true
                                />
                                <TextField
                                    errs
                                    name="password_confirm"
                                    label=t.invite_password_confirm
                                    kind="password"
                                    autocomplete="new-password"
                                    required=true
                                    no_echo=true
                                />
                                <SubmitButton label=t.invite_submit pending=accept.pending().into() />
                            </ActionForm>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `/password/forgot`: asks for a one-time link to set a new password (also for an account that
/// never had one, such as a delegate's). The same answer whether or not the address has an
/// account.
#[component]
pub fn PasswordForgotPage() -> impl IntoView {
    let t = use_i18n();
    let request = use_action::<RequestPasswordLink>();
    let errs = FormErrors::of(request);
    let query = use_query_map();
    let sent_before = query.read_untracked().get("sent").is_some();
    let sent = move || sent_before || request.value().with(|v| matches!(v, Some(Ok(()))));
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.pw_forgot_title, t.app_name)) />
        <h1>{t.pw_forgot_title}</h1>
        <p>{t.pw_forgot_intro}</p>
        {move || {
            sent()
                .then(|| {
                    view! {
                        <div class="form-status ok" role="status">
                            {t.pw_forgot_sent}
                        </div>
                    }
                })
        }}
        <ActionForm action=request attr:class="stacked-form narrow">
            <FormStatus errs />
            <TextField errs name="email" label=t.login_email kind="email" autocomplete="email" required=true />
            <SubmitButton label=t.pw_forgot_submit pending=request.pending().into() />
        </ActionForm>
        <p>
            <a href="/login">{t.nav_login}</a>
        </p>
    }
}

/// `/password/reset`: choose a new password through the emailed link (its token came in a
/// cookie from `/password/reset/{token}`).
#[component]
pub fn PasswordResetPage() -> impl IntoView {
    let t = use_i18n();
    let email = crate::components::resource(|| (), |_| check_password_link());
    let reset = use_action::<ResetPassword>();
    let errs = FormErrors::of(reset);
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.pw_reset_title, t.app_name)) />
        <h1>{t.pw_reset_title}</h1>
        <Suspense fallback=move || {
            view! { <p>{t.loading}</p> }
        }>
            {move || Suspend::new(async move {
                match email.await {
                    Err(_) => {
                        view! {
                            <p class="notice" role="alert">
                                {t.fe_link_expired}
                            </p>
                            <p>
                                <a href="/password/forgot">{t.pw_forgot_title}</a>
                            </p>
                        }
                            .into_any()
                    }
                    Ok(email) => {
                        view! {
                            <ActionForm action=reset attr:class="stacked-form narrow">
                                <FormStatus errs />
                                <p>
                                    <strong>{t.login_email}{t.colon}</strong>
                                    {email}
                                </p>
                                <TextField
                                    errs
                                    name="password"
                                    label=t.pw_new
                                    kind="password"
                                    autocomplete="new-password"
                                    required=true
                                    no_echo=true
                                    help=t.pw_rules
                                />
                                <TextField
                                    errs
                                    name="password_confirm"
                                    label=t.invite_password_confirm
                                    kind="password"
                                    autocomplete="new-password"
                                    required=true
                                    no_echo=true
                                />
                                <SubmitButton label=t.pw_reset_submit pending=reset.pending().into() />
                            </ActionForm>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `/me/password`: the signed-in user changes their password (every other session ends).
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let t = use_i18n();
    let change = use_action::<ChangePassword>();
    let errs = FormErrors::of(change);
    let query = use_query_map();
    let changed_before = query.read_untracked().get("changed").is_some();
    let changed = move || changed_before || change.value().with(|v| matches!(v, Some(Ok(_))));
    let user = crate::components::resource(|| (), |_| super::api::current_user_info());
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.pw_change_title, t.app_name)) />
        <h1>{t.pw_change_title}</h1>
        {loaded(
            user,
            move |u| match u {
                None => view! { <crate::error::ErrorView error=AppError::Unauthenticated /> }.into_any(),
                Some(_) => {
                    view! {
                        {move || {
                            changed()
                                .then(|| {
                                    view! {
                                        <div class="form-status ok" role="status">
                                            {t.pw_changed}
                                        </div>
                                    }
                                })
                        }}
                        <ActionForm action=change attr:class="stacked-form narrow">
                            <FormStatus errs />
                            <TextField
                                errs
                                name="current"
                                label=t.pw_current
                                kind="password"
                                autocomplete="current-password"
                                required=true
                                no_echo=true
                            />
                            <TextField
                                errs
                                name="password"
                                label=t.pw_new
                                kind="password"
                                autocomplete="new-password"
                                required=true
                                no_echo=true
                                help=t.pw_rules
                            />
                            <TextField
                                errs
                                name="password_confirm"
                                label=t.invite_password_confirm
                                kind="password"
                                autocomplete="new-password"
                                required=true
                                no_echo=true
                            />
                            <SubmitButton label=t.pw_change_submit pending=change.pending().into() />
                        </ActionForm>
                    }
                        .into_any()
                }
            },
        )}
    }
}

fn scope_label(u: &UserSummary, lang: Lang) -> String {
    u.country
        .map(|c| c.name(lang).to_string())
        .or_else(|| u.body.as_deref().map(|b| crate::domain::plan::body_name(b).to_string()))
        .unwrap_or_else(|| "\u{2014}".into())
}

fn state_label(t: &'static Strings, u: &UserSummary) -> &'static str {
    if !u.active {
        t.users_inactive
    } else if u.pending_invite {
        t.users_pending
    } else {
        t.users_active
    }
}

fn role_options(t: &'static Strings) -> Vec<(String, String)> {
    Role::ALL.iter().map(|r| (r.as_str().into(), t.role(*r).into())).collect()
}

fn country_options(lang: Lang) -> Vec<(String, String)> {
    CountryCode::all().map(|c| (c.code().into(), c.name(lang).into())).collect()
}

fn body_options() -> Vec<(String, String)> {
    crate::domain::plan::REGIONAL_BODIES.iter().map(|(c, n)| (c.to_string(), n.to_string())).collect()
}

/// `/admin/users`: the accounts, filtered by role, country or body and state (a GET form that
/// works without JavaScript), each linking to its page; and the invitation form.
#[component]
pub fn UsersPage() -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        UserFilter {
            role: q.get("role").unwrap_or_default(),
            scope: q.get("scope").unwrap_or_default(),
            state: q.get("state").unwrap_or_default(),
        }
    });
    let users = crate::components::resource(move || filter.get(), list_users);
    let invite = use_action::<InviteUser>();
    let errs = FormErrors::of(invite);
    let langs: Vec<(String, String)> = Lang::ALL.iter().map(|l| (l.code().into(), l.native_name().into())).collect();
    let invited = move || invite.value().with(|v| matches!(v, Some(Ok(_)))) || query.read().get("invited").is_some();
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.users_title, t.app_name)) />
        <h1>{t.users_title}</h1>
        {move || {
            let f = filter.get();
            let scopes: Vec<(String, String)> = country_options(lang).into_iter().chain(body_options()).collect();
            view! {
                <form method="get" action="/admin/users" class="filter-form">
                    <label for="users-role">{t.users_role}</label>
                    <select id="users-role" name="role">
                        <option value="">{t.audit_all}</option>
                        {role_options(t)
                            .into_iter()
                            .map(|(v, l)| {
                                let sel = v == f.role;
                                view! {
                                    <option value=v selected=sel>
                                        {l}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <label for="users-scope">{t.users_scope}</label>
                    <select id="users-scope" name="scope">
                        <option value="">{t.audit_all}</option>
                        {scopes
                            .into_iter()
                            .map(|(v, l)| {
                                let sel = v == f.scope;
                                view! {
                                    <option value=v selected=sel>
                                        {l}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <label for="users-state">{t.users_state}</label>
                    <select id="users-state" name="state">
                        <option value="">{t.audit_all}</option>
                        {[("active", t.users_active), ("pending", t.users_pending), ("inactive", t.users_inactive)]
                            .into_iter()
                            .map(|(v, l)| {
                                let sel = v == f.state;
                                view! {
                                    <option value=v selected=sel>
                                        {l}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <button type="submit" class="button small">
                        {t.audit_filter}
                    </button>
                </form>
            }
        }}
        {loaded(
            users,
            move |list| {
                view! {
                    {if list.is_empty() {
                        view! { <p class="empty">{t.users_none}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap">
                                <table>
                                    <caption class="visually-hidden">{t.users_title}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{t.users_name}</th>
                                            <th scope="col">{t.login_email}</th>
                                            <th scope="col">{t.users_role}</th>
                                            <th scope="col">{t.users_scope}</th>
                                            <th scope="col">{t.users_state}</th>
                                            <th scope="col">{t.users_last_login}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list
                                            .into_iter()
                                            .map(|u| {
                                                view! {
                                                    <tr>
                                                        <td>
                                                            <a href=format!("/admin/users/{}", u.id)>{u.display_name.clone()}</a>
                                                        </td>
                                                        <td>{u.email.clone()}</td>
                                                        <td>{t.role(u.role)}</td>
                                                        <td>{scope_label(&u, lang)}</td>
                                                        <td>{state_label(t, &u)}</td>
                                                        <td>
                                                            {u
                                                                .last_login_at
                                                                .map(|d| format_date(lang, d.date_naive()))
                                                                .unwrap_or_else(|| t.users_never.to_string())}
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
        <section class="panel" aria-labelledby="invite-h">
            <h2 id="invite-h">{t.users_invite}</h2>
            {move || {
                invited()
                    .then(|| {
                        view! {
                            <div class="form-status ok" role="status">
                                {t.users_invited}
                            </div>
                        }
                    })
            }}
            <ActionForm action=invite attr:class="stacked-form">
                <FormStatus errs />
                <div class="row">
                    <TextField errs name="display_name" label=t.users_name required=true />
                    <TextField errs name="email" label=t.login_email kind="email" required=true />
                </div>
                <div class="row">
                    <SelectField errs name="role" label=t.users_role options=role_options(t) placeholder=t.form_choose />
                    <SelectField
                        errs
                        name="country"
                        label=t.users_country
                        options=country_options(lang)
                        help=t.users_country_help
                        placeholder="—"
                    />
                    <SelectField errs name="body" label=t.users_body options=body_options() help=t.users_body_help placeholder="—" />
                    <SelectField errs name="locale" label=t.nav_language options=langs />
                </div>
                <SubmitButton label=t.users_invite_submit pending=invite.pending().into() />
            </ActionForm>
        </section>
    }
}

/// `/admin/users/:uid`: one account: change its role and country or body, deactivate or
/// reactivate it (deactivation ends its sessions and API tokens at once), send a new
/// invitation, and see its open sessions and tokens.
#[component]
pub fn AccountPage() -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("uid").and_then(|v| crate::domain::parse_id(&v)));
    let data = crate::components::resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_account(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let update = use_action::<UpdateAccount>();
    let update_errs = FormErrors::of(update);
    let active = use_action::<SetAccountActive>();
    let active_errs = FormErrors::of(active);
    let resend = use_action::<ResendInvitation>();
    let resend_errs = FormErrors::of(resend);
    let query = use_query_map();
    let resent = move || resend.value().with(|v| matches!(v, Some(Ok(())))) || query.read().get("resent").is_some();
    view! {
        {loaded(
            data,
            move |d| {
                let u = d.user.clone();
                let uid = u.id;
                view! {
                    <Title text=crate::components::page_title(format!("{} · {} · {}", u.display_name, t.users_title, t.app_name)) />
                    <header class="page-head">
                        <p class="kicker">
                            <a href="/admin/users">{t.users_title}</a>
                        </p>
                        <h1>{u.display_name.clone()}</h1>
                    </header>
                    <dl class="facts">
                        <dt>{t.login_email}</dt>
                        <dd>{u.email.clone()}</dd>
                        <dt>{t.users_role}</dt>
                        <dd>{t.role(u.role)}</dd>
                        <dt>{t.users_scope}</dt>
                        <dd>{scope_label(&u, lang)}</dd>
                        <dt>{t.users_state}</dt>
                        <dd>{state_label(t, &u)}</dd>
                        <dt>{t.users_last_login}</dt>
                        <dd>{u.last_login_at.map(|d| format_date(lang, d.date_naive())).unwrap_or_else(|| t.users_never.to_string())}</dd>
                    </dl>
                    <section class="panel" aria-labelledby="role-h">
                        <h2 id="role-h">{t.users_change_role}</h2>
                        <ActionForm action=update attr:class="stacked-form">
                            <FormStatus errs=update_errs />
                            <input type="hidden" name="form[id]" value=uid />
                            <div class="row">
                                <SelectField
                                    errs=update_errs
                                    name="role"
                                    label=t.users_role
                                    options=role_options(t)
                                    value=u.role.as_str()
                                />
                                <SelectField
                                    errs=update_errs
                                    name="country"
                                    label=t.users_country
                                    options=country_options(lang)
                                    help=t.users_country_help
                                    placeholder="—"
                                    value=u.country.map(|c| c.code().to_string()).unwrap_or_default()
                                />
                                <SelectField
                                    errs=update_errs
                                    name="body"
                                    label=t.users_body
                                    options=body_options()
                                    help=t.users_body_help
                                    placeholder="—"
                                    value=u.body.clone().unwrap_or_default()
                                />
                            </div>
                            <SubmitButton label=t.users_save />
                        </ActionForm>
                    </section>
                    <section class="panel" aria-labelledby="access-h">
                        <h2 id="access-h">{t.users_access}</h2>
                        <FormStatus errs=active_errs />
                        <FormStatus errs=resend_errs />
                        {move || {
                            resent()
                                .then(|| {
                                    view! {
                                        <div class="form-status ok" role="status">
                                            {t.users_invited}
                                        </div>
                                    }
                                })
                        }}
                        <div class="actions">
                            <ActionForm action=active attr:class="inline-form">
                                <input type="hidden" name="id" value=uid />
                                <input type="hidden" name="active" value=if u.active { "false" } else { "true" } />
                                <button type="submit" class="button">
                                    {if u.active { t.users_deactivate } else { t.users_reactivate }}
                                </button>
                            </ActionForm>
                            {(u.active && u.pending_invite)
                                .then(|| {
                                    view! {
                                        <ActionForm action=resend attr:class="inline-form">
                                            <input type="hidden" name="id" value=uid />
                                            <button type="submit" class="button">
                                                {t.users_resend}
                                            </button>
                                        </ActionForm>
                                    }
                                })}
                        </div>
                        <p class="help">{t.users_deactivate_help}</p>
                    </section>
                    <section class="panel" aria-labelledby="sessions-h">
                        <h2 id="sessions-h">{t.users_sessions}</h2>
                        {if d.sessions.is_empty() {
                            view! { <p class="empty">{t.users_no_sessions}</p> }.into_any()
                        } else {
                            view! {
                                <ul>
                                    {d
                                        .sessions
                                        .iter()
                                        .map(|s| {
                                            view! {
                                                <li>
                                                    {format!(
                                                        "{} {} \u{2014} {} {}",
                                                        t.users_session_since,
                                                        format_date(lang, s.created_at.date_naive()),
                                                        t.users_session_until,
                                                        format_date(lang, s.expires_at.date_naive()),
                                                    )}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                        <h2>{t.tokens_title}</h2>
                        {if d.tokens.is_empty() {
                            view! { <p class="empty">{t.tokens_none}</p> }.into_any()
                        } else {
                            view! {
                                <ul>
                                    {d
                                        .tokens
                                        .iter()
                                        .map(|tok| {
                                            let state = match tok.revoked_at {
                                                Some(at) => format!("{} {}", t.tokens_revoked, format_date(lang, at.date_naive())),
                                                None => t.users_active.to_string(),
                                            };
                                            view! {
                                                <li>
                                                    {format!(
                                                        "{} \u{2014} {} {} \u{2014} {state}",
                                                        tok.name,
                                                        t.tokens_created_on,
                                                        format_date(lang, tok.created_at.date_naive()),
                                                    )}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                    </section>
                }
            },
        )}
    }
}
