//! The worker's answers, natively: the same messages the page sends, the same JSON back.

use super::*;
use crate::protocol::{GuaranteeView, TwinSection, TwinView};
use tenancy_core::report::twins::Row;

fn answer(session: &mut Session, message: ToWorker) -> (FromWorker, Vec<String>) {
    let mut stages = Vec::new();
    let reply = session.handle(message, &mut |progress| {
        if let FromWorker::Progress { stage, .. } = progress {
            stages.push(stage);
        }
    });
    // What the page reads is JSON: the answer must come back from it unchanged.
    let back: FromWorker = serde_json::from_str(&reply.to_json()).unwrap();
    assert_eq!(back, reply);
    (reply, stages)
}

fn show(session: &mut Session, query: &str, target: &str) -> Shown {
    let message = ToWorker::Show {
        id: 7,
        query: query.to_owned(),
        target: target.to_owned(),
    };
    match answer(session, message).0 {
        FromWorker::Shown(shown) => *shown,
        other => panic!("not a placement: {other:?}"),
    }
}

#[test]
fn an_infeasible_request_is_explained_by_its_minimal_conflict() {
    let shown = show(
        &mut Session::default(),
        "replicas=3&rules=planet:max_per_domain:1",
        "k8s",
    );
    assert_eq!(shown.id, 7);
    assert_eq!(shown.feasible, Some(false));
    let conflict = shown.conflict.unwrap();
    assert_eq!(
        conflict.explanation,
        "2 planets × at most 1 per planet = 2 < 3 replicas"
    );
    assert_eq!(conflict.rules, ["rules[0] at most 1 per planet"]);
    assert!(shown.drawing.is_none() && shown.availability.is_none());
}

#[test]
fn a_feasible_request_carries_its_drawing_availability_and_export() {
    let (mut stages, mut session) = (Vec::new(), Session::default());
    let reply = session.handle(
        ToWorker::Show {
            id: 1,
            query: "survive=rack&replicas=3".to_owned(),
            target: "nomad".to_owned(),
        },
        &mut |p| stages.push(p),
    );
    let FromWorker::Shown(shown) = reply else {
        panic!("not a placement")
    };
    assert_eq!(shown.feasible, Some(true));
    assert!(shown.example);
    let availability = shown.availability.unwrap();
    assert!(availability.p_quorum > 0.99 && availability.p_quorum < 1.0);
    assert!(
        availability.headline.starts_with("2 of 3 replicas up: "),
        "{}",
        availability.headline
    );
    assert!(
        availability
            .downtime
            .contains("minutes a year without quorum"),
        "{}",
        availability.downtime
    );
    assert!(!availability.rates.is_empty());
    assert!(availability.rates.iter().all(|rate| !rate.basis.is_empty()));
    assert_eq!(shown.scope, "datacenter");
    assert_eq!(shown.scopes[0].label, "anywhere");
    assert!(
        shown.scopes.iter().any(|s| s.label == "one data center"),
        "{:?}",
        shown.scopes
    );
    assert_eq!(shown.survival, None);
    let drawing = shown.drawing.unwrap();
    let replicas = drawing.shapes.matches("estate-replica\"").count();
    // Three replica hosts and the legend's sample square.
    assert_eq!(replicas, 4);
    let export = shown.export.unwrap();
    assert_eq!(export.target, "nomad");
    assert!(export.text.contains("group"), "{}", export.text);
    assert_eq!(stages.len(), 1, "one progress step: the placement");
}

#[test]
fn a_request_typed_by_hand_becomes_the_links_edit_or_is_refused_naming_the_field() {
    let mut session = Session::default();
    let text = r#"{"replicas": 5, "rules": [{"kind": "region", "max_per_domain": 1}]}"#;
    let (reply, _) = answer(
        &mut session,
        ToWorker::EditRequest {
            id: 2,
            query: "survive=host".to_owned(),
            text: text.to_owned(),
        },
    );
    let FromWorker::RequestTaken { id: 2, query } = reply else {
        panic!("not taken: {reply:?}")
    };
    assert!(query.contains("replicas=5"), "{query}");
    assert!(query.contains("rules=region:max_per_domain:1"), "{query}");
    let (reply, _) = answer(
        &mut session,
        ToWorker::EditRequest {
            id: 3,
            query: String::new(),
            text: r#"{"replicas": 3, "rules": [{"kind": "rak", "max_per_domain": 1}]}"#.to_owned(),
        },
    );
    let FromWorker::RequestRefused { id: 3, message } = reply else {
        panic!("not refused: {reply:?}")
    };
    assert!(message.contains("rak"), "{message}");
}

