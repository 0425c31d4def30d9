//! The rule's steps: per tree level a cap on replicas per bucket, and from the widest level whose
//! cap binds down to the leaves, the same number of buckets chosen under each parent.
//!
//! Caps come from `max_per_domain` (exact), `min_domains: k` (the largest cap that still forces
//! k domains, ⌈R/(k−1)⌉ − 1) and `max_skew` (⌈R/D⌉ over the D domains: even use, stricter).
//! A cap binds where it is smaller than every cap above it; the OSD level always binds with 1.
//! Going up from the leaves, each binding level holds as many of the next binding level's
//! buckets as its cap allows (rounded down); the widest takes ⌈R / its load⌉ buckets, and
//! `firstn` truncates the result to the pool size.

use crate::request::{Limit, Request, plural};

use super::super::forcing_bound;
use super::tree::Tree;

/// One `choose`/`chooseleaf` step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The level: an index into the tree's levels (widest first), or [`Step::HOST`],
    /// [`Step::OSD`].
    pub level: usize,
    /// `firstn` count; 0 means the pool size.
    pub count: u32,
    /// The last step: `chooseleaf` (one OSD under each bucket), or `choose` at the OSD level.
    pub leaf: bool,
}

impl Step {
    /// The host level.
    pub const HOST: usize = usize::MAX - 1;
    /// The OSD level.
    pub const OSD: usize = usize::MAX;
}

/// A replicated rule's sizes and steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Smallest pool size the rule is for.
    pub min_size: u32,
    /// Largest pool size the rule is for.
    pub max_size: u32,
    /// The steps between `take default` and `emit`.
    pub steps: Vec<Step>,
}

/// The rule for the request on the tree, with lossy notes for what it makes stricter.
pub fn rule(request: &Request, tree: &Tree<'_>, lossy: &mut Vec<String>) -> Rule {
    let n_replicas = request.replicas;
    // Levels widest first: the tree's kinds, then host, then OSD.
    let mut levels: Vec<(usize, &str)> = tree
        .levels
        .iter()
        .enumerate()
        .map(|(index, level)| (index, level.kind.as_str()))
        .collect();
    levels.push((Step::HOST, "host"));
    levels.push((Step::OSD, "osd"));
    let mut caps: Vec<Option<u32>> = vec![None; levels.len()];
    caps[levels.len() - 1] = Some(1);
    for rule in &request.rules {
        let kind = rule.kind.as_str();
        if !tree.has(kind) {
            continue; // Already lossy: not in the tree.
        }
        let position = levels
            .iter()
            .position(|(_, level_kind)| *level_kind == kind)
            .expect("tree kinds and host are levels");
        let cap = match rule.limit {
            Limit::MaxPerDomain(cap) => cap,
            Limit::MinDomains(wanted) if wanted <= 1 => continue,
            Limit::MinDomains(wanted) => {
                let cap = forcing_bound(n_replicas, wanted);
                if wanted > n_replicas {
                    lossy.push(format!(
                        "{rule}: more domains than the {n_replicas} replicas can fill; no rule \
                         can meet it"
                    ));
                } else if n_replicas - wanted + 1 > cap {
                    lossy.push(format!(
                        "{rule}: CRUSH cannot count domains; written as at most {cap} per {}, \
                         which forces {wanted} of them but also refuses some uneven placements",
                        plural(kind, 1)
                    ));
                }
                cap
            }
            Limit::MaxSkew(_) => {
                let domains = u32::try_from(tree.domains(kind)).unwrap_or(u32::MAX);
                if domains == 0 {
                    continue;
                }
                let cap = n_replicas.div_ceil(domains);
                lossy.push(format!(
                    "{rule}: CRUSH has no skew bound; written as at most {cap} per {} (an even \
                     use of the {domains} {}), which does not force every one of them to be used",
                    plural(kind, 1),
                    plural(kind, domains)
                ));
                cap
            }
        };
        caps[position] = Some(caps[position].map_or(cap, |c| c.min(cap)));
    }

    // Binding levels, widest first, with their effective caps.
    let mut binding: Vec<(usize, &str, u32)> = Vec::new();
    let mut above = n_replicas;
    for ((level, kind), cap) in levels.iter().zip(&caps) {
        let effective = cap.map_or(above, |cap| cap.min(above));
        if effective < above {
            binding.push((*level, kind, effective));
            above = effective;
        }
    }
    if binding.is_empty() {
        // One replica: any OSD will do.
        return Rule {
            min_size: 1,
            max_size: n_replicas.max(10),
            steps: vec![Step {
                level: Step::OSD,
                count: 0,
                leaf: true,
            }],
        };
    }
    // Loads per bucket, narrowest binding level first (1 replica per leaf-level bucket).
    let mut counts = vec![0u32; binding.len()];
    let mut load = 1u32;
    for index in (0..binding.len() - 1).rev() {
        let (_, kind, cap) = binding[index];
        let (_, child_kind, _) = binding[index + 1];
        let (room, most) = tree.children_range(kind, child_kind);
        let child_load = load;
        let by_cap = cap / child_load;
        let per_parent = by_cap.min(room).max(1);
        counts[index + 1] = per_parent;
        load = per_parent * child_load;
        // Stricter than asked when some parent could take more than the uniform count: the
        // smallest parent limits all of them, or the cap is not a multiple of the child load.
        let limited_by_room = per_parent < by_cap && most > room;
        let uneven = per_parent == by_cap && load < cap && most > per_parent;
        if limited_by_room || uneven {
            let why = if limited_by_room {
                format!(
                    " (the smallest holds only {room} {})",
                    plural(child_kind, room)
                )
            } else {
                String::new()
            };
            lossy.push(format!(
                "at most {cap} per {}: CRUSH chooses the same number of {} under every {}, so \
                 each holds at most {load}{why}",
                plural(kind, 1),
                plural(child_kind, 2),
                plural(kind, 1)
            ));
        }
    }
    let single = binding.len() == 1;
    counts[0] = if single { 0 } else { n_replicas.div_ceil(load) };
    let steps = binding
        .iter()
        .zip(&counts)
        .enumerate()
        .map(|(index, ((level, _, _), count))| Step {
            level: *level,
            count: *count,
            leaf: index == binding.len() - 1,
        })
        .collect();
    let (min_size, max_size) = if single {
        (1, n_replicas.max(10))
    } else {
        (n_replicas, n_replicas)
    };
    Rule {
        min_size,
        max_size,
        steps,
    }
}
