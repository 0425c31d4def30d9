//! The two neighbours of a recommendation: one rung cheaper and one rung stronger, each with what
//! it gives up (the floors it would break) or adds, and its overhead.
//!
//! Neighbours move one axis by one step of *strength* (so `vm` and `microvm` are never each
//! other's neighbour: they are equally strong). The axis is compute when it can move that way;
//! otherwise residency, then failure domain, then control plane. A neighbour is `null` only when
//! every axis is already at its end.

use serde::Serialize;

use crate::rung::{Axis, Rung};
use crate::source::Source;

use super::costs::cost;
use super::{Axes, Floor};

/// An alternative one step cheaper or stronger than the recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Neighbour {
    /// The axis that moves (`compute`).
    pub axis: &'static str,
    /// The rung it moves to.
    pub rung: Rung,
    /// The rung as people read it.
    pub label: &'static str,
    /// For the cheaper one: what the recommendation has that it lacks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gives_up: Option<&'static str>,
    /// For the cheaper one: the floors it breaks, as `because (needs rung)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<String>,
    /// For the stronger one: what it stops in addition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adds: Option<&'static str>,
    /// Its overhead, with numbers where the sources give them.
    pub overhead: &'static str,
    /// Where the claims about it come from.
    pub sources: Vec<Source>,
}

/// One cheaper and one stronger alternative.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Neighbours {
    /// One step weaker, with the floors it breaks.
    pub cheaper: Option<Neighbour>,
    /// One step stronger, with what it adds.
    pub stronger: Option<Neighbour>,
}

/// The neighbours of these levels.
pub(super) fn neighbours(axes: &Axes) -> Neighbours {
    let cheaper = Axis::ALL.into_iter().find_map(|axis| {
        let result = axes.get(axis);
        let rung = step_down(result.level)?;
        let breaks = result.floors_broken_by(rung).map(broken).collect();
        let own = cost(rung);
        Some(Neighbour {
            axis: axis.key(),
            rung,
            label: rung.label(),
            gives_up: Some(cost(result.level).adds),
            breaks,
            adds: None,
            overhead: own.overhead,
            sources: own.sources,
        })
    });
    let stronger = Axis::ALL.into_iter().find_map(|axis| {
        let rung = step_up(axes.get(axis).level)?;
        let own = cost(rung);
        Some(Neighbour {
            axis: axis.key(),
            rung,
            label: rung.label(),
            gives_up: None,
            breaks: Vec::new(),
            adds: Some(own.adds),
            overhead: own.overhead,
            sources: own.sources,
        })
    });
    Neighbours { cheaper, stronger }
}

fn broken(floor: &Floor) -> String {
    format!("{} (needs {})", floor.because, floor.requirement())
}

/// The strongest rung that is strictly weaker than this one.
fn step_down(level: Rung) -> Option<Rung> {
    let rungs = level.axis.rungs();
    (0..level.index())
        .rev()
        .find(|&index| rungs[index].strength < level.strength())
        .and_then(|index| level.axis.rung(rungs[index].id))
}

/// The weakest rung that is strictly stronger than this one.
fn step_up(level: Rung) -> Option<Rung> {
    let rungs = level.axis.rungs();
    (level.index() + 1..rungs.len())
        .find(|&index| rungs[index].strength > level.strength())
        .and_then(|index| level.axis.rung(rungs[index].id))
}
