//! Users' manifests: Deployments, StatefulSets, ReplicaSets, Pods and PodTemplates in YAML or
//! JSON, several documents per file (`helm template` output) or a `List`, read into the twin's
//! workload model. Other kinds (Services, ConfigMaps, …) are skipped; every error names the
//! document and the path of the offending item.

use serde_json::Value;

use super::labels::{Labels, NodeOp, NodeRequirement, NodeTerm, Requirement, Selector, SetOp};
use super::model::{
    DEFAULT_MEMORY, DEFAULT_MILLI_CPU, Inclusion, PodTemplate, PodTerm, PodTerms, Resources,
    Spread, Toleration, WeightedPodTerm, WhenUnsatisfiable,
};
use super::read::{child as get, effect, quantity, string_map};
use crate::import::{At, ImportError, describe, index_path};
use crate::topology::MAX_INPUT_BYTES;

/// The label the Deployment controller puts on each ReplicaSet's pods.
pub const POD_TEMPLATE_HASH: &str = "pod-template-hash";
/// The label the StatefulSet controller puts on each revision's pods.
pub const CONTROLLER_REVISION_HASH: &str = "controller-revision-hash";
/// The most replicas a workload may ask for here.
pub const MAX_WORKLOAD_REPLICAS: u32 = 10_000;

/// What kind of workload a manifest describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `apps/v1` Deployment.
    Deployment,
    /// `apps/v1` StatefulSet.
    StatefulSet,
    /// `apps/v1` ReplicaSet.
    ReplicaSet,
    /// A bare Pod (one replica).
    Pod,
    /// A `v1` PodTemplate.
    PodTemplate,
}

impl Kind {
    /// The Kubernetes kind name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Deployment => "Deployment",
            Kind::StatefulSet => "StatefulSet",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::Pod => "Pod",
            Kind::PodTemplate => "PodTemplate",
        }
    }
}

/// A rolling-update setting: an absolute number or a percentage of the replicas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntOrPercent {
    /// An absolute count.
    Int(u32),
    /// A percentage.
    Percent(u32),
}

impl IntOrPercent {
    /// The count for `replicas`, rounding a percentage up (`maxSurge`) or down
    /// (`maxUnavailable`).
    pub fn resolve(self, replicas: u32, round_up: bool) -> u32 {
        match self {
            IntOrPercent::Int(n) => n,
            IntOrPercent::Percent(p) => {
                let scaled = u64::from(replicas) * u64::from(p);
                let n = if round_up {
                    scaled.div_ceil(100)
                } else {
                    scaled / 100
                };
                u32::try_from(n).unwrap_or(u32::MAX)
            }
        }
    }
}

