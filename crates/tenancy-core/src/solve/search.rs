//! The feasibility search: place replicas one by one on classes, in topology order, with
//! counting bounds that prune hopeless branches.
//!
//! Replicas are interchangeable, so the classes chosen for replica 0, 1, 2, … never go back in
//! class order; every multiset of classes is visited at most once and the first placement found is
//! the one that fills earlier hosts first (the tie-break by host order). The search is exact: it
//! answers `Infeasible` only after exhausting every branch, and `Exhausted` when its budget ran out.

use super::model::{Bounds, DomainId, Model, UNBOUNDED};

/// A count of search steps that may still be spent; deterministic, unlike a clock.
#[derive(Debug, Clone, Copy)]
pub(super) struct Budget {
    pub remaining: u64,
}

impl Budget {
    /// Takes `steps` from the budget; false when it has run out.
    pub fn spend(&mut self, steps: u64) -> bool {
        if self.remaining < steps {
            self.remaining = 0;
            false
        } else {
            self.remaining -= steps;
            true
        }
    }
}

/// What one search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Outcome {
    /// A placement: how many replicas each class takes.
    Found(Vec<u32>),
    /// Proven impossible.
    Infeasible,
    /// The budget ran out first.
    Exhausted,
}

/// Searches for class loads meeting `bounds`.
pub(super) fn search(model: &Model<'_>, bounds: &Bounds, budget: &mut Budget) -> Outcome {
    match State::new(model, bounds) {
        None => Outcome::Infeasible,
        Some(mut state) => state.run(budget),
    }
}

/// How many replicas the hosts of a class can take when no host takes more than `per_host`.
pub(super) fn class_capacity(slots: &[u32], per_host: u32) -> u32 {
    slots
        .iter()
        .fold(0u32, |sum, &s| sum.saturating_add(s.min(per_host)))
}

/// A partial placement under bounds, with the counts the checks need kept up to date.
pub(super) struct State<'m> {
    model: &'m Model<'m>,
    bounds: &'m Bounds,
    host: usize,
    cap: Vec<u32>,
    least: Vec<u32>,
    pub class_load: Vec<u32>,
    pub load: Vec<Vec<u32>>,
    used: Vec<u32>,
    deficit: Vec<u64>,
    placed: u32,
    /// Per class, the (kind, domain) pairs with a least load whose last class it is.
    closes: Vec<Vec<(usize, DomainId)>>,
    scratch: Vec<Vec<u32>>,
    touched: Vec<Vec<DomainId>>,
    /// Set at the first backtrack: from then on every node pays for the full counting bound.
    /// Until then first-fit is making progress and the bound would only cost time (a scan of
    /// all later classes per replica, too much for thousands of replicas on a million hosts).
    struggling: bool,
}

