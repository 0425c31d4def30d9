//! The solver's indexed view: domain names interned per kind, eligible hosts grouped into classes
//! of interchangeable hosts, and the request's rules turned into per-kind bounds.
//!
//! Hosts with the same domain in every kind differ only in their slots, so the search works on
//! classes (typically one per rack) instead of hosts: a million hosts become tens of thousands of
//! classes.

use std::collections::HashMap;

use crate::request::{Limit, Request, Rule};
use crate::topology::{HOST_KIND, Topology};

/// An interned domain name of one kind: ids per kind, over all hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct NameId(pub u32);

/// An eligible domain of one kind within a [`Model`]: ids per kind, from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct DomainId(pub u32);

impl NameId {
    /// The id of a host that has no domain of some kind.
    pub const NONE: NameId = NameId(u32::MAX);

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl DomainId {
    /// The id of a host that has no domain of some kind.
    pub const NONE: DomainId = DomainId(u32::MAX);

    pub fn index(self) -> usize {
        self.0 as usize
    }
}
/// No upper bound.
pub(super) const UNBOUNDED: u32 = u32::MAX;

/// Facts about every host that depend on neither the request nor the rules: domain ids,
/// interned once per call.
pub(super) struct Index<'t> {
    pub topology: &'t Topology,
    pub n_kinds: usize,
    /// Domain of host `h` for kind `k` at `h * n_kinds + k`, or [`NameId::NONE`].
    pub domain_ids: Vec<NameId>,
    /// Domain names per kind, by id.
    pub domain_names: Vec<Vec<&'t str>>,
}

impl<'t> Index<'t> {
    pub fn new(topology: &'t Topology) -> Index<'t> {
        let n_kinds = topology.kinds.len();
        let mut interners: Vec<HashMap<&'t str, NameId>> = vec![HashMap::new(); n_kinds];
        let mut domain_names: Vec<Vec<&'t str>> = vec![Vec::new(); n_kinds];
        let mut domain_ids = Vec::with_capacity(topology.hosts.len() * n_kinds);
        // Neighbouring hosts mostly share their domains: the previous host's name and id per
        // kind answer most lookups without hashing.
        let mut previous: Vec<(&'t str, NameId)> = vec![("", NameId::NONE); n_kinds];
        for host in &topology.hosts {
            for (kind_idx, kind) in topology.kinds.iter().enumerate() {
                let id = match host.domains.get(kind) {
                    None => NameId::NONE,
                    Some(name)
                        if previous[kind_idx].1 != NameId::NONE
                            && previous[kind_idx].0 == name.as_str() =>
                    {
                        previous[kind_idx].1
                    }
                    Some(name) => {
                        let names = &mut domain_names[kind_idx];
                        let id = *interners[kind_idx].entry(name.as_str()).or_insert_with(|| {
                            names.push(name.as_str());
                            NameId((names.len() - 1) as u32)
                        });
                        previous[kind_idx] = (name.as_str(), id);
                        id
                    }
                };
                domain_ids.push(id);
            }
        }
        Index {
            topology,
            n_kinds,
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

/// Selected hosts with the same domain in every kind (ids of the [`Index`]).
pub(super) struct Group {
    /// Domain per kind, or [`NameId::NONE`].
    pub ids: Vec<NameId>,
    /// Host indices into the topology, in topology order.
    pub hosts: Vec<u32>,
    /// Slots of each host, parallel to `hosts`.
    pub slots: Vec<u32>,
}

/// The hosts one request may use before any rule: selected ([`Request::selects`]) and, with a
/// scope, inside the one domain being tried; grouped once, so that the model of any rule subset
/// is derived from the groups without another pass over the hosts.
pub(super) struct Base<'a> {
    pub index: &'a Index<'a>,
    /// The selected hosts grouped by their domains, in order of each group's first host.
    pub groups: Vec<Group>,
}

impl<'a> std::ops::Deref for Base<'a> {
    type Target = Index<'a>;

    fn deref(&self) -> &Index<'a> {
        self.index
    }
}

impl<'a> Base<'a> {
    pub fn new(index: &'a Index<'a>, request: &Request) -> Base<'a> {
        let n_kinds = index.n_kinds;
        let mut group_of: HashMap<&[NameId], usize> = HashMap::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut last: Option<(&[NameId], usize)> = None;
        for (h, host) in index.topology.hosts.iter().enumerate() {
            if !request.selects(host) {
                continue;
            }
            let ids = &index.domain_ids[h * n_kinds..(h + 1) * n_kinds];
            // Hosts of one rack are usually listed together: the previous host's group first.
            let g = match last {
                Some((previous, g)) if previous == ids => g,
                _ => *group_of.entry(ids).or_insert_with(|| {
                    groups.push(Group {
                        ids: ids.to_vec(),
                        hosts: Vec::new(),
                        slots: Vec::new(),
                    });
                    groups.len() - 1
                }),
            };
            last = Some((ids, g));
            groups[g].hosts.push(h as u32);
            groups[g].slots.push(host.slots);
        }
        Base { index, groups }
    }

    /// The same hosts, restricted to domain `d` of kind `k`.
    pub fn within(&self, k: usize, d: NameId) -> Base<'a> {
        let groups = self
            .groups
            .iter()
            .filter(|g| g.ids[k] == d)
            .map(|g| Group {
                ids: g.ids.clone(),
                hosts: g.hosts.clone(),
                slots: g.slots.clone(),
            })
            .collect();
        Base {
            index: self.index,
            groups,
        }
    }

    /// Every domain of kind `k` some selected host is in, in order of first appearance.
    pub fn domains_of(&self, k: usize) -> Vec<NameId> {
        let mut seen = vec![false; self.domain_names[k].len()];
        let mut out = Vec::new();
        for group in &self.groups {
            let d = group.ids[k];
            if d != NameId::NONE && !seen[d.index()] {
                seen[d.index()] = true;
                out.push(d);
            }
        }
        out
    }

    /// The selected hosts' slots in total.
    pub fn slots(&self) -> u64 {
        self.groups
            .iter()
            .flat_map(|g| &g.slots)
            .map(|&s| u64::from(s))
            .sum()
    }

    /// Selected hosts without a domain of kind `k`: those a rule on `k` leaves out.
    pub fn missing(&self, k: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .groups
            .iter()
            .filter(|g| g.ids[k] == NameId::NONE)
            .flat_map(|g| g.hosts.iter().map(|&h| h as usize))
            .collect();
        out.sort_unstable();
        out
    }

    /// Which kinds (and, at `n_kinds`, `host`) some of these rules are on.
    pub fn ruled(&self, rules: &[&Rule]) -> Vec<bool> {
        let mut ruled = vec![false; self.n_kinds + 1];
        for rule in rules {
            ruled[self.kind_index(&rule.kind)] = true;
        }
        ruled
    }
}

/// The one eligibility rule, on top of selection: a host (or a group of hosts with these domain
/// ids) is eligible when it has a domain of every kind marked in `ruled`, as Kubernetes ignores
/// nodes without a constraint's topology label.
pub(super) fn eligible(ids: &[NameId], ruled: &[bool]) -> bool {
    ids.iter()
        .zip(ruled)
        .all(|(&id, &ruled)| !ruled || id != NameId::NONE)
}

/// Interchangeable eligible hosts: the same domain in every kind (one [`Group`] of the base).
pub(super) struct Class<'b> {
    /// Domain per kind, or [`DomainId::NONE`].
    pub domains: Vec<DomainId>,
    /// Host indices into the topology, in topology order.
    pub hosts: &'b [u32],
    /// Slots of each host, parallel to `hosts`.
    pub slots: &'b [u32],
}

