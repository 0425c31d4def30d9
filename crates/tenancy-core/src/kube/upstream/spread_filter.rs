//! Ported from `pkg/scheduler/framework/plugins/podtopologyspread/filtering_test.go`
//! (`TestSingleConstraint`, `TestMultipleConstraints`): the spread filter's verdict per node.

use super::*;

const FILE: &str = "pkg/scheduler/framework/plugins/podtopologyspread/filtering_test.go";

struct Case {
    test: &'static str,
    name: &'static str,
    pod: P,
    nodes: Vec<N>,
    existing: Vec<P>,
    want: Vec<Code>,
}

fn single(name: &'static str, pod: P, nodes: Vec<N>, existing: Vec<P>, want: Vec<Code>) -> Case {
    Case {
        test: "TestSingleConstraint",
        name,
        pod,
        nodes,
        existing,
        want,
    }
}

fn multiple(name: &'static str, pod: P, nodes: Vec<N>, existing: Vec<P>, want: Vec<Code>) -> Case {
    Case {
        test: "TestMultipleConstraints",
        name,
        pod,
        nodes,
        existing,
        want,
    }
}

/// 2/1/0/3 over node-a, node-b, node-x, node-y.
fn two_one_zero_three() -> Vec<P> {
    foo_counts(&[("node-a", 2), ("node-b", 1), ("node-y", 3)])
}

/// Nodes labelled `node=<name>` only.
fn named(names: &[&str]) -> Vec<N> {
    names.iter().map(|n| node(n).label("node", n)).collect()
}

/// Four nodes labelled `node=<name>`, the first three also `foo=""`, the last tainted or not.
fn foo_nodes(last_tainted: bool) -> Vec<N> {
    let mut nodes: Vec<N> = ["node-a", "node-b", "node-x"]
        .iter()
        .map(|n| node(n).label("node", n).label("foo", ""))
        .collect();
    let y = node("node-y").label("node", "node-y");
    nodes.push(if last_tainted { y.tainted() } else { y });
    nodes
}

fn one_one_zero_one() -> Vec<P> {
    foo_pods(&[("p-b1", "node-a"), ("p-b2", "node-b"), ("p-y1", "node-y")])
}

/// Zoned four nodes for the inclusion-policy cases: which carry `foo=""`, and node-y tainted.
fn zoned_foo(foo: [bool; 4], y_tainted: bool) -> Vec<N> {
    four_nodes()
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            let n = if foo[i] { n.label("foo", "") } else { n };
            if i == 3 && y_tainted { n.tainted() } else { n }
        })
        .collect()
}

