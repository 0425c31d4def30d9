//! The Markdown report for a design document or a ticket: the recommendation (answers, levels,
//! reasons with sources — [`crate::report::markdown`]), then the request, the placement as a
//! table and its availability with the worst single failure per kind, all read from the caller's
//! [`Plan`] (nothing is solved again here).

use std::fmt::Write;

use crate::availability::Availability;
use crate::plan::Plan;
use crate::recommend::Recommendation;
use crate::request::{Request, plural};
use crate::topology::{HOST_KIND, Topology};

use super::Export;

/// The full report (see the module documentation). Nothing is lossy in Markdown.
pub fn markdown(
    recommendation: &Recommendation,
    request: &Request,
    topology: &Topology,
    plan: &Plan,
) -> Export {
    let mut out = crate::report::markdown(recommendation);
    let _ = writeln!(out, "\n## Placement request\n");
    let _ = writeln!(
        out,
        "{} replicas, quorum {}, on the topology \"{}\" ({} hosts).\n",
        request.replicas,
        request.quorum,
        cell(&topology.name),
        topology.hosts.len()
    );
    if !request.select.is_empty() {
        let labels: Vec<String> = request
            .select
            .iter()
            .map(|(key, value)| format!("`{key}={value}`"))
            .collect();
        let _ = writeln!(out, "Only hosts labelled {}.\n", labels.join(", "));
    }
    if let Some(kind) = &request.scope {
        let _ = writeln!(out, "Every replica in one {}.\n", plural(kind, 1));
    }
    if request.rules.is_empty() {
        let _ = writeln!(out, "No rules.");
    } else {
        for (index, rule) in request.rules.iter().enumerate() {
            let _ = writeln!(out, "{}. {rule}", index + 1);
        }
    }

    let placement = &plan.placement;
    let _ = writeln!(out, "\n## Placement\n");
    match (&placement.assignments, &placement.conflict) {
        (Some(assignments), _) => {
            if placement.optimal == Some(false) {
                let _ = writeln!(
                    out,
                    "The search budget ran out: every rule holds, but the blast radius may not \
                     be the smallest.\n"
                );
            }
            if let Some(within) = &placement.scope {
                let _ = writeln!(
                    out,
                    "All in {} `{}`.\n",
                    plural(&within.kind, 1),
                    cell(&within.domain)
                );
            }
            let kinds: Vec<&str> = topology.kinds.iter().map(String::as_str).collect();
            let _ = writeln!(out, "| replica | host | {} |", kinds.join(" | "));
            let _ = writeln!(out, "| --- | --- |{}", " --- |".repeat(kinds.len()));
            for assignment in assignments {
                let domains: Vec<String> = kinds
                    .iter()
                    .map(|kind| cell(assignment.domains.get(*kind).map_or("–", String::as_str)))
                    .collect();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    assignment.replica,
                    cell(&assignment.host),
                    domains.join(" | ")
                );
            }
            if let Some(assessed) = &plan.availability {
                availability(&mut out, assessed);
            }
        }
        (None, Some(conflict)) => {
            let rules: Vec<String> = conflict
                .rules
                .iter()
                .filter_map(|index| request.rules.get(*index))
                .map(ToString::to_string)
                .collect();
            let _ = writeln!(out, "**Infeasible.** {}", conflict.explanation);
            if !rules.is_empty() {
                let _ = writeln!(out, "\nConflicting rules: {}.", rules.join("; "));
            }
            if let Some(kind) = &conflict.scope {
                let _ = writeln!(
                    out,
                    "\nThe scope (every replica in one {}) is part of the conflict.",
                    plural(kind, 1)
                );
            }
        }
        (None, None) => {
            let _ = writeln!(out, "**Infeasible.**");
        }
    }
    if !placement.warnings.is_empty() {
        let _ = writeln!(out, "\nPlacement warnings:\n");
        for warning in &placement.warnings {
            let _ = writeln!(out, "- {warning}");
        }
    }
    Export::new(out, Vec::new())
}

fn availability(out: &mut String, assessed: &Availability) {
    let _ = writeln!(out, "\n## Availability\n");
    let nines = assessed
        .nines
        .map_or("unbounded".to_owned(), |nines| format!("{nines:.2}"));
    let method = match assessed.method {
        crate::availability::Method::Exact => "exact".to_owned(),
        crate::availability::Method::MonteCarlo => format!(
            "Monte-Carlo, {} samples",
            assessed.samples.unwrap_or_default()
        ),
    };
    let _ = writeln!(
        out,
        "Probability that at least {} of {} replicas are up: **{:.9}** ({nines} nines, about \
         {:.2} minutes a year without quorum; {method}).\n",
        assessed.quorum, assessed.replicas, assessed.p_quorum, assessed.downtime_minutes_per_year
    );
    let _ = writeln!(
        out,
        "| kind | worst single failure | replicas down | left | quorum survives |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
    for failure in &assessed.worst_single_failure {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            if failure.kind == HOST_KIND {
                "host"
            } else {
                &failure.kind
            },
            cell(failure.domain.as_deref().unwrap_or("–")),
            failure.replicas_down,
            failure.replicas_left,
            if failure.quorum_survives {
                "yes"
            } else {
                "**no**"
            }
        );
    }
    if !assessed.warnings.is_empty() {
        let _ = writeln!(out);
        for warning in &assessed.warnings {
            let _ = writeln!(out, "- {warning}");
        }
    }
}

/// Keeps a table cell in its cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
