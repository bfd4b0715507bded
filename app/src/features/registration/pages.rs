//! Registration pages: the registration form (self-registration, nominations), the email
//! confirmation, the secretariat's registrations page (set-up, bulk decisions, CSV), a
//! delegation page for focal points, and the public participant list.

use super::api::{
    checkin_info, confirmation_status, delegations_overview, get_badges, get_delegation, get_letter_settings, get_my_registration,
    get_registration_overview, list_registrations, my_registrations, public_participants, search_participants, CancelMyRegistration,
    CheckIn, ConfirmDelegation, ConfirmRegistration, CreateFeed, DecideRegistrations, Register, RevokeFeed, SaveRegistrationSettings,
    UpdateMyRegistration, WithdrawRegistration,
};
use super::types::{DelegationSummary, LetterSettingsView, NoteVerbaleInfo, RegistrationOverview, RegistrationRow};
use crate::components::use_meeting_id;
use crate::components::{
    loaded, use_action, Checkbox, FormErrors, FormStatus, MarkdownView, SelectField, SubmitButton, TextArea, TextField,
};
use crate::domain::{CountryCode, RegistrationCategory, Role};
use crate::error::AppError;
use crate::features::auth::api::current_user_info;
use crate::i18n::{use_i18n, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn overview_resource() -> Resource<Result<RegistrationOverview, AppError>, crate::components::Json> {
    let id = use_meeting_id();
    crate::components::resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_registration_overview(id).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

/// Window, places and waiting list, as a definition list.
#[component]
fn OverviewFacts(o: RegistrationOverview) -> impl IntoView {
    let t = use_i18n();
    match o.settings {
        None => view! { <p class="empty">{t.reg_not_set_up}</p> }.into_any(),
        Some(s) => view! {
            <dl class="facts">
                <dt>{t.reg_window}</dt>
                <dd>{format!("{} \u{2013} {} ({})", s.opens_at.replace('T', " "), s.closes_at.replace('T', " "), o.timezone)}</dd>
                <dt>{t.reg_places}</dt>
                <dd>{format!("{} / {}", o.taken, s.capacity)}</dd>
                <dt>{t.reg_waitlisted_count}</dt>
                <dd>{o.waitlisted}</dd>
            </dl>
            {(!o.is_open)
                .then(|| {
                    view! {
                        <p class="notice" role="note">
                            {t.reg_closed}
                        </p>
                    }
                })}
        }
        .into_any(),
    }
}

/// `/meetings/:id/register`: the registration form. Focal points nominate for their own
/// delegation (`?replaces=ID` replaces a member); the secretariat may register anyone.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let overview = overview_resource();
    view! { {loaded(overview, |o| view! { <RegisterView o /> })} }
}

#[component]
fn RegisterView(o: RegistrationOverview) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let replaces = query.read_untracked().get("replaces").unwrap_or_default();
    let register = use_action::<Register>();
    let errs = FormErrors::of(register);
    let mid = o.meeting_id;
    let focal = o.delegation_country;
    let heading = if focal.is_some() { t.reg_nominate } else { t.reg_register_for };
    let may_submit = o.settings.is_some() && (o.is_open || o.can_configure);
    let offered: Vec<RegistrationCategory> = o
        .settings
        .as_ref()
        .map(|s| s.categories.iter().copied().filter(|c| focal.is_none() || c.is_delegation()).collect())
        .unwrap_or_default();
    let categories: Vec<(String, String)> = offered.iter().map(|c| (c.as_str().into(), t.reg_category(*c).into())).collect();
    let countries: Vec<(String, String)> = CountryCode::all().map(|c| (c.code().into(), c.name(lang).into())).collect();
    // Signed in, registering themselves: their details to start from.
    let pre = o.prefill.clone().unwrap_or_default();
    view! {
        <Title text=crate::components::page_title(format!("{} · {} · {}", heading, o.meeting_title, t.app_name)) />
        <header class="page-head">
            <p class="kicker">
                <a href=format!("/meetings/{mid}")>{o.meeting_title.clone()}</a>
            </p>
            <h1>{heading}</h1>
        </header>
        <OverviewFacts o=o.clone() />
        <nav class="actions" aria-label=t.reg_title>
            <a class="button" href=format!("/meetings/{mid}/participants")>
                {t.reg_participants_title}
            </a>
            {o
                .can_configure
                .then(|| {
                    view! {
                        <a class="button" href=format!("/meetings/{mid}/registrations")>
                            {t.reg_manage}
                        </a>
                    }
                })}
            {o
                .can_manage
                .then(|| {
                    view! {
                        <a class="button" href=format!("/meetings/{mid}/delegation")>
                            {t.reg_my_delegation}
                        </a>
                    }
                })}
        </nav>
        {may_submit
            .then(|| {
                view! {
                    <ActionForm action=register attr:class="stacked-form">
                        <FormStatus errs />
                        <input type="hidden" name="form[meeting_id]" value=mid />
                        <input type="hidden" name="form[replaces]" value=replaces.clone() />
                        <SelectField errs name="category" label=t.reg_category options=categories.clone() placeholder=t.form_choose />
                        {match focal {
                            Some(c) => {
                                view! {
                                    <input type="hidden" name="form[country]" value=c.code() />
                                    <p>
                                        <strong>{t.reg_country}{t.colon}</strong>
                                        {c.name(lang)}
                                    </p>
                                }
                                    .into_any()
                            }
                            None => {
                                view! {
                                    <SelectField
                                        errs
                                        name="country"
                                        label=t.reg_country
                                        options=countries.clone()
                                        placeholder=t.form_choose
                                        help=t.reg_country_help
                                        value=pre.country.clone()
                                    />
                                    <TextField
                                        errs
                                        name="organisation"
                                        label=t.reg_organisation
                                        autocomplete="organization"
                                        value=pre.organisation.clone()
                                    />
                                }
                                    .into_any()
                            }
                        }}
                        <div class="row">
                            <TextField errs name="title" label=t.reg_person_title autocomplete="honorific-prefix" value=pre.title.clone() />
                            <TextField
                                errs
                                name="given_name"
                                label=t.reg_given_name
                                required=true
                                autocomplete="given-name"
                                value=pre.given_name.clone()
                            />
                            <TextField
                                errs
                                name="family_name"
                                label=t.reg_family_name
                                required=true
                                autocomplete="family-name"
                                value=pre.family_name.clone()
                            />
                        </div>
                        <div class="row">
                            <TextField
                                errs
                                name="position"
                                label=t.reg_position
                                required=true
                                autocomplete="organization-title"
                                value=pre.position.clone()
                            />
                            <TextField errs name="ministry" label=t.reg_ministry value=pre.ministry.clone() />
                        </div>
                        <div class="row">
                            <TextField
                                errs
                                name="email"
                                label=t.reg_email
                                kind="email"
                                required=true
                                autocomplete="email"
                                value=pre.email.clone()
                            />
                            <TextField errs name="phone" label=t.reg_phone kind="tel" autocomplete="tel" value=pre.phone.clone() />
                        </div>
                        <div class="row">
                            <TextField errs name="arrival" label=t.reg_arrival kind="date" />
                            <TextField errs name="departure" label=t.reg_departure kind="date" />
                        </div>
                        <TextArea errs name="dietary" label=t.reg_dietary rows=2 value=pre.dietary.clone() />
                        <TextArea errs name="accessibility" label=t.reg_accessibility rows=2 value=pre.accessibility.clone() />
                        <fieldset class="field">
                            <legend>{t.reg_passport}</legend>
                            <div class="row">
                                <TextField errs name="passport_number" label=t.reg_passport_number no_echo=true />
                                <TextField errs name="passport_nationality" label=t.reg_passport_nationality no_echo=true />
                                <TextField errs name="passport_expiry" label=t.reg_passport_expiry kind="date" no_echo=true />
                            </div>
                        </fieldset>
                        <fieldset class="field">
                            <legend>{t.reg_consent}</legend>
                            <Checkbox name="consent_list" label=t.reg_consent_list errs />
                            <Checkbox name="consent_contact" label=t.reg_consent_contact errs />
                        </fieldset>
                        <div class="form-actions">
                            <SubmitButton label=t.reg_register pending=register.pending().into() />
                        </div>
                    </ActionForm>
                }
            })}
    }
}

