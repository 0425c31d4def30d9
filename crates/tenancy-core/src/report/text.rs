//! The terminal rendering: short lines, wrapped at 100 columns, sections in reading order.

use std::fmt::Write;

use crate::recommend::{Neighbour, Recommendation};
use crate::rung::Axis;

use super::{cited, floor_head, given_answers};

const WIDTH: usize = 100;

/// A recommendation as a person reads it in a terminal.
pub fn text(recommendation: &Recommendation) -> String {
    let mut out = String::new();
    let r = recommendation;
    line(
        &mut out,
        0,
        &format!(
            "Isolation: {}    Availability: {}",
            r.scale.isolation, r.scale.availability
        ),
    );
    line(
        &mut out,
        0,
        &format!("Pattern: {} ({})", r.pattern.label(), r.pattern.id()),
    );
    line(&mut out, 2, r.pattern_reason);

    heading(&mut out, "Levels");
    for axis in Axis::ALL {
        let result = r.axes.get(axis);
        line(
            &mut out,
            0,
            &format!(
                "{:<15} {} ({})",
                axis.key(),
                result.level.id(),
                result.level.label()
            ),
        );
        if let Some(preference) = &result.preference {
            line(&mut out, 4, &format!("chosen over its equal: {preference}"));
        }
        if result.floors.is_empty() {
            line(&mut out, 4, "no floor: the weakest rung is enough");
        }
        for floor in &result.floors {
            line(&mut out, 2, &format!("{}:", floor_head(floor)));
            line(&mut out, 6, floor.reason);
            line(&mut out, 6, &format!("source: {}", cited(&floor.source)));
        }
    }

    heading(&mut out, "Stack (outermost first)");
    for layer in &r.stack {
        let boundary = if layer.tenant_boundary {
            "  <- tenant boundary"
        } else {
            ""
        };
        let head = format!("  {:<11} ", layer.layer);
        out.push_str(&wrap(&head, &format!("{}{boundary}", layer.label), 14));
    }
    let band = &r.control_plane_band;
    let head = format!("  {:<11} ", "control");
    out.push_str(&wrap(
        &head,
        &format!("{} ({})", band.label, band.rung.id()),
        14,
    ));

    heading(&mut out, "Neighbours");
    if let Some(cheaper) = &r.neighbours.cheaper {
        neighbour(&mut out, "cheaper", cheaper);
    }
    if let Some(stronger) = &r.neighbours.stronger {
        neighbour(&mut out, "stronger", stronger);
    }

    if !r.warnings.is_empty() {
        heading(&mut out, "Warnings");
        for warning in &r.warnings {
            bullet(&mut out, warning);
        }
    }
    if !r.notes.is_empty() {
        heading(&mut out, "Notes");
        for note in &r.notes {
            bullet(&mut out, &format!("{}: {}", note.because, note.text));
            line(&mut out, 4, &format!("source: {}", cited(&note.source)));
        }
    }
    if !r.controls.is_empty() {
        heading(&mut out, "Controls");
        for control in &r.controls {
            bullet(
                &mut out,
                &format!("{} (because {}):", control.title, control.because),
            );
            line(&mut out, 4, control.reason);
            if let Some(kubernetes) = control.kubernetes {
                line(&mut out, 4, &format!("Kubernetes export: {kubernetes}"));
            }
            line(&mut out, 4, &format!("source: {}", cited(&control.source)));
        }
    }
    heading(&mut out, "Not protected against");
    for item in &r.not_protected {
        bullet(&mut out, item);
    }
    heading(&mut out, "Answers");
    let given = given_answers(r);
    line(
        &mut out,
        2,
        &if given.is_empty() {
            "none given".to_owned()
        } else {
            given.join("  ")
        },
    );
    if !r.unanswered.is_empty() {
        line(
            &mut out,
            2,
            &format!("defaults used for: {}", r.unanswered.join(", ")),
        );
    }
    out
}

fn neighbour(out: &mut String, which: &str, n: &Neighbour) {
    line(
        out,
        2,
        &format!("{which}: {}={} ({})", n.axis, n.rung.id(), n.label),
    );
    if let Some(gives_up) = n.gives_up {
        line(out, 6, &format!("gives up: {gives_up}"));
    }
    if !n.breaks.is_empty() {
        line(out, 6, &format!("breaks: {}", n.breaks.join("; ")));
    }
    if let Some(adds) = n.adds {
        line(out, 6, &format!("adds: {adds}"));
    }
    line(out, 6, &format!("overhead: {}", n.overhead));
    for source in &n.sources {
        line(out, 6, &format!("source: {}", cited(source)));
    }
}

fn heading(out: &mut String, title: &str) {
    out.push('\n');
    out.push_str(title);
    out.push('\n');
}

fn bullet(out: &mut String, text: &str) {
    out.push_str(&wrap("  - ", text, 4));
}

fn line(out: &mut String, indent: usize, text: &str) {
    out.push_str(&wrap(&" ".repeat(indent), text, indent));
}

/// Wraps at word boundaries to [`WIDTH`] columns: the first line starts with `first`, the others
/// with `indent` spaces. Text that fits keeps its own spacing (the aligned columns).
fn wrap(first: &str, text: &str, indent: usize) -> String {
    let mut out = String::new();
    if first.chars().count() + text.chars().count() <= WIDTH {
        let _ = writeln!(out, "{first}{text}");
        return out;
    }
    let mut current = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        let fits = current.chars().count() + 1 + word.chars().count() <= WIDTH;
        if !empty && !fits {
            let _ = writeln!(out, "{current}");
            current = " ".repeat(indent);
            empty = true;
        }
        if !empty {
            current.push(' ');
        }
        current.push_str(word);
        empty = false;
    }
    let _ = writeln!(out, "{current}");
    out
}
