//! The twins' and the guarantee's words on realistic inputs: the example estate, a kubectl node
//! list with a user's Deployment, a decompiled CRUSH map, and a preset's Nova guarantee.

use super::*;
use crate::crush;
use crate::export::{Target, guarantee, our_rule_on_pool};
use crate::kube::audit::{AuditOptions, Estate, audit};
use crate::kube::manifest::read_workloads;
use crate::request::Request;
use crate::topology::default_topology;

const NODES_3_ZONES: &str = include_str!("../../../tests/fixtures/k8s-nodes-3-zones.json");
const DEPLOYMENT_SPREAD: &str = include_str!("../../../tests/fixtures/k8s-deployment-spread.yaml");
const CRUSH_MAP: &str = include_str!("../../../tests/fixtures/ceph/set-choose.txt");
/// A Deployment with no scheduling terms at all: only the scheduler's default soft spreading.
const BARE_DEPLOYMENT: &str =
    include_str!("../../../../../tests/e2e/fixtures/k8s-deployment-bare.yaml");

fn value<'a>(findings: &'a Findings, label: &str) -> &'a str {
    findings
        .rows
        .iter()
        .find(|row| row.label == label)
        .map(|row| row.value.as_str())
        .unwrap_or_else(|| panic!("no row {label}: {:?}", findings.rows))
}

fn audited(estate: &Estate, manifest: &str) -> Audit {
    let workload = read_workloads(manifest).unwrap().remove(0);
    audit(estate, &workload, &AuditOptions::default()).unwrap()
}

#[test]
fn nines_of_a_loss_read_as_the_plans() {
    assert_eq!(nines_of_loss(0.0), "unbounded");
    assert_eq!(nines_of_loss(1.0), "0");
    assert_eq!(nines_of_loss(0.5), "0.30");
    assert_eq!(nines_of_loss(1.3e-4), "3.9");
    assert_eq!(nines_of_loss(2e-13), "13");
    assert_eq!(
        runs_words(50, 7, [1e-5, 1e-4, 1e-3]),
        "over 50 seeded runs (7 distinct placements): worst 3.0, median 4.0, best 5.0 nines"
    );
}

