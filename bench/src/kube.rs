//! The kube-scheduler twin's benchmark instances: generated clusters (nodes over zones and racks)
//! and a number of replicas of the template that uses every default plugin, scheduled one by one
//! from zero. The native timing binary and the wasm harness run exactly these.

use tenancy_core::kube::{Cluster, synthetic};

/// One twin instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KubeInstance {
    /// Nodes.
    pub nodes: usize,
    /// Zones the nodes are spread over, round-robin.
    pub zones: usize,
    /// Racks per zone.
    pub racks: usize,
    /// Replicas scheduled from zero.
    pub replicas: u32,
}

impl KubeInstance {
    /// File-safe name, e.g. `kube-5000x100`.
    pub fn name(&self) -> String {
        format!("kube-{}x{}", self.nodes, self.replicas)
    }

    /// The generated cluster (no pods yet).
    pub fn cluster(&self) -> Cluster {
        synthetic::cluster(self.nodes, self.zones, self.racks)
    }
}

/// The goal's instance (100 replicas on 5,000 nodes in 3 zones of 20 racks) and a tenth of it.
pub fn kube_instances() -> Vec<KubeInstance> {
    [500, 5_000]
        .into_iter()
        .map(|nodes| KubeInstance {
            nodes,
            zones: 3,
            racks: 20,
            replicas: 100,
        })
        .collect()
}

/// Schedules the instance's replicas from zero on `cluster` (left as it was); the outcome line of
/// [`synthetic::outcome`].
pub fn kube_schedule(cluster: &mut Cluster, replicas: u32) -> String {
    synthetic::run(cluster, replicas)
}
