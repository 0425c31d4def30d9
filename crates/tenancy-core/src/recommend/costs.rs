//! What each rung adds over the one below it and what it costs, with sources:
//! the raw material of the neighbours.

use crate::rung::{Axis, Rung};
use crate::source::{Source, cite};

/// What a rung adds and what it costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Cost {
    /// What this rung stops that the one below does not.
    pub adds: &'static str,
    /// Its overhead, with numbers where the sources give them.
    pub overhead: &'static str,
    /// Where the claims come from, one source per number or claim.
    pub sources: Vec<Source>,
}

/// (rung id, adds, overhead, source ids), by axis in rung order.
const COSTS: &[(&str, &str, &str, &[&str])] = &[
    // compute
    (
        "process",
        "separate address spaces and user IDs",
        "none",
        &["nist-800-53"],
    ),
    (
        "hardened-process",
        "seccomp filters and an LSM shrink the kernel surface a process can reach (“System call filtering isn't a sandbox”)",
        "about zero; filters must be tailored per workload",
        &["kernel-seccomp"],
    ),
    (
        "container",
        "namespaces and cgroups: separate views of processes, files and network, and resource limits, on a shared kernel",
        "effectively free in CPU; density limited only by the application",
        &["nist-800-190", "container-exploit-study"],
    ),
    (
        "hardened-container",
        "non-root with user namespaces, seccomp RuntimeDefault, no capabilities, read-only root: root in the container is not root on the host",
        "about zero; user namespaces need Linux ≥ 6.3 and containerd ≥ 2.0 or CRI-O ≥ 1.25",
        &["k8s-user-namespaces"],
    ),
    (
        "sandboxed-container",
        "a user-space kernel: no system call reaches the host directly, so an escape needs two kernel exploits",
        "gVisor implements 274 of 350 amd64 syscalls; CPU-bound work runs at about native speed, syscall-, I/O- and network-heavy work pays",
        &["gvisor-syscalls", "gvisor-performance"],
    ),
    (
        "microvm",
        "a hypervisor boundary: a guest kernel per pod, so host-kernel exploits stay in the guest",
        "Firecracker: ≤ 5 MiB VMM memory and ≤ 125 ms to guest init; Kata pod overhead ~120 MiB + 250m CPU (Kubernetes Pod Overhead example); AKS Pod Sandboxing counts 600 Mi per pod, of which 512 Mi is the pod VM's memory",
        &["firecracker-spec", "k8s-pod-overhead", "aks-pod-sandboxing"],
    ),
    (
        "vm",
        "a hypervisor boundary around a general-purpose guest with a kernel of the tenant's choosing",
        "a full guest OS per VM: its memory and seconds of boot; the lowest density on the compute axis",
        &["container-myths"],
    ),
    (
        "confidential-vm",
        "memory encrypted in use, with attestation: the infrastructure operator cannot read or change guest memory",
        "a VM's costs plus attestation infrastructure, on instance types with AMD SEV-SNP or Intel TDX",
        &["coco"],
    ),
    // residency
    (
        "shared-host",
        "nothing: other tenants share the machine",
        "the cheapest",
        &["k8s-multi-tenancy"],
    ),
    (
        "no-core-sharing",
        "no core shared between tenants, so no sibling hyperthread either (cross-HT MDS and L1TF): SMT off, core scheduling, or whole cores per tenant as clouds give instances",
        "capacity lost with SMT off; core scheduling can do worse than SMT off when lightly loaded; whole-core pinning costs the unused siblings",
        &["core-scheduling", "firecracker-prod-host"],
    ),
    (
        "dedicated-node-pool",
        "an escaped workload reaches only its own pool's pods and volumes, and other tenants' pods leave its nodes (on VM nodes, other VMs still share the physical host)",
        "nodes per tenant or sensitivity level; “could get rather complicated, and cost prohibitive” with many tenants",
        &["eks-tenant-isolation"],
    ),
    (
        "dedicated-host",
        "no other customer on the machine: side channels and VM escapes reach only your own workloads",
        "whole hosts paid for, low density",
        &["gcp-sole-tenant"],
    ),
    (
        "community-cloud",
        "infrastructure physically separate from tenants outside the community, run by screened personnel (hosts may still be shared within the community)",
        "eligibility restrictions and fewer services",
        &["dod-cc-srg"],
    ),
    (
        "classified-facility",
        "cleared, accredited facilities physically separate from unclassified systems, reached over a classified network (SIPRNet for DoD IL6)",
        "the highest: cleared facilities, cleared staff and a classified network connection",
        &["dod-cc-srg"],
    ),
    // failure_domain
    (
        "none",
        "nothing: one failure can take every copy",
        "a single copy",
        &["tenancy-scale"],
    ),
    (
        "host",
        "copies on different machines (anti-affinity)",
        "at least 2 copies",
        &["aws-placement-spread"],
    ),
    (
        "rack",
        "copies behind different power feeds and top-of-rack switches",
        "spread limits (AWS: at most 7 running instances per AZ per rack-spread group)",
        &["aws-placement-spread"],
    ),
    (
        "datacenter",
        "copies with separate utility power, water, fibre and weather or earthquake exposure",
        "cross-data-center latency and traffic (AZs up to ~100 km apart)",
        &["aws-availability-zones"],
    ),
    (
        "region",
        "copies under separate regional control planes, geography and jurisdiction",
        "cross-region replication, latency and traffic",
        &["aws-regions"],
    ),
    (
        "planet",
        "a copy off-world (the joke rung)",
        "not for sale",
        &["tenancy-scale"],
    ),
    // control_plane
    (
        "shared-namespace",
        "nothing: tenants share every API object",
        "none",
        &["k8s-multi-tenancy"],
    ),
    (
        "namespace-per-tenant",
        "namespaced API objects separated by RBAC, quotas and network policies",
        "negligible",
        &["k8s-multi-tenancy"],
    ),
    (
        "virtual-cluster",
        "an API server, controller manager and etcd per tenant, so CRDs and webhooks are per tenant",
        "a control plane per tenant running as pods; the data plane stays shared",
        &["k8s-multi-tenancy"],
    ),
    (
        "cluster-per-tenant",
        "everything in the cluster: “the only construct that provides a strong security boundary”",
        "a control plane per tenant, fragmentation, fleet tooling, slow to create",
        &["eks-tenant-isolation"],
    ),
    (
        "account-per-tenant",
        "IAM, quotas, billing and the blast radius of an administrator's mistake, per tenant",
        "an account per tenant and the cross-account operations that come with it",
        &["saas-lens-silo"],
    ),
];

/// What this rung adds and costs.
pub(super) fn cost(rung: Rung) -> Cost {
    // Looked up by position: the rows follow the rung tables axis by axis (a test keeps them so).
    let offset: usize = Axis::ALL
        .iter()
        .take_while(|axis| **axis != rung.axis)
        .map(|axis| axis.rungs().len())
        .sum();
    let (id, adds, overhead, sources) = COSTS[offset + rung.index()];
    debug_assert_eq!(id, rung.id(), "COSTS is out of step with the rung tables");
    Cost {
        adds,
        overhead,
        sources: sources.iter().map(|id| cite(id)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rung_has_its_own_row() {
        let ids: Vec<&str> = Axis::ALL
            .iter()
            .flat_map(|axis| axis.rungs().iter().map(|def| def.id))
            .collect();
        let rows: Vec<&str> = COSTS.iter().map(|row| row.0).collect();
        assert_eq!(rows, ids);
        for axis in Axis::ALL {
            for def in axis.rungs() {
                assert!(!cost(Axis::rung(axis, def.id).unwrap()).overhead.is_empty());
            }
        }
    }
}
