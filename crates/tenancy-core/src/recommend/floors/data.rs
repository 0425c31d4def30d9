//! Floors from data and rules: `sensitivity`, `mixed_sensitivity`, `regimes`, `contract`,
//! `side_channels`. Regimes that prescribe no mechanism (HIPAA, FedRAMP, PCI DSS 2.2.3, data
//! residency) produce notes and controls instead (see `notes` and `controls`).

use super::{Floor, because, floor};
use crate::answers::Answers;
use crate::answers::match_choice;
use crate::rung::Axis;

/// The tool's reading of the SRG's separation column, shared by IL4, IL5 and IL6.
const IL_VIRTUAL_SEPARATION: &str = "This tool's reading, not a requirement: the SRG's separation column reads “Virtual / Logical” with “strong virtual separation between tenant systems & information” at IL4, IL5 and IL6 alike, and names no mechanism. Between mission owners who do not share a team, the tool reads strong virtual separation as a hypervisor boundary; logical separation the authorising official accepts meets the SRG too.";

/// `sensitivity=classified` (a classified facility) and `mixed_sensitivity=yes` (a kernel per
/// sensitivity level, unless a hypervisor per pod already gives each level its own kernel).
pub(super) fn sensitivity(answers: &Answers, hypervisor_per_pod: bool, out: &mut Vec<Floor>) {
    if answers.is("sensitivity", "classified") {
        out.push(floor(
            Axis::Residency,
            "classified-facility",
            because(answers, "sensitivity"),
            "Classified data is processed only in cleared facilities accredited for it, on a classified network. For DoD data up to SECRET that is IL6: “dedicated multi-tenant infrastructure physically separate from non-Federal and UNCLASSIFIED systems” in cleared facilities, reached over SIPRNet (answer regimes=il6 for its separation floor). TOP SECRET and SCI are outside the SRG and outside this tool: their rules come from the intelligence community's own directives.",
            "dod-cc-srg",
        ));
    }
    if answers.is("mixed_sensitivity", "yes") && !hypervisor_per_pod {
        out.push(floor(
            Axis::Residency,
            "dedicated-node-pool",
            because(answers, "mixed_sensitivity"),
            "NIST SP 800-190: “ensure that a given host kernel only runs containers of a single sensitivity level”, so each sensitivity level gets nodes (kernels) of its own. (With a VM or microVM per pod each level already has its own kernel, and this floor does not apply.)",
            "nist-800-190",
        ));
    }
}

/// `regimes`: the rules that ask for a kind of separation (PCI DSS Appendix A1, DoD impact
/// levels). PCI DSS 2.2.3 and the regimes without a floor produce notes (see `notes`).
pub(super) fn regimes(answers: &Answers, out: &mut Vec<Floor>) {
    let has = |regime: &str| answers.has("regimes", regime);
    let because = |regime: &str| format!("regimes∋{regime}");
    if has("pci-provider") {
        out.push(floor(
            Axis::ControlPlane,
            "namespace-per-tenant",
            because("pci-provider"),
            "PCI DSS Appendix A1 (A1.1.1–A1.1.3) asks a multi-tenant service provider for logical separation: each customer reaches only its own cardholder data, CDE and allocated resources. A namespace per customer with RBAC, quotas and network policies is that separation on a shared cluster; A1 names no hardware.",
            "pci-dss",
        ));
        let code = answers.choice("code");
        if answers.is_any(
            "code",
            &["customer-supplied", "agent-generated", "malicious"],
        ) {
            out.push(floor(
                Axis::Compute,
                "microvm",
                format!("regimes∋pci-provider, code={code}"),
                "Customers who run their own code next to other customers' cardholder data can attack the shared kernel: logical separation (A1.1) then needs a hypervisor boundary, this tool's reading of A1 when customers run code.",
                "pci-dss",
            ));
        }
    }
    let tenants = answers.choice("tenants");
    let shared = !answers.is("tenants", "single-team");
    for level in ["il4", "il5", "il6"] {
        if has(level) && shared {
            out.push(floor(
                Axis::Compute,
                "microvm",
                format!("regimes∋{level}, tenants={tenants}"),
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
            "IL5 asks for “dedicated multi-tenant infrastructure physically separate from non-Federal systems”: a government community cloud, or a provider offering with a DISA IL5 authorisation (see notes).",
            "dod-cc-srg",
        ));
    }
    if has("il6") {
        out.push(floor(
            Axis::Residency,
            "classified-facility",
            because("il6"),
            "IL6 (classified up to SECRET) is “dedicated multi-tenant infrastructure physically separate from non-Federal and UNCLASSIFIED systems” in cleared, classified facilities, connected to SIPRNet with DoD enclave connection approval: a community of classified tenants, not a facility without a network.",
            "dod-cc-srg",
        ));
    }
}

/// `contract`: what customer contracts demand.
pub(super) fn contract(answers: &Answers, out: &mut Vec<Floor>) {
    match_choice!(answers, "contract", {
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
        },
        _ => {}
    });
}

/// `side_channels`: Spectre, L1TF and MDS in the threat model.
pub(super) fn side_channels(answers: &Answers, out: &mut Vec<Floor>) {
    match_choice!(answers, "side_channels", {
        "possible" => out.push(floor(
            Axis::Residency,
            "no-core-sharing",
            because(answers, "side_channels"),
            "Cross-HT attacks (MDS, L1TF) need attacker and victim on sibling threads of one core: “The only full mitigation of cross-HT attacks is to disable Hyper Threading”, and core scheduling “can mitigate some (not all)”. Clouds give instances whole cores instead of turning SMT off; any of the three means no core is shared between tenants.",
            "core-scheduling",
        )),
        "required" => out.push(floor(
            Axis::Residency,
            "dedicated-host",
            because(answers, "side_channels"),
            "Not sharing cores stops only the sibling-thread attacks: the last-level cache, memory bus and other transient-execution variants are shared by every core of a host, across VMs too. Only a host without other tenants stops them: sole-tenant hosts are for workloads “that require physical isolation”.",
            "gcp-sole-tenant",
        )),
        _ => {}
    });
}
