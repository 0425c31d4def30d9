//! Rule shapes with their `take` steps, and the choice between them by the twin.
//!
//! A rule takes the request's scope domain (the data center or region our placement uses)
//! instead of the root when the request has a scope, so every replica stays inside it. Within
//! that, the one-take shape ([`super::rule`]) chooses the same number of buckets under every
//! parent; where our optimum puts exact counts in every domain of a level (2 + 2 + 1 replicas in
//! three data centers), a rule can instead take each of those domains in turn, each shaped for
//! its count like the optimum below it. Every candidate is compiled into the map and run by the
//! twin over a pool's placement groups: a multi-take rule is kept only when every group reaches
//! our optimum's blast radius and the one-take rule guarantees a larger one (or maps short).

use std::collections::BTreeMap;

use crate::crush::simulate::PoolSimulation;
use crate::request::{Limit, Request, Rule as RequestRule};
use crate::solve::Placement;
use crate::topology::{HOST_KIND, Host, Topology};

use super::rule::{self, Rule, Step};
use super::tree::Tree;

/// One `take` and the steps after it, up to its `emit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Take {
    /// The bucket taken (its name in the map).
    pub item: String,
    /// The `choose`/`chooseleaf` steps.
    pub steps: Vec<Step>,
}

/// A candidate rule: its takes, sizes and what it makes stricter than asked.
#[derive(Debug, Clone)]
pub struct Shape {
    /// The takes, in order.
    pub takes: Vec<Take>,
    /// Smallest pool size declared.
    pub min_size: u32,
    /// Largest pool size declared.
    pub max_size: u32,
    /// Lossy notes of this shape.
    pub lossy: Vec<String>,
    /// The kind split into one take per domain (`None` for one take).
    pub split: Option<String>,
}

/// What the candidates are built from.
pub struct Ground<'a> {
    /// The topology the map describes.
    pub topology: &'a Topology,
    /// The request (narrowed to one root).
    pub request: &'a Request,
    /// Our optimum on that topology.
    pub placement: &'a Placement,
    /// The root bucket's name.
    pub root: &'a str,
    /// A domain's bucket name in the map (kind, domain).
    pub bucket: &'a dyn Fn(&str, &str) -> String,
    /// Appended to every taken bucket (` class ssd`), or empty.
    pub class: &'a str,
}

/// The scope domain the rule takes: the request's scope kind and our placement's domain of it,
/// when that kind is a level of the tree. A lossy note when the request has a scope the rule
/// cannot take.
fn scope<'a>(
    ground: &'a Ground<'_>,
    tree: &Tree<'_>,
    lossy: &mut Vec<String>,
) -> Option<(&'a str, &'a str)> {
    let kind = ground.request.scope.as_deref()?;
    let within = ground.placement.scope.as_ref()?;
    if kind != HOST_KIND && tree.has(kind) {
        return Some((kind, within.domain.as_str()));
    }
    lossy.push(format!(
        "scope `{kind}`: the kind is not in the CRUSH tree, so the rule cannot take the domain \
         the placement uses (`{}`); the replicas may spread over several",
        within.domain
    ));
    None
}

/// The candidates: the one-take shape, and one multi-take shape per level whose every domain
/// (inside the scope) holds replicas of our optimum.
pub fn candidates(ground: &Ground<'_>) -> (Shape, Vec<Shape>) {
    let whole = Tree::new(ground.topology, ground.request);
    let mut lossy = Vec::new();
    let within = scope(ground, &whole, &mut lossy);
    let inside = |host: &Host| {
        within.is_none_or(|(kind, domain)| host.domains.get(kind).is_some_and(|d| d == domain))
    };
    let tree = Tree::of(ground.topology, ground.request, &inside);
    let single: Rule = rule::rule(ground.request, &tree, &mut lossy);
    let single_steps = remap(&single.steps, &tree, &whole).unwrap_or_default();
    let top = match within {
        Some((kind, domain)) => (ground.bucket)(kind, domain),
        None => ground.root.to_owned(),
    };
    let single = Shape {
        takes: vec![Take {
            item: format!("{top}{}", ground.class),
            steps: single_steps,
        }],
        min_size: single.min_size,
        max_size: single.max_size,
        lossy,
        split: None,
    };
    let mut out = Vec::new();
    let hosts: Vec<&Host> = ground
        .placement
        .hosts
        .iter()
        .filter_map(|&h| ground.topology.hosts.get(h))
        .collect();
    if !ground.placement.feasible || hosts.len() != ground.request.replicas as usize {
        return (single, out);
    }
    let below_scope = within.map_or(0, |(kind, _)| {
        tree.levels
            .iter()
            .position(|level| level.kind == kind)
            .map_or(0, |at| at + 1)
    });
    'levels: for (depth, level) in tree.levels.iter().enumerate().skip(below_scope) {
        let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
        for host in &hosts {
            if let Some(domain) = host.domains.get(&level.kind) {
                *counts.entry(domain.as_str()).or_insert(0) += 1;
            }
        }
        // Only where the optimum uses every domain of the level: pinning some of them would
        // leave the others without data.
        if counts.len() < 2 || counts.len() != level.parent.len() {
            continue;
        }
        let narrower: Vec<&str> = tree.levels[depth + 1..]
            .iter()
            .map(|level| level.kind.as_str())
            .chain([HOST_KIND])
            .collect();
        let mut takes = Vec::new();
        let mut lossy = Vec::new();
        for (domain, &count) in &counts {
            let in_domain: Vec<&Host> = hosts
                .iter()
                .copied()
                .filter(|host| host.domains.get(&level.kind).is_some_and(|d| d == domain))
                .collect();
            let sub_request = Request {
                replicas: count,
                quorum: count,
                scope: None,
                rules: optimum_caps(&in_domain, &narrower),
                ..ground.request.clone()
            };
            let sub_tree = Tree::of(ground.topology, ground.request, &|host: &Host| {
                inside(host) && host.domains.get(&level.kind).is_some_and(|d| d == domain)
            });
            let steps = rule::rule(&sub_request, &sub_tree, &mut lossy).steps;
            let Some(mut steps) = remap(&steps, &sub_tree, &whole) else {
                continue 'levels;
            };
            if let Some(first) = steps.first_mut()
                && first.count == 0
            {
                first.count = count;
            }
            takes.push(Take {
                item: format!("{}{}", (ground.bucket)(&level.kind, domain), ground.class),
                steps,
            });
        }
        out.push(Shape {
            takes,
            min_size: ground.request.replicas,
            max_size: ground.request.replicas,
            lossy,
            split: Some(level.kind.clone()),
        });
    }
    (single, out)
}

