//! The worker's state — the topology in use — and its answer to each message: the heavy part of
//! the app (placement, availability, importers, exports, the placement drawing) runs here, never
//! on the page's main thread.

use tenancy_core::availability::Availability;
use tenancy_core::crush::{self, CrushMap};
use tenancy_core::diagram::{estate, svg};
use tenancy_core::export::{
    Export, Extent, Inputs, Options, Source as ExportSource, Target, export, export_from,
};
use tenancy_core::import::{Format, ImportError, import};
use tenancy_core::kube::audit::Estate;
use tenancy_core::kube::manifest::read_workloads;
use tenancy_core::link::Link;
use tenancy_core::plan::{Plan, plan};
use tenancy_core::report::plan::{availability_words, rate_rows};
use tenancy_core::report::twins::guarantee_findings;
use tenancy_core::request::{ANY_SCOPE, plural};
use tenancy_core::source::Source;
use tenancy_core::topology::{MAX_INPUT_BYTES, default_topology};
use tenancy_core::{Request, Topology, recommend};

use crate::protocol::{
    AvailabilityView, ConflictView, Drawing, ExportView, FailureRow, FromWorker, GuaranteeView,
    RateRow, ScopeOption, Shown, SourceView, ToWorker, TopologyView, TwinView,
};

/// The name the built-in topology goes by on screen.
pub const EXAMPLE_ORIGIN: &str = "the example estate";

/// The worker's state: the topology in use and where it came from, and what its twins need of
/// the original: the nodes of a `kubectl` list (taints, allocatable, every label) and the whole
/// CRUSH map of a decompiled map or a crush dump.
#[derive(Debug, Clone)]
pub struct Session {
    topology: Topology,
    origin: String,
    example: bool,
    warnings: Vec<String>,
    nodes: Option<Estate>,
    crush: Option<CrushMap>,
    /// A Ceph cluster's own description, for the CRUSH export: the format, and the text of a
    /// decompiled map (the export is that map as given plus one rule).
    ceph: Option<(Format, String)>,
}

impl Default for Session {
    fn default() -> Session {
        Session {
            topology: default_topology(),
            origin: EXAMPLE_ORIGIN.to_owned(),
            example: true,
            warnings: Vec::new(),
            nodes: None,
            crush: None,
            ceph: None,
        }
    }
}

/// The file name and media type an export is saved as.
pub fn file_name(target: Target) -> (&'static str, &'static str) {
    match target {
        Target::Kubernetes => ("tenancy-workload.yaml", "application/yaml"),
        Target::Nova => ("tenancy-nova.sh", "text/x-shellscript"),
        Target::Nomad => ("tenancy-group.nomad.hcl", "text/plain"),
        Target::Crush => ("tenancy-crush.txt", "text/plain"),
        Target::Markdown => ("tenancy-report.md", "text/markdown"),
    }
}

fn source_view(source: Source) -> SourceView {
    SourceView {
        title: source.title.to_owned(),
        url: source.url.to_owned(),
        as_of: source.as_of.map(str::to_owned),
    }
}

/// The availability as the page shows it: the core's words and tables.
pub fn availability_view(availability: &Availability) -> AvailabilityView {
    let words = availability_words(availability);
    AvailabilityView {
        p_quorum: availability.p_quorum,
        headline: words.headline,
        downtime: words.downtime,
        frequency: words.frequency,
        common_mode: words.common_mode,
        meaning: words.meaning,
        warnings: availability.warnings.clone(),
        failures: availability
            .worst_single_failure
            .iter()
            .map(|failure| FailureRow {
                kind: failure.kind.clone(),
                domain: failure.domain.clone().unwrap_or_else(|| "—".to_owned()),
                down: failure.replicas_down,
                left: failure.replicas_left,
                survives: failure.quorum_survives,
            })
            .collect(),
        rates: availability
            .rates
            .iter()
            .zip(rate_rows(availability))
            .map(|(rate, [kind, failures, repair, basis, _])| RateRow {
                kind,
                failures_per_year: failures,
                mttr_hours: repair,
                basis,
                source: rate.source.map(source_view),
                note: rate.note.map(str::to_owned),
            })
            .collect(),
    }
}

