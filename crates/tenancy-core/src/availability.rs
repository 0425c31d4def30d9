//! Availability of a placement: the long-run fraction of time a quorum of replicas is up, its
//! nines and average downtime, how often quorum is lost and for how long, the range the rates'
//! bounds imply, and the worst single failure per kind.
//!
//! Each domain (and each host) fails λ times a year and is down a fraction u = min(1, λ·r / 8766)
//! of the time, independently of the others; a replica is up when its host and every domain
//! containing it are up. On top, a common-mode component (`common-mode` in the topology's rates,
//! on by default) takes every replica down at once. The loss frequency is exact for this model:
//! Σ over components of (failures a year) × (P(lost | it down) − P(lost | it up)), which holds
//! for any repair-time distribution with the given means. `docs/availability.md` explains the
//! model, its meaning and every default rate.
//!
//! Domains that nest form a tree and are solved by dynamic programming over the count of
//! replicas up; domains that cut across the tree (a switch shared by two racks on different PDUs)
//! and are shared by two or more replica hosts are conditioned on: their states are enumerated
//! and weighted, cutting tied clusters apart where possible (see `conditioning`). Up to
//! [`MAX_EXACT_SHARED`] such domains the answer is always exact; beyond, it stays exact while the
//! conditioning needs at most [`EXACT_WORK_BEYOND_BUDGET`] steps, and only then are the shared
//! domains' states sampled (`"method": "monte-carlo"`, with a 95 % confidence interval).

mod conditioning;
pub mod figures;
mod model;
pub mod rates;
mod sampling;

use serde::Serialize;

use crate::report::plan::two_figures;
use crate::topology::{HOST_KIND, Topology};
pub use figures::{FIGURES, significant, significant_probability};
use model::{Model, Odds};
pub use rates::{DEFAULT_RATES, DefaultRate, Evidence, FALLBACK_RATE, KindRate, RateOrigin};

/// Up to this many cross-cutting shared domains the answer is always exact.
pub const MAX_EXACT_SHARED: usize = 24;
/// Beyond [`MAX_EXACT_SHARED`], the exact method still runs while it needs at most this many
/// cluster solves (chains and other loosely tied structures stay far below); past it, sampling.
pub const EXACT_WORK_BEYOND_BUDGET: u64 = 1 << 16;
/// Samples drawn when the exact method is out of reach.
pub const MONTE_CARLO_SAMPLES: u32 = 20_000;
/// Samples the loss frequency takes when it cannot be exact.
pub const FREQUENCY_SAMPLES: u32 = 2_000;
/// Minutes in a year of 365.25 days.
pub const MINUTES_PER_YEAR: f64 = 525_960.0;
/// The error-budget window, in days.
pub const BUDGET_WINDOW_DAYS: u32 = 30;
/// Above this many nines, a figure rests on the independence assumption and says so.
pub const INDEPENDENCE_WARNING_NINES: f64 = 5.0;
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
    #[serde(serialize_with = "figures::two_probability")]
    pub low: f64,
    /// Upper bound on `p_quorum`.
    #[serde(serialize_with = "figures::two_probability")]
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

/// The common-mode component: events that take every replica down at once.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CommonMode {
    /// Events per year (λ).
    pub failures_per_year: f64,
    /// Mean hours each lasts (r).
    pub mttr_hours: f64,
    /// The fraction of time it is down: min(1, λ·r / 8766).
    #[serde(serialize_with = "figures::two_probability")]
    pub unavailability: f64,
    /// Its share of `p_quorum_lost`: the fraction of the time without quorum that it alone
    /// accounts for (0 when quorum is never lost).
    #[serde(serialize_with = "figures::two_probability")]
    pub share: f64,
}

