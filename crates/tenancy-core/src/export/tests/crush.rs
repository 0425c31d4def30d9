//! Unit tests of the CRUSH export: rules that follow the tree, and names kept inside comments.

use super::*;
use crate::request::{Limit, Rule};

#[test]
fn crush_rules_follow_the_tree() {
    let crush = Target::Crush;
    // The default topology's switches cut across racks: lossy. One take cannot say more than
    // "any OSD"; our optimum puts 2 replicas on Earth (in two regions) and 1 on the Moon, and
    // one take per planet shaped like it reaches it on every placement group.
    check(
        crush,
        "",
        Some(r#"{"replicas": 3, "rules": [{"kind": "switch", "max_per_domain": 1}]}"#),
        &[
            "# Kind `switch` is left out",
            "# One take per planet",
            "\tstep take earth\n\tstep chooseleaf firstn 2 type region\n\tstep emit\n\tstep take moon\n",
        ],
        &["the kind `switch` is not in the CRUSH tree"],
    );
    // One take of a planet may put all three on Earth; one per planet never does.
    check(
        crush,
        "",
        Some(r#"{"replicas": 3, "rules": [{"kind": "rack", "max_per_domain": 1}]}"#),
        &[
            "\tstep take earth\n\tstep chooseleaf firstn 2 type region\n\tstep emit\n\tstep take moon\n",
        ],
        &[],
    );
    // Inside one data center one take suffices, for any pool size up to its racks.
    check(
        crush,
        "",
        Some(
            r#"{"replicas": 3, "scope": "datacenter", "rules": [{"kind": "rack", "max_per_domain": 1}]}"#,
        ),
        &[
            "\tstep take fra1\n\tstep chooseleaf firstn 0 type rack\n\tstep emit\n}",
            "min_size 1",
        ],
        &[],
    );
    check(
        crush,
        "",
        Some(
            r#"{"replicas": 4, "scope": "region", "rules": [{"kind": "datacenter", "max_per_domain": 2},
                {"kind": "host", "max_per_domain": 1}]}"#,
        ),
        &[
            // Inside the region, one take per data center: each holds the 2 replicas, in two
            // rooms or PDUs as our optimum does, where one take may put two in one room.
            "\tstep take fra1\n\tstep chooseleaf firstn 2 type room\n\tstep emit\n\tstep take fra2\n",
            "min_size 4\n\tmax_size 4",
        ],
        &[],
    );
    // A scope on a kind outside the tree cannot be taken.
    check(
        crush,
        "",
        Some(r#"{"replicas": 2, "scope": "switch"}"#),
        &[],
        &["scope `switch`: the kind is not in the CRUSH tree"],
    );
    check(
        crush,
        "",
        Some(
            r#"{"replicas": 5, "scope": "datacenter", "rules": [{"kind": "rack", "max_skew": 1}]}"#,
        ),
        &["step chooseleaf firstn 0 type rack"],
        &["CRUSH has no skew bound"],
    );
}

#[test]
fn names_from_the_input_stay_inside_comments() {
    check(
        Target::Crush,
        "",
        Some(r#"{"replicas": 1, "select": {"pool": "a\nrack evil {"}}"#),
        &["# Only hosts labelled pool=a rack evil { are in it."],
        &[],
    );
}

/// Onto the user's own map, and for a cluster known by its OSD tree, the rule takes the scope's
/// domain, and a request the cluster cannot hold is warned about first.
#[test]
fn exports_for_a_real_cluster_say_what_they_drop() {
    let (answers, _) = Answers::from_query("");
    let recommendation = recommend(&answers);
    let map = exported(Target::Crush, "", Some(r#"{"replicas": 3}"#)).text;
    let (_, imported) = crate::import::import(Some(Format::CrushText), &map).expect("our map");
    let topology = imported.topology;
    let kind = topology.kinds[0].clone();
    let scoped = format!(r#"{{"replicas": 3, "scope": "{kind}"}}"#);
    let unplaceable = r#"{"replicas": 3, "select": {"pool": "nowhere"}}"#;
    for format in [Format::CrushText, Format::Ceph] {
        let run = |json: &str| {
            let request = Request::from_json_str(json, &topology).expect("a valid test request");
            export_from(
                Target::Crush,
                Inputs {
                    recommendation: &recommendation,
                    request: &request,
                    topology: &topology,
                    plan: &plan(&topology, &request),
                    options: &Options::default(),
                },
                Some(Source { format, text: &map }),
                Extent::Text,
            )
            .expect("our map reads back")
        };
        // The rule takes the domain of the scope our placement uses.
        let export = run(&scoped);
        let request = Request::from_json_str(&scoped, &topology).expect("a valid test request");
        let within = plan(&topology, &request)
            .placement
            .scope
            .expect("a scoped placement");
        takes_the_scope(&export, &within.domain);
        let export = run(unplaceable);
        assert!(
            export.warnings[0].contains("cannot be placed on this topology"),
            "{format:?}: {:#?}",
            export.warnings
        );
    }
}

/// Where our optimum puts 2 + 2 + 1 replicas in three data centers and the smallest holds one
/// host, one take can only choose the same number of hosts in every data center (one each, so
/// three of five): one take per data center reaches the optimum on every placement group.
#[test]
fn one_take_per_domain_reaches_the_optimum_where_one_take_cannot() {
    let mut hosts = Vec::new();
    for (dc, count) in [("dc-a", 3), ("dc-b", 3), ("dc-c", 1)] {
        for h in 0..count {
            hosts.push(format!(
                r#"{{"name": "{dc}-h{h}", "slots": 2, "domains": {{"datacenter": "{dc}", "rack": "{dc}-r{}"}}}}"#,
                h % 2
            ));
        }
    }
    let topology = Topology::from_json_str(&format!(
        r#"{{"version": 1, "name": "three data centers", "kinds": ["datacenter", "rack"], "hosts": [{}]}}"#,
        hosts.join(", ")
    ))
    .expect("a valid topology");
    let json = r#"{"replicas": 5, "rules": [{"kind": "datacenter", "max_per_domain": 2}, {"kind": "host", "max_per_domain": 1}]}"#;
    let export = export_on(
        Target::Crush,
        "",
        Some(json),
        &topology,
        &Options::default(),
    );
    assert!(
        export.text.contains(
            "\tstep take dc-a\n\tstep chooseleaf firstn 2 type rack\n\tstep emit\n\
             \tstep take dc-b\n\tstep chooseleaf firstn 2 type rack\n\tstep emit\n\
             \tstep take dc-c\n\tstep choose firstn 1 type osd\n\tstep emit\n"
        ),
        "{}",
        export.text
    );
    // The same map with the one-take rule in its place.
    let start = export
        .text
        .find("\tstep take dc-a")
        .expect("the first take");
    let end = export.text.rfind("\tstep emit\n").expect("the last emit");
    let one_take = format!(
        "{}\tstep take default\n\tstep choose firstn 5 type datacenter\n\tstep chooseleaf firstn 1 \
         type host\n{}",
        &export.text[..start],
        &export.text[end..]
    );
    let request = Request::from_json_str(json, &topology).expect("a valid test request");
    let at_optimum = |text: &str| {
        let map = crate::crush::parse(text).expect("the map compiles");
        let pool = crate::crush::simulate::Pool {
            id: 1,
            rule: 0,
            size: 5,
            pg_num: 256,
            max_osd: map.max_devices,
            out: Vec::new(),
        };
        let simulation =
            crate::crush::simulate::simulate_pool_on(&map, &pool, 3, Some(&request), &topology);
        (simulation.optimum.pgs_as_spread, simulation.bad_mappings)
    };
    assert_eq!(at_optimum(&export.text), (256, 0));
    let (spread, short) = at_optimum(&one_take);
    assert!(
        spread < 256 && short > 0,
        "one take: {spread} at the optimum, {short} short"
    );
}

/// Onto the user's own map the guarantee is the rule added to that map, mapped by the twin;
/// for a cluster known by its OSD tree it is measured on the modelled map and says so; with
/// [`Extent::Text`] no guarantee is computed.
#[test]
fn the_guarantee_onto_a_real_cluster_is_measured_on_its_own_map() {
    let (answers, _) = Answers::from_query("");
    let recommendation = recommend(&answers);
    let map = exported(Target::Crush, "", Some(r#"{"replicas": 3}"#)).text;
    let (_, imported) = crate::import::import(Some(Format::CrushText), &map).expect("our map");
    let topology = imported.topology;
    let request = Request::from_json_str(r#"{"replicas": 3}"#, &topology).expect("a request");
    let plan = plan(&topology, &request);
    let inputs = Inputs {
        recommendation: &recommendation,
        request: &request,
        topology: &topology,
        plan: &plan,
        options: &Options::default(),
    };
    let run = |format, extent| {
        export_from(
            Target::Crush,
            inputs,
            Some(Source { format, text: &map }),
            extent,
        )
        .expect("our map reads back")
        .guarantee
    };
    assert_eq!(run(Format::CrushText, Extent::Text), None);
    let onto = run(Format::CrushText, Extent::Guaranteed).expect("a guarantee");
    assert_eq!(onto.method, GuaranteeMethod::Twin);
    assert_eq!(onto.placements, u64::from(CRUSH_PGS));
    assert!(
        onto.enforced[0].contains("on your map"),
        "{:?}",
        onto.enforced
    );
    let worst = onto.worst.expect("every placement group maps");
    assert!(worst.hosts.iter().all(Option::is_some), "{:?}", worst.hosts);
    // Our own map's rule puts one replica per host at worst, as the optimum does per host.
    let hosts: std::collections::BTreeSet<_> = worst.hosts.iter().collect();
    assert_eq!(hosts.len(), 3, "{:?}", worst.hosts);
    let modelled = run(Format::Ceph, Extent::Guaranteed).expect("a guarantee");
    assert!(
        modelled
            .warnings
            .iter()
            .any(|w| w.contains("modelled from the topology")),
        "{:?}",
        modelled.warnings
    );
}

/// A rule written stricter than the request ("at least 4 data centers" as "at most 2 per data
/// center" on 4 data centers of 2 racks each, with at most 1 per rack) holds 8 replicas, not 9:
/// every placement group of the pool maps short, and the export says so, measured.
#[test]
fn a_rule_that_maps_short_says_how_often() {
    let topology = crate::synthetic::generate(&crate::synthetic::BENCH_SHAPES[0]);
    let request = Request {
        rules: vec![
            Rule::new("datacenter", Limit::MinDomains(4)),
            Rule::new("rack", Limit::MaxPerDomain(1)),
        ],
        ..Request::new(9)
    };
    let placement = crate::place(&topology, &request);
    let export = crush(&request, &topology, &placement, &Options::default());
    assert!(
        export
            .lossy
            .iter()
            .any(|note| note.contains("100.0 % of 1024 placement groups of a pool of 9 are short")),
        "{:?}",
        export.lossy
    );
}
