//! One scheduling cycle as kube-scheduler (v1.34, default profile) runs it: nodes listed
//! zone by zone in turn, filtered from a rotating start until `percentageOfNodesToScore` of
//! them (adaptive by default) are feasible, scored by the default plugins with their weights,
//! and one of the best chosen — at random in the real scheduler; here first, seeded, or
//! adversarially.

use std::collections::{BTreeMap, HashMap};

use super::cluster::Cluster;
use super::index::{LabelMap, Load, NodeIndex, Snapshot};
use super::interpod::{self, AffinityFilter};
use super::model::{REGION, ZONE};
use super::plugins::{
    self, Verdict, balanced_allocation, default_normalize, least_allocated, taint_scores,
};
use super::spread::{self, SpreadFilter};

/// Score weights of the default profile (`getDefaultPlugins`).
pub mod weight {
    /// TaintToleration.
    pub const TAINT_TOLERATION: i64 = 3;
    /// NodeAffinity.
    pub const NODE_AFFINITY: i64 = 2;
    /// PodTopologySpread.
    pub const POD_TOPOLOGY_SPREAD: i64 = 2;
    /// InterPodAffinity.
    pub const INTER_POD_AFFINITY: i64 = 2;
    /// NodeResourcesFit.
    pub const NODE_RESOURCES_FIT: i64 = 1;
    /// NodeResourcesBalancedAllocation.
    pub const BALANCED_ALLOCATION: i64 = 1;
}

/// Below this many nodes every node is evaluated (`minFeasibleNodesToFind`).
pub const MIN_FEASIBLE_NODES_TO_FIND: usize = 100;
/// The adaptive percentage never drops below this (`minFeasibleNodesPercentageToFind`).
pub const MIN_FEASIBLE_PERCENTAGE: usize = 5;

/// How many feasible nodes a cycle looks for before it stops filtering: all below 100 nodes,
/// else `percentage` % (adaptive `50 − nodes/125`, at least 5 %), at least 100.
pub fn feasible_nodes_to_find(nodes: usize, percentage: Option<u32>) -> usize {
    if nodes < MIN_FEASIBLE_NODES_TO_FIND || percentage.is_some_and(|p| p >= 100) {
        return nodes;
    }
    let percentage = match percentage {
        Some(p) if p > 0 => p as usize,
        _ => 50usize
            .saturating_sub(nodes / 125)
            .max(MIN_FEASIBLE_PERCENTAGE),
    };
    (nodes * percentage / 100).max(MIN_FEASIBLE_NODES_TO_FIND)
}

/// The order the scheduler's node tree lists nodes in: one node of each zone in turn (zones in
/// order of first appearance, a zone being region and zone label together).
pub fn node_order(cluster: &Cluster) -> Vec<usize> {
    let mut zones: Vec<Vec<usize>> = Vec::new();
    let mut index: LabelMap<(Option<&str>, Option<&str>), usize> = LabelMap::default();
    for (n, node) in cluster.nodes.iter().enumerate() {
        let key = (
            node.labels.get(REGION).map(String::as_str),
            node.labels.get(ZONE).map(String::as_str),
        );
        let z = *index.entry(key).or_insert_with(|| {
            zones.push(Vec::new());
            zones.len() - 1
        });
        zones[z].push(n);
    }
    let mut order = Vec::with_capacity(cluster.nodes.len());
    for round in 0.. {
        let before = order.len();
        order.extend(zones.iter().filter_map(|z| z.get(round).copied()));
        if order.len() == before {
            break;
        }
    }
    order
}

/// A small deterministic generator (SplitMix64), so that seeded runs repeat exactly.
#[derive(Debug, Clone)]
pub struct Prng(u64);

