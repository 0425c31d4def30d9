//! The four axes of the tenancy scale and their rungs, weakest first.

use serde::{Serialize, Serializer};

/// One of the four independent axes a recommendation is computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Axis {
    /// What a hostile neighbour must break.
    Compute,
    /// Who else runs on the same hardware.
    Residency,
    /// The largest single failure the workload survives.
    FailureDomain,
    /// What tenants share of the orchestrator.
    ControlPlane,
}

/// A rung's id, its human label, and its strength (equal strengths are alternatives).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RungDef {
    /// The public id, e.g. `sandboxed-container`.
    pub id: &'static str,
    /// The label people read, e.g. "sandboxed container".
    pub label: &'static str,
    /// Rungs with equal strength are equally strong alternatives (`microvm` and `vm`).
    pub strength: u8,
}

const fn rung(id: &'static str, label: &'static str, strength: u8) -> RungDef {
    RungDef {
        id,
        label,
        strength,
    }
}

const COMPUTE: &[RungDef] = &[
    rung("process", "plain process", 0),
    rung("hardened-process", "hardened process", 1),
    rung("container", "container", 2),
    rung("hardened-container", "hardened container", 3),
    rung(
        "sandboxed-container",
        "sandboxed container (user-space kernel)",
        4,
    ),
    rung("microvm", "microVM", 5),
    rung("vm", "virtual machine", 5),
    rung("confidential-vm", "confidential VM", 6),
];

const RESIDENCY: &[RungDef] = &[
    rung("shared-host", "shared host", 0),
    rung(
        "no-core-sharing",
        "shared host, no cross-tenant core sharing (SMT off, core scheduling or whole-core pinning)",
        1,
    ),
    rung("dedicated-node-pool", "dedicated node pool", 2),
    rung("dedicated-host", "dedicated host", 3),
    rung("community-cloud", "community cloud", 4),
    rung(
        "classified-facility",
        "classified facility (cleared, on a classified network)",
        5,
    ),
];

const FAILURE_DOMAIN: &[RungDef] = &[
    rung("none", "a single copy", 0),
    rung("host", "separate hosts", 1),
    rung("rack", "separate racks", 2),
    rung("datacenter", "separate data centers", 3),
    rung("region", "separate regions", 4),
    rung("planet", "the moon", 5),
];

const CONTROL_PLANE: &[RungDef] = &[
    rung("shared-namespace", "shared namespace", 0),
    rung("namespace-per-tenant", "namespace per tenant", 1),
    rung("virtual-cluster", "virtual cluster per tenant", 2),
    rung("cluster-per-tenant", "cluster per tenant", 3),
    rung("account-per-tenant", "cloud account per tenant", 4),
];

/// Rungs that were renamed: (former id, current id). `shared-host-no-smt` became
/// `no-core-sharing` (clouds give whole cores rather than turn SMT off) and `air-gapped` became
/// `classified-facility` (DoD IL6 is a cleared facility on SIPRNet, not a facility without a
/// network).
pub const RENAMED: [(&str, &str); 2] = [
    ("shared-host-no-smt", "no-core-sharing"),
    ("air-gapped", "classified-facility"),
];

impl Axis {
    /// Every axis, in the order of the JSON output.
    pub const ALL: [Axis; 4] = [
        Axis::Compute,
        Axis::Residency,
        Axis::FailureDomain,
        Axis::ControlPlane,
    ];

    /// The JSON key of this axis (`failure_domain`).
    pub fn key(self) -> &'static str {
        match self {
            Axis::Compute => "compute",
            Axis::Residency => "residency",
            Axis::FailureDomain => "failure_domain",
            Axis::ControlPlane => "control_plane",
        }
    }

    /// The rungs of this axis, weakest first.
    pub fn rungs(self) -> &'static [RungDef] {
        match self {
            Axis::Compute => COMPUTE,
            Axis::Residency => RESIDENCY,
            Axis::FailureDomain => FAILURE_DOMAIN,
            Axis::ControlPlane => CONTROL_PLANE,
        }
    }

    /// The weakest rung of this axis.
    pub fn bottom(self) -> Rung {
        Rung {
            axis: self,
            index: 0,
        }
    }

    /// The rung with this id on this axis, if there is one. Former ids of renamed rungs
    /// ([`RENAMED`]) still name the rung, so output saved by an older version reads back.
    pub fn rung(self, id: &str) -> Option<Rung> {
        let id = RENAMED
            .iter()
            .find(|(old, _)| *old == id)
            .map_or(id, |(_, new)| *new);
        let index = self.rungs().iter().position(|def| def.id == id)?;
        Some(Rung {
            axis: self,
            index: index as u8,
        })
    }
}

/// A rung on one axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rung {
    /// The axis this rung is on.
    pub axis: Axis,
    index: u8,
}

impl Rung {
    /// The rung with this id on this axis.
    ///
    /// Only for ids written in the core's own tables: a typo there is a bug, caught by tests.
    pub(crate) fn of(axis: Axis, id: &str) -> Rung {
        match axis.rung(id) {
            Some(rung) => rung,
            None => panic!("no rung `{id}` on axis `{}`", axis.key()),
        }
    }

    fn def(self) -> &'static RungDef {
        &self.axis.rungs()[usize::from(self.index)]
    }

    /// The public id, e.g. `microvm`.
    pub fn id(self) -> &'static str {
        self.def().id
    }

    /// The label people read.
    pub fn label(self) -> &'static str {
        self.def().label
    }

    /// How strong this rung is; equal strengths are alternatives.
    pub fn strength(self) -> u8 {
        self.def().strength
    }

    /// The position of this rung on its axis, weakest first.
    pub fn index(self) -> usize {
        usize::from(self.index)
    }
}

impl Serialize for Rung {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests;
