//! What happens to a workload over time, each a function of the twin: scale-up from zero, a
//! rolling update (`maxSurge`, `maxUnavailable`), a scale-down with the ReplicaSet controller's
//! victim ranking (pods per node, not per zone), and a failure drill (a set of nodes fails: who
//! is lost, whether the quorum holds, where the replacements land).

use super::cluster::Cluster;
use super::model::{Effect, Taint};
use super::schedule::{Decision, Scheduler};

/// The taint the node lifecycle controller puts on a node that stops reporting.
pub const UNREACHABLE_TAINT: &str = "node.kubernetes.io/unreachable";

/// Creates `count` pods of `template`, one scheduling cycle each; the decisions in order (a
/// decision without a node is a pod left Pending).
pub fn scale_up(
    cluster: &mut Cluster,
    scheduler: &mut Scheduler,
    template: usize,
    count: u32,
) -> Vec<Decision> {
    (0..count)
        .map(|_| scheduler.schedule(cluster, template))
        .collect()
}

/// The live (not terminating) pods of any of `templates`.
pub fn live_pods(cluster: &Cluster, templates: &[usize]) -> Vec<usize> {
    (0..cluster.pods.len())
        .filter(|&p| !cluster.pods[p].terminating && templates.contains(&cluster.pods[p].template))
        .collect()
}

/// Removes `count` live pods of `template` the way its controller picks them, returning the
/// nodes they ran on. A ReplicaSet deletes first the pods whose node holds the most pods of the
/// workload (`related`: every revision), then the newest — it looks at nodes, never at zones. A
/// StatefulSet deletes the highest ordinals (the newest) first.
pub fn scale_down(
    cluster: &mut Cluster,
    template: usize,
    related: &[usize],
    count: u32,
    stateful: bool,
) -> Vec<usize> {
    let mut removed = Vec::new();
    for _ in 0..count {
        let candidates = live_pods(cluster, &[template]);
        let Some(&newest) = candidates.last() else {
            break;
        };
        let victim = if stateful {
            newest
        } else {
            let mut per_node = vec![0u32; cluster.nodes.len()];
            for p in live_pods(cluster, related) {
                per_node[cluster.pods[p].node] += 1;
            }
            // Most related pods on the same node first; among equals the newest (highest index).
            *candidates
                .iter()
                .max_by_key(|&&p| (per_node[cluster.pods[p].node], p))
                .unwrap_or(&newest)
        };
        removed.push(cluster.pods[victim].node);
        cluster.pods.remove(victim);
    }
    removed
}

/// One step of a rollout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolloutStep {
    /// New pods created this step.
    pub created: u32,
    /// Of those and earlier pending ones, how many found no node.
    pub pending: u32,
    /// Old pods deleted this step.
    pub deleted: u32,
    /// Pods running after the step (old and new).
    pub available: u32,
}

/// A rolling update's course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollout {
    /// Each step.
    pub steps: Vec<RolloutStep>,
    /// The fewest pods running at any time.
    pub min_available: u32,
    /// Whether every new pod runs and every old one is gone.
    pub complete: bool,
}

