//! Tests of what surrounds the levels: warnings, notes, pattern, stack, neighbours, not-protected.

use crate::answers::Answers;
use crate::recommend::{Recommendation, recommend};

fn of(query: &str) -> Recommendation {
    let (answers, warnings) = Answers::from_query(query);
    assert!(warnings.is_empty(), "{warnings:?}");
    recommend(&answers)
}

/// Answers → a warning starting with `start` exists (or, with `None`, no warning at all).
/// Warnings start with the answers in words ("Because you answered “No” to “…”"), so `start`
/// is matched after "Because you answered ".
fn check_warning(query: &str, start: Option<&str>) {
    let start = start.map(|start| format!("Because you answered {start}"));
    let warnings = of(query).warnings;
    match start {
        Some(start) => assert!(
            warnings.iter().any(|w| w.starts_with(start.as_str())),
            "{query}: no warning starting {start:?} in {warnings:#?}"
        ),
        None => assert!(warnings.is_empty(), "{query}: {warnings:#?}"),
    }
}

#[test]
fn feasibility_warnings() {
    check_warning("", None);
    let untrusted = "tenants=unrelated-customers";
    check_warning(&format!("{untrusted}&kvm=yes"), None);
    check_warning(
        &format!("{untrusted}&kvm=no"),
        Some(
            "“No” to “Is hardware virtualisation available to the nodes (bare metal or nested)?”, and we recommend a virtual machine: microVMs",
        ),
    );
    check_warning(
        &format!("{untrusted}&kvm=no&platform=serverless"),
        Some(
            "“No” to “Is hardware virtualisation available to the nodes (bare metal or nested)?”, and we recommend a microVM: microVMs",
        ),
    );
    check_warning(
        &format!("{untrusted}&kvm=unknown"),
        Some(
            "“Unknown” to “Is hardware virtualisation available to the nodes (bare metal or nested)?”, and we recommend a microVM: it needs hardware",
        ),
    );
    check_warning(
        &format!("{untrusted}&kvm=unknown&platform=serverless"),
        None,
    );
    check_warning(&format!("{untrusted}&kvm=unknown&platform=vm-fleet"), None);
    check_warning(
        "privileges=custom-kernel&kvm=unknown&platform=kubernetes",
        Some(
            "“Unknown” to “Is hardware virtualisation available to the nodes (bare metal or nested)?”, and we recommend a virtual machine: it needs",
        ),
    );
    check_warning(
        "tenants=unrelated-customers&host_network=yes&platform=serverless&kvm=yes",
        Some(
            "“Yes” to “Does it need the host's network namespace?”, and we recommend a microVM: Kata Containers cannot share",
        ),
    );
    check_warning(
        "tenants=unrelated-customers&devices=gpu&platform=serverless",
        Some(
            "“GPU” to “Does it need device passthrough?”, and we recommend a microVM: pick a VMM with device passthrough",
        ),
    );
    let sandboxed = "code=customer-supplied&accept_sandbox=yes";
    check_warning(
        &format!("{sandboxed}&devices=gpu"),
        Some(
            "“GPU” to “Does it need device passthrough?”, and we recommend a sandboxed container (user-space kernel): gVisor",
        ),
    );
    check_warning(
        &format!("{sandboxed}&performance=io-heavy"),
        Some(
            "“I/O-heavy” to “What dominates its performance?”, and we recommend a sandboxed container (user-space kernel)",
        ),
    );
    check_warning(
        "operator_trust=untrusted&devices=gpu",
        Some(
            "“GPU” to “Does it need device passthrough?” and “Untrusted: memory encrypted in use” to \
             “Do you trust the infrastructure operator?”: a confidential VM encrypts CPU memory only",
        ),
    );
    check_warning(
        "tenants=org-teams&devices=gpu&gpu_sharing=time-slicing",
        Some("“Time-slicing” to “How do tenants share a GPU?” and “Teams of one organisation” to"),
    );
    check_warning("devices=gpu&gpu_sharing=time-slicing", None);
    // Two copies with a majority quorum cannot lose one: the quorum warning says so.
    check_warning(
        "replicas=2",
        Some(
            "“A host” to “What must it survive?” and “2” to “How many copies?” and “A majority: the \
             copies replicate state” to “How many copies must be up for it to work?”: a majority of 2 \
             is all 2, so losing one host loses the quorum and every drain is blocked; add a copy \
             (answer “3” to “How many copies?”) or, if any one copy can serve, answer “One: it is \
             stateless, any copy serves” to",
        ),
    );
    check_warning("replicas=2&state=stateless", None);
    check_warning(
        "tenants=anonymous&api_access=namespaced&kvm=yes",
        Some(
            "“Anonymous users” to “Who shares the platform with this workload?” and “Namespaced objects only” to",
        ),
    );
    check_warning("tenants=anonymous&kvm=yes", None);
    check_warning(
        "regimes=pci-provider&kvm=yes",
        Some(
            "“PCI DSS: multi-tenant service provider” to “Which rules apply?”: as a multi-tenant service provider",
        ),
    );
    check_warning(
        "replicas=1",
        Some(
            "“A host” to “What must it survive?” and “1” to “How many copies?”: one copy survives",
        ),
    );
    check_warning(
        "replicas=1&survive=datacenter",
        Some(
            "“A data center” to “What must it survive?” and “1” to “How many copies?”: one copy survives nothing; surviving a data center failure",
        ),
    );
    check_warning("replicas=1&survive=none", None);
    check_warning(
        "tenant_count=thousands&contract=no-shared-infra",
        Some(
            "“Thousands” to “How many tenants?”, and we recommend a cloud account per tenant: thousands",
        ),
    );
    check_warning(
        "platform=serverless&side_channels=required",
        Some(
            "“Serverless” to “What does it run on today?”, and we recommend a dedicated host: serverless",
        ),
    );
}

