//! The slice of the Kubernetes API the export writes, as typed structs serialised to YAML:
//! field names and nesting as in `apps/v1` Deployment, `policy/v1` PodDisruptionBudget, `v1`
//! Namespace, `networking.k8s.io/v1` NetworkPolicy and `admissionregistration.k8s.io/v1`
//! ValidatingAdmissionPolicy and its binding.

use std::collections::BTreeMap;

use serde::Serialize;

/// One YAML document.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Document {
    /// `apps/v1` Deployment.
    Deployment(Box<Deployment>),
    /// `policy/v1` PodDisruptionBudget.
    PodDisruptionBudget(PodDisruptionBudget),
    /// `v1` Namespace.
    Namespace(Namespace),
    /// `networking.k8s.io/v1` NetworkPolicy.
    NetworkPolicy(Box<NetworkPolicy>),
    /// `admissionregistration.k8s.io/v1` ValidatingAdmissionPolicy.
    AdmissionPolicy(Box<AdmissionPolicy>),
    /// `admissionregistration.k8s.io/v1` ValidatingAdmissionPolicyBinding.
    AdmissionPolicyBinding(Box<AdmissionPolicyBinding>),
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    api_version: &'static str,
    kind: &'static str,
    metadata: Metadata,
    spec: DeploymentSpec,
}

