//! A brute-force placement oracle for small instances: every assignment of replicas to host
//! slots, judged by the placement rules written out directly, independently of the solver.

use std::collections::{BTreeMap, BTreeSet};

use tenancy_core::topology::HOST_KIND;
use tenancy_core::{Limit, Request, Rule, Topology};

/// Replicas per host, parallel to `topology.hosts`.
pub type Loads = Vec<u32>;

/// Whether a host may take replicas under these rules: selected, with a slot, and with a domain
/// of every kind a rule is on.
pub fn eligible(topology: &Topology, request: &Request, rules: &[&Rule], host: usize) -> bool {
    let host = &topology.hosts[host];
    host.slots > 0
        && request
            .select
            .iter()
            .all(|(k, v)| host.labels.get(k) == Some(v))
        && rules
            .iter()
            .all(|r| r.kind == HOST_KIND || host.domains.contains_key(&r.kind))
}

/// Replicas per domain of a kind, over eligible hosts; with `eligible_only`, every domain that
/// has an eligible host is listed, loaded or not.
fn domain_loads(
    topology: &Topology,
    loads: &Loads,
    kind: &str,
    is_eligible: &dyn Fn(usize) -> bool,
) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    for (h, host) in topology.hosts.iter().enumerate() {
        let domain = if kind == HOST_KIND {
            Some(&host.name)
        } else {
            host.domains.get(kind)
        };
        let Some(domain) = domain else { continue };
        if is_eligible(h) {
            *out.entry(domain.clone()).or_insert(0) += loads[h];
        } else {
            assert_eq!(loads[h], 0, "only eligible hosts take replicas");
        }
    }
    out
}

/// Whether the loads satisfy the slots, the selection and every rule.
pub fn valid(topology: &Topology, request: &Request, rules: &[&Rule], loads: &Loads) -> bool {
    if loads.iter().sum::<u32>() != request.replicas {
        return false;
    }
    for (h, host) in topology.hosts.iter().enumerate() {
        if loads[h] > host.slots || (loads[h] > 0 && !eligible(topology, request, rules, h)) {
            return false;
        }
    }
    let is_eligible = |h: usize| eligible(topology, request, rules, h);
    rules.iter().all(|rule| {
        let per_domain = domain_loads(topology, loads, &rule.kind, &is_eligible);
        let values = per_domain.values();
        match rule.limit {
            Limit::MaxPerDomain(m) => values.into_iter().all(|&l| l <= m),
            Limit::MinDomains(n) => values.into_iter().filter(|&&l| l > 0).count() as u32 >= n,
            Limit::MaxSkew(s) => {
                let most = per_domain.values().max().copied().unwrap_or(0);
                let least = per_domain.values().min().copied().unwrap_or(0);
                most - least <= s
            }
        }
    })
}

/// The blast-radius vector: per kind widest first, then host, the most replicas in one domain.
pub fn blast_radius(topology: &Topology, loads: &Loads) -> Vec<u32> {
    let mut radius = Vec::new();
    for kind in topology.kinds.iter().map(String::as_str).chain([HOST_KIND]) {
        let mut per_domain: BTreeMap<&str, u32> = BTreeMap::new();
        for (h, host) in topology.hosts.iter().enumerate() {
            let domain = if kind == HOST_KIND {
                Some(&host.name)
            } else {
                host.domains.get(kind)
            };
            if let Some(domain) = domain {
                *per_domain.entry(domain).or_insert(0) += loads[h];
            }
        }
        radius.push(per_domain.values().copied().max().unwrap_or(0));
    }
    radius
}

/// Every way to put the replicas on host slots.
fn assignments(topology: &Topology, replicas: u32) -> Vec<Loads> {
    let mut out = Vec::new();
    let mut current = vec![0u32; topology.hosts.len()];
    fn walk(topology: &Topology, h: usize, left: u32, current: &mut Loads, out: &mut Vec<Loads>) {
        if h == topology.hosts.len() {
            if left == 0 {
                out.push(current.clone());
            }
            return;
        }
        for n in 0..=topology.hosts[h].slots.min(left) {
            current[h] = n;
            walk(topology, h + 1, left - n, current, out);
        }
        current[h] = 0;
    }
    walk(topology, 0, replicas, &mut current, &mut out);
    out
}

/// The lexicographically smallest blast radius of any valid placement under these rules.
pub fn optimum(topology: &Topology, request: &Request, rules: &[&Rule]) -> Option<Vec<u32>> {
    assignments(topology, request.replicas)
        .into_iter()
        .filter(|loads| valid(topology, request, rules, loads))
        .map(|loads| blast_radius(topology, &loads))
        .min()
}

/// The rules of a request at these indices.
pub fn subset<'r>(request: &'r Request, indices: &BTreeSet<usize>) -> Vec<&'r Rule> {
    indices.iter().map(|&i| &request.rules[i]).collect()
}
