//! The Markdown rendering: headings, a levels table, reasons with linked sources.

use std::fmt::Write;

use crate::markdown::cell;
use crate::recommend::{Neighbour, Recommendation};
use crate::rung::Axis;
use crate::source::Source;

use super::{floor_head, given_answers};

/// A recommendation as Markdown, for a design document or a ticket.
pub fn markdown(recommendation: &Recommendation) -> String {
    let r = recommendation;
    let mut out = String::new();
    let _ = writeln!(out, "# Tenancy Scale recommendation\n");
    let _ = writeln!(
        out,
        "**Isolation:** {} · **Availability:** {}\n",
        r.scale.isolation, r.scale.availability
    );
    let _ = writeln!(
        out,
        "**Pattern:** {} (`{}`). {}\n",
        r.pattern.label(),
        r.pattern.id(),
        r.pattern_reason
    );

    let _ = writeln!(out, "## Levels\n");
    let _ = writeln!(out, "| axis | level | set by |");
    let _ = writeln!(out, "| --- | --- | --- |");
    for axis in Axis::ALL {
        let result = r.axes.get(axis);
        let set_by: Vec<String> = result
            .floors
            .iter()
            .map(|floor| format!("`{}`", floor.because))
            .collect();
        let _ = writeln!(
            out,
            "| {} | `{}` ({}) | {} |",
            axis.key(),
            result.level.id(),
            cell(result.level.label()),
            if set_by.is_empty() {
                "no floor".to_owned()
            } else {
                cell(&set_by.join(", "))
            }
        );
    }

    let _ = writeln!(out, "\n## Reasons\n");
    let mut any = false;
    for axis in Axis::ALL {
        let result = r.axes.get(axis);
        for floor in &result.floors {
            any = true;
            let _ = writeln!(
                out,
                "- **{}**: {} ({})",
                floor_head(floor),
                floor.reason,
                link(&floor.source)
            );
        }
        if let Some(preference) = &result.preference {
            let _ = writeln!(
                out,
                "- **{} = `{}` rather than its equal**: {preference}",
                axis.key(),
                result.level.id()
            );
        }
    }
    if !any {
        let _ = writeln!(
            out,
            "No answer sets a floor: the weakest rung on every axis is enough."
        );
    }

    let _ = writeln!(out, "\n## Stack (outermost first)\n");
    let _ = writeln!(out, "| layer | | tenant boundary |");
    let _ = writeln!(out, "| --- | --- | --- |");
    for layer in &r.stack {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            layer.layer,
            cell(&layer.label),
            if layer.tenant_boundary { "yes" } else { "" }
        );
    }
    let _ = writeln!(
        out,
        "\nControl plane: {} (`{}`).",
        r.control_plane_band.label,
        r.control_plane_band.rung.id()
    );

    let _ = writeln!(out, "\n## Neighbours\n");
    if let Some(cheaper) = &r.neighbours.cheaper {
        neighbour(&mut out, "Cheaper", cheaper);
    }
    if let Some(stronger) = &r.neighbours.stronger {
        neighbour(&mut out, "Stronger", stronger);
    }

    if !r.warnings.is_empty() {
        let _ = writeln!(out, "\n## Warnings\n");
        for warning in &r.warnings {
            let _ = writeln!(out, "- {warning}");
        }
    }
    if !r.notes.is_empty() {
        let _ = writeln!(out, "\n## Notes\n");
        for note in &r.notes {
            let _ = writeln!(
                out,
                "- `{}`: {} ({})",
                note.because,
                note.text,
                link(&note.source)
            );
        }
    }
    if !r.controls.is_empty() {
        let _ = writeln!(out, "\n## Controls\n");
        for control in &r.controls {
            let exported = control
                .kubernetes
                .map(|kubernetes| format!(" Kubernetes export: {kubernetes}."))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- **{}** (`{}`): {}{exported} ({})",
                control.title,
                control.because,
                control.reason,
                link(&control.source)
            );
        }
    }
    let _ = writeln!(out, "\n## Not protected against\n");
    for item in &r.not_protected {
        let _ = writeln!(out, "- {item}");
    }
    let _ = writeln!(out, "\n## Answers\n");
    let given = given_answers(r);
    if given.is_empty() {
        let _ = writeln!(out, "None given.");
    } else {
        let pairs: Vec<String> = given.iter().map(|pair| format!("`{pair}`")).collect();
        let _ = writeln!(out, "{}", pairs.join(", "));
    }
    if !r.unanswered.is_empty() {
        let _ = writeln!(out, "\nDefaults used for: {}.", r.unanswered.join(", "));
    }
    out
}

fn neighbour(out: &mut String, which: &str, n: &Neighbour) {
    let mut parts = Vec::new();
    if let Some(gives_up) = n.gives_up {
        parts.push(format!("gives up {gives_up}"));
    }
    if !n.breaks.is_empty() {
        parts.push(format!("breaks {}", n.breaks.join("; ")));
    }
    if let Some(adds) = n.adds {
        parts.push(format!("adds {adds}"));
    }
    parts.push(format!("overhead: {}", n.overhead));
    let _ = writeln!(
        out,
        "- **{which}:** `{}={}` ({}): {} ({})",
        n.axis,
        n.rung.id(),
        n.label,
        parts.join("; "),
        n.sources.iter().map(link).collect::<Vec<_>>().join("; ")
    );
}

fn link(source: &Source) -> String {
    let title = source.title.replace('[', "\\[").replace(']', "\\]");
    match source.as_of {
        Some(month) => format!("[{title}]({}), as of {month}", source.url),
        None => format!("[{title}]({})", source.url),
    }
}
