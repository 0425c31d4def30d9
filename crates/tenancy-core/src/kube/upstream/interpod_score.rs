//! Ported from `pkg/scheduler/framework/plugins/interpodaffinity/scoring_test.go`
//! (`TestPreferredAffinity`, `TestPreferredAffinityWithHardPodAffinitySymmetricWeight`, as of
//! v1.34): the inter-pod affinity score of every node after normalisation, with the default
//! `hardPodAffinityWeight` 1 and the existing pods' preferred terms counted. A PreScore "Skip" is
//! a score of 0 on every node. Cases left out: invalid label values (the reader refuses them
//! before the twin runs), `ignorePreferredTermsOfExistingPods: true` and a hard weight of 0 (not
//! the default profile), and no nodes at all.

use super::*;
use crate::kube::model::WeightedPodTerm;

const FILE: &str = "pkg/scheduler/framework/plugins/interpodaffinity/scoring_test.go";

struct Case {
    test: &'static str,
    name: &'static str,
    pod: P,
    existing: Vec<P>,
    nodes: Vec<N>,
    want: Vec<i64>,
}

const MAX: i64 = 100;
const CHINA: &[(&str, &str)] = &[("region", "China")];
const INDIA: &[(&str, &str)] = &[("region", "India")];
const AZ1: &[(&str, &str)] = &[("az", "az1")];
const AZ2: &[(&str, &str)] = &[("az", "az2")];
const CHINA_AZ1: &[(&str, &str)] = &[("region", "China"), ("az", "az1")];

/// Nodes `node1`, `node2`, … with these labels.
fn nodes(labels: &[&[(&str, &str)]]) -> Vec<N> {
    labels
        .iter()
        .enumerate()
        .map(|(i, pairs)| {
            pairs
                .iter()
                .fold(node(&format!("node{}", i + 1)), |n, (k, v)| n.label(k, v))
        })
        .collect()
}

/// A selector of requirements (`MatchExpressions`).
fn select(requirements: &[(&str, SetOp, &[&str])]) -> Option<Selector> {
    Some(Selector {
        match_labels: Labels::new(),
        match_expressions: requirements
            .iter()
            .map(|(key, op, values)| Requirement {
                key: (*key).to_owned(),
                op: *op,
                values: values.iter().map(|v| (*v).to_owned()).collect(),
            })
            .collect(),
    })
}

/// A term over the pod's own namespace.
fn term_on(selector: Option<Selector>, topology: &str) -> PodTerm {
    PodTerm {
        selector,
        namespaces: Vec::new(),
        namespace_selector: None,
        topology_key: topology.to_owned(),
    }
}

fn security_in(value: &str, topology: &str) -> PodTerm {
    term_on(select(&[("security", SetOp::In, &[value])]), topology)
}

fn weighted(weight: i64, term: PodTerm) -> WeightedPodTerm {
    WeightedPodTerm { weight, term }
}

/// The upstream `Affinity` values, applied to a pod.
#[derive(Clone, Copy)]
enum Affinity {
    StayWithS1InRegion,
    StayWithS2InRegion,
    Affinity3,
    Hard,
    AwayFromS1InAz,
    AwayFromS2InAz,
    StayWithS1InRegionAwayFromS2InAz,
    NamespaceSelector,
    AntiNamespaceSelector,
}

use Affinity::*;

/// The namespace part of `affinityNamespaceSelector`: `subteam2.team2` by name, team1 by label.
fn team1_or_subteam2(term: PodTerm) -> PodTerm {
    PodTerm {
        namespaces: vec!["subteam2.team2".to_owned()],
        namespace_selector: select(&[("team", SetOp::In, &["team1"])]),
        ..term
    }
}

