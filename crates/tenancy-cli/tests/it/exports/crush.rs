//! Every CRUSH export compiles with `crushtool -c`, and where the request is feasible its rule
//! maps every input to as many OSDs as replicas (`crushtool --test --show-bad-mappings` prints
//! nothing) unless the export reported the rule as stricter than the tree can hold. On a tree-shaped topology the mappings are also checked against the rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use tenancy_core::plan::plan;
use tenancy_core::topology::default_topology;
use tenancy_core::{Limit, Request};

use super::{export, path_tool, presets, run_tool, scratch, tenancy};

/// Compiles a map; returns the compiled file's path.
pub fn compile(crushtool: &Path, dir: &Path, name: &str, text: &str) -> String {
    let source = dir.join(format!("{name}.txt"));
    let compiled = dir.join(format!("{name}.bin"));
    std::fs::write(&source, text).expect("write the map");
    let (ok, output) = run_tool(
        crushtool,
        &[
            "-c",
            &source.to_string_lossy(),
            "-o",
            &compiled.to_string_lossy(),
        ],
    );
    assert!(ok, "crushtool -c {name} failed:\n{output}\n{text}");
    compiled.to_string_lossy().into_owned()
}

/// `crushtool --test` output for rule 0 with this many replicas.
fn test(crushtool: &Path, compiled: &str, replicas: u32, extra: &str) -> String {
    let replicas = replicas.to_string();
    let (ok, output) = run_tool(
        crushtool,
        &[
            "-i",
            compiled,
            "--test",
            "--rule",
            "0",
            "--num-rep",
            &replicas,
            "--min-x",
            "0",
            "--max-x",
            "1023",
            extra,
        ],
    );
    assert!(ok, "crushtool --test failed:\n{output}");
    output
}

