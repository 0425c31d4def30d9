//! The messages between the page and the worker, as JSON text over `postMessage`, and figures as
//! plain data both sides can read.
//!
//! Every message that asks for work carries an `id`; every answer repeats it, so the page can
//! drop answers to questions it no longer asks.

use serde::{Deserialize, Serialize};
use tenancy_core::diagram::{Figure, svg};
use tenancy_core::export::Target;

/// The most placement groups a pool may have (the core's, which clamps to it): the page's field
/// stops there.
pub use tenancy_core::export::MAX_PG_NUM;

/// What the page asks of the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ToWorker {
    /// Place the link's request on the topology in use and export it for `target`.
    Show {
        /// Echoed in the answer.
        id: u64,
        /// The page's state as a link query.
        query: String,
        /// The export target's id (`k8s`, `nova`, `nomad`, `crush`, `markdown`).
        target: String,
    },
    /// Use a topology given as text (pasted, or read from a file).
    Import {
        /// Echoed in the answer.
        id: u64,
        /// `auto`, or a format id (`native`, `kubectl`, `ceph`, `crushmap`, `crush-dump`).
        format: String,
        /// The topology.
        text: String,
        /// Where it came from, for people (`pasted`, `uploaded nodes.json`).
        origin: String,
    },
    /// Use the topology in the file sent alongside this message (read inside the worker, so a
    /// large file never passes through the page's main thread).
    ImportFile {
        /// Echoed in the answer.
        id: u64,
        /// `auto`, or a format id.
        format: String,
        /// The file's name.
        name: String,
        /// The file's size in bytes.
        size: u64,
    },
    /// Go back to the default estate.
    Reset {
        /// Echoed in the answer.
        id: u64,
    },
    /// A placement request typed by hand, to take into the link.
    EditRequest {
        /// Echoed in the answer.
        id: u64,
        /// The page's state as a link query.
        query: String,
        /// The request JSON as typed.
        text: String,
    },
    /// Keep every replica in one domain of `scope` (a kind, or `any`): the link's request with
    /// its scope replaced, to take into the link.
    Rescope {
        /// Echoed in the answer.
        id: u64,
        /// The page's state as a link query.
        query: String,
        /// The kind, or `any`.
        scope: String,
    },
    /// What the chosen export yields on the topology in use, by the target's twin: for
    /// Kubernetes, kube-scheduler's worst case and seeded runs of our manifest (or of `manifest`,
    /// a pasted Deployment, StatefulSet or pod template); for CRUSH, our rule over a pool's
    /// placement groups on the user's map.
    Twin {
        /// Echoed in the answer.
        id: u64,
        /// The page's state as a link query.
        query: String,
        /// `k8s` or `crush`.
        target: String,
        /// A manifest to audit instead of our export (Kubernetes).
        manifest: Option<String>,
        /// The pool's placement groups (CRUSH).
        pg_num: u32,
    },
    /// What the `target` export of the state in `query` guarantees on the topology in use: the
    /// worst placement its configuration allows, beside our optimum. Asked apart from
    /// [`ToWorker::Show`] once the export is on screen, as it takes a while.
    Guarantee {
        /// Echoed in the answer.
        id: u64,
        /// The page's state as a link query.
        query: String,
        /// The export target's id.
        target: String,
    },
    /// A file to save: `report` (the Markdown report) or `estate-svg` (the placement drawing).
    Save {
        /// Echoed in the answer.
        id: u64,
        /// The page's state as a link query.
        query: String,
        /// Which file.
        what: String,
    },
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum FromWorker {
    /// The worker has started and takes messages.
    Ready,
    /// A step of long work has begun.
    Progress {
        /// The message being worked on.
        id: u64,
        /// What is being done, for people.
        stage: String,
    },
    /// The topology now in use.
    Topology(TopologyView),
    /// A topology that was not used, and why.
    TopologyRefused {
        /// The message answered.
        id: u64,
        /// What was wrong, what was recognised, and what to do instead.
        message: String,
    },
    /// The placement, its availability and the chosen export.
    Shown(Box<Shown>),
    /// A hand-edited request taken into the link: the new link query.
    RequestTaken {
        /// The message answered.
        id: u64,
        /// The link with the edit.
        query: String,
    },
    /// A hand-edited request that was not taken, and why.
    RequestRefused {
        /// The message answered.
        id: u64,
        /// What was wrong, naming the field.
        message: String,
    },
    /// What the twin found.
    Twin(Box<TwinView>),
    /// What an export guarantees.
    Guarantee(Box<GuaranteeView>),
    /// A file to save.
    File {
        /// The message answered.
        id: u64,
        /// The file name.
        name: String,
        /// Its media type.
        mime: String,
        /// Its text.
        text: String,
    },
}

