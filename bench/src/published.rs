//! A published result reproduced with the core's availability model: the Copysets paper's
//! probability of data loss when 1 % of a 5,000-node cluster fails at once (Cidon et al.,
//! USENIX ATC 2013), for Copyset Replication with three replicas.
//!
//! Copyset Replication with scatter width 2 splits the nodes into N/R disjoint copysets of R nodes;
//! data is lost when every node of some copyset is among the failed ones. The core computes the
//! loss probability of one copyset (R replicas, quorum 1, each host down 1 % of the time,
//! common mode off); disjoint copysets are independent, so the cluster loses data with
//! probability 1 − (1 − p)^(N/R). The paper counts exactly 1 % of the nodes failing (a
//! hypergeometric draw); the core's hosts fail independently at 1 %, so the exact hypergeometric
//! figure is printed beside both.

use std::collections::BTreeMap;

use tenancy_core::availability::assess;
use tenancy_core::topology::{COMMON_MODE, HOST_KIND, Host, Rate, Topology};

/// One reproduced figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Reproduced {
    /// What is computed.
    pub case: String,
    /// The paper's figure, as it prints it.
    pub paper: f64,
    /// Where in the paper.
    pub paper_where: String,
    /// Ours: the core's exact model with independent failures.
    pub ours: f64,
    /// The same setting counted exactly (hypergeometric), to show what the independence
    /// approximation costs.
    pub exact_count: f64,
}

/// The paper's address.
pub const COPYSETS: &str =
    "https://www.usenix.org/conference/atc13/technical-sessions/presentation/cidon";

/// log C(n, k) for the hypergeometric check.
fn ln_choose(n: u64, k: u64) -> f64 {
    (0..k)
        .map(|i| ((n - i) as f64).ln() - ((i + 1) as f64).ln())
        .sum()
}

/// One copyset's loss probability by the core: R hosts, each down a fraction `u` of the time.
fn copyset_loss(replicas: usize, u: f64) -> f64 {
    let hosts = (0..replicas)
        .map(|i| Host {
            name: format!("n{i}"),
            slots: 1,
            labels: BTreeMap::new(),
            domains: BTreeMap::new(),
        })
        .collect();
    let off = Rate {
        failures_per_year: 0.0,
        mttr_hours: 0.0,
    };
    // λ·r / 8766 = u with r = 8766 h.
    let host = Rate {
        failures_per_year: u,
        mttr_hours: 8766.0,
    };
    let topology = Topology {
        version: 1,
        name: "copyset".to_owned(),
        kinds: Vec::new(),
        hosts,
        rates: [(HOST_KIND.to_owned(), host), (COMMON_MODE.to_owned(), off)]
            .into_iter()
            .collect(),
    };
    let placement: Vec<usize> = (0..replicas).collect();
    assess(&topology, &placement, 1).p_quorum_lost
}

/// The reproduced figures.
pub fn copysets() -> Vec<Reproduced> {
    let (nodes, replicas, failed) = (5_000_u64, 3_u64, 50_u64);
    let copysets = nodes / replicas;
    let ours_one = copyset_loss(replicas as usize, failed as f64 / nodes as f64);
    let counted_one = (ln_choose(failed, replicas) - ln_choose(nodes, replicas)).exp();
    let any = |p: f64| -(copysets as f64 * (-p).ln_1p()).exp_m1();
    vec![Reproduced {
        case: format!(
            "{nodes} nodes, R = {replicas}, 1 % fail at once (power outage), Copyset \
             Replication ({copysets} disjoint copysets): probability of losing data"
        ),
        paper: 0.0015,
        paper_where: "abstract: RAMCloud, 5000 nodes, power outage, \"from 99.99% to 0.15%\""
            .to_owned(),
        ours: any(ours_one),
        exact_count: any(counted_one),
    }]
}
