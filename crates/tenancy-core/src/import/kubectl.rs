//! The Kubernetes importer: `kubectl get nodes -o json` (a `v1` `List` of `Node`s) to a topology.
//!
//! Mapping: a host is a node, named by `metadata.name` (`kubernetes.io/hostname` is only a label:
//! it may differ from the name, as on OpenShift on AWS, and two nodes may share it; a shared value
//! is reported, not refused). `topology.kubernetes.io/region` is the region and
//! `topology.kubernetes.io/zone` the data center (the deprecated
//! `failure-domain.beta.kubernetes.io/…` labels stand in when the new ones are absent); any other
//! label key ending in `/hazard`, `/room`, `/pdu`, `/rack` or `/switch` gives that kind. Kinds run
//! widest first: region, hazard, datacenter, room, pdu, rack, switch — only those some node has.
//! Every node label becomes a host label.
//!
//! Azure clusters in a region without availability zones put the node's fault-domain number
//! (`"0"`, `"1"`, …) in the zone label: those are fault domains inside one site, so a purely
//! numeric zone is read as a rack, never as a data center, with a warning. A node without a zone
//! among zoned nodes gets a warning too: its zone is unknown, not a zone of its own. Every kind a
//! node lacks while other nodes have it is listed in the node's `unknown-domains` label, so that
//! the availability counts it in the worst plausible domain rather than in none
//! (`topology::unknown`).
//!
//! Each schedulable node takes one replica (`slots: 1`: one replica per node is what
//! anti-affinity asks for; raise it by hand to allow more). Nodes that are cordoned
//! (`spec.unschedulable`) or tainted `NoSchedule`/`NoExecute` are **kept with `slots: 0`**, so they
//! still show in the estate but take no replica, and a warning names each.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{At, ImportError, Imported, index_path, key_path, parse};
use crate::topology::{DEFAULT_KINDS, Host, Topology, UNKNOWN_DOMAINS_LABEL};

const FORMAT: &str = "kubectl";

/// Well-known labels: the kind, the label and its deprecated stand-in (the Kubernetes export
/// writes the same keys).
pub(crate) const WELL_KNOWN: [(&str, &str, &str); 2] = [
    (
        "region",
        "topology.kubernetes.io/region",
        "failure-domain.beta.kubernetes.io/region",
    ),
    (
        "datacenter",
        "topology.kubernetes.io/zone",
        "failure-domain.beta.kubernetes.io/zone",
    ),
];

/// Label-key suffixes that name a kind (`example.com/rack`).
const SUFFIX_KINDS: [&str; 5] = ["hazard", "room", "pdu", "rack", "switch"];

/// The label the kubelet sets to the node's host name.
pub(crate) const HOSTNAME_LABEL: &str = "kubernetes.io/hostname";

/// The node objects of `kubectl get nodes -o json` (a `List` or `NodeList`), or the one node of
/// `kubectl get node NAME -o json`, each with its path; the one reading both the importer and the
/// twin's node reader use. An error when there is no node or the document is something else.
pub(crate) fn node_values(root: &Value) -> Result<Vec<(String, &Value)>, ImportError> {
    let top = At {
        value: root,
        path: "",
    };
    let object = top.object()?;
    let nodes = match object.get("kind").and_then(Value::as_str) {
        Some("Node") => vec![("the node".to_owned(), root)],
        Some("List") | Some("NodeList") | None => {
            let items = object.get("items").ok_or_else(|| {
                top.error("missing `items`: expected the output of `kubectl get nodes -o json`")
            })?;
            At {
                value: items,
                path: "items",
            }
            .elements()?
        }
        Some(other) => {
            return Err(At {
                value: &object["kind"],
                path: "kind",
            }
            .error(format!(
                "expected a `List` of nodes (`kubectl get nodes -o json`), got `{other}`"
            )));
        }
    };
    if nodes.is_empty() {
        return Err(ImportError::NoHosts("the list has no nodes".to_owned()));
    }
    Ok(nodes)
}

