//! Controls: what a multi-tenant platform needs beyond the four axes. Most real compromises
//! between tenants go through the network, credentials and storage, not kernel escapes, so the
//! recommendation lists these beside the rungs, each triggered by answers, with a reason and a
//! primary source.
//!
//! One function per rule, in the order they are listed. A control names the answer that
//! triggered it (`because`, like a floor), and says whether the Kubernetes export writes it
//! (`exported`): the export and the generated `docs/controls.md` read the same values.

use serde::Serialize;

use crate::answers::match_choice;
use crate::answers::{Answers, Value};
use crate::rung::Axis;
use crate::source::{Source, cite};

use super::{Axes, HYPERVISOR_STRENGTH, because};

/// One control the answers call for.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Control {
    /// Stable id, e.g. `network-default-deny`.
    pub id: &'static str,
    /// What to do, as a heading.
    pub title: &'static str,
    /// The answer that called for it, as `key=value` (two joined by `, ` when both matter).
    pub because: String,
    /// Why, and how, in a sentence or two.
    pub reason: &'static str,
    /// The guidance it rests on.
    pub source: Source,
    /// What the Kubernetes export writes for it, or `None` when a manifest cannot express it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<&'static str>,
}

fn control(
    id: &'static str,
    title: &'static str,
    because: String,
    reason: &'static str,
    source: &str,
    kubernetes: Option<&'static str>,
) -> Control {
    Control {
        id,
        title,
        because,
        reason,
        source: cite(source),
        kubernetes,
    }
}

/// The answer that makes the platform multi-tenant, if any (`tenants` other than one team).
fn shared(answers: &Answers) -> Option<String> {
    (!answers.is("tenants", "single-team")).then(|| because(answers, "tenants"))
}

/// The answer that puts someone else's code on the network: another tenant, or code we did not
/// write.
fn reachable(answers: &Answers) -> Option<String> {
    shared(answers)
        .or_else(|| (!answers.is("code", "first-party")).then(|| because(answers, "code")))
}

/// Every control the answers and levels call for, in a fixed order.
pub(super) fn controls(answers: &Answers, axes: &Axes) -> Vec<Control> {
    let rules: [fn(&Answers, &Axes) -> Option<Control>; 13] = [
        network_default_deny,
        metadata_endpoint,
        workload_identity,
        pod_security,
        sandbox_admission,
        tenant_keys,
        operator_keys,
        audit_logs,
        quotas,
        gpu_sharing,
        managed_sandbox,
        single_use_vms,
        egress_deny_all,
    ];
    rules
        .iter()
        .filter_map(|rule| rule(answers, axes))
        .collect()
}

/// Tenants (or code we did not write) on one network: deny by default, allow what is needed.
pub(super) fn network_default_deny(answers: &Answers, _: &Axes) -> Option<Control> {
    let trigger = reachable(answers)?;
    Some(control(
        "network-default-deny",
        "Default-deny network policy, with only the egress it needs",
        trigger,
        "“By default, all pods in a Kubernetes cluster are allowed to communicate with each other”: between tenants, “starting with a default policy that denies communication between pods is recommended with another rule that allows all pods to query the DNS server”, then allow what the workload needs. Isolation stops escapes, not a tenant's pod calling another tenant's service.",
        "k8s-multi-tenancy",
        Some(
            "a NetworkPolicy that selects every pod in the namespace, allows no ingress and allows egress only to DNS (port 53) and outside the cluster",
        ),
    ))
}

/// The instance metadata endpoint hands out the node's cloud credentials.
pub(super) fn metadata_endpoint(answers: &Answers, _: &Axes) -> Option<Control> {
    let trigger = reachable(answers)?;
    Some(control(
        "metadata-endpoint-blocked",
        "Block the instance metadata endpoint (169.254.169.254) from pods",
        trigger,
        "The link-local metadata endpoint serves the node's own cloud credentials to any process that can reach it: block it from pods (and require IMDSv2 with a hop limit of 1 on the nodes), so a compromised pod cannot act as the node.",
        "ec2-imds",
        Some("the default-deny NetworkPolicy's egress excludes 169.254.169.254/32"),
    ))
}

/// No API token in pods that do not need one; an identity per tenant for those that do.
pub(super) fn workload_identity(answers: &Answers, _: &Axes) -> Option<Control> {
    let trigger = shared(answers)?;
    Some(control(
        "workload-identity",
        "A workload identity per tenant, no API token by default",
        trigger,
        "Every pod gets a service-account token for the API server unless told otherwise: turn the automatic mount off, give each tenant its own service accounts (and cloud identities bound to them, such as IRSA or Workload Identity), and use short-lived bound tokens where one is needed.",
        "k8s-service-accounts",
        Some("automountServiceAccountToken: false on the pod"),
    ))
}

