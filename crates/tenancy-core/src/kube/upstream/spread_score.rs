//! Ported from `pkg/scheduler/framework/plugins/podtopologyspread/scoring_test.go`
//! (`TestPodTopologySpreadScore`): normalised spread scores of the candidate nodes; `failed`
//! nodes exist but did not pass the filters.

use super::*;
use crate::kube::model::HOSTNAME;

const FILE: &str = "pkg/scheduler/framework/plugins/podtopologyspread/scoring_test.go";

struct Case {
    name: &'static str,
    pod: P,
    existing: Vec<P>,
    nodes: Vec<N>,
    failed: Vec<N>,
    want: Vec<i64>,
}

fn case(
    name: &'static str,
    pod: P,
    existing: Vec<P>,
    nodes: Vec<N>,
    failed: Vec<N>,
    want: &[i64],
) -> Case {
    Case {
        name,
        pod,
        existing,
        nodes,
        failed,
        want: want.to_vec(),
    }
}

/// Nodes labelled with their hostname only.
fn hosts(names: &[&str]) -> Vec<N> {
    names.iter().map(|n| node(n).label(HOSTNAME, n)).collect()
}

/// Nodes labelled `zone` and hostname.
fn zoned(pairs: &[(&str, &str)]) -> Vec<N> {
    pairs
        .iter()
        .map(|(n, z)| node(n).label("zone", z).label(HOSTNAME, n))
        .collect()
}

/// Nodes labelled `node=<name>`, with `foo=""` where asked, the last tainted where asked.
fn policy_nodes(foo: [bool; 3], c_tainted: bool) -> Vec<N> {
    ["node-a", "node-b", "node-c"]
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let n = node(n).label("node", n);
            let n = if foo[i] { n.label("foo", "") } else { n };
            if i == 2 && c_tainted { n.tainted() } else { n }
        })
        .collect()
}

fn two_one_zero_three() -> Vec<P> {
    foo_counts(&[("node-a", 2), ("node-b", 1), ("node-d", 3)])
}

fn four_three_two_one() -> Vec<P> {
    foo_counts(&[("node-a", 4), ("node-b", 3), ("node-c", 2), ("node-d", 1)])
}

fn four_two_one_three() -> Vec<P> {
    foo_counts(&[("node-a", 4), ("node-b", 2), ("node-x", 1), ("node-y", 3)])
}

fn mixed_selectors() -> Vec<P> {
    vec![
        bound("p-a1", "node-a", &["foo"]),
        bound("p-b1", "node-b", &["foo", "bar"]),
        bound("p-y1", "node-y", &["foo"]),
        bound("p-y2", "node-y", &["bar"]),
    ]
}

fn two_one_one_pods() -> Vec<P> {
    foo_counts(&[("node-a", 2), ("node-b", 1), ("node-c", 1)])
}

