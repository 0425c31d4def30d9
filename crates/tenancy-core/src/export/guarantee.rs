//! What each export target guarantees: the worst placement that still satisfies everything the
//! exported configuration enforces, with its availability on the availability model, beside our
//! optimum ("guaranteed 3.2 nines, optimum 4.6").
//!
//! What each target enforces, and so what the worst placement may do:
//!
//! - Kubernetes: the written scheduling terms read back as rules (required anti-affinity is at
//!   most one per domain, a `DoNotSchedule` spread constraint its `maxSkew` and `minDomains`),
//!   the node selector, and a scoped placement's pin to its chosen domain. Any order of pods and
//!   any tie-break kube-scheduler may take ends in a placement meeting these, so none is worse.
//!   The Deployment requests no resources, so nothing else keeps replicas off a node: the
//!   search lets every schedulable host take any number (a warning says where a host the
//!   request may use has fewer slots than the rules would let it take, and what to add).
//! - Nova: the server group's per-host cap (`anti-affinity`, `max_server_per_host`) and one
//!   region (a region is its own API endpoint); soft anti-affinity is only a weigher.
//! - Nomad: the `distinct_hosts` / `distinct_property` caps and the `select` constraints, inside
//!   one region (a job runs in one); `spread` only scores.
//! - CRUSH: no search — the rule is deterministic, so the twin maps [`CRUSH_PGS`] placement
//!   groups (the pool simulation `simulate crush` prints, judged on the topology) and the least
//!   available one is the guarantee.
//!
//! Nova and Nomad place inside one region: when no region holds every replica under what they
//! enforce, the worst placement is of as many as one region holds, the rest unplaced (down).
//!
//! Every other target keeps each host's slots (the scheduler's resource fit). The search walks every
//! placement the enforced rules allow ([`crate::solve::each_placement`]: the solver's search,
//! walked to the end) and judges each on the model, caching by the placement's shape (which
//! replicas share a domain of each kind); placements of the same shape have the same
//! availability. Beyond [`PLACEMENTS`] placements or [`STEPS`] search steps it stops and says so
//! (`"method": "partial"`).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{DEFAULT_NAME, Options, Target, kubernetes, nomad, nova};
use crate::availability::{Availability, Judge, assess, placement_shape};
use crate::crush::CrushMap;
use crate::crush::simulate::{Pool, simulate_pool_on};
use crate::kube::audit::{DEFAULT_RUNS, Estate, distribution, worst_case};
use crate::kube::manifest::read_workloads;
use crate::kube::model::HOSTNAME;
use crate::plan::{Plan, plan};
use crate::report::plan::nines;
use crate::report::twins::hosts_words;
use crate::request::{Limit, Request, Rule, plural};
use crate::solve::place;
use crate::solve::{Reach, Within, each_placement};
use crate::topology::{HOST_KIND, Topology};

/// Placements the search judges at most.
pub const PLACEMENTS: u64 = 20_000;
/// Search steps it takes at most.
pub const STEPS: u64 = 2_000_000;
/// Placement groups the CRUSH twin maps (a pool's PGs are a sample of the rule's inputs).
pub const CRUSH_PGS: u32 = 4096;

/// How the worst placement was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Every placement the configuration allows was judged: none is worse.
    Exhaustive,
    /// The search stopped at its budget: a worse placement may exist (a warning says so).
    Partial,
    /// The CRUSH twin mapped the pool's placement groups; the worst one is shown.
    Twin,
}

/// The worst placement and what it buys.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct WorstPlacement {
    /// The host of each replica (`null` for one the configuration leaves unplaced).
    pub hosts: Vec<Option<String>>,
    /// Its availability on the model (an unplaced replica counts as down).
    pub availability: Availability,
}

/// What one export target guarantees on this topology, beside our optimum.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Guarantee {
    /// The target's CLI id (`k8s`, `nova`, `nomad`, `crush`).
    pub target: String,
    /// What the exported configuration enforces, in words; nothing else binds the scheduler.
    pub enforced: Vec<String>,
    /// How the worst placement was found.
    pub method: Method,
    /// Placements (or CRUSH placement groups) judged.
    pub placements: u64,
    /// The worst placement the configuration allows; `null` when it allows none.
    pub worst: Option<WorstPlacement>,
    /// Our optimal placement's availability; `null` when the request cannot be placed.
    pub optimum: Option<Availability>,
    /// "guaranteed 3.2 nines, optimum 4.6 nines" with what it rests on, to two figures.
    pub summary: String,
    /// Things worth knowing (a search that stopped early, hosts the twin could not name).
    pub warnings: Vec<String>,
    /// Kubernetes on real nodes only (`kubectl get nodes -o json`): what kube-scheduler's twin
    /// does with the exported manifest ([`kubernetes_twin`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub twin: Option<Twin>,
}

