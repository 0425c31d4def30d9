//! Every placement a request allows, one by one: the feasibility search's state walked to the end
//! instead of stopping at the first placement, then each class's load split over its hosts in
//! every distinct way. The guarantee (`crate::guarantee`) judges each: the solver with its
//! objective reversed.

use crate::request::{Request, Rule};
use crate::topology::{HOST_KIND, Topology};

use super::Within;
use super::model::{Base, Bounds, Index, Limits, Model, Models, least_loads};
use super::scoped_bases;
use super::search::State;

/// How far a walk may go: placements visited and search steps taken.
#[derive(Debug, Clone, Copy)]
pub struct Reach {
    /// Placements still to visit.
    pub placements: u64,
    /// Search steps (one replica added to a class) still to take.
    pub steps: u64,
}

/// Visits the replicas' host indices (one per replica, ascending) of every placement of
/// `request` on `topology` — with `pin`, only inside that one domain of the scope kind — until
/// `reach` runs out; returns whether every placement was visited. A placement meeting a skew
/// bound for several least loads is visited once per least load.
pub fn each_placement(
    topology: &Topology,
    request: &Request,
    pin: Option<&Within>,
    reach: &mut Reach,
    visit: &mut dyn FnMut(&[usize]),
) -> bool {
    let known = |kind: &String| kind == HOST_KIND || topology.kinds.contains(kind);
    if !request.rules.iter().all(|rule| known(&rule.kind))
        || request.scope.as_ref().is_some_and(|kind| !known(kind))
        || pin.is_some_and(|pin| request.scope.as_ref() != Some(&pin.kind))
    {
        // No host has a domain of an unknown kind: nothing to visit, and that is all of it.
        return true;
    }
    let index = Index::new(topology);
    let base = Base::new(&index, request);
    let rules: Vec<&Rule> = request.rules.iter().collect();
    let limits = Limits::new(&base, &rules);
    let scoped = scoped_bases(&base, request);
    let candidates: Vec<(Option<&Within>, &Base<'_>)> = if request.scope.is_some() {
        scoped
            .iter()
            .map(|(within, base)| (Some(within), base))
            .collect()
    } else {
        vec![(None, &base)]
    };
    for (within, scoped) in candidates {
        if pin.is_some_and(|pin| within != Some(pin)) {
            continue;
        }
        let mut models = Models::new(scoped, request.replicas);
        let model = models.get(&rules);
        for least in least_loads(model, &limits) {
            let bounds = Bounds::new(&limits, &least);
            let Some(mut state) = State::new(model, &bounds) else {
                continue;
            };
            let mut walk = Walk {
                model,
                bounds: &bounds,
                reach,
                visit,
            };
            if !walk.classes(&mut state, 0, 0) {
                return false;
            }
        }
    }
    true
}

struct Walk<'w, 'm> {
    model: &'w Model<'m>,
    bounds: &'w Bounds,
    reach: &'w mut Reach,
    visit: &'w mut dyn FnMut(&[usize]),
}

impl Walk<'_, '_> {
    /// Adds replicas to classes `from` and later (never going back, so each multiset of classes
    /// is met once); false when the reach ran out.
    fn classes(&mut self, state: &mut State<'_>, from: usize, placed: u32) -> bool {
        if placed == self.model.replicas {
            return !state.complete() || self.hosts(&state.class_load.clone());
        }
        for class in from..self.model.classes.len() {
            if self.reach.steps == 0 {
                return false;
            }
            self.reach.steps -= 1;
            if state.can_add(class) {
                state.add(class);
                let go_on = self.classes(state, class, placed + 1);
                state.remove(class);
                if !go_on {
                    return false;
                }
            }
            if !state.leave_ok(class) {
                break;
            }
        }
        true
    }

    /// Every split of the class loads over their hosts (hosts of a class with the same slots
    /// are interchangeable: their loads never increase along the class).
    fn hosts(&mut self, class_load: &[u32]) -> bool {
        let host = self.model.n_kinds;
        let (lower, upper) = (self.bounds.lower[host], self.bounds.upper[host]);
        let mut splits: Vec<(&[u32], &[u32], u32)> = Vec::new();
        for (class, &load) in self.model.classes.iter().zip(class_load) {
            if load > 0 || lower > 0 {
                splits.push((class.hosts, class.slots, load));
            }
        }
        let mut chosen: Vec<usize> = Vec::with_capacity(self.model.replicas as usize);
        let first = splits.first().map_or(0, |s| s.2);
        let at = Split {
            splits: &splits,
            class: 0,
            host: 0,
            lower,
            upper,
        };
        self.split(at, first, u32::MAX, &mut chosen)
    }

    /// Splits the load left in class `class` over its hosts from `host` on, then the next
    /// classes; `previous` is the load of the host before (a bound when its slots are the same).
    fn split(&mut self, at: Split<'_>, left: u32, previous: u32, chosen: &mut Vec<usize>) -> bool {
        let Some(&(hosts, slots, _)) = at.splits.get(at.class) else {
            let mut sorted = chosen.clone();
            sorted.sort_unstable();
            // The hosts' own least number of domains: the class loads cannot see it.
            let mut distinct = sorted.clone();
            distinct.dedup();
            if (distinct.len() as u32) < self.bounds.min_domains[self.model.n_kinds] {
                return true;
            }
            if self.reach.placements == 0 {
                return false;
            }
            self.reach.placements -= 1;
            (self.visit)(&sorted);
            return true;
        };
        if at.host == hosts.len() {
            let next = Split {
                class: at.class + 1,
                host: 0,
                ..at
            };
            let load = at.splits.get(at.class + 1).map_or(0, |s| s.2);
            return left > 0 || self.split(next, load, u32::MAX, chosen);
        }
        let host = at.host;
        let rest: u32 = slots[host + 1..].iter().map(|&s| s.min(at.upper)).sum();
        let same = host > 0 && slots[host] == slots[host - 1];
        let most = slots[host]
            .min(at.upper)
            .min(left)
            .min(if same { previous } else { u32::MAX });
        let least = at.lower.max(left.saturating_sub(rest));
        for n in (least..=most).rev() {
            if self.reach.steps == 0 {
                return false;
            }
            self.reach.steps -= 1;
            chosen.extend(std::iter::repeat_n(hosts[host] as usize, n as usize));
            let next = Split {
                host: host + 1,
                ..at
            };
            let go_on = self.split(next, left - n, n, chosen);
            chosen.truncate(chosen.len() - n as usize);
            if !go_on {
                return false;
            }
        }
        true
    }
}

/// Where a split stands: the classes to split (hosts, slots, load), the class and host reached,
/// and the per-host bounds.
#[derive(Clone, Copy)]
struct Split<'s> {
    splits: &'s [(&'s [u32], &'s [u32], u32)],
    class: usize,
    host: usize,
    lower: u32,
    upper: u32,
}
