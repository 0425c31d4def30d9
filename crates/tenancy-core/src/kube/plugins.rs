//! The simple default plugins: NodeUnschedulable, TaintToleration, NodeAffinity (with
//! `nodeSelector`), NodeResourcesFit (filter and the LeastAllocated score) and
//! NodeResourcesBalancedAllocation, plus the verdict type and the framework's default
//! normalisation that the spread and inter-pod plugins share.

use super::model::{
    Effect, Node, PodTemplate, Resources, Taint, Toleration, UNSCHEDULABLE_TAINT, tolerated,
};

/// The highest score a plugin gives a node.
pub const MAX_NODE_SCORE: i64 = 100;

/// What a filter says of a node, with the scheduler's reason text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The node passes.
    Fits,
    /// It fails, but preempting pods could make it pass.
    Unschedulable(&'static str),
    /// It fails whatever is preempted.
    Unresolvable(&'static str),
}

impl Verdict {
    /// Whether the node passes.
    pub fn fits(self) -> bool {
        self == Verdict::Fits
    }

    /// The reason, when it fails.
    pub fn reason(self) -> Option<&'static str> {
        match self {
            Verdict::Fits => None,
            Verdict::Unschedulable(r) | Verdict::Unresolvable(r) => Some(r),
        }
    }
}

/// NodeUnschedulable: a cordoned node takes only pods tolerating its unschedulable taint.
pub fn node_unschedulable(pod: &PodTemplate, node: &Node) -> Verdict {
    if !node.unschedulable {
        return Verdict::Fits;
    }
    let taint = Taint {
        key: UNSCHEDULABLE_TAINT.to_owned(),
        value: String::new(),
        effect: Effect::NoSchedule,
    };
    if !tolerated(&pod.tolerations, &taint) {
        Verdict::Unresolvable("node(s) were unschedulable")
    } else {
        Verdict::Fits
    }
}

/// TaintToleration filter: every `NoSchedule` and `NoExecute` taint must be tolerated.
pub fn taint_toleration(pod: &PodTemplate, node: &Node) -> Verdict {
    if pod.tolerates_node(node) {
        Verdict::Fits
    } else {
        Verdict::Unresolvable("node(s) had untolerated taint")
    }
}

/// NodeAffinity filter: `nodeSelector` and required node affinity ([`PodTemplate::node_matches`],
/// which the scheduler computes once per template and node).
pub fn node_affinity(matches: bool) -> Verdict {
    if matches {
        Verdict::Fits
    } else {
        Verdict::Unresolvable("node(s) didn't match Pod's node affinity/selector")
    }
}

/// NodeResourcesFit filter: the pod count and, when known, CPU and memory.
pub fn resources_fit(
    pod: &PodTemplate,
    node: &Node,
    pods_on_node: usize,
    requested: Resources,
) -> Verdict {
    if pods_on_node + 1 > node.max_pods as usize {
        return Verdict::Unschedulable("Too many pods");
    }
    let Some(allocatable) = node.allocatable else {
        return Verdict::Fits;
    };
    if pod.requests.milli_cpu > 0
        && requested.milli_cpu.saturating_add(pod.requests.milli_cpu) > allocatable.milli_cpu
    {
        return Verdict::Unschedulable("Insufficient cpu");
    }
    if pod.requests.memory > 0
        && requested.memory.saturating_add(pod.requests.memory) > allocatable.memory
    {
        return Verdict::Unschedulable("Insufficient memory");
    }
    Verdict::Fits
}

/// The framework's default normalisation: scale to 0–100 by the maximum, reversed if asked (all
/// zero stays zero, or becomes 100 when reversed).
pub fn default_normalize(scores: &mut [i64], reverse: bool) {
    let max = scores.iter().copied().max().unwrap_or(0).max(0);
    if max == 0 {
        if reverse {
            scores.iter_mut().for_each(|s| *s = MAX_NODE_SCORE);
        }
        return;
    }
    for s in scores.iter_mut() {
        let scaled = MAX_NODE_SCORE * *s / max;
        *s = if reverse {
            MAX_NODE_SCORE - scaled
        } else {
            scaled
        };
    }
}

/// TaintToleration score: the number of `PreferNoSchedule` taints the pod does not tolerate,
/// reversed.
pub fn taint_scores(pod: &PodTemplate, nodes: &[&Node]) -> Vec<i64> {
    let soft: Vec<Toleration> = pod
        .tolerations
        .iter()
        .filter(|t| t.effect.is_none_or(|e| e == Effect::PreferNoSchedule))
        .cloned()
        .collect();
    let mut scores: Vec<i64> = nodes
        .iter()
        .map(|node| {
            node.taints
                .iter()
                .filter(|t| t.effect == Effect::PreferNoSchedule && !tolerated(&soft, t))
                .count() as i64
        })
        .collect();
    default_normalize(&mut scores, true);
    scores
}

/// NodeAffinity score before normalisation: the summed weights of the preferred terms the node
/// matches (the scheduler computes it once per template and node, then normalises the
/// candidates' with [`default_normalize`]).
pub fn preferred_node_weight(pod: &PodTemplate, node: &Node) -> i64 {
    pod.node_preferred
        .iter()
        .filter(|(_, term)| term.matches(&node.labels, &node.name))
        .map(|(weight, _)| *weight)
        .sum()
}

/// The fraction of one resource in use after placing the pod, capped at 1, or `None` when the
/// node's allocatable is unknown or zero.
fn fraction(requested: u64, pod: u64, allocatable: u64) -> Option<f64> {
    (allocatable > 0).then(|| (requested.saturating_add(pod) as f64 / allocatable as f64).min(1.0))
}

/// NodeResourcesFit score with the default `LeastAllocated` strategy (CPU and memory, weight 1
/// each): the mean over resources of `(allocatable − requested) · 100 / allocatable`.
pub fn least_allocated(pod: &PodTemplate, node: &Node, requested: Resources) -> i64 {
    let Some(a) = node.allocatable else {
        return 0;
    };
    let one = |req: u64, pod: u64, alloc: u64| -> i64 {
        let used = req.saturating_add(pod);
        if alloc == 0 || used > alloc {
            0
        } else {
            ((alloc - used) * MAX_NODE_SCORE as u64 / alloc) as i64
        }
    };
    (one(
        requested.milli_cpu,
        pod.score_requests.milli_cpu,
        a.milli_cpu,
    ) + one(requested.memory, pod.score_requests.memory, a.memory))
        / 2
}

/// NodeResourcesBalancedAllocation: `(1 − standard deviation of the CPU and memory fractions) ·
/// 100`.
pub fn balanced_allocation(pod: &PodTemplate, node: &Node, requested: Resources) -> i64 {
    let Some(a) = node.allocatable else {
        return 0;
    };
    let (Some(cpu), Some(memory)) = (
        fraction(
            requested.milli_cpu,
            pod.score_requests.milli_cpu,
            a.milli_cpu,
        ),
        fraction(requested.memory, pod.score_requests.memory, a.memory),
    ) else {
        return 0;
    };
    let std = (cpu - memory).abs() / 2.0;
    ((1.0 - std) * MAX_NODE_SCORE as f64) as i64
}