impl P {
    fn with_affinity(mut self, affinity: Affinity) -> P {
        let t = &mut self.template;
        match affinity {
            StayWithS1InRegion => t
                .affinity
                .preferred
                .push(weighted(5, security_in("S1", "region"))),
            StayWithS2InRegion => t
                .affinity
                .preferred
                .push(weighted(6, security_in("S2", "region"))),
            Affinity3 => {
                t.affinity.preferred.push(weighted(
                    8,
                    term_on(
                        select(&[
                            ("security", SetOp::NotIn, &["S1"]),
                            ("security", SetOp::In, &["S2"]),
                        ]),
                        "region",
                    ),
                ));
                t.affinity.preferred.push(weighted(
                    2,
                    term_on(
                        select(&[
                            ("security", SetOp::Exists, &[]),
                            ("wrongkey", SetOp::DoesNotExist, &[]),
                        ]),
                        "region",
                    ),
                ));
            }
            Hard => {
                t.affinity.required.push(term_on(
                    select(&[("security", SetOp::In, &["S1", "value2"])]),
                    "region",
                ));
                t.affinity.required.push(term_on(
                    select(&[
                        ("security", SetOp::Exists, &[]),
                        ("wrongkey", SetOp::DoesNotExist, &[]),
                    ]),
                    "region",
                ));
            }
            AwayFromS1InAz => t
                .anti_affinity
                .preferred
                .push(weighted(5, security_in("S1", "az"))),
            AwayFromS2InAz => t
                .anti_affinity
                .preferred
                .push(weighted(5, security_in("S2", "az"))),
            StayWithS1InRegionAwayFromS2InAz => {
                t.affinity
                    .preferred
                    .push(weighted(8, security_in("S1", "region")));
                t.anti_affinity
                    .preferred
                    .push(weighted(5, security_in("S2", "az")));
            }
            NamespaceSelector => t
                .affinity
                .preferred
                .push(weighted(5, team1_or_subteam2(security_in("S1", "region")))),
            AntiNamespaceSelector => t
                .anti_affinity
                .preferred
                .push(weighted(5, team1_or_subteam2(security_in("S1", "region")))),
        }
        self
    }
}

/// A pod labelled `security=<s>` (no label for an empty `s`), on `at` when given.
fn sec(s: &str, at: Option<&str>) -> P {
    let p = if s.is_empty() {
        pod()
    } else {
        pod().label("security", s)
    };
    match at {
        Some(at) => p.node(at),
        None => p,
    }
}

fn preferred(name: &'static str, pod: P, existing: Vec<P>, nodes: Vec<N>, want: &[i64]) -> Case {
    Case {
        test: "TestPreferredAffinity",
        name,
        pod,
        existing,
        nodes,
        want: want.to_vec(),
    }
}