/// Pod Security Admission on the tenant's namespace.
pub(super) fn pod_security(answers: &Answers, _: &Axes) -> Option<Control> {
    let trigger = shared(answers)?;
    Some(control(
        "pod-security-restricted",
        "Pod Security Admission `restricted` on every tenant namespace",
        trigger,
        "The built-in admission controller enforces the Pod Security Standards per namespace by label: `restricted` refuses privileged pods, host namespaces, root and added capabilities, so one tenant's manifest cannot undo the hardening. A workload that needs root or privileges gets `baseline` or `privileged` on its own namespace, with the sandbox or VM as its boundary.",
        "k8s-pod-security-admission",
        Some(
            "a Namespace labelled pod-security.kubernetes.io/enforce (restricted, or the level the workload's privileges need), audit and warn",
        ),
    ))
}

/// A sandbox that is only a RuntimeClass name can be skipped by leaving the name out.
pub(super) fn sandbox_admission(answers: &Answers, axes: &Axes) -> Option<Control> {
    let compute = axes.compute.level;
    let sandboxed = Axis::Compute.rung("sandboxed-container")?;
    let kubernetes = answers.is("platform", "kubernetes");
    (kubernetes && compute.strength() >= sandboxed.strength()).then(|| {
        control(
            "sandbox-required",
            "An admission policy that requires the sandbox RuntimeClass",
            format!("compute={}, platform=kubernetes", compute.id()),
            "A pod that leaves out `runtimeClassName` runs on the default runtime, beside the host kernel: the tenant boundary is then one omitted line. A ValidatingAdmissionPolicy bound to the tenant's namespace rejects every pod without the sandbox's RuntimeClass.",
            "k8s-admission-policy",
            Some(
                "a ValidatingAdmissionPolicy and its binding that deny pods in the namespace whose runtimeClassName is not the sandbox's",
            ),
        )
    })
}

/// Confidential data: keys and storage of its own (per tenant when tenants share the platform).
pub(super) fn tenant_keys(answers: &Answers, _: &Axes) -> Option<Control> {
    answers
        .is_any("sensitivity", &["confidential", "regulated", "classified"])
        .then(|| {
            control(
                "tenant-keys-and-storage",
                "Encryption keys and storage per tenant",
                because(answers, "sensitivity"),
                "NIST SP 800-53 SC-28 (protection of information at rest) and SC-12 (key management): encrypt each tenant's volumes, buckets and backups (with one tenant, the workload's) under a key of its own, in storage classes or buckets it alone can reach, so one leaked key or misrouted mount exposes one tenant. SC-4: scrub shared resources (volumes, GPU memory) before reuse.",
                "nist-800-53",
                None,
            )
        })
}

/// Partial trust in the operator: keys the operator does not hold.
pub(super) fn operator_keys(answers: &Answers, _: &Axes) -> Option<Control> {
    answers.is("operator_trust", "partial").then(|| {
        control(
            "customer-managed-keys",
            "Keys under your control, and the operator's access logged",
            because(answers, "operator_trust"),
            "Short of confidential computing, partial trust in the operator means encrypting data at rest with keys you manage and can revoke (a KMS or HSM under your account, SC-12), and keeping a log of the operator's access to your resources that you review.",
            "nist-800-53",
            None,
        )
    })
}

/// Regulated data, or rules that ask for it: audit logs per tenant.
pub(super) fn audit_logs(answers: &Answers, _: &Axes) -> Option<Control> {
    // Every regime but data residency (about where, not who sees what) asks for audit records.
    let regimes = match answers.get("regimes") {
        Some(Value::Set(set)) => set.iter().copied().collect(),
        _ => Vec::new(),
    };
    let trigger = regimes
        .into_iter()
        .find(|regime| *regime != "data-residency")
        .map(|regime| format!("regimes∋{regime}"))
        .or_else(|| {
            answers
                .is_any("sensitivity", &["regulated", "classified"])
                .then(|| because(answers, "sensitivity"))
        })?;
    Some(control(
        "tenant-audit-logs",
        "Audit logs per tenant",
        trigger,
        "Turn on the API server's audit log with a policy that records who did what in which namespace, and route each tenant's records (API, workload and access logs) where that tenant's investigation can read them without seeing another's.",
        "k8s-audit",
        None,
    ))
}

/// SLO-bound or strict: quotas and guaranteed resources.
pub(super) fn quotas(answers: &Answers, _: &Axes) -> Option<Control> {
    answers
        .is_any("noisy_neighbours", &["slo-bound", "strict"])
        .then(|| {
            control(
                "quotas-and-guaranteed-qos",
                "Quotas per tenant and guaranteed resources for the workload",
                because(answers, "noisy_neighbours"),
                "A ResourceQuota and LimitRange per tenant namespace cap what neighbours can take; requests equal to limits (Guaranteed QoS) keep the workload's CPU and memory from being reclaimed. Quotas do not bound network traffic or cache contention: strict guarantees need nodes of its own.",
                "k8s-resource-quotas",
                None,
            )
        })
}

