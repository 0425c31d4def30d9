//! The kube-scheduler twin's speed: 100 replicas scheduled one by one from zero on 500 and
//! 5,000 generated nodes with every default plugin (hard zone spread, soft host spread,
//! preferred anti-affinity, node affinity, taints, resources) and the adaptive
//! `percentageOfNodesToScore`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use tenancy_core::kube::synthetic;

fn twin(c: &mut Criterion) {
    let mut group = c.benchmark_group("kube twin, 100 replicas");
    group.sample_size(10);
    for nodes in [500, 5_000] {
        let cluster = synthetic::cluster(nodes, 3, 20);
        group.bench_with_input(
            BenchmarkId::new("schedule", nodes),
            &cluster,
            |b, cluster| {
                b.iter(|| assert_eq!(synthetic::schedule(black_box(cluster), 100), 100));
            },
        );
    }
    group.finish();
}

criterion_group!(benches, twin);
criterion_main!(benches);
