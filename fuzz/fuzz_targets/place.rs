//! Fuzzes placement on decoded inputs: the input is a native topology and a request, separated by
//! a NUL byte. Kept small (at most 64 hosts, 16 replicas) so runs stay fast. Never a panic; a
//! feasible placement satisfies every slot, the selection, the scope and every rule (judged by
//! the shared oracle crate, `tenancy-oracle`, independently of the solver); an infeasible one
//! names only rules that exist. On tiny instances (at most 8 hosts, 4 replicas) the oracle's brute
//! force also checks that the solver is complete, optimal in blast radius, and that a conflict is
//! infeasible on its own and feasible after dropping any one of its members.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenancy_core::plan::plan;
use tenancy_core::{Request, Topology};
use tenancy_oracle::{Part, agrees, loads_of, valid};

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
        if let Err(disagreement) = agrees(&topology, &request, placement) {
            panic!("the oracle disagrees: {disagreement}");
        }
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
    let loads = loads_of(&topology, placement).unwrap_or_else(|problem| panic!("{problem}"));
    assert_eq!(
        loads.iter().sum::<u32>(),
        request.replicas,
        "every replica placed"
    );
    assert!(
        valid(&topology, &Part::all(&request), &loads),
        "the placement breaks a slot, the selection, the scope or a rule: {loads:?}"
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
