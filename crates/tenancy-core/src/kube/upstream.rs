//! Table tests ported from kube-scheduler's own suites (kubernetes/kubernetes,
//! `pkg/scheduler/framework/plugins/…`): each case names its upstream file and case and checks
//! the twin's filter verdicts or normalised scores against the upstream expectations. The
//! builders below mirror the upstream test helpers (`MakePod`, `MakeNode`) so each case reads
//! like its original; the expectations are the upstream ones.

use super::cluster::Cluster;
use super::index::{Load, NodeIndex, Snapshot};
use super::interpod::{self, AffinityFilter};
use super::labels::{Labels, NodeOp, NodeRequirement, NodeTerm, Requirement, Selector, SetOp};
use super::model::{
    Effect, Inclusion, Node, PodTemplate, PodTerm, Spread, Taint, UNSCHEDULABLE_TAINT,
    WhenUnsatisfiable,
};
use super::plugins::Verdict;
use super::spread::{self, SpreadFilter};

mod interpod_filter;
mod interpod_score;
mod spread_filter;
mod spread_score;

pub(super) const HARD: WhenUnsatisfiable = WhenUnsatisfiable::DoNotSchedule;
pub(super) const SOFT: WhenUnsatisfiable = WhenUnsatisfiable::ScheduleAnyway;
pub(super) const IGNORE: Inclusion = Inclusion::Ignore;
pub(super) const HONOR: Inclusion = Inclusion::Honor;

/// Filter outcome codes as upstream names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Code {
    Success,
    Unschedulable,
    UnschedulableAndUnresolvable,
}
pub(super) use Code::{Success, Unschedulable, UnschedulableAndUnresolvable};

pub(super) fn code(verdict: Verdict) -> Code {
    match verdict {
        Verdict::Fits => Success,
        Verdict::Unschedulable(_) => Unschedulable,
        Verdict::Unresolvable(_) => UnschedulableAndUnresolvable,
    }
}

