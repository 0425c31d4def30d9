//! A small horizontal bar chart: one labelled bar per row with its count written beside it, bars
//! that reach a goal drawn in the "good" colour. The twins' charts (a CRUSH pool's blast radius
//! per placement group, kube-scheduler's runs that survive each failure) are drawn with it.

use super::{Anchor, Figure, Shape, text_width};

/// Row height in user units.
const ROW: f32 = 22.0;
/// The bars' longest length.
const BAR: f32 = 160.0;
/// Label size.
const LABEL: f32 = 12.5;
/// Value size.
const VALUE: f32 = 11.0;
/// Space between columns.
const GAP: f32 = 8.0;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// What the bar counts (left of it).
    pub label: String,
    /// Its length, from 0 to the chart's `max`.
    pub value: f64,
    /// What is written right of it (`64 PGs (50 %)`).
    pub text: String,
    /// Whether it reaches the goal (drawn in the good colour).
    pub good: bool,
}

/// The chart: `max` is the length of a full bar; `desc` says what it shows, and every bar is
/// named in the description too, for screen readers.
pub fn bars(title: &str, desc: &str, max: f64, rows: &[Bar]) -> Figure {
    let label_width = rows
        .iter()
        .map(|row| text_width(&row.label, LABEL))
        .fold(0.0, f32::max);
    let value_width = rows
        .iter()
        .map(|row| text_width(&row.text, VALUE))
        .fold(0.0, f32::max);
    let bar_x = label_width + GAP;
    let mut shapes = Vec::with_capacity(rows.len() * 4);
    let mut named = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let top = i as f32 * ROW;
        let share = if max > 0.0 {
            (row.value / max).clamp(0.0, 1.0) as f32
        } else {
            0.0
        };
        shapes.push(Shape::Text {
            x: label_width,
            y: top + 15.0,
            text: row.label.clone(),
            anchor: Anchor::End,
            class: "ruler-label",
        });
        shapes.push(Shape::Rect {
            x: bar_x,
            y: top + 4.0,
            width: BAR,
            height: 14.0,
            rx: 2.0,
            class: "estate-host",
        });
        if share > 0.0 {
            shapes.push(Shape::Rect {
                x: bar_x,
                y: top + 4.0,
                width: (BAR * share).max(1.5),
                height: 14.0,
                rx: 2.0,
                class: if row.good {
                    "marker-availability"
                } else {
                    "estate-replica"
                },
            });
        }
        shapes.push(Shape::Text {
            x: bar_x + BAR + GAP,
            y: top + 15.0,
            text: row.text.clone(),
            anchor: Anchor::Start,
            class: "ruler-note",
        });
        named.push(format!("{}: {}", row.label, row.text));
    }
    let mut full = desc.to_owned();
    if !named.is_empty() {
        full.push(' ');
        full.push_str(&named.join("; "));
        full.push('.');
    }
    Figure {
        width: (bar_x + BAR + GAP + value_width + 2.0).ceil(),
        height: (rows.len().max(1) as f32 * ROW).ceil(),
        title: title.to_owned(),
        desc: full,
        shapes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Bar> {
        vec![
            Bar {
                label: "1,1".to_owned(),
                value: 96.0,
                text: "96 PGs (75 %)".to_owned(),
                good: true,
            },
            Bar {
                label: "2,1".to_owned(),
                value: 32.0,
                text: "32 PGs (25 %)".to_owned(),
                good: false,
            },
            Bar {
                label: "3,3".to_owned(),
                value: 0.0,
                text: "none".to_owned(),
                good: false,
            },
        ]
    }

    fn rects(figure: &Figure) -> Vec<(f32, &'static str)> {
        figure
            .shapes
            .iter()
            .filter_map(|shape| match shape {
                Shape::Rect { width, class, .. } => Some((*width, *class)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn bars_are_as_long_as_their_share_of_the_maximum_and_coloured_by_the_goal() {
        let figure = bars("Blast radius", "Per PG.", 128.0, &rows());
        let rects = rects(&figure);
        // A track per row, and a bar for each non-zero value.
        assert_eq!(
            rects,
            [
                (BAR, "estate-host"),
                (BAR * 0.75, "marker-availability"),
                (BAR, "estate-host"),
                (BAR * 0.25, "estate-replica"),
                (BAR, "estate-host"),
            ]
        );
        assert_eq!(figure.height, 3.0 * ROW);
        assert!(
            figure
                .desc
                .ends_with("1,1: 96 PGs (75 %); 2,1: 32 PGs (25 %); 3,3: none."),
            "{}",
            figure.desc
        );
    }

    #[test]
    fn every_text_fits_inside_the_figure() {
        let figure = bars("t", "d", 1.0, &rows());
        for shape in &figure.shapes {
            if let Shape::Text {
                x, text, anchor, ..
            } = shape
            {
                let width = text_width(text, LABEL);
                let (left, right) = match anchor {
                    Anchor::End => (x - width, *x),
                    _ => (*x, x + text_width(text, VALUE)),
                };
                assert!(left >= -0.5 && right <= figure.width, "{text} at {x}");
            }
        }
    }

    #[test]
    fn an_empty_chart_or_a_zero_maximum_draws_no_bar() {
        assert!(bars("t", "d", 0.0, &rows()).shapes.iter().all(|s| match s {
            Shape::Rect { class, .. } => *class == "estate-host",
            _ => true,
        }));
        let empty = bars("t", "d", 1.0, &[]);
        assert!(empty.shapes.is_empty() && empty.height > 0.0 && empty.desc == "d");
    }
}
