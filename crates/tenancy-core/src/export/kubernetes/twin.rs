//! The export checked by the kube-scheduler twin ([`crate::kube`]): the constraint sets the
//! target accepts — the request's rules as written, plus a hard spread (maxSkew 1, with or without
//! `minDomains`) on a kind inside the scope, or on every such kind — are each written as a
//! Deployment, read back by the twin's manifest reader and scheduled from zero on the topology's
//! nodes with the greedy adversary breaking every tie; the export keeps the set whose worst case
//! comes closest to our optimum (fewest additions among equals) and says what gap remains.

use std::collections::BTreeMap;

use crate::kube::audit::{Estate, outcome, run, worst_ties};
use crate::kube::manifest::read_workloads;
use crate::kube::model::HOSTNAME;
use crate::plan::Plan;
use crate::report::plan::two_figures;
use crate::request::Request;
use crate::topology::{HOST_KIND, Topology};

use super::manifest::{
    Affinity, Container, Deployment, DeploymentSpec, Document, Metadata, PodAffinityTerm,
    PodAntiAffinity, PodSpec, Selector, Spread, Toleration,
};

/// Beyond this many hosts the check is left out (the web app exports on every change).
pub const MAX_HOSTS: usize = 2_000;

/// What the twin's adversary makes of one constraint set.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Worst {
    /// Replicas left Pending.
    pub pending: u32,
    /// The probability of losing the quorum.
    pub p_lost: f64,
    /// The most replicas in one domain, per kind (widest first, then host).
    pub blast: Vec<(String, u32)>,
}

impl Worst {
    /// Whether this is no worse than `other` (Pending first, then the probability of losing the
    /// quorum, to a relative 1e-9).
    pub fn no_worse_than(&self, other: &Worst) -> bool {
        self.pending < other.pending
            || self.pending == other.pending && self.p_lost <= other.p_lost * (1.0 + 1e-9)
    }
}

/// The twin's worst case for the Deployment: read back as a workload, scheduled from zero with
/// the greedy adversary's tie-breaks. `None` if the reader refuses it (never for ours).
pub(super) fn worst(estate: &Estate, deployment: Deployment, quorum: u32) -> Option<Worst> {
    let yaml = serde_saphyr::to_string(&Document::Deployment(Box::new(deployment))).ok()?;
    let workload = read_workloads(&yaml).ok()?.into_iter().next()?;
    let (cluster, t) = run(estate, &workload, worst_ties(estate, vec![true]));
    let found = outcome(estate, &cluster, t, workload.replicas, quorum);
    Some(Worst {
        pending: found.pending,
        p_lost: found.availability.p_quorum_lost,
        blast: found
            .spread
            .iter()
            .map(|(kind, per)| (kind.clone(), per.values().copied().max().unwrap_or(0)))
            .collect(),
    })
}

/// The kinds whose blast radius in `worst` exceeds our optimum's, with both numbers.
pub(super) fn gaps(worst: &Worst, optimum: &Plan, topology: &Topology) -> Vec<(String, u32, u32)> {
    let ours = optimum.placement.blast_radius(topology);
    let kinds = topology.kinds.iter().map(String::as_str).chain([HOST_KIND]);
    kinds
        .zip(ours)
        .filter_map(|(kind, best)| {
            let twin = worst
                .blast
                .iter()
                .find(|(k, _)| k == kind)
                .map_or(0, |(_, n)| *n);
            (twin > best).then(|| (kind.to_owned(), twin, best))
        })
        .collect()
}

/// The scheduling parts of the Deployment the export writes, for the twin to read back.
pub(super) struct Shape<'a> {
    /// The workload's name.
    pub name: &'a str,
    /// The pods' labels.
    pub labels: &'a BTreeMap<String, String>,
    /// The Deployment's selector.
    pub selector: &'a Selector,
    /// The node selector.
    pub node_selector: &'a BTreeMap<String, String>,
    /// The tolerations.
    pub tolerations: &'a [Toleration],
    /// The required anti-affinity terms.
    pub anti_affinity: &'a [PodAffinityTerm],
}

impl Shape<'_> {
    /// A Deployment of `replicas` with these spread constraints.
    fn deployment(&self, replicas: u32, spreads: Vec<Spread>) -> Deployment {
        let pod = PodSpec {
            runtime_class_name: None,
            automount_service_account_token: None,
            host_users: None,
            host_network: None,
            security_context: None,
            node_selector: self.node_selector.clone(),
            tolerations: self.tolerations.to_vec(),
            affinity: (!self.anti_affinity.is_empty()).then(|| Affinity {
                pod_anti_affinity: PodAntiAffinity {
                    required_during_scheduling_ignored_during_execution: self
                        .anti_affinity
                        .to_vec(),
                },
            }),
            topology_spread_constraints: spreads,
            containers: vec![Container::new(self.name, None, false, false)],
            volumes: Vec::new(),
        };
        let metadata = Metadata {
            name: self.name.to_owned(),
            namespace: None,
            labels: self.labels.clone(),
        };
        Deployment::new(
            metadata,
            DeploymentSpec::new(replicas, self.selector.clone(), self.labels.clone(), pod),
        )
    }
}

