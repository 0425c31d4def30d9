//! Notes: what a regime requires when it sets no hardware floor, with the source to read.
//!
//! Notes are not warnings: nothing is wrong or hard to build. They sit in the recommendation's
//! `notes` field so that `regimes∋hipaa`, `fedramp` and
//! `data-residency`, and IL5's provider-authorisation alternative, are visible and cited rather
//! than silently ignored.

use serde::Serialize;

use crate::answers::Answers;
use crate::source::{Source, cite};

/// Something a regime requires that is not a rung, with its source.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Note {
    /// The answer it is about (`regimes∋hipaa`).
    pub because: String,
    /// What to do, in a sentence or two.
    pub text: &'static str,
    /// The guidance it rests on.
    pub source: Source,
}

const NOTES: &[(&str, &str, &str)] = &[
    (
        "hipaa",
        "HIPAA sets no hardware floor: a cloud provider that stores ePHI is a business associate (even if it cannot see the data), and the obligations are allocated in the business associate agreement. Isolation follows from the data's sensitivity.",
        "hhs-hipaa-cloud",
    ),
    (
        "fedramp",
        "FedRAMP prescribes no isolation mechanism: its baselines include SC-39 process isolation (“a separate execution domain for each executing system process”), and SC-39(1) notes hardware separation “is generally less susceptible to compromise than software-based separation”.",
        "nist-sc-39",
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

/// Every note the answers call for, in the order of the regimes question.
pub(super) fn notes(answers: &Answers) -> Vec<Note> {
    NOTES
        .iter()
        .filter(|(regime, _, _)| answers.has("regimes", regime))
        .map(|(regime, text, source)| Note {
            because: format!("regimes∋{regime}"),
            text,
            source: cite(source),
        })
        .collect()
}
