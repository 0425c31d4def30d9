//! What `tenancy simulate crush` computes with the twin: `crushtool --test --show-mappings`
//! lines, `osdmaptool --test-map-pgs-dump` lines for a pool, and a pool simulated over all its
//! placement groups ([`simulate_pool`]: result sizes, bad mappings, per-device use, blast radii
//! and availability next to our optimum).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde::Serialize;

use crate::availability::{assess, placement_shape};
use crate::import::import_crush_map;
use crate::report::{self, plan::lost_in_nines};
use crate::request::Request;
use crate::solve::place;
use crate::topology::unknown::UNKNOWN_DOMAINS_LABEL;
use crate::topology::{HOST_KIND, Topology};

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// Ceph's default `min_size` for a pool of `size` replicas (`osd_pool_default_min_size` 0):
/// `size - size / 2`.
pub fn default_min_size(size: usize) -> u32 {
    u32::try_from(size - size / 2).unwrap_or(u32::MAX)
}

/// How many placement groups share one blast-radius vector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RadiusCount {
    /// Per kind of [`PoolSimulation::kinds`], the most replicas in one domain.
    pub radius: Vec<u32>,
    /// Placement groups with this vector.
    pub pgs: u32,
}

/// How many placement groups share one availability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AvailabilityCount {
    /// The long-run probability that at least `min_size` of the group's replicas are up.
    #[serde(serialize_with = "crate::availability::figures::two_probability")]
    pub p_quorum: f64,
    /// Placement groups with it.
    pub pgs: u32,
}

/// The availability of the pool's placement groups, each computed with the core's model
/// (common mode included) for the replicas CRUSH gave it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AcrossPgs {
    /// The least available group's probability of quorum.
    #[serde(serialize_with = "crate::availability::figures::two_probability")]
    pub worst: f64,
    /// The placement group that has it (`pool.ps`, as Ceph names it).
    pub worst_pg: String,
    /// Its index among the pool's placement groups.
    #[serde(skip)]
    worst_ps: usize,
    /// That group's replicas, each by its host (`null` for a replica on no host of the
    /// topology); a short group lists fewer than the pool size.
    pub worst_hosts: Vec<Option<String>>,
    /// The lower median over the groups.
    #[serde(serialize_with = "crate::availability::figures::two_probability")]
    pub median: f64,
    /// The most available group's.
    #[serde(serialize_with = "crate::availability::figures::two_probability")]
    pub best: f64,
    /// Every distinct value with its count, worst first (written as shown: values that read
    /// the same at two significant figures are one entry).
    #[serde(serialize_with = "distribution_as_shown")]
    pub distribution: Vec<AvailabilityCount>,
}

/// The distribution as written: each probability cut to the figures every availability figure
/// is shown with, and entries that then read the same merged (they are sorted, so neighbours).
fn distribution_as_shown<S: serde::Serializer>(
    distribution: &[AvailabilityCount],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use crate::availability::{FIGURES, significant_probability};
    let mut shown: Vec<AvailabilityCount> = Vec::with_capacity(distribution.len());
    for count in distribution {
        let p_quorum = significant_probability(count.p_quorum, FIGURES);
        match shown.last_mut() {
            Some(last) if last.p_quorum == p_quorum => last.pgs += count.pgs,
            _ => shown.push(AvailabilityCount {
                p_quorum,
                pgs: count.pgs,
            }),
        }
    }
    shown.serialize(serializer)
}

/// Our optimum for the same request on the hosts the rule can reach, and how many placement
/// groups match it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Optimum {
    /// Whether the request can be placed at all on those hosts.
    pub feasible: bool,
    /// Its blast-radius vector (empty when infeasible).
    pub radius: Vec<u32>,
    /// Its probability of quorum (absent when infeasible).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::availability::figures::two_probability"
    )]
    pub p_quorum: Option<f64>,
    /// Full placement groups whose blast radius is lexicographically no worse than ours.
    pub pgs_as_spread: u32,
    /// Placement groups whose probability of quorum is at least ours (to 1e-9 of its loss).
    pub pgs_as_available: u32,
}

/// A pool simulated over every placement group: the one value `tenancy simulate crush` prints
/// (as text or JSON) and a page can draw as a chart and a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolSimulation {
    /// The pool.
    pub pool: Pool,
    /// The replicas a placement group needs up to serve (the quorum of the availability).
    pub min_size: u32,
    /// How many placement groups got each number of OSDs.
    pub result_sizes: BTreeMap<usize, u32>,
    /// Placement groups with fewer OSDs than the pool size.
    pub bad_mappings: u32,
    /// Placement-group copies per OSD, for every OSD that holds one.
    pub per_osd: BTreeMap<i32, u32>,
    /// The most copies on one OSD over the mean (1.0 is perfectly even).
    pub max_over_mean: f64,
    /// The kinds of the blast-radius vectors, widest first, then `host`.
    pub kinds: Vec<String>,
    /// Every blast-radius vector with its count, most common first.
    pub blast_radius: Vec<RadiusCount>,
    /// Availability across the placement groups.
    pub availability: AcrossPgs,
    /// Our optimum and how many placement groups reach it.
    pub optimum: Optimum,
    /// What reading the map noticed.
    pub warnings: Vec<String>,
}

