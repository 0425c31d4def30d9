//! What `tenancy simulate crush` computes with the twin: `crushtool --test --show-mappings`
//! lines, `osdmaptool --test-map-pgs-dump` lines for a pool, and a summary of a rule over all
//! placement groups (result sizes, bad mappings, per-device use).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::map::CrushMap;
use super::mapper::{ITEM_NONE, Scratch, do_rule_into};
use super::pg::pg_to_x;

/// A `crushtool --test` run: which rules, sizes and inputs, with which device weights.
#[derive(Debug, Clone, PartialEq)]
pub struct TestRun {
    /// One rule, or every rule of the map.
    pub rule: Option<u32>,
    /// Sizes from, or each rule's `min_size`.
    pub min_rep: Option<i32>,
    /// Sizes to, or each rule's `max_size`.
    pub max_rep: Option<i32>,
    /// First input.
    pub min_x: u32,
    /// Last input.
    pub max_x: u32,
    /// Device weights replacing the default (`--weight id w`), 16.16.
    pub weights: Vec<(i32, u32)>,
}

/// A device weight as `crushtool --weight` and `ceph osd reweight` take it (0.0 to 1.0).
pub fn reweight(value: f32) -> Option<u32> {
    (value.is_finite() && (0.0..=1.0).contains(&value)).then_some((value * 65536.0) as u32)
}

/// The weight vector of a run: full weight for placed devices, then the overrides.
fn weights(map: &CrushMap, overrides: &[(i32, u32)]) -> Vec<u32> {
    let mut weights = map.default_weights();
    for &(device, weight) in overrides {
        if let Some(slot) = usize::try_from(device)
            .ok()
            .and_then(|d| weights.get_mut(d))
        {
            *slot = weight;
        }
    }
    weights
}

/// Every mapping of the run in `crushtool --test --show-mappings`'s format, one line each.
pub fn show_mappings(map: &CrushMap, run: &TestRun) -> String {
    let weights = weights(map, &run.weights);
    let choose_args = map.choose_args_for(0);
    let mut out = String::new();
    let mut scratch = Scratch::default();
    let mut result = Vec::new();
    for rule in map.rules.values() {
        if run.rule.is_some_and(|only| only != rule.id) {
            continue;
        }
        let (min_rep, max_rep) = match (run.min_rep, run.max_rep) {
            (Some(min), Some(max)) => (min, max),
            _ => (rule.min_size, rule.max_size),
        };
        if weights.iter().all(|&w| w == 0) {
            continue;
        }
        for size in min_rep..=max_rep {
            let result_max = usize::try_from(size).unwrap_or(0);
            for x in run.min_x..=run.max_x {
                do_rule_into(
                    map,
                    rule.id,
                    x,
                    result_max,
                    &weights,
                    choose_args,
                    &mut scratch,
                    &mut result,
                );
                let _ = write!(out, "CRUSH rule {} x {x} [", rule.id);
                for (i, item) in result.iter().enumerate() {
                    let _ = write!(out, "{}{item}", if i == 0 { "" } else { "," });
                }
                out.push_str("]\n");
            }
        }
    }
    out
}

/// A replicated pool on an OSD map: its id, rule, size, placement groups and the OSDs out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pool {
    /// Pool id (also the choose_args index the OSD map uses).
    pub id: u32,
    /// The CRUSH rule.
    pub rule: u32,
    /// Replicas.
    pub size: usize,
    /// Placement groups (`pg_num`, equal to `pgp_num`).
    pub pg_num: u32,
    /// OSD ids that exist (`max_osd`): higher ids count as out.
    pub max_osd: i32,
    /// OSDs marked out.
    pub out: Vec<i32>,
}

/// The up set of each placement group, as the OSD map computes it for a replicated pool whose
/// OSDs are all up (`hashpspool` set, missing OSDs dropped).
pub fn pool_mappings(map: &CrushMap, pool: &Pool) -> Vec<Vec<i32>> {
    let mut weights = vec![0x10000u32; pool.max_osd.max(0) as usize];
    for &osd in &pool.out {
        if let Some(slot) = usize::try_from(osd).ok().and_then(|o| weights.get_mut(o)) {
            *slot = 0;
        }
    }
    let choose_args = map.choose_args_for(i64::from(pool.id));
    let mut scratch = Scratch::default();
    (0..pool.pg_num)
        .map(|ps| {
            let x = pg_to_x(pool.id, ps, pool.pg_num, true);
            let mut raw = Vec::with_capacity(pool.size);
            do_rule_into(
                map,
                pool.rule,
                x,
                pool.size,
                &weights,
                choose_args,
                &mut scratch,
                &mut raw,
            );
            raw.retain(|&osd| osd != ITEM_NONE && osd >= 0 && osd < pool.max_osd);
            raw
        })
        .collect()
}

