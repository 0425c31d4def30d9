//! `tenancy place`: a topology and a request in, a placement or its minimal conflict out.

use tenancy_core::plan::plan;
use tenancy_core::report::plan_text;

use crate::topology::{TopologyFormat, read};
use crate::{BadInput, Outcome, input};

/// Output formats of `tenancy place`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Machine-readable JSON.
    Json,
    /// What a person reads in a terminal.
    Text,
}

/// Arguments of `tenancy place`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The topology file.
    #[arg(long, value_name = "FILE")]
    topology: String,
    /// The topology file's format (default: detected from the text, as the web app does).
    #[arg(long, value_enum)]
    from: Option<TopologyFormat>,
    /// The request as JSON, from a file or `-` for standard input.
    #[arg(long, value_name = "FILE|-")]
    request: String,
    /// Keep every replica in one domain of this kind (`datacenter`), or `any`; overrides the
    /// request's `scope`.
    #[arg(long, value_name = "KIND|any")]
    scope: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
}

/// Exit 0 with a placement, 1 with a conflict (the output is printed either way).
pub fn run(args: &Args) -> Result<Outcome, BadInput> {
    let imported = read(args.from, &args.topology)?;
    let topology = imported.topology;
    let request = input::request(&args.request, &topology, args.scope.as_deref())?;
    let plan = plan(&topology, &request);
    let stdout = match args.format {
        Format::Json => plan
            .clone()
            .with_input_warnings(&imported.warnings)
            .to_json_string(),
        Format::Text => plan_text(&topology, &request, &plan),
    };
    Ok(Outcome {
        stdout,
        stderr: imported
            .warnings
            .iter()
            .map(|w| format!("warning: {w}"))
            .collect(),
        code: if plan.placement.feasible { 0 } else { 1 },
    })
}
