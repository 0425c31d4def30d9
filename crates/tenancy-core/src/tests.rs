//! Helpers shared by the core's unit tests: how a function's running time grows with its input.

use std::time::{Duration, Instant};

/// The most `growth_at_8n` may return for work that is linear in its input: 8, with room for a
/// logarithmic factor and a busy machine, and far below the 64 of quadratic work.
pub(crate) const LINEAR_GROWTH_BOUND: f64 = 24.0;

/// How many times longer `run(8 * n)` takes than `run(n)`: about 8 for linear work, 64 for
/// quadratic. Each size is timed three times and the fastest run counts, so a moment of load on a
/// shared machine inflates neither side much.
pub(crate) fn growth_at_8n(n: usize, run: impl Fn(usize)) -> f64 {
    let fastest = |size: usize| {
        (0..3)
            .map(|_| {
                let start = Instant::now();
                run(size);
                start.elapsed()
            })
            .min()
            .expect("three runs")
    };
    let small = fastest(n).max(Duration::from_micros(1));
    fastest(8 * n).as_secs_f64() / small.as_secs_f64()
}
