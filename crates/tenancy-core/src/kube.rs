//! A twin of kube-scheduler: the default plugins' filters and scores, one pod at a time, over
//! nodes read from `kubectl get nodes -o json` and pod templates read from users' manifests.
//!
//! Where the real scheduler draws at random (the choice among equally scored nodes), the twin
//! either follows a seeded generator — many seeds give the distribution — or lets an adversary
//! choose, which gives the worst case. `cluster` holds the state, `schedule` runs a cycle,
//! `spread` and `interpod` are the two topology plugins, `plugins` the simple ones.

pub mod audit;
pub mod cluster;
pub(crate) mod index;
pub mod interpod;
pub mod labels;
pub mod manifest;
pub mod model;
pub mod plugins;
pub mod read;
pub mod scenario;
pub mod schedule;
pub mod simulate;
pub mod spread;
pub mod synthetic;

pub use cluster::{Cluster, Pod};

/// A report (an audit, a simulation, a list of them) as pretty JSON ending in a newline.
pub fn to_json_string<T: serde::Serialize>(value: &T) -> String {
    let mut out = serde_json::to_string_pretty(value).expect("the twin's reports always serialise");
    out.push('\n');
    out
}
pub use model::{Node, PodTemplate};
pub use schedule::{Decision, Scheduler, TieBreak};

#[cfg(test)]
mod upstream;
