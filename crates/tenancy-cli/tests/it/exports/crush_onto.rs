//! The CRUSH export onto a user's own map (`--from crushmap`): the output is that map line for
//! line plus one rule, `crushtool --compare` finds every existing rule's mappings unchanged, and
//! the new rule maps every input in full at each size its `min_size`..`max_size` declares.

use super::crush::compile;
use super::crush_twin::generate;
use super::{path_tool, run_tool, scratch, tenancy};

const REQUESTS: [&str; 4] = [
    r#"{"replicas": 3, "rules": [{"kind": "rack", "max_per_domain": 1}]}"#,
    r#"{"replicas": 4, "rules": [{"kind": "rack", "max_per_domain": 2}, {"kind": "host", "max_per_domain": 1}]}"#,
    r#"{"replicas": 2, "rules": [{"kind": "host", "max_per_domain": 1}]}"#,
    r#"{"replicas": 6, "rules": [{"kind": "rack", "min_domains": 3}]}"#,
];

#[test]
fn adding_the_rule_moves_nothing_and_the_rule_holds_its_sizes() {
    let crushtool = path_tool("crushtool");
    let dir = scratch("crush-onto");
    let mut checked = 0;
    for seed in [0u64, 3, 5, 8, 10, 13] {
        let original = generate(seed).text;
        let map = dir.join(format!("map-{seed}.txt"));
        std::fs::write(&map, &original).expect("write the map");
        let old = compile(&crushtool, &dir, &format!("old-{seed}"), &original);
        for (index, request) in REQUESTS.iter().enumerate() {
            let request_path = dir.join(format!("request-{index}.json"));
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
            // A request the map cannot hold is still exported (the rule is harmless to add), but
            // the run says so and exits 1.
            let unplaced = run
                .stderr
                .contains("the request cannot be placed on this topology");
            assert_eq!(
                run.code,
                i32::from(unplaced),
                "map {seed}, request {index}: {}",
                run.stderr
            );
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
                    "map {seed}: a line of the map is missing"
                );
                added
            };
            assert!(
                added.iter().all(|line| line.starts_with('#')
                    || line.starts_with('\t')
                    || line.starts_with("rule ")
                    || *line == "}"),
                "map {seed}, request {index}: more than a rule added:\n{added:#?}"
            );
            let new = compile(
                &crushtool,
                &dir,
                &format!("new-{seed}-{index}"),
                &run.stdout,
            );
            let (ok, compare) = run_tool(&crushtool, &["-i", &old, "--compare", &new]);
            assert!(
                ok && compare.contains("maps appear equivalent"),
                "map {seed}, request {index}: existing mappings moved:\n{compare}"
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
                &crushtool,
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
                "map {seed}, request {index}: the rule maps short at a size it declares:\n{bad}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 24);
}

/// From an OSD tree there is no map to extend: the export is the rule alone (no devices, no
/// buckets, no `setcrushmap` of a generated map), with the one-line command where it suffices.
#[test]
fn an_osd_tree_gives_the_rule_alone() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tenancy-core/tests/fixtures/ceph-osd-tree.json"
    );
    let request = r#"{"replicas": 3, "rules": [{"kind": "host", "max_per_domain": 1}]}"#;
    let run = tenancy(
        &[
            "export",
            "crush",
            "--topology",
            fixture,
            "--from",
            "ceph",
            "--request",
            "-",
        ],
        request,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.lines().any(|line| line.starts_with("device ")
        || line.starts_with("host ")
        || line.starts_with("tunable ")));
    assert!(
        !run.stdout.contains("setcrushmap -i map.bin"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("ceph osd crush rule create-replicated workload default host"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches("\nrule ").count(), 1, "{}", run.stdout);
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