impl Prng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Prng {
        Prng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform index below `n` (n ≥ 1).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// How a cycle chooses among nodes with the same best score.
#[derive(Debug, Clone)]
pub enum TieBreak {
    /// The first in node order (reproducible, for tests).
    First,
    /// Uniformly at random, as the real scheduler does, from a seeded generator.
    Random(Prng),
    /// Adversarially: the node whose failure domains already hold the most pods of the workload,
    /// widest kind first.
    Worst(Adversary),
    /// By script: the i-th tie of the run takes tied node `script[i]` (modulo the ties; 0 once
    /// the script ends), so that every sequence of choices can be enumerated.
    Script(Vec<usize>, usize),
}

/// What the adversary knows: each node's domain per kind, and which templates are the workload's.
#[derive(Debug, Clone, Default)]
pub struct Adversary {
    /// `domains[k][n]`: the domain of node n for kind k (widest first); `u32::MAX` for none.
    pub domains: Vec<Vec<u32>>,
    /// `ours[t]`: template t belongs to the workload.
    pub ours: Vec<bool>,
}

impl Adversary {
    fn choose(&self, cluster: &Cluster, ties: &[usize]) -> usize {
        let mut load: Vec<HashMap<u32, u32>> = vec![HashMap::new(); self.domains.len()];
        for pod in &cluster.pods {
            if self.ours.get(pod.template).copied().unwrap_or(false) {
                for (k, domains) in self.domains.iter().enumerate() {
                    *load[k].entry(domains[pod.node]).or_insert(0) += 1;
                }
            }
        }
        let key = |n: usize| -> Vec<u32> {
            self.domains
                .iter()
                .enumerate()
                .map(|(k, d)| {
                    if d[n] == u32::MAX {
                        0
                    } else {
                        load[k].get(&d[n]).copied().unwrap_or(0)
                    }
                })
                .collect()
        };
        let mut best = ties[0];
        let mut best_key = key(best);
        for &n in &ties[1..] {
            let k = key(n);
            if k > best_key {
                best = n;
                best_key = k;
            }
        }
        best
    }
}

/// The scheduler's state across cycles: the node order, where the next cycle starts, the nodes'
/// interned labels and the per-node tally it reuses. The nodes and their labels must not change
/// while it is in use (taints, pods and new templates may).
#[derive(Debug, Clone)]
pub struct Scheduler {
    order: Vec<usize>,
    next_start: usize,
    index: NodeIndex,
    load: Load,
    /// `percentageOfNodesToScore`; `None` is the adaptive default.
    pub percentage: Option<u32>,
    /// How ties are broken.
    pub ties: TieBreak,
}

/// What one cycle decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The chosen node, or `None` when no node is feasible (the pod stays Pending).
    pub node: Option<usize>,
    /// How many nodes were filtered.
    pub evaluated: usize,
    /// How many of them were feasible.
    pub feasible: usize,
    /// How many feasible nodes shared the best score.
    pub tied: usize,
    /// Why nodes were rejected: reason → count (what `kubectl describe pod` shows).
    pub rejected: BTreeMap<&'static str, usize>,
}

impl Decision {
    /// No node chosen, nothing evaluated yet.
    fn none() -> Decision {
        Decision {
            node: None,
            evaluated: 0,
            feasible: 0,
            tied: 0,
            rejected: BTreeMap::new(),
        }
    }
}

impl Scheduler {
    /// A scheduler for this cluster's nodes.
    pub fn new(cluster: &Cluster, ties: TieBreak) -> Scheduler {
        Scheduler {
            order: node_order(cluster),
            next_start: 0,
            index: NodeIndex::default(),
            load: Load::default(),
            percentage: None,
            ties,
        }
    }

    /// Runs one cycle for a pod of `template`; binds it when a node is found.
    pub fn schedule(&mut self, cluster: &mut Cluster, template: usize) -> Decision {
        let decision = self.decide(cluster, template);
        if let Some(node) = decision.node {
            cluster.bind(template, node);
        }
        decision
    }

