//! What a scheduler keeps across cycles so that a cycle compares integers, never strings: each
//! topology key's label values interned per node, each template's node-affinity facts per node
//! (which nodes its selector admits, its preferred weight on each), and the tally of bound pods
//! per node, filled at the start of a cycle and cleared at its end so that a cycle touches only
//! the nodes that hold pods. A [`Snapshot`] is the three together, what the plugins read.
//!
//! The nodes and their labels must not change while a scheduler uses them (their taints, the
//! pods and new templates may): the scheduler's node order rests on the same assumption.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use super::cluster::Cluster;
use super::model::{HOSTNAME, PodTemplate, Resources, ZONE};

/// A hash map for interning the nodes' label values: a multiply-rotate hash (as rustc's own
/// `FxHasher`), several times cheaper than the standard SipHash on short strings. Not resistant
/// to chosen collisions; the keys are node labels, and a node list is at most a few thousand.
pub(crate) type LabelMap<K, V> = HashMap<K, V, BuildHasherDefault<LabelHasher>>;

/// The hasher of [`LabelMap`].
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct LabelHasher(u64);

impl LabelHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for LabelHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The value id of a node that lacks the key.
pub(crate) const ABSENT: u32 = u32::MAX;

/// One topology key's values, interned: `values[n]` is node n's value id, or [`ABSENT`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Column {
    values: Vec<u32>,
    domains: usize,
    /// The id of the empty value, when some node carries the key with an empty value.
    empty: Option<u32>,
}

impl Column {
    fn new(cluster: &Cluster, key: &str) -> Column {
        let mut ids: LabelMap<&str, u32> = LabelMap::default();
        ids.reserve(cluster.nodes.len());
        let values = cluster
            .nodes
            .iter()
            .map(|node| match node.labels.get(key) {
                Some(value) => {
                    let next = ids.len() as u32;
                    *ids.entry(value.as_str()).or_insert(next)
                }
                None => ABSENT,
            })
            .collect();
        Column {
            values,
            domains: ids.len(),
            empty: ids.get("").copied(),
        }
    }

    /// Node n's value id, or [`ABSENT`].
    pub(crate) fn value(&self, n: usize) -> u32 {
        self.values.get(n).copied().unwrap_or(ABSENT)
    }

    /// Every node's value id, in node order (empty for a key no template named).
    pub(crate) fn values(&self) -> &[u32] {
        &self.values
    }

    /// How many distinct values the nodes carry.
    pub(crate) fn domains(&self) -> usize {
        self.domains
    }

    /// Node n's slot among `domains() + 1` where a missing label reads as the empty value, as
    /// the spread score reads labels (`node.Labels[key]`): the empty value's id when some node
    /// carries it, else the extra last slot.
    pub(crate) fn slot(&self, n: usize) -> usize {
        match self.value(n) {
            ABSENT => self.empty.unwrap_or(self.domains as u32) as usize,
            id => id as usize,
        }
    }
}

/// What one template's node affinity says of each node (labels only, so computed once).
#[derive(Debug, Clone, Default)]
pub(crate) struct TemplateNodes {
    /// `nodeSelector` and required node affinity admit the node.
    pub(crate) admits: Vec<bool>,
    /// The summed weights of the preferred node-affinity terms the node matches.
    pub(crate) preferred: Vec<i64>,
    /// Per hard spread constraint, which of its key's values are domains (carried by a node the
    /// constraint includes): labels and node affinity only, so kept once computed — by the
    /// spread filter, and only when no constraint counts taints, which can change.
    pub(crate) spread_domains: OnceLock<Vec<Vec<bool>>>,
}

/// The interned topology keys and the templates' node facts.
#[derive(Debug, Clone, Default)]
pub(crate) struct NodeIndex {
    keys: HashMap<String, usize>,
    columns: Vec<Column>,
    templates: Vec<Option<TemplateNodes>>,
    /// Templates whose keys are interned (templates are only ever added).
    seen: usize,
}

/// Every topology key a template names: its spread constraints' and its pod terms'.
fn topology_keys(template: &PodTemplate) -> impl Iterator<Item = &str> {
    let terms = [&template.affinity, &template.anti_affinity];
    template
        .spread
        .iter()
        .map(|s| s.topology_key.as_str())
        .chain(terms.into_iter().flat_map(|terms| {
            terms
                .required
                .iter()
                .chain(terms.preferred.iter().map(|w| &w.term))
                .map(|t| t.topology_key.as_str())
        }))
}

