//! The static citation table: every reason the core gives points at one of these sources.
//!
//! Every entry is listed in `docs/sources.md` with the statements it backs. Sources
//! whose content changes often (cloud offerings, compliance revisions, VMM features) carry an
//! `as_of` month, so the reader knows when the statement was checked and re-checks it before
//! relying on it. A title says so when the text was read in a copy rather than at the publisher.
//!
//! `verified` records whether the sentences the core quotes from a source were re-read in that
//! source itself (at the publisher, in the [`CHECKED`] month). A source marked not verified is
//! still the right authority, but its quotes were read in a copy or not re-read: the generated
//! tables (`docs/floors.md`, `docs/controls.md`) say "not verified" next to them.

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
    /// Whether the quoted sentences were re-read in this source itself (see the module
    /// documentation).
    pub verified: bool,
}

impl Source {
    /// "verified 2026-11" or "not verified", as the generated tables print it.
    pub fn verification(&self) -> String {
        if self.verified {
            format!("verified {CHECKED}")
        } else {
            "not verified".to_owned()
        }
    }

    /// The same source, its quotes re-read in it at [`CHECKED`].
    const fn checked(self) -> Source {
        Source {
            verified: true,
            ..self
        }
    }
}

/// The month date-sensitive statements in this table were last checked.
pub const CHECKED: &str = "2026-11";

const fn source(id: &'static str, title: &'static str, url: &'static str) -> Source {
    Source {
        id,
        title,
        url,
        as_of: None,
        verified: false,
    }
}

/// A source whose statement may have changed since it was checked ([`CHECKED`]).
const fn dated(id: &'static str, title: &'static str, url: &'static str) -> Source {
    Source {
        id,
        title,
        url,
        as_of: Some(CHECKED),
        verified: false,
    }
}