/// Rolls `replicas` pods of `old` over to `new` as the Deployment controller does, with pods
/// ready as soon as they are bound: create up to `surge` beyond `replicas`, delete old pods while
/// at least `replicas − unavailable` run.
pub fn rolling_update(
    cluster: &mut Cluster,
    scheduler: &mut Scheduler,
    old: usize,
    new: usize,
    replicas: u32,
    surge: u32,
    unavailable: u32,
) -> Rollout {
    let related = [old, new];
    let mut pending = 0u32;
    let mut created_total = 0u32;
    let mut steps = Vec::new();
    let mut min_available = live_pods(cluster, &related).len() as u32;
    // Each step makes progress or the rollout is stuck; this bound is never reached otherwise.
    for _ in 0..(2 * replicas as usize + 4) {
        let old_count = live_pods(cluster, &[old]).len() as u32;
        let new_count = live_pods(cluster, &[new]).len() as u32;
        if old_count == 0 && new_count == replicas {
            return Rollout {
                steps,
                min_available,
                complete: true,
            };
        }
        let total = old_count + new_count + pending;
        let create = replicas
            .saturating_add(surge)
            .saturating_sub(total)
            .min(replicas.saturating_sub(created_total));
        created_total += create;
        let attempts = pending + create;
        pending = 0;
        for _ in 0..attempts {
            if scheduler.schedule(cluster, new).node.is_none() {
                pending += 1;
            }
        }
        let available = live_pods(cluster, &related).len() as u32;
        let floor = replicas.saturating_sub(unavailable);
        let old_now = live_pods(cluster, &[old]).len() as u32;
        let delete = available.saturating_sub(floor).min(old_now);
        scale_down(cluster, old, &related, delete, false);
        let after = live_pods(cluster, &related).len() as u32;
        min_available = min_available.min(after);
        steps.push(RolloutStep {
            created: create,
            pending,
            deleted: delete,
            available: after,
        });
        if create == 0 && delete == 0 && attempts == pending {
            break;
        }
    }
    Rollout {
        steps,
        min_available,
        complete: false,
    }
}

/// What a failure drill found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drill {
    /// Pods of the workload on the failed nodes.
    pub lost: u32,
    /// Pods still running right after the failure.
    pub up_after_failure: u32,
    /// Where each replacement landed (`None`: Pending). Empty for a StatefulSet, whose pods on an
    /// unreachable node are not replaced until the node is deleted or the pods force-deleted.
    pub replacements: Vec<Option<usize>>,
    /// Pods running once the replacements are scheduled.
    pub up_after_replacement: u32,
}

