//! Item 5: the web app's first view and total brotli transfer (the release build in `dist/`,
//! measured as `cargo xtask dist` does), answer-change latency in Debian's headless Chromium
//! (`tests/e2e/bench/latency.mjs` against `dist/` served with the strict CSP) and the time to the
//! first result on Chromium's "Slow 4G" (`tests/e2e/bench/first-result.mjs`, brotli served).

use anyhow::{Context, Result};
use serde_json::Value;

use super::{Effort, Goal, Section, capture, median, table};
use crate::process::root;
use crate::{dist, serve};

/// The goal for answer-change latency (the first view's size goal is `dist`'s budget).
const LATENCY_GOAL_MS: f64 = 16.0;

/// Builds the site, measures its size, the latency of answer changes and the time to the first
/// result on a throttled connection.
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
    let (latency, settled) = (numbers(&json, "latency"), numbers(&json, "settled"));
    let max = |values: &[f64]| values.iter().copied().fold(f64::NAN, f64::max);
    let loads = if effort.quick { 1 } else { 3 };
    println!("bench: {loads} load(s) on Chromium's Slow 4G, brotli served");
    let compressed = serve::spawn_compressed(root().join("dist"))?;
    let output = capture(
        "node",
        &[
            "tests/e2e/bench/first-result.mjs",
            &compressed,
            &loads.to_string(),
        ],
    )?;
    let slow: Value = serde_json::from_str(output.trim()).context("first-result.mjs output")?;
    let first_result = numbers(&slow, "firstResult");
    let kb = |bytes: usize| format!("{:.1} KB", bytes as f64 / 1000.0);
    let first_view_met = brotli.first_view <= dist::FIRST_VIEW_BUDGET;
    let goals = vec![
        Goal {
            text: format!(
                "5. first view ≤ {}: {}",
                kb(dist::FIRST_VIEW_BUDGET),
                kb(brotli.first_view)
            ),
            met: first_view_met,
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
    let seconds = |values: &[f64]| {
        format!(
            "{:.2} s (of {}: {})",
            median(values) / 1000.0,
            values.len(),
            values
                .iter()
                .map(|v| format!("{:.2}", v / 1000.0))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let verdict = |met: bool| if met { "met" } else { "**missed**" }.to_owned();
    let mut body = table(
        &["measure", "result", "goal", ""],
        &[
            vec![
                "first view: brotli transfer of `dist/` but the panels and the worker (quality 11)"
                    .to_owned(),
                kb(brotli.first_view),
                format!("≤ {}", kb(dist::FIRST_VIEW_BUDGET)),
                verdict(first_view_met),
            ],
            vec![
                "everything, the panels and the worker included".to_owned(),
                kb(brotli.total),
                "—".to_owned(),
                String::new(),
            ],
            vec![
                "Slow 4G, empty cache: navigation → first result (stack diagram), median"
                    .to_owned(),
                seconds(&first_result),
                "—".to_owned(),
                String::new(),
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
        "\nSize: every file of the release build (`trunk build --release`, minified: the first view \
         and the panels at opt-level \"z\" and wasm-opt -Oz, the worker in the `worker` profile at \
         opt-level 3 and wasm-opt -O3), brotli quality 11, as `cargo xtask dist` prints it; the \
         first view is every file but the panels' (the details, placement, exports, twins and \
         sharing, loaded once the first view is on screen) and the worker's. Slow 4G: Chromium DevTools' preset (562.5 ms latency, 1.44 Mbit/s \
         down, 675 kbit/s up) set over the DevTools protocol, cache disabled, files served \
         brotli-compressed as a static host with pre-compressed assets does, a new browser \
         context per load; times from the start of navigation, no CPU throttling. Latency: the served \
         `dist/` (strict CSP) in Debian's headless Chromium; the answer to \"Who shares the \
         platform with this workload?\" alternates between single-team and anonymous, which \
         moves the compute level, so the stack diagram changes every time; each change is timed \
         with `performance.now()` from dispatching `change` to the last DOM mutation inside \
         `[data-testid=stack-diagram]` (a MutationObserver), and \"settled\" to the first task \
         after it. Painting is not included (headless Chromium paints on its own clock).\n",
    );
    Ok(Section {
        title: "5. Web: first view, answer-change latency, first result on Slow 4G".to_owned(),
        body,
        goals,
        findings: Vec::new(),
    })
}

/// The numbers of the list `key` of a script's JSON output.
fn numbers(json: &Value, key: &str) -> Vec<f64> {
    json[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_f64)
        .collect()
}

/// The value below which `share` of the values lie (nearest rank).
fn percentile(values: &[f64], share: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((share * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len().max(1));
    sorted.get(rank - 1).copied().unwrap_or(f64::NAN)
}