/// `osdmaptool --test-map-pgs-dump` lines: `pool.ps [up] primary`.
pub fn pg_dump(map: &CrushMap, pool: &Pool) -> String {
    let mut out = String::new();
    for (ps, up) in pool_mappings(map, pool).iter().enumerate() {
        let primary = up.first().copied().unwrap_or(-1);
        let _ = writeln!(
            out,
            "{}.{ps:x}\t{}\t{primary}",
            pool.id,
            super::format_mapping(up)
        );
    }
    out
}

/// A pool's placement groups summed up.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// How many placement groups got each number of OSDs.
    pub sizes: BTreeMap<usize, u32>,
    /// Placement groups with fewer OSDs than the pool size.
    pub bad: u32,
    /// Placement-group copies per OSD, for every OSD that holds one or has weight.
    pub per_osd: BTreeMap<i32, u32>,
    /// Largest count over the mean (1.0 is perfectly even).
    pub max_over_mean: f64,
}

/// Result sizes, bad mappings and per-OSD use of a pool.
pub fn summarize(map: &CrushMap, pool: &Pool) -> Summary {
    let mut sizes = BTreeMap::new();
    let mut per_osd: BTreeMap<i32, u32> = BTreeMap::new();
    let mut bad = 0;
    for up in pool_mappings(map, pool) {
        *sizes.entry(up.len()).or_insert(0) += 1;
        if up.len() < pool.size {
            bad += 1;
        }
        for osd in up {
            *per_osd.entry(osd).or_insert(0) += 1;
        }
    }
    let total: u32 = per_osd.values().sum();
    let mean = if per_osd.is_empty() {
        0.0
    } else {
        f64::from(total) / per_osd.len() as f64
    };
    let max = per_osd.values().copied().max().unwrap_or(0);
    Summary {
        sizes,
        bad,
        per_osd,
        max_over_mean: if mean > 0.0 {
            f64::from(max) / mean
        } else {
            0.0
        },
    }
}

/// Each placement group's blast radius on the map's own tree: per kind of the topology (widest
/// first) and then `host`, the most replicas in one domain; how many PGs share each vector.
pub fn blast_radii(
    map: &CrushMap,
    pool: &Pool,
    topology: &crate::topology::Topology,
) -> BTreeMap<Vec<u32>, u32> {
    let host_type = map
        .types
        .iter()
        .find(|(_, name)| name.as_str() == "host")
        .map(|(&id, _)| id);
    let mut host_of: BTreeMap<i32, &str> = BTreeMap::new();
    for bucket in map.each_bucket() {
        if bucket.class.is_none() && Some(bucket.type_id) == host_type {
            for &item in bucket.items.iter().filter(|&&item| item >= 0) {
                host_of.entry(item).or_insert(bucket.name.as_str());
            }
        }
    }
    let hosts: BTreeMap<&str, &crate::topology::Host> = topology
        .hosts
        .iter()
        .map(|host| (host.name.as_str(), host))
        .collect();
    let mut histogram = BTreeMap::new();
    for up in pool_mappings(map, pool) {
        let mut radius = Vec::with_capacity(topology.kinds.len() + 1);
        for kind in topology.kinds.iter().map(Some).chain([None]) {
            let mut per: BTreeMap<&str, u32> = BTreeMap::new();
            for osd in &up {
                let host = host_of.get(osd).copied().unwrap_or("?");
                let domain = match kind {
                    None => host,
                    Some(kind) => hosts
                        .get(host)
                        .and_then(|h| h.domains.get(kind))
                        .map_or("?", String::as_str),
                };
                *per.entry(domain).or_insert(0) += 1;
            }
            radius.push(per.values().copied().max().unwrap_or(0));
        }
        *histogram.entry(radius).or_insert(0) += 1;
    }
    histogram
}
