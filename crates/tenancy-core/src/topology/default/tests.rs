//! Tests of the default topology: it validates and has the shape its module promises.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

/// The distinct domains of `kind` on hosts matching `filter`.
fn domains(topology: &Topology, kind: &str, filter: impl Fn(&Host) -> bool) -> BTreeSet<String> {
    topology
        .hosts
        .iter()
        .filter(|host| filter(host))
        .filter_map(|host| host.domains.get(kind).cloned())
        .collect()
}

/// For each domain of `kind`, the distinct domains of `inner` inside it.
fn inside(topology: &Topology, kind: &str, inner: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for host in &topology.hosts {
        map.entry(host.domains[kind].clone())
            .or_default()
            .insert(host.domains[inner].clone());
    }
    map
}

fn on_earth(host: &Host) -> bool {
    host.domains["planet"] == "earth"
}

#[test]
fn it_round_trips_through_the_native_form_without_warnings() {
    let topology = default_topology();
    let parsed = Topology::from_json_str(&topology.to_json_string()).unwrap();
    assert_eq!(parsed, topology);
    assert!(topology.warnings().is_empty(), "{:?}", topology.warnings());
    assert_eq!(topology.kinds, DEFAULT_KINDS);
}

#[test]
fn earth_has_three_regions_four_datacenters_and_three_hazard_zones() {
    let t = default_topology();
    assert_eq!(domains(&t, "region", on_earth).len(), 3);
    assert_eq!(domains(&t, "datacenter", on_earth).len(), 4);
    assert_eq!(domains(&t, "hazard", on_earth).len(), 3);
    assert!(domains(&t, "room", on_earth).len() >= 3);
}

#[test]
fn every_pdu_feeds_two_racks_and_racks_hold_four_to_eight_hosts() {
    let t = default_topology();
    for (pdu, racks) in inside(&t, "pdu", "rack") {
        assert_eq!(racks.len(), 2, "{pdu}");
    }
    let mut per_rack: BTreeMap<&str, usize> = BTreeMap::new();
    for host in &t.hosts {
        *per_rack.entry(&host.domains["rack"]).or_default() += 1;
    }
    assert!(
        per_rack.values().all(|n| (4..=8).contains(n)),
        "{per_rack:?}"
    );
}

#[test]
fn some_switch_serves_racks_on_different_pdus() {
    let t = default_topology();
    let switch_pdus = inside(&t, "switch", "pdu");
    let cross: Vec<&String> = switch_pdus
        .iter()
        .filter(|(_, pdus)| pdus.len() > 1)
        .map(|(switch, _)| switch)
        .collect();
    assert_eq!(cross, ["arn1-tor-2-3", "fra1-tor-2-3"]);
}

#[test]
fn pools_and_the_moon_are_labelled() {
    let t = default_topology();
    let pools: BTreeSet<&str> = t.hosts.iter().map(|h| h.labels["pool"].as_str()).collect();
    assert_eq!(pools, BTreeSet::from(["dedicated", "shared"]));
    let lunar: Vec<&Host> = t
        .hosts
        .iter()
        .filter(|h| h.domains["planet"] == "moon")
        .collect();
    assert!(lunar.len() >= 2);
    assert!(
        lunar
            .iter()
            .all(|h| h.labels.get(MOON_LATENCY_LABEL.0).map(String::as_str)
                == Some(MOON_LATENCY_LABEL.1))
    );
    assert!(
        t.hosts
            .iter()
            .filter(|h| on_earth(h))
            .all(|h| !h.labels.contains_key("latency"))
    );
}

#[test]
fn every_survive_level_below_planet_places_three_replicas_on_earth_only() {
    use crate::answers::Answers;
    use crate::request::Request;
    let t = default_topology();
    for survive in ["none", "host", "rack", "datacenter", "region", "planet"] {
        for replicas in [3, 5] {
            let mut answers = Answers::default();
            answers.set("survive", survive).unwrap();
            answers.set("replicas", &replicas.to_string()).unwrap();
            let request = Request::from_answers(&answers, &t);
            let placement = crate::solve::place(&t, &request);
            assert!(placement.feasible, "{survive} {replicas}: {placement:?}");
            let planets: BTreeSet<&str> = placement
                .assignments
                .iter()
                .flatten()
                .map(|a| a.domains["planet"].as_str())
                .collect();
            let expected = if survive == "planet" {
                BTreeSet::from(["earth", "moon"])
            } else {
                BTreeSet::from(["earth"])
            };
            assert_eq!(planets, expected, "survive={survive} replicas={replicas}");
        }
    }
}

#[test]
fn every_preset_but_survive_anything_stays_on_earth() {
    use crate::request::Request;
    let t = default_topology();
    for preset in crate::preset::PRESETS {
        let request = Request::from_answers(&preset.answers(), &t);
        let placement = crate::solve::place(&t, &request);
        assert!(placement.feasible, "{}: {placement:?}", preset.id);
        let lunar = placement
            .assignments
            .iter()
            .flatten()
            .filter(|a| a.domains["planet"] == "moon")
            .count();
        assert_eq!(
            lunar > 0,
            preset.id == "survive-anything",
            "{}: {lunar} replicas on the Moon",
            preset.id
        );
    }
}