/// How often quorum is lost and for how long: the view error budgets are kept in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Frequency {
    /// Long-run quorum-loss events per year.
    #[serde(serialize_with = "figures::two")]
    pub losses_per_year: f64,
    /// When the loss rate was estimated by sampling (the shared cross-cutting domains tie the
    /// replicas too tightly for the exact method): its 95 % confidence interval. Absent when
    /// exact.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "figures::two"
    )]
    pub losses_per_year_interval: Option<[f64; 2]>,
    /// Mean length of one loss, in hours (`null` when quorum is never lost).
    #[serde(serialize_with = "figures::two")]
    pub mean_outage_hours: Option<f64>,
    /// The probability of at least one loss in a year, 1 − e^(−losses_per_year), taking losses
    /// as a Poisson process.
    #[serde(serialize_with = "figures::two_probability")]
    pub p_loss_in_a_year: f64,
    /// The same over a 30-day error-budget window.
    pub window: Window,
}

/// An error-budget window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Window {
    /// Its length in days (30).
    pub days: u32,
    /// Average minutes without quorum in such a window.
    #[serde(serialize_with = "figures::two")]
    pub expected_minutes: f64,
    /// The probability of at least one loss in the window.
    #[serde(serialize_with = "figures::two_probability")]
    pub p_any_loss: f64,
}

/// The range implied by the low and high ends of every default rate's range (a topology's own
/// rates are taken as exact): the first entry from the low rates, the second from the high.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Bounds {
    /// `p_quorum_lost` at the low and at the high rates.
    #[serde(serialize_with = "figures::two_probability")]
    pub p_quorum_lost: [f64; 2],
    /// Nines at the high and at the low rates (fewest first; `null` for unbounded).
    #[serde(serialize_with = "figures::two")]
    pub nines: [Option<f64>; 2],
    /// Average minutes a year without quorum at the low and at the high rates.
    #[serde(serialize_with = "figures::two")]
    pub downtime_minutes_per_year: [f64; 2],
}

/// The availability a placement buys. Every figure derived from the rates is written to two
/// significant figures (see `p_quorum`): the tool computes with exact values, only what it
/// writes is cut.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Availability {
    /// What the figures mean and what they assume, in a sentence.
    pub meaning: String,
    /// Number of replicas assessed.
    pub replicas: u32,
    /// Replicas that must be up.
    pub quorum: u32,
    /// The long-run fraction of time at least `quorum` replicas are up. Like every figure here
    /// it is written to two significant figures, which is what the rates (known to about one)
    /// support, with `bounds` for the range they imply; a probability is cut by the smaller of
    /// it and its complement, so 0.999977 here is 1 − 2.3e-5, the `p_quorum_lost` beside it.
    #[serde(serialize_with = "figures::two_probability")]
    pub p_quorum: f64,
    /// The probability that fewer than `quorum` are up, computed directly (not as 1 − p) so that
    /// it keeps its two figures when it is tiny (down to f64's smallest numbers, about 1e-308;
    /// below that it would round to 0 and read as certain).
    #[serde(serialize_with = "figures::two_probability")]
    pub p_quorum_lost: f64,
    /// −log10(1 − p_quorum). `null` when `p_quorum` is exactly 1 (quorum 0, or every replica sits
    /// only in domains with a zero failure rate): infinitely many nines.
    #[serde(serialize_with = "figures::two")]
    pub nines: Option<f64>,
    /// Average minutes per year without quorum: (1 − p) · 525,960 (most years have none).
    #[serde(serialize_with = "figures::two")]
    pub downtime_minutes_per_year: f64,
    /// `p_quorum_lost` without the common-mode component: what independence alone would claim.
    #[serde(serialize_with = "figures::two_probability")]
    pub p_quorum_lost_independent: f64,
    /// The common-mode component and its share of the result.
    pub common_mode: CommonMode,
    /// How often quorum is lost and for how long: exact, or estimated by sampling when
    /// `p_quorum` was sampled (`monte-carlo`) or the exact frequency would exceed its work
    /// budget (then with `losses_per_year_interval`, and a warning says so). Always present
    /// since the sampled estimate exists; it stays nullable for readers of older output.
    pub frequency: Option<Frequency>,
    /// The range the rates' bounds imply.
    pub bounds: Bounds,
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
    /// Kinds without a known rate, replicas naming no host, figures resting on independence,
    /// and the like.
    pub warnings: Vec<String>,
}

