//! The CRUSH map text form (`crushtool -d` output, `crushtool -c` input): a reader that builds
//! the map as Ceph's compiler does (legacy tunables first, buckets children-first, ids assigned
//! downwards, device-class shadow trees when the first rule is met, weight-sets), with errors
//! that name the line; and a writer in `crushtool -d`'s layout.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use super::map::{
    Alg, Bucket, ChooseArg, ChooseArgs, CrushMap, Device, Rule, RuleType, Step, Tunables,
};
use crate::topology::MAX_INPUT_BYTES;

/// Why a map text could not be read: the line and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    /// 1-based line number (0 for the whole input).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for TextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "CRUSH map: {}", self.message)
        } else {
            write!(f, "CRUSH map line {}: {}", self.line, self.message)
        }
    }
}

impl std::error::Error for TextError {}

/// Words that start a top-level line, so no bucket type may be called so.
const KEYWORDS: [&str; 5] = ["tunable", "device", "type", "rule", "choose_args"];

/// The most buckets, devices or rules a map may declare (Ceph's ids are 32-bit; this keeps a
/// hostile input from allocating without bound).
const MAX_ITEMS: i64 = 1 << 20;

#[derive(Debug, Clone)]
struct Token<'a> {
    text: &'a str,
    line: usize,
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("");
        let mut start = None;
        for (at, ch) in line.char_indices() {
            let brace = matches!(ch, '{' | '}' | '[' | ']');
            if ch.is_whitespace() || brace {
                if let Some(from) = start.take() {
                    tokens.push(Token {
                        text: &line[from..at],
                        line: index + 1,
                    });
                }
                if brace {
                    tokens.push(Token {
                        text: &line[at..at + 1],
                        line: index + 1,
                    });
                }
            } else if start.is_none() {
                start = Some(at);
            }
        }
        if let Some(from) = start {
            tokens.push(Token {
                text: &line[from..],
                line: index + 1,
            });
        }
    }
    tokens
}

struct Cursor<'a> {
    tokens: Vec<Token<'a>>,
    at: usize,
    last_line: usize,
}

impl<'a> Cursor<'a> {
    fn line(&self) -> usize {
        self.tokens
            .get(self.at)
            .map(|token| token.line)
            .unwrap_or(self.last_line)
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, TextError> {
        Err(TextError {
            line: self.line(),
            message: message.into(),
        })
    }

    fn peek(&self) -> Option<&'a str> {
        self.tokens.get(self.at).map(|token| token.text)
    }

    fn next(&mut self, what: &str) -> Result<&'a str, TextError> {
        match self.tokens.get(self.at) {
            Some(token) => {
                self.at += 1;
                Ok(token.text)
            }
            None => self.error(format!("the map ends where {what} was expected")),
        }
    }

    fn expect(&mut self, word: &str) -> Result<(), TextError> {
        let line = self.line();
        let got = self.next(&format!("`{word}`"))?;
        if got == word {
            Ok(())
        } else {
            Err(TextError {
                line,
                message: format!("expected `{word}`, found `{got}`"),
            })
        }
    }

    fn int(&mut self, what: &str) -> Result<i64, TextError> {
        let line = self.line();
        let got = self.next(what)?;
        got.parse::<i64>()
            .ok()
            .filter(|n| n.abs() <= i64::from(i32::MAX))
            .ok_or_else(|| TextError {
                line,
                message: format!("{what} must be an integer, found `{got}`"),
            })
    }

    /// A weight in 16.16 fixed point, converted as Ceph's compiler does (float, truncated).
    fn weight(&mut self, what: &str) -> Result<u32, TextError> {
        let line = self.line();
        let got = self.next(what)?;
        let value: f32 = got
            .parse()
            .ok()
            .filter(|v: &f32| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| TextError {
                line,
                message: format!("{what} must be a non-negative number, found `{got}`"),
            })?;
        let fixed = value * 65536.0;
        if fixed >= 4_294_967_296.0 {
            return Err(TextError {
                line,
                message: format!("{what} {got} is too large (at most 65535)"),
            });
        }
        Ok(fixed as u32)
    }
}

/// A bucket as written, before weights of child buckets are known.
struct RawBucket {
    line: usize,
    type_id: i32,
    name: String,
    id: Option<i32>,
    class_ids: Vec<(String, i32)>,
    alg: Alg,
    hash: u32,
    items: Vec<(usize, String, Option<u32>, Option<usize>)>,
}

struct Builder {
    map: CrushMap,
    names: HashMap<String, i32>,
    type_ids: HashMap<String, i32>,
    class_ids: HashMap<String, i32>,
    /// Shadow ids written in the text (`id -5 class hdd`).
    declared_shadows: BTreeMap<i32, BTreeMap<i32, i32>>,
    populated: bool,
}

