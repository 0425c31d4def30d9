//! A seeded discrete-event simulation of failures and repairs, against the exact model: the
//! fraction of time without quorum, quorum losses a year and their mean length must fall within
//! the simulation's confidence intervals, with exponential and with lognormal repair times.

use std::collections::BTreeMap;

use tenancy_core::availability::{Method, assess};
use tenancy_core::topology::{COMMON_MODE, Host, Rate, Topology};

const HOURS_PER_YEAR: f64 = 8766.0;

/// Marsaglia's xorshift64* (Vigna's multiplier): a small deterministic generator for the test,
/// deliberately not the one the core's sampler uses.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in (0, 1].
    fn unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 / (1_u64 << 53) as f64
    }

    fn exponential(&mut self, mean: f64) -> f64 {
        -mean * self.unit().ln()
    }

    /// Standard normal by Box–Muller.
    fn normal(&mut self) -> f64 {
        let (a, b) = (self.unit(), self.unit());
        (-2.0 * a.ln()).sqrt() * (std::f64::consts::TAU * b).cos()
    }
}

#[derive(Debug, Clone, Copy)]
enum Repair {
    Exponential,
    /// Lognormal with this σ of the logarithm, scaled to the mean repair time.
    Lognormal(f64),
}

/// One component of the simulation: it fails λ times a calendar year on average, stays down a
/// mean of r hours, and takes these replicas down.
struct Component {
    failures_per_year: f64,
    mttr_hours: f64,
    replicas: Vec<usize>,
}