#[test]
fn every_preset_compiles_and_maps_where_feasible() {
    let crushtool = path_tool("crushtool");
    let dir = scratch("crush-presets");
    let mut mapped_cleanly = Vec::new();
    let mut spread_checks = 0;
    for preset in presets() {
        let text = export(&["export", "crush", "--preset", preset], "");
        let compiled = compile(&crushtool, &dir, preset, &text);
        let replicas: u32 = text
            .lines()
            .find_map(|line| line.split("pool set POOL size ").nth(1))
            .and_then(|rest| rest.split(';').next())
            .and_then(|n| n.trim().parse().ok())
            .expect("the map says the pool size");
        // Feasibility from the plan the core computes for the same request the export derives.
        let topology = default_topology();
        let answers = tenancy_core::preset::find(preset)
            .expect("a preset")
            .answers();
        let request = Request::from_answers(&answers, &topology);
        let feasible = plan(&topology, &request).placement.feasible;
        let output = test(&crushtool, &compiled, replicas, "--show-bad-mappings");
        // A rule made stricter than asked (the same count under every bucket, where the tree's
        // smallest bucket cannot hold it) may leave mappings short: that is the inexpressible
        // case, and the export must have said so.
        let json = export(
            &["export", "crush", "--preset", preset, "--format", "json"],
            "",
        );
        let lossy: serde_json::Value = serde_json::from_str(&json).expect("export JSON");
        let tightened = lossy["lossy"]
            .as_array()
            .expect("a lossy list")
            .iter()
            .filter_map(|entry| entry.as_str())
            .any(|entry| {
                entry.contains("CRUSH chooses the same number")
                    || entry.contains("refuses some uneven")
            });
        if feasible && !tightened {
            assert!(
                !output.contains("bad mapping"),
                "{preset}: bad mappings\n{output}"
            );
            mapped_cleanly.push(preset);
        }
        if output.contains("bad mapping") {
            assert!(
                tightened || !feasible,
                "{preset}: bad mappings the export did not report as lossy\n{output}"
            );
        }
        // Short or not, no mapping may break a `max_per_domain` rule on a kind in the tree:
        // a tightened rule (`survive-anything`) still spreads what it places.
        let osds = ancestry(&text);
        let mappings = test(&crushtool, &compiled, replicas, "--show-mappings");
        for line in mappings.lines().filter(|l| l.starts_with("CRUSH rule")) {
            let list = line
                .split('[')
                .nth(1)
                .and_then(|rest| rest.split(']').next());
            let mapped: Vec<&str> = list
                .expect("a mapping list")
                .split(',')
                .filter(|osd| osds.contains_key(*osd))
                .collect();
            for rule in &request.rules {
                let Limit::MaxPerDomain(cap) = rule.limit else {
                    continue;
                };
                let mut load: BTreeMap<&str, u32> = BTreeMap::new();
                for osd in &mapped {
                    if let Some(bucket) = osds[*osd].get(&rule.kind) {
                        *load.entry(bucket).or_default() += 1;
                    }
                }
                assert!(
                    load.values().all(|n| *n <= cap),
                    "{preset}: {line} puts more than {cap} in one {}: {load:?}",
                    rule.kind
                );
                spread_checks += usize::from(!load.is_empty());
            }
        }
    }
    assert!(spread_checks > 0, "no mapping was checked against a rule");
    // The check above must have run: most presets are feasible and expressible in CRUSH.
    assert!(
        mapped_cleanly.len() >= 5,
        "only {mapped_cleanly:?} were checked for clean mappings"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The default topology without its cross-cutting switches: a strict tree.
fn tree_topology() -> String {
    let run = tenancy(&["topology", "default"], "");
    let mut topology: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let kinds = topology["kinds"].as_array_mut().expect("kinds");
    kinds.retain(|kind| kind != "switch");
    for host in topology["hosts"].as_array_mut().expect("hosts") {
        host["domains"]
            .as_object_mut()
            .expect("domains")
            .remove("switch");
    }
    topology.to_string()
}

/// Per OSD, its bucket of each type (parsed from the map text).
fn ancestry(map: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut parent: BTreeMap<String, (String, String)> = BTreeMap::new(); // item → (type, bucket)
    let mut current: Option<(String, String)> = None;
    for line in map.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            [kind, name, "{"] => current = Some(((*kind).to_owned(), (*name).to_owned())),
            ["}"] => current = None,
            ["item", item, "weight", _] => {
                if let Some(bucket) = &current {
                    parent.insert((*item).to_owned(), bucket.clone());
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for osd in parent.keys().filter(|item| item.starts_with("osd.")) {
        let mut chain = BTreeMap::new();
        let mut item = osd.clone();
        while let Some((kind, bucket)) = parent.get(&item) {
            chain.insert(kind.clone(), bucket.clone());
            item = bucket.clone();
        }
        out.insert(osd.trim_start_matches("osd.").to_owned(), chain);
    }
    out
}

/// Replicas, and rules as (kind, max per domain or 0, min domains or 0).
type Case = (u32, &'static [(&'static str, u32, u32)]);

#[test]
fn tree_topology_mappings_obey_the_rules() {
    let crushtool = path_tool("crushtool");
    let dir = scratch("crush-tree");
    let topology_path = dir.join("tree.json");
    std::fs::write(&topology_path, tree_topology()).expect("write the topology");
    let topology = topology_path.to_string_lossy().into_owned();
    let cases: [Case; 6] = [
        (6, &[("rack", 2, 0), ("host", 1, 0)]),
        (4, &[("datacenter", 2, 0), ("host", 1, 0)]),
        (5, &[("datacenter", 0, 2)]),
        (5, &[("pdu", 1, 0)]),
        (4, &[("region", 2, 0), ("rack", 1, 0)]),
        (4, &[("host", 2, 0), ("room", 0, 3)]),
    ];
    for (index, (replicas, rules)) in cases.iter().enumerate() {
        let rules_json: Vec<String> = rules
            .iter()
            .map(|(kind, cap, min)| {
                if *cap > 0 {
                    format!(r#"{{"kind": "{kind}", "max_per_domain": {cap}}}"#)
                } else {
                    format!(r#"{{"kind": "{kind}", "min_domains": {min}}}"#)
                }
            })
            .collect();
        let request = format!(
            r#"{{"replicas": {replicas}, "rules": [{}]}}"#,
            rules_json.join(", ")
        );
        let run = tenancy(
            &["export", "crush", "--topology", &topology, "--request", "-"],
            &request,
        );
        assert_eq!(run.code, 0, "{request}: {}", run.stderr);
        assert!(
            !run.stderr.contains("not in the CRUSH tree"),
            "{request}: {}",
            run.stderr
        );
        let compiled = compile(&crushtool, &dir, &format!("case-{index}"), &run.stdout);
        let bad = test(&crushtool, &compiled, *replicas, "--show-bad-mappings");
        assert!(
            !bad.contains("bad mapping"),
            "{request}: {bad}\n{}",
            run.stdout
        );
        let osds = ancestry(&run.stdout);
        let mappings = test(&crushtool, &compiled, *replicas, "--show-mappings");
        let mut checked = 0;
        for line in mappings
            .lines()
            .filter(|line| line.starts_with("CRUSH rule"))
        {
            let list = line
                .split('[')
                .nth(1)
                .and_then(|rest| rest.split(']').next())
                .expect("a mapping list");
            let mapped: Vec<&str> = list.split(',').collect();
            assert_eq!(mapped.len(), *replicas as usize, "{request}: {line}");
            for (kind, cap, min) in rules.iter() {
                let mut load: BTreeMap<&str, u32> = BTreeMap::new();
                for osd in &mapped {
                    let bucket = osds[*osd].get(*kind).expect("every OSD has each type");
                    *load.entry(bucket).or_default() += 1;
                }
                if *cap > 0 {
                    assert!(
                        load.values().all(|n| n <= cap),
                        "{request}: {line} puts more than {cap} in one {kind}: {load:?}"
                    );
                }
                let distinct: BTreeSet<&&str> = load.keys().collect();
                assert!(distinct.len() as u32 >= *min, "{request}: {line}");
            }
            checked += 1;
        }
        assert_eq!(checked, 1024, "{request}: {mappings}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cross_cutting_kinds_are_lossy_in_crush() {
    let run = tenancy(
        &["export", "crush", "--request", "-"],
        r#"{"replicas": 3, "rules": [{"kind": "switch", "max_per_domain": 1}]}"#,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("lossy: at most 1 per switch: the kind `switch` is not in the CRUSH tree"),
        "{}",
        run.stderr
    );
}
