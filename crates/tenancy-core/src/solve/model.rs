//! The solver's indexed view: domain names interned per kind, eligible hosts grouped into classes
//! of interchangeable hosts, and the request's rules turned into per-kind bounds.
//!
//! Hosts with the same domain in every kind differ only in their slots, so the search works on
//! classes (typically one per rack) instead of hosts: a million hosts become tens of thousands of
//! classes.

use std::collections::HashMap;

use crate::request::{Limit, Request, Rule};
use crate::topology::{HOST_KIND, Topology};

/// The domain id of a host that has no domain of some kind.
pub(super) const NONE: u32 = u32::MAX;
/// No upper bound.
pub(super) const UNBOUNDED: u32 = u32::MAX;

/// Facts about every host that do not depend on the rules: selection and domain ids.
pub(super) struct Base<'t> {
    pub topology: &'t Topology,
    pub n_kinds: usize,
    /// Whether each host matches `select` and has at least one slot.
    pub selected: Vec<bool>,
    /// Domain id of host `h` for kind `k` at `h * n_kinds + k`, or [`NONE`].
    pub domain_ids: Vec<u32>,
    /// Domain names per kind, by id.
    pub domain_names: Vec<Vec<&'t str>>,
}

impl<'t> Base<'t> {
    pub fn new(topology: &'t Topology, request: &Request) -> Base<'t> {
        let n_kinds = topology.kinds.len();
        let mut interners: Vec<HashMap<&'t str, u32>> = vec![HashMap::new(); n_kinds];
        let mut domain_names: Vec<Vec<&'t str>> = vec![Vec::new(); n_kinds];
        let mut domain_ids = Vec::with_capacity(topology.hosts.len() * n_kinds);
        let mut selected = Vec::with_capacity(topology.hosts.len());
        for host in &topology.hosts {
            selected.push(
                host.slots > 0
                    && request
                        .select
                        .iter()
                        .all(|(key, value)| host.labels.get(key) == Some(value)),
            );
            for (kind_idx, kind) in topology.kinds.iter().enumerate() {
                let id = match host.domains.get(kind) {
                    None => NONE,
                    Some(name) => {
                        let names = &mut domain_names[kind_idx];
                        *interners[kind_idx]
                            .entry(name.as_str())
                            .or_insert_with(|| {
                                names.push(name.as_str());
                                (names.len() - 1) as u32
                            })
                    }
                };
                domain_ids.push(id);
            }
        }
        Base {
            topology,
            n_kinds,
            selected,
            domain_ids,
            domain_names,
        }
    }

    /// The kind index of a rule's kind; `n_kinds` stands for `host`.
    pub fn kind_index(&self, kind: &str) -> usize {
        if kind == HOST_KIND {
            return self.n_kinds;
        }
        self.topology
            .kinds
            .iter()
            .position(|k| k == kind)
            .expect("requests are validated against their topology")
    }
}

/// Interchangeable eligible hosts: the same domain in every kind.
pub(super) struct Class {
    /// Local domain id per kind, or [`NONE`].
    pub domains: Vec<u32>,
    /// Host indices into the topology, in topology order.
    pub hosts: Vec<u32>,
    /// Slots of each host, parallel to `hosts`.
    pub slots: Vec<u32>,
}

/// The eligible hosts under one set of rules, grouped into classes in topology order.
pub(super) struct Model {
    pub replicas: u32,
    pub n_kinds: usize,
    /// Eligible domains per kind: local id → base id.
    pub domains: Vec<Vec<u32>>,
    pub classes: Vec<Class>,
    /// How many eligible hosts there are.
    pub n_hosts: usize,
}

impl Model {
    /// Eligible hosts: selected, and with a domain for every kind that has a rule (as Kubernetes
    /// ignores nodes without a constraint's topology label).
    pub fn new(base: &Base<'_>, replicas: u32, rules: &[&Rule]) -> Model {
        let n_kinds = base.n_kinds;
        let mut ruled = vec![false; n_kinds + 1];
        for rule in rules {
            ruled[base.kind_index(&rule.kind)] = true;
        }
        let mut local: Vec<Vec<u32>> = base
            .domain_names
            .iter()
            .map(|names| vec![NONE; names.len()])
            .collect();
        let mut domains: Vec<Vec<u32>> = vec![Vec::new(); n_kinds];
        let mut class_of: HashMap<Vec<u32>, usize> = HashMap::new();
        let mut classes: Vec<Class> = Vec::new();
        let mut key: Vec<u32> = vec![0; n_kinds];
        let mut n_hosts = 0;
        for (host_idx, host) in base.topology.hosts.iter().enumerate() {
            if !base.selected[host_idx] {
                continue;
            }
            let ids = &base.domain_ids[host_idx * n_kinds..(host_idx + 1) * n_kinds];
            if (0..n_kinds).any(|k| ruled[k] && ids[k] == NONE) {
                continue;
            }
            key.copy_from_slice(ids);
            n_hosts += 1;
            let class_idx = match class_of.get(key.as_slice()) {
                Some(&idx) => idx,
                None => {
                    let mut local_ids = Vec::with_capacity(n_kinds);
                    for (k, &id) in ids.iter().enumerate() {
                        if id == NONE {
                            local_ids.push(NONE);
                        } else {
                            if local[k][id as usize] == NONE {
                                local[k][id as usize] = domains[k].len() as u32;
                                domains[k].push(id);
                            }
                            local_ids.push(local[k][id as usize]);
                        }
                    }
                    classes.push(Class {
                        domains: local_ids,
                        hosts: Vec::new(),
                        slots: Vec::new(),
                    });
                    class_of.insert(key.clone(), classes.len() - 1);
                    classes.len() - 1
                }
            };
            classes[class_idx].hosts.push(host_idx as u32);
            classes[class_idx].slots.push(host.slots);
        }
        Model {
            replicas,
            n_kinds,
            domains,
            classes,
            n_hosts,
        }
    }

