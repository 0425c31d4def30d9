//! Draws a [`Drawing`] (a core figure as plain data, from this thread or from the worker) as
//! inline SVG: the core's markup for the shapes put in place in one step, nothing computed here.

use leptos::prelude::*;
use tenancy_core::diagram::number;
use tenancy_web_worker::protocol::Drawing;

/// An inline SVG of a drawing, with `<title>` and `<desc>` for screen readers; its width is the
/// drawing's own (never wider than its box), so a small drawing stays small.
#[component]
pub fn FigureView(
    #[prop(into)] figure: Signal<Drawing>,
    #[prop(into)] testid: String,
    class: &'static str,
) -> impl IntoView {
    let title_id = format!("{testid}-title");
    let desc_id = format!("{testid}-desc");
    let (labelled_by, described_by) = (title_id.clone(), desc_id.clone());
    view! {
        <svg
            class=format!("figure {class}")
            data-testid=testid
            role="img"
            viewBox=move || figure.with(|f| format!("0 0 {} {}", number(f.width), number(f.height)))
            width=move || figure.with(|f| number(f.width))
            aria-labelledby=labelled_by
            aria-describedby=described_by
        >
            <title id=title_id>{move || figure.with(|f| f.title.clone())}</title>
            <desc id=desc_id>{move || figure.with(|f| f.desc.clone())}</desc>
            // One DOM write for every shape: the markup is the core's, with classes and no
            // inline style, so the strict content security policy holds.
            <g inner_html=move || figure.with(|f| f.shapes.clone())></g>
        </svg>
    }
}
