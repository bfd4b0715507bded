//! MIDSA Dialogue: the shared application crate (UI, DTOs, server functions; server-only
//! services behind the `ssr` feature).

// The plan and dashboard pages nest deep view types; without `--cfg erase_components` (which
// the scripts set) the release build needs a higher limit than the default 128.
#![recursion_limit = "256"]

// The browser's build (`hydrate` without `pages`, the wasm) compiles only the islands and their
// browser helpers: pages are rendered on the server and never hydrated (islands mode), so the
// rest of the crate would be compiled for the wasm only to be dropped by the linker. `ssr` turns
// `pages` on.
#[cfg(feature = "pages")]
pub mod app;
#[cfg(feature = "hydrate")]
pub mod browser;
#[cfg(feature = "pages")]
pub mod components;
#[cfg(feature = "pages")]
pub mod domain;
#[cfg(feature = "pages")]
pub mod error;
#[cfg(feature = "pages")]
pub mod features;
#[cfg(feature = "pages")]
pub mod i18n;
pub mod islands;
#[cfg(feature = "pages")]
pub mod layout;
#[cfg(feature = "ssr")]
pub mod ssr;

/// The browser's entry point. Pages are rendered on the server and stay as it sent them; only
/// their islands (`#[island]` components: the agenda's time-zone detection, the refreshed part of
/// the live and speakers' pages) become interactive. This sets up the reactive root they share;
/// the loader in the page (`DeferredHydration` in app.rs) then hydrates each `<leptos-island>`
/// with the function the wasm exports for it, and fetches no wasm at all for a page without one.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
