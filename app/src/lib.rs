//! MIDSA Dialogue: the shared application crate (UI, DTOs, server functions; server-only
//! services behind the `ssr` feature).

// The plan and dashboard pages nest deep view types; without `--cfg erase_components` (which
// the scripts set) the release build needs a higher limit than the default 128.
#![recursion_limit = "256"]

pub mod app;
#[cfg(feature = "hydrate")]
pub mod browser;
pub mod components;
pub mod domain;
pub mod error;
pub mod features;
pub mod i18n;
pub mod layout;
#[cfg(feature = "ssr")]
pub mod ssr;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets tests (and curious humans) know the page is interactive.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