impl Builder {
    fn class_id(&mut self, name: &str) -> i32 {
        if let Some(&id) = self.class_ids.get(name) {
            return id;
        }
        let id = self
            .map
            .classes
            .keys()
            .next_back()
            .map_or(0, |&last| last + 1);
        self.map.classes.insert(id, name.to_owned());
        self.class_ids.insert(name.to_owned(), id);
        id
    }

    fn slot(&mut self, id: i32) -> &mut Option<Bucket> {
        let index = (-1 - i64::from(id)) as usize;
        if self.map.buckets.len() <= index {
            self.map.buckets.resize(index + 1, None);
        }
        &mut self.map.buckets[index]
    }

    fn add_bucket(&mut self, bucket: Bucket) {
        self.names.insert(bucket.name.clone(), bucket.id);
        let id = bucket.id;
        *self.slot(id) = Some(bucket);
    }

    /// Ceph's shadow-tree construction: for every root (ascending id) and every class, a copy of
    /// the tree holding only that class's devices.
    fn populate_classes(&mut self) {
        self.populated = true;
        let used: BTreeSet<i32> = self
            .declared_shadows
            .values()
            .flat_map(|classes| classes.values().copied())
            .collect();
        let mut children = BTreeSet::new();
        for bucket in self.map.each_bucket() {
            children.extend(bucket.items.iter().copied().filter(|&item| item < 0));
        }
        let roots: Vec<i32> = self
            .map
            .each_bucket()
            .filter(|bucket| bucket.class.is_none() && !children.contains(&bucket.id))
            .map(|bucket| bucket.id)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let classes: Vec<i32> = self.map.classes.keys().copied().collect();
        for root in roots {
            for &class in &classes {
                self.clone_for_class(root, class, &used);
            }
        }
    }

    fn clone_for_class(&mut self, original: i32, class: i32, used: &BTreeSet<i32>) -> i32 {
        let Some(source) = self.map.bucket(original).cloned() else {
            return 0;
        };
        let name = format!("{}~{}", source.name, self.map.classes[&class]);
        if let Some(&existing) = self.names.get(&name) {
            return existing;
        }
        let mut items = Vec::new();
        let mut weights = Vec::new();
        let mut origin = Vec::new();
        for (position, (&item, &weight)) in source.items.iter().zip(&source.weights).enumerate() {
            if item >= 0 {
                if self.map.devices.get(&item).and_then(|d| d.class) == Some(class) {
                    items.push(item);
                    weights.push(weight);
                    origin.push(position);
                }
            } else {
                let child = self.clone_for_class(item, class, used);
                let child_weight = self.map.bucket(child).map_or(0, |b| b.weight);
                items.push(child);
                weights.push(child_weight);
                origin.push(position);
            }
        }
        let id = match self
            .declared_shadows
            .get(&original)
            .and_then(|classes| classes.get(&class))
        {
            Some(&id) => id,
            None => {
                let mut id = -1;
                while self.map.bucket(id).is_some() || used.contains(&id) {
                    id -= 1;
                }
                id
            }
        };
        let mut bucket = Bucket::new(
            id,
            name,
            source.type_id,
            source.alg,
            source.hash,
            items,
            weights,
            self.map.tunables.straw_calc_version,
        );
        if source.alg == Alg::Uniform {
            // Ceph grows a uniform copy item by item: its item weight stays zero.
            bucket.weight = bucket.weights.iter().fold(0u32, |s, &w| s.wrapping_add(w));
        }
        bucket.class = Some(class);
        // Weight-sets already present follow the devices into the copy.
        for args in self.map.choose_args.values_mut() {
            let Some(arg) = args.get(&original) else {
                continue;
            };
            let weight_set = arg
                .weight_set
                .iter()
                .map(|weights| {
                    bucket
                        .items
                        .iter()
                        .zip(&origin)
                        .map(|(&item, &position)| {
                            if item >= 0 {
                                weights.get(position).copied().unwrap_or(0)
                            } else {
                                0
                            }
                        })
                        .collect()
                })
                .collect();
            args.insert(
                id,
                ChooseArg {
                    weight_set,
                    ids: None,
                },
            );
        }
        self.add_bucket(bucket);
        self.map
            .class_bucket
            .entry(original)
            .or_default()
            .insert(class, id);
        id
    }
}