/// kube-scheduler's twin on the exported manifest: its worst case (adversarial tie-breaks) and
/// its seeded distribution, on the availability model.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Twin {
    /// The node of each replica in the worst case (`null`: left Pending).
    pub worst_nodes: Vec<Option<String>>,
    /// The worst case's availability (a Pending replica counts as down).
    pub worst: Availability,
    /// Seeded runs.
    pub runs: u32,
    /// How many different placements they produced.
    pub distinct_placements: u32,
    /// Runs that left a replica Pending.
    pub runs_with_pending: u32,
    /// `p_quorum_lost` over the runs: lowest, median, highest.
    #[serde(serialize_with = "crate::availability::figures::two_probability")]
    pub p_quorum_lost: [f64; 3],
}

/// Runs the twin on the exported Kubernetes manifest (`text`) over these nodes: the worst case
/// and [`crate::kube::audit::DEFAULT_RUNS`] seeded runs from seed 1. `None` when the text holds
/// no workload.
pub fn kubernetes_twin(estate: &Estate, text: &str, quorum: u32) -> Option<Twin> {
    let workload = read_workloads(text).ok()?.into_iter().next()?;
    let worst = worst_case(estate, &workload, quorum);
    let runs = distribution(estate, &workload, quorum, DEFAULT_RUNS, 1);
    Some(Twin {
        worst_nodes: worst.nodes,
        worst: worst.availability,
        runs: runs.runs,
        distinct_placements: runs.distinct_placements,
        runs_with_pending: runs.runs_with_pending,
        p_quorum_lost: runs.p_quorum_lost,
    })
}

/// What a target's configuration enforces, as a request (and a pin to one domain).
struct Enforced {
    request: Request,
    pin: Option<Within>,
    words: Vec<String>,
}

/// The guarantee of `target` for this request on this topology (places the request first); the
/// one call for a shell that shows "guaranteed X, optimum Y". `None` for the Markdown report.
pub fn guarantee(target: Target, topology: &Topology, request: &Request) -> Option<Guarantee> {
    guarantee_for(target, topology, request, &plan(topology, request))
}

/// [`guarantee`] with the request's plan already at hand.
pub fn guarantee_for(
    target: Target,
    topology: &Topology,
    request: &Request,
    plan: &Plan,
) -> Option<Guarantee> {
    let optimum = plan.availability.clone();
    match target {
        Target::Markdown => None,
        Target::Crush => Some(crush_guarantee(
            crush_worst(topology, request, plan),
            format!("the CRUSH rule `{DEFAULT_NAME}`"),
            topology,
            request,
            plan,
        )),
        Target::Kubernetes => {
            let enforced = enforced(target, topology, request, plan);
            let pin = enforced.pin.as_ref();
            let (stacked, warning) = slots_not_enforced(topology, &enforced.request, pin);
            let mut guarantee = guarantee_of_rules(
                target.id(),
                &stacked,
                &enforced.request,
                pin,
                enforced.words,
                optimum,
            );
            guarantee.warnings.extend(warning);
            Some(guarantee)
        }
        Target::Nova | Target::Nomad => {
            let enforced = enforced(target, topology, request, plan);
            let fits = region_fit(target, &enforced, topology);
            // The export's lossy notes say why (`one_region_note`); the guarantee, how many.
            let mut found = worst_of_rules(topology, &enforced.request, None, fits.placeable);
            if fits.placeable < request.replicas {
                found.warnings.push(format!(
                    "{} of {} replicas are never placed: no region holds them all under this \
                     configuration (counted as down)",
                    request.replicas - fits.placeable,
                    request.replicas
                ));
            }
            Some(found.guarantee(
                target.id(),
                topology,
                request.quorum,
                enforced.words,
                optimum,
            ))
        }
    }
}