/// Steps shaped on the tree `from` with their levels as indices into the tree `to` (whose
/// levels the map's types follow); `None` when a level of `from` is not one of `to`.
fn remap(steps: &[Step], from: &Tree<'_>, to: &Tree<'_>) -> Option<Vec<Step>> {
    steps
        .iter()
        .map(|step| {
            let level = match from.levels.get(step.level) {
                Some(level) => to.levels.iter().position(|l| l.kind == level.kind)?,
                None => step.level,
            };
            Some(Step { level, ..*step })
        })
        .collect()
}

/// Per narrower kind (and host), at most as many replicas in one domain as the optimum puts
/// there: the shape of the optimum below a split domain.
fn optimum_caps(hosts: &[&Host], kinds: &[&str]) -> Vec<RequestRule> {
    kinds
        .iter()
        .map(|&kind| {
            let mut per: BTreeMap<&str, u32> = BTreeMap::new();
            for host in hosts {
                let domain = if kind == HOST_KIND {
                    host.name.as_str()
                } else {
                    host.domains.get(kind).map_or("", String::as_str)
                };
                *per.entry(domain).or_insert(0) += 1;
            }
            let most = per.values().copied().max().unwrap_or(1);
            RequestRule::new(kind, Limit::MaxPerDomain(most))
        })
        .collect()
}

/// What the twin found of one candidate over a pool's placement groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Groups short of the pool size.
    pub bad_mappings: u32,
    /// The largest blast-radius vector of any group (lexicographically).
    pub worst: Vec<u32>,
    /// Whether every group is full and as spread as our optimum.
    pub every_pg_at_optimum: bool,
}

impl Verdict {
    /// The verdict of a simulated pool.
    pub fn of(simulation: &PoolSimulation) -> Verdict {
        let worst = simulation
            .blast_radius
            .iter()
            .map(|count| count.radius.clone())
            .max()
            .unwrap_or_default();
        Verdict {
            bad_mappings: simulation.bad_mappings,
            worst,
            every_pg_at_optimum: simulation.optimum.feasible
                && simulation.bad_mappings == 0
                && simulation.optimum.pgs_as_spread == simulation.pool.pg_num,
        }
    }
}

/// The shape to write: the one-take shape unless a multi-take shape reaches our optimum on every
/// placement group while the one-take shape maps short or guarantees a larger blast radius
/// (`judge` runs a shape with the twin; `None` when it does not compile); with the twin's
/// verdict on it when one was reached.
pub fn choose(
    single: Shape,
    others: Vec<Shape>,
    judge: &mut dyn FnMut(&Shape) -> Option<Verdict>,
) -> (Shape, Option<Verdict>) {
    let Some(first) = judge(&single) else {
        return (single, None);
    };
    if first.every_pg_at_optimum {
        // Nothing can guarantee a smaller blast radius than the optimum.
        return (single, Some(first));
    }
    for multi in others {
        if let Some(verdict) = judge(&multi)
            && verdict.every_pg_at_optimum
            && (first.bad_mappings > 0 || verdict.worst < first.worst)
        {
            return (multi, Some(verdict));
        }
    }
    (single, Some(first))
}
