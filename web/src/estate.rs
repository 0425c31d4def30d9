//! The estate — the topology the placement runs on — and how to change it: the built-in
//! example, or your own (Tenancy Scale JSON, `kubectl get nodes -o json`, Ceph's OSD tree, a CRUSH
//! map) pasted or uploaded. Reading happens in the worker; a topology stays in the page, never in
//! a link.

use leptos::prelude::*;
use tenancy_core::import::Format;
use tenancy_core::topology::{MAX_HOSTS, MAX_INPUT_BYTES};
use wasm_bindgen::JsCast;

use crate::widgets::{PasteBox, warning_list};
use crate::worker::Heavy;

/// The estate in use, the button that opens the picker, and the picker.
#[component]
pub fn EstatePicker(heavy: Heavy) -> impl IntoView {
    let open = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let format = RwSignal::new("auto".to_owned());
    let apply = move |_| heavy.import_text(format.get_untracked(), text.get_untracked());
    let upload = move |event: web_sys::Event| {
        let file = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            heavy.import_file(format.get_untracked(), file);
        }
    };
    let origin = move || {
        heavy
            .topology
            .with(|t| t.as_ref().map(|t| t.origin.clone()))
            .unwrap_or_else(|| "starting…".to_owned())
    };
    let limits = format!(
        "up to {} MiB and {} hosts",
        MAX_INPUT_BYTES / 1_048_576,
        group_thousands(MAX_HOSTS)
    );
    view! {
        <div class="estate-head">
            <p class="estate-origin" data-testid="estate-origin">
                "Placed on " <strong>{origin}</strong> "."
            </p>
            <button
                type="button"
                class="action"
                aria-expanded=move || open.get().to_string()
                aria-controls="estate-picker"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Use your own topology (kubectl, Ceph, …)"
            </button>
        </div>
        <div class="estate-picker" id="estate-picker" hidden=move || !open.get()>
            <p class="hint">
                {format!("Paste or upload ({limits}) Tenancy Scale's topology JSON, ")}
                <code>"kubectl get nodes -o json"</code>
                ", "
                <code>"ceph osd tree -f json"</code>
                ", or a whole CRUSH map ("
                <code>"crushtool -d"</code>
                " text or "
                <code>"ceph osd crush dump -f json"</code>
                "). It is read in a background worker and stays in this page: a share link does not carry it."
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
                <input id="topology-file" type="file" accept=".json,.txt,application/json,text/plain" on:change=upload />
            </div>
            <PasteBox id="topology-text" label="Topology text" rows=6 text=text />
            <div class="estate-row">
                <button type="button" class="action" on:click=apply>"Use this topology"</button>
                <button type="button" class="secondary" on:click=move |_| heavy.reset()>
                    "Back to the example estate"
                </button>
            </div>
        </div>
        {move || {
            heavy
                .busy
                .get()
                .map(|stage| {
                    view! {
                        <div class="progress" role="status" data-testid="progress">
                            <span>{stage}</span>
                            <button type="button" class="secondary" on:click=move |_| heavy.cancel()>"Cancel"</button>
                        </div>
                    }
                })
        }}
        {move || {
            heavy
                .topology_error
                .get()
                .map(|message| view! { <p class="inline-error" role="alert" data-testid="notice">{message}</p> })
        }}
        {move || {
            heavy
                .topology
                .with(|t| {
                    t.as_ref()
                        .and_then(|t| warning_list("import-warnings", t.warnings.clone()))
                })
        }}
    }
}

/// `1000000` as `1,000,000`.
fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
