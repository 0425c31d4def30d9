//! Reading the twin's inputs: nodes from `kubectl get nodes -o json` (labels, taints, cordon,
//! allocatable CPU, memory and pods) and Kubernetes resource quantities (`3920m`, `16Gi`).
//! Every error names the offending item by its path in the input.

use serde_json::Value;

use super::labels::Labels;
use super::model::{DEFAULT_MAX_PODS, Effect, Node, Resources, Taint};
use crate::import::{At, ImportError, describe, index_path, key_path, node_values, parse};

const FORMAT: &str = "kubectl";

/// The nodes of `kubectl get nodes -o json` (or of one `kubectl get node NAME -o json`), in
/// input order.
pub fn read_nodes(text: &str) -> Result<Vec<Node>, ImportError> {
    let root = parse(text, FORMAT)?;
    let nodes = node_values(&root)?
        .into_iter()
        .map(|(path, value): (String, &Value)| node(At { value, path: &path }))
        .collect::<Result<Vec<Node>, ImportError>>()?;
    let mut seen = std::collections::HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if let Some(first) = seen.insert(n.name.as_str(), i) {
            return Err(ImportError::DuplicateHost {
                name: n.name.clone(),
                path: index_path("items", i),
                first: index_path("items", first),
            });
        }
    }
    Ok(nodes)
}

/// A child of an object, if present and not `null`, with its path.
pub(crate) fn child<'v>(
    at: At<'v, '_>,
    key: &str,
) -> Result<Option<(&'v Value, String)>, ImportError> {
    Ok(at
        .object()?
        .get(key)
        .filter(|v| !v.is_null())
        .map(|v| (v, key_path(at.path, key))))
}

/// A map of strings (labels, `nodeSelector`, `matchLabels`).
pub(crate) fn string_map(value: &Value, path: &str) -> Result<Labels, ImportError> {
    let at = At { value, path };
    let mut out = Labels::new();
    for (key, v) in at.object()? {
        let p = key_path(path, key);
        let s = match v {
            Value::String(s) => s.clone(),
            // YAML readers may give `true` or `1` for unquoted values; Kubernetes rejects them.
            other => {
                return Err(At { value: v, path: &p }.error(format!(
                    "expected a string, got {}; quote the value",
                    describe(other)
                )));
            }
        };
        out.insert(key.clone(), s);
    }
    Ok(out)
}

fn node(at: At<'_, '_>) -> Result<Node, ImportError> {
    let metadata = child(at, "metadata")?.ok_or_else(|| at.error("missing `metadata`"))?;
    let meta_at = At {
        value: metadata.0,
        path: &metadata.1,
    };
    let (name_value, name_path) =
        child(meta_at, "name")?.ok_or_else(|| meta_at.error("missing `name`"))?;
    let name = At {
        value: name_value,
        path: &name_path,
    }
    .str()?;
    if name.is_empty() {
        return Err(At {
            value: name_value,
            path: &name_path,
        }
        .error("empty node name"));
    }
    let labels = match child(meta_at, "labels")? {
        Some((v, p)) => string_map(v, &p)?,
        None => Labels::new(),
    };
    let mut out = Node::new(name, labels);
    if let Some((spec, spec_path)) = child(at, "spec")? {
        let spec_at = At {
            value: spec,
            path: &spec_path,
        };
        if let Some((v, p)) = child(spec_at, "unschedulable")? {
            out.unschedulable = v.as_bool().ok_or_else(|| {
                At { value: v, path: &p }
                    .error(format!("expected true or false, got {}", describe(v)))
            })?;
        }
        if let Some((v, p)) = child(spec_at, "taints")? {
            for (i, taint) in (At { value: v, path: &p }).array()?.iter().enumerate() {
                let tp = index_path(&p, i);
                out.taints.push(read_taint(At {
                    value: taint,
                    path: &tp,
                })?);
            }
        }
    }
    if let Some((status, status_path)) = child(at, "status")? {
        let status_at = At {
            value: status,
            path: &status_path,
        };
        if let Some((v, p)) = child(status_at, "allocatable")? {
            let alloc = At { value: v, path: &p };
            let get = |key: &str, cpu: bool| -> Result<Option<u64>, ImportError> {
                match child(alloc, key)? {
                    Some((v, p)) => quantity(v, &p, cpu).map(Some),
                    None => Ok(None),
                }
            };
            if let (Some(milli_cpu), Some(memory)) = (get("cpu", true)?, get("memory", false)?) {
                out.allocatable = Some(Resources { milli_cpu, memory });
            }
            if let Some(pods) = get("pods", false)? {
                out.max_pods = u32::try_from(pods).unwrap_or(u32::MAX);
            }
        }
    }
    if out.max_pods == 0 {
        out.max_pods = DEFAULT_MAX_PODS;
    }
    Ok(out)
}

