//! The reasons behind the levels and what surrounds them: floors with sources, neighbours,
//! warnings, notes, and what the recommendation does not protect against.

use leptos::prelude::*;
use tenancy_core::Recommendation;
use tenancy_core::recommend::Neighbour;
use tenancy_core::rung::Axis;

use crate::controls::Controls;
use crate::result::axis_title;
use crate::source_link::SourceLink;

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
                                    <strong>{format!("≥ {}", floor.requirement())}</strong>
                                    " because "
                                    <code>{floor.because.clone()}</code>
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
                        <h3>{format!("{} — {}", axis_title(*axis), result.level.id())}</h3>
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

fn neighbour_view(title: &'static str, neighbour: Option<Neighbour>) -> impl IntoView {
    let body = match neighbour {
        None => view! { <p class="muted">"None: this is already the end of the scale."</p> }.into_any(),
        Some(n) => view! {
            <p class="neighbour-rung">
                <code>{format!("{}={}", n.axis, n.rung.id())}</code>
                " "
                {n.label}
            </p>
            {n.gives_up.map(|text| view! { <p><strong>"Gives up: "</strong>{text}</p> })}
            {n.adds.map(|text| view! { <p><strong>"Adds: "</strong>{text}</p> })}
            {(!n.breaks.is_empty())
                .then(|| {
                    view! {
                        <p><strong>"Breaks: "</strong>{n.breaks.join("; ")}</p>
                    }
                })}
            <p><strong>"Overhead: "</strong>{n.overhead}</p>
            <p class="sources">
                {n.sources.into_iter().map(|source| view! { <SourceLink source=source /> " " }).collect_view()}
            </p>
        }
        .into_any(),
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
                                neighbour_view("One step cheaper", r.neighbours.cheaper.clone()),
                                neighbour_view("One step stronger", r.neighbours.stronger.clone()),
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
                            <code>{note.because.clone()}</code>": "{note.text}" "
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
