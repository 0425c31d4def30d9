//! What both CRUSH fuzz targets do with a map they read: map a few inputs through every rule.

use tenancy_core::crush::{CrushMap, do_rule};

/// Runs the mapper on every rule for a few inputs (no panic, no hang is the check).
pub fn exercise(map: &CrushMap) {
    let weights = map.default_weights();
    for &rule in map.rules.keys() {
        for x in 0..4 {
            let _ = do_rule(map, rule, x, 6, &weights, map.choose_args_for(0));
        }
    }
}