    /// Every node that passes the filters for a pod of `template` — each node evaluated,
    /// whatever `percentage` says — without scoring or binding: every node some score and
    /// tie-break could choose, as a brute-force walk over the scheduler's choices needs.
    pub fn feasible(&mut self, cluster: &Cluster, template: usize) -> Vec<usize> {
        let mut start = 0;
        let feasible = self.filtered(
            cluster,
            template,
            &mut start,
            Some(100),
            &mut Decision::none(),
        );
        self.load.clear(cluster);
        feasible
    }

    /// Prepares the index and the tally for `template` and runs the filter phase.
    fn filtered(
        &mut self,
        cluster: &Cluster,
        template: usize,
        start: &mut usize,
        percentage: Option<u32>,
        decision: &mut Decision,
    ) -> Vec<usize> {
        self.index.prepare(cluster, template);
        self.load.fill(cluster);
        let snap = Snapshot {
            cluster,
            index: &self.index,
            load: &self.load,
        };
        filter(&snap, template, &self.order, start, percentage, decision)
    }

    /// Runs one cycle without binding.
    pub fn decide(&mut self, cluster: &Cluster, template: usize) -> Decision {
        let mut decision = Decision::none();
        if self.order.is_empty() {
            return decision;
        }
        let mut start = self.next_start;
        let feasible = self.filtered(
            cluster,
            template,
            &mut start,
            self.percentage,
            &mut decision,
        );
        self.next_start = start;
        let snap = Snapshot {
            cluster,
            index: &self.index,
            load: &self.load,
        };
        decision.feasible = feasible.len();
        decision.tied = feasible.len().min(1);
        decision.node = feasible.first().copied();
        if feasible.len() > 1 {
            let totals = total_scores(&snap, template, &feasible);
            let best = totals.iter().copied().max().unwrap_or(0);
            let ties: Vec<usize> = feasible
                .iter()
                .zip(&totals)
                .filter(|(_, t)| **t == best)
                .map(|(n, _)| *n)
                .collect();
            decision.tied = ties.len();
            decision.node = Some(match &mut self.ties {
                TieBreak::First => ties[0],
                TieBreak::Random(rng) => ties[rng.below(ties.len())],
                TieBreak::Worst(adversary) => adversary.choose(cluster, &ties),
                TieBreak::Script(script, next) => {
                    let pick = script.get(*next).copied().unwrap_or(0) % ties.len();
                    *next += 1;
                    ties[pick]
                }
            });
        }
        self.load.clear(cluster);
        decision
    }
}

/// The filter phase: nodes in `order` from `next_start` (advanced past the nodes evaluated) until
/// enough are feasible; the feasible ones, rejections counted by reason in `decision`.
fn filter(
    snap: &Snapshot<'_>,
    template: usize,
    order: &[usize],
    next_start: &mut usize,
    percentage: Option<u32>,
    decision: &mut Decision,
) -> Vec<usize> {
    let cluster = snap.cluster;
    let pod = &cluster.templates[template];
    let spread_filter = SpreadFilter::new(snap, template);
    let affinity_filter = AffinityFilter::new(snap, template);
    let all = order.len();
    let want = feasible_nodes_to_find(all, percentage);
    let mut feasible = Vec::with_capacity(want.min(all));
    for i in 0..all {
        if feasible.len() >= want {
            break;
        }
        let n = order[(*next_start + i) % all];
        decision.evaluated += 1;
        let node = &cluster.nodes[n];
        let checks: [&dyn Fn() -> Verdict; 6] = [
            &|| plugins::node_unschedulable(pod, node),
            &|| plugins::node_affinity(snap.index.admits(cluster, template, n)),
            &|| plugins::taint_toleration(pod, node),
            &|| plugins::resources_fit(pod, node, snap.load.count(n), snap.load.requested(n).0),
            &|| spread_filter.verdict(n),
            &|| affinity_filter.verdict(n),
        ];
        let verdict = checks
            .iter()
            .map(|check| check())
            .find(|v| !v.fits())
            .unwrap_or(Verdict::Fits);
        match verdict.reason() {
            None => feasible.push(n),
            Some(reason) => *decision.rejected.entry(reason).or_insert(0) += 1,
        }
    }
    *next_start = (*next_start + decision.evaluated) % all;
    feasible
}

