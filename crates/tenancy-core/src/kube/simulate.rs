//! `tenancy simulate k8s`: one scenario of the twin on given nodes — scale-up from zero, a
//! rolling update, a scale-down, or a failure drill — as data (worded by
//! `report::twins::simulation_text`).

use serde::Serialize;

use super::audit::{Estate, Outcome, outcome, worst_ties};
use super::cluster::Cluster;
use super::manifest::{Kind, ManifestError, POD_TEMPLATE_HASH, Workload, read_workloads};
use super::scenario::{drill, rolling_update, scale_down, scale_up};
use super::schedule::{Prng, Scheduler, TieBreak};
use crate::export::{Guarantee, Inputs, Options, Target, export};
use crate::plan::plan;
use crate::recommend::Recommendation;
use crate::request::{Request, majority};

/// Which scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scenario {
    /// Create every replica from zero.
    ScaleUp,
    /// Roll every replica over to a new revision.
    RollingUpdate,
    /// Scale down to this many replicas.
    ScaleDown(u32),
    /// Fail every node whose label `key` has value `value` (a zone, a rack, a node).
    Fail {
        /// The kind, as given (`zone`, `rack`, `node`, or a kind of the nodes).
        kind: String,
        /// The domain.
        domain: String,
    },
}

/// How ties are broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ties {
    /// Adversarially (the worst case).
    Worst,
    /// At random from this seed.
    Seed(u64),
}

/// What the scenario did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Simulation {
    /// `Deployment shop/web`.
    pub workload: String,
    /// The scenario, in words.
    pub scenario: String,
    /// Events, one line each (which node each pod went to, who was deleted, …).
    pub events: Vec<String>,
    /// Where the workload stands at the end.
    pub end: Outcome,
    /// Rolling update: the fewest pods running at any time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_available: Option<u32>,
    /// Failure drill: pods running right after the failure, and whether that keeps the quorum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_failure: Option<(u32, bool)>,
}

/// Why a scenario cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimulateError {
    /// `--fail` names a kind the nodes do not have.
    #[error("--fail {0}=…: no such failure domain on these nodes (known: zone, node, {1})")]
    UnknownKind(String, String),
    /// `--fail` names a domain no node is in.
    #[error("--fail {0}={1}: no node is in that domain")]
    UnknownDomain(String, String),
    /// Scaling down to more than there are.
    #[error("--to {0} is not fewer than the {1} replicas")]
    NotFewer(u32, u32),
}

/// Our Kubernetes export of this recommendation and request on these nodes (default name and
/// label prefix), read back as the workload the twin schedules, with what the export guarantees
/// (the worst placement it allows, on the availability model). An error means the export does
/// not read back: a fault of ours, not of the input.
pub fn exported_workload(
    recommendation: &Recommendation,
    request: &Request,
    estate: &Estate,
) -> Result<(Workload, Option<Guarantee>), ManifestError> {
    let plan = plan(&estate.topology, request);
    let options = Options::default();
    let inputs = Inputs {
        recommendation,
        request,
        topology: &estate.topology,
        plan: &plan,
        options: &options,
    };
    let exported = export(Target::Kubernetes, inputs).with_guarantee(Target::Kubernetes, inputs);
    // A successful read holds at least one workload.
    Ok((
        read_workloads(&exported.text)?.remove(0),
        exported.guarantee,
    ))
}

fn ties_for(estate: &Estate, ties: Ties, templates: usize) -> TieBreak {
    match ties {
        Ties::Worst => worst_ties(estate, vec![true; templates]),
        Ties::Seed(seed) => TieBreak::Random(Prng::new(seed)),
    }
}

fn node_name(cluster: &Cluster, node: Option<usize>) -> String {
    node.map_or_else(|| "Pending".to_owned(), |n| cluster.nodes[n].name.clone())
}