/// kube-scheduler fits pods to a node by their resource requests, and the exported Deployment
/// requests none: nothing but its scheduling terms keeps replicas off a node beyond the host's
/// slots. The topology the Kubernetes guarantee is searched on — every schedulable host's slots
/// raised to the replica count (a host without a slot stays cordoned) — and, when the enforced
/// rules then let some host the request may use take more replicas than its slots, the warning
/// that says so and what to add.
fn slots_not_enforced(
    topology: &Topology,
    request: &Request,
    pin: Option<&Within>,
) -> (Topology, Option<String>) {
    let mut stacked = topology.clone();
    for host in &mut stacked.hosts {
        if host.slots > 0 {
            host.slots = host.slots.max(request.replicas);
        }
    }
    // The most replicas the rules let one host take: a `max_per_domain` on a kind the host has
    // (or on `host`) caps it, as every host lies in one domain of each kind it has.
    let most_on = |host: &crate::topology::Host| {
        request
            .rules
            .iter()
            .filter(|rule| rule.kind == HOST_KIND || host.domains.contains_key(&rule.kind))
            .filter_map(|rule| match rule.limit {
                Limit::MaxPerDomain(cap) => Some(cap),
                _ => None,
            })
            .fold(request.replicas, u32::min)
    };
    let short: Vec<String> = topology
        .hosts
        .iter()
        .filter(|host| host.slots > 0 && host.slots < most_on(host) && request.selects(host))
        .filter(|host| {
            pin.is_none_or(|within| host.domains.get(&within.kind) == Some(&within.domain))
        })
        .map(|host| format!("`{}` has {}", host.name, host.slots))
        .collect();
    let warning = (!short.is_empty()).then(|| {
        format!(
            "the Deployment requests no resources, so kube-scheduler may put more replicas on a \
             node than its host's slots ({}{}): the guarantee assumes it does; add the rule \
             {{\"kind\": \"{HOST_KIND}\", \"max_per_domain\": 1}} (required anti-affinity on \
             `{HOSTNAME}`) or resource requests that fit no more pods on a node than its slots",
            short.iter().take(3).cloned().collect::<Vec<_>>().join(", "),
            match short.len() {
                0..=3 => String::new(),
                n => format!(" and {} more", n - 3),
            }
        )
    });
    (stacked, warning)
}

/// How many replicas a target that schedules inside one region (Nova, Nomad) can place under
/// what it enforces, and when that is fewer than all, why, in one sentence.
struct RegionFit {
    placeable: u32,
    note: Option<String>,
}

/// The most replicas the enforced rules allow inside one region (all of them when they fit, or
/// when the target is not held to one region), and when fewer, the sentence that says so: the
/// scheduler places what fits and leaves the rest unplaced, counted as down. The solver decides
/// each count, so it is the largest any placement reaches.
fn region_fit(target: Target, enforced: &Enforced, topology: &Topology) -> RegionFit {
    let request = &enforced.request;
    let all = RegionFit {
        placeable: request.replicas,
        note: None,
    };
    if request.scope.is_none() {
        return all;
    }
    let Some(conflict) = place(topology, request).conflict else {
        return all;
    };
    let placeable = (1..request.replicas)
        .rev()
        .find(|&replicas| {
            place(
                topology,
                &Request {
                    replicas,
                    ..request.clone()
                },
            )
            .feasible
        })
        .unwrap_or(0);
    let (unit, each) = match target {
        Target::Nova => ("a server group lives", "one server group"),
        _ => ("a job runs", "one job"),
    };
    RegionFit {
        placeable,
        note: Some(format!(
            "{unit} in one region, and no region of this topology holds all {} replicas under \
             what the configuration enforces ({}): it places at most {placeable} and leaves {} \
             unplaced (counted as down); {each} per region would place them",
            request.replicas,
            conflict.explanation,
            request.replicas - placeable
        )),
    }
}

/// The lossy entry of a target that schedules inside one region when no region holds every
/// replica under its configuration (see [`region_fit`]); `None` otherwise, and when the request
/// cannot be placed at all (its own warning says so).
pub(crate) fn one_region_note(
    target: Target,
    topology: &Topology,
    request: &Request,
    plan: &Plan,
) -> Option<String> {
    if !matches!(target, Target::Nova | Target::Nomad) || !plan.placement.feasible {
        return None;
    }
    region_fit(target, &enforced(target, topology, request, plan), topology).note
}