/// Imports `kubectl get nodes -o json` (a single `Node` from `kubectl get node NAME -o json` is
/// accepted too).
pub fn import_kubectl(text: &str) -> Result<Imported, ImportError> {
    let root = parse(text, FORMAT)?;
    let nodes = node_values(&root)?;

    let mut warnings = Vec::new();
    let mut hosts = Vec::with_capacity(nodes.len());
    let mut first_at: BTreeMap<String, String> = BTreeMap::new();
    for (path, value) in &nodes {
        let host = node(At { value, path }, &mut warnings)?;
        if let Some(first) = first_at.get(&host.name) {
            return Err(ImportError::DuplicateHost {
                name: host.name,
                path: path.clone(),
                first: first.clone(),
            });
        }
        first_at.insert(host.name.clone(), path.clone());
        hosts.push(host);
    }

    shared_hostnames(&hosts, &mut warnings);
    unknown_zones(&hosts, &mut warnings);
    // Listed in the default topology's order, widest first (nodes carry no `planet`).
    let kinds: Vec<String> = DEFAULT_KINDS
        .iter()
        .filter(|kind| hosts.iter().any(|host| host.domains.contains_key(**kind)))
        .map(|kind| (*kind).to_owned())
        .collect();
    // A node without a label some other node has is in a domain nobody recorded, not in none.
    for host in &mut hosts {
        let lacking: Vec<&str> = kinds
            .iter()
            .filter(|kind| !host.domains.contains_key(*kind))
            .map(String::as_str)
            .collect();
        if !lacking.is_empty() {
            host.labels
                .insert(UNKNOWN_DOMAINS_LABEL.to_owned(), lacking.join(","));
        }
    }
    let topology = Topology {
        version: 1,
        name: format!("kubectl get nodes ({} nodes)", hosts.len()),
        kinds,
        hosts,
        rates: BTreeMap::new(),
    };
    topology.validate()?;
    warnings.extend(topology.warnings());
    Ok(Imported { topology, warnings })
}

/// One `Node` object to a host.
fn node(at: At<'_, '_>, warnings: &mut Vec<String>) -> Result<Host, ImportError> {
    let object = at.object()?;
    if let Some(kind) = object.get("kind") {
        let kind_path = key_path(at.path, "kind");
        let kind_at = At {
            value: kind,
            path: &kind_path,
        };
        if kind_at.str()? != "Node" {
            return Err(kind_at.error(format!("expected `Node`, got `{}`", kind_at.str()?)));
        }
    }
    let metadata_path = key_path(at.path, "metadata");
    let metadata = At {
        value: object
            .get("metadata")
            .ok_or_else(|| at.error("missing `metadata`"))?,
        path: &metadata_path,
    };
    let metadata_object = metadata.object()?;
    let name_path = key_path(&metadata_path, "name");
    let name = match metadata_object.get("name") {
        Some(value) => Some(
            At {
                value,
                path: &name_path,
            }
            .str()?,
        ),
        None => None,
    };

    let labels_path = key_path(&metadata_path, "labels");
    let mut labels = BTreeMap::new();
    if let Some(value) = metadata_object.get("labels").filter(|v| !v.is_null()) {
        let labels_at = At {
            value,
            path: &labels_path,
        };
        for (key, value) in labels_at.object()? {
            let label_path = key_path(&labels_path, key);
            let value = At {
                value,
                path: &label_path,
            }
            .str()?;
            labels.insert(key.clone(), value.to_owned());
        }
    }

    let host_name = match name.filter(|n| !n.is_empty()) {
        Some(name) => name.to_owned(),
        None => match labels.get(HOSTNAME_LABEL).filter(|v| !v.is_empty()) {
            Some(hostname) => hostname.clone(),
            None => {
                return Err(ImportError::Shape {
                    path: name_path,
                    problem: format!(
                        "missing or empty, and no `{HOSTNAME_LABEL}` label names the node"
                    ),
                });
            }
        },
    };

    let mut domains = BTreeMap::new();
    for (kind, key, deprecated) in WELL_KNOWN {
        if let Some(value) = labels
            .get(key)
            .or_else(|| labels.get(deprecated))
            .filter(|v| !v.is_empty())
        {
            domains.insert(kind.to_owned(), value.clone());
        }
    }
    // Azure without availability zones: the zone label holds a fault-domain number.
    if let Some(zone) = domains
        .get("datacenter")
        .filter(|z| z.bytes().all(|b| b.is_ascii_digit()))
    {
        let region = domains.get("region").map_or("its region", String::as_str);
        let rack = format!("{region}-fd{zone}");
        warnings.push(format!(
            "node `{host_name}` ({}): zone `{zone}` is a fault-domain number (Azure without \
             availability zones in `{region}`), not a data center: read as rack `{rack}`",
            at.path
        ));
        domains.remove("datacenter");
        domains.insert("rack".to_owned(), rack);
    }
    for (key, value) in &labels {
        let Some((_, suffix)) = key.rsplit_once('/') else {
            continue;
        };
        if !SUFFIX_KINDS.contains(&suffix) || value.is_empty() {
            continue;
        }
        match domains.get(suffix) {
            None => {
                domains.insert(suffix.to_owned(), value.clone());
            }
            Some(existing) if existing != value => warnings.push(format!(
                "node `{host_name}` ({}): label `{key}={value}` disagrees with an earlier \
                 `{suffix}` label (`{existing}`); the first by key order is used",
                at.path
            )),
            Some(_) => {}
        }
    }

    let blocked = blocking(at, object)?;
    if let Some(reason) = &blocked {
        warnings.push(format!(
            "node `{host_name}` ({}) {reason}: kept with 0 slots",
            at.path
        ));
    }
    Ok(Host {
        name: host_name,
        slots: if blocked.is_some() { 0 } else { 1 },
        labels,
        domains,
    })
}