/// GPUs: the sharing model decides what is isolated.
pub(super) fn gpu_sharing(answers: &Answers, _: &Axes) -> Option<Control> {
    if !answers.is("devices", "gpu") {
        return None;
    }
    let (title, reason, source) = match_choice!(answers, "gpu_sharing", {
        "mig" => (
            "MIG partitions between tenants, reset between uses",
            "Multi-Instance GPU gives each instance its own memory, cache and compute slices, with faults contained to the instance: the GPU model for sharing one card between tenants. Clear a partition before another tenant gets it.",
            "nvidia-mig",
        ),
        "vgpu" => (
            "vGPU: one virtual GPU per tenant VM, scrubbed between tenants",
            "A vGPU is a mediated device per VM; without MIG underneath its slices time-share the card's engines. Give each tenant VM its own vGPU, prefer MIG-backed profiles between tenants, and clear framebuffer memory before reassigning.",
            "nvidia-mig",
        ),
        "time-slicing" => (
            "Time-slicing only within one tenant",
            "Time-slicing hands out replicas of one GPU with “no memory or fault-isolation between replicas”: fine for one tenant's pods, never between tenants.",
            "nvidia-time-slicing",
        ),
        _ => (
            "A whole GPU per tenant, passed through and reset between tenants",
            "Passthrough gives the tenant's VM the whole card; its memory survives the VM, so reset the GPU (and clear its memory) before another tenant gets it.",
            "nvidia-mig",
        ),
    });
    Some(control(
        "gpu-sharing",
        title,
        format!("devices=gpu, gpu_sharing={}", answers.choice("gpu_sharing")),
        reason,
        source,
        None,
    ))
}

/// No /dev/kvm on the nodes: a managed sandbox may still be on offer.
pub(super) fn managed_sandbox(answers: &Answers, axes: &Axes) -> Option<Control> {
    let compute = axes.compute.level;
    let sandboxed = Axis::Compute.rung("sandboxed-container")?;
    if !answers.is("kvm", "no")
        || !answers.is("platform", "kubernetes")
        || compute.strength() < sandboxed.strength()
    {
        return None;
    }
    let hypervisor = compute.strength() >= HYPERVISOR_STRENGTH;
    let (title, reason, source) = match_choice!(answers, "offering", {
        "gke" => (
            "GKE Sandbox for the sandboxed pods",
            if hypervisor {
                "GKE Sandbox runs pods in gVisor on nodes without nested virtualisation: a user-space kernel, not the hypervisor this recommendation asks for. Use it only with a documented acceptance of a sandbox (accept_sandbox=yes); otherwise give each tenant node pools of its own VMs."
            } else {
                "GKE Sandbox runs pods in gVisor on nodes without nested virtualisation: the sandboxed-container rung as a node-pool setting and a RuntimeClass."
            },
            "gke-sandbox",
        ),
        "aks" => (
            "AKS Pod Sandboxing for the sandboxed pods",
            "AKS Pod Sandboxing runs each pod in a Kata VM on nested virtualisation the provider enables: a hypervisor boundary without /dev/kvm on nodes you manage.",
            "aks-pod-sandboxing",
        ),
        "eks" => (
            "EKS on Fargate for the sandboxed pods",
            "On Fargate each pod runs in a microVM of its own that shares no kernel, CPU, memory or network interface with other pods: a hypervisor boundary without /dev/kvm on your nodes (no DaemonSets, privileged pods or GPUs there).",
            "eks-fargate",
        ),
        _ => (
            "A managed sandbox, or VMs as nodes",
            "Without /dev/kvm a self-managed cluster cannot start Kata pods: managed offerings sandbox for you (GKE Sandbox, AKS Pod Sandboxing, EKS on Fargate), otherwise run each tenant on node VMs of its own.",
            "aks-pod-sandboxing",
        ),
    });
    Some(control(
        "managed-sandbox",
        title,
        format!("kvm=no, offering={}", answers.choice("offering")),
        reason,
        source,
        None,
    ))
}

/// Untrusted jobs: a fresh VM each time, thrown away afterwards.
pub(super) fn single_use_vms(answers: &Answers, _: &Axes) -> Option<Control> {
    answers
        .is_any("code", &["customer-supplied", "agent-generated", "malicious"])
        .then(|| {
            control(
                "single-use-sandboxes",
                "A fresh VM or sandbox per job, destroyed after it",
                because(answers, "code"),
                "Untrusted jobs should never share a guest over time: what one job leaves behind (files, processes, caches, credentials) is the next job's attack surface. Hosted CI does this: each job gets a new virtual machine that is discarded when it ends.",
                "github-hosted-runners",
                None,
            )
        })
}

/// Known-malicious code: no egress at all.
pub(super) fn egress_deny_all(answers: &Answers, _: &Axes) -> Option<Control> {
    answers.is("code", "malicious").then(|| {
        control(
            "egress-deny-all",
            "No egress at all, or only through a monitored proxy",
            because(answers, "code"),
            "Isolation does not stop network egress: known-malicious code must not reach the internet, other tenants or the metadata endpoint, so it cannot exfiltrate data, attack others or fetch its next stage. Allow only a monitored proxy, if anything.",
            "k8s-network-policies",
            Some("the default-deny NetworkPolicy allows egress to DNS only"),
        )
    })
}
