//! InterPodAffinity: the filter (the incoming pod's required affinity and anti-affinity, and the
//! symmetry with existing pods' required anti-affinity) and the score (preferred terms both ways,
//! existing pods' required affinity at the hard weight 1), with the plugin's min–max
//! normalisation.

use std::collections::HashMap;

use super::cluster::Cluster;
use super::model::{Node, PodTemplate, PodTerm};
use super::plugins::{MAX_NODE_SCORE, Verdict};

type Pair<'a> = (&'a str, &'a str);

/// The weight an existing pod's required affinity term gives a matching incoming pod
/// (`hardPodAffinityWeight`, default 1).
pub const HARD_POD_AFFINITY_WEIGHT: i64 = 1;

/// The filter's pre-computed counts per topology pair.
pub(crate) struct AffinityFilter<'a> {
    pod: &'a PodTemplate,
    /// Existing pods' required anti-affinity terms matching the incoming pod.
    existing_anti: HashMap<Pair<'a>, i64>,
    /// Existing pods matching all the incoming pod's required affinity terms.
    affinity: HashMap<Pair<'a>, i64>,
    /// Existing pods matching one of the incoming pod's required anti-affinity terms.
    anti: HashMap<Pair<'a>, i64>,
    /// The pod matches all its own affinity terms.
    self_match: bool,
}

fn matches_all(
    cluster: &Cluster,
    terms: &[PodTerm],
    owner: &PodTemplate,
    other: &PodTemplate,
) -> bool {
    !terms.is_empty()
        && terms
            .iter()
            .all(|t| cluster.term_selects(t, &owner.namespace, other))
}

impl<'a> AffinityFilter<'a> {
    /// PreFilter: one pass over every bound pod.
    pub(crate) fn new(cluster: &'a Cluster, pod: &'a PodTemplate) -> Self {
        let mut existing_anti = HashMap::new();
        let mut affinity = HashMap::new();
        let mut anti = HashMap::new();
        for bound in &cluster.pods {
            let node = &cluster.nodes[bound.node];
            let other = &cluster.templates[bound.template];
            for term in &other.anti_affinity.required {
                if let Some(value) = node.labels.get(&term.topology_key)
                    && cluster.term_selects(term, &other.namespace, pod)
                {
                    *existing_anti
                        .entry((term.topology_key.as_str(), value.as_str()))
                        .or_insert(0) += 1;
                }
            }
            if matches_all(cluster, &pod.affinity.required, pod, other) {
                for term in &pod.affinity.required {
                    if let Some(value) = node.labels.get(&term.topology_key) {
                        *affinity
                            .entry((term.topology_key.as_str(), value.as_str()))
                            .or_insert(0) += 1;
                    }
                }
            }
            for term in &pod.anti_affinity.required {
                if let Some(value) = node.labels.get(&term.topology_key)
                    && cluster.term_selects(term, &pod.namespace, other)
                {
                    *anti
                        .entry((term.topology_key.as_str(), value.as_str()))
                        .or_insert(0) += 1;
                }
            }
        }
        AffinityFilter {
            pod,
            existing_anti,
            affinity,
            anti,
            self_match: matches_all(cluster, &pod.affinity.required, pod, pod),
        }
    }

    fn count(map: &HashMap<Pair<'a>, i64>, key: &str, value: &str) -> i64 {
        map.get(&(key, value)).copied().unwrap_or(0)
    }

    /// Filter.
    pub(crate) fn verdict(&self, node: &Node) -> Verdict {
        let required = &self.pod.affinity.required;
        let mut pods_exist = true;
        for term in required {
            match node.labels.get(&term.topology_key) {
                Some(value) if Self::count(&self.affinity, &term.topology_key, value) <= 0 => {
                    pods_exist = false;
                }
                Some(_) => {}
                None => return Verdict::Unresolvable("node(s) didn't match pod affinity rules"),
            }
        }
        if !(pods_exist || self.affinity.is_empty() && self.self_match) {
            return Verdict::Unresolvable("node(s) didn't match pod affinity rules");
        }
        for term in &self.pod.anti_affinity.required {
            if let Some(value) = node.labels.get(&term.topology_key)
                && Self::count(&self.anti, &term.topology_key, value) > 0
            {
                return Verdict::Unschedulable("node(s) didn't match pod anti-affinity rules");
            }
        }
        if !self.existing_anti.is_empty()
            && node
                .labels
                .iter()
                .any(|(k, v)| Self::count(&self.existing_anti, k, v) > 0)
        {
            return Verdict::Unschedulable(
                "node(s) didn't satisfy existing pods anti-affinity rules",
            );
        }
        Verdict::Fits
    }
}

/// The inter-pod affinity score of each candidate, normalised to 0–100.
pub(crate) fn scores<'a>(
    cluster: &'a Cluster,
    pod: &'a PodTemplate,
    candidates: &[usize],
) -> Vec<i64> {
    let mut topology: HashMap<Pair<'_>, i64> = HashMap::new();
    let mut add = |term: &'a PodTerm, node: &'a Node, selects: bool, weight: i64| {
        if !selects || node.labels.is_empty() {
            return;
        }
        if let Some(value) = node.labels.get(&term.topology_key) {
            *topology
                .entry((term.topology_key.as_str(), value.as_str()))
                .or_insert(0) += weight;
        }
    };
    for bound in &cluster.pods {
        let node = &cluster.nodes[bound.node];
        let other = &cluster.templates[bound.template];
        for w in &pod.affinity.preferred {
            add(
                &w.term,
                node,
                cluster.term_selects(&w.term, &pod.namespace, other),
                w.weight,
            );
        }
        for w in &pod.anti_affinity.preferred {
            add(
                &w.term,
                node,
                cluster.term_selects(&w.term, &pod.namespace, other),
                -w.weight,
            );
        }
        for term in &other.affinity.required {
            let selects = cluster.term_selects(term, &other.namespace, pod);
            add(term, node, selects, HARD_POD_AFFINITY_WEIGHT);
        }
        for w in &other.affinity.preferred {
            add(
                &w.term,
                node,
                cluster.term_selects(&w.term, &other.namespace, pod),
                w.weight,
            );
        }
        for w in &other.anti_affinity.preferred {
            add(
                &w.term,
                node,
                cluster.term_selects(&w.term, &other.namespace, pod),
                -w.weight,
            );
        }
    }
    // Per node, walk whichever is shorter: the scored topology pairs or the node's labels.
    let mut raw: Vec<i64> = candidates
        .iter()
        .map(|&n| {
            let labels = &cluster.nodes[n].labels;
            if topology.len() <= labels.len() {
                topology
                    .iter()
                    .filter(|((key, value), _)| labels.get(*key).is_some_and(|v| v == value))
                    .map(|(_, score)| *score)
                    .sum()
            } else {
                labels
                    .iter()
                    .filter_map(|(k, v)| topology.get(&(k.as_str(), v.as_str())))
                    .sum()
            }
        })
        .collect();
    if topology.is_empty() {
        return raw;
    }
    let max = raw.iter().copied().max().unwrap_or(0).max(0);
    let min = raw.iter().copied().min().unwrap_or(0).min(0);
    let spread = max - min;
    for s in raw.iter_mut() {
        *s = if spread > 0 {
            (MAX_NODE_SCORE as f64 * ((*s - min) as f64 / spread as f64)) as i64
        } else {
            0
        };
    }
    raw
}
