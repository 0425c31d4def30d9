//! Tests of the guarantees: per target on the default estate, against the optimum.

use super::*;
use crate::topology::default_topology;

fn request(replicas: u32, rules: &[(&str, Limit)]) -> Request {
    let mut request = Request::new(replicas);
    request.rules = rules
        .iter()
        .map(|(kind, limit)| Rule {
            kind: (*kind).to_owned(),
            limit: *limit,
        })
        .collect();
    request
}

#[test]
fn no_target_guarantees_more_than_the_optimum() {
    let topology = default_topology();
    let request = request(3, &[("rack", Limit::MaxPerDomain(1))]);
    for target in [
        Target::Kubernetes,
        Target::Nova,
        Target::Nomad,
        Target::Crush,
    ] {
        let g = guarantee(target, &topology, &request).unwrap();
        let worst = g
            .worst
            .as_ref()
            .unwrap_or_else(|| panic!("{g:?}"))
            .availability
            .p_quorum_lost;
        let best = g.optimum.as_ref().unwrap().p_quorum_lost;
        assert!(worst >= best, "{}: {worst} < {best}", g.target);
        assert!(g.summary.starts_with("guaranteed "), "{}", g.summary);
    }
    assert!(guarantee(Target::Markdown, &topology, &request).is_none());
}

#[test]
fn a_job_in_one_region_cannot_spread_over_more_data_centers_than_a_region_has() {
    let topology = default_topology();
    let request = request(3, &[("datacenter", Limit::MaxPerDomain(1))]);
    let nomad = guarantee(Target::Nomad, &topology, &request).unwrap();
    // The job places what one region holds (two data centers) and leaves the third unplaced,
    // counted as down: worse than the optimum, which spans regions.
    let worst = nomad.worst.as_ref().unwrap_or_else(|| panic!("{nomad:?}"));
    assert_eq!(worst.hosts.iter().filter(|h| h.is_none()).count(), 1);
    let optimum = nomad.optimum.as_ref().expect("our optimum");
    assert!(worst.availability.p_quorum_lost > optimum.p_quorum_lost);
}

#[test]
fn nova_enforces_only_the_host_cap_so_its_worst_shares_a_rack() {
    let topology = default_topology();
    let request = request(
        3,
        &[
            ("rack", Limit::MaxPerDomain(1)),
            (HOST_KIND, Limit::MaxPerDomain(1)),
        ],
    );
    let nova = guarantee(Target::Nova, &topology, &request).unwrap();
    assert_eq!(
        nova.enforced,
        [
            "at most 1 per host",
            "every replica in one region",
            "no host beyond its slots"
        ]
    );
    let worst = &nova.worst.as_ref().unwrap().availability;
    let rack = worst
        .worst_single_failure
        .iter()
        .find(|f| f.kind == "rack")
        .unwrap();
    assert!(rack.replicas_down >= 2, "{:?}", nova.worst);
    let best = nova.optimum.as_ref().unwrap();
    assert!(worst.p_quorum_lost > best.p_quorum_lost * 10.0);
}

#[test]
fn kubernetes_reads_its_rules_back_from_the_written_terms() {
    let topology = default_topology();
    let request = request(
        5,
        &[
            ("datacenter", Limit::MinDomains(3)),
            (HOST_KIND, Limit::MaxPerDomain(1)),
        ],
    );
    let rules = kubernetes::enforced_rules(&request, &topology);
    let words: Vec<String> = rules.iter().map(ToString::to_string).collect();
    assert_eq!(
        words,
        [
            "at most 1 per host",
            "skew at most 2 over data centers",
            "at least 3 distinct data centers"
        ]
    );
}

#[test]
fn the_shape_ignores_domain_names_but_not_sharing() {
    let topology = default_topology();
    let rack_of = |h: usize| topology.hosts[h].domains["rack"].clone();
    let first = (1..topology.hosts.len())
        .find(|&h| rack_of(h) == rack_of(0))
        .unwrap();
    let other = (1..topology.hosts.len())
        .find(|&h| rack_of(h) != rack_of(0))
        .unwrap();
    assert_ne!(
        placement_shape(&topology, &[0, first]),
        placement_shape(&topology, &[0, other])
    );
    assert_eq!(
        placement_shape(&topology, &[0, 0]),
        placement_shape(&topology, &[first, first])
    );
}

