//! `recommend`: answers → the level on each axis with the floors behind it, and everything a
//! reader needs around it: warnings, notes, controls, pattern, stack, neighbours, what it does
//! not stop.
//!
//! Pure and total: every answer set yields a recommendation. The JSON shape (documented in
//! `docs/output.md`) includes, beyond the levels and floors: `notes` (what HIPAA, FedRAMP, data residency and
//! IL5's provider route require, cited), `axes.*.preference` (why `microvm` or `vm` was picked
//! among equally strong rungs), `pattern_reason` and `pattern_source`, and `control_plane_band`
//! (the band drawn beside the stack).

use serde::Serialize;
use serde_json::Value as Json;

use crate::answers::{Answers, Warning};
use crate::rung::{Axis, Rung};
use crate::source::Source;

mod controls;
mod costs;
mod floors;
mod level;
mod neighbours;
mod not_protected;
mod notes;
mod pattern;
mod rules;
mod scale;
mod stack;
mod warnings;

pub use controls::Control;
pub use floors::Floor;
pub use neighbours::{Neighbour, Neighbours};
pub use notes::Note;
pub use pattern::Pattern;
pub use rules::{answer_sets, controls_table, floors_table};
pub use scale::{MARKS, Scale};
pub use stack::{Band, Layer};

/// The strength of `microvm` and `vm`, the hypervisor boundary, on the compute axis.
pub(crate) const HYPERVISOR_STRENGTH: u8 = 5;

/// `key=value` for a single-choice answer: what a floor, control or note says it is because of.
fn because(answers: &Answers, key: &str) -> String {
    format!("{key}={}", answers.choice(key))
}

/// The level of one axis and every floor that raised it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AxisResult {
    /// The recommended rung: the lowest meeting every floor, or an equally strong alternative.
    pub level: Rung,
    /// Every floor on this axis, strongest first (ties in questionnaire order).
    pub floors: Vec<Floor>,
    /// Why this rung and not its equally strong alternative (`microvm` vs `vm`), when that arose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preference: Option<String>,
}

impl AxisResult {
    /// The floors a rung of this axis would break: those that need more than it.
    pub fn floors_broken_by(&self, rung: Rung) -> impl Iterator<Item = &Floor> {
        self.floors
            .iter()
            .filter(move |floor| floor.rung.index() > rung.index())
    }
}

/// The four axes, keyed as in the JSON output.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Axes {
    /// What a hostile neighbour must break.
    pub compute: AxisResult,
    /// Who else runs on the same hardware.
    pub residency: AxisResult,
    /// The largest single failure the workload survives.
    pub failure_domain: AxisResult,
    /// What tenants share of the orchestrator.
    pub control_plane: AxisResult,
}

impl Axes {
    /// The result for one axis.
    pub fn get(&self, axis: Axis) -> &AxisResult {
        match axis {
            Axis::Compute => &self.compute,
            Axis::Residency => &self.residency,
            Axis::FailureDomain => &self.failure_domain,
            Axis::ControlPlane => &self.control_plane,
        }
    }
}

/// The answer to "how much isolation is enough?".
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Recommendation {
    /// Format version of this JSON.
    pub version: u32,
    /// Every key with its value, defaults filled.
    #[schemars(with = "crate::Answers")]
    pub answers: Json,
    /// Keys that took their default.
    pub unanswered: Vec<&'static str>,
    /// What was ignored in the input, then what is hard to build as recommended.
    pub warnings: Vec<String>,
    /// What regimes without a hardware floor require, with sources.
    pub notes: Vec<Note>,
    /// What the platform needs beyond the four axes (network, identity, keys, audit, GPUs…),
    /// each with the answer that called for it and its source.
    pub controls: Vec<Control>,
    /// The level on each axis with its floors.
    pub axes: Axes,
    /// The two markers on the one-line ruler.
    pub scale: Scale,
    /// How containers and VMs combine in this recommendation.
    pub pattern: Pattern,
    /// Why that pattern.
    pub pattern_reason: &'static str,
    /// Where that combination is described.
    pub pattern_source: Source,
    /// The recommended stack, outermost layer first.
    pub stack: Vec<Layer>,
    /// The control-plane boundary, drawn beside the stack.
    pub control_plane_band: Band,
    /// One cheaper and one stronger alternative.
    pub neighbours: Neighbours,
    /// What this recommendation does not stop.
    pub not_protected: Vec<String>,
}

impl Recommendation {
    /// Puts the warnings from reading the answers before the recommendation's own.
    pub fn with_input_warnings(mut self, input: &[Warning]) -> Self {
        let mut warnings: Vec<String> = input.iter().map(ToString::to_string).collect();
        warnings.append(&mut self.warnings);
        self.warnings = warnings;
        self
    }

    /// The source of every floor on every axis.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        Axis::ALL
            .into_iter()
            .flat_map(|axis| self.axes.get(axis).floors.iter().map(|floor| &floor.source))
    }
}

/// " (see <url>)" for a source of the citation table, so a warning's or a not-protected item's
/// claim can be followed.
fn see(id: &str) -> String {
    format!(" (see {})", crate::source::cite(id).url)
}

/// Answers → recommendation. Never fails.
pub fn recommend(answers: &Answers) -> Recommendation {
    let floors = floors::floors(answers);
    let axis_result = |axis: Axis| {
        let mut on_axis: Vec<Floor> = floors
            .iter()
            .filter(|f| f.rung.axis == axis)
            .cloned()
            .collect();
        // Strongest first; ties keep questionnaire order (the sort is stable).
        on_axis.sort_by_key(|floor| std::cmp::Reverse(floor.rung.index()));
        let (level, preference) = level::level(axis, &on_axis, answers);
        AxisResult {
            level,
            floors: on_axis,
            preference,
        }
    };
    let axes = Axes {
        compute: axis_result(Axis::Compute),
        residency: axis_result(Axis::Residency),
        failure_domain: axis_result(Axis::FailureDomain),
        control_plane: axis_result(Axis::ControlPlane),
    };
    let (pattern, pattern_reason, pattern_source) = pattern::pattern(answers, &axes);
    Recommendation {
        version: 1,
        answers: answers.to_json(),
        unanswered: answers.unanswered(),
        warnings: warnings::warnings(answers, &axes),
        notes: notes::notes(answers, floors::hypervisor_per_pod(&axes.compute.floors)),
        scale: Scale::of(&axes),
        pattern,
        pattern_reason,
        pattern_source,
        controls: controls::controls(answers, &axes),
        stack: stack::stack(answers, &axes),
        control_plane_band: stack::band(&axes),
        neighbours: neighbours::neighbours(&axes),
        not_protected: not_protected::not_protected(answers, &axes),
        axes,
    }
}

#[cfg(test)]
mod tests;