/// `any` and every kind of the topology, in the words the scope picker shows.
fn scope_options(topology: &Topology) -> Vec<ScopeOption> {
    std::iter::once(ANY_SCOPE.to_owned())
        .chain(topology.kinds.iter().cloned())
        .map(|kind| ScopeOption {
            label: if kind == ANY_SCOPE {
                "anywhere".to_owned()
            } else {
                format!("one {}", plural(&kind, 1))
            },
            value: kind,
        })
        .collect()
}

fn status(plan: &Plan) -> String {
    if !plan.placement.feasible {
        return "No placement satisfies every rule.".to_owned();
    }
    let optimal = if plan.placement.optimal == Some(false) {
        " (search budget reached: valid, not proven optimal)"
    } else {
        ", each failure domain losing as few copies as possible"
    };
    let n = plan.placement.assignments.as_ref().map_or(0, Vec::len);
    format!("Placed {n} replicas{optimal}.")
}

fn conflict_view(plan: &Plan, request: &Request) -> Option<ConflictView> {
    let conflict = plan.placement.conflict.as_ref()?;
    let rules = conflict
        .rules
        .iter()
        .filter_map(|index| {
            request
                .rules
                .get(*index)
                .map(|rule| format!("rules[{index}] {rule}"))
        })
        .collect();
    let lead = if conflict.rules.is_empty() {
        "Even without rules there is no room:"
    } else {
        "These rules cannot all hold; dropping any one of them makes the request feasible:"
    };
    Some(ConflictView {
        lead: lead.to_owned(),
        rules,
        explanation: conflict.explanation.clone(),
    })
}

impl Session {
    /// The topology in use.
    pub fn topology(&self) -> &Topology {
        &self.topology
    }

    /// The topology in use, described for the page.
    pub fn view(&self, id: u64) -> TopologyView {
        TopologyView {
            id,
            origin: self.origin.clone(),
            hosts: self.topology.hosts.len(),
            example: self.example,
            warnings: self.warnings.clone(),
        }
    }

    /// Answers one message; `progress` hears about each step of long work as it begins.
    pub fn handle(
        &mut self,
        message: ToWorker,
        progress: &mut dyn FnMut(FromWorker),
    ) -> FromWorker {
        match message {
            ToWorker::Show { id, query, target } => {
                FromWorker::Shown(Box::new(self.show(id, &query, &target, progress)))
            }
            ToWorker::Import {
                id,
                format,
                text,
                origin,
            } => self.import(id, &format, &text, &origin, progress),
            ToWorker::ImportFile { id, name, size, .. } => FromWorker::TopologyRefused {
                id,
                message: format!(
                    "This topology was not used: `{name}` ({size} bytes) could not be read in this browser."
                ),
            },
            ToWorker::Reset { id } => {
                *self = Session::default();
                FromWorker::Topology(self.view(id))
            }
            ToWorker::EditRequest { id, query, text } => self.edit_request(id, &query, &text),
            ToWorker::Rescope { id, query, scope } => self.rescope(id, &query, &scope),
            ToWorker::Save { id, query, what } => self.save(id, &query, &what),
            ToWorker::Guarantee { id, query, target } => {
                FromWorker::Guarantee(Box::new(self.guarantee(id, &query, &target, progress)))
            }
            ToWorker::Twin {
                id,
                query,
                target,
                manifest,
                pg_num,
            } => FromWorker::Twin(Box::new(self.twin(
                id,
                &query,
                &target,
                manifest.as_deref(),
                pg_num,
                progress,
            ))),
        }
    }

    /// Refuses a file over the byte limit before anything is read.
    pub fn check_size(id: u64, name: &str, size: u64) -> Result<(), FromWorker> {
        if size > MAX_INPUT_BYTES as u64 {
            return Err(FromWorker::TopologyRefused {
                id,
                message: format!(
                    "This topology was not used: `{name}` is {:.1} MiB, more than the {} MiB limit.",
                    size as f64 / 1_048_576.0,
                    MAX_INPUT_BYTES / 1_048_576
                ),
            });
        }
        Ok(())
    }

