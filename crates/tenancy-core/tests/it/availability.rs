//! Availability against full enumeration of every host and domain state, on random small
//! topologies with cross-cutting kinds, random rates (common mode included) and random quorums;
//! and against a seeded discrete-event simulation of the failures and repairs themselves
//! (`simulation`).

use std::collections::BTreeMap;

use proptest::prelude::*;
use tenancy_core::availability::{Method, SingleFailure, assess};
use tenancy_core::topology::{COMMON_MODE, Host, Rate, Topology};

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
        proptest::collection::vec(0..RATES.len(), KINDS.len() + 2),
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
                .chain(&["host", COMMON_MODE])
                .zip(&rates)
                .map(|(kind, &r)| rate(kind, r))
                .collect();
            case_of("random", &KINDS, hosts, rates, &picks, quorum)
        })
}

/// One kind's rate from [`RATES`].
fn rate(kind: &str, index: usize) -> (String, Rate) {
    let (failures_per_year, mttr_hours) = RATES[index];
    (
        kind.to_string(),
        Rate {
            failures_per_year,
            mttr_hours,
        },
    )
}

/// A case of these hosts and rates, its replicas picked among the hosts.
fn case_of(
    name: &str,
    kinds: &[&str],
    hosts: Vec<Host>,
    rates: BTreeMap<String, Rate>,
    picks: &[proptest::sample::Index],
    quorum: u32,
) -> Case {
    let replicas = picks.iter().map(|p| p.index(hosts.len())).collect();
    let topology = Topology {
        version: 1,
        name: name.into(),
        kinds: kinds.iter().map(|k| k.to_string()).collect(),
        hosts,
        rates,
    };
    Case {
        topology,
        replicas,
        quorum,
    }
}

/// Every independent component of a case: (λ, u, which replicas it takes down), common mode
/// included as one component over every replica.
fn components(case: &Case) -> Vec<(f64, f64, Vec<usize>)> {
    let topology = &case.topology;
    let rate_of = |kind: &str| {
        let rate = topology.rates[kind];
        let u = (rate.failures_per_year * rate.mttr_hours / 8766.0).min(1.0);
        (rate.failures_per_year, u)
    };
    let mut components: BTreeMap<(String, String), (f64, f64, Vec<usize>)> = BTreeMap::new();
    for (replica, &host_idx) in case.replicas.iter().enumerate() {
        let host = &topology.hosts[host_idx];
        let kinds = [("host".to_string(), host.name.clone())]
            .into_iter()
            .chain(host.domains.clone());
        for (kind, domain) in kinds {
            let (lambda, u) = rate_of(&kind);
            components
                .entry((kind, domain))
                .or_insert((lambda, u, vec![]))
                .2
                .push(replica);
        }
    }
    let (lambda, u) = rate_of(COMMON_MODE);
    components.insert(
        (COMMON_MODE.to_string(), String::new()),
        (lambda, u, (0..case.replicas.len()).collect()),
    );
    components.into_values().collect()
}