/// Two nodes with one `kubernetes.io/hostname` value: Kubernetes counts them as one host domain.
fn shared_hostnames(hosts: &[Host], warnings: &mut Vec<String>) {
    let mut by_value: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for host in hosts {
        if let Some(value) = host.labels.get(HOSTNAME_LABEL) {
            by_value.entry(value).or_default().push(&host.name);
        }
    }
    for (value, nodes) in by_value.into_iter().filter(|(_, nodes)| nodes.len() > 1) {
        warnings.push(format!(
            "nodes `{}` share `{HOSTNAME_LABEL}={value}`: a rule on `host` written for Kubernetes \
             treats them as one host",
            nodes.join("`, `")
        ));
    }
}

/// Nodes without a zone among zoned nodes: their zone is unknown.
fn unknown_zones(hosts: &[Host], warnings: &mut Vec<String>) {
    let zoned = hosts
        .iter()
        .filter(|h| h.domains.contains_key("datacenter"))
        .count();
    let missing: Vec<&str> = hosts
        .iter()
        .filter(|h| !h.domains.contains_key("datacenter"))
        .map(|h| h.name.as_str())
        .collect();
    if zoned > 0 && !missing.is_empty() {
        warnings.push(format!(
            "{} of {} nodes have no `topology.kubernetes.io/zone` label (first `{}`): their zone \
             is unknown, so they may share a data center with any other node",
            missing.len(),
            hosts.len(),
            missing[0]
        ));
    }
}

/// Why a node takes no new pods, if it does not: cordoned, or tainted `NoSchedule`/`NoExecute`.
fn blocking(
    at: At<'_, '_>,
    object: &serde_json::Map<String, Value>,
) -> Result<Option<String>, ImportError> {
    let Some(spec) = object.get("spec").filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let spec_path = key_path(at.path, "spec");
    let spec = At {
        value: spec,
        path: &spec_path,
    }
    .object()?;
    let mut reasons = Vec::new();
    if spec.get("unschedulable").and_then(Value::as_bool) == Some(true) {
        reasons.push("is unschedulable (cordoned)".to_owned());
    }
    if let Some(taints) = spec.get("taints").filter(|v| !v.is_null()) {
        let taints_path = key_path(&spec_path, "taints");
        let taints = At {
            value: taints,
            path: &taints_path,
        };
        for (i, taint) in taints.array()?.iter().enumerate() {
            let taint_path = index_path(&taints_path, i);
            let taint_at = At {
                value: taint,
                path: &taint_path,
            };
            let taint = taint_at.object()?;
            let field = |name: &str| -> Result<&str, ImportError> {
                let path = key_path(&taint_path, name);
                match taint.get(name) {
                    Some(value) => At { value, path: &path }.str(),
                    None => Err(taint_at.error(format!("missing `{name}`"))),
                }
            };
            let effect = field("effect")?;
            if effect == "NoSchedule" || effect == "NoExecute" {
                let key = field("key")?;
                let value = taint.get("value").and_then(Value::as_str).unwrap_or("");
                let shown = if value.is_empty() {
                    key.to_owned()
                } else {
                    format!("{key}={value}")
                };
                reasons.push(format!("is tainted `{shown}:{effect}`"));
            }
        }
    }
    Ok((!reasons.is_empty()).then(|| reasons.join(" and ")))
}
