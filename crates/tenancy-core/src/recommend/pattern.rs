//! McCarty's three ways containers and VMs combine, and which one the recommendation is.
//!
//! The rule, first match wins: a full VM on `platform=kubernetes` with KVM available →
//! `vms-in-containers` (KubeVirt; without `/dev/kvm` it could only emulate, so the VMs become
//! nodes instead);
//! `mixed_sensitivity=yes` → `containers-and-vms` (containers within one sensitivity level, VMs
//! or separate nodes between levels, e.g. a RuntimeClass per workload); otherwise
//! `containers-in-vms`, whose reason says where the VM layer is (or that bare-metal hosts leave it
//! out because no VM is needed for isolation).

use serde::Serialize;

use crate::answers::Answers;
use crate::source::{Source, cite};

use super::Axes;

/// One of the three combinations of containers and VMs in the tenancy-scale post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Pattern {
    /// Containers inside virtual machines (Kata pods, managed Kubernetes nodes, a VM per tenant).
    ContainersInVms,
    /// Containers in some places, virtual machines in others.
    ContainersAndVms,
    /// Virtual machines inside containers (KubeVirt).
    VmsInContainers,
}

impl Pattern {
    /// The public id, e.g. `containers-in-vms`.
    pub fn id(self) -> &'static str {
        match self {
            Pattern::ContainersInVms => "containers-in-vms",
            Pattern::ContainersAndVms => "containers-and-vms",
            Pattern::VmsInContainers => "vms-in-containers",
        }
    }

    /// The label people read.
    pub fn label(self) -> &'static str {
        match self {
            Pattern::ContainersInVms => "containers inside virtual machines",
            Pattern::ContainersAndVms => "containers in some places, virtual machines in others",
            Pattern::VmsInContainers => "virtual machines inside containers",
        }
    }
}

/// The pattern, a sentence saying why, and the source that describes it.
pub(super) fn pattern(answers: &Answers, axes: &Axes) -> (Pattern, &'static str, Source) {
    let compute = axes.compute.level.id();
    if compute == "vm" && answers.is("platform", "kubernetes") && !answers.is("kvm", "no") {
        return (
            Pattern::VmsInContainers,
            "A full VM is needed and the platform is Kubernetes: KubeVirt runs each VM's QEMU in a virt-launcher pod, next to the cluster's containers.",
            cite("kubevirt-architecture"),
        );
    }
    if answers.is("mixed_sensitivity", "yes") {
        return (
            Pattern::ContainersAndVms,
            "Workloads of different sensitivity share the platform: containers share a kernel only within one sensitivity level, and VMs or separate nodes stand between levels (e.g. a RuntimeClass per workload).",
            cite("canonical-kata"),
        );
    }
    let source = match compute {
        "confidential-vm" => "coco",
        "microvm" => "kata-virtualization",
        _ => "tenancy-scale",
    };
    let why = match compute {
        "confidential-vm" => {
            "Containers run inside confidential VMs (Confidential Containers: a Kata pod VM protected by SEV-SNP or TDX)."
        }
        "vm" => "Containers run inside each tenant's own VMs; the VM is the tenant boundary.",
        "microvm" => {
            "Each pod runs in a microVM of its own (Kata Containers, Firecracker): to the orchestrator a container, underneath a VM."
        }
        "process" | "hardened-process" => {
            "Plain processes are enough here: containers or VMs around them, if any, are packaging, not the tenant boundary."
        }
        _ if answers.is("platform", "bare-metal") => {
            "Containers run directly on bare-metal hosts: no VM is needed for isolation, so the VM layer of this pattern is left out."
        }
        "sandboxed-container" => {
            "Sandboxed containers on VM nodes, as GKE Sandbox runs gVisor: a user-space kernel inside a VM."
        }
        _ => {
            "Container hosts are VMs (as managed Kubernetes nodes are); the containers, not the VMs, separate tenants."
        }
    };
    (Pattern::ContainersInVms, why, cite(source))
}
