//! The estate drawing's legend under the columns: what a replica, a host and each bar kind look
//! like, and, when the estate was cut down, how much of it is shown.

use super::HOST;
use super::drawing::bar_class;
use super::layout::Layout;
use crate::diagram::{Anchor, Shape, text_width};

/// What a bar kind is called in the legend.
fn bar_name(kind: &str) -> &'static str {
    if kind == "pdu" {
        "power (PDU)"
    } else {
        "top-of-rack switch"
    }
}

/// The legend's shapes, its baseline at `y`; `total_hosts` is the estate's size.
pub(super) fn legend(layout: &Layout<'_>, y: f32, total_hosts: usize) -> Vec<Shape> {
    let mut shapes = vec![
        Shape::Rect {
            x: 0.0,
            y: y - 10.0,
            width: HOST,
            height: HOST,
            rx: 2.0,
            class: "estate-host estate-replica",
        },
        Shape::Text {
            x: 18.0,
            y,
            text: "replica (numbered)".to_owned(),
            anchor: Anchor::Start,
            class: "estate-legend",
        },
        Shape::Rect {
            x: 150.0,
            y: y - 10.0,
            width: HOST,
            height: HOST,
            rx: 2.0,
            class: "estate-host",
        },
        Shape::Text {
            x: 168.0,
            y,
            text: "host".to_owned(),
            anchor: Anchor::Start,
            class: "estate-legend",
        },
    ];
    let mut x = 220.0;
    for kind in &layout.bar_kinds {
        shapes.push(Shape::Rect {
            x,
            y: y - 10.0,
            width: 22.0,
            height: 11.0,
            rx: 3.0,
            class: bar_class(kind),
        });
        let text = bar_name(kind);
        shapes.push(Shape::Text {
            x: x + 28.0,
            y,
            text: text.to_owned(),
            anchor: Anchor::Start,
            class: "estate-legend",
        });
        x += 28.0 + text_width(text, 11.0) + 18.0;
    }
    if layout.cut {
        shapes.push(Shape::Text {
            x: 0.0,
            y: y + 18.0,
            text: format!(
                "Showing the racks that hold replicas: {} of {total_hosts} hosts.",
                layout.drawn_hosts
            ),
            anchor: Anchor::Start,
            class: "estate-legend",
        });
    }
    shapes
}