/// Nomad schedules a job inside one region. On the public-cloud preset no region of the
/// default estate holds three replicas under the hazard and data-center caps: the export's
/// lossy notes say so and how many it places, and the guarantee counts the rest as down.
#[test]
fn nomad_on_public_cloud_says_what_one_region_cannot_hold_and_counts_it() {
    let topology = default_topology();
    let answers = crate::preset::find("public-cloud")
        .expect("the preset")
        .answers();
    let recommendation = crate::recommend::recommend(&answers);
    let request = Request::from_answers(&answers, &topology);
    let plan = plan(&topology, &request);
    assert!(plan.placement.feasible, "our optimum spans regions");
    let options = Options::default();
    let inputs = super::super::Inputs {
        recommendation: &recommendation,
        request: &request,
        topology: &topology,
        plan: &plan,
        options: &options,
    };
    let export = super::super::export(Target::Nomad, inputs).with_guarantee(Target::Nomad, inputs);
    let note = export
        .lossy
        .iter()
        .find(|l| l.starts_with("a job runs in one region"))
        .unwrap_or_else(|| panic!("{:#?}", export.lossy));
    assert!(
        note.contains("it places at most 1 and leaves 2 unplaced"),
        "{note}"
    );
    let g = export.guarantee.expect("a guarantee");
    let worst = g.worst.expect("what it places");
    assert_eq!(worst.hosts.iter().filter(|h| h.is_none()).count(), 2);
    assert_eq!(worst.availability.p_quorum_lost, 1.0);
    // Said for people, not as the out-of-range index the model counts an unplaced replica by.
    assert!(
        worst
            .availability
            .warnings
            .iter()
            .any(|w| w == "2 of 3 replicas are not placed; they count as down"),
        "{:?}",
        worst.availability.warnings
    );
    assert!(
        !worst
            .availability
            .warnings
            .iter()
            .any(|w| w.contains("index")),
        "{:?}",
        worst.availability.warnings
    );
    assert!(
        g.summary.starts_with("guaranteed no quorum"),
        "{}",
        g.summary
    );
    assert!(
        g.warnings
            .iter()
            .any(|w| w.starts_with("2 of 3 replicas are never placed")),
        "{:?}",
        g.warnings
    );
    // Nova's host-only anti-affinity fits in one region: nothing to note.
    let nova = super::super::export(Target::Nova, inputs);
    assert!(
        !nova.lossy.iter().any(|l| l.starts_with("a job runs")),
        "{:#?}",
        nova.lossy
    );
}

/// The exported Deployment requests no resources: without a rule that holds a host to its slots,
/// kube-scheduler may stack replicas on one node of the default estate (one slot a host), and
/// the guarantee says so and counts it.
#[test]
fn kubernetes_without_a_host_rule_may_stack_replicas_beyond_the_slots() {
    let topology = default_topology();
    let stacked = |rules: &[(&str, Limit)]| {
        let request = Request {
            scope: Some("datacenter".to_owned()),
            ..request(3, rules)
        };
        guarantee(Target::Kubernetes, &topology, &request).unwrap()
    };
    let loose = stacked(&[]);
    assert!(
        !loose.enforced.iter().any(|w| w.contains("slots")),
        "{:?}",
        loose.enforced
    );
    let warning = loose
        .warnings
        .iter()
        .find(|w| w.starts_with("the Deployment requests no resources"))
        .unwrap_or_else(|| panic!("{:?}", loose.warnings));
    assert!(
        warning.contains(r#"add the rule {"kind": "host", "max_per_domain": 1}"#),
        "{warning}"
    );
    let hosts = &loose.worst.as_ref().expect("a worst placement").hosts;
    // A quorum (2 of 3) on one node: losing that node loses it.
    assert!(
        hosts.iter().filter(|h| *h == &hosts[0]).count() >= 2,
        "a quorum on one node is the worst: {hosts:?}"
    );
    let held = stacked(&[(HOST_KIND, Limit::MaxPerDomain(1))]);
    assert!(
        held.warnings.is_empty(),
        "a host rule keeps to the slots: {:?}",
        held.warnings
    );
    let worst = |g: &Guarantee| g.worst.as_ref().unwrap().availability.p_quorum_lost;
    assert!(worst(&loose) > worst(&held));
}