/// Reads a CRUSH map in its text form.
pub fn parse(text: &str) -> Result<CrushMap, TextError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(TextError {
            line: 0,
            message: format!(
                "the input is {} bytes, more than the 64 MiB limit",
                text.len()
            ),
        });
    }
    let tokens = tokenize(text);
    if tokens.is_empty() {
        return Err(no_map());
    }
    let last_line = tokens.last().map_or(0, |token| token.line);
    let mut cursor = Cursor {
        tokens,
        at: 0,
        last_line,
    };
    let mut builder = Builder {
        map: CrushMap::empty(Tunables::LEGACY),
        names: HashMap::new(),
        type_ids: HashMap::new(),
        class_ids: HashMap::new(),
        declared_shadows: BTreeMap::new(),
        populated: false,
    };
    let mut raw_buckets: Vec<RawBucket> = Vec::new();
    let mut buckets_built = false;
    while let Some(word) = cursor.peek() {
        match word {
            "tunable" => {
                cursor.at += 1;
                let line = cursor.line();
                let name = cursor.next("a tunable name")?;
                let value = cursor.int("the tunable's value")?;
                if value < 0 || !builder.map.tunables.set(name, value as u32) {
                    return Err(TextError {
                        line,
                        message: format!("unknown tunable `{name}` or bad value {value}"),
                    });
                }
            }
            "device" => {
                cursor.at += 1;
                let line = cursor.line();
                let id = cursor.int("a device id")?;
                if !(0..MAX_ITEMS).contains(&id) {
                    return cursor.error(format!("device id {id} is out of range 0..{MAX_ITEMS}"));
                }
                let name = cursor.next("a device name")?.to_owned();
                let class = if cursor.peek() == Some("class") {
                    cursor.at += 1;
                    let class = cursor.next("a class name")?;
                    Some(builder.class_id(class))
                } else {
                    None
                };
                if builder.names.contains_key(&name)
                    || builder.map.devices.contains_key(&(id as i32))
                {
                    return Err(TextError {
                        line,
                        message: format!("device {id} `{name}` is defined twice"),
                    });
                }
                builder.names.insert(name.clone(), id as i32);
                builder
                    .map
                    .devices
                    .insert(id as i32, Device { name, class });
            }
            "type" => {
                cursor.at += 1;
                let line = cursor.line();
                let id = cursor.int("a type id")?;
                let name = cursor.next("a type name")?.to_owned();
                // Type 0 names the devices (old maps call it `device`) and never starts a bucket
                // line; any other type named like a keyword would.
                if id != 0 && KEYWORDS.contains(&name.as_str()) {
                    return Err(TextError {
                        line,
                        message: format!("`{name}` cannot name a type: it starts other lines"),
                    });
                }
                if builder.type_ids.contains_key(&name)
                    || builder.map.types.contains_key(&(id as i32))
                {
                    return Err(TextError {
                        line,
                        message: format!("type {id} `{name}` is defined twice"),
                    });
                }
                builder.type_ids.insert(name.clone(), id as i32);
                builder.map.types.insert(id as i32, name);
            }
            "rule" => {
                if !buckets_built {
                    build_buckets(&mut builder, std::mem::take(&mut raw_buckets))?;
                    buckets_built = true;
                }
                if !builder.populated {
                    builder.populate_classes();
                }
                let rule = parse_rule(&mut cursor, &mut builder)?;
                builder.map.rules.insert(rule.id, rule);
            }
            "choose_args" => {
                if !buckets_built {
                    build_buckets(&mut builder, std::mem::take(&mut raw_buckets))?;
                    buckets_built = true;
                }
                parse_choose_args(&mut cursor, &mut builder)?;
            }
            other => {
                if let Some(&type_id) = builder.type_ids.get(other) {
                    if buckets_built {
                        return cursor.error(format!(
                            "bucket `{}` comes after a rule; buckets must be defined before rules",
                            cursor.tokens.get(cursor.at + 1).map_or("", |t| t.text)
                        ));
                    }
                    raw_buckets.push(parse_bucket(&mut cursor, &mut builder, type_id)?);
                } else {
                    return cursor.error(format!(
                        "unexpected `{other}`: expected tunable, device, type, a bucket of a \
                         declared type, rule or choose_args"
                    ));
                }
            }
        }
    }
    if !buckets_built {
        build_buckets(&mut builder, raw_buckets)?;
    }
    // Tunables alone (or `choose_args` of nothing) are no map: a map of nothing would also
    // write back as text that holds nothing.
    let map = &builder.map;
    if map.devices.is_empty()
        && map.types.is_empty()
        && map.rules.is_empty()
        && map.each_bucket().next().is_none()
    {
        return Err(no_map());
    }
    builder.map.finalize();
    Ok(builder.map)
}

