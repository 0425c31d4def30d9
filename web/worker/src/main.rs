//! The worker's entry point: takes the page's JSON messages (and an attached file) from
//! `postMessage`, answers each with the session, and posts progress as work goes on.

use std::cell::RefCell;
use std::rc::Rc;

use tenancy_web_worker::protocol::{FromWorker, ToWorker};
use tenancy_web_worker::session::Session;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

fn post(scope: &DedicatedWorkerGlobalScope, message: &FromWorker) {
    // Posting a string cannot fail short of the worker being torn down.
    let _ = scope.post_message(&JsValue::from_str(&message.to_json()));
}

/// The text of the file attached to a message, read synchronously (this is a worker).
fn read(file: &File) -> Option<String> {
    FileReaderSync::new().ok()?.read_as_text(file).ok()
}

fn answer(scope: &DedicatedWorkerGlobalScope, session: &mut Session, data: &JsValue) {
    let json = js_sys::Reflect::get(data, &JsValue::from_str("json"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    let Ok(message) = serde_json::from_str::<ToWorker>(&json) else {
        return;
    };
    let mut progress = |message: FromWorker| post(scope, &message);
    let message = match message {
        ToWorker::ImportFile {
            id,
            format,
            name,
            size,
        } => {
            if let Err(refused) = Session::check_size(id, &name, size) {
                post(scope, &refused);
                return;
            }
            progress(FromWorker::Progress {
                id,
                stage: format!("Reading `{name}`…"),
            });
            let file = js_sys::Reflect::get(data, &JsValue::from_str("file"))
                .ok()
                .and_then(|v| v.dyn_into::<File>().ok());
            match file.as_ref().and_then(read) {
                Some(text) => ToWorker::Import {
                    id,
                    format,
                    text,
                    origin: format!("uploaded {name}"),
                },
                None => ToWorker::ImportFile {
                    id,
                    format,
                    name,
                    size,
                },
            }
        }
        other => other,
    };
    let reply = session.handle(message, &mut progress);
    post(scope, &reply);
}

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let session = Rc::new(RefCell::new(Session::default()));
    let view = session.borrow().view(0);
    let listener = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        answer(&listener, &mut session.borrow_mut(), &event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before the wasm started are lost: the page waits for this one.
    post(&scope, &FromWorker::Ready);
    post(&scope, &FromWorker::Topology(view));
}
