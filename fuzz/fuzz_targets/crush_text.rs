//! Fuzzes the CRUSH map text reader: never a panic; a map it reads writes out as text that reads
//! back to text that writes identically (one pass settles weights to three decimals), and the
//! mapper runs on every rule without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenancy_core::crush::{do_rule, parse, write};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(map) = parse(text) else {
        return;
    };
    let weights = map.default_weights();
    for &rule in map.rules.keys() {
        for x in 0..4 {
            let _ = do_rule(&map, rule, x, 6, &weights, map.choose_args_for(0));
        }
    }
    let written = write(&map);
    let again = parse(&written).expect("the written map reads back");
    let settled = write(&again);
    let third = parse(&settled).expect("the settled map reads back");
    assert_eq!(write(&third), settled, "writing is not stable");
});
