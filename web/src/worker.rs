//! The page's side of the worker: starts it after the first view is on screen, sends it JSON
//! messages (at most one placement, one twin and one guarantee question in flight, the newest
//! of each waiting),
//! and puts its answers into signals the panels read. Cancelling long work ends the worker and starts a fresh one.

use std::cell::RefCell;

use leptos::prelude::*;
use tenancy_web_worker::protocol::{
    FromWorker, GuaranteeView, Shown, ToWorker, TopologyView, TwinView,
};
use wasm_bindgen::prelude::*;
use web_sys::{File, MessageEvent, Worker};

use crate::files;

/// The worker's loader, next to `index.html` (Trunk's loader shim for the `tenancy-worker` binary).
const WORKER_URL: &str = "./tenancy-worker_loader.js";

/// What the worker last said, as signals.
#[derive(Debug, Clone, Copy)]
pub struct Heavy {
    /// The topology in use (`None` until the worker has started).
    pub topology: RwSignal<Option<TopologyView>>,
    /// The placement and export for the latest state.
    pub shown: RwSignal<Option<Shown>>,
    /// Long work under way, in words (`None` when idle).
    pub busy: RwSignal<Option<String>>,
    /// Why the last topology was not used.
    pub topology_error: RwSignal<Option<String>>,
    /// Why the last request typed by hand was not used.
    pub request_error: RwSignal<Option<String>>,
    /// The link query of a request typed by hand that was taken.
    pub request_taken: RwSignal<Option<String>>,
    /// Why the worker is not available.
    pub failed: RwSignal<Option<String>>,
    /// What the chosen target's twin found, for the latest twin question.
    pub twin: RwSignal<Option<TwinView>>,
    /// What the shown export guarantees, for the latest guarantee question.
    pub guarantee: RwSignal<Option<GuaranteeView>>,
    /// The newest placement asked for: the one to show.
    latest: RwSignal<u64>,
    /// The newest twin question.
    latest_twin: RwSignal<u64>,
    /// The newest guarantee question.
    latest_guarantee: RwSignal<u64>,
}

/// The page's bookkeeping, owned by the main thread.
#[derive(Default)]
struct Channel {
    worker: Option<Worker>,
    ready: bool,
    /// Messages waiting for the worker to start.
    queue: Vec<(String, Option<File>)>,
    /// Placements: one in flight, the newest waiting.
    show: Slot,
    /// Twin questions: one in flight, the newest waiting.
    twin: Slot,
    /// Guarantee questions: one in flight, the newest waiting.
    guarantee: Slot,
    next_id: u64,
}

/// Questions of one kind: at most one in flight, and only the newest of those asked meanwhile.
#[derive(Default)]
struct Slot {
    /// Whether one is being answered.
    busy: bool,
    /// The newest asked while another was answered.
    pending: Option<String>,
}

thread_local! {
    static CHANNEL: RefCell<Channel> = RefCell::new(Channel::default());
}

fn post(worker: &Worker, json: &str, file: Option<&File>) {
    let message = js_sys::Object::new();
    // Setting a property on a fresh object cannot fail.
    let _ = js_sys::Reflect::set(&message, &"json".into(), &JsValue::from_str(json));
    if let Some(file) = file {
        let _ = js_sys::Reflect::set(&message, &"file".into(), file);
    }
    if worker.post_message(&message).is_err() {
        web_sys::console::warn_1(&"the worker refused a message".into());
    }
}

impl Heavy {
    /// Signals with nothing in them yet; [`Heavy::start`] starts the worker.
    pub fn new() -> Heavy {
        Heavy {
            topology: RwSignal::new(None),
            shown: RwSignal::new(None),
            busy: RwSignal::new(None),
            topology_error: RwSignal::new(None),
            request_error: RwSignal::new(None),
            request_taken: RwSignal::new(None),
            failed: RwSignal::new(None),
            twin: RwSignal::new(None),
            guarantee: RwSignal::new(None),
            latest: RwSignal::new(0),
            latest_twin: RwSignal::new(0),
            latest_guarantee: RwSignal::new(0),
        }
    }

