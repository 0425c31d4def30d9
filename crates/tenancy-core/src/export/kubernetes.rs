//! The Kubernetes export: a Deployment (and a PodDisruptionBudget for the quorum), with the
//! objects of the controls Kubernetes can express, as YAML serialised from typed structs
//! ([`manifest`]).
//!
//! Decisions, each visible in the output or in `lossy`:
//!
//! - Runtime class per compute rung: `gvisor` for `sandboxed-container`; for `microvm`, `kata-fc`
//!   (Firecracker) when cold start dominates and no device is passed through, else `kata` (the
//!   default Kata hypervisor, with virtio-fs and VFIO passthrough); for `vm`, `kata` too — a Kata
//!   pod is a full guest kernel behind a hypervisor, the same boundary — with a lossy note that a
//!   VM one manages as a VM is KubeVirt's `VirtualMachine`, not a Deployment; `confidential-vm` →
//!   `kata-qemu-snp` (Confidential Containers), lossy for TDX hosts and attestation.
//! - From `hardened-container` up: `hostUsers: false`, seccomp `RuntimeDefault`, non-root,
//!   every capability dropped, no privilege escalation, a read-only root (with an `emptyDir` on
//!   `/tmp`). Root in the container keeps `hostUsers: false` (root maps to an unprivileged host
//!   user) but not `runAsNonRoot`; a privileged workload is privileged inside its VM only, and the
//!   parts of the hardened context it cannot have are listed as lossy.
//! - Residency from `dedicated-node-pool` up: a node selector and a toleration for the pool
//!   label [`POOL_LABEL`] `=` the workload's name (the nodes carry the label and a `NoSchedule`
//!   taint, as the header says).
//! - Rules: `max_per_domain: 1` → required pod anti-affinity; `min_domains: k` → a spread
//!   constraint with `minDomains: k` and the largest `maxSkew` that still forces k domains
//!   (⌈R/(k−1)⌉ − 1); `max_skew` → `maxSkew`; `max_per_domain` > 1 → `maxSkew: 1` (Kubernetes
//!   cannot cap a domain above one), lossy. Constraints on one key are merged (the API rejects
//!   two with the same key and `whenUnsatisfiable`).
//! - Controls (see [`controls`]): the tenant's Namespace with Pod Security Admission labels, a
//!   default-deny NetworkPolicy, an admission policy requiring the sandbox RuntimeClass, and
//!   `automountServiceAccountToken: false`, each when the recommendation lists the control.
//! - A privileged Kata pod: the header says to set `privileged_without_host_devices = true`, or
//!   the host's block devices are hot-plugged into the guest.
//! - Rolling updates replace one pod at a time without surge (`maxSurge: 0`), so anti-affinity
//!   that uses every domain does not deadlock a rollout.
//! - Checked by the kube-scheduler twin (see [`twin`]) when the plan places every replica on at
//!   most [`twin::MAX_HOSTS`] hosts: a hard spread over a kind in scope is added when it brings
//!   the adversarial worst case closer to our optimum, and the header gives both and the gap left.
//! - On a node list, a node-selector pair no node carries (the dedicated pool's above all) is a
//!   warning with the `kubectl label`/`taint` commands: applied as is, every replica stays Pending.

use std::collections::BTreeMap;

use crate::plan::Plan;
use crate::recommend::Recommendation;
use crate::request::Request;
use crate::rung::Axis;
use crate::topology::Topology;

use super::{Export, Options, answer, answer_is, level, one_line};

#[cfg(test)]
mod brute;
mod controls;
mod manifest;
mod rules;
mod twin;

use manifest::{
    Affinity, Container, ContainerSecurityContext, Deployment, DeploymentSpec, Document, Metadata,
    PodAntiAffinity, PodDisruptionBudget, PodSecurityContext, PodSpec, Selector, Toleration,
};

