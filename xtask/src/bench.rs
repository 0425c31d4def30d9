//! `cargo xtask bench`: every benchmark, side by side in one run on one machine, written
//! to `BENCH.md` (or, with `--quick`, a faster smoke run written to `target/bench/BENCH.md`).
//! `--cpsat`, `--crush`, `--wasm`, `--web`, `--published` and `--twin` rerun one section (CP-SAT,
//! crushtool and the CRUSH twin, wasm vs native, the web app, the reproduced published result,
//! the kube-scheduler twin) and replace it in `BENCH.md`.
//!
//! The instances come from `tenancy-bench write` (the `bench/` crate), so our solver natively and
//! in wasm, CP-SAT and crushtool all read the same files under `target/bench/instances`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::process::{self, root};
use crate::setup;

mod cpsat;
mod crush;
mod published;
mod report;
mod scaling;
mod twin;
mod wasm;
mod web;

/// How much work one run does.
#[derive(Debug, Clone, Copy)]
pub struct Effort {
    /// `--quick`: small sizes, few runs, no BENCH.md at the root.
    pub quick: bool,
    /// Runs of `place` per instance, natively and in wasm (median reported).
    pub runs: usize,
    /// Full lexicographic CP-SAT solves per instance (median reported).
    pub cpsat_runs: usize,
    /// crushtool inputs (`--min-x 0 --max-x N-1`).
    pub crush_inputs: usize,
    /// Answer changes in the latency benchmark.
    pub changes: usize,
}

impl Effort {
    /// The full run, and each section rerun alone.
    const FULL: Effort = Effort {
        quick: false,
        runs: 51,
        cpsat_runs: 3,
        crush_inputs: 10_000,
        changes: 100,
    };
    /// `--quick`.
    const QUICK: Effort = Effort {
        quick: true,
        runs: 11,
        cpsat_runs: 1,
        crush_inputs: 1000,
        changes: 20,
    };
}

/// One result section of the report.
pub struct Section {
    /// The heading.
    pub title: String,
    /// Markdown: the table and what it means.
    pub body: String,
    /// The goals this section decides.
    pub goals: Vec<Goal>,
    /// Disagreements between two solvers on the same instance: these fail the run.
    pub findings: Vec<String>,
}

/// A goal of the issue, met or missed.
pub struct Goal {
    /// What the goal is and what was measured.
    pub text: String,
    /// Whether it was met.
    pub met: bool,
}

/// Our native timing of one instance (from `tenancy-bench time`, or wasm.mjs for wasm).
#[derive(Debug, Clone)]
pub struct Timing {
    /// The blast-radius vector or `infeasible:…` (see `tenancy_bench::outcome`).
    pub outcome: String,
    /// Seconds of the first, cold call.
    pub first_s: f64,
    /// Median seconds per `place` after the warm-up.
    pub median_s: f64,
    /// Median seconds per `place_indexed` on the topology indexed beforehand (native only).
    pub indexed_median_s: Option<f64>,
    /// Median seconds of indexing the topology (native only).
    pub index_s: Option<f64>,
}

