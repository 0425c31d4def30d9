//! Placement: where each replica goes, optimal in blast radius, or the minimal set of
//! rules that cannot all hold, with a counting argument.
//!
//! The search runs on classes of interchangeable hosts (`solve::model`). Optimality is
//! lexicographic: for each kind from widest to narrowest, then `host`, the smallest possible largest load of one
//! domain is found with the earlier kinds' bounds fixed, starting from the counting lower bound
//! `⌈replicas / domains⌉`, which usually holds at once. Every search has a deterministic step
//! budget; one that runs out makes the answer `"optimal": false` (never silently).
//!
//! With a scope (`datacenter`: every replica in one data center), the same optimisation runs
//! inside each domain of the scope kind and the lexicographically best result wins (ties go to
//! the domain met first); nothing is ever placed outside the chosen domain.
//!
//! Semantics, as the oracle in the property tests writes them out:
//!
//! - A host is *eligible* when its labels match `select`, it has at least one slot, it is inside
//!   the scope's chosen domain, and it has a domain of every kind some rule is on (Kubernetes
//!   ignores nodes without a constraint's topology label). Only eligible hosts take replicas.
//! - `max_skew` is judged over the eligible domains of its kind: those with an eligible host.
//! - In the blast radius a host without a domain of some kind counts in no domain of that kind
//!   (its replicas are not lost with any of them); the topology warns about such hosts.
//! - Among placements with the same blast radius the search finds the one that fills earlier hosts
//!   first; polishing (`solve::polish`) then spreads it further where it can (fewer replicas
//!   sharing a domain).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::request::{Request, Rule};
use crate::topology::{HOST_KIND, Topology};

mod conflict;
mod each;
mod explain;
mod model;
mod output;
mod polish;
mod search;

use model::{Base, Bounds, DomainId, Index, Limits, Model, Models, least_loads};
use output::{assignments, fill_evenly, host_loads, missing_domain_warnings, spread};
use search::{Budget, Outcome, search};

pub use each::{Reach, each_placement};

/// Search steps one `place` call may spend before it settles for the best placement found.
pub const SEARCH_BUDGET: u64 = 200_000_000;
/// Search steps one feasibility or bound question may spend.
const QUESTION_BUDGET: u64 = 20_000_000;
/// Moves polishing may try (see [`polish`]); it stops early, still valid, when they run out.
const POLISH_BUDGET: u64 = 5_000_000;

/// The answer to a request: a placement, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Placement {
    /// Whether every replica was placed.
    pub feasible: bool,
    /// Whether the placement is proven best in blast radius (false only when the budget ran out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optimal: Option<bool>,
    /// Replica → host, in host order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignments: Option<Vec<Assignment>>,
    /// The host index of each replica, in replica order (empty when infeasible): the one
    /// currency every consumer of a placement reads; `assignments` names the same hosts.
    #[serde(skip)]
    pub hosts: Vec<usize>,
    /// Per kind (and `host`): how many domains hold replicas and the most in any one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spread: Option<BTreeMap<String, Spread>>,
    /// The domain of the request's scope kind that holds every replica (absent without a scope).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Within>,
    /// Why nothing fits, when infeasible.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Conflict>,
    /// Things worth knowing: hosts left out for lack of a domain, a budget that ran out.
    pub warnings: Vec<String>,
}

/// The one domain a scoped placement stays inside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Within {
    /// The request's scope kind.
    pub kind: String,
    /// The chosen domain of that kind.
    pub domain: String,
}

/// One replica on one host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Assignment {
    /// The replica's number, from 0.
    pub replica: u32,
    /// The host's name.
    pub host: String,
    /// The host's domain per kind.
    pub domains: BTreeMap<String, String>,
}

/// How the replicas spread over the domains of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Spread {
    /// Domains holding at least one replica.
    pub domains_used: u32,
    /// The most replicas in any one domain: what one failure of this kind can take down.
    pub max_per_domain: u32,
}

/// A minimal set of rules (with the scope, when it takes part) that cannot all hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Conflict {
    /// Indices into the request's rules; empty when even no rules leave enough room.
    pub rules: Vec<usize>,
    /// The scope kind, when keeping every replica in one domain of it is part of the conflict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The reason in words, with a counting argument where one exists.
    pub explanation: String,
    /// False when a search budget ran out, so infeasibility or minimality is not proven.
    #[serde(skip_serializing_if = "is_true")]
    pub proven: bool,
}

fn is_true(value: &bool) -> bool {
    *value
}

impl Placement {
    /// The blast-radius vector: per kind widest first, then `host`, the most replicas in one
    /// domain (empty when infeasible).
    pub fn blast_radius(&self, topology: &Topology) -> Vec<u32> {
        let Some(spread) = &self.spread else {
            return Vec::new();
        };
        topology
            .kinds
            .iter()
            .map(String::as_str)
            .chain([HOST_KIND])
            .map(|kind| spread.get(kind).map_or(0, |s| s.max_per_domain))
            .collect()
    }

