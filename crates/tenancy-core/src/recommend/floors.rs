//! The floor table of SPEC §4: which answer sets which minimum rung, why, and on whose authority.

use serde::Serialize;

use crate::answers::Answers;
use crate::rung::{Axis, Rung};
use crate::source::{Source, cite};

/// A minimum rung on one axis set by one answer, with its reason and source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Floor {
    /// The minimum rung.
    pub rung: Rung,
    /// The answer that set it, as `key=value`.
    pub because: String,
    /// Why, in a sentence.
    pub reason: &'static str,
    /// The guidance it rests on.
    pub source: Source,
}

fn floor(axis: Axis, rung: &str, because: String, reason: &'static str, source: &str) -> Floor {
    Floor {
        rung: Rung::of(axis, rung),
        because,
        reason,
        source: cite(source),
    }
}

/// Every floor the answers set, in questionnaire order.
pub(super) fn floors(answers: &Answers) -> Vec<Floor> {
    let mut out = Vec::new();
    tenants(answers, &mut out);
    out
}

fn tenants(answers: &Answers, out: &mut Vec<Floor>) {
    let tenants = answers.choice("tenants");
    let because = || format!("tenants={tenants}");
    let namespace = |out: &mut Vec<Floor>| {
        out.push(floor(
            Axis::ControlPlane,
            "namespace-per-tenant",
            because(),
            "Tenants get a namespace each, with RBAC, quotas and network policies, so one tenant's API objects are out of another's reach.",
            "k8s-multi-tenancy",
        ))
    };
    match tenants {
        "org-teams" => {
            out.push(floor(
                Axis::Compute,
                "container",
                because(),
                "Teams of one organisation trust each other to a degree: containers with namespaces and cgroups keep them apart from accidents and resource hogging.",
                "k8s-multi-tenancy",
            ));
            namespace(out);
        }
        "partners" => {
            out.push(floor(
                Axis::Compute,
                "sandboxed-container",
                because(),
                "Partners are semi-trusted: a user-space kernel (gVisor) keeps a kernel exploit in one partner's workload from reaching another's; hardened containers on a dedicated node pool are the usual cheaper neighbour.",
                "eks-tenant-isolation",
            ));
            namespace(out);
        }
        "unrelated-customers" => {
            out.push(floor(
                Axis::Compute,
                "microvm",
                because(),
                "Unrelated customers are mutually hostile: slide up the scale to virtual machines. For hostile multi-tenant workloads, only trust a hypervisor.",
                "aks-cluster-isolation",
            ));
            namespace(out);
        }
        "anonymous" => {
            out.push(floor(
                Axis::Compute,
                "microvm",
                because(),
                "Anonymous users run whatever they like: for hostile multi-tenant workloads, only trust a hypervisor.",
                "aks-cluster-isolation",
            ));
            out.push(floor(
                Axis::ControlPlane,
                "namespace-per-tenant",
                because(),
                "Anonymous tenants get no access to the orchestrator's API; their workloads still live in a namespace each.",
                "k8s-multi-tenancy",
            ));
        }
        _ => {}
    }
}
