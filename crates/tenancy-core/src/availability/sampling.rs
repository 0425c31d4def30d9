//! The Monte-Carlo fallback beyond the exact budget: the shared groups' states are sampled with a
//! seeded generator and the tree is solved exactly for each sample (so only the shared groups are
//! sampled, never the tree). The loss frequency is sampled the same way: per sample, each
//! component's failures a year times how much its state matters given the sampled shared states.

use super::model::{Model, Odds, Part};

/// A sampled estimate of P(at least `quorum` up) and of its complement, with the sample standard
/// deviation of the per-sample (exact, conditional) values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Estimate {
    pub p_quorum: f64,
    pub p_quorum_lost: f64,
    pub std_dev: f64,
}

/// Samples the shared groups `samples` times (at least 2) from a fixed seed.
pub(super) fn sample(model: &Model, quorum: usize, samples: u32, seed: u64) -> Estimate {
    let mut generator = SplitMix64(seed);
    let (mut sum_up, mut sum_lost, mut sum_sq) = (0.0, 0.0, 0.0);
    let samples = samples.max(2);
    for _ in 0..samples {
        let states = draw(model, &mut generator);
        let dist = model.distribution(&forced(model, &states, None));
        let lost: f64 = dist[..quorum.min(dist.len())].iter().sum();
        let up: f64 = dist[quorum.min(dist.len())..].iter().sum();
        sum_up += up;
        sum_lost += lost;
        sum_sq += lost * lost;
    }
    let (mean_lost, std_dev) = mean_and_std_dev(sum_lost, sum_sq, samples);
    Estimate {
        p_quorum: sum_up / f64::from(samples),
        p_quorum_lost: mean_lost,
        std_dev,
    }
}

/// A sampled estimate of the long-run quorum-loss events a year of the independent model, with
/// the sample standard deviation of the per-sample values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct FrequencyEstimate {
    pub losses_per_year: f64,
    pub std_dev: f64,
}

/// Samples the shared groups' states `samples` times (at least 2) from a fixed seed; for each
/// sample, Σ over components of failures × (P(lost | it down) − P(lost | it up)) with the other
/// shared groups as sampled. A component is independent of the others, so the mean is the exact
/// model's frequency in expectation.
pub(super) fn sample_frequency(
    model: &Model,
    quorum: usize,
    samples: u32,
    seed: u64,
) -> FrequencyEstimate {
    let mut generator = SplitMix64(seed);
    let samples = samples.max(2);
    let lost = |model: &Model, forced_down: &[bool]| -> f64 {
        let dist = model.distribution(forced_down);
        dist[..quorum.min(dist.len())].iter().sum()
    };
    let (mut sum, mut sum_sq) = (0.0, 0.0);
    for _ in 0..samples {
        let states = draw(model, &mut generator);
        let forced_down = forced(model, &states, None);
        let mut value = 0.0;
        for part in model.parts() {
            let failures = model.odds(part).failures;
            if failures == 0.0 {
                continue;
            }
            let delta = match part {
                Part::Shared(g) => {
                    let others = forced(model, &states, Some(g));
                    let mut down = others.clone();
                    for &unit in &model.shared[g].units {
                        down[unit] = true;
                    }
                    lost(model, &down) - lost(model, &others)
                }
                _ => {
                    lost(&model.with(part, Odds::DOWN), &forced_down)
                        - lost(&model.with(part, Odds::UP), &forced_down)
                }
            };
            value += failures * delta.max(0.0);
        }
        sum += value;
        sum_sq += value * value;
    }
    let (losses_per_year, std_dev) = mean_and_std_dev(sum, sum_sq, samples);
    FrequencyEstimate {
        losses_per_year,
        std_dev,
    }
}

/// The mean and the sample standard deviation of `n` (≥ 2) values from their sum and sum of
/// squares.
fn mean_and_std_dev(sum: f64, sum_sq: f64, n: u32) -> (f64, f64) {
    let n = f64::from(n);
    let mean = sum / n;
    let variance = ((sum_sq - n * mean * mean) / (n - 1.0)).max(0.0);
    (mean, variance.sqrt())
}

/// One draw of every shared group's state: `true` for down.
fn draw(model: &Model, generator: &mut SplitMix64) -> Vec<bool> {
    model
        .shared
        .iter()
        .map(|group| generator.next_unit() < group.odds.down)
        .collect()
}

/// The units the down shared groups force down (leaving out group `skip`).
fn forced(model: &Model, states: &[bool], skip: Option<usize>) -> Vec<bool> {
    let mut forced_down = vec![false; model.units.len()];
    for (g, group) in model.shared.iter().enumerate() {
        if states[g] && Some(g) != skip {
            for &unit in &group.units {
                forced_down[unit] = true;
            }
        }
    }
    forced_down
}

/// Sebastiano Vigna's SplitMix64: small, fast, deterministic; the core uses no OS randomness.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1_u64 << 53) as f64)
    }
}
