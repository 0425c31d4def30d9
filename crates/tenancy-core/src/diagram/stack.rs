//! The stack diagram: the recommended layers as nested boxes, outermost first, the tenant
//! boundary highlighted, and the control-plane boundary as a separate band below.

use super::{Anchor, Figure, Shape, text_width};
use crate::recommend::Recommendation;

const WIDTH: f32 = 440.0;
const HEADER: f32 = 26.0;
const SIDE: f32 = 10.0;
const BOTTOM: f32 = 8.0;
const CORE: f32 = 16.0;
const BAND: f32 = 32.0;
const FONT: f32 = 12.5;
const TAG: &str = "tenant boundary";

/// The stack diagram for a recommendation.
pub fn stack(recommendation: &Recommendation) -> Figure {
    let layers = &recommendation.stack;
    let n = layers.len() as f32;
    let body = HEADER * n + CORE + BOTTOM * n;
    let mut shapes = Vec::new();
    for (i, layer) in layers.iter().enumerate() {
        let depth = i as f32;
        let (x, y) = (SIDE * depth, HEADER * depth);
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
        let label = capitalise(&layer.label);
        let mut room = width - 20.0;
        if layer.tenant_boundary {
            // Bold text runs wider than the estimate.
            let tag_width = text_width(TAG, 11.0) * 1.12 + 14.0;
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
            room -= tag_width + 6.0;
        }
        shapes.push(Shape::Text {
            x: x + 10.0,
            y: y + 18.0,
            text: fit(&label, room),
            anchor: Anchor::Start,
            class: if layer.tenant_boundary {
                "stack-label stack-label-boundary"
            } else {
                "stack-label"
            },
        });
    }
    let band = &recommendation.control_plane_band;
    let band_y = body + 10.0;
    shapes.push(Shape::Rect {
        x: 0.0,
        y: band_y,
        width: WIDTH,
        height: BAND,
        rx: 6.0,
        class: "stack-band",
    });
    shapes.push(Shape::Text {
        x: 10.0,
        y: band_y + 20.5,
        // Semibold text runs wider than the estimate: leave it a tenth more room.
        text: fit(
            &format!("Control plane: {}", band.label),
            (WIDTH - 20.0) / 1.1,
        ),
        anchor: Anchor::Start,
        class: "stack-band-text",
    });
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
        height: band_y + BAND + 1.0,
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

/// Shortens a label with an ellipsis so its estimated width fits `room`.
fn fit(text: &str, room: f32) -> String {
    if text_width(text, FONT) <= room {
        return text.to_owned();
    }
    let keep = ((room / (FONT * 0.56)) as usize).saturating_sub(1);
    let head: String = text.chars().take(keep).collect();
    format!("{}…", head.trim_end())
}
