//! `ceph osd crush dump -f json` (also `crushtool -i map --dump`) to a CRUSH map: devices,
//! types, every bucket including the device-class shadow buckets (`default~hdd`), rules,
//! tunables and choose_args. Errors name the JSON path.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::map::{
    Alg, Bucket, ChooseArg, ChooseArgs, CrushMap, Device, Rule, RuleType, Step, Tunables,
};
use crate::topology::MAX_INPUT_BYTES;

/// Why a dump could not be read: where (a JSON path) and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("CRUSH dump {path}: {message}")]
pub struct DumpError {
    /// Where, as a path into the JSON (`buckets[2].items[0].id`).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

fn error<T>(path: &str, message: impl Into<String>) -> Result<T, DumpError> {
    Err(DumpError {
        path: if path.is_empty() {
            "top level".to_owned()
        } else {
            path.to_owned()
        },
        message: message.into(),
    })
}

fn field<'v>(value: &'v Value, path: &str, key: &str) -> Result<&'v Value, DumpError> {
    match value.get(key) {
        Some(found) => Ok(found),
        None => error(path, format!("missing `{key}`")),
    }
}

fn int(value: &Value, path: &str, key: &str) -> Result<i64, DumpError> {
    let found = field(value, path, key)?;
    match found.as_i64() {
        Some(n) if n.abs() <= i64::from(u32::MAX) => Ok(n),
        _ => error(
            &format!("{path}.{key}"),
            format!("expected an integer, got {found}"),
        ),
    }
}

fn string<'v>(value: &'v Value, path: &str, key: &str) -> Result<&'v str, DumpError> {
    let found = field(value, path, key)?;
    found
        .as_str()
        .map_or_else(|| error(&format!("{path}.{key}"), "expected a string"), Ok)
}

fn array<'v>(value: &'v Value, path: &str, key: &str) -> Result<&'v [Value], DumpError> {
    let found = field(value, path, key)?;
    found.as_array().map_or_else(
        || error(&format!("{path}.{key}"), "expected an array"),
        |a| Ok(a.as_slice()),
    )
}

const MAX_ID: i64 = 1 << 20;

