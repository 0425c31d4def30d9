//! Fuzzes the twin's node reader against the topology importer on the same text: never a panic;
//! when both read it they agree on the node count and order (host `i` is node `i`), every node has
//! a name, and a quantity it printed back reads to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenancy_core::import::import_kubectl;
use tenancy_core::kube::read::{parse_quantity, read_nodes};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(nodes) = read_nodes(text) else {
        return;
    };
    assert!(nodes.iter().all(|n| !n.name.is_empty()));
    if let Ok(imported) = import_kubectl(text) {
        assert_eq!(imported.topology.hosts.len(), nodes.len(), "both readers see the same nodes");
    }
    for node in &nodes {
        if let Some(a) = node.allocatable {
            assert_eq!(parse_quantity(&format!("{}m", a.milli_cpu), true), Some(a.milli_cpu));
            assert_eq!(parse_quantity(&a.memory.to_string(), false), Some(a.memory));
        }
    }
});