#[test]
fn kvm_fallbacks_are_honest() {
    let only_code = of("code=customer-supplied&kvm=no&platform=serverless").warnings;
    assert!(only_code[0].contains(
        "if you document accepting a user-space kernel instead of a hypervisor (answer “Yes” to \
         “Accept a user-space-kernel sandbox"
    ));
    assert!(only_code[0].contains("provider's microVM service"));
    let tenants = of("tenants=anonymous&code=customer-supplied&kvm=no").warnings;
    assert!(tenants[0].contains(
        "a sandboxed container is no fallback here: a hypervisor is required because you answered \
         “Anonymous users” to “Who shares the platform with this workload?” and “Our customers” to \
         “Who wrote the code that runs?”"
    ));
}

/// Warnings are for people: no answer key or level id in them (`kvm=unknown`,
/// `compute=microvm`, `regimes∋pci-provider`), over every preset and every single answer
/// changed from it.
#[test]
fn warnings_name_no_keys_or_ids() {
    use crate::answers::QUESTIONS;
    use crate::rung::Axis;
    let keys: Vec<&str> = QUESTIONS
        .iter()
        .map(|q| q.key)
        .chain(Axis::ALL.iter().map(|axis| axis.key()))
        .collect();
    let mut seen = 0;
    for preset in crate::preset::PRESETS {
        for question in QUESTIONS {
            let options: Vec<String> = match question.kind {
                crate::answers::QuestionKind::Number { .. } => vec!["1".into(), "2".into()],
                _ => question.options().iter().map(|o| (*o).to_owned()).collect(),
            };
            for option in options {
                let mut answers = preset.answers();
                if answers.set(question.key, &option).is_err() {
                    continue;
                }
                for warning in recommend(&answers).warnings {
                    seen += 1;
                    assert!(warning.starts_with("Because you answered “"), "{warning}");
                    for key in &keys {
                        assert!(
                            !warning.contains(&format!("{key}="))
                                && !warning.contains(&format!("{key}∋")),
                            "`{key}` in {warning}"
                        );
                    }
                }
            }
        }
    }
    assert!(seen > 100, "{seen} warnings seen");
}

#[test]
fn regimes_without_a_floor_leave_cited_notes() {
    let notes = of("regimes=hipaa,fedramp,data-residency,il5").notes;
    let because: Vec<&str> = notes.iter().map(|n| n.because.as_str()).collect();
    assert_eq!(
        because,
        [
            "regimes∋hipaa",
            "regimes∋fedramp",
            "regimes∋il5",
            "regimes∋data-residency",
            "sensitivity=public"
        ]
    );
    assert!(notes.iter().all(|n| n.source.url.starts_with("https://")));
    assert!(of("regimes=il4&sensitivity=internal").notes.is_empty());
}

/// Answers → the pattern id.
fn check_pattern(query: &str, pattern: &str) {
    assert_eq!(of(query).pattern.id(), pattern, "{query}");
}