    fn import(
        &mut self,
        id: u64,
        format: &str,
        text: &str,
        origin: &str,
        progress: &mut dyn FnMut(FromWorker),
    ) -> FromWorker {
        if text.trim().is_empty() {
            return FromWorker::TopologyRefused {
                id,
                message: "Paste a topology or choose a file first.".to_owned(),
            };
        }
        let chosen = Format::from_id(format);
        let format = chosen.unwrap_or_else(|| Format::detect(text));
        progress(FromWorker::Progress {
            id,
            stage: format!(
                "Reading {:.1} MB as {}…",
                text.len() as f64 / 1e6,
                format.label()
            ),
        });
        match import(chosen, text) {
            Ok((format, imported)) => {
                let hosts = imported.topology.hosts.len();
                // Read again for the twins: the importer keeps only the failure domains.
                let nodes = (format == Format::Kubectl)
                    .then(|| Estate::read(text).ok())
                    .flatten();
                let crush = matches!(format, Format::CrushText | Format::CrushDump)
                    .then(|| crush::read(text).ok())
                    .flatten();
                let ceph = match format {
                    Format::CrushText => Some((format, text.to_owned())),
                    Format::Ceph | Format::CrushDump => Some((format, String::new())),
                    _ => None,
                };
                *self = Session {
                    topology: imported.topology,
                    origin: format!("your {} ({origin}, {hosts} hosts)", format.label()),
                    example: false,
                    warnings: imported.warnings,
                    nodes,
                    crush,
                    ceph,
                };
                FromWorker::Topology(self.view(id))
            }
            // A recognised wrong paste is named before any format is tried.
            Err(ImportError::WrongInput(message)) => FromWorker::TopologyRefused {
                id,
                message: format!("This topology was not used: {message}."),
            },
            Err(message) => FromWorker::TopologyRefused {
                id,
                message: format!(
                    "This topology was not used. It was read as {}: {message}.",
                    format.label()
                ),
            },
        }
    }

    fn show(
        &self,
        id: u64,
        query: &str,
        target: &str,
        progress: &mut dyn FnMut(FromWorker),
    ) -> Shown {
        let (link, _) = Link::from_query(query);
        let request = match link.request(&self.topology) {
            Ok(request) => request,
            Err(message) => {
                return Shown {
                    id,
                    request_error: Some(message.to_string()),
                    scope: ANY_SCOPE.to_owned(),
                    scopes: scope_options(&self.topology),
                    status: "No placement: the request is not valid.".to_owned(),
                    example: self.example,
                    ..Shown::default()
                };
            }
        };
        progress(FromWorker::Progress {
            id,
            stage: format!(
                "Placing {} replicas on {} hosts…",
                request.replicas,
                self.topology.hosts.len()
            ),
        });
        let plan = plan(&self.topology, &request);
        let drawing = plan
            .placement
            .feasible
            .then(|| Drawing::from(&estate::estate(&self.topology, plan.replica_hosts())));
        let target = Target::from_id(target).unwrap_or(Target::Kubernetes);
        let exported = self.export(&link, &request, &plan, target, Extent::Text);
        let (file_name, mime) = file_name(target);
        Shown {
            id,
            request: Some(request.to_json_string()),
            request_error: None,
            feasible: Some(plan.placement.feasible),
            status: status(&plan),
            conflict: conflict_view(&plan, &request),
            drawing,
            availability: plan.availability.as_ref().map(availability_view),
            export: Some(ExportView {
                target: target.id().to_owned(),
                text: exported.text,
                lossy: exported.lossy,
                warnings: exported.warnings,
                file_name: file_name.to_owned(),
                mime: mime.to_owned(),
            }),
            example: self.example,
            scope: request
                .scope
                .clone()
                .unwrap_or_else(|| ANY_SCOPE.to_owned()),
            scopes: scope_options(&self.topology),
            survival: request.survival_warning(&link.answers, &self.topology),
        }
    }