/// The topology in use, as the page describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopologyView {
    /// The message answered (0 for the worker's start).
    pub id: u64,
    /// Where it came from, for people.
    pub origin: String,
    /// How many hosts it has.
    pub hosts: usize,
    /// Whether it is the built-in example estate (its exports are examples, not configuration).
    pub example: bool,
    /// What the importer noticed.
    pub warnings: Vec<String>,
}

/// Everything the placement and export panels show for one state.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Shown {
    /// The message answered.
    pub id: u64,
    /// The effective request as JSON, when it is valid.
    pub request: Option<String>,
    /// Why the link's request is not valid.
    pub request_error: Option<String>,
    /// Whether a placement was found (`None`: no valid request).
    pub feasible: Option<bool>,
    /// The one-line status, for people.
    pub status: String,
    /// The minimal conflict, when infeasible.
    pub conflict: Option<ConflictView>,
    /// The placement drawn on the topology, when feasible.
    pub drawing: Option<Drawing>,
    /// The availability, when feasible.
    pub availability: Option<AvailabilityView>,
    /// The chosen export, when the request is valid.
    pub export: Option<ExportView>,
    /// Whether the topology is the built-in example estate.
    pub example: bool,
    /// The request's scope: a kind, or `any`.
    pub scope: String,
    /// The scopes to choose from: `any` and every kind of the topology, with their words.
    pub scopes: Vec<ScopeOption>,
    /// Why the request cannot survive the failure the answers ask for, when it cannot.
    pub survival: Option<String>,
}

/// One choice of the scope picker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScopeOption {
    /// The kind, or `any`.
    pub value: String,
    /// Its words (`anywhere`, `one data center`).
    pub label: String,
}

/// What a target's twin says of a configuration on the topology in use.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TwinView {
    /// The message answered.
    pub id: u64,
    /// `k8s` or `crush`.
    pub target: String,
    /// Why nothing could be simulated (a manifest that does not read, a request that is not
    /// valid), in the core's words.
    pub error: Option<String>,
    /// What to paste for this target's twin to run, when the topology in use cannot tell.
    pub hint: Option<String>,
    /// One section per workload (or pool).
    pub sections: Vec<TwinSection>,
}

/// The twin's findings for one workload or pool.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TwinSection {
    /// What was simulated (`Deployment default/workload`, `pool of 3 on rule 2`).
    pub heading: String,
    /// Label and value, in reading order.
    pub rows: Vec<TwinRow>,
    /// Where the worst case falls short of our optimum, in one sentence.
    pub shortfall: Option<String>,
    /// The smallest change that closes the gap, in words, and its YAML.
    pub fix: Option<(String, String)>,
    /// Things worth knowing.
    pub notes: Vec<String>,
    /// The chart.
    pub chart: Drawing,
    /// The chart as a standalone SVG file.
    pub chart_svg: String,
}

/// What one export guarantees on the topology in use, in the core's words.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GuaranteeView {
    /// The message answered.
    pub id: u64,
    /// The export target's id.
    pub target: String,
    /// "guaranteed 3.2 nines (range …); optimum 4.6 nines (range …)"; `None` when the target
    /// guarantees nothing by itself (the Markdown report lists every target's).
    pub summary: Option<String>,
    /// What the configuration enforces, the worst placement it allows, the twin's runs on real
    /// nodes, and warnings, one sentence each.
    pub lines: Vec<String>,
    /// Why nothing could be computed (a request that is not valid), in the core's words.
    pub error: Option<String>,
}

