//! The CRUSH mapping itself: bucket choices per algorithm, `firstn` and `indep` descents with
//! their retry rules, and rule execution, bit for bit as Ceph's mapper computes them.

use super::hash::{hash2, hash3, hash3_lanes, hash4};
use super::ln::{DRAW_SPAN, Reciprocal, crush_ln};
use super::map::{Alg, Bucket, ChooseArg, ChooseArgs, CrushMap, Derived, Step};

/// The most tries of any kind the twin makes. Real maps use tens (`choose_total_tries 50`,
/// `set_choose_tries 100`); a hostile map asking billions would otherwise hold the mapper for
/// minutes. Maps within the cap map exactly as Ceph's do.
pub const MAX_TRIES: u32 = 10_000;

/// Failed tries of one replica after which `choose_firstn` checks whether it already placed
/// every item it can reach (an infeasible rule otherwise spends all its tries colliding).
const EXHAUSTED_CHECK_AFTER: u32 = 2;

/// Items that check visits at most before it answers "unknown" (and keeps trying).
const REACHABLE_VISITS: u32 = 256;

/// The placeholder for a position `indep` could not fill.
pub const ITEM_NONE: i32 = 0x7fff_ffff;
const ITEM_UNDEF: i32 = 0x7fff_fffe;

/// The `r`-th element of the bucket's hashed permutation (uniform buckets and the local
/// fallback search). Ceph caches the permutation per input; the result is the same function.
fn perm_choose(bucket: &Bucket, x: u32, r: u32) -> i32 {
    let size = bucket.items.len() as u32;
    let pr = r % size;
    let id = bucket.id as u32;
    if pr == 0 {
        let s = hash3(x, id, 0) % size;
        return bucket.items[s as usize];
    }
    let mut perm: Vec<u32> = (0..size).collect();
    for p in 0..=pr {
        if p < size - 1 {
            let i = hash3(x, id, p) % (size - p);
            if i != 0 {
                perm.swap(p as usize, (p + i) as usize);
            }
        }
    }
    bucket.items[perm[pr as usize] as usize]
}

fn list_choose(bucket: &Bucket, sums: &[u32], x: u32, r: u32) -> i32 {
    for i in (0..bucket.items.len()).rev() {
        let draw = u64::from(hash4(x, bucket.items[i] as u32, r, bucket.id as u32) & 0xffff);
        let scaled = (draw * u64::from(sums[i])) >> 16;
        if scaled < u64::from(bucket.weights[i]) {
            return bucket.items[i];
        }
    }
    bucket.items[0]
}

fn tree_choose(bucket: &Bucket, nodes: &[u32], x: u32, r: u32) -> i32 {
    let mut n = (nodes.len() >> 1) as u32;
    while n & 1 == 0 {
        let w = u64::from(nodes[n as usize]);
        let t = (u64::from(hash4(x, n, r, bucket.id as u32)) * w) >> 32;
        let h = n.trailing_zeros();
        let left = n - (1 << (h - 1));
        n = if t < u64::from(nodes[left as usize]) {
            left
        } else {
            n + (1 << (h - 1))
        };
    }
    bucket.items[(n >> 1) as usize]
}

fn straw_choose(bucket: &Bucket, straws: &[u32], x: u32, r: u32) -> i32 {
    let mut high = 0;
    let mut high_draw = 0u64;
    for (i, &item) in bucket.items.iter().enumerate() {
        let draw = u64::from(hash3(x, item as u32, r) & 0xffff) * u64::from(straws[i]);
        if i == 0 || draw > high_draw {
            high = i;
            high_draw = draw;
        }
    }
    bucket.items[high]
}

/// Whether the target has 128-bit SIMD, so hashing four lanes costs about what one lane does.
/// Without it four lanes are four hashes the CPU can still run side by side, worth it only for
/// four real items.
const SIMD: bool = cfg!(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    target_feature = "simd128"
));

/// A straw2 item weight as the draw divides by it: a precomputed reciprocal of the bucket's own
/// weights, or a weight-set's raw weight.
trait Divisor: Copy {
    /// `floor(m / w)`; none for a zero weight.
    fn quotient(self, m: u64) -> Option<u64>;
}

