//! The Kubernetes guarantee against brute force: on small node sets, every placement
//! kube-scheduler can reach with our exported Deployment — each pod on any node its filters
//! admit (node selector, pin, spread constraints, anti-affinity), in every order, whatever the
//! scores and tie-breaks — judged on the availability model, and none may be worse than the
//! guarantee. A replica no node admits stays Pending and counts as down.

use std::collections::{BTreeMap, HashSet};

use crate::answers::Answers;
use crate::availability::assess;
use crate::export::{Inputs, Options, Target, export};
use crate::kube::audit::Estate;
use crate::kube::cluster::Cluster;
use crate::kube::manifest::read_workloads;
use crate::kube::schedule::{Scheduler, TieBreak};
use crate::plan::plan;
use crate::recommend::recommend;
use crate::request::{Limit, Request, Rule};
use crate::topology::{Host, Topology};

/// Hosts as (zone, rack, slots); a host without a slot is cordoned.
fn topology(hosts: &[(&str, &str, u32)]) -> Topology {
    let hosts = hosts
        .iter()
        .enumerate()
        .map(|(i, &(zone, rack, slots))| Host {
            name: format!("h{i}"),
            slots,
            labels: BTreeMap::new(),
            domains: BTreeMap::from([
                ("zone".to_owned(), zone.to_owned()),
                ("rack".to_owned(), format!("{zone}-{rack}")),
            ]),
        })
        .collect();
    let topology = Topology {
        version: 1,
        name: "small".to_owned(),
        kinds: vec!["zone".to_owned(), "rack".to_owned()],
        hosts,
        rates: BTreeMap::new(),
    };
    topology.validate().expect("a valid test topology");
    topology
}

fn rule(kind: &str, limit: Limit) -> Rule {
    Rule {
        kind: kind.to_owned(),
        limit,
    }
}

/// Every terminal placement the scheduler can reach: for each, the replicas' hosts (a Pending
/// replica as an out-of-range host).
fn reachable(topology: &Topology, request: &Request, text: &str) -> Vec<Vec<usize>> {
    let replicas = request.replicas;
    let workload = read_workloads(text)
        .expect("our export reads back")
        .remove(0);
    // The nodes labelled as the export tells the operator to label them.
    let estate = Estate::from_topology(topology, request, &workload);
    let mut seen = HashSet::new();
    let mut terminals = Vec::new();
    let mut stack = vec![Vec::<usize>::new()];
    while let Some(placed) = stack.pop() {
        if !seen.insert(placed.clone()) {
            continue;
        }
        if placed.len() == replicas as usize {
            terminals.push(placed);
            continue;
        }
        let mut cluster = Cluster::new(estate.nodes.clone());
        let template = cluster.add_template(workload.template.clone());
        for &node in &placed {
            cluster.bind(template, node);
        }
        let feasible = Scheduler::new(&cluster, TieBreak::First).feasible(&cluster, template);
        if feasible.is_empty() {
            // Every later pod stays Pending too: the cluster does not change.
            let mut hosts = placed.clone();
            hosts.resize(replicas as usize, topology.hosts.len());
            terminals.push(hosts);
        }
        for node in feasible {
            let mut next = placed.clone();
            next.push(node);
            next.sort_unstable();
            stack.push(next);
        }
    }
    terminals
}

