//! Computing the up-count distribution over a model: exact enumeration of the shared groups'
//! states, or — beyond the budget — sampling them with a seeded generator and solving the tree
//! exactly for each sample (so only the shared groups are sampled, never the tree).

use super::model::Model;

/// A counting distribution of replicas up, summed over the shared groups' states.
pub(super) fn enumerate(model: &Model) -> Vec<f64> {
    let mut total = vec![0.0; model.n_replicas + 1];
    let mut forced = vec![0_u32; model.units.len()];
    visit(model, 0, 1.0, &mut forced, &mut total);
    total
}

fn visit(model: &Model, shared_idx: usize, weight: f64, forced: &mut [u32], total: &mut [f64]) {
    let Some(group) = model.shared.get(shared_idx) else {
        let forced_down: Vec<bool> = forced.iter().map(|&count| count > 0).collect();
        for (sum, p) in total.iter_mut().zip(model.distribution(&forced_down)) {
            *sum += weight * p;
        }
        return;
    };
    if group.odds.up > 0.0 {
        visit(model, shared_idx + 1, weight * group.odds.up, forced, total);
    }
    if group.odds.down > 0.0 {
        for &unit in &group.units {
            forced[unit] += 1;
        }
        visit(
            model,
            shared_idx + 1,
            weight * group.odds.down,
            forced,
            total,
        );
        for &unit in &group.units {
            forced[unit] -= 1;
        }
    }
}

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
        let mut forced_down = vec![false; model.units.len()];
        for group in &model.shared {
            if generator.next_unit() < group.odds.down {
                for &unit in &group.units {
                    forced_down[unit] = true;
                }
            }
        }
        let dist = model.distribution(&forced_down);
        let lost: f64 = dist[..quorum.min(dist.len())].iter().sum();
        let up: f64 = dist[quorum.min(dist.len())..].iter().sum();
        sum_up += up;
        sum_lost += lost;
        sum_sq += lost * lost;
    }
    let n = f64::from(samples);
    let mean_lost = sum_lost / n;
    let variance = ((sum_sq - n * mean_lost * mean_lost) / (n - 1.0)).max(0.0);
    Estimate {
        p_quorum: sum_up / n,
        p_quorum_lost: mean_lost,
        std_dev: variance.sqrt(),
    }
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