/// The error for a text that holds no devices, types, buckets or rules.
fn no_map() -> TextError {
    TextError {
        line: 0,
        message: "the input holds no CRUSH map (no devices, types, buckets or rules); \
                  decompile one with `crushtool -d map.bin -o map.txt`"
            .to_owned(),
    }
}

fn parse_bucket(
    cursor: &mut Cursor<'_>,
    builder: &mut Builder,
    type_id: i32,
) -> Result<RawBucket, TextError> {
    let line = cursor.line();
    cursor.at += 1;
    let name = cursor.next("a bucket name")?.to_owned();
    cursor.expect("{")?;
    let mut raw = RawBucket {
        line,
        type_id,
        name,
        id: None,
        class_ids: Vec::new(),
        alg: Alg::Straw2,
        hash: 0,
        items: Vec::new(),
    };
    let mut alg = None;
    loop {
        let line = cursor.line();
        match cursor.next("`}` closing the bucket")? {
            "}" => break,
            "id" => {
                let id = cursor.int("a bucket id")?;
                if !(-MAX_ITEMS..0).contains(&id) {
                    return cursor.error(format!(
                        "bucket id {id} must be negative (-1 … -{MAX_ITEMS})"
                    ));
                }
                if cursor.peek() == Some("class") {
                    cursor.at += 1;
                    let class = cursor.next("a class name")?.to_owned();
                    builder.class_id(&class);
                    raw.class_ids.push((class, id as i32));
                } else {
                    raw.id = Some(id as i32);
                }
            }
            "alg" => {
                let name = cursor.next("an algorithm")?;
                alg = Some(Alg::from_name(name).ok_or_else(|| TextError {
                    line,
                    message: format!(
                        "unknown bucket algorithm `{name}` (uniform, list, tree, straw or straw2)"
                    ),
                })?);
            }
            "hash" => {
                let name = cursor.next("a hash")?;
                raw.hash = match name {
                    "rjenkins1" | "0" => 0,
                    _ => {
                        return Err(TextError {
                            line,
                            message: format!("unknown hash `{name}` (only rjenkins1, 0)"),
                        });
                    }
                };
            }
            "item" => {
                let item = cursor.next("an item name")?.to_owned();
                let mut weight = None;
                let mut pos = None;
                loop {
                    match cursor.peek() {
                        Some("weight") => {
                            cursor.at += 1;
                            weight = Some(cursor.weight("the item weight")?);
                        }
                        Some("pos") => {
                            cursor.at += 1;
                            let p = cursor.int("the item position")?;
                            if !(0..MAX_ITEMS).contains(&p) {
                                return cursor.error(format!("item position {p} is out of range"));
                            }
                            pos = Some(p as usize);
                        }
                        _ => break,
                    }
                }
                raw.items.push((line, item, weight, pos));
            }
            other => {
                return Err(TextError {
                    line,
                    message: format!(
                        "unexpected `{other}` in bucket `{}` (expected id, alg, hash, item or `}}`)",
                        raw.name
                    ),
                });
            }
        }
    }
    raw.alg = alg.ok_or_else(|| TextError {
        line,
        message: format!("bucket `{}` has no `alg` line", raw.name),
    })?;
    Ok(raw)
}

