//! The Ceph importer: `ceph osd tree -f json` and `ceph osd crush tree -f json` to a topology.
//!
//! Three shapes are read:
//! - `ceph osd tree -f json` (all releases) and `ceph osd crush tree -f json` (Luminous and later):
//!   `{"nodes": [...], "stray": [...]}`, a flat list where each bucket lists its `children` by id
//!   and OSDs have ids ≥ 0 (`osd tree` adds `status`, `reweight` and `exists` to them);
//! - `ceph osd crush tree -f json` before Luminous: an array of root buckets, each nesting its
//!   `items`.
//!
//! Mapping (SPEC §5): a bucket of type `host` is a host, and the OSDs under it that exist and are
//! not destroyed are its slots. Every other bucket type above a host becomes a kind, and kinds are
//! ordered by how close to a root their buckets sit (widest first; ties by Ceph's `type_id`, higher
//! first). Roots are not a kind — a root is the whole tree, not a failure domain — but each host
//! gets its root's name as the label `ceph-root` (and its OSDs' device classes as `device-class`),
//! so a request can select by them. Device-class shadow buckets (`default~hdd`, from
//! `--show-shadow`) are skipped.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{At, ImportError, Imported, index_path, key_path, parse};
use crate::topology::{Host, Topology};

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
    build(items, stray)
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
        for (i, child) in (At {
            value,
            path: &list_path,
        })
        .array()?
        .iter()
        .enumerate()
        {
            let path = index_path(&list_path, i);
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
        for (i, child) in (At {
            value,
            path: &list_path,
        })
        .array()?
        .iter()
        .enumerate()
        {
            let path = index_path(&list_path, i);
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

fn build(items: Vec<Item>, stray: Vec<String>) -> Result<Imported, ImportError> {
    let mut warnings = Vec::new();
    // Index by id; a bucket dumped twice (linked under two parents in the nested shape) is kept once.
    let mut by_id: BTreeMap<i64, usize> = BTreeMap::new();
    let mut kept: Vec<Item> = Vec::new();
    let mut shadows = Vec::new();
    for item in items {
        if item.name.contains('~') {
            shadows.push(item.name);
            continue;
        }
        if let Some(&first) = by_id.get(&item.id) {
            let earlier: &Item = &kept[first];
            if earlier.name == item.name && earlier.kind == item.kind {
                continue;
            }
            return Err(ImportError::Shape {
                path: key_path(&item.path, "id"),
                problem: format!("duplicate id {} (first at {})", item.id, earlier.path),
            });
        }
        by_id.insert(item.id, kept.len());
        kept.push(item);
    }
    if !shadows.is_empty() {
        warnings.push(format!(
            "{} device-class shadow buckets (first `{}`) skipped",
            shadows.len(),
            shadows[0]
        ));
    }
    let items = kept;

    // Resolve children to indices; an unknown id is an error.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (idx, item) in items.iter().enumerate() {
        for (child, path) in &item.children {
            match by_id.get(child) {
                Some(&child_idx) => {
                    children[idx].push(child_idx);
                    parents[child_idx].push(idx);
                }
                None => {
                    return Err(ImportError::UnknownChild {
                        path: path.clone(),
                        child: *child,
                    });
                }
            }
        }
    }
    find_cycle(&items, &children)?;

    // Depth of each item: its shortest distance from a root.
    let mut depth: Vec<Option<usize>> = vec![None; items.len()];
    let mut queue: std::collections::VecDeque<usize> = (0..items.len())
        .filter(|&i| parents[i].is_empty())
        .collect();
    for &i in &queue {
        depth[i] = Some(0);
    }
    while let Some(i) = queue.pop_front() {
        let next = depth[i].map(|d| d + 1);
        for &c in &children[i] {
            if depth[c].is_none() {
                depth[c] = next;
                queue.push_back(c);
            }
        }
    }

    let mut hosts = Vec::new();
    let mut kind_rank: BTreeMap<String, (usize, i64)> = BTreeMap::new();
    let mut first_at: BTreeMap<String, String> = BTreeMap::new();
    for (idx, item) in items.iter().enumerate() {
        if item.is_osd() {
            if let Some(&parent) = parents[idx].first()
                && items[parent].kind != "host"
            {
                warnings.push(format!(
                    "{} sits directly under `{}` ({}), not under a host: ignored",
                    item.name, items[parent].name, items[parent].kind
                ));
            }
            continue;
        }
        if item.kind != "host" {
            continue;
        }
        let mut domains = BTreeMap::new();
        let mut labels = BTreeMap::new();
        let mut cursor = idx;
        while let Some(&parent) = parents[cursor].first() {
            if parents[cursor].len() > 1 {
                let names: Vec<&str> = parents[cursor]
                    .iter()
                    .map(|&p| items[p].name.as_str())
                    .collect();
                warnings.push(format!(
                    "bucket `{}` has {} parents ({}): the first is used",
                    items[cursor].name,
                    names.len(),
                    names.join(", ")
                ));
            }
            let bucket = &items[parent];
            if bucket.kind == "root" {
                labels.insert("ceph-root".to_owned(), bucket.name.clone());
            } else if domains.contains_key(&bucket.kind) {
                warnings.push(format!(
                    "host `{}` is inside two `{}` buckets; the nearer one is used",
                    item.name, bucket.kind
                ));
            } else {
                domains.insert(bucket.kind.clone(), bucket.name.clone());
                let rank = (depth[parent].unwrap_or(0), -bucket.type_id.unwrap_or(0));
                let entry = kind_rank.entry(bucket.kind.clone()).or_insert(rank);
                *entry = (*entry).min(rank);
            }
            cursor = parent;
        }
        let mut slots = 0_u32;
        let mut classes = BTreeSet::new();
        let mut notes = Vec::new();
        for &c in &children[idx] {
            let osd = &items[c];
            if !osd.is_osd() {
                notes.push(format!(
                    "bucket `{}` ({}) below it ignored",
                    osd.name, osd.kind
                ));
                continue;
            }
            if osd.status.as_deref() == Some("destroyed") || osd.exists == Some(0) {
                notes.push(format!("{} is destroyed or does not exist", osd.name));
                continue;
            }
            slots += 1;
            if let Some(class) = &osd.device_class {
                classes.insert(class.as_str());
            }
            if osd.status.as_deref() == Some("down") {
                notes.push(format!("{} is down", osd.name));
            }
            if osd.reweight == Some(0.0) {
                notes.push(format!("{} is out (reweight 0)", osd.name));
            }
        }
        if slots == 0 {
            notes.push("no usable OSD: 0 slots".to_owned());
        }
        if !notes.is_empty() {
            warnings.push(format!(
                "host `{}` ({}): {}",
                item.name,
                item.path,
                notes.join("; ")
            ));
        }
        if !classes.is_empty() {
            let classes: Vec<&str> = classes.into_iter().collect();
            labels.insert("device-class".to_owned(), classes.join(","));
        }
        if let Some(first) = first_at.get(&item.name) {
            return Err(ImportError::DuplicateHost {
                name: item.name.clone(),
                path: item.path.clone(),
                first: first.clone(),
            });
        }
        first_at.insert(item.name.clone(), item.path.clone());
        hosts.push(Host {
            name: item.name.clone(),
            slots,
            labels,
            domains,
        });
    }
    if hosts.is_empty() {
        return Err(ImportError::NoHosts(
            "no bucket of type `host` in the tree".to_owned(),
        ));
    }
    if !stray.is_empty() {
        let count = if stray.len() == 1 {
            "1 OSD is".to_owned()
        } else {
            format!("{} OSDs are", stray.len())
        };
        warnings.push(format!(
            "{count} not in the CRUSH tree (stray: {}): ignored",
            stray.join(", ")
        ));
    }
    let mut kinds: Vec<(String, (usize, i64))> = kind_rank.into_iter().collect();
    kinds.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    let topology = Topology {
        version: 1,
        name: format!("ceph osd tree ({} hosts)", hosts.len()),
        kinds: kinds.into_iter().map(|(kind, _)| kind).collect(),
        hosts,
        rates: BTreeMap::new(),
    };
    topology.validate()?;
    warnings.extend(topology.warnings());
    Ok(Imported { topology, warnings })
}

/// The first bucket that is its own ancestor, as an error naming the chain of ids.
fn find_cycle(items: &[Item], children: &[Vec<usize>]) -> Result<(), ImportError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; items.len()];
    for start in 0..items.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative depth-first search: (item, next child position), plus the open path.
        let mut stack = vec![(start, 0_usize)];
        mark[start] = Mark::Open;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&child) = children[node].get(*next) {
                *next += 1;
                match mark[child] {
                    Mark::New => {
                        mark[child] = Mark::Open;
                        stack.push((child, 0));
                    }
                    Mark::Open => {
                        let from = stack.iter().position(|&(n, _)| n == child).unwrap_or(0);
                        let mut chain: Vec<String> = stack[from..]
                            .iter()
                            .map(|&(n, _)| items[n].id.to_string())
                            .collect();
                        chain.push(items[child].id.to_string());
                        return Err(ImportError::Cycle {
                            path: items[child].path.clone(),
                            name: items[child].name.clone(),
                            chain: chain.join(" → "),
                        });
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    Ok(())
}
