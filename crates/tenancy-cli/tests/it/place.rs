//! `tenancy place` end to end: exit 0 with a placement, 1 with a conflict, 2 for bad input with a
//! message naming the item and nothing on stdout.

use std::path::PathBuf;

use crate::binary::{refused, tenancy};

const TOPOLOGY: &str = r#"{"version":1,"name":"two sites","kinds":["datacenter","pdu","rack"],"hosts":[
 {"name":"fra-a1-h1","domains":{"datacenter":"fra","pdu":"fra-p1","rack":"fra-a1"}},
 {"name":"fra-a2-h1","domains":{"datacenter":"fra","pdu":"fra-p1","rack":"fra-a2"}},
 {"name":"fra-a3-h1","slots":2,"domains":{"datacenter":"fra","pdu":"fra-p2","rack":"fra-a3"}},
 {"name":"ams-b1-h1","labels":{"pool":"dedicated"},"domains":{"datacenter":"ams","pdu":"ams-p1","rack":"ams-b1"}},
 {"name":"ams-b2-h1","domains":{"datacenter":"ams","pdu":"ams-p1","rack":"ams-b2"}}]}"#;

const REQUEST: &str = r#"{"replicas": 3, "rules": [{"kind": "rack", "max_per_domain": 1}, {"kind": "datacenter", "min_domains": 2}]}"#;

