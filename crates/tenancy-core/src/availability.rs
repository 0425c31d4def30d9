//! Availability of a placement: the exact probability that a quorum of replicas is up,
//! its nines and expected downtime, and the worst single failure per kind.
//!
//! Each domain (and each host) is down a fraction u = min(1, λ·r / 8766) of the time,
//! independently of the others; a replica is up when its host and every domain containing it are
//! up. Domains that nest form a tree and are solved by dynamic programming over the count of
//! replicas up; domains that cut across the tree (a switch shared by two racks on different PDUs)
//! and are shared by two or more replica hosts are conditioned on: their states are enumerated
//! and weighted, cutting tied clusters apart where possible (see `conditioning`). Up to
//! [`MAX_EXACT_SHARED`] such domains the answer is always exact; beyond, it stays exact while the
//! conditioning needs at most [`EXACT_WORK_BEYOND_BUDGET`] steps, and only then are the shared
//! domains' states sampled (`"method": "monte-carlo"`, with a 95 % confidence interval).

mod conditioning;
mod model;
pub mod rates;
mod sampling;

use serde::Serialize;

use crate::topology::{HOST_KIND, Topology};
use model::Model;
pub use rates::{DEFAULT_RATES, FALLBACK_RATE, KindRate, RateOrigin};

/// Up to this many cross-cutting shared domains the answer is always exact.
pub const MAX_EXACT_SHARED: usize = 24;
/// Beyond [`MAX_EXACT_SHARED`], the exact method still runs while it needs at most this many
/// cluster solves (chains and other loosely tied structures stay far below); past it, sampling.
pub const EXACT_WORK_BEYOND_BUDGET: u64 = 1 << 16;
/// Samples drawn when the exact method is out of reach.
pub const MONTE_CARLO_SAMPLES: u32 = 20_000;
/// Minutes in a year of 365.25 days.
pub const MINUTES_PER_YEAR: f64 = 525_960.0;
/// The fixed seed of the Monte-Carlo fallback: the same input gives the same output.
const SEED: u64 = 0x7E4A_4C59_5CA1_E001;

/// How `p_quorum` was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Tree dynamic programming plus enumeration of the shared cross-cutting domains.
    Exact,
    /// The shared domains' states were sampled (the tree is still solved exactly per sample).
    MonteCarlo,
}

/// A 95 % confidence interval on `p_quorum` (Monte-Carlo only).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ConfidenceInterval {
    /// The confidence level, 0.95.
    pub level: f64,
    /// Lower bound on `p_quorum`.
    pub low: f64,
    /// Upper bound on `p_quorum`.
    pub high: f64,
}

/// What the failure of the worst single domain of one kind does to the placement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SingleFailure {
    /// The kind (`host` last).
    pub kind: String,
    /// The domain whose failure takes down the most replicas (the first by name on a tie);
    /// `null` when no replica host has a domain of this kind.
    pub domain: Option<String>,
    /// How many replicas that one failure takes down.
    pub replicas_down: u32,
    /// How many stay up.
    pub replicas_left: u32,
    /// Whether at least `quorum` replicas stay up.
    pub quorum_survives: bool,
}

/// The availability a placement buys.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Availability {
    /// Number of replicas assessed.
    pub replicas: u32,
    /// Replicas that must be up.
    pub quorum: u32,
    /// The probability that at least `quorum` replicas are up.
    pub p_quorum: f64,
    /// The probability that fewer than `quorum` are up, computed directly (not as 1 − p) so that
    /// it keeps its precision when it is tiny (down to f64's smallest numbers, about 1e-308;
    /// below that it would round to 0 and read as certain).
    pub p_quorum_lost: f64,
    /// −log10(1 − p_quorum). `null` when `p_quorum` is exactly 1 (quorum 0, or every replica sits
    /// only in domains with a zero failure rate): infinitely many nines.
    pub nines: Option<f64>,
    /// Expected minutes per year without quorum: (1 − p) · 525,960.
    pub downtime_minutes_per_year: f64,
    /// `exact`, or `monte-carlo` beyond [`MAX_EXACT_SHARED`] shared cross-cutting domains.
    pub method: Method,
    /// How many cross-cutting domains, each shared by two or more replica hosts, were conditioned
    /// on (enumerated, or sampled).
    pub shared_domains: u32,
    /// Monte-Carlo only: how many samples.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<u32>,
    /// Monte-Carlo only: a 95 % confidence interval on `p_quorum`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence_interval: Option<ConfidenceInterval>,
    /// Per kind, widest first, then `host`: the worst one domain failure.
    pub worst_single_failure: Vec<SingleFailure>,
    /// The rates used, widest kind first, then `host`.
    pub rates: Vec<KindRate>,
    /// Kinds without a known rate, replicas naming no host, and the like.
    pub warnings: Vec<String>,
}

/// Tuning of the exact/sampled split (tests lower the threshold to check the sampler).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    /// Up to this many shared domains the answer is always exact.
    pub max_exact_shared: usize,
    /// Beyond it, how many cluster solves the exact method may take before sampling instead.
    pub max_work: u64,
    /// How many samples then.
    pub samples: u32,
}

impl Budget {
    const DEFAULT: Budget = Budget {
        max_exact_shared: MAX_EXACT_SHARED,
        max_work: EXACT_WORK_BEYOND_BUDGET,
        samples: MONTE_CARLO_SAMPLES,
    };
}