/// Checks a ported table: `count` cases (so none is dropped silently), each run by `run` into
/// its upstream test function, case name, expectation and the twin's result. Fails listing every
/// case that differs, with its upstream file, test and name.
pub(super) fn check_table<C, W: PartialEq + std::fmt::Debug>(
    file: &str,
    count: usize,
    cases: Vec<C>,
    run: impl Fn(C) -> (&'static str, &'static str, W, W),
) {
    assert_eq!(cases.len(), count);
    let failures: Vec<String> = cases
        .into_iter()
        .map(run)
        .filter(|(_, _, want, got)| want != got)
        .map(|(test, name, want, got)| {
            format!("{file} {test} {name:?}: want {want:?}, got {got:?}")
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `MakeLabelSelector().Exists("foo")`.
pub(super) fn foo() -> Option<Selector> {
    Some(Selector::exists("foo"))
}

/// `MakeLabelSelector().Exists("bar")`.
pub(super) fn bar() -> Option<Selector> {
    Some(Selector::exists("bar"))
}

/// A node builder.
pub(super) struct N(Node);

pub(super) fn node(name: &str) -> N {
    N(Node::new(name, Labels::new()))
}

impl N {
    pub(super) fn label(mut self, key: &str, value: &str) -> N {
        self.0.labels.insert(key.to_owned(), value.to_owned());
        self
    }

    /// `Taints(taints)` with the upstream `taints`: the unschedulable taint, `NoSchedule`.
    pub(super) fn tainted(mut self) -> N {
        self.0.taints.push(Taint {
            key: UNSCHEDULABLE_TAINT.to_owned(),
            value: String::new(),
            effect: Effect::NoSchedule,
        });
        self
    }
}

/// A pod builder; `node` is where an existing pod is bound.
pub(super) struct P {
    pub(super) template: PodTemplate,
    pub(super) node: Option<String>,
    pub(super) terminating: bool,
}

pub(super) fn pod() -> P {
    P {
        template: PodTemplate::default(),
        node: None,
        terminating: false,
    }
}

fn set(key: &str, op: SetOp, values: &[&str]) -> Selector {
    Selector {
        match_labels: Labels::new(),
        match_expressions: vec![Requirement {
            key: key.to_owned(),
            op,
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        }],
    }
}

/// A pod affinity term over one requirement (`PodAffinityIn` and friends).
pub(super) fn term(key: &str, op: SetOp, values: &[&str], topology: &str) -> PodTerm {
    PodTerm {
        selector: Some(set(key, op, values)),
        namespaces: Vec::new(),
        namespace_selector: None,
        topology_key: topology.to_owned(),
    }
}

impl P {
    pub(super) fn name(self, _name: &str) -> P {
        self
    }

    pub(super) fn ns(mut self, namespace: &str) -> P {
        self.template.namespace = namespace.to_owned();
        self
    }

    pub(super) fn node(mut self, node: &str) -> P {
        self.node = Some(node.to_owned());
        self
    }

    pub(super) fn label(mut self, key: &str, value: &str) -> P {
        self.template
            .labels
            .insert(key.to_owned(), value.to_owned());
        self
    }

    pub(super) fn terminating(mut self) -> P {
        self.terminating = true;
        self
    }

    pub(super) fn node_selector(mut self, key: &str, value: &str) -> P {
        self.template
            .node_selector
            .insert(key.to_owned(), value.to_owned());
        self
    }

    fn node_requirement(mut self, key: &str, op: SetOp, values: &[&str]) -> P {
        let requirement = NodeRequirement {
            key: key.to_owned(),
            op: NodeOp::Set(op),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        };
        let terms = self.template.node_required.get_or_insert_with(Vec::new);
        if terms.is_empty() {
            terms.push(NodeTerm::default());
        }
        terms[0].match_expressions.push(requirement);
        self
    }

    pub(super) fn node_affinity_in(self, key: &str, values: &[&str]) -> P {
        self.node_requirement(key, SetOp::In, values)
    }

    pub(super) fn node_affinity_not_in(self, key: &str, values: &[&str]) -> P {
        self.node_requirement(key, SetOp::NotIn, values)
    }

    /// `SpreadConstraint(maxSkew, key, DoNotSchedule, selector, nil, nil, nil, nil)`; the
    /// optional fields are set on the last constraint by the methods below.
    pub(super) fn hard(self, max_skew: u32, key: &str, selector: Option<Selector>) -> P {
        self.constraint(Spread::new(max_skew, key, HARD, selector))
    }

    /// `SpreadConstraint(maxSkew, key, ScheduleAnyway, selector, nil, nil, nil, nil)`.
    pub(super) fn soft(self, max_skew: u32, key: &str, selector: Option<Selector>) -> P {
        self.constraint(Spread::new(max_skew, key, SOFT, selector))
    }

    fn constraint(mut self, spread: Spread) -> P {
        self.template.spread.push(spread);
        self
    }

    fn last_spread(&mut self) -> &mut Spread {
        self.template
            .spread
            .last_mut()
            .expect("a spread constraint comes first")
    }

    /// The last constraint's `minDomains`.
    pub(super) fn min_domains(mut self, min: u32) -> P {
        self.last_spread().min_domains = Some(min);
        self
    }

    /// The last constraint's `nodeAffinityPolicy`.
    pub(super) fn affinity_policy(mut self, policy: Inclusion) -> P {
        self.last_spread().node_affinity_policy = policy;
        self
    }

    /// The last constraint's `nodeTaintsPolicy`.
    pub(super) fn taints_policy(mut self, policy: Inclusion) -> P {
        self.last_spread().node_taints_policy = policy;
        self
    }

    /// The last constraint's `matchLabelKeys`.
    pub(super) fn match_label_keys(mut self, keys: &[&str]) -> P {
        self.last_spread().match_label_keys = keys.iter().map(|k| (*k).to_owned()).collect();
        self
    }

    pub(super) fn owner_selector(mut self, selector: Selector) -> P {
        self.template.owner_selector = Some(selector);
        self
    }

    pub(super) fn affinity(mut self, term: PodTerm) -> P {
        self.template.affinity.required.push(term);
        self
    }

    pub(super) fn anti(mut self, term: PodTerm) -> P {
        self.template.anti_affinity.required.push(term);
        self
    }

    pub(super) fn affinity_in(self, key: &str, topology: &str, values: &[&str]) -> P {
        self.affinity(term(key, SetOp::In, values, topology))
    }

    pub(super) fn affinity_not_in(self, key: &str, topology: &str, values: &[&str]) -> P {
        self.affinity(term(key, SetOp::NotIn, values, topology))
    }

    pub(super) fn affinity_exists(self, key: &str, topology: &str) -> P {
        self.affinity(term(key, SetOp::Exists, &[], topology))
    }

    pub(super) fn anti_in(self, key: &str, topology: &str, values: &[&str]) -> P {
        self.anti(term(key, SetOp::In, values, topology))
    }

    pub(super) fn anti_not_in(self, key: &str, topology: &str, values: &[&str]) -> P {
        self.anti(term(key, SetOp::NotIn, values, topology))
    }

    pub(super) fn anti_exists(self, key: &str, topology: &str) -> P {
        self.anti(term(key, SetOp::Exists, &[], topology))
    }
}

/// A cluster of these nodes with these pods bound (pods on unknown nodes are dropped, as the
/// scheduler's snapshot drops them), the incoming pod's template last.
pub(super) fn cluster(nodes: Vec<N>, existing: Vec<P>, incoming: P) -> (Cluster, usize) {
    let mut cluster = Cluster::new(nodes.into_iter().map(|n| n.0).collect());
    for p in existing {
        let Some(at) = p
            .node
            .as_deref()
            .and_then(|name| cluster.nodes.iter().position(|n| n.name == name))
        else {
            continue;
        };
        let t = cluster.add_template(p.template);
        cluster.bind(t, at);
        if p.terminating {
            cluster.pods.last_mut().expect("just bound").terminating = true;
        }
    }
    let t = cluster.add_template(incoming.template);
    (cluster, t)
}

/// The four nodes most spread cases use: node-a, node-b in zone1; node-x, node-y in zone2, each
/// also labelled `node=<name>`.
pub(super) fn four_nodes() -> Vec<N> {
    [
        ("node-a", "zone1"),
        ("node-b", "zone1"),
        ("node-x", "zone2"),
        ("node-y", "zone2"),
    ]
    .iter()
    .map(|(name, zone)| node(name).label("zone", zone).label("node", name))
    .collect()
}

/// The incoming pod of the spread tests: `MakePod().Name("p").Label("foo", "")`.
pub(super) fn foo_pod() -> P {
    pod().name("p").label("foo", "")
}

/// An existing pod on `node` carrying each of `keys` with the empty value
/// (`MakePod().Name(name).Node(node).Label(key, "")…`).
pub(super) fn bound(name: &str, node: &str, keys: &[&str]) -> P {
    keys.iter()
        .fold(pod().name(name).node(node), |p, key| p.label(key, ""))
}

/// Existing pods labelled `foo=""`, `count` on each node, named the upstream way (`p-a1`, `p-a2`
/// on `node-a`).
pub(super) fn foo_counts(per_node: &[(&str, usize)]) -> Vec<P> {
    per_node
        .iter()
        .flat_map(|&(at, count)| {
            let short = at.trim_start_matches("node-");
            (1..=count).map(move |i| bound(&format!("p-{short}{i}"), at, &["foo"]))
        })
        .collect()
}

/// Existing pods `(name, node)` labelled `foo=""`.
pub(super) fn foo_pods(pods: &[(&str, &str)]) -> Vec<P> {
    pods.iter()
        .map(|(name, at)| bound(name, at, &["foo"]))
        .collect()
}

/// Runs `f` on a snapshot of the cluster prepared for the incoming template `t`, as a scheduling
/// cycle would.
fn with_snapshot<R>(cluster: &Cluster, t: usize, f: impl FnOnce(&Snapshot<'_>) -> R) -> R {
    let mut index = NodeIndex::default();
    index.prepare(cluster, t);
    let load = Load::new(cluster);
    f(&Snapshot {
        cluster,
        index: &index,
        load: &load,
    })
}

/// The spread filter's outcome on every node for the incoming template `t`.
pub(super) fn spread_codes(cluster: &Cluster, t: usize) -> Vec<Code> {
    with_snapshot(cluster, t, |snap| {
        let filter = SpreadFilter::new(snap, t);
        (0..cluster.nodes.len())
            .map(|n| code(filter.verdict(n)))
            .collect()
    })
}

/// The spread scores of the candidates for the incoming template `t` (empty when the plugin
/// skips).
pub(super) fn spread_scores(cluster: &Cluster, t: usize, candidates: &[usize]) -> Vec<i64> {
    with_snapshot(cluster, t, |snap| {
        spread::scores(snap, t, candidates).unwrap_or_default()
    })
}

/// The inter-pod affinity filter's outcome on every node for the incoming template `t`.
pub(super) fn affinity_codes(cluster: &Cluster, t: usize) -> Vec<Code> {
    with_snapshot(cluster, t, |snap| {
        let filter = AffinityFilter::new(snap, t);
        (0..cluster.nodes.len())
            .map(|n| code(filter.verdict(n)))
            .collect()
    })
}

/// The inter-pod affinity scores of the candidates for the incoming template `t`.
pub(super) fn affinity_scores(cluster: &Cluster, t: usize, candidates: &[usize]) -> Vec<i64> {
    with_snapshot(cluster, t, |snap| interpod::scores(snap, t, candidates))
}