impl Divisor for Option<Reciprocal> {
    #[inline]
    fn quotient(self, m: u64) -> Option<u64> {
        self.map(|reciprocal| reciprocal.quotient(m))
    }
}

impl Divisor for u32 {
    #[inline]
    fn quotient(self, m: u64) -> Option<u64> {
        m.checked_div(u64::from(self))
    }
}

/// The running straw2 winner: the item with the highest draw `ln / w`, where
/// `ln = crush_ln(u) - 2^48` is negative, so the highest draw is the least quotient
/// `(2^48 - crush_ln(u)) / w`; ties go to the first item, and zero or missing weights draw
/// lowest (Ceph's `S64_MIN`).
struct Winner {
    high: usize,
    quotient: u64,
}

impl Winner {
    fn new() -> Winner {
        Winner {
            high: 0,
            quotient: u64::MAX,
        }
    }

    /// Item `i` (judged in item order) with its hash.
    #[inline]
    fn judge<D: Divisor>(&mut self, divisors: &[D], i: usize, hash: u32) {
        let quotient = divisors
            .get(i)
            .and_then(|&divisor| divisor.quotient(DRAW_SPAN - crush_ln(hash & 0xffff)))
            .unwrap_or(u64::MAX);
        if i == 0 || quotient < self.quotient {
            self.high = i;
            self.quotient = quotient;
        }
    }
}

/// The straw2 winner's index among `ids` (hashed) with these weights.
fn straw2_pick<D: Divisor>(ids: &[i32], divisors: &[D], x: u32, r: u32) -> usize {
    straw2_pick_in::<D, SIMD>(ids, divisors, x, r)
}

/// [`straw2_pick`], hashing items four at a time, and the last one to three items in four lanes
/// too (`PAD`, repeating the last id in the spare lanes) or one by one.
fn straw2_pick_in<D: Divisor, const PAD: bool>(
    ids: &[i32],
    divisors: &[D],
    x: u32,
    r: u32,
) -> usize {
    let mut winner = Winner::new();
    let mut fours = ids.chunks_exact(4);
    for (group, items) in fours.by_ref().enumerate() {
        let lanes = [items[0], items[1], items[2], items[3]].map(|id| id as u32);
        for (lane, hash) in hash3_lanes(x, lanes, [r; 4]).into_iter().enumerate() {
            winner.judge(divisors, 4 * group + lane, hash);
        }
    }
    let rest = fours.remainder();
    let start = ids.len() - rest.len();
    if PAD && !rest.is_empty() {
        let lanes: [u32; 4] = std::array::from_fn(|lane| rest[lane.min(rest.len() - 1)] as u32);
        let hashes = hash3_lanes(x, lanes, [r; 4]);
        for (lane, &hash) in hashes.iter().take(rest.len()).enumerate() {
            winner.judge(divisors, start + lane, hash);
        }
    } else {
        for (lane, &id) in rest.iter().enumerate() {
            winner.judge(divisors, start + lane, hash3(x, id as u32, r));
        }
    }
    winner.high
}

/// A two-item straw2 bucket without choose_args: its choices for `r` and `r + 1` from one hash
/// of four lanes (`firstn` tries `r + 1` at its first bucket next, on a retry or the next
/// replica). None for any other bucket, or without four lanes.
fn straw2_pair(bucket: &Bucket, x: u32, r: u32) -> Option<(i32, i32)> {
    let (Derived::Straw2(reciprocals), &[first, second]) = (&bucket.derived, &bucket.items[..])
    else {
        return None;
    };
    if !SIMD {
        return None;
    }
    let next = r.wrapping_add(1);
    let (first, second) = (first as u32, second as u32);
    let hashes = hash3_lanes(x, [first, second, first, second], [r, r, next, next]);
    let pick = |hashes: &[u32]| {
        let mut winner = Winner::new();
        winner.judge(reciprocals, 0, hashes[0]);
        winner.judge(reciprocals, 1, hashes[1]);
        bucket.items[winner.high]
    };
    Some((pick(&hashes[..2]), pick(&hashes[2..])))
}