/// A probability of quorum as nines, to two figures.
fn nines(p_quorum: f64) -> String {
    lost_in_nines(1.0 - p_quorum)
}

/// `n/total (p %)`.
fn share(n: u32, total: u32) -> String {
    format!(
        "{n}/{total} ({:.1} %)",
        f64::from(n) * 100.0 / f64::from(total.max(1))
    )
}

impl PoolSimulation {
    /// The text `tenancy simulate crush --pool` prints: sizes, bad mappings, balance, the
    /// blast-radius histogram, availability across placement groups next to our optimum, and
    /// the copies per OSD.
    pub fn to_text(&self) -> String {
        let pool = &self.pool;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "pool {} rule {} size {} min_size {} pg_num {}",
            pool.id, pool.rule, pool.size, self.min_size, pool.pg_num
        );
        for (size, count) in &self.result_sizes {
            let _ = writeln!(out, "result size {size}: {count}/{}", pool.pg_num);
        }
        let _ = writeln!(out, "bad mappings: {}", self.bad_mappings);
        let _ = writeln!(out, "max/mean PGs per OSD: {:.3}", self.max_over_mean);
        let kinds: Vec<&str> = self.kinds.iter().map(String::as_str).collect();
        let _ = writeln!(
            out,
            "blast radius per PG (most replicas in one {}):",
            kinds.join(", one ")
        );
        for RadiusCount { radius, pgs } in &self.blast_radius {
            let _ = writeln!(
                out,
                "  {}: {}",
                report::radius(radius),
                share(*pgs, pool.pg_num)
            );
        }
        let a = &self.availability;
        let _ = writeln!(
            out,
            "availability across PGs ({} of {} replicas up): worst {} (PG {}), median {}, best {}",
            self.min_size,
            pool.size,
            nines(a.worst),
            a.worst_pg,
            nines(a.median),
            nines(a.best)
        );
        let o = &self.optimum;
        match o.p_quorum {
            Some(p_quorum) if o.feasible => {
                let _ = writeln!(
                    out,
                    "our optimum: blast radius {}, {}; PGs as spread: {}; PGs as available: {}",
                    report::radius(&o.radius),
                    nines(p_quorum),
                    share(o.pgs_as_spread, pool.pg_num),
                    share(o.pgs_as_available, pool.pg_num)
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "our optimum: the request cannot be placed on the hosts this rule reaches"
                );
            }
        }
        for (osd, count) in &self.per_osd {
            let _ = writeln!(out, "  osd.{osd}: {count}");
        }
        out
    }

    /// The JSON form, pretty-printed, ending in a newline.
    pub fn to_json_string(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("a simulation always serialises");
        out.push('\n');
        out
    }
}

/// The devices a rule can reach: every device under its `take` items.
fn reachable(map: &CrushMap, rule: u32) -> Vec<i32> {
    let mut stack: Vec<i32> = map
        .rules
        .get(&rule)
        .into_iter()
        .flat_map(|rule| &rule.steps)
        .filter_map(|step| match step {
            super::Step::Take(item) => Some(*item),
            _ => None,
        })
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut devices = Vec::new();
    while let Some(item) = stack.pop() {
        if !seen.insert(item) {
            continue;
        }
        if item >= 0 {
            devices.push(item);
        } else if let Some(bucket) = map.bucket(item) {
            stack.extend(&bucket.items);
        }
    }
    devices.sort_unstable();
    devices
}

/// The host bucket (not a device-class shadow) each device sits in.
fn host_of(map: &CrushMap) -> BTreeMap<i32, &str> {
    let host_type = map
        .types
        .iter()
        .find(|(_, name)| name.as_str() == HOST_KIND)
        .map(|(&id, _)| id);
    let mut host_of = BTreeMap::new();
    for bucket in map.each_bucket() {
        if bucket.class.is_none() && Some(bucket.type_id) == host_type {
            for &item in bucket.items.iter().filter(|&&item| item >= 0) {
                host_of.entry(item).or_insert(bucket.name.as_str());
            }
        }
    }
    host_of
}