/// The guarantee of a configuration that enforces exactly `request` (with `pin`, inside that
/// domain of its scope kind), described by `enforced`, beside an optimum: what `check k8s` shows
/// for a manifest's hard rules.
pub fn guarantee_of_rules(
    target: &str,
    topology: &Topology,
    request: &Request,
    pin: Option<&Within>,
    enforced: Vec<String>,
    optimum: Option<Availability>,
) -> Guarantee {
    worst_of_rules(topology, request, pin, request.replicas).guarantee(
        target,
        topology,
        request.quorum,
        enforced,
        optimum,
    )
}

/// The worst placement of `placed` of the request's replicas that `request`'s rules allow (with
/// `pin`), the others unplaced (out-of-range hosts, down on the model); none when `placed` is 0.
fn worst_of_rules(
    topology: &Topology,
    request: &Request,
    pin: Option<&Within>,
    placed: u32,
) -> Found {
    let fewer = Request {
        replicas: placed,
        ..request.clone()
    };
    let (worst, placements, complete) = if placed == 0 {
        (None, 0, true)
    } else {
        search_worst(topology, &fewer, pin, &Judge::new(topology))
    };
    let mut warnings = Vec::new();
    if !complete {
        warnings.push(format!(
            "the search stopped after {placements} placements: a worse placement the \
             configuration allows may exist"
        ));
    }
    Found {
        worst: worst.map(|mut hosts| {
            hosts.resize(request.replicas as usize, topology.hosts.len());
            hosts
        }),
        placements,
        method: if complete {
            Method::Exhaustive
        } else {
            Method::Partial
        },
        warnings,
    }
}

/// What a search or the twin found, before it is assessed in full.
struct Found {
    worst: Option<Vec<usize>>,
    placements: u64,
    method: Method,
    warnings: Vec<String>,
}

impl Found {
    fn guarantee(
        self,
        target: &str,
        topology: &Topology,
        quorum: u32,
        enforced: Vec<String>,
        optimum: Option<Availability>,
    ) -> Guarantee {
        let mut warnings = self.warnings;
        let worst = self.worst.map(|hosts| WorstPlacement {
            hosts: hosts
                .iter()
                .map(|&h| topology.hosts.get(h).map(|host| host.name.clone()))
                .collect(),
            availability: assess(topology, &hosts, quorum),
        });
        if worst.is_none() {
            warnings.push(
                "the configuration allows no placement of every replica on this topology"
                    .to_owned(),
            );
        }
        let summary = summary(worst.as_ref(), optimum.as_ref());
        Guarantee {
            target: target.to_owned(),
            enforced,
            method: self.method,
            placements: self.placements,
            worst,
            optimum,
            summary,
            warnings,
            twin: None,
        }
    }
}

/// The Markdown report's "What you will get" section: per target, the guarantee beside the
/// optimum, the worst placement and what the configuration enforces.
pub fn markdown_section(topology: &Topology, request: &Request, plan: &Plan) -> String {
    let mut out = String::from("\n## What you will get\n\n");
    if !plan.placement.feasible {
        out.push_str(
            "The request cannot be placed on this topology: no target guarantees anything.\n",
        );
        return out;
    }
    out.push_str(
        "Applied as written, each target's scheduler may choose any placement its configuration \
         allows. The worst of them, on the same availability model as above, is what the \
         configuration guarantees; ours is the optimum.\n\n",
    );
    out.push_str("| target | guaranteed | the worst placement | enforced |\n");
    out.push_str("| --- | --- | --- | --- |\n");
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    for target in [
        Target::Kubernetes,
        Target::Nova,
        Target::Nomad,
        Target::Crush,
    ] {
        let Some(g) = guarantee_for(target, topology, request, plan) else {
            continue;
        };
        let (figure, hosts) = match &g.worst {
            Some(worst) => (
                figure(&worst.availability),
                hosts_words(&worst.hosts, "(unplaced)"),
            ),
            None => (
                "nothing".to_owned(),
                "no placement of every replica".to_owned(),
            ),
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            g.target,
            figure,
            cell(&hosts),
            cell(&g.enforced.join("; "))
        ));
    }
    if let Some(optimum) = &plan.availability {
        out.push_str(&format!("\nOur optimum: {}.\n", figure(optimum)));
    }
    out
}