/// Runs a scenario.
pub fn simulate(
    estate: &Estate,
    workload: &Workload,
    scenario: &Scenario,
    ties: Ties,
) -> Result<Simulation, SimulateError> {
    let replicas = workload.replicas;
    let quorum = majority(replicas);
    let mut cluster = Cluster::new(estate.nodes.clone());
    let template = cluster.add_template(workload.template.clone());
    let mut events = Vec::new();
    let mut scheduler = Scheduler::new(&cluster, ties_for(estate, ties, 2));
    let stateful = workload.kind == Kind::StatefulSet;
    let mut min_available = None;
    let mut after_failure = None;
    let mut end_template = template;
    let mut end_replicas = replicas;
    // Every scenario starts from a scale-up.
    let decisions = scale_up(&mut cluster, &mut scheduler, template, replicas);
    let describe = |cluster: &Cluster, i: usize, d: &super::schedule::Decision| {
        let mut line = format!("pod {} → {}", i + 1, node_name(cluster, d.node));
        if d.node.is_some() && d.tied > 1 {
            line.push_str(&format!(" (one of {} equally scored nodes)", d.tied));
        }
        if d.node.is_none() {
            let reasons: Vec<String> = d.rejected.iter().map(|(r, n)| format!("{n} {r}")).collect();
            line.push_str(&format!(
                ": 0/{} nodes are available: {}",
                d.evaluated,
                reasons.join(", ")
            ));
        }
        line
    };
    let words = match scenario {
        Scenario::ScaleUp => {
            events.extend(
                decisions
                    .iter()
                    .enumerate()
                    .map(|(i, d)| describe(&cluster, i, d)),
            );
            format!("scale-up from 0 to {replicas}")
        }
        Scenario::RollingUpdate => {
            let surge = workload.max_surge.resolve(replicas, true);
            let unavailable = workload.max_unavailable.resolve(replicas, false);
            let mut next = workload.template.clone();
            next.labels
                .insert(POD_TEMPLATE_HASH.to_owned(), "revision-2".to_owned());
            let new = cluster.add_template(next);
            let rollout = rolling_update(
                &mut cluster,
                &mut scheduler,
                template,
                new,
                replicas,
                surge,
                unavailable.max(u32::from(surge == 0)),
            );
            for (i, step) in rollout.steps.iter().enumerate() {
                events.push(format!(
                    "step {}: {} new pod(s) created ({} Pending), {} old deleted, {} running",
                    i + 1,
                    step.created,
                    step.pending,
                    step.deleted,
                    step.available
                ));
            }
            if !rollout.complete {
                events.push("the rollout is stuck: new pods stay Pending".to_owned());
            }
            min_available = Some(rollout.min_available);
            end_template = new;
            format!("rolling update of {replicas} (maxSurge {surge}, maxUnavailable {unavailable})")
        }
        Scenario::ScaleDown(to) => {
            if *to >= replicas {
                return Err(SimulateError::NotFewer(*to, replicas));
            }
            let removed = scale_down(&mut cluster, template, &[template], replicas - to, stateful);
            for n in removed {
                events.push(format!("deleted the pod on {}", cluster.nodes[n].name));
            }
            end_replicas = *to;
            format!(
                "scale-down from {replicas} to {to} ({})",
                if stateful {
                    "highest ordinals first"
                } else {
                    "the ReplicaSet's ranking: most pods per node first, then newest"
                }
            )
        }
        Scenario::Fail { kind, domain } => {
            let Some((_, key)) = estate.key_of(kind) else {
                let known: Vec<&str> = estate.keys.iter().map(|(k, _)| k.as_str()).collect();
                return Err(SimulateError::UnknownKind(kind.clone(), known.join(", ")));
            };
            let failed: Vec<bool> = cluster
                .nodes
                .iter()
                .map(|n| {
                    n.labels.get(key) == Some(domain)
                        || (key == super::model::HOSTNAME && n.name == *domain)
                })
                .collect();
            if !failed.contains(&true) {
                return Err(SimulateError::UnknownDomain(kind.clone(), domain.clone()));
            }
            let result = drill(&mut cluster, &mut scheduler, template, &failed, stateful);
            events.push(format!(
                "{} pod(s) lost with {kind} {domain}; {} still running",
                result.lost, result.up_after_failure
            ));
            if stateful && result.lost > 0 {
                events.push("a StatefulSet does not replace pods on an unreachable node until the node is deleted or the pods force-deleted".to_owned());
            }
            for (i, r) in result.replacements.iter().enumerate() {
                events.push(format!(
                    "replacement {} → {}",
                    i + 1,
                    node_name(&cluster, *r)
                ));
            }
            after_failure = Some((result.up_after_failure, result.up_after_failure >= quorum));
            // The failed nodes hold no running replica: drop their terminating pods.
            cluster.pods.retain(|p| !p.terminating);
            format!("failure of {kind} {domain}")
        }
    };
    let end = outcome(
        estate,
        &cluster,
        end_template,
        end_replicas,
        majority(end_replicas),
    );
    Ok(Simulation {
        workload: format!(
            "{} {}/{}",
            workload.kind.name(),
            workload.namespace,
            workload.name
        ),
        scenario: words,
        events,
        end,
        min_available,
        after_failure,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NODES: &str = include_str!("../../tests/fixtures/k8s-nodes-3-zones.json");

    fn run(manifest: &str, scenario: Scenario) -> Simulation {
        let estate = Estate::read(NODES).unwrap();
        let workload = read_workloads(manifest).unwrap().remove(0);
        simulate(&estate, &workload, &scenario, Ties::Worst).unwrap()
    }

    #[test]
    fn a_zone_failure_drill_reports_lost_pods_and_replacements() {
        let sim = run(
            include_str!("../../tests/fixtures/k8s-deployment-spread.yaml"),
            Scenario::Fail {
                kind: "zone".to_owned(),
                domain: "eu-west-1a".to_owned(),
            },
        );
        assert!(
            sim.events[0].contains("lost with zone eu-west-1a"),
            "{}",
            crate::report::twins::simulation_text(&sim)
        );
        assert_eq!(
            sim.end.pending,
            0,
            "{}",
            crate::report::twins::simulation_text(&sim)
        );
        let zones = sim.end.spread_of("datacenter").unwrap();
        assert!(
            !zones.contains_key("eu-west-1a"),
            "{}",
            crate::report::twins::simulation_text(&sim)
        );
    }

    #[test]
    fn a_statefulset_is_not_replaced_on_an_unreachable_node() {
        let sim = run(
            include_str!("../../tests/fixtures/k8s-statefulset-anti-affinity.yaml"),
            Scenario::Fail {
                kind: "zone".to_owned(),
                domain: "eu-west-1a".to_owned(),
            },
        );
        assert_eq!(sim.after_failure, Some((2, true)));
        assert!(sim.events.iter().any(|e| e.contains("does not replace")));
        assert_eq!(sim.end.pending, 1);
    }

    #[test]
    fn a_rolling_update_and_a_scale_down_run_to_the_end() {
        let manifest = include_str!("../../tests/fixtures/k8s-deployment-spread.yaml");
        let sim = run(manifest, Scenario::RollingUpdate);
        assert_eq!(
            sim.end.pending,
            0,
            "{}",
            crate::report::twins::simulation_text(&sim)
        );
        assert!(
            sim.min_available.is_some_and(|m| m >= 4),
            "{}",
            crate::report::twins::simulation_text(&sim)
        );
        let sim = run(manifest, Scenario::ScaleDown(2));
        assert_eq!(sim.events.len(), 3);
        assert_eq!(sim.end.nodes.len(), 2);
    }

    #[test]
    fn our_kubernetes_export_reads_back_and_schedules_for_every_preset() {
        use crate::preset::PRESETS;
        let estate = Estate::read(NODES).unwrap();
        for preset in PRESETS {
            let answers = preset.answers();
            let request = Request::from_answers(&answers, &estate.topology);
            let (workload, _) = exported_workload(&crate::recommend(&answers), &request, &estate)
                .unwrap_or_else(|e| panic!("{}: {e}", preset.id));
            assert_eq!(workload.replicas, request.replicas, "{}", preset.id);
            let sim = simulate(&estate, &workload, &Scenario::ScaleUp, Ties::Seed(1)).unwrap();
            assert_eq!(
                sim.end.nodes.len(),
                request.replicas as usize,
                "{}",
                preset.id
            );
        }
    }

    #[test]
    fn bad_scenarios_are_refused() {
        let estate = Estate::read(NODES).unwrap();
        let workload = read_workloads(include_str!("../../tests/fixtures/k8s-helm-multidoc.yaml"))
            .unwrap()
            .remove(0);
        let fail = |kind: &str, domain: &str| Scenario::Fail {
            kind: kind.to_owned(),
            domain: domain.to_owned(),
        };
        assert!(simulate(&estate, &workload, &fail("pdu", "x"), Ties::Worst).is_err());
        assert!(simulate(&estate, &workload, &fail("zone", "mars"), Ties::Worst).is_err());
        assert!(simulate(&estate, &workload, &Scenario::ScaleDown(3), Ties::Seed(1)).is_err());
    }
}
