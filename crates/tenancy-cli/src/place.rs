//! `tenancy place`: a topology and a request in, a placement or its minimal conflict out.

use std::fmt::Write;

use tenancy_core::plan::{Plan, plan};
use tenancy_core::topology::HOST_KIND;
use tenancy_core::{Request, Topology};

use crate::topology::{TopologyFormat, read};
use crate::{BadInput, Outcome, input};

/// Output formats of `tenancy place`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Machine-readable JSON.
    Json,
    /// What a person reads in a terminal.
    Text,
}

/// Arguments of `tenancy place`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The topology file.
    #[arg(long, value_name = "FILE")]
    topology: String,
    /// The topology file's format (default: detected from the text, as the web app does).
    #[arg(long, value_enum)]
    from: Option<TopologyFormat>,
    /// The request as JSON, from a file or `-` for standard input.
    #[arg(long, value_name = "FILE|-")]
    request: String,
    /// Keep every replica in one domain of this kind (`datacenter`), or `any`; overrides the
    /// request's `scope`.
    #[arg(long, value_name = "KIND|any")]
    scope: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
}

/// Exit 0 with a placement, 1 with a conflict (the output is printed either way).
pub fn run(args: &Args) -> Result<Outcome, BadInput> {
    let imported = read(args.from, &args.topology)?;
    let topology = imported.topology;
    let text = input::read(&args.request, "request")?;
    let place = if args.request == "-" {
        "standard input".to_owned()
    } else {
        format!("`{}`", args.request)
    };
    let mut request = Request::from_json_str(&text, &topology)
        .map_err(|e| BadInput(format!("request in {place}: {e}")))?;
    if let Some(scope) = &args.scope {
        request = request
            .with_scope(scope, &topology)
            .map_err(|e| BadInput(format!("--scope: {e}")))?;
    }
    let plan = plan(&topology, &request);
    let stdout = match args.format {
        Format::Json => plan
            .clone()
            .with_input_warnings(&imported.warnings)
            .to_json_string(),
        Format::Text => text_form(&topology, &request, &plan),
    };
    Ok(Outcome {
        stdout,
        stderr: imported
            .warnings
            .iter()
            .map(|w| format!("warning: {w}"))
            .collect(),
        code: if plan.placement.feasible { 0 } else { 1 },
    })
}

/// A table of replica → host and domains, the spread, and any conflict, for people.
fn text_form(topology: &Topology, request: &Request, plan: &Plan) -> String {
    let placement = &plan.placement;
    let mut out = String::new();
    let verdict = match (placement.feasible, placement.optimal) {
        (true, Some(true)) => "placed (optimal blast radius)",
        (true, _) => "placed (search budget ran out: valid, perhaps not optimal)",
        (false, _) => "infeasible",
    };
    let _ = writeln!(
        out,
        "{} replicas, quorum {}: {verdict}",
        request.replicas, request.quorum
    );
    if let Some(assignments) = &placement.assignments {
        let mut header = vec!["replica".to_owned(), HOST_KIND.to_owned()];
        header.extend(topology.kinds.iter().cloned());
        let mut rows = vec![header];
        for assignment in assignments {
            let mut row = vec![assignment.replica.to_string(), assignment.host.clone()];
            row.extend(topology.kinds.iter().map(|kind| {
                assignment
                    .domains
                    .get(kind)
                    .cloned()
                    .unwrap_or_else(|| "-".to_owned())
            }));
            rows.push(row);
        }
        let _ = writeln!(out);
        table(&mut out, &rows);
    }
    if let Some(spread) = &placement.spread {
        let _ = writeln!(out);
        let mut rows = vec![vec![
            "spread".to_owned(),
            "domains used".to_owned(),
            "most in one domain".to_owned(),
        ]];
        for kind in topology.kinds.iter().map(String::as_str).chain([HOST_KIND]) {
            if let Some(s) = spread.get(kind) {
                rows.push(vec![
                    kind.to_owned(),
                    s.domains_used.to_string(),
                    s.max_per_domain.to_string(),
                ]);
            }
        }
        table(&mut out, &rows);
    }
    if let Some(availability) = &plan.availability {
        let nines = availability
            .nines
            .map_or("unbounded".to_owned(), |n| format!("{n:.2}"));
        let _ = writeln!(
            out,
            "\navailability: p_quorum {:.9}, {nines} nines, {:.1} minutes a year without quorum ({})",
            availability.p_quorum,
            availability.downtime_minutes_per_year,
            match availability.method {
                tenancy_core::availability::Method::Exact => "exact",
                tenancy_core::availability::Method::MonteCarlo => "Monte-Carlo estimate",
            }
        );
        let mut rows = vec![vec![
            "worst single failure".to_owned(),
            "domain".to_owned(),
            "replicas down".to_owned(),
            "quorum survives".to_owned(),
        ]];
        for failure in &availability.worst_single_failure {
            rows.push(vec![
                failure.kind.clone(),
                failure.domain.clone().unwrap_or_else(|| "-".to_owned()),
                failure.replicas_down.to_string(),
                if failure.quorum_survives { "yes" } else { "no" }.to_owned(),
            ]);
        }
        table(&mut out, &rows);
    }
    if let Some(conflict) = &placement.conflict {
        if conflict.rules.is_empty() {
            let _ = writeln!(out, "\nnot even without rules:");
        } else {
            let _ = writeln!(
                out,
                "\nconflicting rules (dropping any one makes the request feasible):"
            );
            for &index in &conflict.rules {
                let _ = writeln!(out, "  rules[{index}]: {}", request.rules[index]);
            }
        }
        let _ = writeln!(out, "why: {}", conflict.explanation);
        if !conflict.proven {
            let _ = writeln!(
                out,
                "(the search budget ran out, so this is not proven minimal or impossible)"
            );
        }
    }
    if !placement.warnings.is_empty() {
        let _ = writeln!(out, "\nwarnings:");
        for warning in &placement.warnings {
            let _ = writeln!(out, "  - {warning}");
        }
    }
    out
}

/// Left-aligned columns separated by two spaces.
fn table(out: &mut String, rows: &[Vec<String>]) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = String::from("  ");
        for (cell, width) in row.iter().zip(&widths) {
            let _ = write!(line, "{cell:<width$}  ");
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}