fn straw2_choose(
    bucket: &Bucket,
    reciprocals: &[Option<Reciprocal>],
    x: u32,
    r: u32,
    arg: Option<&ChooseArg>,
    position: usize,
) -> i32 {
    let size = bucket.items.len();
    let ids: &[i32] = match arg.and_then(|arg| arg.ids.as_deref()) {
        Some(ids) => &ids[..ids.len().min(size)],
        None => &bucket.items,
    };
    let high = match arg {
        Some(arg) if !arg.weight_set.is_empty() => {
            let weights = &arg.weight_set[position.min(arg.weight_set.len() - 1)];
            straw2_pick(ids, weights, x, r)
        }
        // wasm32 has no 64-bit multiply-high: its 64-bit division is the cheaper one there.
        _ if cfg!(target_arch = "wasm32") => straw2_pick(ids, &bucket.weights, x, r),
        _ => straw2_pick(ids, reciprocals, x, r),
    };
    bucket.items[high]
}

/// One choice from a bucket for input `x` and replica rank `r`.
fn bucket_choose(bucket: &Bucket, x: u32, r: u32, arg: Option<&ChooseArg>, position: usize) -> i32 {
    // Every algorithm's draw over one item picks it (Ceph hashes anyway; the result is the same).
    if let [only] = bucket.items[..] {
        return only;
    }
    match &bucket.derived {
        Derived::Uniform(_) => perm_choose(bucket, x, r),
        Derived::List(sums) => list_choose(bucket, sums, x, r),
        Derived::Tree(nodes) => tree_choose(bucket, nodes, x, r),
        Derived::Straw(straws) => straw_choose(bucket, straws, x, r),
        Derived::Straw2(reciprocals) => straw2_choose(bucket, reciprocals, x, r, arg, position),
    }
}

/// Whether a device is (probabilistically, for partial weights) out for this input.
fn is_out(weights: &[u32], item: i32, x: u32) -> bool {
    let Some(&w) = weights.get(item as usize) else {
        return true;
    };
    if w >= 0x10000 {
        return false;
    }
    if w == 0 {
        return true;
    }
    (hash2(x, item as u32) & 0xffff) >= w
}

/// The retry budget and behaviour of one choose step.
#[derive(Debug, Clone, Copy)]
struct Tries {
    tries: u32,
    recurse_tries: u32,
    local_retries: u32,
    local_fallback_retries: u32,
    vary_r: u32,
    stable: u32,
}

/// The items a `choose_firstn` call's retried descents reached, by `rep + ftotal` (the first 32).
struct Memo {
    known: u32,
    items: [i32; 32],
}

impl Memo {
    fn new() -> Memo {
        Memo {
            known: 0,
            items: [0; 32],
        }
    }

    fn get(&self, key: u32) -> Option<i32> {
        (self.known != 0 && key < 32 && self.known & (1 << key) != 0)
            .then(|| self.items[key as usize])
    }

    fn set(&mut self, key: u32, item: i32) {
        if key < 32 {
            self.known |= 1 << key;
            self.items[key as usize] = item;
        }
    }
}

/// The fixed inputs of one mapping.
struct Context<'a> {
    map: &'a CrushMap,
    weights: &'a [u32],
    choose_args: Option<&'a ChooseArgs>,
    x: u32,
}