/// One line of a twin's table: the core's row (label and value, in words).
pub use tenancy_core::report::twins::Row as TwinRow;

/// A minimal conflict in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictView {
    /// The sentence before the rules.
    pub lead: String,
    /// The conflicting rules, each as `rules[i] text`.
    pub rules: Vec<String>,
    /// The counting explanation.
    pub explanation: String,
}

/// The availability in the core's words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvailabilityView {
    /// The probability that a quorum is up.
    pub p_quorum: f64,
    /// Quorum and nines with their range.
    pub headline: String,
    /// Minutes a year without quorum, with its range.
    pub downtime: String,
    /// How often quorum is lost and for how long (exact results only).
    pub frequency: Option<String>,
    /// The common-mode component and what independence alone would claim.
    pub common_mode: String,
    /// What the figures mean and assume.
    pub meaning: String,
    /// What the topology cannot see (no zone labels, …), one sentence each.
    pub warnings: Vec<String>,
    /// The worst single failure per kind.
    pub failures: Vec<FailureRow>,
    /// The failure rates used.
    pub rates: Vec<RateRow>,
}

/// One row of the worst-single-failure table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailureRow {
    /// The failure-domain kind.
    pub kind: String,
    /// The domain whose failure is worst (`—` when none).
    pub domain: String,
    /// Replicas lost.
    pub down: u32,
    /// Replicas left.
    pub left: u32,
    /// Whether a quorum is left.
    pub survives: bool,
}

/// One row of the failure-rate table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateRow {
    /// The failure-domain kind.
    pub kind: String,
    /// Failures per year.
    pub failures_per_year: String,
    /// Repair time in hours.
    pub mttr_hours: String,
    /// Where the rate comes from (stated, derived, assumed, set in the topology).
    pub basis: String,
    /// The source, when the rate is a published default.
    pub source: Option<SourceView>,
    /// A remark on the rate.
    pub note: Option<String>,
}

/// A citation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceView {
    /// Its title.
    pub title: String,
    /// Its address.
    pub url: String,
    /// The month it was checked, for date-sensitive sources.
    pub as_of: Option<String>,
}

/// One export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportView {
    /// The target's id.
    pub target: String,
    /// The configuration.
    pub text: String,
    /// What the target cannot express.
    pub lossy: Vec<String>,
    /// Where the configuration would contradict the placement on this topology.
    pub warnings: Vec<String>,
    /// The file name to save it as.
    pub file_name: String,
    /// Its media type.
    pub mime: String,
}

/// A figure as plain data that crosses the worker boundary: the core's [`Figure`] with its shapes
/// as SVG markup, which the page puts in place in one step (one DOM write, not one per shape).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Drawing {
    /// Width in user units.
    pub width: f32,
    /// Height in user units.
    pub height: f32,
    /// The accessible name.
    pub title: String,
    /// What it shows, in words.
    pub desc: String,
    /// The shapes as SVG markup, in painting order (classes only: no inline style).
    pub shapes: String,
}

impl From<&Figure> for Drawing {
    fn from(figure: &Figure) -> Drawing {
        Drawing {
            width: figure.width,
            height: figure.height,
            title: figure.title.clone(),
            desc: figure.desc.clone(),
            shapes: svg::shapes(figure),
        }
    }
}

impl ToWorker {
    /// The message as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl FromWorker {
    /// The message as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The export targets in the order the page offers them: the one the platform answer names
/// first (Nova for a VM fleet, Nomad on bare metal, Kubernetes otherwise), the rest as the core
/// lists them.
pub fn targets_for(platform: &str) -> Vec<Target> {
    let first = match platform {
        "vm-fleet" => Target::Nova,
        "bare-metal" => Target::Nomad,
        _ => Target::Kubernetes,
    };
    std::iter::once(first)
        .chain(Target::ALL.into_iter().filter(|t| *t != first))
        .collect()
}