/// The rules the written scheduling terms enforce, read back from the terms themselves: a
/// required anti-affinity term is at most one per domain of its key's kind, a spread constraint
/// (always `DoNotSchedule`) a skew bound with its `minDomains`. The node selector and the scope's
/// pin are the request's `select` and scope.
pub(crate) fn enforced_rules(request: &Request, topology: &Topology) -> Vec<crate::request::Rule> {
    use crate::request::{Limit, Rule};
    let options = Options::default();
    let mut lossy = Vec::new();
    let selector = Selector {
        match_labels: BTreeMap::new(),
    };
    let (anti_affinity, spreads) = rules::rules(request, topology, &options, &selector, &mut lossy);
    let kinds = topology
        .kinds
        .iter()
        .map(String::as_str)
        .chain([crate::topology::HOST_KIND]);
    let kind_of = |key: &str| {
        kinds
            .clone()
            .find(|kind| rules::topology_key(kind, topology, &options, &mut Vec::new()) == key)
            .map(str::to_owned)
    };
    let mut out = Vec::new();
    for term in &anti_affinity {
        if let Some(kind) = kind_of(&term.topology_key) {
            out.push(Rule {
                kind,
                limit: Limit::MaxPerDomain(1),
            });
        }
    }
    for spread in &spreads {
        if let Some(kind) = kind_of(&spread.topology_key) {
            out.push(Rule {
                kind: kind.clone(),
                limit: Limit::MaxSkew(spread.max_skew),
            });
            if let Some(wanted) = spread.min_domains {
                out.push(Rule {
                    kind,
                    limit: Limit::MinDomains(wanted),
                });
            }
        }
    }
    out
}

/// The node label (and taint key) of a dedicated pool.
pub const POOL_LABEL: &str = "tenancy-scale.dev/pool";

