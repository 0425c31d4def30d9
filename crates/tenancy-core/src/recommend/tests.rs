//! Tests of the floors and levels: one test per floor rule.

use super::*;

mod around;

/// Answers as a URL query → the floor on `axis` with this rung and `because` exists, and the
/// axis' level is at least as strong as `level` (exactly `level` when the row stands alone).
fn check(query: &str, axis: Axis, rung: &str, because: &str) {
    let (answers, warnings) = Answers::from_query(query);
    assert!(warnings.is_empty(), "{warnings:?}");
    let recommendation = recommend(&answers);
    let result = recommendation.axes.get(axis);
    let floor = result
        .floors
        .iter()
        .find(|floor| floor.because == because)
        .unwrap_or_else(|| panic!("{query}: no floor because {because} on {}", axis.key()));
    assert_eq!(floor.rung.id(), rung, "{query} on {}", axis.key());
    assert!(!floor.reason.is_empty() && !floor.source.url.is_empty());
    assert!(result.level.strength() >= floor.rung.strength(), "{query}");
}

/// [`check`] for a single answer, which is what the floor is because of.
fn check_one(answer: &str, axis: Axis, rung: &str) {
    check(answer, axis, rung, answer);
}

/// Answers as a URL query → the level of one axis.
fn check_level(query: &str, axis: Axis, level: &str) {
    let (answers, warnings) = Answers::from_query(query);
    assert!(warnings.is_empty(), "{warnings:?}");
    let recommendation = recommend(&answers);
    assert_eq!(
        recommendation.axes.get(axis).level.id(),
        level,
        "{query} on {}",
        axis.key()
    );
}

use Axis::{Compute, ControlPlane, FailureDomain, Residency};

/// The recommendation for answers given as a URL query (warnings ignored).
fn of(query: &str) -> Recommendation {
    recommend(&Answers::from_query(query).0)
}

/// The reason of the first floor on `axis` contains `text`.
fn assert_first_reason(recommendation: &Recommendation, axis: Axis, text: &str) {
    let reason = &recommendation.axes.get(axis).floors[0].reason;
    assert!(reason.contains(text), "{text:?} not in {reason:?}");
}

/// Whether a note was raised because of this answer (`key=option`).
fn noted(recommendation: &Recommendation, because: &str) -> bool {
    recommendation
        .notes
        .iter()
        .any(|note| note.because == because)
}

#[test]
#[rustfmt::skip]
fn tenants_rows() {
    check_level("tenants=single-team&survive=none", Compute, "process");
    check_level("tenants=single-team", ControlPlane, "shared-namespace");
    check_one("tenants=org-teams", Compute, "container");
    check_one("tenants=org-teams", ControlPlane, "namespace-per-tenant");
    check_one("tenants=partners", Compute, "hardened-container");
    check_one("tenants=partners", ControlPlane, "namespace-per-tenant");
    let unrelated = "tenants=unrelated-customers";
    check_one(unrelated, Compute, "microvm");
    check_one(unrelated, ControlPlane, "namespace-per-tenant");
    check_one("tenants=anonymous", Compute, "microvm");
    check_one("tenants=anonymous", ControlPlane, "namespace-per-tenant");
}

#[test]
#[rustfmt::skip]
fn code_rows() {
    check_one("code=third-party", Compute, "hardened-container");
    check_one("code=customer-supplied", Compute, "microvm");
    check_one("code=agent-generated", Compute, "microvm");
    check("code=customer-supplied&accept_sandbox=yes", Compute, "sandboxed-container", "code=customer-supplied, accept_sandbox=yes");
    check("code=agent-generated&accept_sandbox=yes", Compute, "sandboxed-container", "code=agent-generated, accept_sandbox=yes");
    check_level("code=agent-generated&accept_sandbox=yes", Compute, "sandboxed-container");
    check_one("code=malicious", Compute, "vm");
    check_one("code=malicious", Residency, "dedicated-host");
    // A sandbox acceptance does not relax known-malicious code.
    check_level("code=malicious&accept_sandbox=yes", Compute, "vm");
}