/// `/meetings/:id/register/thanks`: where a self-registration lands.
#[component]
pub fn RegisterThanksPage() -> impl IntoView {
    let t = use_i18n();
    let id = use_meeting_id();
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.reg_thanks_title, t.app_name)) />
        <h1>{t.reg_thanks_title}</h1>
        <p role="status">{t.reg_thanks_body}</p>
        <p>
            <a href=move || format!("/meetings/{}", id.get().unwrap_or_default())>{t.meeting_view_agenda}</a>
        </p>
    }
}

/// `/registrations/confirm/:token`: one button that confirms the email (a POST, so link
/// scanners in mail systems do not confirm on their own).
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let t = use_i18n();
    let params = use_params_map();
    let token = params.read_untracked().get("token").unwrap_or_default();
    let query = use_query_map();
    let confirm = use_action::<ConfirmRegistration>();
    let errs = FormErrors::of(confirm);
    // Without JavaScript the form post comes back here with ?done=…; check the status again.
    let done = query.read_untracked().get("done").is_some();
    let check_token = token.clone();
    let status = crate::components::resource(
        move || confirm.version().get(),
        move |v| {
            let token = check_token.clone();
            async move {
                if v == 0 && !done {
                    return Ok(None);
                }
                confirmation_status(token).await.map(Some)
            }
        },
    );
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.reg_confirm_title, t.app_name)) />
        <h1>{t.reg_confirm_title}</h1>
        {loaded(
            status,
            move |s| match s {
                Some((mid, st)) => {
                    view! {
                        <p role="status">{t.reg_confirmed}" "<strong>{t.reg_status(st)}</strong></p>
                        <p>
                            <a href=format!("/meetings/{mid}")>{t.meeting_view_agenda}</a>
                        </p>
                    }
                        .into_any()
                }
                None => {
                    let token = token.clone();
                    view! {
                        <ActionForm action=confirm attr:class="stacked-form">
                            <FormStatus errs />
                            <input type="hidden" name="token" value=token />
                            <SubmitButton label=t.reg_confirm_button pending=confirm.pending().into() />
                        </ActionForm>
                    }
                        .into_any()
                }
            },
        )}
    }
}

/// A registration's status as a text badge.
#[component]
fn RegStatus(row: RegistrationRow) -> impl IntoView {
    let t = use_i18n();
    view! {
        <span class=format!("badge badge-reg-{}", row.status.as_str())>{t.reg_status(row.status)}</span>
        {row
            .checked_in
            .then(|| {
                view! {
                    " "
                    <span class="badge">{t.reg_checked_in}</span>
                }
            })}
    }
}

/// `/meetings/:id/registrations` (secretariat): set-up, every registration, bulk decisions.
#[component]
pub fn RegistrationsAdminPage() -> impl IntoView {
    let id = use_meeting_id();
    let data = crate::components::resource(
        move || id.get(),
        |id| async move {
            let user = current_user_info().await?;
            let id = id.ok_or(AppError::NotFound)?;
            match user {
                None => Err(AppError::Unauthenticated),
                Some(u) if u.role != Role::Secretariat => Err(AppError::Forbidden),
                Some(_) => Ok((get_registration_overview(id).await?, list_registrations(id).await?, get_letter_settings(id).await?)),
            }
        },
    );
    view! { {loaded(data, |(o, rows, letters)| view! { <RegistrationsAdminView o rows letters /> })} }
}

