//! The Ceph importer: `ceph osd tree -f json` and `ceph osd crush tree -f json` to a topology.
//!
//! Three shapes are read:
//! - `ceph osd tree -f json` (all releases) and `ceph osd crush tree -f json` (Luminous and later):
//!   `{"nodes": [...], "stray": [...]}`, a flat list where each bucket lists its `children` by id
//!   and OSDs have ids ≥ 0 (`osd tree` adds `status`, `reweight` and `exists` to them);
//! - `ceph osd crush tree -f json` before Luminous: an array of root buckets, each nesting its
//!   `items`.
//!
//! Mapping: a bucket of type `host` is a host, and the OSDs under it that exist and are
//! not destroyed are its slots. Every other bucket type above a host becomes a kind, and kinds are
//! ordered by how close to a root their buckets sit (widest first; ties by Ceph's `type_id`, higher
//! first). Buckets of type `root` are not a kind — a root is the whole tree, not a failure
//! domain — and each host gets its root's name as the label `ceph-root` (and its OSDs' device
//! classes as `device-class`), so a request can select by them. A root is the bucket at the top
//! of a host's chain, the one no other bucket holds, whatever its type is called (a map may
//! name it `default`, or leave a rack at the top). Device-class shadow buckets (`default~hdd`, from
//! `--show-shadow`) are skipped.

mod crush;

#[cfg(test)]
pub(super) use crush::MAX_DEPTH;

use serde_json::Value;

use super::{At, ImportError, Imported, index_path, key_path, parse};

const FORMAT: &str = "ceph";

/// One CRUSH item (bucket or OSD) read from either shape.
#[derive(Debug)]
struct Item {
    id: i64,
    name: String,
    kind: String,
    type_id: Option<i64>,
    /// Child ids, each with the path where it is listed.
    children: Vec<(i64, String)>,
    path: String,
    status: Option<String>,
    reweight: Option<f64>,
    exists: Option<i64>,
    device_class: Option<String>,
}

impl Item {
    fn is_osd(&self) -> bool {
        self.id >= 0 || self.kind == "osd"
    }
}

/// A CRUSH map (decompiled text or `ceph osd crush dump`) to a topology, read like an OSD tree:
/// its buckets (not the device-class shadow copies) and devices; a device every bucket lists at
/// weight zero holds no data.
pub fn import_crush_map(map: &crate::crush::CrushMap) -> Result<Imported, ImportError> {
    let mut items = Vec::new();
    let mut listed_weight: std::collections::BTreeMap<i32, u64> = std::collections::BTreeMap::new();
    for bucket in map.each_bucket().filter(|bucket| bucket.class.is_none()) {
        let path = format!("bucket `{}`", bucket.name);
        for (&item, &weight) in bucket.items.iter().zip(&bucket.weights) {
            if item >= 0 {
                *listed_weight.entry(item).or_insert(0) += u64::from(weight);
            }
        }
        items.push(Item {
            id: i64::from(bucket.id),
            name: bucket.name.clone(),
            kind: map
                .types
                .get(&bucket.type_id)
                .cloned()
                .unwrap_or_else(|| format!("type{}", bucket.type_id)),
            type_id: Some(i64::from(bucket.type_id)),
            children: bucket
                .items
                .iter()
                .enumerate()
                .map(|(i, &child)| (i64::from(child), format!("{path} item {i}")))
                .collect(),
            path,
            status: None,
            reweight: None,
            exists: None,
            device_class: None,
        });
    }
    for (&id, device) in &map.devices {
        items.push(Item {
            id: i64::from(id),
            name: device.name.clone(),
            kind: "osd".to_owned(),
            type_id: Some(0),
            children: Vec::new(),
            path: format!("device {id}"),
            status: None,
            reweight: (listed_weight.get(&id) == Some(&0)).then_some(0.0),
            exists: None,
            device_class: device
                .class
                .and_then(|class| map.classes.get(&class).cloned()),
        });
    }
    crush::build(items, Vec::new())
}

