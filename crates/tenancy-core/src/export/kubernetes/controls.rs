//! The recommendation's controls that Kubernetes can express, as manifest objects: the tenant's
//! Namespace with Pod Security Admission labels, a default-deny NetworkPolicy (DNS allowed, the
//! metadata endpoint blocked), and a ValidatingAdmissionPolicy with its binding that requires the
//! sandbox's RuntimeClass. `automountServiceAccountToken: false` goes on the pod itself.
//!
//! Which of them are written follows the recommendation's `controls` (by id), so the export, the
//! report and `docs/controls.md` cannot disagree.

use std::collections::BTreeMap;

use crate::recommend::Recommendation;

use super::manifest::{
    AdmissionPolicy, AdmissionPolicyBinding, Document, Metadata, Namespace, NetworkPolicy,
};

/// What the pod looks like, as Pod Security Admission judges it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PodShape {
    /// Privileged container, or the host's network.
    pub host_access: bool,
    /// Hardened context with `runAsNonRoot`.
    pub restricted: bool,
}

/// The manifest objects for the controls, and how the pod must change.
pub struct Controls {
    /// Objects to write before the Deployment (Namespace, NetworkPolicy, admission policy).
    pub documents: Vec<Document>,
    /// The namespace every namespaced object goes into, when the controls create one.
    pub namespace: Option<String>,
    /// `automountServiceAccountToken: false` on the pod.
    pub no_token: bool,
}

fn applies(recommendation: &Recommendation, id: &str) -> bool {
    recommendation
        .controls
        .iter()
        .any(|control| control.id == id)
}

/// The Pod Security Standards level the pod meets: `restricted`, `baseline` or `privileged`.
fn level(pod: PodShape) -> &'static str {
    if pod.host_access {
        "privileged"
    } else if pod.restricted {
        "restricted"
    } else {
        "baseline"
    }
}

/// The controls' objects for a workload named `name` (also the namespace's name).
pub fn controls(
    recommendation: &Recommendation,
    name: &str,
    runtime_class: Option<&str>,
    pod: PodShape,
    header: &mut Vec<String>,
    lossy: &mut Vec<String>,
) -> Controls {
    let network = applies(recommendation, "network-default-deny");
    let pod_security = applies(recommendation, "pod-security-restricted");
    let sandbox = runtime_class.filter(|_| applies(recommendation, "sandbox-required"));
    let no_token = applies(recommendation, "workload-identity");
    // The sandbox policy is written only when there is a RuntimeClass to require.
    super::super::unwritten_controls(
        recommendation,
        |control| {
            control.kubernetes.is_some() && (control.id != "sandbox-required" || sandbox.is_some())
        },
        lossy,
    );
    let mut documents = Vec::new();
    if !network && !pod_security && sandbox.is_none() {
        return Controls {
            documents,
            namespace: None,
            no_token,
        };
    }
    let metadata = |object: String, namespace: Option<&str>| Metadata {
        name: object,
        namespace: namespace.map(str::to_owned),
        labels: BTreeMap::from([("app".to_owned(), name.to_owned())]),
    };
    let mut namespace = metadata(name.to_owned(), None);
    if pod_security {
        let enforce = level(pod);
        for mode in ["enforce", "audit", "warn"] {
            let value = if mode == "enforce" {
                enforce
            } else {
                "restricted"
            };
            namespace.labels.insert(
                format!("pod-security.kubernetes.io/{mode}"),
                value.to_owned(),
            );
        }
        if enforce != "restricted" {
            lossy.push(format!(
                "Pod Security Admission: the namespace enforces `{enforce}`, not `restricted`, \
                 because the workload needs {}; `restricted` is audited and warned",
                if pod.host_access {
                    "a privileged container or the host's network"
                } else {
                    "root in the container"
                }
            ));
        }
    }
    header.push(format!(
        "The Namespace `{name}` is the tenant's: rename it (and `namespace:` below) to the \
         tenant's namespace."
    ));
    documents.push(Document::Namespace(Namespace::new(namespace)));
    if network {
        let outside = !applies(recommendation, "egress-deny-all");
        header.push(if outside {
            "The NetworkPolicy denies all ingress and allows egress only to the cluster DNS and \
             outside the private ranges, never to 169.254.169.254 (the metadata endpoint): add \
             rules for the clients and internal services the workload really talks to."
                .to_owned()
        } else {
            "The NetworkPolicy denies all ingress and all egress except the cluster DNS \
             (code=malicious): route anything else through a monitored proxy."
                .to_owned()
        });
        documents.push(Document::NetworkPolicy(Box::new(
            NetworkPolicy::default_deny(
                metadata(format!("{name}-default-deny"), Some(name)),
                outside,
            ),
        )));
    }
    if let Some(class) = sandbox {
        let policy = format!("{name}-require-{class}");
        header.push(format!(
            "The ValidatingAdmissionPolicy `{policy}` rejects pods in the namespace without \
             runtimeClassName `{class}` (Kubernetes 1.30 or newer)."
        ));
        documents.push(Document::AdmissionPolicy(Box::new(
            AdmissionPolicy::require_runtime_class(metadata(policy.clone(), None), class),
        )));
        documents.push(Document::AdmissionPolicyBinding(Box::new(
            AdmissionPolicyBinding::deny_in(metadata(policy, None), name),
        )));
    }
    Controls {
        documents,
        namespace: Some(name.to_owned()),
        no_token,
    }
}