/// Reads `ceph osd crush dump -f json`.
pub fn parse_dump(text: &str) -> Result<CrushMap, DumpError> {
    if text.len() > MAX_INPUT_BYTES {
        return error(
            "",
            format!(
                "the input is {} bytes, more than the 64 MiB limit",
                text.len()
            ),
        );
    }
    let root: Value = serde_json::from_str(text).map_err(|e| DumpError {
        path: "top level".to_owned(),
        message: format!("not JSON: {e}"),
    })?;
    if !root.is_object() {
        return error(
            "",
            "expected the object `ceph osd crush dump -f json` prints",
        );
    }
    let mut map = CrushMap::empty(Tunables::LEGACY);
    if let Some(tunables) = root.get("tunables") {
        for (name, _) in Tunables::LEGACY.named() {
            if let Some(n) = tunables.get(name).and_then(Value::as_u64) {
                map.tunables.set(name, n as u32);
            }
        }
    }
    let mut class_ids: HashMap<String, i32> = HashMap::new();
    let mut class_of = |name: &str, classes: &mut BTreeMap<i32, String>| -> i32 {
        if let Some(&id) = class_ids.get(name) {
            return id;
        }
        let id = classes.keys().next_back().map_or(0, |&last| last + 1);
        classes.insert(id, name.to_owned());
        class_ids.insert(name.to_owned(), id);
        id
    };
    for (i, device) in array(&root, "", "devices")?.iter().enumerate() {
        let path = format!("devices[{i}]");
        let id = int(device, &path, "id")?;
        if !(0..MAX_ID).contains(&id) {
            return error(
                &format!("{path}.id"),
                format!("device id {id} is out of range"),
            );
        }
        let name = string(device, &path, "name")?.to_owned();
        let class = match device.get("class").and_then(Value::as_str) {
            Some(class) => Some(class_of(class, &mut map.classes)),
            None => None,
        };
        if map
            .devices
            .insert(id as i32, Device { name, class })
            .is_some()
        {
            return error(
                &format!("{path}.id"),
                format!("device {id} is listed twice"),
            );
        }
    }
    for (i, ty) in array(&root, "", "types")?.iter().enumerate() {
        let path = format!("types[{i}]");
        let id = int(ty, &path, "type_id")? as i32;
        map.types.insert(id, string(ty, &path, "name")?.to_owned());
    }
    let buckets = array(&root, "", "buckets")?;
    let mut names: HashMap<String, i32> = HashMap::new();
    for (i, bucket) in buckets.iter().enumerate() {
        let path = format!("buckets[{i}]");
        let id = int(bucket, &path, "id")?;
        if !(-MAX_ID..0).contains(&id) {
            return error(
                &format!("{path}.id"),
                format!("bucket id {id} must be negative"),
            );
        }
        let name = string(bucket, &path, "name")?.to_owned();
        let type_id = int(bucket, &path, "type_id")? as i32;
        let alg_name = string(bucket, &path, "alg")?;
        let Some(alg) = Alg::from_name(alg_name) else {
            return error(
                &format!("{path}.alg"),
                format!("unknown algorithm `{alg_name}`"),
            );
        };
        let mut items = Vec::new();
        let mut weights = Vec::new();
        for (j, item) in array(bucket, &path, "items")?.iter().enumerate() {
            let item_path = format!("{path}.items[{j}]");
            items.push(int(item, &item_path, "id")? as i32);
            weights.push(int(item, &item_path, "weight")?.clamp(0, i64::from(u32::MAX)) as u32);
        }
        let mut built = Bucket::new(
            id as i32,
            name.clone(),
            type_id,
            alg,
            0,
            items,
            weights,
            map.tunables.straw_calc_version,
        );
        if let Some(weight) = bucket.get("weight").and_then(Value::as_u64) {
            built.weight = weight as u32;
        }
        if let Some((base, class)) = name.split_once('~') {
            let class = class_of(class, &mut map.classes);
            built.class = Some(class);
            names.insert(format!("{base}\u{0}{class}"), id as i32);
        }
        let index = (-1 - id) as usize;
        if map.buckets.len() <= index {
            map.buckets.resize(index + 1, None);
        }
        if map.buckets[index].is_some() {
            return error(
                &format!("{path}.id"),
                format!("bucket id {id} is listed twice"),
            );
        }
        names.insert(name, id as i32);
        map.buckets[index] = Some(built);
    }
    // Items must exist; shadow buckets link to their originals.
    for bucket in map.each_bucket() {
        for &item in &bucket.items {
            let known = if item >= 0 {
                map.devices.contains_key(&item)
            } else {
                map.bucket(item).is_some()
            };
            if !known {
                return error(
                    &format!("buckets (`{}`)", bucket.name),
                    format!("item {item} does not exist"),
                );
            }
        }
    }
    // A bucket must not contain itself: the mapper would descend forever.
    let mut state: BTreeMap<i32, u8> = BTreeMap::new();
    for start in map.each_bucket().map(|bucket| bucket.id) {
        if state.contains_key(&start) {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state.insert(start, 1);
        while let Some(&mut (id, ref mut next)) = stack.last_mut() {
            let items = map
                .bucket(id)
                .map_or(&[][..], |bucket| bucket.items.as_slice());
            if let Some(&child) = items.get(*next) {
                *next += 1;
                if child < 0 {
                    match state.get(&child) {
                        None => {
                            state.insert(child, 1);
                            stack.push((child, 0));
                        }
                        Some(1) => {
                            return error(
                                &format!("buckets (id {child})"),
                                format!("bucket {child} contains itself (through bucket {id})"),
                            );
                        }
                        _ => {}
                    }
                }
            } else {
                state.insert(id, 2);
                stack.pop();
            }
        }
    }
    let mut class_bucket: BTreeMap<i32, BTreeMap<i32, i32>> = BTreeMap::new();
    for bucket in map.each_bucket() {
        if let (Some(class), Some((base, _))) = (bucket.class, bucket.name.split_once('~'))
            && let Some(&original) = names.get(base)
        {
            class_bucket
                .entry(original)
                .or_default()
                .insert(class, bucket.id);
        }
    }
    map.class_bucket = class_bucket;
    let type_ids: HashMap<&str, i32> = map.types.iter().map(|(id, n)| (n.as_str(), *id)).collect();
    for (i, rule) in array(&root, "", "rules")?.iter().enumerate() {
        let path = format!("rules[{i}]");
        let id = int(rule, &path, "rule_id")?;
        if !(0..256).contains(&id) {
            return error(
                &format!("{path}.rule_id"),
                format!("rule id {id} is out of range"),
            );
        }
        let kind = match int(rule, &path, "type")? {
            3 => RuleType::Erasure,
            _ => RuleType::Replicated,
        };
        let mut steps = Vec::new();
        for (j, step) in array(rule, &path, "steps")?.iter().enumerate() {
            let step_path = format!("{path}.steps[{j}]");
            // Ceph names the common steps and dumps the rest as raw opcodes.
            if step.get("op").is_none()
                && let Some(opcode) = step.get("opcode").and_then(Value::as_i64)
            {
                let arg1 = int(step, &step_path, "arg1")? as i32;
                let arg2 = int(step, &step_path, "arg2")? as i32;
                steps.push(match opcode {
                    1 => Step::Take(arg1),
                    2 => Step::ChooseFirstN(arg1, arg2),
                    3 => Step::ChooseIndep(arg1, arg2),
                    4 => Step::Emit,
                    6 => Step::ChooseLeafFirstN(arg1, arg2),
                    7 => Step::ChooseLeafIndep(arg1, arg2),
                    8 => Step::SetChooseTries(arg1),
                    9 => Step::SetChooseLeafTries(arg1),
                    10 => Step::SetChooseLocalTries(arg1),
                    11 => Step::SetChooseLocalFallbackTries(arg1),
                    12 => Step::SetChooseLeafVaryR(arg1),
                    13 => Step::SetChooseLeafStable(arg1),
                    other => {
                        return error(&step_path, format!("unknown step opcode {other}"));
                    }
                });
                continue;
            }
            let op = string(step, &step_path, "op")?;
            let num = || int(step, &step_path, "num").map(|n| n as i32);
            let ty = || -> Result<i32, DumpError> {
                let name = string(step, &step_path, "type")?;
                type_ids.get(name).copied().map_or_else(
                    || {
                        error(
                            &format!("{step_path}.type"),
                            format!("type `{name}` is not defined"),
                        )
                    },
                    Ok,
                )
            };
            steps.push(match op {
                "take" => Step::Take(int(step, &step_path, "item")? as i32),
                "emit" => Step::Emit,
                "choose_firstn" => Step::ChooseFirstN(num()?, ty()?),
                "choose_indep" => Step::ChooseIndep(num()?, ty()?),
                "chooseleaf_firstn" => Step::ChooseLeafFirstN(num()?, ty()?),
                "chooseleaf_indep" => Step::ChooseLeafIndep(num()?, ty()?),
                "set_choose_tries" => Step::SetChooseTries(num()?),
                "set_chooseleaf_tries" => Step::SetChooseLeafTries(num()?),
                "set_choose_local_tries" => Step::SetChooseLocalTries(num()?),
                "set_choose_local_fallback_tries" => Step::SetChooseLocalFallbackTries(num()?),
                "set_chooseleaf_vary_r" => Step::SetChooseLeafVaryR(num()?),
                "set_chooseleaf_stable" => Step::SetChooseLeafStable(num()?),
                other => {
                    return error(
                        &format!("{step_path}.op"),
                        format!("unknown step `{other}`"),
                    );
                }
            });
        }
        let name = rule
            .get("rule_name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let min_size = rule.get("min_size").and_then(Value::as_i64).unwrap_or(1) as i32;
        let max_size = rule.get("max_size").and_then(Value::as_i64).unwrap_or(10) as i32;
        map.rules.insert(
            id as u32,
            Rule {
                id: id as u32,
                name,
                kind,
                min_size,
                max_size,
                steps,
            },
        );
    }
    if let Some(sets) = root.get("choose_args").and_then(Value::as_object) {
        for (index, entries) in sets {
            let path = format!("choose_args.{index}");
            let Ok(index) = index.parse::<i64>() else {
                return error(&path, "the key must be an integer");
            };
            let mut args = ChooseArgs::new();
            let Some(entries) = entries.as_array() else {
                return error(&path, "expected an array");
            };
            for (j, entry) in entries.iter().enumerate() {
                let entry_path = format!("{path}[{j}]");
                let bucket_id = int(entry, &entry_path, "bucket_id")? as i32;
                let Some(size) = map.bucket(bucket_id).map(|b| b.items.len()) else {
                    return error(&entry_path, format!("bucket {bucket_id} does not exist"));
                };
                let mut arg = ChooseArg::default();
                if let Some(sets) = entry.get("weight_set").and_then(Value::as_array) {
                    for set in sets {
                        let weights: Vec<u32> = set
                            .as_array()
                            .map(|ws| {
                                ws.iter()
                                    .map(|w| {
                                        (w.as_f64().unwrap_or(0.0).max(0.0) * 65536.0).round()
                                            as u32
                                    })
                                    .collect()
                            })
                            .unwrap_or_default();
                        if weights.len() != size {
                            return error(
                                &entry_path,
                                format!(
                                    "bucket {bucket_id} needs {size} weights, got {}",
                                    weights.len()
                                ),
                            );
                        }
                        arg.weight_set.push(weights);
                    }
                }
                if let Some(ids) = entry.get("ids").and_then(Value::as_array) {
                    let ids: Vec<i32> = ids
                        .iter()
                        .filter_map(Value::as_i64)
                        .map(|i| i as i32)
                        .collect();
                    if ids.len() != size {
                        return error(&entry_path, format!("bucket {bucket_id} needs {size} ids"));
                    }
                    arg.ids = Some(ids);
                }
                args.insert(bucket_id, arg);
            }
            map.choose_args.insert(index, args);
        }
    }
    map.finalize();
    Ok(map)
}
