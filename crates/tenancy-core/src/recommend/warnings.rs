//! Feasibility warnings: what is hard or impossible to build as recommended, with the
//! honest fallbacks, and answers that contradict each other.
//!
//! Each warning starts with the answers it comes from (and the level we recommend, where that
//! matters) in people's words, so a reader can follow it back without knowing the answers' keys.

use crate::answers::{Answers, answer_in_words, in_words};
use crate::request::plural;
use crate::rung::Rung;
use crate::source::CHECKED;

use super::{Axes, HYPERVISOR_STRENGTH, see};

/// Every warning about building the recommendation, in a fixed order.
pub(super) fn warnings(answers: &Answers, axes: &Axes) -> Vec<String> {
    let mut out = Vec::new();
    let compute = axes.compute.level.id();
    let hypervisor = axes.compute.level.strength() >= HYPERVISOR_STRENGTH;

    // Only microVMs and KubeVirt start VMs on the nodes themselves; VMs from a fleet or a
    // provider need no /dev/kvm where the workload runs.
    let vms_on_nodes = compute == "microvm" && !answers.is("platform", "serverless")
        || compute == "vm" && answers.is("platform", "kubernetes");
    if answers.is("kvm", "no") && hypervisor {
        out.push(kvm_fallbacks(answers, axes));
    } else if answers.is("kvm", "unknown") && vms_on_nodes {
        out.push(because(
            "kvm=unknown",
            Some(axes.compute.level),
            "it needs hardware virtualisation; check that /dev/kvm exists on the nodes (bare metal, or VMs with nested virtualisation enabled) before you commit to it",
        ));
    }
    if answers.is("host_network", "yes") && compute == "microvm" {
        out.push(because(
            "host_network=yes",
            Some(axes.compute.level),
            &format!(
                "Kata Containers cannot share the host's network namespace (no --net=host); give the workload a full VM whose network it owns, or drop the need for host networking{}",
                see("kata-limitations")
            ),
        ));
    }
    if answers.is("devices", "gpu") {
        match compute {
            "microvm" => out.push(because(
                "devices=gpu",
                Some(axes.compute.level),
                &format!(
                    "pick a VMM with device passthrough. Kata Containers with QEMU or Cloud Hypervisor supports VFIO passthrough{}; Firecracker has PCIe support only since 1.13 and VFIO is still being built (as of {CHECKED}){}",
                    see("kata-virtualization"),
                    see("firecracker-vfio")
                ),
            )),
            "sandboxed-container" => out.push(because(
                "devices=gpu",
                Some(axes.compute.level),
                &format!(
                    "gVisor passes GPUs through only via nvproxy, its proxy for NVIDIA drivers (as of {CHECKED}); check that it supports your GPU and driver before relying on it"
                ),
            )),
            _ => {}
        }
    }
    if answers.is("performance", "io-heavy") && compute == "sandboxed-container" {
        out.push(because(
            "performance=io-heavy",
            Some(axes.compute.level),
            &format!(
                "I/O-heavy work pays most in a user-space kernel (gVisor: “I/O-heavy (e.g. databases) and network-heavy (e.g. load balancers) workloads will see degraded performance”{}); measure it, or consider a microVM",
                see("gvisor-performance")
            ),
        ));
    }
    let api_access = answers.choice("api_access");
    if answers.is("tenants", "anonymous") && !answers.is("api_access", "none") {
        out.push(because(
            &format!("tenants=anonymous, api_access={api_access}"),
            None,
            "anonymous tenants should get no access to the orchestrator's API at all; expose a service of your own instead",
        ));
    }
    if answers.has("regimes", "pci-provider") {
        out.push(because(
            "regimes∋pci-provider",
            None,
            &format!(
                "as a multi-tenant service provider you fall under PCI DSS Appendix A1 (see the notes for what it asks); confirm scope with your QSA{}",
                see("pci-appendix-a1")
            ),
        ));
    }
    let survive = answers.choice("survive");
    let replicas = answers.number("replicas");
    if !answers.is("survive", "none") && replicas < 2 {
        out.push(because(
            &format!("survive={survive}, replicas={replicas}"),
            None,
            &format!(
                "one copy survives nothing; surviving a {} failure needs at least 2 copies, and the stack below counts 2",
                plural(survive, 1)
            ),
        ));
    } else if !answers.is("survive", "none") && crate::request::quorum_of(answers) == replicas {
        out.push(because(
            &format!("survive={survive}, replicas={replicas}, state=replicated"),
            None,
            &format!(
                "a majority of {replicas} is all {replicas}, so losing one {} loses the quorum and every drain is blocked; add a copy ({}) or, if any one copy can serve, {}",
                plural(survive, 1),
                answer("replicas", &(replicas + 1).to_string()),
                answer("state", "stateless")
            ),
        ));
    }
    if answers.is("devices", "gpu") && answers.is("operator_trust", "untrusted") {
        out.push(because(
            "devices=gpu, operator_trust=untrusted",
            None,
            &format!(
                "a confidential VM encrypts CPU memory only; the GPU's memory and the PCIe traffic to it need confidential-computing-capable GPUs (in CC mode, attested with the VM){}",
                see("nvidia-gpu-cc")
            ),
        ));
    }
    if answers.is("devices", "gpu")
        && answers.is("gpu_sharing", "time-slicing")
        && !answers.is("tenants", "single-team")
    {
        out.push(because(
            &format!("gpu_sharing=time-slicing, tenants={}", answers.choice("tenants")),
            None,
            &format!(
                "time-slicing has “no memory or fault-isolation between replicas”; never time-slice one GPU between tenants: give each tenant whole GPUs or MIG partitions{}",
                see("nvidia-time-slicing")
            ),
        ));
    }
    let control_plane = axes.control_plane.level.id();
    if answers.is("tenant_count", "thousands")
        && matches!(control_plane, "cluster-per-tenant" | "account-per-tenant")
    {
        out.push(because(
            "tenant_count=thousands",
            Some(axes.control_plane.level),
            "thousands of clusters or accounts need fleet tooling (creation, upgrades, policy) before they are manageable; plan for it",
        ));
    }
    if answers.is("platform", "serverless") && axes.residency.level.index() >= 3 {
        out.push(because(
            "platform=serverless",
            Some(axes.residency.level),
            "serverless functions run on the provider's shared fleet; dedicated hosts mean leaving serverless for VMs on dedicated hosts",
        ));
    }
    out
}