    /// The export of `target` by the core's [`export_from`], which decides what a Ceph
    /// cluster's own description gets (that map plus one rule, or the rule alone — never a
    /// regenerated map) and, with [`Extent::Guaranteed`], attaches the guarantee. A node list is
    /// not passed on: the Kubernetes tab runs kube-scheduler's twin on its own ([`Session::twin`]).
    fn export(
        &self,
        link: &Link,
        request: &Request,
        plan: &Plan,
        target: Target,
        extent: Extent,
    ) -> Export {
        let recommendation = recommend(&link.answers);
        let options = Options::default();
        let inputs = Inputs {
            recommendation: &recommendation,
            request,
            topology: &self.topology,
            plan,
            options: &options,
        };
        let source = self.ceph.as_ref().map(|(format, text)| ExportSource {
            format: *format,
            text,
        });
        // Never a regenerated map in place of the user's: when their map cannot be extended
        // (the one error), no configuration, and why.
        export_from(target, inputs, source, extent).unwrap_or_else(|message| Export {
            text: String::new(),
            lossy: Vec::new(),
            warnings: vec![format!(
                "no CRUSH rule could be added to your map: {message}"
            )],
            ..export(target, inputs)
        })
    }

    /// What the `target` export of the state in `query` guarantees (see [`ToWorker::Guarantee`]).
    fn guarantee(
        &self,
        id: u64,
        query: &str,
        target: &str,
        progress: &mut dyn FnMut(FromWorker),
    ) -> GuaranteeView {
        let mut view = GuaranteeView {
            id,
            target: target.to_owned(),
            ..GuaranteeView::default()
        };
        let (link, _) = Link::from_query(query);
        let request = match link.request(&self.topology) {
            Ok(request) => request,
            Err(message) => {
                view.error = Some(format!("Nothing is guaranteed: {message}."));
                return view;
            }
        };
        let target = Target::from_id(target).unwrap_or(Target::Kubernetes);
        if target == Target::Markdown {
            return view;
        }
        progress(FromWorker::Progress {
            id,
            stage: "Finding the worst placement this configuration allows…".to_owned(),
        });
        let plan = plan(&self.topology, &request);
        let exported = self.export(&link, &request, &plan, target, Extent::Guaranteed);
        if let Some(guarantee) = exported.guarantee {
            // The findings' lines start with their heading, the summary.
            let findings = guarantee_findings(&guarantee);
            view.lines = findings.lines().split_off(1);
            view.summary = Some(findings.heading);
        }
        view
    }

    fn twin(
        &self,
        id: u64,
        query: &str,
        target: &str,
        manifest: Option<&str>,
        pg_num: u32,
        progress: &mut dyn FnMut(FromWorker),
    ) -> TwinView {
        let mut view = TwinView {
            id,
            target: target.to_owned(),
            ..TwinView::default()
        };
        let (link, _) = Link::from_query(query);
        let request = match link.request(&self.topology) {
            Ok(request) => request,
            Err(message) => {
                view.error = Some(format!("Nothing to simulate: {message}."));
                return view;
            }
        };
        let result = match (Target::from_id(target), manifest) {
            (Some(Target::Crush), _) => match &self.crush {
                None => {
                    view.hint = Some(twins::CRUSH_HINT.to_owned());
                    return view;
                }
                Some(map) => {
                    progress(FromWorker::Progress {
                        id,
                        stage: format!("Mapping {pg_num} placement groups through our rule…"),
                    });
                    twins::pool_section(map, &request, pg_num)
                        .map(|section| vec![section])
                        .map_err(|e| format!("The pool could not be simulated: {e}."))
                }
            },
            (_, _) if self.topology.hosts.len() > twins::MAX_TWIN_NODES => {
                view.hint = Some(format!(
                    "kube-scheduler's twin runs on up to {} nodes here; this topology has {}: \
                     run `tenancy check k8s FILE --nodes nodes.json` on your own machine instead.",
                    twins::MAX_TWIN_NODES,
                    self.topology.hosts.len()
                ));
                return view;
            }
            (_, pasted) => {
                progress(FromWorker::Progress {
                    id,
                    stage: "Scheduling the replicas as kube-scheduler would…".to_owned(),
                });
                self.audit(&link, &request, pasted)
            }
        };
        match result {
            Ok(sections) => view.sections = sections,
            Err(message) => view.error = Some(message),
        }
        view
    }

