//! The static citation table: every reason the core gives points at one of these sources.
//!
//! Built from `shared/research/tenancy.md`. Sources whose content changes often carry an `as_of`
//! date, so the reader knows when the statement was checked.

use serde::Serialize;

/// A published source a floor or a number rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

const fn source(id: &'static str, title: &'static str, url: &'static str) -> Source {
    Source {
        id,
        title,
        url,
        as_of: None,
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
        "k8s-multi-tenancy",
        "Kubernetes documentation: Multi-tenancy",
        "https://kubernetes.io/docs/concepts/security/multi-tenancy/",
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
    source(
        "gvisor-security",
        "gVisor: Security Model",
        "https://gvisor.dev/docs/architecture_guide/security/",
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
    fn ids_are_unique_and_urls_are_https() {
        for (i, a) in SOURCES.iter().enumerate() {
            assert!(a.url.starts_with("https://"), "{}", a.id);
            assert!(
                SOURCES[i + 1..].iter().all(|b| b.id != a.id),
                "duplicate {}",
                a.id
            );
        }
    }
}