/// The model's result for one set of rates: the independent part only.
struct Solved {
    up: f64,
    lost: f64,
    method: Method,
    samples: Option<u32>,
    interval: Option<ConfidenceInterval>,
}

/// What the figures mean, for the method used.
pub fn meaning(method: Method) -> String {
    let how = match method {
        Method::Exact => "computed exactly for this model",
        Method::MonteCarlo => "estimated by sampling this model (see the confidence interval)",
    };
    format!(
        "The long-run fraction of time with quorum, assuming every host and domain fails and is \
         repaired independently at the listed rates, plus common-mode events that take every \
         replica down at once; {how}. Downtime is an average over many years: the loss frequency \
         says whether it comes as frequent short losses or as a rare long one."
    )
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
    /// How many samples the loss frequency takes when it cannot be exact (each costs two
    /// solves per component).
    pub frequency_samples: u32,
}

impl Budget {
    const DEFAULT: Budget = Budget {
        max_exact_shared: MAX_EXACT_SHARED,
        max_work: EXACT_WORK_BEYOND_BUDGET,
        samples: MONTE_CARLO_SAMPLES,
        frequency_samples: FREQUENCY_SAMPLES,
    };
}

/// "2 of 3 replicas are not placed; they count as down": the warning of a placement that leaves
/// some replicas on no host (a scheduler's Pending pod, what one region cannot hold).
fn unplaced_words(unplaced: usize, replicas: usize) -> String {
    if unplaced == 1 {
        format!("1 of {replicas} replicas is not placed; it counts as down")
    } else {
        format!("{unplaced} of {replicas} replicas are not placed; they count as down")
    }
}

/// Assesses a placement: `hosts[i]` is the index (into `topology.hosts`) of replica i's host; a
/// host may appear several times (it has several slots). A replica whose index is out of range is
/// not placed: it counts as always down, with a warning.
pub fn assess(topology: &Topology, hosts: &[usize], quorum: u32) -> Availability {
    assess_with(topology, hosts, quorum, Budget::DEFAULT)
}

