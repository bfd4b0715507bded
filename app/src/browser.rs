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

/// A lazily loaded part of the wasm could not be fetched (a lost connection, or a new release
/// removed the files this page's wasm names): the browser loads `href` as a whole page from the
/// server, which renders every page. Going to another address always does; reloading the page in
/// front of the reader only when it has not failed there in the last minute and the tab can
/// remember that (sessionStorage), so a part that keeps failing leaves the page as the server
/// sent it rather than reloading it for ever. Never resolves: the page is being replaced.
pub async fn load_whole_page(href: String) {
    const KEY: &str = "midsa-part-failed";
    let window = leptos::prelude::window();
    let now = js_sys::Date::now();
    let storage = window.session_storage().ok().flatten();
    let failed_here_lately = storage
        .as_ref()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|v| v.split_once(' ').and_then(|(at, h)| Some((at.parse::<f64>().ok()?, h == href))))
        .is_some_and(|(at, same)| same && now - at < 60_000.0);
    let remembered = storage.is_some_and(|s| s.set_item(KEY, &format!("{now} {href}")).is_ok());
    let location = window.location();
    let here = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        location.hash().unwrap_or_default()
    );
    if here != href {
        let _ = location.assign(&href);
    } else if remembered && !failed_here_lately {
        let _ = location.reload();
    }
    std::future::pending::<()>().await
}
