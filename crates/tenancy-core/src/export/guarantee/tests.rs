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
    assert!(nomad.worst.is_none(), "{nomad:?}");
    assert!(
        nomad.summary.contains("guaranteed nothing"),
        "{}",
        nomad.summary
    );
    assert!(nomad.optimum.is_some());
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
    assert_ne!(placement_shape(&topology, &[0, first]), placement_shape(&topology, &[0, other]));
    assert_eq!(placement_shape(&topology, &[0, 0]), placement_shape(&topology, &[first, first]));
}
