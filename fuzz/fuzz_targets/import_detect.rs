//! Fuzzes the one import entry point as the CLI reaches it: raw bytes through `decode` (byte-order
//! mark, UTF-16), `misfit` (recognised wrong pastes) and detection. Never a panic; a refused input
//! says why in a non-empty message; an accepted one is a valid native topology that reads back
//! from its own JSON unchanged, and reading it again with the detected format given explicitly
//! (as `--from` does) gives the same topology.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenancy_core::import::{decode, import};

#[path = "import_common.rs"]
mod import_common;

fuzz_target!(|data: &[u8]| {
    let text = match decode(data) {
        Ok(text) => text,
        Err(error) => {
            assert!(!error.to_string().is_empty(), "an encoding error says why");
            return;
        }
    };
    let (format, imported) = match import(None, text) {
        Ok(found) => found,
        Err(error) => {
            assert!(!error.to_string().is_empty(), "an import error says why");
            return;
        }
    };
    let topology = imported.topology;
    import_common::check_imported(&topology);
    let (_, explicit) = import(Some(format), text).expect("the detected format reads it again");
    assert_eq!(explicit.topology, topology, "--from the detected format agrees");
});
