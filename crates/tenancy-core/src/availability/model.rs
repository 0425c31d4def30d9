//! The failure model of one placement: the replicas' hosts as units, the domains over them split
//! into a laminar family (a tree, solved by dynamic programming) and the cross-cutting rest (whose
//! states are conditioned on).
//!
//! Every probability is kept as an (up, down) pair computed from sums and products of
//! non-negative numbers, never as `1 - p` of something close to 1, so that a quorum-loss
//! probability of 1e-15 keeps all its significant digits.

use std::collections::BTreeMap;

use crate::topology::Topology;

/// The probability that something is up and, computed separately, that it is down, with how
/// often it fails.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Odds {
    pub up: f64,
    pub down: f64,
    /// Long-run failures per year (transitions from up to down).
    pub failures: f64,
}

impl Odds {
    /// Always up.
    pub const UP: Odds = Odds {
        up: 1.0,
        down: 0.0,
        failures: 0.0,
    };
    /// Always down.
    pub const DOWN: Odds = Odds {
        up: 0.0,
        down: 1.0,
        failures: 0.0,
    };

    /// A component that is down a fraction `u` of the time and fails `failures` times a year
    /// (never, when it is always down).
    pub fn new(u: f64, failures: f64) -> Odds {
        Odds {
            up: 1.0 - u,
            down: u,
            failures: if u < 1.0 { failures } else { 0.0 },
        }
    }

    /// Up only when both are up (independent components). It fails when one part fails while
    /// the other is up: f = f₁·up₂ + f₂·up₁.
    pub fn and(self, other: Odds) -> Odds {
        Odds {
            up: self.up * other.up,
            down: self.down + self.up * other.down,
            failures: self.failures * other.up + other.failures * self.up,
        }
    }
}

/// One independent component of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Unit(usize),
    Tree(usize),
    Shared(usize),
}

/// One distinct host that carries replicas.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Unit {
    /// How many replicas it carries.
    pub replicas: usize,
    /// The host together with every domain that contains no other replica host.
    pub odds: Odds,
}

/// A domain (or several with the same replica hosts, merged) over two or more units.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Group {
    /// The units it contains, ascending.
    pub units: Vec<usize>,
    /// Up when all its merged domains are up.
    pub odds: Odds,
    /// For tree groups: the smallest tree group strictly containing it.
    pub parent: Option<usize>,
}

/// A placement's failure model.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Model {
    /// Number of replicas, including any that are always down.
    pub n_replicas: usize,
    /// Distinct replica hosts.
    pub units: Vec<Unit>,
    /// For each unit, the smallest tree group containing it.
    pub unit_parent: Vec<Option<usize>>,
    /// A laminar family of groups, larger first (a parent before its children).
    pub tree: Vec<Group>,
    /// Groups that cut across the tree: their states are enumerated (or sampled).
    pub shared: Vec<Group>,
}

impl Model {
    /// Builds the model. `odds[k]` is one domain of `topology.kinds[k]`, and entry
    /// `topology.kinds.len()` is one host. Host indices must be in range (the caller filters them).
    pub fn build(topology: &Topology, hosts: &[usize], odds: &[Odds]) -> Model {
        let mut unit_of: BTreeMap<usize, usize> = BTreeMap::new();
        let mut host_of_unit: Vec<usize> = Vec::new();
        let mut units: Vec<Unit> = Vec::new();
        let host_odds = odds[topology.kinds.len()];
        for &host in hosts {
            let next = units.len();
            let unit = *unit_of.entry(host).or_insert(next);
            if unit == next {
                host_of_unit.push(host);
                units.push(Unit {
                    replicas: 0,
                    odds: host_odds,
                });
            }
            units[unit].replicas += 1;
        }

        // Domains with their replica units; identical unit sets merge (region and hazard over the
        // same hosts are one component whose odds are the product).
        let mut merged: BTreeMap<Vec<usize>, (usize, Odds)> = BTreeMap::new();
        for (kind_idx, kind) in topology.kinds.iter().enumerate() {
            let kind_odds = odds[kind_idx];
            if kind_odds.down == 0.0 {
                continue;
            }
            let mut domains: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (unit, &host) in host_of_unit.iter().enumerate() {
                if let Some(domain) = topology.hosts[host].domains.get(kind) {
                    domains.entry(domain).or_default().push(unit);
                }
            }
            for (_, members) in domains {
                let odds = kind_odds;
                if let [unit] = members[..] {
                    units[unit].odds = units[unit].odds.and(odds);
                    continue;
                }
                merged
                    .entry(members)
                    .and_modify(|(_, existing)| *existing = existing.and(odds))
                    .or_insert((kind_idx, odds));
            }
        }

        // Larger sets first, then wider kinds: a greedy laminar family, the rest shared.
        let mut candidates: Vec<(Vec<usize>, usize, Odds)> = merged
            .into_iter()
            .map(|(members, (kind_idx, odds))| (members, kind_idx, odds))
            .collect();
        candidates.sort_by(|a, b| {
            b.0.len()
                .cmp(&a.0.len())
                .then(a.1.cmp(&b.1))
                .then(a.0.cmp(&b.0))
        });
        let mut tree: Vec<Group> = Vec::new();
        let mut shared: Vec<Group> = Vec::new();
        for (members, _, odds) in candidates {
            let laminar = tree.iter().all(|group| {
                is_disjoint(&members, &group.units) || is_subset(&members, &group.units)
            });
            let parent = tree
                .iter()
                .rposition(|group| is_subset(&members, &group.units));
            let group = Group {
                units: members,
                odds,
                parent,
            };
            if laminar {
                tree.push(group);
            } else {
                shared.push(Group {
                    parent: None,
                    ..group
                });
            }
        }
        let unit_parent = (0..units.len())
            .map(|unit| tree.iter().rposition(|group| group.units.contains(&unit)))
            .collect();
        Model {
            n_replicas: hosts.len(),
            units,
            unit_parent,
            tree,
            shared,
        }
    }

