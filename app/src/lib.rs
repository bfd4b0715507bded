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
    // Some pages are lazily loaded parts of the wasm (`lazy_parts!` in app.rs): hydration waits
    // for the current page's part (as `leptos::mount::hydrate_lazy` does), then marks the page
    // interactive for tests (and curious humans).
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document().body().expect("a page has a body");
        leptos::mount::hydrate_from_async(body.clone(), app::App).await.forget();
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
