//! Generated clusters and a typical pod template for the twin's benchmarks: nodes spread over
//! zones and racks with allocatable resources, and a template using every default plugin (hard
//! zone spread, soft host spread, preferred anti-affinity, node affinity, a toleration, requests).

use std::collections::{BTreeMap, HashMap};

use super::cluster::{Cluster, Pod};
use super::labels::{Labels, NodeOp, NodeRequirement, NodeTerm, Selector, SetOp};
use super::model::{
    Effect, HOSTNAME, Node, PodTemplate, PodTerm, REGION, Resources, Spread, Taint, Toleration,
    WeightedPodTerm, WhenUnsatisfiable, ZONE,
};
use super::schedule::{Scheduler, TieBreak};

/// The rack label of generated nodes.
pub const RACK: &str = "topology.example.com/rack";

/// `nodes` nodes, round-robin over `zones` zones of `racks` racks each; every tenth node carries a
/// `PreferNoSchedule` taint, every fiftieth a `NoSchedule` one.
pub fn cluster(nodes: usize, zones: usize, racks: usize) -> Cluster {
    let zones = zones.max(1);
    let racks = racks.max(1);
    let list = (0..nodes)
        .map(|i| {
            let zone = i % zones;
            let rack = (i / zones) % racks;
            let name = format!("node-{i:05}");
            let labels: Labels = [
                (HOSTNAME.to_owned(), name.clone()),
                (REGION.to_owned(), "r1".to_owned()),
                (ZONE.to_owned(), format!("r1-z{zone}")),
                (RACK.to_owned(), format!("z{zone}-rack{rack:03}")),
                (
                    "node.kubernetes.io/instance-type".to_owned(),
                    if i % 3 == 0 { "large" } else { "medium" }.to_owned(),
                ),
            ]
            .into();
            let mut node = Node::new(&name, labels);
            node.allocatable = Some(Resources {
                milli_cpu: 7_910,
                memory: 31 << 30,
            });
            if i % 10 == 9 {
                node.taints.push(Taint {
                    key: "example.com/spot".to_owned(),
                    value: String::new(),
                    effect: Effect::PreferNoSchedule,
                });
            }
            if i % 50 == 49 {
                node.taints.push(Taint {
                    key: "example.com/gpu".to_owned(),
                    value: "present".to_owned(),
                    effect: Effect::NoSchedule,
                });
            }
            node
        })
        .collect();
    Cluster::new(list)
}

/// A web tier's template exercising every default plugin.
pub fn template() -> PodTemplate {
    let selector = Selector::labels(&[("app", "web")]);
    let mut host = Spread::new(
        1,
        HOSTNAME,
        WhenUnsatisfiable::ScheduleAnyway,
        Some(selector.clone()),
    );
    host.match_label_keys = vec!["pod-template-hash".to_owned()];
    PodTemplate {
        namespace: "shop".to_owned(),
        labels: [
            ("app".to_owned(), "web".to_owned()),
            ("pod-template-hash".to_owned(), "1".to_owned()),
        ]
        .into(),
        node_preferred: vec![(
            10,
            NodeTerm {
                match_expressions: vec![NodeRequirement {
                    key: "node.kubernetes.io/instance-type".to_owned(),
                    op: NodeOp::Set(SetOp::In),
                    values: vec!["large".to_owned()],
                }],
                match_fields: Vec::new(),
            },
        )],
        anti_affinity: super::model::PodTerms {
            required: Vec::new(),
            preferred: vec![WeightedPodTerm {
                weight: 100,
                term: PodTerm {
                    selector: Some(selector.clone()),
                    namespaces: Vec::new(),
                    namespace_selector: None,
                    topology_key: RACK.to_owned(),
                },
            }],
        },
        tolerations: vec![Toleration {
            key: "example.com/spot".to_owned(),
            exists: true,
            value: String::new(),
            effect: None,
        }],
        spread: vec![
            Spread::new(
                1,
                ZONE,
                WhenUnsatisfiable::DoNotSchedule,
                Some(selector.clone()),
            ),
            host,
        ],
        requests: Resources {
            milli_cpu: 250,
            memory: 256 << 20,
        },
        score_requests: Resources {
            milli_cpu: 250,
            memory: 256 << 20,
        },
        owner_selector: Some(selector),
        ..PodTemplate::default()
    }
}

/// Schedules `replicas` pods of [`template`] from zero on a copy of `cluster`; how many found a
/// node.
pub fn schedule(cluster: &Cluster, replicas: u32) -> usize {
    let mut cluster = cluster.clone();
    let t = cluster.add_template(template());
    let mut scheduler = Scheduler::new(&cluster, TieBreak::First);
    (0..replicas)
        .filter(|_| scheduler.schedule(&mut cluster, t).node.is_some())
        .count()
}

/// Schedules `replicas` pods of [`template`] with a new scheduler (ties to the first node) on
/// `cluster`, returns where they went ([`outcome`]) and leaves `cluster` as it was: what a
/// benchmark repeats without copying the nodes.
pub fn run(cluster: &mut Cluster, replicas: u32) -> String {
    let pods = cluster.pods.len();
    let t = cluster.add_template(template());
    let mut scheduler = Scheduler::new(cluster, TieBreak::First);
    for _ in 0..replicas {
        scheduler.schedule(cluster, t);
    }
    let out = outcome(&cluster.pods[pods..], cluster, replicas);
    cluster.pods.truncate(pods);
    cluster.templates.truncate(t);
    out
}

/// Where these pods went, in one comparable line: `placed/replicas`, the pods per zone (zones by
/// name) and the most pods on one rack and on one node, e.g. `100/100 zones 34,33,33 rack 2
/// node 1`.
pub fn outcome(pods: &[Pod], cluster: &Cluster, replicas: u32) -> String {
    let mut zones: BTreeMap<&str, u32> = BTreeMap::new();
    let mut racks: HashMap<&str, u32> = HashMap::new();
    let mut nodes: HashMap<usize, u32> = HashMap::new();
    for pod in pods {
        let labels = &cluster.nodes[pod.node].labels;
        let label = |key: &str| labels.get(key).map_or("", String::as_str);
        *zones.entry(label(ZONE)).or_insert(0) += 1;
        *racks.entry(label(RACK)).or_insert(0) += 1;
        *nodes.entry(pod.node).or_insert(0) += 1;
    }
    let per_zone: Vec<String> = zones.values().map(u32::to_string).collect();
    format!(
        "{}/{replicas} zones {} rack {} node {}",
        pods.len(),
        per_zone.join(","),
        racks.values().max().unwrap_or(&0),
        nodes.values().max().unwrap_or(&0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_benchmark_instance_places_every_replica_evenly() {
        let cluster = cluster(300, 3, 10);
        assert_eq!(schedule(&cluster, 30), 30);
        let mut again = cluster.clone();
        assert_eq!(run(&mut again, 30), "30/30 zones 10,10,10 rack 1 node 1");
        assert_eq!(again, cluster, "the run leaves the cluster as it was");
    }
}
