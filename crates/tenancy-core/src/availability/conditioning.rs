//! Exact up-count distribution by recursive conditioning on the shared cross-cutting groups.
//!
//! At each tree node, the shared groups that touch two or more of its children tie those
//! children together; children not tied are independent and their distributions convolve. Inside
//! a tied cluster one shared group is conditioned on — up, or down (its units forced down) — and
//! the cluster is solved again without it, which often splits it apart. The group chosen is the
//! one whose removal leaves the smallest largest cluster, so a chain of switches across racks is
//! cut in the middle rather than peeled one by one: the work grows polynomially for such chains
//! instead of as 2ⁿ. Worst case (every shared group touching every child) it is the plain
//! enumeration of the 2ⁿ states, which is why [`super::MAX_EXACT_SHARED`] bounds n.
//!
//! Every step is a sum of products of non-negative numbers, so tiny tail probabilities keep their
//! relative precision.

use std::cell::Cell;
use std::collections::BTreeMap;

use super::model::{Model, Odds, convolve};

/// A tree position: the virtual root, a tree group, or a unit (leaf).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Root,
    Group(usize),
    Unit(usize),
}

/// A shared group during the recursion: the units it still covers (not yet forced down).
#[derive(Debug, Clone)]
struct Shared {
    units: Vec<usize>,
    odds: Odds,
}

/// The model's tree, with children lists and each unit's path from the root.
struct Tree<'m> {
    model: &'m Model,
    root_children: Vec<Node>,
    group_children: Vec<Vec<Node>>,
    /// For each unit: Root, its tree groups from widest to narrowest, then the unit itself.
    paths: Vec<Vec<Node>>,
    /// Cluster solves still allowed (`None`: unlimited).
    budget: Cell<Option<u64>>,
    /// Set when the budget ran out: the result is then meaningless.
    exhausted: Cell<bool>,
}

/// The distribution of the number of replicas up (index = count, length `n_replicas + 1`), or
/// `None` if more than `budget` cluster solves would be needed (`None` budget: no limit).
pub(super) fn distribution(model: &Model, budget: Option<u64>) -> Option<Vec<f64>> {
    let mut group_children = vec![Vec::new(); model.tree.len()];
    let mut root_children = Vec::new();
    for (idx, group) in model.tree.iter().enumerate() {
        match group.parent {
            Some(parent) => group_children[parent].push(Node::Group(idx)),
            None => root_children.push(Node::Group(idx)),
        }
    }
    let mut paths = Vec::with_capacity(model.units.len());
    for (unit, parent) in model.unit_parent.iter().enumerate() {
        match parent {
            Some(parent) => group_children[*parent].push(Node::Unit(unit)),
            None => root_children.push(Node::Unit(unit)),
        }
        let mut path = vec![Node::Unit(unit)];
        let mut cursor = *parent;
        while let Some(group) = cursor {
            path.push(Node::Group(group));
            cursor = model.tree[group].parent;
        }
        path.push(Node::Root);
        path.reverse();
        paths.push(path);
    }
    let tree = Tree {
        model,
        root_children,
        group_children,
        paths,
        budget: Cell::new(budget),
        exhausted: Cell::new(false),
    };
    let shared = model
        .shared
        .iter()
        .map(|group| Shared {
            units: group.units.clone(),
            odds: group.odds,
        })
        .collect();
    let mut forced = vec![false; model.units.len()];
    let mut dist = tree.solve_set(0, &tree.root_children, shared, &mut forced);
    if tree.exhausted.get() {
        return None;
    }
    dist.resize(model.n_replicas + 1, 0.0);
    Some(dist)
}

