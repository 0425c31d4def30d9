//! Fuzzes the CRUSH map text reader: never a panic; a map it reads writes out as text that reads
//! back to text that writes identically (one pass settles weights to three decimals), and the
//! mapper runs on every rule without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "crush_common.rs"]
mod crush_common;
use tenancy_core::crush::{parse, write};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(map) = parse(text) else {
        return;
    };
    crush_common::exercise(&map);
    let written = write(&map);
    let again = parse(&written).expect("the written map reads back");
    let settled = write(&again);
    let third = parse(&settled).expect("the settled map reads back");
    assert_eq!(write(&third), settled, "writing is not stable");
});
