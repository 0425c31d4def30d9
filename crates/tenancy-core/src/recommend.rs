//! `recommend`: answers → the level on each axis, with the floors (reasons and sources) behind it.
//!
//! Pure and total: every answer set yields a recommendation (SPEC §4).

use serde::Serialize;
use serde_json::Value as Json;

use crate::answers::{Answers, Warning};
use crate::rung::{Axis, Rung};
use crate::source::Source;

mod floors;
mod scale;

pub use floors::Floor;
pub use scale::Scale;

/// The level of one axis and every floor that raised it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AxisResult {
    /// The recommended rung.
    pub level: Rung,
    /// Every floor on this axis, strongest first.
    pub floors: Vec<Floor>,
}

/// The four axes, keyed as in the JSON output.
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// The answer to "how much isolation is enough?" (SPEC §4).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// Format version of this JSON.
    pub version: u32,
    /// Every key with its value, defaults filled.
    pub answers: Json,
    /// Keys that took their default.
    pub unanswered: Vec<&'static str>,
    /// What was ignored in the input and what is hard to build as recommended.
    pub warnings: Vec<String>,
    /// The level on each axis with its floors.
    pub axes: Axes,
    /// The two markers on the one-line ruler.
    pub scale: Scale,
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
        let level = on_axis.first().map_or(axis.bottom(), |floor| floor.rung);
        AxisResult {
            level,
            floors: on_axis,
        }
    };
    let axes = Axes {
        compute: axis_result(Axis::Compute),
        residency: axis_result(Axis::Residency),
        failure_domain: axis_result(Axis::FailureDomain),
        control_plane: axis_result(Axis::ControlPlane),
    };
    let scale = Scale::of(&axes);
    Recommendation {
        version: 1,
        answers: answers.to_json(),
        unanswered: answers.unanswered(),
        warnings: Vec::new(),
        axes,
        scale,
    }
}

#[cfg(test)]
mod tests;
