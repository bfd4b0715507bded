//! Browser-only helpers (hydrate).

/// The browser's time zone (IANA name), when it is not already the one remembered in the
/// `midsa_tz` cookie (the server then rendered the page with it). Remembers it for a year.
pub fn detect_time_zone() -> Option<String> {
    use wasm_bindgen::JsCast;
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
    let zone = js_sys::Reflect::get(&options, &"timeZone".into()).ok()?.as_string()?;
    if zone.is_empty() || !zone.chars().all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c)) {
        return None;
    }
    let doc = leptos::prelude::document().dyn_into::<web_sys::HtmlDocument>().ok()?;
    let remembered = doc.cookie().ok().unwrap_or_default().split(';').any(|c| c.trim() == format!("midsa_tz={zone}"));
    if remembered {
        return None;
    }
    let _ = doc.set_cookie(&format!("midsa_tz={zone}; Path=/; Max-Age=31536000; SameSite=Lax"));
    Some(zone)
}

/// Runs `f` once the browser is idle (`requestIdleCallback`), or in a task of its own where
/// there is no such thing: for work that need not delay the page becoming interactive.
pub fn when_idle(f: impl FnOnce() + 'static) {
    let idle = js_sys::Reflect::has(&leptos::prelude::window(), &"requestIdleCallback".into()).unwrap_or(false);
    let f = std::cell::Cell::new(Some(f));
    let run = move || {
        if let Some(f) = f.take() {
            f();
        }
    };
    if idle {
        leptos::prelude::request_idle_callback(run);
    } else {
        leptos::prelude::set_timeout(run, std::time::Duration::ZERO);
    }
}

/// Whether the reader is typing or choosing in a form field: a part of the page read again on
/// a timer waits, so nothing typed or chosen is lost.
pub fn editing() -> bool {
    leptos::prelude::document().active_element().is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"))
}

/// Keeps the page's refreshed part (the element with a `data-refresh="<seconds>"` attribute, at
/// least 5 seconds) up to date: every so many seconds the page's own address is fetched again
/// and the part's content replaced by the fresh one, when it changed. Not while the tab is hidden,
/// a fetch is still under way, the reader is typing or choosing in a form field, or the keyboard
/// focus is inside the part (replacing it would take the focus away); without JavaScript the
/// page's *Refresh* link does the same.
pub fn refresh_part() {
    use std::{cell::Cell, rc::Rc};
    let Some(part) = leptos::prelude::document().query_selector("[data-refresh]").ok().flatten() else {
        return;
    };
    let seconds = part.get_attribute("data-refresh").and_then(|s| s.parse::<u64>().ok()).unwrap_or(30).max(5);
    let busy = Rc::new(Cell::new(false));
    let quiet = {
        let part = part.clone();
        move || {
            let doc = leptos::prelude::document();
            !doc.hidden() && !editing() && !doc.active_element().is_some_and(|e| part.contains(Some(&e)))
        }
    };
    let last = Rc::new(std::cell::RefCell::new(part.inner_html()));
    leptos::prelude::set_interval(
        move || {
            if busy.get() || !quiet() {
                return;
            }
            busy.set(true);
            let (busy, part, last, quiet) = (busy.clone(), part.clone(), last.clone(), quiet.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(fresh) = fetch_part().await {
                    if quiet() && *last.borrow() != fresh {
                        part.set_inner_html(&fresh);
                        *last.borrow_mut() = fresh;
                    }
                }
                busy.set(false);
            });
        },
        std::time::Duration::from_secs(seconds),
    );
}

/// The refreshed part's content in a fresh copy of the page (the server's HTML, sanitised as
/// every page is; scripts in it never run, as HTML set this way never runs them).
async fn fetch_part() -> Option<String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = leptos::prelude::window();
    let href = window.location().href().ok()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&href)).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    let doc = web_sys::DomParser::new().ok()?.parse_from_string(&text, web_sys::SupportedType::TextHtml).ok()?;
    Some(doc.query_selector("[data-refresh]").ok()??.inner_html())
}