#[test]
fn no_placement_kube_scheduler_can_reach_with_our_export_is_worse_than_its_guarantee() {
    let topologies = [
        // Two zones of two racks of two hosts.
        topology(&[
            ("a", "1", 4),
            ("a", "1", 4),
            ("a", "2", 4),
            ("a", "2", 4),
            ("b", "1", 4),
            ("b", "1", 4),
            ("b", "2", 4),
            ("b", "2", 4),
        ]),
        // Three uneven zones, one host cordoned.
        topology(&[
            ("a", "1", 4),
            ("a", "1", 4),
            ("a", "2", 4),
            ("b", "1", 4),
            ("b", "1", 0),
            ("c", "1", 4),
        ]),
        // Four zones of one rack, one or two hosts each.
        topology(&[
            ("a", "1", 4),
            ("a", "1", 4),
            ("b", "1", 4),
            ("c", "1", 4),
            ("c", "1", 4),
            ("d", "1", 4),
            ("d", "1", 4),
        ]),
        // Hosts with fewer slots than the replicas: the Deployment requests no resources, so
        // nothing but its scheduling terms keeps kube-scheduler from stacking replicas there.
        topology(&[
            ("a", "1", 1),
            ("a", "1", 1),
            ("a", "2", 2),
            ("b", "1", 1),
            ("b", "2", 4),
        ]),
    ];
    let rule_sets = [
        vec![],
        vec![rule("host", Limit::MaxPerDomain(1))],
        vec![rule("zone", Limit::MaxPerDomain(1))],
        vec![rule("zone", Limit::MinDomains(2))],
        vec![rule("zone", Limit::MaxSkew(1))],
        vec![
            rule("rack", Limit::MaxSkew(1)),
            rule("host", Limit::MaxPerDomain(1)),
        ],
        vec![
            rule("zone", Limit::MinDomains(3)),
            rule("host", Limit::MaxPerDomain(1)),
        ],
        vec![
            rule("zone", Limit::MaxPerDomain(2)),
            rule("rack", Limit::MaxPerDomain(1)),
        ],
    ];
    let (answers, _) = Answers::from_query("");
    let recommendation = recommend(&answers);
    let options = Options::default();
    let mut checked = 0;
    for topology in &topologies {
        for rules in &rule_sets {
            for scope in [None, Some("zone")] {
                for replicas in 2..=4 {
                    let request = Request {
                        rules: rules.clone(),
                        scope: scope.map(str::to_owned),
                        ..Request::new(replicas)
                    };
                    if request.validate(topology).is_err() {
                        continue;
                    }
                    let plan = plan(topology, &request);
                    let inputs = Inputs {
                        recommendation: &recommendation,
                        request: &request,
                        topology,
                        plan: &plan,
                        options: &options,
                    };
                    let exported = export(Target::Kubernetes, inputs)
                        .with_guarantee(Target::Kubernetes, inputs);
                    let guarantee = exported.guarantee.expect("Kubernetes has a guarantee");
                    let case = format!("{} hosts, {request:?}", topology.hosts.len());
                    assert_eq!(
                        guarantee.method,
                        crate::export::GuaranteeMethod::Exhaustive,
                        "{case}"
                    );
                    let terminals = reachable(topology, &request, &exported.text);
                    assert!(!terminals.is_empty(), "{case}");
                    let Some(worst) = &guarantee.worst else {
                        // Nothing guaranteed, and nothing is worse. A request our rules cannot
                        // place may still be placed by the scheduler (a `minDomains` beyond the
                        // domains there are only counts the global minimum as 0); one they can
                        // place is placed by no order either.
                        let full = terminals
                            .iter()
                            .find(|hosts| hosts.iter().all(|&h| h < topology.hosts.len()));
                        if plan.placement.feasible {
                            assert_eq!(full, None, "{case}: the guarantee says none fits");
                        }
                        continue;
                    };
                    let bound = worst.availability.p_quorum_lost;
                    for hosts in &terminals {
                        let lost = assess(topology, hosts, request.quorum).p_quorum_lost;
                        assert!(
                            lost <= bound * (1.0 + 1e-9) + 1e-300,
                            "{case}: the scheduler can reach {hosts:?}, losing the quorum with \
                             {lost}, worse than the guaranteed {bound} ({:?})\n{}",
                            worst.hosts,
                            exported.text
                        );
                    }
                    checked += 1;
                }
            }
        }
    }
    // Most combinations are valid and placeable: the walk is not vacuous.
    assert!(checked >= 80, "only {checked} instances checked");
}