    /// The JSON form, pretty-printed, ending in a newline.
    pub fn to_json_string(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("a placement always serialises");
        out.push('\n');
        out
    }
}

/// Places the request's replicas on the topology (see the module documentation).
pub fn place(topology: &Topology, request: &Request) -> Placement {
    place_within(topology, request, SEARCH_BUDGET)
}

/// [`place`] on a topology indexed beforehand: the same answer, without indexing the topology
/// again (for placing several requests on one topology).
pub fn place_indexed(index: &Index<'_>, request: &Request) -> Placement {
    place_on(index, request, SEARCH_BUDGET)
}

/// [`place`] with a given number of search steps instead of [`SEARCH_BUDGET`].
pub fn place_within(topology: &Topology, request: &Request, steps: u64) -> Placement {
    place_on(&Index::new(topology), request, steps)
}

/// [`place_indexed`] with a given number of search steps.
fn place_on(index: &Index<'_>, request: &Request, steps: u64) -> Placement {
    let topology = index.topology();
    // `Request::validate` rejects these; a request built by hand may still have one. No host
    // has a domain of an unknown kind, so (as in Kubernetes) no host can satisfy the rule.
    let unknown = request
        .rules
        .iter()
        .position(|r| r.kind != HOST_KIND && !topology.kinds.contains(&r.kind));
    let unknown_scope = request
        .scope
        .as_ref()
        .filter(|kind| !topology.kinds.contains(kind));
    if unknown.is_some() || unknown_scope.is_some() {
        let (rules, scope, kind, what) = match unknown {
            Some(index) => (
                vec![index],
                None,
                &request.rules[index].kind,
                format!("rules[{index}]"),
            ),
            None => (
                Vec::new(),
                unknown_scope.cloned(),
                unknown_scope.expect("checked above"),
                "the scope".to_owned(),
            ),
        };
        return infeasible(Conflict {
            explanation: format!("no host has a `{kind}` domain, so none can satisfy {what}"),
            rules,
            scope,
            proven: true,
        });
    }
    let base = Base::new(index, request);
    let rules: Vec<&Rule> = request.rules.iter().collect();
    let limits = Limits::new(&base, &rules);
    let mut budget = Budget { remaining: steps };
    let warnings = missing_domain_warnings(&base, &rules);
    let scoped = scoped_bases(&base, request);
    let mut whole = Models::new(&base, request.replicas);
    let mut per_scope: Vec<Models<'_>> = scoped
        .iter()
        .map(|(_, within)| Models::new(within, request.replicas))
        .collect();
    let mut best: Option<(Vec<u32>, Vec<u32>, usize)> = None;
    let (mut all_optimal, mut unanswered) = (true, false);
    let candidates = match request.scope {
        Some(_) => &mut per_scope[..],
        None => std::slice::from_mut(&mut whole),
    };
    for (i, models) in candidates.iter_mut().enumerate() {
        let within = models.base;
        let model = models.get(&rules);
        if explain::refuted(within, model, &limits, &rules) {
            continue;
        }
        match optimise(model, &limits, &mut budget) {
            Solved::Found { loads, optimal } => {
                all_optimal &= optimal;
                let radius = blast_radius(model, &loads);
                if best.as_ref().is_none_or(|(r, ..)| radius < *r) {
                    best = Some((radius, loads, i));
                }
            }
            Solved::Infeasible => {}
            Solved::Exhausted => unanswered = true,
        }
    }
    let Some((_, loads, chosen)) = best else {
        let conflict = conflict::minimal(
            &mut whole,
            &mut per_scope,
            request,
            &mut budget,
            !unanswered,
        );
        return Placement {
            warnings,
            ..infeasible(conflict)
        };
    };
    let optimal = all_optimal && !unanswered;
    let mut warnings = warnings;
    if !optimal {
        warnings.push(
            "the search budget ran out: this placement satisfies every rule but may not \
             have the smallest blast radius"
                .to_owned(),
        );
    }
    let chosen_models = &mut candidates[chosen];
    let chosen_base = chosen_models.base;
    let host_loads = host_loads(chosen_models.get(&rules), &loads);
    Placement {
        feasible: true,
        optimal: Some(optimal),
        assignments: Some(assignments(topology, &host_loads)),
        hosts: host_loads
            .iter()
            .flat_map(|&(h, load)| std::iter::repeat_n(h as usize, load as usize))
            .collect(),
        spread: Some(spread(chosen_base, &host_loads)),
        scope: request.scope.as_ref().map(|_| scoped[chosen].0.clone()),
        conflict: None,
        warnings,
    }
}

/// An infeasible placement with this conflict.
fn infeasible(conflict: Conflict) -> Placement {
    Placement {
        feasible: false,
        optimal: None,
        assignments: None,
        hosts: Vec::new(),
        spread: None,
        scope: None,
        conflict: Some(conflict),
        warnings: Vec::new(),
    }
}

