//! Parse and solve times on synthetic topologies of 48 to 1,000,000 hosts, in one run, so their
//! ratio (the goal: solve ≤ ~2× parse) can be read off the same machine and moment.
//!
//! Parsing is `Topology::from_json_str`; the 1,000,000-host JSON is larger than its 64 MiB input
//! cap, so for that size the same two steps (serde, then `validate`) are timed without the cap.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use tenancy_core::synthetic::{self, BENCH_SHAPES};
use tenancy_core::topology::MAX_INPUT_BYTES;
use tenancy_core::{Topology, place};

fn parse(text: &str) -> Topology {
    if text.len() <= MAX_INPUT_BYTES {
        Topology::from_json_str(text).expect("generated topologies are valid")
    } else {
        let topology: Topology = serde_json::from_str(text).expect("generated JSON parses");
        topology.validate().expect("generated topologies are valid");
        topology
    }
}

fn parse_and_solve(c: &mut Criterion) {
    let request = synthetic::request();
    for shape in BENCH_SHAPES {
        let hosts = shape.host_count();
        let topology = synthetic::generate(&shape);
        let json = serde_json::to_string(&topology).expect("topologies serialise");
        drop(topology);
        let mut group = c.benchmark_group(format!("{hosts} hosts"));
        // Few samples keep the run short on two cores; `cargo xtask bench` passes
        // `--warm-up-time 1 --measurement-time 3`, and criterion stretches the time where ten
        // samples of the big sizes need longer.
        group.sample_size(10);
        group.bench_with_input(BenchmarkId::new("parse", hosts), &json, |b, json| {
            b.iter_with_large_drop(|| parse(black_box(json)));
        });
        let topology = parse(&json);
        drop(json);
        let placement = place(&topology, &request);
        assert!(placement.feasible && placement.optimal == Some(true));
        group.bench_with_input(
            BenchmarkId::new("solve", hosts),
            &topology,
            |b, topology| {
                b.iter_with_large_drop(|| place(black_box(topology), black_box(&request)));
            },
        );
        group.finish();
    }
}

criterion_group!(benches, parse_and_solve);
criterion_main!(benches);