/// Builds buckets children first, assigning missing ids downwards as Ceph's compiler does.
fn build_buckets(builder: &mut Builder, raw: Vec<RawBucket>) -> Result<(), TextError> {
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (index, bucket) in raw.iter().enumerate() {
        if by_name.insert(&bucket.name, index).is_some() || builder.names.contains_key(&bucket.name)
        {
            return Err(TextError {
                line: bucket.line,
                message: format!("bucket or device `{}` is already defined", bucket.name),
            });
        }
    }
    // Children before parents; a cycle is an error.
    let mut order = Vec::with_capacity(raw.len());
    let mut state = vec![0u8; raw.len()];
    for start in 0..raw.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some((_, child, _, _)) = raw[node].items.get(*next) {
                *next += 1;
                if let Some(&child) = by_name.get(child.as_str()) {
                    match state[child] {
                        0 => {
                            state[child] = 1;
                            stack.push((child, 0));
                        }
                        1 => {
                            return Err(TextError {
                                line: raw[child].line,
                                message: format!(
                                    "bucket `{}` contains itself (through `{}`)",
                                    raw[child].name, raw[node].name
                                ),
                            });
                        }
                        _ => {}
                    }
                }
            } else {
                state[node] = 2;
                order.push(node);
                stack.pop();
            }
        }
    }
    let mut taken: BTreeSet<i32> = raw.iter().filter_map(|bucket| bucket.id).collect();
    let mut sums: HashMap<i32, u32> = HashMap::new();
    for index in order {
        let bucket = &raw[index];
        let id = match bucket.id {
            Some(id) => id,
            None => {
                let mut id = -1;
                while taken.contains(&id) || builder.map.bucket(id).is_some() {
                    id -= 1;
                }
                taken.insert(id);
                id
            }
        };
        if builder.map.bucket(id).is_some() {
            return Err(TextError {
                line: bucket.line,
                message: format!("duplicate bucket id {id}"),
            });
        }
        let explicit: Vec<usize> = bucket.items.iter().filter_map(|item| item.3).collect();
        let size = bucket
            .items
            .len()
            .max(explicit.iter().max().map_or(0, |&p| p));
        let mut used = vec![false; size];
        for &p in &explicit {
            if p >= size || used[p] {
                return Err(TextError {
                    line: bucket.line,
                    message: format!(
                        "bucket `{}`: item position {p} is taken or too large",
                        bucket.name
                    ),
                });
            }
            used[p] = true;
        }
        let mut items = vec![0i32; size];
        let mut weights = vec![0u32; size];
        let mut next = 0;
        let mut uniform_weight = None;
        for (line, name, weight, pos) in &bucket.items {
            let Some(&item) = builder.names.get(name.as_str()) else {
                return Err(TextError {
                    line: *line,
                    message: format!("item `{name}` in bucket `{}` is not defined", bucket.name),
                });
            };
            let weight = weight.unwrap_or(if item >= 0 {
                0x10000
            } else {
                sums.get(&item).copied().unwrap_or(0)
            });
            if bucket.alg == Alg::Uniform {
                match uniform_weight {
                    None => uniform_weight = Some(weight),
                    Some(w) if w != weight => {
                        return Err(TextError {
                            line: *line,
                            message: format!(
                                "item `{name}` in uniform bucket `{}` has another weight than the \
                                 items before it; uniform bucket items must weigh the same",
                                bucket.name
                            ),
                        });
                    }
                    _ => {}
                }
            }
            let at = match pos {
                Some(p) => *p,
                None => {
                    while used.get(next) == Some(&true) {
                        next += 1;
                    }
                    next += 1;
                    next - 1
                }
            };
            if at >= size {
                return Err(TextError {
                    line: *line,
                    message: format!(
                        "item `{name}` in bucket `{}` has position {at} >= size {size}",
                        bucket.name
                    ),
                });
            }
            items[at] = item;
            weights[at] = weight;
        }
        let sum = weights.iter().fold(0u32, |s, &w| s.wrapping_add(w));
        sums.insert(id, sum);
        for (class, shadow) in &bucket.class_ids {
            let class = builder.class_ids[class];
            builder
                .declared_shadows
                .entry(id)
                .or_default()
                .insert(class, *shadow);
        }
        let built = Bucket::new(
            id,
            bucket.name.clone(),
            bucket.type_id,
            bucket.alg,
            bucket.hash,
            items,
            weights,
            builder.map.tunables.straw_calc_version,
        );
        builder.add_bucket(built);
    }
    Ok(())
}

fn parse_rule(cursor: &mut Cursor<'_>, builder: &mut Builder) -> Result<Rule, TextError> {
    let line = cursor.line();
    cursor.at += 1;
    let mut name = String::new();
    if cursor.peek() != Some("{") {
        name = cursor.next("a rule name")?.to_owned();
    }
    cursor.expect("{")?;
    let mut id = None;
    let mut kind = RuleType::Replicated;
    let mut min_size = 1;
    let mut max_size = 10;
    let mut steps = Vec::new();
    loop {
        let line = cursor.line();
        match cursor.next("`}` closing the rule")? {
            "}" => break,
            "id" | "ruleset" => {
                let n = cursor.int("a rule id")?;
                if !(0..256).contains(&n) {
                    return cursor.error(format!("rule id {n} is out of range 0..255"));
                }
                id = Some(n as u32);
            }
            "type" => {
                kind = match cursor.next("a rule type")? {
                    "replicated" | "1" => RuleType::Replicated,
                    "erasure" | "3" => RuleType::Erasure,
                    other => {
                        return Err(TextError {
                            line,
                            message: format!("unknown rule type `{other}` (replicated or erasure)"),
                        });
                    }
                }
            }
            "min_size" => min_size = cursor.int("min_size")? as i32,
            "max_size" => max_size = cursor.int("max_size")? as i32,
            "step" => steps.push(parse_step(cursor, builder, &name)?),
            other => {
                return Err(TextError {
                    line,
                    message: format!("unexpected `{other}` in rule `{name}`"),
                });
            }
        }
    }
    let id = id.ok_or_else(|| TextError {
        line,
        message: format!("rule `{name}` has no `id` line"),
    })?;
    if builder.map.rules.contains_key(&id) {
        return Err(TextError {
            line,
            message: format!("rule {id} already exists"),
        });
    }
    if !name.is_empty() && builder.map.rules.values().any(|rule| rule.name == name) {
        return Err(TextError {
            line,
            message: format!("rule name `{name}` is already defined"),
        });
    }
    Ok(Rule {
        id,
        name,
        kind,
        min_size,
        max_size,
        steps,
    })
}

