//! Draws a core [`Figure`] as inline SVG: one element per shape, nothing computed here.

use leptos::prelude::*;
use tenancy_core::diagram::svg::points_attribute;
use tenancy_core::diagram::{Figure, Shape, number};

fn shape_view(shape: &Shape) -> AnyView {
    match shape {
        Shape::Rect {
            x,
            y,
            width,
            height,
            rx,
            class,
        } => view! {
            <rect
                x=number(*x)
                y=number(*y)
                width=number(*width)
                height=number(*height)
                rx=number(*rx)
                class=*class
            />
        }
        .into_any(),
        Shape::Line {
            x1,
            y1,
            x2,
            y2,
            class,
        } => view! {
            <line x1=number(*x1) y1=number(*y1) x2=number(*x2) y2=number(*y2) class=*class />
        }
        .into_any(),
        Shape::Polygon { points, class } => {
            view! { <polygon points=points_attribute(points) class=*class /> }.into_any()
        }
        Shape::Text {
            x,
            y,
            text,
            anchor,
            class,
        } => view! {
            <text x=number(*x) y=number(*y) text-anchor=anchor.svg() class=*class>
                {text.clone()}
            </text>
        }
        .into_any(),
    }
}

/// An inline SVG of a figure, with `<title>` and `<desc>` for screen readers.
#[component]
pub fn FigureView(
    #[prop(into)] figure: Signal<Figure>,
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
            viewBox=move || figure.with(Figure::view_box)
            aria-labelledby=labelled_by
            aria-describedby=described_by
        >
            <title id=title_id>{move || figure.with(|f| f.title.clone())}</title>
            <desc id=desc_id>{move || figure.with(|f| f.desc.clone())}</desc>
            {move || figure.with(|f| f.shapes.iter().map(shape_view).collect_view())}
        </svg>
    }
}
