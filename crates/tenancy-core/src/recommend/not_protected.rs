//! What the recommendation does not stop: the honest list that goes with every answer.

use crate::answers::Answers;

use super::{Axes, stack};

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
            " SMT off or core scheduling closes the cross-hyperthread path only; caches and branch predictors are still shared."
        } else {
            ""
        };
        out.push(format!(
            "Hardware side channels (Spectre, L1TF, MDS) between tenants that share a physical host: no compute rung stops them without dedicated hosts.{smt}"
        ));
    }
    if compute != "confidential-vm" {
        out.push(
            "The infrastructure operator: the hypervisor, host OS and cloud administrators can read the workload's memory."
                .to_owned(),
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
    if answers.choice("host_network") == "yes" {
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
    out
}