/// Every source the core cites.
pub const SOURCES: &[Source] = &[
    source(
        "tenancy-scale",
        "Scott McCarty, Container Tidbits: The Tenancy Scale (Red Hat, 2016)",
        "https://www.redhat.com/blog/container-tidbits-tenancy-scale",
    ),
    source(
        "container-myths",
        "Scott McCarty, Container Myths Debunked (Redux)",
        "https://crunchtools.com/container-myths-redux/",
    ),
    source(
        "k8s-multi-tenancy",
        "Kubernetes documentation: Multi-tenancy",
        "https://kubernetes.io/docs/concepts/security/multi-tenancy/",
    )
    .checked(),
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
        "k8s-pdb",
        "Kubernetes documentation: Specifying a Disruption Budget for your Application",
        "https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
    ),
    source(
        "k8s-network-policies",
        "Kubernetes documentation: Network Policies",
        "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
    ),
    source(
        "k8s-pod-security-admission",
        "Kubernetes documentation: Pod Security Admission",
        "https://kubernetes.io/docs/concepts/security/pod-security-admission/",
    ),
    source(
        "k8s-service-accounts",
        "Kubernetes documentation: Service Accounts",
        "https://kubernetes.io/docs/concepts/security/service-accounts/",
    ),
    source(
        "k8s-admission-policy",
        "Kubernetes documentation: Validating Admission Policy",
        "https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/",
    ),
    source(
        "k8s-resource-quotas",
        "Kubernetes documentation: Resource Quotas",
        "https://kubernetes.io/docs/concepts/policy/resource-quotas/",
    ),
    source(
        "k8s-audit",
        "Kubernetes documentation: Auditing",
        "https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/",
    ),
    source(
        "eks-tenant-isolation",
        "Amazon EKS Best Practices Guide: Tenant isolation",
        "https://docs.aws.amazon.com/eks/latest/best-practices/tenant-isolation.html",
    )
    .checked(),
    dated(
        "eks-fargate",
        "Amazon EKS User Guide: Simplify compute management with AWS Fargate",
        "https://docs.aws.amazon.com/eks/latest/userguide/fargate.html",
    ),
    source(
        "aks-cluster-isolation",
        "Microsoft: Best practices for cluster isolation in Azure Kubernetes Service",
        "https://learn.microsoft.com/azure/aks/operator-best-practices-cluster-isolation",
    )
    .checked(),
    dated(
        "aks-pod-sandboxing",
        "Microsoft: Pod Sandboxing considerations in Azure Kubernetes Service",
        "https://learn.microsoft.com/azure/aks/considerations-pod-sandboxing",
    ),
    dated(
        "gke-sandbox",
        "Google Cloud: GKE Sandbox",
        "https://cloud.google.com/kubernetes-engine/docs/concepts/sandbox-pods",
    ),
    source(
        "nist-800-190",
        "NIST SP 800-190, Application Container Security Guide (2017)",
        "https://doi.org/10.6028/NIST.SP.800-190",
    ),
    source(
        "fips-199",
        "NIST FIPS 199, Standards for Security Categorization of Federal Information and Information Systems",
        "https://doi.org/10.6028/NIST.FIPS.199",
    ),
    source(
        "nist-800-53",
        "NIST SP 800-53 Rev. 5, Security and Privacy Controls for Information Systems and Organizations",
        "https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
    ),
    source(
        "kernel-seccomp",
        "Linux kernel documentation: Seccomp BPF (SECure COMPuting with filters)",
        "https://docs.kernel.org/userspace-api/seccomp_filter.html",
    ),
    source(
        "runc-cve-2024-21626",
        "runc security advisory GHSA-xr7r-f8xq-vfvv (CVE-2024-21626)",
        "https://github.com/opencontainers/runc/security/advisories/GHSA-xr7r-f8xq-vfvv",
    ),
    source(
        "gvisor-security",
        "gVisor: Security Model",
        "https://gvisor.dev/docs/architecture_guide/security/",
    )
    .checked(),
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
        "kata-privileged",
        "Kata Containers: Privileged Kata Containers",
        "https://github.com/kata-containers/kata-containers/blob/main/docs/how-to/privileged.md",
    )
    .checked(),
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
        "https://ubuntu.com/kubernetes/docs/kata",
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
    )
    .checked(),
    dated(
        "gcp-sole-tenant",
        "Google Cloud: Sole-tenant nodes",
        "https://cloud.google.com/compute/docs/nodes/sole-tenant-nodes",
    ),
    source(
        "saas-lens-silo",
        "AWS Well-Architected SaaS Lens: Silo isolation",
        "https://docs.aws.amazon.com/wellarchitected/latest/saas-lens/silo-isolation.html",
    )
    .checked(),
    dated(
        "pci-dss",
        "PCI Security Standards Council: PCI DSS v4.0.1 (document library)",
        "https://www.pcisecuritystandards.org/document_library/",
    ),
    dated(
        "pci-containers",
        "PCI Security Standards Council: Information Supplement, Guidance for Containers and Container Orchestration Tools v1.0 (2022, document library)",
        "https://www.pcisecuritystandards.org/document_library/",
    ),
    source(
        "pci-appendix-a1",
        "PCI SSC FAQ: To which types of service providers does PCI DSS Appendix A1 apply?",
        "https://www.pcisecuritystandards.org/faq/articles/Frequently_Asked_Question/To-which-types-of-service-providers-does-PCI-DSS-Appendix-A1-apply/",
    ),
    dated(
        "dod-cc-srg",
        "DISA: DoD Cloud Computing Security Requirements Guide (DoD Cyber Exchange, cloud security documents)",
        "https://public.cyber.mil/dccs/dccs-documents/",
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
        "Amazon EC2 User Guide: Placement strategies (spread placement groups)",
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/placement-strategies.html",
    ),
    source(
        "aws-multi-account",
        "AWS whitepaper: Organizing Your AWS Environment Using Multiple Accounts",
        "https://docs.aws.amazon.com/whitepapers/latest/organizing-your-aws-environment/organizing-your-aws-environment.html",
    ),
    source(
        "aws-availability-zones",
        "AWS Fault Isolation Boundaries: Availability Zones",
        "https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/availability-zones.html",
    )
    .checked(),
    source(
        "aws-regions",
        "AWS Fault Isolation Boundaries: Regions",
        "https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/regions.html",
    ),
    source(
        "aws-global-services",
        "AWS Fault Isolation Boundaries: Global services",
        "https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/global-services.html",
    ),
    dated(
        "aws-nitro",
        "AWS whitepaper: The Security Design of the AWS Nitro System",
        "https://docs.aws.amazon.com/whitepapers/latest/security-design-of-aws-nitro-system/security-design-of-aws-nitro-system.html",
    ),
    dated(
        "aws-backup-vault-lock",
        "AWS Backup Developer Guide: AWS Backup Vault Lock",
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html",
    ),
    source(
        "ec2-imds",
        "Amazon EC2 User Guide: Access instance metadata for an EC2 instance",
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html",
    ),
    dated(
        "github-hosted-runners",
        "GitHub Docs: GitHub-hosted runners",
        "https://docs.github.com/actions/using-github-hosted-runners/using-github-hosted-runners/about-github-hosted-runners",
    ),
    dated(
        "agent-secure-deployment",
        "Anthropic: Securely deploying AI agents (Agent SDK)",
        "https://code.claude.com/docs/en/agent-sdk/secure-deployment",
    ),
    source(
        "container-exploit-study",
        "Lin et al., A Measurement Study on Linux Container Security: Attacks and Countermeasures (ACSAC 2018)",
        "https://doi.org/10.1145/3274694.3274720",
    ),
    dated(
        "nvidia-time-slicing",
        "NVIDIA GPU Operator: Time-Slicing GPUs in Kubernetes",
        "https://docs.nvidia.com/datacenter/cloud-native/gpu-operator/latest/gpu-sharing.html",
    )
    .checked(),
    dated(
        "nvidia-mig",
        "NVIDIA Multi-Instance GPU User Guide",
        "https://docs.nvidia.com/datacenter/tesla/mig-user-guide/",
    ),
    dated(
        "nvidia-gpu-cc",
        "NVIDIA GPU Operator: Confidential Containers with Kata (GPU confidential computing)",
        "https://docs.nvidia.com/datacenter/cloud-native/gpu-operator/latest/confidential-containers.html",
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

    /// Sources are the authorities themselves: no third-party copies or withdrawn revisions.
    #[test]
    fn no_source_is_a_copy_or_a_withdrawn_revision() {
        let copies = [
            "withpci.com",
            "servicedesigncollective.com",
            "fdocuments",
            "golang/vulndb",
            "/Rev4/",
            "Documentation/prctl",
        ];
        for source in SOURCES {
            for copy in copies {
                assert!(!source.url.contains(copy), "{}: {}", source.id, source.url);
            }
        }
    }

    #[test]
    fn ids_are_unique_and_urls_are_web_addresses() {
        for (i, a) in SOURCES.iter().enumerate() {
            assert!(a.url.starts_with("https://"), "{}", a.id);
            // Locale-neutral addresses (no `/en/`, `/es/`, `/en-us/` segment), except the one
            // publisher that serves its page only under a language path.
            let localised = a.url.split('/').any(|part| {
                matches!(part, "en" | "es" | "de" | "fr" | "ja")
                    || part.len() == 5 && part.as_bytes()[2] == b'-'
            });
            assert!(
                !localised || a.id == "agent-secure-deployment",
                "{}: {}",
                a.id,
                a.url
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
