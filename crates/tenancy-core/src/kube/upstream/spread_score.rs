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

fn foo_pod() -> P {
    pod().name("p").label("foo", "")
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
    foo_pods(&[
        ("p-a1", "node-a"),
        ("p-a2", "node-a"),
        ("p-b1", "node-b"),
        ("p-d1", "node-d"),
        ("p-d2", "node-d"),
        ("p-d3", "node-d"),
    ])
}

fn four_three_two_one() -> Vec<P> {
    foo_pods(&[
        ("p-a1", "node-a"),
        ("p-a2", "node-a"),
        ("p-a3", "node-a"),
        ("p-a4", "node-a"),
        ("p-b1", "node-b"),
        ("p-b2", "node-b"),
        ("p-b3", "node-b"),
        ("p-c1", "node-c"),
        ("p-c2", "node-c"),
        ("p-d1", "node-d"),
    ])
}

fn four_two_one_three() -> Vec<P> {
    foo_pods(&[
        ("p-a1", "node-a"),
        ("p-a2", "node-a"),
        ("p-a3", "node-a"),
        ("p-a4", "node-a"),
        ("p-b1", "node-b"),
        ("p-b2", "node-b"),
        ("p-x1", "node-x"),
        ("p-y1", "node-y"),
        ("p-y2", "node-y"),
        ("p-y3", "node-y"),
    ])
}

fn mixed_selectors() -> Vec<P> {
    vec![
        pod().name("p-a1").node("node-a").label("foo", ""),
        pod()
            .name("p-b1")
            .node("node-b")
            .label("foo", "")
            .label("bar", ""),
        pod().name("p-y1").node("node-y").label("foo", ""),
        pod().name("p-y2").node("node-y").label("bar", ""),
    ]
}

fn two_one_one_pods() -> Vec<P> {
    foo_pods(&[
        ("p-a1", "node-a"),
        ("p-a2", "node-a"),
        ("p-b1", "node-b"),
        ("p-c1", "node-c"),
    ])
}

