//! The stack diagram: the recommended layers as nested boxes, outermost first, the tenant
//! boundary highlighted, and the control-plane boundary as a separate band below. A label too
//! long for its box wraps onto more lines and the box grows: nothing is cut.

use super::{Anchor, Figure, Shape, text_width};
use crate::recommend::Recommendation;

const WIDTH: f32 = 440.0;
const HEADER: f32 = 26.0;
const SIDE: f32 = 10.0;
const BOTTOM: f32 = 8.0;
const CORE: f32 = 16.0;
const BAND: f32 = 32.0;
const FONT: f32 = 12.5;
/// The distance between two lines of a wrapped label.
const LINE: f32 = 15.0;
/// Bold and semibold text run wider than the estimate: they get this much less room.
const BOLD: f32 = 1.1;
const TAG: &str = "tenant boundary";

/// The stack diagram for a recommendation.
pub fn stack(recommendation: &Recommendation) -> Figure {
    let layers = &recommendation.stack;
    let n = layers.len() as f32;
    // Bold text runs wider than the estimate.
    let tag_width = text_width(TAG, 11.0) * 1.12 + 14.0;
    let lines: Vec<Vec<String>> = layers
        .iter()
        .enumerate()
        .map(|(i, layer)| {
            let width = WIDTH - 2.0 * SIDE * i as f32;
            let mut room = width - 20.0;
            if layer.tenant_boundary {
                room = (room - tag_width - 6.0) / BOLD;
            }
            wrap(&capitalise(&layer.label), room)
        })
        .collect();
    let header = |i: usize| HEADER + LINE * (lines[i].len().max(1) - 1) as f32;
    let tops: Vec<f32> = (0..layers.len())
        .scan(0.0, |top, i| {
            let this = *top;
            *top += header(i);
            Some(this)
        })
        .collect();
    let body = (0..layers.len()).map(header).sum::<f32>() + CORE + BOTTOM * n;
    let mut shapes = Vec::new();
    for (i, layer) in layers.iter().enumerate() {
        let depth = i as f32;
        let (x, y) = (SIDE * depth, tops[i]);
        let width = WIDTH - 2.0 * SIDE * depth;
        let height = body - y - BOTTOM * depth;
        let class = if layer.tenant_boundary {
            "stack-box stack-boundary"
        } else {
            "stack-box"
        };
        shapes.push(Shape::Rect {
            x,
            y,
            width,
            height,
            rx: 6.0,
            class,
        });
        if layer.tenant_boundary {
            let tag_x = x + width - tag_width - 6.0;
            shapes.push(Shape::Rect {
                x: tag_x,
                y: y + 5.0,
                width: tag_width,
                height: 17.0,
                rx: 8.5,
                class: "stack-tag",
            });
            shapes.push(Shape::Text {
                x: tag_x + tag_width / 2.0,
                y: y + 17.5,
                text: TAG.to_owned(),
                anchor: Anchor::Middle,
                class: "stack-tag-text",
            });
        }
        for (k, line) in lines[i].iter().enumerate() {
            shapes.push(Shape::Text {
                x: x + 10.0,
                y: y + 18.0 + LINE * k as f32,
                text: line.clone(),
                anchor: Anchor::Start,
                class: if layer.tenant_boundary {
                    "stack-label stack-label-boundary"
                } else {
                    "stack-label"
                },
            });
        }
    }
    let band = &recommendation.control_plane_band;
    let band_y = body + 10.0;
    let band_lines = wrap(
        &format!("Control plane: {}", band.label),
        (WIDTH - 20.0) / BOLD,
    );
    let band_height = BAND + LINE * (band_lines.len().max(1) - 1) as f32;
    shapes.push(Shape::Rect {
        x: 0.0,
        y: band_y,
        width: WIDTH,
        height: band_height,
        rx: 6.0,
        class: "stack-band",
    });
    for (k, line) in band_lines.into_iter().enumerate() {
        shapes.push(Shape::Text {
            x: 10.0,
            y: band_y + 20.5 + LINE * k as f32,
            text: line,
            anchor: Anchor::Start,
            class: "stack-band-text",
        });
    }
    let path: Vec<&str> = layers.iter().map(|layer| layer.label.as_str()).collect();
    let boundary = layers.iter().find(|layer| layer.tenant_boundary).map_or(
        "no layer carries a tenant boundary".to_owned(),
        |layer| {
            format!(
                "the tenant boundary is the {} layer ({})",
                layer.layer, layer.label
            )
        },
    );
    Figure {
        width: WIDTH,
        height: band_y + band_height + 1.0,
        title: format!("Recommended stack: {}", recommendation.pattern.label()),
        desc: format!(
            "Nested from outermost to innermost: {}. {}. Control plane: {}.",
            path.join(" ▸ "),
            capitalise(&boundary),
            band.label
        ),
        shapes,
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Breaks a label into lines whose estimated width fits `room`, at spaces; a single word wider
/// than the room keeps a line of its own.
pub(super) fn wrap(text: &str, room: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line} {word}"), FONT) <= room => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}