#[test]
fn patterns() {
    check_pattern("tenants=org-teams", "containers-in-vms");
    check_pattern("tenants=unrelated-customers", "containers-in-vms");
    check_pattern(
        "privileges=custom-kernel&platform=kubernetes&kvm=yes",
        "vms-in-containers",
    );
    check_pattern(
        "privileges=custom-kernel&platform=kubernetes&kvm=no",
        "containers-in-vms",
    );
    check_pattern(
        "privileges=custom-kernel&platform=vm-fleet",
        "containers-in-vms",
    );
    check_pattern(
        "tenants=org-teams&mixed_sensitivity=yes",
        "containers-and-vms",
    );
}

#[test]
fn stack_layers_counts_and_boundary() {
    let layers = |query: &str| -> Vec<String> {
        of(query)
            .stack
            .iter()
            .map(|l| {
                let count = l.count.map(|c| format!("×{c}")).unwrap_or_default();
                let boundary = if l.tenant_boundary { "!" } else { "" };
                format!(
                    "{}{count}{}{boundary}",
                    l.layer,
                    l.kind.map(|k| format!(":{k}")).unwrap_or_default()
                )
            })
            .collect()
    };
    assert_eq!(
        layers("tenants=org-teams&survive=rack&replicas=3"),
        [
            "region×1",
            "datacenter×1",
            "rack×3",
            "host×3",
            "container:plain!",
            "process:plain"
        ]
    );
    assert_eq!(
        layers("tenants=unrelated-customers&code=third-party&survive=datacenter&replicas=2"),
        [
            "region×1",
            "datacenter×2",
            "rack×2",
            "host×2",
            "vm:micro!",
            "container:hardened",
            "process:hardened"
        ]
    );
    assert_eq!(
        layers(
            "tenants=partners&code=customer-supplied&accept_sandbox=yes&survive=planet&replicas=1"
        ),
        [
            "planet×2",
            "region×2",
            "datacenter×2",
            "rack×2",
            "host×2",
            "sandbox:user-space-kernel!",
            "container:hardened",
            "process:hardened"
        ]
    );
    assert_eq!(
        layers("survive=none&replicas=4"),
        [
            "region×1",
            "datacenter×1",
            "rack×1",
            "host×1",
            "process:plain!"
        ]
    );
    // A dedicated host carries the tenant boundary.
    let dedicated = of("operator_trust=untrusted&contract=dedicated-hardware&regimes=il5").stack;
    let host = dedicated.iter().find(|l| l.layer == "host").unwrap();
    assert_eq!(
        (host.sharing, host.smt, host.tenant_boundary),
        (Some("dedicated"), Some("on"), true)
    );
    let datacenter = dedicated.iter().find(|l| l.layer == "datacenter").unwrap();
    assert_eq!(datacenter.facility, Some("community-cloud"));
    let vm = dedicated.iter().find(|l| l.layer == "vm").unwrap();
    assert_eq!((vm.kind, vm.tenant_boundary), (Some("confidential"), false));
    // SMT off on hosts shared within a node pool.
    let pool = of("mixed_sensitivity=yes&side_channels=possible").stack;
    let host = pool.iter().find(|l| l.layer == "host").unwrap();
    assert_eq!(
        (host.sharing, host.smt),
        (Some("dedicated-node-pool"), Some("off"))
    );
    assert_eq!(
        of("api_access=cluster-scoped").control_plane_band.rung.id(),
        "virtual-cluster"
    );
}

#[test]
fn neighbours_break_floors_or_add_protection() {
    let public = of("tenants=unrelated-customers&platform=vm-fleet").neighbours;
    let cheaper = public.cheaper.unwrap();
    assert_eq!(
        (cheaper.axis, cheaper.rung.id()),
        ("compute", "sandboxed-container")
    );
    assert_eq!(
        cheaper.breaks,
        ["tenants=unrelated-customers (needs hypervisor (microvm or vm))"]
    );
    assert!(cheaper.overhead.contains("274 of 350"));
    let stronger = public.stronger.unwrap();
    assert_eq!(
        (stronger.axis, stronger.rung.id()),
        ("compute", "confidential-vm")
    );
    assert!(stronger.adds.is_some() && stronger.breaks.is_empty());
    // From a microVM, the stronger neighbour skips the equally strong VM.
    let micro = of("tenants=anonymous&platform=kubernetes").neighbours;
    assert_eq!(micro.stronger.unwrap().rung.id(), "confidential-vm");
    assert!(micro.cheaper.unwrap().gives_up.is_some());
    // At the bottom of compute, the cheaper neighbour moves another axis.
    let bottom = of("survive=rack").neighbours;
    let cheaper = bottom.cheaper.unwrap();
    assert_eq!(
        (cheaper.axis, cheaper.rung.id()),
        ("failure_domain", "host")
    );
    assert_eq!(cheaper.breaks, ["survive=rack (needs rack)"]);
    // At the top of compute, the stronger neighbour moves residency.
    let top = of("operator_trust=untrusted").neighbours;
    assert_eq!(top.stronger.unwrap().rung.id(), "no-core-sharing");
    assert!(of("survive=none").neighbours.cheaper.is_none());
}

