//! PodTopologySpread: the filter over `DoNotSchedule` constraints (skew, `minDomains`, node
//! inclusion policies, `matchLabelKeys`) and the score over `ScheduleAnyway` constraints (or the
//! system defaults, hostname skew 3 and zone skew 5, when the pod has none), with the plugin's
//! normalising weight `ln(domains + 2)` and its min–max normalisation.

use std::collections::HashMap;

use super::cluster::Cluster;
use super::labels::{Selector, selects};
use super::model::{HOSTNAME, Inclusion, Node, PodTemplate, Spread, WhenUnsatisfiable, ZONE};
use super::plugins::{MAX_NODE_SCORE, Verdict};

/// A constraint made ready for one cycle: its selector merged with `matchLabelKeys`.
struct Ready<'a> {
    spread: &'a Spread,
    selector: Option<Selector>,
}

fn ready<'a>(pod: &PodTemplate, spreads: impl Iterator<Item = &'a Spread>) -> Vec<Ready<'a>> {
    spreads
        .map(|spread| Ready {
            spread,
            selector: spread
                .selector
                .as_ref()
                .map(|s| s.with_label_keys(&spread.match_label_keys, &pod.labels)),
        })
        .collect()
}

/// Whether a node carries every constraint's topology key.
fn has_all_keys(node: &Node, constraints: &[Ready<'_>]) -> bool {
    constraints
        .iter()
        .all(|c| node.labels.contains_key(&c.spread.topology_key))
}

/// Whether the node passes the constraint's node inclusion policies for this pod.
fn included(spread: &Spread, pod: &PodTemplate, node: &Node) -> bool {
    (spread.node_affinity_policy == Inclusion::Ignore || pod.node_matches(node))
        && (spread.node_taints_policy == Inclusion::Ignore || pod.tolerates_node(node))
}

/// Pods on a node that a constraint counts: same namespace, not terminating, selected.
fn count_on(
    cluster: &Cluster,
    pods: &[usize],
    selector: Option<&Selector>,
    namespace: &str,
) -> i64 {
    pods.iter()
        .filter(|&&p| {
            let pod = &cluster.pods[p];
            let t = &cluster.templates[pod.template];
            !pod.terminating && t.namespace == namespace && selects(selector, &t.labels)
        })
        .count() as i64
}

/// The filter's pre-computed state: per hard constraint, matching pods per domain.
pub(crate) struct SpreadFilter<'a> {
    constraints: Vec<Ready<'a>>,
    counts: Vec<HashMap<&'a str, i64>>,
    /// Per constraint: the matching pods of the emptiest domain, 0 while there are fewer domains
    /// than `minDomains` (computed once, not per node).
    min: Vec<i64>,
    self_match: Vec<bool>,
}

impl<'a> SpreadFilter<'a> {
    /// PreFilter: counts matching pods per domain over the nodes each constraint includes.
    pub(crate) fn new(cluster: &'a Cluster, by_node: &[Vec<usize>], pod: &'a PodTemplate) -> Self {
        let constraints = ready(
            pod,
            pod.spread
                .iter()
                .filter(|s| s.when == WhenUnsatisfiable::DoNotSchedule),
        );
        let mut counts: Vec<HashMap<&str, i64>> = vec![HashMap::new(); constraints.len()];
        if !constraints.is_empty() {
            for (n, node) in cluster.nodes.iter().enumerate() {
                if !has_all_keys(node, &constraints) {
                    continue;
                }
                for (c, ready) in constraints.iter().enumerate() {
                    if !included(ready.spread, pod, node) {
                        continue;
                    }
                    let value = node.labels[&ready.spread.topology_key].as_str();
                    let count = count_on(
                        cluster,
                        &by_node[n],
                        ready.selector.as_ref(),
                        &pod.namespace,
                    );
                    *counts[c].entry(value).or_insert(0) += count;
                }
            }
        }
        let self_match = constraints
            .iter()
            .map(|c| selects(c.selector.as_ref(), &pod.labels))
            .collect();
        let min = constraints
            .iter()
            .zip(&counts)
            .map(|(ready, counts)| {
                let domains = counts.len() as u32;
                if ready.spread.min_domains.is_some_and(|m| domains < m) {
                    0
                } else {
                    counts
                        .values()
                        .copied()
                        .min()
                        .unwrap_or(i64::from(i32::MAX))
                }
            })
            .collect();
        SpreadFilter {
            constraints,
            counts,
            min,
            self_match,
        }
    }

    /// Filter: the skew the pod would cause in each constraint, against `maxSkew`.
    pub(crate) fn verdict(&self, node: &Node) -> Verdict {
        if self.constraints.is_empty() {
            return Verdict::Fits;
        }
        if !has_all_keys(node, &self.constraints) {
            return Verdict::Unresolvable(
                "node(s) didn't match pod topology spread constraints (missing required label)",
            );
        }
        for (c, ready) in self.constraints.iter().enumerate() {
            let counts = &self.counts[c];
            let min = self.min[c];
            let value = node.labels[&ready.spread.topology_key].as_str();
            let matched = counts.get(value).copied().unwrap_or(0);
            let skew = matched + i64::from(self.self_match[c]) - min;
            if skew > i64::from(ready.spread.max_skew) {
                return Verdict::Unschedulable(
                    "node(s) didn't match pod topology spread constraints",
                );
            }
        }
        Verdict::Fits
    }
}