impl<'m> State<'m> {
    /// An empty placement, or `None` when the bounds contradict each other or the slots.
    pub fn new(model: &'m Model<'m>, bounds: &'m Bounds) -> Option<State<'m>> {
        let host = model.n_kinds;
        let per_host_least = bounds.lower[host];
        if bounds
            .upper
            .iter()
            .zip(&bounds.lower)
            .any(|(upper, lower)| upper < lower)
            || model.classes.is_empty()
        {
            return None;
        }
        if model
            .classes
            .iter()
            .any(|c| c.slots.iter().any(|&s| s < per_host_least))
        {
            return None;
        }
        let cap: Vec<u32> = model
            .classes
            .iter()
            .map(|c| class_capacity(c.slots, bounds.upper[host]))
            .collect();
        let least: Vec<u32> = model
            .classes
            .iter()
            .map(|c| per_host_least * c.hosts.len() as u32)
            .collect();
        let mut deficit: Vec<u64> = (0..host)
            .map(|k| u64::from(bounds.lower[k]) * model.domains[k].len() as u64)
            .collect();
        deficit.push(least.iter().map(|&l| u64::from(l)).sum());
        let mut closes = vec![Vec::new(); model.classes.len()];
        for k in (0..host).filter(|&k| bounds.lower[k] > 0) {
            let mut last = vec![0usize; model.domains[k].len()];
            for (class_idx, class) in model.classes.iter().enumerate() {
                last[class.domains[k].index()] = class_idx;
            }
            for (domain, &class_idx) in last.iter().enumerate() {
                closes[class_idx].push((k, DomainId(domain as u32)));
            }
        }
        Some(State {
            model,
            bounds,
            host,
            cap,
            least,
            class_load: vec![0; model.classes.len()],
            load: model.domains.iter().map(|d| vec![0; d.len()]).collect(),
            used: vec![0; host + 1],
            deficit,
            placed: 0,
            closes,
            scratch: model.domains.iter().map(|d| vec![0; d.len()]).collect(),
            touched: vec![Vec::new(); host],
            struggling: false,
        })
    }

    fn run(&mut self, budget: &mut Budget) -> Outcome {
        let n_classes = self.model.classes.len();
        let mut path: Vec<usize> = Vec::new();
        let mut cursor = 0;
        if !self.node_ok(0, budget) {
            return self.verdict(budget);
        }
        loop {
            if self.placed == self.model.replicas {
                return Outcome::Found(self.class_load.clone());
            }
            let mut descended = false;
            while cursor < n_classes {
                if !budget.spend(1) {
                    return Outcome::Exhausted;
                }
                if self.can_add(cursor) {
                    self.add(cursor);
                    if self.node_ok(cursor, budget) {
                        path.push(cursor);
                        descended = true;
                        break;
                    }
                    self.remove(cursor);
                    if budget.remaining == 0 {
                        return Outcome::Exhausted;
                    }
                }
                if !self.leave_ok(cursor) {
                    cursor = n_classes;
                    break;
                }
                cursor += 1;
            }
            if descended {
                continue;
            }
            self.struggling = true;
            match path.pop() {
                None => return Outcome::Infeasible,
                Some(class_idx) => {
                    self.remove(class_idx);
                    cursor = if self.leave_ok(class_idx) {
                        class_idx + 1
                    } else {
                        n_classes
                    };
                }
            }
        }
    }

    fn verdict(&self, budget: &Budget) -> Outcome {
        if budget.remaining == 0 {
            Outcome::Exhausted
        } else {
            Outcome::Infeasible
        }
    }

    /// Whether one more replica fits the class without breaking an upper bound.
    pub fn can_add(&self, class_idx: usize) -> bool {
        let class = &self.model.classes[class_idx];
        self.class_load[class_idx] < self.cap[class_idx]
            && class.domains.iter().enumerate().all(|(k, &d)| {
                d == DomainId::NONE || self.load[k][d.index()] < self.bounds.upper[k]
            })
    }

    /// Puts one more replica on the class.
    pub fn add(&mut self, class_idx: usize) {
        let class = &self.model.classes[class_idx];
        self.placed += 1;
        self.class_load[class_idx] += 1;
        let class_load = self.class_load[class_idx];
        if class_load <= self.least[class_idx] {
            self.deficit[self.host] -= 1;
        }
        if class_load as usize <= class.hosts.len() {
            self.used[self.host] += 1;
        }
        for (k, &d) in class.domains.iter().enumerate() {
            if d == DomainId::NONE {
                continue;
            }
            let load = &mut self.load[k][d.index()];
            *load += 1;
            if *load == 1 {
                self.used[k] += 1;
            }
            if *load <= self.bounds.lower[k] {
                self.deficit[k] -= 1;
            }
        }
    }

    /// Takes one replica off the class.
    pub fn remove(&mut self, class_idx: usize) {
        let class = &self.model.classes[class_idx];
        let class_load = self.class_load[class_idx];
        if class_load <= self.least[class_idx] {
            self.deficit[self.host] += 1;
        }
        if class_load as usize <= class.hosts.len() {
            self.used[self.host] -= 1;
        }
        self.placed -= 1;
        self.class_load[class_idx] -= 1;
        for (k, &d) in class.domains.iter().enumerate() {
            if d == DomainId::NONE {
                continue;
            }
            let load = &mut self.load[k][d.index()];
            if *load <= self.bounds.lower[k] {
                self.deficit[k] += 1;
            }
            if *load == 1 {
                self.used[k] -= 1;
            }
            *load -= 1;
        }
    }

    /// Whether a full placement meets every least load and least number of domains.
    pub fn complete(&self) -> bool {
        self.deficit.iter().all(|&d| d == 0)
            && self
                .used
                .iter()
                .zip(&self.bounds.min_domains)
                .all(|(&used, &least)| used >= least)
    }

    /// Whether the search may move past a class for good: nothing below its least load.
    pub fn leave_ok(&self, class_idx: usize) -> bool {
        self.class_load[class_idx] >= self.least[class_idx]
            && self.closes[class_idx]
                .iter()
                .all(|&(k, d)| self.load[k][d.index()] >= self.bounds.lower[k])
    }

    /// Whether the replicas still to place can complete the partial placement, given that they
    /// go to classes `from` and later: cheap counts always, and at the root or once the search
    /// struggles a relaxation per kind (each domain takes at most its room under the upper bound
    /// and its remaining capacity).
    fn node_ok(&mut self, from: usize, budget: &mut Budget) -> bool {
        let remaining = self.model.replicas - self.placed;
        let bounds = self.bounds;
        let quick = (0..=self.host).all(|k| {
            self.deficit[k] <= u64::from(remaining)
                && self.used[k].saturating_add(remaining) >= bounds.min_domains[k]
        });
        if !quick {
            return false;
        }
        if remaining == 0 || (self.placed > 0 && !self.struggling) {
            return true;
        }
        let classes = &self.model.classes[from..];
        if !budget.spend(classes.len() as u64) {
            return false;
        }
        let mut total: u64 = 0;
        let mut free_hosts: u64 = 0;
        let mut unnamed = vec![0u64; self.host];
        for (offset, class) in classes.iter().enumerate() {
            let class_idx = from + offset;
            let room = self.cap[class_idx] - self.class_load[class_idx];
            if room == 0 {
                continue;
            }
            total += u64::from(room);
            free_hosts += class
                .hosts
                .len()
                .saturating_sub(self.class_load[class_idx] as usize)
                as u64;
            for (k, &d) in class.domains.iter().enumerate() {
                if d == DomainId::NONE {
                    unnamed[k] += u64::from(room);
                    continue;
                }
                let slot = &mut self.scratch[k][d.index()];
                if *slot == 0 {
                    self.touched[k].push(d);
                }
                *slot = slot.saturating_add(room);
            }
        }
        let mut ok = total >= u64::from(remaining)
            && self.used[self.host] as u64 + free_hosts.min(u64::from(remaining))
                >= u64::from(bounds.min_domains[self.host]);
        for (k, &unnamed_room) in unnamed.iter().enumerate() {
            let mut avail = unnamed_room;
            let mut fresh: u64 = 0;
            for &d in &self.touched[k] {
                let load = self.load[k][d.index()];
                let room = u64::from(bounds.upper[k].saturating_sub(load))
                    .min(u64::from(self.scratch[k][d.index()]));
                avail += room;
                if load == 0 && room > 0 {
                    fresh += 1;
                }
            }
            ok = ok
                && avail >= u64::from(remaining)
                && u64::from(self.used[k]) + fresh.min(u64::from(remaining))
                    >= u64::from(bounds.min_domains[k]);
            if ok && bounds.lower[k] > 0 {
                ok = (0..self.load[k].len()).all(|d| {
                    let load = self.load[k][d];
                    load >= bounds.lower[k] || {
                        let room = if bounds.upper[k] == UNBOUNDED {
                            self.scratch[k][d]
                        } else {
                            self.scratch[k][d].min(bounds.upper[k] - load)
                        };
                        load + room >= bounds.lower[k]
                    }
                });
            }
            for d in self.touched[k].drain(..) {
                self.scratch[k][d.index()] = 0;
            }
        }
        ok
    }
}
