//! The CRUSH export for a real cluster. Onto the user's own map: the map text exactly as given
//! plus one new rule (a free id, the map's real root, bucket types and device class), never a
//! regenerated map; the rule's `min_size`/`max_size` are the pool sizes the twin finds it really
//! holds on that map, and what it cannot express is measured with the twin over 1,024 inputs.
//! From an OSD tree or a dump (no map text to extend): the rule alone, with
//! `ceph osd crush rule create-replicated` where one `chooseleaf` step suffices.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::crush::{self, CrushMap, ITEM_NONE, Scratch, do_rule_into};
use crate::import::import_crush_map;
use crate::request::{Limit, Request, plural};
use crate::solve::place;
use crate::topology::Topology;

use super::super::{Export, Options};
use super::takes::{self, Ground, Shape};
use super::tree::Tree;
use super::{chosen, left_notes, rule, rule_text, trial};

/// The label the Ceph importer gives each host: the name of the root bucket it hangs from.
const ROOT_LABEL: &str = "ceph-root";

/// Inputs the twin maps to measure a rule (as `crushtool --test` does by default).
const INPUTS: u32 = 1024;

/// The largest pool size whose holding is checked (Ceph's default `max_size`).
const MAX_CHECKED_SIZE: u32 = 10;

/// The root the rule takes and the request narrowed to the hosts under it. A `take` step names
/// one bucket: when the eligible hosts hang from several roots (the `ceph-root` label, the bucket
/// at the top of each host's chain), the one holding the most of them (the first by name on a
/// tie), with a lossy note. Also what every `take` appends for the requested device class
/// (` class ssd`, or nothing).
fn rooted(
    topology: &Topology,
    request: &Request,
    lossy: &mut Vec<String>,
) -> (String, String, Request) {
    let mut roots: BTreeMap<&str, usize> = BTreeMap::new();
    for host in topology.hosts.iter().filter(|host| request.selects(host)) {
        if let Some(root) = host.labels.get(ROOT_LABEL) {
            *roots.entry(root.as_str()).or_insert(0) += 1;
        }
    }
    let most = roots
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(&root, _)| root.to_owned());
    let mut narrowed = request.clone();
    if roots.len() > 1
        && let Some(root) = &most
    {
        let names: Vec<String> = roots
            .iter()
            .map(|(name, hosts)| format!("`{name}`: {hosts} {}", plural("host", *hosts as u32)))
            .collect();
        lossy.push(format!(
            "the eligible hosts hang from {} roots ({}); a rule takes one: `{root}`, which holds \
             the most (select `{ROOT_LABEL}` to choose)",
            names.len(),
            names.join(", ")
        ));
        narrowed.select.insert(ROOT_LABEL.to_owned(), root.clone());
    }
    let root = most.unwrap_or_else(|| "default".to_owned());
    let class = request
        .select
        .get("device-class")
        .map(|class| format!(" class {class}"))
        .unwrap_or_default();
    (root, class, narrowed)
}

