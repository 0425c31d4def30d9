//! Exports: a recommendation and a placement request turned into configuration that
//! real tools accept — Kubernetes YAML, OpenStack Nova server groups, a Nomad group stanza, a
//! Ceph CRUSH map and rule — and a Markdown report.
//!
//! Each export is a pure function returning the text plus `lossy`: everything the target cannot
//! express, in sentences. Nothing the recommendation or the request asks for is dropped silently:
//! it is either in the text or in `lossy`.
//!
//! Every export reads the one [`Plan`] of the request on the topology: the Markdown report shows
//! it, the Kubernetes export pins a scoped placement to its chosen domain, and `warnings` says
//! when the configuration would contradict the placement (the request cannot be placed there, or
//! no node carries a label the export relies on).

use serde::Serialize;

use crate::import::Format;
use crate::plan::Plan;
use crate::recommend::Recommendation;
use crate::request::{Request, plural};
use crate::topology::Topology;

mod crush;
mod guarantee;
mod kubernetes;
mod markdown;
mod nomad;
mod nova;
mod pool;

pub use crush::{crush, crush_onto_map, crush_rule_only};
pub use guarantee::{
    CRUSH_PGS, Guarantee, Method as GuaranteeMethod, PLACEMENTS, STEPS, Search, Twin,
    WorstPlacement, guarantee, guarantee_for, guarantee_of_rules, guarantee_on_map,
    kubernetes_twin, rules_in_words, worst_allowed,
};
pub(crate) use kubernetes::node_keys;
pub use kubernetes::{POOL_LABEL, kubernetes};
pub use markdown::markdown;
pub use nomad::nomad;
pub use nova::nova;
pub use pool::{MAX_PG_NUM, OurPool, our_rule_on_pool, pool_min_size};

/// The label prefix for kinds without a well-known Kubernetes label (racks, PDUs, switches…).
pub const DEFAULT_LABEL_PREFIX: &str = "topology.tenancy-scale.dev/";
/// The workload's name when none is given.
pub const DEFAULT_NAME: &str = "workload";

/// An export's text and what the target could not express.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Export {
    /// The configuration (or report), ending in a newline.
    pub text: String,
    /// What the target cannot express, one sentence each; empty when nothing was lost.
    pub lossy: Vec<String>,
    /// Where the configuration would contradict the placement on this topology: the request
    /// cannot be placed there, or no node carries a label it relies on. Absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// What you will get: the worst placement the configuration allows and its availability,
    /// beside our optimum ([`guarantee_for`]; set by [`Export::with_guarantee`]). Absent for
    /// the Markdown report and until computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guarantee: Option<Guarantee>,
}

impl Export {
    /// An export with nothing to warn about yet.
    pub fn new(text: String, lossy: Vec<String>) -> Export {
        Export {
            text,
            lossy,
            warnings: Vec::new(),
            guarantee: None,
        }
    }

    /// The export with its target's guarantee on this topology (see [`guarantee_for`]).
    pub fn with_guarantee(self, target: Target, inputs: Inputs<'_>) -> Export {
        Export {
            guarantee: guarantee_for(target, inputs.topology, inputs.request, inputs.plan),
            ..self
        }
    }
}

/// The targets, with their CLI ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// A Kubernetes Deployment (and PodDisruptionBudget) as YAML.
    Kubernetes,
    /// OpenStack Nova server-group commands.
    Nova,
    /// A HashiCorp Nomad group stanza.
    Nomad,
    /// A Ceph CRUSH map and rule.
    Crush,
    /// The Markdown report.
    Markdown,
}

impl Target {
    /// Every target, in the order the CLI lists them.
    pub const ALL: [Target; 5] = [
        Target::Kubernetes,
        Target::Nova,
        Target::Nomad,
        Target::Crush,
        Target::Markdown,
    ];

