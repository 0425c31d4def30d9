//! Fuzzes placement on decoded inputs: the input is a native topology and a request, separated by
//! a NUL byte. Kept small (at most 64 hosts, 16 replicas) so runs stay fast. Never a panic; a
//! feasible placement satisfies every slot, the selection and every rule (the placement rules, written out
//! here independently of the solver); an infeasible one names only rules that exist. On tiny
//! instances (at most 8 hosts, 4 replicas) a brute-force oracle also checks that the solver is
//! complete, optimal in blast radius, and that a conflict is infeasible on its own and feasible
//! after dropping any one of its rules.
#![no_main]

use std::collections::{BTreeMap, BTreeSet};

use libfuzzer_sys::fuzz_target;
use tenancy_core::plan::plan;
use tenancy_core::topology::HOST_KIND;
use tenancy_core::{Limit, Request, Rule, Topology};

const MAX_HOSTS: usize = 64;
const MAX_REPLICAS: u32 = 16;
/// Instances the brute-force oracle checks: every way to put the replicas on the hosts.
const ORACLE_HOSTS: usize = 8;
const ORACLE_REPLICAS: u32 = 4;

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|&b| b == 0) else {
        return;
    };
    let (Ok(topology_text), Ok(request_text)) = (
        std::str::from_utf8(&data[..split]),
        std::str::from_utf8(&data[split + 1..]),
    ) else {
        return;
    };
    let Ok(topology) = Topology::from_json_str(topology_text) else {
        return;
    };
    if topology.hosts.len() > MAX_HOSTS {
        return;
    }
    let Ok(request) = Request::from_json_str(request_text, &topology) else {
        return;
    };
    if request.replicas > MAX_REPLICAS {
        return;
    }
    let plan = plan(&topology, &request);
    let _ = plan.to_json_string();
    let placement = &plan.placement;
    if topology.hosts.len() <= ORACLE_HOSTS && request.replicas <= ORACLE_REPLICAS {
        agrees_with_oracle(&topology, &request, &plan);
    }
    if !placement.feasible {
        assert!(
            plan.availability.is_none(),
            "availability without a placement"
        );
        let conflict = placement
            .conflict
            .as_ref()
            .expect("infeasible names a conflict");
        assert!(
            conflict.rules.iter().all(|&i| i < request.rules.len()),
            "conflict names a rule that does not exist: {:?}",
            conflict.rules
        );
        return;
    }
    check(&topology, &request, &plan.replica_hosts(&topology));
    let assignments = placement
        .assignments
        .as_ref()
        .expect("feasible has assignments");
    assert_eq!(
        assignments.len(),
        request.replicas as usize,
        "every replica placed"
    );
    let availability = plan
        .availability
        .as_ref()
        .expect("feasible has availability");
    assert!(
        (0.0..=1.0).contains(&availability.p_quorum),
        "p_quorum {} out of range",
        availability.p_quorum
    );
    // The range from the rates' bounds brackets the point value (the model is monotone in every
    // component's downtime), and the frequency view is finite and non-negative.
    let [low, high] = availability.bounds.p_quorum_lost;
    let slack = 1e-12 + 1e-9 * availability.p_quorum_lost;
    assert!(
        low <= availability.p_quorum_lost + slack && availability.p_quorum_lost <= high + slack,
        "bounds {low}..{high} do not bracket {}",
        availability.p_quorum_lost
    );
    if let Some(frequency) = availability.frequency {
        assert!(
            frequency.losses_per_year.is_finite() && frequency.losses_per_year >= 0.0,
            "losses a year {}",
            frequency.losses_per_year
        );
        assert!((0.0..=1.0).contains(&frequency.p_loss_in_a_year));
    }
});

/// Asserts that replicas on these hosts satisfy slots, selection and every rule.
fn check(topology: &Topology, request: &Request, hosts: &[usize]) {
    assert_eq!(
        hosts.len(),
        request.replicas as usize,
        "every replica on a known host"
    );
    let mut loads = vec![0u32; topology.hosts.len()];
    for &h in hosts {
        loads[h] += 1;
    }
    let eligible = |h: usize| {
        let host = &topology.hosts[h];
        host.slots > 0
            && request
                .select
                .iter()
                .all(|(k, v)| host.labels.get(k) == Some(v))
            && request
                .rules
                .iter()
                .all(|r| r.kind == HOST_KIND || host.domains.contains_key(&r.kind))
    };
    for (h, host) in topology.hosts.iter().enumerate() {
        assert!(
            loads[h] <= host.slots,
            "host `{}` over its slots",
            host.name
        );
        assert!(
            loads[h] == 0 || eligible(h),
            "host `{}` is not eligible",
            host.name
        );
    }
    for (index, rule) in request.rules.iter().enumerate() {
        let mut per_domain: BTreeMap<&str, u32> = BTreeMap::new();
        for (h, host) in topology.hosts.iter().enumerate() {
            let domain = if rule.kind == HOST_KIND {
                Some(host.name.as_str())
            } else {
                host.domains.get(&rule.kind).map(String::as_str)
            };
            if let Some(domain) = domain.filter(|_| eligible(h)) {
                *per_domain.entry(domain).or_insert(0) += loads[h];
            }
        }
        let most = per_domain.values().max().copied().unwrap_or(0);
        let least = per_domain.values().min().copied().unwrap_or(0);
        let used = per_domain.values().filter(|&&l| l > 0).count() as u32;
        let holds = match rule.limit {
            Limit::MaxPerDomain(m) => most <= m,
            Limit::MinDomains(n) => used >= n,
            Limit::MaxSkew(s) => most - least <= s,
        };
        assert!(
            holds,
            "rules[{index}] ({rule}) broken: loads {per_domain:?}"
        );
    }
}