/// "3.2 nines (range 2.4–4.1)": two figures and the range the rates' bounds imply; "no
/// quorum" when too few replicas are placed for one ever to be up.
fn figure(a: &Availability) -> String {
    if a.p_quorum_lost >= 1.0 {
        return crate::report::plan::NO_QUORUM.to_owned();
    }
    let [fewest, most] = a.bounds.nines;
    format!(
        "{} nines (range {}–{})",
        nines(a.nines),
        nines(fewest),
        nines(most)
    )
}

/// "guaranteed 3.2 nines (range …), optimum 4.6 nines".
fn summary(worst: Option<&WorstPlacement>, optimum: Option<&Availability>) -> String {
    let guaranteed = worst.map_or("nothing: no placement of every replica".to_owned(), |w| {
        figure(&w.availability)
    });
    let best = optimum.map_or("none: the request cannot be placed".to_owned(), figure);
    format!("guaranteed {guaranteed}; optimum {best}")
}

/// What `target` enforces (never CRUSH or Markdown).
fn enforced(target: Target, topology: &Topology, request: &Request, plan: &Plan) -> Enforced {
    let mut enforced = Request {
        select: BTreeMap::new(),
        scope: None,
        rules: Vec::new(),
        ..request.clone()
    };
    let mut pin = None;
    let one_region = topology.kinds.iter().any(|kind| kind == "region");
    match target {
        Target::Kubernetes => {
            enforced.select = request.select.clone();
            enforced.rules = kubernetes::enforced_rules(request, topology);
            if let Some(within) = &plan.placement.scope {
                enforced.scope = Some(within.kind.clone());
                pin = Some(within.clone());
            }
        }
        Target::Nova => {
            if let Some(cap) = nova::enforced_host_cap(request) {
                enforced.rules.push(Rule {
                    kind: HOST_KIND.to_owned(),
                    limit: Limit::MaxPerDomain(cap),
                });
            }
            enforced.scope = one_region.then(|| "region".to_owned());
        }
        Target::Nomad => {
            enforced.select = request.select.clone();
            enforced.rules = nomad::enforced_rules(request);
            enforced.scope = one_region.then(|| "region".to_owned());
        }
        Target::Crush | Target::Markdown => {}
    }
    let mut words = rules_in_words(&enforced, pin.as_ref());
    // Kubernetes fits pods by resource requests, and its export requests none.
    if target != Target::Kubernetes {
        words.push("no host beyond its slots".to_owned());
    }
    Enforced {
        request: enforced,
        pin,
        words,
    }
}

/// A request's rules, selection and scope (or pin) in words, as `enforced` lists them.
pub fn rules_in_words(request: &Request, pin: Option<&Within>) -> Vec<String> {
    let mut words: Vec<String> = request.rules.iter().map(ToString::to_string).collect();
    if !request.select.is_empty() {
        words.push(format!(
            "only hosts labelled {}",
            request.selection().join(", ")
        ));
    }
    match (pin, &request.scope) {
        (Some(within), _) => words.push(format!(
            "every replica in {} `{}`",
            plural(&within.kind, 1),
            within.domain
        )),
        (None, Some(kind)) => words.push(format!("every replica in one {}", plural(kind, 1))),
        (None, None) => {}
    }
    words
}

/// What the search for the worst placement found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// The worst placement's replica hosts (ascending); `None` when no placement is allowed.
    pub hosts: Option<Vec<usize>>,
    /// Placements judged.
    pub placements: u64,
    /// Whether that was every placement allowed (else the budget ran out).
    pub complete: bool,
}

/// The worst placement (largest `p_quorum_lost` on the model, the first found on a tie) that
/// `request` allows on `topology` — with `pin`, only inside that domain of the request's scope
/// kind — within [`PLACEMENTS`] and [`STEPS`].
pub fn worst_allowed(topology: &Topology, request: &Request, pin: Option<&Within>) -> Search {
    let (hosts, placements, complete) = search_worst(topology, request, pin, &Judge::new(topology));
    Search {
        hosts,
        placements,
        complete,
    }
}