/// The upstream cases, one per row: the case name, then the incoming pod, the existing pods, the
/// candidate nodes, the nodes that failed the filters and the expected scores (kept as a table,
/// so not reformatted).
#[rustfmt::skip]
fn cases() -> Vec<Case> {
    let one_host = |p: P| p.soft(1, HOSTNAME, foo());
    let abcd = || hosts(&["node-a", "node-b", "node-c", "node-d"]);
    let zone_host = |p: P, zone_sel: Option<Selector>, host_sel: Option<Selector>| {
        p.soft(1, "zone", zone_sel).soft(1, HOSTNAME, host_sel)
    };
    let zabxy = || {
        zoned(&[
            ("node-a", "zone1"),
            ("node-b", "zone1"),
            ("node-x", "zone2"),
            ("node-y", "zone2"),
        ])
    };
    vec![
        case("one constraint on node, no existing pods",
            one_host(foo_pod()), vec![], hosts(&["node-a", "node-b"]), vec![], &[100, 100]),
        case("one constraint on node, only one node is candidate",
            one_host(foo_pod()),
            foo_pods(&[("p-a1", "node-a"), ("p-a2", "node-a"), ("p-b1", "node-b")]),
            hosts(&["node-a"]),
            hosts(&["node-b"]),
            &[100]),
        case("one constraint on node, all nodes have the same number of matching pods",
            one_host(foo_pod()), foo_pods(&[("p-a1", "node-a"), ("p-b1", "node-b")]), hosts(&["node-a", "node-b"]), vec![], &[100, 100]),
        case("one constraint on node, all 4 nodes are candidates",
            one_host(foo_pod()), two_one_zero_three(), abcd(), vec![], &[20, 60, 100, 0]),
        case("one constraint on node, null selector",
            foo_pod().soft(1, HOSTNAME, None), two_one_zero_three(), abcd(), vec![], &[100, 100, 100, 100]),
        case("one constraint on node, all 4 nodes are candidates, maxSkew=2",
            foo_pod().soft(2, HOSTNAME, foo()), two_one_zero_three(), abcd(), vec![], &[33, 66, 100, 16]),
        case("one constraint on node, all 4 nodes are candidates, maxSkew=3",
            foo_pod().soft(3, HOSTNAME, foo()), four_three_two_one(), abcd(), vec![], &[44, 66, 77, 100]),
        case("system defaulting, nodes don't have zone, pods match service",
            foo_pod().owner_selector(Selector::labels(&[("foo", "")])), four_three_two_one(), abcd(), vec![], &[44, 66, 77, 100]),
        case("one constraint on node, 3 out of 4 nodes are candidates",
            one_host(foo_pod()), four_two_one_three(), hosts(&["node-a", "node-b", "node-x"]), hosts(&["node-y"]), &[33, 83, 100]),
        case("one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key",
            one_host(foo_pod()),
            four_two_one_three(),
            vec![node("node-a").label(HOSTNAME, "node-a"), node("node-b").label("n", "node-b"), node("node-x").label(HOSTNAME, "node-x")],
            hosts(&["node-y"]),
            &[16, 0, 100]),
        case("one constraint on zone, 3 out of 4 nodes are candidates",
            foo_pod().soft(1, "zone", foo()),
            four_two_one_three(),
            zoned(&[("node-a", "zone1"), ("node-b", "zone1"), ("node-x", "zone2")]),
            zoned(&[("node-y", "zone2")]),
            &[75, 75, 100]),
        case("two Constraints on zone and node, 2 out of 4 nodes are candidates",
            zone_host(foo_pod(), foo(), foo()),
            foo_pods(&[("p-a1", "node-a"), ("p-a2", "node-a"), ("p-b1", "node-b"), ("p-x1", "node-x"), ("p-x2", "node-x"), ("p-y1", "node-y"), ("p-y2", "node-y"), ("p-y3", "node-y"), ("p-y4", "node-y")]),
            zoned(&[("node-a", "zone1"), ("node-x", "zone2")]),
            zoned(&[("node-b", "zone1"), ("node-y", "zone2")]),
            &[100, 63]),
        case("two Constraints on zone and node, with different labelSelectors",
            zone_host(foo_pod().label("bar", ""), foo(), bar()), mixed_selectors(), zabxy(), vec![], &[60, 20, 100, 60]),
        case("two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods",
            zone_host(foo_pod().label("bar", ""), foo(), bar()),
            vec![bound("p-b1", "node-b", &["bar"]), bound("p-x1", "node-x", &["foo"]), bound("p-y1", "node-y", &["foo", "bar"])],
            zabxy(),
            vec![],
            &[100, 60, 40, 0]),
        case("two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates",
            zone_host(foo_pod().label("bar", ""), foo(), bar()),
            mixed_selectors(),
            zoned(&[("node-a", "zone1"), ("node-b", "zone1"), ("node-x", "zone2")]),
            zoned(&[("node-y", "zone2")]),
            &[50, 25, 100]),
        case("existing pods in a different namespace do not count",
            one_host(foo_pod()),
            vec![pod().name("p-a1").ns("ns1").node("node-a").label("foo", ""), bound("p-a2", "node-a", &["foo"]), bound("p-b1", "node-b", &["foo"]), bound("p-b2", "node-b", &["foo"])],
            hosts(&["node-a", "node-b"]),
            vec![],
            &[100, 33]),
        case("terminating Pods should be excluded",
            one_host(foo_pod()),
            vec![pod().name("p-a").node("node-a").label("foo", "").terminating(), bound("p-b", "node-b", &["foo"])],
            hosts(&["node-a", "node-b"]),
            vec![],
            &[100, 0]),
        case("minDomains has no effect when ScheduleAnyway",
            foo_pod().soft(2, "node", foo()).min_domains(10),
            foo_pods(&[("p-a1", "node-a"), ("p-a2", "node-a"), ("p-b1", "node-b"), ("p-b2", "node-b"), ("p-c1", "node-c")]),
            policy_nodes([false; 3], false),
            vec![],
            &[75, 75, 100]),
        case("NodeAffinityPolicy honoed with labelSelectors",
            foo_pod().node_selector("foo", "").soft(1, "node", foo()),
            two_one_one_pods(),
            policy_nodes([true, true, false], false),
            vec![],
            &[0, 33, 100]),
        case("NodeAffinityPolicy ignored with labelSelectors",
            foo_pod().node_selector("foo", "").soft(1, "node", foo()).affinity_policy(IGNORE),
            two_one_one_pods(),
            policy_nodes([true, true, false], false),
            vec![],
            &[66, 100, 100]),
        case("NodeAffinityPolicy honoed with nodeAffinity",
            foo_pod().node_affinity_in("foo", &[""]).soft(1, "node", foo()),
            two_one_one_pods(),
            policy_nodes([true, true, false], false),
            vec![],
            &[0, 33, 100]),
        case("NodeAffinityPolicy ignored with nodeAffinity",
            foo_pod().node_affinity_in("foo", &[""]).soft(1, "node", foo()).affinity_policy(IGNORE),
            two_one_one_pods(),
            policy_nodes([true, true, false], false),
            vec![],
            &[66, 100, 100]),
        case("NodeTaintsPolicy honored",
            foo_pod().soft(1, "node", foo()).taints_policy(HONOR), two_one_one_pods(), policy_nodes([false; 3], true), vec![], &[0, 33, 100]),
        case("NodeTaintsPolicy ignored",
            foo_pod().soft(1, "node", foo()), two_one_one_pods(), policy_nodes([false; 3], true), vec![], &[66, 100, 100]),
        case("matchLabelKeys ANDed with LabelSelector when LabelSelector is empty",
            foo_pod().label("bar", "").soft(1, "zone", Some(Selector::default())).match_label_keys(&["foo"]).soft(1, HOSTNAME, Some(Selector::default())).match_label_keys(&["bar"]),
            vec![bound("p-a1", "node-a", &["foo"]), bound("p-b1", "node-b", &["foo", "bar"]), bound("p-y1", "node-c", &["foo"]), bound("p-y2", "node-c", &["bar"])],
            zoned(&[("node-a", "zone1"), ("node-b", "zone1"), ("node-c", "zone2"), ("node-d", "zone2")]),
            vec![],
            &[60, 20, 60, 100]),
        case("matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
            foo_pod().label("bar", "").label("baz", "").soft(1, "zone", foo()).soft(1, HOSTNAME, bar()).match_label_keys(&["baz"]),
            vec![bound("p-a1", "node-a", &["foo"]), bound("p-b1", "node-b", &["foo", "bar", "baz"]), bound("p-c1", "node-c", &["foo"]), bound("p-c2", "node-c", &["bar"]), bound("p-d3", "node-c", &["bar", "baz"])],
            zoned(&[("node-a", "zone1"), ("node-b", "zone1"), ("node-c", "zone2"), ("node-d", "zone2")]),
            vec![],
            &[60, 20, 60, 100]),
    ]
}

#[test]
fn the_spread_score_reproduces_the_upstream_table() {
    check_table(FILE, 26, cases(), |case| {
        let candidates: Vec<usize> = (0..case.nodes.len()).collect();
        let mut nodes = case.nodes;
        nodes.extend(case.failed);
        let (cluster, t) = cluster(nodes, case.existing, case.pod);
        let got = spread_scores(&cluster, t, &candidates);
        ("TestPodTopologySpreadScore", case.name, case.want, got)
    });
}
