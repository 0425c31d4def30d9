//! Item 4: `place` compiled to wasm32 and run in Node vs the same calls natively, on the same
//! instances (`bench/wasm.mjs` times the `tenancy-bench` crate's `#[wasm_bindgen]` exports).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

use super::{
    Effort, Goal, Section, Timing, bench_dir, capture, duration, index, ratio, table, timings,
};
use crate::process::{self, root};

/// The goal: wasm at most this many times slower than native.
const GOAL: f64 = 2.0;

/// Builds the harness for wasm32 with a cargo profile, binds it for Node and times the
/// instances of one list of the index (`solver`, `kube`, or `crush` followed by the replicas and
/// inputs per map).
pub fn time_profile(
    profile: &str,
    instances: &Path,
    effort: &Effort,
    list: &[&str],
) -> Result<BTreeMap<String, Timing>> {
    println!("bench: wasm32 harness, profile `{profile}`");
    process::run(
        "cargo",
        &[
            "build",
            "--quiet",
            "-p",
            "tenancy-bench",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            profile,
        ],
    )?;
    let wasm = root()
        .join("target/wasm32-unknown-unknown")
        .join(profile)
        .join("tenancy_bench.wasm");
    let out = bench_dir(&format!("wasm-{profile}"));
    let (wasm_arg, out_arg) = (
        wasm.to_string_lossy().into_owned(),
        out.to_string_lossy().into_owned(),
    );
    process::run(
        "wasm-bindgen",
        &["--target", "nodejs", "--out-dir", &out_arg, &wasm_arg],
    )?;
    let glue = out.join("tenancy_bench.js").to_string_lossy().into_owned();
    let instances_arg = instances.to_string_lossy().into_owned();
    let runs = effort.runs.to_string();
    let mut args = vec!["bench/wasm.mjs", &glue, &instances_arg, &runs];
    args.extend(list);
    timings(&capture("node", &args)?)
}

/// Times the wasm builds and compares them with the native timings.
pub fn run(
    instances: &Path,
    native: &BTreeMap<String, Timing>,
    effort: &Effort,
) -> Result<Section> {
    let same_profile = time_profile("measure", instances, effort, &["solver"])?;
    // The web app places in its worker, built with the `worker` profile (opt-level 3 for every
    // crate, fat LTO): what its users get, minus wasm-opt.
    let shipped = if effort.quick {
        None
    } else {
        Some(time_profile("worker", instances, effort, &["solver"])?)
    };
    let mut rows = Vec::new();
    let mut goals = Vec::new();
    let mut findings = Vec::new();
    for entry in index(instances, "solver")? {
        let name = entry["name"].as_str().unwrap_or_default();
        let ours = native
            .get(name)
            .with_context(|| format!("no native timing of {name}"))?;
        let wasm = same_profile
            .get(name)
            .with_context(|| format!("no wasm timing of {name}"))?;
        if wasm.outcome != ours.outcome {
            findings.push(format!(
                "on `{name}` wasm found `{}` but native `{}`.",
                wasm.outcome, ours.outcome
            ));
        }
        let slowdown = wasm.median_s / ours.median_s;
        // The goal is what users get, the worker's build; the same-profile build is the goal
        // only in a quick run, which does not build the worker's profile.
        let mut verdict = slowdown;
        if shipped.is_none() {
            goals.push(Goal {
                text: format!("4. wasm ≤ {GOAL:.0}× native on {name}: {}", ratio(slowdown)),
                met: slowdown <= GOAL,
            });
        }
        let mut row = vec![
            format!("`{name}`"),
            format!("`{}`", ours.outcome),
            duration(ours.median_s),
            duration(wasm.median_s),
            ratio(slowdown),
            format!("{} / {}", duration(ours.first_s), duration(wasm.first_s)),
        ];
        if let Some(shipped) = &shipped {
            let timing = shipped.get(name);
            row.push(timing.map_or("—".to_owned(), |t| duration(t.median_s)));
            row.push(timing.map_or("—".to_owned(), |t| ratio(t.median_s / ours.median_s)));
            if let Some(timing) = timing {
                let shipped_slowdown = timing.median_s / ours.median_s;
                verdict = shipped_slowdown;
                goals.push(Goal {
                    text: format!(
                        "4. wasm as shipped (the worker) ≤ {GOAL:.0}× native on {name}: {}",
                        ratio(shipped_slowdown)
                    ),
                    met: shipped_slowdown <= GOAL,
                });
            }
        }
        row.push(if verdict <= GOAL { "met" } else { "**missed**" }.to_owned());
        rows.push(row);
    }
    let mut header = vec![
        "instance",
        "outcome",
        "native (median)",
        "wasm, same profile",
        "wasm / native",
        "first call: native / wasm",
    ];
    if shipped.is_some() {
        header.extend(["wasm as shipped (the worker's profile)", "shipped / native"]);
    }
    header.push(if shipped.is_some() {
        "goal: shipped ≤ 2×"
    } else {
        "goal ≤ 2×"
    });
    let mut body = table(&header, &rows);
    body.push_str(&format!(
        "\nNative: the harness binary, profile `measure` (opt-level 3, thin LTO). Wasm: the same \
         crate built for wasm32-unknown-unknown with the same profile, bound by `wasm-bindgen \
         --target nodejs` and run in Node {node}, timed with `performance.now()` around each \
         `solve` call (parsing is done once, outside the timing). Both: the first call on its own, \
         then warm-up calls for at least a second (wasm yields to the event loop between calls, \
         as an app does between events, so V8 can swap its baseline Liftoff code for optimised \
         TurboFan code), then up to {runs} runs, median. The web app places in its worker, built with the \
         `worker` profile (opt-level 3 for the core and the worker crate, whose part the harness \
         plays here, the rest for size; fat LTO, one codegen unit, then wasm-opt -O3), so the \
         \"as shipped\" column is what its users get, minus wasm-opt, and is the goal; the \
         same-profile column shows what the code generation settings alone change. The page, \
         built for size, does no placement.\n",
        node = process::output("node", &["--version"]).unwrap_or_else(|| "?".to_owned()),
        runs = effort.runs
    ));
    for finding in &findings {
        body.push_str(&format!("\n**Finding:** {finding}\n"));
    }
    Ok(Section {
        title: "4. WASM (Node) vs native".to_owned(),
        body,
        goals,
        findings,
    })
}
