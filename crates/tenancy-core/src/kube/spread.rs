//! PodTopologySpread: the filter over `DoNotSchedule` constraints (skew, `minDomains`, node
//! inclusion policies, `matchLabelKeys`) and the score over `ScheduleAnyway` constraints (or the
//! system defaults, hostname skew 3 and zone skew 5, when the pod has none), with the plugin's
//! normalising weight `ln(domains + 2)` and its min–max normalisation.

use super::index::{ABSENT, Column, Snapshot};
use super::labels::selects;
use super::model::{HOSTNAME, Inclusion, PodTemplate, Spread, WhenUnsatisfiable, ZONE};
use super::plugins::{MAX_NODE_SCORE, Verdict};

/// A constraint made ready for one cycle: its selector merged with `matchLabelKeys`, applied to
/// every template once, and its key's column.
struct Ready<'a> {
    spread: &'a Spread,
    column: &'a Column,
    /// Per template: its pods count (same namespace as the incoming pod, selected).
    counted: Vec<bool>,
    /// The incoming pod itself would count.
    self_match: bool,
    hostname: bool,
}

fn ready<'a>(
    snap: &Snapshot<'a>,
    pod: &PodTemplate,
    spreads: impl Iterator<Item = &'a Spread>,
) -> Vec<Ready<'a>> {
    spreads
        .map(|spread| {
            let selector = spread
                .selector
                .as_ref()
                .map(|s| s.with_label_keys(&spread.match_label_keys, &pod.labels));
            Ready {
                spread,
                column: snap.index.column(&spread.topology_key),
                counted: snap
                    .cluster
                    .templates
                    .iter()
                    .map(|t| t.namespace == pod.namespace && selects(selector.as_ref(), &t.labels))
                    .collect(),
                self_match: selects(selector.as_ref(), &pod.labels),
                hostname: spread.topology_key == HOSTNAME,
            }
        })
        .collect()
}

/// Whether node n carries every constraint's topology key.
fn has_all_keys(n: usize, constraints: &[Ready<'_>]) -> bool {
    constraints.iter().all(|c| c.column.value(n) != ABSENT)
}

/// Whether node n passes the constraint's node inclusion policies for the incoming template.
fn included(snap: &Snapshot<'_>, spread: &Spread, template: usize, n: usize) -> bool {
    (spread.node_affinity_policy == Inclusion::Ignore
        || snap.index.admits(snap.cluster, template, n))
        && (spread.node_taints_policy == Inclusion::Ignore
            || snap.cluster.templates[template].tolerates_node(&snap.cluster.nodes[n]))
}

/// The node of each live pod that counts for a constraint.
fn counted_pods<'s>(
    snap: &'s Snapshot<'_>,
    ready: &'s Ready<'_>,
) -> impl Iterator<Item = usize> + 's {
    snap.cluster
        .pods
        .iter()
        .filter(|pod| !pod.terminating && ready.counted[pod.template])
        .map(|pod| pod.node)
}

/// Per constraint, which of its key's values are domains: carried by a node that has every
/// constraint's key and that the constraint includes (one pass over the nodes, on value ids; a
/// key no node carries has no values, and then no domain).
fn domains(snap: &Snapshot<'_>, template: usize, constraints: &[Ready<'_>]) -> Vec<Vec<bool>> {
    let mut present: Vec<Vec<bool>> = constraints
        .iter()
        .map(|c| vec![false; c.column.domains()])
        .collect();
    let columns: Vec<&[u32]> = constraints.iter().map(|c| c.column.values()).collect();
    let nodes = snap.cluster.nodes.len();
    if constraints.is_empty() || columns.iter().any(|values| values.len() != nodes) {
        return present;
    }
    for n in 0..nodes {
        if columns.iter().any(|values| values[n] == ABSENT) {
            continue;
        }
        for (c, ready) in constraints.iter().enumerate() {
            if included(snap, ready.spread, template, n) {
                present[c][columns[c][n] as usize] = true;
            }
        }
    }
    present
}

/// The filter's pre-computed state: per hard constraint, matching pods per domain.
pub(crate) struct SpreadFilter<'a> {
    constraints: Vec<Ready<'a>>,
    /// Per constraint and value id: the matching pods on the included nodes of that value.
    counts: Vec<Vec<i64>>,
    /// Per constraint: the matching pods of the emptiest domain, 0 while there are fewer domains
    /// than `minDomains` (computed once, not per node).
    min: Vec<i64>,
}