fn cases() -> Vec<Case> {
    let one_host = |p: P| p.spread(1, HOSTNAME, SOFT, foo(), None, None, None, &[]);
    let abcd = || hosts(&["node-a", "node-b", "node-c", "node-d"]);
    let zone_host = |p: P, zone_sel: Option<Selector>, host_sel: Option<Selector>| {
        p.spread(1, "zone", SOFT, zone_sel, None, None, None, &[])
            .spread(1, HOSTNAME, SOFT, host_sel, None, None, None, &[])
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
        case(
            "one constraint on node, no existing pods",
            one_host(foo_pod()),
            vec![],
            hosts(&["node-a", "node-b"]),
            vec![],
            &[100, 100],
        ),
        case(
            "one constraint on node, only one node is candidate",
            one_host(foo_pod()),
            foo_pods(&[("p-a1", "node-a"), ("p-a2", "node-a"), ("p-b1", "node-b")]),
            hosts(&["node-a"]),
            hosts(&["node-b"]),
            &[100],
        ),
        case(
            "one constraint on node, all nodes have the same number of matching pods",
            one_host(foo_pod()),
            foo_pods(&[("p-a1", "node-a"), ("p-b1", "node-b")]),
            hosts(&["node-a", "node-b"]),
            vec![],
            &[100, 100],
        ),
        case(
            "one constraint on node, all 4 nodes are candidates",
            one_host(foo_pod()),
            two_one_zero_three(),
            abcd(),
            vec![],
            &[20, 60, 100, 0],
        ),
        case(
            "one constraint on node, null selector",
            foo_pod().spread(1, HOSTNAME, SOFT, None, None, None, None, &[]),
            two_one_zero_three(),
            abcd(),
            vec![],
            &[100, 100, 100, 100],
        ),
        case(
            "one constraint on node, all 4 nodes are candidates, maxSkew=2",
            foo_pod().spread(2, HOSTNAME, SOFT, foo(), None, None, None, &[]),
            two_one_zero_three(),
            abcd(),
            vec![],
            &[33, 66, 100, 16],
        ),
        case(
            "one constraint on node, all 4 nodes are candidates, maxSkew=3",
            foo_pod().spread(3, HOSTNAME, SOFT, foo(), None, None, None, &[]),
            four_three_two_one(),
            abcd(),
            vec![],
            &[44, 66, 77, 100],
        ),
        case(
            "system defaulting, nodes don't have zone, pods match service",
            foo_pod().owner_selector(Selector::labels(&[("foo", "")])),
            four_three_two_one(),
            abcd(),
            vec![],
            &[44, 66, 77, 100],
        ),
        case(
            "one constraint on node, 3 out of 4 nodes are candidates",
            one_host(foo_pod()),
            four_two_one_three(),
            hosts(&["node-a", "node-b", "node-x"]),
            hosts(&["node-y"]),
            &[33, 83, 100],
        ),
        case(
            "one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key",
            one_host(foo_pod()),
            four_two_one_three(),
            vec![
                node("node-a").label(HOSTNAME, "node-a"),
                node("node-b").label("n", "node-b"),
                node("node-x").label(HOSTNAME, "node-x"),
            ],
            hosts(&["node-y"]),
            &[16, 0, 100],
        ),
        case(
            "one constraint on zone, 3 out of 4 nodes are candidates",
            foo_pod().spread(1, "zone", SOFT, foo(), None, None, None, &[]),
            four_two_one_three(),
            zoned(&[
                ("node-a", "zone1"),
                ("node-b", "zone1"),
                ("node-x", "zone2"),
            ]),
            zoned(&[("node-y", "zone2")]),
            &[75, 75, 100],
        ),
        case(
            "two Constraints on zone and node, 2 out of 4 nodes are candidates",
            zone_host(foo_pod(), foo(), foo()),
            foo_pods(&[
                ("p-a1", "node-a"),
                ("p-a2", "node-a"),
                ("p-b1", "node-b"),
                ("p-x1", "node-x"),
                ("p-x2", "node-x"),
                ("p-y1", "node-y"),
                ("p-y2", "node-y"),
                ("p-y3", "node-y"),
                ("p-y4", "node-y"),
            ]),
            zoned(&[("node-a", "zone1"), ("node-x", "zone2")]),
            zoned(&[("node-b", "zone1"), ("node-y", "zone2")]),
            &[100, 63],
        ),
        case(
            "two Constraints on zone and node, with different labelSelectors",
            zone_host(foo_pod().label("bar", ""), foo(), bar()),
            mixed_selectors(),
            zabxy(),
            vec![],
            &[60, 20, 100, 60],
        ),
        case(
            "two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods",
            zone_host(foo_pod().label("bar", ""), foo(), bar()),
            vec![
                pod().name("p-b1").node("node-b").label("bar", ""),
                pod().name("p-x1").node("node-x").label("foo", ""),
                pod()
                    .name("p-y1")
                    .node("node-y")
                    .label("foo", "")
                    .label("bar", ""),
            ],
            zabxy(),
            vec![],
            &[100, 60, 40, 0],
        ),
        case(
            "two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates",
            zone_host(foo_pod().label("bar", ""), foo(), bar()),
            mixed_selectors(),
            zoned(&[
                ("node-a", "zone1"),
                ("node-b", "zone1"),
                ("node-x", "zone2"),
            ]),
            zoned(&[("node-y", "zone2")]),
            &[50, 25, 100],
        ),
        case(
            "existing pods in a different namespace do not count",
            one_host(foo_pod()),
            vec![
                pod().name("p-a1").ns("ns1").node("node-a").label("foo", ""),
                pod().name("p-a2").node("node-a").label("foo", ""),
                pod().name("p-b1").node("node-b").label("foo", ""),
                pod().name("p-b2").node("node-b").label("foo", ""),
            ],
            hosts(&["node-a", "node-b"]),
            vec![],
            &[100, 33],
        ),
        case(
            "terminating Pods should be excluded",
            one_host(foo_pod()),
            vec![
                pod()
                    .name("p-a")
                    .node("node-a")
                    .label("foo", "")
                    .terminating(),
                pod().name("p-b").node("node-b").label("foo", ""),
            ],
            hosts(&["node-a", "node-b"]),
            vec![],
            &[100, 0],
        ),
        case(
            "minDomains has no effect when ScheduleAnyway",
            foo_pod().spread(2, "node", SOFT, foo(), Some(10), None, None, &[]),
            foo_pods(&[
                ("p-a1", "node-a"),
                ("p-a2", "node-a"),
                ("p-b1", "node-b"),
                ("p-b2", "node-b"),
                ("p-c1", "node-c"),
            ]),
            policy_nodes([false; 3], false),
            vec![],
            &[75, 75, 100],
        ),
        case(
            "NodeAffinityPolicy honoed with labelSelectors",
            foo_pod().node_selector("foo", "").spread(
                1,
                "node",
                SOFT,
                foo(),
                None,
                None,
                None,
                &[],
            ),
            two_one_one_pods(),
            policy_nodes([true, true, false], false),
            vec![],
            &[0, 33, 100],
        ),
        case(
            "NodeAffinityPolicy ignored with labelSelectors",
            foo_pod().node_selector("foo", "").spread(
                1,
                "node",
                SOFT,
                foo(),
                None,
                IGNORE,
                None,
                &[],
            ),
            two_one_one_pods(),
            policy_nodes([true, true, false], false),
            vec![],
            &[66, 100, 100],
        ),
        case(
            "NodeAffinityPolicy honoed with nodeAffinity",
            foo_pod().node_affinity_in("foo", &[""]).spread(
                1,
                "node",
                SOFT,
                foo(),
                None,
                None,
                None,
                &[],
            ),
            two_one_one_pods(),
            policy_nodes([true, true, false], false),
            vec![],
            &[0, 33, 100],
        ),
        case(
            "NodeAffinityPolicy ignored with nodeAffinity",
            foo_pod().node_affinity_in("foo", &[""]).spread(
                1,
                "node",
                SOFT,
                foo(),
                None,
                IGNORE,
                None,
                &[],
            ),
            two_one_one_pods(),
            policy_nodes([true, true, false], false),
            vec![],
            &[66, 100, 100],
        ),
        case(
            "NodeTaintsPolicy honored",
            foo_pod().spread(1, "node", SOFT, foo(), None, None, HONOR, &[]),
            two_one_one_pods(),
            policy_nodes([false; 3], true),
            vec![],
            &[0, 33, 100],
        ),
        case(
            "NodeTaintsPolicy ignored",
            foo_pod().spread(1, "node", SOFT, foo(), None, None, None, &[]),
            two_one_one_pods(),
            policy_nodes([false; 3], true),
            vec![],
            &[66, 100, 100],
        ),
        case(
            "matchLabelKeys ANDed with LabelSelector when LabelSelector is empty",
            foo_pod()
                .label("bar", "")
                .spread(
                    1,
                    "zone",
                    SOFT,
                    Some(Selector::default()),
                    None,
                    None,
                    None,
                    &["foo"],
                )
                .spread(
                    1,
                    HOSTNAME,
                    SOFT,
                    Some(Selector::default()),
                    None,
                    None,
                    None,
                    &["bar"],
                ),
            vec![
                pod().name("p-a1").node("node-a").label("foo", ""),
                pod()
                    .name("p-b1")
                    .node("node-b")
                    .label("foo", "")
                    .label("bar", ""),
                pod().name("p-y1").node("node-c").label("foo", ""),
                pod().name("p-y2").node("node-c").label("bar", ""),
            ],
            zoned(&[
                ("node-a", "zone1"),
                ("node-b", "zone1"),
                ("node-c", "zone2"),
                ("node-d", "zone2"),
            ]),
            vec![],
            &[60, 20, 60, 100],
        ),
        case(
            "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
            foo_pod()
                .label("bar", "")
                .label("baz", "")
                .spread(1, "zone", SOFT, foo(), None, None, None, &[])
                .spread(1, HOSTNAME, SOFT, bar(), None, None, None, &["baz"]),
            vec![
                pod().name("p-a1").node("node-a").label("foo", ""),
                pod()
                    .name("p-b1")
                    .node("node-b")
                    .label("foo", "")
                    .label("bar", "")
                    .label("baz", ""),
                pod().name("p-c1").node("node-c").label("foo", ""),
                pod().name("p-c2").node("node-c").label("bar", ""),
                pod()
                    .name("p-d3")
                    .node("node-c")
                    .label("bar", "")
                    .label("baz", ""),
            ],
            zoned(&[
                ("node-a", "zone1"),
                ("node-b", "zone1"),
                ("node-c", "zone2"),
                ("node-d", "zone2"),
            ]),
            vec![],
            &[60, 20, 60, 100],
        ),
    ]
}

#[test]
fn the_spread_score_reproduces_the_upstream_table() {
    let cases = cases();
    assert_eq!(cases.len(), 26);
    let mut failures = Vec::new();
    for case in cases {
        let candidates: Vec<usize> = (0..case.nodes.len()).collect();
        let mut nodes = case.nodes;
        nodes.extend(case.failed);
        let (cluster, t) = cluster(nodes, case.existing, case.pod);
        let got = spread_scores(&cluster, t, &candidates);
        if got != case.want {
            failures.push(format!(
                "{FILE} TestPodTopologySpreadScore {:?}: want {:?}, got {got:?}",
                case.name, case.want
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
