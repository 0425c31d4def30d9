//! Unit tests of the CRUSH export: rules that follow the tree, and names kept inside comments.

use super::*;

#[test]
fn crush_rules_follow_the_tree() {
    let crush = Target::Crush;
    // The default topology's switches cut across racks: lossy.
    check(
        crush,
        "",
        Some(r#"{"replicas": 3, "rules": [{"kind": "switch", "max_per_domain": 1}]}"#),
        &[
            "# Kind `switch` is left out",
            "step choose firstn 0 type osd",
        ],
        &["the kind `switch` is not in the CRUSH tree"],
    );
    check(
        crush,
        "",
        Some(r#"{"replicas": 3, "rules": [{"kind": "rack", "max_per_domain": 1}]}"#),
        &[
            "step chooseleaf firstn 0 type rack",
            "min_size 1",
            "max_size 10",
        ],
        &[],
    );
    check(
        crush,
        "",
        Some(
            r#"{"replicas": 4, "rules": [{"kind": "datacenter", "max_per_domain": 2},
                {"kind": "host", "max_per_domain": 1}]}"#,
        ),
        &[
            "step choose firstn 2 type datacenter\n\tstep chooseleaf firstn 2 type host",
            "min_size 4\n\tmax_size 4",
        ],
        &[],
    );
    check(
        crush,
        "",
        Some(r#"{"replicas": 5, "rules": [{"kind": "rack", "max_skew": 1}]}"#),
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

/// Onto the user's own map, and for a cluster known by its OSD tree, the export says what it
/// drops as every export does: the scope the rule cannot write is lossy, and a request the
/// cluster cannot hold is warned about first.
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
        let export = run(&scoped);
        assert!(
            export
                .lossy
                .iter()
                .any(|l| l.starts_with(&format!("scope `{kind}`"))),
            "{format:?}: {:#?}",
            export.lossy
        );
        let export = run(unplaceable);
        assert!(
            export.warnings[0].contains("cannot be placed on this topology"),
            "{format:?}: {:#?}",
            export.warnings
        );
    }
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
