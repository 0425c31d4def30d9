//! What the twin schedules and where: nodes (labels, taints, cordon, allocatable), pod templates
//! (labels, node selector and affinity, pod affinity and anti-affinity, topology spread
//! constraints, tolerations, requests) and the pods already bound.

use super::labels::{Labels, NodeTerm, Selector};

/// The hostname label, which the spread score counts per node rather than per domain.
pub const HOSTNAME: &str = "kubernetes.io/hostname";
/// The zone label.
pub const ZONE: &str = "topology.kubernetes.io/zone";
/// The region label.
pub const REGION: &str = "topology.kubernetes.io/region";
/// The taint the node controller puts on a cordoned node; the spread filter's `nodeTaintsPolicy`
/// and the taint filter see it like any other.
pub const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";

/// What a taint does to pods that do not tolerate it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// New pods are not scheduled there.
    NoSchedule,
    /// The scheduler avoids the node (a score, not a filter).
    PreferNoSchedule,
    /// New pods are not scheduled and running ones are evicted.
    NoExecute,
}

/// A node taint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taint {
    /// Key.
    pub key: String,
    /// Value (may be empty).
    pub value: String,
    /// Effect.
    pub effect: Effect,
}

/// A pod toleration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toleration {
    /// The key; empty with `exists` tolerates every taint.
    pub key: String,
    /// `Exists` (true) or `Equal` (false).
    pub exists: bool,
    /// The value compared under `Equal`.
    pub value: String,
    /// The effect tolerated; `None` tolerates every effect.
    pub effect: Option<Effect>,
}

impl Toleration {
    /// Whether this toleration tolerates the taint.
    pub fn tolerates(&self, taint: &Taint) -> bool {
        if self.effect.is_some_and(|e| e != taint.effect) {
            return false;
        }
        if self.key.is_empty() {
            return self.exists;
        }
        self.key == taint.key && (self.exists || self.value == taint.value)
    }
}

/// Whether some toleration tolerates the taint.
pub fn tolerated(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations.iter().any(|t| t.tolerates(taint))
}

/// Amounts of the resources the twin tracks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resources {
    /// CPU in millicores.
    pub milli_cpu: u64,
    /// Memory in bytes.
    pub memory: u64,
}

/// A node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// `metadata.name`.
    pub name: String,
    /// Labels.
    pub labels: Labels,
    /// Taints.
    pub taints: Vec<Taint>,
    /// `spec.unschedulable` (cordoned).
    pub unschedulable: bool,
    /// `status.allocatable` for CPU and memory, when known.
    pub allocatable: Option<Resources>,
    /// `status.allocatable.pods` (110 when unknown, the kubelet's default).
    pub max_pods: u32,
}

/// The kubelet's default `maxPods`.
pub const DEFAULT_MAX_PODS: u32 = 110;

impl Node {
    /// A schedulable node with these labels and nothing else.
    pub fn new(name: &str, labels: Labels) -> Node {
        Node {
            name: name.to_owned(),
            labels,
            taints: Vec::new(),
            unschedulable: false,
            allocatable: None,
            max_pods: DEFAULT_MAX_PODS,
        }
    }
}

/// `DoNotSchedule` (a filter) or `ScheduleAnyway` (a score).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenUnsatisfiable {
    /// Hard: a filter.
    DoNotSchedule,
    /// Soft: a score.
    ScheduleAnyway,
}

/// Whether node affinity or taints decide which nodes a spread constraint counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inclusion {
    /// Only nodes the pod could go to are counted.
    Honor,
    /// Every node is counted.
    Ignore,
}

/// A topology spread constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spread {
    /// `maxSkew` (at least 1).
    pub max_skew: u32,
    /// The node label whose values are the domains.
    pub topology_key: String,
    /// Hard or soft.
    pub when: WhenUnsatisfiable,
    /// Which pods count; `None` counts none.
    pub selector: Option<Selector>,
    /// `minDomains` (hard constraints only).
    pub min_domains: Option<u32>,
    /// `nodeAffinityPolicy` (default Honor).
    pub node_affinity_policy: Inclusion,
    /// `nodeTaintsPolicy` (default Ignore).
    pub node_taints_policy: Inclusion,
    /// `matchLabelKeys`: label keys whose values, taken from the incoming pod, are added to the
    /// selector.
    pub match_label_keys: Vec<String>,
}

