//! The strict tree CRUSH needs, found in a topology: which kinds nest, and the buckets they make.
//!
//! Kinds are tried widest first. A kind joins the tree when every eligible host has a domain of
//! it and each of its domains lies inside exactly one domain of the kind above it in the tree;
//! otherwise it is left out and named (cross-cutting, or missing on some hosts).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::request::Request;
use crate::topology::{Host, Topology};

/// Why a kind is not in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Left {
    /// Some eligible host has no domain of this kind (the first such host).
    Missing(String),
    /// A domain of this kind spans two domains of the kind above (domain, the two parents).
    CrossCutting(String, String, String),
}

/// One level of the tree: a kind and, per domain, its parent bucket's domain (`None` = root).
#[derive(Debug, Clone)]
pub struct Level {
    /// The kind.
    pub kind: String,
    /// Domain → the domain of the level above that contains it (`None` at the widest level).
    pub parent: BTreeMap<String, Option<String>>,
}

/// The tree of the eligible hosts.
#[derive(Debug, Clone)]
pub struct Tree<'a> {
    /// The hosts that `select` keeps and that have a slot.
    pub hosts: Vec<&'a Host>,
    /// The kinds that nest, widest first.
    pub levels: Vec<Level>,
    /// The kinds left out, in topology order.
    pub left: Vec<(String, Left)>,
}

impl<'a> Tree<'a> {
    /// The tree of `topology`'s hosts that the request may use.
    pub fn new(topology: &'a Topology, request: &Request) -> Tree<'a> {
        Tree::of(topology, request, &|_| true)
    }

    /// The tree of the hosts the request may use that `keep` also keeps (one domain's hosts).
    pub fn of(topology: &'a Topology, request: &Request, keep: &dyn Fn(&Host) -> bool) -> Tree<'a> {
        let hosts: Vec<&Host> = topology
            .hosts
            .iter()
            .filter(|host| request.selects(host) && keep(host))
            .collect();
        let mut levels: Vec<Level> = Vec::new();
        let mut left = Vec::new();
        for kind in &topology.kinds {
            if let Some(host) = hosts.iter().find(|host| !host.domains.contains_key(kind)) {
                left.push((kind.clone(), Left::Missing(host.name.clone())));
                continue;
            }
            let above = levels.last().map(|level| level.kind.as_str());
            let mut parent: BTreeMap<String, Option<String>> = BTreeMap::new();
            let mut conflict = None;
            for host in &hosts {
                let domain = &host.domains[kind];
                let up = above.map(|above| host.domains[above].clone());
                match parent.get(domain) {
                    Some(existing) if *existing != up => {
                        conflict = Some(Left::CrossCutting(
                            domain.clone(),
                            existing.clone().unwrap_or_default(),
                            up.unwrap_or_default(),
                        ));
                        break;
                    }
                    Some(_) => {}
                    None => {
                        parent.insert(domain.clone(), up);
                    }
                }
            }
            match conflict {
                Some(reason) => left.push((kind.clone(), reason)),
                None => levels.push(Level {
                    kind: kind.clone(),
                    parent,
                }),
            }
        }
        Tree {
            hosts,
            levels,
            left,
        }
    }

    /// Whether `kind` (or `host`) is a level of the tree.
    pub fn has(&self, kind: &str) -> bool {
        kind == crate::topology::HOST_KIND || self.levels.iter().any(|level| level.kind == kind)
    }

    /// How many domains of a tree kind hold eligible hosts.
    pub fn domains(&self, kind: &str) -> usize {
        if kind == crate::topology::HOST_KIND {
            return self.hosts.len();
        }
        self.levels
            .iter()
            .find(|level| level.kind == kind)
            .map_or(0, |level| level.parent.len())
    }

    /// The fewest and the most `child` domains (a tree kind, `host`, or `osd`) under one domain
    /// of `parent` (a tree kind or `host`): a rule can choose the fewest under every one of them.
    pub fn children_range(&self, parent: &str, child: &str) -> (u32, u32) {
        let mut under: BTreeMap<&str, (BTreeSet<&str>, u32)> = BTreeMap::new();
        for host in &self.hosts {
            let key = |kind: &str| -> &str {
                if kind == crate::topology::HOST_KIND {
                    &host.name
                } else {
                    host.domains.get(kind).map_or("", String::as_str)
                }
            };
            let entry = under.entry(key(parent)).or_default();
            if child == "osd" {
                entry.1 += host.slots;
            } else {
                entry.0.insert(key(child));
            }
        }
        let counts = under.values().map(|(children, osds)| {
            if child == "osd" {
                *osds
            } else {
                u32::try_from(children.len()).unwrap_or(u32::MAX)
            }
        });
        counts.fold((u32::MAX, 0), |(low, high), n| (low.min(n), high.max(n)))
    }

    /// The host's bucket parent: its domain of the narrowest level (`None` = root).
    pub fn host_parent(&self, host: &Host) -> Option<String> {
        self.levels
            .last()
            .map(|level| host.domains[&level.kind].clone())
    }
}

/// Unique CRUSH names: `[A-Za-z0-9_.-]`, a kind suffix on a clash, never `default`.
#[derive(Debug, Default)]
pub struct Names {
    used: HashSet<String>,
}

impl Names {
    /// A name for `wanted` not used before (`-<kind>`, then a number, appended on a clash).
    pub fn claim(&mut self, wanted: &str, kind: &str) -> String {
        let base: String = wanted
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let base = if base.is_empty() {
            "_".to_owned()
        } else {
            base
        };
        let mut candidates = [base.clone(), format!("{base}-{kind}")]
            .into_iter()
            .chain((2..).map(|n| format!("{base}-{kind}-{n}")));
        let name = candidates
            .find(|name| name != "default" && !self.used.contains(name))
            .expect("an unused name always exists");
        self.used.insert(name.clone());
        name
    }
}

/// The children of each bucket of a level, by the parent's domain (`None` = root), sorted.
pub fn children(level: &Level) -> BTreeMap<Option<String>, BTreeSet<String>> {
    let mut out: BTreeMap<Option<String>, BTreeSet<String>> = BTreeMap::new();
    for (domain, parent) in &level.parent {
        out.entry(parent.clone())
            .or_default()
            .insert(domain.clone());
    }
    out
}