fn parse_step(
    cursor: &mut Cursor<'_>,
    builder: &mut Builder,
    rule: &str,
) -> Result<Step, TextError> {
    let line = cursor.line();
    let op = cursor.next("a step")?;
    let set = |cursor: &mut Cursor<'_>, make: fn(i32) -> Step| -> Result<Step, TextError> {
        Ok(make(cursor.int("the step's value")? as i32))
    };
    match op {
        "take" => {
            let item_name = cursor.next("the item to take")?;
            let Some(&item) = builder.names.get(item_name) else {
                return Err(TextError {
                    line,
                    message: format!("in rule `{rule}` item `{item_name}` is not defined"),
                });
            };
            if cursor.peek() == Some("class") {
                cursor.at += 1;
                let class_name = cursor.next("a class name")?;
                let Some(&class) = builder.class_ids.get(class_name) else {
                    return Err(TextError {
                        line,
                        message: format!(
                            "in rule `{rule}` device class `{class_name}` does not exist"
                        ),
                    });
                };
                match builder
                    .map
                    .class_bucket
                    .get(&item)
                    .and_then(|c| c.get(&class))
                {
                    Some(&shadow) => Ok(Step::Take(shadow)),
                    None => Err(TextError {
                        line,
                        message: format!(
                            "in rule `{rule}` step take {item_name} has no bucket for class {class_name}"
                        ),
                    }),
                }
            } else {
                Ok(Step::Take(item))
            }
        }
        "choose" | "chooseleaf" => {
            let mode = cursor.next("firstn or indep")?;
            let n = cursor.int("the number to choose")? as i32;
            cursor.expect("type")?;
            let type_name = cursor.next("a type name")?;
            let Some(&type_id) = builder.type_ids.get(type_name) else {
                return Err(TextError {
                    line,
                    message: format!("in rule `{rule}` type `{type_name}` is not defined"),
                });
            };
            match (op, mode) {
                ("choose", "firstn") => Ok(Step::ChooseFirstN(n, type_id)),
                ("choose", "indep") => Ok(Step::ChooseIndep(n, type_id)),
                ("chooseleaf", "firstn") => Ok(Step::ChooseLeafFirstN(n, type_id)),
                ("chooseleaf", "indep") => Ok(Step::ChooseLeafIndep(n, type_id)),
                _ => Err(TextError {
                    line,
                    message: format!("expected firstn or indep, found `{mode}`"),
                }),
            }
        }
        "emit" => Ok(Step::Emit),
        "set_choose_tries" => set(cursor, Step::SetChooseTries),
        "set_chooseleaf_tries" => set(cursor, Step::SetChooseLeafTries),
        "set_choose_local_tries" => set(cursor, Step::SetChooseLocalTries),
        "set_choose_local_fallback_tries" => set(cursor, Step::SetChooseLocalFallbackTries),
        "set_chooseleaf_vary_r" => set(cursor, Step::SetChooseLeafVaryR),
        "set_chooseleaf_stable" => set(cursor, Step::SetChooseLeafStable),
        other => Err(TextError {
            line,
            message: format!("unknown step `{other}` in rule `{rule}`"),
        }),
    }
}

