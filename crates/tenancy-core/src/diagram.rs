//! Diagram geometry as plain data: the ruler and the stack diagram as lists of shapes.
//!
//! The web app maps each shape to an SVG element and nothing more; [`svg::render`] turns the same
//! figure into a standalone SVG file for download. Styling is by class names, so the page's
//! stylesheet (light and dark) and the file's embedded style both apply.

pub mod bars;
pub mod estate;
pub mod pattern;
pub mod ruler;
pub mod stack;
pub mod svg;

/// How a text is anchored horizontally at its `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// `x` is the left edge.
    Start,
    /// `x` is the centre.
    Middle,
    /// `x` is the right edge.
    End,
}

impl Anchor {
    /// The SVG `text-anchor` value.
    pub fn svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// One drawable shape, in the figure's coordinates (user units).
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A rectangle with rounded corners.
    Rect {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// Corner radius.
        rx: f32,
        /// Style class.
        class: &'static str,
    },
    /// A straight line.
    Line {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Style class.
        class: &'static str,
    },
    /// A closed polygon (markers, arrows).
    Polygon {
        /// The corners, in order.
        points: Vec<(f32, f32)>,
        /// Style class.
        class: &'static str,
    },
    /// One line of text; `y` is its baseline.
    Text {
        /// Anchor x.
        x: f32,
        /// Baseline y.
        y: f32,
        /// The text (plain; renderers escape it).
        text: String,
        /// Horizontal anchoring.
        anchor: Anchor,
        /// Style class.
        class: &'static str,
    },
}

/// A complete figure: its size, its accessible title and description, and its shapes in
/// painting order.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Width in user units (the SVG `viewBox` width).
    pub width: f32,
    /// Height in user units.
    pub height: f32,
    /// Short accessible name (`<title>`).
    pub title: String,
    /// What the figure shows, in words (`<desc>`), for screen readers.
    pub desc: String,
    /// Shapes, painted in order.
    pub shapes: Vec<Shape>,
}

impl Figure {
    /// The SVG `viewBox` attribute value.
    pub fn view_box(&self) -> String {
        format!("0 0 {} {}", number(self.width), number(self.height))
    }
}

/// A coordinate as SVG text: at most one decimal, no trailing `.0`.
///
/// Written with integer arithmetic on tenths: the same text as `{:.1}` of the rounded value,
/// without the float formatting machinery in the page's module (it weighs about 2 KB there).
pub fn number(value: f32) -> String {
    // Coordinates are far below 2^24 tenths, where f32 holds every integer exactly.
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let (whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
    if tenth == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{tenth}")
    }
}

/// A rough text width for layout, in user units, for the app's sans-serif font at `size`.
///
/// Layout only needs an upper-ish estimate to avoid overlaps; browsers measure the real thing.
pub fn text_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.56
}

#[cfg(test)]
mod tests;
