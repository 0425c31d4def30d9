//! The CRUSH export onto a user's own map (`--from crushmap`): the output is that map line for
//! line plus one rule, `crushtool --compare` finds every existing rule's mappings unchanged, and
//! the new rule maps every input in full at each size its `min_size`..`max_size` declares.

use std::path::Path;

use super::crush::compile;
use super::crush_twin::generate;
use super::{ceph_test_maps, path_tool, run_tool, scratch, tenancy};

const REQUESTS: [&str; 4] = [
    r#"{"replicas": 3, "rules": [{"kind": "rack", "max_per_domain": 1}]}"#,
    r#"{"replicas": 4, "rules": [{"kind": "rack", "max_per_domain": 2}, {"kind": "host", "max_per_domain": 1}]}"#,
    r#"{"replicas": 2, "rules": [{"kind": "host", "max_per_domain": 1}]}"#,
    r#"{"replicas": 6, "rules": [{"kind": "rack", "min_domains": 3}]}"#,
];

/// What one export onto a map gave: the map plus a checked rule, or a clear refusal.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Added,
    Refused,
}

/// Exports `request` onto the map `original` (`label` names both in messages) and checks the
/// result: either that map line for line plus one rule, which `crushtool -c` compiles, which
/// `crushtool --compare` proves moves no existing mapping and which maps every input in full at
/// each size it declares; or, exit 2, one error line naming what is wrong and no output.
fn check_onto(crushtool: &Path, dir: &Path, label: &str, original: &str, request: &str) -> Outcome {
    let map = dir.join(format!("{label}.txt"));
    std::fs::write(&map, original).expect("write the map");
    let request_path = dir.join(format!("{label}.json"));
    std::fs::write(&request_path, request).expect("write the request");
    let run = tenancy(
        &[
            "export",
            "crush",
            "--topology",
            &map.to_string_lossy(),
            "--from",
            "crushmap",
            "--request",
            &request_path.to_string_lossy(),
        ],
        "",
    );
    assert!(!run.stderr.contains("panicked"), "{label}: {}", run.stderr);
    if run.code == 2 {
        assert!(
            run.stdout.is_empty() && run.stderr.starts_with("tenancy: error: "),
            "{label}: a refusal prints one error and no export:\n{}\n{}",
            run.stdout,
            run.stderr
        );
        return Outcome::Refused;
    }
    // A request the map cannot hold is still exported (the rule is harmless to add), but the
    // run says so and exits 1.
    let unplaced = run
        .stderr
        .contains("the request cannot be placed on this topology");
    assert_eq!(run.code, i32::from(unplaced), "{label}: {}", run.stderr);
    // The map is there line for line: only comments and the new rule are added.
    let added: Vec<&str> = {
        let mut kept = original.lines().peekable();
        let mut added = Vec::new();
        for line in run.stdout.lines() {
            if kept.peek() == Some(&line) {
                kept.next();
            } else {
                added.push(line);
            }
        }
        assert!(
            kept.peek().is_none(),
            "{label}: a line of the map is missing"
        );
        added
    };
    assert!(
        added.iter().all(|line| line.starts_with('#')
            || line.starts_with('\t')
            || line.starts_with("rule ")
            || *line == "}"),
        "{label}: more than a rule added:\n{added:#?}"
    );
    assert_eq!(
        added
            .iter()
            .filter(|line| line.starts_with("rule "))
            .count(),
        1,
        "{label}: one rule added"
    );
    let old = compile(crushtool, dir, &format!("{label}-old"), original);
    let new = compile(crushtool, dir, &format!("{label}-new"), &run.stdout);
    let (ok, compare) = run_tool(crushtool, &["-i", &old, "--compare", &new]);
    assert!(
        ok && compare.contains("maps appear equivalent"),
        "{label}: existing mappings moved:\n{compare}"
    );
    let rule_id = run
        .stdout
        .lines()
        .find_map(|line| line.split("(id ").nth(1))
        .and_then(|rest| rest.split(')').next())
        .expect("the header names the rule id")
        .to_owned();
    // Without --num-rep crushtool tests every size from min_size to max_size.
    let (ok, bad) = run_tool(
        crushtool,
        &[
            "-i",
            &new,
            "--test",
            "--rule",
            &rule_id,
            "--show-bad-mappings",
        ],
    );
    assert!(
        ok && !bad.contains("bad mapping"),
        "{label}: the rule maps short at a size it declares:\n{bad}"
    );
    Outcome::Added
}

#[test]
fn adding_the_rule_moves_nothing_and_the_rule_holds_its_sizes() {
    let crushtool = path_tool("crushtool");
    let dir = scratch("crush-onto");
    let mut checked = 0;
    for seed in [0u64, 3, 5, 8, 10, 13] {
        let original = generate(seed).text;
        for (index, request) in REQUESTS.iter().enumerate() {
            let label = format!("map-{seed}-request-{index}");
            let outcome = check_onto(&crushtool, &dir, &label, &original, request);
            assert_eq!(outcome, Outcome::Added, "{label}");
            checked += 1;
        }
    }
    assert_eq!(checked, 24);
}