    /// Starts the worker (again, after a cancel).
    pub fn start(self) {
        let worker = match Worker::new(WORKER_URL) {
            Ok(worker) => worker,
            Err(_) => {
                self.failed.set(Some(
                    "The placement part of the app could not start in this browser.".to_owned(),
                ));
                return;
            }
        };
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            if let Ok(message) = serde_json::from_str::<FromWorker>(&text) {
                self.receive(message);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            self.failed.set(Some(
                "The placement part of the app stopped; reload the page to start it again."
                    .to_owned(),
            ));
            self.busy.set(None);
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        CHANNEL.with_borrow_mut(|channel| {
            channel.worker = Some(worker);
            channel.ready = false;
            channel.show = Slot::default();
            channel.twin = Slot::default();
            channel.guarantee = Slot::default();
        });
    }

    fn receive(self, message: FromWorker) {
        match message {
            FromWorker::Ready => {
                let queue = CHANNEL.with_borrow_mut(|channel| {
                    channel.ready = true;
                    std::mem::take(&mut channel.queue)
                });
                CHANNEL.with_borrow(|channel| {
                    if let Some(worker) = &channel.worker {
                        for (json, file) in &queue {
                            post(worker, json, file.as_ref());
                        }
                    }
                });
            }
            FromWorker::Progress { stage, .. } => self.busy.set(Some(stage)),
            FromWorker::Topology(view) => {
                // The worker's own start (id 0) keeps a notice such as "Cancelled".
                if view.id != 0 {
                    self.topology_error.set(None);
                }
                self.topology.set(Some(view));
                self.busy.set(None);
            }
            FromWorker::TopologyRefused { message, .. } => {
                self.topology_error.set(Some(message));
                self.busy.set(None);
            }
            FromWorker::Shown(shown) => {
                match self.answered(|channel| &mut channel.show) {
                    Some(json) => self.send_latest(json, |channel| &mut channel.show),
                    None => self.busy.set(None),
                }
                self.shown.set(Some(*shown));
            }
            FromWorker::RequestTaken { query, .. } => {
                self.request_error.set(None);
                self.request_taken.set(Some(query));
            }
            FromWorker::RequestRefused { message, .. } => self.request_error.set(Some(message)),
            // An answer to an older twin question is dropped: a newer one is on its way.
            FromWorker::Twin(view) => {
                if let Some(json) = self.answered(|channel| &mut channel.twin) {
                    self.send_latest(json, |channel| &mut channel.twin);
                }
                if view.id == self.latest_twin.get_untracked() {
                    self.busy.set(None);
                    self.twin.set(Some(*view));
                }
            }
            // Likewise an answer to an older guarantee question.
            FromWorker::Guarantee(view) => {
                if let Some(json) = self.answered(|channel| &mut channel.guarantee) {
                    self.send_latest(json, |channel| &mut channel.guarantee);
                }
                if view.id == self.latest_guarantee.get_untracked() {
                    self.busy.set(None);
                    self.guarantee.set(Some(*view));
                }
            }
            FromWorker::File {
                name, mime, text, ..
            } => {
                files::download(&name, &mime, &text);
            }
        }
    }

    fn id(self) -> u64 {
        CHANNEL.with_borrow_mut(|channel| {
            channel.next_id += 1;
            channel.next_id
        })
    }

    fn send(self, message: &ToWorker, file: Option<File>) {
        let json = message.to_json();
        CHANNEL.with_borrow_mut(|channel| match (&channel.worker, channel.ready) {
            (Some(worker), true) => post(worker, &json, file.as_ref()),
            _ => channel.queue.push((json, file)),
        });
    }

    /// Sends a question of the kind `slot` picks, or keeps it as the newest waiting while
    /// another of its kind is answered.
    fn send_latest(self, json: String, slot: fn(&mut Channel) -> &mut Slot) {
        let sent = CHANNEL.with_borrow_mut(|channel| {
            let slot = slot(channel);
            if slot.busy {
                slot.pending = Some(json.clone());
                false
            } else {
                slot.busy = true;
                true
            }
        });
        if sent {
            CHANNEL.with_borrow_mut(|channel| match (&channel.worker, channel.ready) {
                (Some(worker), true) => post(worker, &json, None),
                _ => channel.queue.push((json, None)),
            });
        }
    }

    /// A question of the kind `slot` picks was answered: the newest waiting, to send next.
    fn answered(self, slot: fn(&mut Channel) -> &mut Slot) -> Option<String> {
        CHANNEL.with_borrow_mut(|channel| {
            let slot = slot(channel);
            slot.busy = false;
            slot.pending.take()
        })
    }

    /// Whether what is shown answers an older state than the newest asked for.
    pub fn stale(self) -> bool {
        let latest = self.latest.get();
        self.shown
            .with(|shown| shown.as_ref().is_none_or(|s| s.id != latest))
    }

    /// Asks for the placement and the `target` export of the state in `query`.
    pub fn show(self, query: String, target: &str) {
        let id = self.id();
        self.latest.set(id);
        let message = ToWorker::Show {
            id,
            query,
            target: target.to_owned(),
        };
        self.send_latest(message.to_json(), |channel| &mut channel.show);
    }

    /// Whether the twin's findings shown answer an older question than the newest asked.
    pub fn twin_stale(self) -> bool {
        let latest = self.latest_twin.get();
        self.twin
            .with(|twin| twin.as_ref().is_none_or(|t| t.id != latest))
    }

    /// Asks the `target`'s twin about the state in `query`: our export, or `manifest` (a pasted
    /// one), or a pool of `pg_num` placement groups on the user's CRUSH map.
    pub fn twin(self, query: String, target: &str, manifest: Option<String>, pg_num: u32) {
        let id = self.id();
        self.latest_twin.set(id);
        let message = ToWorker::Twin {
            id,
            query,
            target: target.to_owned(),
            manifest,
            pg_num,
        };
        self.send_latest(message.to_json(), |channel| &mut channel.twin);
    }

    /// Whether the guarantee shown answers an older question than the newest asked.
    pub fn guarantee_stale(self) -> bool {
        let latest = self.latest_guarantee.get();
        self.guarantee
            .with(|guarantee| guarantee.as_ref().is_none_or(|g| g.id != latest))
    }

    /// Asks what the `target` export of the state in `query` guarantees.
    pub fn guarantee(self, query: String, target: &str) {
        let id = self.id();
        self.latest_guarantee.set(id);
        let message = ToWorker::Guarantee {
            id,
            query,
            target: target.to_owned(),
        };
        self.send_latest(message.to_json(), |channel| &mut channel.guarantee);
    }

    /// Uses a topology given as text.
    pub fn import_text(self, format: String, text: String) {
        self.busy.set(Some("Reading the topology…".to_owned()));
        let id = self.id();
        self.send(
            &ToWorker::Import {
                id,
                format,
                text,
                origin: "pasted".to_owned(),
            },
            None,
        );
    }

    /// Uses the topology in a file, read inside the worker.
    pub fn import_file(self, format: String, file: File) {
        self.busy.set(Some(format!("Reading `{}`…", file.name())));
        let id = self.id();
        let message = ToWorker::ImportFile {
            id,
            format,
            name: file.name(),
            size: file.size() as u64,
        };
        self.send(&message, Some(file));
    }

    /// Goes back to the example estate.
    pub fn reset(self) {
        let id = self.id();
        self.send(&ToWorker::Reset { id }, None);
    }

    /// Checks a request typed by hand against the topology in use.
    pub fn edit_request(self, query: String, text: String) {
        let id = self.id();
        self.send(&ToWorker::EditRequest { id, query, text }, None);
    }

    /// Keeps every replica in one domain of `scope` (a kind, or `any`), checked by the worker.
    pub fn rescope(self, query: String, scope: String) {
        let id = self.id();
        self.send(&ToWorker::Rescope { id, query, scope }, None);
    }

    /// Saves `report` or `estate-svg` for the state in `query`.
    pub fn save(self, query: String, what: &str) {
        let id = self.id();
        self.send(
            &ToWorker::Save {
                id,
                query,
                what: what.to_owned(),
            },
            None,
        );
    }

    /// Stops long work: ends the worker and starts a fresh one on the example estate.
    pub fn cancel(self) {
        let old = CHANNEL.with_borrow_mut(|channel| {
            channel.queue.clear();
            channel.worker.take()
        });
        if let Some(worker) = old {
            worker.terminate();
        }
        self.busy.set(None);
        self.topology_error.set(Some(
            "Cancelled: the placement runs on the example estate again.".to_owned(),
        ));
        self.start();
    }
}