fn preferred_cases() -> Vec<Case> {
    let three = || nodes(&[CHINA, INDIA, AZ1]);
    let two = || nodes(&[CHINA, INDIA]);
    let namespaced = |namespace: &str, at: &str| sec("S1", Some(at)).ns(namespace);
    vec![
        preferred(
            "all nodes are same priority as Affinity is nil",
            sec("S1", None),
            vec![],
            three(),
            &[0, 0, 0],
        ),
        preferred(
            "Affinity: pod that matches topology key & pods in nodes will get high score comparing to otherswhich doesn't match either pods in nodes or in topology key",
            sec("S1", None).with_affinity(StayWithS1InRegion),
            vec![
                sec("S1", Some("node1")),
                sec("S2", Some("node2")),
                sec("S1", Some("node3")),
            ],
            three(),
            &[MAX, 0, 0],
        ),
        preferred(
            "All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score",
            sec("", None).with_affinity(StayWithS1InRegion),
            vec![sec("S1", Some("node1"))],
            nodes(&[CHINA, CHINA_AZ1, INDIA]),
            &[MAX, MAX, 0],
        ),
        preferred(
            "Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score",
            sec("S1", None).with_affinity(StayWithS2InRegion),
            ["node1", "node1", "node2", "node3", "node4", "node5"]
                .iter()
                .map(|at| sec("S2", Some(at)))
                .collect(),
            nodes(&[CHINA, INDIA, CHINA, CHINA, INDIA]),
            &[MAX, 0, MAX, MAX, 0],
        ),
        preferred(
            "Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures ",
            sec("S1", None).with_affinity(Affinity3),
            vec![
                sec("S1", Some("node1")),
                sec("S2", Some("node2")),
                sec("S1", Some("node3")),
            ],
            three(),
            &[20, MAX, 0],
        ),
        preferred(
            "Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry",
            sec("S2", None),
            vec![
                sec("S1", Some("node1")).with_affinity(StayWithS1InRegion),
                sec("S2", Some("node2")).with_affinity(StayWithS2InRegion),
            ],
            three(),
            &[0, MAX, 0],
        ),
        preferred(
            "Affinity symmetry with namespace selector",
            sec("S1", None).ns("subteam1.team1"),
            vec![
                sec("S1", Some("node1")).with_affinity(NamespaceSelector),
                sec("S2", Some("node2")).with_affinity(StayWithS2InRegion),
            ],
            three(),
            &[MAX, 0, 0],
        ),
        preferred(
            "AntiAffinity symmetry with namespace selector",
            sec("S1", None).ns("subteam1.team1"),
            vec![
                sec("S1", Some("node1")).with_affinity(AntiNamespaceSelector),
                sec("S2", Some("node2")).with_affinity(StayWithS2InRegion),
            ],
            three(),
            &[0, MAX, MAX],
        ),
        preferred(
            "Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry",
            sec("S1", None),
            vec![
                sec("S1", Some("node1")).with_affinity(Hard),
                sec("S2", Some("node2")).with_affinity(Hard),
            ],
            three(),
            &[MAX, MAX, 0],
        ),
        preferred(
            "Anti Affinity: pod that does not match existing pods in node will get high score ",
            sec("S1", None).with_affinity(AwayFromS1InAz),
            vec![sec("S1", Some("node1")), sec("S2", Some("node2"))],
            nodes(&[AZ1, CHINA]),
            &[0, MAX],
        ),
        preferred(
            "Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others ",
            sec("S1", None).with_affinity(AwayFromS1InAz),
            vec![sec("S1", Some("node1")), sec("S1", Some("node2"))],
            nodes(&[AZ1, CHINA]),
            &[0, MAX],
        ),
        preferred(
            "Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score",
            sec("S1", None).with_affinity(AwayFromS1InAz),
            vec![
                sec("S1", Some("node1")),
                sec("S1", Some("node1")),
                sec("S2", Some("node2")),
            ],
            nodes(&[AZ1, INDIA]),
            &[0, MAX],
        ),
        preferred(
            "Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score",
            sec("S2", None),
            vec![
                sec("S1", Some("node1")).with_affinity(AwayFromS2InAz),
                sec("S2", Some("node2")).with_affinity(AwayFromS1InAz),
            ],
            nodes(&[AZ1, AZ2]),
            &[0, MAX],
        ),
        preferred(
            "Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity",
            sec("S1", None).with_affinity(StayWithS1InRegionAwayFromS2InAz),
            vec![sec("S1", Some("node1")), sec("S1", Some("node2"))],
            nodes(&[CHINA, AZ1]),
            &[MAX, 0],
        ),
        preferred(
            "Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels",
            sec("S1", None).with_affinity(StayWithS1InRegionAwayFromS2InAz),
            [
                "node1", "node1", "node2", "node3", "node3", "node4", "node5",
            ]
            .iter()
            .map(|at| sec("S1", Some(at)))
            .collect(),
            nodes(&[CHINA_AZ1, INDIA, CHINA, CHINA, INDIA]),
            &[MAX, 0, MAX, MAX, 0],
        ),
        preferred(
            "Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry",
            sec("S1", None).with_affinity(StayWithS1InRegionAwayFromS2InAz),
            vec![
                sec("S1", Some("node1")),
                sec("S2", Some("node2")),
                sec("", Some("node3")).with_affinity(StayWithS1InRegionAwayFromS2InAz),
                sec("", Some("node4")).with_affinity(AwayFromS1InAz),
            ],
            nodes(&[CHINA, AZ1, INDIA, AZ2]),
            &[MAX, 0, MAX, 0],
        ),
        preferred(
            "Avoid panic when partial nodes in a topology don't have pods with affinity",
            sec("S1", None),
            vec![
                sec("S1", Some("node1")),
                sec("", Some("node2")).with_affinity(StayWithS1InRegionAwayFromS2InAz),
            ],
            nodes(&[CHINA, CHINA]),
            &[0, 0],
        ),
        preferred(
            "Affinity with pods matching NamespaceSelector",
            sec("S1", None)
                .ns("subteam1.team1")
                .with_affinity(NamespaceSelector),
            vec![
                namespaced("subteam1.team1", "node1"),
                namespaced("subteam1.team1", "node1"),
                namespaced("subteam1.team2", "node1"),
                namespaced("subteam2.team1", "node2"),
            ],
            two(),
            &[MAX, 0],
        ),
        preferred(
            "Affinity with pods matching both NamespaceSelector and Namespaces fields",
            sec("S1", None)
                .ns("subteam1.team1")
                .with_affinity(NamespaceSelector),
            vec![
                namespaced("subteam1.team1", "node1"),
                namespaced("subteam1.team1", "node1"),
                namespaced("subteam2.team2", "node1"),
                namespaced("subteam2.team1", "node2"),
            ],
            two(),
            &[MAX, 0],
        ),
        preferred(
            "Affinity with pods matching NamespaceSelector",
            sec("S1", None)
                .ns("subteam1.team1")
                .with_affinity(AntiNamespaceSelector),
            vec![
                namespaced("subteam1.team1", "node1"),
                namespaced("subteam1.team1", "node1"),
                namespaced("subteam1.team2", "node1"),
                namespaced("subteam2.team1", "node2"),
            ],
            two(),
            &[0, MAX],
        ),
        preferred(
            "Affinity with pods matching both NamespaceSelector and Namespaces fields",
            sec("S1", None)
                .ns("subteam1.team1")
                .with_affinity(AntiNamespaceSelector),
            vec![
                namespaced("subteam1.team1", "node1"),
                namespaced("subteam1.team1", "node1"),
                namespaced("subteam2.team2", "node1"),
                namespaced("subteam2.team1", "node2"),
            ],
            two(),
            &[0, MAX],
        ),
        preferred(
            "Do not ignore preferred terms of existing pods",
            sec("S2", None),
            vec![
                sec("S1", Some("node1")).with_affinity(StayWithS1InRegionAwayFromS2InAz),
                sec("S2", Some("node2")).with_affinity(StayWithS2InRegion),
            ],
            two(),
            &[0, MAX],
        ),
    ]
}

