//! Counting arguments in words for infeasible requests: "2 data centers × at most 2 per data
//! center = 4 < 5 replicas", "only 3 eligible hosts with 1 slot each for 5 replicas".
//!
//! Each argument is an upper bound on what the rules let the hosts take (or on how many distinct
//! domains the replicas can reach) that falls short of the request. When none applies, the
//! explanation names the rules and says that they only fail together.

use std::collections::{BTreeMap, BTreeSet};

use crate::request::{Limit, Request, Rule, plural};

use super::model::{Base, DomainId, Limits, Model, Models, UNBOUNDED};
use super::search::class_capacity;

/// Why the hosts cannot take the replicas even without rules: selection and slots.
pub(super) fn without_rules(base: &Base<'_>, request: &Request) -> String {
    let replicas = request.replicas;
    let hosts = &base.topology.hosts;
    let selection = selection(request);
    let matching = hosts.iter().filter(|h| request.matches(h)).count();
    if matching == 0 {
        return format!("no host matches select {selection}");
    }
    let eligible: Vec<u32> = base
        .groups
        .iter()
        .flat_map(|g| g.slots.iter().copied())
        .collect();
    let scope = if request.select.is_empty() {
        String::new()
    } else {
        format!(
            " (select {selection} matches {matching} of {} hosts)",
            hosts.len()
        )
    };
    if eligible.is_empty() {
        return format!("every eligible host has 0 slots{scope}");
    }
    let total: u64 = eligible.iter().map(|&s| u64::from(s)).sum();
    let n = eligible.len();
    let host_word = if n == 1 { "host" } else { "hosts" };
    if eligible.iter().all(|&s| s == eligible[0]) {
        let slots = eligible[0];
        let slot_word = if slots == 1 { "slot" } else { "slots" };
        let each = if n == 1 { "" } else { " each" };
        format!(
            "only {n} eligible {host_word} with {slots} {slot_word}{each} for {replicas} replicas{scope}"
        )
    } else {
        format!(
            "only {n} eligible {host_word} with {total} slots in total for {replicas} replicas{scope}"
        )
    }
}

/// Why the rules at these indices cannot all hold: the first counting argument that applies.
pub(super) fn with_rules(models: &mut Models<'_>, request: &Request, set: &[usize]) -> String {
    let base = models.base;
    let rules: Vec<&Rule> = set.iter().map(|&i| &request.rules[i]).collect();
    let model = models.get(&rules);
    let limits = Limits::new(base, &rules);
    let counting = Counting::new(base, model, &limits);
    let argument = rules.iter().find_map(|rule| counting.argument(rule));
    let named: Vec<String> = set
        .iter()
        .map(|&i| format!("rules[{i}] ({})", request.rules[i]))
        .collect();
    let excluded = exclusions(base, &rules);
    match argument {
        Some(argument) => format!("{argument}{excluded}"),
        None if set.len() == 1 => format!(
            "no placement on the eligible hosts satisfies {}{excluded}",
            named[0]
        ),
        None => format!(
            "no placement satisfies {} together; dropping any one of them makes the request feasible",
            join(&named)
        ),
    }
}

/// Whether a counting bound alone shows that these rules cannot hold on the model: the hosts'
/// capacity under the per-host cap, or one rule's argument (the cheap counts of every rule
/// first). Tried before any search.
pub(super) fn refuted(
    base: &Base<'_>,
    model: &Model<'_>,
    limits: &Limits,
    rules: &[&Rule],
) -> bool {
    let counting = Counting::new(base, model, limits);
    counting.cap.iter().sum::<u64>() < counting.replicas()
        || rules.iter().any(|rule| counting.quick(rule))
        || rules.iter().any(|rule| counting.argument(rule).is_some())
}

/// "; 2 selected hosts without a PDU cannot be used while a rule is on PDUs", for each ruled
/// kind that leaves selected hosts out (as Kubernetes ignores nodes without the topology label).
fn exclusions(base: &Base<'_>, rules: &[&Rule]) -> String {
    let mut out = String::new();
    for (k, kind) in base.topology.kinds.iter().enumerate() {
        if !rules.iter().any(|r| &r.kind == kind) {
            continue;
        }
        let missing = base.missing(k).len();
        if missing > 0 {
            let hosts = if missing == 1 { "host" } else { "hosts" };
            out.push_str(&format!(
                "; {missing} selected {hosts} without a {} cannot be used while a rule is on {}",
                plural(kind, 1),
                plural(kind, 2)
            ));
        }
    }
    out
}