/// [`worst_allowed`] with the judge at hand, as a tuple.
fn search_worst(
    topology: &Topology,
    request: &Request,
    pin: Option<&Within>,
    judge: &Judge,
) -> (Option<Vec<usize>>, u64, bool) {
    let quorum = request.quorum;
    let mut reach = Reach {
        placements: PLACEMENTS,
        steps: STEPS,
    };
    let mut seen: HashMap<Vec<u32>, f64> = HashMap::new();
    let mut worst: Option<(f64, Vec<usize>)> = None;
    let complete = each_placement(topology, request, pin, &mut reach, &mut |hosts| {
        let lost = *seen
            .entry(placement_shape(topology, hosts))
            .or_insert_with(|| judge.p_quorum_lost(topology, hosts, quorum));
        if worst.as_ref().is_none_or(|(most, _)| lost > *most) {
            worst = Some((lost, hosts.to_vec()));
        }
    });
    (
        worst.map(|(_, hosts)| hosts),
        PLACEMENTS - reach.placements,
        complete,
    )
}

/// The CRUSH export compiled by the twin and its pool of [`CRUSH_PGS`] placement groups
/// simulated on `topology` ([`simulate_pool_on`]): the least available group's replica hosts
/// (a replica on no host of the topology, or missing from a short group, as an out-of-range
/// host, counted down), how many groups were mapped, and warnings.
fn crush_worst(
    topology: &Topology,
    request: &Request,
    plan: &Plan,
) -> (Option<Vec<usize>>, u64, Vec<String>) {
    let text = super::crush(request, topology, &plan.placement, &Options::default()).text;
    let map = match crate::crush::read(&text) {
        Ok(map) => map,
        Err(error) => {
            return (
                None,
                0,
                vec![format!("the exported CRUSH map does not compile: {error}")],
            );
        }
    };
    let Some(rule) = map.rules.values().find(|rule| rule.name == DEFAULT_NAME) else {
        return (
            None,
            0,
            vec!["the exported CRUSH map has no rule".to_owned()],
        );
    };
    crush_worst_on(&map, rule.id, topology, request)
}

/// [`crush_worst`] on a map at hand and its rule `rule`.
fn crush_worst_on(
    map: &CrushMap,
    rule: u32,
    topology: &Topology,
    request: &Request,
) -> (Option<Vec<usize>>, u64, Vec<String>) {
    let pool = Pool {
        id: 1,
        rule,
        size: request.replicas as usize,
        pg_num: CRUSH_PGS,
        max_osd: map.max_devices,
        out: Vec::new(),
    };
    let simulation = simulate_pool_on(map, &pool, request.quorum, Some(request), topology);
    let by_name: HashMap<&str, usize> = topology
        .hosts
        .iter()
        .enumerate()
        .map(|(h, host)| (host.name.as_str(), h))
        .collect();
    let missing = topology.hosts.len();
    let mut hosts: Vec<usize> = simulation
        .availability
        .worst_hosts
        .iter()
        .map(|host| {
            host.as_deref()
                .and_then(|name| by_name.get(name).copied())
                .unwrap_or(missing)
        })
        .collect();
    hosts.resize(pool.size, missing);
    hosts.sort_unstable();
    (Some(hosts), u64::from(CRUSH_PGS), simulation.warnings)
}

/// What the CRUSH rule `rule` of the user's own map (`map`, our rule added) guarantees for
/// `request` on the topology read from that map: the worst of [`CRUSH_PGS`] placement groups
/// mapped by the twin, beside the optimum `plan` found.
pub fn guarantee_on_map(
    map: &CrushMap,
    rule: u32,
    topology: &Topology,
    request: &Request,
    plan: &Plan,
) -> Guarantee {
    let name = map
        .rules
        .get(&rule)
        .map_or(DEFAULT_NAME, |rule| rule.name.as_str());
    crush_guarantee(
        crush_worst_on(map, rule, topology, request),
        format!("the CRUSH rule `{name}` on your map"),
        topology,
        request,
        plan,
    )
}

/// The CRUSH guarantee from the twin's worst placement group (`worst`: its hosts, the groups
/// mapped, warnings) of `rule_words`, beside the optimum `plan` found.
fn crush_guarantee(
    (worst, placements, warnings): (Option<Vec<usize>>, u64, Vec<String>),
    rule_words: String,
    topology: &Topology,
    request: &Request,
    plan: &Plan,
) -> Guarantee {
    let words = vec![format!("{rule_words}, over {CRUSH_PGS} placement groups")];
    let found = Found {
        worst,
        placements,
        method: Method::Twin,
        warnings,
    };
    let optimum = plan.availability.clone();
    found.guarantee(Target::Crush.id(), topology, request.quorum, words, optimum)
}

#[cfg(test)]
mod tests;