impl<'a> SpreadFilter<'a> {
    /// PreFilter: counts matching pods per domain over the nodes each constraint includes.
    pub(crate) fn new(snap: &Snapshot<'a>, template: usize) -> Self {
        let pod = &snap.cluster.templates[template];
        let constraints = ready(
            snap,
            pod,
            pod.spread
                .iter()
                .filter(|s| s.when == WhenUnsatisfiable::DoNotSchedule),
        );
        let mut counts: Vec<Vec<i64>> = constraints
            .iter()
            .map(|c| vec![0; c.column.domains()])
            .collect();
        let computed;
        let present: &Vec<Vec<bool>> = match snap.index.template(template) {
            Some(facts)
                if constraints
                    .iter()
                    .all(|c| c.spread.node_taints_policy == Inclusion::Ignore) =>
            {
                facts
                    .spread_domains
                    .get_or_init(|| domains(snap, template, &constraints))
            }
            _ => {
                computed = domains(snap, template, &constraints);
                &computed
            }
        };
        if !constraints.is_empty() {
            for (c, ready) in constraints.iter().enumerate() {
                for n in counted_pods(snap, ready) {
                    if has_all_keys(n, &constraints) && included(snap, ready.spread, template, n) {
                        counts[c][ready.column.value(n) as usize] += 1;
                    }
                }
            }
        }
        let min = constraints
            .iter()
            .enumerate()
            .map(|(c, ready)| {
                let domains = present[c].iter().filter(|p| **p).count() as u32;
                if ready.spread.min_domains.is_some_and(|m| domains < m) {
                    0
                } else {
                    counts[c]
                        .iter()
                        .zip(&present[c])
                        .filter(|(_, p)| **p)
                        .map(|(count, _)| *count)
                        .min()
                        .unwrap_or(i64::from(i32::MAX))
                }
            })
            .collect();
        SpreadFilter {
            constraints,
            counts,
            min,
        }
    }

    /// Filter: the skew the pod would cause on node n in each constraint, against `maxSkew`.
    pub(crate) fn verdict(&self, n: usize) -> Verdict {
        if self.constraints.is_empty() {
            return Verdict::Fits;
        }
        if !has_all_keys(n, &self.constraints) {
            return Verdict::Unresolvable(
                "node(s) didn't match pod topology spread constraints (missing required label)",
            );
        }
        for (c, ready) in self.constraints.iter().enumerate() {
            let matched = self.counts[c][ready.column.value(n) as usize];
            let skew = matched + i64::from(ready.self_match) - self.min[c];
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
pub(crate) fn scores(
    snap: &Snapshot<'_>,
    template: usize,
    candidates: &[usize],
) -> Option<Vec<i64>> {
    let pod = &snap.cluster.templates[template];
    let defaults;
    let (constraints, require_all) = if pod.spread.is_empty() {
        defaults = system_defaults(pod);
        (ready(snap, pod, defaults.iter()), false)
    } else {
        (
            ready(
                snap,
                pod,
                pod.spread
                    .iter()
                    .filter(|s| s.when == WhenUnsatisfiable::ScheduleAnyway),
            ),
            true,
        )
    };
    if constraints.is_empty() || snap.cluster.nodes.is_empty() {
        return None;
    }
    // PreScore: the domains of the candidates (slots, a missing label reading as the empty
    // value; −1 marks a slot that is no domain), and which candidates are ignored.
    let ignored: Vec<bool> = candidates
        .iter()
        .map(|&n| require_all && !has_all_keys(n, &constraints))
        .collect();
    let mut counts: Vec<Vec<i64>> = constraints
        .iter()
        .map(|c| {
            if c.hostname {
                Vec::new()
            } else {
                vec![-1; c.column.domains() + 1]
            }
        })
        .collect();
    let mut domains = vec![0usize; constraints.len()];
    for (&n, _) in candidates.iter().zip(&ignored).filter(|(_, i)| !**i) {
        for (c, ready) in constraints.iter().enumerate() {
            if ready.hostname {
                continue;
            }
            let slot = &mut counts[c][ready.column.slot(n)];
            if *slot < 0 {
                *slot = 0;
                domains[c] += 1;
            }
        }
    }
    let scored = ignored.iter().filter(|i| !**i).count();
    let weights: Vec<f64> = constraints
        .iter()
        .enumerate()
        .map(|(c, ready)| {
            let size = if ready.hostname { scored } else { domains[c] };
            ((size + 2) as f64).ln()
        })
        .collect();
    // Matching pods per domain over all nodes the constraints include.
    for (c, ready) in constraints.iter().enumerate() {
        if ready.hostname {
            continue;
        }
        for n in counted_pods(snap, ready) {
            if (require_all && !has_all_keys(n, &constraints))
                || !included(snap, ready.spread, template, n)
            {
                continue;
            }
            let slot = &mut counts[c][ready.column.slot(n)];
            if *slot >= 0 {
                *slot += 1;
            }
        }
    }
    // Score.
    let raw: Vec<i64> = candidates
        .iter()
        .zip(&ignored)
        .map(|(&n, &ignored)| {
            if ignored {
                return 0;
            }
            let mut score = 0.0;
            for (c, ready) in constraints.iter().enumerate() {
                if ready.column.value(n) == ABSENT {
                    continue;
                }
                let count = if ready.hostname {
                    let cluster = snap.cluster;
                    snap.load
                        .pods_on(n)
                        .filter(|&p| {
                            !cluster.pods[p].terminating && ready.counted[cluster.pods[p].template]
                        })
                        .count() as i64
                } else {
                    counts[c][ready.column.slot(n)].max(0)
                };
                score += count as f64 * weights[c] + f64::from(ready.spread.max_skew) - 1.0;
            }
            score.round() as i64
        })
        .collect();
    // NormalizeScore.
    let mut min = i64::MAX;
    let mut max = 0;
    for (&s, &ignored) in raw.iter().zip(&ignored) {
        if !ignored {
            min = min.min(s);
            max = max.max(s);
        }
    }
    Some(
        raw.iter()
            .zip(&ignored)
            .map(|(&s, &ignored)| {
                if ignored {
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
