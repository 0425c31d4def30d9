//! The recommended stack, outermost to innermost: (planet ▸) region ▸ data center ▸ rack ▸ host
//! ▸ VM ▸ sandbox ▸ container ▸ process, and the control-plane band beside it.
//!
//! Pure data, no geometry: the web app and the SVG export draw it. Physical layers carry a
//! `count`: how many distinct domains of that kind the copies occupy — one copy per domain at the
//! survived kind and every narrower kind, one domain for the wider kinds. Surviving anything
//! needs at least 2 copies, so when `survive` is not `none` the counts use at least 2 (and a
//! warning says so when `replicas=1`). Compute layers appear only when the compute level uses them.

use serde::Serialize;

use crate::answers::Answers;
use crate::rung::{Axis, Rung};

use super::{Axes, AxisResult};

/// One layer of the stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Layer {
    /// `planet`, `region`, `datacenter`, `rack`, `host`, `vm`, `sandbox`, `container` or `process`.
    pub layer: &'static str,
    /// For physical layers: how many distinct ones the copies occupy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Whether this layer carries the boundary between tenants.
    pub tenant_boundary: bool,
    /// `vm`: `micro`, `full` or `confidential`; `sandbox`: `user-space-kernel`; `container` and
    /// `process`: `plain` or `hardened`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    /// `host`: `shared`, `dedicated-node-pool` (nodes of its own in a shared cluster) or
    /// `dedicated` (no other tenant on the machine).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sharing: Option<&'static str>,
    /// `host`: `off` when no core is shared between tenants (SMT off, core scheduling or
    /// whole-core pinning), `on` otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smt: Option<&'static str>,
    /// `datacenter`: `commercial`, `community-cloud` or `air-gapped`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facility: Option<&'static str>,
    /// The layer as people read it.
    pub label: String,
}

impl Layer {
    fn new(layer: &'static str, label: String) -> Layer {
        Layer {
            layer,
            count: None,
            tenant_boundary: false,
            kind: None,
            sharing: None,
            smt: None,
            facility: None,
            label,
        }
    }
}

/// The control-plane boundary, drawn as a band beside the stack.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Band {
    /// The control-plane level.
    pub rung: Rung,
    /// The band as people read it.
    pub label: &'static str,
}

/// The control-plane band of these levels.
pub(super) fn band(axes: &Axes) -> Band {
    let rung = axes.control_plane.level;
    let label = match rung.id() {
        "shared-namespace" => "one namespace shared by every tenant",
        "namespace-per-tenant" => "a namespace per tenant (RBAC, quotas, network policies)",
        "virtual-cluster" => "a virtual control plane per tenant (e.g. vcluster) over shared nodes",
        "cluster-per-tenant" => "a cluster per tenant",
        _ => "a cloud account per tenant, with its own clusters",
    };
    Band { rung, label }
}

/// The stack of these levels, outermost first.
pub(super) fn stack(answers: &Answers, axes: &Axes) -> Vec<Layer> {
    let survive = axes.failure_domain.level.index();
    let copies = if survive == 0 {
        answers.number("replicas").max(1)
    } else {
        answers.number("replicas").max(2)
    };
    // Failure-domain rank of each physical layer (`host` is 1, `planet` 5).
    let count = |rank: usize| if rank <= survive { copies } else { 1 };
    let mut out = Vec::new();
    if survive == 5 {
        let mut planet = Layer::new("planet", "Earth and the moon (the joke rung)".to_owned());
        planet.count = Some(2);
        out.push(planet);
    }
    let physical = [
        ("region", 4, "region", "regions"),
        ("datacenter", 3, "data center", "data centers"),
        ("rack", 2, "rack", "racks"),
        ("host", 1, "host", "hosts"),
    ];
    let (sharing, smt) = host(axes);
    for (layer, rank, one, many) in physical {
        let n = count(rank);
        let mut entry = Layer::new(layer, format!("{n} {}", if n == 1 { one } else { many }));
        entry.count = Some(n);
        if layer == "datacenter" {
            let facility = match axes.residency.level.id() {
                "community-cloud" => "community-cloud",
                "classified-facility" => "classified-facility",
                _ => "commercial",
            };
            entry.facility = Some(facility);
            if facility != "commercial" {
                entry.label = format!("{}, {}", entry.label, facility.replace('-', " "));
            }
        }
        if layer == "host" {
            entry.sharing = Some(sharing);
            entry.smt = Some(smt);
            entry.tenant_boundary = sharing == "dedicated";
            entry.label = format!(
                "{}, {}, {}",
                entry.label,
                match sharing {
                    "dedicated" => "dedicated to one tenant",
                    "dedicated-node-pool" => "in a dedicated node pool",
                    _ => "shared with other tenants",
                },
                if smt == "off" {
                    "no core shared between tenants"
                } else {
                    "SMT on"
                }
            );
        }
        out.push(entry);
    }
    let boundary_on_host = sharing == "dedicated";
    out.extend(compute_layers(&axes.compute, !boundary_on_host));
    out
}

