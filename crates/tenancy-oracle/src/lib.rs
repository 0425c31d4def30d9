//! The brute-force placement oracle shared by the core's property tests and the `place` fuzz
//! target: every assignment of replicas to host slots on small instances, judged by the placement
//! rules written out directly, independently of the solver.
//!
//! The rules as the oracle reads them:
//!
//! - A host is eligible when it has a slot, matches `select`, has a domain of every kind a rule is
//!   on and, with a scope, lies in the one domain of the scope kind being tried.
//! - `max_per_domain`, `min_domains` count replicas per domain over eligible hosts; `max_skew` is
//!   judged over every domain that has an eligible host.
//! - With a scope, a placement is valid when some single domain of the scope kind holds it and it
//!   is valid with eligibility restricted to that domain; the optimum is the best over those
//!   domains.
//! - The worst placement (for the guarantees of the exports) is the valid placement with the
//!   largest `p_quorum_lost` on the availability model, each placement assessed in full.

use std::collections::{BTreeMap, BTreeSet};

use tenancy_core::topology::HOST_KIND;
use tenancy_core::{Limit, Placement, Request, Rule, Topology, assess};

/// Replicas per host, parallel to `topology.hosts`.
pub type Loads = Vec<u32>;

/// What one question keeps of a request: some of its rules, and the scope or not.
#[derive(Debug, Clone)]
pub struct Part<'r> {
    /// The request the rules come from.
    pub request: &'r Request,
    /// The rules kept.
    pub rules: Vec<&'r Rule>,
    /// Whether the request's scope is kept.
    pub scoped: bool,
}