impl Context<'_> {
    fn bucket(&self, id: i32) -> Option<&Bucket> {
        self.map.bucket(id)
    }

    fn arg(&self, bucket: &Bucket) -> Option<&ChooseArg> {
        self.choose_args.and_then(|args| args.get(&bucket.id))
    }

    /// Item type: 0 for devices, the bucket's type otherwise (None for a missing bucket).
    fn item_type(&self, item: i32) -> Option<i32> {
        if item >= 0 {
            Some(0)
        } else {
            self.bucket(item).map(|bucket| bucket.type_id)
        }
    }

    /// How many items of `type_id` a descent from `bucket` can reach, counted once per path (a
    /// map listing an item twice counts it twice); none when that takes more than
    /// [`REACHABLE_VISITS`] visits.
    fn reachable(&self, bucket: &Bucket, type_id: i32) -> Option<usize> {
        let mut found = 0;
        let mut visits = REACHABLE_VISITS;
        self.count_reachable(bucket, type_id, &mut found, &mut visits)
            .then_some(found)
    }

    /// Adds to `found` the items of `type_id` reachable from `bucket`; false once out of `visits`.
    fn count_reachable(
        &self,
        bucket: &Bucket,
        type_id: i32,
        found: &mut usize,
        visits: &mut u32,
    ) -> bool {
        for &item in &bucket.items {
            if *visits == 0 {
                return false;
            }
            *visits -= 1;
            if item >= self.map.max_devices {
                continue;
            }
            match self.item_type(item) {
                Some(t) if t == type_id => *found += 1,
                Some(_) if item < 0 => {
                    let child = self.bucket(item).expect("has a type");
                    if !self.count_reachable(child, type_id, found, visits) {
                        return false;
                    }
                }
                _ => {}
            }
        }
        true
    }

    /// `crush_choose_firstn`: returns the new output position.
    #[allow(clippy::too_many_arguments)]
    fn choose_firstn(
        &self,
        bucket: &Bucket,
        numrep: i32,
        type_id: i32,
        out: &mut [i32],
        mut outpos: usize,
        out_size: usize,
        tries: Tries,
        recurse_to_leaf: bool,
        mut out2: Option<&mut [i32]>,
        parent_r: i32,
    ) -> usize {
        let first_outpos = outpos;
        let mut reachable: Option<Option<usize>> = None;
        let mut count = out_size;
        let start = if tries.stable != 0 { 0 } else { outpos as i32 };
        let mut rep = start;
        // Without local retries every try descends from `bucket` with `r = parent_r + rep +
        // ftotal`, and without weight-sets (which vary with the position) the item it reaches
        // depends on that sum alone: a later replica trying an `r` an earlier one retried
        // reuses the item.
        let reuse = numrep - rep > 1
            && tries.local_retries == 0
            && tries.local_fallback_retries == 0
            && self.choose_args.is_none();
        let mut memo = Memo::new();
        // The first bucket's choice for the next `rep + ftotal`, hashed alongside this one.
        let mut next_first: Option<(u32, i32)> = None;
        while rep < numrep && count > 0 {
            let mut ftotal: u32 = 0;
            let mut skip_rep = false;
            let mut item = 0;
            'descent: loop {
                let mut retry_descent = false;
                let mut inb = bucket;
                let mut flocal: u32 = 0;
                let key = (rep as u32).wrapping_add(ftotal);
                let mut known = memo.get(key);
                let mut first_choice = reuse;
                loop {
                    let mut collide = false;
                    let mut retry_bucket = false;
                    let r = (rep.wrapping_add(parent_r) as u32).wrapping_add(ftotal);
                    let reject;
                    if inb.items.is_empty() {
                        reject = true;
                    } else {
                        let size = inb.items.len() as u32;
                        let first = std::mem::take(&mut first_choice);
                        item = if let Some(known) = known.take() {
                            known
                        } else if let Some((_, next)) =
                            next_first.filter(|&(next_key, _)| first && next_key == key)
                        {
                            next
                        } else if let Some((now, next)) =
                            first.then(|| straw2_pair(inb, self.x, r)).flatten()
                        {
                            next_first = Some((key.wrapping_add(1), next));
                            now
                        } else if tries.local_fallback_retries > 0
                            && flocal >= (size >> 1)
                            && flocal > tries.local_fallback_retries
                        {
                            perm_choose(inb, self.x, r)
                        } else {
                            bucket_choose(inb, self.x, r, self.arg(inb), outpos)
                        };
                        if item >= self.map.max_devices {
                            skip_rep = true;
                            break 'descent;
                        }
                        let Some(item_type) = self.item_type(item) else {
                            skip_rep = true;
                            break 'descent;
                        };
                        if item_type != type_id {
                            match self.bucket(item) {
                                Some(next) if item < 0 => {
                                    inb = next;
                                    continue;
                                }
                                _ => {
                                    skip_rep = true;
                                    break 'descent;
                                }
                            }
                        }
                        if reuse && ftotal > 0 {
                            memo.set(key, item);
                        }
                        collide = out[..outpos].contains(&item);
                        let mut rejected = false;
                        if !collide && recurse_to_leaf {
                            if item < 0 {
                                let sub_r = if tries.vary_r != 0 {
                                    (r as i32).wrapping_shr(tries.vary_r - 1)
                                } else {
                                    0
                                };
                                let child = self.bucket(item).expect("checked above");
                                let leaves = out2.as_deref_mut().expect("chooseleaf has out2");
                                let inner = Tries {
                                    tries: tries.recurse_tries,
                                    recurse_tries: 0,
                                    ..tries
                                };
                                let numrep_inner = if tries.stable != 0 {
                                    1
                                } else {
                                    outpos as i32 + 1
                                };
                                if self.choose_firstn(
                                    child,
                                    numrep_inner,
                                    0,
                                    leaves,
                                    outpos,
                                    count,
                                    inner,
                                    false,
                                    None,
                                    sub_r,
                                ) <= outpos
                                {
                                    rejected = true;
                                }
                            } else if let Some(leaves) = out2.as_deref_mut() {
                                leaves[outpos] = item;
                            }
                        }
                        if !rejected && !collide && item_type == 0 {
                            rejected = is_out(self.weights, item, self.x);
                        }
                        reject = rejected;
                    }
                    if reject || collide {
                        ftotal += 1;
                        flocal += 1;
                        let size = inb.items.len() as u32;
                        if (collide && flocal <= tries.local_retries)
                            || (tries.local_fallback_retries > 0
                                && flocal <= size + tries.local_fallback_retries)
                        {
                            retry_bucket = true;
                        } else if ftotal < tries.tries {
                            if ftotal == EXHAUSTED_CHECK_AFTER
                                && reachable
                                    .get_or_insert_with(|| self.reachable(bucket, type_id))
                                    .is_some_and(|n| n <= outpos - first_outpos)
                            {
                                // This call placed as many distinct items as there are to
                                // reach: every further try of every further replica collides
                                // and is skipped, changing nothing.
                                return outpos;
                            }
                            retry_descent = true;
                        } else {
                            skip_rep = true;
                        }
                    }
                    if !retry_bucket {
                        break;
                    }
                }
                if !retry_descent {
                    break;
                }
            }
            if !skip_rep {
                out[outpos] = item;
                outpos += 1;
                count -= 1;
            }
            rep += 1;
        }
        outpos
    }

    /// `crush_choose_indep`: fills `out[outpos..outpos + left]`, holes as `ITEM_NONE`.
    #[allow(clippy::too_many_arguments)]
    fn choose_indep(
        &self,
        bucket: &Bucket,
        mut left: i32,
        numrep: i32,
        type_id: i32,
        out: &mut [i32],
        outpos: usize,
        tries: u32,
        recurse_tries: u32,
        recurse_to_leaf: bool,
        mut out2: Option<&mut [i32]>,
        parent_r: i32,
    ) {
        let endpos = outpos + left.max(0) as usize;
        for rep in outpos..endpos {
            out[rep] = ITEM_UNDEF;
            if let Some(leaves) = out2.as_deref_mut() {
                leaves[rep] = ITEM_UNDEF;
            }
        }
        let mut ftotal: u32 = 0;
        while left > 0 && ftotal < tries {
            for rep in outpos..endpos {
                if out[rep] != ITEM_UNDEF {
                    continue;
                }
                let mut inb = bucket;
                loop {
                    let mut r = (rep as i32).wrapping_add(parent_r) as u32;
                    if inb.alg == Alg::Uniform && inb.items.len() as i32 % numrep == 0 {
                        r = r.wrapping_add((numrep as u32 + 1).wrapping_mul(ftotal));
                    } else {
                        r = r.wrapping_add((numrep as u32).wrapping_mul(ftotal));
                    }
                    if inb.items.is_empty() {
                        break;
                    }
                    let item = bucket_choose(inb, self.x, r, self.arg(inb), outpos);
                    let item_type = if item >= self.map.max_devices {
                        None
                    } else {
                        self.item_type(item)
                    };
                    let Some(item_type) = item_type else {
                        out[rep] = ITEM_NONE;
                        if let Some(leaves) = out2.as_deref_mut() {
                            leaves[rep] = ITEM_NONE;
                        }
                        left -= 1;
                        break;
                    };
                    if item_type != type_id {
                        match self.bucket(item) {
                            Some(next) if item < 0 => {
                                inb = next;
                                continue;
                            }
                            _ => {
                                out[rep] = ITEM_NONE;
                                if let Some(leaves) = out2.as_deref_mut() {
                                    leaves[rep] = ITEM_NONE;
                                }
                                left -= 1;
                                break;
                            }
                        }
                    }
                    if out[outpos..endpos].contains(&item) {
                        break;
                    }
                    if recurse_to_leaf {
                        let leaves = out2.as_deref_mut().expect("chooseleaf has out2");
                        if item < 0 {
                            let child = self.bucket(item).expect("checked above");
                            self.choose_indep(
                                child,
                                1,
                                numrep,
                                0,
                                leaves,
                                rep,
                                recurse_tries,
                                0,
                                false,
                                None,
                                r as i32,
                            );
                            if leaves[rep] == ITEM_NONE {
                                break;
                            }
                        } else {
                            leaves[rep] = item;
                        }
                    }
                    if item_type == 0 && is_out(self.weights, item, self.x) {
                        break;
                    }
                    out[rep] = item;
                    left -= 1;
                    break;
                }
            }
            ftotal += 1;
        }
        for rep in outpos..endpos {
            if out[rep] == ITEM_UNDEF {
                out[rep] = ITEM_NONE;
            }
            if let Some(leaves) = out2.as_deref_mut()
                && leaves[rep] == ITEM_UNDEF
            {
                leaves[rep] = ITEM_NONE;
            }
        }
    }
}

