//! Unit tests of the exports: the helpers every target's tests use and the options; each target's
//! mappings and lossy cases are in `tests/TARGET.rs`.

use super::*;
use crate::answers::Answers;
use crate::plan::plan;
use crate::recommend::recommend;
use crate::topology::default_topology;

/// The export of answers given as a URL query and a request (JSON, or `None` for the one
/// derived from the answers) on the default topology, with the default options.
fn exported(target: Target, query: &str, request: Option<&str>) -> Export {
    export_on(
        target,
        query,
        request,
        &default_topology(),
        &Options::default(),
    )
}

/// [`exported`] on this topology with these options.
fn export_on(
    target: Target,
    query: &str,
    request: Option<&str>,
    topology: &Topology,
    options: &Options,
) -> Export {
    let (answers, _) = Answers::from_query(query);
    let request = match request {
        Some(json) => Request::from_json_str(json, topology).expect("a valid test request"),
        None => Request::from_answers(&answers, topology),
    };
    export(
        target,
        Inputs {
            recommendation: &recommend(&answers),
            request: &request,
            topology,
            plan: &plan(topology, &request),
            options,
        },
    )
}

/// Answers as a URL query and a request (JSON, or `None` for the one derived from the answers)
/// → the export contains every expected piece, and each expected lossy piece is in some entry.
fn check(target: Target, query: &str, request: Option<&str>, text: &[&str], lossy: &[&str]) {
    let export = exported(target, query, request);
    for piece in text {
        assert!(
            export.text.contains(piece),
            "{query} {request:?}: missing {piece:?} in\n{}",
            export.text
        );
    }
    for piece in lossy {
        assert!(
            export.lossy.iter().any(|entry| entry.contains(piece)),
            "{query}: no lossy entry with {piece:?} in {:#?}",
            export.lossy
        );
    }
}

/// Asserts that a CRUSH export's rule takes the scope's `domain` and that nothing of the scope
/// is lossy.
fn takes_the_scope(export: &Export, domain: &str) {
    assert!(
        export.text.contains(&format!("\tstep take {domain}\n")),
        "{}",
        export.text
    );
    assert!(
        !export.lossy.iter().any(|entry| entry.starts_with("scope")),
        "{:#?}",
        export.lossy
    );
}

/// The lossy entries of one export.
fn lossy_of(target: Target, query: &str, request: &str) -> Vec<String> {
    exported(target, query, Some(request)).lossy
}

/// The Kubernetes export's text for these answers and request on this topology, unscoped.
fn k8s_text(answers: &Answers, request: &Request, topology: &Topology) -> String {
    kubernetes(
        &recommend(answers),
        request,
        topology,
        None,
        &Options::default(),
    )
    .text
}

#[test]
fn options_are_checked() {
    assert!(Options::new("db", DEFAULT_LABEL_PREFIX).is_ok());
    assert!(Options::new("db-1", "example.com/").is_ok());
    for name in ["", "Db", "-db", "db-", "a_b", &"a".repeat(64)] {
        assert!(
            matches!(
                Options::new(name, DEFAULT_LABEL_PREFIX),
                Err(OptionsError::BadName(_))
            ),
            "{name}"
        );
    }
    for prefix in ["example.com", "/", "Example.com/", "a..b/", "-a.com/"] {
        assert!(
            matches!(
                Options::new("db", prefix),
                Err(OptionsError::BadLabelPrefix(_))
            ),
            "{prefix}"
        );
    }
}

#[test]
fn a_scoped_kubernetes_export_pins_the_chosen_zone_and_others_say_lossy() {
    let request = r#"{"replicas": 3, "scope": "datacenter", "rules": [{"kind": "rack", "max_per_domain": 1}]}"#;
    check(
        Target::Kubernetes,
        "",
        Some(request),
        &[
            "topology.kubernetes.io/zone: fra1",
            "# The scope keeps every replica in data center `fra1`",
        ],
        &[],
    );
    for target in [Target::Nova, Target::Nomad] {
        check(
            target,
            "",
            Some(request),
            &[],
            &[
                "scope `datacenter`: every replica in one data center (the placement uses `fra1`) is not written",
            ],
        );
    }
    // A CRUSH rule takes the data center itself.
    takes_the_scope(&exported(Target::Crush, "", Some(request)), "fra1");
    check(
        Target::Markdown,
        "",
        Some(request),
        &[
            "Every replica in one data center.",
            "All in data center `fra1`.",
        ],
        &[],
    );
}

#[test]
fn an_export_of_an_infeasible_request_warns_that_it_contradicts_the_placement() {
    let (answers, _) = Answers::from_query("");
    let topology = default_topology();
    let request = Request::from_json_str(
        r#"{"replicas": 9, "scope": "datacenter", "rules": [{"kind": "pdu", "max_per_domain": 1}]}"#,
        &topology,
    )
    .unwrap();
    let plan = plan(&topology, &request);
    assert!(!plan.placement.feasible);
    for target in Target::ALL {
        let exported = export(
            target,
            Inputs {
                recommendation: &recommend(&answers),
                request: &request,
                topology: &topology,
                plan: &plan,
                options: &Options::default(),
            },
        );
        assert_eq!(exported.warnings.len(), 1, "{target:?}");
        assert!(
            exported.warnings[0].starts_with("the request cannot be placed on this topology (the scope keeps every replica in one data center"),
            "{}",
            exported.warnings[0]
        );
    }
}

mod crush;
mod kubernetes;
mod markdown;
mod nomad;
mod nova;
