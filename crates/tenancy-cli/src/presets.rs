//! `tenancy presets`: the preset ids and titles, one per line.

use std::fmt::Write;

use tenancy_core::preset::PRESETS;

use crate::Outcome;

pub fn run() -> Outcome {
    let width = PRESETS
        .iter()
        .map(|preset| preset.id.len())
        .max()
        .unwrap_or(0);
    let mut stdout = String::new();
    for preset in PRESETS {
        let _ = writeln!(stdout, "{:<width$}  {}", preset.id, preset.title);
    }
    Outcome {
        stdout,
        stderr: Vec::new(),
        code: 0,
    }
}
