//! insta snapshots of every export of every preset (on the default topology, with the request
//! derived from the answers): the text, then the lossy entries. Review a changed snapshot like
//! code: it is configuration people will apply.

use tenancy_core::export::{Inputs, Options, Target, export};
use tenancy_core::plan::plan;
use tenancy_core::preset::PRESETS;
use tenancy_core::topology::default_topology;
use tenancy_core::{Request, recommend};

/// Calls `check` with every preset's id, every target and the inputs of that export.
fn for_every_export(mut check: impl FnMut(&str, Target, Inputs<'_>)) {
    let topology = default_topology();
    let options = Options::default();
    for preset in PRESETS {
        let answers = preset.answers();
        let recommendation = recommend(&answers);
        let request = Request::from_answers(&answers, &topology);
        let plan = plan(&topology, &request);
        for target in Target::ALL {
            let inputs = Inputs {
                recommendation: &recommendation,
                request: &request,
                topology: &topology,
                plan: &plan,
                options: &options,
            };
            check(preset.id, target, inputs);
        }
    }
}

/// Entries as a Markdown list, one line each.
fn listed(entries: &[String]) -> String {
    entries.iter().map(|entry| format!("- {entry}\n")).collect()
}

#[test]
fn every_preset_every_target() {
    for_every_export(|preset, target, inputs| {
        let exported = export(target, inputs);
        let lossy = listed(&exported.lossy);
        let warnings = if exported.warnings.is_empty() {
            String::new()
        } else {
            format!("=== warnings ===\n{}", listed(&exported.warnings))
        };
        insta::assert_snapshot!(
            format!("{preset}-{}", target.id()),
            format!("{}\n=== lossy ===\n{lossy}{warnings}", exported.text)
        );
    });
}

#[test]
fn exports_are_deterministic() {
    for_every_export(|preset, target, inputs| {
        assert_eq!(export(target, inputs), export(target, inputs), "{preset}");
    });
}