/// Capacities under a set of rules, for counting.
struct Counting<'a> {
    base: &'a Base<'a>,
    model: &'a Model<'a>,
    limits: &'a Limits,
    /// Per class, what its hosts can take under the host cap.
    cap: Vec<u64>,
}

impl<'a> Counting<'a> {
    fn new(base: &'a Base<'a>, model: &'a Model<'a>, limits: &'a Limits) -> Counting<'a> {
        let per_host = limits.upper[model.n_kinds];
        let cap = model
            .classes
            .iter()
            .map(|c| u64::from(class_capacity(c.slots, per_host)))
            .collect();
        Counting {
            base,
            model,
            limits,
            cap,
        }
    }

    /// The counting argument that refutes this rule on its own, if there is one.
    fn argument(&self, rule: &Rule) -> Option<String> {
        let k = self.base.kind_index(&rule.kind);
        match rule.limit {
            Limit::MaxPerDomain(m) => self.capped(k, m),
            Limit::MinDomains(n) => self.distinct(k, n),
            Limit::MaxSkew(s) => self.skewed(k, s),
        }
    }

    fn replicas(&self) -> u64 {
        u64::from(self.model.replicas)
    }

    fn kind_name(&self, k: usize) -> &str {
        self.base
            .topology
            .kinds
            .get(k)
            .map_or(crate::topology::HOST_KIND, String::as_str)
    }

    /// Whether a bound cheaper than [`Counting::argument`]'s refutes this rule: the same counts
    /// before other kinds' caps refine them, so that whenever this holds, `argument` finds one.
    fn quick(&self, rule: &Rule) -> bool {
        let k = self.base.kind_index(&rule.kind);
        match rule.limit {
            Limit::MaxPerDomain(most) => {
                let total: u64 = self
                    .raw_capacities(k)
                    .iter()
                    .map(|&c| c.min(u64::from(most)))
                    .sum();
                total < self.replicas()
            }
            Limit::MinDomains(least) => {
                self.model.replicas < least || (self.model.n_domains(k) as u32) < least
            }
            Limit::MaxSkew(_) => false,
        }
    }

    /// What each domain of kind `k` (each host for `host`) can take under the host cap alone.
    fn raw_capacities(&self, k: usize) -> Vec<u64> {
        let n = self.model.n_kinds;
        if k == n {
            let per_host = self.limits.upper[n];
            return self
                .model
                .classes
                .iter()
                .flat_map(|c| c.slots.iter().map(move |&s| u64::from(s.min(per_host))))
                .collect();
        }
        let mut raw = vec![0u64; self.model.domains[k].len()];
        for (class, &cap) in self.model.classes.iter().zip(&self.cap) {
            raw[class.domains[k].index()] += cap;
        }
        raw
    }

    /// What each domain of kind `k` (each host for `host`) can take under the other caps, and
    /// whether another kind's cap made any of them smaller.
    fn domain_capacities(&self, k: usize) -> (Vec<u64>, bool) {
        let n = self.model.n_kinds;
        let raw = self.raw_capacities(k);
        if k == n {
            return (raw, false);
        }
        let mut refined = raw.clone();
        for j in (0..n).filter(|&j| j != k && self.limits.upper[j] != UNBOUNDED) {
            // What each (k domain, j domain) pair can take, summed by sorting (no hashing).
            let mut pairs: Vec<(DomainId, DomainId, u64)> = self
                .model
                .classes
                .iter()
                .zip(&self.cap)
                .map(|(class, &cap)| (class.domains[k], class.domains[j], cap))
                .collect();
            pairs.sort_unstable_by_key(|&(d, e, _)| (d, e));
            let mut bound = vec![0u64; raw.len()];
            for run in pairs.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
                let cap: u64 = run.iter().map(|&(_, _, cap)| cap).sum();
                bound[run[0].0.index()] += cap.min(u64::from(self.limits.upper[j]));
            }
            for (r, b) in refined.iter_mut().zip(bound) {
                *r = (*r).min(b);
            }
        }
        let smaller = refined.iter().zip(&raw).any(|(r, w)| r < w);
        (refined, smaller)
    }