/// The Kubernetes manifests for this recommendation and request (see the module documentation).
pub fn kubernetes(
    recommendation: &Recommendation,
    request: &Request,
    topology: &Topology,
    plan: Option<&Plan>,
    options: &Options,
) -> Export {
    let within = plan.and_then(|plan| plan.placement.scope.as_ref());
    let mut lossy = Vec::new();
    let mut header = vec![format!(
        "Generated by Tenancy Scale for `{}`: replace the image, then `kubectl apply -f`.",
        options.name()
    )];
    let labels = BTreeMap::from([("app".to_owned(), options.name().to_owned())]);
    let selector = Selector {
        match_labels: labels.clone(),
    };

    let compute = level(recommendation, Axis::Compute);
    let runtime_class = runtime_class(recommendation, &mut lossy);
    if let Some(class) = runtime_class {
        header.push(format!(
            "Needs the RuntimeClass `{class}` on the cluster (compute={compute})."
        ));
    }
    let hardened = recommendation.axes.compute.level.strength()
        >= Axis::Compute
            .rung("hardened-container")
            .map_or(3, |rung| rung.strength());
    let privileges = answer(recommendation, "privileges");
    let host_network = answer_is(recommendation, "host_network", "yes");
    if host_network && runtime_class.is_some_and(|class| class.starts_with("kata")) {
        lossy.push(
            "host_network=yes: a Kata pod runs in its own VM and cannot share the host's \
             network namespace; hostNetwork is set but the runtime will not honour it"
                .to_owned(),
        );
    }
    let (pod_security, container_security, host_users) =
        security(hardened, privileges, host_network, &mut lossy);
    let privileged = privileges == "privileged";
    if privileged && runtime_class.is_some_and(|class| class.starts_with("kata")) {
        header.push(
            "Privileged in a Kata pod stays inside the guest only if the runtime does not hot-plug \
             the host's block devices: set `privileged_without_host_devices = true` for the Kata \
             runtime in containerd's CRI config (CRI-O has the same option); without it the \
             host's /dev block devices appear in the guest."
                .to_owned(),
        );
    }
    let root = privileged || privileges == "root-in-container";
    let controls = controls::controls(
        recommendation,
        options.name(),
        runtime_class,
        controls::PodShape {
            host_access: privileged || host_network,
            restricted: hardened && !root && !host_network,
        },
        &mut header,
        &mut lossy,
    );

    if host_users == Some(false) {
        header.push(
            "hostUsers: false needs user namespaces: Kubernetes 1.33 or newer (on by default) \
             and a runtime and kernel that support them."
                .to_owned(),
        );
    }
    if let Ok((answers, _)) = crate::answers::Answers::from_json(&recommendation.answers)
        && let Some(warning) = request.survival_warning(&answers, topology)
    {
        header.push(format!("Warning: {warning}."));
    }
    let mut node_selector = request.select.clone();
    if let Some(within) = within {
        let key = rules::topology_key(&within.kind, topology, options, &mut lossy);
        header.push(format!(
            "The scope keeps every replica in {} `{}`: pinned with the node label `{key}`.",
            crate::request::plural(&within.kind, 1),
            within.domain
        ));
        node_selector.insert(key, within.domain.clone());
    }
    let mut tolerations = Vec::new();
    residency(
        recommendation,
        options,
        &mut node_selector,
        &mut tolerations,
        &mut header,
        &mut lossy,
    );
    control_plane(
        recommendation,
        controls.namespace.is_some(),
        &mut header,
        &mut lossy,
    );

    let (anti_affinity, mut spreads) =
        rules::rules(request, topology, options, &selector, &mut lossy);
    if let Some(optimum) = plan {
        let keys = node_keys(topology, options);
        let shape = twin::Shape {
            name: options.name(),
            labels: &labels,
            selector: &selector,
            node_selector: &node_selector,
            tolerations: &tolerations,
            anti_affinity: &anti_affinity,
        };
        let domains = |kind: &str| rules::eligible_domains(topology, request, kind);
        if let Some(checked) = twin::check(
            &shape,
            request,
            topology,
            &keys,
            within.map(|w| w.kind.as_str()),
            &domains,
            optimum,
            &mut spreads,
        ) {
            header.extend(checked.header);
        }
    }
    let mut keys: Vec<&str> = anti_affinity
        .iter()
        .map(|term| term.topology_key.as_str())
        .chain(spreads.iter().map(|spread| spread.topology_key.as_str()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    // On a node list (hosts with the kubelet's hostname label) every key written must be there.
    let mut warnings = Vec::new();
    if rules::carried(topology, crate::import::HOSTNAME_LABEL) {
        let scope_key = within.map(|w| rules::topology_key(&w.kind, topology, options, &mut lossy));
        for key in keys.iter().copied().chain(scope_key.as_deref()) {
            if !rules::carried(topology, key) {
                warnings.push(format!(
                    "no node carries the label `{key}` this configuration relies on: label the \
                     nodes, or the scheduler will find no node for the replicas"
                ));
            }
        }
        // The node selector's pairs (the pool, the scope's domain, the request's `select`):
        // one no node carries leaves every replica Pending.
        let carried = |key: &str, value: &str| {
            topology
                .hosts
                .iter()
                .any(|host| host.labels.get(key).is_some_and(|v| v == value))
        };
        for (key, value) in &node_selector {
            if carried(key, value) {
                continue;
            }
            if key == POOL_LABEL {
                warnings.push(format!(
                    "no node carries `{key}={value}`, which the node selector requires for the \
                     dedicated pool: every replica would stay Pending until the pool's nodes are \
                     labelled and tainted: `kubectl label nodes NODE… {key}={value}` and \
                     `kubectl taint nodes NODE… {key}={value}:NoSchedule`"
                ));
            } else if rules::carried(topology, key) {
                warnings.push(format!(
                    "no node carries `{key}={value}`, which the node selector requires: every \
                     replica would stay Pending; label the nodes meant for it with `kubectl \
                     label nodes NODE… {key}={value}`"
                ));
            }
        }
    }
    if !keys.is_empty() {
        header.push(format!(
            "Every eligible node must carry the labels {}.",
            keys.iter()
                .map(|key| format!("`{key}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }

    let volumes_needed = hardened && privileges != "privileged";
    let container = Container::new(
        options.name(),
        container_security,
        volumes_needed,
        answer_is(recommendation, "devices", "gpu"),
    );
    let pod = PodSpec {
        runtime_class_name: runtime_class.map(str::to_owned),
        automount_service_account_token: controls.no_token.then_some(false),
        host_users,
        host_network: host_network.then_some(true),
        security_context: pod_security,
        node_selector,
        tolerations,
        affinity: (!anti_affinity.is_empty()).then_some(Affinity {
            pod_anti_affinity: PodAntiAffinity {
                required_during_scheduling_ignored_during_execution: anti_affinity,
            },
        }),
        topology_spread_constraints: spreads,
        containers: vec![container],
        volumes: manifest::tmp_volume(volumes_needed),
    };
    let metadata = Metadata {
        name: options.name().to_owned(),
        namespace: controls.namespace,
        labels: labels.clone(),
    };
    let mut documents = controls.documents;
    documents.push(Document::Deployment(Box::new(Deployment::new(
        metadata.clone(),
        DeploymentSpec::new(request.replicas, selector.clone(), labels, pod),
    ))));
    if request.replicas > 1 {
        header.push(format!(
            "The PodDisruptionBudget keeps the quorum ({} of {}) up during voluntary disruptions.",
            request.quorum, request.replicas
        ));
        if request.quorum == request.replicas {
            header.push(
                "The quorum is every replica, so the budget blocks every voluntary eviction \
                 (node drains) until a replica is added or the quorum lowered."
                    .to_owned(),
            );
        }
        documents.push(Document::PodDisruptionBudget(PodDisruptionBudget::new(
            metadata,
            request.quorum,
            selector,
        )));
    }
    let yaml = serde_saphyr::to_string_multiple(&documents).expect("manifests always serialise");
    let mut text: String = header
        .iter()
        .map(|line| format!("# {}\n", one_line(line)))
        .collect();
    text.push_str(&yaml);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Export {
        warnings,
        ..Export::new(text, lossy)
    }
}

/// The runtime class for the compute rung, with the lossy notes that come with it.
fn runtime_class(recommendation: &Recommendation, lossy: &mut Vec<String>) -> Option<&'static str> {
    match level(recommendation, Axis::Compute) {
        "sandboxed-container" => Some("gvisor"),
        "microvm" => {
            let cold_start = answer_is(recommendation, "performance", "cold-start-critical");
            let gpu = answer_is(recommendation, "devices", "gpu");
            Some(if cold_start && !gpu {
                "kata-fc"
            } else {
                "kata"
            })
        }
        "vm" => {
            lossy.push(
                "compute=vm: a Deployment cannot be a virtual machine one manages as such; the \
                 pods run in Kata VMs (runtime class `kata`: own guest kernel behind a \
                 hypervisor, the same boundary). For a full VM (own image, custom kernel), use \
                 a KubeVirt VirtualMachine, which this export does not write"
                    .to_owned(),
            );
            Some("kata")
        }
        "confidential-vm" => {
            lossy.push(
                "compute=confidential-vm: runtime class `kata-qemu-snp` assumes AMD SEV-SNP \
                 hosts (use `kata-qemu-tdx` on Intel TDX); attestation and key release \
                 (Confidential Containers' Trustee) are not configured by a Deployment"
                    .to_owned(),
            );
            Some("kata-qemu-snp")
        }
        _ => None,
    }
}

/// The pod and container security contexts and `hostUsers`.
fn security(
    hardened: bool,
    privileges: &str,
    host_network: bool,
    lossy: &mut Vec<String>,
) -> (
    Option<PodSecurityContext>,
    Option<ContainerSecurityContext>,
    Option<bool>,
) {
    if !hardened {
        return (None, None, None);
    }
    let privileged = privileges == "privileged";
    let root = privileges == "root-in-container" || privileged;
    let mut host_users = Some(false);
    if privileged {
        host_users = None;
        lossy.push(
            "privileges=privileged: the container is privileged (inside its VM's guest kernel, \
             the tenant boundary), so the hardened context's hostUsers: false, dropped \
             capabilities, no privilege escalation and read-only root are left out"
                .to_owned(),
        );
    } else if host_network {
        host_users = None;
        lossy.push(
            "host_network=yes: Kubernetes refuses user namespaces (hostUsers: false) together \
             with the host network, so the pod runs without them"
                .to_owned(),
        );
    }
    let pod = PodSecurityContext::hardened(!root);
    let container = if privileged {
        ContainerSecurityContext::privileged()
    } else {
        ContainerSecurityContext::hardened()
    };
    (Some(pod), Some(container), host_users)
}

/// Node selector and toleration for dedicated pools, and what residency Kubernetes cannot show.
fn residency(
    recommendation: &Recommendation,
    options: &Options,
    node_selector: &mut BTreeMap<String, String>,
    tolerations: &mut Vec<Toleration>,
    header: &mut Vec<String>,
    lossy: &mut Vec<String>,
) {
    let residency = level(recommendation, Axis::Residency);
    match residency {
        "shared-host" => return,
        "no-core-sharing" => {
            lossy.push(
                "residency=no-core-sharing: no core shared between tenants is a node setting \
                 (boot with `nosmt`, core scheduling, or the kubelet's static CPU manager policy \
                 with `full-pcpus-only` and pods of Guaranteed QoS with whole CPUs); a \
                 Deployment cannot ask for it"
                    .to_owned(),
            );
            return;
        }
        "dedicated-host" => lossy.push(
            "residency=dedicated-host: the pool's nodes must be physical hosts (or sole-tenant \
             nodes) that run nothing else; Kubernetes cannot check that"
                .to_owned(),
        ),
        "community-cloud" | "classified-facility" => lossy.push(format!(
            "residency={residency}: a property of the facility the cluster runs in, not of a \
             manifest"
        )),
        _ => {}
    }
    node_selector.insert(POOL_LABEL.to_owned(), options.name().to_owned());
    tolerations.push(Toleration::pool(POOL_LABEL, options.name()));
    header.push(format!(
        "Dedicated pool (residency={residency}): `kubectl label nodes NODE {POOL_LABEL}={name}` \
         and `kubectl taint nodes NODE {POOL_LABEL}={name}:NoSchedule`.",
        name = options.name()
    ));
}

/// What the control-plane boundary asks of where the manifest is applied.
fn control_plane(
    recommendation: &Recommendation,
    namespaced: bool,
    header: &mut Vec<String>,
    lossy: &mut Vec<String>,
) {
    match level(recommendation, Axis::ControlPlane) {
        "shared-namespace" => {}
        "namespace-per-tenant" if namespaced => {}
        "namespace-per-tenant" => header
            .push("Apply it in the tenant's own namespace (`kubectl apply -n TENANT`).".to_owned()),
        other => lossy.push(format!(
            "control_plane={other}: apply it in the tenant's own {}; a manifest cannot create \
             that boundary",
            match other {
                "virtual-cluster" => "virtual cluster",
                "cluster-per-tenant" => "cluster",
                _ => "cloud account's cluster",
            }
        )),
    }
}

/// Per kind of the topology (widest first), the node label this export writes for it with
/// these options: what nodes must carry for the exported manifest to mean on them what it says
/// (the twin's nodes carry them, [`crate::kube::audit::Estate::labelled`]).
pub(crate) fn node_keys(topology: &Topology, options: &Options) -> Vec<(String, String)> {
    let mut unused = Vec::new();
    topology
        .kinds
        .iter()
        .map(|kind| {
            let key = rules::topology_key(kind, topology, options, &mut unused);
            (kind.clone(), key)
        })
        .collect()
}