/// The topology of the hosts the pool's rule can reach, each with as many slots as it has
/// reachable OSDs that are in.
fn pool_topology(map: &CrushMap, pool: &Pool, topology: &Topology) -> Topology {
    let host_of = host_of(map);
    let mut slots: BTreeMap<&str, u32> = BTreeMap::new();
    for device in reachable(map, pool.rule) {
        if device < pool.max_osd
            && !pool.out.contains(&device)
            && let Some(host) = host_of.get(&device)
        {
            *slots.entry(host).or_insert(0) += 1;
        }
    }
    let mut within = topology.clone();
    within
        .hosts
        .retain_mut(|host| match slots.get(host.name.as_str()) {
            Some(&n) => {
                host.slots = n;
                true
            }
            None => false,
        });
    within
}

/// The lower median of values sorted ascending.
fn lower_median(sorted: &[f64]) -> f64 {
    sorted
        .get(sorted.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or(0.0)
}

/// Simulates a replicated pool over every placement group (see [`PoolSimulation`]). Each
/// group's availability is the core's model for its replicas' hosts with `min_size` as the
/// quorum; our optimum is `place` of the request (by default, `pool.size` replicas with no
/// rule: the widest spread the hosts allow) on the hosts the rule can reach. An error when the
/// map's tree is not one the importer can read as hosts and failure domains.
pub fn simulate_pool(
    map: &CrushMap,
    pool: &Pool,
    min_size: u32,
    request: Option<&Request>,
) -> Result<PoolSimulation, String> {
    let imported = import_crush_map(map).map_err(|e| e.to_string())?;
    let mut simulation = simulate_pool_on(map, pool, min_size, request, &imported.topology);
    simulation.warnings.splice(0..0, imported.warnings);
    Ok(simulation)
}

/// [`simulate_pool`] judged on `topology`, the one the map was made from (its kinds, domains and
/// rates, which a map may not carry), its hosts matched to the map's host buckets by name: a
/// replica on a host bucket no host of the topology is named like counts as down, with a
/// warning.
pub fn simulate_pool_on(
    map: &CrushMap,
    pool: &Pool,
    min_size: u32,
    request: Option<&Request>,
    topology: &Topology,
) -> PoolSimulation {
    let topology = pool_topology(map, pool, topology);
    let host_index: BTreeMap<&str, usize> = topology
        .hosts
        .iter()
        .enumerate()
        .map(|(index, host)| (host.name.as_str(), index))
        .collect();
    let host_of = host_of(map);
    let mut warnings = Vec::new();
    let unnamed: std::collections::BTreeSet<&str> = reachable(map, pool.rule)
        .iter()
        .filter_map(|device| host_of.get(device))
        .filter(|host| !host_index.contains_key(*host))
        .copied()
        .collect();
    if !unnamed.is_empty() {
        let names: Vec<&str> = unnamed.into_iter().collect();
        warnings.push(format!(
            "no host of the topology is named like the CRUSH host buckets {}: their replicas \
             count as down",
            names.join(", ")
        ));
    }
    let kinds: Vec<String> = topology
        .kinds
        .iter()
        .cloned()
        .chain([HOST_KIND.to_owned()])
        .collect();

    let mut result_sizes = BTreeMap::new();
    let mut per_osd: BTreeMap<i32, u32> = BTreeMap::new();
    let mut bad_mappings = 0;
    let mut radii: BTreeMap<Vec<u32>, u32> = BTreeMap::new();
    // Each group's blast radius, `None` when it is short of the pool size.
    let mut pg_radius: Vec<Option<Vec<u32>>> = Vec::new();
    // Placements of one shape share their availability, unless a host's domains are partly
    // unknown (their worst filling depends on the host): then the hosts themselves are the key.
    let by_shape = !topology
        .hosts
        .iter()
        .any(|host| host.labels.contains_key(UNKNOWN_DOMAINS_LABEL));
    let mut cache: HashMap<Vec<u32>, f64> = HashMap::new();
    let mut by_hosts: BTreeMap<Vec<usize>, f64> = BTreeMap::new();
    let mut pg_quorum: Vec<f64> = Vec::new();
    let mappings = pool_mappings(map, pool);
    for up in &mappings {
        *result_sizes.entry(up.len()).or_insert(0) += 1;
        if up.len() < pool.size {
            bad_mappings += 1;
        }
        for &osd in up {
            *per_osd.entry(osd).or_insert(0) += 1;
        }
        // A replica on a host the rule cannot reach (or on no host) counts as down.
        let mut hosts: Vec<usize> = up
            .iter()
            .map(|osd| {
                host_of
                    .get(osd)
                    .and_then(|host| host_index.get(host))
                    .copied()
                    .unwrap_or(usize::MAX)
            })
            .collect();
        let radius = radius_of(&topology, &hosts);
        *radii.entry(radius.clone()).or_insert(0) += 1;
        pg_radius.push((up.len() >= pool.size).then_some(radius));
        hosts.sort_unstable();
        let p_quorum = if by_shape {
            *cache
                .entry(placement_shape(&topology, &hosts))
                .or_insert_with(|| assess(&topology, &hosts, min_size).p_quorum)
        } else {
            *by_hosts
                .entry(hosts)
                .or_insert_with_key(|hosts| assess(&topology, hosts, min_size).p_quorum)
        };
        pg_quorum.push(p_quorum);
    }

    let optimum = optimum(&topology, pool, min_size, request, &pg_radius, &pg_quorum);
    let total: u32 = per_osd.values().sum();
    let max = per_osd.values().copied().max().unwrap_or(0);
    let max_over_mean = if total == 0 {
        0.0
    } else {
        f64::from(max) * per_osd.len() as f64 / f64::from(total)
    };
    let mut blast_radius: Vec<RadiusCount> = radii
        .into_iter()
        .map(|(radius, pgs)| RadiusCount { radius, pgs })
        .collect();
    blast_radius.sort_by(|a, b| b.pgs.cmp(&a.pgs).then_with(|| a.radius.cmp(&b.radius)));
    let mut availability = across(pool.id, &pg_quorum);
    availability.worst_hosts = mappings
        .get(availability.worst_ps)
        .into_iter()
        .flatten()
        .map(|osd| {
            host_of
                .get(osd)
                .filter(|host| host_index.contains_key(*host))
                .map(|host| (*host).to_owned())
        })
        .collect();
    PoolSimulation {
        pool: pool.clone(),
        min_size,
        result_sizes,
        bad_mappings,
        per_osd,
        max_over_mean,
        kinds,
        blast_radius,
        availability,
        optimum,
        warnings,
    }
}

/// Per kind widest first, then `host`, the most of `hosts` in one domain (a host index out of
/// range is a domain of its own).
fn radius_of(topology: &Topology, hosts: &[usize]) -> Vec<u32> {
    let mut radius = Vec::with_capacity(topology.kinds.len() + 1);
    for kind in topology.kinds.iter().map(Some).chain([None]) {
        let mut per: BTreeMap<Option<&str>, u32> = BTreeMap::new();
        for &host in hosts {
            let domain = topology.hosts.get(host).and_then(|host| match kind {
                None => Some(host.name.as_str()),
                Some(kind) => host.domains.get(kind).map(String::as_str),
            });
            *per.entry(domain).or_insert(0) += 1;
        }
        radius.push(per.values().copied().max().unwrap_or(0));
    }
    radius
}

/// Worst, median, best and the distribution of the groups' probabilities of quorum.
fn across(pool: u32, pg_quorum: &[f64]) -> AcrossPgs {
    let (worst_ps, worst) = pg_quorum
        .iter()
        .copied()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((0, 0.0));
    let mut sorted = pg_quorum.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut distribution: Vec<AvailabilityCount> = Vec::new();
    for &p_quorum in &sorted {
        match distribution.last_mut() {
            Some(last) if last.p_quorum == p_quorum => last.pgs += 1,
            _ => distribution.push(AvailabilityCount { p_quorum, pgs: 1 }),
        }
    }
    AcrossPgs {
        worst,
        worst_pg: format!("{pool}.{worst_ps:x}"),
        worst_ps,
        worst_hosts: Vec::new(),
        median: lower_median(&sorted),
        best: sorted.last().copied().unwrap_or(0.0),
        distribution,
    }
}

/// Our optimum on the reachable hosts and the groups that match it.
fn optimum(
    topology: &Topology,
    pool: &Pool,
    min_size: u32,
    request: Option<&Request>,
    pg_radius: &[Option<Vec<u32>>],
    pg_quorum: &[f64],
) -> Optimum {
    let request = request.cloned().unwrap_or_else(|| Request {
        quorum: min_size.max(1),
        ..Request::new(u32::try_from(pool.size).unwrap_or(u32::MAX).max(1))
    });
    let placement = place(topology, &request);
    if !placement.feasible {
        return Optimum {
            feasible: false,
            radius: Vec::new(),
            p_quorum: None,
            pgs_as_spread: 0,
            pgs_as_available: 0,
        };
    }
    let radius = placement.blast_radius(topology);
    let ours = assess(topology, &placement.hosts, min_size).p_quorum;
    let count = |ok: &dyn Fn(usize) -> bool| {
        u32::try_from((0..pg_radius.len()).filter(|&i| ok(i)).count()).unwrap_or(u32::MAX)
    };
    let tolerance = (1.0 - ours) * 1e-9;
    Optimum {
        feasible: true,
        pgs_as_spread: count(&|i| pg_radius[i].as_ref().is_some_and(|r| *r <= radius)),
        pgs_as_available: count(&|i| pg_quorum[i] >= ours - tolerance),
        radius,
        p_quorum: Some(ours),
    }
}
