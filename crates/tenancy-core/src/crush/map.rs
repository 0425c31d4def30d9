//! A compiled CRUSH map as the mapper uses it: tunables, devices, types, buckets (with each
//! algorithm's precomputed weights: list sums, tree nodes, straw lengths), rules, device-class
//! shadow trees and choose_args weight-sets.

use std::collections::BTreeMap;

use super::ln::Reciprocal;

/// The bucket algorithms, with Ceph's numbering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Alg {
    /// Every item equally likely; a hashed permutation.
    Uniform = 1,
    /// Items tried from the newest back.
    List = 2,
    /// A weighted binary tree.
    Tree = 3,
    /// Straws scaled by a weight-dependent length (the original straw).
    Straw = 4,
    /// Exponential draws divided by weight (straw2).
    Straw2 = 5,
}

impl Alg {
    /// Every algorithm, in Ceph's order.
    pub const ALL: [Alg; 5] = [Alg::Uniform, Alg::List, Alg::Tree, Alg::Straw, Alg::Straw2];

    /// The name in a decompiled map (`straw2`).
    pub fn name(self) -> &'static str {
        match self {
            Alg::Uniform => "uniform",
            Alg::List => "list",
            Alg::Tree => "tree",
            Alg::Straw => "straw",
            Alg::Straw2 => "straw2",
        }
    }

    /// The algorithm with this name.
    pub fn from_name(name: &str) -> Option<Alg> {
        Alg::ALL.into_iter().find(|alg| alg.name() == name)
    }
}

/// The map-wide tunables (the `tunable` lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tunables {
    /// Local retries after a collision (argonaut: 2).
    pub choose_local_tries: u32,
    /// Local exhaustive-search retries (argonaut: 5).
    pub choose_local_fallback_tries: u32,
    /// Total retries of a descent (argonaut 19, bobtail on 50).
    pub choose_total_tries: u32,
    /// chooseleaf tries its inner descent once.
    pub chooseleaf_descend_once: u32,
    /// chooseleaf varies r in its inner descent (firefly on).
    pub chooseleaf_vary_r: u32,
    /// chooseleaf's inner descent starts at rep 0 (jewel on).
    pub chooseleaf_stable: u32,
    /// How straw lengths are computed (0: the original, 1: hammer's fix).
    pub straw_calc_version: u32,
    /// Bit set of the algorithms new buckets may use.
    pub allowed_bucket_algs: u32,
}

impl Tunables {
    /// The argonaut (legacy) profile: what `crushtool -c` starts from.
    pub const LEGACY: Tunables = Tunables {
        choose_local_tries: 2,
        choose_local_fallback_tries: 5,
        choose_total_tries: 19,
        chooseleaf_descend_once: 0,
        chooseleaf_vary_r: 0,
        chooseleaf_stable: 0,
        straw_calc_version: 0,
        allowed_bucket_algs: (1 << 1) | (1 << 2) | (1 << 4),
    };

    /// The jewel (optimal since) profile.
    pub const OPTIMAL: Tunables = Tunables {
        choose_local_tries: 0,
        choose_local_fallback_tries: 0,
        choose_total_tries: 50,
        chooseleaf_descend_once: 1,
        chooseleaf_vary_r: 1,
        chooseleaf_stable: 1,
        straw_calc_version: 1,
        allowed_bucket_algs: 54,
    };

