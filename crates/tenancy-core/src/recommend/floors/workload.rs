//! Floors from what runs: `code` (with `accept_sandbox`), `privileges`, `operator_trust`.

use super::{Floor, because, floor};
use crate::answers::Answers;
use crate::answers::match_choice;
use crate::rung::Axis;

/// `code`: who wrote the code that runs, and whether a sandbox is an accepted substitute.
pub(super) fn code(answers: &Answers, out: &mut Vec<Floor>) {
    let code = answers.choice("code");
    let untrusted = answers.is_any("code", &["customer-supplied", "agent-generated"]);
    if untrusted && answers.is("accept_sandbox", "yes") {
        let (reason, source) = if answers.is("code", "agent-generated") {
            (
                "Documented risk acceptance: a user-space kernel instead of a hypervisor for generated code, as Kubernetes' agent-sandbox does with a gVisor runtime class; an escape must break the gVisor Sentry and the host kernel, which share no code.",
                "agent-sandbox",
            )
        } else {
            (
                "Documented risk acceptance: a user-space kernel instead of a hypervisor. “No system call is passed through directly to the host”; an escape must exploit both the gVisor Sentry and the host kernel, which share no code.",
                "gvisor-security",
            )
        };
        out.push(floor(
            Axis::Compute,
            "sandboxed-container",
            format!("code={code}, accept_sandbox=yes"),
            reason,
            source,
        ));
        return;
    }
    match_choice!(answers, "code", {
        "third-party" => out.push(floor(
            Axis::Compute,
            "hardened-container",
            because(answers, "code"),
            "Third-party images can trigger runtime escapes by themselves (runc CVE-2024-21626: a malicious image or Dockerfile suffices); non-root with user namespaces, seccomp and dropped capabilities blunt that class.",
            "runc-cve-2024-21626",
        )),
        "customer-supplied" => out.push(floor(
            Axis::Compute,
            "microvm",
            because(answers, "code"),
            "Code you did not write is treated as hostile: sandboxing “is often recommended when you are running untrusted code, where workloads are assumed to be malicious”. Without a documented acceptance of a user-space kernel, the floor is a hypervisor.",
            "k8s-multi-tenancy",
        )),
        "agent-generated" => out.push(floor(
            Axis::Compute,
            "microvm",
            because(answers, "code"),
            "Generated code can be steered by whatever the agent reads (prompt injection), so it is treated as untrusted code; without a documented acceptance of a user-space kernel, the floor is a hypervisor (VMs: “Excellent (with correct setup)” isolation).",
            "agent-secure-deployment",
        )),
        "malicious" => {
            out.push(floor(
                Axis::Compute,
                "vm",
                because(answers, "code"),
                "Known-malicious code is hunting for an escape: “only trust a hypervisor”. This tool asks for a full VM, a whole guest to instrument, snapshot and throw away, not a pod-shaped microVM.",
                "aks-cluster-isolation",
            ));
            out.push(floor(
                Axis::Residency,
                "dedicated-host",
                because(answers, "code"),
                "Assume it tries VM escapes (the VENOM class) and side channels too: Kubernetes points to “dedicated hardware if VMs are not considered an adequate security boundary”.",
                "k8s-multi-tenancy",
            ));
        },
        _ => {}
    });
}

/// `operator_trust=untrusted`: the infrastructure operator is in the threat model.
pub(super) fn operator_trust(answers: &Answers, out: &mut Vec<Floor>) {
    if answers.is("operator_trust", "untrusted") {
        out.push(floor(
            Axis::Compute,
            "confidential-vm",
            because(answers, "operator_trust"),
            "Isolation from neighbours does nothing against the operator of the host: confidential VMs (AMD SEV-SNP, Intel TDX) encrypt memory in use, with “a trust model which separates Cloud Service Providers (CSPs) from guest applications”.",
            "coco",
        ));
    }
}

/// `privileges`: what the workload needs from the kernel.
pub(super) fn privileges(answers: &Answers, out: &mut Vec<Floor>) {
    let (rung, reason, source) = match_choice!(answers, "privileges", {
        "root-in-container" => (
            "hardened-container",
            "Root in the container must not be root on the host: with user namespaces (`hostUsers: false`) several HIGH and CRITICAL Kubernetes CVEs “were not exploitable”.",
            "k8s-user-namespaces",
        ),
        "privileged" => (
            "microvm",
            "A privileged workload controls the kernel it runs on, so it needs a kernel of its own. In a Kata pod privileged means privileged in the guest, not on the host, on one condition: “By default, when privileged is enabled for a container, all the `/dev/*` block devices from the host are mounted into the guest”; set `privileged_without_host_devices = true` for the Kata runtime in containerd (or CRI-O) so they are not.",
            "kata-privileged",
        ),
        "custom-kernel" => (
            "vm",
            "A custom kernel or kernel modules need a full VM: containers share the host's kernel and microVM runtimes boot the guest kernel the platform chose; “doing something with the kernel” is the classic case for a virtual machine.",
            "container-myths",
        ),
        _ => return,
    });
    out.push(floor(
        Axis::Compute,
        rung,
        because(answers, "privileges"),
        reason,
        source,
    ));
}
