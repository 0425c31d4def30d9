//! The topology the placement runs on: the embedded default, or one the user pasted or uploaded
//! (native, kubectl or Ceph JSON). A pasted topology stays in the page: it is never put in a link.

use std::sync::Arc;

use leptos::prelude::*;
use tenancy_core::Topology;
use tenancy_core::import::{Format, import};
use tenancy_core::topology::{MAX_INPUT_BYTES, default_topology};
use wasm_bindgen::JsCast;

/// Uploaded files up to this size are also shown in the text box.
const SHOWN_BYTES: usize = 256 * 1024;

/// The topology in use and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Estate {
    /// The topology.
    pub topology: Arc<Topology>,
    /// Where it came from, for people ("the default estate", "pasted kubectl JSON").
    pub origin: String,
    /// What the importer noticed.
    pub warnings: Vec<String>,
}

impl Estate {
    /// The embedded default topology.
    pub fn default_estate() -> Estate {
        Estate {
            topology: Arc::new(default_topology()),
            origin: "the default estate".to_owned(),
            warnings: Vec::new(),
        }
    }
}

/// Choosing the topology: keep the default, or paste / upload one, with errors shown inline.
#[component]
pub fn EstatePicker(estate: RwSignal<Estate>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let format = RwSignal::new("auto".to_owned());
    let error = RwSignal::new(None::<String>);
    // Reads `source` in the chosen format (or the detected one) and uses it, or says why not.
    let use_text = move |source: &str, origin: &str| {
        if source.trim().is_empty() {
            error.set(Some("Paste a topology or choose a file first.".to_owned()));
            return;
        }
        let chosen = format.get_untracked();
        match import(Format::from_id(&chosen), source) {
            Ok((format, imported)) => {
                let hosts = imported.topology.hosts.len();
                estate.set(Estate {
                    topology: Arc::new(imported.topology),
                    origin: format!("your {} ({origin}, {hosts} hosts)", format.label()),
                    warnings: imported.warnings,
                });
                error.set(None);
            }
            Err(message) => error.set(Some(format!("This topology was not used: {message}."))),
        }
    };
    let apply = move |_| use_text(&text.get_untracked(), "pasted");
    let upload = move |event: web_sys::Event| {
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        if file.size() > MAX_INPUT_BYTES as f64 {
            error.set(Some(format!(
                "This topology was not used: `{}` is {:.1} MiB, more than the 64 MiB limit.",
                file.name(),
                file.size() / 1_048_576.0
            )));
            return;
        }
        let name = file.name();
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(value) => {
                    let source = value.as_string().unwrap_or_default();
                    // A large file is used as it is: showing megabytes in the text box would
                    // only slow the page down.
                    let shown = if source.len() <= SHOWN_BYTES {
                        source.clone()
                    } else {
                        String::new()
                    };
                    text.set(shown);
                    use_text(&source, &format!("uploaded {name}"));
                }
                Err(_) => error.set(Some("That file could not be read.".to_owned())),
            }
        });
    };
    let reset = move |_| {
        estate.set(Estate::default_estate());
        error.set(None);
    };
    view! {
        <details class="estate-picker">
            <summary>
                "Topology: " <strong>{move || estate.with(|e| e.origin.clone())}</strong>
                " — use your own"
            </summary>
            <p class="hint">
                "Paste or upload (up to 64 MiB and 1,000,000 hosts) a topology: Tenancy Scale's JSON, "
                <code>"kubectl get nodes -o json"</code>
                ", or "
                <code>"ceph osd tree -f json"</code>
                ". It stays in this page: a share link does not carry it."
            </p>
            <div class="estate-row">
                <label for="topology-format">"Format"</label>
                <select
                    id="topology-format"
                    prop:value=move || format.get()
                    on:change=move |event| format.set(event_target_value(&event))
                >
                    <option value="auto">"Detect"</option>
                    {Format::ALL
                        .iter()
                        .map(|f| view! { <option value=f.id()>{f.label()}</option> })
                        .collect_view()}
                </select>
                <label for="topology-file">"File"</label>
                <input id="topology-file" type="file" accept=".json,application/json" on:change=upload />
            </div>
            <label for="topology-text">"Topology JSON"</label>
            <textarea
                id="topology-text"
                rows="6"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |event| text.set(event_target_value(&event))
            ></textarea>
            <div class="estate-row">
                <button type="button" on:click=apply>"Use this topology"</button>
                <button type="button" class="secondary" on:click=reset>"Back to the default"</button>
            </div>
            {move || {
                error.get().map(|message| view! { <p class="inline-error" role="alert" data-testid="notice">{message}</p> })
            }}
        </details>
        {move || {
            estate.with(|e| {
                (!e.warnings.is_empty())
                    .then(|| {
                        view! {
                            <ul class="estate-warnings">
                                {e.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
                            </ul>
                        }
                    })
            })
        }}
    }
}