#[test]
#[rustfmt::skip]
fn data_and_regime_rows() {
    check_one("mixed_sensitivity=yes", Residency, "dedicated-node-pool");
    // Floors are independent: a single team with mixed sensitivity still separates kernels.
    check_level("tenants=single-team&mixed_sensitivity=yes", Residency, "dedicated-node-pool");
    check_one("sensitivity=classified", Residency, "classified-facility");
    check("regimes=pci-provider", ControlPlane, "namespace-per-tenant", "regimes∋pci-provider");
    check("regimes=pci-provider&code=customer-supplied", Compute, "microvm", "regimes∋pci-provider, code=customer-supplied");
    check("regimes=il4&tenants=partners", Compute, "microvm", "regimes∋il4, tenants=partners");
    check("regimes=il5&tenants=org-teams", Compute, "microvm", "regimes∋il5, tenants=org-teams");
    check("regimes=il5", Residency, "community-cloud", "regimes∋il5");
    check("regimes=il6&tenants=partners", Compute, "microvm", "regimes∋il6, tenants=partners");
    check("regimes=il6", Residency, "classified-facility", "regimes∋il6");
    for regime in ["hipaa", "fedramp", "pci-cde", "data-residency"] {
        let query = format!("regimes={regime}&survive=none");
        for axis in Axis::ALL {
            check_level(&query, axis, axis.bottom().id());
        }
    }
}

#[test]
#[rustfmt::skip]
fn contract_privileges_and_threat_rows() {
    let silo = "contract=no-shared-infra";
    check_one(silo, Residency, "dedicated-host");
    check_one(silo, ControlPlane, "account-per-tenant");
    let dedicated = "contract=dedicated-hardware";
    check_one(dedicated, Residency, "dedicated-host");
    check_one("privileges=root-in-container", Compute, "hardened-container");
    check_one("privileges=privileged", Compute, "microvm");
    check_one("privileges=custom-kernel", Compute, "vm");
    check_level("privileges=custom-kernel&performance=cold-start-critical", Compute, "vm");
    check_one("side_channels=possible", Residency, "no-core-sharing");
    check_one("side_channels=required", Residency, "dedicated-host");
    check_one("operator_trust=untrusted", Compute, "confidential-vm");
    check_level("operator_trust=partial", Compute, "process");
}

#[test]
#[rustfmt::skip]
fn api_and_noise_rows() {
    check_one("api_access=namespaced", ControlPlane, "namespace-per-tenant");
    let scoped = "api_access=cluster-scoped";
    check_one(scoped, ControlPlane, "virtual-cluster");
    check("api_access=cluster-scoped&tenants=partners", ControlPlane, "virtual-cluster", scoped);
    check("api_access=cluster-scoped&tenants=unrelated-customers", ControlPlane, "cluster-per-tenant", "api_access=cluster-scoped, tenants=unrelated-customers");
    check("api_access=cluster-scoped&tenants=anonymous", ControlPlane, "cluster-per-tenant", "api_access=cluster-scoped, tenants=anonymous");
    check_one("api_access=cloud-account", ControlPlane, "account-per-tenant");
    check_one("noisy_neighbours=strict", Residency, "dedicated-node-pool");
    check_level("noisy_neighbours=slo-bound", Residency, "shared-host");
}

#[test]
fn survive_rows() {
    check_level("survive=none", FailureDomain, "none");
    for kind in ["host", "rack", "datacenter", "region", "planet"] {
        let query = format!("survive={kind}");
        check(&query, FailureDomain, kind, &query);
    }
    // The default is `host`.
    check_level("", FailureDomain, "host");
}

/// Answers as a URL query → the compute level the microvm/vm preference picks.
#[test]
fn hypervisor_preference() {
    let base = "tenants=unrelated-customers";
    let cases = [
        ("", "microvm"),
        ("&platform=kubernetes", "microvm"),
        ("&platform=vm-fleet", "vm"),
        ("&platform=bare-metal", "vm"),
        ("&platform=serverless", "microvm"),
        ("&kvm=no&platform=vm-fleet", "vm"),
        ("&kvm=no&platform=kubernetes", "vm"),
        ("&kvm=no&platform=serverless", "microvm"),
        // Kata with QEMU or Cloud Hypervisor passes GPUs through: a GPU does not force a VM.
        ("&devices=gpu", "microvm"),
        ("&devices=gpu&platform=serverless", "microvm"),
        ("&host_network=yes&performance=cold-start-critical", "vm"),
        (
            "&performance=cold-start-critical&platform=vm-fleet",
            "microvm",
        ),
        ("&cost=lowest&platform=bare-metal", "microvm"),
        ("&cost=isolation-first&platform=vm-fleet", "vm"),
    ];
    for (rest, level) in cases {
        check_level(&format!("{base}{rest}"), Compute, level);
    }
    let (answers, _) = Answers::from_query("tenants=unrelated-customers&platform=vm-fleet");
    let preference = recommend(&answers).axes.compute.preference;
    assert!(preference.is_some_and(|p| p.starts_with("platform=vm-fleet")));
}

