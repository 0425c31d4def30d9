//! Spreading an optimal placement further without changing its blast radius.
//!
//! Blast radius only looks at the fullest domain of each kind, so many placements tie; the first
//! one found fills earlier hosts first and may, say, put two replicas in one rack while another
//! rack of the same data center stays empty. Polishing moves single replicas between classes
//! while every bound still holds and the spread gets strictly better: per kind widest first, then
//! `host`, the sum of squared domain loads. That sum only falls, so polishing ends; its moves
//! are tried in class order, so it is deterministic.

use std::cmp::Ordering;

use super::model::{Bounds, DomainId, Model};
use super::search::{Budget, State};

/// The polished class loads; `loads` must meet `bounds`.
pub(super) fn polish(
    model: &Model<'_>,
    bounds: &Bounds,
    loads: &[u32],
    budget: &mut Budget,
) -> Vec<u32> {
    let Some(mut state) = State::new(model, bounds) else {
        return loads.to_vec();
    };
    for (class_idx, &load) in loads.iter().enumerate() {
        for _ in 0..load {
            state.add(class_idx);
        }
    }
    let n_classes = model.classes.len();
    let mut improved = true;
    while improved {
        improved = false;
        for from in 0..n_classes {
            if state.class_load[from] == 0 {
                continue;
            }
            for to in (0..n_classes).filter(|&to| to != from) {
                if !budget.spend(1) {
                    return state.class_load.clone();
                }
                if change(model, &state, from, to) != Ordering::Less {
                    continue;
                }
                state.remove(from);
                if state.can_add(to) {
                    state.add(to);
                    if state.complete() {
                        improved = true;
                        break;
                    }
                    state.remove(to);
                }
                state.add(from);
            }
        }
    }
    state.class_load.clone()
}

/// How moving one replica from class `from` to class `to` changes the spread: the sign of the
/// first kind (widest first, then `host`) whose sum of squared loads changes.
fn change(model: &Model<'_>, state: &State<'_>, from: usize, to: usize) -> Ordering {
    let (source, target) = (&model.classes[from], &model.classes[to]);
    for k in 0..model.n_kinds {
        let (d_from, d_to) = (source.domains[k], target.domains[k]);
        if d_from == d_to {
            continue;
        }
        // (l + 1)² − l² = 2l + 1 for the domain gaining; l² − (l − 1)² = 2l − 1 for the losing.
        let gain = if d_to == DomainId::NONE {
            0
        } else {
            2 * i64::from(state.load[k][d_to.index()]) + 1
        };
        let loss = if d_from == DomainId::NONE {
            0
        } else {
            2 * i64::from(state.load[k][d_from.index()]) - 1
        };
        match gain.cmp(&loss) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    // Hosts: within a class replicas go round-robin, so the k-th replica of a class with n hosts
    // lands on a host holding ⌊k / n⌋ (exact when the class's hosts have equal slots).
    let level = |load: u32, hosts: usize| i64::from(load) / hosts.max(1) as i64;
    let gain = 2 * level(state.class_load[to], target.hosts.len()) + 1;
    let loss = 2 * level(state.class_load[from] - 1, source.hosts.len()) + 1;
    gain.cmp(&loss)
}
