//! Fuzzes the native topology reader: never a panic, and an accepted topology survives a round
//! trip through its own JSON unchanged, and its warnings can be listed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenancy_core::Topology;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(topology) = Topology::from_json_str(text) else {
        return;
    };
    let _ = topology.warnings();
    let again = Topology::from_json_str(&topology.to_json_string())
        .expect("a topology's own JSON reads back");
    assert_eq!(again, topology, "the round trip changed the topology");
});