/// The rule alone for a cluster known only by its OSD tree or dump: the user adds it to their
/// own map (or creates it with `ceph osd crush rule create-replicated` when that suffices).
pub fn crush_rule_only(request: &Request, topology: &Topology, options: &Options) -> Export {
    let mut lossy = Vec::new();
    let (root, class, request) = &rooted(topology, request, &mut lossy);
    let tree = Tree::new(topology, request);
    let mut notes = String::new();
    left_notes(&tree, request, &mut notes, &mut lossy);
    let placement = place(topology, request);
    let bucket = |_: &str, domain: &str| domain.to_owned();
    let ground = Ground {
        topology,
        request,
        placement: &placement,
        root,
        bucket: &bucket,
        class,
    };
    // Without the map the twin cannot judge a multi-take shape: the one-take shape.
    let (mut shape, _) = takes::candidates(&ground);
    lossy.append(&mut shape.lossy);
    let type_name = |level: usize| match level {
        rule::Step::OSD => "osd".to_owned(),
        rule::Step::HOST => "host".to_owned(),
        depth => tree.levels[depth].kind.clone(),
    };
    let name = options.name();
    let mut out = format!(
        "# Tenancy Scale: the CRUSH rule `{name}` for your cluster. Your map is not regenerated\n\
         # (its ids, weights and algorithms stay as they are): add this rule to it.\n"
    );
    out.push_str(&notes);
    if let [take] = shape.takes.as_slice()
        && let [step] = take.steps.as_slice()
        && step.leaf
        && step.count == 0
        && step.level != rule::Step::OSD
    {
        let top = take.item.split(' ').next().unwrap_or(root);
        let class = request
            .select
            .get("device-class")
            .map(|class| format!(" {class}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "# Simplest: ceph osd crush rule create-replicated {name} {top} {}{class}",
            type_name(step.level)
        );
    }
    let _ = writeln!(
        out,
        "# Or: ceph osd getcrushmap -o old.bin && crushtool -d old.bin -o map.txt, then\n\
         # tenancy export crush --topology map.txt --from crushmap (adds it with a free id and\n\
         # checks it), or paste it before `# end crush map` with an id the map does not use;\n\
         # crushtool -c map.txt -o new.bin && crushtool -i old.bin --compare new.bin\n\
         # && ceph osd setcrushmap -i new.bin\n\
         # Pool: ceph osd pool create POOL 128 128 replicated {name} && ceph osd pool set POOL \
         size {r} && ceph osd pool set POOL min_size {q}",
        r = request.replicas,
        q = request.quorum
    );
    out.push_str(&rule_text(name, 0, &shape, &type_name));
    Export::new(out, lossy)
}

/// The user's map text plus one rule for the request, with the commands to apply it; an error
/// when the text is not a CRUSH map the twin can read.
pub fn crush_onto_map(
    request: &Request,
    map_text: &str,
    options: &Options,
) -> Result<Export, String> {
    let map = crush::parse(map_text).map_err(|e| e.to_string())?;
    let topology = import_crush_map(&map).map_err(|e| e.to_string())?.topology;
    let mut lossy = Vec::new();
    let (root, class, narrowed) = rooted(&topology, request, &mut lossy);
    let tree = Tree::new(&topology, &narrowed);
    let mut notes = String::new();
    left_notes(&tree, &narrowed, &mut notes, &mut lossy);
    let placement = place(&topology, &narrowed);
    let bucket = |_: &str, domain: &str| domain.to_owned();
    let ground = Ground {
        topology: &topology,
        request: &narrowed,
        placement: &placement,
        root: &root,
        bucket: &bucket,
        class: &class,
    };

    let id = (0..=255u32)
        .find(|id| !map.rules.contains_key(id))
        .ok_or("the map already has 256 rules; CRUSH holds no more")?;
    let mut name = options.name().to_owned();
    let mut suffix = 1;
    while map.rules.values().any(|rule| rule.name == name) {
        suffix += 1;
        name = format!("{}-{suffix}", options.name());
    }
    let osd_type = map
        .types
        .get(&0)
        .cloned()
        .unwrap_or_else(|| "osd".to_owned());
    let type_name = |level: usize| match level {
        rule::Step::OSD => osd_type.clone(),
        rule::Step::HOST => "host".to_owned(),
        depth => tree.levels[depth].kind.clone(),
    };

    // Each candidate is compiled into a copy of the map and run by the twin.
    let draft = |shape: &Shape| {
        crush::parse(&insert_rule(
            map_text,
            &rule_text(&name, id, shape, &type_name),
        ))
    };
    let (mut shape, _) = chosen(&ground, &mut |shape| {
        let map = draft(shape).ok()?;
        Some(trial(&map, id, &ground))
    });
    lossy.append(&mut shape.lossy);
    let measured = draft(&shape).map_err(|e| format!("the new rule does not compile: {e}"))?;
    let sizes = held_sizes(&measured, id);
    shape.min_size = 1;
    shape.max_size = sizes.max(1);
    let text_rule = rule_text(&name, id, &shape, &type_name);
    let with_rule = insert_rule(map_text, &text_rule);
    let map_after =
        crush::parse(&with_rule).map_err(|e| format!("the new rule does not compile: {e}"))?;
    measure(
        &map_after,
        id,
        request,
        &topology_hosts(&map_after),
        &mut lossy,
    );
    if sizes < request.replicas {
        lossy.push(format!(
            "on this map the rule holds pools of at most {sizes} replicas, fewer than the {} asked",
            request.replicas
        ));
    }

    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Tenancy Scale: your CRUSH map as given, plus the rule `{name}` (id {id}) for `{}`.",
        options.name()
    );
    out.push_str(&notes);
    let _ = writeln!(
        out,
        "# Check: crushtool -c map.txt -o new.bin && crushtool -i new.bin --test --rule {id} \
         --num-rep {r} --show-bad-mappings\n\
         # Prove nothing else moves: ceph osd getcrushmap -o old.bin && crushtool -i old.bin \
         --compare new.bin\n\
         # Apply: ceph osd setcrushmap -i new.bin\n\
         # Pool: ceph osd pool create POOL 128 128 replicated {name} && ceph osd pool set POOL \
         size {r} && ceph osd pool set POOL min_size {q}",
        r = request.replicas,
        q = request.quorum
    );
    out.push_str(&with_rule);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(Export::new(out, lossy))
}