/// Writes `text` to a file named after the test case and returns its path.
fn file(name: &str, text: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("place-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// Runs `tenancy place` with the request on standard input: (exit code, stdout, stderr).
fn run(topology: &str, request: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["place", "--topology", topology, "--request", "-"];
    args.extend_from_slice(extra);
    let run = tenancy(&args, request);
    (run.code, run.stdout, run.stderr)
}

/// Bad input: exit 2, nothing on stdout, and a message containing `expected`.
fn check_bad(topology: &str, request: &str, expected: &str) {
    let args = ["place", "--topology", topology, "--request", "-"];
    refused(&args, request, expected);
}

#[test]
fn a_feasible_request_exits_0_with_the_placement() {
    let topology = file("good.json", TOPOLOGY);
    let (code, stdout, stderr) = run(&topology, REQUEST, &[]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["feasible"], true);
    assert_eq!(json["optimal"], true);
    let hosts: Vec<&str> = json["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["host"].as_str().unwrap())
        .collect();
    assert_eq!(hosts, ["fra-a1-h1", "fra-a3-h1", "ams-b1-h1"]);
    assert_eq!(json["spread"]["datacenter"]["domains_used"], 2);
    // Byte-identical on a second run.
    assert_eq!(run(&topology, REQUEST, &[]).1, stdout);
}

#[test]
fn an_infeasible_request_exits_1_with_its_minimal_conflict() {
    let topology = file("infeasible.json", TOPOLOGY);
    let request = r#"{"replicas":5,"rules":[{"kind":"rack","max_per_domain":1},{"kind":"datacenter","max_per_domain":2},{"kind":"pdu","min_domains":2}]}"#;
    let (code, stdout, _) = run(&topology, request, &[]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["feasible"], false);
    assert_eq!(json["conflict"]["rules"], serde_json::json!([1]));
    assert_eq!(
        json["conflict"]["explanation"],
        "2 data centers × at most 2 per data center = 4 < 5 replicas"
    );
}

#[test]
fn the_text_format_is_a_table() {
    let topology = file("text.json", TOPOLOGY);
    let (code, stdout, _) = run(&topology, REQUEST, &["--format", "text"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("3 replicas, quorum 2: placed (optimal blast radius)\n"));
    assert!(
        stdout.contains("  replica  host       datacenter  pdu     rack\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  1        fra-a3-h1  fra         fra-p2  fra-a3\n"),
        "{stdout}"
    );
    let request = r#"{"replicas":7,"select":{"pool":"dedicated"}}"#;
    let (code, stdout, _) = run(&topology, request, &["--format", "text"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("why: only 1 eligible host with 1 slot for 7 replicas (select {pool=dedicated} matches 1 of 5 hosts)"), "{stdout}");
}

#[test]
fn bad_topologies_exit_2_naming_the_item() {
    let cases = [
        ("not-json.json", "{", "topology is not valid"),
        (
            "version.json",
            r#"{"version":2,"kinds":[],"hosts":[{"name":"a"}]}"#,
            "unknown topology version 2",
        ),
        (
            "empty.json",
            r#"{"version":1,"kinds":[],"hosts":[]}"#,
            "topology has no hosts",
        ),
        (
            "duplicate.json",
            r#"{"version":1,"kinds":[],"hosts":[{"name":"a"},{"name":"a"}]}"#,
            "duplicate host name `a` at hosts[1] (first at hosts[0])",
        ),
        (
            "empty-name.json",
            r#"{"version":1,"kinds":[],"hosts":[{"name":""}]}"#,
            "empty host name at hosts[0]",
        ),
        (
            "kind-twice.json",
            r#"{"version":1,"kinds":["rack","rack"],"hosts":[{"name":"a"}]}"#,
            "bad kind at kinds[1]: `rack` is listed twice",
        ),
        (
            "host-kind.json",
            r#"{"version":1,"kinds":["host"],"hosts":[{"name":"a"}]}"#,
            "`host` is implicit",
        ),
        (
            "unknown-kind.json",
            r#"{"version":1,"kinds":["rack"],"hosts":[{"name":"a","domains":{"pdu":"p"}}]}"#,
            "bad domain on host `a` at hosts[0]: kind `pdu` is not in the topology's kinds",
        ),
        (
            "empty-domain.json",
            r#"{"version":1,"kinds":["rack"],"hosts":[{"name":"a","domains":{"rack":""}}]}"#,
            "empty domain name for kind `rack`",
        ),
        (
            "rate.json",
            r#"{"version":1,"kinds":["rack"],"hosts":[{"name":"a"}],"rates":{"rack":{"failures_per_year":-1,"mttr_hours":1}}}"#,
            "bad rate for `rack`",
        ),
        (
            "field.json",
            r#"{"version":1,"kinds":[],"hosts":[{"name":"a","slot":2}]}"#,
            "unknown field `slot`",
        ),
        (
            "slots.json",
            r#"{"version":1,"kinds":[],"hosts":[{"name":"a","slots":-1}]}"#,
            "topology is not valid: invalid value: integer `-1`",
        ),
    ];
    for (name, text, expected) in cases {
        check_bad(&file(name, text), REQUEST, expected);
    }
    let absent = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-topology.json");
    check_bad(
        &absent.to_string_lossy(),
        REQUEST,
        "cannot read topology from",
    );
}

#[test]
fn bad_requests_exit_2_naming_the_item() {
    let topology = file("for-requests.json", TOPOLOGY);
    let cases = [
        ("{", "request in standard input: request is not valid JSON"),
        ("[]", "request must be a JSON object, found an array"),
        ("{}", "replicas: missing"),
        (
            r#"{"replicas":0}"#,
            "replicas: must be an integer from 1 to 10000, got 0",
        ),
        (
            r#"{"replicas":20000}"#,
            "replicas: must be an integer from 1 to 10000, got 20000",
        ),
        (
            r#"{"replicas":"3"}"#,
            "replicas: must be an integer from 1 to 10000, got \"3\"",
        ),
        (
            r#"{"replicas":3,"quorum":4}"#,
            "quorum: 4 is more than the 3 replicas",
        ),
        (
            r#"{"replicas":3,"spread":1}"#,
            "unknown field `spread` in the request",
        ),
        (
            r#"{"replicas":3,"select":["pool"]}"#,
            "select: must be an object of label → value",
        ),
        (
            r#"{"replicas":3,"rules":"rack"}"#,
            "rules: must be an array of rules, found a string",
        ),
        (
            r#"{"replicas":3,"rules":[{"kind":"rack","max_per_domain":1},{"kind":"rak","max_per_domain":1}]}"#,
            "rules[1]: unknown kind `rak` (the topology has: datacenter, pdu, rack, host)",
        ),
        (
            r#"{"replicas":3,"rules":[{"kind":"rack","max_per_domain":0}]}"#,
            "rules[0]: max_per_domain: must be an integer ≥ 1, got 0",
        ),
        (
            r#"{"replicas":3,"rules":[{"kind":"rack","max_skew":1,"min_domains":2}]}"#,
            "rules[0]: rule on `rack` has both `min_domains` and `max_skew`",
        ),
        (
            r#"{"replicas":3,"rules":[{"kind":"rack"}]}"#,
            "rules[0]: rule on `rack` has no constraint",
        ),
        (
            r#"{"replicas":3,"rules":[{"kind":"rack","max_per_domain":1,"topologyKey":"x"}]}"#,
            "rules[0]: unknown field `topologyKey`",
        ),
        (
            r#"{"replicas":3,"rules":[{"max_per_domain":1}]}"#,
            "rules[0]: missing `kind`",
        ),
    ];
    for (request, expected) in cases {
        check_bad(&topology, request, expected);
    }
}

#[test]
fn a_missing_request_file_exits_2() {
    let topology = file("for-missing.json", TOPOLOGY);
    let run = tenancy(
        &[
            "place",
            "--topology",
            &topology,
            "--request",
            "no-such-request.json",
        ],
        "",
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    run.stderr_has("cannot read request from `no-such-request.json`");
}

#[test]
fn a_kubectl_node_list_is_detected_and_its_warnings_reach_the_json() {
    let nodes = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tenancy-core/tests/fixtures/kubectl/onprem-kvm.json"
    ))
    .unwrap();
    // A UTF-8 byte-order mark, as some editors save, is accepted.
    let topology = file("onprem-kvm.json", &format!("\u{feff}{nodes}"));
    let request = r#"{"replicas": 2, "scope": "datacenter", "rules": [{"kind": "rack", "max_per_domain": 1}]}"#;
    let (code, stdout, stderr) = run(&topology, request, &[]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["scope"]["kind"], "datacenter");
    let warnings = json["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("their zone is unknown")),
        "{warnings:?}"
    );
    // `--from` overrides detection.
    let (code, _, stderr) = run(&topology, request, &["--from", "ceph"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("ceph"), "{stderr}");
}