/// The system default constraints (`DefaultingType: System`): hostname skew 3, zone skew 5, both
/// `ScheduleAnyway`, selecting the pods of the owning workload.
fn system_defaults(pod: &PodTemplate) -> Vec<Spread> {
    let Some(selector) = &pod.owner_selector else {
        return Vec::new();
    };
    vec![
        Spread::new(
            3,
            HOSTNAME,
            WhenUnsatisfiable::ScheduleAnyway,
            Some(selector.clone()),
        ),
        Spread::new(
            5,
            ZONE,
            WhenUnsatisfiable::ScheduleAnyway,
            Some(selector.clone()),
        ),
    ]
}

/// The spread score of each candidate node, normalised to 0–100 (higher is better); `None` when
/// the plugin skips (no soft constraint applies).
pub(crate) fn scores<'a>(
    cluster: &'a Cluster,
    by_node: &[Vec<usize>],
    pod: &PodTemplate,
    candidates: &[usize],
) -> Option<Vec<i64>> {
    let defaults;
    let (constraints, require_all) = if pod.spread.is_empty() {
        defaults = system_defaults(pod);
        (ready(pod, defaults.iter()), false)
    } else {
        (
            ready(
                pod,
                pod.spread
                    .iter()
                    .filter(|s| s.when == WhenUnsatisfiable::ScheduleAnyway),
            ),
            true,
        )
    };
    if constraints.is_empty() || cluster.nodes.is_empty() {
        return None;
    }
    let label =
        |node: &'a Node, key: &str| -> &'a str { node.labels.get(key).map_or("", String::as_str) };
    // PreScore: the domains of the candidates, and which candidates are ignored.
    let mut ignored = vec![false; candidates.len()];
    let mut counts: Vec<HashMap<&str, i64>> = vec![HashMap::new(); constraints.len()];
    for (i, &n) in candidates.iter().enumerate() {
        let node = &cluster.nodes[n];
        if require_all && !has_all_keys(node, &constraints) {
            ignored[i] = true;
            continue;
        }
        for (c, ready) in constraints.iter().enumerate() {
            if ready.spread.topology_key != HOSTNAME {
                counts[c]
                    .entry(label(node, &ready.spread.topology_key))
                    .or_insert(0);
            }
        }
    }
    let scored = ignored.iter().filter(|i| !**i).count();
    let weights: Vec<f64> = constraints
        .iter()
        .enumerate()
        .map(|(c, ready)| {
            let size = if ready.spread.topology_key == HOSTNAME {
                scored
            } else {
                counts[c].len()
            };
            ((size + 2) as f64).ln()
        })
        .collect();
    // Matching pods per domain over all nodes the constraints include (only nodes with pods can
    // add to a count).
    for (n, node) in cluster.nodes.iter().enumerate() {
        if by_node[n].is_empty() {
            continue;
        }
        if require_all && !has_all_keys(node, &constraints) {
            continue;
        }
        for (c, ready) in constraints.iter().enumerate() {
            if ready.spread.topology_key == HOSTNAME || !included(ready.spread, pod, node) {
                continue;
            }
            if let Some(slot) = counts[c].get_mut(label(node, &ready.spread.topology_key)) {
                *slot += count_on(
                    cluster,
                    &by_node[n],
                    ready.selector.as_ref(),
                    &pod.namespace,
                );
            }
        }
    }
    // Score.
    let raw: Vec<i64> = candidates
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            if ignored[i] {
                return 0;
            }
            let node = &cluster.nodes[n];
            let mut score = 0.0;
            for (c, ready) in constraints.iter().enumerate() {
                let Some(value) = node.labels.get(&ready.spread.topology_key) else {
                    continue;
                };
                let count = if ready.spread.topology_key == HOSTNAME {
                    count_on(
                        cluster,
                        &by_node[n],
                        ready.selector.as_ref(),
                        &pod.namespace,
                    )
                } else {
                    counts[c].get(value.as_str()).copied().unwrap_or(0)
                };
                score += count as f64 * weights[c] + f64::from(ready.spread.max_skew) - 1.0;
            }
            score.round() as i64
        })
        .collect();
    // NormalizeScore.
    let mut min = i64::MAX;
    let mut max = 0;
    for (i, &s) in raw.iter().enumerate() {
        if !ignored[i] {
            min = min.min(s);
            max = max.max(s);
        }
    }
    Some(
        raw.iter()
            .enumerate()
            .map(|(i, &s)| {
                if ignored[i] {
                    0
                } else if max == 0 {
                    MAX_NODE_SCORE
                } else {
                    MAX_NODE_SCORE * (max + min - s) / max
                }
            })
            .collect(),
    )
}