fn parse_choose_args(cursor: &mut Cursor<'_>, builder: &mut Builder) -> Result<(), TextError> {
    let line = cursor.line();
    cursor.at += 1;
    let index = cursor.int("a choose_args id")?;
    if builder.map.choose_args.contains_key(&index) {
        return Err(TextError {
            line,
            message: format!("choose_args {index} is defined twice"),
        });
    }
    cursor.expect("{")?;
    let mut args = ChooseArgs::new();
    loop {
        match cursor.next("`}` closing choose_args")? {
            "}" => break,
            "{" => {}
            other => return cursor.error(format!("unexpected `{other}` in choose_args")),
        }
        let mut bucket_id = None;
        let mut arg = ChooseArg::default();
        loop {
            let line = cursor.line();
            match cursor.next("`}` closing the choose_args entry")? {
                "}" => break,
                "bucket_id" => {
                    let id = cursor.int("a bucket id")? as i32;
                    if builder.map.bucket(id).is_none() {
                        return Err(TextError {
                            line,
                            message: format!("choose_args: bucket {id} does not exist"),
                        });
                    }
                    bucket_id = Some(id);
                }
                "weight_set" => {
                    let size = size_of(builder, bucket_id, line)?;
                    cursor.expect("[")?;
                    while cursor.peek() == Some("[") {
                        cursor.at += 1;
                        let mut weights = Vec::new();
                        while cursor.peek() != Some("]") {
                            weights.push(cursor.weight("a weight-set weight")?);
                        }
                        cursor.at += 1;
                        if weights.len() != size {
                            return Err(TextError {
                                line,
                                message: format!(
                                    "bucket {} needs exactly {size} weights but got {}",
                                    bucket_id.unwrap_or(0),
                                    weights.len()
                                ),
                            });
                        }
                        arg.weight_set.push(weights);
                    }
                    cursor.expect("]")?;
                }
                "ids" => {
                    let size = size_of(builder, bucket_id, line)?;
                    cursor.expect("[")?;
                    let mut ids = Vec::new();
                    while cursor.peek() != Some("]") {
                        ids.push(cursor.int("an id")? as i32);
                    }
                    cursor.at += 1;
                    if ids.len() != size {
                        return Err(TextError {
                            line,
                            message: format!(
                                "bucket {} needs exactly {size} ids but got {}",
                                bucket_id.unwrap_or(0),
                                ids.len()
                            ),
                        });
                    }
                    arg.ids = Some(ids);
                }
                other => {
                    return Err(TextError {
                        line,
                        message: format!("unexpected `{other}` in a choose_args entry"),
                    });
                }
            }
        }
        let Some(bucket_id) = bucket_id else {
            return cursor.error("a choose_args entry has no bucket_id");
        };
        args.insert(bucket_id, arg);
    }
    builder.map.choose_args.insert(index, args);
    Ok(())
}

fn size_of(builder: &Builder, bucket_id: Option<i32>, line: usize) -> Result<usize, TextError> {
    bucket_id
        .and_then(|id| builder.map.bucket(id))
        .map(|bucket| bucket.items.len())
        .ok_or_else(|| TextError {
            line,
            message: "choose_args: bucket_id must come first in an entry".to_owned(),
        })
}

/// A 16.16 weight as `crushtool -d` prints it (three decimals).
pub fn format_weight(weight: u32) -> String {
    format!("{:.3}", weight as f32 / 65536.0)
}

/// Writes the map in `crushtool -d`'s layout: shadow buckets only as `id … class …` lines.
pub fn write(map: &CrushMap) -> String {
    let mut out = String::from("# begin crush map\n");
    for (name, value) in map.tunables.named() {
        let legacy = Tunables::LEGACY
            .named()
            .into_iter()
            .find(|(n, _)| *n == name);
        if legacy.map(|(_, v)| v) != Some(value) {
            let _ = writeln!(out, "tunable {name} {value}");
        }
    }
    out.push_str("\n# devices\n");
    for (id, device) in &map.devices {
        let _ = write!(out, "device {id} {}", device.name);
        if let Some(class) = device.class {
            let _ = write!(out, " class {}", map.classes[&class]);
        }
        out.push('\n');
    }
    out.push_str("\n# types\n");
    for (id, name) in &map.types {
        let _ = writeln!(out, "type {id} {name}");
    }
    out.push_str("\n# buckets\n");
    let mut written = BTreeSet::new();
    let ids: Vec<i32> = map
        .each_bucket()
        .filter(|bucket| bucket.class.is_none())
        .map(|bucket| bucket.id)
        .collect();
    for id in ids {
        write_bucket_tree(map, id, &mut written, &mut out);
    }
    out.push_str("\n# rules\n");
    for rule in map.rules.values() {
        let _ = writeln!(out, "rule {} {{", rule.name);
        let _ = writeln!(out, "\tid {}", rule.id);
        let _ = writeln!(out, "\ttype {}", rule.kind.name());
        let _ = writeln!(out, "\tmin_size {}", rule.min_size);
        let _ = writeln!(out, "\tmax_size {}", rule.max_size);
        for step in &rule.steps {
            let _ = writeln!(out, "\tstep {}", step_text(map, step));
        }
        out.push_str("}\n");
    }
    if !map.choose_args.is_empty() {
        out.push_str("\n# choose_args\n");
        for (index, args) in &map.choose_args {
            let _ = writeln!(out, "choose_args {index} {{");
            for (bucket_id, arg) in args {
                let Some(bucket) = map.bucket(*bucket_id) else {
                    continue;
                };
                if bucket.alg != Alg::Straw2 || (arg.weight_set.is_empty() && arg.ids.is_none()) {
                    continue;
                }
                let _ = writeln!(out, "  {{\n    bucket_id {bucket_id}");
                if !arg.weight_set.is_empty() {
                    out.push_str("    weight_set [\n");
                    for weights in &arg.weight_set {
                        let list: Vec<String> = weights.iter().map(|&w| format_weight(w)).collect();
                        let _ = writeln!(out, "      [ {} ]", list.join(" "));
                    }
                    out.push_str("    ]\n");
                }
                if let Some(ids) = &arg.ids {
                    let list: Vec<String> = ids.iter().map(i32::to_string).collect();
                    let _ = writeln!(out, "    ids [ {} ]", list.join(" "));
                }
                out.push_str("  }\n");
            }
            out.push_str("}\n");
        }
    }
    out.push_str("\n# end crush map\n");
    out
}

