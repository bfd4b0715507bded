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
