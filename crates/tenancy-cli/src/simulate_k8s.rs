//! `tenancy simulate k8s --nodes NODES`: runs the core's kube-scheduler twin on a scenario
//! (scale-up, rolling update, scale-down, failure drill) for our Kubernetes export (from answers
//! or a preset) or for a given manifest.

use clap::ValueEnum;
use tenancy_core::kube::simulate::{Scenario, Ties, exported_workload, simulate};
use tenancy_core::kube::to_json_string;
use tenancy_core::report::twins::simulation_text;
use tenancy_core::{Request, recommend};

use crate::check_k8s::{read_inputs, read_nodes};
use crate::{BadInput, Outcome, input, recommend as recommend_cmd};

/// Arguments of `tenancy simulate k8s`.
#[derive(Debug, clap::Args)]
pub struct K8sArgs {
    /// The nodes: the output of `kubectl get nodes -o json`.
    #[arg(long, value_name = "FILE")]
    nodes: String,
    /// A manifest to simulate instead of our export.
    #[arg(long, value_name = "FILE|-")]
    manifest: Option<String>,
    #[command(flatten)]
    answers: recommend_cmd::AnswersArgs,
    /// The placement request as JSON (default: derived from the answers).
    #[arg(long, value_name = "FILE|-", conflicts_with = "manifest")]
    request: Option<String>,
    /// The scenario.
    #[arg(long, value_enum, default_value_t = ScenarioArg::ScaleUp)]
    scenario: ScenarioArg,
    /// Scale-down: the replicas left.
    #[arg(long, value_name = "N", required_if_eq("scenario", "scale-down"))]
    to: Option<u32>,
    /// Failure drill: the domain that fails, as KIND=DOMAIN (`zone=eu-west-1a`,
    /// `node=worker-3`, `rack=r12`).
    #[arg(long, value_name = "KIND=DOMAIN", required_if_eq("scenario", "drill"))]
    fail: Option<String>,
    /// Tie-breaks: `worst` (adversarial) or a seed for random ones.
    #[arg(long, value_name = "worst|SEED", default_value = "worst")]
    ties: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SimFormat::Text)]
    format: SimFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ScenarioArg {
    /// Create every replica from zero.
    ScaleUp,
    /// Roll every replica over to a new revision.
    RollingUpdate,
    /// Scale down to `--to` replicas.
    ScaleDown,
    /// Fail the `--fail` domain.
    Drill,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SimFormat {
    /// For people.
    Text,
    /// JSON.
    Json,
}

pub fn run(args: &K8sArgs) -> Result<Outcome, BadInput> {
    let ties = match args.ties.as_str() {
        "worst" => Ties::Worst,
        seed => Ties::Seed(seed.parse().map_err(|_| {
            BadInput(format!(
                "--ties {seed}: expected `worst` or a seed (a whole number)"
            ))
        })?),
    };
    let scenario = match args.scenario {
        ScenarioArg::ScaleUp => Scenario::ScaleUp,
        ScenarioArg::RollingUpdate => Scenario::RollingUpdate,
        ScenarioArg::ScaleDown => Scenario::ScaleDown(args.to.unwrap_or(0)),
        ScenarioArg::Drill => {
            let fail = args.fail.as_deref().unwrap_or("");
            let (kind, domain) = fail.split_once('=').filter(|(k, d)| !k.is_empty() && !d.is_empty()).ok_or_else(|| {
                BadInput(format!("--fail {fail}: expected KIND=DOMAIN, e.g. `zone=eu-west-1a` or `node=worker-3`"))
            })?;
            Scenario::Fail {
                kind: kind.to_owned(),
                domain: domain.to_owned(),
            }
        }
    };
    let mut stderr = Vec::new();
    let (estate, workload) = match &args.manifest {
        Some(file) => {
            let (estate, mut workloads) = read_inputs(&args.nodes, file, None)?;
            if workloads.len() > 1 {
                stderr.push(format!(
                    "warning: {} workloads in {file}; simulating the first, `{}`",
                    workloads.len(),
                    workloads[0].name
                ));
            }
            (estate, workloads.remove(0))
        }
        None => {
            let (answers, warnings) = recommend_cmd::read_answers(&args.answers)?;
            stderr.extend(warnings.iter().map(|w| format!("warning: {w}")));
            let estate = read_nodes(&args.nodes)?;
            let request = match &args.request {
                None => Request::from_answers(&answers, &estate.topology),
                Some(path) => input::request(path, &estate.topology, None)?,
            };
            let recommendation = recommend(&answers).with_input_warnings(&warnings);
            let (workload, guarantee) = exported_workload(&recommendation, &request, &estate)
                .map_err(|e| {
                    BadInput(format!("our Kubernetes export could not be read back: {e}"))
                })?;
            // The twin shows one run; the guarantee bounds every run the export allows.
            if let Some(guarantee) = &guarantee {
                stderr.extend(crate::export::guarantee_stderr(guarantee));
            }
            (estate, workload)
        }
    };
    let simulation =
        simulate(&estate, &workload, &scenario, ties).map_err(|e| BadInput(e.to_string()))?;
    let stdout = match args.format {
        SimFormat::Text => simulation_text(&simulation),
        SimFormat::Json => to_json_string(&simulation),
    };
    Ok(Outcome {
        stdout,
        stderr,
        code: 0,
    })
}