/// Sums the probability of every joint state of the components in which at least `quorum`
/// replicas are up (and, separately, fewer); `forced` pins one component's unavailability.
fn enumerate_with(
    case: &Case,
    components: &[(f64, f64, Vec<usize>)],
    forced: Option<(usize, f64)>,
) -> (f64, f64) {
    let (mut up, mut lost) = (0.0, 0.0);
    for state in 0..1_u64 << components.len() {
        let mut weight = 1.0;
        let mut down = vec![false; case.replicas.len()];
        for (i, (_, u, replicas)) in components.iter().enumerate() {
            let u = match forced {
                Some((j, pinned)) if j == i => pinned,
                _ => *u,
            };
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

/// Per kind (widest first, then `host`), by failing each domain of the replica hosts alone: the
/// first domain by name that takes down the most replicas, and how many (`None`, 0 when no
/// replica host has a domain of the kind).
fn enumerate_single_failures(case: &Case) -> Vec<(String, Option<String>, u32)> {
    let topology = &case.topology;
    let kinds = topology.kinds.iter().map(String::as_str).chain(["host"]);
    kinds
        .map(|kind| {
            let mut domains: Vec<&str> = case
                .replicas
                .iter()
                .filter_map(|&h| topology.hosts[h].domain(kind))
                .collect();
            domains.sort_unstable();
            domains.dedup();
            let mut worst: (Option<String>, u32) = (None, 0);
            for domain in domains {
                // Only this domain fails: every replica on a host inside it is down.
                let down = case
                    .replicas
                    .iter()
                    .filter(|&&h| topology.hosts[h].domain(kind) == Some(domain))
                    .count() as u32;
                if down > worst.1 {
                    worst = (Some(domain.to_owned()), down);
                }
            }
            (kind.to_owned(), worst.0, worst.1)
        })
        .collect()
}

/// `worst_single_failure` against [`enumerate_single_failures`].
fn check_single_failures(case: &Case, worst: &[SingleFailure]) -> Result<(), TestCaseError> {
    let expected = enumerate_single_failures(case);
    prop_assert_eq!(worst.len(), expected.len());
    for (row, (kind, domain, down)) in worst.iter().zip(&expected) {
        prop_assert_eq!(&row.kind, kind);
        prop_assert_eq!(&row.domain, domain);
        prop_assert_eq!(row.replicas_down, *down);
        prop_assert_eq!(
            row.replicas_left + row.replicas_down,
            case.replicas.len() as u32
        );
        prop_assert_eq!(row.quorum_survives, row.replicas_left >= case.quorum);
    }
    Ok(())
}

fn enumerate(case: &Case) -> (f64, f64) {
    enumerate_with(case, &components(case), None)
}

/// Quorum-loss events per year by enumeration: a loss starts when a component fails while it is
/// the decisive one, so each component adds λ · (P(lost | it down) − P(lost | it up)).
fn enumerate_frequency(case: &Case) -> f64 {
    let components = components(case);
    components
        .iter()
        .enumerate()
        .filter(|(_, (lambda, u, _))| *lambda > 0.0 && *u < 1.0)
        .map(|(i, (lambda, ..))| {
            let down = enumerate_with(case, &components, Some((i, 1.0))).1;
            let up = enumerate_with(case, &components, Some((i, 0.0))).1;
            lambda * (down - up)
        })
        .sum()
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
        let frequency = result.frequency.expect("exact results carry their frequency");
        let expected = if lost > 0.0 { enumerate_frequency(&case) } else { 0.0 };
        prop_assert!(
            (frequency.losses_per_year - expected).abs() <= 1e-9 * expected + 1e-12,
            "losses a year {} vs {}", frequency.losses_per_year, expected
        );
        check_single_failures(&case, &result.worst_single_failure)?;
    }
}

const DEEP_KINDS: [&str; 5] = ["region", "room", "pdu", "rack", "switch"];

/// Deeper trees: rooms in regions, racks in PDUs (each PDU feeds two racks), and switches that
/// cut across them; up to 8 hosts with several slots, some domains missing.
fn deep_case() -> impl Strategy<Value = Case> {
    let host = (
        0..2_u8,
        0..4_u8,
        0..3_u8,
        proptest::collection::vec(any::<bool>(), DEEP_KINDS.len()),
    );
    (
        proptest::collection::vec(host, 1..=8),
        proptest::collection::vec(0..RATES.len() - 1, DEEP_KINDS.len() + 1),
        proptest::collection::vec(any::<proptest::sample::Index>(), 1..=9),
        0..=10_u32,
    )
        .prop_map(|(hosts, rates, picks, quorum)| {
            let hosts: Vec<Host> = hosts
                .iter()
                .enumerate()
                .map(|(i, (room, rack, switch, present))| {
                    let values = [
                        format!("g{room}"),
                        format!("m{room}"),
                        format!("p{}", rack / 2),
                        format!("r{rack}"),
                        format!("s{switch}"),
                    ];
                    Host {
                        name: format!("h{i}"),
                        slots: 9,
                        labels: BTreeMap::new(),
                        domains: DEEP_KINDS
                            .iter()
                            .zip(values)
                            .zip(present)
                            .filter(|(_, keep)| **keep || i % 3 != 0)
                            .map(|((kind, value), _)| (kind.to_string(), value))
                            .collect(),
                    }
                })
                .collect();
            // Common mode off: the domain enumeration below covers domains and hosts only.
            let off = (
                COMMON_MODE.to_string(),
                Rate {
                    failures_per_year: 0.0,
                    mttr_hours: 0.0,
                },
            );
            let rates = DEEP_KINDS
                .iter()
                .chain(&["host"])
                .zip(&rates)
                .map(|(kind, &r)| rate(kind, r + 1))
                .chain([off])
                .collect();
            case_of("deep", &DEEP_KINDS, hosts, rates, &picks, quorum)
        })
}

/// Enumerates every state of the domains (not hosts); given those, hosts fail independently, so
/// the up-count is a plain convolution over the hosts whose domains are all up.
fn enumerate_domains(case: &Case) -> (f64, f64) {
    let topology = &case.topology;
    let u_of = |kind: &str| {
        let rate = topology.rates[kind];
        (rate.failures_per_year * rate.mttr_hours / 8766.0).min(1.0)
    };
    let mut per_host: BTreeMap<usize, usize> = BTreeMap::new();
    for &h in &case.replicas {
        *per_host.entry(h).or_default() += 1;
    }
    let mut domains: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for &h in per_host.keys() {
        for (kind, domain) in &topology.hosts[h].domains {
            domains
                .entry((kind.clone(), domain.clone()))
                .or_default()
                .push(h);
        }
    }
    let domains: Vec<(f64, Vec<usize>)> = domains
        .into_iter()
        .map(|((kind, _), hosts)| (u_of(&kind), hosts))
        .collect();
    let u_host = u_of("host");
    let (mut up, mut lost) = (0.0, 0.0);
    for state in 0..1_u64 << domains.len() {
        let mut weight = 1.0;
        let mut down: Vec<usize> = Vec::new();
        for (i, (u, hosts)) in domains.iter().enumerate() {
            if state >> i & 1 == 1 {
                weight *= u;
                down.extend(hosts);
            } else {
                weight *= 1.0 - u;
            }
        }
        let mut dist = vec![1.0];
        for (&h, &m) in &per_host {
            if down.contains(&h) {
                continue;
            }
            let mut next = vec![0.0; dist.len() + m];
            for (k, p) in dist.iter().enumerate() {
                next[k] += p * u_host;
                next[k + m] += p * (1.0 - u_host);
            }
            dist = next;
        }
        for (k, p) in dist.iter().enumerate() {
            if k as u32 >= case.quorum {
                up += weight * p;
            } else {
                lost += weight * p;
            }
        }
    }
    (up, lost)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn exact_availability_matches_enumeration_on_deeper_trees(case in deep_case()) {
        let result = assess(&case.topology, &case.replicas, case.quorum);
        let (up, lost) = enumerate_domains(&case);
        prop_assert_eq!(result.method, Method::Exact);
        prop_assert!((result.p_quorum - up).abs() < 1e-12, "p {} vs {}", result.p_quorum, up);
        prop_assert!((result.p_quorum_lost - lost).abs() < 1e-12, "lost {} vs {}", result.p_quorum_lost, lost);
        if lost > 1e-300 {
            prop_assert!(((result.p_quorum_lost - lost) / lost).abs() < 1e-9, "relative: {} vs {}", result.p_quorum_lost, lost);
        }
        check_single_failures(&case, &result.worst_single_failure)?;
    }
}

mod simulation;
