//! A figure as a standalone SVG document (the "Download SVG" export), styled by an embedded
//! stylesheet so the file looks the same anywhere.

use std::fmt::Write;

use super::{Figure, Shape, number};

const STYLE: &str = "\
text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Liberation Sans',sans-serif;fill:#1b1f27}\
.ruler-rail{stroke:#8a94a6;stroke-width:3}.ruler-rung{stroke:#c5ccd8;stroke-width:2}\
.ruler-rung-on{stroke:#1d4ed8}.ruler-label{font-size:12.5px;fill:#4b5563}\
.ruler-label-on{font-weight:700;fill:#1b1f27}.ruler-note{font-size:11px;fill:#4b5563}\
.marker-isolation{fill:#1d4ed8}.marker-availability{fill:#047857}\
.marker-text{font-size:11.5px;font-weight:650;fill:#fff}\
.stack-box{fill:#f3f5f9;stroke:#8a94a6;stroke-width:1.2}\
.stack-boundary{fill:#e0e8fd;stroke:#1d4ed8;stroke-width:3}\
.stack-label{font-size:12.5px}.stack-label-boundary{font-weight:700}\
.stack-tag{fill:#1d4ed8}.stack-tag-text{font-size:11px;font-weight:650;fill:#fff}\
.stack-band{fill:#fff6db;stroke:#b58900;stroke-dasharray:5 3}\
.stack-band-text{font-size:12.5px;font-weight:600}\
.pattern-vm{fill:#e0e8fd;stroke:#1d4ed8;stroke-width:1.5}.pattern-host{fill:#f3f5f9;stroke:#8a94a6}\
.pattern-pod{fill:#ecfdf5;stroke:#047857;stroke-width:1.5}.pattern-container{fill:#fff;stroke:#4b5563}\
.pattern-label{font-size:10.5px;fill:#1b1f27}\
.estate-dc{fill:#f3f5f9;stroke:#8a94a6}.estate-dc-label{font-size:12px;font-weight:700}\
.estate-rack{fill:#fff;stroke:#8a94a6}.estate-rack-label{font-size:9.5px;fill:#4b5563}\
.estate-host{fill:#dfe3ea;stroke:#8a94a6;stroke-width:.8}.estate-replica{fill:#1d4ed8;stroke:#1d4ed8}\
.estate-unusable{fill:#fff;stroke-dasharray:2 2}.estate-replica-label{font-size:9px;font-weight:700;fill:#fff}\
.estate-pdu{fill:#fde68a;stroke:#b58900}.estate-switch{fill:#bae6fd;stroke:#0369a1}\
.estate-bar-label{font-size:9px;fill:#1b1f27}.estate-legend{font-size:11px;fill:#4b5563}";

/// The figure as an SVG document with `<title>`, `<desc>` and an embedded stylesheet.
pub fn render(figure: &Figure) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{}\" width=\"{}\" height=\"{}\" role=\"img\">\
         <title>{}</title><desc>{}</desc><style>{STYLE}</style>",
        figure.view_box(),
        number(figure.width),
        number(figure.height),
        escape(&figure.title),
        escape(&figure.desc)
    );
    out.push_str(&shapes(figure));
    out.push_str("</svg>\n");
    out
}

/// The figure's shapes as SVG markup, in painting order: the body of [`render`]'s document, and
/// what the web app puts inside its inline `<svg>` in one step.
pub fn shapes(figure: &Figure) -> String {
    let mut out = String::new();
    for shape in &figure.shapes {
        match shape {
            Shape::Rect {
                x,
                y,
                width,
                height,
                rx,
                class,
            } => {
                let _ = write!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" class=\"{class}\"/>",
                    number(*x),
                    number(*y),
                    number(*width),
                    number(*height),
                    number(*rx)
                );
            }
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                class,
            } => {
                let _ = write!(
                    out,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"{class}\"/>",
                    number(*x1),
                    number(*y1),
                    number(*x2),
                    number(*y2)
                );
            }
            Shape::Polygon { points, class } => {
                let _ = write!(
                    out,
                    "<polygon points=\"{}\" class=\"{class}\"/>",
                    points_attribute(points)
                );
            }
            Shape::Text {
                x,
                y,
                text,
                anchor,
                class,
            } => {
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" class=\"{class}\">{}</text>",
                    number(*x),
                    number(*y),
                    anchor.svg(),
                    escape(text)
                );
            }
        }
    }
    out
}

/// A polygon's `points` attribute.
pub fn points_attribute(points: &[(f32, f32)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{},{}", number(*x), number(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