#[test]
fn an_import_replaces_the_example_estate_and_a_reset_brings_it_back() {
    let mut session = Session::default();
    let text = include_str!("../../../../crates/tenancy-core/tests/fixtures/kubectl-nodes.json");
    let (reply, stages) = answer(
        &mut session,
        ToWorker::Import {
            id: 4,
            format: "auto".to_owned(),
            text: text.to_owned(),
            origin: "pasted".to_owned(),
        },
    );
    let FromWorker::Topology(view) = reply else {
        panic!("not imported: {reply:?}")
    };
    assert!(!view.example);
    assert!(view.origin.contains("kubectl"), "{}", view.origin);
    assert_eq!(view.hosts, session.topology().hosts.len());
    assert_eq!(stages.len(), 1);
    let (reply, _) = answer(&mut session, ToWorker::Reset { id: 5 });
    let FromWorker::Topology(view) = reply else {
        panic!("not reset")
    };
    assert!(view.example);
    assert_eq!(view.origin, EXAMPLE_ORIGIN);
}

#[test]
fn a_refused_import_says_how_it_was_read_and_keeps_the_topology() {
    let mut session = Session::default();
    let before = session.topology().clone();
    let (reply, _) = answer(
        &mut session,
        ToWorker::Import {
            id: 6,
            format: "auto".to_owned(),
            text: r#"{"version": 1, "kinds": [], "hosts": [{"name": "a"}, {"name": "a"}]}"#
                .to_owned(),
            origin: "pasted".to_owned(),
        },
    );
    let FromWorker::TopologyRefused { message, .. } = reply else {
        panic!("not refused: {reply:?}")
    };
    assert!(
        message.contains("duplicate host name `a` at hosts[1]"),
        "{message}"
    );
    assert!(message.contains("Tenancy Scale topology JSON"), "{message}");
    assert_eq!(session.topology(), &before);
}

#[test]
fn a_file_over_the_byte_limit_is_refused_before_it_is_read() {
    let too_big = MAX_INPUT_BYTES as u64 + 1;
    let Err(FromWorker::TopologyRefused { message, .. }) =
        Session::check_size(1, "nodes.json", too_big)
    else {
        panic!("not refused")
    };
    assert!(message.contains("`nodes.json`"), "{message}");
    assert!(Session::check_size(1, "nodes.json", MAX_INPUT_BYTES as u64).is_ok());
}

#[test]
fn the_report_and_the_placement_drawing_can_be_saved() {
    let mut session = Session::default();
    for (what, name, start) in [
        ("report", "tenancy-report.md", "#"),
        ("estate-svg", "tenancy-placement.svg", "<svg"),
    ] {
        let (reply, _) = answer(
            &mut session,
            ToWorker::Save {
                id: 9,
                query: "survive=rack".to_owned(),
                what: what.to_owned(),
            },
        );
        let FromWorker::File {
            name: got, text, ..
        } = reply
        else {
            panic!("nothing saved")
        };
        assert_eq!(got, name);
        assert!(text.starts_with(start), "{what}: {}", &text[..40]);
    }
}

#[test]
fn a_drawing_keeps_every_shape_of_its_figure() {
    let topology = default_topology();
    let figure = estate::estate(&topology, &[0, 1]);
    let drawing = Drawing::from(&figure);
    assert_eq!(drawing.shapes, svg::shapes(&figure));
    let elements = drawing.shapes.matches("/>").count() + drawing.shapes.matches("</text>").count();
    assert_eq!(elements, figure.shapes.len());
    assert_eq!(
        (drawing.width, drawing.height),
        (figure.width, figure.height)
    );
    assert_eq!(drawing.title, figure.title);
}

