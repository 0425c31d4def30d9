//! Tests of placement on hand-written topologies: spread, tie-breaks, conflicts and their
//! counting explanations.

use super::*;

/// Two data centers × two racks × two hosts; PDU `p1` feeds racks a1 and b1 across both data
/// centers, and host `b2-y` has no PDU. Labels: `pool=gpu` on the `x` hosts.
const TOPOLOGY: &str = r#"{"version":1,"kinds":["datacenter","pdu","rack"],"hosts":[
 {"name":"a1-x","labels":{"pool":"gpu"},"domains":{"datacenter":"a","pdu":"p1","rack":"a1"}},
 {"name":"a1-y","domains":{"datacenter":"a","pdu":"p1","rack":"a1"}},
 {"name":"a2-x","labels":{"pool":"gpu"},"domains":{"datacenter":"a","pdu":"p2","rack":"a2"}},
 {"name":"a2-y","slots":2,"domains":{"datacenter":"a","pdu":"p2","rack":"a2"}},
 {"name":"b1-x","labels":{"pool":"gpu"},"domains":{"datacenter":"b","pdu":"p1","rack":"b1"}},
 {"name":"b1-y","domains":{"datacenter":"b","pdu":"p1","rack":"b1"}},
 {"name":"b2-x","labels":{"pool":"gpu"},"slots":0,"domains":{"datacenter":"b","pdu":"p3","rack":"b2"}},
 {"name":"b2-y","domains":{"datacenter":"b","rack":"b2"}}]}"#;

fn solve(request: &str) -> Placement {
    let topology = Topology::from_json_str(TOPOLOGY).unwrap();
    let request = Request::from_json_str(request, &topology).unwrap();
    place(&topology, &request)
}

/// Checks the hosts chosen, in replica order, or the conflict `rules: explanation`.
fn check(request: &str, expected: &str) {
    let placement = solve(request);
    let actual = match (&placement.assignments, &placement.conflict) {
        (Some(assignments), None) => {
            assert_eq!(placement.optimal, Some(true));
            let hosts: Vec<&str> = assignments.iter().map(|a| a.host.as_str()).collect();
            hosts.join(" ")
        }
        (None, Some(conflict)) => format!("{:?}: {}", conflict.rules, conflict.explanation),
        _ => panic!("a placement has either assignments or a conflict"),
    };
    assert_eq!(actual, expected, "{request}");
}

/// Checks each request's hosts or conflict (see [`check`]).
fn check_all(cases: &[(&str, &str)]) {
    for (request, expected) in cases {
        check(request, expected);
    }
}

