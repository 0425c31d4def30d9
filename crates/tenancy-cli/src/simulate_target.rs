//! `tenancy simulate nova|nomad`: what the exported configuration guarantees on a topology —
//! the worst placement the target's scheduler may choose under it, its availability, and our
//! optimum beside it (the core's `export::guarantee`).

use clap::ValueEnum;
use tenancy_core::export::{Target, guarantee_for};
use tenancy_core::plan::plan;
use tenancy_core::report::twins::guarantee_text;

use crate::export::{Read, Setup, read_setup};
use crate::{BadInput, Outcome};

/// Arguments of `tenancy simulate nova` and `tenancy simulate nomad`.
#[derive(Debug, clap::Args)]
pub struct TargetArgs {
    #[command(flatten)]
    setup: Setup,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// For people.
    Text,
    /// The guarantee as JSON.
    Json,
}

pub fn run(target: Target, args: &TargetArgs) -> Result<Outcome, BadInput> {
    let Read {
        topology,
        request,
        stderr,
        ..
    } = read_setup(&args.setup)?;
    let plan = plan(&topology, &request);
    let guarantee = guarantee_for(target, &topology, &request, &plan)
        .expect("nova and nomad always have a guarantee");
    let stdout = match args.format {
        Format::Json => {
            let mut out =
                serde_json::to_string_pretty(&guarantee).expect("a guarantee always serialises");
            out.push('\n');
            out
        }
        Format::Text => guarantee_text(&guarantee),
    };
    Ok(Outcome {
        stdout,
        stderr,
        code: 0,
    })
}
