//! Feature-neutral UI pieces: form fields with errors, Markdown view, status badges, server
//! actions for forms, and the meeting id of the current route.

mod fields;

pub use fields::{Checkbox, FormErrors, FormStatus, SelectField, SubmitButton, TextArea, TextField};

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// How a resource's value would travel from the server's render to the browser: JSON, as Leptos'
/// default codec, but read from bytes as the server functions' JSON responses are
/// (`serde_json::from_slice`), so a type has one JSON reader in the wasm, not one per kind of
/// input. Only a resource read inside an island is written into the page (none is today).
pub struct Json;

impl<T: serde::Serialize> leptos::server::codee::Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(val: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(val)
    }
}

impl<T: serde::de::DeserializeOwned> leptos::server::codee::Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(val: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(val.as_bytes())
    }
}

/// A resource (what `Resource::new` makes) whose value reaches the browser with [`Json`].
#[track_caller]
pub fn resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, Json>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

/// Shows a loaded resource with `view`, or the error (with its HTTP status during SSR).
pub fn loaded<T, F, V>(resource: Resource<Result<T, AppError>, Json>, view: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let t = crate::i18n::use_i18n();
    view! {
        // Pages are rendered once on the server, so the data is fetched once, before it is shown.
        <Transition fallback=move || {
            view! { <p class="loading">{t.loading}</p> }
        }>
            {move || {
                let view = view.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(v) => view(v).into_any(),
                        Err(e) => view! { <crate::error::ErrorView error=e /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// A server action for a form (the page is loaded anew after it is sent).
pub fn use_action<S>() -> ServerAction<S>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    ServerAction::<S>::new()
}

/// Text for an RCDATA element (`<title>`, `<textarea>`) rendered on the server. The renderer
/// writes the children of these elements without escaping them, so a user's
/// `</title><script>…` would end the element and run. On the server the text is escaped (the
/// browser decodes it back to exactly what was typed); in the browser it is set as a DOM
/// value, where no escaping is needed.
pub fn rcdata(text: String) -> String {
    if cfg!(feature = "ssr") {
        text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    } else {
        text
    }
}

/// A page title that may contain users' text (see [`rcdata`]).
pub fn page_title(text: String) -> String {
    rcdata(text)
}

/// The toggle button that pauses [`crate::islands::AutoRefresh`] (pressed: paused), and the
/// note it shows when updates have stopped coming (the connection lost, the session ended), both
/// outside the refreshed part. Hidden until the island shows them: without JavaScript there is
/// nothing to pause.
#[component]
pub fn RefreshPause() -> impl IntoView {
    let t = crate::i18n::use_i18n();
    view! {
        <button type="button" class="button small refresh-pause" data-refresh-pause="" aria-pressed="false" hidden=true>
            {t.refresh_pause}
        </button>
        // A live region that is always there (a region shown only when it has something to say is
        // not announced reliably); the note inside it is shown when updates stop.
        <p class="refresh-stale-live" role="status">
            <span class="form-status error refresh-stale" data-refresh-stale="" hidden=true>
                {t.refresh_stale}
            </span>
        </p>
    }
}

/// The refusal of a plain file form, read from the address it came back to (`?file_error=…`,
/// which the server's upload routes write), in the reader's language; only codes whose message
/// is all the application's own are shown (`ErrorCode::from_address`).
pub fn use_file_error() -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    let t = crate::i18n::use_i18n();
    let query = leptos_router::hooks::use_query_map();
    move || {
        query
            .read()
            .get("file_error")
            .and_then(|c| serde_json::from_slice::<crate::domain::ErrorCode>(c.as_bytes()).ok())
            .and_then(crate::domain::ErrorCode::from_address)
            .map(|c| t.field_error(&c))
    }
}

/// Sanitised HTML produced by the server from Markdown (see `ssr::markdown`).
#[component]
pub fn MarkdownView(html: String) -> impl IntoView {
    view! { <div class="markdown" inner_html=html></div> }
}

/// Content with nothing interactive in it (an agenda's changelog, the dashboard's charts), in a
/// `<div class=class>`, rendered to HTML at once on the server. Pages are never hydrated (only
/// islands are), so this is the server's HTML as it is sent.
pub fn inert<V, F>(class: &'static str, content: F) -> impl IntoView
where
    V: IntoView + 'static,
    F: FnOnce() -> V,
{
    #[cfg(feature = "ssr")]
    {
        let html = content().into_view().to_html();
        view! { <div class=class inner_html=html></div> }
    }
    #[cfg(not(feature = "ssr"))]
    view! { <div class=class>{content()}</div> }
}

/// Like [`inert`], for content written directly as HTML text by `html` (with [`push_text`] and
/// [`push_attr`] for everything that comes from the data) rather than built as views: far
/// cheaper for the server (the 60-item agenda page made anew: about 1.9–2.0 ms of server CPU
/// with views against 1.2–1.3 ms this way; docs/BENCHMARKS.md, stop 33).
///
/// Every text and attribute value taken from the data must go through [`push_text`] /
/// [`push_attr`] (HTML already sanitised on the server, such as a Markdown description's, is
/// the one thing written as it is).
pub fn inert_html<F>(class: &'static str, html: F) -> impl IntoView
where
    F: FnOnce() -> String,
{
    view! { <div class=class inner_html=html()></div> }
}

/// `html` (what [`inert_html`] shows) marked as a part of the page that many readers get
/// unchanged: `<!--kept:KEY-->…<!--/kept-->`. The server compresses such a part once and reuses
/// the compressed bytes for every page made with the same text in it (`server/src/parts.rs`): on
/// the 60-item agenda it is about 30 KB of the page's 35 KB. `key` names what the text is made
/// from, such as a revision, a language and a time zone; it only chooses a slot (other text under
/// the same key replaces the kept part), so a part is never reused for text it was not made
/// from. In the key, letters, digits and `.` `_` `/` `:` `+` are kept, `-` becomes `~` (a
/// comment may not hold `--`) and anything else `_`.
pub fn kept_part(key: &str, html: &str) -> String {
    let mut out = String::with_capacity(html.len() + key.len() + 24);
    out.push_str("<!--kept:");
    out.extend(key.chars().map(|c| match c {
        c if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | ':' | '+') => c,
        '-' => '~',
        _ => '_',
    }));
    out.push_str("-->");
    out.push_str(html);
    out.push_str("<!--/kept-->");
    out
}

/// Appends `text` to `out` as HTML text: `&`, `<` and `>` escaped.
pub fn push_text(out: &mut String, text: &str) {
    push_escaped(out, text, false);
}

/// Appends `value` to `out` for a quoted attribute value: `&`, `<`, `>`, `"` and `'` escaped.
pub fn push_attr(out: &mut String, value: &str) {
    push_escaped(out, value, true);
}

/// `s` escaped for HTML text or a quoted attribute value, as [`push_attr`] writes it (for the
/// HTML the server writes itself: emails, error pages, the offline pack).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_attr(&mut out, s);
    out
}

fn push_escaped(out: &mut String, s: &str, quotes: bool) {
    let mut rest = s;
    while let Some(i) = rest.find(|c: char| matches!(c, '&' | '<' | '>') || (quotes && matches!(c, '"' | '\''))) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// A meeting status as a text badge (colour is never the only carrier of meaning).
#[component]
pub fn StatusBadge(status: crate::domain::MeetingStatus) -> impl IntoView {
    let t = crate::i18n::use_i18n();
    view! { <span class=format!("badge badge-{}", status.as_str())>{t.meeting_status(status)}</span> }
}

/// The `:id` route parameter as a meeting id.
pub fn use_meeting_id() -> Memo<Option<i32>> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|s| crate::domain::parse_id(&s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn text_and_attributes_are_escaped_for_html() {
        let mut out = String::new();
        push_text(&mut out, "<script>alert(\"x\")</script> & 'co' ");
        assert_eq!(out, "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'co' ");
        out.clear();
        push_attr(&mut out, "a\" onmouseover=\"x\" <b>&amp;");
        assert_eq!(out, "a&quot; onmouseover=&quot;x&quot; &lt;b&gt;&amp;amp;");
        assert_eq!(escape_html("it's <\"x\"> & y"), "it&#39;s &lt;&quot;x&quot;&gt; &amp; y");
        out.clear();
        push_text(&mut out, "Réunion ministérielle – São Tomé");
        assert_eq!(out, "Réunion ministérielle – São Tomé");
    }
}