/// The weighted sum of the default scores for each candidate.
fn total_scores(snap: &Snapshot<'_>, template: usize, candidates: &[usize]) -> Vec<i64> {
    let cluster = snap.cluster;
    let pod = &cluster.templates[template];
    let nodes: Vec<&super::model::Node> = candidates.iter().map(|&n| &cluster.nodes[n]).collect();
    let taint = taint_scores(pod, &nodes);
    let mut affinity: Vec<i64> = candidates
        .iter()
        .map(|&n| snap.index.preferred(cluster, template, n))
        .collect();
    default_normalize(&mut affinity, false);
    let spread = spread::scores(snap, template, candidates);
    let interpod = interpod::scores(snap, template, candidates);
    candidates
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let node = &cluster.nodes[n];
            let used = snap.load.requested(n).1;
            weight::TAINT_TOLERATION * taint[i]
                + weight::NODE_AFFINITY * affinity[i]
                + weight::POD_TOPOLOGY_SPREAD * spread.as_ref().map_or(0, |s| s[i])
                + weight::INTER_POD_AFFINITY * interpod[i]
                + weight::NODE_RESOURCES_FIT * least_allocated(pod, node, used)
                + weight::BALANCED_ALLOCATION * balanced_allocation(pod, node, used)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_adaptive_percentage_follows_the_scheduler() {
        assert_eq!(feasible_nodes_to_find(50, None), 50);
        assert_eq!(feasible_nodes_to_find(100, None), 100);
        assert_eq!(feasible_nodes_to_find(1_000, None), 420);
        assert_eq!(feasible_nodes_to_find(5_000, None), 500);
        assert_eq!(feasible_nodes_to_find(6_000, None), 300);
        assert_eq!(feasible_nodes_to_find(6_000, Some(100)), 6_000);
        assert_eq!(feasible_nodes_to_find(1_000, Some(1)), 100);
    }

    #[test]
    fn nodes_are_listed_one_zone_at_a_time() {
        use crate::kube::model::Node;
        let zoned =
            |name: &str, zone: &str| Node::new(name, [(ZONE.to_owned(), zone.to_owned())].into());
        let cluster = Cluster::new(vec![
            zoned("a", "z1"),
            zoned("b", "z1"),
            zoned("c", "z2"),
            zoned("d", "z3"),
            zoned("e", "z3"),
        ]);
        let names: Vec<&str> = node_order(&cluster)
            .iter()
            .map(|&n| cluster.nodes[n].name.as_str())
            .collect();
        assert_eq!(names, ["a", "c", "d", "b", "e"]);
    }

    #[test]
    fn a_cycle_stops_filtering_once_enough_nodes_are_feasible_and_rotates_its_start() {
        use crate::kube::model::{Node, PodTemplate};
        let nodes: Vec<Node> = (0..1_000)
            .map(|i| Node::new(&format!("n{i}"), Default::default()))
            .collect();
        let mut cluster = Cluster::new(nodes);
        let t = cluster.add_template(PodTemplate::default());
        let mut scheduler = Scheduler::new(&cluster, TieBreak::First);
        let first = scheduler.decide(&cluster, t);
        assert_eq!((first.evaluated, first.feasible), (420, 420));
        let second = scheduler.decide(&cluster, t);
        assert_eq!(
            second.node,
            Some(420),
            "the next cycle starts where the last one stopped"
        );
    }

    #[test]
    fn seeded_generators_repeat() {
        let mut a = Prng::new(7);
        let mut b = Prng::new(7);
        for _ in 0..10 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert!((0..100).all(|_| a.below(3) < 3));
    }
}