/// `hardPodAffinity` of `TestPreferredAffinityWithHardPodAffinitySymmetricWeight`: required
/// affinity to `service=S1` in the region, in the namespaces "" and `subteam2.team2` and those
/// labelled team1.
fn hard_pod_affinity(p: P) -> P {
    p.affinity(PodTerm {
        selector: select(&[("service", SetOp::In, &["S1"])]),
        namespaces: vec![String::new(), "subteam2.team2".to_owned()],
        namespace_selector: select(&[("team", SetOp::In, &["team1"])]),
        topology_key: "region".to_owned(),
    })
}

fn symmetric(name: &'static str, namespace: &str, want: &[i64]) -> Case {
    Case {
        test: "TestPreferredAffinityWithHardPodAffinitySymmetricWeight",
        name,
        pod: pod().ns(namespace).label("service", "S1"),
        existing: vec![
            hard_pod_affinity(pod().node("node1")),
            hard_pod_affinity(pod().node("node2")),
        ],
        nodes: nodes(&[CHINA, INDIA, AZ1]),
        want: want.to_vec(),
    }
}

fn cases() -> Vec<Case> {
    let mut cases = preferred_cases();
    cases.extend([
        symmetric("with default weight", "", &[MAX, MAX, 0]),
        symmetric("with no matching namespace", "subteam1.team2", &[0, 0, 0]),
        symmetric(
            "with matching NamespaceSelector",
            "subteam1.team1",
            &[MAX, MAX, 0],
        ),
        symmetric("with matching Namespaces", "subteam2.team2", &[MAX, MAX, 0]),
    ]);
    cases
}

#[test]
fn the_inter_pod_affinity_score_reproduces_the_upstream_table() {
    let cases = cases();
    assert_eq!(cases.len(), 26);
    let mut failures = Vec::new();
    for case in cases {
        let candidates: Vec<usize> = (0..case.nodes.len()).collect();
        let (mut cluster, t) = cluster(case.nodes, case.existing, case.pod);
        for (namespace, team) in [
            ("subteam1.team1", "team1"),
            ("subteam2.team1", "team1"),
            ("subteam1.team2", "team2"),
            ("subteam2.team2", "team2"),
        ] {
            cluster.namespaces.insert(
                namespace.to_owned(),
                [("team".to_owned(), team.to_owned())].into(),
            );
        }
        let got = affinity_scores(&cluster, t, &candidates);
        if got != case.want {
            failures.push(format!(
                "{FILE} {} {:?}: want {:?}, got {got:?}",
                case.test, case.name, case.want
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