fn write_bucket_tree(map: &CrushMap, id: i32, written: &mut BTreeSet<i32>, out: &mut String) {
    if !written.insert(id) {
        return;
    }
    let Some(bucket) = map.bucket(id) else {
        return;
    };
    for &item in &bucket.items {
        if item < 0 {
            write_bucket_tree(map, item, written, out);
        }
    }
    let type_name = map
        .types
        .get(&bucket.type_id)
        .map_or("unknown", String::as_str);
    let _ = writeln!(out, "{type_name} {} {{", bucket.name);
    let _ = writeln!(out, "\tid {}\t\t# do not change unnecessarily", bucket.id);
    if let Some(shadows) = map.class_bucket.get(&bucket.id) {
        for (class, shadow) in shadows {
            let _ = writeln!(
                out,
                "\tid {shadow} class {}\t\t# do not change unnecessarily",
                map.classes[class]
            );
        }
    }
    let _ = writeln!(out, "\t# weight {}", format_weight(bucket.weight));
    let note = match bucket.alg {
        Alg::Uniform => format!(
            "\t# do not change bucket size ({}) unnecessarily",
            bucket.items.len()
        ),
        Alg::List => "\t# add new items at the end; do not change order unnecessarily".to_owned(),
        Alg::Tree => "\t# do not change pos for existing items unnecessarily".to_owned(),
        _ => String::new(),
    };
    let _ = writeln!(out, "\talg {}{note}", bucket.alg.name());
    let _ = writeln!(out, "\thash {}\t# rjenkins1", bucket.hash);
    for (position, (&item, &weight)) in bucket.items.iter().zip(&bucket.weights).enumerate() {
        let name = map.item_name(item).unwrap_or("unknown");
        let _ = write!(out, "\titem {name} weight {}", format_weight(weight));
        if matches!(bucket.alg, Alg::Uniform | Alg::Tree) {
            let _ = write!(out, " pos {position}");
        }
        out.push('\n');
    }
    out.push_str("}\n");
}

/// A step as written in a rule (`take default class hdd`, `chooseleaf firstn 0 type host`).
pub fn step_text(map: &CrushMap, step: &Step) -> String {
    let type_name = |id: i32| {
        map.types
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    };
    match *step {
        Step::Take(item) => match map.bucket(item) {
            Some(bucket) if bucket.class.is_some() => {
                let (base, class) = bucket.name.split_once('~').unwrap_or((&bucket.name, ""));
                format!("take {base} class {class}")
            }
            _ => format!("take {}", map.item_name(item).unwrap_or("unknown")),
        },
        Step::ChooseFirstN(n, t) => format!("choose firstn {n} type {}", type_name(t)),
        Step::ChooseIndep(n, t) => format!("choose indep {n} type {}", type_name(t)),
        Step::ChooseLeafFirstN(n, t) => format!("chooseleaf firstn {n} type {}", type_name(t)),
        Step::ChooseLeafIndep(n, t) => format!("chooseleaf indep {n} type {}", type_name(t)),
        Step::Emit => "emit".to_owned(),
        Step::SetChooseTries(n) => format!("set_choose_tries {n}"),
        Step::SetChooseLeafTries(n) => format!("set_chooseleaf_tries {n}"),
        Step::SetChooseLocalTries(n) => format!("set_choose_local_tries {n}"),
        Step::SetChooseLocalFallbackTries(n) => format!("set_choose_local_fallback_tries {n}"),
        Step::SetChooseLeafVaryR(n) => format!("set_chooseleaf_vary_r {n}"),
        Step::SetChooseLeafStable(n) => format!("set_chooseleaf_stable {n}"),
    }
}
