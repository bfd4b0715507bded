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
/// and the part's content replaced by the fresh one when it changed. Never while
/// - the tab is hidden, or the reader has paused it (the `data-refresh-pause` toggle button,
///   shown once this runs);
/// - the reader is typing or choosing in a field, or any field in the part holds something other
///   than what it held after the last replacement (a note typed, a country picked, a box ticked);
/// - a form of the page is being sent (`form[data-sending]`, the loader in app.rs): fresh copies
///   of its buttons would invite a second submission;
/// - the part shows an error (`role="alert"`), for its first minute: the reader has something to
///   read first (the fresh copies are fetched without the error's `__err`/`__path` in the address,
///   so after that the error goes and updates resume);
/// - the keyboard focus is on a control in the part that the fresh copy does not have (the same
///   control: its tag, name, text and its form's hidden fields): on a speakers' list the button at
///   the same place may be another delegation's or another action. Otherwise the focus moves to
///   that same control in the new content.
///
/// A fetch that has not answered after three periods (and 30 s at least) is aborted and the next
/// one goes ahead. After three failures in a row, or at once for an answer from another address
/// (a session that ended leads to the sign-in page), the `data-refresh-stale` note (next to the
/// toggle, inside a live region that is always there, so screen readers announce it) is shown;
/// the next success hides it. Without JavaScript the page's *Refresh* link does the same.
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
    let stale = doc.query_selector("[data-refresh-stale]").ok().flatten();
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
    // The fetch under way (how to abort it, and when it started, in ms), and which one it is.
    let under_way = Rc::new(RefCell::new(None::<(web_sys::AbortController, f64)>));
    let generation = Rc::new(Cell::new(0_u32));
    let failures = Rc::new(Cell::new(0_u32));
    let last = Rc::new(RefCell::new(part.inner_html()));
    // What the fields held as the server sent them (the markup's values, not what the reader may
    // have typed or chosen before this ran).
    let fields = Rc::new(RefCell::new(
        doc.create_element("div")
            .map(|copy| {
                copy.set_inner_html(&last.borrow());
                field_state(&copy)
            })
            .unwrap_or_default(),
    ));
    let loaded_at = js_sys::Date::now();
    let quiet = {
        let (part, fields) = (part.clone(), fields.clone());
        move || {
            let doc = leptos::prelude::document();
            let paused = pause.as_ref().is_some_and(|b| b.get_attribute("aria-pressed").as_deref() == Some("true"));
            let sending = doc.query_selector("form[data-sending]").ok().flatten().is_some();
            let alert = part.query_selector("[role=alert]").ok().flatten().is_some() && js_sys::Date::now() - loaded_at < 60_000.0;
            !paused && !sending && !alert && !doc.hidden() && !editing() && *fields.borrow() == field_state(&part)
        }
    };
    let set_stale = move |on: bool| {
        if let Some(note) = &stale {
            let _ = if on { note.remove_attribute("hidden") } else { note.set_attribute("hidden", "") };
        }
    };
    // One more failure; the note after three in a row, or `at_once`.
    let fail = {
        let (failures, set_stale) = (failures.clone(), set_stale.clone());
        move |at_once: bool| {
            failures.set(failures.get() + 1);
            if at_once || failures.get() >= 3 {
                set_stale(true);
            }
        }
    };
    leptos::prelude::set_interval(
        move || {
            let now = js_sys::Date::now();
            let patience = (seconds * 3).max(30) as f64 * 1000.0;
            if under_way.borrow().as_ref().is_some_and(|(_, started)| now - started < patience) {
                return;
            }
            if let Some((hung, _)) = under_way.borrow_mut().take() {
                // Its answer, if it ever comes, is dropped (the generation moves on).
                generation.set(generation.get().wrapping_add(1));
                hung.abort();
                fail(false);
            }
            if !quiet() {
                return;
            }
            let Ok(controller) = web_sys::AbortController::new() else { return };
            let this = generation.get().wrapping_add(1);
            generation.set(this);
            let signal = controller.signal();
            *under_way.borrow_mut() = Some((controller, now));
            let (generation, under_way, failures, part, last, fields, quiet, set_stale, fail) = (
                generation.clone(),
                under_way.clone(),
                failures.clone(),
                part.clone(),
                last.clone(),
                fields.clone(),
                quiet.clone(),
                set_stale.clone(),
                fail.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let fresh = fetch_part(&signal).await;
                if generation.get() != this {
                    return;
                }
                under_way.borrow_mut().take();
                match fresh {
                    Ok(fresh) => {
                        failures.set(0);
                        set_stale(false);
                        let html = fresh.inner_html();
                        if quiet() && *last.borrow() != html && replace_keeping_focus(&part, &fresh) {
                            *fields.borrow_mut() = field_state(&part);
                            *last.borrow_mut() = html;
                        }
                    }
                    Err(redirected) => fail(redirected),
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

/// What makes a control the same control in a fresh copy: its tag, id, name, text and link, and
/// the hidden fields of its form (on the speakers' list: the action and the entry).
fn control_key(control: &web_sys::Element) -> String {
    let attr = |name: &str| control.get_attribute(name).unwrap_or_default();
    let mut key = format!(
        "{}|{}|{}|{}|{}",
        control.tag_name(),
        attr("id"),
        attr("name"),
        attr("href"),
        control.text_content().unwrap_or_default().trim()
    );
    if let Some(form) = control.closest("form").ok().flatten() {
        if let Ok(hidden) = form.query_selector_all("input[type=hidden]") {
            for field in (0..hidden.length()).filter_map(|i| hidden.item(i)) {
                let field: &wasm_bindgen::JsValue = field.as_ref();
                let get = |k: &str| js_sys::Reflect::get(field, &k.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
                key.push_str(&format!("|{}={}", get("name"), get("value")));
            }
        }
    }
    key
}

/// Replaces the part's content with the fresh copy's. If the focus is on a control in the part,
/// only when the fresh copy has the same control ([`control_key`]), which then gets the focus;
/// false when nothing was replaced.
fn replace_keeping_focus(part: &web_sys::Element, fresh: &web_sys::Element) -> bool {
    use wasm_bindgen::JsCast;
    let active = leptos::prelude::document().active_element().filter(|a| part.contains(Some(a)) && a != part);
    let target = match &active {
        None => None,
        Some(active) => {
            let key = control_key(active);
            match focusables(fresh).iter().position(|c| control_key(c) == key) {
                Some(at) => Some(at),
                None => return false,
            }
        }
    };
    part.set_inner_html(&fresh.inner_html());
    if let Some(control) = target.and_then(|at| focusables(part).into_iter().nth(at)) {
        // Without scrolling: a reader who scrolled away from the focused button stays where they are.
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &true.into());
        if let Some(focus) = js_sys::Reflect::get(&control, &"focus".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
            let _ = focus.call1(&control, &options);
        }
    }
    true
}

/// What the part's fields hold: each field's value (a box's or an option's state for those), in
/// document order. Compared with what they held after the last replacement, it tells whether the
/// reader changed something and has not sent it.
fn field_state(part: &web_sys::Element) -> String {
    use wasm_bindgen::JsValue;
    let get = |node: &JsValue, key: &str| js_sys::Reflect::get(node, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let Ok(fields) = part.query_selector_all("input, textarea, option") else {
        return String::new();
    };
    let mut state = String::new();
    for field in (0..fields.length()).filter_map(|i| fields.item(i)) {
        let field: JsValue = field.into();
        let kind = get(&field, "type").as_string().unwrap_or_default();
        let value = match get(&field, "tagName").as_string().as_deref() {
            Some("OPTION") => get(&field, "selected").is_truthy().to_string(),
            _ if kind == "checkbox" || kind == "radio" => get(&field, "checked").is_truthy().to_string(),
            _ => get(&field, "value").as_string().unwrap_or_default(),
        };
        state.push_str(&value);
        state.push('\u{0}');
    }
    state
}

/// The refreshed part in a fresh copy of the page (the server's HTML, sanitised as every page
/// is; scripts in it never run, as HTML set this way never runs them), fetched from the page's
/// address without a form error's `__err`/`__path` parameters. `Err(true)` for an answer from
/// another address (a sign-in page after a redirect), `Err(false)` for anything else but 200
/// (an error page, a lost connection, a fetch aborted by `signal`).
async fn fetch_part(signal: &web_sys::AbortSignal) -> Result<web_sys::Element, bool> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = leptos::prelude::window();
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("__err") && !p.starts_with("__path"))
        .collect();
    let href = format!(
        "{}{}",
        location.pathname().map_err(|_| false)?,
        if kept.is_empty() { String::new() } else { format!("?{}", kept.join("&")) }
    );
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(signal));
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str_and_init(&href, &init)).await.map_err(|_| false)?.dyn_into().map_err(|_| false)?;
    if response.redirected() {
        return Err(true);
    }
    if !response.ok() {
        return Err(false);
    }
    let text = JsFuture::from(response.text().map_err(|_| false)?).await.map_err(|_| false)?.as_string().ok_or(false)?;
    let doc =
        web_sys::DomParser::new().map_err(|_| false)?.parse_from_string(&text, web_sys::SupportedType::TextHtml).map_err(|_| false)?;
    doc.query_selector("[data-refresh]").ok().flatten().ok_or(false)
}