    /// The tunables with their names, in the order `crushtool -d` prints them.
    pub fn named(&self) -> [(&'static str, u32); 8] {
        [
            ("choose_local_tries", self.choose_local_tries),
            (
                "choose_local_fallback_tries",
                self.choose_local_fallback_tries,
            ),
            ("choose_total_tries", self.choose_total_tries),
            ("chooseleaf_descend_once", self.chooseleaf_descend_once),
            ("chooseleaf_vary_r", self.chooseleaf_vary_r),
            ("chooseleaf_stable", self.chooseleaf_stable),
            ("straw_calc_version", self.straw_calc_version),
            ("allowed_bucket_algs", self.allowed_bucket_algs),
        ]
    }

    /// Sets a tunable by name; false when the name is unknown.
    pub fn set(&mut self, name: &str, value: u32) -> bool {
        let slot = match name {
            "choose_local_tries" => &mut self.choose_local_tries,
            "choose_local_fallback_tries" => &mut self.choose_local_fallback_tries,
            "choose_total_tries" => &mut self.choose_total_tries,
            "chooseleaf_descend_once" => &mut self.chooseleaf_descend_once,
            "chooseleaf_vary_r" => &mut self.chooseleaf_vary_r,
            "chooseleaf_stable" => &mut self.chooseleaf_stable,
            "straw_calc_version" => &mut self.straw_calc_version,
            "allowed_bucket_algs" => &mut self.allowed_bucket_algs,
            _ => return false,
        };
        *slot = value;
        true
    }
}

/// What an algorithm precomputes from the item weights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Derived {
    /// Uniform: the one item weight.
    Uniform(u32),
    /// List: running sums of the item weights.
    List(Vec<u32>),
    /// Tree: node weights of the implicit binary tree (`num_nodes` long).
    Tree(Vec<u32>),
    /// Straw: each item's straw length.
    Straw(Vec<u32>),
    /// Straw2: each item weight as a reciprocal (none for a zero weight), so a draw divides by
    /// a multiply.
    Straw2(Vec<Option<Reciprocal>>),
}

/// A bucket: an interior node of the hierarchy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// Negative id.
    pub id: i32,
    /// Its name (`host0`; shadow buckets are `host0~hdd`).
    pub name: String,
    /// Its type id.
    pub type_id: i32,
    /// Its algorithm.
    pub alg: Alg,
    /// Its hash (0: rjenkins1, the only one).
    pub hash: u32,
    /// Child ids in bucket order.
    pub items: Vec<i32>,
    /// Child weights, 16.16 fixed point.
    pub weights: Vec<u32>,
    /// The sum of the weights (wrapping as Ceph's does).
    pub weight: u32,
    /// The algorithm's precomputed data.
    pub derived: Derived,
    /// For a shadow bucket: the device class id.
    pub class: Option<i32>,
}

/// The sum of the weights as Ceph's 32-bit counters keep it.
fn total(weights: &[u32]) -> u32 {
    weights.iter().fold(0u32, |sum, &w| sum.wrapping_add(w))
}

/// Tree layout: a node's height is its number of trailing zero bits.
fn height(n: u32) -> u32 {
    n.trailing_zeros()
}

fn parent(n: u32) -> u32 {
    let h = height(n);
    if n & (1 << (h + 1)) != 0 {
        n - (1 << h)
    } else {
        n + (1 << h)
    }
}

/// Depth of the tree holding `size` leaves.
fn tree_depth(size: usize) -> u32 {
    if size == 0 {
        return 0;
    }
    let mut depth = 1;
    let mut t = size - 1;
    while t != 0 {
        t >>= 1;
        depth += 1;
    }
    depth
}

fn tree_nodes(weights: &[u32]) -> Vec<u32> {
    let depth = tree_depth(weights.len());
    let mut nodes = vec![0u32; 1usize << depth];
    for (i, &w) in weights.iter().enumerate() {
        let mut node = ((i as u32 + 1) << 1) - 1;
        nodes[node as usize] = w;
        for _ in 1..depth {
            node = parent(node);
            nodes[node as usize] = nodes[node as usize].wrapping_add(w);
        }
    }
    nodes
}

