//! The two halves of the page talk through two window events carrying a link query: the first
//! view announces its state (`tenancy-state`) and the panels, loaded after it, announce edits to
//! the request (`tenancy-edit`). Each half keeps its own signals; the query is the one currency.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{CustomEvent, CustomEventInit};

/// The first view's state changed: the detail is its link query.
pub const STATE: &str = "tenancy-state";
/// The panels changed the request or the answers: the detail is the new link query.
pub const EDIT: &str = "tenancy-edit";

thread_local! {
    /// Announcements waiting for their task: the newest query of each event name.
    static PENDING: RefCell<Vec<(&'static str, String)>> = const { RefCell::new(Vec::new()) };
}

/// Dispatches `name` on the window with `query` as its detail, in a task of its own, so that
/// what listens never delays the change that announced it. Changes faster than that task make
/// one announcement, of the newest query.
pub fn announce(name: &'static str, query: String) {
    let scheduled = PENDING.with_borrow_mut(|pending| {
        match pending
            .iter_mut()
            .find(|(pending_name, _)| *pending_name == name)
        {
            Some((_, newest)) => {
                *newest = query;
                true
            }
            None => {
                pending.push((name, query));
                false
            }
        }
    });
    if scheduled {
        return;
    }
    let send = move || {
        let query = PENDING.with_borrow_mut(|pending| {
            let at = pending
                .iter()
                .position(|(pending_name, _)| *pending_name == name)?;
            Some(pending.swap_remove(at).1)
        });
        if let Some(query) = query {
            dispatch(name, query);
        }
    };
    let timer = web_sys::window().and_then(|window| {
        let callback = Closure::once_into_js(send);
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0)
            .ok()
    });
    if timer.is_none() {
        send();
    }
}

/// Dispatches `name` on the window now.
fn dispatch(name: &str, query: String) {
    let init = CustomEventInit::new();
    init.set_detail(&query.into());
    if let (Some(window), Ok(event)) = (
        web_sys::window(),
        CustomEvent::new_with_event_init_dict(name, &init),
    ) {
        // Dispatching to our own listeners cannot fail in a way we could act on.
        let _ = window.dispatch_event(&event);
    }
}

/// Calls `on_query` with the detail of every `name` event for the life of the page.
pub fn listen(name: &'static str, on_query: impl Fn(String) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let handler = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        if let Some(query) = event
            .dyn_ref::<CustomEvent>()
            .and_then(|event| event.detail().as_string())
        {
            on_query(query);
        }
    });
    if window
        .add_event_listener_with_callback(name, handler.as_ref().unchecked_ref())
        .is_ok()
    {
        // The listener lives as long as the page.
        handler.forget();
    }
}
