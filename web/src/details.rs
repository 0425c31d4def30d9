//! The reasons behind the levels and what surrounds them: floors with sources, neighbours,
//! warnings, notes, and what the recommendation does not protect against.

use leptos::prelude::*;
use tenancy_core::Recommendation;
use tenancy_core::answers;
use tenancy_core::recommend::{Floor, Neighbour};
use tenancy_core::rung::Axis;

use crate::controls::Controls;
use crate::result::axis_title;
use crate::source_link::SourceLink;

/// What a floor requires, in words: "a hypervisor (a microVM or a VM)" for the hypervisor floor,
/// otherwise the rung's name.
fn requirement(floor: &Floor) -> String {
    if Axis::Compute.rung("microvm") == Some(floor.rung) {
        "a hypervisor (a microVM or a VM)".to_owned()
    } else {
        floor.rung.label().to_lowercase()
    }
}

/// Every floor, grouped by axis, with its reason and source.
#[component]
pub fn Reasons(recommendation: Memo<Recommendation>) -> impl IntoView {
    let axes = move || {
        recommendation.with(|r| {
            Axis::ALL
                .iter()
                .map(|axis| {
                    let result = r.axes.get(*axis);
                    let floors = result
                        .floors
                        .iter()
                        .map(|floor| {
                            view! {
                                <li>
                                    <strong>{format!("At least {}", requirement(floor))}</strong>
                                    ", because "
                                    {answers::in_words(&floor.because).unwrap_or_else(|| floor.because.clone())}
                                    ": "
                                    {floor.reason}
                                    " "
                                    <SourceLink source=floor.source />
                                </li>
                            }
                        })
                        .collect_view();
                    let empty = result.floors.is_empty().then(|| {
                        view! { <li class="muted">"No answer sets a floor here: the weakest rung is enough."</li> }
                    });
                    view! {
                        <h3>{format!("{} — {}", axis_title(*axis), result.level.label())}</h3>
                        <ul>{floors}{empty}</ul>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="reasons-heading">
            <h2 id="reasons-heading">"Why: the floors and their sources"</h2>
            <div class="reasons" data-testid="reasons">{axes}</div>
        </section>
    }
}

/// A floor as a clause: "you answered “…” to “…” (needs a hypervisor (a microVM or a VM))".
fn floor_in_words(floor: &Floor) -> String {
    let because = answers::in_words(&floor.because).unwrap_or_else(|| floor.because.clone());
    format!("{because} (needs {})", requirement(floor))
}

/// The floors a neighbour would break, in words.
fn breaks(neighbour: &Option<Neighbour>, recommendation: &Recommendation) -> Vec<String> {
    neighbour.as_ref().map_or_else(Vec::new, |n| {
        recommendation
            .axes
            .get(n.rung.axis)
            .floors_broken_by(n.rung)
            .map(floor_in_words)
            .collect()
    })
}

fn neighbour_view(
    title: &'static str,
    neighbour: Option<Neighbour>,
    breaks: Vec<String>,
) -> impl IntoView {
    let body = match neighbour {
        None => view! { <p class="muted">"None: this is already the end of the scale."</p> }.into_any(),
        Some(n) => {
            view! {
            <p class="neighbour-rung">
                <strong>{n.label}</strong>
            </p>
            {n.gives_up.map(|text| view! { <p><strong>"Gives up: "</strong>{text}</p> })}
            {n.adds.map(|text| view! { <p><strong>"Adds: "</strong>{text}</p> })}
            {(!breaks.is_empty())
                .then(|| {
                    view! {
                        <p><strong>"Breaks: "</strong>{breaks.join("; ")}</p>
                    }
                })}
            <p><strong>"Overhead: "</strong>{n.overhead}</p>
            <p class="sources">
                {n.sources.into_iter().map(|source| view! { <SourceLink source=source /> " " }).collect_view()}
            </p>
            }
            .into_any()
        }
    };
    view! {
        <div class="neighbour">
            <h3>{title}</h3>
            {body}
        </div>
    }
}

/// The cheaper and the stronger alternative.
#[component]
pub fn Neighbours(recommendation: Memo<Recommendation>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="neighbours-heading">
            <h2 id="neighbours-heading">"Neighbours on the scale"</h2>
            <div class="neighbours">
                {move || {
                    recommendation
                        .with(|r| {
                            (
                                neighbour_view(
                                    "One step cheaper",
                                    r.neighbours.cheaper.clone(),
                                    breaks(&r.neighbours.cheaper, r),
                                ),
                                neighbour_view(
                                    "One step stronger",
                                    r.neighbours.stronger.clone(),
                                    Vec::new(),
                                ),
                            )
                        })
                }}
            </div>
        </section>
    }
}

/// Warnings, notes and the not-protected list.
#[component]
pub fn Caveats(recommendation: Memo<Recommendation>) -> impl IntoView {
    let warnings = move || {
        recommendation.with(|r| {
            if r.warnings.is_empty() {
                view! { <li class="muted">"None."</li> }.into_any()
            } else {
                r.warnings
                    .iter()
                    .map(|w| view! { <li>{w.clone()}</li> })
                    .collect_view()
                    .into_any()
            }
        })
    };
    let notes = move || {
        recommendation.with(|r| {
            r.notes
                .iter()
                .map(|note| {
                    view! {
                        <li>
                            {answers::sentence_in_words(&format!("{}: {}", note.because, note.text))}" "
                            <SourceLink source=note.source />
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let not_protected = move || {
        recommendation.with(|r| {
            r.not_protected
                .iter()
                .map(|item| view! { <li>{item.clone()}</li> })
                .collect_view()
        })
    };
    view! {
        <section class="card caveats" aria-labelledby="caveats-heading">
            <h2 id="caveats-heading">"Warnings and limits"</h2>
            <h3>"Warnings"</h3>
            <ul class="warnings" data-testid="warnings">{warnings}</ul>
            <Show when=move || recommendation.with(|r| !r.notes.is_empty())>
                <h3>"Notes on the rules that apply"</h3>
                <ul class="notes">{notes}</ul>
            </Show>
            <Controls recommendation=recommendation />
            <h3>"Not protected against"</h3>
            <ul class="not-protected">{not_protected}</ul>
        </section>
    }
}