pub(crate) fn assess_with(
    topology: &Topology,
    hosts: &[usize],
    quorum: u32,
    budget: Budget,
) -> Availability {
    // An unknown domain never raises availability: it is filled in the worst plausible way.
    if hosts.iter().all(|&h| h < topology.hosts.len())
        && let Some(filled) =
            crate::topology::unknown::worst_filling(topology, hosts, &mut |t, h| {
                assess_with(t, h, quorum, budget).p_quorum_lost
            })
    {
        let mut availability = assess_with(&filled.topology, &filled.hosts, quorum, budget);
        availability.warnings.insert(0, filled.warning);
        return availability;
    }
    let (rates, mut warnings) = rates::kind_rates(topology);
    let placed: Vec<usize> = hosts
        .iter()
        .copied()
        .filter(|&host| host < topology.hosts.len())
        .collect();
    if placed.len() < hosts.len() {
        warnings.push(unplaced_words(hosts.len() - placed.len(), hosts.len()));
    }
    if quorum as usize > hosts.len() {
        warnings.push(format!(
            "quorum {quorum} is more than the {} replicas: it can never be met",
            hosts.len()
        ));
    }
    let n_quorum = quorum as usize;
    // `rates` lists the kinds, then `host`, then `common-mode`.
    let (common, domain_rates) = rates.split_last().expect("common-mode is always listed");
    let build = |unavailability: &dyn Fn(&KindRate) -> f64| {
        let odds: Vec<Odds> = domain_rates
            .iter()
            .map(|rate| Odds::new(unavailability(rate), rate.failures_per_year))
            .collect();
        let mut model = Model::build(topology, &placed, &odds);
        model.n_replicas = hosts.len();
        model
    };
    let mut model = Model::build(topology, &placed, &point_odds(domain_rates));
    model.n_replicas = hosts.len();
    let solved = solve(&model, n_quorum, budget);
    let low = solve(
        &build(&|rate| rate.unavailability_range[0]),
        n_quorum,
        budget,
    );
    let high = solve(
        &build(&|rate| rate.unavailability_range[1]),
        n_quorum,
        budget,
    );

    let common_odds = Odds::new(common.unavailability, common.failures_per_year);
    let (p_quorum, p_quorum_lost) = with_common_mode(&solved, common_odds, quorum);
    let loss_at = |solved: &Solved, u: f64| with_common_mode(solved, Odds::new(u, 0.0), quorum).1;
    let bounds_lost = [
        loss_at(&low, common.unavailability_range[0]),
        loss_at(&high, common.unavailability_range[1]),
    ];
    let exact_frequency = (solved.method == Method::Exact)
        .then(|| independent_loss_frequency(&model, n_quorum, budget))
        .flatten();
    // The common-mode component in series: losses start when it fails while the rest holds
    // quorum, or when the rest loses quorum while it is up.
    let with_common = |independent: f64| {
        if p_quorum_lost > 0.0 {
            (common_odds.up * independent + common_odds.failures * solved.up).max(0.0)
        } else {
            0.0
        }
    };
    let frequency = match exact_frequency {
        Some(independent) => frequency(with_common(independent), p_quorum_lost, None),
        None => {
            let estimate =
                sampling::sample_frequency(&model, n_quorum, budget.frequency_samples, SEED ^ 1);
            let half_width = half_width_95(estimate.std_dev, budget.frequency_samples.max(2));
            let independent = estimate.losses_per_year;
            frequency(
                with_common(independent),
                p_quorum_lost,
                Some([
                    with_common((independent - half_width).max(0.0)),
                    with_common(independent + half_width),
                ]),
            )
        }
    };
    let nines = nines_of(p_quorum_lost);
    let share = if p_quorum_lost > 0.0 {
        (common_odds.down / p_quorum_lost).min(1.0)
    } else {
        0.0
    };
    if let Some(n) = nines.filter(|&n| n > INDEPENDENCE_WARNING_NINES) {
        warnings.push(format!(
            "{} nines rests on failures being independent beyond the common-mode rate \
             ({}/yr of {} h): field studies find correlated failures dominate long before this \
             level, so treat it as an upper bound",
            two_figures(n),
            common.failures_per_year,
            common.mttr_hours
        ));
    }
    if let Some(interval) = frequency.losses_per_year_interval {
        // Sampled: say so beside the figures.
        warnings.push(format!(
            "quorum-loss frequency and duration are estimated from {} samples of the shared \
             cross-cutting domains' states (95 % interval {}–{} losses a year): they tie \
             the replicas too tightly for the exact method",
            budget.frequency_samples.max(2),
            two_figures(interval[0]),
            two_figures(interval[1])
        ));
    }

    Availability {
        meaning: meaning(solved.method),
        replicas: saturating_u32(hosts.len()),
        quorum,
        p_quorum,
        p_quorum_lost,
        nines,
        downtime_minutes_per_year: p_quorum_lost * MINUTES_PER_YEAR,
        p_quorum_lost_independent: if quorum == 0 { 0.0 } else { solved.lost },
        common_mode: CommonMode {
            failures_per_year: common.failures_per_year,
            mttr_hours: common.mttr_hours,
            unavailability: common.unavailability,
            share,
        },
        frequency: Some(frequency),
        bounds: Bounds {
            p_quorum_lost: bounds_lost,
            nines: [nines_of(bounds_lost[1]), nines_of(bounds_lost[0])],
            downtime_minutes_per_year: bounds_lost.map(|lost| lost * MINUTES_PER_YEAR),
        },
        method: solved.method,
        shared_domains: saturating_u32(model.shared.len()),
        samples: solved.samples,
        confidence_interval: solved.interval,
        worst_single_failure: worst_single_failure(topology, hosts, quorum),
        rates,
        warnings,
    }
}