    /// The CLI id: `k8s`, `nova`, `nomad`, `crush`, `markdown`.
    pub fn id(self) -> &'static str {
        match self {
            Target::Kubernetes => "k8s",
            Target::Nova => "nova",
            Target::Nomad => "nomad",
            Target::Crush => "crush",
            Target::Markdown => "markdown",
        }
    }

    /// The target with this CLI id.
    pub fn from_id(id: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|target| target.id() == id)
    }
}

/// What the exports are named and how unusual kinds become labels. Built only by
/// [`Options::new`] (or `default`), so the name is safe in YAML, HCL, CRUSH and shell commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    name: String,
    label_prefix: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            name: DEFAULT_NAME.to_owned(),
            label_prefix: DEFAULT_LABEL_PREFIX.to_owned(),
        }
    }
}

/// Why export options were rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionsError {
    /// The name is not a DNS label.
    #[error(
        "bad name `{0}`: use 1 to 63 lowercase letters, digits and `-`, starting and ending with a letter or digit"
    )]
    BadName(String),
    /// The prefix is not a DNS subdomain followed by `/`.
    #[error(
        "bad label prefix `{0}`: use a DNS subdomain followed by `/`, e.g. `topology.example.com/`"
    )]
    BadLabelPrefix(String),
}

impl Options {
    /// Checked options.
    pub fn new(name: &str, label_prefix: &str) -> Result<Options, OptionsError> {
        if !is_dns_label(name) {
            return Err(OptionsError::BadName(name.to_owned()));
        }
        let subdomain = label_prefix.strip_suffix('/').unwrap_or("");
        if subdomain.len() > 253 || !subdomain.split('.').all(is_dns_label) {
            return Err(OptionsError::BadLabelPrefix(label_prefix.to_owned()));
        }
        Ok(Options {
            name: name.to_owned(),
            label_prefix: label_prefix.to_owned(),
        })
    }

    /// The workload's name: a DNS label (lowercase letters, digits, `-`; at most 63).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The Kubernetes label prefix for kinds other than host, region and datacenter: a DNS
    /// subdomain followed by `/`.
    pub fn label_prefix(&self) -> &str {
        &self.label_prefix
    }
}

/// Everything an export may draw on.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The recommendation (answers included).
    pub recommendation: &'a Recommendation,
    /// The placement request.
    pub request: &'a Request,
    /// The topology the request is placed on.
    pub topology: &'a Topology,
    /// The request placed on the topology ([`crate::plan::plan`]).
    pub plan: &'a Plan,
    /// Names and prefixes.
    pub options: &'a Options,
}

/// Runs one export.
pub fn export(target: Target, inputs: Inputs<'_>) -> Export {
    let Inputs {
        recommendation,
        request,
        topology,
        plan,
        options,
    } = inputs;
    let export = match target {
        Target::Kubernetes => kubernetes(recommendation, request, topology, Some(plan), options),
        Target::Nova => nova(recommendation, request, options),
        Target::Nomad => nomad(recommendation, request, options),
        Target::Crush => crush(request, topology, &plan.placement, options),
        Target::Markdown => markdown(recommendation, request, topology, plan),
    };
    finish(target, inputs, export)
}

/// What every export of a target gets from the request and the plan: the lossy entry for a
/// scope the target cannot write (a CRUSH rule takes the scope's domain, or says why not), and
/// first among the warnings, that the request cannot be placed.
fn finish(target: Target, inputs: Inputs<'_>, mut export: Export) -> Export {
    let within = inputs.plan.placement.scope.as_ref();
    if let Some(kind) = &inputs.request.scope
        && matches!(target, Target::Nova | Target::Nomad)
    {
        let chosen = within.map_or(String::new(), |w| {
            format!(" (the placement uses `{}`)", w.domain)
        });
        export.lossy.push(format!(
            "scope `{kind}`: every replica in one {}{chosen} is not written; the target may \
             spread the replicas over several {}",
            plural(kind, 1),
            plural(kind, 2)
        ));
    }
    export.lossy.extend(guarantee::one_region_note(
        target,
        inputs.topology,
        inputs.request,
        inputs.plan,
    ));
    if let Some(warning) = unplaced_warning(inputs.plan) {
        export.warnings.insert(0, warning);
    }
    export
}