/// Fails the nodes marked in `failed`: the node controller taints them unreachable, their pods of
/// `template` are evicted (terminating), and — for a ReplicaSet, not a StatefulSet — as many
/// replacements are scheduled on what remains.
pub fn drill(
    cluster: &mut Cluster,
    scheduler: &mut Scheduler,
    template: usize,
    failed: &[bool],
    stateful: bool,
) -> Drill {
    for (n, node) in cluster.nodes.iter_mut().enumerate() {
        if failed.get(n).copied().unwrap_or(false) {
            for effect in [Effect::NoSchedule, Effect::NoExecute] {
                node.taints.push(Taint {
                    key: UNREACHABLE_TAINT.to_owned(),
                    value: String::new(),
                    effect,
                });
            }
        }
    }
    let mut lost = 0;
    for pod in cluster.pods.iter_mut() {
        if pod.template == template
            && !pod.terminating
            && failed.get(pod.node).copied().unwrap_or(false)
        {
            pod.terminating = true;
            lost += 1;
        }
    }
    let up_after_failure = live_pods(cluster, &[template]).len() as u32;
    let replacements = if stateful {
        Vec::new()
    } else {
        (0..lost)
            .map(|_| scheduler.schedule(cluster, template).node)
            .collect()
    };
    let up_after_replacement = live_pods(cluster, &[template]).len() as u32;
    Drill {
        lost,
        up_after_failure,
        replacements,
        up_after_replacement,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kube::labels::{Labels, Selector};
    use crate::kube::model::{HOSTNAME, Node, PodTemplate, Spread, WhenUnsatisfiable, ZONE};
    use crate::kube::schedule::TieBreak;

    fn nodes(zones: &[(&str, u32)]) -> Vec<Node> {
        let mut out = Vec::new();
        for (zone, count) in zones {
            for i in 0..*count {
                let name = format!("{zone}-{i}");
                let labels: Labels = [
                    (ZONE.to_owned(), (*zone).to_owned()),
                    (HOSTNAME.to_owned(), name.clone()),
                ]
                .into();
                out.push(Node::new(&name, labels));
            }
        }
        out
    }

    fn spread_template(when: WhenUnsatisfiable) -> PodTemplate {
        let selector = Selector::labels(&[("app", "web")]);
        PodTemplate {
            namespace: "default".to_owned(),
            labels: [("app".to_owned(), "web".to_owned())].into(),
            spread: vec![Spread::new(1, ZONE, when, Some(selector.clone()))],
            owner_selector: Some(selector),
            ..PodTemplate::default()
        }
    }

    fn per_zone(cluster: &Cluster, template: usize) -> Vec<usize> {
        let mut zones: Vec<String> = cluster
            .nodes
            .iter()
            .map(|n| n.labels[ZONE].clone())
            .collect();
        zones.dedup();
        zones
            .iter()
            .map(|z| {
                live_pods(cluster, &[template])
                    .iter()
                    .filter(|&&p| &cluster.nodes[cluster.pods[p].node].labels[ZONE] == z)
                    .count()
            })
            .collect()
    }

    #[test]
    fn a_hard_zone_spread_scales_up_evenly() {
        let mut cluster = Cluster::new(nodes(&[("a", 3), ("b", 3), ("c", 3)]));
        let t = cluster.add_template(spread_template(WhenUnsatisfiable::DoNotSchedule));
        let mut scheduler = Scheduler::new(&cluster, TieBreak::First);
        let decisions = scale_up(&mut cluster, &mut scheduler, t, 6);
        assert!(decisions.iter().all(|d| d.node.is_some()));
        assert_eq!(per_zone(&cluster, t), vec![2, 2, 2]);
    }

    #[test]
    fn scale_down_counts_pods_per_node_not_per_zone() {
        // Zones a and c hold 2 pods on 2 nodes each, zone b 2 pods on one node, created last: the
        // controller removes from the doubled node first, then the newest, which is zone b's
        // other pod — balanced per node, zone b is empty.
        let mut cluster = Cluster::new(nodes(&[("a", 2), ("b", 2), ("c", 2)]));
        let t = cluster.add_template(spread_template(WhenUnsatisfiable::ScheduleAnyway));
        for node in [0, 1, 4, 5, 2, 2] {
            cluster.bind(t, node);
        }
        let removed = scale_down(&mut cluster, t, &[t], 2, false);
        assert_eq!(removed, vec![2, 2]);
        assert_eq!(per_zone(&cluster, t), vec![2, 0, 2]);
    }

    #[test]
    fn a_zone_failure_leaves_hard_spread_replacements_pending() {
        let mut cluster = Cluster::new(nodes(&[("a", 2), ("b", 2), ("c", 2)]));
        let t = cluster.add_template(spread_template(WhenUnsatisfiable::DoNotSchedule));
        let mut scheduler = Scheduler::new(&cluster, TieBreak::First);
        scale_up(&mut cluster, &mut scheduler, t, 6);
        let failed: Vec<bool> = cluster
            .nodes
            .iter()
            .map(|n| n.labels[ZONE] == "a")
            .collect();
        let drill = drill(&mut cluster, &mut scheduler, t, &failed, false);
        assert_eq!((drill.lost, drill.up_after_failure), (2, 4));
        // The failed zone still counts as a domain with 0 pods (taints are ignored by default),
        // so no replacement may go to b or c without a skew of 2.
        assert_eq!(drill.replacements, vec![None, None]);
        assert_eq!(drill.up_after_replacement, 4);
    }

    #[test]
    fn a_rolling_update_with_surge_completes_and_keeps_the_floor() {
        let mut cluster = Cluster::new(nodes(&[("a", 3), ("b", 3)]));
        let old = cluster.add_template(spread_template(WhenUnsatisfiable::ScheduleAnyway));
        let mut next = spread_template(WhenUnsatisfiable::ScheduleAnyway);
        next.labels
            .insert("pod-template-hash".to_owned(), "2".to_owned());
        let new = cluster.add_template(next);
        let mut scheduler = Scheduler::new(&cluster, TieBreak::First);
        scale_up(&mut cluster, &mut scheduler, old, 4);
        let rollout = rolling_update(&mut cluster, &mut scheduler, old, new, 4, 1, 0);
        assert!(rollout.complete, "{rollout:?}");
        assert_eq!(rollout.min_available, 4);
        assert_eq!(live_pods(&cluster, &[new]).len(), 4);
    }
}