/// The upstream cases, one per row: the case name, then the incoming pod, the nodes, the existing
/// pods and the expected code per node (kept as a table, so not reformatted).
#[rustfmt::skip]
fn cases() -> Vec<Case> {
    let s = Success;
    let u = Unschedulable;
    let uu = UnschedulableAndUnresolvable;
    vec![
        single("no existing pods",
            foo_pod().hard(1, "zone", foo()), four_nodes(), vec![], vec![s, s, s, s]),
        single("no existing pods, incoming pod doesn't match itself",
            foo_pod().hard(1, "zone", bar()), four_nodes(), vec![], vec![s, s, s, s]),
        single("existing pods in a different namespace do not count",
            foo_pod().hard(1, "zone", foo()),
            four_nodes(),
            vec![pod().name("p-a1").ns("ns1").node("node-a").label("foo", ""), pod().name("p-b1").ns("ns2").node("node-a").label("foo", ""), bound("p-x1", "node-x", &["foo"]), bound("p-y1", "node-y", &["foo"])],
            vec![s, s, u, u]),
        single("existing pods do not match null selector",
            foo_pod().hard(1, "zone", None), four_nodes(), foo_pods(&[("p-x1", "node-x"), ("p-y1", "node-y")]), vec![s, s, s, s]),
        single("pods spread across zones as 3/3, all nodes fit",
            foo_pod().hard(1, "zone", foo()), four_nodes(), two_one_zero_three(), vec![s, s, s, s]),
        single("pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
            foo_pod().hard(1, "zone", foo()),
            vec![node("node-a").label("zone", "zone1").label("node", "node-a"), node("node-b").label("zon", "zone1").label("node", "node-b"), node("node-x").label("zone", "zone2").label("node", "node-x"), node("node-y").label("zone", "zone2").label("node", "node-y")],
            foo_pods(&[("p-a1", "node-a"), ("p-b1", "node-b"), ("p-x1", "node-x"), ("p-y1", "node-y")]),
            vec![s, uu, u, u]),
        single("pod cannot be scheduled as all nodes don't have label 'rack'",
            foo_pod().hard(1, "rack", foo()),
            vec![node("node-a").label("zone", "zone1").label("node", "node-a"), node("node-x").label("zone", "zone2").label("node", "node-x")],
            vec![],
            vec![uu, uu]),
        single("pods spread across nodes as 2/1/0/3, only node-x fits",
            foo_pod().hard(1, "node", foo()), four_nodes(), two_one_zero_three(), vec![u, u, s, u]),
        single("pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit",
            foo_pod().hard(2, "node", foo()), four_nodes(), two_one_zero_three(), vec![u, s, s, u]),
        single("pods spread across nodes as 2/1/0/3, but pod doesn't match itself",
            pod().name("p").label("bar", "").hard(1, "node", foo()), four_nodes(), two_one_zero_three(), vec![u, s, s, u]),
        single("incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits",
            foo_pod().node_affinity_in("node", &["node-a", "node-y"]).hard(1, "node", foo()), four_nodes(), two_one_zero_three(), vec![s, s, s, u]),
        single("terminating Pods should be excluded",
            foo_pod().hard(1, "node", foo()),
            named(&["node-a", "node-b"]),
            vec![pod().name("p-a").node("node-a").label("foo", "").terminating(), bound("p-b", "node-b", &["foo"])],
            vec![s, u]),
        single("incoming pod has nodeAffinity, pods spread as 0/~2~/0/1, hence node-a fits",
            foo_pod().node_affinity_not_in("node", &["node-b"]).hard(1, "zone", foo()),
            four_nodes(),
            foo_pods(&[("p-b1", "node-b"), ("p-b2", "node-b"), ("p-y1", "node-y")]),
            vec![s, s, u, u]),
        single("pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains < minDomains, then the third node fits",
            foo_pod().hard(2, "node", foo()).min_domains(4),
            named(&["node-a", "node-b", "node-c"]),
            foo_pods(&[("p-a1", "node-a"), ("p-a2", "node-a"), ("p-b1", "node-b"), ("p-b2", "node-b"), ("p-c1", "node-c")]),
            vec![u, u, s]),
        single("pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains > minDomains, then the all nodes fit",
            foo_pod().hard(2, "node", foo()).min_domains(2),
            named(&["node-a", "node-b", "node-c"]),
            foo_pods(&[("p-a1", "node-a"), ("p-a2", "node-a"), ("p-b1", "node-b"), ("p-b2", "node-b"), ("p-c1", "node-c")]),
            vec![s, s, s]),
        single("pods spread across zone as 2/1, maxSkew is 2 and the number of domains < minDomains, then the third and fourth nodes fit",
            foo_pod().hard(2, "zone", foo()).min_domains(3),
            four_nodes(),
            foo_pods(&[("p-b1", "node-a"), ("p-b2", "node-b"), ("p-y1", "node-y")]),
            vec![u, u, s, s]),
        single("pods spread across zone as 2/1, maxSkew is 2 and the number of domains > minDomains, then the all nodes fit",
            foo_pod().hard(2, "zone", foo()).min_domains(1),
            four_nodes(),
            foo_pods(&[("p-b1", "node-a"), ("p-b2", "node-b"), ("p-y1", "node-y")]),
            vec![s, s, s, s]),
        single("NodeAffinityPolicy honored with labelSelectors",
            foo_pod().node_selector("foo", "").hard(1, "node", foo()), foo_nodes(false), one_one_zero_one(), vec![u, u, s, s]),
        single("NodeAffinityPolicy ignored with labelSelectors",
            foo_pod().node_selector("foo", "").hard(1, "node", foo()).affinity_policy(IGNORE), foo_nodes(false), one_one_zero_one(), vec![u, u, s, u]),
        single("NodeAffinityPolicy honored with nodeAffinity",
            foo_pod().node_affinity_in("foo", &[""]).hard(1, "node", foo()), foo_nodes(false), one_one_zero_one(), vec![u, u, s, s]),
        single("NodeAffinityPolicy ignored with labelSelectors (the nodeAffinity variant)",
            foo_pod().node_affinity_in("foo", &[""]).hard(1, "node", foo()).affinity_policy(IGNORE),
            foo_nodes(false),
            one_one_zero_one(),
            vec![u, u, s, u]),
        single("NodeTaintsPolicy honored",
            foo_pod().hard(1, "node", foo()).taints_policy(HONOR), foo_nodes(true), one_one_zero_one(), vec![u, u, s, s]),
        single("NodeTaintsPolicy ignored",
            foo_pod().hard(1, "node", foo()), foo_nodes(true), one_one_zero_one(), vec![u, u, s, u]),
        multiple("two Constraints on zone and node, spreads = [3/3, 2/1/0/3]",
            foo_pod().hard(1, "zone", foo()).hard(1, "node", foo()), four_nodes(), two_one_zero_three(), vec![u, u, s, u]),
        multiple("two Constraints on zone and node, spreads = [3/4, 2/1/0/4]",
            foo_pod().hard(1, "zone", foo()).hard(1, "node", foo()),
            four_nodes(),
            { let mut pods = two_one_zero_three(); pods.extend(foo_pods(&[("p-y4", "node-y")])); pods },
            vec![u, u, u, u]),
        multiple("Constraints hold different labelSelectors, spreads = [1/0, 1/0/0/1]",
            foo_pod().label("bar", "").hard(1, "zone", foo()).hard(1, "node", bar()),
            four_nodes(),
            vec![bound("p-a1", "node-a", &["foo"]), bound("p-y1", "node-y", &["bar"])],
            vec![u, u, s, u]),
        multiple("Constraints hold different labelSelectors, spreads = [1/0, 0/0/1/1]",
            foo_pod().label("bar", "").hard(1, "zone", foo()).hard(1, "node", bar()),
            four_nodes(),
            vec![bound("p-a1", "node-a", &["foo"]), bound("p-x1", "node-x", &["bar"]), bound("p-y1", "node-y", &["bar"])],
            vec![u, u, u, u]),
        multiple("Constraints hold different labelSelectors, spreads = [2/3, 1/0/0/1]",
            foo_pod().label("bar", "").hard(1, "zone", foo()).hard(1, "node", bar()),
            four_nodes(),
            vec![bound("p-a1", "node-a", &["foo"]), bound("p-a2", "node-a", &["foo", "bar"]), bound("p-y1", "node-y", &["foo"]), bound("p-y2", "node-y", &["foo", "bar"]), bound("p-y3", "node-y", &["foo"])],
            vec![u, s, u, u]),
        multiple("Constraints hold different labelSelectors but pod doesn't match itself on 'zone' constraint",
            pod().name("p").label("bar", "").hard(1, "zone", foo()).hard(1, "node", bar()),
            four_nodes(),
            vec![bound("p-a1", "node-a", &["foo"]), bound("p-x1", "node-x", &["bar"]), bound("p-y1", "node-y", &["bar"])],
            vec![s, s, u, u]),
        multiple("two Constraints on zone and node, absence of label 'node' on node-x, spreads = [1/1, 1/0/0/1]",
            foo_pod().hard(1, "zone", foo()).hard(1, "node", foo()),
            vec![node("node-a").label("zone", "zone1").label("node", "node-a"), node("node-b").label("zone", "zone1").label("node", "node-b"), node("node-x").label("zone", "zone2"), node("node-y").label("zone", "zone2").label("node", "node-y")],
            foo_pods(&[("p-a1", "node-a"), ("p-y3", "node-y")]),
            vec![u, s, uu, u]),
        multiple("two node inclusion Constraints, zone: honor/ignore, node: ignore/ignore",
            foo_pod().node_selector("foo", "").hard(1, "zone", foo()).hard(1, "node", foo()).affinity_policy(IGNORE),
            zoned_foo([true, true, true, false], false),
            foo_pods(&[("p-a1", "node-a"), ("p-b1", "node-b"), ("p-y1", "node-y")]),
            vec![u, u, s, u]),
        multiple("two node inclusion Constraints, zone: honor/honor, node: honor/ignore",
            foo_pod().hard(1, "zone", foo()).taints_policy(HONOR).hard(1, "node", foo()),
            zoned_foo([true, true, true, false], true),
            foo_pods(&[("p-a1", "node-a"), ("p-b1", "node-b"), ("p-y1", "node-y")]),
            vec![u, u, s, u]),
        multiple("two node inclusion Constraints, zone: honor/ignore, node: honor/ignore",
            foo_pod().node_selector("foo", "").hard(1, "zone", foo()).hard(1, "node", foo()),
            zoned_foo([true, false, true, true], true),
            foo_pods(&[("p-a1", "node-a"), ("p-b1", "node-b"), ("p-y1", "node-y")]),
            vec![u, s, s, u]),
        multiple("two node inclusion Constraints, zone: honor/honor, node: ignore/ignore",
            foo_pod().node_selector("foo", "").hard(1, "zone", foo()).taints_policy(HONOR).hard(1, "node", foo()).affinity_policy(IGNORE),
            zoned_foo([true, false, true, true], true),
            foo_pods(&[("p-a1", "node-a"), ("p-b1", "node-b"), ("p-y1", "node-y")]),
            vec![u, u, s, u]),
    ]
}

#[test]
fn the_spread_filter_reproduces_the_upstream_table() {
    check_table(FILE, 34, cases(), |case| {
        let (cluster, t) = cluster(case.nodes, case.existing, case.pod);
        let got = spread_codes(&cluster, t);
        (case.test, case.name, case.want, got)
    });
}