/// With a scope, the bases the search tries: one per domain of the scope kind with room for the
/// replicas, each named, in order of first appearance (none without a scope).
fn scoped_bases<'a>(base: &Base<'a>, request: &Request) -> Vec<(Within, Base<'a>)> {
    let Some(kind) = &request.scope else {
        return Vec::new();
    };
    let k = base.kind_index(kind);
    base.domains_of(k)
        .into_iter()
        .map(|d| {
            let named = Within {
                kind: kind.clone(),
                domain: base.domain_names[k][d.index()].to_owned(),
            };
            (named, base.within(k, d))
        })
        .filter(|(_, within)| within.slots() >= u64::from(request.replicas))
        .collect()
}

/// What the optimisation found.
enum Solved {
    Found { loads: Vec<u32>, optimal: bool },
    Infeasible,
    Exhausted,
}

/// Whether any placement meets the limits: `Found` as soon as one least-load choice has one.
fn feasible(model: &Model<'_>, limits: &Limits, budget: &mut Budget) -> Outcome {
    let mut exhausted = false;
    for least in least_loads(model, limits) {
        let bounds = Bounds::new(limits, &least);
        match ask(model, &bounds, budget) {
            Outcome::Found(loads) => return Outcome::Found(loads),
            Outcome::Infeasible => {}
            Outcome::Exhausted => exhausted = true,
        }
    }
    if exhausted {
        Outcome::Exhausted
    } else {
        Outcome::Infeasible
    }
}

/// One search with its own share of the overall budget.
fn ask(model: &Model<'_>, bounds: &Bounds, budget: &mut Budget) -> Outcome {
    let mut share = Budget {
        remaining: budget.remaining.min(QUESTION_BUDGET),
    };
    let outcome = search(model, bounds, &mut share);
    budget.remaining -= budget.remaining.min(QUESTION_BUDGET) - share.remaining;
    outcome
}

/// The lexicographically best placement over every least-load choice.
fn optimise(model: &Model<'_>, limits: &Limits, budget: &mut Budget) -> Solved {
    let mut best: Option<(Vec<u32>, Vec<u32>, Bounds)> = None;
    let mut exhausted = false;
    let mut unanswered = false;
    for least in least_loads(model, limits) {
        let bounds = Bounds::new(limits, &least);
        let mut loads = match ask(model, &bounds, budget) {
            Outcome::Found(loads) => loads,
            Outcome::Infeasible => continue,
            Outcome::Exhausted => {
                unanswered = true;
                continue;
            }
        };
        let mut radius = blast_radius(model, &loads);
        let mut fixed = bounds;
        for k in 0..=model.n_kinds {
            let start = lower_bound(model, k).max(fixed.lower[k]);
            for bound in start..radius[k] {
                let mut tighter = fixed.clone();
                tighter.upper[k] = tighter.upper[k].min(bound);
                match ask(model, &tighter, budget) {
                    Outcome::Found(better) => {
                        loads = better;
                        radius = blast_radius(model, &loads);
                        break;
                    }
                    Outcome::Infeasible => {}
                    Outcome::Exhausted => exhausted = true,
                }
            }
            fixed.upper[k] = fixed.upper[k].min(radius[k]);
        }
        if best.as_ref().is_none_or(|(r, _, _)| radius < *r) {
            best = Some((radius, loads, fixed));
        }
    }
    match best {
        Some((_, loads, fixed)) => Solved::Found {
            loads: polish::polish(
                model,
                &fixed,
                &loads,
                &mut Budget {
                    remaining: POLISH_BUDGET,
                },
            ),
            optimal: !exhausted && !unanswered,
        },
        None if unanswered => Solved::Exhausted,
        None => Solved::Infeasible,
    }
}

/// `⌈replicas / domains⌉`, or 0 when some eligible host has no domain of the kind.
fn lower_bound(model: &Model<'_>, k: usize) -> u32 {
    if k < model.n_kinds && model.classes.iter().any(|c| c.domains[k] == DomainId::NONE) {
        return 0;
    }
    let n_domains = model.n_domains(k).max(1) as u32;
    model.replicas.div_ceil(n_domains)
}

/// The blast-radius vector of class loads (hosts filled evenly within each class).
fn blast_radius(model: &Model<'_>, loads: &[u32]) -> Vec<u32> {
    let mut radius = vec![0u32; model.n_kinds + 1];
    let mut per_domain: Vec<Vec<u32>> = model.domains.iter().map(|d| vec![0; d.len()]).collect();
    for (class, &load) in model.classes.iter().zip(loads) {
        if load == 0 {
            continue;
        }
        for (k, &d) in class.domains.iter().enumerate() {
            if d != DomainId::NONE {
                per_domain[k][d.index()] += load;
                radius[k] = radius[k].max(per_domain[k][d.index()]);
            }
        }
        let most = fill_evenly(class.slots, load).into_iter().max();
        radius[model.n_kinds] = radius[model.n_kinds].max(most.unwrap_or(0));
    }
    radius
}

#[cfg(test)]
mod tests;