/// Host sharing and SMT state, from the residency level *and* its floors: a `dedicated-host`
/// floor under a stronger `community-cloud` level still means dedicated hosts, and an SMT-off
/// floor still applies on hosts shared within a node pool or a community.
pub(super) fn host(axes: &Axes) -> (&'static str, &'static str) {
    let residency = &axes.residency;
    let needs = |id: &str| {
        residency.level.id() == id || residency.floors.iter().any(|floor| floor.rung.id() == id)
    };
    let sharing = if needs("dedicated-host") {
        "dedicated"
    } else if needs("dedicated-node-pool") {
        "dedicated-node-pool"
    } else {
        "shared"
    };
    let smt = if sharing != "dedicated" && needs("no-core-sharing") {
        "off"
    } else {
        "on"
    };
    (sharing, smt)
}

/// The layers inside the host, from the compute level; the outermost of them carries the tenant
/// boundary unless a dedicated host already does. Containers and processes are marked hardened
/// when the level or a floor asks for it (a `hardened-container` floor under a VM still means
/// hardened containers inside it).
fn compute_layers(result: &AxisResult, boundary_here: bool) -> Vec<Layer> {
    let compute = result.level;
    let index = compute.index();
    let asks =
        |id: &str| compute.id() == id || result.floors.iter().any(|floor| floor.rung.id() == id);
    let at = |id: &str| Axis::Compute.rung(id).map_or(usize::MAX, Rung::index);
    let mut layers = Vec::new();
    if index >= at("microvm") {
        let (kind, label) = match compute.id() {
            "microvm" => (
                "micro",
                "a microVM per pod (Kata Containers or Firecracker)",
            ),
            "vm" => ("full", "a VM per tenant"),
            _ => (
                "confidential",
                "a confidential VM per tenant (SEV-SNP or TDX)",
            ),
        };
        let mut vm = Layer::new("vm", label.to_owned());
        vm.kind = Some(kind);
        layers.push(vm);
    } else if index == at("sandboxed-container") {
        let mut sandbox = Layer::new("sandbox", "a gVisor sandbox per pod".to_owned());
        sandbox.kind = Some("user-space-kernel");
        layers.push(sandbox);
    }
    if index >= at("container") {
        let hardened = asks("hardened-container");
        let mut container = Layer::new(
            "container",
            if hardened {
                "hardened containers (non-root, user namespaces, seccomp, no capabilities)"
            } else {
                "containers"
            }
            .to_owned(),
        );
        container.kind = Some(if hardened { "hardened" } else { "plain" });
        layers.push(container);
    }
    let hardened_process = asks("hardened-process") || asks("hardened-container");
    let mut process = Layer::new(
        "process",
        if hardened_process {
            "the workload's processes (seccomp, LSM, dropped capabilities)"
        } else {
            "the workload's processes"
        }
        .to_owned(),
    );
    process.kind = Some(if hardened_process {
        "hardened"
    } else {
        "plain"
    });
    layers.push(process);
    if let Some(first) = layers.first_mut() {
        first.tenant_boundary = boundary_here;
    }
    layers
}