/// Racks of two hosts, a switch across the racks (cross-cutting), and common mode; rates high
/// enough that quorum is lost thousands of times in the simulated span.
fn estate() -> Topology {
    let host = |name: &str, rack: &str, switch: &str| Host {
        name: name.to_owned(),
        slots: 1,
        labels: BTreeMap::new(),
        domains: [("rack", rack), ("switch", switch)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    };
    let rate = |failures_per_year, mttr_hours| Rate {
        failures_per_year,
        mttr_hours,
    };
    Topology {
        version: 1,
        name: "simulated".to_owned(),
        kinds: vec!["rack".to_owned(), "switch".to_owned()],
        hosts: vec![
            host("a", "r1", "s1"),
            host("b", "r1", "s2"),
            host("c", "r2", "s2"),
            host("d", "r2", "s3"),
            host("e", "r3", "s3"),
        ],
        rates: [
            ("host", rate(20.0, 20.0)),
            ("rack", rate(5.0, 30.0)),
            ("switch", rate(8.0, 25.0)),
            (COMMON_MODE, rate(2.0, 10.0)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect(),
    }
}

/// The components over the replicas, read from the topology independently of the core's model.
fn components(topology: &Topology, replicas: &[usize]) -> Vec<Component> {
    let mut by_domain: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (replica, &h) in replicas.iter().enumerate() {
        let host = &topology.hosts[h];
        by_domain
            .entry(("host".to_owned(), host.name.clone()))
            .or_default()
            .push(replica);
        for (kind, domain) in &host.domains {
            by_domain
                .entry((kind.clone(), domain.clone()))
                .or_default()
                .push(replica);
        }
    }
    by_domain.insert(
        (COMMON_MODE.to_owned(), String::new()),
        (0..replicas.len()).collect(),
    );
    by_domain
        .into_iter()
        .map(|((kind, _), replicas)| {
            let rate = topology.rates[&kind];
            Component {
                failures_per_year: rate.failures_per_year,
                mttr_hours: rate.mttr_hours,
                replicas,
            }
        })
        .collect()
}

/// What the simulation saw, per batch of equal length.
struct Observed {
    /// Fraction of each batch's time without quorum.
    lost_fraction: Vec<f64>,
    /// Quorum losses a year in each batch.
    losses_per_year: Vec<f64>,
    /// Length of every completed outage, in hours.
    outages: Vec<f64>,
}

fn simulate(
    components: &[Component],
    n_replicas: usize,
    quorum: usize,
    repair: Repair,
    years: f64,
    batches: usize,
    seed: u64,
) -> Observed {
    let mut rng = Rng(seed);
    let repair_time = |rng: &mut Rng, mean: f64| match repair {
        Repair::Exponential => rng.exponential(mean),
        Repair::Lognormal(sigma) => {
            let mu = mean.ln() - sigma * sigma / 2.0;
            (mu + sigma * rng.normal()).exp()
        }
    };
    // Up times are exponential with the mean that makes a full cycle 8766/λ hours long.
    let up_mean = |c: &Component| HOURS_PER_YEAR / c.failures_per_year - c.mttr_hours;
    let mut down = vec![false; components.len()];
    let mut next: Vec<f64> = components
        .iter()
        .map(|c| rng.exponential(up_mean(c)))
        .collect();
    let mut down_count = vec![0_usize; n_replicas];
    let horizon = years * HOURS_PER_YEAR;
    let batch_hours = horizon / batches as f64;
    let mut lost_time = vec![0.0; batches];
    let mut losses = vec![0_u32; batches];
    let mut outages = Vec::new();
    let (mut now, mut lost_since): (f64, Option<f64>) = (0.0, None);
    let is_lost = |down_count: &[usize]| down_count.iter().filter(|&&d| d == 0).count() < quorum;
    while now < horizon {
        let (i, &at) = next
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .unwrap();
        let at = at.min(horizon);
        if lost_since.is_some() {
            // Spread the lost interval [now, at) over the batches it covers.
            let mut t = now;
            while t < at {
                let batch = ((t / batch_hours) as usize).min(batches - 1);
                let end = (((batch + 1) as f64) * batch_hours).min(at);
                lost_time[batch] += end - t;
                t = end;
            }
        }
        now = at;
        if now >= horizon {
            break;
        }
        let was_lost = is_lost(&down_count);
        down[i] = !down[i];
        for &r in &components[i].replicas {
            if down[i] {
                down_count[r] += 1;
            } else {
                down_count[r] -= 1;
            }
        }
        next[i] = now
            + if down[i] {
                repair_time(&mut rng, components[i].mttr_hours)
            } else {
                rng.exponential(up_mean(&components[i]))
            };
        match (was_lost, is_lost(&down_count)) {
            (false, true) => {
                losses[((now / batch_hours) as usize).min(batches - 1)] += 1;
                lost_since = Some(now);
            }
            (true, false) => {
                outages.push(now - lost_since.take().unwrap());
            }
            _ => {}
        }
    }
    let batch_years = years / batches as f64;
    Observed {
        lost_fraction: lost_time.iter().map(|t| t / batch_hours).collect(),
        losses_per_year: losses.iter().map(|&n| f64::from(n) / batch_years).collect(),
        outages,
    }
}

/// Mean and the half-width of its 99 % confidence interval (normal approximation).
fn interval(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, 2.576 * (variance / n).sqrt())
}

fn check_within(what: &str, exact: f64, (mean, half): (f64, f64), max_relative_width: f64) {
    println!("{what}: exact {exact:.6}, simulated {mean:.6} ± {half:.6} (99 %)");
    assert!(
        (exact - mean).abs() <= half,
        "{what}: exact {exact} outside the simulation's {mean} ± {half}"
    );
    // The interval must be tight enough that a wrong model would fall outside it.
    assert!(
        half / mean < max_relative_width,
        "{what}: the simulation is too short ({mean} ± {half})"
    );
}

fn agrees(repair: Repair, seed: u64) {
    let topology = estate();
    // Four replicas, quorum 3: a and b share rack r1, b and c share switch s2 across racks r1
    // and r2, and e stands alone.
    let replicas = [0, 1, 2, 4];
    let quorum = 3;
    let exact = assess(&topology, &replicas, quorum);
    assert_eq!(exact.method, Method::Exact);
    assert!(
        exact.shared_domains > 0,
        "the switch must cut across the racks"
    );
    let frequency = exact.frequency.unwrap();
    let observed = simulate(
        &components(&topology, &replicas),
        replicas.len(),
        quorum as usize,
        repair,
        3000.0,
        30,
        seed,
    );
    check_within(
        "time without quorum",
        exact.p_quorum_lost,
        interval(&observed.lost_fraction),
        0.05,
    );
    check_within(
        "quorum losses a year",
        frequency.losses_per_year,
        interval(&observed.losses_per_year),
        0.05,
    );
    check_within(
        "mean outage hours",
        frequency.mean_outage_hours.unwrap(),
        interval(&observed.outages),
        0.05,
    );
}

#[test]
fn simulation_with_exponential_repairs_agrees_with_the_exact_model() {
    agrees(Repair::Exponential, 0x5EED_0001);
}

#[test]
fn simulation_with_lognormal_repairs_agrees_with_the_exact_model() {
    agrees(Repair::Lognormal(1.0), 0x5EED_0002);
}

#[test]
fn the_simulation_can_tell_a_wrong_model_apart() {
    // The same simulation against the model without common mode: the exact figures move by far
    // more than the intervals, so the checks above can fail.
    let mut topology = estate();
    topology.rates.remove(COMMON_MODE);
    topology.rates.insert(
        COMMON_MODE.to_owned(),
        Rate {
            failures_per_year: 0.0,
            mttr_hours: 0.0,
        },
    );
    let replicas = [0, 1, 2, 4];
    let without = assess(&topology, &replicas, 3);
    let observed = simulate(
        &components(&estate(), &replicas),
        replicas.len(),
        3,
        Repair::Exponential,
        3000.0,
        30,
        0x5EED_0001,
    );
    let (mean, half) = interval(&observed.losses_per_year);
    let losses = without.frequency.unwrap().losses_per_year;
    assert!((losses - mean).abs() > half, "{losses} vs {mean} ± {half}");
}