impl Deployment {
    pub fn new(metadata: Metadata, spec: DeploymentSpec) -> Deployment {
        Deployment {
            api_version: "apps/v1",
            kind: "Deployment",
            metadata,
            spec,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Metadata {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Selector {
    pub match_labels: BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentSpec {
    replicas: u32,
    selector: Selector,
    strategy: Strategy,
    template: PodTemplate,
}

impl DeploymentSpec {
    pub fn new(
        replicas: u32,
        selector: Selector,
        labels: BTreeMap<String, String>,
        spec: PodSpec,
    ) -> DeploymentSpec {
        DeploymentSpec {
            replicas,
            selector,
            strategy: Strategy {
                kind: "RollingUpdate",
                rolling_update: RollingUpdate {
                    max_surge: 0,
                    max_unavailable: 1,
                },
            },
            template: PodTemplate {
                metadata: TemplateMetadata { labels },
                spec,
            },
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Strategy {
    #[serde(rename = "type")]
    kind: &'static str,
    rolling_update: RollingUpdate,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct RollingUpdate {
    max_surge: u32,
    max_unavailable: u32,
}

#[derive(Debug, Serialize)]
pub struct PodTemplate {
    metadata: TemplateMetadata,
    spec: PodSpec,
}

#[derive(Debug, Serialize)]
struct TemplateMetadata {
    labels: BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_class_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automount_service_account_token: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_users: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_network: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_context: Option<PodSecurityContext>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tolerations: Vec<Toleration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affinity: Option<Affinity>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topology_spread_constraints: Vec<Spread>,
    pub containers: Vec<Container>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<Volume>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSecurityContext {
    #[serde(skip_serializing_if = "Option::is_none")]
    run_as_non_root: Option<bool>,
    seccomp_profile: SeccompProfile,
}

impl PodSecurityContext {
    pub fn hardened(non_root: bool) -> PodSecurityContext {
        PodSecurityContext {
            run_as_non_root: non_root.then_some(true),
            seccomp_profile: SeccompProfile {
                kind: "RuntimeDefault",
            },
        }
    }
}

#[derive(Debug, Serialize)]
struct SeccompProfile {
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerSecurityContext {
    #[serde(skip_serializing_if = "Option::is_none")]
    privileged: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allow_privilege_escalation: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    capabilities: Option<Capabilities>,
    #[serde(skip_serializing_if = "Option::is_none")]
    read_only_root_filesystem: Option<bool>,
}

impl ContainerSecurityContext {
    pub fn hardened() -> ContainerSecurityContext {
        ContainerSecurityContext {
            privileged: None,
            allow_privilege_escalation: Some(false),
            capabilities: Some(Capabilities {
                drop: vec!["ALL".to_owned()],
            }),
            read_only_root_filesystem: Some(true),
        }
    }

    pub fn privileged() -> ContainerSecurityContext {
        ContainerSecurityContext {
            privileged: Some(true),
            allow_privilege_escalation: None,
            capabilities: None,
            read_only_root_filesystem: None,
        }
    }
}

#[derive(Debug, Serialize)]
struct Capabilities {
    drop: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Toleration {
    key: String,
    operator: &'static str,
    value: String,
    effect: &'static str,
}

impl Toleration {
    pub fn pool(key: &str, value: &str) -> Toleration {
        Toleration {
            key: key.to_owned(),
            operator: "Equal",
            value: value.to_owned(),
            effect: "NoSchedule",
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Affinity {
    pub pod_anti_affinity: PodAntiAffinity,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodAntiAffinity {
    pub required_during_scheduling_ignored_during_execution: Vec<PodAffinityTerm>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodAffinityTerm {
    label_selector: Selector,
    pub topology_key: String,
}

impl PodAffinityTerm {
    pub fn new(key: &str, selector: &Selector) -> PodAffinityTerm {
        PodAffinityTerm {
            label_selector: selector.clone(),
            topology_key: key.to_owned(),
        }
    }
}

/// A topology spread constraint (`DoNotSchedule`, counted per pod-template hash).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Spread {
    pub max_skew: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_domains: Option<u32>,
    pub topology_key: String,
    when_unsatisfiable: &'static str,
    label_selector: Selector,
    match_label_keys: Vec<&'static str>,
}

impl Spread {
    pub fn new(key: &str, max_skew: u32, min_domains: Option<u32>, selector: &Selector) -> Spread {
        Spread {
            max_skew,
            min_domains,
            topology_key: key.to_owned(),
            when_unsatisfiable: "DoNotSchedule",
            label_selector: selector.clone(),
            match_label_keys: vec!["pod-template-hash"],
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    name: String,
    image: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    security_context: Option<ContainerSecurityContext>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resources: Option<Resources>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    volume_mounts: Vec<VolumeMount>,
}

impl Container {
    pub fn new(
        name: &str,
        security_context: Option<ContainerSecurityContext>,
        tmp: bool,
        gpu: bool,
    ) -> Container {
        Container {
            name: name.to_owned(),
            image: format!("registry.example.com/{name}:latest"),
            security_context,
            resources: gpu.then(|| Resources {
                limits: BTreeMap::from([("nvidia.com/gpu", "1")]),
            }),
            volume_mounts: if tmp {
                vec![VolumeMount {
                    name: "tmp",
                    mount_path: "/tmp",
                }]
            } else {
                Vec::new()
            },
        }
    }
}

#[derive(Debug, Serialize)]
struct Resources {
    limits: BTreeMap<&'static str, &'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct VolumeMount {
    name: &'static str,
    mount_path: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Volume {
    name: &'static str,
    empty_dir: BTreeMap<String, String>,
}

/// A writable `/tmp` for a read-only root filesystem.
pub fn tmp_volume(needed: bool) -> Vec<Volume> {
    if needed {
        vec![Volume {
            name: "tmp",
            empty_dir: BTreeMap::new(),
        }]
    } else {
        Vec::new()
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodDisruptionBudget {
    api_version: &'static str,
    kind: &'static str,
    metadata: Metadata,
    spec: PodDisruptionBudgetSpec,
}

impl PodDisruptionBudget {
    pub fn new(metadata: Metadata, min_available: u32, selector: Selector) -> PodDisruptionBudget {
        PodDisruptionBudget {
            api_version: "policy/v1",
            kind: "PodDisruptionBudget",
            metadata,
            spec: PodDisruptionBudgetSpec {
                min_available,
                selector,
            },
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PodDisruptionBudgetSpec {
    min_available: u32,
    selector: Selector,
}

/// `v1` Namespace: the tenant's, with Pod Security Admission labels.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Namespace {
    api_version: &'static str,
    kind: &'static str,
    metadata: Metadata,
}

impl Namespace {
    pub fn new(metadata: Metadata) -> Namespace {
        Namespace {
            api_version: "v1",
            kind: "Namespace",
            metadata,
        }
    }
}

/// `networking.k8s.io/v1` NetworkPolicy.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkPolicy {
    api_version: &'static str,
    kind: &'static str,
    metadata: Metadata,
    spec: NetworkPolicySpec,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct NetworkPolicySpec {
    pod_selector: BTreeMap<String, String>,
    policy_types: Vec<&'static str>,
    egress: Vec<EgressRule>,
}

#[derive(Debug, Serialize)]
struct EgressRule {
    to: Vec<Peer>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ports: Vec<PolicyPort>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Peer {
    #[serde(skip_serializing_if = "Option::is_none")]
    namespace_selector: Option<Selector>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pod_selector: Option<Selector>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ip_block: Option<IpBlock>,
}

#[derive(Debug, Serialize)]
struct IpBlock {
    cidr: &'static str,
    except: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
struct PolicyPort {
    protocol: &'static str,
    port: u16,
}

/// The address of the cloud instance metadata endpoint, as a CIDR.
pub const METADATA_ENDPOINT: &str = "169.254.169.254/32";

impl NetworkPolicy {
    /// Deny all ingress and egress for every pod of the namespace, except DNS to the cluster's
    /// resolver and, when `outside` is set, egress outside the cluster's private ranges and the
    /// metadata endpoint.
    pub fn default_deny(metadata: Metadata, outside: bool) -> NetworkPolicy {
        let label = |key: &str, value: &str| Selector {
            match_labels: BTreeMap::from([(key.to_owned(), value.to_owned())]),
        };
        let mut egress = vec![EgressRule {
            to: vec![Peer {
                namespace_selector: Some(label("kubernetes.io/metadata.name", "kube-system")),
                pod_selector: Some(label("k8s-app", "kube-dns")),
                ip_block: None,
            }],
            ports: vec![
                PolicyPort {
                    protocol: "UDP",
                    port: 53,
                },
                PolicyPort {
                    protocol: "TCP",
                    port: 53,
                },
            ],
        }];
        if outside {
            egress.push(EgressRule {
                to: vec![Peer {
                    namespace_selector: None,
                    pod_selector: None,
                    ip_block: Some(IpBlock {
                        cidr: "0.0.0.0/0",
                        except: vec![
                            "10.0.0.0/8",
                            "172.16.0.0/12",
                            "192.168.0.0/16",
                            METADATA_ENDPOINT,
                        ],
                    }),
                }],
                ports: Vec::new(),
            });
        }
        NetworkPolicy {
            api_version: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata,
            spec: NetworkPolicySpec {
                pod_selector: BTreeMap::new(),
                policy_types: vec!["Ingress", "Egress"],
                egress,
            },
        }
    }
}

/// `admissionregistration.k8s.io/v1` ValidatingAdmissionPolicy (cluster-scoped).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdmissionPolicy {
    api_version: &'static str,
    kind: &'static str,
    metadata: Metadata,
    spec: AdmissionPolicySpec,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct AdmissionPolicySpec {
    failure_policy: &'static str,
    match_constraints: MatchConstraints,
    validations: Vec<Validation>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct MatchConstraints {
    resource_rules: Vec<ResourceRule>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ResourceRule {
    api_groups: Vec<&'static str>,
    api_versions: Vec<&'static str>,
    operations: Vec<&'static str>,
    resources: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
struct Validation {
    expression: String,
    message: String,
}

impl AdmissionPolicy {
    /// Rejects pods whose `runtimeClassName` is not `class`.
    pub fn require_runtime_class(metadata: Metadata, class: &str) -> AdmissionPolicy {
        AdmissionPolicy {
            api_version: "admissionregistration.k8s.io/v1",
            kind: "ValidatingAdmissionPolicy",
            metadata,
            spec: AdmissionPolicySpec {
                failure_policy: "Fail",
                match_constraints: MatchConstraints {
                    resource_rules: vec![ResourceRule {
                        api_groups: vec![""],
                        api_versions: vec!["v1"],
                        operations: vec!["CREATE", "UPDATE"],
                        resources: vec!["pods"],
                    }],
                },
                validations: vec![Validation {
                    expression: format!(
                        "has(object.spec.runtimeClassName) && object.spec.runtimeClassName == '{class}'"
                    ),
                    message: format!("pods in this namespace must set runtimeClassName: {class}"),
                }],
            },
        }
    }
}

/// `admissionregistration.k8s.io/v1` ValidatingAdmissionPolicyBinding (cluster-scoped).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdmissionPolicyBinding {
    api_version: &'static str,
    kind: &'static str,
    metadata: Metadata,
    spec: BindingSpec,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct BindingSpec {
    policy_name: String,
    validation_actions: Vec<&'static str>,
    match_resources: MatchResources,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct MatchResources {
    namespace_selector: Selector,
}

impl AdmissionPolicyBinding {
    /// Binds the policy named like `metadata` to the namespace `namespace`, denying violations.
    pub fn deny_in(metadata: Metadata, namespace: &str) -> AdmissionPolicyBinding {
        AdmissionPolicyBinding {
            api_version: "admissionregistration.k8s.io/v1",
            kind: "ValidatingAdmissionPolicyBinding",
            spec: BindingSpec {
                policy_name: metadata.name.clone(),
                validation_actions: vec!["Deny"],
                match_resources: MatchResources {
                    namespace_selector: Selector {
                        match_labels: BTreeMap::from([(
                            "kubernetes.io/metadata.name".to_owned(),
                            namespace.to_owned(),
                        )]),
                    },
                },
            },
            metadata,
        }
    }
}
