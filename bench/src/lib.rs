//! The benchmark instances of `cargo xtask bench`, shared by the native timing binary and the wasm
//! harness, so both sides (and CP-SAT and crushtool, through the files the binary writes) solve
//! exactly the same topologies and requests.

use tenancy_core::crush::{CrushMap, Scratch, do_rule_into};
use tenancy_core::request::{Limit, Request, Rule};
use tenancy_core::solve::Placement;
use tenancy_core::synthetic::{self, BENCH_SHAPES, Shape};
use tenancy_core::topology::Topology;

pub mod kube;
pub mod published;
#[cfg(target_arch = "wasm32")]
mod wasm;

/// Maps inputs `0..inputs` through rule 0 of `map` with the core's CRUSH twin, `num_rep` replicas
/// each, as `crushtool --test --rule 0 --num-rep` does (`weights`: the map's default device
/// weights, computed once), calling `each` with every input and its mapping. One pass for the
/// native and the wasm timing alike (its two buffers are allocated once per pass).
pub fn crush_twin_pass(
    map: &CrushMap,
    weights: &[u32],
    num_rep: u32,
    inputs: u32,
    mut each: impl FnMut(u32, &[i32]),
) {
    let (mut scratch, mut result) = (Scratch::default(), Vec::new());
    let choose_args = map.choose_args_for(0);
    for x in 0..inputs {
        do_rule_into(
            map,
            0,
            std::hint::black_box(x),
            num_rep as usize,
            weights,
            choose_args,
            &mut scratch,
            &mut result,
        );
        each(x, std::hint::black_box(&result));
    }
}

/// One topology shape with one request, under a file-safe name.
#[derive(Debug, Clone)]
pub struct Instance {
    /// File-safe name, e.g. `4800-feasible`.
    pub name: String,
    /// The synthetic topology's shape.
    pub shape: Shape,
    /// What to place.
    pub request: Request,
    /// What the instance shows, one sentence for the report.
    pub note: String,
}

/// The request plus "at most 4 per region": 2 regions × at most 4 = 8 < 9 replicas.
pub fn infeasible_request() -> Request {
    let mut request = synthetic::request();
    request
        .rules
        .push(Rule::new("region", Limit::MaxPerDomain(4)));
    request
}

impl Instance {
    fn new(name: impl Into<String>, shape: Shape, request: Request, note: &str) -> Instance {
        Instance {
            name: name.into(),
            shape,
            request,
            note: note.to_owned(),
        }
    }
}

/// The solver comparisons (CP-SAT, wasm): 48 and 4,800 hosts, feasible and infeasible; with
/// `large`, also the 100,000-host topology (feasible).
pub fn solver_instances(large: bool) -> Vec<Instance> {
    let feasible = |shape: Shape| {
        Instance::new(
            format!("{}-feasible", shape.host_count()),
            shape,
            synthetic::request(),
            "9 replicas, ≥ 3 data centers, ≤ 3 per data center, ≤ 1 per rack, ≥ 9 PDUs",
        )
    };
    let mut out = Vec::new();
    for shape in &BENCH_SHAPES[..2] {
        out.push(feasible(*shape));
        out.push(Instance::new(
            format!("{}-infeasible", shape.host_count()),
            *shape,
            infeasible_request(),
            "the same plus ≤ 4 per region: 2 regions × 4 = 8 < 9 replicas",
        ));
    }
    if large {
        out.push(feasible(BENCH_SHAPES[2]));
    }
    out
}

/// The CRUSH comparisons over the tree part of the generated topologies (the switch kind, which
/// cuts across the PDUs, is in no rule): rules the export writes exactly, one tight, one it can
/// only write stricter (`min_domains`), and one infeasible.
pub fn crush_instances() -> Vec<Instance> {
    let crush = |name: &str, shape: Shape, rules: Vec<Rule>, note: &str| {
        let request = Request {
            rules,
            ..Request::new(9)
        };
        Instance::new(name, shape, request, note)
    };
    let [small, medium, ..] = BENCH_SHAPES;
    let dc3_rack1 = || {
        vec![
            Rule::new("datacenter", Limit::MaxPerDomain(3)),
            Rule::new("rack", Limit::MaxPerDomain(1)),
        ]
    };
    vec![
        crush(
            "crush-4800-dc3-rack1",
            medium,
            dc3_rack1(),
            "4,800 hosts: 9 replicas, ≤ 3 per data center, ≤ 1 per rack",
        ),
        crush(
            "crush-48-dc3-rack1",
            small,
            dc3_rack1(),
            "48 hosts: 9 replicas, ≤ 3 per data center, ≤ 1 per rack",
        ),
        crush(
            "crush-48-pdu1",
            small,
            vec![Rule::new("pdu", Limit::MaxPerDomain(1))],
            "48 hosts, tight: 9 replicas, ≤ 1 per PDU (16 PDUs of 2 or 4 hosts)",
        ),
        crush(
            "crush-48-dc4-rack1",
            small,
            vec![
                Rule::new("datacenter", Limit::MinDomains(4)),
                Rule::new("rack", Limit::MaxPerDomain(1)),
            ],
            "48 hosts: 9 replicas, ≥ 4 data centers (of 4), ≤ 1 per rack (not exact in CRUSH: \
             written stricter)",
        ),
        crush(
            "crush-48-room1",
            small,
            vec![Rule::new("room", Limit::MaxPerDomain(1))],
            "48 hosts, infeasible: 9 replicas, ≤ 1 per room (8 rooms)",
        ),
    ]
}

/// What a solve found, in one comparable line: the blast-radius vector (`2,3,1,1,1,1,1`) or
/// `infeasible` with the conflicting rules (`infeasible:4`).
pub fn outcome(placement: &Placement, topology: &Topology) -> String {
    if placement.feasible {
        tenancy_core::report::radius(&placement.blast_radius(topology))
    } else {
        let rules: Vec<String> = placement
            .conflict
            .as_ref()
            .map(|conflict| conflict.rules.iter().map(usize::to_string).collect())
            .unwrap_or_default();
        format!("infeasible:{}", rules.join(" "))
    }
}
