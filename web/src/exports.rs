//! The export panel: the recommendation and request as Kubernetes, Nova, Nomad, CRUSH or the
//! Markdown report (computed by the worker), the platform's own target first, with what each
//! target cannot express, a copy button and a download; under each target, what its
//! configuration guarantees, and under Kubernetes and CRUSH, what the target's twin says you
//! will get.

use leptos::prelude::*;
use tenancy_core::Answers;
use tenancy_core::export::Target;
use tenancy_web_worker::protocol::targets_for;

use crate::files;
use crate::guarantee::GuaranteePanel;
use crate::twin::TwinPanel;
use crate::widgets::sentence;
use crate::worker::Heavy;

fn title(target: Target) -> &'static str {
    match target {
        Target::Kubernetes => "Kubernetes",
        Target::Nova => "OpenStack Nova",
        Target::Nomad => "Nomad",
        Target::Crush => "Ceph CRUSH",
        Target::Markdown => "Markdown report",
    }
}

/// Tabs of the five exports; `target` is the chosen target's id (empty: the platform's own).
#[component]
pub fn ExportPanel(
    heavy: Heavy,
    target: RwSignal<String>,
    answers: Memo<Answers>,
    query: Memo<String>,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let order = Memo::new(move |_| answers.with(|a| targets_for(a.choice("platform"))));
    // An empty choice follows the platform; the worker is asked for the target in view.
    Effect::new(move |_| {
        if target.with(String::is_empty) {
            target.set(order.with(|o| o[0].id().to_owned()));
        }
    });
    let output = move || {
        heavy
            .shown
            .with(|s| s.as_ref().and_then(|s| s.export.clone()))
    };
    let example = move || heavy.shown.with(|s| s.as_ref().is_some_and(|s| s.example));
    let tabs = move || {
        order
            .get()
            .into_iter()
            .map(|t| {
                view! {
                    <button
                        type="button"
                        role="tab"
                        class="tab"
                        aria-selected=move || (target.get() == t.id()).to_string()
                        on:click=move |_| {
                            target.set(t.id().to_owned());
                            copied.set(false);
                        }
                    >
                        {title(t)}
                    </button>
                }
            })
            .collect_view()
    };
    let copy = move |_| {
        if let Some(out) = output() {
            files::copy(&out.text);
            copied.set(true);
        }
    };
    let download = move |_| {
        if let Some(out) = output() {
            files::download(&out.file_name, &out.mime, &out.text);
        }
    };
    view! {
        <section class="card exports" aria-labelledby="exports-heading">
            <h2 id="exports-heading">"Configuration"</h2>
            <div class="tabs" role="tablist" aria-label="Export target">{tabs}</div>
            {move || {
                example()
                    .then(|| {
                        view! {
                            <p class="example-note" data-testid="example-note">
                                "Example: these files are written for the built-in example estate, whose hosts exist nowhere. "
                                "Use your own topology above to get configuration you can apply."
                            </p>
                        }
                    })
            }}
            {move || match output() {
                None => view! { <p class="muted">"Fix the placement request to see the exports."</p> }.into_any(),
                Some(out) => {
                    let lossy = (!out.lossy.is_empty())
                        .then(|| {
                            view! {
                                <div class="lossy">
                                    <h3>"What this target cannot express"</h3>
                                    <ul>{out.lossy.iter().map(|l| view! { <li>{sentence(l.clone())}</li> }).collect_view()}</ul>
                                </div>
                            }
                        });
                    let warnings = (!out.warnings.is_empty())
                        .then(|| {
                            view! {
                                <div class="lossy" role="alert" data-testid="export-warnings">
                                    <h3>"This configuration contradicts the placement"</h3>
                                    <ul>{out.warnings.iter().map(|w| view! { <li>{sentence(w.clone())}</li> }).collect_view()}</ul>
                                </div>
                            }
                        });
                    view! {
                        {warnings}
                        <div class="export-actions">
                            <button type="button" class="action" on:click=copy>
                                {move || if copied.get() { "Copied" } else { "Copy" }}
                            </button>
                            <button type="button" class="action" on:click=download>
                                {format!("Download {}", out.file_name)}
                            </button>
                        </div>
                        <pre class="export-text" data-testid="export-text" data-target=out.target tabindex="0"><code>{out.text}</code></pre>
                        {lossy}
                    }
                    .into_any()
                }
            }}
            <GuaranteePanel heavy=heavy query=query />
            <TwinPanel heavy=heavy target=target query=query />
        </section>
    }
}
