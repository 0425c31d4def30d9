//! The export panel: the recommendation and request as Kubernetes, Nova, Nomad, CRUSH or a
//! Markdown report, with what each target cannot express, a copy button and a download.

use leptos::prelude::*;
use tenancy_core::export::{Export, Inputs, Options, Target, export};
use tenancy_core::plan::Plan;
use tenancy_core::{Recommendation, Request};

use crate::estate::Estate;
use crate::files;

fn title(target: Target) -> &'static str {
    match target {
        Target::Kubernetes => "Kubernetes",
        Target::Nova => "OpenStack Nova",
        Target::Nomad => "Nomad",
        Target::Crush => "Ceph CRUSH",
        Target::Markdown => "Markdown report",
    }
}

fn file_name(target: Target) -> (&'static str, &'static str) {
    match target {
        Target::Kubernetes => ("tenancy-workload.yaml", "application/yaml"),
        Target::Nova => ("tenancy-nova.sh", "text/x-shellscript"),
        Target::Nomad => ("tenancy-group.nomad.hcl", "text/plain"),
        Target::Crush => ("tenancy-crush.txt", "text/plain"),
        Target::Markdown => ("tenancy-report.md", "text/markdown"),
    }
}

/// Tabs of the five exports.
#[component]
pub fn ExportPanel(
    recommendation: Memo<Recommendation>,
    request: Memo<Result<Request, String>>,
    plan: Memo<Option<Plan>>,
    estate: RwSignal<Estate>,
) -> impl IntoView {
    let target = RwSignal::new(Target::Kubernetes);
    let copied = RwSignal::new(false);
    let output = Memo::new(move |_| -> Option<Export> {
        let request = request.get().ok()?;
        let plan = plan.get()?;
        let chosen = target.get();
        let options = Options::default();
        Some(recommendation.with(|recommendation| {
            estate.with(|estate| {
                export(
                    chosen,
                    Inputs {
                        recommendation,
                        request: &request,
                        topology: &estate.topology,
                        plan: &plan,
                        options: &options,
                    },
                )
            })
        }))
    });
    let tabs = Target::ALL
        .iter()
        .map(|t| {
            let t = *t;
            view! {
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    aria-selected=move || (target.get() == t).to_string()
                    on:click=move |_| {
                        target.set(t);
                        copied.set(false);
                    }
                >
                    {title(t)}
                </button>
            }
        })
        .collect_view();
    let copy = move |_| {
        if let Some(out) = output.get_untracked() {
            files::copy(&out.text);
            copied.set(true);
        }
    };
    let download = move |_| {
        if let Some(out) = output.get_untracked() {
            let (name, mime) = file_name(target.get_untracked());
            files::download(name, mime, &out.text);
        }
    };
    view! {
        <section class="card exports" aria-labelledby="exports-heading">
            <h2 id="exports-heading">"Configuration"</h2>
            <div class="tabs" role="tablist" aria-label="Export target">{tabs}</div>
            {move || match output.get() {
                None => view! { <p class="muted">"Fix the placement request to see the exports."</p> }.into_any(),
                Some(out) => {
                    let lossy = (!out.lossy.is_empty())
                        .then(|| {
                            view! {
                                <div class="lossy">
                                    <h3>"What this target cannot express"</h3>
                                    <ul>{out.lossy.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}</ul>
                                </div>
                            }
                        });
                    let warnings = (!out.warnings.is_empty())
                        .then(|| {
                            view! {
                                <div class="lossy" role="alert" data-testid="export-warnings">
                                    <h3>"This configuration contradicts the placement"</h3>
                                    <ul>{out.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                                </div>
                            }
                        });
                    view! {
                        {warnings}
                        <div class="export-actions">
                            <button type="button" on:click=copy>
                                {move || if copied.get() { "Copied" } else { "Copy" }}
                            </button>
                            <button type="button" class="secondary" on:click=download>"Download"</button>
                        </div>
                        <pre class="export-text" data-testid="export-text" tabindex="0"><code>{out.text}</code></pre>
                        {lossy}
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