#[test]
fn the_platforms_own_target_comes_first_and_every_target_is_offered() {
    for (platform, first) in [
        ("kubernetes", Target::Kubernetes),
        ("vm-fleet", Target::Nova),
        ("bare-metal", Target::Nomad),
        ("serverless", Target::Kubernetes),
    ] {
        let targets = crate::protocol::targets_for(platform);
        assert_eq!(targets[0], first, "{platform}");
        let mut sorted = targets.clone();
        sorted.sort();
        assert_eq!(sorted, Target::ALL, "{platform}");
    }
}

#[test]
fn a_scope_chosen_goes_into_the_link_and_an_unknown_one_is_named() {
    let mut session = Session::default();
    let reply = session.handle(
        ToWorker::Rescope {
            id: 4,
            query: "survive=host&replicas=3".to_owned(),
            scope: "any".to_owned(),
        },
        &mut |_| {},
    );
    let FromWorker::RequestTaken { id, query } = reply else {
        panic!("not taken: {reply:?}")
    };
    assert_eq!(id, 4);
    assert!(query.contains("scope=any"), "{query}");
    let shown = show(&mut session, &query, "k8s");
    assert_eq!(shown.scope, "any");
    let reply = session.handle(
        ToWorker::Rescope {
            id: 5,
            query: "survive=host&replicas=3".to_owned(),
            scope: "moon".to_owned(),
        },
        &mut |_| {},
    );
    let FromWorker::RequestRefused { message, .. } = reply else {
        panic!("taken: {reply:?}")
    };
    assert!(message.starts_with("The scope was not used: "), "{message}");
    assert!(message.contains("moon"), "{message}");
}

#[test]
fn a_hand_edited_request_that_cannot_survive_the_answer_is_warned_about() {
    let mut session = Session::default();
    let shown = show(
        &mut session,
        "survive=rack&replicas=3&rules=host:max_per_domain:1",
        "k8s",
    );
    assert!(shown.survival.is_some(), "{shown:?}");
}

const NODES_3_ZONES: &str =
    include_str!("../../../../crates/tenancy-core/tests/fixtures/k8s-nodes-3-zones.json");
const DEPLOYMENT_SPREAD: &str =
    include_str!("../../../../crates/tenancy-core/tests/fixtures/k8s-deployment-spread.yaml");
const CRUSH_MAP: &str =
    include_str!("../../../../crates/tenancy-core/tests/fixtures/ceph/set-choose.txt");

fn import(session: &mut Session, text: &str) {
    let message = ToWorker::Import {
        id: 2,
        format: "auto".to_owned(),
        text: text.to_owned(),
        origin: "pasted".to_owned(),
    };
    match answer(session, message).0 {
        FromWorker::Topology(_) => {}
        other => panic!("not imported: {other:?}"),
    }
}

fn twin(session: &mut Session, query: &str, target: &str, manifest: Option<&str>) -> TwinView {
    let message = ToWorker::Twin {
        id: 9,
        query: query.to_owned(),
        target: target.to_owned(),
        manifest: manifest.map(str::to_owned),
        pg_num: 128,
    };
    let (reply, stages) = answer(session, message);
    match reply {
        FromWorker::Twin(view) => {
            assert_eq!(view.id, 9);
            assert!(view.error.is_some() || view.hint.is_some() || !stages.is_empty());
            *view
        }
        other => panic!("not a twin: {other:?}"),
    }
}

fn value<'a>(section: &'a TwinSection, label: &str) -> &'a str {
    Row::find(&section.rows, label).unwrap_or_else(|| panic!("no row {label}: {:?}", section.rows))
}

