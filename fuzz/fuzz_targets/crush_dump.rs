//! Fuzzes the `ceph osd crush dump -f json` reader: never a panic; a dump it reads maps on every
//! rule, and the map's text form reads back with the same devices, types, buckets and rules.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "crush_common.rs"]
mod crush_common;
use tenancy_core::crush::dump::parse_dump;
use tenancy_core::crush::{parse, write};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(map) = parse_dump(text) else {
        return;
    };
    crush_common::exercise(&map);
    // Names a text map cannot carry (spaces, braces, `#`) make the text unreadable; anything
    // else must read back with the same shape.
    let written = write(&map);
    if let Ok(again) = parse(&written) {
        assert_eq!(again.devices.len(), map.devices.len(), "devices changed");
        assert_eq!(again.types, map.types, "types changed");
        assert_eq!(again.rules.len(), map.rules.len(), "rules changed");
    }
});