/// The topology as the user gave it: the format it was read as and its text. A CRUSH map, an OSD
/// tree or a dump describes a real cluster, which the CRUSH export extends rather than replaces.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The format the topology was read as.
    pub format: Format,
    /// The text it was read from.
    pub text: &'a str,
}

/// How much [`export_from`] computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// The text, what the target cannot express and the warnings: quick, for a shell that
    /// shows the configuration at once and asks for the guarantee apart.
    Text,
    /// With the guarantee ([`Export::guarantee`]: what the configuration allows at worst,
    /// beside our optimum): a search over the placements it allows, which takes a while.
    Guaranteed,
}

/// Runs one export of the request on a topology the user gave (`source`; `None` for the
/// embedded default or a topology built by hand), the one decision every shell shares: for
/// CRUSH, onto the user's own map that map as given plus one rule ([`crush_onto_map`]), for a
/// cluster known by its OSD tree or dump the rule alone ([`crush_rule_only`]), never a
/// regenerated map; everything else is [`export`]. Each carries what the target cannot write of
/// the scope and the warning that the request cannot be placed, when it cannot. With
/// [`Extent::Guaranteed`] each carries its guarantee too: onto the user's map, the twin maps
/// the added rule on that map; for a rule alone, on the map modelled from the topology (and
/// says so); on a kubectl node list kube-scheduler's twin runs the manifest as well. An error
/// only when the CRUSH map text cannot be read.
pub fn export_from(
    target: Target,
    inputs: Inputs<'_>,
    source: Option<Source<'_>>,
    extent: Extent,
) -> Result<Export, String> {
    let guaranteed = extent == Extent::Guaranteed;
    let out = match source {
        Some(Source {
            format: Format::CrushText,
            text,
        }) if target == Target::Crush => {
            let mut out = crush_onto_map(inputs.request, text, inputs.options)?;
            if guaranteed {
                out.guarantee = guarantee_on_user_map(text, &out.text, inputs);
            }
            finish(target, inputs, out)
        }
        Some(Source {
            format: Format::Ceph | Format::CrushDump,
            ..
        }) if target == Target::Crush => {
            let out = crush_rule_only(inputs.request, inputs.topology, inputs.options);
            let mut out = finish(target, inputs, out);
            if guaranteed {
                out = out.with_guarantee(target, inputs);
                if let Some(guarantee) = out.guarantee.as_mut() {
                    guarantee.warnings.push(
                        "measured on a map modelled from the topology (one OSD of weight 1 per \
                         slot), not on your cluster's own map: paste the decompiled map for the \
                         rule on it"
                            .to_owned(),
                    );
                }
            }
            out
        }
        _ => {
            let mut out = export(target, inputs);
            if guaranteed {
                out = out.with_guarantee(target, inputs);
            }
            // On real nodes, kube-scheduler's twin runs the manifest too.
            if let (
                Some(Source {
                    format: Format::Kubectl,
                    text,
                }),
                Some(guarantee),
            ) = (source, out.guarantee.as_mut())
                && target == Target::Kubernetes
                && let Ok(estate) = crate::kube::audit::Estate::read(text)
            {
                guarantee.twin = kubernetes_twin(&estate, &out.text, inputs.request.quorum);
            }
            out
        }
    };
    Ok(out)
}

/// The guarantee of the rule the CRUSH export added to the user's map (`map_text`, the map as
/// given; `exported`, the map with the rule): the rule is the one whose id the map did not use.
/// `None` when either does not read back.
fn guarantee_on_user_map(map_text: &str, exported: &str, inputs: Inputs<'_>) -> Option<Guarantee> {
    let given = crate::crush::read(map_text).ok()?;
    let with_rule = crate::crush::read(exported).ok()?;
    let rule = with_rule
        .rules
        .keys()
        .copied()
        .find(|id| !given.rules.contains_key(id))?;
    Some(guarantee_on_map(
        &with_rule,
        rule,
        inputs.topology,
        inputs.request,
        inputs.plan,
    ))
}

