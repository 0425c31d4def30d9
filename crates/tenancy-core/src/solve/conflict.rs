//! A minimal conflicting rule set: a deletion filter, repeated until no single rule can be dropped
//! without the request becoming feasible.
//!
//! Dropping a rule can make more hosts eligible (a rule on a kind excludes hosts without that
//! kind's domain), which can in turn add domains to a `max_skew` rule, so feasibility is not
//! monotone in the rule set. One pass of the deletion filter is therefore checked again until
//! nothing changes: the result is infeasible and each one-rule-smaller subset is feasible.

use crate::request::{Request, Rule};

use super::explain;
use super::model::{Base, Limits, Model};
use super::search::{Budget, Outcome};
use super::{Conflict, feasible};

/// The minimal conflict of an infeasible request; `proven` tells whether the request itself was
/// proven infeasible (rather than its search running out of budget).
pub(super) fn minimal(
    base: &Base<'_>,
    request: &Request,
    budget: &mut Budget,
    proven: bool,
) -> Conflict {
    let mut proven = proven;
    let check = |subset: &[usize], budget: &mut Budget| -> Outcome {
        let rules: Vec<&Rule> = subset.iter().map(|&i| &request.rules[i]).collect();
        let model = Model::new(base, request.replicas, &rules);
        let limits = Limits::new(base, &rules);
        feasible(&model, &limits, budget)
    };
    match check(&[], budget) {
        Outcome::Infeasible => {
            return Conflict {
                rules: Vec::new(),
                explanation: explain::without_rules(base, request),
                proven,
            };
        }
        Outcome::Exhausted => proven = false,
        Outcome::Found(_) => {}
    }
    let mut set: Vec<usize> = (0..request.rules.len()).collect();
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
    let explanation = if set.is_empty() {
        explain::without_rules(base, request)
    } else {
        explain::with_rules(base, request, &set)
    };
    Conflict {
        rules: set,
        explanation,
        proven,
    }
}
