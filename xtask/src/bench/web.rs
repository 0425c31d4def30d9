//! Item 5: the web app's total brotli transfer (the release build in `dist/`, measured as `cargo
//! xtask dist` does) and answer-change latency in Debian's headless Chromium
//! (`tests/e2e/bench/latency.mjs` against `dist/` served with the strict CSP).

use anyhow::{Context, Result};
use serde_json::Value;

use super::{Effort, Goal, Section, capture, median, table};
use crate::process::root;
use crate::{dist, serve};

/// The goals: total brotli transfer and answer-change latency.
const SIZE_GOAL_BYTES: usize = 200_000;
const LATENCY_GOAL_MS: f64 = 16.0;

/// Builds the site, measures its size and the latency of answer changes.
pub fn run(effort: &Effort) -> Result<Section> {
    println!("bench: release build of the site (trunk)");
    dist::build()?;
    let brotli = dist::print_sizes(&root().join("dist"))?;
    let url = serve::spawn(root().join("dist"))?;
    println!(
        "bench: {} answer changes in headless Chromium",
        effort.changes
    );
    let changes = effort.changes.to_string();
    let output = capture("node", &["tests/e2e/bench/latency.mjs", &url, &changes])?;
    let json: Value = serde_json::from_str(output.trim()).context("latency.mjs output")?;
    let list = |key: &str| -> Vec<f64> {
        json[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_f64)
            .collect()
    };
    let (latency, settled) = (list("latency"), list("settled"));
    let max = |values: &[f64]| values.iter().copied().fold(f64::NAN, f64::max);
    let kb = brotli as f64 / 1000.0;
    let goals = vec![
        Goal {
            text: format!("5. total brotli transfer ≤ 200 KB: {kb:.1} KB"),
            met: brotli <= SIZE_GOAL_BYTES,
        },
        Goal {
            text: format!(
                "5. answer-change latency ≤ 16 ms (median): {:.1} ms",
                median(&latency)
            ),
            met: median(&latency) <= LATENCY_GOAL_MS,
        },
        Goal {
            text: format!(
                "5. answer-change latency ≤ 16 ms (max of {}): {:.1} ms",
                latency.len(),
                max(&latency)
            ),
            met: max(&latency) <= LATENCY_GOAL_MS,
        },
    ];
    let ms = |value: f64| format!("{value:.1} ms");
    let verdict = |met: bool| if met { "met" } else { "**missed**" }.to_owned();
    let mut body = table(
        &["measure", "result", "goal", ""],
        &[
            vec![
                "total brotli transfer of `dist/` (quality 11)".to_owned(),
                format!("{kb:.1} KB"),
                "≤ 200 KB".to_owned(),
                verdict(goals[0].met),
            ],
            vec![
                format!(
                    "answer change → stack diagram updated, median of {}",
                    latency.len()
                ),
                ms(median(&latency)),
                "≤ 16 ms".to_owned(),
                verdict(goals[1].met),
            ],
            vec![
                "answer change → stack diagram updated, 95th percentile".to_owned(),
                ms(percentile(&latency, 0.95)),
                "—".to_owned(),
                String::new(),
            ],
            vec![
                "answer change → stack diagram updated, max".to_owned(),
                ms(max(&latency)),
                "≤ 16 ms".to_owned(),
                verdict(goals[2].met),
            ],
            vec![
                "answer change → page settled (next task), median / max".to_owned(),
                format!("{} / {}", ms(median(&settled)), ms(max(&settled))),
                "—".to_owned(),
                String::new(),
            ],
        ],
    );
    body.push_str(
        "\nSize: every file of the release build (`trunk build --release`, opt-level \"z\", \
         wasm-opt -Oz), brotli quality 11, as `cargo xtask dist` prints it. Latency: the served \
         `dist/` (strict CSP) in Debian's headless Chromium; the answer to \"Who shares the \
         platform with this workload?\" alternates between single-team and anonymous, which \
         moves the compute level, so the stack diagram changes every time; each change is timed \
         with `performance.now()` from dispatching `change` to the last DOM mutation inside \
         `[data-testid=stack-diagram]` (a MutationObserver), and \"settled\" to the first task \
         after it. Painting is not included (headless Chromium paints on its own clock).\n",
    );
    Ok(Section {
        title: "5. Web: transfer size and answer-change latency".to_owned(),
        body,
        goals,
        findings: Vec::new(),
    })
}

/// The value below which `share` of the values lie (nearest rank).
fn percentile(values: &[f64], share: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((share * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len().max(1));
    sorted.get(rank - 1).copied().unwrap_or(f64::NAN)
}