/// What the check found and added: header lines — the worst case against the optimum, what
/// was added, and the gap left to close by hand (not lossy: the rules are written exactly; the
/// gap is to our optimum, which minimises beyond them).
pub(super) struct Checked {
    /// The lines.
    pub header: Vec<String>,
}

/// Runs the check (see the module documentation) and adds the chosen spreads to `spreads`.
/// `keys` is the label of each kind of the topology, widest first; `scope` the kind of the scope
/// (only narrower kinds are spread); `domains` counts a kind's eligible domains.
#[allow(clippy::too_many_arguments)]
pub(super) fn check(
    shape: &Shape<'_>,
    request: &Request,
    topology: &Topology,
    keys: &[(String, String)],
    scope: Option<&str>,
    domains: &dyn Fn(&str) -> u32,
    optimum: &Plan,
    spreads: &mut Vec<Spread>,
) -> Option<Checked> {
    if !optimum.placement.feasible || request.replicas < 2 {
        return None;
    }
    if topology.hosts.len() > MAX_HOSTS {
        return Some(Checked {
            header: vec![format!(
                "Not checked with the kube-scheduler twin: more than {MAX_HOSTS} hosts."
            )],
        });
    }
    let pool = shape.node_selector.get(super::POOL_LABEL);
    let estate = Estate::labelled(topology, keys.to_vec(), request, pool.map(String::as_str));
    let quorum = request.quorum;
    let base = worst(
        &estate,
        shape.deployment(request.replicas, spreads.clone()),
        quorum,
    )?;
    let used = |key: &str| {
        shape.anti_affinity.iter().any(|t| t.topology_key == key)
            || spreads.iter().any(|s| s.topology_key == key)
    };
    let first = scope.map_or(0, |kind| {
        topology
            .kinds
            .iter()
            .position(|k| k == kind)
            .map_or(0, |at| at + 1)
    });
    let open: Vec<(&str, &str)> = keys[first.min(keys.len())..]
        .iter()
        .map(|(kind, key)| (kind.as_str(), key.as_str()))
        .chain([(HOST_KIND, HOSTNAME)])
        .filter(|(_, key)| !used(key))
        .collect();
    let spread =
        |key: &str, min_domains: Option<u32>| Spread::new(key, 1, min_domains, shape.selector);
    // Smallest first, so that among equally good sets the first found is kept.
    let mut candidates: Vec<Vec<Spread>> = Vec::new();
    for &(kind, key) in &open {
        candidates.push(vec![spread(key, None)]);
        let count = domains(kind).min(request.replicas);
        if count > 1 {
            candidates.push(vec![spread(key, Some(count))]);
        }
    }
    if open.len() > 1 {
        candidates.push(open.iter().map(|&(_, key)| spread(key, None)).collect());
    }
    let mut best = (base.clone(), Vec::new());
    for candidate in candidates {
        let mut with = spreads.clone();
        with.extend(candidate.iter().cloned());
        let Some(found) = worst(&estate, shape.deployment(request.replicas, with), quorum) else {
            continue;
        };
        if found.no_worse_than(&best.0) && !best.0.no_worse_than(&found) {
            best = (found, candidate);
        }
    }
    let (found, added) = best;
    let optimum_lost = optimum
        .availability
        .as_ref()
        .map_or(f64::NAN, |a| a.p_quorum_lost);
    let pending = if found.pending > 0 {
        format!(", {} replica(s) left Pending", found.pending)
    } else {
        String::new()
    };
    let mut header = vec![format!(
        "Checked with a twin of kube-scheduler (v1.34 default plugins) on these {} nodes, every \
         tie broken against us: the worst case loses the quorum with probability {}{pending} \
         (our optimum: {}).",
        topology.hosts.len(),
        two_figures(found.p_lost),
        two_figures(optimum_lost)
    )];
    if !added.is_empty() {
        let what: Vec<String> = added
            .iter()
            .map(|a| match a.min_domains {
                Some(n) => format!("`{}` (maxSkew 1, minDomains {n})", a.topology_key),
                None => format!("`{}` (maxSkew 1)", a.topology_key),
            })
            .collect();
        header.push(format!(
            "Added for that: a hard spread over {} — the rules alone gave {} in the worst \
             case.",
            what.join(" and "),
            two_figures(base.p_lost)
        ));
        spreads.extend(added);
    }
    let gaps = gaps(&found, optimum, topology);
    if !gaps.is_empty() {
        let nodes: Vec<&str> = optimum
            .replica_hosts()
            .iter()
            .filter_map(|&h| topology.hosts.get(h).map(|host| host.name.as_str()))
            .collect();
        let per: Vec<String> = gaps
            .iter()
            .map(|(kind, twin, best)| format!("{twin} per {kind} where our optimum has {best}"))
            .collect();
        header.push(format!(
            "Gap left to close by hand: the worst case still puts {}, as the scheduler breaks \
             ties at random and no constraint Kubernetes accepts closes it here without refusing \
             placements; pin the replicas to the optimum's nodes ({}) with required node \
             affinity on `{HOSTNAME}` to close it (replacements then wait for those nodes).",
            per.join(", "),
            nodes.join(", ")
        ));
    }
    Some(Checked { header })
}