#[test]
fn our_kubernetes_export_on_the_example_estate_says_what_the_scheduler_may_do() {
    let view = twin(
        &mut Session::default(),
        "survive=rack&replicas=3",
        "k8s",
        None,
    );
    assert_eq!(view.error, None);
    let [section] = view.sections.as_slice() else {
        panic!("one workload: {view:?}")
    };
    assert_eq!(section.heading, "Deployment default/workload");
    assert!(value(section, "Twin's worst case").contains("2 of 3 replicas up"));
    assert!(
        value(section, "Our optimum (same rules)").contains("nines"),
        "{section:?}"
    );
    assert!(value(section, "Worst-case blast radius").contains("in one rack"));
    // The chart is a core figure: one bar per kind, as markup and as a file.
    assert!(section.chart.shapes.contains("<rect"));
    assert!(section.chart_svg.starts_with("<svg") && section.chart_svg.contains("keep quorum"));
    // A shortfall is stated exactly when the worst case misses what the optimum survives.
    if let Some(shortfall) = &section.shortfall {
        assert!(shortfall.starts_with("In the worst case"), "{shortfall}");
    }
}

#[test]
fn a_pasted_manifest_is_audited_on_the_nodes_in_use_and_a_bad_one_named() {
    let mut session = Session::default();
    import(&mut session, NODES_3_ZONES);
    let view = twin(&mut session, "", "k8s", Some(DEPLOYMENT_SPREAD));
    assert_eq!(view.error, None);
    assert_eq!(view.sections.len(), 1);
    let section = &view.sections[0];
    assert!(
        section.heading.starts_with("Deployment "),
        "{}",
        section.heading
    );
    assert!(
        value(section, "Hard rules").contains("max skew"),
        "{:?}",
        section.rows
    );
    // Its one hard rule (max skew 1 per host) keeps every zone's loss survivable whatever the
    // scheduler chooses: nothing falls short of the optimum for the same rules.
    assert!(value(section, "Worst-case blast radius").contains("2 of 5 in one datacenter"));
    assert_eq!((&section.shortfall, &section.fix), (&None, &None));
    assert!(section.notes.iter().any(|n| n.contains("control-plane")));

    let bad = twin(
        &mut session,
        "",
        "k8s",
        Some("kind: Service\nmetadata: {name: x}\n"),
    );
    let error = bad.error.expect("refused");
    assert!(error.starts_with("The manifest was not read: "), "{error}");
    assert!(bad.sections.is_empty());
}

#[test]
fn the_ceph_tab_says_what_to_paste_until_a_crush_map_is_in_use_then_simulates_our_rule() {
    let mut session = Session::default();
    let view = twin(&mut session, "replicas=3", "crush", None);
    assert!(view.sections.is_empty());
    let hint = view.hint.expect("what to paste");
    assert!(hint.contains("crushtool -d") && hint.contains("ceph osd crush dump -f json"));

    import(&mut session, CRUSH_MAP);
    let view = twin(&mut session, "replicas=3", "crush", None);
    assert_eq!(view.error, None);
    // The core words the pool (report::twins tests); the section carries every part of it.
    let [section] = view.sections.as_slice() else {
        panic!("one pool: {view:?}")
    };
    assert_eq!(section.heading, "A pool of 3 on our rule");
    let labels: Vec<&str> = section.rows.iter().map(|row| row.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Pool",
            "Bad mappings",
            "PGs per OSD",
            "Availability across PGs",
            "Our optimum",
            "PGs at our optimum"
        ]
    );
    assert!(value(section, "Pool").contains("128 placement groups"));
    assert!(section.chart.shapes.contains("<rect") && section.chart_svg.starts_with("<svg"));
}

/// A Deployment with no scheduling terms at all: only the scheduler's default soft spreading.
const BARE_DEPLOYMENT: &str =
    include_str!("../../../../tests/e2e/fixtures/k8s-deployment-bare.yaml");

#[test]
fn a_manifest_without_hard_rules_falls_short_on_the_example_estate_and_the_fix_is_named() {
    let view = twin(&mut Session::default(), "", "k8s", Some(BARE_DEPLOYMENT));
    assert_eq!(view.error, None);
    // The core words the shortfall and the fix (report::twins tests); the section has both.
    let section = &view.sections[0];
    assert_eq!(section.heading, "Deployment default/api");
    assert!(section.shortfall.is_some(), "{section:?}");
    let (change, yaml) = section.fix.as_ref().expect("a fix");
    assert!(change.starts_with("Smallest change that closes the gap: ") && !yaml.is_empty());
}

