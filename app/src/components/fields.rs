use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// The last result of a form's action, when it was an error.
#[derive(Clone, Copy)]
pub struct FormErrors(pub Signal<Option<AppError>>);

impl FormErrors {
    pub fn of<S>(action: ServerAction<S>) -> Self
    where
        S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        FormErrors(Signal::derive(move || {
            action.value().with(|v| match v {
                Some(Err(e)) => Some(e.clone()),
                _ => None,
            })
        }))
    }

    /// Like [`FormErrors::of`], for one of several forms of the same action on a page: a
    /// validation error shows only on the form whose echoed `key` field has `value` (without
    /// JavaScript every instance of the action sees the error).
    pub fn for_form<S>(action: ServerAction<S>, key: &'static str, value: String) -> Self
    where
        S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        FormErrors(Signal::derive(move || {
            action.value().with(|v| match v {
                Some(Err(e @ AppError::Validation { .. })) => (e.echo(key).unwrap_or_default() == value).then(|| e.clone()),
                Some(Err(e)) => Some(e.clone()),
                _ => None,
            })
        }))
    }

    pub fn any(self) -> bool {
        self.0.with(|e| e.is_some())
    }

    /// No errors (forms that never show field errors).
    pub fn none() -> Self {
        FormErrors(Signal::derive(|| None))
    }

    fn message(self, field: &'static str) -> Option<String> {
        let t = use_i18n();
        self.0.with(|e| e.as_ref().and_then(|e| e.field_errors().iter().find(|f| f.field == field).map(|f| t.field_error(&f.code))))
    }

    fn echo(self, field: &str) -> Option<String> {
        self.0.with_untracked(|e| e.as_ref().and_then(|e| e.echo(field).map(str::to_string)))
    }
}

fn ids(prefix: &str, name: &str) -> (String, String, String) {
    let id = format!("{prefix}f-{name}");
    (id.clone(), format!("{id}-help"), format!("{id}-error"))
}

