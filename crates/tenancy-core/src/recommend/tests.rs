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

#[test]
fn tenants_rows() {
    check_level("tenants=single-team&survive=none", Compute, "process");
    check_level("tenants=single-team", ControlPlane, "shared-namespace");
    check(
        "tenants=org-teams",
        Compute,
        "container",
        "tenants=org-teams",
    );
    check(
        "tenants=org-teams",
        ControlPlane,
        "namespace-per-tenant",
        "tenants=org-teams",
    );
    check(
        "tenants=partners",
        Compute,
        "sandboxed-container",
        "tenants=partners",
    );
    check(
        "tenants=partners",
        ControlPlane,
        "namespace-per-tenant",
        "tenants=partners",
    );
    let unrelated = "tenants=unrelated-customers";
    check(unrelated, Compute, "microvm", unrelated);
    check(unrelated, ControlPlane, "namespace-per-tenant", unrelated);
    check("tenants=anonymous", Compute, "microvm", "tenants=anonymous");
    check(
        "tenants=anonymous",
        ControlPlane,
        "namespace-per-tenant",
        "tenants=anonymous",
    );
}

#[test]
fn code_rows() {
    check(
        "code=third-party",
        Compute,
        "hardened-container",
        "code=third-party",
    );
    check(
        "code=customer-supplied",
        Compute,
        "microvm",
        "code=customer-supplied",
    );
    check(
        "code=agent-generated",
        Compute,
        "microvm",
        "code=agent-generated",
    );
    check(
        "code=customer-supplied&accept_sandbox=yes",
        Compute,
        "sandboxed-container",
        "code=customer-supplied, accept_sandbox=yes",
    );
    check(
        "code=agent-generated&accept_sandbox=yes",
        Compute,
        "sandboxed-container",
        "code=agent-generated, accept_sandbox=yes",
    );
    check_level(
        "code=agent-generated&accept_sandbox=yes",
        Compute,
        "sandboxed-container",
    );
    check("code=malicious", Compute, "vm", "code=malicious");
    check(
        "code=malicious",
        Residency,
        "dedicated-host",
        "code=malicious",
    );
    // A sandbox acceptance does not relax known-malicious code.
    check_level("code=malicious&accept_sandbox=yes", Compute, "vm");
}

#[test]
fn data_and_regime_rows() {
    check(
        "mixed_sensitivity=yes",
        Residency,
        "dedicated-node-pool",
        "mixed_sensitivity=yes",
    );
    // Floors are independent: a single team with mixed sensitivity still separates kernels.
    check_level(
        "tenants=single-team&mixed_sensitivity=yes",
        Residency,
        "dedicated-node-pool",
    );
    check(
        "sensitivity=classified",
        Residency,
        "air-gapped",
        "sensitivity=classified",
    );
    check(
        "regimes=pci-cde",
        Residency,
        "dedicated-node-pool",
        "regimes∋pci-cde",
    );
    check(
        "regimes=pci-provider",
        Compute,
        "microvm",
        "regimes∋pci-provider",
    );
    check("regimes=il4", Compute, "microvm", "regimes∋il4");
    check("regimes=il5", Compute, "microvm", "regimes∋il5");
    check("regimes=il5", Residency, "community-cloud", "regimes∋il5");
    check("regimes=il6", Residency, "air-gapped", "regimes∋il6");
    for regime in ["hipaa", "fedramp", "data-residency"] {
        let query = format!("regimes={regime}&survive=none");
        for axis in Axis::ALL {
            check_level(&query, axis, axis.bottom().id());
        }
    }
}

#[test]
fn contract_privileges_and_threat_rows() {
    let silo = "contract=no-shared-infra";
    check(silo, Residency, "dedicated-host", silo);
    check(silo, ControlPlane, "account-per-tenant", silo);
    let dedicated = "contract=dedicated-hardware";
    check(dedicated, Residency, "dedicated-host", dedicated);
    let root = "privileges=root-in-container";
    check(root, Compute, "hardened-container", root);
    check(
        "privileges=privileged",
        Compute,
        "microvm",
        "privileges=privileged",
    );
    check(
        "privileges=custom-kernel",
        Compute,
        "vm",
        "privileges=custom-kernel",
    );
    check_level(
        "privileges=custom-kernel&performance=cold-start-critical",
        Compute,
        "vm",
    );
    let possible = "side_channels=possible";
    check(possible, Residency, "shared-host-no-smt", possible);
    let required = "side_channels=required";
    check(required, Residency, "dedicated-host", required);
    let untrusted = "operator_trust=untrusted";
    check(untrusted, Compute, "confidential-vm", untrusted);
    check_level("operator_trust=partial", Compute, "process");
}

#[test]
fn api_and_noise_rows() {
    let namespaced = "api_access=namespaced";
    check(namespaced, ControlPlane, "namespace-per-tenant", namespaced);
    let scoped = "api_access=cluster-scoped";
    check(scoped, ControlPlane, "virtual-cluster", scoped);
    check(
        "api_access=cluster-scoped&tenants=partners",
        ControlPlane,
        "virtual-cluster",
        scoped,
    );
    check(
        "api_access=cluster-scoped&tenants=unrelated-customers",
        ControlPlane,
        "cluster-per-tenant",
        "api_access=cluster-scoped, tenants=unrelated-customers",
    );
    check(
        "api_access=cluster-scoped&tenants=anonymous",
        ControlPlane,
        "cluster-per-tenant",
        "api_access=cluster-scoped, tenants=anonymous",
    );
    let strict = "noisy_neighbours=strict";
    check(strict, Residency, "dedicated-node-pool", strict);
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
        ("&devices=gpu", "vm"),
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
    assert_eq!(isolation("tenants=partners"), "sandboxed containers");
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
    assert!(recommendation.warnings[1].starts_with("survive=rack with replicas=1"));
}
