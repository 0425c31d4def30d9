//! The solver's indexed view: domain names interned per kind, eligible hosts grouped into classes
//! of interchangeable hosts, and the request's rules turned into per-kind bounds.
//!
//! Hosts with the same domain in every kind differ only in their slots, so the search works on
//! classes (typically one per rack) instead of hosts: a million hosts become tens of thousands of
//! classes. A rule only changes which groups are eligible when it is on a kind some selected host
//! has no domain of, so the models of most rule subsets are one and the same ([`Models`]).

use std::borrow::Cow;

use crate::request::{Limit, Request, Rule};
pub(super) use crate::topology::{Group, Index, NameId};

/// An eligible domain of one kind within a [`Model`]: ids per kind, from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct DomainId(pub u32);

impl DomainId {
    /// The id of a host that has no domain of some kind.
    pub const NONE: DomainId = DomainId(u32::MAX);

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// No upper bound.
pub(super) const UNBOUNDED: u32 = u32::MAX;

/// The hosts one request may use before any rule: selected ([`Request::selects`]) and, with a
/// scope, inside the one domain being tried; the index's groups (borrowed where the selection
/// keeps all their hosts), so that the model of any rule subset is derived from them without
/// another pass over the hosts.
pub(super) struct Base<'a> {
    pub index: &'a Index<'a>,
    /// The selected hosts grouped by their domains, in order of each group's first host.
    pub groups: Vec<Cow<'a, Group>>,
}

impl<'a> std::ops::Deref for Base<'a> {
    type Target = Index<'a>;

    fn deref(&self) -> &Index<'a> {
        self.index
    }
}

impl<'a> Base<'a> {
    pub fn new(index: &'a Index<'a>, request: &Request) -> Base<'a> {
        let hosts = &index.topology.hosts;
        let mut groups: Vec<Cow<'a, Group>> = if request.select.is_empty() {
            index.groups.iter().map(Cow::Borrowed).collect()
        } else {
            index
                .groups
                .iter()
                .filter_map(|g| {
                    let keep: Vec<usize> = (0..g.hosts.len())
                        .filter(|&i| request.matches(&hosts[g.hosts[i] as usize]))
                        .collect();
                    match keep.len() {
                        0 => None,
                        n if n == g.hosts.len() => Some(Cow::Borrowed(g)),
                        _ => Some(Cow::Owned(Group {
                            ids: g.ids.clone(),
                            hosts: keep.iter().map(|&i| g.hosts[i]).collect(),
                            slots: keep.iter().map(|&i| g.slots[i]).collect(),
                        })),
                    }
                })
                .collect()
        };
        // A group's first selected host may come after another group's: keep host order.
        groups.sort_by_key(|g| g.hosts[0]);
        Base { index, groups }
    }

    /// The same hosts, restricted to domain `d` of kind `k`.
    pub fn within(&self, k: usize, d: NameId) -> Base<'a> {
        let groups = self
            .groups
            .iter()
            .filter(|g| g.ids[k] == d)
            .cloned()
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
    /// The eligible groups of the base when rules are on the kinds marked in `ruled` (see
    /// [`eligible`]), with domain ids renumbered from 0 per kind.
    fn new(base: &'b Base<'_>, replicas: u32, ruled: &[bool]) -> Model<'b> {
        let n_kinds = base.n_kinds;
        let mut local: Vec<Vec<DomainId>> = base
            .domain_names
            .iter()
            .map(|names| vec![DomainId::NONE; names.len()])
            .collect();
        let mut domains: Vec<Vec<NameId>> = vec![Vec::new(); n_kinds];
        let mut classes: Vec<Class<'_>> = Vec::with_capacity(base.groups.len());
        let mut n_hosts = 0;
        for group in base.groups.iter().filter(|g| eligible(&g.ids, ruled)) {
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

/// The models of one base under any rule subset, each built once: a subset's model depends only
/// on which of its ruled kinds some group has no domain of, so on a topology where every host has
/// every kind all subsets share one model.
pub(super) struct Models<'b> {
    pub base: &'b Base<'b>,
    replicas: u32,
    /// Per kind: whether some group of the base has no domain of it.
    partial: Vec<bool>,
    /// Each model with the partial kinds that were ruled when it was built.
    built: Vec<(Vec<bool>, Model<'b>)>,
}

impl<'b> Models<'b> {
    pub fn new(base: &'b Base<'b>, replicas: u32) -> Models<'b> {
        let partial = (0..base.n_kinds)
            .map(|k| base.groups.iter().any(|g| g.ids[k] == NameId::NONE))
            .collect();
        Models {
            base,
            replicas,
            partial,
            built: Vec::new(),
        }
    }

    /// The model under these rules.
    pub fn get(&mut self, rules: &[&Rule]) -> &Model<'b> {
        let mut key = self.base.ruled(rules);
        key.truncate(self.base.n_kinds);
        for (ruled, &partial) in key.iter_mut().zip(&self.partial) {
            *ruled &= partial;
        }
        let position = match self.built.iter().position(|(built, _)| *built == key) {
            Some(position) => position,
            None => {
                let model = Model::new(self.base, self.replicas, &key);
                self.built.push((key, model));
                self.built.len() - 1
            }
        };
        &self.built[position].1
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