/// The `aria-describedby` value: the help text and, when present, the error message.
fn described_by(
    help_id: Option<String>,
    err_id: String,
    has_error: impl Fn() -> bool + Send + Sync + 'static,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let ids: Vec<&str> = help_id.as_deref().into_iter().chain(has_error().then_some(err_id.as_str())).collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A labelled `<input>` named `form[name]`, with help text and the field's error.
#[component]
pub fn TextField(
    errs: FormErrors,
    name: &'static str,
    label: &'static str,
    #[prop(into, optional)] value: String,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] help: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] list: Option<&'static str>,
    #[prop(into, optional)] prefix: String,
    #[prop(optional)] no_echo: bool,
) -> impl IntoView {
    let (id, help_id, err_id) = ids(&prefix, name);
    let initial = if no_echo { value } else { errs.echo(name).unwrap_or(value) };
    let error = move || errs.message(name);
    let described = described_by(help.map(|_| help_id.clone()), err_id.clone(), move || error().is_some());
    view! {
        <div class="field" class:has-error=move || error().is_some()>
            <label for=id.clone()>{label}</label>
            {help
                .map(|h| {
                    view! {
                        <p class="help" id=help_id.clone()>
                            {h}
                        </p>
                    }
                })}
            <input
                id=id
                name=format!("form[{name}]")
                type=kind.unwrap_or("text")
                value=initial
                required=required
                autocomplete=autocomplete
                list=list
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=described
            />
            {move || {
                error()
                    .map(|m| {
                        view! {
                            <p class="field-error" id=err_id.clone()>
                                {m}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// A labelled `<textarea>` named `form[name]`.
#[component]
pub fn TextArea(
    errs: FormErrors,
    name: &'static str,
    label: &'static str,
    #[prop(into, optional)] value: String,
    #[prop(optional)] help: Option<&'static str>,
    #[prop(optional)] rows: Option<u32>,
    #[prop(into, optional)] prefix: String,
) -> impl IntoView {
    let (id, help_id, err_id) = ids(&prefix, name);
    // The text is the element's content, which the server writes unescaped: see `rcdata`.
    let initial = super::rcdata(errs.echo(name).unwrap_or(value));
    let error = move || errs.message(name);
    let described = described_by(help.map(|_| help_id.clone()), err_id.clone(), move || error().is_some());
    view! {
        <div class="field" class:has-error=move || error().is_some()>
            <label for=id.clone()>{label}</label>
            {help
                .map(|h| {
                    view! {
                        <p class="help" id=help_id.clone()>
                            {h}
                        </p>
                    }
                })}
            <textarea
                id=id
                name=format!("form[{name}]")
                rows=rows.unwrap_or(4)
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=described
            >
                {initial}
            </textarea>
            {move || {
                error()
                    .map(|m| {
                        view! {
                            <p class="field-error" id=err_id.clone()>
                                {m}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// A labelled `<select>` named `form[name]`; `options` are (value, label).
#[component]
pub fn SelectField(
    errs: FormErrors,
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    #[prop(into, optional)] value: String,
    #[prop(optional)] help: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(into, optional)] prefix: String,
) -> impl IntoView {
    let (id, help_id, err_id) = ids(&prefix, name);
    let selected = errs.echo(name).unwrap_or(value);
    let error = move || errs.message(name);
    let described = described_by(help.map(|_| help_id.clone()), err_id.clone(), move || error().is_some());
    view! {
        <div class="field" class:has-error=move || error().is_some()>
            <label for=id.clone()>{label}</label>
            {help
                .map(|h| {
                    view! {
                        <p class="help" id=help_id.clone()>
                            {h}
                        </p>
                    }
                })}
            <select id=id name=format!("form[{name}]") aria-invalid=move || error().is_some().then_some("true") aria-describedby=described>
                {placeholder.map(|p| view! { <option value="">{p}</option> })}
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let sel = v == selected;
                        view! {
                            <option value=v selected=sel>
                                {l}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            {move || {
                error()
                    .map(|m| {
                        view! {
                            <p class="field-error" id=err_id.clone()>
                                {m}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// A labelled checkbox named `form[name]` (sends "on" when ticked). When the form came back
/// with errors, the submitted state wins over `checked`.
#[component]
pub fn Checkbox(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] checked: bool,
    #[prop(optional)] errs: Option<FormErrors>,
    #[prop(into, optional)] prefix: String,
) -> impl IntoView {
    let id = format!("{prefix}f-{name}");
    let checked = errs.and_then(|e| e.echo(name)).map(|v| v == "on").unwrap_or(checked);
    let err_id = format!("{id}-error");
    let error = move || errs.and_then(|e| e.message(name));
    view! {
        <div class="check" class:has-error=move || error().is_some()>
            <input
                type="checkbox"
                id=id.clone()
                name=format!("form[{name}]")
                checked=checked
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby={
                    let err_id = err_id.clone();
                    move || error().is_some().then(|| err_id.clone())
                }
            />
            <label for=id>{label}</label>
            {move || {
                error()
                    .map(|m| {
                        view! {
                            <p class="field-error" id=err_id.clone()>
                                {m}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// A summary of the form's errors (announced to screen readers), plus non-field errors such as
/// conflicts or refused access.
#[component]
pub fn FormStatus(errs: FormErrors, #[prop(optional)] success: Option<Signal<Option<String>>>) -> impl IntoView {
    let t = use_i18n();
    view! {
        {move || {
            errs.0
                .get()
                .map(|e| {
                    let text = match &e {
                        AppError::Validation { .. } => t.form_errors_intro.to_string(),
                        AppError::Conflict { .. } => t.err_conflict_body.to_string(),
                        AppError::Unauthenticated => t.err_unauthenticated_body.to_string(),
                        AppError::Forbidden => t.err_forbidden_body.to_string(),
                        AppError::NotFound => t.err_not_found_body.to_string(),
                        AppError::TooManyRequests => t.login_rate_limited.to_string(),
                        AppError::Internal { reference } => format!("{} {}", t.err_internal_body, crate::error::shown_reference(reference)),
                        AppError::PayloadTooLarge => t.fe_too_large.to_string(),
                        AppError::BadRequest { .. } => t.err_bad_request.to_string(),
                    };
                    view! {
                        <div class="form-status error" role="alert">
                            {text}
                        </div>
                    }
                })
        }}
        {move || {
            success
                .and_then(|s| s.get())
                .map(|m| {
                    view! {
                        <div class="form-status ok" role="status">
                            {m}
                        </div>
                    }
                })
        }}
    }
}

/// A submit button, disabled while its action runs where a form is sent in place. Pages send
/// plain posts; the page's script keeps one from being sent twice (`DeferredHydration` in app.rs).
#[component]
pub fn SubmitButton(
    label: &'static str,
    #[prop(optional)] pending: Option<Signal<bool>>,
    #[prop(optional)] class: Option<&'static str>,
) -> impl IntoView {
    view! {
        <button type="submit" class=class.unwrap_or("button primary") disabled=move || pending.is_some_and(|p| p.get())>
            {label}
        </button>
    }
}