    /// "2 data centers × at most 2 per data center = 4 < 5 replicas".
    fn capped(&self, k: usize, most: u32) -> Option<String> {
        let (caps, refined) = self.domain_capacities(k);
        let kind = self.kind_name(k);
        let count = caps.len() as u32;
        let total: u64 = caps.iter().map(|&c| c.min(u64::from(most))).sum();
        if total >= self.replicas() {
            return None;
        }
        let replicas = self.replicas();
        let eligible = if k == self.model.n_kinds {
            "eligible "
        } else {
            ""
        };
        if caps.iter().all(|&c| c >= u64::from(most)) {
            return Some(format!(
                "{count} {eligible}{} × at most {most} per {} = {total} < {replicas} replicas",
                plural(kind, count),
                plural(kind, 1)
            ));
        }
        let mut terms: Vec<u64> = caps.iter().map(|&c| c.min(u64::from(most))).collect();
        terms.sort_unstable_by(|a, b| b.cmp(a));
        let sum = if terms.len() <= 8 && terms.len() > 1 {
            let parts: Vec<String> = terms.iter().map(u64::to_string).collect();
            format!("{} = {total}", parts.join(" + "))
        } else {
            total.to_string()
        };
        let context = if refined {
            format!("with {}, ", self.other_caps(k))
        } else {
            String::new()
        };
        Some(format!(
            "{context}{count} {eligible}{} {} at most {sum} < {replicas} replicas (at most {most} per {}, within their hosts' slots)",
            plural(kind, count),
            hold(count),
            plural(kind, 1)
        ))
    }

    /// "only 2 eligible data centers for at least 3 distinct data centers".
    fn distinct(&self, k: usize, least: u32) -> Option<String> {
        let kind = self.kind_name(k);
        let count = self.model.n_domains(k) as u32;
        if self.model.replicas < least {
            return Some(format!(
                "{} replicas cannot occupy {least} distinct {}",
                self.model.replicas,
                plural(kind, least)
            ));
        }
        if count < least {
            return Some(format!(
                "only {count} eligible {} for at least {least} distinct {}",
                plural(kind, count),
                plural(kind, least)
            ));
        }
        // Each domain of a capped kind `j` reaches at most its cap of distinct `k` domains.
        if k == self.model.n_kinds {
            return None;
        }
        (0..self.model.n_kinds)
            .filter(|&j| j != k && self.limits.upper[j] != UNBOUNDED)
            .find_map(|j| {
                let mut inside: BTreeMap<DomainId, BTreeSet<DomainId>> = BTreeMap::new();
                for class in &self.model.classes {
                    inside
                        .entry(class.domains[j])
                        .or_default()
                        .insert(class.domains[k]);
                }
                let cap = self.limits.upper[j];
                let reach: u64 = inside
                    .values()
                    .map(|ks| (ks.len() as u64).min(u64::from(cap)))
                    .sum();
                (reach < u64::from(least)).then(|| {
                    let other = self.kind_name(j);
                    let n_other = inside.len() as u32;
                    format!(
                        "{n_other} {} × at most {cap} per {} reach at most {reach} distinct {} < {least} required",
                        plural(other, n_other),
                        plural(other, 1),
                        plural(kind, 2)
                    )
                })
            })
    }

    /// "the least eligible rack holds at most 1, so with skew at most 1 no rack takes more
    /// than 2: 3 racks hold at most 5 < 6 replicas".
    fn skewed(&self, k: usize, skew: u32) -> Option<String> {
        let (caps, _) = self.domain_capacities(k);
        let kind = self.kind_name(k);
        let count = caps.len() as u64;
        let least_cap = *caps.iter().min()?;
        let one = plural(kind, 1);
        if count == 1 {
            return (least_cap < self.replicas()).then(|| {
                format!(
                    "the only eligible {one} holds at most {least_cap} < {} replicas",
                    self.replicas()
                )
            });
        }
        let ceiling = least_cap + u64::from(skew);
        let total: u64 = caps.iter().map(|&c| c.min(ceiling)).sum();
        (total < self.replicas()).then(|| {
            format!(
                "the least eligible {one} holds at most {least_cap}, so with skew at most {skew} no {one} takes more than {ceiling}: {count} {} hold at most {total} < {} replicas",
                plural(kind, count as u32),
                self.replicas()
            )
        })
    }

    fn other_caps(&self, k: usize) -> String {
        let caps: Vec<String> = (0..=self.model.n_kinds)
            .filter(|&j| j != k && self.limits.upper[j] != UNBOUNDED)
            .map(|j| {
                let kind = plural(self.kind_name(j), 1);
                format!("at most {} per {kind}", self.limits.upper[j])
            })
            .collect();
        join(&caps)
    }
}

fn selection(request: &Request) -> String {
    let pairs: Vec<String> = request
        .select
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    format!("{{{}}}", pairs.join(", "))
}

fn hold(count: u32) -> &'static str {
    if count == 1 { "holds" } else { "hold" }
}

/// "a", "a and b", "a, b and c".
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