#[component]
fn RegistrationsAdminView(o: RegistrationOverview, rows: Vec<RegistrationRow>, letters: LetterSettingsView) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let settings = use_action::<SaveRegistrationSettings>();
    let settings_errs = FormErrors::of(settings);
    let decide = use_action::<DecideRegistrations>();
    let all_decide_errs = FormErrors::of(decide);
    // Refused rows are named above the decision form (with the offer to decide the rest); the
    // form's own status shows every other error.
    let decide_errs = FormErrors(Signal::derive(move || all_decide_errs.0.get().filter(|e| refusals(e).is_none())));
    let withdraw = use_action::<WithdrawRegistration>();
    let mid = o.meeting_id;
    let names: Vec<(i32, String)> = rows.iter().map(|r| (r.id, r.full_name())).collect();
    let s = o.settings.clone();
    let offered: Vec<RegistrationCategory> = s.as_ref().map(|s| s.categories.clone()).unwrap_or_else(|| RegistrationCategory::ALL.to_vec());
    let checked = move |c: RegistrationCategory| offered.contains(&c);
    let decisions =
        vec![("approve".to_string(), t.reg_approve_selected.to_string()), ("reject".to_string(), t.reg_reject_selected.to_string())];
    view! {
        <Title text=crate::components::page_title(format!("{} · {} · {}", t.reg_list_title, o.meeting_title, t.app_name)) />
        <header class="page-head">
            <p class="kicker">
                <a href=format!("/meetings/{mid}")>{o.meeting_title.clone()}</a>
            </p>
            <h1>{t.reg_list_title}</h1>
        </header>
        <OverviewFacts o=o.clone() />
        <p class="actions">
            <a class="button" href=format!("/meetings/{mid}/registrations.csv") rel="external" download="">
                {t.reg_export_csv}
            </a>
            <a class="button" href=format!("/meetings/{mid}/registrations.xlsx") rel="external" download="">
                {t.reg_export_xlsx}
            </a>
            <a class="button" href=format!("/meetings/{mid}/register")>
                {t.reg_register}
            </a>
            <a class="button" href=format!("/meetings/{mid}/badges")>
                {t.reg_badges}
            </a>
            <a class="button" href=format!("/meetings/{mid}/checkin")>
                {t.reg_checkin}
            </a>
            <a class="button" href=format!("/meetings/{mid}/messages")>
                {t.msg_link}
            </a>
        </p>
        <section class="panel" aria-labelledby="reg-settings-h">
            <h2 id="reg-settings-h">{t.reg_settings}</h2>
            <ActionForm action=settings attr:class="stacked-form">
                <FormStatus errs=settings_errs />
                <input type="hidden" name="form[meeting_id]" value=mid />
                <input type="hidden" name="form[version]" value=s.as_ref().map(|s| s.version.to_string()).unwrap_or_default() />
                <div class="row">
                    <TextField
                        errs=settings_errs
                        name="opens_at"
                        label=t.reg_opens_at
                        kind="datetime-local"
                        value=s.as_ref().map(|s| s.opens_at.clone()).unwrap_or_default()
                        required=true
                    />
                    <TextField
                        errs=settings_errs
                        name="closes_at"
                        label=t.reg_closes_at
                        kind="datetime-local"
                        value=s.as_ref().map(|s| s.closes_at.clone()).unwrap_or_default()
                        required=true
                    />
                </div>
                <div class="row">
                    <TextField
                        errs=settings_errs
                        name="capacity"
                        label=t.reg_capacity
                        kind="number"
                        value=s.as_ref().map(|s| s.capacity.to_string()).unwrap_or_default()
                        required=true
                    />
                    <TextField
                        errs=settings_errs
                        name="quota"
                        label=t.reg_quota
                        kind="number"
                        value=s.as_ref().map(|s| s.quota.to_string()).unwrap_or_default()
                        required=true
                    />
                </div>
                <fieldset class="field">
                    <legend>{t.reg_categories}</legend>
                    <Checkbox
                        name="cat_head_of_delegation"
                        label=t.reg_cat_head_of_delegation
                        checked=checked(RegistrationCategory::HeadOfDelegation)
                    />
                    <Checkbox name="cat_delegate" label=t.reg_cat_delegate checked=checked(RegistrationCategory::Delegate) />
                    <Checkbox name="cat_adviser" label=t.reg_cat_adviser checked=checked(RegistrationCategory::Adviser) />
                    <Checkbox name="cat_observer" label=t.reg_cat_observer checked=checked(RegistrationCategory::Observer) />
                    <Checkbox
                        name="cat_partner_organisation"
                        label=t.reg_cat_partner_organisation
                        checked=checked(RegistrationCategory::PartnerOrganisation)
                    />
                    <Checkbox name="cat_media" label=t.reg_cat_media checked=checked(RegistrationCategory::Media) />
                    <Checkbox
                        name="cat_secretariat_staff"
                        label=t.reg_cat_secretariat_staff
                        checked=checked(RegistrationCategory::SecretariatStaff)
                    />
                </fieldset>
                <Checkbox
                    name="approval_required"
                    label=t.reg_approval_required
                    checked=s.as_ref().map(|s| s.approval_required).unwrap_or(true)
                />
                <Checkbox
                    errs=settings_errs
                    name="note_verbale_required"
                    label=t.nv_required
                    checked=s.as_ref().map(|s| s.note_verbale_required).unwrap_or(false)
                />
                <SubmitButton label=t.form_save pending=settings.pending().into() />
            </ActionForm>
        </section>
        <Letters s=letters />
        <section aria-labelledby="reg-list-h">
            <h2 id="reg-list-h">{t.reg_list_title}</h2>
            {if rows.is_empty() {
                view! { <p class="empty">{t.reg_none}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="registrations">
                            <thead>
                                <tr>
                                    <th scope="col">{t.reg_select}</th>
                                    <th scope="col">{t.reg_name}</th>
                                    <th scope="col">{t.reg_category}</th>
                                    <th scope="col">{t.reg_country}</th>
                                    <th scope="col">{t.reg_email}</th>
                                    <th scope="col">{t.reg_status}</th>
                                    <th scope="col">
                                        <span class="visually-hidden">{t.reg_withdraw}</span>
                                    </th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, r)| {
                                        let name = r.full_name();
                                        let label = format!("{}{}{}", t.reg_select, t.colon, name);
                                        let country = r.country.map(|c| c.name(lang).to_string()).unwrap_or_else(|| r.organisation.clone());
                                        let active = r.status.is_active();
                                        let id = r.id;
                                        let refused = move || {
                                            all_decide_errs
                                                .0
                                                .with(|e| e.as_ref().and_then(refusals).is_some_and(|(r, _)| r.iter().any(|r| r.id == id)))
                                        };
                                        view! {
                                            <tr class:refused=refused>
                                                <td>
                                                    <input
                                                        type="checkbox"
                                                        form="bulk-decision"
                                                        name=format!("form[ids][{i}]")
                                                        value=id
                                                        aria-label=label
                                                        disabled=!active
                                                    />
                                                </td>
                                                <td>{name.clone()}<br /><small>{r.position.clone()}</small></td>
                                                <td>{t.reg_category(r.category)}</td>
                                                <td>{country}</td>
                                                <td>{r.email.clone()}</td>
                                                <td>
                                                    <RegStatus row=r.clone() />
                                                    {(r.status == crate::domain::RegistrationStatus::Approved
                                                        && (!r.category.is_delegation() || r.delegation_confirmed))
                                                        .then(|| {
                                                            view! {
                                                                <br />
                                                                <a
                                                                    href=format!("/registrations/{id}/invitation.pdf")
                                                                    rel="external"
                                                                    download=""
                                                                >
                                                                    {t.letter_invitation}
                                                                    <span class="visually-hidden">{format!(": {name}")}</span>
                                                                </a>
                                                            }
                                                        })}
                                                    {r
                                                        .checked_in
                                                        .then(|| {
                                                            view! {
                                                                <br />
                                                                <a
                                                                    href=format!("/registrations/{id}/certificate.pdf")
                                                                    rel="external"
                                                                    download=""
                                                                >
                                                                    {t.letter_certificate}
                                                                    <span class="visually-hidden">{format!(": {name}")}</span>
                                                                </a>
                                                            }
                                                        })}
                                                </td>
                                                <td>
                                                    {active
                                                        .then(|| {
                                                            view! {
                                                                <ActionForm action=withdraw attr:class="inline-form">
                                                                    <input type="hidden" name="id" value=id />
                                                                    <button type="submit" class="button small">
                                                                        {t.reg_withdraw}
                                                                        <span class="visually-hidden">{format!(": {name}")}</span>
                                                                    </button>
                                                                </ActionForm>
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
                    <Refused decide errs=all_decide_errs mid names />
                    <ActionForm action=decide attr:class="stacked-form" attr:id="bulk-decision">
                        <FormStatus errs=decide_errs />
                        <input type="hidden" name="form[meeting_id]" value=mid />
                        <SelectField errs=decide_errs name="decision" label=t.reg_status options=decisions.clone() />
                        <TextArea errs=decide_errs name="reason" label=t.reg_reason rows=2 />
                        <SubmitButton label=t.form_save pending=decide.pending().into() />
                    </ActionForm>
                }
                    .into_any()
            }}
        </section>
    }
}

/// The secretariat's letter settings (a plain multipart form: no JavaScript needed) and the ZIP
/// downloads of every invitation letter and certificate of the meeting.
#[component]
fn Letters(s: LetterSettingsView) -> impl IntoView {
    let t = use_i18n();
    let mid = s.meeting_id;
    let error = crate::components::use_file_error();
    let state = |has: bool| if has { t.letters_uploaded } else { t.letters_none };
    view! {
        <section class="panel" id="letters" aria-labelledby="letters-h">
            <h2 id="letters-h">{t.letters_title}</h2>
            <p class="help">{t.letters_help}</p>
            <p class="actions">
                <a class="button" href=format!("/meetings/{mid}/invitations.zip") rel="external" download="">
                    {t.letters_all_invitations}
                </a>
                <a class="button" href=format!("/meetings/{mid}/certificates.zip") rel="external" download="">
                    {t.letters_all_certificates}
                </a>
            </p>
            <form method="post" action=format!("/meetings/{mid}/letters") enctype="multipart/form-data" class="stacked-form">
                {move || {
                    error()
                        .map(|m| {
                            view! {
                                <div class="form-status error" role="alert">
                                    {m}
                                </div>
                            }
                        })
                }}
                <LetterImage name="letterhead" label=t.letters_letterhead state=state(s.has_letterhead) />
                <LetterImage name="signature" label=t.letters_signature state=state(s.has_signature) />
                <div class="row">
                    <div class="field">
                        <label for="letters-name">{t.letters_signatory_name}</label>
                        <input type="text" id="letters-name" name="signatory_name" value=s.signatory_name maxlength="200" />
                    </div>
                    <div class="field">
                        <label for="letters-title">{t.letters_signatory_title}</label>
                        <input type="text" id="letters-title" name="signatory_title" value=s.signatory_title maxlength="200" />
                    </div>
                </div>
                <button type="submit" class="button">
                    {t.form_save}
                </button>
            </form>
        </section>
    }
}

/// A letter image's file field (PNG or JPEG), with whether one is uploaded.
#[component]
fn LetterImage(name: &'static str, label: &'static str, state: &'static str) -> impl IntoView {
    let t = use_i18n();
    let (id, help) = (format!("letters-{name}"), format!("letters-{name}-help"));
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <p class="help" id=help.clone()>
                {format!("{label}{}{state} {}", t.colon, t.letters_keep)}
            </p>
            <input type="file" id=id name=name accept=".png,.jpg,.jpeg" aria-describedby=help />
        </div>
    }
}

/// The refusal of a bulk decision: which ticked rows cannot take it.
fn refusals(e: &AppError) -> Option<(Vec<crate::domain::Refusal>, Vec<i32>)> {
    e.field_errors().iter().find_map(|f| match &f.code {
        crate::domain::ErrorCode::NotEligible { rows, eligible } => Some((rows.clone(), eligible.clone())),
        _ => None,
    })
}

/// Names each ticked registration that cannot take the bulk decision, and why (nothing was
/// changed), then offers to apply the decision to the others alone: a form of its own, so it
/// works without JavaScript.
#[component]
fn Refused(decide: ServerAction<DecideRegistrations>, errs: FormErrors, mid: i32, names: Vec<(i32, String)>) -> impl IntoView {
    let t = use_i18n();
    move || {
        let e = errs.0.get()?;
        let (rows, eligible) = refusals(&e)?;
        let decision = e.echo("decision").unwrap_or_default().to_string();
        let reason = e.echo("reason").unwrap_or_default().to_string();
        let name = |id: i32| names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()).unwrap_or_else(|| format!("#{id}"));
        let rest = t.reg_decide_rest.replace("{n}", &eligible.len().to_string());
        Some(view! {
            <div class="form-status error" role="alert" id="f-ids-error">
                <p>{t.reg_refused_intro}</p>
                <ul>
                    {rows
                        .into_iter()
                        .map(|r| {
                            view! {
                                <li>
                                    <strong>{name(r.id)}</strong>
                                    {t.colon}
                                    {t.refusal(r.why)}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                {(!eligible.is_empty())
                    .then(|| {
                        view! {
                            <ActionForm action=decide attr:class="inline-form">
                                <input type="hidden" name="form[meeting_id]" value=mid />
                                <input type="hidden" name="form[decision]" value=decision />
                                <input type="hidden" name="form[reason]" value=reason />
                                <input type="hidden" name="form[skip_refused]" value="true" />
                                {eligible
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, id)| view! { <input type="hidden" name=format!("form[ids][{i}]") value=id /> })
                                    .collect_view()}
                                <button type="submit" class="button">
                                    {rest}
                                </button>
                            </ActionForm>
                        }
                    })}
            </div>
        })
    }
}

/// The delegation's note verbale: whether it is in (with the file), and a plain multipart form
/// to attach it or a newer one (no JavaScript needed; a refused file comes back as
/// `?file_error=` and is shown on the field).
#[component]
fn NoteVerbale(mid: i32, country: CountryCode, note: Option<NoteVerbaleInfo>, required: bool) -> impl IntoView {
    let t = use_i18n();
    let error = crate::components::use_file_error();
    let has_note = note.is_some();
    view! {
        <section class="panel" id="note-verbale" aria-labelledby="note-verbale-h">
            <h2 id="note-verbale-h">{t.nv_title}</h2>
            {match note {
                Some(n) => {
                    view! {
                        <p>
                            {format!("{} {}", t.nv_received, n.uploaded_at)}
                            {n.by_secretariat.then(|| format!(" ({})", t.nv_by_secretariat))} {t.colon} <a href=n.href() rel="external">
                                {n.name.clone()}
                            </a> {(n.earlier > 0).then(|| format!(" \u{b7} {}", t.nv_earlier.replace("{n}", &n.earlier.to_string())))}
                        </p>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <p>
                            <strong class="missing">{t.nv_missing}</strong>
                            {required.then(|| format!(" {}", t.nv_required_notice))}
                        </p>
                    }
                        .into_any()
                }
            }}
            <form
                method="post"
                action=format!("/meetings/{mid}/delegations/{}/note-verbale", country.code())
                enctype="multipart/form-data"
                class="stacked-form"
            >
                <div class="field" class:has-error=move || error().is_some()>
                    <label for="nv-file">{if has_note { t.nv_replace } else { t.nv_attach }}</label>
                    <p class="help" id="nv-file-help">
                        {t.nv_help}
                    </p>
                    <input
                        type="file"
                        id="nv-file"
                        name="file"
                        required
                        accept=".pdf,.png,.jpg,.jpeg,.gif,.webp"
                        aria-invalid=move || error().is_some().then_some("true")
                        aria-describedby=move || if error().is_some() { "nv-file-help nv-file-error" } else { "nv-file-help" }
                    />
                    {move || {
                        error()
                            .map(|m| {
                                view! {
                                    <p class="field-error" id="nv-file-error">
                                        {m}
                                    </p>
                                }
                            })
                    }}
                </div>
                <button type="submit" class="button">
                    {t.nv_upload}
                </button>
            </form>
        </section>
    }
}

/// `/meetings/:id/delegation`: a focal point's own delegation (the secretariat picks a
/// country with `?country=XX`), with replace and withdraw.
#[component]
pub fn DelegationPage() -> impl IntoView {
    let id = use_meeting_id();
    let query = use_query_map();
    let data = crate::components::resource(
        move || (id.get(), query.read().get("country")),
        |(id, country)| async move {
            let id = id.ok_or(AppError::NotFound)?;
            let user = current_user_info().await?.ok_or(AppError::Unauthenticated)?;
            let country = match (user.role, user.country, country) {
                (Role::FocalPoint, Some(c), _) => c,
                (Role::Secretariat, _, Some(c)) => CountryCode::parse("country", &c).map_err(|_| AppError::NotFound)?,
                (Role::Secretariat, _, None) => CountryCode::all().next().ok_or(AppError::NotFound)?,
                _ => return Err(AppError::Forbidden),
            };
            let overview = get_registration_overview(id).await?;
            let (rows, note) = get_delegation(id, country.code().to_string()).await?;
            let all = if user.role == Role::Secretariat { Some(delegations_overview(id).await?) } else { None };
            Ok((overview, country, rows, note, all))
        },
    );
    view! { {loaded(data, |(o, country, rows, note, all)| view! { <DelegationView o country rows note all /> })} }
}

#[component]
fn DelegationView(
    o: RegistrationOverview,
    country: CountryCode,
    rows: Vec<RegistrationRow>,
    note: Option<NoteVerbaleInfo>,
    all: Option<Vec<DelegationSummary>>,
) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let withdraw = use_action::<WithdrawRegistration>();
    let errs = FormErrors::of(withdraw);
    let confirm = use_action::<ConfirmDelegation>();
    let confirm_errs = FormErrors::of(confirm);
    let mid = o.meeting_id;
    let heading = format!("{} {}", t.reg_delegation_of, country.name(lang));
    view! {
        <Title text=crate::components::page_title(format!("{} · {} · {}", heading, o.meeting_title, t.app_name)) />
        <header class="page-head">
            <p class="kicker">
                <a href=format!("/meetings/{mid}")>{o.meeting_title.clone()}</a>
            </p>
            <h1>{heading.clone()}</h1>
        </header>
        {all
            .map(|all| {
                view! {
                    <section aria-labelledby="all-delegations-h">
                        <h2 id="all-delegations-h">{t.reg_all_delegations}</h2>
                        <div class="table-scroll">
                            <table>
                                <thead>
                                    <tr>
                                        <th scope="col">{t.reg_country}</th>
                                        <th scope="col">{t.reg_head}</th>
                                        <th scope="col">{t.reg_members}</th>
                                        <th scope="col">{t.reg_places}</th>
                                        <th scope="col">{t.nv_title}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {all
                                        .into_iter()
                                        .map(|d| {
                                            view! {
                                                <tr>
                                                    <th scope="row">
                                                        <a href=format!(
                                                            "/meetings/{mid}/delegation?country={}",
                                                            d.country.code(),
                                                        )>{d.country.name(lang)}</a>
                                                    </th>
                                                    <td>{d.head.unwrap_or_else(|| "\u{2014}".into())}</td>
                                                    <td>{d.members}</td>
                                                    <td>{d.with_place}</td>
                                                    <td>
                                                        {match d.note {
                                                            Some(n) => {
                                                                view! {
                                                                    <a href=n.href() rel="external">
                                                                        {format!("{} {}", t.nv_received, n.uploaded_at)}
                                                                    </a>
                                                                }
                                                                    .into_any()
                                                            }
                                                            None => view! { <strong class="missing">{t.nv_missing}</strong> }.into_any(),
                                                        }}
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </section>
                    <form method="get" class="inline-form">
                        <label for="country-pick">{t.reg_country}</label>
                        <select id="country-pick" name="country">
                            {CountryCode::all()
                                .map(|c| {
                                    view! {
                                        <option value=c.code() selected=c == country>
                                            {c.name(lang)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        <button type="submit" class="button small">
                            {t.change_language}
                        </button>
                    </form>
                }
            })}
        <OverviewFacts o=o.clone() />
        <NoteVerbale mid country note required=o.settings.as_ref().is_some_and(|s| s.note_verbale_required) />
        <p class="actions">
            <a class="button primary" href=format!("/meetings/{mid}/register")>
                {t.reg_nominate}
            </a>
        </p>
        <FormStatus errs />
        <FormStatus errs=confirm_errs />
        {if rows.is_empty() {
            view! { <p class="empty">{t.reg_none}</p> }.into_any()
        } else {
            view! {
                <ul class="delegation">
                    {rows
                        .into_iter()
                        .map(|r| {
                            let name = r.full_name();
                            let active = r.status.is_active();
                            let id = r.id;
                            let head = r.category == RegistrationCategory::HeadOfDelegation;
                            let unconfirmed = r.category.is_delegation() && !r.delegation_confirmed;
                            let confirmable = unconfirmed && active && r.status != crate::domain::RegistrationStatus::Unconfirmed;
                            let confirm_label = format!(": {name}");
                            view! {
                                <li class="delegate-card">
                                    <p>
                                        <strong>{name.clone()}</strong>
                                        {head
                                            .then(|| {
                                                view! {
                                                    " \u{2014} "
                                                    <em>{t.reg_head}</em>
                                                }
                                            })}
                                    </p>
                                    <p class="meta">{format!("{} · {} · {}", t.reg_category(r.category), r.position, r.email)}</p>
                                    <RegStatus row=r.clone() />
                                    {unconfirmed.then(|| view! { <p class="notice">{t.reg_unconfirmed_delegation}</p> })}
                                    {active
                                        .then(|| {
                                            view! {
                                                <div class="actions">
                                                    {confirmable
                                                        .then(|| {
                                                            view! {
                                                                <ActionForm action=confirm attr:class="inline-form">
                                                                    <input type="hidden" name="id" value=id />
                                                                    <button type="submit" class="button small primary">
                                                                        {t.reg_confirm_delegation}
                                                                        <span class="visually-hidden">{confirm_label}</span>
                                                                    </button>
                                                                </ActionForm>
                                                            }
                                                        })} <a class="button small" href=format!("/meetings/{mid}/register?replaces={id}")>
                                                        {t.reg_replace}
                                                        <span class="visually-hidden">{format!(": {name}")}</span>
                                                    </a> <ActionForm action=withdraw attr:class="inline-form">
                                                        <input type="hidden" name="id" value=id />
                                                        <button type="submit" class="button small">
                                                            {t.reg_withdraw}
                                                            <span class="visually-hidden">{format!(": {name}")}</span>
                                                        </button>
                                                    </ActionForm>
                                                </div>
                                            }
                                        })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}

/// `/meetings/:id/participants`: approved participants who consented to appear.
#[component]
pub fn ParticipantsPage() -> impl IntoView {
    let id = use_meeting_id();
    let t = use_i18n();
    let lang = use_lang();
    let data = crate::components::resource(
        move || id.get(),
        |id| async move {
            let id = id.ok_or(AppError::NotFound)?;
            Ok::<_, AppError>((get_registration_overview(id).await?, public_participants(id).await?))
        },
    );
    view! {
        {loaded(
            data,
            move |(o, people)| {
                view! {
                    <Title text=crate::components::page_title(
                        format!("{} · {} · {}", t.reg_participants_title, o.meeting_title, t.app_name),
                    ) />
                    <header class="page-head">
                        <p class="kicker">
                            <a href=format!("/meetings/{}", o.meeting_id)>{o.meeting_title.clone()}</a>
                        </p>
                        <h1>{t.reg_participants_title}</h1>
                    </header>
                    <p class="help">{t.reg_participants_note}</p>
                    {if people.is_empty() {
                        view! { <p class="empty">{t.reg_participants_none}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-scroll">
                                <table>
                                    <thead>
                                        <tr>
                                            <th scope="col">{t.reg_name}</th>
                                            <th scope="col">{t.reg_position}</th>
                                            <th scope="col">{t.reg_country}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {people
                                            .into_iter()
                                            .map(|p| {
                                                view! {
                                                    <tr>
                                                        <td>{p.name}</td>
                                                        <td>{p.position}</td>
                                                        <td>{p.country.map(|c| c.name(lang).to_string()).unwrap_or(p.organisation)}</td>
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
    }
}

/// The meeting id and the signed-in secretariat, or the error to show.
async fn secretariat_meeting(id: Option<i32>) -> Result<i32, AppError> {
    let id = id.ok_or(AppError::NotFound)?;
    match current_user_info().await? {
        None => Err(AppError::Unauthenticated),
        Some(u) if u.role != Role::Secretariat => Err(AppError::Forbidden),
        Some(_) => Ok(id),
    }
}

/// `/meetings/:id/badges` (secretariat): print-ready badges, one per approved participant.
#[component]
pub fn BadgesPage() -> impl IntoView {
    let id = use_meeting_id();
    let t = use_i18n();
    let lang = use_lang();
    let data = crate::components::resource(
        move || id.get(),
        |id| async move {
            let id = secretariat_meeting(id).await?;
            Ok::<_, AppError>((get_registration_overview(id).await?, get_badges(id).await?))
        },
    );
    view! {
        {loaded(
            data,
            move |(o, badges)| {
                view! {
                    <Title text=crate::components::page_title(format!("{} · {} · {}", t.reg_badges, o.meeting_title, t.app_name)) />
                    <header class="page-head no-print">
                        <p class="kicker">
                            <a href=format!("/meetings/{}/registrations", o.meeting_id)>{o.meeting_title.clone()}</a>
                        </p>
                        <h1>{t.reg_badges}</h1>
                        <p class="help">{t.reg_badges_print}</p>
                    </header>
                    {if badges.is_empty() {
                        view! { <p class="empty">{t.reg_participants_none}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="badges">
                                {badges
                                    .into_iter()
                                    .map(|b| {
                                        let place = b.country.map(|c| c.name(lang).to_string()).unwrap_or(b.organisation.clone());
                                        view! {
                                            <li class="badge-card">
                                                <p class="badge-meeting">{o.meeting_title.clone()}</p>
                                                <p class="badge-name">{b.name.clone()}</p>
                                                <p class="badge-country">{place}</p>
                                                <p class=format!(
                                                    "badge-category cat-{}",
                                                    b.category.as_str(),
                                                )>{t.reg_category(b.category)}</p>
                                                <div
                                                    class="badge-qr"
                                                    role="img"
                                                    aria-label=t.reg_checkin_token
                                                    inner_html=b.qr_svg.clone()
                                                ></div>
                                                <p class="badge-code">
                                                    <code>{b.token.clone()}</code>
                                                </p>
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

/// `/meetings/:id/checkin` (secretariat, on a phone at the door): a badge code (a scanner types
/// it, or the phone camera opens this page with `?token=`), or a name search.
#[component]
pub fn CheckInPage() -> impl IntoView {
    let id = use_meeting_id();
    let query = use_query_map();
    let t = use_i18n();
    let lang = use_lang();
    let checkin = use_action::<CheckIn>();
    let errs = FormErrors::of(checkin);
    let data = crate::components::resource(
        move || (id.get(), query.read().get("q"), query.read().get("done"), query.read().get("new")),
        |(id, q, done, newly)| async move {
            let id = secretariat_meeting(id).await?;
            let overview = get_registration_overview(id).await?;
            let results = match q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
                Some(q) => Some(search_participants(id, q.to_string()).await?),
                None => None,
            };
            let done = match done.as_deref().and_then(crate::domain::parse_id) {
                Some(r) => Some(checkin_info(id, r, newly.as_deref() == Some("true")).await?),
                None => None,
            };
            Ok::<_, AppError>((overview, results, done))
        },
    );
    view! {
        {loaded(
            data,
            move |(o, results, done)| {
                let mid = o.meeting_id;
                let token = query.read_untracked().get("token").unwrap_or_default();
                let q = query.read_untracked().get("q").unwrap_or_default();
                let last = move || checkin.value().get().and_then(|r| r.ok()).or_else(|| done.clone());
                // The redirect's `done` (the page is loaded anew after the form); the action's
                // own result where an island ever sends it in place.
                view! {
                    <Title text=crate::components::page_title(format!("{} · {} · {}", t.reg_checkin, o.meeting_title, t.app_name)) />
                    <header class="page-head">
                        <p class="kicker">
                            <a href=format!("/meetings/{mid}/registrations")>{o.meeting_title.clone()}</a>
                        </p>
                        <h1>{t.reg_checkin}</h1>
                    </header>
                    {move || {
                        last()
                            .map(|r| {
                                let place = r.country.map(|c| c.name(lang).to_string()).unwrap_or(r.organisation.clone());
                                view! {
                                    <p class="form-status ok" role="status">
                                        {if r.newly { t.reg_checkin_done } else { t.reg_checkin_already }}
                                        " "
                                        <strong>{r.name.clone()}</strong>
                                        {format!(" ({place})")}
                                    </p>
                                }
                            })
                    }}
                    <ActionForm action=checkin attr:class="stacked-form">
                        <FormStatus errs />
                        <input type="hidden" name="form[meeting_id]" value=mid />
                        <TextField errs name="token" label=t.reg_checkin_token value=token.clone() autocomplete="off" />
                        <SubmitButton label=t.reg_checkin_button pending=checkin.pending().into() />
                    </ActionForm>
                    <form method="get" class="stacked-form" role="search">
                        <div class="field">
                            <label for="checkin-q">{t.reg_checkin_search}</label>
                            <input id="checkin-q" type="search" name="q" value=q />
                        </div>
                        <button type="submit" class="button">
                            {t.reg_checkin_search_button}
                        </button>
                    </form>
                    {results
                        .map(|rows| {
                            if rows.is_empty() {
                                view! { <p class="empty">{t.reg_checkin_none}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="delegation">
                                        {rows
                                            .into_iter()
                                            .map(|r| {
                                                let name = r.full_name();
                                                let place = r.country.map(|c| c.name(lang).to_string()).unwrap_or(r.organisation.clone());
                                                view! {
                                                    <li class="delegate-card">
                                                        <p>
                                                            <strong>{name.clone()}</strong>
                                                            {format!(" \u{2014} {place}")}
                                                        </p>
                                                        {if r.checked_in {
                                                            view! { <span class="badge">{t.reg_checked_in}</span> }.into_any()
                                                        } else {
                                                            view! {
                                                                <ActionForm action=checkin attr:class="inline-form">
                                                                    <input type="hidden" name="form[meeting_id]" value=mid />
                                                                    <input type="hidden" name="form[id]" value=r.id />
                                                                    <button type="submit" class="button small">
                                                                        {t.reg_checkin_button}
                                                                        <span class="visually-hidden">{format!(": {name}")}</span>
                                                                    </button>
                                                                </ActionForm>
                                                            }
                                                                .into_any()
                                                        }}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        })}
                }
            },
        )}
    }
}

/// `/me`: the signed-in user's registrations, each with its meeting pack, and their private,
/// revocable calendar link.
#[component]
pub fn MyRegistrationsPage() -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let create = use_action::<CreateFeed>();
    let revoke = use_action::<RevokeFeed>();
    let cancel = use_action::<CancelMyRegistration>();
    let cancel_errs = FormErrors::of(cancel);
    // What was just done: from the address the form came back to (or the action's answer, where
    // an island ever sends the form in place).
    let notice = move || {
        let q = query.read();
        if cancel.value().with(|v| matches!(v, Some(Ok(())))) || q.get("cancelled").is_some() {
            Some(t.me_cancelled)
        } else if q.get("updated").is_some() {
            Some(t.me_updated)
        } else {
            None
        }
    };
    let data = crate::components::resource(
        move || (),
        |_| async move {
            match current_user_info().await? {
                None => Err(AppError::Unauthenticated),
                Some(_) => my_registrations().await,
            }
        },
    );
    view! {
        <Title text=crate::components::page_title(format!("{} · {}", t.nav_me, t.app_name)) />
        <h1>{t.nav_me}</h1>
        <p>
            <a href="/me/password">{t.me_password}</a>
        </p>
        {move || {
            notice()
                .map(|n| {
                    view! {
                        <div class="form-status ok" role="status">
                            {n}
                        </div>
                    }
                })
        }}
        <FormStatus errs=cancel_errs />
        {loaded(
            data,
            move |page| {
                let shown = page.new_feed.clone().filter(|_| page.feed_created.is_some());
                let new_link = move || create.value().get().and_then(|r| r.ok()).or_else(|| shown.clone());
                // A link just made: from the action's answer (JavaScript) or, once, from the page data
                // (read from a short-lived cookie, never from the address).
                view! {
                    {if page.registrations.is_empty() {
                        view! { <p class="empty">{t.me_none}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="delegation">
                                {page
                                    .registrations
                                    .into_iter()
                                    .map(|r| {
                                        let mid = r.meeting_id;
                                        view! {
                                            <li class="delegate-card">
                                                <h2 class="card-title">
                                                    <a href=format!("/meetings/{mid}")>{r.meeting_title.clone()}</a>
                                                </h2>
                                                <p class="meta">
                                                    {format!(
                                                        "{} · {} · {}",
                                                        crate::i18n::format_date_range(lang, r.start_date, r.end_date),
                                                        r.city,
                                                        t.reg_category(r.category),
                                                    )}
                                                </p>
                                                <span class=format!("badge badge-reg-{}", r.status.as_str())>{t.reg_status(r.status)}</span>
                                                {r
                                                    .awaiting_delegation
                                                    .then(|| {
                                                        view! {
                                                            <p class="notice">
                                                                {if r.category.is_delegation() {
                                                                    t.me_awaiting_delegation
                                                                } else {
                                                                    t.me_awaiting_confirmation
                                                                }}
                                                            </p>
                                                        }
                                                    })}
                                                {r
                                                    .can_change
                                                    .then(|| {
                                                        view! {
                                                            <div class="actions">
                                                                <a class="button small" href=format!("/me/registrations/{}", r.id)>
                                                                    {t.me_change}
                                                                    <span class="visually-hidden">{format!(": {}", r.meeting_title)}</span>
                                                                </a>
                                                                <ActionForm action=cancel attr:class="inline-form">
                                                                    <input type="hidden" name="id" value=r.id />
                                                                    <button type="submit" class="button small">
                                                                        {t.me_cancel}
                                                                        <span class="visually-hidden">
                                                                            {format!(": {}", r.meeting_title)}
                                                                        </span>
                                                                    </button>
                                                                </ActionForm>
                                                            </div>
                                                        }
                                                    })}
                                                <p>
                                                    <strong>{t.me_pack}{t.colon}</strong>
                                                    {r
                                                        .has_agenda
                                                        .then(|| {
                                                            view! {
                                                                <a href=format!("/meetings/{mid}/agenda")>{t.agenda_title}</a>
                                                                " · "
                                                            }
                                                        })}
                                                    <a href=format!("/meetings/{mid}/papers")>{t.papers_title}</a>
                                                    " · "
                                                    <a href=format!("/meetings/{mid}/minutes")>{t.minutes_title}</a>
                                                    " · "
                                                    <a href=format!("/meetings/{mid}/participants")>{t.reg_participants_title}</a>
                                                </p>
                                                {(r.invitation || r.certificate)
                                                    .then(|| {
                                                        let rid = r.id;
                                                        view! {
                                                            <p>
                                                                {r
                                                                    .invitation
                                                                    .then(|| {
                                                                        view! {
                                                                            <a
                                                                                class="button small"
                                                                                href=format!("/registrations/{rid}/invitation.pdf")
                                                                                rel="external"
                                                                                download=""
                                                                            >
                                                                                {t.letter_invitation}
                                                                                " (PDF)"
                                                                            </a>
                                                                            " "
                                                                        }
                                                                    })}
                                                                {r
                                                                    .certificate
                                                                    .then(|| {
                                                                        view! {
                                                                            <a
                                                                                class="button small"
                                                                                href=format!("/registrations/{rid}/certificate.pdf")
                                                                                rel="external"
                                                                                download=""
                                                                            >
                                                                                {t.letter_certificate}
                                                                                " (PDF)"
                                                                            </a>
                                                                        }
                                                                    })}
                                                            </p>
                                                        }
                                                    })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                    {(!page.messages.is_empty())
                        .then(|| {
                            view! {
                                <section aria-labelledby="my-messages-h">
                                    <h2 id="my-messages-h">{t.msg_mine}</h2>
                                    <ul class="messages">
                                        {page
                                            .messages
                                            .iter()
                                            .map(|m| {
                                                view! {
                                                    <li class="panel">
                                                        <h3>{m.subject.clone()}</h3>
                                                        <p class="meta">
                                                            <a href=format!("/meetings/{}", m.meeting_id)>{m.meeting_title.clone()}</a>
                                                            {format!(" \u{b7} {} {}", t.msg_sent_at, m.sent_at)}
                                                        </p>
                                                        {m
                                                            .original
                                                            .map(|o| {
                                                                view! {
                                                                    <p class="help">
                                                                        {t.msg_mine_original.replace("{lang}", t.lang_name(o))}
                                                                    </p>
                                                                }
                                                            })}
                                                        <MarkdownView html=m.body_html.clone() />
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </section>
                            }
                        })}
                    <section class="panel" aria-labelledby="feed-h">
                        <h2 id="feed-h">{t.me_feed_title}</h2>
                        <p class="help">{t.me_feed_help}</p>
                        {move || {
                            new_link()
                                .map(|l| {
                                    view! {
                                        <p role="status">{t.me_feed_new}</p>
                                        <p>
                                            <code class="feed-link">{l}</code>
                                        </p>
                                    }
                                })
                        }}
                        {match page.feed_created {
                            Some(at) => {
                                view! {
                                    <p>{t.me_feed_active}" "{crate::i18n::format_date(lang, at.date_naive())}</p>
                                    <div class="actions">
                                        <ActionForm action=create attr:class="inline-form">
                                            <button type="submit" class="button">
                                                {t.me_feed_replace}
                                            </button>
                                        </ActionForm>
                                        <ActionForm action=revoke attr:class="inline-form">
                                            <button type="submit" class="button">
                                                {t.me_feed_revoke}
                                            </button>
                                        </ActionForm>
                                    </div>
                                }
                                    .into_any()
                            }
                            None => {
                                view! {
                                    <p>{t.me_feed_none}</p>
                                    <ActionForm action=create attr:class="inline-form">
                                        <button type="submit" class="button primary">
                                            {t.me_feed_create}
                                        </button>
                                    </ActionForm>
                                }
                                    .into_any()
                            }
                        }}
                    </section>
                }
            },
        )}
    }
}

/// `/me/registrations/:rid`: the person changes their own registration's details, or cancels
/// it, until the registration deadline. Category, country or organisation and email stay.
#[component]
pub fn MyRegistrationEditPage() -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("rid").and_then(|v| crate::domain::parse_id(&v)));
    let data = crate::components::resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_my_registration(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let update = use_action::<UpdateMyRegistration>();
    let errs = FormErrors::of(update);
    let cancel = use_action::<CancelMyRegistration>();
    let cancel_errs = FormErrors::of(cancel);
    view! {
        {loaded(
            data,
            move |d| {
                let f = d.form.clone();
                let place = d.country.map(|c| c.name(lang).to_string()).unwrap_or_else(|| f.organisation.clone());
                view! {
                    <Title text=crate::components::page_title(format!("{} · {} · {}", t.me_edit_title, d.meeting_title, t.app_name)) />
                    <header class="page-head">
                        <p class="kicker">
                            <a href="/me">{t.nav_me}</a>
                        </p>
                        <h1>{format!("{} \u{2014} {}", t.me_edit_title, d.meeting_title)}</h1>
                    </header>
                    <dl class="facts">
                        <dt>{t.reg_category}</dt>
                        <dd>{t.reg_category(d.category)}</dd>
                        <dt>{t.reg_country}</dt>
                        <dd>{place}</dd>
                        <dt>{t.reg_email}</dt>
                        <dd>{d.email.clone()}</dd>
                        <dt>{t.users_state}</dt>
                        <dd>{t.reg_status(d.status)}</dd>
                    </dl>
                    <p class="help">{t.me_edit_fixed}</p>
                    {if d.can_change {
                        view! {
                            <p>{format!("{} {} ({})", t.me_deadline, d.closes_at.replace('T', " "), d.timezone)}</p>
                            <ActionForm action=update attr:class="stacked-form">
                                <FormStatus errs />
                                <input type="hidden" name="form[id]" value=d.id />
                                <input type="hidden" name="form[meeting_id]" value=d.meeting_id />
                                <div class="row">
                                    <TextField
                                        errs
                                        name="title"
                                        label=t.reg_person_title
                                        autocomplete="honorific-prefix"
                                        value=f.title.clone()
                                    />
                                    <TextField
                                        errs
                                        name="given_name"
                                        label=t.reg_given_name
                                        required=true
                                        autocomplete="given-name"
                                        value=f.given_name.clone()
                                    />
                                    <TextField
                                        errs
                                        name="family_name"
                                        label=t.reg_family_name
                                        required=true
                                        autocomplete="family-name"
                                        value=f.family_name.clone()
                                    />
                                </div>
                                <div class="row">
                                    <TextField
                                        errs
                                        name="position"
                                        label=t.reg_position
                                        required=true
                                        autocomplete="organization-title"
                                        value=f.position.clone()
                                    />
                                    <TextField errs name="ministry" label=t.reg_ministry value=f.ministry.clone() />
                                    <TextField errs name="phone" label=t.reg_phone kind="tel" autocomplete="tel" value=f.phone.clone() />
                                </div>
                                <div class="row">
                                    <TextField errs name="arrival" label=t.reg_arrival kind="date" value=f.arrival.clone() />
                                    <TextField errs name="departure" label=t.reg_departure kind="date" value=f.departure.clone() />
                                </div>
                                <TextArea errs name="dietary" label=t.reg_dietary rows=2 value=f.dietary.clone() />
                                <TextArea errs name="accessibility" label=t.reg_accessibility rows=2 value=f.accessibility.clone() />
                                <fieldset class="field">
                                    <legend>{t.reg_passport}</legend>
                                    <div class="row">
                                        <TextField
                                            errs
                                            name="passport_number"
                                            label=t.reg_passport_number
                                            no_echo=true
                                            value=f.passport_number.clone()
                                        />
                                        <TextField
                                            errs
                                            name="passport_nationality"
                                            label=t.reg_passport_nationality
                                            no_echo=true
                                            value=f.passport_nationality.clone()
                                        />
                                        <TextField
                                            errs
                                            name="passport_expiry"
                                            label=t.reg_passport_expiry
                                            kind="date"
                                            no_echo=true
                                            value=f.passport_expiry.clone()
                                        />
                                    </div>
                                </fieldset>
                                <fieldset class="field">
                                    <legend>{t.reg_consent}</legend>
                                    <Checkbox name="consent_list" label=t.reg_consent_list errs checked=f.consent_list.is_some() />
                                    <Checkbox name="consent_contact" label=t.reg_consent_contact errs checked=f.consent_contact.is_some() />
                                </fieldset>
                                <SubmitButton label=t.me_edit_save pending=update.pending().into() />
                            </ActionForm>
                            <ActionForm action=cancel attr:class="inline-form">
                                <FormStatus errs=cancel_errs />
                                <input type="hidden" name="id" value=d.id />
                                <button type="submit" class="button">
                                    {t.me_cancel}
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    } else {
                        view! {
                            <p class="notice" role="note">
                                {t.fe_deadline_passed}
                            </p>
                        }
                            .into_any()
                    }}
                }
            },
        )}
    }
}
