//! Item 3: solve time vs parse time of the same topology JSON, 48 to 1,000,000 hosts, from the
//! criterion benchmark `crates/tenancy-core/benches/place.rs` (its `estimates.json` medians).

use anyhow::{Context, Result};
use serde_json::Value;

use super::{Effort, Goal, Section, duration, ratio, table};
use crate::process::{self, root};

/// The goal: a solve takes at most this many parses of the same JSON.
const GOAL: f64 = 2.0;
const SIZES: [u64; 4] = [48, 4_800, 100_000, 1_000_000];

/// The median of one criterion benchmark, in seconds.
fn estimate(hosts: u64, function: &str) -> Result<f64> {
    let file = root()
        .join("target/criterion")
        .join(format!("{hosts} hosts"))
        .join(function)
        .join(hosts.to_string())
        .join("new/estimates.json");
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(&file)
            .with_context(|| format!("criterion wrote no {}", file.display()))?,
    )?;
    let nanos = json["median"]["point_estimate"]
        .as_f64()
        .context("estimates.json has no median")?;
    Ok(nanos / 1e9)
}

/// Runs the criterion benchmark (short warm-up and measurement) and reads its medians.
pub fn run(effort: &Effort) -> Result<Section> {
    let sizes: &[u64] = if effort.quick { &SIZES[..2] } else { &SIZES };
    println!("bench: criterion, parse vs solve ({} sizes)", sizes.len());
    let filter = format!(
        "^({}) hosts/",
        sizes
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join("|")
    );
    process::run(
        "cargo",
        &[
            "bench",
            "--quiet",
            "-p",
            "tenancy-core",
            "--bench",
            "place",
            "--",
            "--warm-up-time",
            "1",
            "--measurement-time",
            "3",
            &filter,
        ],
    )?;
    let mut rows = Vec::new();
    let mut goals = Vec::new();
    for &hosts in sizes {
        let parse = estimate(hosts, "parse")?;
        let solve = estimate(hosts, "solve")?;
        let share = solve / parse;
        goals.push(Goal {
            text: format!(
                "3. solve ≤ {GOAL:.0}× parse at {hosts} hosts: {}",
                ratio(share)
            ),
            met: share <= GOAL,
        });
        rows.push(vec![
            format!("{hosts}"),
            duration(parse),
            duration(solve),
            ratio(share),
            if share <= GOAL { "met" } else { "**missed**" }.to_owned(),
        ]);
    }
    let mut body = table(
        &[
            "hosts",
            "parse (median)",
            "solve (median)",
            "solve / parse",
            "goal ≤ 2×",
        ],
        &rows,
    );
    body.push_str(
        "\nCriterion medians (`--warm-up-time 1 --measurement-time 3`, 10 samples; it stretches \
         the time where 10 samples need longer). Parse is `Topology::from_json_str` on the \
         compact JSON of the generated topology: serde, then `validate`. The 1,000,000-host JSON \
         is larger than the 64 MiB input limit, so at that size the benchmark runs the same two \
         steps without the size check (the CLI and the web app refuse that file). Solve is \
         `place` with the item-1 request (9 replicas, ≥ 3 data centers, ≤ 3 per data center, \
         ≤ 1 per rack, ≥ 9 PDUs) on the parsed topology.\n",
    );
    Ok(Section {
        title: "3. Scaling: solve vs parse, 48 to 1,000,000 hosts".to_owned(),
        body,
        goals,
        findings: Vec::new(),
    })
}
