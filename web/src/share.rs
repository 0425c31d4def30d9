//! Share and save: the link that restores this exact state, and the result as files — JSON,
//! the Markdown report (the same one as the export tab, from the worker) and every figure as SVG.

use leptos::prelude::*;
use tenancy_core::Recommendation;
use tenancy_core::diagram::{Figure, pattern, ruler, stack, svg};
use tenancy_core::link::Link;

use crate::worker::Heavy;
use crate::{files, location};

fn select_all(event: web_sys::FocusEvent) {
    event_target::<web_sys::HtmlInputElement>(&event).select();
}

/// The share link with a copy button, and the downloads.
#[component]
pub fn SharePanel(
    link: RwSignal<Link>,
    recommendation: Memo<Recommendation>,
    heavy: Heavy,
) -> impl IntoView {
    let url = Memo::new(move |_| link.with(|l| location::url_of(&l.to_query())));
    let copied = RwSignal::new(false);
    let copy = move |_| {
        files::copy(&url.get_untracked());
        copied.set(true);
    };
    let download_json = move |_| {
        let text =
            recommendation.with_untracked(|r| serde_json::to_string_pretty(r).unwrap_or_default());
        files::download("tenancy-recommendation.json", "application/json", &text);
    };
    let figure_download = |name: &'static str, draw: fn(&Recommendation) -> Figure| {
        move |_| {
            let text = recommendation.with_untracked(|r| svg::render(&draw(r)));
            files::download(name, "image/svg+xml", &text);
        }
    };
    let query = move || link.with_untracked(Link::to_query);
    view! {
        <section class="card share" aria-labelledby="share-heading">
            <h2 id="share-heading">"Share and save"</h2>
            <label for="share-link">"Link to exactly these answers and request edits"</label>
            <div class="share-row">
                <input
                    id="share-link"
                    data-testid="share-link"
                    type="url"
                    readonly
                    prop:value=move || url.get()
                    on:focus=select_all
                />
                <button type="button" class="action" on:click=copy>
                    {move || if copied.get() { "Copied" } else { "Copy link" }}
                </button>
            </div>
            <p class="hint">
                "The link carries the answers and request edits in readable query parameters (not a pasted topology); add "
                <code>"embed=1"</code>
                " for the compact card to put in an iframe."
            </p>
            <div class="downloads">
                <button type="button" class="action" on:click=move |_| heavy.save(query(), "report")>"Markdown report"</button>
                <button type="button" class="action" on:click=download_json>"Recommendation JSON"</button>
                <button type="button" class="action" on:click=figure_download("tenancy-ruler.svg", ruler::ruler)>"Ruler SVG"</button>
                <button type="button" class="action" on:click=figure_download("tenancy-stack.svg", stack::stack)>"Stack SVG"</button>
                <button type="button" class="action" on:click=figure_download("tenancy-pattern.svg", |r| pattern::pattern(r.pattern))>"Pattern SVG"</button>
                <button type="button" class="action" on:click=move |_| heavy.save(query(), "estate-svg")>"Placement SVG"</button>
            </div>
        </section>
    }
}
