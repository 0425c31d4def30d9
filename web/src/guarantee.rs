//! "What this configuration guarantees" in every export tab but the report: the worst placement
//! the exported configuration allows, beside our optimum, in the core's words. The worker is
//! asked once the export text is on screen (the search takes a while); until it answers, the tab
//! says it is computing. Nothing is computed here.

use leptos::prelude::*;
use tenancy_web_worker::protocol::GuaranteeView;

use crate::widgets::sentence;
use crate::worker::Heavy;

fn answer(view: GuaranteeView) -> impl IntoView {
    let error = view.error.map(
        |message| view! { <p class="inline-error" role="alert" data-testid="guarantee-error">{message}</p> },
    );
    let summary = view.summary.map(|summary| {
        view! { <p class="guarantee-summary" data-testid="guarantee-summary">{summary}</p> }
    });
    let lines = (!view.lines.is_empty()).then(|| {
        view! {
            <ul class="guarantee-lines small">
                {view.lines.into_iter().map(|line| view! { <li>{sentence(line)}</li> }).collect_view()}
            </ul>
        }
    });
    view! {
        {error}
        {summary}
        {lines}
    }
}

/// The guarantee of the export shown, asked again whenever a placement answers the newest state
/// (a new state, target or topology).
#[component]
pub fn GuaranteePanel(heavy: Heavy, query: Memo<String>) -> impl IntoView {
    // The target of the export on screen (`None`: none, or the report).
    let shown_target = Memo::new(move |_| {
        heavy.shown.with(|shown| {
            shown
                .as_ref()
                .and_then(|s| s.export.as_ref())
                .map(|e| e.target.clone())
                .filter(|t| t != "markdown")
        })
    });
    Effect::new(move |_| {
        let shown = heavy.shown.with(|s| s.as_ref().map(|s| s.id));
        // Only for the newest state: an older one is about to be replaced.
        if shown.is_some()
            && !heavy.stale()
            && let Some(target) = shown_target.get_untracked()
        {
            heavy.guarantee(query.get_untracked(), &target);
        }
    });
    let computing = move || {
        heavy.guarantee_stale()
            || heavy
                .guarantee
                .with(|g| g.as_ref().map(|g| g.target.clone()) != shown_target.get())
    };
    move || {
        shown_target.get().map(|target| {
            view! {
                <div
                    class="guarantee"
                    data-testid="guarantee"
                    data-target=target
                    data-state=move || if computing() { "computing" } else { "done" }
                    aria-live="polite"
                    aria-busy=move || computing().to_string()
                >
                    <h3>"What this configuration guarantees"</h3>
                    <p class="small muted">
                        "The scheduler may choose any placement this configuration allows; the worst of them, on the same availability model as above, is what it guarantees. Ours is the optimum."
                    </p>
                    {move || {
                        computing()
                            .then(|| {
                                view! {
                                    <p class="muted" data-testid="guarantee-computing">
                                        "Computing the worst placement this configuration allows…"
                                    </p>
                                }
                            })
                    }}
                    <div class:stale=computing>
                        {move || heavy.guarantee.get().map(answer)}
                    </div>
                </div>
            }
        })
    }
}
