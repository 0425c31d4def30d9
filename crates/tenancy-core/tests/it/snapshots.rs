//! insta snapshots of every preset's recommendation, as JSON and as terminal text. Review a
//! changed snapshot like code: it is the product's answer.

use tenancy_core::preset::PRESETS;
use tenancy_core::{recommend, report};

#[test]
fn every_preset_as_json() {
    for preset in PRESETS {
        insta::assert_json_snapshot!(format!("{}-json", preset.id), recommend(&preset.answers()));
    }
}

#[test]
fn every_preset_as_text() {
    for preset in PRESETS {
        insta::assert_snapshot!(
            format!("{}-text", preset.id),
            report::text(&recommend(&preset.answers()))
        );
    }
}