#[test]
fn placements_minimise_blast_radius_widest_first() {
    check_all(&[
        // b2-y has no PDU, so it shares no PDU with a1-x: a smaller PDU blast radius than b1-x.
        (r#"{"replicas":2}"#, "a1-x b2-y"),
        (r#"{"replicas":4}"#, "a1-x a2-x b1-x b2-y"),
        // One per data center first: b's only PDU-carrying hosts are on p1, so a's must be on p2.
        (
            r#"{"replicas":2,"rules":[{"kind":"pdu","max_per_domain":1}]}"#,
            "a2-x b1-x",
        ),
        (
            r#"{"replicas":2,"select":{"pool":"gpu"},"rules":[{"kind":"rack","max_per_domain":1}]}"#,
            "a2-x b1-x",
        ),
        // a2-y has two slots, but one host per replica is the smaller blast radius.
        (
            r#"{"replicas":3,"rules":[{"kind":"rack","min_domains":1}, {"kind":"rack","max_per_domain":3}]}"#,
            "a1-x a2-x b2-y",
        ),
    ]);
}

#[test]
fn conflicts_are_minimal_with_counting_explanations() {
    check_all(&[
        (
            r#"{"replicas":5,"rules":[{"kind":"rack","max_per_domain":1},{"kind":"datacenter","max_per_domain":2}]}"#,
            "[0]: 4 racks × at most 1 per rack = 4 < 5 replicas",
        ),
        (
            r#"{"replicas":9}"#,
            "[]: only 7 eligible hosts with 8 slots in total for 9 replicas",
        ),
        (
            r#"{"replicas":4,"select":{"pool":"gpu"}}"#,
            "[]: only 3 eligible hosts with 1 slot each for 4 replicas (select {pool=gpu} matches 4 of 8 hosts)",
        ),
        (
            r#"{"replicas":1,"select":{"pool":"tpu"}}"#,
            "[]: no host matches select {pool=tpu}",
        ),
        (
            r#"{"replicas":5,"rules":[{"kind":"host","min_domains":2},{"kind":"rack","min_domains":5}]}"#,
            "[1]: only 4 eligible racks for at least 5 distinct racks",
        ),
        (
            r#"{"replicas":3,"rules":[{"kind":"rack","min_domains":4}]}"#,
            "[0]: 3 replicas cannot occupy 4 distinct racks",
        ),
        (
            // p3 only feeds b2-x, which has no slot; b2-y has no PDU.
            r#"{"replicas":3,"rules":[{"kind":"pdu","max_per_domain":1}]}"#,
            "[0]: 2 PDUs × at most 1 per PDU = 2 < 3 replicas; 1 selected host without a PDU cannot be used while a rule is on PDUs",
        ),
        (
            r#"{"replicas":8,"rules":[{"kind":"rack","max_per_domain":2},{"kind":"host","max_per_domain":1}]}"#,
            "[0]: 4 racks hold at most 2 + 2 + 2 + 1 = 7 < 8 replicas (at most 2 per rack, within their hosts' slots)",
        ),
        (
            r#"{"replicas":3,"rules":[{"kind":"datacenter","max_per_domain":1},{"kind":"rack","min_domains":3}]}"#,
            "[0]: 2 data centers × at most 1 per data center = 2 < 3 replicas",
        ),
    ]);
}

#[test]
fn skew_is_judged_over_eligible_domains() {
    // Racks a1, a2, b1, b2 (b2 only through b2-y, which has no PDU: ineligible once a rule is on pdu).
    check(
        r#"{"replicas":5,"rules":[{"kind":"rack","max_skew":1}]}"#,
        "a1-x a2-x a2-y b1-x b2-y",
    );
    check(
        r#"{"replicas":8,"rules":[{"kind":"rack","max_skew":1}]}"#,
        "[0]: the least eligible rack holds at most 1, so with skew at most 1 no rack takes more than 2: 4 racks hold at most 7 < 8 replicas",
    );
}

#[test]
fn output_is_deterministic_and_complete() {
    let request = r#"{"replicas":3,"rules":[{"kind":"rack","max_per_domain":1},{"kind":"datacenter","min_domains":2}]}"#;
    let first = solve(request).to_json_string();
    assert_eq!(first, solve(request).to_json_string());
    let json: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(json["feasible"], true);
    assert_eq!(json["spread"]["datacenter"]["domains_used"], 2);
    assert_eq!(json["spread"]["host"]["max_per_domain"], 1);
    assert_eq!(json["warnings"], serde_json::json!([]));
    let with_pdu = solve(r#"{"replicas":1,"rules":[{"kind":"pdu","max_per_domain":1}]}"#);
    assert_eq!(
        with_pdu.warnings,
        ["1 host (first `b2-y`) has no `pdu` domain and were not used, because a rule is on `pdu`"]
    );
}

#[test]
fn a_budget_that_runs_out_is_reported() {
    let topology = crate::synthetic::generate(&crate::synthetic::BENCH_SHAPES[1]);
    let request = crate::synthetic::request();
    let full = place(&topology, &request);
    assert_eq!(full.optimal, Some(true));
    let mut seen_suboptimal = false;
    for steps in [0, 1_000, 3_000, 100_000] {
        let placement = place_within(&topology, &request, steps);
        match placement.optimal {
            Some(true) => assert_eq!(placement, full),
            Some(false) => {
                seen_suboptimal = true;
                assert!(
                    placement
                        .warnings
                        .iter()
                        .any(|w| w.contains("search budget ran out"))
                );
                assert!(placement.blast_radius(&topology) >= full.blast_radius(&topology));
            }
            None => {
                let conflict = placement
                    .conflict
                    .expect("infeasible placements explain why");
                assert!(!conflict.proven, "{steps} steps: {}", conflict.explanation);
            }
        }
    }
    assert!(
        seen_suboptimal,
        "some budget lets the first search finish but not the optimisation"
    );
}

#[test]
fn a_hand_built_rule_on_an_unknown_kind_is_a_conflict_not_a_panic() {
    let topology = Topology::from_json_str(TOPOLOGY).unwrap();
    let mut request = Request::new(1);
    request.rules.push(Rule {
        kind: "moon".to_owned(),
        limit: crate::request::Limit::MaxPerDomain(1),
    });
    let conflict = place(&topology, &request).conflict.unwrap();
    assert_eq!(conflict.rules, [0]);
    assert_eq!(
        conflict.explanation,
        "no host has a `moon` domain, so none can satisfy rules[0]"
    );
}

#[test]
fn ties_in_blast_radius_are_spread_further() {
    // Rack b1 must take two replicas, so the rack blast radius is 2 whatever data center a does;
    // a's two replicas still go to different racks rather than both to a1.
    let topology = Topology::from_json_str(
        r#"{"version":1,"kinds":["datacenter","rack"],"hosts":[
         {"name":"a1-h1","domains":{"datacenter":"a","rack":"a1"}},
         {"name":"a1-h2","domains":{"datacenter":"a","rack":"a1"}},
         {"name":"a2-h1","domains":{"datacenter":"a","rack":"a2"}},
         {"name":"b1-h1","domains":{"datacenter":"b","rack":"b1"}},
         {"name":"b1-h2","domains":{"datacenter":"b","rack":"b1"}}]}"#,
    )
    .unwrap();
    let placement = place(&topology, &Request::new(4));
    let hosts: Vec<&str> = placement
        .assignments
        .iter()
        .flatten()
        .map(|a| a.host.as_str())
        .collect();
    assert_eq!(hosts, ["a1-h1", "a2-h1", "b1-h1", "b1-h2"]);
    assert_eq!(placement.blast_radius(&topology), [2, 2, 1]);
}

#[test]
fn a_scope_keeps_every_replica_in_the_best_single_domain() {
    // Data center a has 5 slots on 4 hosts, b has 3 usable hosts (b2-x has no slot).
    check(r#"{"replicas":3,"scope":"datacenter"}"#, "a1-x a1-y a2-x");
    let placement = solve(r#"{"replicas":3,"scope":"datacenter"}"#);
    let within = placement
        .scope
        .expect("a scoped placement names its domain");
    assert_eq!(
        (within.kind.as_str(), within.domain.as_str()),
        ("datacenter", "a")
    );
    // With 2 replicas the PDU radius ties between a and b, so the first data center wins; with
    // the gpu hosts only, a's two racks beat b's one usable rack.
    check(
        r#"{"replicas":2,"scope":"datacenter","rules":[{"kind":"rack","max_per_domain":1}]}"#,
        "a1-x a2-x",
    );
    check(
        r#"{"replicas":2,"scope":"datacenter","select":{"pool":"gpu"}}"#,
        "a1-x a2-x",
    );
    // Every rack with two free slots ties; b2 has one (b2-x has none) and is never tried.
    check(r#"{"replicas":2,"scope":"rack"}"#, "a1-x a1-y");
    check(r#"{"replicas":3,"scope":"any"}"#, "a1-x a2-x b2-y");
    assert!(solve(r#"{"replicas":3}"#).scope.is_none());
}

#[test]
fn a_conflict_names_the_scope_when_it_is_part_of_the_cause() {
    let placement = solve(
        r#"{"replicas":3,"scope":"datacenter","rules":[{"kind":"rack","max_per_domain":1}]}"#,
    );
    let conflict = placement.conflict.unwrap();
    assert_eq!(conflict.rules, [0]);
    assert_eq!(conflict.scope.as_deref(), Some("datacenter"));
    assert_eq!(
        conflict.explanation,
        "the scope keeps every replica in one data center, and even the roomiest, `a`, falls \
         short: 2 racks × at most 1 per rack = 2 < 3 replicas; without the scope these rules fit"
    );
    // Too many replicas for any data center, with no rule at all.
    let conflict = solve(r#"{"replicas":6,"scope":"datacenter"}"#)
        .conflict
        .unwrap();
    assert_eq!(
        (conflict.rules.len(), conflict.scope.as_deref()),
        (0, Some("datacenter"))
    );
    assert!(
        conflict
            .explanation
            .contains("only 4 eligible hosts with 5 slots in total for 6 replicas"),
        "{}",
        conflict.explanation
    );
    // The scope is not named when the rules fail anyway.
    let conflict = solve(
        r#"{"replicas":5,"scope":"datacenter","rules":[{"kind":"datacenter","max_per_domain":2}]}"#,
    )
    .conflict
    .unwrap();
    assert_eq!((conflict.rules, conflict.scope), (vec![0], None));
}