/// The warning every export of a request the topology cannot hold carries: applied, the
/// configuration leaves replicas unscheduled (`None` when the plan places every replica).
fn unplaced_warning(plan: &Plan) -> Option<String> {
    plan.placement.conflict.as_ref().map(|conflict| {
        format!(
            "the request cannot be placed on this topology ({}): applied, this configuration \
             leaves replicas unscheduled",
            conflict.explanation
        )
    })
}

/// 1 to 63 of `[a-z0-9-]`, starting and ending with a letter or digit (RFC 1123 label).
fn is_dns_label(text: &str) -> bool {
    let bytes = text.as_bytes();
    let inner = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-';
    let end = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    (1..=63).contains(&bytes.len())
        && bytes.iter().all(inner)
        && end(bytes.first())
        && end(bytes.last())
}

/// A kind's name as a label name or Nomad meta key: `[a-z0-9_.-]`, starting and ending with a
/// letter or digit, at most 63. `None` when the kind already is one.
fn sanitised_kind(kind: &str) -> Option<String> {
    let mut out: String = kind
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    out = out
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .chars()
        .take(63)
        .collect();
    out = out
        .trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_owned();
    if out.is_empty() {
        out = "kind".to_owned();
    }
    (out != kind).then_some(out)
}

/// The kind's name usable as a label name, with a lossy note when it had to change.
fn kind_name(kind: &str, lossy: &mut Vec<String>) -> String {
    match sanitised_kind(kind) {
        None => kind.to_owned(),
        Some(safe) => {
            let note = format!("the kind `{kind}` is not a valid label name: written as `{safe}`");
            if !lossy.contains(&note) {
                lossy.push(note);
            }
            safe
        }
    }
}

/// The largest per-domain bound that still forces `wanted` (≥ 2) domains for `replicas`:
/// ⌈R/(k−1)⌉ − 1, at least 1. With at most this many per domain, k − 1 domains hold fewer than R.
/// As a Kubernetes `maxSkew` (with `minDomains: k`) it forces k domains the same way: while a
/// domain is empty the global minimum is 0, so no domain exceeds the bound.
fn forcing_bound(replicas: u32, wanted: u32) -> u32 {
    replicas
        .div_ceil(wanted.saturating_sub(1).max(1))
        .saturating_sub(1)
        .max(1)
}

/// Text for a comment line: line breaks in names from the input must not end the comment.
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// The rung id of an axis' level (`microvm`).
fn level(recommendation: &Recommendation, axis: crate::rung::Axis) -> &'static str {
    recommendation.axes.get(axis).level.id()
}

/// An answer's option id from the recommendation's filled-in answers (`""` when absent).
fn answer<'a>(recommendation: &'a Recommendation, key: &str) -> &'a str {
    recommendation
        .answers
        .get(key)
        .and_then(serde_json::Value::as_str)
        .unwrap_or("")
}

/// One lossy entry per control of the recommendation the target does not write (`written`:
/// whether this target expresses a given control), so no control is dropped silently.
fn unwritten_controls(
    recommendation: &Recommendation,
    written: impl Fn(&crate::recommend::Control) -> bool,
    lossy: &mut Vec<String>,
) {
    for control in recommendation.controls.iter().filter(|c| !written(c)) {
        lossy.push(format!(
            "the control “{}” is not expressible here; set it up on the platform",
            control.title
        ));
    }
}

/// Whether the recommendation's answer to `key` is `option`, both checked against the question
/// table like [`crate::answers::Answers::is`].
fn answer_is(recommendation: &Recommendation, key: &str, option: &str) -> bool {
    crate::answers::checked(key, option);
    answer(recommendation, key) == option
}

#[cfg(test)]
mod tests;
