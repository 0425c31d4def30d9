//! The recommendation's controls: what the platform needs beyond the four axes, each with the
//! answer that called for it, what the Kubernetes export writes for it, and its source.

use leptos::prelude::*;
use tenancy_core::Recommendation;
use tenancy_core::answers;

use crate::source_link::SourceLink;

/// Every control, in the core's order; nothing when there is none.
#[component]
pub fn Controls(recommendation: Memo<Recommendation>) -> impl IntoView {
    let items = move || {
        recommendation.with(|r| {
            r.controls
                .iter()
                .map(|control| {
                    let exported = control.kubernetes.map(|kubernetes| {
                        view! {
                            <p class="muted">"Kubernetes export: "{kubernetes}</p>
                        }
                    });
                    view! {
                        <li data-testid="control" data-control=control.id>
                            <strong>{control.title}</strong>" "
                            {format!("(because {})", answers::in_words(&control.because).unwrap_or_else(|| control.because.clone()))}
                            <p>{control.reason}" "<SourceLink source=control.source /></p>
                            {exported}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <Show when=move || recommendation.with(|r| !r.controls.is_empty())>
            <h3>"Controls beyond the axes"</h3>
            <ul class="controls">{items}</ul>
        </Show>
    }
}
