//! `tenancy check k8s FILE --nodes NODES`: audits the user's own manifest (Deployment,
//! StatefulSet, ReplicaSet, Pod or PodTemplate; YAML or JSON; several documents) on their nodes
//! with the core's kube-scheduler twin. Exit 1 when a workload's worst case cannot survive the
//! `--survive` level.

use clap::{Subcommand, ValueEnum};
use tenancy_core::kube::audit::{AuditOptions, DEFAULT_RUNS, Estate, audit};
use tenancy_core::kube::manifest::{Workload, read_workloads};
use tenancy_core::kube::to_json_string;
use tenancy_core::report::twins::audit_text;

use crate::{BadInput, Outcome, input};

/// What `tenancy check` audits.
#[derive(Debug, Subcommand)]
pub enum Target {
    /// Audit Kubernetes manifests against `kubectl get nodes -o json`.
    K8s(K8sArgs),
}

/// Arguments of `tenancy check k8s`.
#[derive(Debug, clap::Args)]
pub struct K8sArgs {
    /// The manifest (YAML or JSON, several documents allowed), or `-` for standard input.
    #[arg(value_name = "FILE|-")]
    file: String,
    /// The nodes: the output of `kubectl get nodes -o json`.
    #[arg(long, value_name = "FILE")]
    nodes: String,
    /// A failure domain whose worst single failure must leave the quorum (`zone`, `rack`,
    /// `node`, or a kind of the nodes); exit 1 if the worst case does not.
    #[arg(long, value_name = "KIND")]
    survive: Option<String>,
    /// Replicas that must be up (default: a majority).
    #[arg(long, value_name = "N")]
    quorum: Option<u32>,
    /// Seeded runs for the distribution.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RUNS, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    runs: u32,
    /// The first seed of the runs.
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
    /// Only the workload with this name.
    #[arg(long, value_name = "NAME")]
    workload: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
}

/// How the audit is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    /// For people.
    Text,
    /// One JSON array of audits.
    Json,
}

/// Reads the nodes: the output of `kubectl get nodes -o json`.
pub fn read_nodes(nodes: &str) -> Result<Estate, BadInput> {
    let nodes_text = input::read(nodes, "nodes")?;
    Estate::read(&nodes_text).map_err(|e| {
        BadInput(format!(
            "{e} (in {nodes}; expected `kubectl get nodes -o json`)"
        ))
    })
}

/// Reads the nodes and the manifest's workloads (only `name` when given).
pub fn read_inputs(
    nodes: &str,
    file: &str,
    name: Option<&str>,
) -> Result<(Estate, Vec<Workload>), BadInput> {
    let estate = read_nodes(nodes)?;
    let text = input::read(file, "manifest")?;
    let mut workloads = read_workloads(&text).map_err(|e| BadInput(format!("{e} (in {file})")))?;
    if let Some(name) = name {
        let names: Vec<String> = workloads.iter().map(|w| w.name.clone()).collect();
        workloads.retain(|w| w.name == name);
        if workloads.is_empty() {
            return Err(BadInput(format!(
                "--workload {name}: no such workload in {file} (found: {})",
                names.join(", ")
            )));
        }
    }
    Ok((estate, workloads))
}

pub fn run(target: &Target) -> Result<Outcome, BadInput> {
    let Target::K8s(args) = target;
    let (estate, workloads) = read_inputs(&args.nodes, &args.file, args.workload.as_deref())?;
    let options = AuditOptions {
        runs: args.runs,
        seed: args.seed,
        quorum: args.quorum,
        survive: args.survive.clone(),
    };
    let mut audits = Vec::new();
    for workload in &workloads {
        audits.push(
            audit(&estate, workload, &options)
                .map_err(|e| BadInput(format!("{e} ({})", workload.name)))?,
        );
    }
    let code = u8::from(audits.iter().any(|a| a.fails_survive()));
    let stdout = match args.format {
        CheckFormat::Text => audits.iter().map(audit_text).collect::<Vec<_>>().join("\n"),
        CheckFormat::Json => to_json_string(&audits),
    };
    Ok(Outcome {
        stdout,
        stderr: Vec::new(),
        code,
    })
}