/// Which replicas share a domain, per kind and then `host`: each replica's domain numbered by
/// first appearance (`u32::MAX` for none). Rates are per kind, so placements of the same shape
/// have the same availability. Hosts out of range (unplaced replicas) get no domain.
pub fn placement_shape(topology: &Topology, hosts: &[usize]) -> Vec<u32> {
    let mut key = Vec::with_capacity(hosts.len() * (topology.kinds.len() + 1));
    let kinds = topology.kinds.iter().map(Some).chain([None]);
    for kind in kinds {
        let mut numbers: Vec<(&str, u32)> = Vec::new();
        for &h in hosts {
            let domain = topology.hosts.get(h).and_then(|host| match kind {
                Some(kind) => host.domains.get(kind).map(String::as_str),
                None => Some(host.name.as_str()),
            });
            key.push(match domain {
                None => u32::MAX,
                Some(domain) => match numbers.iter().find(|(d, _)| *d == domain) {
                    Some(&(_, n)) => n,
                    None => {
                        let n = numbers.len() as u32;
                        numbers.push((domain, n));
                        n
                    }
                },
            });
        }
    }
    key
}

/// The point-rate model of one topology, built once to compare many placements: what [`assess`]
/// reports as `p_quorum_lost`, without bounds, frequency or warnings (the guarantee's search
/// judges thousands of placements with it, then assesses the worst one in full).
pub struct Judge {
    odds: Vec<Odds>,
    common: Odds,
}

impl Judge {
    /// The topology's point rates (defaults, or its own).
    pub fn new(topology: &Topology) -> Judge {
        let (rates, _) = rates::kind_rates(topology);
        let (common, domain_rates) = rates.split_last().expect("common-mode is always listed");
        Judge {
            odds: point_odds(domain_rates),
            common: Odds::new(common.unavailability, common.failures_per_year),
        }
    }

    /// `p_quorum_lost` of the placement exactly as [`assess`] computes it (replicas on hosts out
    /// of range count as down).
    pub fn p_quorum_lost(&self, topology: &Topology, hosts: &[usize], quorum: u32) -> f64 {
        let placed: Vec<usize> = hosts
            .iter()
            .copied()
            .filter(|&h| h < topology.hosts.len())
            .collect();
        let mut model = Model::build(topology, &placed, &self.odds);
        model.n_replicas = hosts.len();
        let solved = solve(&model, quorum as usize, Budget::DEFAULT);
        with_common_mode(&solved, self.common, quorum).1
    }
}

/// One domain's odds per kind (then `host`) at the point rates.
fn point_odds(domain_rates: &[KindRate]) -> Vec<Odds> {
    domain_rates
        .iter()
        .map(|rate| Odds::new(rate.unavailability, rate.failures_per_year))
        .collect()
}

/// −log10 of a loss probability; `None` (unbounded) at 0.
fn nines_of(p_quorum_lost: f64) -> Option<f64> {
    (p_quorum_lost > 0.0).then(|| -p_quorum_lost.log10())
}

/// P(up) and P(lost) with the common-mode component in series with everything: lost when it is
/// down, else as the independent model says. Quorum 0 is never lost.
fn with_common_mode(solved: &Solved, common: Odds, quorum: u32) -> (f64, f64) {
    if quorum == 0 {
        return (1.0, 0.0);
    }
    let lost = if solved.lost <= 0.0 && common.down <= 0.0 {
        0.0
    } else {
        common.down + common.up * solved.lost
    };
    if lost <= 0.0 {
        // Nothing can break quorum: say so exactly rather than as 0.9999999999999998.
        return (1.0, 0.0);
    }
    (
        (common.up * solved.up).clamp(0.0, 1.0),
        lost.clamp(0.0, 1.0),
    )
}

