//! The one-line ruler people read: where the isolation and availability markers sit.

use serde::Serialize;

use super::{Axes, stack};

/// The ruler's marks, weakest first, exactly as the original tenancy scale draws them.
pub const MARKS: [&str; 9] = [
    "processes",
    "containers",
    "sandboxed containers",
    "virtual machines",
    "dedicated hosts",
    "separate racks",
    "separate data centers",
    "separate regions",
    "the moon",
];

/// The two markers on the ruler, as labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Scale {
    /// Tenant isolation: the compute boundary, or "dedicated hosts" when no other tenant shares
    /// the host. A community cloud or a classified facility whose hosts are shared among its
    /// tenants is not marked as dedicated hosts: the facility is who shares the building, the
    /// host layer is who shares the machine, and the verdict never claims more than the stack.
    pub isolation: &'static str,
    /// Availability: the failure domain survived.
    pub availability: &'static str,
    /// Where the isolation marker sits: an index into [`MARKS`].
    #[serde(skip)]
    pub isolation_mark: usize,
    /// Where the availability marker sits, an index into [`MARKS`]; `None` for a single copy.
    /// Separate hosts share the "dedicated hosts" mark: the original scale has one host rung.
    #[serde(skip)]
    pub availability_mark: Option<usize>,
}

impl Scale {
    pub(super) fn of(axes: &Axes) -> Scale {
        let compute_mark = match axes.compute.level.id() {
            "process" | "hardened-process" => 0,
            "container" | "hardened-container" => 1,
            "sandboxed-container" => 2,
            _ => 3,
        };
        let (sharing, _) = stack::host(axes);
        let residency_mark = if sharing == "dedicated" { 4 } else { 0 };
        let (availability, availability_mark) = match axes.failure_domain.level.id() {
            "none" => ("a single copy", None),
            "host" => ("separate hosts", Some(4)),
            "rack" => (MARKS[5], Some(5)),
            "datacenter" => (MARKS[6], Some(6)),
            "region" => (MARKS[7], Some(7)),
            _ => (MARKS[8], Some(8)),
        };
        let isolation_mark = compute_mark.max(residency_mark);
        Scale {
            isolation: MARKS[isolation_mark],
            availability,
            isolation_mark,
            availability_mark,
        }
    }
}
