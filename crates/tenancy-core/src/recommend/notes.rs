//! Notes: what a regime requires when it sets no floor of its own, and what an answer does not
//! mean, with the source to read.
//!
//! Notes are not warnings: nothing is wrong or hard to build. They sit in the recommendation's
//! `notes` field so that regimes without a separation floor (HIPAA, FedRAMP, PCI DSS 2.2.3, data
//! residency), the audit duties that come with PCI DSS Appendix A1, IL5's provider-authorisation
//! alternative and the limits of `sensitivity=classified` are visible and cited rather than
//! silently ignored.

use serde::Serialize;

use crate::answers::Answers;
use crate::source::{Source, cite};

/// Something a regime or an answer calls for that is not a rung, with its source.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Note {
    /// The answer it is about (`regimes∋hipaa`).
    pub because: String,
    /// What to do, in a sentence or two.
    pub text: &'static str,
    /// The guidance it rests on.
    pub source: Source,
}

/// (regime, text, source id), in the order of the regimes question.
const REGIME_NOTES: &[(&str, &str, &str)] = &[
    (
        "hipaa",
        "HIPAA sets no hardware floor: a cloud provider that stores ePHI is a business associate (even if it cannot see the data), and the obligations are allocated in the business associate agreement. Isolation follows from the data's sensitivity.",
        "hhs-hipaa-cloud",
    ),
    (
        "fedramp",
        "FedRAMP prescribes no isolation mechanism: its baselines select NIST SP 800-53 Rev. 5 controls (Rev. 4 is withdrawn). On shared infrastructure the ones that matter are SC-2 and SC-3 (separating user functions and isolating security functions), SC-4 (no information left in shared resources), SC-7 (boundary protection between tenants), SC-12 and SC-28 (key management, data at rest). SC-39(1) is about hardware separation mechanisms inside a system, not dedicated hosts.",
        "nist-800-53",
    ),
    (
        "pci-cde",
        "PCI DSS 2.2.3 is not a hardware floor. Primary functions of different security levels need one of three: only one primary function per system component; functions of different levels on one component isolated from each other; or all of them secured to the level of the most demanding one. This tool does not pick among them; a node pool for the cardholder-data environment is the first, a hardened shared node the third.",
        "pci-dss",
    ),
    (
        "pci-cde",
        "With a shared control plane the cardholder-data environment's scope reaches everything that can affect it: the API server, etcd, the CNI, ingress controllers, DaemonSets on its nodes and the cluster's administrators. Segmentation that keeps the rest out of scope is tested by penetration tests (PCI DSS 11.4.5; every six months for service providers, 11.4.6).",
        "pci-containers",
    ),
    (
        "pci-provider",
        "PCI DSS Appendix A1 adds duties to the separation itself: A1.1.4, confirm the effectiveness of the logical separation between customer environments by penetration testing at least once every six months; A1.2, logging and incident response per customer; and 11.4.7, support customers' external penetration testing. Confirm scope with your QSA.",
        "pci-dss",
    ),
    (
        "il5",
        "Besides a physically separate community cloud, DISA has accepted software-defined separation: Google “was awarded an IL5 provisional authority in 2022” for a software-defined community cloud. A provider offering with a current DISA IL5 authorisation meets the residency floor; confirm with your authorising official.",
        "google-il5",
    ),
    (
        "data-residency",
        "Data residency is about where, not how isolated: pin every copy to regions in the permitted jurisdiction (“Regions themselves are isolated and independent from other Regions”), and check that the failure domain you chose fits inside them.",
        "aws-regions",
    ),
];

/// Every note the answers call for: the regimes' in the order of the regimes question, then the
/// answers'.
pub(super) fn notes(answers: &Answers, hypervisor_per_pod: bool) -> Vec<Note> {
    let mut out: Vec<Note> = REGIME_NOTES
        .iter()
        .filter(|(regime, _, _)| answers.has("regimes", regime))
        .map(|(regime, text, source)| Note {
            because: format!("regimes∋{regime}"),
            text,
            source: cite(source),
        })
        .collect();
    if answers.is("sensitivity", "public") {
        out.push(Note {
            because: "sensitivity=public".to_owned(),
            text: "Public data asks for integrity and availability, not confidentiality: the isolation here protects the platform and the other tenants, and no control for the data's secrecy is listed. Answer internal or above as soon as anything in it is not for publication.",
            source: cite("fips-199"),
        });
    }
    if answers.is("sensitivity", "classified") && !answers.has("regimes", "il6") {
        out.push(Note {
            because: "sensitivity=classified".to_owned(),
            text: "Classified does not mean DoD IL6 here: the SRG's IL6 covers classified information up to SECRET and asks for its own separation (answer regimes=il6 for it). TOP SECRET and SCI are outside the SRG and outside this tool.",
            source: cite("dod-cc-srg"),
        });
    }
    if answers.is("mixed_sensitivity", "yes") && hypervisor_per_pod {
        out.push(Note {
            because: "mixed_sensitivity=yes".to_owned(),
            text: "No node pool per sensitivity level: with a VM or microVM per pod each level already has a kernel of its own, which is what NIST asks (“a given host kernel only runs containers of a single sensitivity level”).",
            source: cite("nist-800-190"),
        });
    }
    out
}
