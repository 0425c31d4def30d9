//! Fuzzes the `kubectl get nodes -o json` importer: never a panic, and what it imports is a valid
//! native topology that reads back from its own JSON unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenancy_core::Topology;
use tenancy_core::import::import_kubectl;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(imported) = import_kubectl(text) else {
        return;
    };
    let topology = imported.topology;
    topology.validate().expect("an imported topology is valid");
    let again = Topology::from_json_str(&topology.to_json_string())
        .expect("an imported topology's JSON reads back");
    assert_eq!(again, topology, "the round trip changed the topology");
});
