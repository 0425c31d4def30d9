//! InterPodAffinity: the filter (the incoming pod's required affinity and anti-affinity, and the
//! symmetry with existing pods' required anti-affinity) and the score (preferred terms both ways,
//! existing pods' required affinity at the hard weight 1), with the plugin's min–max
//! normalisation over the candidates' scores.

use super::cluster::Cluster;
use super::index::{ABSENT, Snapshot};
use super::model::{PodTemplate, PodTerm};
use super::plugins::{MAX_NODE_SCORE, Verdict};

/// The weight an existing pod's required affinity term gives a matching incoming pod
/// (`hardPodAffinityWeight`, default 1).
pub const HARD_POD_AFFINITY_WEIGHT: i64 = 1;

/// Counts per topology pair: per key id, a count per value id (dense: a cycle adds a few pods'
/// terms and reads hundreds of nodes).
#[derive(Default)]
struct PairCounts {
    keys: Vec<(usize, Vec<i64>)>,
}

impl PairCounts {
    /// Adds `weight` to the pair of term's key and node n's value (nothing when n lacks the key).
    fn add(&mut self, snap: &Snapshot<'_>, term: &PodTerm, n: usize, weight: i64) {
        let key = snap.index.key(&term.topology_key);
        let value = snap.index.value(key, n);
        if value == ABSENT {
            return;
        }
        let at = match self.keys.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                let domains = snap.index.column(&term.topology_key).domains();
                self.keys.push((key, vec![0; domains]));
                self.keys.len() - 1
            }
        };
        self.keys[at].1[value as usize] += weight;
    }

    /// Whether nothing was added.
    fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The count of the pair of key id `key` and value id `value`.
    fn get(&self, key: usize, value: u32) -> i64 {
        self.keys
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, counts)| counts.get(value as usize))
            .copied()
            .unwrap_or(0)
    }

    /// The count of the pair of `key` and node n's value; `None` when n lacks the key.
    fn at(&self, snap: &Snapshot<'_>, key: &str, n: usize) -> Option<i64> {
        let key = snap.index.key(key);
        let value = snap.index.value(key, n);
        (value != ABSENT).then(|| self.get(key, value))
    }

    /// Whether some pair node n carries has a positive count.
    fn any_positive_on(&self, snap: &Snapshot<'_>, n: usize) -> bool {
        self.keys.iter().any(|(key, counts)| {
            counts
                .get(snap.index.value(*key, n) as usize)
                .is_some_and(|count| *count > 0)
        })
    }

    /// The summed counts of every pair node n carries.
    fn sum_on(&self, snap: &Snapshot<'_>, n: usize) -> i64 {
        self.keys
            .iter()
            .filter_map(|(key, counts)| counts.get(snap.index.value(*key, n) as usize))
            .sum()
    }
}

/// The filter's pre-computed counts per topology pair.
pub(crate) struct AffinityFilter<'a> {
    snap: Snapshot<'a>,
    pod: &'a PodTemplate,
    /// Existing pods' required anti-affinity terms matching the incoming pod.
    existing_anti: PairCounts,
    /// Existing pods matching all the incoming pod's required affinity terms.
    affinity: PairCounts,
    /// Existing pods matching one of the incoming pod's required anti-affinity terms.
    anti: PairCounts,
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
    pub(crate) fn new(snap: &Snapshot<'a>, template: usize) -> Self {
        let cluster = snap.cluster;
        let pod = &cluster.templates[template];
        let mut existing_anti = PairCounts::default();
        let mut affinity = PairCounts::default();
        let mut anti = PairCounts::default();
        for bound in &cluster.pods {
            let n = bound.node;
            let other = &cluster.templates[bound.template];
            for term in &other.anti_affinity.required {
                if cluster.term_selects(term, &other.namespace, pod) {
                    existing_anti.add(snap, term, n, 1);
                }
            }
            if matches_all(cluster, &pod.affinity.required, pod, other) {
                for term in &pod.affinity.required {
                    affinity.add(snap, term, n, 1);
                }
            }
            for term in &pod.anti_affinity.required {
                if cluster.term_selects(term, &pod.namespace, other) {
                    anti.add(snap, term, n, 1);
                }
            }
        }
        AffinityFilter {
            snap: *snap,
            pod,
            existing_anti,
            affinity,
            anti,
            self_match: matches_all(cluster, &pod.affinity.required, pod, pod),
        }
    }

    /// Filter on node n.
    pub(crate) fn verdict(&self, n: usize) -> Verdict {
        let snap = &self.snap;
        let mut pods_exist = true;
        for term in &self.pod.affinity.required {
            match self.affinity.at(snap, &term.topology_key, n) {
                Some(count) if count <= 0 => pods_exist = false,
                Some(_) => {}
                None => return Verdict::Unresolvable("node(s) didn't match pod affinity rules"),
            }
        }
        if !(pods_exist || self.affinity.is_empty() && self.self_match) {
            return Verdict::Unresolvable("node(s) didn't match pod affinity rules");
        }
        for term in &self.pod.anti_affinity.required {
            if self
                .anti
                .at(snap, &term.topology_key, n)
                .is_some_and(|count| count > 0)
            {
                return Verdict::Unschedulable("node(s) didn't match pod anti-affinity rules");
            }
        }
        if self.existing_anti.any_positive_on(snap, n) {
            return Verdict::Unschedulable(
                "node(s) didn't satisfy existing pods anti-affinity rules",
            );
        }
        Verdict::Fits
    }
}

/// The inter-pod affinity score of each candidate, normalised to 0–100.
pub(crate) fn scores(snap: &Snapshot<'_>, template: usize, candidates: &[usize]) -> Vec<i64> {
    let cluster = snap.cluster;
    let pod = &cluster.templates[template];
    let mut topology = PairCounts::default();
    for bound in &cluster.pods {
        let n = bound.node;
        if cluster.nodes[n].labels.is_empty() {
            continue;
        }
        let other = &cluster.templates[bound.template];
        // The preferred terms of either pod that select the other, with the sign of their
        // weight (anti-affinity counts against), then the bound pod's required affinity terms
        // that select ours, at the hard-affinity weight.
        let preferred = [
            (&pod.affinity.preferred, pod, other, 1),
            (&pod.anti_affinity.preferred, pod, other, -1),
            (&other.affinity.preferred, other, pod, 1),
            (&other.anti_affinity.preferred, other, pod, -1),
        ];
        for (terms, owner, target, sign) in preferred {
            for w in terms {
                if cluster.term_selects(&w.term, &owner.namespace, target) {
                    topology.add(snap, &w.term, n, sign * w.weight);
                }
            }
        }
        for term in &other.affinity.required {
            if cluster.term_selects(term, &other.namespace, pod) {
                topology.add(snap, term, n, HARD_POD_AFFINITY_WEIGHT);
            }
        }
    }
    let mut raw: Vec<i64> = candidates
        .iter()
        .map(|&n| topology.sum_on(snap, n))
        .collect();
    if topology.is_empty() {
        return raw;
    }
    // Min–max over the candidates' own scores (not clamped to 0: an equal positive score on
    // every candidate normalises to 0 everywhere, as upstream).
    let max = raw.iter().copied().max().unwrap_or(0);
    let min = raw.iter().copied().min().unwrap_or(0);
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
