//! Tests of what surrounds the levels: warnings, notes, pattern, stack, neighbours, not-protected.

use crate::answers::Answers;
use crate::recommend::{Recommendation, recommend};

fn of(query: &str) -> Recommendation {
    let (answers, warnings) = Answers::from_query(query);
    assert!(warnings.is_empty(), "{warnings:?}");
    recommend(&answers)
}

/// Answers → a warning starting with `start` exists (or, with `None`, no warning at all).
fn check_warning(query: &str, start: Option<&str>) {
    let warnings = of(query).warnings;
    match start {
        Some(start) => assert!(
            warnings.iter().any(|w| w.starts_with(start)),
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
        Some("kvm=no with compute=vm"),
    );
    check_warning(
        &format!("{untrusted}&kvm=no&platform=serverless"),
        Some("kvm=no with compute=microvm"),
    );
    check_warning(
        &format!("{untrusted}&kvm=unknown"),
        Some("kvm=unknown: compute=microvm"),
    );
    check_warning(
        &format!("{untrusted}&kvm=unknown&platform=serverless"),
        None,
    );
    check_warning(&format!("{untrusted}&kvm=unknown&platform=vm-fleet"), None);
    check_warning(
        "privileges=custom-kernel&kvm=unknown&platform=kubernetes",
        Some("kvm=unknown: compute=vm"),
    );
    check_warning(
        "tenants=unrelated-customers&host_network=yes&platform=serverless&kvm=yes",
        Some("host_network=yes with compute=microvm: Kata Containers cannot share"),
    );
    check_warning(
        "tenants=unrelated-customers&devices=gpu&platform=serverless",
        Some("devices=gpu with compute=microvm: pick a VMM with device passthrough"),
    );
    let sandboxed = "code=customer-supplied&accept_sandbox=yes";
    check_warning(
        &format!("{sandboxed}&devices=gpu"),
        Some("devices=gpu with compute=sandboxed-container"),
    );
    check_warning(
        &format!("{sandboxed}&performance=io-heavy"),
        Some("performance=io-heavy with compute=sandboxed-container"),
    );
    check_warning(
        "operator_trust=untrusted&devices=gpu",
        Some(
            "devices=gpu with operator_trust=untrusted: a confidential VM encrypts CPU memory only",
        ),
    );
    check_warning(
        "tenants=org-teams&devices=gpu&gpu_sharing=time-slicing",
        Some("gpu_sharing=time-slicing with tenants=org-teams"),
    );
    check_warning("devices=gpu&gpu_sharing=time-slicing", None);
    // Two copies with a majority quorum cannot lose one: the quorum warning says so.
    check_warning(
        "replicas=2",
        Some("survive=host with replicas=2 and state=replicated: a majority of 2 is all 2"),
    );
    check_warning("replicas=2&state=stateless", None);
    check_warning(
        "tenants=anonymous&api_access=namespaced&kvm=yes",
        Some("tenants=anonymous with api_access=namespaced"),
    );
    check_warning("tenants=anonymous&kvm=yes", None);
    check_warning(
        "regimes=pci-provider&kvm=yes",
        Some("regimes∋pci-provider: as a multi-tenant service provider"),
    );
    check_warning("replicas=1", Some("survive=host with replicas=1"));
    check_warning("replicas=1&survive=none", None);
    check_warning(
        "tenant_count=thousands&contract=no-shared-infra",
        Some("tenant_count=thousands with control_plane=account-per-tenant"),
    );
    check_warning(
        "platform=serverless&side_channels=required",
        Some("platform=serverless with residency=dedicated-host"),
    );
}

#[test]
fn kvm_fallbacks_are_honest() {
    let only_code = of("code=customer-supplied&kvm=no&platform=serverless").warnings;
    assert!(only_code[0].contains("if you document accepting a user-space kernel"));
    assert!(only_code[0].contains("provider's microVM service"));
    let tenants = of("tenants=anonymous&code=customer-supplied&kvm=no").warnings;
    assert!(tenants[0].contains(
        "a sandboxed container is no fallback here: a hypervisor is required by tenants=anonymous and code=customer-supplied"
    ));
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
