//! What every importer's fuzz target checks of a topology it imported: it is valid, and its own
//! JSON reads back unchanged.

use tenancy_core::Topology;
use tenancy_core::import::Imported;

/// Panics (a fuzz finding) unless the imported topology is valid and survives a round trip
/// through its own JSON.
pub fn check_imported(topology: &Topology) {
    topology.validate().expect("an imported topology is valid");
    let again = Topology::from_json_str(&topology.to_json_string())
        .expect("an imported topology's JSON reads back");
    assert_eq!(&again, topology, "the round trip changed the topology");
}

/// Fuzzes one importer: UTF-8 input it accepts must pass [`check_imported`]. (`import_detect`
/// decodes bytes itself and uses only [`check_imported`].)
#[allow(dead_code)]
pub fn fuzz_importer<E>(data: &[u8], import: impl Fn(&str) -> Result<Imported, E>) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(imported) = import(text) {
        check_imported(&imported.topology);
    }
}