/// Replicas per host, parallel to the topology's hosts.
type Loads = Vec<u32>;

/// Whether a host may take replicas under these rules.
fn eligible(topology: &Topology, request: &Request, rules: &[&Rule], h: usize) -> bool {
    let host = &topology.hosts[h];
    host.slots > 0
        && request
            .select
            .iter()
            .all(|(k, v)| host.labels.get(k) == Some(v))
        && rules
            .iter()
            .all(|r| r.kind == HOST_KIND || host.domains.contains_key(&r.kind))
}

/// Whether the loads satisfy slots, selection and these rules (the placement rules written out directly).
fn valid(topology: &Topology, request: &Request, rules: &[&Rule], loads: &Loads) -> bool {
    let is_eligible = |h: usize| eligible(topology, request, rules, h);
    if (0..loads.len()).any(|h| loads[h] > 0 && !is_eligible(h)) {
        return false;
    }
    rules.iter().all(|rule| {
        let mut per_domain: BTreeMap<&str, u32> = BTreeMap::new();
        for (h, host) in topology.hosts.iter().enumerate() {
            let domain = if rule.kind == HOST_KIND {
                Some(host.name.as_str())
            } else {
                host.domains.get(&rule.kind).map(String::as_str)
            };
            if let Some(domain) = domain.filter(|_| is_eligible(h)) {
                *per_domain.entry(domain).or_insert(0) += loads[h];
            }
        }
        let most = per_domain.values().max().copied().unwrap_or(0);
        let least = per_domain.values().min().copied().unwrap_or(0);
        match rule.limit {
            Limit::MaxPerDomain(m) => most <= m,
            Limit::MinDomains(n) => per_domain.values().filter(|&&l| l > 0).count() as u32 >= n,
            Limit::MaxSkew(s) => most - least <= s,
        }
    })
}

/// Per kind widest first, then host: the most replicas in one domain.
fn blast_radius(topology: &Topology, loads: &Loads) -> Vec<u32> {
    let mut radius = Vec::new();
    for kind in topology.kinds.iter().map(String::as_str).chain([HOST_KIND]) {
        let mut per_domain: BTreeMap<&str, u32> = BTreeMap::new();
        for (h, host) in topology.hosts.iter().enumerate() {
            let domain = if kind == HOST_KIND {
                Some(host.name.as_str())
            } else {
                host.domains.get(kind).map(String::as_str)
            };
            if let Some(domain) = domain {
                *per_domain.entry(domain).or_insert(0) += loads[h];
            }
        }
        radius.push(per_domain.values().max().copied().unwrap_or(0));
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
    walk(
        topology,
        0,
        replicas,
        &mut vec![0; topology.hosts.len()],
        &mut out,
    );
    out
}

/// The lexicographically smallest blast radius of a valid placement under these rules.
fn optimum(topology: &Topology, request: &Request, rules: &[&Rule]) -> Option<Vec<u32>> {
    assignments(topology, request.replicas)
        .into_iter()
        .filter(|loads| valid(topology, request, rules, loads))
        .map(|loads| blast_radius(topology, &loads))
        .min()
}

fn subset<'r>(request: &'r Request, indices: &BTreeSet<usize>) -> Vec<&'r Rule> {
    indices.iter().map(|&i| &request.rules[i]).collect()
}

/// Complete, optimal, and a minimal conflict, as the brute force sees it.
fn agrees_with_oracle(topology: &Topology, request: &Request, plan: &tenancy_core::plan::Plan) {
    let placement = &plan.placement;
    let all: Vec<&Rule> = request.rules.iter().collect();
    let expected = optimum(topology, request, &all);
    assert_eq!(
        placement.feasible,
        expected.is_some(),
        "feasibility disagrees with the oracle"
    );
    if let Some(best) = expected {
        let mut loads = vec![0u32; topology.hosts.len()];
        for h in plan.replica_hosts(topology) {
            loads[h] += 1;
        }
        assert!(
            valid(topology, request, &all, &loads),
            "the oracle finds {loads:?} invalid"
        );
        assert_eq!(
            placement.optimal,
            Some(true),
            "a tiny instance is solved to optimality"
        );
        assert_eq!(
            blast_radius(topology, &loads),
            best,
            "not optimal in blast radius"
        );
        assert_eq!(
            placement.blast_radius(topology),
            best,
            "the spread misreports the blast radius"
        );
        return;
    }
    let conflict = placement
        .conflict
        .as_ref()
        .expect("infeasible names a conflict");
    assert!(conflict.proven, "a tiny instance's conflict is proven");
    let set: BTreeSet<usize> = conflict.rules.iter().copied().collect();
    assert_eq!(
        set.len(),
        conflict.rules.len(),
        "no rule twice in the conflict"
    );
    assert!(
        optimum(topology, request, &subset(request, &set)).is_none(),
        "the conflict {set:?} is feasible on its own"
    );
    for &dropped in &set {
        let mut smaller = set.clone();
        smaller.remove(&dropped);
        assert!(
            optimum(topology, request, &subset(request, &smaller)).is_some(),
            "dropping rules[{dropped}] from the conflict {set:?} leaves it infeasible"
        );
    }
}
