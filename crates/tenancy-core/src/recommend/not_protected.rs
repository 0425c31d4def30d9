//! What the recommendation does not stop: the honest list that goes with every answer.

use crate::answers::Answers;

use super::{Axes, see, stack};

/// Every threat the recommended levels leave open, in a fixed order.
pub(super) fn not_protected(answers: &Answers, axes: &Axes) -> Vec<String> {
    let mut out = Vec::new();
    let compute = axes.compute.level.id();
    let (sharing, smt) = stack::host(axes);
    match compute {
        "process" | "hardened-process" | "container" | "hardened-container" => out.push(
            "Kernel exploits reachable from the workload (Dirty COW, Dirty Pipe): every tenant shares the host kernel, and in one study 50 of 88 exploits worked from a default container."
                .to_owned(),
        ),
        "sandboxed-container" => out.push(
            "Bugs in the sandbox itself and anything inside one sandbox: workloads that share a gVisor sandbox are not separated, and a pod started without the sandbox runtime class is not sandboxed."
                .to_owned(),
        ),
        "microvm" | "vm" => out.push(
            "VM escapes through the VMM or device emulation (the VENOM class): keep the VMM minimal and patched."
                .to_owned(),
        ),
        _ => out.push(
            "Bugs inside the confidential guest, and availability: the host can still stop or starve it."
                .to_owned(),
        ),
    }
    // Community clouds and air-gapped facilities still share hosts among their tenants: only a
    // dedicated host closes this.
    if sharing != "dedicated" {
        let smt = if smt == "off" {
            " Not sharing cores closes the sibling-thread path only; the last-level cache, memory bus and other transient-execution variants are still shared."
        } else {
            ""
        };
        out.push(format!(
            "Hardware side channels (Spectre, L1TF, MDS) between tenants that share a physical host: no compute rung stops them without dedicated hosts.{smt}"
        ));
    }
    if compute != "confidential-vm" {
        out.push(
            format!("The infrastructure operator: the hypervisor, host firmware and host OS can read the workload's memory. Whether people can depends on the platform: on Nitro-class hosts the provider's operators have no interactive access to instance memory by design{}, on a self-run hypervisor its administrators have; only a confidential VM takes the host software out of what you trust.", see("aws-nitro")),
        );
    }
    if axes.control_plane.level.index() < 3 {
        out.push(
            "A compromise of the shared orchestrator: with a shared cluster, the API server and every kubelet are one security domain."
                .to_owned(),
        );
    }
    out.push(
        "Data reachable through credentials the workload holds (tokens, keys, mounted secrets): isolation stops escapes, not the misuse of access it was given."
            .to_owned(),
    );
    out.push(
        "Exfiltration over the network: isolation does not restrict egress; that takes egress policy."
            .to_owned(),
    );
    if answers.is("host_network", "yes") {
        out.push(
            "Network isolation from the host: the workload shares the host's network namespace."
                .to_owned(),
        );
    }
    let failure = axes.failure_domain.level;
    let wider = match failure.id() {
        "none" => Some("any failure: one host, disk or process takes every copy"),
        "host" => Some("a rack's power feed or top-of-rack switch"),
        "rack" => Some("a whole data center (power, cooling, fire, flood)"),
        "datacenter" => Some("a whole region (its control plane, a regional disaster)"),
        "region" => Some("a planet-wide event (the moon rung is a joke)"),
        _ => None,
    };
    if let Some(wider) = wider {
        out.push(format!(
            "Failures wider than the chosen failure domain: {wider}."
        ));
    }
    if failure.index() >= 4 {
        out.push(
            format!("Correlated logical failures that distance does not stop: a bad deploy rolled out everywhere, a global control plane (identity, DNS, the provider's global services{}), a deletion or corruption that replicates to every copy.", see("aws-global-services")),
        );
    }
    if failure.id() == "planet" {
        out.push(
            format!("Losing the data itself: surviving anything needs immutable backups in a separate account, write-once and locked against deletion{}, restored and tested; replicas replicate mistakes.", see("aws-backup-vault-lock")),
        );
    }
    out
}
