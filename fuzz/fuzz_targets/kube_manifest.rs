//! Fuzzes the manifest reader and the kube-scheduler twin: never a panic; every workload read has
//! a template its own selector matches and at most the replica limit; and scheduling it from zero
//! on a small fixed cluster binds exactly as many pods as the decisions say, each on a node that
//! passes the template's node selector, taints and cordon.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenancy_core::kube::audit::Estate;
use tenancy_core::kube::manifest::{MAX_WORKLOAD_REPLICAS, read_workloads};
use tenancy_core::kube::{Cluster, Scheduler, TieBreak};

/// Replicas scheduled per workload, so that runs stay fast.
const MAX_SCHEDULED: u32 = 12;

/// Six nodes in three zones, one cordoned, one tainted.
const NODES: &str = r#"{"kind": "List", "items": [
  {"metadata": {"name": "a1", "labels": {"kubernetes.io/hostname": "a1", "topology.kubernetes.io/zone": "a"}}},
  {"metadata": {"name": "a2", "labels": {"kubernetes.io/hostname": "a2", "topology.kubernetes.io/zone": "a"}}, "spec": {"unschedulable": true}},
  {"metadata": {"name": "b1", "labels": {"kubernetes.io/hostname": "b1", "topology.kubernetes.io/zone": "b"}}},
  {"metadata": {"name": "b2", "labels": {"kubernetes.io/hostname": "b2", "topology.kubernetes.io/zone": "b"}}, "spec": {"taints": [{"key": "gpu", "effect": "NoSchedule"}]}},
  {"metadata": {"name": "c1", "labels": {"kubernetes.io/hostname": "c1", "topology.kubernetes.io/zone": "c"}}},
  {"metadata": {"name": "c2", "labels": {"kubernetes.io/hostname": "c2", "topology.kubernetes.io/zone": "c", "disk": "ssd"}}}]}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(workloads) = read_workloads(text) else {
        return;
    };
    let estate = Estate::read(NODES).expect("the fixed nodes read");
    for workload in workloads {
        assert!(workload.replicas <= MAX_WORKLOAD_REPLICAS);
        if let Some(selector) = &workload.template.owner_selector {
            assert!(selector.matches(&workload.template.labels), "a workload's selector matches its template");
        }
        let mut cluster = Cluster::new(estate.nodes.clone());
        let template = cluster.add_template(workload.template.clone());
        let mut scheduler = Scheduler::new(&cluster, TieBreak::First);
        let mut bound = 0;
        for _ in 0..workload.replicas.min(MAX_SCHEDULED) {
            if let Some(node) = scheduler.schedule(&mut cluster, template).node {
                let node = &cluster.nodes[node];
                assert!(!node.unschedulable || !workload.template.tolerations.is_empty());
                assert!(workload.template.node_matches(node), "bound to a node the selector refuses");
                assert!(workload.template.tolerates_node(node), "bound to a node with an untolerated taint");
                bound += 1;
            }
        }
        assert_eq!(cluster.pods.len(), bound);
    }
});