impl Tree<'_> {
    /// The distribution of one node's subtree, including the node's own odds; `shared` lies
    /// entirely inside it.
    fn solve_node(
        &self,
        node: Node,
        depth: usize,
        shared: Vec<Shared>,
        forced: &mut [bool],
    ) -> Vec<f64> {
        match node {
            Node::Unit(unit) => {
                if forced[unit] {
                    return vec![1.0];
                }
                let model_unit = &self.model.units[unit];
                // Shared groups shrunk to this one unit act like its own domains.
                let odds = shared
                    .iter()
                    .fold(model_unit.odds, |odds, group| odds.and(group.odds));
                let mut leaf = vec![0.0; model_unit.replicas + 1];
                leaf[0] = odds.down;
                leaf[model_unit.replicas] += odds.up;
                leaf
            }
            Node::Group(group) => {
                let mut dist = self.solve_set(depth, &self.group_children[group], shared, forced);
                let odds = self.model.tree[group].odds;
                for p in &mut dist {
                    *p *= odds.up;
                }
                dist[0] += odds.down;
                dist
            }
            Node::Root => self.solve_set(0, &self.root_children, shared, forced),
        }
    }

    /// The distribution of the sum over `children` (all at `depth + 1`), given the shared groups
    /// that lie inside them.
    fn solve_set(
        &self,
        depth: usize,
        children: &[Node],
        shared: Vec<Shared>,
        forced: &mut [bool],
    ) -> Vec<f64> {
        if let Some(left) = self.budget.get() {
            if left == 0 || self.exhausted.get() {
                self.exhausted.set(true);
                return vec![1.0];
            }
            self.budget.set(Some(left - 1));
        }
        let position: BTreeMap<Node, usize> = children
            .iter()
            .enumerate()
            .map(|(i, &node)| (node, i))
            .collect();
        // Drop forced units; a group with none left no longer matters (its states sum to 1).
        let shared: Vec<Shared> = shared
            .into_iter()
            .filter_map(|group| {
                let units: Vec<usize> = group.units.into_iter().filter(|&u| !forced[u]).collect();
                (!units.is_empty()).then_some(Shared { units, ..group })
            })
            .collect();
        let touched: Vec<Vec<usize>> = shared
            .iter()
            .map(|group| {
                let mut touched: Vec<usize> = group
                    .units
                    .iter()
                    .map(|&u| position[&self.paths[u][depth + 1]])
                    .collect();
                touched.sort_unstable();
                touched.dedup();
                touched
            })
            .collect();

        let mut total = vec![1.0];
        for (members, tying) in clusters(children.len(), &touched, None) {
            let dist = if tying.is_empty() {
                // One independent child, with the groups that lie inside it.
                let child = members[0];
                let inside: Vec<Shared> = touched
                    .iter()
                    .zip(&shared)
                    .filter(|(t, _)| t[..] == [child])
                    .map(|(_, group)| group.clone())
                    .collect();
                self.solve_node(children[child], depth + 1, inside, forced)
            } else {
                let cluster_children: Vec<Node> = members.iter().map(|&m| children[m]).collect();
                // Groups of this cluster: those touching any of its members.
                let in_cluster: Vec<usize> = (0..shared.len())
                    .filter(|&g| members.binary_search(&touched[g][0]).is_ok())
                    .collect();
                let pivot = best_pivot(children.len(), &touched, &tying);
                let rest: Vec<Shared> = in_cluster
                    .iter()
                    .filter(|&&g| g != pivot)
                    .map(|&g| shared[g].clone())
                    .collect();
                let group = &shared[pivot];
                let mut up = self.solve_set(depth, &cluster_children, rest.clone(), forced);
                let newly: Vec<usize> = group
                    .units
                    .iter()
                    .copied()
                    .filter(|&u| !forced[u])
                    .collect();
                for &u in &newly {
                    forced[u] = true;
                }
                let down = self.solve_set(depth, &cluster_children, rest, forced);
                for &u in &newly {
                    forced[u] = false;
                }
                up.resize(up.len().max(down.len()), 0.0);
                for p in &mut up {
                    *p *= group.odds.up;
                }
                for (p, q) in up.iter_mut().zip(&down) {
                    *p += group.odds.down * q;
                }
                up
            };
            total = convolve(&total, &dist);
        }
        total
    }
}

/// Connected clusters of `n` children under the groups touching two or more of them (leaving
/// out `skip`): each cluster's members (ascending) and the tying groups inside it.
fn clusters(
    n: usize,
    touched: &[Vec<usize>],
    skip: Option<usize>,
) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (g, members) in touched.iter().enumerate() {
        if Some(g) == skip || members.len() < 2 {
            continue;
        }
        let first = find(&mut parent, members[0]);
        for &m in &members[1..] {
            let other = find(&mut parent, m);
            parent[other] = first;
        }
    }
    let mut by_root: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for child in 0..n {
        let root = find(&mut parent, child);
        by_root.entry(root).or_default().0.push(child);
    }
    for (g, members) in touched.iter().enumerate() {
        if Some(g) != skip && members.len() >= 2 {
            let root = find(&mut parent, members[0]);
            if let Some(entry) = by_root.get_mut(&root) {
                entry.1.push(g);
            }
        }
    }
    by_root.into_values().collect()
}

/// Among the tying groups of one cluster, the one whose removal leaves the smallest largest
/// cluster (counted in tying groups, then children); the first on a tie.
fn best_pivot(n: usize, touched: &[Vec<usize>], tying: &[usize]) -> usize {
    let mut best = (usize::MAX, usize::MAX, tying[0]);
    for &candidate in tying {
        let worst = clusters(n, touched, Some(candidate))
            .into_iter()
            .filter(|(members, _)| {
                touched[candidate]
                    .iter()
                    .any(|c| members.binary_search(c).is_ok())
            })
            .map(|(members, groups)| (groups.len(), members.len()))
            .max()
            .unwrap_or((0, 0));
        if (worst.0, worst.1) < (best.0, best.1) {
            best = (worst.0, worst.1, candidate);
        }
    }
    best.2
}
