//! Handing text to the user: file downloads (a Blob URL) and the clipboard.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offers `text` as a file download named `filename`; returns false if the browser refused.
pub fn download(filename: &str, mime: &str, text: &str) -> bool {
    let save = || -> Result<(), JsValue> {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or(JsValue::NULL)?;
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
        let options = BlobPropertyBag::new();
        options.set_type(mime);
        let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
        let url = Url::create_object_url_with_blob(&blob)?;
        let anchor: HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
        anchor.set_href(&url);
        anchor.set_download(filename);
        anchor.click();
        Url::revoke_object_url(&url)
    };
    save().is_ok()
}

/// Puts `text` on the clipboard (asynchronously; the browser may ask or refuse).
pub fn copy(text: &str) {
    if let Some(window) = web_sys::window() {
        // The promise is dropped: a refused copy leaves the visible text to select by hand.
        let _ = window.navigator().clipboard().write_text(text);
    }
}
