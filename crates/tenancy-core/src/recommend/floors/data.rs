//! Floors from data and rules: `sensitivity`, `mixed_sensitivity`, `regimes`, `contract`,
//! `side_channels`. Regimes without a hardware floor (HIPAA, FedRAMP, data residency) produce
//! notes instead (see `notes`).

use super::{Floor, because, floor};
use crate::answers::Answers;
use crate::rung::Axis;

const IL_VIRTUAL_SEPARATION: &str = "DoD impact levels 4 and 5 ask for “strong virtual separation between tenant systems & information”: a hypervisor boundary between tenants.";

/// `sensitivity=classified` and `mixed_sensitivity=yes`.
pub(super) fn sensitivity(answers: &Answers, out: &mut Vec<Floor>) {
    if answers.choice("sensitivity") == "classified" {
        out.push(floor(
            Axis::Residency,
            "air-gapped",
            because(answers, "sensitivity"),
            "Classified systems (DoD IL6) are “physically separate from non-Federal and UNCLASSIFIED systems”: a separate facility with no network path to the rest.",
            "dod-cc-srg",
        ));
    }
    if answers.choice("mixed_sensitivity") == "yes" {
        out.push(floor(
            Axis::Residency,
            "dedicated-node-pool",
            because(answers, "mixed_sensitivity"),
            "NIST SP 800-190: “ensure that a given host kernel only runs containers of a single sensitivity level”, so each sensitivity level gets nodes (kernels) of its own.",
            "nist-800-190",
        ));
    }
}

/// `regimes`: the rules with a hardware floor (PCI, DoD impact levels).
pub(super) fn regimes(answers: &Answers, out: &mut Vec<Floor>) {
    let has = |regime: &str| answers.has("regimes", regime);
    let because = |regime: &str| format!("regimes∋{regime}");
    if has("pci-cde") {
        out.push(floor(
            Axis::Residency,
            "dedicated-node-pool",
            because("pci-cde"),
            "PCI DSS 2.2.3: functions “with differing security levels that exist on the same system component are isolated from each other” or all secured to the highest level; a shared kernel is one system component, so the cardholder-data environment gets nodes of its own.",
            "pci-2-2-3",
        ));
    }
    if has("pci-provider") {
        out.push(floor(
            Axis::Compute,
            "microvm",
            because("pci-provider"),
            "A service provider whose customers share servers falls under Appendix A1: each customer may reach only its own cardholder-data environment. Between entities that do not trust each other, that is a hypervisor boundary.",
            "pci-appendix-a1",
        ));
    }
    for level in ["il4", "il5"] {
        if has(level) {
            out.push(floor(
                Axis::Compute,
                "microvm",
                because(level),
                IL_VIRTUAL_SEPARATION,
                "dod-cc-srg",
            ));
        }
    }
    if has("il5") {
        out.push(floor(
            Axis::Residency,
            "community-cloud",
            because("il5"),
            "IL5 asks for “dedicated multi-tenant infrastructure physically separate from non-Federal systems” (CC SRG v1r4): a government community cloud, or a provider offering with a DISA IL5 authorisation (see notes).",
            "dod-cc-srg",
        ));
    }
    if has("il6") {
        out.push(floor(
            Axis::Residency,
            "air-gapped",
            because("il6"),
            "IL6 (classified, SIPRNet) is “physically separate from non-Federal and UNCLASSIFIED systems”.",
            "dod-cc-srg",
        ));
    }
}

/// `contract`: what customer contracts demand.
pub(super) fn contract(answers: &Answers, out: &mut Vec<Floor>) {
    match answers.choice("contract") {
        "dedicated-hardware" => out.push(floor(
            Axis::Residency,
            "dedicated-host",
            because(answers, "contract"),
            "Dedicated hardware is a sole-tenant host, “dedicated to hosting only your project's VMs”, used to “meet security or compliance requirements with workloads that require physical isolation”.",
            "gcp-sole-tenant",
        )),
        "no-shared-infra" => {
            out.push(floor(
                Axis::Residency,
                "dedicated-host",
                because(answers, "contract"),
                "No shared infrastructure is the silo model: “each tenant is running a fully siloed stack”, down to hosts of its own.",
                "saas-lens-silo",
            ));
            out.push(floor(
                Axis::ControlPlane,
                "account-per-tenant",
                because(answers, "contract"),
                "A fully siloed stack includes the control plane: a cloud account per tenant separates IAM, quotas, billing and the blast radius of an administrator's mistake.",
                "saas-lens-silo",
            ));
        }
        _ => {}
    }
}

/// `side_channels`: Spectre, L1TF and MDS in the threat model.
pub(super) fn side_channels(answers: &Answers, out: &mut Vec<Floor>) {
    match answers.choice("side_channels") {
        "possible" => out.push(floor(
            Axis::Residency,
            "shared-host-no-smt",
            because(answers, "side_channels"),
            "“The only full mitigation of cross-HT attacks is to disable Hyper Threading”; core scheduling “can mitigate some (not all)”. Either way no tenant shares a core's sibling threads with another.",
            "core-scheduling",
        )),
        "required" => out.push(floor(
            Axis::Residency,
            "dedicated-host",
            because(answers, "side_channels"),
            "Side channels cross every compute boundary, VMs included: core scheduling “cannot protect against an L1TF guest attacker exploiting a guest or host victim”. Only a host without foreign tenants stops them.",
            "core-scheduling",
        )),
        _ => {}
    }
}
