//! The page URL as the app's state: read the query once, replace it (never push) on every change.

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

/// Replaces the URL's query without adding a history entry or scrolling.
pub fn replace_query(query: &str) {
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
