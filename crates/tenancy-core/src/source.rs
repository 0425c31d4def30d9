//! The static citation table: every reason the core gives points at one of these sources.
//!
//! Every entry is listed in `docs/sources.md` with the statements it backs. Sources
//! whose content changes often (cloud offerings, compliance revisions, VMM features) carry an
//! `as_of` month, so the reader knows when the statement was checked and re-checks it before
//! relying on it. A title says so when the text was read in a copy rather than at the publisher.

use serde::Serialize;

/// A published source a floor, a note or a number rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Source {
    /// Stable id used inside the core (`k8s-multi-tenancy`); not serialised.
    #[serde(skip)]
    pub id: &'static str,
    /// Title as the publisher gives it.
    pub title: &'static str,
    /// Where to read it.
    pub url: &'static str,
    /// For date-sensitive sources: the month the statement was checked (`2026-11`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<&'static str>,
}

/// The month date-sensitive statements in this table were last checked.
pub const CHECKED: &str = "2026-11";

const fn source(id: &'static str, title: &'static str, url: &'static str) -> Source {
    Source {
        id,
        title,
        url,
        as_of: None,
    }
}

/// A source whose statement may have changed since it was checked ([`CHECKED`]).
const fn dated(id: &'static str, title: &'static str, url: &'static str) -> Source {
    Source {
        id,
        title,
        url,
        as_of: Some(CHECKED),
    }
}