#[test]
fn a_pasted_manifest_on_a_node_list_keeps_what_the_optimum_keeps() {
    let estate = Estate::read(NODES_3_ZONES).unwrap();
    let audit = audited(&estate, DEPLOYMENT_SPREAD);
    let findings = audit_findings(&audit);
    assert_eq!(findings.heading, "Deployment shop/checkout");
    assert_eq!(value(&findings, "Replicas"), "5 (quorum 3)");
    assert!(value(&findings, "Hard rules").contains("host: max skew 1"));
    assert_eq!(
        value(&findings, "Twin's worst case"),
        availability_words(&audit.worst.availability).headline
    );
    assert!(value(&findings, "Worst-case blast radius").contains("2 of 5 in one datacenter"));
    assert_eq!(
        value(&findings, "Seeded runs"),
        format!(
            "50 runs, {} different placements, 0 with a Pending replica",
            audit.distribution.distinct_placements
        )
    );
    // Its one hard rule keeps every zone's loss survivable whatever the scheduler chooses.
    assert_eq!((&findings.shortfall, &findings.fix), (&None, &None));
    assert!(findings.notes.iter().any(|n| n.contains("control-plane")));
    let chart = findings.chart.expect("a chart");
    assert_eq!(chart.title, "Seeded scheduler runs that keep quorum");
    assert!(
        chart
            .desc
            .contains("one datacenter fails: 50/50 runs keep quorum"),
        "{}",
        chart.desc
    );

    let text = audit_text(&audit);
    for expected in [
        "Deployment shop/checkout: 5 replicas, quorum 3\nhard rules: host: max skew 1",
        "\ndistribution over 50 seeded runs (",
        "\nthe hard rules alone (any pod order, any tie-break): guaranteed ",
        "\nno change needed: the worst case already survives what the optimum survives\n",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
}

#[test]
fn a_manifest_without_hard_rules_falls_short_on_the_example_estate_and_the_fix_is_named() {
    let topology = default_topology();
    let request = Request::new(3);
    let workload = read_workloads(BARE_DEPLOYMENT).unwrap().remove(0);
    let estate = Estate::from_topology(&topology, &request, &workload);
    let audit = audited(&estate, BARE_DEPLOYMENT);
    let findings = audit_findings(&audit);
    assert_eq!(findings.heading, "Deployment default/api");
    assert_eq!(
        value(&findings, "Hard rules"),
        "none (the scheduler only prefers spreading)"
    );
    let shortfall = findings.shortfall.as_deref().expect("a shortfall");
    assert!(
        shortfall.starts_with(
            "In the worst case the quorum does not survive the loss of one region or one hazard"
        ),
        "{shortfall}"
    );
    let (change, yaml) = findings.fix.as_ref().expect("a fix");
    let fix = audit.fix.as_ref().unwrap();
    assert_eq!(
        change,
        &format!(
            "Smallest change that closes the gap: {}. Worst case with it: {}.",
            fix.change,
            availability_words(&fix.worst).headline
        )
    );
    assert!(yaml.contains("whenUnsatisfiable: DoNotSchedule"), "{yaml}");

    // The command line words the same fix, its nines as the plan writes them.
    let text = audit_text(&audit);
    let with_it = format!(
        "\n  worst case with it: {} nines\n",
        nines_of_loss(fix.worst.p_quorum_lost)
    );
    assert!(text.contains(&with_it), "{with_it:?} in\n{text}");
    assert!(text.contains(&format!(
        "\nsmallest change that closes the gap: {}\n",
        fix.change
    )));
}

#[test]
fn our_rule_over_a_pools_placement_groups_on_a_pasted_map() {
    let map = crush::read(CRUSH_MAP).unwrap();
    // The request the web app derives for `?replicas=3` on this map.
    let topology = crate::import::import_crush_map(&map).unwrap().topology;
    let (link, _) = crate::link::Link::from_query("replicas=3");
    let ours = our_rule_on_pool(&map, &link.request(&topology).unwrap(), 128).unwrap();
    let findings = pool_findings(&ours);
    assert_eq!(findings.heading, "A pool of 3 on our rule");
    assert_eq!(
        value(&findings, "Pool"),
        format!(
            "size 3, 128 placement groups, rule `workload` (id {})",
            ours.simulation.pool.rule
        )
    );
    assert_eq!(value(&findings, "Bad mappings"), "0 of 128 (0.0 %)");
    // One rack of three hosts: the best is all three in the rack, one per host.
    assert!(
        value(&findings, "Our optimum").starts_with("3,1 (most replicas in one rack, one host), ")
    );
    assert!(value(&findings, "PGs per OSD").ends_with("on 9 OSDs, max/mean 1.17"));
    assert_eq!(
        value(&findings, "PGs at our optimum"),
        "128 of 128 as spread (100.0 %), 128 as available"
    );
    // Availability in the plan's two figures, with the pool's min_size: the request's quorum.
    let across = &ours.simulation.availability;
    assert_eq!(
        value(&findings, "Availability across PGs"),
        format!(
            "worst {} nines (PG {}), median {} nines, best {} nines (2 of 3 replicas up)",
            nines_of_loss(1.0 - across.worst),
            across.worst_pg,
            nines_of_loss(1.0 - across.median),
            nines_of_loss(1.0 - across.best)
        )
    );
    assert_eq!(findings.shortfall, None);
    let chart = findings.chart.expect("a chart");
    assert_eq!(chart.title, "Blast radius per placement group");
    assert!(
        chart.desc.ends_with("3,1: 128 PGs (100.0 %)."),
        "{}",
        chart.desc
    );
}

#[test]
fn a_guarantee_reads_as_the_command_line_prints_it() {
    let topology = default_topology();
    let answers = crate::preset::find("public-cloud").unwrap().answers();
    let request = Request::from_answers(&answers, &topology);
    let g = guarantee(Target::Nova, &topology, &request).unwrap();
    let findings = guarantee_findings(&g);
    assert_eq!(findings.chart, None);
    assert_eq!(
        findings.lines(),
        [
            "guaranteed 2.8 nines (range 2.0–3.6); optimum 3.9 nines (range 2.8–4.8)",
            "enforced: at most 1 per host; every replica in one region; no host beyond its slots",
            "the worst placement it allows (444 judged, every one): fra1-r1-h1, fra1-r1-h2, \
             fra2-r1-h1",
        ]
    );
    let text = guarantee_text(&g);
    assert!(
        text.contains("\nworst: 2 of 3 replicas up: 2.8 nines (range 2.0–3.6)\n  on average "),
        "{text}"
    );
    assert!(
        text.contains("\noptimum: 2 of 3 replicas up: 3.9 nines (range 2.8–4.8)\n"),
        "{text}"
    );
}

#[test]
fn findings_as_lines_keep_every_part_in_reading_order() {
    let findings = Findings {
        heading: "h".to_owned(),
        rows: vec![row("a", "1"), row("b", "2")],
        shortfall: Some("short".to_owned()),
        fix: Some(("change".to_owned(), "x: 1\ny: 2\n".to_owned())),
        notes: vec!["n".to_owned()],
        chart: None,
    };
    assert_eq!(
        findings.lines(),
        [
            "h", "a: 1", "b: 2", "short", "change", "    x: 1", "    y: 2", "n"
        ]
    );
    assert_eq!(
        hosts_words(&[Some("a".to_owned()), None], "(Pending)"),
        "a, (Pending)"
    );
}

#[test]
fn a_scenario_ends_with_its_availability_and_the_replicas_per_domain() {
    use crate::kube::simulate::{Scenario, Ties, simulate};
    let estate = Estate::read(NODES_3_ZONES).unwrap();
    let manifest = include_str!("../../../tests/fixtures/k8s-statefulset-anti-affinity.yaml");
    let workload = read_workloads(manifest).unwrap().remove(0);
    let drill = Scenario::Fail {
        kind: "zone".to_owned(),
        domain: "eu-west-1a".to_owned(),
    };
    let sim = simulate(&estate, &workload, &drill, Ties::Seed(1)).unwrap();
    let text = simulation_text(&sim);
    assert!(text.starts_with(&format!("{}: {}\n  ", sim.workload, sim.scenario)));
    assert!(text.contains("\nright after the failure: 2 running, quorum holds\n"));
    let end = format!(
        "\nat the end: {}\n",
        availability_words(&sim.end.availability).headline
    );
    assert!(text.contains(&end), "{end:?} in\n{text}");
    // The replicas per domain as `check k8s` words them, then the replica left Pending.
    let spread = spread_lines(&sim.end);
    assert_eq!(spread.len(), sim.end.spread.len());
    assert!(text.ends_with(&format!("{}\n  1 replica(s) Pending\n", spread.join("\n"))));
    assert!(
        text.contains("\n  per datacenter: eu-west-1b=1 eu-west-1c=1\n"),
        "{text}"
    );
}
