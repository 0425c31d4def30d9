//! The floor table: which answer sets which minimum rung, why, and on whose authority.
//!
//! Each floor is one row of the table, split by theme: who shares ([`sharing`]), what runs
//! ([`workload`]), what data and rules ([`data`]), and what it must survive (here). Floors are
//! independent of each other: each looks at its own answer (and, where a rule says so, one
//! other), never at another floor.
//!
//! A floor is a minimum *index* on its axis. The hypervisor floor is written as `microvm`: it is
//! met by `microvm`, `vm` and `confidential-vm` alike, and `recommend` then picks between the
//! equally strong `microvm` and `vm` by preference. A `vm` floor (a full guest OS is needed) is
//! met only by `vm` and `confidential-vm`.

use serde::Serialize;

use crate::answers::Answers;
use crate::answers::match_choice;
use crate::rung::{Axis, Rung};
use crate::source::{Source, cite};

use super::{HYPERVISOR_STRENGTH, because};

mod data;
mod sharing;
mod workload;

/// A minimum rung on one axis set by one answer, with its reason and source.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Floor {
    /// The minimum rung (`microvm` on compute means "a hypervisor": `vm` meets it too).
    pub rung: Rung,
    /// The answer that set it, as `key=value` (two answers joined by `, ` when both matter).
    pub because: String,
    /// Why, in a sentence or two, quoting the source where it can.
    pub reason: &'static str,
    /// The guidance it rests on.
    pub source: Source,
}

impl Floor {
    /// How people read this floor: "hypervisor (microvm or vm)" for the hypervisor floor,
    /// otherwise the rung id.
    pub fn requirement(&self) -> &'static str {
        if self.rung == Rung::of(Axis::Compute, "microvm") {
            "hypervisor (microvm or vm)"
        } else {
            self.rung.id()
        }
    }
}

/// Builds a floor from the core's own tables (rung and source ids are checked by tests).
fn floor(axis: Axis, rung: &str, because: String, reason: &'static str, source: &str) -> Floor {
    Floor {
        rung: Rung::of(axis, rung),
        because,
        reason,
        source: cite(source),
    }
}

/// Every floor the answers set, in questionnaire order.
///
/// One floor depends on others: `mixed_sensitivity=yes` asks for a kernel per sensitivity level,
/// which a hypervisor per pod already gives, so it is added only when no compute floor reaches
/// the hypervisor (see `data::sensitivity`).
pub(super) fn floors(answers: &Answers) -> Vec<Floor> {
    let mut out = Vec::new();
    sharing::tenants(answers, &mut out);
    sharing::api_access(answers, &mut out);
    workload::code(answers, &mut out);
    let sensitivity_at = out.len();
    data::regimes(answers, &mut out);
    data::contract(answers, &mut out);
    data::side_channels(answers, &mut out);
    workload::operator_trust(answers, &mut out);
    workload::privileges(answers, &mut out);
    sharing::noisy_neighbours(answers, &mut out);
    survive(answers, &mut out);
    let per_pod = hypervisor_per_pod(&out);
    let mut sensitivity = Vec::new();
    data::sensitivity(answers, per_pod, &mut sensitivity);
    out.splice(sensitivity_at..sensitivity_at, sensitivity);
    out
}

/// Whether a compute floor among these asks for a hypervisor, so every pod (or tenant VM) has a
/// kernel of its own.
pub(super) fn hypervisor_per_pod(floors: &[Floor]) -> bool {
    floors.iter().any(|floor| {
        floor.rung.axis == Axis::Compute && floor.rung.strength() >= HYPERVISOR_STRENGTH
    })
}

/// `survive=X` → failure_domain ≥ X. The "at least 2 copies" half has no axis of its own: it
/// shapes the stack's counts and, when `replicas=1`, becomes a warning (see `warnings`).
fn survive(answers: &Answers, out: &mut Vec<Floor>) {
    let (reason, source) = match_choice!(answers, "survive", {
        "host" => (
            "Copies on different physical machines (anti-affinity), so losing one host leaves enough copies running: at least 2 for stateless work, at least 3 for a majority quorum; a spread placement group puts each instance on distinct hardware to reduce simultaneous failures.",
            "aws-placement-spread",
        ),
        "rack" => (
            "Copies in different racks: in a rack-level spread placement group each instance is launched on a separate rack with its own network and power source, so a PDU or top-of-rack switch failure takes one copy at most.",
            "aws-placement-spread",
        ),
        "datacenter" => (
            "Copies in at least 2 data centers “designed not to be simultaneously impacted by a shared fate scenario like utility power, water disruption, fiber isolation, earthquakes, fires, tornadoes, or floods”.",
            "aws-availability-zones",
        ),
        "region" => (
            "Copies in at least 2 regions: “Regions themselves are isolated and independent from other Regions”, down to their control planes, geography and jurisdiction.",
            "aws-regions",
        ),
        "planet" => (
            "The joke rung at the top of the tenancy scale (as the post is summarised; the archived copy read for this tool breaks off before it): a copy on the moon survives anything that happens to Earth. Nobody sells it; read it as at least 2 regions as far apart as you can get.",
            "tenancy-scale",
        ),
        _ => return,
    });
    let rung = answers.choice("survive");
    out.push(floor(
        Axis::FailureDomain,
        rung,
        because(answers, "survive"),
        reason,
        source,
    ));
}