/// Every source the core cites.
pub const SOURCES: &[Source] = &[
    source(
        "tenancy-scale",
        "Scott McCarty, Container Tidbits: The Tenancy Scale (Red Hat, 2016)",
        "https://www.redhat.com/es/blog/container-tidbits-tenancy-scale",
    ),
    source(
        "container-myths",
        "Scott McCarty, Container Myths Debunked (Redux)",
        "http://crunchtools.com/container-myths-redux/",
    ),
    source(
        "k8s-multi-tenancy",
        "Kubernetes documentation: Multi-tenancy",
        "https://kubernetes.io/docs/concepts/security/multi-tenancy/",
    ),
    source(
        "k8s-user-namespaces",
        "Kubernetes documentation: User Namespaces",
        "https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/",
    ),
    source(
        "k8s-pod-overhead",
        "Kubernetes documentation: Pod Overhead",
        "https://kubernetes.io/docs/concepts/scheduling-eviction/pod-overhead/",
    ),
    source(
        "eks-tenant-isolation",
        "Amazon EKS Best Practices Guide: Tenant Isolation",
        "https://github.com/aws/aws-eks-best-practices/blob/master/latest/bpg/security/multitenancy.adoc",
    ),
    source(
        "aks-cluster-isolation",
        "Microsoft: Best practices for cluster isolation in Azure Kubernetes Service",
        "https://learn.microsoft.com/azure/aks/operator-best-practices-cluster-isolation",
    ),
    dated(
        "aks-pod-sandboxing",
        "Microsoft: Pod Sandboxing considerations in Azure Kubernetes Service",
        "https://learn.microsoft.com/azure/aks/considerations-pod-sandboxing",
    ),
    source(
        "nist-800-190",
        "NIST SP 800-190, Application Container Security Guide (2017)",
        "https://doi.org/10.6028/NIST.SP.800-190",
    ),
    source(
        "nist-sc-39",
        "NIST SP 800-53 control SC-39, Process Isolation",
        "https://nvd.nist.gov/800-53/Rev4/control/SC-39",
    ),
    source(
        "kernel-seccomp",
        "Linux kernel documentation: Seccomp BPF (SECure COMPuting with filters)",
        "https://www.kernel.org/doc/Documentation/prctl/seccomp_filter.txt",
    ),
    source(
        "runc-cve-2024-21626",
        "runc advisory GHSA-xr7r-f8xq-vfvv (CVE-2024-21626, “Leaky Vessels”), as quoted in golang/vulndb#2491",
        "https://github.com/golang/vulndb/issues/2491",
    ),
    source(
        "gvisor-security",
        "gVisor: Security Model",
        "https://gvisor.dev/docs/architecture_guide/security/",
    ),
    source(
        "gvisor-performance",
        "gVisor: Performance Guide",
        "https://gvisor.dev/docs/architecture_guide/performance/",
    ),
    dated(
        "gvisor-syscalls",
        "gVisor: Linux/amd64 syscall compatibility table",
        "https://gvisor.dev/docs/user_guide/compatibility/linux/amd64/",
    ),
    dated(
        "agent-sandbox",
        "Kubernetes SIG Apps agent-sandbox: gVisor isolation for agent-generated code",
        "https://agent-sandbox.sigs.k8s.io/docs/use-cases/gvisor-isolation/",
    ),
    dated(
        "firecracker-spec",
        "Firecracker: SPECIFICATION.md",
        "https://github.com/firecracker-microvm/firecracker/blob/main/SPECIFICATION.md",
    ),
    source(
        "firecracker-prod-host",
        "Firecracker: Production Host Setup Recommendations",
        "https://github.com/firecracker-microvm/firecracker/blob/main/docs/prod-host-setup.md",
    ),
    dated(
        "firecracker-vfio",
        "Firecracker issue #5679: VFIO device passthrough",
        "https://github.com/firecracker-microvm/firecracker/issues/5679",
    ),
    dated(
        "kata-limitations",
        "Kata Containers: Limitations",
        "https://github.com/kata-containers/kata-containers/blob/main/docs/Limitations.md",
    ),
    dated(
        "kata-virtualization",
        "Kata Containers: Virtualization design and hypervisor decision matrix",
        "https://github.com/kata-containers/kata-containers/blob/main/docs/design/virtualization.md",
    ),
    source(
        "kubevirt-architecture",
        "KubeVirt: Architecture",
        "https://github.com/kubevirt/kubevirt/blob/main/docs/architecture.md",
    ),
    source(
        "canonical-kata",
        "Canonical: Charmed Kubernetes with Kata Containers",
        "https://github.com/canonical/ubuntu.com/blob/main/templates/kubernetes/docs/kata.md",
    ),
    dated(
        "coco",
        "Confidential Containers project (CoCo)",
        "https://github.com/confidential-containers",
    ),
    source(
        "core-scheduling",
        "Linux kernel documentation: Core Scheduling",
        "https://docs.kernel.org/admin-guide/hw-vuln/core-scheduling.html",
    ),
    dated(
        "gcp-sole-tenant",
        "Google Cloud: Sole-tenant nodes",
        "https://cloud.google.com/compute/docs/nodes/sole-tenant-nodes",
    ),
    source(
        "saas-lens-silo",
        "AWS Well-Architected SaaS Lens: Silo isolation",
        "https://docs.aws.amazon.com/wellarchitected/latest/saas-lens/silo-isolation.html",
    ),
    source(
        "pci-2-2-3",
        "PCI DSS v4.0.1 Requirement 2.2.3 (text as reproduced by withpci.com)",
        "https://withpci.com/requirements/2/2.2/2.2.3",
    ),
    source(
        "pci-appendix-a1",
        "PCI SSC FAQ: To which types of service providers does PCI DSS Appendix A1 apply?",
        "https://www.pcisecuritystandards.org/faq/articles/Frequently_Asked_Question/To-which-types-of-service-providers-does-PCI-DSS-Appendix-A1-apply/",
    ),
    dated(
        "dod-cc-srg",
        "DoD Cloud Computing SRG v1r4 impact-level table (copy in the PPBE guide, appendix C)",
        "https://ppbe.servicedesigncollective.com/appendices/appendix_c.html",
    ),
    dated(
        "google-il5",
        "Google Cloud: DISA (DoD) compliance",
        "https://cloud.google.com/security/compliance/disa",
    ),
    source(
        "hhs-hipaa-cloud",
        "HHS: Guidance on HIPAA & Cloud Computing",
        "https://www.hhs.gov/hipaa/for-professionals/special-topics/health-information-technology/cloud-computing/index.html",
    ),
    source(
        "aws-placement-spread",
        "AWS CDK API reference: PlacementGroupSpreadLevel (EC2 spread placement groups)",
        "https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.PlacementGroupSpreadLevel.html",
    ),
    source(
        "aws-availability-zones",
        "AWS Fault Isolation Boundaries: Availability Zones",
        "https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/availability-zones.html",
    ),
    source(
        "aws-regions",
        "AWS Fault Isolation Boundaries: Regions",
        "https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/regions.html",
    ),
    dated(
        "agent-secure-deployment",
        "Anthropic: Securely deploying AI agents (Agent SDK)",
        "https://code.claude.com/docs/en/agent-sdk/secure-deployment",
    ),
    source(
        "container-exploit-study",
        "Lin et al., A Measurement Study on Linux Container Security: Attacks and Countermeasures (copy)",
        "https://fdocuments.us/document/a-measurement-study-on-linux-container-security-a-acks-.html",
    ),
];

/// The source with this id.
///
/// Only for ids written in the core's own tables: a typo there is a bug, caught by tests.
pub(crate) fn cite(id: &str) -> Source {
    match SOURCES.iter().find(|source| source.id == id) {
        Some(source) => *source,
        None => panic!("no source `{id}` in the citation table"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_urls_are_web_addresses() {
        for (i, a) in SOURCES.iter().enumerate() {
            // One source (McCarty's own blog) is only published over plain HTTP; the research
            // notes record it so, and we do not invent an address nobody checked.
            assert!(
                a.url.starts_with("https://") || a.url.starts_with("http://"),
                "{}",
                a.id
            );
            assert!(!a.title.is_empty(), "{}", a.id);
            assert!(
                SOURCES[i + 1..].iter().all(|b| b.id != a.id),
                "duplicate {}",
                a.id
            );
        }
    }
}