impl NodeIndex {
    /// Interns the keys of every template not seen yet (and the hostname and zone keys of the
    /// system default spreading), and computes the node facts of `template`.
    pub(crate) fn prepare(&mut self, cluster: &Cluster, template: usize) {
        if self.columns.is_empty() {
            self.intern(cluster, HOSTNAME);
            self.intern(cluster, ZONE);
        }
        for t in self.seen..cluster.templates.len() {
            for key in topology_keys(&cluster.templates[t]) {
                self.intern(cluster, key);
            }
        }
        self.seen = self.seen.max(cluster.templates.len());
        if self.templates.len() < cluster.templates.len() {
            self.templates.resize(cluster.templates.len(), None);
        }
        if self.templates[template].is_none() {
            let pod = &cluster.templates[template];
            self.templates[template] = Some(TemplateNodes {
                admits: cluster.nodes.iter().map(|n| pod.node_matches(n)).collect(),
                preferred: cluster
                    .nodes
                    .iter()
                    .map(|n| super::plugins::preferred_node_weight(pod, n))
                    .collect(),
                spread_domains: OnceLock::new(),
            });
        }
    }

    fn intern(&mut self, cluster: &Cluster, key: &str) {
        if !self.keys.contains_key(key) {
            self.keys.insert(key.to_owned(), self.columns.len());
            self.columns.push(Column::new(cluster, key));
        }
    }

    /// The column of a key; a key no template named reads as absent on every node.
    pub(crate) fn column(&self, key: &str) -> &Column {
        static NONE: Column = Column {
            values: Vec::new(),
            domains: 0,
            empty: None,
        };
        self.keys.get(key).map_or(&NONE, |&k| &self.columns[k])
    }

    /// The id of a key, for maps keyed by topology pair; `usize::MAX` for a key no template
    /// named.
    pub(crate) fn key(&self, key: &str) -> usize {
        self.keys.get(key).copied().unwrap_or(usize::MAX)
    }

    /// Node n's value id for key id `key`, or [`ABSENT`].
    pub(crate) fn value(&self, key: usize, n: usize) -> u32 {
        self.columns.get(key).map_or(ABSENT, |c| c.value(n))
    }

    /// The node facts of a template, when prepared.
    pub(crate) fn template(&self, template: usize) -> Option<&TemplateNodes> {
        self.templates.get(template).and_then(Option::as_ref)
    }

    /// Whether the template's `nodeSelector` and required node affinity admit node n (kept
    /// once prepared).
    pub(crate) fn admits(&self, cluster: &Cluster, template: usize, n: usize) -> bool {
        match self.template(template) {
            Some(facts) => facts.admits[n],
            None => cluster.templates[template].node_matches(&cluster.nodes[n]),
        }
    }

    /// The template's preferred node-affinity weight on node n (kept once prepared).
    pub(crate) fn preferred(&self, cluster: &Cluster, template: usize, n: usize) -> i64 {
        match self.template(template) {
            Some(facts) => facts.preferred[n],
            None => super::plugins::preferred_node_weight(
                &cluster.templates[template],
                &cluster.nodes[n],
            ),
        }
    }
}

/// The bound pods per node: how many, their summed requests (as the fit filter counts them and
/// as the scores count them), and a list per node.
#[derive(Debug, Clone, Default)]
pub(crate) struct Load {
    head: Vec<u32>,
    next: Vec<u32>,
    count: Vec<u32>,
    requested: Vec<(Resources, Resources)>,
}

impl Load {
    /// The tally of the cluster's pods now.
    #[cfg(test)]
    pub(crate) fn new(cluster: &Cluster) -> Load {
        let mut load = Load::default();
        load.fill(cluster);
        load
    }

    /// Tallies the cluster's pods (the load must be empty: new or cleared with the same pods).
    pub(crate) fn fill(&mut self, cluster: &Cluster) {
        let nodes = cluster.nodes.len();
        if self.head.len() != nodes {
            self.head = vec![ABSENT; nodes];
            self.count = vec![0; nodes];
            self.requested = vec![(Resources::default(), Resources::default()); nodes];
        }
        self.next.clear();
        for (p, pod) in cluster.pods.iter().enumerate() {
            let n = pod.node;
            self.next.push(ABSENT);
            let (Some(head), Some((fit, score))) =
                (self.head.get_mut(n), self.requested.get_mut(n))
            else {
                continue;
            };
            self.next[p] = *head;
            *head = p as u32;
            self.count[n] += 1;
            let t = &cluster.templates[pod.template];
            fit.milli_cpu = fit.milli_cpu.saturating_add(t.requests.milli_cpu);
            fit.memory = fit.memory.saturating_add(t.requests.memory);
            score.milli_cpu = score.milli_cpu.saturating_add(t.score_requests.milli_cpu);
            score.memory = score.memory.saturating_add(t.score_requests.memory);
        }
    }

