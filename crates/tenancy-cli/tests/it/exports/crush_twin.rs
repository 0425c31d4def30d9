//! The core's CRUSH twin against Ceph's own tools: `tenancy simulate crush --show-mappings` must
//! print exactly what `crushtool --test --show-mappings` prints, and `--pg-dump` exactly what
//! `osdmaptool --test-map-pgs-dump` prints, over generated maps (every algorithm, tunables
//! profile, weights, device classes, weight-sets, out and partially out devices), every
//! preset's export and the Ceph test maps in `tests/fixtures/ceph/`, some also read from
//! `crushtool --dump` (the JSON of `ceph osd crush dump`) — more than 1,000,000
//! mappings, result sizes 1 to 12. The first difference fails and shows map, rule, x and both.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::crush::compile;
use super::{ceph_test_maps, export, path_tool, presets, run_tool, scratch, tenancy};

/// A small deterministic generator (64-bit LCG), so every run checks the same maps.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Tunables profiles from legacy to optimal (argonaut, bobtail, firefly, hammer, jewel).
const PROFILES: [&str; 5] = [
    "",
    "tunable choose_local_tries 0\ntunable choose_local_fallback_tries 0\ntunable choose_total_tries 50\ntunable chooseleaf_descend_once 1\n",
    "tunable choose_local_tries 0\ntunable choose_local_fallback_tries 0\ntunable choose_total_tries 50\ntunable chooseleaf_descend_once 1\ntunable chooseleaf_vary_r 1\n",
    "tunable choose_local_tries 0\ntunable choose_local_fallback_tries 0\ntunable choose_total_tries 50\ntunable chooseleaf_descend_once 1\ntunable chooseleaf_vary_r 1\ntunable straw_calc_version 1\n",
    "tunable choose_local_tries 0\ntunable choose_local_fallback_tries 0\ntunable choose_total_tries 50\ntunable chooseleaf_descend_once 1\ntunable chooseleaf_vary_r 1\ntunable chooseleaf_stable 1\ntunable straw_calc_version 1\n",
];

const WEIGHTS: [&str; 9] = [
    "1.000", "1.000", "0.500", "2.000", "3.637", "0.100", "1.819", "0.000", "7.270",
];

