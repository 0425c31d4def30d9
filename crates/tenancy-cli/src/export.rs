//! `tenancy export`: answers (or a preset), a topology (default: the embedded one) and a request
//! (default: derived from the answers) in, configuration for one target out.
//!
//! The export's text goes to stdout; what the target cannot express goes to stderr as warnings
//! (or, with `--format json`, both go to stdout as `{"text": …, "lossy": […]}`). When the
//! request cannot be placed on the topology the export says so (a warning); on a topology given
//! with `--topology` it also exits 1: applied there, the configuration would leave replicas
//! unscheduled.

use clap::ValueEnum;
use tenancy_core::export::{
    self, DEFAULT_LABEL_PREFIX, DEFAULT_NAME, Inputs, Options, Source, Target,
};
use tenancy_core::import::Format;
use tenancy_core::plan::plan;
use tenancy_core::report::twins::guarantee_findings;
use tenancy_core::topology::default_topology;
use tenancy_core::{Request, recommend};

use crate::topology::TopologyFormat;
use crate::{BadInput, Outcome, input, recommend as recommend_cmd};

/// Arguments of `tenancy export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The target: Kubernetes YAML, OpenStack Nova commands, a Nomad group, a Ceph CRUSH map
    /// and rule, or the Markdown report.
    #[arg(value_enum)]
    target: TargetArg,
    #[command(flatten)]
    setup: Setup,
    /// The workload's name in the exports (a DNS label).
    #[arg(long, value_name = "NAME", default_value = DEFAULT_NAME)]
    name: String,
    /// Kubernetes label prefix for kinds other than host, region and datacenter.
    #[arg(long, value_name = "PREFIX", default_value = DEFAULT_LABEL_PREFIX)]
    label_prefix: String,
    /// `text`: the export on stdout, lossy entries as warnings on stderr; `json`:
    /// `{"text", "lossy"}` on stdout.
    #[arg(long, value_enum, default_value_t = ExportFormat::Text)]
    format: ExportFormat,
}

/// The export targets as the CLI spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TargetArg {
    /// A Kubernetes Deployment and PodDisruptionBudget (YAML).
    K8s,
    /// OpenStack Nova server-group commands.
    Nova,
    /// A HashiCorp Nomad group stanza.
    Nomad,
    /// A Ceph CRUSH map and rule.
    Crush,
    /// The Markdown report.
    Markdown,
}

/// How the export is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// The export's text; lossy entries on stderr.
    Text,
    /// `{"text": …, "lossy": […]}`.
    Json,
}

/// Where a request is placed: the answers, the topology, the request and its scope, as
/// `export` and `simulate nova|nomad` take them.
#[derive(Debug, clap::Args)]
pub struct Setup {
    #[command(flatten)]
    answers: recommend_cmd::AnswersArgs,
    /// The topology (default: the embedded default topology).
    #[arg(long, value_name = "FILE|-")]
    topology: Option<String>,
    /// The topology file's format (default: detected from the text, as the web app does).
    #[arg(long, value_enum, requires = "topology")]
    from: Option<TopologyFormat>,
    /// The placement request as JSON (default: derived from the answers).
    #[arg(long, value_name = "FILE|-")]
    request: Option<String>,
    /// Keep every replica in one domain of this kind (`datacenter`), or `any`; overrides the
    /// request's scope.
    #[arg(long, value_name = "KIND|any")]
    scope: Option<String>,
}

/// What a [`Setup`] reads to: the recommendation, the topology (with the format and text it
/// was read from, when given), the request, and warnings for stderr.
pub struct Read {
    pub recommendation: tenancy_core::Recommendation,
    pub topology: tenancy_core::Topology,
    pub read_as: Option<(Format, String)>,
    pub request: Request,
    pub stderr: Vec<String>,
}

/// Reads the answers, the topology and the request of a [`Setup`].
pub fn read_setup(setup: &Setup) -> Result<Read, BadInput> {
    let (answers, warnings) = recommend_cmd::read_answers(&setup.answers)?;
    let mut stderr: Vec<String> = warnings
        .iter()
        .map(|warning| format!("warning: {warning}"))
        .collect();
    let recommendation = recommend(&answers).with_input_warnings(&warnings);
    let (topology, read_as) = match &setup.topology {
        None => (default_topology(), None),
        Some(file) => {
            let read = crate::topology::read_with_format(setup.from, file)?;
            stderr.extend(
                read.imported
                    .warnings
                    .iter()
                    .map(|warning| format!("warning: {warning}")),
            );
            (read.imported.topology, Some((read.format, read.text)))
        }
    };
    let request = match &setup.request {
        None => input::scoped(
            Request::from_answers(&answers, &topology),
            setup.scope.as_deref(),
            &topology,
        )?,
        Some(path) => input::request(path, &topology, setup.scope.as_deref())?,
    };
    Ok(Read {
        recommendation,
        topology,
        read_as,
        request,
        stderr,
    })
}

pub fn run(args: &Args) -> Result<Outcome, BadInput> {
    let options =
        Options::new(&args.name, &args.label_prefix).map_err(|e| BadInput(e.to_string()))?;
    let Read {
        recommendation,
        topology,
        read_as,
        request,
        mut stderr,
    } = read_setup(&args.setup)?;
    let target = match args.target {
        TargetArg::K8s => Target::Kubernetes,
        TargetArg::Nova => Target::Nova,
        TargetArg::Nomad => Target::Nomad,
        TargetArg::Crush => Target::Crush,
        TargetArg::Markdown => Target::Markdown,
    };
    let plan = plan(&topology, &request);
    let export = export::export_from(
        target,
        Inputs {
            recommendation: &recommendation,
            request: &request,
            topology: &topology,
            plan: &plan,
            options: &options,
        },
        read_as.as_ref().map(|(format, text)| Source {
            format: *format,
            text,
        }),
        export::Extent::Guaranteed,
    )
    .map_err(|e| {
        let file = args.setup.topology.as_deref().unwrap_or("-");
        BadInput(format!("{e} (in {file})"))
    })?;
    stderr.extend(
        export
            .warnings
            .iter()
            .map(|warning| format!("warning: {warning}")),
    );
    let stdout = match args.format {
        ExportFormat::Text => {
            stderr.extend(
                export
                    .lossy
                    .iter()
                    .map(|entry| format!("warning: lossy: {entry}")),
            );
            if let Some(guarantee) = &export.guarantee {
                stderr.extend(guarantee_stderr(guarantee));
            }
            export.text
        }
        ExportFormat::Json => {
            let mut out =
                serde_json::to_string_pretty(&export).expect("an export always serialises");
            out.push('\n');
            out
        }
    };
    Ok(Outcome {
        stdout,
        stderr,
        code: if plan.placement.feasible || args.setup.topology.is_none() {
            0
        } else {
            1
        },
    })
}

/// A guarantee as stderr lines: "what you will get: " and each line of the core's words.
pub fn guarantee_stderr(guarantee: &export::Guarantee) -> impl Iterator<Item = String> {
    guarantee_findings(guarantee)
        .lines()
        .into_iter()
        .map(|line| format!("what you will get: {line}"))
}
