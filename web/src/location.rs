//! The page URL as the app's state: read the query once, replace it (never push) after changes.
//!
//! Browsers make `history.replaceState` slow when it is called often (Chromium spends several
//! milliseconds a call and throttles bursts), so the address is written once the answers have
//! rested for [`SETTLE_MS`], with the newest state.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The current query string, without the leading `?` (empty outside a browser window).
pub fn query() -> String {
    web_sys::window()
        .and_then(|window| window.location().search().ok())
        .map(|search| search.trim_start_matches('?').to_owned())
        .unwrap_or_default()
}

/// The page's address without its query: origin and path.
pub fn base() -> String {
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let location = window.location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}")
}

/// The full address of a state: the page's base plus `?query` (nothing for an empty query).
pub fn url_of(query: &str) -> String {
    if query.is_empty() {
        base()
    } else {
        format!("{}?{query}", base())
    }
}

/// How long the answers must rest before the address is written, in milliseconds.
pub const SETTLE_MS: i32 = 250;

thread_local! {
    /// The newest query not yet written, and how many changes there have been.
    static PENDING: RefCell<(Option<String>, u64)> = const { RefCell::new((None, 0)) };
}

/// Replaces the URL's query without adding a history entry or scrolling, once the answers have
/// rested for [`SETTLE_MS`]: a burst of changes writes the address once, with the newest state.
pub fn replace_query(query: &str) {
    let generation = PENDING.with_borrow_mut(|(pending, generation)| {
        *pending = Some(query.to_owned());
        *generation += 1;
        *generation
    });
    let write_if_newest = move || {
        let query = PENDING.with_borrow_mut(|(pending, newest)| {
            if *newest == generation {
                pending.take()
            } else {
                None
            }
        });
        if let Some(query) = query {
            write_query(&query);
        }
    };
    let scheduled = web_sys::window().is_some_and(|window| {
        let callback = Closure::once_into_js(write_if_newest);
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.unchecked_ref(),
                SETTLE_MS,
            )
            .is_ok()
    });
    if !scheduled {
        write_if_newest();
    }
}

/// Writes the query into the address now.
fn write_query(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(path) = window.location().pathname() else {
        return;
    };
    let url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    if let Ok(history) = window.history() {
        // A failure here only leaves the address bar stale; the app keeps working.
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
