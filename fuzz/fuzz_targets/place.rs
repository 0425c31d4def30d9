//! Fuzzes placement on decoded inputs: the input is a native topology and a request, separated by
//! a NUL byte. Kept small (at most 64 hosts, 16 replicas) so runs stay fast. Never a panic; a
//! feasible placement satisfies every slot, the selection and every rule (SPEC §6, written out
//! here independently of the solver); an infeasible one names only rules that exist.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use tenancy_core::plan::plan;
use tenancy_core::topology::HOST_KIND;
use tenancy_core::{Limit, Request, Topology};

const MAX_HOSTS: usize = 64;
const MAX_REPLICAS: u32 = 16;

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
