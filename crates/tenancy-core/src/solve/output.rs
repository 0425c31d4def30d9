//! Turning class loads into what a person reads: hosts filled evenly within each class, replicas
//! numbered in host order, the spread per kind, and warnings about hosts left out.

use std::collections::{BTreeMap, HashMap};

use crate::request::Rule;
use crate::topology::{HOST_KIND, Topology};

use super::model::{Base, Model, NameId};
use super::{Assignment, Spread};

/// Spreads `load` replicas over hosts with these slots round-robin in host order: the largest
/// load is as small as possible and the smallest as large as possible.
pub(super) fn fill_evenly(slots: &[u32], load: u32) -> Vec<u32> {
    let mut loads = vec![0u32; slots.len()];
    let mut left = load;
    while left > 0 {
        let before = left;
        for (host_load, &cap) in loads.iter_mut().zip(slots) {
            if left == 0 {
                break;
            }
            if *host_load < cap {
                *host_load += 1;
                left -= 1;
            }
        }
        assert!(left < before, "class loads never exceed the class's slots");
    }
    loads
}

/// (host index, replicas) for every host that takes some, in topology order.
pub(super) fn host_loads(model: &Model<'_>, loads: &[u32]) -> Vec<(u32, u32)> {
    let mut hosts: Vec<(u32, u32)> = model
        .classes
        .iter()
        .zip(loads)
        .filter(|(_, load)| **load > 0)
        .flat_map(|(class, &load)| {
            class
                .hosts
                .iter()
                .copied()
                .zip(fill_evenly(class.slots, load))
                .filter(|(_, n)| *n > 0)
        })
        .collect();
    hosts.sort_unstable();
    hosts
}

pub(super) fn assignments(topology: &Topology, host_loads: &[(u32, u32)]) -> Vec<Assignment> {
    let mut out = Vec::new();
    for &(host_idx, load) in host_loads {
        let host = &topology.hosts[host_idx as usize];
        for _ in 0..load {
            out.push(Assignment {
                replica: out.len() as u32,
                host: host.name.clone(),
                domains: host.domains.clone(),
            });
        }
    }
    out
}

pub(super) fn spread(base: &Base<'_>, host_loads: &[(u32, u32)]) -> BTreeMap<String, Spread> {
    let mut out = BTreeMap::new();
    for (k, kind) in base.topology.kinds.iter().enumerate() {
        let mut per_domain: HashMap<NameId, u32> = HashMap::new();
        for &(host_idx, load) in host_loads {
            let d = base.domain_ids[host_idx as usize * base.n_kinds + k];
            if d != NameId::NONE {
                *per_domain.entry(d).or_default() += load;
            }
        }
        out.insert(
            kind.clone(),
            Spread {
                domains_used: per_domain.len() as u32,
                max_per_domain: per_domain.values().copied().max().unwrap_or(0),
            },
        );
    }
    out.insert(
        HOST_KIND.to_owned(),
        Spread {
            domains_used: host_loads.len() as u32,
            max_per_domain: host_loads.iter().map(|&(_, n)| n).max().unwrap_or(0),
        },
    );
    out
}

/// Selected hosts left out because a rule is on a kind they have no domain of.
pub(super) fn missing_domain_warnings(base: &Base<'_>, rules: &[&Rule]) -> Vec<String> {
    let mut warnings = Vec::new();
    for (k, kind) in base.topology.kinds.iter().enumerate() {
        if !rules.iter().any(|r| &r.kind == kind) {
            continue;
        }
        let missing = base.missing(k);
        if let Some(&first) = missing.first() {
            let (hosts, have) = if missing.len() == 1 {
                ("1 host".to_owned(), "has")
            } else {
                (format!("{} hosts", missing.len()), "have")
            };
            warnings.push(format!(
                "{hosts} (first `{}`) {have} no `{kind}` domain and were not used, because a rule is on `{kind}`",
                base.topology.hosts[first].name
            ));
        }
    }
    warnings
}
