//! Share and export: the link that restores this exact state, and downloads of the result.

use leptos::prelude::*;
use tenancy_core::diagram::{stack, svg};
use tenancy_core::link::Link;
use tenancy_core::{Recommendation, report};

use crate::{files, location};

fn select_all(event: web_sys::FocusEvent) {
    event_target::<web_sys::HtmlInputElement>(&event).select();
}

/// The share link with a copy button, and the JSON, SVG and Markdown downloads.
#[component]
pub fn SharePanel(link: RwSignal<Link>, recommendation: Memo<Recommendation>) -> impl IntoView {
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
    let download_svg = move |_| {
        let text = recommendation.with_untracked(|r| svg::render(&stack::stack(r)));
        files::download("tenancy-stack.svg", "image/svg+xml", &text);
    };
    let download_markdown = move |_| {
        let text = recommendation.with_untracked(report::markdown);
        files::download("tenancy-recommendation.md", "text/markdown", &text);
    };
    view! {
        <section class="card share" aria-labelledby="share-heading">
            <h2 id="share-heading">"Share and export"</h2>
            <label for="share-link">"Link to exactly these answers"</label>
            <div class="share-row">
                <input
                    id="share-link"
                    data-testid="share-link"
                    type="url"
                    readonly
                    prop:value=move || url.get()
                    on:focus=select_all
                />
                <button type="button" on:click=copy>
                    {move || if copied.get() { "Copied" } else { "Copy link" }}
                </button>
            </div>
            <p class="hint">
                "The link carries the answers in readable query parameters; add "
                <code>"embed=1"</code>
                " for the compact card."
            </p>
            <div class="downloads">
                <button type="button" on:click=download_json>"Download JSON"</button>
                <button type="button" on:click=download_svg>"Download SVG"</button>
                <button type="button" on:click=download_markdown>"Download Markdown"</button>
            </div>
        </section>
    }
}
