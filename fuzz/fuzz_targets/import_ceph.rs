//! Fuzzes the Ceph importer (`ceph osd tree` and `ceph osd crush tree`, JSON): never a panic,
//! and what it imports is a valid native topology that reads back from its own JSON unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenancy_core::import::import_ceph;

#[path = "import_common.rs"]
mod import_common;

fuzz_target!(|data: &[u8]| import_common::fuzz_importer(data, import_ceph));
