//! Item 1: our solver vs Google OR-tools CP-SAT (`bench/cpsat.py` in a virtualenv under
//! `target/bench/venv` with `ortools` pinned) on the same instances: same optimum, time ratio.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::Value;

use super::{Effort, Goal, Section, Timing, capture, duration, index, ratio, table};
use crate::process::root;
use crate::validators::{installed, pip_install};

/// The pinned OR-tools version.
pub const ORTOOLS: &str = "9.15.6755";
/// The goal: our solver at least this many times faster.
const GOAL: f64 = 100.0;

/// Creates the virtualenv and installs `ortools` unless that version is there already.
fn venv() -> Result<String> {
    let venv = root().join("target/bench/venv");
    let python = venv.join("bin/python").to_string_lossy().into_owned();
    if installed(&venv, "ortools", ORTOOLS) {
        return Ok(python);
    }
    println!("bench: ortools is about a 60 MB download, 270 MB installed");
    pip_install(&venv, "bench", &[format!("ortools=={ORTOOLS}")], "ortools")?;
    Ok(python)
}

/// Runs CP-SAT on every solver instance and compares it with our native timings.
pub fn run(
    instances: &Path,
    native: &BTreeMap<String, Timing>,
    effort: &Effort,
) -> Result<Section> {
    let python = venv()?;
    println!(
        "bench: CP-SAT on the same instances ({} run(s) each)",
        effort.cpsat_runs
    );
    let instances_arg = instances.to_string_lossy().into_owned();
    let runs = effort.cpsat_runs.to_string();
    let output = capture(&python, &["bench/cpsat.py", &instances_arg, &runs])?;
    let results: Vec<Value> = serde_json::from_str(output.trim()).context("cpsat.py output")?;
    let mut rows = Vec::new();
    let mut findings = Vec::new();
    // The least ratio over the instances, per way of calling ours, with its instance.
    let mut least_per_call: Option<(f64, String)> = None;
    let mut least_indexed: Option<(f64, String)> = None;
    let least = |slot: &mut Option<(f64, String)>, value: f64, name: &str| {
        if slot
            .as_ref()
            .is_none_or(|(v, _)| value < *v || value.is_nan())
        {
            *slot = Some((value, name.to_owned()));
        }
    };
    for entry in index(instances, "solver")? {
        let name = entry["name"].as_str().unwrap_or_default();
        // The wasm-only large instance has no CP-SAT run.
        let Some(theirs) = results.iter().find(|r| r["name"] == name) else {
            continue;
        };
        let ours = native
            .get(name)
            .with_context(|| format!("no native timing of {name}"))?;
        let their_outcome = theirs["outcome"].as_str().unwrap_or_default();
        let our_outcome = ours.outcome.split(':').next().unwrap_or_default();
        let same = our_outcome == their_outcome;
        if !same {
            findings.push(format!(
                "on `{name}` CP-SAT found `{their_outcome}` but ours `{}`.",
                ours.outcome
            ));
        }
        let solve = theirs["solve_s"].as_f64().unwrap_or(f64::NAN);
        let total = theirs["total_s"].as_f64().unwrap_or(f64::NAN);
        let indexed = ours.indexed_median_s.unwrap_or(f64::NAN);
        least(&mut least_per_call, solve / ours.median_s, name);
        least(&mut least_indexed, solve / indexed, name);
        rows.push(vec![
            format!("`{name}`"),
            entry["note"].as_str().unwrap_or_default().to_owned(),
            format!("`{}`", ours.outcome),
            format!("`{their_outcome}`"),
            if same { "yes" } else { "**no**" }.to_owned(),
            duration(ours.median_s),
            duration(indexed),
            ours.index_s.map_or("—".to_owned(), duration),
            duration(solve),
            duration(total),
            ratio(solve / ours.median_s),
            ratio(solve / indexed),
            ratio(total / ours.median_s),
        ]);
    }
    let goal = |least: Option<(f64, String)>, how: &str| {
        let (value, name) = least.unwrap_or((f64::NAN, "no instance".to_owned()));
        Goal {
            text: format!(
                "1. {how}: ≥ {GOAL:.0}× faster than CP-SAT (its solve calls) on every instance in one run: least {} (`{name}`)",
                ratio(value)
            ),
            met: value >= GOAL,
        }
    };
    let goals = vec![
        goal(least_per_call, "Each `place` call indexing the topology"),
        goal(
            least_indexed,
            "On a topology indexed once (`place_indexed`)",
        ),
    ];
    let mut body = table(
        &[
            "instance",
            "request",
            "ours: blast radius",
            "CP-SAT",
            "same",
            "ours: `place` (median)",
            "ours: `place_indexed`",
            "indexing the topology",
            "CP-SAT solve",
            "CP-SAT build + solve",
            "ratio: solve / `place`",
            "ratio: solve / `place_indexed`",
            "ratio: build + solve / `place`",
        ],
        &rows,
    );
    body.push_str(&format!(
        "\nBlast radius = the most replicas in one domain per kind, widest first: region, data \
         center, room, PDU, rack, switch, host. Ours: median of up to {} calls of \
         `tenancy_core::place` (profile `measure`: opt-level 3, thin LTO) after a second of warm-up; an \
         infeasible outcome lists the minimal conflicting rules it names (rule 4 = ≤ 4 per \
         region). `place` indexes the topology (interns every host's domains, groups hosts with \
         the same domains) on each call; `place_indexed` places on a `topology::Index` built \
         once, as an app placing many requests on one topology does, and \"indexing the \
         topology\" is the median time of building that index. Both give the same answer (the \
         harness checks). CP-SAT {ORTOOLS}, one worker, lexicographic: per kind widest first one \
         `Solve` minimising that kind's largest load, then fixed; times are medians of {} full \
         solves (one at 100,000 hosts), Python start-up and JSON reading excluded; \"solve\" is the `Solve` calls only, \
         \"build\" adds building the model (its grouping of hosts per domain is our index). Our time includes building our model and, when \
         infeasible, finding a minimal conflict and its explanation; CP-SAT only proves \
         infeasibility. A difference in feasibility or in the vector fails the run and is listed \
         as a finding.\n",
        effort.runs, effort.cpsat_runs
    ));
    for finding in &findings {
        body.push_str(&format!("\n**Finding:** {finding}\n"));
    }
    Ok(Section {
        title: "1. Our solver vs OR-tools CP-SAT".to_owned(),
        body,
        goals,
        findings,
    })
}