/// Runs every benchmark and writes the report.
pub fn run(args: &[String]) -> Result<ExitCode> {
    if args == ["--published"] {
        return published_only();
    }
    if args == ["--cpsat"] {
        return cpsat_only();
    }
    let quick = args.iter().any(|arg| arg == "--quick");
    if args == ["--twin"] {
        return twin_only();
    }
    if args == ["--web"] {
        return web_only();
    }
    if args == ["--wasm"] {
        return wasm_only();
    }
    if args == ["--crush"] {
        return crush_only();
    }
    if let Some(unknown) = args.iter().find(|arg| *arg != "--quick") {
        bail!(
            "unknown argument `{unknown}` (cargo xtask bench [--quick | --published | --cpsat | --crush | --twin | --web | --wasm])"
        );
    }
    let effort = if quick { Effort::QUICK } else { Effort::FULL };
    setup::run()?;
    let dir = root().join("target/bench");
    let instances = dir.join("instances");
    println!("bench: building the timing harness (profile `measure`)");
    let harness = build_harness()?;
    let harness = harness.to_string_lossy();
    let instances_arg = instances.to_string_lossy().into_owned();
    let mut write_args = vec!["write", instances_arg.as_str()];
    if !quick {
        write_args.push("--large");
    }
    process::run(&harness, &write_args)?;
    println!("bench: timing our solver natively");
    let runs = effort.runs.to_string();
    let native = timings(&capture(&harness, &["time", &instances_arg, &runs])?)?;

    let mut sections = Vec::new();
    let mut failed = false;
    let mut section = |name: &str, result: Result<Section>| match result {
        Ok(section) => {
            println!("\n{}\n\n{}", section.title, section.body);
            sections.push(section);
        }
        Err(error) => {
            eprintln!("bench: {name} failed: {error:#}");
            failed = true;
            sections.push(Section {
                title: format!("{name}: failed"),
                body: format!("The benchmark failed in this run: {error:#}\n"),
                goals: Vec::new(),
                findings: Vec::new(),
            });
        }
    };
    section("CP-SAT", cpsat::run(&instances, &native, &effort));
    section(
        "crushtool",
        crush::run(
            &root().join("target/measure/tenancy-bench"),
            &instances,
            &native,
            &effort,
        ),
    );
    section("scaling", scaling::run(&effort));
    section("wasm", wasm::run(&instances, &native, &effort));
    section("web", web::run(&effort));
    section("published", published::run(&harness));
    section("twin", twin::run(&harness, &instances, &effort));

    let target = if quick {
        dir.join("BENCH.md")
    } else {
        root().join("BENCH.md")
    };
    report::write(&target, &sections, &effort)?;
    println!("\nbench: wrote {}", shown(&target));
    for goal in sections.iter().flat_map(|s| &s.goals) {
        let verdict = if goal.met { "met   " } else { "MISSED" };
        println!("  {verdict} {}", goal.text);
    }
    for finding in sections.iter().flat_map(|s| &s.findings) {
        eprintln!("bench: {finding}");
        failed = true;
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `--published`: only the reproduced published result (no timing, no tools), its section and
/// goal replaced in `BENCH.md` in place.
fn published_only() -> Result<ExitCode> {
    println!("bench: building the harness (profile `measure`)");
    let harness = build_harness()?;
    replace_one(published::run(&harness.to_string_lossy())?)
}

/// `--twin`: only the kube-scheduler twin (native, wasm, instruction counts), its section and
/// goal replaced in `BENCH.md` in place.
fn twin_only() -> Result<ExitCode> {
    println!("bench: building the harness (profile `measure`)");
    let harness = build_harness()?;
    let harness = harness.to_string_lossy();
    let instances = root().join("target/bench/instances");
    let instances_arg = instances.to_string_lossy().into_owned();
    process::run(&harness, &["write", &instances_arg])?;
    let effort = Effort::FULL;
    replace_one(twin::run(&harness, &instances, &effort)?)
}

/// Prints one rerun section, replaces it in `BENCH.md` and says whether its goals were met and
/// nothing was found.
fn replace_one(section: Section) -> Result<ExitCode> {
    println!("\n{}\n\n{}", section.title, section.body);
    let target = root().join("BENCH.md");
    report::replace_section(&target, &section)?;
    println!("bench: updated {}", shown(&target));
    for goal in &section.goals {
        let verdict = if goal.met { "met   " } else { "MISSED" };
        println!("  {verdict} {}", goal.text);
    }
    for finding in &section.findings {
        eprintln!("bench: {finding}");
    }
    let met = section.goals.iter().all(|goal| goal.met) && section.findings.is_empty();
    Ok(if met {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `--cpsat`: only item 1 (the full run's instances, runs and CP-SAT solves), its section and
/// goals replaced in `BENCH.md` in place.
fn cpsat_only() -> Result<ExitCode> {
    let effort = Effort::FULL;
    let (instances, native) = native_timings(&effort)?;
    on_its_own("--cpsat", cpsat::run(&instances, &native, &effort)?)
}

/// `--wasm`: only item 4 (the full run's instances, native and wasm timings, the worker's
/// profile as shipped), its section and goals replaced in `BENCH.md` in place.
fn wasm_only() -> Result<ExitCode> {
    let effort = Effort::FULL;
    let (instances, native) = native_timings(&effort)?;
    on_its_own("--wasm", wasm::run(&instances, &native, &effort)?)
}

/// `--crush`: only item 2 (crushtool, the CRUSH twin natively and in wasm, the exported rules'
/// placement groups at our optimum), its section and goals replaced in `BENCH.md` in place.
fn crush_only() -> Result<ExitCode> {
    setup::run()?;
    let effort = Effort::FULL;
    let (instances, native) = native_timings(&effort)?;
    let harness = root().join("target/measure/tenancy-bench");
    on_its_own(
        "--crush",
        crush::run(&harness, &instances, &native, &effort)?,
    )
}

/// `--web`: only item 5 (the release site's sizes, answer changes, Slow 4G loads), its section
/// and goals replaced in `BENCH.md` in place.
fn web_only() -> Result<ExitCode> {
    setup::run()?;
    let effort = Effort::FULL;
    on_its_own("--web", web::run(&effort)?)
}

/// The full run's solver instances written and timed natively (the harness, profile `measure`).
fn native_timings(effort: &Effort) -> Result<(PathBuf, BTreeMap<String, Timing>)> {
    println!("bench: building the timing harness (profile `measure`)");
    let harness = build_harness()?;
    let harness = harness.to_string_lossy();
    let instances = root().join("target/bench/instances");
    let instances_arg = instances.to_string_lossy().into_owned();
    process::run(&harness, &["write", &instances_arg, "--large"])?;
    println!("bench: timing our solver natively");
    let runs = effort.runs.to_string();
    let native = timings(&capture(&harness, &["time", &instances_arg, &runs])?)?;
    Ok((instances, native))
}

/// A section rerun on its own (`flag`), dated, replaced in `BENCH.md`.
fn on_its_own(flag: &str, mut section: Section) -> Result<ExitCode> {
    let date = process::output("date", &["-u", "+%Y-%m-%d %H:%M UTC"])
        .unwrap_or_else(|| "unknown date".to_owned());
    let commit = report::commit();
    section.body = format!(
        "Measured on its own by `cargo xtask bench {flag}` ({date}, commit {commit}); the rest of \
         this report is from the full run above.\n\n{}",
        section.body
    );
    replace_one(section)
}

/// Builds the timing harness (profile `measure`) and returns its path.
fn build_harness() -> Result<PathBuf> {
    process::run(
        "cargo",
        &[
            "build",
            "--quiet",
            "--profile",
            "measure",
            "-p",
            "tenancy-bench",
            "--bin",
            "tenancy-bench",
        ],
    )?;
    Ok(root().join("target/measure/tenancy-bench"))
}

/// A path relative to the root, for messages.
fn shown(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Runs a command from the root with our PATH; returns its stdout (stderr goes to the terminal).
pub fn capture(program: &str, args: &[&str]) -> Result<String> {
    let output = process::command(program, args)
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot start `{program}`"))?;
    if !output.status.success() {
        bail!("`{program} {}` failed ({})", args.join(" "), output.status);
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Timings by instance name from the JSON list the harness and wasm.mjs print.
pub fn timings(json: &str) -> Result<BTreeMap<String, Timing>> {
    let list: Value = serde_json::from_str(json.trim()).context("timings are not JSON")?;
    let mut out = BTreeMap::new();
    for item in list.as_array().context("timings are not a list")? {
        let name = item["name"].as_str().context("a timing has no name")?;
        out.insert(
            name.to_owned(),
            Timing {
                outcome: item["outcome"].as_str().unwrap_or_default().to_owned(),
                first_s: item["first_s"].as_f64().unwrap_or(f64::NAN),
                median_s: item["median_s"]
                    .as_f64()
                    .context("a timing has no median")?,
                indexed_median_s: item["indexed_median_s"].as_f64(),
                index_s: item["index_s"].as_f64(),
            },
        );
    }
    Ok(out)
}

/// The instances of one list (`solver` or `crush`) in `index.json`.
pub fn index(instances: &Path, list: &str) -> Result<Vec<Value>> {
    let text = std::fs::read_to_string(instances.join("index.json"))
        .context("cannot read the instance index")?;
    let index: Value = serde_json::from_str(&text)?;
    Ok(index[list].as_array().cloned().unwrap_or_default())
}

/// A duration in seconds, with a unit people read at a glance (3 significant digits).
pub fn duration(seconds: f64) -> String {
    let (value, unit) = if seconds >= 1.0 {
        (seconds, "s")
    } else if seconds >= 1e-3 {
        (seconds * 1e3, "ms")
    } else {
        (seconds * 1e6, "µs")
    };
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{value:.decimals$} {unit}")
}

/// A ratio as `1,234×` or `1.8×`.
pub fn ratio(value: f64) -> String {
    if value >= 100.0 {
        let whole = value.round() as u64;
        let mut digits = whole.to_string();
        let mut grouped = String::new();
        while digits.len() > 3 {
            let tail = digits.split_off(digits.len() - 3);
            grouped = format!(",{tail}{grouped}");
        }
        format!("{digits}{grouped}×")
    } else if value >= 10.0 {
        format!("{value:.0}×")
    } else {
        format!("{value:.2}×")
    }
}

/// A Markdown table from a header and rows.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(header.len()));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}

/// The median of some numbers (sorted copy; the upper middle for an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
}

/// `target/bench/<name>`.
pub fn bench_dir(name: &str) -> PathBuf {
    root().join("target/bench").join(name)
}