/// Straw lengths from the item weights, as `crush_calc_straw` computes them for the version.
fn straws(weights: &[u32], version: u32) -> Vec<u32> {
    let size = weights.len();
    // Indices sorted by weight, ties in insertion order (Ceph's insertion sort).
    let mut reverse: Vec<usize> = Vec::with_capacity(size);
    for i in 0..size {
        let at = reverse
            .iter()
            .position(|&j| weights[i] < weights[j])
            .unwrap_or(reverse.len());
        reverse.insert(at, i);
    }
    let mut straws = vec![0u32; size];
    let mut numleft = size as u32;
    let mut straw = 1.0f64;
    let mut wbelow = 0.0f64;
    let mut lastw = 0.0f64;
    let mut i = 0;
    while i < size {
        if weights[reverse[i]] == 0 {
            straws[reverse[i]] = 0;
            i += 1;
            if version >= 1 {
                numleft = numleft.wrapping_sub(1);
            }
            continue;
        }
        straws[reverse[i]] = (straw * 65536.0) as u32;
        i += 1;
        if i == size {
            break;
        }
        let (previous, current) = (weights[reverse[i - 1]], weights[reverse[i]]);
        if version == 0 {
            if current == previous {
                continue;
            }
            wbelow += (f64::from(previous) - lastw) * f64::from(numleft as i32);
            for &j in &reverse[i..] {
                if weights[j] == current {
                    numleft = numleft.wrapping_sub(1);
                } else {
                    break;
                }
            }
        } else {
            wbelow += (f64::from(previous) - lastw) * f64::from(numleft as i32);
            numleft = numleft.wrapping_sub(1);
        }
        let wnext = f64::from(numleft.wrapping_mul(current.wrapping_sub(previous)));
        let pbelow = wbelow / (wbelow + wnext);
        straw *= (1.0 / pbelow).powf(1.0 / f64::from(numleft as i32));
        lastw = f64::from(previous);
    }
    straws
}

impl Bucket {
    /// A bucket with its algorithm's data computed from the weights (`straw_calc_version` from
    /// the map's tunables at the time the bucket is built).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: i32,
        name: String,
        type_id: i32,
        alg: Alg,
        hash: u32,
        items: Vec<i32>,
        weights: Vec<u32>,
        straw_calc_version: u32,
    ) -> Bucket {
        let derived = match alg {
            Alg::Uniform => Derived::Uniform(weights.first().copied().unwrap_or(0)),
            Alg::List => Derived::List(
                weights
                    .iter()
                    .scan(0u32, |sum, &w| {
                        *sum = sum.wrapping_add(w);
                        Some(*sum)
                    })
                    .collect(),
            ),
            Alg::Tree => Derived::Tree(tree_nodes(&weights)),
            Alg::Straw => Derived::Straw(straws(&weights, straw_calc_version)),
            Alg::Straw2 => Derived::Straw2(weights.iter().map(|&w| Reciprocal::new(w)).collect()),
        };
        let weight = match alg {
            Alg::Uniform => {
                (weights.len() as u32).wrapping_mul(weights.first().copied().unwrap_or(0))
            }
            _ => total(&weights),
        };
        Bucket {
            id,
            name,
            type_id,
            alg,
            hash,
            items,
            weights,
            weight,
            derived,
            class: None,
        }
    }
}

/// A device (OSD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// Its name (`osd.3`).
    pub name: String,
    /// Its class id, if it has one.
    pub class: Option<i32>,
}

/// One step of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Start from this item (a shadow bucket for `take X class C`).
    Take(i32),
    /// `choose firstn N type T`.
    ChooseFirstN(i32, i32),
    /// `choose indep N type T`.
    ChooseIndep(i32, i32),
    /// `chooseleaf firstn N type T`.
    ChooseLeafFirstN(i32, i32),
    /// `chooseleaf indep N type T`.
    ChooseLeafIndep(i32, i32),
    /// Append the working set to the result.
    Emit,
    /// `set_choose_tries N`.
    SetChooseTries(i32),
    /// `set_chooseleaf_tries N`.
    SetChooseLeafTries(i32),
    /// `set_choose_local_tries N`.
    SetChooseLocalTries(i32),
    /// `set_choose_local_fallback_tries N`.
    SetChooseLocalFallbackTries(i32),
    /// `set_chooseleaf_vary_r N`.
    SetChooseLeafVaryR(i32),
    /// `set_chooseleaf_stable N`.
    SetChooseLeafStable(i32),
}

/// Pool kinds a rule serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleType {
    /// Replicated pools (type 1).
    Replicated,
    /// Erasure-coded pools (type 3).
    Erasure,
}

impl RuleType {
    /// The name in a decompiled map.
    pub fn name(self) -> &'static str {
        match self {
            RuleType::Replicated => "replicated",
            RuleType::Erasure => "erasure",
        }
    }
}

