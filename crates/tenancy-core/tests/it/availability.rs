//! Availability against full enumeration of every host and domain state, on random small
//! topologies with cross-cutting kinds, random rates and random quorums.

use std::collections::BTreeMap;

use proptest::prelude::*;
use tenancy_core::availability::{Method, assess};
use tenancy_core::topology::{Host, Rate, Topology};

const KINDS: [&str; 3] = ["region", "rack", "pdu"];

/// λ·r pairs: never down, rarely, often, and always (u capped at 1).
const RATES: [(f64, f64); 5] = [
    (0.0, 4.0),
    (0.5, 4.0),
    (0.1, 6.0),
    (876.6, 5.0),
    (8766.0, 2.0),
];

#[derive(Debug, Clone)]
struct Case {
    topology: Topology,
    replicas: Vec<usize>,
    quorum: u32,
}

fn case() -> impl Strategy<Value = Case> {
    let host = proptest::collection::vec(proptest::option::weighted(0.85, 0..3_u8), KINDS.len());
    (
        proptest::collection::vec(host, 1..=5),
        proptest::collection::vec(0..RATES.len(), KINDS.len() + 1),
        proptest::collection::vec(any::<proptest::sample::Index>(), 1..=6),
        0..=7_u32,
    )
        .prop_map(|(hosts, rates, picks, quorum)| {
            let hosts: Vec<Host> = hosts
                .iter()
                .enumerate()
                .map(|(i, domains)| Host {
                    name: format!("h{i}"),
                    slots: 8,
                    labels: BTreeMap::new(),
                    domains: KINDS
                        .iter()
                        .zip(domains)
                        .filter_map(|(kind, d)| d.map(|d| (kind.to_string(), format!("{kind}{d}"))))
                        .collect(),
                })
                .collect();
            let rates = KINDS
                .iter()
                .chain(&["host"])
                .zip(&rates)
                .map(|(kind, &r)| {
                    let (failures_per_year, mttr_hours) = RATES[r];
                    (
                        kind.to_string(),
                        Rate {
                            failures_per_year,
                            mttr_hours,
                        },
                    )
                })
                .collect();
            let replicas = picks.iter().map(|p| p.index(hosts.len())).collect();
            let topology = Topology {
                version: 1,
                name: "random".into(),
                kinds: KINDS.iter().map(|k| k.to_string()).collect(),
                hosts,
                rates,
            };
            Case {
                topology,
                replicas,
                quorum,
            }
        })
}

/// Sums the probability of every joint state of the replica hosts and their domains in which at
/// least `quorum` replicas are up (and, separately, fewer).
fn enumerate(case: &Case) -> (f64, f64) {
    let topology = &case.topology;
    let u_of = |kind: &str| {
        let rate = topology.rates[kind];
        (rate.failures_per_year * rate.mttr_hours / 8766.0).min(1.0)
    };
    // Components: (u, which replicas they take down).
    let mut components: BTreeMap<(String, String), (f64, Vec<usize>)> = BTreeMap::new();
    for (replica, &host_idx) in case.replicas.iter().enumerate() {
        let host = &topology.hosts[host_idx];
        let key = ("host".to_string(), host.name.clone());
        components
            .entry(key)
            .or_insert((u_of("host"), vec![]))
            .1
            .push(replica);
        for (kind, domain) in &host.domains {
            let key = (kind.clone(), domain.clone());
            components
                .entry(key)
                .or_insert((u_of(kind), vec![]))
                .1
                .push(replica);
        }
    }
    let components: Vec<(f64, Vec<usize>)> = components.into_values().collect();
    let (mut up, mut lost) = (0.0, 0.0);
    for state in 0..1_u64 << components.len() {
        let mut weight = 1.0;
        let mut down = vec![false; case.replicas.len()];
        for (i, (u, replicas)) in components.iter().enumerate() {
            if state >> i & 1 == 1 {
                weight *= u;
                for &r in replicas {
                    down[r] = true;
                }
            } else {
                weight *= 1.0 - u;
            }
        }
        let n_up = down.iter().filter(|d| !**d).count() as u32;
        if n_up >= case.quorum {
            up += weight;
        } else {
            lost += weight;
        }
    }
    (up, lost)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn exact_availability_matches_enumeration(case in case()) {
        let result = assess(&case.topology, &case.replicas, case.quorum);
        let (up, lost) = enumerate(&case);
        prop_assert_eq!(result.method, Method::Exact);
        prop_assert!((result.p_quorum - up).abs() < 1e-12, "p {} vs {}", result.p_quorum, up);
        prop_assert!((result.p_quorum_lost - lost).abs() < 1e-12, "lost {} vs {}", result.p_quorum_lost, lost);
        if lost > 1e-300 {
            prop_assert!(((result.p_quorum_lost - lost) / lost).abs() < 1e-9, "relative: {} vs {}", result.p_quorum_lost, lost);
        }
        let worst = &result.worst_single_failure;
        prop_assert_eq!(worst.len(), KINDS.len() + 1);
        for row in worst {
            prop_assert_eq!(row.replicas_left + row.replicas_down, case.replicas.len() as u32);
        }
    }
}
