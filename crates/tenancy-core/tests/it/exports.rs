//! insta snapshots of every export of every preset (on the default topology, with the request
//! derived from the answers): the text, then the lossy entries. Review a changed snapshot like
//! code: it is configuration people will apply.

use tenancy_core::export::{Inputs, Options, Target, export};
use tenancy_core::plan::plan;
use tenancy_core::preset::PRESETS;
use tenancy_core::topology::default_topology;
use tenancy_core::{Request, recommend};

#[test]
fn every_preset_every_target() {
    let topology = default_topology();
    let options = Options::default();
    for preset in PRESETS {
        let answers = preset.answers();
        let recommendation = recommend(&answers);
        let request = Request::from_answers(&answers, &topology);
        for target in Target::ALL {
            let exported = export(
                target,
                Inputs {
                    recommendation: &recommendation,
                    request: &request,
                    topology: &topology,
                    plan: &plan(&topology, &request),
                    options: &options,
                },
            );
            let lossy: String = exported
                .lossy
                .iter()
                .map(|entry| format!("- {entry}\n"))
                .collect();
            let warnings: String = exported
                .warnings
                .iter()
                .map(|entry| format!("- {entry}\n"))
                .collect();
            let warnings = if warnings.is_empty() {
                warnings
            } else {
                format!("=== warnings ===\n{warnings}")
            };
            insta::assert_snapshot!(
                format!("{}-{}", preset.id, target.id()),
                format!("{}\n=== lossy ===\n{lossy}{warnings}", exported.text)
            );
        }
    }
}

#[test]
fn exports_are_deterministic() {
    let topology = default_topology();
    let options = Options::default();
    for preset in PRESETS {
        let answers = preset.answers();
        let recommendation = recommend(&answers);
        let request = Request::from_answers(&answers, &topology);
        for target in Target::ALL {
            let inputs = Inputs {
                recommendation: &recommendation,
                request: &request,
                topology: &topology,
                plan: &plan(&topology, &request),
                options: &options,
            };
            assert_eq!(
                export(target, inputs),
                export(target, inputs),
                "{}",
                preset.id
            );
        }
    }
}
