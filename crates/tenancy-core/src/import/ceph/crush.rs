//! The CRUSH tree read by the Ceph importer, turned into hosts: children resolved, cycles
//! refused, depths measured, each host's buckets become its domains and its OSDs its slots.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::Item;
use crate::import::{ImportError, Imported, key_path};
use crate::topology::{Host, Topology};

/// The most buckets between a host and its root. Real CRUSH maps have about a dozen bucket types;
/// without a cap a deep chain above many hosts makes an output of hosts × depth domains (a 230 KB
/// tree of depth 1,000 over 1,000 hosts became 24 MB, and 64 MiB could exhaust memory).
pub(crate) const MAX_DEPTH: usize = 64;

pub(super) fn build(items: Vec<Item>, stray: Vec<String>) -> Result<Imported, ImportError> {
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
    let mut queue: VecDeque<usize> = (0..items.len())
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
    let mut warned_parents = BTreeSet::new();
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
        let mut steps = 0;
        while let Some(&parent) = parents[cursor].first() {
            steps += 1;
            if steps > MAX_DEPTH {
                return Err(ImportError::Shape {
                    path: item.path.clone(),
                    problem: format!(
                        "host `{}` is more than {MAX_DEPTH} buckets below its root; \
                         a CRUSH tree is a few levels deep",
                        item.name
                    ),
                });
            }
            // Once per bucket, not once per host below it: a bucket with many parents above
            // many hosts would otherwise repeat a long list for every host.
            if parents[cursor].len() > 1 && warned_parents.insert(cursor) {
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
                // Not a failure domain, whatever its place; the label is set below.
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
        // The root is the bucket no other bucket holds, as Ceph finds roots: its type may have
        // any name (`default`, `rack`), and a `take` step names the bucket, not the type.
        labels.insert("ceph-root".to_owned(), items[cursor].name.clone());
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
        name: format!("ceph CRUSH tree ({} hosts)", hosts.len()),
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
