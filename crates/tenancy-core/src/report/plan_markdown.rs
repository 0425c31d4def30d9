//! A plan as Markdown for a design document or a ticket: the request, the placement as a table
//! (or the conflict), and its availability with its meaning, frequency, common-mode share, the
//! worst single failure per kind and the rates with their sources.

use std::fmt::Write;

use crate::availability::Availability;
use crate::plan::Plan;
use crate::request::{Request, plural};
use crate::topology::Topology;

use super::plan::{availability_words, rate_rows};

/// The request, placement and availability sections (each under a `##` heading).
pub fn plan_markdown(topology: &Topology, request: &Request, plan: &Plan) -> String {
    let mut out = String::new();
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
            .select_labels()
            .iter()
            .map(|label| format!("`{label}`"))
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
            if let Some(availability) = &plan.availability {
                availability_markdown(&mut out, availability);
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
    out
}

/// The availability section: figures with their meaning, the worst single failures, the rates.
fn availability_markdown(out: &mut String, assessed: &Availability) {
    let words = availability_words(assessed);
    let _ = writeln!(out, "\n## Availability\n");
    let _ = writeln!(out, "**{}**; {}.\n", words.headline, words.downtime);
    if let Some(frequency) = &words.frequency {
        let _ = writeln!(out, "- Frequency: {frequency}.");
    }
    let _ = writeln!(out, "- Correlated failures: {}.", words.common_mode);
    let _ = writeln!(out, "- Meaning: {}\n", words.meaning);
    let _ = writeln!(
        out,
        "| kind | worst single failure | replicas down | left | quorum survives |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
    for failure in &assessed.worst_single_failure {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&failure.kind),
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
    let _ = writeln!(
        out,
        "\nRates used (failures a year, mean hours to repair):\n"
    );
    let _ = writeln!(
        out,
        "| kind | failures / yr | repair (h) | basis | source |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
    for (row, rate) in rate_rows(assessed).iter().zip(&assessed.rates) {
        let source = match rate.source {
            Some(source) => format!("[{}]({})", cell(source.title), source.url),
            None => "–".to_owned(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {source} |",
            cell(&row[0]),
            row[1],
            row[2],
            row[3]
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