/// Ceph's own test maps (whose types and roots are named freely: a root bucket called `root` of
/// type `default`, a rack left at the top, a bucket called `default`): every request either adds
/// one harmless rule or is refused with a message (a kind the map does not have), and each map
/// takes at least one rule.
#[test]
fn every_ceph_test_map_takes_a_harmless_rule() {
    let crushtool = path_tool("crushtool");
    let dir = scratch("crush-onto-ceph");
    for path in ceph_test_maps() {
        let original = std::fs::read_to_string(&path).expect("read a fixture");
        let name = path.file_stem().expect("a name").to_string_lossy();
        let mut added = 0;
        for (index, request) in REQUESTS.iter().enumerate() {
            let label = format!("{name}-request-{index}");
            if check_onto(&crushtool, &dir, &label, &original, request) == Outcome::Added {
                added += 1;
            }
        }
        assert!(added > 0, "{name}: no request took a rule");
    }
}

/// From an OSD tree there is no map to extend: the export is the rule alone (no devices, no
/// buckets, no `setcrushmap` of a generated map), with the one-line command where it suffices,
/// taking the tree's root by its bucket name. Every OSD-tree fixture.
#[test]
fn an_osd_tree_gives_the_rule_alone() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tenancy-core/tests/fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("the fixtures directory")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("ceph-osd-"))
        })
        .collect();
    paths.sort();
    assert!(paths.len() >= 3, "the OSD-tree fixtures are missing");
    let request = r#"{"replicas": 3, "rules": [{"kind": "host", "max_per_domain": 1}]}"#;
    for path in paths {
        let fixture = path.to_string_lossy();
        let run = tenancy(
            &[
                "export",
                "crush",
                "--topology",
                &fixture,
                "--from",
                "ceph",
                "--request",
                "-",
            ],
            request,
        );
        assert_eq!(run.code, 0, "{fixture}: {}", run.stderr);
        assert!(!run.stdout.lines().any(|line| line.starts_with("device ")
            || line.starts_with("host ")
            || line.starts_with("tunable ")));
        assert!(
            !run.stdout.contains("setcrushmap -i map.bin"),
            "{fixture}: {}",
            run.stdout
        );
        // Every fixture's root is the bucket `default`.
        assert!(
            run.stdout
                .contains("ceph osd crush rule create-replicated workload default host"),
            "{fixture}: {}",
            run.stdout
        );
        assert!(
            run.stdout.contains("\tstep take default\n"),
            "{fixture}: {}",
            run.stdout
        );
        assert_eq!(
            run.stdout.matches("\nrule ").count(),
            1,
            "{fixture}: {}",
            run.stdout
        );
    }
}

/// A pool's summary on a real map: sizes, the blast-radius histogram over its PGs, the
/// availability across them and the share at our optimum for the request; the same as JSON.
#[test]
fn a_pool_summary_compares_the_rule_with_our_optimum() {
    let map = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tenancy-core/tests/fixtures/ceph/test-map-firstn-indep.txt"
    );
    let request = r#"{"replicas": 3, "rules": [{"kind": "host", "max_per_domain": 1}]}"#;
    let run = tenancy(
        &[
            "simulate",
            "crush",
            map,
            "--pool",
            "1",
            "--rule",
            "1",
            "--size",
            "3",
            "--pg-num",
            "64",
            "--request",
            "-",
        ],
        request,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(
        out.contains("pool 1 rule 1 size 3 min_size 2 pg_num 64"),
        "{out}"
    );
    // The map's root type is called `default`: a kind like any other above the racks.
    assert!(
        out.contains("most replicas in one default, one rack, one host"),
        "{out}"
    );
    // Rule 1 picks 2 racks and one host in each: never 3 replicas, so every PG is short.
    assert!(out.contains("result size 2: 64/64"), "{out}");
    assert!(out.contains("bad mappings: 64"), "{out}");
    assert!(out.contains("  2,1,1: 64/64 (100.0 %)"), "{out}");
    // Short PGs are never as spread as ours, whatever their vector.
    assert!(
        out.contains("our optimum: blast radius ") && out.contains("PGs as spread: 0/64 (0.0 %)"),
        "{out}"
    );
    assert!(
        out.contains("availability across PGs (2 of 3 replicas up): worst "),
        "{out}"
    );
    let mut json_args: Vec<&str> = vec!["simulate", "crush", map, "--pool", "1", "--rule", "1"];
    json_args.extend(["--pg-num", "64", "--request", "-", "--format", "json"]);
    let run = tenancy(&json_args, request);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["pool"]["size"], 3, "the request's replicas");
    assert_eq!(json["min_size"], 2, "the request's quorum");
    assert_eq!(json["bad_mappings"], 64);
    assert_eq!(json["optimum"]["pgs_as_spread"], 0);
    let distribution = json["availability"]["distribution"].as_array().unwrap();
    let pgs: u64 = distribution
        .iter()
        .map(|d| d["pgs"].as_u64().unwrap())
        .sum();
    assert_eq!(pgs, 64);
    assert!(
        json["availability"]["worst"].as_f64().unwrap()
            <= json["optimum"]["p_quorum"].as_f64().unwrap()
    );
}
