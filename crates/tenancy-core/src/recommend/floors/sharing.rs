//! Floors from who shares the platform: `tenants`, `api_access`, `noisy_neighbours`.

use super::{Floor, because, floor};
use crate::answers::Answers;
use crate::answers::match_choice;
use crate::rung::Axis;

const NAMESPACE_PER_TENANT: &str = "Each tenant gets its own namespace with RBAC, quotas and network policies, so one tenant's namespaced API objects are out of another's reach.";

/// `tenants`: the trust between the parties that share the platform.
pub(super) fn tenants(answers: &Answers, out: &mut Vec<Floor>) {
    let namespace = |out: &mut Vec<Floor>| {
        out.push(floor(
            Axis::ControlPlane,
            "namespace-per-tenant",
            because(answers, "tenants"),
            NAMESPACE_PER_TENANT,
            "k8s-multi-tenancy",
        ));
    };
    match_choice!(answers, "tenants", {
        "org-teams" => {
            out.push(floor(
                Axis::Compute,
                "container",
                because(answers, "tenants"),
                "Teams of one organisation share “some level of trust”: containers (namespaces and cgroups) keep them apart from accidents, naming collisions and resource hogging.",
                "k8s-multi-tenancy",
            ));
            namespace(out);
        },
        "partners" => {
            out.push(floor(
                Axis::Compute,
                "hardened-container",
                because(answers, "tenants"),
                "Partners are outside your control, and node isolation still leaves kubelet and API server shared: “If this is a major concern, consider implementing compensating controls such as seccomp, AppArmor or SELinux or explore using sandboxed containers or creating separate clusters for each tenant.” For partners running their own first-party code the floor is the first of the three, hardened containers; a sandbox is the stronger neighbour, and code they did not write raises the floor by itself (`code`).",
                "k8s-multi-tenancy",
            ));
            namespace(out);
        },
        "unrelated-customers" | "anonymous" => {
            out.push(floor(
                Axis::Compute,
                "microvm",
                because(answers, "tenants"),
                "Mutually untrusted tenants: slide up the scale to virtual machines. “For true security when running hostile multi-tenant workloads, you should only trust a hypervisor.”",
                "aks-cluster-isolation",
            ));
            if answers.is("tenants", "anonymous") {
                out.push(floor(
                    Axis::ControlPlane,
                    "namespace-per-tenant",
                    because(answers, "tenants"),
                    "Anonymous tenants get no access to the orchestrator's API (as SaaS tenants, they never touch it); their workloads still live in a namespace each.",
                    "eks-tenant-isolation",
                ));
            } else {
                namespace(out);
            }
        },
        _ => {}
    })
}

/// `api_access`: what tenants do with the orchestrator's API.
pub(super) fn api_access(answers: &Answers, out: &mut Vec<Floor>) {
    match_choice!(answers, "api_access", {
        "namespaced" => out.push(floor(
            Axis::ControlPlane,
            "namespace-per-tenant",
            because(answers, "api_access"),
            "Tenants who use the API need a namespace each with RBAC scoped to it; namespaces hold only namespaced objects (CRDs, StorageClasses and webhooks stay cluster-wide).",
            "k8s-multi-tenancy",
        )),
        "cluster-scoped" => {
            let tenants = answers.choice("tenants");
            if answers.is_any("tenants", &["unrelated-customers", "anonymous"]) {
                out.push(floor(
                    Axis::ControlPlane,
                    "cluster-per-tenant",
                    format!("api_access=cluster-scoped, tenants={tenants}"),
                    "Untrusted tenants with cluster-scoped API access need a cluster each: “the cluster is the only construct that provides a strong security boundary”, so hard multi-tenancy means a separate cluster per tenant.",
                    "eks-tenant-isolation",
                ));
            } else {
                out.push(floor(
                    Axis::ControlPlane,
                    "virtual-cluster",
                    because(answers, "api_access"),
                    "Tenants who install CRDs, webhooks or operators reach cluster-scoped objects a namespace cannot isolate; a virtual control plane per tenant is “a good option when namespace isolation is insufficient but dedicated clusters are undesirable”.",
                    "k8s-multi-tenancy",
                ));
            }
        },
        "cloud-account" => out.push(floor(
            Axis::ControlPlane,
            "account-per-tenant",
            because(answers, "api_access"),
            "Tenants who manage cloud resources of their own (networks, identities, clusters) are separated by the provider's control plane: an account or subscription each is the boundary for IAM, quotas, billing and service limits, as a public cloud gives its customers.",
            "aws-multi-account",
        )),
        _ => {}
    });
}

/// `noisy_neighbours=strict`: performance isolation that quotas cannot give. (`slo-bound`
/// asks for quotas and guaranteed resources: a control, not a floor.)
pub(super) fn noisy_neighbours(answers: &Answers, out: &mut Vec<Floor>) {
    if answers.is("noisy_neighbours", "strict") {
        out.push(floor(
            Axis::Residency,
            "dedicated-node-pool",
            because(answers, "noisy_neighbours"),
            "“Quotas cannot protect against all kinds of resource sharing, such as network traffic. Node isolation … may be a better solution”: nodes of its own take other tenants' pods off its CPUs. When those nodes are VMs, other VMs on the same physical host still contend for its last-level cache, memory bandwidth and network card: strict guarantees need bare-metal nodes or dedicated hosts under the pool.",
            "k8s-multi-tenancy",
        ));
    }
}
