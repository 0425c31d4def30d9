//! Tests of topology validation: every error names the offending item.

use super::*;

fn check_error(json: &str, expected: &str) {
    let error = Topology::from_json_str(json).expect_err(json);
    assert_eq!(error.to_string(), expected);
}

const ONE_HOST: &str =
    r#"{"version":1,"kinds":["rack"],"hosts":[{"name":"h1","domains":{"rack":"r1"}}]}"#;

#[test]
fn a_minimal_topology_parses_with_defaults() {
    let topology = Topology::from_json_str(ONE_HOST).unwrap();
    assert_eq!(topology.hosts[0].slots, 1);
    assert!(topology.warnings().is_empty());
    let again = Topology::from_json_str(&topology.to_json_string()).unwrap();
    assert_eq!(again, topology);
}

#[test]
#[rustfmt::skip]
fn bad_topologies_name_the_item() {
    check_error(r#"{"version":2,"kinds":[],"hosts":[{"name":"a"}]}"#, "unknown topology version 2 (only version 1 exists)");
    check_error(r#"{"version":1,"kinds":[],"hosts":[]}"#, "topology has no hosts");
    check_error(r#"{"version":1,"kinds":[],"hosts":[{"name":"a"},{"name":"b"},{"name":"a"}]}"#, "duplicate host name `a` at hosts[2] (first at hosts[0])");
    check_error(r#"{"version":1,"kinds":[],"hosts":[{"name":""}]}"#, "empty host name at hosts[0]");
    check_error(r#"{"version":1,"kinds":["rack","rack"],"hosts":[{"name":"a"}]}"#, "bad kind at kinds[1]: `rack` is listed twice");
    check_error(r#"{"version":1,"kinds":["host"],"hosts":[{"name":"a"}]}"#, "bad kind at kinds[0]: `host` is implicit and must not be listed");
    check_error(r#"{"version":1,"kinds":["rack"],"hosts":[{"name":"a","domains":{"pdu":"p"}}]}"#, "bad domain on host `a` at hosts[0]: kind `pdu` is not in the topology's kinds");
    check_error(r#"{"version":1,"kinds":["rack"],"hosts":[{"name":"a"}],"rates":{"rack":{"failures_per_year":-1,"mttr_hours":1}}}"#, "bad rate for `rack`: failures_per_year must be a finite number ≥ 0, got -1");
    // Empty input says so, rather than "EOF while parsing a value at line 1 column 0".
    check_error(" \n", "topology is not valid: the input is empty");
}

#[test]
fn missing_domains_are_warnings() {
    let json = r#"{"version":1,"kinds":["rack"],"hosts":[{"name":"a"},{"name":"b"},{"name":"c","domains":{"rack":"r"}}]}"#;
    let topology = Topology::from_json_str(json).unwrap();
    assert_eq!(
        topology.warnings(),
        ["2 hosts (first `a`) have no `rack` domain and cannot satisfy a rule on `rack`"]
    );
}

/// One host with a domain for `k7` only, in a topology of `kinds` kinds.
fn many_kinds(kinds: usize) -> Topology {
    Topology {
        version: 1,
        name: String::new(),
        kinds: (0..kinds).map(|k| format!("k{k}")).collect(),
        hosts: vec![Host {
            name: "a".to_owned(),
            slots: 1,
            labels: BTreeMap::new(),
            domains: BTreeMap::from([("k7".to_owned(), "d".to_owned())]),
        }],
        rates: BTreeMap::new(),
    }
}

#[test]
fn many_kinds_are_validated_and_warned_about_in_linear_time() {
    // Found while fixing the `query` fuzz finding: validation scanned the list of kinds for every
    // kind and every domain, and the warnings looped over hosts × kinds, so 50,000 kinds on one
    // host (a 490 KB file) took 36 s and a 64 MiB file could take hours. Now both are set
    // lookups: eight times the kinds take about eight times as long, not sixty-four.
    let kinds = 10_000;
    let mut topology = many_kinds(kinds);
    assert_eq!(topology.validate(), Ok(()));
    let warnings = topology.warnings();
    assert_eq!(warnings.len(), kinds - 1);
    assert_eq!(
        warnings[0],
        "host `a` has no `k0` domain and cannot satisfy a rule on `k0`"
    );
    topology.kinds.push("k9999".to_owned());
    assert_eq!(
        topology.validate().unwrap_err().to_string(),
        "bad kind at kinds[10000]: `k9999` is listed twice"
    );
    let growth = crate::tests::growth_at_8n(kinds, |n| {
        let topology = many_kinds(n);
        std::hint::black_box(topology.validate()).expect("valid");
        std::hint::black_box(topology.warnings());
    });
    assert!(
        growth < crate::tests::LINEAR_GROWTH_BOUND,
        "8× the kinds took {growth:.1}× as long"
    );
}

#[test]
fn rates_read_back_from_their_own_json_unchanged() {
    // Found by the `topology_native` fuzz target: serde_json's default float parser read
    // `30000000000000000000000000000000000000.5` as 2.9999999999999997e37 (one unit in the last
    // place below the nearest double), which printed and read back as 3e37, so `topology convert`
    // changed the number on every pass. The core now parses floats exactly.
    let json = r#"{"version":1,"kinds":["rack"],"hosts":[{"name":"a"}],
        "rates":{"rack":{"failures_per_year":0.5,"mttr_hours":30000000000000000000000000000000000000.5}}}"#;
    let topology = Topology::from_json_str(json).unwrap();
    assert_eq!(topology.rates["rack"].mttr_hours, 3e37);
    let again = Topology::from_json_str(&topology.to_json_string()).unwrap();
    assert_eq!(again, topology);
}
