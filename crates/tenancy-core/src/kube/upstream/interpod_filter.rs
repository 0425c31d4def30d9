//! Ported from `pkg/scheduler/framework/plugins/interpodaffinity/filtering_test.go`
//! (`TestRequiredAffinitySingleNode`, `TestRequiredAffinityMultipleNodes`): the inter-pod
//! affinity filter's verdict per node (a PreFilter "Skip" is a pass on every node).

use super::*;

const FILE: &str = "pkg/scheduler/framework/plugins/interpodaffinity/filtering_test.go";

struct Case {
    test: &'static str,
    name: &'static str,
    pod: P,
    existing: Vec<P>,
    nodes: Vec<N>,
    want: Vec<Code>,
}

fn with(p: P, pairs: &[(&str, &str)]) -> P {
    pairs.iter().fold(p, |p, (k, v)| p.label(k, v))
}

fn node_with(name: &str, pairs: &[(&str, &str)]) -> N {
    pairs.iter().fold(node(name), |n, (k, v)| n.label(k, v))
}

const SERVICE: &[(&str, &str)] = &[("service", "securityscan")];
const SECURITY: &[(&str, &str)] = &[("security", "S1")];

/// node1 of the single-node cases.
fn node1() -> Vec<N> {
    vec![node_with("node1", &[("region", "r1"), ("zone", "z11")])]
}

/// The existing pod of the single-node cases.
fn scan_pod() -> P {
    with(pod().node("node1"), SERVICE)
}

fn single(name: &'static str, pod: P, existing: Vec<P>, want: Code) -> Case {
    Case {
        test: "TestRequiredAffinitySingleNode",
        name,
        pod,
        existing,
        nodes: node1(),
        want: vec![want],
    }
}

fn multiple(name: &'static str, pod: P, existing: Vec<P>, nodes: Vec<N>, want: Vec<Code>) -> Case {
    Case {
        test: "TestRequiredAffinityMultipleNodes",
        name,
        pod,
        existing,
        nodes,
        want,
    }
}

fn requirement(key: &str, op: SetOp, values: &[&str]) -> Requirement {
    Requirement {
        key: key.to_owned(),
        op,
        values: values.iter().map(|v| (*v).to_owned()).collect(),
    }
}

fn expressions(topology: &str, requirements: Vec<Requirement>) -> PodTerm {
    PodTerm {
        selector: Some(Selector {
            match_labels: Labels::new(),
            match_expressions: requirements,
        }),
        namespaces: Vec::new(),
        namespace_selector: None,
        topology_key: topology.to_owned(),
    }
}

/// The term of the namespace-selector cases.
fn team_term(topology: &str, team: Option<&str>) -> PodTerm {
    let mut term = expressions(
        topology,
        vec![requirement(
            "service",
            SetOp::In,
            &["securityscan", "value2"],
        )],
    );
    term.namespace_selector = Some(match team {
        Some(team) => Selector {
            match_labels: Labels::new(),
            match_expressions: vec![requirement("team", SetOp::In, &[team])],
        },
        None => Selector::default(),
    });
    term
}

fn r1(name: &str, zone: &str) -> N {
    node_with(
        name,
        &[("region", "r1"), ("zone", zone), ("hostname", name)],
    )
}

fn china_india() -> Vec<N> {
    vec![
        node_with("nodeA", &[("region", "China")]),
        node_with("nodeB", &[("region", "China"), ("az", "az1")]),
        node_with("nodeC", &[("region", "India")]),
    ]
}

