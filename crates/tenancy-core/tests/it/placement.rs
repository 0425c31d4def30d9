//! The solver against the brute-force oracle (`tenancy-oracle`) on random small topologies with
//! cross-cutting kinds, slots, labels, missing domains, selections, scopes and random rules.

use std::collections::BTreeMap;

use proptest::prelude::*;
use tenancy_core::topology::{HOST_KIND, Host};
use tenancy_core::{Limit, Request, Rule, Topology, place};

/// Kinds widest first; `pdu` and `switch` are drawn independently of `rack`, so they cut across
/// racks and data centers (a PDU feeding two racks, a switch shared by racks).
const KINDS: [&str; 4] = ["datacenter", "pdu", "rack", "switch"];

/// One host: rack (which fixes its data center), PDU, switch, each possibly missing; slots; pool.
type HostSpec = (u8, u8, u8, [bool; 4], u32, Option<bool>);

fn host_spec() -> impl Strategy<Value = HostSpec> {
    (
        0u8..4,
        0u8..3,
        0u8..3,
        proptest::array::uniform4(proptest::bool::weighted(0.1)),
        prop_oneof![1 => Just(0u32), 5 => Just(1u32), 3 => Just(2u32), 2 => Just(3u32)],
        proptest::option::of(any::<bool>()),
    )
}

fn topology(specs: &[HostSpec]) -> Topology {
    let hosts = specs
        .iter()
        .enumerate()
        .map(|(i, &(rack, pdu, switch, missing, slots, pool))| {
            let values = [
                format!("dc{}", rack / 2),
                format!("pdu{pdu}"),
                format!("rack{rack}"),
                format!("sw{switch}"),
            ];
            let domains = KINDS
                .iter()
                .zip(values)
                .zip(missing)
                .filter(|(_, missing)| !missing)
                .map(|((kind, value), _)| ((*kind).to_owned(), value))
                .collect();
            let labels = pool
                .map(|p| {
                    BTreeMap::from([("pool".to_owned(), if p { "a" } else { "b" }.to_owned())])
                })
                .unwrap_or_default();
            Host {
                name: format!("h{i}"),
                slots,
                labels,
                domains,
            }
        })
        .collect();
    let topology = Topology {
        version: 1,
        name: "random".to_owned(),
        kinds: KINDS.iter().map(|k| (*k).to_owned()).collect(),
        hosts,
        rates: BTreeMap::new(),
    };
    topology.validate().expect("generated topologies are valid");
    topology
}

fn rule() -> impl Strategy<Value = Rule> {
    let kind = proptest::sample::select(vec!["datacenter", "pdu", "rack", "switch", HOST_KIND]);
    let limit = prop_oneof![
        (1u32..=3).prop_map(Limit::MaxPerDomain),
        (1u32..=4).prop_map(Limit::MinDomains),
        (1u32..=2).prop_map(Limit::MaxSkew),
    ];
    (kind, limit).prop_map(|(kind, limit)| Rule {
        kind: kind.to_owned(),
        limit,
    })
}

/// No scope most of the time, else one of the kinds (a PDU cuts across data centers).
fn scope() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        3 => Just(None),
        1 => proptest::sample::select(vec!["datacenter", "pdu", "rack"]).prop_map(|k| Some(k.to_owned())),
    ]
}

fn request() -> impl Strategy<Value = Request> {
    (
        1u32..=5,
        proptest::bool::weighted(0.2),
        scope(),
        proptest::collection::vec(rule(), 0..=3),
    )
        .prop_map(|(replicas, select, scope, rules)| Request {
            select: if select {
                BTreeMap::from([("pool".to_owned(), "a".to_owned())])
            } else {
                BTreeMap::new()
            },
            scope,
            rules,
            ..Request::new(replicas)
        })
}

/// The solver's placement of the request, judged by the oracle.
fn agrees_with_oracle(topology: &Topology, request: &Request) -> Result<(), TestCaseError> {
    tenancy_oracle::agrees(topology, request, &place(topology, request))
        .map_err(TestCaseError::fail)
}

/// Requests that conflict more often: more replicas, more rules, every host with a slot.
fn crowded() -> impl Strategy<Value = (Vec<HostSpec>, Request)> {
    let hosts = proptest::collection::vec(host_spec(), 3..=7).prop_map(|specs| {
        specs
            .into_iter()
            // Racks 0 and 2 only (one per data center) and two PDUs: many hosts share every
            // domain, so classes of several interchangeable hosts are common.
            .map(|(rack, pdu, switch, missing, slots, pool)| {
                (
                    rack / 2 * 2,
                    pdu % 2,
                    switch,
                    missing,
                    slots.clamp(1, 2),
                    pool,
                )
            })
            .collect()
    });
    let request = (3u32..=5, scope(), proptest::collection::vec(rule(), 2..=4)).prop_map(
        |(replicas, scope, rules)| Request {
            scope,
            rules,
            ..Request::new(replicas)
        },
    );
    (hosts, request)
}

/// The default request of `survive` at `datacenter` or wider: whenever it can be placed, losing
/// any one domain of a capped kind leaves at least a quorum (when the quorum can survive at all).
fn survives_one_failure(survive: &str, replicas: u32) -> bool {
    let topology = tenancy_core::synthetic::generate(&tenancy_core::synthetic::BENCH_SHAPES[0]);
    let mut answers = tenancy_core::Answers::default();
    answers.set("survive", survive).unwrap();
    answers.set("replicas", &replicas.to_string()).unwrap();
    let request = Request::from_answers(&answers, &topology);
    let placement = place(&topology, &request);
    let Some(spread) = &placement.spread else {
        return false;
    };
    let spare = request.replicas - request.quorum;
    for kind in ["region", "datacenter", "rack", "pdu", "switch", HOST_KIND] {
        let survives = kind != "region" || survive != "datacenter";
        if survives && spare > 0 {
            assert!(
                spread[kind].max_per_domain <= spare,
                "{survive} {kind}: {spread:?}"
            );
        }
    }
    true
}

#[test]
fn default_requests_keep_quorum_through_one_failure() {
    let mut placed = 0;
    for survive in ["datacenter", "region", "planet"] {
        for replicas in 1..=12 {
            placed += usize::from(survives_one_failure(survive, replicas));
        }
    }
    assert!(
        placed >= 12,
        "only {placed} default requests could be placed"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn solver_agrees_with_the_oracle(
        specs in proptest::collection::vec(host_spec(), 1..=7),
        request in request(),
    ) {
        agrees_with_oracle(&topology(&specs), &request)?;
    }

    #[test]
    fn conflicts_are_minimal_on_crowded_requests((specs, request) in crowded()) {
        agrees_with_oracle(&topology(&specs), &request)?;
    }

    #[test]
    fn placement_is_deterministic(
        specs in proptest::collection::vec(host_spec(), 1..=7),
        request in request(),
    ) {
        let topology = topology(&specs);
        let first = place(&topology, &request).to_json_string();
        prop_assert_eq!(first, place(&topology, &request).to_json_string());
    }
}