impl<'r> Part<'r> {
    /// The whole request.
    pub fn all(request: &'r Request) -> Part<'r> {
        Part {
            request,
            rules: request.rules.iter().collect(),
            scoped: request.scope.is_some(),
        }
    }

    /// The rules at these indices; index `rules.len()` stands for the scope.
    pub fn members(request: &'r Request, members: &BTreeSet<usize>) -> Part<'r> {
        Part {
            request,
            rules: members
                .iter()
                .filter_map(|&i| request.rules.get(i))
                .collect(),
            scoped: request.scope.is_some() && members.contains(&request.rules.len()),
        }
    }

    /// The domains of the scope kind to try (`None`: no scope, the whole topology).
    fn scopes(&self, topology: &Topology) -> Vec<Option<(&'r str, String)>> {
        match (&self.request.scope, self.scoped) {
            (Some(kind), true) => {
                let domains: BTreeSet<&String> = topology
                    .hosts
                    .iter()
                    .filter_map(|h| h.domains.get(kind))
                    .collect();
                domains
                    .into_iter()
                    .map(|d| Some((kind.as_str(), d.clone())))
                    .collect()
            }
            _ => vec![None],
        }
    }
}

/// Whether host `h` may take replicas under these rules inside this scope domain.
fn eligible(
    topology: &Topology,
    part: &Part<'_>,
    within: &Option<(&str, String)>,
    h: usize,
) -> bool {
    let host = &topology.hosts[h];
    host.slots > 0
        && part
            .request
            .select
            .iter()
            .all(|(k, v)| host.labels.get(k) == Some(v))
        && part
            .rules
            .iter()
            .all(|r| r.kind == HOST_KIND || host.domains.contains_key(&r.kind))
        && within
            .as_ref()
            .is_none_or(|(kind, domain)| host.domains.get(*kind) == Some(domain))
}

/// Replicas per domain of a kind over eligible hosts (every domain with an eligible host is
/// listed), or `None` when an ineligible host holds a replica.
fn domain_loads(
    topology: &Topology,
    loads: &Loads,
    kind: &str,
    is_eligible: &dyn Fn(usize) -> bool,
) -> Option<BTreeMap<String, u32>> {
    let mut out = BTreeMap::new();
    for (h, host) in topology.hosts.iter().enumerate() {
        if !is_eligible(h) {
            if loads[h] > 0 {
                return None;
            }
            continue;
        }
        let domain = if kind == HOST_KIND {
            Some(&host.name)
        } else {
            host.domains.get(kind)
        };
        if let Some(domain) = domain {
            *out.entry(domain.clone()).or_insert(0) += loads[h];
        }
    }
    Some(out)
}

/// Whether the loads are valid inside one scope domain (or anywhere, for `None`).
fn valid_within(
    topology: &Topology,
    part: &Part<'_>,
    within: &Option<(&str, String)>,
    loads: &Loads,
) -> bool {
    if loads.iter().sum::<u32>() != part.request.replicas {
        return false;
    }
    let is_eligible = |h: usize| eligible(topology, part, within, h);
    for (h, host) in topology.hosts.iter().enumerate() {
        if loads[h] > host.slots || (loads[h] > 0 && !is_eligible(h)) {
            return false;
        }
    }
    part.rules.iter().all(|rule| {
        let Some(per_domain) = domain_loads(topology, loads, &rule.kind, &is_eligible) else {
            return false;
        };
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

/// Whether the loads satisfy the slots, the selection, the scope (when kept) and every rule kept.
pub fn valid(topology: &Topology, part: &Part<'_>, loads: &Loads) -> bool {
    part.scopes(topology)
        .iter()
        .any(|within| valid_within(topology, part, within, loads))
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
    let mut out = Vec::new();
    let mut current = vec![0u32; topology.hosts.len()];
    walk(topology, 0, replicas, &mut current, &mut out);
    out
}

/// The lexicographically smallest blast radius of any valid placement of this part.
pub fn optimum(topology: &Topology, part: &Part<'_>) -> Option<Vec<u32>> {
    assignments(topology, part.request.replicas)
        .into_iter()
        .filter(|loads| valid(topology, part, loads))
        .map(|loads| blast_radius(topology, &loads))
        .min()
}

/// The largest `p_quorum_lost` of any valid placement of this part, as `assess` computes it,
/// with one placement that has it (the first in enumeration order); `None` when none is valid.
/// With `pin` (a kind and a domain), only placements inside that domain count, with eligibility
/// restricted to it.
pub fn worst(
    topology: &Topology,
    part: &Part<'_>,
    pin: Option<(&str, &str)>,
) -> Option<(f64, Loads)> {
    let pinned = pin.map(|(kind, domain)| (kind, domain.to_owned()));
    let mut worst: Option<(f64, Loads)> = None;
    for loads in assignments(topology, part.request.replicas) {
        let allowed = match &pinned {
            Some(_) => valid_within(topology, part, &pinned, &loads),
            None => valid(topology, part, &loads),
        };
        if !allowed {
            continue;
        }
        let hosts: Vec<usize> = loads
            .iter()
            .enumerate()
            .flat_map(|(h, &n)| std::iter::repeat_n(h, n as usize))
            .collect();
        let lost = assess(topology, &hosts, part.request.quorum).p_quorum_lost;
        if worst.as_ref().is_none_or(|(most, _)| lost > *most) {
            worst = Some((lost, loads));
        }
    }
    worst
}

/// The placement's replicas per host, parallel to the topology's hosts; an error names a replica
/// out of order, on an unknown host or with the wrong domains.
pub fn loads_of(topology: &Topology, placement: &Placement) -> Result<Loads, String> {
    let index: BTreeMap<&str, usize> = topology
        .hosts
        .iter()
        .enumerate()
        .map(|(h, host)| (host.name.as_str(), h))
        .collect();
    let mut loads = vec![0u32; topology.hosts.len()];
    for (replica, assignment) in placement.assignments.iter().flatten().enumerate() {
        if assignment.replica as usize != replica {
            return Err(format!(
                "replica {replica} is numbered {}",
                assignment.replica
            ));
        }
        let h = *index
            .get(assignment.host.as_str())
            .ok_or_else(|| format!("replica {replica} is on unknown host `{}`", assignment.host))?;
        if assignment.domains != topology.hosts[h].domains {
            return Err(format!("replica {replica} reports the wrong domains"));
        }
        loads[h] += 1;
    }
    Ok(loads)
}

/// Everything the oracle can say about one placement: feasibility, validity (never outside the
/// scope), optimality, and a conflict (rules and scope) that is infeasible on its own and feasible
/// after dropping any one member. `Err` says what disagrees.
pub fn agrees(topology: &Topology, request: &Request, placement: &Placement) -> Result<(), String> {
    let whole = Part::all(request);
    let expected = optimum(topology, &whole);
    if placement.feasible != expected.is_some() {
        return Err(format!(
            "feasible is {}, the oracle says {}: {}",
            placement.feasible,
            expected.is_some(),
            placement.to_json_string()
        ));
    }
    if let Some(best) = expected {
        let loads = loads_of(topology, placement)?;
        if !valid(topology, &whole, &loads) {
            return Err(format!(
                "invalid placement (or outside the scope): {loads:?}"
            ));
        }
        if let Some(kind) = &request.scope {
            let used: BTreeSet<Option<&String>> = (0..loads.len())
                .filter(|&h| loads[h] > 0)
                .map(|h| topology.hosts[h].domains.get(kind))
                .collect();
            let named = placement.scope.as_ref().map(|w| &w.domain);
            if used.len() != 1 || used.first().copied().flatten() != named {
                return Err(format!(
                    "the scope names {named:?}, the replicas use {used:?}"
                ));
            }
        }
        let radius = blast_radius(topology, &loads);
        if radius != best || placement.blast_radius(topology) != best {
            return Err(format!(
                "blast radius {radius:?} (reported {:?}), the optimum is {best:?}",
                placement.blast_radius(topology)
            ));
        }
        if placement.optimal != Some(true) {
            return Err("a small instance is solved to optimality".to_owned());
        }
        return Ok(());
    }
    let conflict = placement
        .conflict
        .as_ref()
        .ok_or("an infeasible placement explains why")?;
    if !conflict.proven || conflict.explanation.is_empty() {
        return Err(format!("conflict unproven or unexplained: {conflict:?}"));
    }
    let mut set: BTreeSet<usize> = conflict.rules.iter().copied().collect();
    if set.len() != conflict.rules.len() || set.iter().any(|&i| i >= request.rules.len()) {
        return Err(format!(
            "conflict names rules twice or unknown rules: {conflict:?}"
        ));
    }
    if conflict.scope.is_some() {
        if conflict.scope != request.scope {
            return Err(format!("the conflict names another scope: {conflict:?}"));
        }
        set.insert(request.rules.len());
    }
    if optimum(topology, &Part::members(request, &set)).is_some() {
        return Err(format!("the conflict {conflict:?} is feasible on its own"));
    }
    for &dropped in &set {
        let mut smaller = set.clone();
        smaller.remove(&dropped);
        if optimum(topology, &Part::members(request, &smaller)).is_none() {
            return Err(format!(
                "dropping member {dropped} of {conflict:?} leaves it infeasible"
            ));
        }
    }
    Ok(())
}