/// The independent model: exact within the budget, else sampled.
fn solve(model: &Model, quorum: usize, budget: Budget) -> Solved {
    match conditioning::distribution(model, work_budget(model, budget)) {
        Some(dist) => {
            let split = quorum.min(dist.len());
            Solved {
                up: dist[split..].iter().sum(),
                lost: dist[..split].iter().sum(),
                method: Method::Exact,
                samples: None,
                interval: None,
            }
        }
        None => {
            let estimate = sampling::sample(model, quorum, budget.samples, SEED);
            let n = budget.samples.max(2);
            let half_width = half_width_95(estimate.std_dev, n);
            Solved {
                up: estimate.p_quorum,
                lost: estimate.p_quorum_lost,
                method: Method::MonteCarlo,
                samples: Some(n),
                interval: Some(ConfidenceInterval {
                    level: 0.95,
                    low: (estimate.p_quorum - half_width).clamp(0.0, 1.0),
                    high: (estimate.p_quorum + half_width).clamp(0.0, 1.0),
                }),
            }
        }
    }
}

/// The half width of a 95 % confidence interval on a mean of `samples` values with this sample
/// standard deviation (normal approximation).
fn half_width_95(std_dev: f64, samples: u32) -> f64 {
    1.96 * std_dev / f64::from(samples).sqrt()
}

/// Within the budget of shared domains: always exact. Beyond it: exact while the conditioning
/// stays within its work budget.
fn work_budget(model: &Model, budget: Budget) -> Option<u64> {
    (model.shared.len() > budget.max_exact_shared).then_some(budget.max_work)
}

/// Quorum-loss events per year of the independent model: each component's failures a year
/// times how much its state matters, P(lost | down) − P(lost | up). A loss starts exactly when a
/// component whose failure is decisive fails, so this is the long-run rate of up-to-down
/// transitions of the whole. It takes two solves per component, so each is held to the work
/// budget even below [`MAX_EXACT_SHARED`]; `None` when one would exceed it.
fn independent_loss_frequency(model: &Model, quorum: usize, budget: Budget) -> Option<f64> {
    let lost_with = |model: &Model| -> Option<f64> {
        let dist = conditioning::distribution(model, Some(budget.max_work))?;
        Some(dist[..quorum.min(dist.len())].iter().sum())
    };
    let mut total = 0.0;
    for part in model.parts() {
        let failures = model.odds(part).failures;
        if failures == 0.0 {
            continue;
        }
        let down = lost_with(&model.with(part, Odds::DOWN))?;
        let up = lost_with(&model.with(part, Odds::UP))?;
        total += failures * (down - up).max(0.0);
    }
    Some(total)
}

/// The frequency view of a loss rate and the fraction of time lost (with the 95 % interval of
/// the loss rate when it was sampled).
fn frequency(losses_per_year: f64, p_quorum_lost: f64, interval: Option<[f64; 2]>) -> Frequency {
    let window_years = f64::from(BUDGET_WINDOW_DAYS) * 24.0 / rates::HOURS_PER_YEAR;
    Frequency {
        losses_per_year,
        losses_per_year_interval: interval,
        mean_outage_hours: (losses_per_year > 0.0)
            .then(|| p_quorum_lost * rates::HOURS_PER_YEAR / losses_per_year),
        p_loss_in_a_year: -(-losses_per_year).exp_m1(),
        window: Window {
            days: BUDGET_WINDOW_DAYS,
            expected_minutes: p_quorum_lost * MINUTES_PER_YEAR * window_years,
            p_any_loss: -(-losses_per_year * window_years).exp_m1(),
        },
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
                if let Some(domain) = host.domain(kind) {
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
