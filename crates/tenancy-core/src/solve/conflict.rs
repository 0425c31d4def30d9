//! A minimal conflicting rule set: a deletion filter, repeated until no single rule can be dropped
//! without the request becoming feasible. The scope, when the request has one, is one more
//! member of the set, dropped or kept like a rule.
//!
//! Dropping a rule can make more hosts eligible (a rule on a kind excludes hosts without that
//! kind's domain), which can in turn add domains to a `max_skew` rule, so feasibility is not
//! monotone in the rule set. One pass of the deletion filter is therefore checked again until
//! nothing changes: the result is infeasible and each one-rule-smaller subset is feasible.
//!
//! Every subset is judged on models derived from the groups of one [`Base`] (no pass over the
//! hosts per subset), each rule's counting bound is tried before any search, and no subset is
//! judged twice. Without rules, feasibility is a count of slots; when that holds and one member
//! alone is refuted by counting, that member is the minimal conflict and no search runs at all.

use std::collections::HashMap;

use crate::request::{Request, Rule, plural};

use super::explain;
use super::model::{Base, Limits, Model};
use super::search::{Budget, Outcome};
use super::{Conflict, feasible, scoped_bases};

/// The minimal conflict of an infeasible request; `proven` tells whether the request itself was
/// proven infeasible (rather than its search running out of budget).
pub(super) fn minimal(
    base: &Base<'_>,
    request: &Request,
    budget: &mut Budget,
    proven: bool,
) -> Conflict {
    let mut proven = proven;
    let n_rules = request.rules.len();
    let scoped = scoped_bases(base, request);
    let unscoped = [(None, None)];
    // Member `n_rules` of a subset stands for the scope. With `searching` false only counting
    // bounds are tried, and a subset they do not refute counts as found.
    let judge = |subset: &[usize], searching: bool, budget: &mut Budget| -> Outcome {
        let rules: Vec<&Rule> = subset
            .iter()
            .filter(|&&i| i < n_rules)
            .map(|&i| &request.rules[i])
            .collect();
        let limits = Limits::new(base, &rules);
        let bases = if subset.contains(&n_rules) {
            &scoped[..]
        } else {
            &unscoped[..]
        };
        let mut outcome = Outcome::Infeasible;
        for (_, within) in bases {
            let within = within.as_ref().unwrap_or(base);
            let model = Model::new(within, request.replicas, &rules);
            if explain::refuted(within, &model, &limits, &rules) {
                continue;
            }
            if !searching {
                return Outcome::Found(Vec::new());
            }
            match feasible(&model, &limits, budget) {
                found @ Outcome::Found(_) => return found,
                Outcome::Exhausted => outcome = Outcome::Exhausted,
                Outcome::Infeasible => {}
            }
        }
        outcome
    };
    let check = |subset: &[usize], budget: &mut Budget| judge(subset, true, budget);
    let mut judged: HashMap<Vec<usize>, Outcome> = HashMap::new();
    let mut check = |subset: &[usize], budget: &mut Budget| -> Outcome {
        if let Some(outcome) = judged.get(subset) {
            return outcome.clone();
        }
        let outcome = check(subset, budget);
        judged.insert(subset.to_vec(), outcome.clone());
        outcome
    };
    // Without rules or scope every selected host takes up to its slots.
    if base.slots() < u64::from(request.replicas) {
        return Conflict {
            rules: Vec::new(),
            scope: None,
            explanation: explain::without_rules(base, request),
            proven,
        };
    }
    let members = n_rules + usize::from(request.scope.is_some());
    let single =
        (0..members).find(|&member| judge(&[member], false, budget) == Outcome::Infeasible);
    if let Some(member) = single {
        return conflict(base, request, vec![member], proven);
    }
    let mut set: Vec<usize> = (0..members).collect();
    let mut position = 0;
    while position < set.len() {
        let mut smaller = set.clone();
        smaller.remove(position);
        match check(&smaller, budget) {
            Outcome::Infeasible => set = smaller,
            Outcome::Found(_) => position += 1,
            Outcome::Exhausted => {
                proven = false;
                position += 1;
            }
        }
    }
    // Re-check until every one-rule-smaller subset is feasible (see the module documentation).
    'fixpoint: loop {
        for position in 0..set.len() {
            let mut smaller = set.clone();
            smaller.remove(position);
            if check(&smaller, budget) == Outcome::Infeasible {
                set = smaller;
                continue 'fixpoint;
            }
        }
        break;
    }
    conflict(base, request, set, proven)
}

/// The conflict of these members (index `request.rules.len()` is the scope), explained.
fn conflict(base: &Base<'_>, request: &Request, mut set: Vec<usize>, proven: bool) -> Conflict {
    let n_rules = request.rules.len();
    let scope = set
        .last()
        .filter(|&&i| i == n_rules)
        .and(request.scope.clone());
    set.retain(|&i| i < n_rules);
    let explanation = match &scope {
        Some(kind) => scope_explanation(base, request, &set, kind),
        None if set.is_empty() => explain::without_rules(base, request),
        None => explain::with_rules(base, request, &set),
    };
    Conflict {
        rules: set,
        scope,
        explanation,
        proven,
    }
}

/// Why no single domain of the scope kind holds the replicas under these rules: the argument for
/// the roomiest such domain.
fn scope_explanation(base: &Base<'_>, request: &Request, set: &[usize], kind: &str) -> String {
    let k = base.kind_index(kind);
    let one = plural(kind, 1);
    let roomiest = base
        .domains_of(k)
        .into_iter()
        .map(|d| (base.within(k, d), d))
        .max_by_key(|(within, d)| (within.slots(), std::cmp::Reverse(*d)));
    let Some((within, d)) = roomiest else {
        return format!("the scope keeps every replica in one {one}, and no selected host has one");
    };
    let name = base.domain_names[k][d.index()];
    let inside = if set.is_empty() {
        explain::without_rules(&within, request)
    } else {
        explain::with_rules(&within, request, set)
    };
    format!(
        "the scope keeps every replica in one {one}, and even the roomiest, `{name}`, falls short: {inside}; without the scope these rules fit"
    )
}
