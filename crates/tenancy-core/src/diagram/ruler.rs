//! The tenancy-scale ruler as a ladder: processes at the bottom, the moon at the top, with the
//! isolation marker on the left rail and the availability marker on the right.

use super::{Anchor, Figure, Shape};
use crate::recommend::{MARKS, Recommendation};

const WIDTH: f32 = 400.0;
const TOP: f32 = 22.0;
const STEP: f32 = 31.0;
const RAIL_LEFT: f32 = 118.0;
const RAIL_RIGHT: f32 = 282.0;

fn rung_y(mark: usize) -> f32 {
    TOP + (MARKS.len() - 1 - mark) as f32 * STEP + 14.0
}

/// The ruler for a recommendation.
pub fn ruler(recommendation: &Recommendation) -> Figure {
    let scale = &recommendation.scale;
    let height = TOP + MARKS.len() as f32 * STEP + 8.0;
    let mut shapes = vec![
        Shape::Line {
            x1: RAIL_LEFT,
            y1: TOP,
            x2: RAIL_LEFT,
            y2: height - 8.0,
            class: "ruler-rail",
        },
        Shape::Line {
            x1: RAIL_RIGHT,
            y1: TOP,
            x2: RAIL_RIGHT,
            y2: height - 8.0,
            class: "ruler-rail",
        },
    ];
    for (mark, label) in MARKS.iter().enumerate() {
        let y = rung_y(mark);
        let reached = mark <= scale.isolation_mark
            || scale
                .availability_mark
                .is_some_and(|a| mark <= a && mark >= 4);
        shapes.push(Shape::Line {
            x1: RAIL_LEFT,
            y1: y,
            x2: RAIL_RIGHT,
            y2: y,
            class: if reached {
                "ruler-rung ruler-rung-on"
            } else {
                "ruler-rung"
            },
        });
        let marked = mark == scale.isolation_mark || Some(mark) == scale.availability_mark;
        shapes.push(Shape::Text {
            x: (RAIL_LEFT + RAIL_RIGHT) / 2.0,
            y: y - 6.0,
            // The original scale has one host rung; when it marks where the copies are (on
            // separate hosts) rather than who else is on them, say so.
            text: if mark == 4 && scale.availability_mark == Some(4) && scale.isolation_mark != 4 {
                "separate hosts".to_owned()
            } else {
                (*label).to_owned()
            },
            anchor: Anchor::Middle,
            class: if marked {
                "ruler-label ruler-label-on"
            } else {
                "ruler-label"
            },
        });
    }
    marker(&mut shapes, scale.isolation_mark, Side::Left, "isolation");
    match scale.availability_mark {
        Some(mark) => marker(&mut shapes, mark, Side::Right, "availability"),
        None => shapes.push(Shape::Text {
            x: WIDTH - 4.0,
            y: height - 10.0,
            text: "one copy: no availability".to_owned(),
            anchor: Anchor::End,
            class: "ruler-note",
        }),
    }
    let availability = match scale.availability_mark {
        Some(_) => format!("availability at {}", scale.availability),
        None => "a single copy, so no availability marker".to_owned(),
    };
    Figure {
        width: WIDTH,
        height,
        title: format!(
            "Tenancy scale: isolation {}, availability {}",
            scale.isolation, scale.availability
        ),
        desc: format!(
            "A ladder from processes at the bottom to the moon at the top: {}. The isolation marker \
             points at {}; {}.",
            MARKS.join(", "),
            scale.isolation,
            availability
        ),
        shapes,
    }
}

#[derive(Clone, Copy)]
enum Side {
    Left,
    Right,
}

fn marker(shapes: &mut Vec<Shape>, mark: usize, side: Side, text: &str) {
    let y = rung_y(mark);
    let (box_x, tip_base, tip, class) = match side {
        Side::Left => (4.0, 100.0, RAIL_LEFT - 2.0, "marker marker-isolation"),
        Side::Right => (
            WIDTH - 100.0,
            WIDTH - 100.0,
            RAIL_RIGHT + 2.0,
            "marker marker-availability",
        ),
    };
    shapes.push(Shape::Rect {
        x: box_x,
        y: y - 11.0,
        width: 96.0,
        height: 22.0,
        rx: 11.0,
        class,
    });
    shapes.push(Shape::Polygon {
        points: vec![(tip_base, y - 6.0), (tip, y), (tip_base, y + 6.0)],
        class,
    });
    shapes.push(Shape::Text {
        x: box_x + 48.0,
        y: y + 4.5,
        text: text.to_owned(),
        anchor: Anchor::Middle,
        class: "marker-text",
    });
}