/// The map text with the rule added after the last rule (before `choose_args` and the end
/// marker), every other line untouched.
fn insert_rule(map_text: &str, rule: &str) -> String {
    let lines: Vec<&str> = map_text.lines().collect();
    let before = lines
        .iter()
        .position(|line| {
            let line = line.trim_start();
            line.starts_with("choose_args")
                || line.starts_with("# choose_args")
                || line.starts_with("# end crush map")
        })
        .unwrap_or(lines.len());
    let mut out = String::new();
    for line in &lines[..before] {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(rule);
    for line in &lines[before..] {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The largest pool size `n` (up to 10) such that every size up to `n` maps every input in
/// full; 0 when even one replica can fail to map.
pub(super) fn held_sizes(map: &CrushMap, rule: u32) -> u32 {
    let weights = map.default_weights();
    let choose_args = map.choose_args_for(0);
    let mut scratch = Scratch::default();
    let mut result = Vec::new();
    let mut held = 0;
    for size in 1..=MAX_CHECKED_SIZE {
        for x in 0..INPUTS {
            do_rule_into(
                map,
                rule,
                x,
                size as usize,
                &weights,
                choose_args,
                &mut scratch,
                &mut result,
            );
            if result.len() < size as usize || result.contains(&ITEM_NONE) {
                return held;
            }
        }
        held = size;
    }
    held
}

/// Each device's host and that host's domains, from the map's own tree.
fn topology_hosts(map: &CrushMap) -> BTreeMap<i32, BTreeMap<String, String>> {
    let parent: BTreeMap<i32, i32> = map
        .each_bucket()
        .filter(|bucket| bucket.class.is_none())
        .flat_map(|bucket| bucket.items.iter().map(move |&item| (item, bucket.id)))
        .collect();
    let mut out = BTreeMap::new();
    for &device in map.devices.keys() {
        let mut domains = BTreeMap::new();
        let mut at = device;
        let mut steps = 0;
        while let Some(&up) = parent.get(&at) {
            steps += 1;
            if steps > 64 {
                break;
            }
            if let Some(bucket) = map.bucket(up) {
                let kind = map.types.get(&bucket.type_id).cloned().unwrap_or_default();
                domains.entry(kind).or_insert_with(|| bucket.name.clone());
            }
            at = up;
        }
        out.insert(device, domains);
    }
    out
}

/// What the rule gives over 1,024 inputs at the request's size: short mappings, and for each
/// `max_per_domain`/`min_domains` rule the share of inputs that break it; lossy entries say so.
fn measure(
    map: &CrushMap,
    rule: u32,
    request: &Request,
    domains: &BTreeMap<i32, BTreeMap<String, String>>,
    lossy: &mut Vec<String>,
) {
    let weights = map.default_weights();
    let choose_args = map.choose_args_for(0);
    let size = request.replicas as usize;
    let mut scratch = Scratch::default();
    let mut result = Vec::new();
    let mut short = 0u32;
    let mut broken: Vec<(u32, u32)> = vec![(0, 0); request.rules.len()];
    for x in 0..INPUTS {
        do_rule_into(
            map,
            rule,
            x,
            size,
            &weights,
            choose_args,
            &mut scratch,
            &mut result,
        );
        if result.len() < size || result.contains(&ITEM_NONE) {
            short += 1;
        }
        for (index, request_rule) in request.rules.iter().enumerate() {
            let mut per: BTreeMap<&str, u32> = BTreeMap::new();
            for osd in result.iter().filter(|&&osd| osd != ITEM_NONE) {
                let domain = domains
                    .get(osd)
                    .and_then(|d| d.get(&request_rule.kind))
                    .map_or("?", String::as_str);
                *per.entry(domain).or_insert(0) += 1;
            }
            let most = per.values().copied().max().unwrap_or(0);
            let bad = match request_rule.limit {
                Limit::MaxPerDomain(k) => most > k,
                Limit::MinDomains(k) => (per.len() as u32) < k,
                Limit::MaxSkew(_) => false,
            };
            if bad {
                broken[index].0 += 1;
                broken[index].1 = broken[index].1.max(most);
            }
        }
    }
    let percent = |n: u32| f64::from(n) * 100.0 / f64::from(INPUTS);
    for (request_rule, (count, worst)) in request.rules.iter().zip(broken) {
        if count > 0 {
            lossy.push(format!(
                "{request_rule}: on this map {:.1} % of inputs break it (worst: {worst} of {} \
                 replicas in one {})",
                percent(count),
                request.replicas,
                request_rule.kind
            ));
        }
    }
    if short > 0 {
        lossy.push(format!(
            "on this map {:.1} % of inputs are short of {} replicas (bad mappings)",
            percent(short),
            request.replicas
        ));
    }
}