/// One taint: `key`, optional `value`, `effect`.
pub(crate) fn read_taint(at: At<'_, '_>) -> Result<Taint, ImportError> {
    let key = match child(at, "key")? {
        Some((v, p)) => At { value: v, path: &p }.str()?.to_owned(),
        None => return Err(at.error("missing `key`")),
    };
    let value = match child(at, "value")? {
        Some((v, p)) => At { value: v, path: &p }.str()?.to_owned(),
        None => String::new(),
    };
    let (effect_value, effect_path) =
        child(at, "effect")?.ok_or_else(|| at.error("missing `effect`"))?;
    let effect = effect(At {
        value: effect_value,
        path: &effect_path,
    })?;
    Ok(Taint { key, value, effect })
}

/// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
pub(crate) fn effect(at: At<'_, '_>) -> Result<Effect, ImportError> {
    match at.str()? {
        "NoSchedule" => Ok(Effect::NoSchedule),
        "PreferNoSchedule" => Ok(Effect::PreferNoSchedule),
        "NoExecute" => Ok(Effect::NoExecute),
        other => Err(at.error(format!(
            "unknown taint effect `{other}` (expected NoSchedule, PreferNoSchedule or NoExecute)"
        ))),
    }
}

/// A resource quantity: CPU in millicores when `cpu`, else in base units (bytes, pods). Numbers
/// and strings with the decimal (`k`, `M`, `G`, `T`, `P`, `E`, `m`) or binary (`Ki` … `Ei`)
/// suffixes and exponents (`1e3`) are accepted; values are rounded up as Kubernetes does.
pub(crate) fn quantity(value: &Value, path: &str, cpu: bool) -> Result<u64, ImportError> {
    let at = At { value, path };
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => {
            return Err(at.error(format!(
                "expected a quantity like \"500m\" or \"2Gi\", got {}",
                describe(other)
            )));
        }
    };
    parse_quantity(&text, cpu).ok_or_else(|| {
        at.error(format!(
            "`{text}` is not a quantity (examples: \"250m\", \"2\", \"512Mi\", \"1G\")"
        ))
    })
}

/// The number behind a quantity string, scaled to millicores (`cpu`) or base units.
pub fn parse_quantity(text: &str, cpu: bool) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(split);
    let mut mantissa: f64 = number.parse().ok()?;
    let factor: f64 = match suffix {
        "" => 1.0,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        s if s.starts_with(['e', 'E']) => 10f64.powi(s[1..].parse::<i32>().ok()?),
        _ => return None,
    };
    if !mantissa.is_finite() || mantissa < 0.0 {
        return None;
    }
    mantissa *= factor;
    if cpu {
        mantissa *= 1000.0;
    }
    let rounded = mantissa.ceil();
    (rounded.is_finite() && rounded <= u64::MAX as f64).then_some(rounded as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_scale_like_kubernetes() {
        assert_eq!(parse_quantity("3920m", true), Some(3920));
        assert_eq!(parse_quantity("4", true), Some(4000));
        assert_eq!(parse_quantity("0.5", true), Some(500));
        assert_eq!(parse_quantity("16Gi", false), Some(16 << 30));
        assert_eq!(parse_quantity("16283596Ki", false), Some(16_283_596 * 1024));
        assert_eq!(parse_quantity("1e3", false), Some(1000));
        assert_eq!(parse_quantity("500M", false), Some(500_000_000));
        assert_eq!(parse_quantity("12x", false), None);
        assert_eq!(parse_quantity("-1", false), None);
    }

    #[test]
    fn nodes_keep_taints_cordon_and_allocatable() {
        let text = r#"{"kind":"List","items":[
            {"metadata":{"name":"a","labels":{"topology.kubernetes.io/zone":"z1"}},
             "spec":{"unschedulable":true,"taints":[{"key":"k","value":"v","effect":"NoSchedule"}]},
             "status":{"allocatable":{"cpu":"3920m","memory":"16Gi","pods":"58"}}},
            {"metadata":{"name":"b"}}]}"#;
        let nodes = read_nodes(text).unwrap();
        assert_eq!(nodes.len(), 2);
        assert!(nodes[0].unschedulable);
        assert_eq!(nodes[0].taints[0].effect, Effect::NoSchedule);
        assert_eq!(
            nodes[0].allocatable,
            Some(Resources {
                milli_cpu: 3920,
                memory: 16 << 30
            })
        );
        assert_eq!(nodes[0].max_pods, 58);
        assert_eq!(nodes[1].max_pods, DEFAULT_MAX_PODS);
    }

    #[test]
    fn bad_nodes_name_the_item() {
        let err = read_nodes(r#"{"items":[{"metadata":{"name":"a"},"spec":{"taints":[{"key":"k","effect":"Sometimes"}]}}]}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("items[0].spec.taints[0].effect"), "{err}");
        let err = read_nodes(r#"{"items":[{"metadata":{"name":"a"},"status":{"allocatable":{"cpu":"lots","memory":"1Gi"}}}]}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("items[0].status.allocatable.cpu"), "{err}");
    }
}