/// Imports `ceph osd tree -f json` or `ceph osd crush tree -f json` (any release).
pub fn import_ceph(text: &str) -> Result<Imported, ImportError> {
    let root = parse(text, FORMAT)?;
    let top = At {
        value: &root,
        path: "",
    };
    let mut items = Vec::new();
    let mut stray = Vec::new();
    match &root {
        Value::Array(roots) => {
            for (i, bucket) in roots.iter().enumerate() {
                let path = index_path("", i);
                nested(
                    At {
                        value: bucket,
                        path: &path,
                    },
                    &mut items,
                )?;
            }
        }
        Value::Object(object) => {
            let nodes = object.get("nodes").ok_or_else(|| {
                top.error(
                    "missing `nodes`: expected the output of `ceph osd tree -f json` or \
                     `ceph osd crush tree -f json`",
                )
            })?;
            let nodes = At {
                value: nodes,
                path: "nodes",
            };
            for (i, node) in nodes.array()?.iter().enumerate() {
                let path = index_path("nodes", i);
                items.push(item(
                    At {
                        value: node,
                        path: &path,
                    },
                    "children",
                )?);
            }
            if let Some(value) = object.get("stray").filter(|v| !v.is_null()) {
                for (i, node) in (At {
                    value,
                    path: "stray",
                })
                .array()?
                .iter()
                .enumerate()
                {
                    let path = index_path("stray", i);
                    stray.push(
                        item(
                            At {
                                value: node,
                                path: &path,
                            },
                            "children",
                        )?
                        .name,
                    );
                }
            }
        }
        other => {
            return Err(top.error(format!(
                "expected an object with `nodes` or an array of buckets, got {}",
                super::describe(other)
            )));
        }
    }
    crush::build(items, stray)
}

/// Reads one flat node; `children_key` is `children` (flat) or `items` (nested, read elsewhere).
fn item(at: At<'_, '_>, children_key: &str) -> Result<Item, ImportError> {
    let object = at.object()?;
    let field = |key: &str| -> Result<At<'_, '_>, ImportError> {
        object
            .get(key)
            .map(|value| At {
                value,
                path: at.path,
            })
            .ok_or_else(|| at.error(format!("missing `{key}`")))
    };
    let sub = |key: &str| key_path(at.path, key);
    let id = At {
        value: field("id")?.value,
        path: &sub("id"),
    }
    .integer()?;
    let name = At {
        value: field("name")?.value,
        path: &sub("name"),
    }
    .str()?
    .to_owned();
    let kind = At {
        value: field("type")?.value,
        path: &sub("type"),
    }
    .str()?
    .to_owned();
    let type_id = match object.get("type_id") {
        Some(value) => Some(
            At {
                value,
                path: &sub("type_id"),
            }
            .integer()?,
        ),
        None => None,
    };
    let mut children = Vec::new();
    if children_key == "children"
        && let Some(value) = object.get("children").filter(|v| !v.is_null())
    {
        let list_path = sub("children");
        for (path, child) in (At {
            value,
            path: &list_path,
        })
        .elements()?
        {
            let child_id = At {
                value: child,
                path: &path,
            }
            .integer()?;
            children.push((child_id, path));
        }
    }
    Ok(Item {
        id,
        name,
        kind,
        type_id,
        children,
        path: at.path.to_owned(),
        status: object
            .get("status")
            .and_then(Value::as_str)
            .map(str::to_owned),
        reweight: object.get("reweight").and_then(Value::as_f64),
        exists: object.get("exists").and_then(Value::as_i64),
        device_class: object
            .get("device_class")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

/// Reads a pre-Luminous nested bucket and everything under it.
fn nested(at: At<'_, '_>, items: &mut Vec<Item>) -> Result<(), ImportError> {
    let mut this = item(at, "items")?;
    if let Some(value) = at.object()?.get("items").filter(|v| !v.is_null()) {
        let list_path = key_path(at.path, "items");
        for (path, child) in (At {
            value,
            path: &list_path,
        })
        .elements()?
        {
            let child_at = At {
                value: child,
                path: &path,
            };
            let id_path = key_path(&path, "id");
            let id = match child_at.object()?.get("id") {
                Some(value) => At {
                    value,
                    path: &id_path,
                }
                .integer()?,
                None => return Err(child_at.error("missing `id`")),
            };
            this.children.push((id, path.clone()));
            nested(child_at, items)?;
        }
    }
    items.push(this);
    Ok(())
}