/// One generated map: text, and the `--weight` overrides to test it with.
pub struct Generated {
    pub text: String,
    pub weights: Vec<(u32, &'static str)>,
}

/// A map of 1 to 2 roots over racks over hosts over OSDs, mixing algorithms, weights, classes
/// and weight-sets, with rules of several shapes (all declaring sizes 1 to 12).
pub fn generate(seed: u64) -> Generated {
    let mut rng = Lcg(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let classes = rng.below(3) == 0;
    let mut text = String::from(*rng.pick(&PROFILES));
    text.push_str("tunable allowed_bucket_algs 62\n");
    // Ceph grows a tree bucket's class copy item by item through reallocated, uninitialised
    // node weights; those copies are not reproducible, so class maps use the other algorithms.
    let algs: &[&str] = if classes {
        &["straw2", "straw2", "straw", "list"]
    } else {
        &["straw2", "straw2", "straw", "list", "tree", "uniform"]
    };
    let racks = 2 + rng.below(4);
    let hosts_per_rack = 1 + rng.below(4);
    let mut osd = 0u32;
    let mut devices = String::new();
    let mut buckets = String::new();
    let mut next_id = 1;
    let mut straw2_buckets: Vec<(i32, usize)> = Vec::new();
    let mut rack_names = Vec::new();
    for rack in 0..racks {
        let mut hosts = Vec::new();
        for host in 0..hosts_per_rack {
            let alg = *rng.pick(algs);
            let count = 1 + rng.below(5) as usize;
            let uniform_weight = *rng.pick(&WEIGHTS[..5]);
            let id = -next_id;
            next_id += 1;
            let name = format!("host-{rack}-{host}");
            let mut items = String::new();
            for _ in 0..count {
                let class = if classes {
                    format!(" class {}", if rng.below(2) == 0 { "hdd" } else { "ssd" })
                } else {
                    String::new()
                };
                devices.push_str(&format!("device {osd} osd.{osd}{class}\n"));
                let weight = if alg == "uniform" {
                    uniform_weight
                } else {
                    rng.pick(&WEIGHTS)
                };
                items.push_str(&format!("\titem osd.{osd} weight {weight}\n"));
                osd += 1;
                // Gaps in the device ids, as clusters have after removals.
                if rng.below(7) == 0 {
                    osd += 1;
                }
            }
            if alg == "straw2" {
                straw2_buckets.push((id, count));
            }
            buckets.push_str(&format!(
                "host {name} {{\n\tid {id}\n\talg {alg}\n\thash 0\n{items}}}\n"
            ));
            hosts.push(name);
        }
        let alg = *rng.pick(if classes {
            &algs[..4]
        } else {
            &["straw2", "straw", "list", "tree"]
        });
        let id = -next_id;
        next_id += 1;
        let name = format!("rack-{rack}");
        if alg == "straw2" {
            straw2_buckets.push((id, hosts.len()));
        }
        buckets.push_str(&bucket("rack", &name, id, alg, &hosts));
        rack_names.push(name);
    }
    let alg = *rng.pick(if classes {
        &algs[..4]
    } else {
        &["straw2", "straw", "list", "tree", "straw2"]
    });
    let id = -next_id;
    if alg == "straw2" {
        straw2_buckets.push((id, rack_names.len()));
    }
    buckets.push_str(&bucket("root", "default", id, alg, &rack_names));
    text.push_str(&devices);
    text.push_str("type 0 osd\ntype 1 host\ntype 2 rack\ntype 3 root\n");
    text.push_str(&buckets);
    let take = if classes {
        "take default class hdd"
    } else {
        "take default"
    };
    let rules = [
        format!("step {take}\n\tstep chooseleaf firstn 0 type host\n\tstep emit"),
        format!("step {take}\n\tstep chooseleaf indep 0 type host\n\tstep emit"),
        "step set_choose_tries 100\n\tstep take default\n\tstep choose firstn 0 type rack\n\tstep chooseleaf firstn 1 type host\n\tstep emit".to_owned(),
        "step set_chooseleaf_tries 5\n\tstep take default\n\tstep choose indep 2 type rack\n\tstep chooseleaf indep 2 type host\n\tstep emit".to_owned(),
        "step take rack-0\n\tstep chooseleaf firstn 1 type host\n\tstep emit\n\tstep take default\n\tstep choose firstn -1 type osd\n\tstep emit".to_owned(),
        "step set_choose_local_tries 2\n\tstep set_choose_local_fallback_tries 5\n\tstep set_chooseleaf_vary_r 0\n\tstep set_chooseleaf_stable 0\n\tstep take default\n\tstep chooseleaf firstn 0 type rack\n\tstep emit".to_owned(),
    ];
    for (id, steps) in rules.iter().enumerate() {
        if id > 1 && rng.below(2) == 0 {
            continue;
        }
        let kind = if steps.contains("indep") {
            "erasure"
        } else {
            "replicated"
        };
        text.push_str(&format!(
            "rule r{id} {{\n\tid {id}\n\ttype {kind}\n\tmin_size 1\n\tmax_size 12\n\t{steps}\n}}\n"
        ));
    }
    if !straw2_buckets.is_empty() && rng.below(3) == 0 {
        text.push_str("choose_args 0 {\n");
        for (id, size) in &straw2_buckets {
            let positions = 1 + rng.below(3);
            text.push_str(&format!("  {{\n    bucket_id {id}\n    weight_set [\n"));
            for _ in 0..positions {
                let weights: Vec<&str> = (0..*size).map(|_| *rng.pick(&WEIGHTS[..7])).collect();
                text.push_str(&format!("      [ {} ]\n", weights.join(" ")));
            }
            text.push_str("    ]\n");
            if rng.below(3) == 0 {
                let ids: Vec<String> = (0..*size)
                    .map(|i| (-100 - 10 * i as i64 + i64::from(*id)).to_string())
                    .collect();
                text.push_str(&format!("    ids [ {} ]\n", ids.join(" ")));
            }
            text.push_str("  }\n");
        }
        text.push_str("}\n");
    }
    let mut weights = Vec::new();
    for _ in 0..rng.below(4) {
        let device = rng.below(u64::from(osd)) as u32;
        weights.push((device, *rng.pick(&["0", "0.5", "0.25", "0.9", "0"])));
    }
    Generated { text, weights }
}

/// The map with every rule declaring sizes 1 to 12 (a rule's sizes change none of its mappings).
fn sizes_1_to_12(text: &str) -> String {
    text.lines()
        .map(|line| match line.trim_start() {
            size if size.starts_with("min_size ") => "\tmin_size 1".to_owned(),
            size if size.starts_with("max_size ") => "\tmax_size 12".to_owned(),
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The map with every device at weight 1.0 and no weight-sets (bucket weights follow).
fn unit_weights(text: &str) -> String {
    let body = text.split("choose_args").next().unwrap_or(text);
    body.lines()
        .map(|line| match line.split_once(" weight ") {
            Some((head, _)) if head.trim_start().starts_with("item osd.") => {
                format!("{head} weight 1.000")
            }
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Compares crushtool's and the twin's mappings line by line; returns how many were compared.
fn compare_mappings(
    crushtool: &Path,
    dir: &Path,
    name: &str,
    text: &str,
    extra: &[String],
) -> usize {
    let compiled = compile(crushtool, dir, name, text);
    let source = dir.join(format!("{name}.txt"));
    compare_runs(crushtool, &compiled, &source, name, extra, text)
}

/// The same comparison reading the map from `crushtool --dump` (the JSON of
/// `ceph osd crush dump`) instead of its text.
fn compare_dump(crushtool: &Path, dir: &Path, name: &str, extra: &[String]) -> usize {
    let compiled = dir.join(format!("{name}.bin"));
    let compiled = compiled.to_string_lossy();
    let (ok, dump) = run_tool(crushtool, &["-i", &compiled, "--dump"]);
    assert!(ok, "crushtool --dump {name}: {dump}");
    let dump_path = dir.join(format!("{name}.json"));
    std::fs::write(&dump_path, &dump).expect("write the dump");
    compare_runs(
        crushtool,
        &compiled,
        &dump_path,
        &format!("{name} (read from its JSON dump)"),
        extra,
        &dump,
    )
}

/// `crushtool --test --show-mappings` on the compiled map against `tenancy simulate crush
/// --show-mappings` on `source` (the map's text or dump), with the same arguments, line by line;
/// `shown` is the map printed with a difference. Returns how many mappings were compared.
fn compare_runs(
    crushtool: &Path,
    compiled: &str,
    source: &Path,
    name: &str,
    extra: &[String],
    shown: &str,
) -> usize {
    let mut args: Vec<&str> = vec!["-i", compiled, "--test", "--show-mappings"];
    args.extend(extra.iter().map(String::as_str));
    let (ok, theirs) = run_tool(crushtool, &args);
    assert!(ok, "crushtool --test on {name} failed:\n{theirs}");
    let source = source.to_string_lossy();
    let mut ours_args = vec!["simulate", "crush", &source, "--show-mappings"];
    ours_args.extend(extra.iter().map(String::as_str));
    let run = tenancy(&ours_args, "");
    assert_eq!(run.code, 0, "tenancy simulate crush {name}: {}", run.stderr);
    let theirs: Vec<&str> = theirs
        .lines()
        .filter(|l| l.starts_with("CRUSH rule"))
        .collect();
    let ours: Vec<&str> = run.stdout.lines().collect();
    for (index, (a, b)) in theirs.iter().zip(&ours).enumerate() {
        assert_eq!(
            a, b,
            "map {name}, mapping {index} ({extra:?}):\n crushtool: {a}\n twin:      {b}\n--- map ---\n{shown}"
        );
    }
    assert_eq!(
        theirs.len(),
        ours.len(),
        "map {name}: crushtool printed {} mappings, the twin {}",
        theirs.len(),
        ours.len()
    );
    ours.len()
}

/// Compares `osdmaptool --test-map-pgs-dump` with the twin's PG dump for pool 1.
fn compare_pgs(
    osdmaptool: &Path,
    crushtool: &Path,
    dir: &Path,
    name: &str,
    text: &str,
    out: &[u32],
) -> usize {
    let compiled = compile(crushtool, dir, &format!("{name}-pg"), text);
    let osdmap = dir.join(format!("{name}.osdmap"));
    let osdmap = osdmap.to_string_lossy();
    let devices = text
        .lines()
        .filter_map(|line| line.strip_prefix("device "))
        .filter_map(|rest| rest.split_whitespace().next()?.parse::<u32>().ok())
        .max()
        .map_or(1, |max| max + 1)
        .to_string();
    let (ok, output) = run_tool(
        osdmaptool,
        &[
            "--createsimple",
            &devices,
            "--with-default-pool",
            "--pg-bits",
            "4",
            "--clobber",
            &osdmap,
        ],
    );
    assert!(ok, "osdmaptool --createsimple: {output}");
    let (ok, output) = run_tool(osdmaptool, &[&osdmap, "--import-crush", &compiled]);
    assert!(ok, "osdmaptool --import-crush: {output}");
    let mut args = vec![osdmap.to_string(), "--mark-up-in".to_owned()];
    for osd in out {
        args.push("--mark-out".to_owned());
        args.push(osd.to_string());
    }
    args.extend(["--test-map-pgs-dump", "--pool", "1"].map(str::to_owned));
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let (ok, theirs) = run_tool(osdmaptool, &arg_refs);
    assert!(ok, "osdmaptool --test-map-pgs-dump: {theirs}");
    let pg_num = theirs
        .lines()
        .find_map(|line| line.strip_prefix("pool 1 pg_num "))
        .expect("osdmaptool names pg_num")
        .trim()
        .to_owned();
    let source = dir.join(format!("{name}.txt"));
    std::fs::write(&source, text).expect("write the map");
    let source = source.to_string_lossy();
    let mut ours_args = vec![
        "simulate",
        "crush",
        &source,
        "--pool",
        "1",
        "--rule",
        "0",
        "--size",
        "3",
        "--pg-num",
        &pg_num,
        "--max-osd",
        &devices,
        "--pg-dump",
    ];
    let out_strings: Vec<String> = out.iter().map(u32::to_string).collect();
    for osd in &out_strings {
        ours_args.push("--mark-out");
        ours_args.push(osd);
    }
    let run = tenancy(&ours_args, "");
    assert_eq!(run.code, 0, "tenancy simulate crush --pool: {}", run.stderr);
    let theirs: Vec<&str> = theirs.lines().filter(|l| l.starts_with("1.")).collect();
    let ours: Vec<&str> = run.stdout.lines().collect();
    for (a, b) in theirs.iter().zip(&ours) {
        assert_eq!(
            a, b,
            "map {name}, pool 1, out {out:?}:\n osdmaptool: {a}\n twin:       {b}\n--- map ---\n{text}"
        );
    }
    assert_eq!(theirs.len(), ours.len(), "map {name}: PG counts differ");
    ours.len()
}

/// One map of the corpus, checked on its own.
enum Job {
    /// A generated map: every rule, sizes 1 to 12, 512 inputs, some devices reweighted; some
    /// also read from their dump, some also mapped as a pool by `osdmaptool`.
    Generated(u64),
    /// A preset's export: its rules at sizes 1 to 12, 512 inputs.
    Preset(&'static str),
    /// One of Ceph's own crushtool test maps, at sizes 1 to 12 over 1,024 inputs.
    Fixture(std::path::PathBuf),
}

/// The tools and the scratch directory every job shares.
struct Tools {
    crushtool: std::path::PathBuf,
    osdmaptool: std::path::PathBuf,
    dir: std::path::PathBuf,
}

impl Job {
    /// Checks the map; returns (crushtool mappings, PG mappings) compared.
    fn run(&self, tools: &Tools) -> (usize, usize) {
        let Tools {
            crushtool,
            osdmaptool,
            dir,
        } = tools;
        // Every size in one run of each tool: without `--num-rep` crushtool tests each rule at
        // every size from its `min_size` to its `max_size`, here 1 to 12.
        let sizes = |text: &str, name: &str, max_x: &str| {
            let extra = ["--min-x", "0", "--max-x", max_x].map(str::to_owned);
            compare_mappings(crushtool, dir, name, &sizes_1_to_12(text), &extra)
        };
        match self {
            Job::Generated(seed) => {
                let seed = *seed;
                let generated = generate(seed);
                let name = format!("generated-{seed}");
                let mut extra: Vec<String> = ["--min-x", "0", "--max-x", "511"]
                    .map(str::to_owned)
                    .to_vec();
                for (device, weight) in &generated.weights {
                    extra.extend([
                        "--weight".to_owned(),
                        device.to_string(),
                        (*weight).to_owned(),
                    ]);
                }
                let mut mappings = compare_mappings(crushtool, dir, &name, &generated.text, &extra);
                if seed % 4 == 1 {
                    mappings += compare_dump(crushtool, dir, &name, &extra);
                }
                let mut pgs = 0;
                if seed % 3 == 0 {
                    // `osdmaptool --mark-up-in` also sets every OSD's CRUSH weight to 1.0, and
                    // keeps only the last `--mark-out`: compare on the map with unit device
                    // weights, one OSD out.
                    let unit = unit_weights(&generated.text);
                    let out: Vec<u32> = generated.weights.iter().map(|(d, _)| *d).take(1).collect();
                    pgs = compare_pgs(osdmaptool, crushtool, dir, &name, &unit, &out);
                }
                (mappings, pgs)
            }
            Job::Preset(preset) => {
                let text = export(&["export", "crush", "--preset", preset], "");
                (sizes(&text, &format!("preset-{preset}"), "511"), 0)
            }
            Job::Fixture(path) => {
                let text = std::fs::read_to_string(path).expect("read a fixture");
                let name = path
                    .file_stem()
                    .expect("a name")
                    .to_string_lossy()
                    .into_owned();
                (sizes(&text, &name, "1023"), 0)
            }
        }
    }
}

/// The corpus, each map compared on a pool of threads (the tools run as separate processes, so
/// the maps are checked side by side); the first difference fails.
#[test]
fn the_twin_maps_exactly_like_crushtool_and_osdmaptool() {
    let tools = Tools {
        crushtool: path_tool("crushtool"),
        osdmaptool: path_tool("osdmaptool"),
        dir: scratch("crush-twin"),
    };
    // The largest maps first, so that no thread is left with one at the end.
    let mut jobs: Vec<Job> = presets().map(Job::Preset).collect();
    jobs.extend(ceph_test_maps().into_iter().map(Job::Fixture));
    jobs.extend((0..48u64).map(Job::Generated));
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8));
    let (mappings, pgs) = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = (0, 0);
                    while let Some(job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let (mappings, pgs) = job.run(&tools);
                        done = (done.0 + mappings, done.1 + pgs);
                    }
                    done
                })
            })
            .collect();
        workers.into_iter().fold((0, 0), |(m, p), worker| {
            let (mappings, pgs) = worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (m + mappings, p + pgs)
        })
    });
    let maps = jobs.len();
    assert!(maps >= 50, "only {maps} maps");
    assert!(
        mappings + pgs >= 1_000_000,
        "only {mappings} mappings and {pgs} PGs"
    );
    eprintln!("{maps} maps, {mappings} crushtool mappings and {pgs} PG mappings identical");
}

/// A bucket of the generated maps in `crushtool -d`'s text: its items by name, weights left to
/// the compiler.
fn bucket(kind: &str, name: &str, id: i32, alg: &str, items: &[String]) -> String {
    let items: String = items
        .iter()
        .map(|item| format!("\titem {item}\n"))
        .collect();
    format!("{kind} {name} {{\n\tid {id}\n\talg {alg}\n\thash 0\n{items}}}\n")
}
