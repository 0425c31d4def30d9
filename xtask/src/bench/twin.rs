//! Item 7: the kube-scheduler twin's speed — 100 replicas scheduled one by one from zero with
//! every default plugin on 500 and 5,000 generated nodes, natively (`tenancy-bench kube`) and in
//! wasm (`bench/wasm.mjs … kube`), side by side; with valgrind installed, also the instructions
//! each run executes natively, which a loaded machine does not blur.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

use super::{Effort, Goal, Section, Timing, capture, duration, index, ratio, table, timings};
use crate::process;

/// The goal: the 5,000-node instance in at most this many seconds in wasm.
const GOAL_S: f64 = 0.050;
/// The instance the goal is about.
const GOAL_NODES: u64 = 5_000;

/// Instructions (valgrind's `I refs`) of one `tenancy-bench kube-once NODES REPLICAS` run, or
/// `None` without valgrind.
fn instructions(harness: &str, nodes: u64, replicas: u64) -> Option<u64> {
    let (nodes, replicas) = (nodes.to_string(), replicas.to_string());
    let output = process::command(
        "valgrind",
        &[
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            harness,
            "kube-once",
            &nodes,
            &replicas,
        ],
    )
    .output()
    .ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr.lines().find(|line| line.contains(" refs:"))?;
    line.rsplit(':')
        .next()?
        .trim()
        .replace(',', "")
        .parse()
        .ok()
}

/// Millions, for the table.
fn millions(count: u64) -> String {
    format!("{:.1} M", count as f64 / 1e6)
}

/// Times the twin natively and in wasm and tabulates both.
pub fn run(harness: &str, instances: &Path, effort: &Effort) -> Result<Section> {
    println!("bench: timing the kube-scheduler twin natively");
    let runs = effort.runs.to_string();
    let native = timings(&capture(harness, &["kube", &runs])?)?;
    let wasm: BTreeMap<String, Timing> =
        super::wasm::time_profile("measure", instances, effort, &["kube"])?;
    let mut rows = Vec::new();
    let mut goals = Vec::new();
    let mut findings = Vec::new();
    for entry in index(instances, "kube")? {
        let name = entry["name"].as_str().unwrap_or_default();
        let nodes = entry["nodes"]
            .as_u64()
            .context("a twin instance has no nodes")?;
        let replicas = entry["replicas"]
            .as_u64()
            .context("a twin instance has no replicas")?;
        let ours = native
            .get(name)
            .with_context(|| format!("no native timing of {name}"))?;
        let in_wasm = wasm
            .get(name)
            .with_context(|| format!("no wasm timing of {name}"))?;
        if in_wasm.outcome != ours.outcome {
            findings.push(format!(
                "the twin on `{name}` placed `{}` in wasm but `{}` natively.",
                in_wasm.outcome, ours.outcome
            ));
        }
        // The run's instructions less those of generating the cluster and starting up.
        let counted = instructions(harness, nodes, replicas)
            .zip(instructions(harness, nodes, 0))
            .map(|(all, setup)| all.saturating_sub(setup));
        let met = in_wasm.median_s <= GOAL_S;
        if nodes == GOAL_NODES {
            goals.push(Goal {
                text: format!(
                    "7. twin: {replicas} replicas on {nodes} nodes ≤ {} in wasm: {}",
                    duration(GOAL_S),
                    duration(in_wasm.median_s)
                ),
                met,
            });
        }
        rows.push(vec![
            format!("`{name}`"),
            format!("{nodes}"),
            format!("{replicas}"),
            format!("`{}`", ours.outcome),
            duration(ours.median_s),
            duration(in_wasm.median_s),
            ratio(in_wasm.median_s / ours.median_s),
            counted.map_or("—".to_owned(), |count| {
                format!(
                    "{} ({} per pod)",
                    millions(count),
                    millions(count / replicas.max(1))
                )
            }),
            if nodes != GOAL_NODES {
                "—"
            } else if met {
                "met"
            } else {
                "**missed**"
            }
            .to_owned(),
        ]);
    }
    let mut body = table(
        &[
            "instance",
            "nodes",
            "replicas",
            "outcome",
            "native (median)",
            "wasm (median)",
            "wasm / native",
            "native instructions",
            "goal ≤ 50 ms in wasm",
        ],
        &rows,
    );
    body.push_str(&format!(
        "\nEach run schedules the replicas one by one from zero with a new scheduler (`kube::synthetic`: \
         nodes round-robin over 3 zones of 20 racks, allocatable CPU and memory, every tenth node \
         tainted PreferNoSchedule, every fiftieth NoSchedule; a template with a hard zone spread, a \
         soft host spread with matchLabelKeys, preferred rack anti-affinity, preferred node \
         affinity, a toleration and requests), the adaptive percentageOfNodesToScore (500 of 5,000 \
         nodes filtered per cycle) and ties to the first node. The outcome is placed/replicas, the \
         pods per zone, and the most on one rack and on one node; native and wasm must agree. \
         Native: `tenancy-bench kube` (profile `measure`); wasm: the same crate for \
         wasm32-unknown-unknown with the same profile in Node {node}; both as in item 4 (first \
         call, a second of warm-up, up to {runs} runs, median). Instructions: valgrind's count of \
         one native run less that of the same process scheduling no replica (so cluster \
         generation and start-up are left out); a loaded machine does not change it.\n",
        node = process::output("node", &["--version"]).unwrap_or_else(|| "?".to_owned()),
        runs = effort.runs
    ));
    for finding in &findings {
        body.push_str(&format!("\n**Finding:** {finding}\n"));
    }
    Ok(Section {
        title: "7. The kube-scheduler twin: native and WASM".to_owned(),
        body,
        goals,
        findings,
    })
}
