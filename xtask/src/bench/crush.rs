//! Item 2: our solver vs `crushtool --test` on the CRUSH map and rule the core exports for the
//! tree part of the same generated topologies: time per placement, per-placement blast radius
//! and per-OSD balance across inputs, and bad (short) mappings against our guarantee.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use super::{Effort, Goal, Section, Timing, bench_dir, capture, duration, index, ratio, table};
use crate::process;

/// The replicas every CRUSH instance asks for (`--num-rep`).
const REPLICAS: usize = 9;

/// `crushtool --test` of rule 0 for [`REPLICAS`] replicas over inputs `0..inputs` on `map`,
/// printing what `flag` asks for.
fn crushtool_test(map: &str, inputs: usize, flag: &str) -> Result<String> {
    let max_x = (inputs - 1).to_string();
    let num_rep = REPLICAS.to_string();
    capture(
        "crushtool",
        &[
            "-i",
            map,
            "--test",
            "--rule",
            "0",
            "--num-rep",
            &num_rep,
            "--min-x",
            "0",
            "--max-x",
            &max_x,
            flag,
        ],
    )
}

/// One CRUSH test run's wall time in seconds (best of three, to damp a shared machine's noise).
fn wall(map: &str, inputs: usize) -> Result<f64> {
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let started = Instant::now();
        crushtool_test(map, inputs, "--show-statistics")?;
        best = best.min(started.elapsed().as_secs_f64());
    }
    Ok(best)
}

/// The OSD table `tenancy-bench write` saved: kinds (widest first, then `host`) and per OSD its
/// domain of each kind.
struct Osds {
    kinds: Vec<String>,
    paths: Vec<Vec<String>>,
}

fn osds(file: &Path) -> Result<Osds> {
    let json: Value = serde_json::from_str(&std::fs::read_to_string(file)?)?;
    let strings = |value: &Value| -> Vec<String> {
        value
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    Ok(Osds {
        kinds: strings(&json["kinds"]),
        paths: json["osds"]
            .as_array()
            .context("no osds")?
            .iter()
            .map(strings)
            .collect(),
    })
}

/// Per kind, the most OSDs of the mapping in one domain.
fn blast_radius(osds: &Osds, mapping: &[usize]) -> Vec<u32> {
    (0..osds.kinds.len())
        .map(|kind| {
            let mut loads: BTreeMap<&str, u32> = BTreeMap::new();
            for &osd in mapping {
                *loads.entry(&osds.paths[osd][kind]).or_default() += 1;
            }
            loads.values().copied().max().unwrap_or(0)
        })
        .collect()
}

/// Whether a full-size mapping obeys the request's `max_per_domain` and `min_domains` rules.
fn obeys(osds: &Osds, request: &Value, mapping: &[usize]) -> bool {
    request["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|rule| {
            let Some(kind) = osds.kinds.iter().position(|k| rule["kind"] == k.as_str()) else {
                return true;
            };
            let mut loads: BTreeMap<&str, u64> = BTreeMap::new();
            for &osd in mapping {
                *loads.entry(&osds.paths[osd][kind]).or_default() += 1;
            }
            let most = loads.values().copied().max().unwrap_or(0);
            rule["max_per_domain"]
                .as_u64()
                .is_none_or(|cap| most <= cap)
                && rule["min_domains"]
                    .as_u64()
                    .is_none_or(|wanted| loads.len() as u64 >= wanted)
        })
}

fn vector(radius: &[u32]) -> String {
    let parts: Vec<String> = radius.iter().map(u32::to_string).collect();
    parts.join(",")
}