    /// How many eligible domains kind `k` has (`n_kinds` is `host`).
    pub fn n_domains(&self, k: usize) -> usize {
        if k == self.n_kinds {
            self.n_hosts
        } else {
            self.domains[k].len()
        }
    }
}

/// The rules folded per kind (index `n_kinds` is `host`): the tightest of each sort wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Limits {
    pub upper: Vec<u32>,
    pub min_domains: Vec<u32>,
    pub skew: Vec<Option<u32>>,
}

impl Limits {
    pub fn new(base: &Base<'_>, rules: &[&Rule]) -> Limits {
        let n = base.n_kinds + 1;
        let mut limits = Limits {
            upper: vec![UNBOUNDED; n],
            min_domains: vec![0; n],
            skew: vec![None; n],
        };
        for rule in rules {
            let k = base.kind_index(&rule.kind);
            match rule.limit {
                Limit::MaxPerDomain(m) => limits.upper[k] = limits.upper[k].min(m),
                Limit::MinDomains(m) => limits.min_domains[k] = limits.min_domains[k].max(m),
                Limit::MaxSkew(s) => limits.skew[k] = Some(limits.skew[k].map_or(s, |o| o.min(s))),
            }
        }
        limits
    }
}

/// What one search demands: per kind (and `host`) an upper and a lower bound on every domain's
/// load, and a least number of domains used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Bounds {
    pub upper: Vec<u32>,
    pub lower: Vec<u32>,
    pub min_domains: Vec<u32>,
}

impl Bounds {
    /// The bounds for one choice of least load per skewed kind: `max − min ≤ s` holds exactly
    /// when some `t` has every eligible domain's load in `t..=t + s`.
    pub fn new(limits: &Limits, least: &[u32]) -> Bounds {
        let mut upper = limits.upper.clone();
        for (k, skew) in limits.skew.iter().enumerate() {
            if let Some(s) = skew {
                upper[k] = upper[k].min(least[k].saturating_add(*s));
            }
        }
        Bounds {
            upper,
            lower: least.to_vec(),
            min_domains: limits.min_domains.clone(),
        }
    }
}

/// Every choice of least load for the skewed kinds: `t` runs over `0..=replicas / domains`
/// (a larger least load would need more replicas than there are). Unskewed kinds get 0.
pub(super) fn least_loads(model: &Model, limits: &Limits) -> Vec<Vec<u32>> {
    let mut combos = vec![vec![0; model.n_kinds + 1]];
    for (k, skew) in limits.skew.iter().enumerate() {
        if skew.is_none() {
            continue;
        }
        let n_domains = model.n_domains(k).max(1) as u32;
        let most = model.replicas / n_domains;
        combos = combos
            .into_iter()
            .flat_map(|combo| {
                (0..=most).map(move |t| {
                    let mut next = combo.clone();
                    next[k] = t;
                    next
                })
            })
            .collect();
    }
    combos
}