#[test]
fn not_protected_follows_the_levels() {
    let has =
        |query: &str, start: &str| of(query).not_protected.iter().any(|s| s.starts_with(start));
    assert!(has("tenants=org-teams", "Kernel exploits reachable"));
    assert!(has(
        "code=customer-supplied&accept_sandbox=yes",
        "Bugs in the sandbox itself"
    ));
    assert!(has("tenants=unrelated-customers", "VM escapes"));
    assert!(has(
        "operator_trust=untrusted",
        "Bugs inside the confidential guest"
    ));
    assert!(has("tenants=unrelated-customers", "Hardware side channels"));
    assert!(!has("side_channels=required", "Hardware side channels"));
    // A community cloud still shares hosts among its tenants.
    assert!(has("regimes=il5", "Hardware side channels"));
    assert!(!has(
        "operator_trust=untrusted",
        "The infrastructure operator"
    ));
    assert!(has("", "Data reachable through credentials"));
    assert!(has("host_network=yes", "Network isolation from the host"));
    assert!(has("survive=planet", "Data reachable"));
    assert!(!has("survive=planet", "Failures wider"));
    // Distance does not stop correlated logical failures; surviving anything needs backups.
    assert!(has("survive=region", "Correlated logical failures"));
    assert!(!has("survive=datacenter", "Correlated logical failures"));
    assert!(has("survive=planet", "Losing the data itself"));
    assert!(!has("survive=region", "Losing the data itself"));
    // Operators of Nitro-class hosts have no interactive access: the item says it depends.
    assert!(has(
        "",
        "The infrastructure operator: the hypervisor, host firmware"
    ));
    assert!(!has(
        "contract=no-shared-infra",
        "A compromise of the shared orchestrator"
    ));
}

#[test]
fn every_source_in_the_table_is_cited_somewhere() {
    let queries = [
        "tenants=org-teams&code=third-party&api_access=cluster-scoped&survive=region",
        "api_access=cloud-account",
        "tenants=partners&performance=io-heavy&side_channels=possible&survive=planet&sensitivity=public",
        "tenants=org-teams&sensitivity=regulated&operator_trust=partial&noisy_neighbours=slo-bound&devices=gpu",
        "tenants=org-teams&devices=gpu&gpu_sharing=mig&kvm=no&code=customer-supplied&accept_sandbox=yes&offering=gke",
        "tenants=org-teams&devices=gpu&gpu_sharing=time-slicing&kvm=no&code=customer-supplied&offering=eks",
        "tenants=org-teams&kvm=no&code=customer-supplied&offering=aks&state=stateless",
        "operator_trust=untrusted&devices=gpu",
        "tenants=unrelated-customers&kvm=no&devices=gpu&platform=serverless&host_network=yes",
        "tenants=anonymous&code=agent-generated&accept_sandbox=yes&survive=rack",
        "code=customer-supplied&accept_sandbox=yes&survive=datacenter",
        "code=agent-generated&privileges=root-in-container&noisy_neighbours=strict",
        "code=malicious&privileges=custom-kernel&regimes=hipaa,fedramp,data-residency",
        "operator_trust=untrusted&mixed_sensitivity=yes&contract=no-shared-infra",
        "regimes=pci-cde,pci-provider,il4,il5,il6&sensitivity=classified&survive=none",
        "privileges=privileged&contract=dedicated-hardware&side_channels=required",
        "privileges=custom-kernel&platform=kubernetes&kvm=yes",
        "operator_trust=untrusted",
        "tenants=single-team",
    ];
    let mut cited = String::new();
    for query in queries {
        let (answers, _) = Answers::from_query(query);
        cited.push_str(&serde_json::to_string(&recommend(&answers)).expect("serialises"));
    }
    // The questions' "why we ask" lines cite sources too.
    for question in crate::answers::QUESTIONS {
        cited.push_str(question.cited().url);
    }
    for source in crate::source::SOURCES {
        assert!(cited.contains(source.url), "{} is never cited", source.id);
    }
}
