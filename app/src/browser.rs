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
/// and the part's content replaced by the fresh one when it changed. Not while the tab is
/// hidden, the reader has paused it (the `data-refresh-pause` toggle button, shown once this
/// runs), the reader is typing or choosing in a field, or any field in the part holds something
/// the reader changed and has not sent (a note typed, a country picked) — replacing it would
/// throw that away. The keyboard focus survives a replacement: it moves to the control at the
/// same place in the new content. A fetch that has not answered after three periods (30 s at
/// least) no longer holds the next ones back, and its late answer is dropped. Without JavaScript
/// the page's *Refresh* link does the same.
///
/// Each refresh is a whole page rendered by the server (for a signed-in reader never from the
/// page cache): 100 readers of the speakers' list (every 5 s) cost about 20 page renders a
/// second.
pub fn refresh_part() {
    use std::{cell::Cell, cell::RefCell, rc::Rc};
    use wasm_bindgen::JsCast;
    let doc = leptos::prelude::document();
    let Some(part) = doc.query_selector("[data-refresh]").ok().flatten() else {
        return;
    };
    let seconds = part.get_attribute("data-refresh").and_then(|s| s.parse::<u64>().ok()).unwrap_or(30).max(5);
    let pause = doc.query_selector("[data-refresh-pause]").ok().flatten();
    if let Some(button) = &pause {
        let _ = button.remove_attribute("hidden");
        let toggle = {
            let button = button.clone();
            wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                let paused = button.get_attribute("aria-pressed").as_deref() == Some("true");
                let _ = button.set_attribute("aria-pressed", if paused { "false" } else { "true" });
            })
        };
        let _ = button.add_event_listener_with_callback("click", toggle.as_ref().unchecked_ref());
        toggle.forget();
    }
    // When the fetch under way started (ms; 0: none), and which one it is.
    let started = Rc::new(Cell::new(0.0_f64));
    let generation = Rc::new(Cell::new(0_u32));
    let last = Rc::new(RefCell::new(part.inner_html()));
    let quiet = {
        let part = part.clone();
        move || {
            let paused = pause.as_ref().is_some_and(|b| b.get_attribute("aria-pressed").as_deref() == Some("true"));
            !paused && !leptos::prelude::document().hidden() && !editing() && !changed_by_reader(&part)
        }
    };
    leptos::prelude::set_interval(
        move || {
            let now = js_sys::Date::now();
            let patience = (seconds * 3).max(30) as f64 * 1000.0;
            if (started.get() > 0.0 && now - started.get() < patience) || !quiet() {
                return;
            }
            started.set(now);
            let this = generation.get().wrapping_add(1);
            generation.set(this);
            let (started, generation, part, last, quiet) = (started.clone(), generation.clone(), part.clone(), last.clone(), quiet.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let fresh = fetch_part().await;
                if generation.get() != this {
                    return;
                }
                started.set(0.0);
                if let Some(fresh) = fresh {
                    if quiet() && *last.borrow() != fresh {
                        replace_keeping_focus(&part, &fresh);
                        *last.borrow_mut() = fresh;
                    }
                }
            });
        },
        std::time::Duration::from_secs(seconds),
    );
}

/// The part's controls that can hold the keyboard focus, in document order.
fn focusables(part: &web_sys::Element) -> Vec<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let Ok(list) = part.query_selector_all("a[href], button, input:not([type=hidden]), select, textarea, summary") else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<web_sys::Element>().ok()).collect()
}

/// Replaces the part's content with `html`; if the focus was on a control in it, the control at
/// the same place in the new content gets it.
fn replace_keeping_focus(part: &web_sys::Element, html: &str) {
    use wasm_bindgen::JsCast;
    let active = leptos::prelude::document().active_element();
    let at = active.as_ref().filter(|a| part.contains(Some(a))).and_then(|a| focusables(part).iter().position(|e| e == a));
    part.set_inner_html(html);
    if let Some(at) = at {
        let controls = focusables(part);
        if let Some(control) = controls.get(at).or(controls.last()).and_then(|c| c.dyn_ref::<web_sys::HtmlElement>()) {
            let _ = control.focus();
        }
    }
}

/// Whether a field in the part holds something other than what the server sent: a value typed,
/// a box ticked, another option chosen.
fn changed_by_reader(part: &web_sys::Element) -> bool {
    use wasm_bindgen::JsValue;
    let get = |node: &JsValue, key: &str| js_sys::Reflect::get(node, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let Ok(fields) = part.query_selector_all("input, textarea, select") else {
        return false;
    };
    (0..fields.length()).filter_map(|i| fields.item(i)).any(|field| {
        let field: JsValue = field.into();
        let tag = get(&field, "tagName").as_string().unwrap_or_default();
        let kind = get(&field, "type").as_string().unwrap_or_default();
        if tag == "SELECT" {
            // The option the server marked (or, for a plain list with none marked, the first).
            let Ok(options) = js_sys::Reflect::get(&field, &"options".into()) else { return false };
            let count = get(&options, "length").as_f64().unwrap_or(0.0) as u32;
            let marked =
                (0..count).find(|i| get(&js_sys::Reflect::get_u32(&options, *i).unwrap_or_default(), "defaultSelected").is_truthy());
            let chosen = get(&field, "selectedIndex").as_f64().unwrap_or(-1.0);
            let multiple = get(&field, "multiple").is_truthy();
            !multiple && count > 0 && chosen != f64::from(marked.unwrap_or(0))
        } else if kind == "checkbox" || kind == "radio" {
            get(&field, "checked") != get(&field, "defaultChecked")
        } else {
            get(&field, "value") != get(&field, "defaultValue")
        }
    })
}

/// The refreshed part's content in a fresh copy of the page (the server's HTML, sanitised as
/// every page is; scripts in it never run, as HTML set this way never runs them). Nothing for an
/// answer other than 200 (an error page, a sign-in page after a redirect has another address).
async fn fetch_part() -> Option<String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = leptos::prelude::window();
    let href = window.location().href().ok()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&href)).await.ok()?.dyn_into().ok()?;
    if !response.ok() || response.redirected() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    let doc = web_sys::DomParser::new().ok()?.parse_from_string(&text, web_sys::SupportedType::TextHtml).ok()?;
    Some(doc.query_selector("[data-refresh]").ok()??.inner_html())
}
