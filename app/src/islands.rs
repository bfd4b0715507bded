//! The islands: the only components that run in the browser (Leptos' islands mode; every other
//! part of a page is the server's HTML). This module and `browser` are all the wasm is compiled
//! from (lib.rs); each island draws nothing and does its work in the browser. A new island is
//! listed in `app/tests/layers.rs` and README.md ("What runs in the browser").

use leptos::prelude::*;

/// An island that keeps the page's part marked `data-refresh="<seconds>"` up to date in the
/// browser (`browser::refresh_part`); it draws nothing. Without JavaScript the page offers a
/// *Refresh* link instead.
#[island]
pub fn AutoRefresh() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    crate::browser::refresh_part();
}

/// An island: once the browser is idle, its time zone is offered in the agenda's empty zone
/// field (`#tz-pick`; never over what the reader typed) and remembered in the `midsa_tz` cookie
/// (`browser::detect_time_zone`). Asked when idle: the first `Intl.DateTimeFormat` of a page
/// costs tens of milliseconds on a slow phone. It draws nothing.
#[island]
pub fn DetectTimeZone() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    crate::browser::when_idle(|| {
        if let Some(zone) = crate::browser::detect_time_zone() {
            if let Some(input) = leptos::prelude::document().get_element_by_id("tz-pick") {
                let empty =
                    js_sys::Reflect::get(&input, &"value".into()).ok().and_then(|v| v.as_string()).is_none_or(|v| v.trim().is_empty());
                if empty {
                    let _ = js_sys::Reflect::set(&input, &"value".into(), &zone.into());
                }
            }
        }
    });
}