#[test]
fn kube_schedulers_twin_is_not_run_past_its_node_limit_and_says_what_to_run() {
    let hosts: Vec<String> = (0..=twins::MAX_TWIN_NODES)
        .map(|i| format!(r#"{{"name":"h{i}","domains":{{"rack":"r{}"}}}}"#, i % 50))
        .collect();
    let mut session = Session::default();
    import(
        &mut session,
        &format!(
            r#"{{"version":1,"kinds":["rack"],"hosts":[{}]}}"#,
            hosts.join(",")
        ),
    );
    let view = twin(&mut session, "replicas=3", "k8s", None);
    assert!(view.sections.is_empty());
    let hint = view.hint.expect("a hint");
    assert!(
        hint.contains("this topology has 5001") && hint.contains("tenancy check k8s"),
        "{hint}"
    );
}

/// On the user's own CRUSH map the export is that map as given plus one rule, never a
/// regenerated model of it.
#[test]
fn the_crush_export_on_a_pasted_map_is_that_map_plus_one_rule() {
    let mut session = Session::default();
    let modelled = show(&mut session, "replicas=3", "crush").export.unwrap();
    assert!(
        modelled.text.contains("This map models the topology"),
        "{}",
        modelled.text
    );
    import(&mut session, CRUSH_MAP);
    let onto = show(&mut session, "replicas=3", "crush").export.unwrap();
    assert!(
        !onto.text.contains("This map models the topology"),
        "{}",
        onto.text
    );
    let rules = |text: &str| text.lines().filter(|l| l.starts_with("rule ")).count();
    assert_eq!(rules(&onto.text), rules(CRUSH_MAP) + 1, "{}", onto.text);
    for line in CRUSH_MAP.lines().filter(|l| l.starts_with("device ")) {
        assert!(onto.text.contains(line), "{line} lost:\n{}", onto.text);
    }
}

fn guarantee(session: &mut Session, query: &str, target: &str) -> GuaranteeView {
    let message = ToWorker::Guarantee {
        id: 11,
        query: query.to_owned(),
        target: target.to_owned(),
    };
    match answer(session, message).0 {
        FromWorker::Guarantee(view) => {
            assert_eq!((view.id, view.target.as_str()), (11, target));
            *view
        }
        other => panic!("not a guarantee: {other:?}"),
    }
}

/// The placement's answer carries the export text alone (quick); the guarantee is its own
/// question, answered for every target but the report in the core's words, and on the user's
/// own CRUSH map for the rule added to it.
#[test]
fn every_export_but_the_report_says_what_it_guarantees_when_asked() {
    let mut session = Session::default();
    for target in ["k8s", "nova", "nomad", "crush"] {
        let view = guarantee(&mut session, "replicas=3", target);
        let summary = view.summary.unwrap_or_default();
        assert!(
            summary.starts_with("guaranteed ") && summary.contains("; optimum "),
            "{target}: {summary}"
        );
        assert!(
            view.lines.iter().any(|l| l.starts_with("enforced: ")),
            "{target}: {:?}",
            view.lines
        );
        assert!(
            view.lines
                .iter()
                .any(|l| l.starts_with("the worst placement it allows")),
            "{target}: {:?}",
            view.lines
        );
    }
    let report = guarantee(&mut session, "replicas=3", "markdown");
    assert_eq!((report.summary, report.lines.len()), (None, 0));
    let refused = guarantee(&mut session, "replicas=3&quorum=9", "k8s");
    assert!(refused.error.is_some(), "{refused:?}");

    import(&mut session, CRUSH_MAP);
    let view = guarantee(&mut session, "replicas=3", "crush");
    assert!(
        view.lines
            .iter()
            .any(|l| l.contains("the CRUSH rule `workload` on your map")),
        "{:?}",
        view.lines
    );
}