/// `kvm=no` with a hypervisor rung: say what is missing and what can honestly replace it.
fn kvm_fallbacks(answers: &Answers, axes: &Axes) -> String {
    let compute = axes.compute.level.id();
    let mut fallbacks = Vec::new();
    if compute != "vm" {
        fallbacks.push(
            "run each tenant in VMs of its own that serve as nodes (containers in VMs: no nested virtualisation needed)"
                .to_owned(),
        );
    }
    if answers.is("platform", "serverless") {
        fallbacks.push(
            "use the provider's microVM service (AWS Lambda or Fargate on Firecracker, Cloud Run second generation)"
                .to_owned(),
        );
    }
    let hypervisor_floors: Vec<&str> = axes
        .compute
        .floors
        .iter()
        .filter(|floor| floor.rung.strength() >= HYPERVISOR_STRENGTH)
        .map(|floor| floor.because.as_str())
        .collect();
    let only_untrusted_code = hypervisor_floors
        .iter()
        .all(|because| matches!(*because, "code=customer-supplied" | "code=agent-generated"));
    if only_untrusted_code {
        fallbacks.push(
            format!(
                "a sandboxed container (gVisor needs no /dev/kvm), if you document accepting a user-space kernel instead of a hypervisor ({})",
                answer("accept_sandbox", "yes")
            ),
        );
    } else {
        let required = hypervisor_floors.join(", ");
        fallbacks.push(format!(
            "a sandboxed container is no fallback here: a hypervisor is required because {}",
            in_words(&required).unwrap_or(required)
        ));
    }
    let chosen = if compute == "vm" {
        " That is why we recommend virtual machines here: VMs per tenant, used as nodes, need no nested virtualisation (KubeVirt would need /dev/kvm too). Other fallbacks"
    } else {
        " Fallbacks"
    };
    because(
        "kvm=no",
        Some(axes.compute.level),
        &format!(
            "microVMs (Kata, Firecracker) need /dev/kvm on the node, from bare metal or nested virtualisation{}.{chosen}: {}",
            see("kata-virtualization"),
            fallbacks.join("; ")
        ),
    )
}

/// A warning in people's words, starting with what it rests on: the answers (written as the
/// rules record them, `tenants=anonymous, api_access=namespaced`) and, where it matters, the
/// level we recommend: "Because you answered “Unknown” to “…”, and we recommend a microVM: …".
fn because(answers: &str, level: Option<Rung>, text: &str) -> String {
    let answered = in_words(answers).unwrap_or_else(|| answers.to_owned());
    match level {
        Some(level) => format!(
            "Because {answered}, and we recommend a {}: {text}",
            level.label()
        ),
        None => format!("Because {answered}: {text}"),
    }
}

/// An answer to give instead, in words: "answer “Yes” to “…”".
fn answer(key: &str, option: &str) -> String {
    let said = answer_in_words(key, option).unwrap_or_else(|| format!("{key}={option}"));
    format!("answer {said}")
}
