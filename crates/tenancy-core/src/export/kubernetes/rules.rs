//! The request's rules as Kubernetes scheduling terms: required pod anti-affinity for one per
//! domain, topology spread constraints for the rest, merged per topology key (the API refuses two
//! constraints with the same key and `whenUnsatisfiable`), and lossy notes where they differ.

use crate::import::{HOSTNAME_LABEL, WELL_KNOWN};
use crate::request::{Limit, Request, plural};
use crate::topology::{HOST_KIND, Topology};

use super::super::{Options, forcing_bound, kind_name};
use super::manifest::{PodAffinityTerm, Selector, Spread};

/// The topology key of a kind: the well-known label (or, when the nodes carry only its
/// deprecated stand-in, that one), else the prefix and the kind.
pub(super) fn topology_key(
    kind: &str,
    topology: &Topology,
    options: &Options,
    lossy: &mut Vec<String>,
) -> String {
    if kind == HOST_KIND {
        return HOSTNAME_LABEL.to_owned();
    }
    match WELL_KNOWN.iter().find(|(known, ..)| *known == kind) {
        Some((_, key, deprecated)) if !carried(topology, key) && carried(topology, deprecated) => {
            (*deprecated).to_owned()
        }
        Some((_, key, _)) => (*key).to_owned(),
        None => format!("{}{}", options.label_prefix(), kind_name(kind, lossy)),
    }
}

/// Whether some host carries this label.
pub(super) fn carried(topology: &Topology, key: &str) -> bool {
    topology
        .hosts
        .iter()
        .any(|host| host.labels.contains_key(key))
}

/// How many domains of `kind` have at least one host that `select` keeps (and a slot).
pub(super) fn eligible_domains(topology: &Topology, request: &Request, kind: &str) -> u32 {
    let mut domains: Vec<&str> = topology
        .hosts
        .iter()
        .filter(|host| request.selects(host))
        .filter_map(|host| host.domain(kind))
        .collect();
    domains.sort_unstable();
    domains.dedup();
    u32::try_from(domains.len()).unwrap_or(u32::MAX)
}

/// Anti-affinity terms and spread constraints for the request's rules.
pub fn rules(
    request: &Request,
    topology: &Topology,
    options: &Options,
    selector: &Selector,
    lossy: &mut Vec<String>,
) -> (Vec<PodAffinityTerm>, Vec<Spread>) {
    let n_replicas = request.replicas;
    let mut anti_affinity: Vec<PodAffinityTerm> = Vec::new();
    // Per topology key, in rule order: the tightest skew and the largest minDomains.
    let mut spreads: Vec<Spread> = Vec::new();
    let mut spread = |key: &str, max_skew: u32, min_domains: Option<u32>| match spreads
        .iter_mut()
        .find(|s| s.topology_key == key)
    {
        Some(existing) => {
            existing.max_skew = existing.max_skew.min(max_skew);
            existing.min_domains = existing.min_domains.max(min_domains);
        }
        None => spreads.push(Spread::new(key, max_skew, min_domains, selector)),
    };
    for rule in &request.rules {
        let key = topology_key(&rule.kind, topology, options, lossy);
        let kind = &rule.kind;
        match rule.limit {
            Limit::MaxPerDomain(cap) if cap >= n_replicas => {}
            Limit::MaxPerDomain(1) => {
                if !anti_affinity.iter().any(|term| term.topology_key == key) {
                    anti_affinity.push(PodAffinityTerm::new(&key, selector));
                }
            }
            Limit::MaxPerDomain(cap) => {
                let domains = eligible_domains(topology, request, kind);
                let even = n_replicas.div_ceil(domains.max(1));
                let outcome = if domains == 0 {
                    format!("the topology has no eligible {}", plural(kind, 1))
                } else if even <= cap {
                    format!(
                        "over the topology's {domains} eligible {} that is at most {even} per {}, \
                         within the cap, but stricter than asked: uneven placements within the \
                         cap are refused",
                        plural(kind, domains),
                        plural(kind, 1)
                    )
                } else {
                    format!(
                        "over the topology's {domains} eligible {} that is {even} per {}, above \
                         the cap: the request cannot be met there",
                        plural(kind, domains),
                        plural(kind, 1)
                    )
                };
                lossy.push(format!(
                    "max_per_domain {cap} on `{kind}`: Kubernetes cannot cap the replicas in a \
                     domain above 1 (required anti-affinity means 1); written as maxSkew: 1 on \
                     `{key}`, which spreads the {n_replicas} replicas evenly — {outcome}"
                ));
                spread(&key, 1, None);
            }
            Limit::MinDomains(wanted) if wanted <= 1 => {}
            Limit::MinDomains(wanted) => {
                let max_skew = forcing_bound(n_replicas, wanted);
                if wanted > n_replicas {
                    lossy.push(format!(
                        "min_domains {wanted} on `{kind}` asks for more domains than the \
                         {n_replicas} replicas can fill: no placement meets it, and Kubernetes \
                         will schedule the replicas anyway"
                    ));
                } else if n_replicas - wanted + 1 > max_skew {
                    lossy.push(format!(
                        "min_domains {wanted} on `{kind}`: Kubernetes has no \"at least k \
                         domains\" constraint; written as maxSkew: {max_skew} with minDomains: \
                         {wanted} on `{key}`, which guarantees {wanted} {} but also refuses some \
                         uneven placements that use enough of them",
                        plural(kind, wanted)
                    ));
                }
                spread(&key, max_skew, Some(wanted));
            }
            Limit::MaxSkew(max_skew) => spread(&key, max_skew, None),
        }
    }
    (anti_affinity, spreads)
}