/// Assesses a placement: `hosts[i]` is the index (into `topology.hosts`) of replica i's host; a
/// host may appear several times (it has several slots). A replica whose index is out of range is
/// counted as always down, with a warning.
pub fn assess(topology: &Topology, hosts: &[usize], quorum: u32) -> Availability {
    assess_with(topology, hosts, quorum, Budget::DEFAULT)
}

pub(crate) fn assess_with(
    topology: &Topology,
    hosts: &[usize],
    quorum: u32,
    budget: Budget,
) -> Availability {
    let (rates, mut warnings) = rates::kind_rates(topology);
    let unavailability: Vec<f64> = rates.iter().map(|rate| rate.unavailability).collect();
    let mut placed = Vec::with_capacity(hosts.len());
    for (replica, &host) in hosts.iter().enumerate() {
        if host < topology.hosts.len() {
            placed.push(host);
        } else {
            warnings.push(format!(
                "replica {replica} names host index {host}, beyond the topology's {} hosts: \
                 counted as down",
                topology.hosts.len()
            ));
        }
    }
    if quorum as usize > hosts.len() {
        warnings.push(format!(
            "quorum {quorum} is more than the {} replicas: it can never be met",
            hosts.len()
        ));
    }
    let mut model = Model::build(topology, &placed, &unavailability);
    model.n_replicas = hosts.len();
    let n_quorum = quorum as usize;
    let shared_domains = model.shared.len();

    // Within the budget of shared domains: always exact. Beyond it: exact if the conditioning
    // stays within its work budget, else sampled.
    let work = (shared_domains > budget.max_exact_shared).then_some(budget.max_work);
    let (mut p_quorum, mut p_quorum_lost, method, samples, interval) =
        match conditioning::distribution(&model, work) {
            Some(dist) => {
                let split = n_quorum.min(dist.len());
                let up: f64 = dist[split..].iter().sum();
                let lost: f64 = dist[..split].iter().sum();
                (up, lost, Method::Exact, None, None)
            }
            None => {
                let estimate = sampling::sample(&model, n_quorum, budget.samples, SEED);
                let n = budget.samples.max(2);
                let half_width = 1.96 * estimate.std_dev / f64::from(n).sqrt();
                let interval = ConfidenceInterval {
                    level: 0.95,
                    low: (estimate.p_quorum - half_width).clamp(0.0, 1.0),
                    high: (estimate.p_quorum + half_width).clamp(0.0, 1.0),
                };
                (
                    estimate.p_quorum,
                    estimate.p_quorum_lost,
                    Method::MonteCarlo,
                    Some(n),
                    Some(interval),
                )
            }
        };
    if quorum == 0 || p_quorum_lost <= 0.0 {
        // Nothing can break quorum: say so exactly rather than as 0.9999999999999998.
        (p_quorum, p_quorum_lost) = (1.0, 0.0);
    }
    p_quorum = p_quorum.clamp(0.0, 1.0);
    p_quorum_lost = p_quorum_lost.clamp(0.0, 1.0);
    let nines = (p_quorum_lost > 0.0).then(|| -p_quorum_lost.log10());

    Availability {
        replicas: saturating_u32(hosts.len()),
        quorum,
        p_quorum,
        p_quorum_lost,
        nines,
        downtime_minutes_per_year: p_quorum_lost * MINUTES_PER_YEAR,
        method,
        shared_domains: saturating_u32(shared_domains),
        samples,
        confidence_interval: interval,
        worst_single_failure: worst_single_failure(topology, hosts, quorum),
        rates,
        warnings,
    }
}

/// Per kind (widest first, then `host`), the most replicas one domain failure takes down and
/// whether quorum survives it. Out-of-range host indices count as replicas already down.
pub fn worst_single_failure(
    topology: &Topology,
    hosts: &[usize],
    quorum: u32,
) -> Vec<SingleFailure> {
    let n_replicas = saturating_u32(hosts.len());
    let placed: Vec<&crate::topology::Host> = hosts
        .iter()
        .filter_map(|&h| topology.hosts.get(h))
        .collect();
    let already_down = n_replicas - saturating_u32(placed.len());
    let kinds = topology.kinds.iter().map(String::as_str).chain([HOST_KIND]);
    kinds
        .map(|kind| {
            let mut counts: std::collections::BTreeMap<&str, u32> = Default::default();
            for host in &placed {
                let domain = if kind == HOST_KIND {
                    Some(host.name.as_str())
                } else {
                    host.domains.get(kind).map(String::as_str)
                };
                if let Some(domain) = domain {
                    *counts.entry(domain).or_default() += 1;
                }
            }
            let worst =
                counts.iter().fold(
                    None,
                    |best: Option<(&str, u32)>, (&domain, &count)| match best {
                        Some((_, best_count)) if best_count >= count => best,
                        _ => Some((domain, count)),
                    },
                );
            let replicas_down = worst.map_or(0, |(_, count)| count);
            let replicas_left = n_replicas - already_down - replicas_down;
            SingleFailure {
                kind: kind.to_owned(),
                domain: worst.map(|(domain, _)| domain.to_owned()),
                replicas_down,
                replicas_left,
                quorum_survives: replicas_left >= quorum,
            }
        })
        .collect()
}

fn saturating_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
