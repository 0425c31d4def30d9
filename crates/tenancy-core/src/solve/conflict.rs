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
use super::model::{Base, Limits, Models};
use super::search::{Budget, Outcome};
use super::{Conflict, feasible};

/// The minimal conflict of an infeasible request, judged on the models of the whole base and,
/// with a scope, of each domain of the scope kind that has room (`per_scope`, as the search
/// tried them); `proven` tells whether the request itself was proven infeasible (rather than
/// its search running out of budget).
pub(super) fn minimal<'b>(
    whole: &mut Models<'b>,
    per_scope: &mut [Models<'b>],
    request: &Request,
    budget: &mut Budget,
    proven: bool,
) -> Conflict {
    let base = whole.base;
    let mut proven = proven;
    let n_rules = request.rules.len();
    // Without rules or scope every selected host takes up to its slots.
    if base.slots() < u64::from(request.replicas) {
        return Conflict {
            rules: Vec::new(),
            scope: None,
            explanation: explain::without_rules(base, request),
            proven,
        };
    }
    let mut judge = Judge {
        request,
        whole,
        per_scope,
        judged: HashMap::new(),
    };
    let members = n_rules + usize::from(request.scope.is_some());
    let single =
        (0..members).find(|&member| judge.judge(&[member], false, budget) == Outcome::Infeasible);
    if let Some(member) = single {
        return conflict(judge.whole, request, vec![member], proven);
    }
    let mut set: Vec<usize> = (0..members).collect();
    let mut position = 0;
    while position < set.len() {
        let mut smaller = set.clone();
        smaller.remove(position);
        match judge.check(&smaller, budget) {
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
            if judge.check(&smaller, budget) == Outcome::Infeasible {
                set = smaller;
                continue 'fixpoint;
            }
        }
        break;
    }
    conflict(judge.whole, request, set, proven)
}

/// Judges subsets of the request's members (index `rules.len()` is the scope), each at most once.
struct Judge<'j, 'b> {
    request: &'j Request,
    whole: &'j mut Models<'b>,
    per_scope: &'j mut [Models<'b>],
    judged: HashMap<Vec<usize>, Outcome>,
}

impl Judge<'_, '_> {
    /// Whether the members of `subset` can all hold. With `searching` false only counting bounds
    /// are tried, and a subset they do not refute counts as found.
    fn judge(&mut self, subset: &[usize], searching: bool, budget: &mut Budget) -> Outcome {
        let n_rules = self.request.rules.len();
        let rules: Vec<&Rule> = subset
            .iter()
            .filter(|&&i| i < n_rules)
            .map(|&i| &self.request.rules[i])
            .collect();
        let limits = Limits::new(self.whole.base, &rules);
        let candidates = if subset.contains(&n_rules) {
            &mut self.per_scope[..]
        } else {
            std::slice::from_mut(&mut *self.whole)
        };
        let mut outcome = Outcome::Infeasible;
        for models in candidates {
            let within = models.base;
            let model = models.get(&rules);
            if explain::refuted(within, model, &limits, &rules) {
                continue;
            }
            if !searching {
                return Outcome::Found(Vec::new());
            }
            match feasible(model, &limits, budget) {
                found @ Outcome::Found(_) => return found,
                Outcome::Exhausted => outcome = Outcome::Exhausted,
                Outcome::Infeasible => {}
            }
        }
        outcome
    }

    /// [`Judge::judge`] with search, remembered per subset.
    fn check(&mut self, subset: &[usize], budget: &mut Budget) -> Outcome {
        if let Some(outcome) = self.judged.get(subset) {
            return outcome.clone();
        }
        let outcome = self.judge(subset, true, budget);
        self.judged.insert(subset.to_vec(), outcome.clone());
        outcome
    }
}

/// The conflict of these members (index `request.rules.len()` is the scope), explained.
fn conflict(
    whole: &mut Models<'_>,
    request: &Request,
    mut set: Vec<usize>,
    proven: bool,
) -> Conflict {
    let base = whole.base;
    let n_rules = request.rules.len();
    let scope = set
        .last()
        .filter(|&&i| i == n_rules)
        .and(request.scope.clone());
    set.retain(|&i| i < n_rules);
    let explanation = match &scope {
        Some(kind) => scope_explanation(base, request, &set, kind),
        None if set.is_empty() => explain::without_rules(base, request),
        None => explain::with_rules(whole, request, &set),
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
        explain::with_rules(&mut Models::new(&within, request.replicas), request, set)
    };
    format!(
        "the scope keeps every replica in one {one}, and even the roomiest, `{name}`, falls short: {inside}; without the scope these rules fit"
    )
}