/// The upstream cases, one per row: the case name, then the incoming pod, the existing pods, the
/// nodes (the multiple-node cases) and the expected code per node (kept as a table, so not
/// reformatted).
#[rustfmt::skip]
fn cases() -> Vec<Case> {
    let s = Success;
    let u = Unschedulable;
    let uu = UnschedulableAndUnresolvable;
    let sec = || with(pod(), SECURITY);
    let svc = || with(pod(), SERVICE);
    vec![
        single("A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods",
            pod(), vec![], s),
        single("satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod",
            sec().affinity_in("service", "region", &["securityscan", "value2"]), vec![scan_pod()], s),
        single("satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod",
            sec().affinity_not_in("service", "region", &["securityscan3", "value3"]), vec![scan_pod()], s),
        single("Does not satisfy the PodAffinity with labelSelector because of diff Namespace",
            sec().affinity({ let mut term = expressions("", vec![requirement("service", SetOp::In, &["securityscan", "value2"])]); term.namespaces = vec!["DiffNameSpace".to_owned()]; term }),
            vec![with(pod().ns("ns").node("node1"), SERVICE)],
            uu),
        single("Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
            svc().affinity_in("service", "", &["antivirusscan", "value2"]), vec![scan_pod()], uu),
        single("satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution ",
            sec().affinity(expressions("region", vec![requirement("service", SetOp::Exists, &[]), requirement("wrongkey", SetOp::DoesNotExist, &[])])).affinity(expressions("region", vec![requirement("service", SetOp::In, &["securityscan"]), requirement("service", SetOp::NotIn, &["WrongValue"])])),
            vec![scan_pod()],
            s),
        single("The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
            sec().affinity(expressions("region", vec![requirement("service", SetOp::Exists, &[]), requirement("wrongkey", SetOp::DoesNotExist, &[])])).affinity(expressions("region", vec![requirement("service", SetOp::In, &["securityscan2"]), requirement("service", SetOp::NotIn, &["WrongValue"])])),
            vec![scan_pod()],
            uu),
        single("satisfies the PodAffinity and PodAntiAffinity with the existing pod",
            sec().affinity_in("service", "region", &["securityscan", "value2"]).anti_in("service", "node", &["antivirusscan", "value2"]),
            vec![scan_pod()],
            s),
        single("satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod",
            sec().affinity_in("service", "region", &["securityscan", "value2"]).anti_in("service", "node", &["antivirusscan", "value2"]),
            vec![scan_pod().anti_in("service", "node", &["antivirusscan", "value2"])],
            s),
        single("satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
            sec().affinity_in("service", "region", &["securityscan", "value2"]).anti_in("service", "zone", &["securityscan", "value2"]),
            vec![scan_pod()],
            u),
        single("satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
            svc().affinity_in("service", "region", &["securityscan", "value2"]).anti_in("service", "node", &["antivirusscan", "value2"]),
            vec![scan_pod().anti_in("service", "zone", &["securityscan", "value2"])],
            u),
        single("pod matches its own Label in PodAffinity and that matches the existing pod Labels",
            svc().affinity_not_in("service", "region", &["securityscan", "value2"]), vec![pod().label("service", "securityscan").node("node2")], uu),
        single("verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
            svc(), vec![scan_pod().anti_in("service", "zone", &["securityscan", "value2"])], u),
        single("verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod",
            svc(), vec![scan_pod().anti_not_in("service", "zone", &["securityscan", "value2"])], s),
        single("satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
            svc().anti_exists("service", "region").anti_exists("security", "region"),
            vec![with(pod().node("node1"), SECURITY).anti_exists("security", "zone")],
            u),
        single("PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms",
            svc().anti_exists("service", "zone").anti_exists("security", "zone"),
            vec![with(pod().node("node1"), SECURITY).anti_exists("security", "zone")],
            u),
        single("PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms",
            sec().anti_exists("security", "zone"), vec![scan_pod().anti_exists("service", "zone").anti_exists("security", "zone")], u),
        single("PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms",
            with(pod(), &[("abc", ""), ("xyz", "")]).anti_exists("abc", "zone").anti_exists("def", "zone"),
            vec![with(pod().node("node1"), &[("def", ""), ("xyz", "")]).anti_exists("abc", "zone").anti_exists("def", "zone")],
            u),
        single("PodAntiAffinity symmetry check b2: incoming pod and existing pod partially match each other on AffinityTerms",
            with(pod(), &[("def", ""), ("xyz", "")]).anti_exists("abc", "zone").anti_exists("def", "zone"),
            vec![with(pod().node("node1"), &[("abc", ""), ("xyz", "")]).anti_exists("abc", "zone").anti_exists("def", "zone")],
            u),
        single("affinity with NamespaceSelector",
            sec().affinity(team_term("region", Some("team1"))), vec![with(pod().ns("subteam1.team1").node("node1"), SERVICE)], s),
        single("affinity with non-matching NamespaceSelector",
            sec().affinity(team_term("region", Some("team1"))), vec![with(pod().ns("subteam1.team2").node("node1"), SERVICE)], uu),
        single("anti-affinity with matching NamespaceSelector",
            sec().ns("subteam1.team1").anti(team_term("zone", Some("team1"))), vec![with(pod().ns("subteam2.team1").node("node1"), SERVICE)], u),
        single("anti-affinity with matching all NamespaceSelector",
            sec().ns("subteam1.team1").anti(team_term("zone", None)), vec![with(pod().ns("subteam2.team1").node("node1"), SERVICE)], u),
        single("anti-affinity with non-matching NamespaceSelector",
            sec().ns("subteam1.team1").anti(team_term("zone", Some("team1"))), vec![with(pod().ns("subteam1.team2").node("node1"), SERVICE)], s),
        multiple("A pod can be scheduled onto all the nodes that have the same topology key & label value with one of them has an existing pod that matches the affinity rules",
            pod().affinity_in("foo", "region", &["bar"]),
            vec![pod().name("p1").node("node1").label("foo", "bar")],
            vec![node_with("node1", &[("region", "China")]), node_with("node2", &[("region", "China"), ("az", "az1")]), node_with("node3", &[("region", "India")])],
            vec![s, s, uu]),
        multiple("The affinity rule is to schedule all of the pods of this collection to the same zone. The first pod of the collection should not be blocked from being scheduled onto any node, even there's no existing pod that matches the rule anywhere.",
            with(pod(), &[("foo", "bar"), ("service", "securityscan")]).affinity_in("foo", "zone", &["bar"]).affinity_in("service", "zone", &["securityscan"]),
            vec![pod().name("p1").node("nodeA").label("foo", "bar")],
            vec![node_with("nodeA", &[("zone", "az1"), ("hostname", "h1")]), node_with("nodeB", &[("zone", "az2"), ("hostname", "h2")])],
            vec![s, s]),
        multiple("The first pod of the collection can only be scheduled on nodes labelled with the requested topology keys",
            with(pod(), &[("foo", "bar"), ("service", "securityscan")]).affinity_in("foo", "zone", &["bar"]).affinity_in("service", "zone", &["securityscan"]),
            vec![pod().name("p1").node("nodeA").label("foo", "bar")],
            vec![node_with("nodeA", &[("zoneLabel", "az1"), ("hostname", "h1")]), node_with("nodeB", &[("zoneLabel", "az2"), ("hostname", "h2")])],
            vec![uu, uu]),
        multiple("NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.",
            pod().anti_in("foo", "region", &["abc"]),
            vec![pod().node("nodeA").label("foo", "abc")],
            vec![node_with("nodeA", &[("region", "r1"), ("hostname", "nodeA")]), node_with("nodeB", &[("region", "r1"), ("hostname", "nodeB")])],
            vec![u, u]),
        multiple("This test ensures that anti-affinity matches a pod when any term of the anti-affinity rule matches a pod.",
            pod().anti_in("foo", "region", &["abc"]).anti_in("service", "zone", &["securityscan"]),
            vec![with(pod().node("nodeA"), &[("foo", "abc"), ("service", "securityscan")])],
            vec![r1("nodeA", "z1"), r1("nodeB", "z2")],
            vec![u, u]),
        multiple("NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB but can be scheduled onto nodeC",
            pod().anti_in("foo", "region", &["abc"]), vec![pod().node("nodeA").label("foo", "abc")], china_india(), vec![u, u, s]),
        multiple("NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA, nodeB, but can be scheduled onto nodeC (NodeC has an existing pod that match the inter pod affinity rule but in different namespace)",
            pod().ns("NS1").label("foo", "123").anti_in("foo", "region", &["bar"]),
            vec![pod().node("nodeA").ns("NS1").label("foo", "bar"), pod().node("nodeC").ns("NS2").anti_in("foo", "region", &["123"])],
            china_india(),
            vec![u, u, s]),
        multiple("Test existing pod's anti-affinity: if an existing pod has a term with invalid topologyKey, labelSelector of the term is firstly checked, and then topologyKey of the term is also checked",
            pod().label("foo", ""),
            vec![pod().node("nodeA").anti_exists("foo", "invalid-node-label")],
            vec![r1("nodeA", "z1"), r1("nodeB", "z1")],
            vec![s, s]),
        multiple("Test incoming pod's anti-affinity: even if labelSelector matches, we still check if topologyKey matches",
            pod().anti_exists("foo", "invalid-node-label"),
            vec![pod().node("nodeA").label("foo", "")],
            vec![r1("nodeA", "z1"), r1("nodeB", "z1")],
            vec![s, s]),
        multiple("Test existing pod's anti-affinity: incoming pod wouldn't considered as a fit as it violates each existingPod's terms on all nodes",
            pod().label("foo", "").label("bar", ""),
            vec![pod().node("nodeA").anti_exists("foo", "zone"), pod().node("nodeA").anti_exists("bar", "region")],
            vec![r1("nodeA", "z1"), r1("nodeB", "z2")],
            vec![u, u]),
        multiple("Test incoming pod's anti-affinity: incoming pod wouldn't considered as a fit as it at least violates one anti-affinity rule of existingPod",
            pod().anti_exists("foo", "zone").anti_exists("bar", "region"),
            vec![pod().node("nodeA").label("foo", ""), pod().node("nodeB").label("bar", "")],
            vec![r1("nodeA", "z1"), r1("nodeB", "z2")],
            vec![u, u]),
        multiple("Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
            pod().label("foo", "").label("bar", ""),
            vec![pod().node("nodeA").anti_exists("foo", "invalid-node-label").anti_exists("bar", "zone")],
            vec![r1("nodeA", "z1"), r1("nodeB", "z2")],
            vec![u, s]),
        multiple("Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
            pod().anti_exists("foo", "invalid-node-label").anti_exists("bar", "zone"),
            vec![bound("podA", "nodeA", &["foo", "bar"])],
            vec![r1("nodeA", "z1"), r1("nodeB", "z2")],
            vec![u, s]),
        multiple("Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
            pod().label("foo", "").label("bar", ""),
            vec![pod().node("nodeA").anti_exists("foo", "region").anti_exists("bar", "zone")],
            vec![r1("nodeA", "z1"), r1("nodeB", "z2")],
            vec![u, u]),
        multiple("Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
            pod().anti_exists("foo", "region").anti_exists("bar", "zone"),
            vec![pod().node("nodeA").label("foo", "").label("bar", "")],
            vec![r1("nodeA", "z1"), r1("nodeB", "z2")],
            vec![u, u]),
        multiple("Test existing pod's anti-affinity: existingPod on nodeA and nodeB has at least one anti-affinity term matches incoming pod, so incoming pod can only be scheduled to nodeC",
            pod().label("foo", "").label("bar", ""),
            vec![pod().node("nodeA").anti_exists("foo", "zone").anti_exists("labelA", "zone"), pod().node("nodeB").anti_exists("bar", "zone").anti_exists("labelB", "zone")],
            vec![r1("nodeA", "z1"), r1("nodeB", "z2"), r1("nodeC", "z3")],
            vec![u, u, s]),
        multiple("Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match",
            pod().affinity_exists("foo", "region").affinity_exists("bar", "zone"),
            vec![pod().name("pod1").label("foo", "").label("bar", "").node("nodeA")],
            vec![r1("nodeA", "z1"), r1("nodeB", "z1")],
            vec![s, s]),
        multiple("Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match, and the match logic should be satisfied on the same pod",
            pod().affinity_exists("foo", "region").affinity_exists("bar", "zone"),
            vec![pod().node("nodeA").name("pod1").label("foo", ""), pod().node("nodeB").name("pod2").label("bar", "")],
            vec![r1("nodeA", "z1"), r1("nodeB", "z2")],
            vec![uu, uu]),
    ]
}

#[test]
fn the_inter_pod_affinity_filter_reproduces_the_upstream_table() {
    check_table(FILE, 42, cases(), |case| {
        let (mut cluster, t) = cluster(case.nodes, case.existing, case.pod);
        for (namespace, team) in [
            ("subteam1.team1", "team1"),
            ("subteam2.team1", "team1"),
            ("subteam1.team2", "team2"),
        ] {
            cluster.namespaces.insert(
                namespace.to_owned(),
                [("team".to_owned(), team.to_owned())].into(),
            );
        }
        let got = affinity_codes(&cluster, t);
        (case.test, case.name, case.want, got)
    });
}