/// The eligible hosts under one set of rules, grouped into classes in topology order.
pub(super) struct Model<'b> {
    pub replicas: u32,
    pub n_kinds: usize,
    /// Eligible domains per kind: the name of each [`DomainId`].
    pub domains: Vec<Vec<NameId>>,
    pub classes: Vec<Class<'b>>,
    /// How many eligible hosts there are.
    pub n_hosts: usize,
}

impl<'b> Model<'b> {
    /// The eligible groups of the base under these rules (see [`eligible`]), with domain ids
    /// renumbered from 0 per kind.
    pub fn new(base: &'b Base<'_>, replicas: u32, rules: &[&Rule]) -> Model<'b> {
        let n_kinds = base.n_kinds;
        let ruled = base.ruled(rules);
        let mut local: Vec<Vec<DomainId>> = base
            .domain_names
            .iter()
            .map(|names| vec![DomainId::NONE; names.len()])
            .collect();
        let mut domains: Vec<Vec<NameId>> = vec![Vec::new(); n_kinds];
        let mut classes: Vec<Class<'_>> = Vec::with_capacity(base.groups.len());
        let mut n_hosts = 0;
        for group in base.groups.iter().filter(|g| eligible(&g.ids, &ruled)) {
            let mut local_ids = Vec::with_capacity(n_kinds);
            for (k, &id) in group.ids.iter().enumerate() {
                if id == NameId::NONE {
                    local_ids.push(DomainId::NONE);
                } else {
                    if local[k][id.index()] == DomainId::NONE {
                        local[k][id.index()] = DomainId(domains[k].len() as u32);
                        domains[k].push(id);
                    }
                    local_ids.push(local[k][id.index()]);
                }
            }
            n_hosts += group.hosts.len();
            classes.push(Class {
                domains: local_ids,
                hosts: &group.hosts,
                slots: &group.slots,
            });
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
pub(super) fn least_loads(model: &Model<'_>, limits: &Limits) -> Vec<Vec<u32>> {
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
