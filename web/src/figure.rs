//! Draws a [`Drawing`] (a core figure as plain data, from this thread or from the worker) as
//! inline SVG: one element per shape, nothing computed here.

use leptos::prelude::*;
use tenancy_core::diagram::number;
use tenancy_web_worker::protocol::{Drawing, Mark};

fn mark_view(mark: &Mark) -> AnyView {
    match mark.clone() {
        Mark::Rect {
            x,
            y,
            width,
            height,
            rx,
            class,
        } => view! {
            <rect
                x=number(x)
                y=number(y)
                width=number(width)
                height=number(height)
                rx=number(rx)
                class=class
            />
        }
        .into_any(),
        Mark::Line {
            x1,
            y1,
            x2,
            y2,
            class,
        } => view! { <line x1=number(x1) y1=number(y1) x2=number(x2) y2=number(y2) class=class /> }
            .into_any(),
        Mark::Polygon { points, class } => {
            view! { <polygon points=points class=class /> }.into_any()
        }
        Mark::Text {
            x,
            y,
            text,
            anchor,
            class,
        } => view! {
            <text x=number(x) y=number(y) text-anchor=anchor class=class>
                {text}
            </text>
        }
        .into_any(),
    }
}

/// An inline SVG of a drawing, with `<title>` and `<desc>` for screen readers; its width is the
/// drawing's own (never wider than its box), so a small drawing stays small.
#[component]
pub fn FigureView(
    #[prop(into)] figure: Signal<Drawing>,
    testid: &'static str,
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
            {move || figure.with(|f| f.marks.iter().map(mark_view).collect_view())}
        </svg>
    }
}