/// Runs crushtool on every CRUSH instance.
pub fn run(
    harness: &Path,
    instances: &Path,
    native: &BTreeMap<String, Timing>,
    effort: &Effort,
) -> Result<Section> {
    if process::output("crushtool", &["--help"]).is_none()
        && !Path::new("/usr/bin/crushtool").exists()
    {
        bail!("crushtool is missing: run `cargo xtask setup`");
    }
    let work = bench_dir("crush");
    std::fs::create_dir_all(&work)?;
    let inputs = effort.crush_inputs;
    // The twin in wasm (the `measure` profile, as native): each call maps every input of a map.
    let (replicas_arg, inputs_arg) = (REPLICAS.to_string(), inputs.to_string());
    let wasm = super::wasm::time_profile(
        "measure",
        instances,
        effort,
        &["crush", &replicas_arg, &inputs_arg],
    )?;
    let mut goals = Vec::new();
    let mut rows = Vec::new();
    let mut balance_rows = Vec::new();
    let mut findings = Vec::new();
    for entry in index(instances, "crush")? {
        let name = entry["name"].as_str().unwrap_or_default();
        println!("bench: crushtool on {name}");
        let text_map = instances.join(entry["map"].as_str().unwrap_or_default());
        let binary = work.join(format!("{name}.bin"));
        let (text_arg, map) = (
            text_map.to_string_lossy().into_owned(),
            binary.to_string_lossy().into_owned(),
        );
        capture("crushtool", &["-c", &text_arg, "-o", &map])?;
        let steps: Vec<String> = std::fs::read_to_string(&text_map)?
            .lines()
            .filter_map(|line| line.trim().strip_prefix("step "))
            .filter(|step| step.starts_with("choose"))
            .map(str::to_owned)
            .collect();
        let osds = osds(&instances.join(entry["osds"].as_str().unwrap_or_default()))?;
        let request: Value = serde_json::from_str(&std::fs::read_to_string(
            instances.join(entry["request"].as_str().unwrap_or_default()),
        )?)?;
        let ours = native
            .get(name)
            .with_context(|| format!("no native timing of {name}"))?;

        let per_placement = (wall(&map, inputs)? - wall(&map, 1)?).max(0.0) / (inputs - 1) as f64;
        // The core's twin on the same map: its time per mapping, and its mappings, which must be
        // crushtool's.
        let twin_out = capture(
            &harness.to_string_lossy(),
            &[
                "twin",
                &text_arg,
                &REPLICAS.to_string(),
                &inputs.to_string(),
            ],
        )?;
        let mut twin_lines = twin_out.lines();
        let twin_per_mapping: f64 = twin_lines
            .next()
            .and_then(|line| line.trim().parse().ok())
            .context("tenancy-bench twin printed no timing")?;
        let twin_mappings: Vec<&str> = twin_lines.collect();
        let wasm_per_mapping = wasm
            .get(name)
            .with_context(|| format!("no wasm timing of the twin on {name}"))?
            .median_s
            / inputs as f64;
        let (versus_crushtool, versus_native) = (
            twin_per_mapping / per_placement,
            wasm_per_mapping / twin_per_mapping,
        );
        goals.push(Goal {
            text: format!(
                "2. CRUSH twin (native) no slower than crushtool per mapping on {name}: {}",
                ratio(versus_crushtool)
            ),
            met: versus_crushtool <= 1.0,
        });
        goals.push(Goal {
            text: format!(
                "2. CRUSH twin in wasm ≤ 2× native on {name}: {}",
                ratio(versus_native)
            ),
            met: versus_native <= 2.0,
        });
        let pg_num = entry["pg_num"].as_u64().unwrap_or_default();
        let at_optimum = entry["pgs_at_optimum"].as_u64().map_or_else(
            || "— (infeasible)".to_owned(),
            |n| format!("{n} / {pg_num} ({:.1} %)", pct(n as usize, pg_num as usize)),
        );
        let test = |flag: &str| crushtool_test(&map, inputs, flag);
        let bad = test("--show-bad-mappings")?
            .lines()
            .filter(|line| line.starts_with("bad mapping"))
            .count();
        let shown = test("--show-mappings")?;
        let crushtool_mappings: Vec<&str> = shown
            .lines()
            .filter(|line| line.starts_with("CRUSH rule"))
            .collect();
        if crushtool_mappings != twin_mappings {
            findings.push(format!(
                "`{name}`: the twin's mappings differ from crushtool's (first difference at line {})",
                crushtool_mappings
                    .iter()
                    .zip(&twin_mappings)
                    .position(|(a, b)| a != b)
                    .unwrap_or(crushtool_mappings.len().min(twin_mappings.len()))
            ));
        }
        let mut mappings = Vec::new();
        for line in shown.lines() {
            let Some((_, list)) = line.split_once('[') else {
                continue;
            };
            let mapping: Vec<usize> = list
                .trim_end_matches(']')
                .split(',')
                .filter(|osd| !osd.is_empty())
                .map(str::parse)
                .collect::<Result<_, _>>()
                .with_context(|| format!("crushtool mapping `{line}`"))?;
            mappings.push(mapping);
        }
        let full: Vec<&Vec<usize>> = mappings.iter().filter(|m| m.len() == REPLICAS).collect();
        let obeying: Vec<&&Vec<usize>> =
            full.iter().filter(|m| obeys(&osds, &request, m)).collect();
        let valid = obeying.len();
        // Blast radii of the mappings that obey the request (the ones comparable with ours).
        let mut radii: BTreeMap<Vec<u32>, usize> = BTreeMap::new();
        for mapping in obeying {
            *radii.entry(blast_radius(&osds, mapping)).or_default() += 1;
        }
        let our_radius: Option<Vec<u32>> = (!ours.outcome.starts_with("infeasible")).then(|| {
            ours.outcome
                .split(',')
                .filter_map(|n| n.parse().ok())
                .collect()
        });
        let as_good = our_radius.as_ref().map_or(0, |best| {
            radii
                .iter()
                .filter(|(radius, _)| *radius <= best)
                .map(|(_, count)| count)
                .sum()
        });
        let better: usize = our_radius.as_ref().map_or(0, |best| {
            radii
                .iter()
                .filter(|(radius, _)| *radius < best)
                .map(|(_, count)| count)
                .sum()
        });
        if better > 0 {
            findings.push(format!(
                "on `{name}` {better} CRUSH mappings obey the request with a \
                 smaller blast radius than ours (`{}`): ours is not optimal there.",
                ours.outcome
            ));
        }
        let common = radii
            .iter()
            .max_by_key(|(_, count)| **count)
            .map(|(radius, count)| format!("`{}` ({:.0} %)", vector(radius), pct(*count, inputs)))
            .unwrap_or_else(|| "—".to_owned());
        let worst = radii
            .keys()
            .next_back()
            .map(|radius| format!("`{}`", vector(radius)))
            .unwrap_or_else(|| "—".to_owned());
        rows.push(vec![
            format!("`{name}`"),
            entry["note"].as_str().unwrap_or_default().to_owned(),
            format!("`{}`", steps.join("; ")),
            format!("`{}`", ours.outcome),
            duration(ours.median_s),
            duration(per_placement),
            format!(
                "{} ({})",
                duration(twin_per_mapping),
                ratio(versus_crushtool)
            ),
            format!("{} ({})", duration(wasm_per_mapping), ratio(versus_native)),
            at_optimum,
            format!("{bad} / {inputs}"),
            format!("{valid} / {inputs}"),
            if our_radius.is_some() {
                format!("{as_good} / {inputs}")
            } else {
                "—".to_owned()
            },
            common,
            worst,
        ]);
        // Per-OSD use across all inputs: CRUSH's statistical balance (what --show-utilization
        // prints, counted from the mappings).
        let mut use_count = vec![0u64; osds.paths.len()];
        for mapping in &mappings {
            for &osd in mapping {
                use_count[osd] += 1;
            }
        }
        let placed: u64 = use_count.iter().sum();
        let mean = placed as f64 / use_count.len() as f64;
        let variance = use_count
            .iter()
            .map(|&n| (n as f64 - mean).powi(2))
            .sum::<f64>()
            / use_count.len() as f64;
        balance_rows.push(vec![
            format!("`{name}`"),
            use_count.len().to_string(),
            format!("{mean:.1}"),
            format!(
                "{}–{}",
                use_count.iter().min().unwrap_or(&0),
                use_count.iter().max().unwrap_or(&0)
            ),
            format!("{:.1} %", 100.0 * variance.sqrt() / mean),
        ]);
    }
    let mut body = table(
        &[
            "instance",
            "request",
            "exported rule",
            "ours: blast radius",
            "ours: one solve",
            "crushtool: per placement",
            "our CRUSH twin, native: per mapping (/ crushtool)",
            "our CRUSH twin, wasm: per mapping (/ native)",
            "PGs of the exported rule at our optimum",
            "CRUSH bad mappings",
            "CRUSH mappings obeying the request",
            "CRUSH as good as ours",
            "CRUSH most common blast radius",
            "CRUSH worst",
        ],
        &rows,
    );
    body.push_str(&format!(
        "\nThe map and rule are `tenancy_core::export::crush` of the same generated topology and \
         request (the switch kind cuts across the PDUs, so it is left out of the tree, and no \
         rule here is on it). crushtool (Ceph 16.2) maps inputs x = 0…{last} with `--num-rep \
         {REPLICAS}`; its time per placement is (wall time for {inputs} inputs − wall time for \
         1 input) / {gaps}, each the best of three runs, so process start and map loading are \
         excluded. Ours is one `place` call (median), which computes the one lexicographically \
         optimal placement; CRUSH computes a pseudo-random placement per input, so the two \
         columns answer different questions: CRUSH spreads many placement groups over the \
         cluster, ours places one workload as well as the topology allows. Blast radius as in \
         item 1 (region, data center, room, PDU, rack, switch, host), over the CRUSH mappings that \
         obey the request; \"as good as ours\" counts those whose vector is lexicographically no \
         worse than our optimum. A bad \
         mapping is one with fewer than {REPLICAS} OSDs (`--show-bad-mappings`). Our CRUSH twin \
         (`tenancy_core::crush`) maps the same inputs in process, natively (`tenancy-bench twin`, \
         profile `measure`, best of three passes) and in wasm (the same crate and profile in \
         Node, as in item 4: warm-up, then the median pass), and its mappings must equal \
         crushtool's (a difference is a finding); the goals: native no slower than crushtool, \
         wasm at most 2× native. \"PGs at our optimum\": the exported rule as a pool of \
         as many placement groups as the column says (`tenancy_core::crush::simulate`, Ceph's \
         mapping of a pool's PG ids), each judged on the topology — the groups whose blast radius is lexicographically no worse than our \
         optimum's.\n\n",
        last = inputs - 1,
        gaps = inputs - 1
    ));
    body.push_str(&format!(
        "Per-OSD balance across the {inputs} CRUSH inputs (each OSD's count of replicas, as \
         `--show-utilization` reports it). Ours has no counterpart: the same request always gets \
         the same optimal placement, and balancing many workloads is not what it is for.\n\n"
    ));
    body.push_str(&table(
        &[
            "instance",
            "OSDs",
            "mean replicas per OSD",
            "min–max",
            "std. dev. / mean",
        ],
        &balance_rows,
    ));
    for finding in &findings {
        body.push_str(&format!("\n**Finding:** {finding}\n"));
    }
    Ok(Section {
        title: "2. Our solver vs crushtool --test".to_owned(),
        body,
        goals,
        findings,
    })
}

fn pct(count: usize, total: usize) -> f64 {
    100.0 * count as f64 / total as f64
}