    /// The audit of a pasted manifest (each workload in it), or of our own Kubernetes export
    /// with the request's quorum, on the nodes in use (stand-in nodes when the topology is not a
    /// node list).
    fn audit(
        &self,
        link: &Link,
        request: &Request,
        pasted: Option<&str>,
    ) -> Result<Vec<twins::TwinSection>, String> {
        let (text, quorum) = match pasted {
            Some(text) => (text.to_owned(), None),
            None => {
                let plan = plan(&self.topology, request);
                let exported = self.export(link, request, &plan, Target::Kubernetes, Extent::Text);
                (exported.text, Some(request.quorum))
            }
        };
        let workloads = read_workloads(&text).map_err(|e| match pasted {
            Some(_) => format!("The manifest was not read: {e}."),
            None => format!("Our Kubernetes export could not be read back: {e}."),
        })?;
        let estate = match (&self.nodes, workloads.first()) {
            (Some(nodes), _) => nodes.clone(),
            (None, Some(first)) => Estate::from_topology(&self.topology, request, first),
            (None, None) => return Ok(Vec::new()),
        };
        let take = if pasted.is_some() { workloads.len() } else { 1 };
        workloads
            .iter()
            .take(take)
            .map(|workload| twins::audit_section(&estate, workload, quorum))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("The manifest could not be audited: {e}."))
    }

    fn edit_request(&self, id: u64, query: &str, text: &str) -> FromWorker {
        let (mut link, _) = Link::from_query(query);
        let refused = |message: String| FromWorker::RequestRefused {
            id,
            message: format!("The request was not used: {message}."),
        };
        match Request::from_json_str(text, &self.topology) {
            Ok(edited) => self.take(id, &mut link, &edited, refused),
            Err(error) => refused(error.to_string()),
        }
    }

    /// A request taken into the link (the new query), or refused with why.
    fn take(
        &self,
        id: u64,
        link: &mut Link,
        edited: &Request,
        refused: impl Fn(String) -> FromWorker,
    ) -> FromWorker {
        match link.apply_request(edited, &self.topology) {
            Ok(()) => FromWorker::RequestTaken {
                id,
                query: link.to_query(),
            },
            Err(warning) => refused(warning.to_string()),
        }
    }

    fn rescope(&self, id: u64, query: &str, scope: &str) -> FromWorker {
        let (mut link, _) = Link::from_query(query);
        let refused = |message: String| FromWorker::RequestRefused {
            id,
            message: format!("The scope was not used: {message}."),
        };
        let current = match link.request(&self.topology) {
            Ok(request) => request,
            Err(error) => return refused(error.to_string()),
        };
        match current.with_scope(scope, &self.topology) {
            Ok(edited) => self.take(id, &mut link, &edited, refused),
            Err(error) => refused(error.to_string()),
        }
    }

    fn save(&self, id: u64, query: &str, what: &str) -> FromWorker {
        let (link, _) = Link::from_query(query);
        let request = link.request(&self.topology);
        let (name, mime, text) = match (what, request) {
            ("estate-svg", Ok(request)) => {
                let plan = plan(&self.topology, &request);
                (
                    "tenancy-placement.svg",
                    "image/svg+xml",
                    svg::render(&estate::estate(&self.topology, plan.replica_hosts())),
                )
            }
            (_, Ok(request)) => {
                let plan = plan(&self.topology, &request);
                let (name, mime) = file_name(Target::Markdown);
                (
                    name,
                    mime,
                    self.export(&link, &request, &plan, Target::Markdown, Extent::Text)
                        .text,
                )
            }
            (_, Err(message)) => {
                let message = message.to_string();
                return FromWorker::RequestRefused {
                    id,
                    message: format!("Nothing was saved: {message}."),
                };
            }
        };
        FromWorker::File {
            id,
            name: name.to_owned(),
            mime: mime.to_owned(),
            text: text.to_owned(),
        }
    }
}

mod twins;

#[cfg(test)]
mod tests;