#[test]
fn floors_are_strongest_first_and_meet_the_level() {
    let (answers, _) =
        Answers::from_query("tenants=org-teams&code=third-party&operator_trust=untrusted");
    let compute = recommend(&answers).axes.compute;
    let rungs: Vec<&str> = compute.floors.iter().map(|f| f.rung.id()).collect();
    assert_eq!(
        rungs,
        ["confidential-vm", "hardened-container", "container"]
    );
    assert_eq!(compute.level.id(), "confidential-vm");
}

#[test]
fn ruler_labels_follow_the_levels() {
    let isolation = |query: &str| {
        let (answers, _) = Answers::from_query(query);
        recommend(&answers).scale.isolation
    };
    assert_eq!(isolation("tenants=unrelated-customers"), "virtual machines");
    assert_eq!(isolation("tenants=org-teams"), "containers");
    assert_eq!(isolation("tenants=partners"), "containers");
    assert_eq!(
        isolation("tenants=partners&code=customer-supplied&accept_sandbox=yes"),
        "sandboxed containers"
    );
    assert_eq!(
        isolation("tenants=org-teams&side_channels=required"),
        "dedicated hosts"
    );
}

#[test]
fn input_warnings_come_first() {
    let (answers, warnings) = Answers::from_query("tenants=aliens&survive=rack&replicas=1");
    let recommendation = recommend(&answers).with_input_warnings(&warnings);
    assert_eq!(recommendation.warnings.len(), 2);
    assert!(recommendation.warnings[0].contains("aliens"));
    assert!(recommendation.warnings[1].starts_with(
        "Because you answered “A rack (power feed, switch)” to “What must it survive?” and “1”"
    ));
}

/// Defect: a community cloud or a classified facility marked the ruler "dedicated hosts" while
/// the stack said the hosts were shared. The verdict follows the host layer now.
#[test]
fn the_headline_never_claims_more_than_the_stack() {
    for query in [
        "tenants=partners&regimes=il5",
        "tenants=partners&regimes=il6",
        "sensitivity=classified",
    ] {
        let (answers, _) = Answers::from_query(query);
        let r = recommend(&answers);
        let host = r.stack.iter().find(|layer| layer.layer == "host").unwrap();
        assert_eq!(host.sharing, Some("shared"), "{query}");
        assert_ne!(r.scale.isolation, "dedicated hosts", "{query}");
        assert_ne!(r.scale.isolation_mark, 4, "{query}");
    }
    let (answers, _) = Answers::from_query("regimes=il6&contract=dedicated-hardware");
    assert_eq!(recommend(&answers).scale.isolation, "dedicated hosts");
}

/// Defects: IL6 alone gave `compute=process`; IL4 fired a hypervisor for a single team; a
/// classified answer silently meant IL6.
#[test]
fn impact_levels_read_the_srg_and_say_what_they_do_not_cover() {
    assert_eq!(
        of("tenants=org-teams&regimes=il6")
            .axes
            .compute
            .level
            .strength(),
        5
    );
    assert_eq!(
        of("tenants=single-team&regimes=il4&survive=none")
            .axes
            .compute
            .level
            .id(),
        "process"
    );
    let il4 = of("tenants=partners&regimes=il4");
    assert!(
        il4.axes.compute.floors[0]
            .reason
            .starts_with("This tool's reading, not a requirement")
    );
    assert!(
        il4.axes.compute.floors[0]
            .source
            .url
            .starts_with("https://public.cyber.mil/")
    );
    let classified = of("sensitivity=classified");
    assert!(
        classified
            .notes
            .iter()
            .any(|note| note.text.contains("TOP SECRET and SCI are outside"))
    );
    assert_first_reason(&classified, Residency, "outside this tool");
    assert!(!noted(
        &of("sensitivity=classified&regimes=il6"),
        "sensitivity=classified"
    ));
}

