//! Unit tests of the exports: options, kind names, and each target's mappings and lossy cases.

use super::*;
use crate::answers::Answers;
use crate::plan::plan;
use crate::recommend::recommend;
use crate::topology::default_topology;

/// Answers as a URL query and a request (JSON, or `None` for the one derived from the answers)
/// → the export contains every expected piece, and each expected lossy piece is in some entry.
fn check(target: Target, query: &str, request: Option<&str>, text: &[&str], lossy: &[&str]) {
    let (answers, _) = Answers::from_query(query);
    let topology = default_topology();
    let request = match request {
        Some(json) => Request::from_json_str(json, &topology).expect("a valid test request"),
        None => Request::from_answers(&answers, &topology),
    };
    let export = export(
        target,
        Inputs {
            recommendation: &recommend(&answers),
            request: &request,
            topology: &topology,
            plan: &plan(&topology, &request),
            options: &Options::default(),
        },
    );
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

/// The lossy entries of one export.
fn lossy_of(target: Target, query: &str, request: &str) -> Vec<String> {
    let (answers, _) = Answers::from_query(query);
    let topology = default_topology();
    let request = Request::from_json_str(request, &topology).expect("a valid test request");
    export(
        target,
        Inputs {
            recommendation: &recommend(&answers),
            request: &request,
            topology: &topology,
            plan: &plan(&topology, &request),
            options: &Options::default(),
        },
    )
    .lossy
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
fn kinds_become_label_names() {
    assert_eq!(sanitised_kind("rack"), None);
    assert_eq!(sanitised_kind("Power Feed"), Some("power-feed".to_owned()));
    assert_eq!(sanitised_kind("__"), Some("kind".to_owned()));
    assert_eq!(Target::from_id("k8s"), Some(Target::Kubernetes));
    assert_eq!(Target::from_id("svg"), None);
}

#[test]
fn kubernetes_runtime_classes_and_security() {
    let k8s = Target::Kubernetes;
    check(
        k8s,
        "tenants=partners",
        None,
        &[
            "runtimeClassName: gvisor",
            "hostUsers: false",
            "runAsNonRoot: true",
        ],
        &[],
    );
    check(
        k8s,
        "tenants=unrelated-customers&performance=cold-start-critical&platform=kubernetes",
        None,
        &[
            "runtimeClassName: kata-fc",
            "- ALL",
            "readOnlyRootFilesystem: true",
        ],
        &[],
    );
    check(
        k8s,
        "tenants=unrelated-customers&devices=gpu&performance=cold-start-critical&platform=kubernetes",
        None,
        &["runtimeClassName: kata\n", "nvidia.com/gpu: \"1\""],
        &[],
    );
    check(
        k8s,
        "tenants=org-teams&privileges=root-in-container",
        None,
        &["hostUsers: false", "seccompProfile"],
        &[],
    );
    check(
        k8s,
        "privileges=custom-kernel",
        None,
        &["runtimeClassName: kata"],
        &["compute=vm", "KubeVirt"],
    );
    check(
        k8s,
        "operator_trust=untrusted",
        None,
        &["runtimeClassName: kata-qemu-snp"],
        &["kata-qemu-tdx"],
    );
    check(
        k8s,
        "tenants=org-teams&code=third-party&host_network=yes",
        None,
        &["hostNetwork: true"],
        &["hostUsers: false"],
    );
}

#[test]
fn root_in_container_is_not_run_as_non_root() {
    let (answers, _) = Answers::from_query("privileges=root-in-container");
    let topology = default_topology();
    let request = Request::from_answers(&answers, &topology);
    let text = kubernetes(
        &recommend(&answers),
        &request,
        &topology,
        None,
        &Options::default(),
    )
    .text;
    assert!(!text.contains("runAsNonRoot"), "{text}");
    assert!(text.contains("hostUsers: false"), "{text}");
}

#[test]
fn kubernetes_dedicated_pools_and_control_plane() {
    check(
        Target::Kubernetes,
        "mixed_sensitivity=yes&api_access=cluster-scoped",
        Some(r#"{"replicas": 2, "select": {"pool": "dedicated"}}"#),
        &[
            "tenancy-scale.dev/pool: workload",
            "pool: dedicated",
            "effect: NoSchedule",
            "operator: Equal",
        ],
        &["control_plane=virtual-cluster"],
    );
    check(
        Target::Kubernetes,
        "side_channels=possible",
        None,
        &[],
        &["shared-host-no-smt"],
    );
}

#[test]
fn kubernetes_rules() {
    let k8s = Target::Kubernetes;
    // max_per_domain 1 → required anti-affinity on the kind's label.
    check(
        k8s,
        "",
        Some(r#"{"replicas": 3, "rules": [{"kind": "rack", "max_per_domain": 1}]}"#),
        &[
            "requiredDuringSchedulingIgnoredDuringExecution",
            "topologyKey: topology.tenancy-scale.dev/rack",
        ],
        &[],
    );
    // max_per_domain 2 → maxSkew 1, lossy.
    check(
        k8s,
        "",
        Some(r#"{"replicas": 6, "rules": [{"kind": "rack", "max_per_domain": 2}]}"#),
        &[
            "maxSkew: 1",
            "whenUnsatisfiable: DoNotSchedule",
            "- pod-template-hash",
        ],
        &["max_per_domain 2 on `rack`: Kubernetes cannot cap"],
    );
    // min_domains 2 of 5 → maxSkew 4 with minDomains 2, exact.
    check(
        k8s,
        "",
        Some(r#"{"replicas": 5, "rules": [{"kind": "datacenter", "min_domains": 2}]}"#),
        &[
            "maxSkew: 4",
            "minDomains: 2",
            "topologyKey: topology.kubernetes.io/zone",
        ],
        &[],
    );
    assert!(
        lossy_of(
            k8s,
            "",
            r#"{"replicas": 5, "rules": [{"kind": "datacenter", "min_domains": 2}]}"#
        )
        .is_empty()
    );
    // min_domains 3 of 6 → maxSkew 2, stricter: lossy.
    check(
        k8s,
        "",
        Some(r#"{"replicas": 6, "rules": [{"kind": "rack", "min_domains": 3}]}"#),
        &["maxSkew: 2", "minDomains: 3"],
        &["min_domains 3 on `rack`"],
    );
    // Two rules on one key merge into one constraint (the API refuses duplicates).
    let (answers, _) = Answers::from_query("");
    let topology = default_topology();
    let request = Request::from_json_str(
        r#"{"replicas": 5, "rules": [{"kind": "region", "max_skew": 3},
            {"kind": "region", "min_domains": 2}]}"#,
        &topology,
    )
    .expect("valid");
    let text = kubernetes(
        &recommend(&answers),
        &request,
        &topology,
        None,
        &Options::default(),
    )
    .text;
    assert_eq!(
        text.matches("topology.kubernetes.io/region").count(),
        2,
        "{text}"
    );
    assert!(
        text.contains("maxSkew: 3") && text.contains("minDomains: 2"),
        "{text}"
    );
}

#[test]
fn kubernetes_label_prefix_is_configurable() {
    let (answers, _) = Answers::from_query("survive=rack");
    let topology = default_topology();
    let request = Request::from_answers(&answers, &topology);
    let options = Options::new("db", "racks.example.org/").expect("valid");
    let text = kubernetes(&recommend(&answers), &request, &topology, None, &options).text;
    assert!(
        text.contains("topologyKey: racks.example.org/rack"),
        "{text}"
    );
    assert!(text.contains("name: db"), "{text}");
}

#[test]
fn nova_groups_and_lossy_kinds() {
    let nova = Target::Nova;
    check(
        nova,
        "",
        Some(r#"{"replicas": 4, "rules": [{"kind": "host", "max_per_domain": 2}]}"#),
        &[
            "openstack --os-compute-api-version 2.64 server group create --policy anti-affinity --rule max_server_per_host=2 workload",
            "nova --os-compute-api-version 2.64 server-group-create workload anti-affinity --rule max_server_per_host=2",
            "--hint group=$GROUP_ID --min 4 --max 4 workload",
        ],
        &[],
    );
    check(
        nova,
        "",
        Some(r#"{"replicas": 3, "rules": [{"kind": "rack", "max_per_domain": 1}]}"#),
        &["No rule on hosts"],
        &[
            "at most 1 per rack: Nova server groups only know compute hosts",
            "availability zones",
        ],
    );
    check(
        nova,
        "",
        Some(r#"{"replicas": 3, "rules": [{"kind": "host", "min_domains": 3}]}"#),
        &["--policy soft-anti-affinity"],
        &["soft-anti-affinity"],
    );
    check(
        nova,
        "side_channels=possible",
        None,
        &["hw:cpu_thread_policy=isolate"],
        &[],
    );
}

#[test]
fn nomad_constraints_and_spreads() {
    let nomad = Target::Nomad;
    check(
        nomad,
        "tenants=partners",
        Some(
            r#"{"replicas": 6, "select": {"pool": "shared"}, "rules": [
                {"kind": "rack", "max_per_domain": 2}, {"kind": "host", "max_per_domain": 1},
                {"kind": "datacenter", "min_domains": 2}, {"kind": "region", "max_per_domain": 3}]}"#,
        ),
        &[
            "count = 6",
            "distinct_property = \"${meta.rack}\"\n    value             = \"2\"",
            "operator = \"distinct_hosts\"",
            "attribute = \"${node.datacenter}\"",
            "attribute = \"${meta.pool}\"\n    value     = \"shared\"",
            "runtime         = \"runsc\"",
        ],
        &[
            "at least 2 distinct data centers: Nomad's `spread`",
            "at most 3 per region: a Nomad job is scheduled within one region",
        ],
    );
}

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

#[test]
fn markdown_has_placement_and_availability() {
    check(
        Target::Markdown,
        "survive=rack&replicas=3",
        None,
        &[
            "# Tenancy Scale recommendation",
            "## Placement request",
            "at most 1 per rack",
            "| replica | host | planet |",
            "## Availability",
            "| rack |",
        ],
        &[],
    );
    check(
        Target::Markdown,
        "",
        Some(r#"{"replicas": 6, "rules": [{"kind": "datacenter", "max_per_domain": 1}]}"#),
        &["**Infeasible.**"],
        &[],
    );
}

/// Every load the Kubernetes filter can reach, one pod at a time in any order the scheduler picks
/// (`load[d] + 1 − global minimum ≤ maxSkew`, the minimum taken as 0 while fewer than
/// `minDomains` domains exist), over `domains` domains: the final loads, and whether some order
/// leaves a pod with nowhere to go.
fn reachable(
    replicas: u32,
    domains: usize,
    max_skew: u32,
    min_domains: usize,
) -> (Vec<Vec<u32>>, bool) {
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![vec![0u32; domains]];
    let (mut finals, mut stuck) = (Vec::new(), false);
    while let Some(load) = stack.pop() {
        if !seen.insert(load.clone()) {
            continue;
        }
        if load.iter().sum::<u32>() == replicas {
            finals.push(load);
            continue;
        }
        let global_min = if domains < min_domains {
            0
        } else {
            load.iter().copied().min().unwrap_or(0)
        };
        let mut any = false;
        for d in 0..domains {
            if load[d] + 1 - global_min <= max_skew {
                let mut next = load.clone();
                next[d] += 1;
                stack.push(next);
                any = true;
            }
        }
        stuck |= !any;
    }
    (finals, stuck)
}

#[test]
fn min_domains_as_max_skew_forces_the_domains_in_every_schedule() {
    for replicas in 2..=10u32 {
        for wanted in 2..=replicas {
            let bound = forcing_bound(replicas, wanted);
            for domains in 1..=7usize {
                let (finals, stuck) = reachable(replicas, domains, bound, wanted as usize);
                for load in &finals {
                    let used = load.iter().filter(|n| **n > 0).count();
                    assert!(
                        used >= wanted as usize,
                        "R={replicas} k={wanted} D={domains} maxSkew={bound}: {load:?}"
                    );
                }
                // With enough domains no order of scheduling leaves a pod pending.
                if domains >= wanted as usize {
                    assert!(
                        !stuck && !finals.is_empty(),
                        "R={replicas} k={wanted} D={domains}"
                    );
                }
            }
        }
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
    for target in [Target::Nova, Target::Nomad, Target::Crush] {
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

/// The Kubernetes export of `request` on a kubectl fixture, with the default options.
fn kubernetes_on(fixture: &str, request: &str) -> Export {
    kubernetes_with(fixture, request, &Options::default())
}

/// The Kubernetes export of `request` on a kubectl fixture.
fn kubernetes_with(fixture: &str, request: &str, options: &Options) -> Export {
    let (_, imported) = crate::import::import(None, fixture).expect("a readable fixture");
    let topology = imported.topology;
    let request = Request::from_json_str(request, &topology).expect("a valid request");
    let (answers, _) = Answers::from_query("");
    export(
        Target::Kubernetes,
        Inputs {
            recommendation: &recommend(&answers),
            request: &request,
            topology: &topology,
            plan: &plan(&topology, &request),
            options,
        },
    )
}

#[test]
fn on_nodes_with_only_the_beta_labels_the_export_writes_the_beta_keys() {
    let fixture = include_str!("../../tests/fixtures/kubectl/eks-1.16-beta-labels.json");
    let export = kubernetes_on(
        fixture,
        r#"{"replicas": 3, "rules": [{"kind": "datacenter", "max_per_domain": 1}]}"#,
    );
    assert!(
        export
            .text
            .contains("topologyKey: failure-domain.beta.kubernetes.io/zone"),
        "{}",
        export.text
    );
    assert!(export.warnings.is_empty(), "{:?}", export.warnings);
    // Current nodes carry both: the current key is written.
    let fixture = include_str!("../../tests/fixtures/kubectl/eks.json");
    let export = kubernetes_on(
        fixture,
        r#"{"replicas": 3, "rules": [{"kind": "datacenter", "max_per_domain": 1}]}"#,
    );
    assert!(
        export
            .text
            .contains("topologyKey: topology.kubernetes.io/zone")
    );
}

#[test]
fn a_label_no_node_carries_is_a_warning() {
    let fixture = include_str!("../../tests/fixtures/kubectl/onprem-kvm.json");
    let exported = kubernetes_on(
        fixture,
        r#"{"replicas": 2, "rules": [{"kind": "rack", "max_per_domain": 1}]}"#,
    );
    assert_eq!(
        exported.warnings,
        [
            "no node carries the label `topology.tenancy-scale.dev/rack` this configuration relies \
          on: label the nodes, or the scheduler will find no node for the replicas"
        ]
    );
    // Written with the prefix the nodes use, nothing is missing.
    let exported = kubernetes_with(
        fixture,
        r#"{"replicas": 2, "rules": [{"kind": "rack", "max_per_domain": 1}]}"#,
        &Options::new("workload", "topology.example.org/").unwrap(),
    );
    assert!(exported.warnings.is_empty(), "{:?}", exported.warnings);
}