    /// Empties the tally, touching only the nodes the cluster's pods are on (the same pods as at
    /// [`Load::fill`]).
    pub(crate) fn clear(&mut self, cluster: &Cluster) {
        for pod in &cluster.pods {
            if let Some(head) = self.head.get_mut(pod.node) {
                *head = ABSENT;
                self.count[pod.node] = 0;
                self.requested[pod.node] = (Resources::default(), Resources::default());
            }
        }
        self.next.clear();
    }

    /// The pods on node n.
    pub(crate) fn pods_on(&self, n: usize) -> impl Iterator<Item = usize> + '_ {
        let mut at = self.head.get(n).copied().unwrap_or(ABSENT);
        std::iter::from_fn(move || {
            (at != ABSENT).then(|| {
                let p = at as usize;
                at = self.next[p];
                p
            })
        })
    }

    /// How many pods node n holds.
    pub(crate) fn count(&self, n: usize) -> usize {
        self.count.get(n).copied().unwrap_or(0) as usize
    }

    /// The summed requests on node n: as the fit filter counts them, and with the scores'
    /// defaults.
    pub(crate) fn requested(&self, n: usize) -> (Resources, Resources) {
        self.requested
            .get(n)
            .copied()
            .unwrap_or((Resources::default(), Resources::default()))
    }
}

/// What the plugins read in one cycle.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Snapshot<'a> {
    /// The cluster.
    pub(crate) cluster: &'a Cluster,
    /// Interned keys and node facts, prepared for the incoming template.
    pub(crate) index: &'a NodeIndex,
    /// The bound pods per node.
    pub(crate) load: &'a Load,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kube::model::Node;

    fn zoned(name: &str, zone: Option<&str>) -> Node {
        let labels = zone
            .map(|z| [(ZONE.to_owned(), z.to_owned())].into())
            .unwrap_or_default();
        Node::new(name, labels)
    }

    #[test]
    fn values_are_interned_per_key_and_missing_labels_read_as_empty_in_slots() {
        let mut cluster = Cluster::new(vec![
            zoned("a", Some("z1")),
            zoned("b", Some("z2")),
            zoned("c", Some("z1")),
            zoned("d", None),
        ]);
        let t = cluster.add_template(PodTemplate::default());
        let mut index = NodeIndex::default();
        index.prepare(&cluster, t);
        let zone = index.column(ZONE);
        assert_eq!(zone.domains(), 2);
        assert_eq!(zone.value(0), zone.value(2));
        assert_ne!(zone.value(0), zone.value(1));
        assert_eq!(zone.value(3), ABSENT);
        assert_eq!(zone.slot(3), 2, "no node has an empty zone: the extra slot");
        assert_eq!(index.column("unknown").value(0), ABSENT);
        assert_eq!(index.value(index.key("unknown"), 0), ABSENT);
        assert!((0..4).all(|n| index.admits(&cluster, t, n)));
    }

    #[test]
    fn the_load_lists_each_nodes_pods_and_clears_to_empty() {
        let mut cluster = Cluster::new(vec![zoned("a", None), zoned("b", None)]);
        let mut template = PodTemplate::default();
        template.requests.milli_cpu = 100;
        let t = cluster.add_template(template);
        cluster.bind(t, 1);
        cluster.bind(t, 0);
        cluster.bind(t, 1);
        let mut load = Load::new(&cluster);
        let mut on_b: Vec<usize> = load.pods_on(1).collect();
        on_b.sort_unstable();
        assert_eq!(on_b, [0, 2]);
        assert_eq!((load.count(0), load.count(1)), (1, 2));
        assert_eq!(load.requested(1).0.milli_cpu, 200);
        load.clear(&cluster);
        assert_eq!(load.count(1), 0);
        assert_eq!(load.pods_on(1).count(), 0);
        load.fill(&cluster);
        assert_eq!(load.count(1), 2);
    }
}