/// A workload read from a manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    /// Its kind.
    pub kind: Kind,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace` (`default` when absent).
    pub namespace: String,
    /// `spec.replicas` (1 when absent).
    pub replicas: u32,
    /// Deployment `maxSurge` (25 % by default; 0 for `Recreate`).
    pub max_surge: IntOrPercent,
    /// Deployment `maxUnavailable` (25 % by default; all for `Recreate`).
    pub max_unavailable: IntOrPercent,
    /// The pod template, as the scheduler will see its pods.
    pub template: PodTemplate,
    /// Which document of the input it came from (1-based).
    pub document: usize,
}

/// Why a manifest was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    /// More than 64 MiB.
    #[error("manifest is {0} bytes, more than the 64 MiB limit")]
    TooLarge(usize),
    /// Not YAML (or JSON) at all.
    #[error("manifest is not YAML or JSON: {0}")]
    NotYaml(String),
    /// A value is missing or has the wrong shape.
    #[error("document {document}: {source}")]
    Shape {
        /// Which document (1-based).
        document: usize,
        /// What is wrong, and where in the document.
        source: ImportError,
    },
    /// No Deployment, StatefulSet, ReplicaSet, Pod or PodTemplate in the input.
    #[error(
        "no workload in the manifest (found {0}); expected a Deployment, StatefulSet, ReplicaSet, Pod or PodTemplate, e.g. the output of `helm template` or `kubectl get deployment NAME -o yaml`"
    )]
    NoWorkload(String),
}

/// Reads every workload of a manifest, in input order.
pub fn read_workloads(text: &str) -> Result<Vec<Workload>, ManifestError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(ManifestError::TooLarge(text.len()));
    }
    let trimmed = text.trim_start();
    let documents: Vec<Value> = if trimmed.starts_with('{') {
        vec![serde_json::from_str(text).map_err(|e| ManifestError::NotYaml(e.to_string()))?]
    } else {
        serde_saphyr::from_multiple::<Value>(text).map_err(|e| {
            let message = e.to_string();
            let hint = if text.contains("{{") {
                " (the file looks like an unrendered Helm template: render it with `helm template` first)"
            } else {
                ""
            };
            ManifestError::NotYaml(format!("{}{hint}", first_line(&message)))
        })?
    };
    let mut workloads = Vec::new();
    let mut seen = Vec::new();
    for (i, document) in documents.iter().enumerate() {
        let number = i + 1;
        let wrap = |source| ManifestError::Shape {
            document: number,
            source,
        };
        match document {
            Value::Null => continue,
            Value::Object(object) => {
                let kind = object.get("kind").and_then(Value::as_str).unwrap_or("");
                if kind == "List" {
                    let items = At {
                        value: object.get("items").unwrap_or(&Value::Null),
                        path: "items",
                    };
                    for (j, item) in items.array().map_err(wrap)?.iter().enumerate() {
                        let path = index_path("items", j);
                        let at = At {
                            value: item,
                            path: &path,
                        };
                        let item_kind = item.get("kind").and_then(Value::as_str).unwrap_or("");
                        seen.push(item_kind.to_owned());
                        if let Some(w) = workload(at, number).map_err(wrap)? {
                            workloads.push(w);
                        }
                    }
                } else {
                    seen.push(kind.to_owned());
                    let at = At {
                        value: document,
                        path: "",
                    };
                    if let Some(w) = workload(at, number).map_err(wrap)? {
                        workloads.push(w);
                    }
                }
            }
            other => {
                return Err(wrap(
                    At {
                        value: other,
                        path: "",
                    }
                    .error(format!(
                        "expected a Kubernetes object, got {}",
                        describe(other)
                    )),
                ));
            }
        }
    }
    if workloads.is_empty() {
        let found = if seen.is_empty() {
            "no documents".to_owned()
        } else {
            seen.iter()
                .map(|k| {
                    if k.is_empty() {
                        "an object without `kind`".to_owned()
                    } else {
                        format!("`{k}`")
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Err(ManifestError::NoWorkload(found));
    }
    Ok(workloads)
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message)
}

fn get_str(at: At<'_, '_>, key: &str) -> Result<Option<String>, ImportError> {
    match get(at, key)? {
        Some((v, p)) => Ok(Some(At { value: v, path: &p }.str()?.to_owned())),
        None => Ok(None),
    }
}

fn get_int(at: At<'_, '_>, key: &str, min: i64, max: i64) -> Result<Option<i64>, ImportError> {
    match get(at, key)? {
        Some((v, p)) => {
            let at = At { value: v, path: &p };
            let n = at.integer()?;
            if n < min || n > max {
                return Err(at.error(format!("{n} is out of range ({min} to {max})")));
            }
            Ok(Some(n))
        }
        None => Ok(None),
    }
}

fn workload(at: At<'_, '_>, document: usize) -> Result<Option<Workload>, ImportError> {
    let kind = match get_str(at, "kind")?.as_deref() {
        Some("Deployment") => Kind::Deployment,
        Some("StatefulSet") => Kind::StatefulSet,
        Some("ReplicaSet") => Kind::ReplicaSet,
        Some("Pod") => Kind::Pod,
        Some("PodTemplate") => Kind::PodTemplate,
        _ => return Ok(None),
    };
    let (meta, meta_path) = get(at, "metadata")?.ok_or_else(|| at.error("missing `metadata`"))?;
    let meta_at = At {
        value: meta,
        path: &meta_path,
    };
    let name = get_str(meta_at, "name")?.unwrap_or_default();
    let namespace = get_str(meta_at, "namespace")?.unwrap_or_else(|| "default".to_owned());
    let mut out = Workload {
        kind,
        name,
        namespace: namespace.clone(),
        replicas: 1,
        max_surge: IntOrPercent::Percent(25),
        max_unavailable: IntOrPercent::Percent(25),
        template: PodTemplate::default(),
        document,
    };
    match kind {
        Kind::Pod => {
            let (spec, spec_path) = get(at, "spec")?.ok_or_else(|| at.error("missing `spec`"))?;
            let labels = match get(meta_at, "labels")? {
                Some((v, p)) => string_map(v, &p)?,
                None => Labels::new(),
            };
            out.template = pod_spec(
                At {
                    value: spec,
                    path: &spec_path,
                },
                labels,
                &namespace,
            )?;
        }
        Kind::PodTemplate => {
            out.template = template_in(at, &namespace)?;
        }
        Kind::Deployment | Kind::StatefulSet | Kind::ReplicaSet => {
            let (spec, spec_path) = get(at, "spec")?.ok_or_else(|| at.error("missing `spec`"))?;
            let spec_at = At {
                value: spec,
                path: &spec_path,
            };
            if let Some(n) = get_int(spec_at, "replicas", 0, i64::from(MAX_WORKLOAD_REPLICAS))? {
                out.replicas = n as u32;
            }
            out.template = template_in(spec_at, &namespace)?;
            let selector = match get(spec_at, "selector")? {
                Some((v, p)) => selector(At { value: v, path: &p })?,
                None => return Err(spec_at.error("missing `selector`")),
            };
            if !selector.matches(&out.template.labels) {
                return Err(spec_at.error(
                    "`selector` does not match `template.metadata.labels` (the API server would refuse this workload)",
                ));
            }
            out.template.owner_selector = Some(selector);
            if kind == Kind::Deployment {
                strategy(spec_at, &mut out)?;
                out.template
                    .labels
                    .insert(POD_TEMPLATE_HASH.to_owned(), "revision-1".to_owned());
            } else if kind == Kind::StatefulSet {
                out.template
                    .labels
                    .insert(CONTROLLER_REVISION_HASH.to_owned(), "revision-1".to_owned());
            }
        }
    }
    Ok(Some(out))
}

fn strategy(spec: At<'_, '_>, out: &mut Workload) -> Result<(), ImportError> {
    let Some((v, p)) = get(spec, "strategy")? else {
        return Ok(());
    };
    let at = At { value: v, path: &p };
    if get_str(at, "type")?.as_deref() == Some("Recreate") {
        out.max_surge = IntOrPercent::Int(0);
        out.max_unavailable = IntOrPercent::Percent(100);
        return Ok(());
    }
    if let Some((v, p)) = get(at, "rollingUpdate")? {
        let rolling = At { value: v, path: &p };
        for (key, slot) in [
            ("maxSurge", &mut out.max_surge),
            ("maxUnavailable", &mut out.max_unavailable),
        ] {
            if let Some((v, p)) = get(rolling, key)? {
                *slot = int_or_percent(At { value: v, path: &p })?;
            }
        }
    }
    if out.max_surge.resolve(out.replicas, true) == 0
        && out.max_unavailable.resolve(out.replicas, false) == 0
    {
        return Err(at.error(
            "`maxSurge` and `maxUnavailable` are both 0: the rollout could never progress",
        ));
    }
    Ok(())
}

fn int_or_percent(at: At<'_, '_>) -> Result<IntOrPercent, ImportError> {
    match at.value {
        Value::Number(_) => {
            let n = at.integer()?;
            u32::try_from(n)
                .map(IntOrPercent::Int)
                .map_err(|_| at.error(format!("{n} is out of range")))
        }
        Value::String(s) => s
            .strip_suffix('%')
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| *p <= 100)
            .map(IntOrPercent::Percent)
            .ok_or_else(|| {
                at.error(format!(
                    "expected a number or a percentage like \"25%\", got {s:?}"
                ))
            }),
        other => Err(at.error(format!(
            "expected a number or a percentage, got {}",
            describe(other)
        ))),
    }
}

/// `template:` (metadata and spec) of a workload.
/// The pod template under `template` (required) of a PodTemplate or a controller's spec.
fn template_in(at: At<'_, '_>, namespace: &str) -> Result<PodTemplate, ImportError> {
    let (template, path) = get(at, "template")?.ok_or_else(|| at.error("missing `template`"))?;
    template_of(
        At {
            value: template,
            path: &path,
        },
        namespace,
    )
}

fn template_of(at: At<'_, '_>, namespace: &str) -> Result<PodTemplate, ImportError> {
    let labels = match get(at, "metadata")? {
        Some((v, p)) => match get(At { value: v, path: &p }, "labels")? {
            Some((v, p)) => string_map(v, &p)?,
            None => Labels::new(),
        },
        None => Labels::new(),
    };
    let (spec, spec_path) = get(at, "spec")?.ok_or_else(|| at.error("missing `spec`"))?;
    pod_spec(
        At {
            value: spec,
            path: &spec_path,
        },
        labels,
        namespace,
    )
}

fn array<'v>(at: At<'v, '_>, key: &str) -> Result<Vec<(&'v Value, String)>, ImportError> {
    match get(at, key)? {
        Some((v, p)) => Ok(At { value: v, path: &p }
            .array()?
            .iter()
            .enumerate()
            .map(|(i, item)| (item, index_path(&p, i)))
            .collect()),
        None => Ok(Vec::new()),
    }
}

/// A pod spec: node selector, affinity, tolerations, spread constraints and requests.
fn pod_spec(at: At<'_, '_>, labels: Labels, namespace: &str) -> Result<PodTemplate, ImportError> {
    let mut t = PodTemplate {
        namespace: namespace.to_owned(),
        labels,
        ..PodTemplate::default()
    };
    if let Some((v, p)) = get(at, "nodeSelector")? {
        t.node_selector = string_map(v, &p)?;
    }
    if let Some((v, p)) = get(at, "affinity")? {
        let affinity = At { value: v, path: &p };
        if let Some((v, p)) = get(affinity, "nodeAffinity")? {
            let node = At { value: v, path: &p };
            if let Some((v, p)) = get(node, "requiredDuringSchedulingIgnoredDuringExecution")? {
                let required = At { value: v, path: &p };
                let mut terms = Vec::new();
                for (v, p) in array(required, "nodeSelectorTerms")? {
                    terms.push(node_term(At { value: v, path: &p })?);
                }
                t.node_required = Some(terms);
            }
            for (v, p) in array(node, "preferredDuringSchedulingIgnoredDuringExecution")? {
                let item = At { value: v, path: &p };
                let weight = get_int(item, "weight", 1, 100)?
                    .ok_or_else(|| item.error("missing `weight`"))?;
                let (pv, pp) =
                    get(item, "preference")?.ok_or_else(|| item.error("missing `preference`"))?;
                t.node_preferred.push((
                    weight,
                    node_term(At {
                        value: pv,
                        path: &pp,
                    })?,
                ));
            }
        }
        for (key, slot) in [
            ("podAffinity", &mut t.affinity),
            ("podAntiAffinity", &mut t.anti_affinity),
        ] {
            if let Some((v, p)) = get(affinity, key)? {
                *slot = pod_terms(At { value: v, path: &p })?;
            }
        }
    }
    for (v, p) in array(at, "tolerations")? {
        t.tolerations.push(toleration(At { value: v, path: &p })?);
    }
    for (v, p) in array(at, "topologySpreadConstraints")? {
        t.spread.push(spread(At { value: v, path: &p })?);
    }
    let (requests, score) = requests(at)?;
    t.requests = requests;
    t.score_requests = score;
    Ok(t)
}

/// Summed container requests (the larger of the containers' sum and the largest init
/// container), and the same with the scheduler's scoring defaults for unset values.
fn requests(spec: At<'_, '_>) -> Result<(Resources, Resources), ImportError> {
    let mut sum = Resources::default();
    let mut score = Resources::default();
    let containers = array(spec, "containers")?;
    if containers.is_empty() {
        return Err(spec.error("missing `containers`: a pod needs at least one container"));
    }
    let one = |(v, p): &(&Value, String)| -> Result<(Option<u64>, Option<u64>), ImportError> {
        let c = At { value: v, path: p };
        let Some((rv, rp)) = get(c, "resources")? else {
            return Ok((None, None));
        };
        let Some((qv, qp)) = get(
            At {
                value: rv,
                path: &rp,
            },
            "requests",
        )?
        else {
            return Ok((None, None));
        };
        let q = At {
            value: qv,
            path: &qp,
        };
        let cpu = match get(q, "cpu")? {
            Some((v, p)) => Some(quantity(v, &p, true)?),
            None => None,
        };
        let memory = match get(q, "memory")? {
            Some((v, p)) => Some(quantity(v, &p, false)?),
            None => None,
        };
        Ok((cpu, memory))
    };
    for c in &containers {
        let (cpu, memory) = one(c)?;
        sum.milli_cpu = sum.milli_cpu.saturating_add(cpu.unwrap_or(0));
        sum.memory = sum.memory.saturating_add(memory.unwrap_or(0));
        score.milli_cpu = score
            .milli_cpu
            .saturating_add(cpu.filter(|v| *v > 0).unwrap_or(DEFAULT_MILLI_CPU));
        score.memory = score
            .memory
            .saturating_add(memory.filter(|v| *v > 0).unwrap_or(DEFAULT_MEMORY));
    }
    for c in &array(spec, "initContainers")? {
        let (cpu, memory) = one(c)?;
        sum.milli_cpu = sum.milli_cpu.max(cpu.unwrap_or(0));
        sum.memory = sum.memory.max(memory.unwrap_or(0));
    }
    Ok((sum, score))
}

fn set_op(at: At<'_, '_>, node: bool) -> Result<NodeOp, ImportError> {
    Ok(match at.str()? {
        "In" => NodeOp::Set(SetOp::In),
        "NotIn" => NodeOp::Set(SetOp::NotIn),
        "Exists" => NodeOp::Set(SetOp::Exists),
        "DoesNotExist" => NodeOp::Set(SetOp::DoesNotExist),
        "Gt" if node => NodeOp::Gt,
        "Lt" if node => NodeOp::Lt,
        other => {
            let known = if node {
                "In, NotIn, Exists, DoesNotExist, Gt or Lt"
            } else {
                "In, NotIn, Exists or DoesNotExist"
            };
            return Err(at.error(format!("unknown operator `{other}` (expected {known})")));
        }
    })
}

/// One requirement: key, operator, values (checked against the operator).
fn requirement(at: At<'_, '_>, node: bool) -> Result<NodeRequirement, ImportError> {
    let key = get_str(at, "key")?.ok_or_else(|| at.error("missing `key`"))?;
    let (ov, op_path) = get(at, "operator")?.ok_or_else(|| at.error("missing `operator`"))?;
    let op = set_op(
        At {
            value: ov,
            path: &op_path,
        },
        node,
    )?;
    let mut values = Vec::new();
    for (v, p) in array(at, "values")? {
        values.push(At { value: v, path: &p }.str()?.to_owned());
    }
    let needs = match op {
        NodeOp::Set(SetOp::In) | NodeOp::Set(SetOp::NotIn) => "at least one value",
        NodeOp::Set(_) => "no values",
        NodeOp::Gt | NodeOp::Lt => "exactly one integer value",
    };
    let ok = match op {
        NodeOp::Set(SetOp::In) | NodeOp::Set(SetOp::NotIn) => !values.is_empty(),
        NodeOp::Set(_) => values.is_empty(),
        NodeOp::Gt | NodeOp::Lt => values.len() == 1 && values[0].parse::<i64>().is_ok(),
    };
    if !ok {
        return Err(at.error(format!(
            "operator `{}` takes {needs}",
            At {
                value: ov,
                path: &op_path
            }
            .str()?
        )));
    }
    Ok(NodeRequirement { key, op, values })
}

fn node_term(at: At<'_, '_>) -> Result<NodeTerm, ImportError> {
    let mut term = NodeTerm::default();
    for (v, p) in array(at, "matchExpressions")? {
        term.match_expressions
            .push(requirement(At { value: v, path: &p }, true)?);
    }
    for (v, p) in array(at, "matchFields")? {
        let r = requirement(At { value: v, path: &p }, true)?;
        if r.key != "metadata.name" {
            return Err(At { value: v, path: &p }.error(format!(
                "unknown field `{}` (only `metadata.name` exists)",
                r.key
            )));
        }
        term.match_fields.push(r);
    }
    Ok(term)
}

/// A label selector (`matchLabels`, `matchExpressions`).
fn selector(at: At<'_, '_>) -> Result<Selector, ImportError> {
    let mut s = Selector::default();
    if let Some((v, p)) = get(at, "matchLabels")? {
        s.match_labels = string_map(v, &p)?;
    }
    for (v, p) in array(at, "matchExpressions")? {
        let r = requirement(At { value: v, path: &p }, false)?;
        // `requirement` refuses Gt and Lt outside node selectors, so only set operators reach here.
        if let NodeOp::Set(op) = r.op {
            s.match_expressions.push(Requirement {
                key: r.key,
                op,
                values: r.values,
            });
        }
    }
    Ok(s)
}

fn optional_selector(at: At<'_, '_>, key: &str) -> Result<Option<Selector>, ImportError> {
    match get(at, key)? {
        Some((v, p)) => Ok(Some(selector(At { value: v, path: &p })?)),
        None => Ok(None),
    }
}

fn pod_term(at: At<'_, '_>) -> Result<PodTerm, ImportError> {
    let topology_key = get_str(at, "topologyKey")?.unwrap_or_default();
    if topology_key.is_empty() {
        return Err(at.error("missing `topologyKey` (e.g. `kubernetes.io/hostname` or `topology.kubernetes.io/zone`)"));
    }
    let mut namespaces = Vec::new();
    for (v, p) in array(at, "namespaces")? {
        namespaces.push(At { value: v, path: &p }.str()?.to_owned());
    }
    Ok(PodTerm {
        selector: optional_selector(at, "labelSelector")?,
        namespaces,
        namespace_selector: optional_selector(at, "namespaceSelector")?,
        topology_key,
    })
}

fn pod_terms(at: At<'_, '_>) -> Result<PodTerms, ImportError> {
    let mut terms = PodTerms::default();
    for (v, p) in array(at, "requiredDuringSchedulingIgnoredDuringExecution")? {
        terms.required.push(pod_term(At { value: v, path: &p })?);
    }
    for (v, p) in array(at, "preferredDuringSchedulingIgnoredDuringExecution")? {
        let item = At { value: v, path: &p };
        let weight =
            get_int(item, "weight", 1, 100)?.ok_or_else(|| item.error("missing `weight`"))?;
        let (tv, tp) =
            get(item, "podAffinityTerm")?.ok_or_else(|| item.error("missing `podAffinityTerm`"))?;
        terms.preferred.push(WeightedPodTerm {
            weight,
            term: pod_term(At {
                value: tv,
                path: &tp,
            })?,
        });
    }
    Ok(terms)
}

fn toleration(at: At<'_, '_>) -> Result<Toleration, ImportError> {
    let key = get_str(at, "key")?.unwrap_or_default();
    let exists = match get_str(at, "operator")?.as_deref() {
        None | Some("Equal") => false,
        Some("Exists") => true,
        Some(other) => {
            return Err(at.error(format!(
                "unknown toleration operator `{other}` (expected Equal or Exists)"
            )));
        }
    };
    let value = get_str(at, "value")?.unwrap_or_default();
    if key.is_empty() && !exists {
        return Err(at.error("a toleration without `key` must use `operator: Exists`"));
    }
    let effect = match get(at, "effect")? {
        Some((v, p)) if v.as_str() != Some("") => Some(effect(At { value: v, path: &p })?),
        _ => None,
    };
    Ok(Toleration {
        key,
        exists,
        value,
        effect,
    })
}

fn inclusion(at: At<'_, '_>, key: &str, default: Inclusion) -> Result<Inclusion, ImportError> {
    match get(at, key)? {
        None => Ok(default),
        Some((v, p)) => match (At { value: v, path: &p }).str()? {
            "Honor" => Ok(Inclusion::Honor),
            "Ignore" => Ok(Inclusion::Ignore),
            other => Err(At { value: v, path: &p }.error(format!(
                "unknown policy `{other}` (expected Honor or Ignore)"
            ))),
        },
    }
}

fn spread(at: At<'_, '_>) -> Result<Spread, ImportError> {
    let max_skew = get_int(at, "maxSkew", 1, i64::from(i32::MAX))?
        .ok_or_else(|| at.error("missing `maxSkew` (at least 1)"))? as u32;
    let key = get_str(at, "topologyKey")?.unwrap_or_default();
    if key.is_empty() {
        return Err(at.error("missing `topologyKey` (e.g. `topology.kubernetes.io/zone`)"));
    }
    let when = match get_str(at, "whenUnsatisfiable")?.as_deref() {
        Some("DoNotSchedule") => WhenUnsatisfiable::DoNotSchedule,
        Some("ScheduleAnyway") => WhenUnsatisfiable::ScheduleAnyway,
        Some(other) => {
            return Err(at.error(format!(
                "unknown `whenUnsatisfiable: {other}` (expected DoNotSchedule or ScheduleAnyway)"
            )));
        }
        None => {
            return Err(at.error("missing `whenUnsatisfiable` (DoNotSchedule or ScheduleAnyway)"));
        }
    };
    let mut out = Spread::new(
        max_skew,
        &key,
        when,
        optional_selector(at, "labelSelector")?,
    );
    if let Some(n) = get_int(at, "minDomains", 1, i64::from(i32::MAX))? {
        if when != WhenUnsatisfiable::DoNotSchedule {
            return Err(
                at.error("`minDomains` is only allowed with `whenUnsatisfiable: DoNotSchedule`")
            );
        }
        out.min_domains = Some(n as u32);
    }
    out.node_affinity_policy = inclusion(at, "nodeAffinityPolicy", Inclusion::Honor)?;
    out.node_taints_policy = inclusion(at, "nodeTaintsPolicy", Inclusion::Ignore)?;
    for (v, p) in array(at, "matchLabelKeys")? {
        out.match_label_keys
            .push(At { value: v, path: &p }.str()?.to_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEPLOYMENT: &str = "\
---
# Source: web/templates/service.yaml
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 6
  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          minDomains: 3
          labelSelector: {matchLabels: {app: web}}
          matchLabelKeys: [pod-template-hash]
      containers:
        - name: web
          image: nginx
          resources: {requests: {cpu: 250m, memory: 256Mi}}
";

    #[test]
    fn a_helm_stream_gives_its_deployment() {
        let workloads = read_workloads(DEPLOYMENT).unwrap();
        assert_eq!(workloads.len(), 1);
        let w = &workloads[0];
        assert_eq!(
            (
                w.kind,
                w.name.as_str(),
                w.namespace.as_str(),
                w.replicas,
                w.document
            ),
            (Kind::Deployment, "web", "shop", 6, 2)
        );
        assert_eq!(w.max_surge.resolve(6, true), 1);
        assert_eq!(w.max_unavailable.resolve(6, false), 0);
        let spread = &w.template.spread[0];
        assert_eq!((spread.max_skew, spread.min_domains), (1, Some(3)));
        assert_eq!(
            w.template.requests,
            Resources {
                milli_cpu: 250,
                memory: 256 << 20
            }
        );
        assert_eq!(
            w.template.labels.get(POD_TEMPLATE_HASH).map(String::as_str),
            Some("revision-1")
        );
        assert!(
            w.template
                .owner_selector
                .as_ref()
                .unwrap()
                .matches(&w.template.labels)
        );
    }

    #[test]
    fn bad_manifests_name_the_document_and_path() {
        let bad = DEPLOYMENT.replace(
            "whenUnsatisfiable: DoNotSchedule",
            "whenUnsatisfiable: Never",
        );
        let err = read_workloads(&bad).unwrap_err().to_string();
        assert!(
            err.contains("document 2")
                && err.contains("spec.template.spec.topologySpreadConstraints[0]"),
            "{err}"
        );
        let err = read_workloads("kind: Service\nmetadata: {name: x}\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("no workload") && err.contains("`Service`"),
            "{err}"
        );
        let err = read_workloads("replicas: {{ .Values.replicas }}\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("helm template"), "{err}");
        let bad = DEPLOYMENT.replace(
            "selector: {matchLabels: {app: web}}\n  template",
            "selector: {matchLabels: {app: api}}\n  template",
        );
        let err = read_workloads(&bad).unwrap_err().to_string();
        assert!(err.contains("does not match"), "{err}");
    }

    #[test]
    fn percentages_round_like_the_deployment_controller() {
        assert_eq!(IntOrPercent::Percent(25).resolve(6, true), 2);
        assert_eq!(IntOrPercent::Percent(25).resolve(6, false), 1);
    }
}