impl Spread {
    /// A constraint with the API defaults for everything not given.
    pub fn new(
        max_skew: u32,
        key: &str,
        when: WhenUnsatisfiable,
        selector: Option<Selector>,
    ) -> Spread {
        Spread {
            max_skew,
            topology_key: key.to_owned(),
            when,
            selector,
            min_domains: None,
            node_affinity_policy: Inclusion::Honor,
            node_taints_policy: Inclusion::Ignore,
            match_label_keys: Vec::new(),
        }
    }
}

/// A pod (anti-)affinity term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodTerm {
    /// Which pods; `None` selects none.
    pub selector: Option<Selector>,
    /// Namespaces named explicitly.
    pub namespaces: Vec<String>,
    /// Namespaces by their labels (`Some(empty)` is every namespace).
    pub namespace_selector: Option<Selector>,
    /// The node label whose values are the domains.
    pub topology_key: String,
}

/// A weighted preferred pod (anti-)affinity term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightedPodTerm {
    /// 1 to 100.
    pub weight: i64,
    /// The term.
    pub term: PodTerm,
}

/// Required and preferred terms of pod affinity or of pod anti-affinity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodTerms {
    /// `requiredDuringSchedulingIgnoredDuringExecution`.
    pub required: Vec<PodTerm>,
    /// `preferredDuringSchedulingIgnoredDuringExecution`.
    pub preferred: Vec<WeightedPodTerm>,
}

/// A pod as the scheduler sees it: what is needed to place it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodTemplate {
    /// Namespace.
    pub namespace: String,
    /// Labels.
    pub labels: Labels,
    /// `nodeSelector`.
    pub node_selector: Labels,
    /// Required node affinity terms (ORed); `None` when absent.
    pub node_required: Option<Vec<NodeTerm>>,
    /// Preferred node affinity terms with weights.
    pub node_preferred: Vec<(i64, NodeTerm)>,
    /// Pod affinity.
    pub affinity: PodTerms,
    /// Pod anti-affinity.
    pub anti_affinity: PodTerms,
    /// Tolerations.
    pub tolerations: Vec<Toleration>,
    /// Topology spread constraints.
    pub spread: Vec<Spread>,
    /// Summed container requests (what the fit filter compares with allocatable).
    pub requests: Resources,
    /// Requests with the scheduler's defaults for unset ones (100m CPU, 200 MiB memory per
    /// container), which the resource scores use.
    pub score_requests: Resources,
    /// The selector of the owning workload (ReplicaSet or StatefulSet), used for the default
    /// spreading when the pod has no spread constraints.
    pub owner_selector: Option<Selector>,
}

impl PodTemplate {
    /// Whether the node satisfies `nodeSelector` and required node affinity.
    pub fn node_matches(&self, node: &Node) -> bool {
        self.node_selector
            .iter()
            .all(|(k, v)| node.labels.get(k) == Some(v))
            && self
                .node_required
                .as_ref()
                .is_none_or(|terms| terms.iter().any(|t| t.matches(&node.labels, &node.name)))
    }

    /// Whether every `NoSchedule`/`NoExecute` taint of the node is tolerated.
    pub fn tolerates_node(&self, node: &Node) -> bool {
        node.taints
            .iter()
            .filter(|t| t.effect != Effect::PreferNoSchedule)
            .all(|t| tolerated(&self.tolerations, t))
    }
}

/// Default CPU request the scores assume for a container without one (millicores).
pub const DEFAULT_MILLI_CPU: u64 = 100;
/// Default memory request the scores assume for a container without one (bytes).
pub const DEFAULT_MEMORY: u64 = 200 * 1024 * 1024;