/// Defect: a VM or microVM per pod already gives each sensitivity level its own kernel.
#[test]
fn mixed_sensitivity_needs_no_node_pool_under_a_hypervisor() {
    let contained = of("tenants=org-teams&mixed_sensitivity=yes");
    assert_eq!(contained.axes.residency.level.id(), "dedicated-node-pool");
    let vms = of("tenants=unrelated-customers&mixed_sensitivity=yes");
    assert_eq!(vms.axes.residency.level.id(), "shared-host");
    assert!(noted(&vms, "mixed_sensitivity=yes"));
}

/// Defects: the partner quote dropped Kubernetes' first option; the Kata privileged claim had no
/// condition; strict noise isolation ignored VMs sharing a host; PCI DSS 2.2.3 was a floor.
#[test]
fn reasons_carry_their_conditions() {
    let partners = of("tenants=partners");
    assert_first_reason(
        &partners,
        Compute,
        "such as seccomp, AppArmor or SELinux or explore using sandboxed containers",
    );
    let privileged = of("privileges=privileged");
    assert_first_reason(
        &privileged,
        Compute,
        "privileged_without_host_devices = true",
    );
    let strict = of("noisy_neighbours=strict");
    assert_first_reason(&strict, Residency, "other VMs on the same physical host");
    let pci = of("regimes=pci-cde");
    assert!(pci.axes.residency.floors.is_empty());
    let texts: Vec<&str> = pci.notes.iter().map(|note| note.text).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("three") && t.contains("secured to the level")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("etcd") && t.contains("11.4.5")),
        "{texts:?}"
    );
    let provider = of("regimes=pci-provider");
    assert!(
        provider
            .notes
            .iter()
            .any(|n| n.text.contains("A1.1.4") && n.text.contains("11.4.7"))
    );
    let fedramp = of("regimes=fedramp");
    let note = &fedramp.notes[0];
    assert!(
        note.text.contains("SC-4") && note.text.contains("SC-7") && note.text.contains("Rev. 5")
    );
    assert!(note.source.url.starts_with("https://csrc.nist.gov/"));
}

/// Defect: `sensitivity` below classified, `operator_trust=partial` and
/// `noisy_neighbours=slo-bound` changed nothing. Each now changes the recommendation.
#[test]
fn every_answer_changes_the_advice() {
    let pairs = [
        // With one team or several, every step of sensitivity changes something.
        ("sensitivity=public", "sensitivity=internal"),
        ("sensitivity=internal", "sensitivity=confidential"),
        ("sensitivity=confidential", "sensitivity=regulated"),
        (
            "tenants=org-teams&sensitivity=internal",
            "tenants=org-teams&sensitivity=confidential",
        ),
        (
            "tenants=org-teams&sensitivity=confidential",
            "tenants=org-teams&sensitivity=regulated",
        ),
        ("operator_trust=trusted", "operator_trust=partial"),
        ("noisy_neighbours=tolerant", "noisy_neighbours=slo-bound"),
    ];
    for (before, after) in pairs {
        let (a, b) = (of(before), of(after));
        assert!(
            a.controls != b.controls || a.notes != b.notes,
            "{before} → {after}"
        );
    }
}

/// Smaller slips: a public cloud's tenants are separated by accounts; AKS's 600 Mi includes the
/// pod VM; a GPU does not force a full VM; an untrusted operator with a GPU is warned.
#[test]
fn smaller_slips() {
    let public = crate::preset::find("public-cloud").unwrap().answers();
    assert_eq!(
        recommend(&public).axes.control_plane.level.id(),
        "account-per-tenant"
    );
    let (answers, _) = Answers::from_query("code=customer-supplied&accept_sandbox=yes");
    let r = recommend(&answers);
    let stronger = r.neighbours.stronger.unwrap();
    assert!(
        stronger.overhead.contains("512 Mi is the pod VM's memory"),
        "{}",
        stronger.overhead
    );
}