    /// Every independent component.
    pub fn parts(&self) -> impl Iterator<Item = Part> + use<> {
        let units = (0..self.units.len()).map(Part::Unit);
        let tree = (0..self.tree.len()).map(Part::Tree);
        let shared = (0..self.shared.len()).map(Part::Shared);
        units.chain(tree).chain(shared)
    }

    /// One component's odds.
    pub fn odds(&self, part: Part) -> Odds {
        match part {
            Part::Unit(i) => self.units[i].odds,
            Part::Tree(i) => self.tree[i].odds,
            Part::Shared(i) => self.shared[i].odds,
        }
    }

    /// The same model with one component's odds replaced (always up or always down).
    pub fn with(&self, part: Part, odds: Odds) -> Model {
        let mut model = self.clone();
        match part {
            Part::Unit(i) => model.units[i].odds = odds,
            Part::Tree(i) => model.tree[i].odds = odds,
            Part::Shared(i) => model.shared[i].odds = odds,
        }
        model
    }

    /// The distribution of the number of replicas up (index = count, length `n_replicas + 1`),
    /// given which units are forced down by failed shared groups.
    pub fn distribution(&self, forced_down: &[bool]) -> Vec<f64> {
        let mut tree_dist: Vec<Vec<f64>> = vec![vec![1.0]; self.tree.len()];
        let mut root = vec![1.0];
        for (unit_idx, unit) in self.units.iter().enumerate() {
            let mut leaf = vec![0.0; unit.replicas + 1];
            if forced_down[unit_idx] {
                leaf[0] = 1.0;
            } else {
                leaf[0] = unit.odds.down;
                leaf[unit.replicas] += unit.odds.up;
            }
            let target = match self.unit_parent[unit_idx] {
                Some(parent) => &mut tree_dist[parent],
                None => &mut root,
            };
            *target = convolve(target, &leaf);
        }
        for group_idx in (0..self.tree.len()).rev() {
            let group = &self.tree[group_idx];
            let mut dist = std::mem::take(&mut tree_dist[group_idx]);
            for p in &mut dist {
                *p *= group.odds.up;
            }
            dist[0] += group.odds.down;
            let target = match group.parent {
                Some(parent) => &mut tree_dist[parent],
                None => &mut root,
            };
            *target = convolve(target, &dist);
        }
        root.resize(self.n_replicas + 1, 0.0);
        root
    }
}

/// The distribution of the sum of two independent counts.
pub(super) fn convolve(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; a.len() + b.len() - 1];
    for (i, &x) in a.iter().enumerate() {
        if x == 0.0 {
            continue;
        }
        for (j, &y) in b.iter().enumerate() {
            out[i + j] += x * y;
        }
    }
    out
}

/// Both slices ascending.
fn is_disjoint(a: &[usize], b: &[usize]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return false,
        }
    }
    true
}

/// Both slices ascending.
fn is_subset(a: &[usize], b: &[usize]) -> bool {
    a.len() <= b.len() && a.iter().all(|x| b.binary_search(x).is_ok())
}