/// Reusable buffers for mappings (the working, output and leaf vectors of a rule's steps).
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    w: Vec<i32>,
    o: Vec<i32>,
    c: Vec<i32>,
}

/// Maps input `x` through rule `rule` to at most `result_max` items, as `crush_do_rule` does
/// with this weight vector (16.16 per device; shorter vectors count missing devices as out) and
/// these choose_args. An unknown rule maps to nothing.
pub fn do_rule(
    map: &CrushMap,
    rule: u32,
    x: u32,
    result_max: usize,
    weights: &[u32],
    choose_args: Option<&ChooseArgs>,
) -> Vec<i32> {
    let mut result = Vec::with_capacity(result_max);
    do_rule_into(
        map,
        rule,
        x,
        result_max,
        weights,
        choose_args,
        &mut Scratch::default(),
        &mut result,
    );
    result
}

/// [`do_rule`] into `result` (cleared first), reusing `scratch` between calls.
#[allow(clippy::too_many_arguments)]
pub fn do_rule_into(
    map: &CrushMap,
    rule: u32,
    x: u32,
    result_max: usize,
    weights: &[u32],
    choose_args: Option<&ChooseArgs>,
    scratch: &mut Scratch,
    result: &mut Vec<i32>,
) {
    result.clear();
    let Some(rule) = map.rules.get(&rule) else {
        return;
    };
    let context = Context {
        map,
        weights,
        choose_args,
        x,
    };
    let len = result_max.max(1);
    for buffer in [&mut scratch.w, &mut scratch.o, &mut scratch.c] {
        buffer.clear();
        buffer.resize(len, 0);
    }
    let Scratch { w, o, c } = scratch;
    let t = &map.tunables;
    let mut wsize = 0usize;
    let mut choose_tries = t.choose_total_tries.min(MAX_TRIES) + 1;
    let mut choose_leaf_tries = 0u32;
    let mut local_retries = t.choose_local_tries.min(MAX_TRIES);
    let mut local_fallback_retries = t.choose_local_fallback_tries.min(MAX_TRIES);
    let mut vary_r = t.chooseleaf_vary_r;
    let mut stable = t.chooseleaf_stable;
    for step in &rule.steps {
        let (firstn, leaf, numrep_arg, type_id) = match *step {
            Step::Take(item) => {
                if (item >= 0 && item < map.max_devices) || map.bucket(item).is_some() {
                    w[0] = item;
                    wsize = 1;
                }
                continue;
            }
            Step::SetChooseTries(n) => {
                if n > 0 {
                    choose_tries = (n as u32).min(MAX_TRIES);
                }
                continue;
            }
            Step::SetChooseLeafTries(n) => {
                if n > 0 {
                    choose_leaf_tries = (n as u32).min(MAX_TRIES);
                }
                continue;
            }
            Step::SetChooseLocalTries(n) => {
                if n >= 0 {
                    local_retries = (n as u32).min(MAX_TRIES);
                }
                continue;
            }
            Step::SetChooseLocalFallbackTries(n) => {
                if n >= 0 {
                    local_fallback_retries = (n as u32).min(MAX_TRIES);
                }
                continue;
            }
            Step::SetChooseLeafVaryR(n) => {
                if n >= 0 {
                    vary_r = n as u32;
                }
                continue;
            }
            Step::SetChooseLeafStable(n) => {
                if n >= 0 {
                    stable = n as u32;
                }
                continue;
            }
            Step::Emit => {
                for &item in &w[..wsize] {
                    if result.len() < result_max {
                        result.push(item);
                    }
                }
                wsize = 0;
                continue;
            }
            Step::ChooseFirstN(n, ty) => (true, false, n, ty),
            Step::ChooseLeafFirstN(n, ty) => (true, true, n, ty),
            Step::ChooseIndep(n, ty) => (false, false, n, ty),
            Step::ChooseLeafIndep(n, ty) => (false, true, n, ty),
        };
        if wsize == 0 {
            continue;
        }
        let mut osize = 0usize;
        for &start in &w[..wsize] {
            let mut numrep = numrep_arg;
            if numrep <= 0 {
                numrep += result_max as i32;
                if numrep <= 0 {
                    continue;
                }
            }
            let Some(bucket) = map.bucket(start) else {
                continue;
            };
            if osize >= result_max {
                continue;
            }
            if firstn {
                let recurse_tries = if choose_leaf_tries != 0 {
                    choose_leaf_tries
                } else if t.chooseleaf_descend_once != 0 {
                    1
                } else {
                    choose_tries
                };
                let tries = Tries {
                    tries: choose_tries,
                    recurse_tries,
                    local_retries,
                    local_fallback_retries,
                    vary_r,
                    stable,
                };
                osize += context.choose_firstn(
                    bucket,
                    numrep,
                    type_id,
                    &mut o[osize..],
                    0,
                    result_max - osize,
                    tries,
                    leaf,
                    Some(&mut c[osize..]),
                    0,
                );
            } else {
                let out_size = (numrep as usize).min(result_max - osize);
                context.choose_indep(
                    bucket,
                    out_size as i32,
                    numrep,
                    type_id,
                    &mut o[osize..],
                    0,
                    choose_tries,
                    if choose_leaf_tries != 0 {
                        choose_leaf_tries
                    } else {
                        1
                    },
                    leaf,
                    Some(&mut c[osize..]),
                    0,
                );
                osize += out_size;
            }
        }
        if leaf {
            o[..osize].copy_from_slice(&c[..osize]);
        }
        std::mem::swap(o, w);
        wsize = osize;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Grouping the hashes (four lanes with or without padding, one by one) and dividing by a
    /// reciprocal or by the raw weight all pick the same item.
    #[test]
    fn straw2_picks_the_same_item_however_it_hashes_and_divides() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 32) as u32
        };
        for size in 1..=11usize {
            for _ in 0..200 {
                let ids: Vec<i32> = (0..size).map(|_| next() as i32 >> 20).collect();
                let weights: Vec<u32> = (0..size)
                    .map(|_| match next() % 4 {
                        0 => 0,
                        1 => 0x10000,
                        _ => next() >> (next() % 16),
                    })
                    .collect();
                let reciprocals: Vec<Option<Reciprocal>> =
                    weights.iter().map(|&w| Reciprocal::new(w)).collect();
                let (x, r) = (next(), next() % 64);
                let padded = straw2_pick_in::<_, true>(&ids, &weights, x, r);
                assert_eq!(straw2_pick_in::<_, false>(&ids, &weights, x, r), padded);
                assert_eq!(straw2_pick_in::<_, true>(&ids, &reciprocals, x, r), padded);
                assert_eq!(straw2_pick_in::<_, false>(&ids, &reciprocals, x, r), padded);
            }
        }
    }
}
