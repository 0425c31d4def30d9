//! Tests of the rung tables.

use super::*;

#[test]
fn strengths_never_decrease_and_only_microvm_and_vm_tie() {
    for axis in Axis::ALL {
        for pair in axis.rungs().windows(2) {
            let (weaker, stronger) = (pair[0], pair[1]);
            if weaker.id == "microvm" && stronger.id == "vm" {
                assert_eq!(weaker.strength, stronger.strength);
            } else {
                assert!(
                    weaker.strength < stronger.strength,
                    "{} !< {}",
                    weaker.id,
                    stronger.id
                );
            }
        }
    }
}

#[test]
fn ids_resolve_on_their_axis_only() {
    assert_eq!(Axis::Compute.rung("vm").map(Rung::id), Some("vm"));
    assert_eq!(Axis::Residency.rung("vm"), None);
    assert_eq!(
        Axis::FailureDomain.rung("planet").map(Rung::label),
        Some("the moon")
    );
}

/// Output saved before the renames (JSON with `shared-host-no-smt` or `air-gapped`) still names
/// a rung: the former ids resolve to the renamed rungs.
#[test]
fn former_ids_of_renamed_rungs_still_resolve() {
    assert_eq!(
        Axis::Residency.rung("shared-host-no-smt").map(Rung::id),
        Some("no-core-sharing")
    );
    assert_eq!(
        Axis::Residency.rung("air-gapped").map(Rung::id),
        Some("classified-facility")
    );
    assert_eq!(Axis::Compute.rung("air-gapped"), None);
}