/// A placement rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Its id (the ruleset).
    pub id: u32,
    /// Its name.
    pub name: String,
    /// Replicated or erasure.
    pub kind: RuleType,
    /// The smallest pool size it declares.
    pub min_size: i32,
    /// The largest pool size it declares.
    pub max_size: i32,
    /// Its steps.
    pub steps: Vec<Step>,
}

/// Per-bucket choose_args: weight-sets by position and replacement ids for the hash.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChooseArg {
    /// Weight-sets, one per position (the last one serves later positions).
    pub weight_set: Vec<Vec<u32>>,
    /// Ids hashed in place of the items, if any.
    pub ids: Option<Vec<i32>>,
}

/// A set of choose_args, by bucket id.
pub type ChooseArgs = BTreeMap<i32, ChooseArg>;

/// A whole CRUSH map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrushMap {
    /// Tunables.
    pub tunables: Tunables,
    /// Devices by id.
    pub devices: BTreeMap<i32, Device>,
    /// Types by id.
    pub types: BTreeMap<i32, String>,
    /// Buckets by position `-1 - id`.
    pub buckets: Vec<Option<Bucket>>,
    /// Rules by id.
    pub rules: BTreeMap<u32, Rule>,
    /// Device classes by id.
    pub classes: BTreeMap<i32, String>,
    /// Shadow bucket of each (bucket, class).
    pub class_bucket: BTreeMap<i32, BTreeMap<i32, i32>>,
    /// choose_args sets by index (`-1` is the compat set).
    pub choose_args: BTreeMap<i64, ChooseArgs>,
    /// One past the largest device id.
    pub max_devices: i32,
}

impl CrushMap {
    /// A map with these tunables and nothing else.
    pub fn empty(tunables: Tunables) -> CrushMap {
        CrushMap {
            tunables,
            devices: BTreeMap::new(),
            types: BTreeMap::new(),
            buckets: Vec::new(),
            rules: BTreeMap::new(),
            classes: BTreeMap::new(),
            class_bucket: BTreeMap::new(),
            choose_args: BTreeMap::new(),
            max_devices: 0,
        }
    }

    /// The bucket with this (negative) id.
    pub fn bucket(&self, id: i32) -> Option<&Bucket> {
        if id >= 0 {
            return None;
        }
        self.buckets.get((-1 - i64::from(id)) as usize)?.as_ref()
    }

    /// Every bucket, in id order from -1 down.
    pub fn each_bucket(&self) -> impl Iterator<Item = &Bucket> {
        self.buckets.iter().flatten()
    }

    /// The name of an item (device or bucket).
    pub fn item_name(&self, id: i32) -> Option<&str> {
        if id >= 0 {
            self.devices.get(&id).map(|device| device.name.as_str())
        } else {
            self.bucket(id).map(|bucket| bucket.name.as_str())
        }
    }

    /// The weight vector `crushtool --test` uses: full weight for every device placed in a
    /// bucket, zero for the rest.
    pub fn default_weights(&self) -> Vec<u32> {
        let mut weights = vec![0u32; self.max_devices.max(0) as usize];
        for bucket in self.each_bucket() {
            for &item in &bucket.items {
                if item >= 0 {
                    weights[item as usize] = 0x10000;
                }
            }
        }
        weights
    }

    /// The choose_args `crushtool --test` and the OSD map use for this index: the set itself,
    /// else the compat set (`-1`), else none.
    pub fn choose_args_for(&self, index: i64) -> Option<&ChooseArgs> {
        self.choose_args
            .get(&index)
            .or_else(|| self.choose_args.get(&-1))
    }

    /// Recomputes `max_devices` as Ceph's finalize does: past every item and every named device.
    pub fn finalize(&mut self) {
        let from_items = self
            .each_bucket()
            .flat_map(|bucket| bucket.items.iter().copied())
            .filter(|&item| item >= 0)
            .map(|item| item + 1)
            .max()
            .unwrap_or(0);
        let from_names = self
            .devices
            .keys()
            .next_back()
            .map(|&id| id + 1)
            .unwrap_or(0);
        self.max_devices = from_items.max(from_names);
    }
}
