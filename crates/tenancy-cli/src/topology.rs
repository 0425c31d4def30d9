//! `tenancy topology`: convert kubectl/Ceph/native topologies to the native JSON, or print the
//! embedded default (SPEC §5, §11).

use clap::{Subcommand, ValueEnum};
use tenancy_core::Topology;
use tenancy_core::import::{Imported, import_ceph, import_kubectl};
use tenancy_core::topology::default_topology;

use crate::{BadInput, Outcome, input};

/// Arguments of `tenancy topology`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert a topology to the native JSON (warnings go to standard error).
    Convert {
        /// The input's format.
        #[arg(long, value_enum)]
        from: TopologyFormat,
        /// The input file, or `-` for standard input.
        #[arg(value_name = "FILE|-")]
        file: String,
    },
    /// Print the embedded default topology.
    Default,
}

/// Topology formats the tool reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TopologyFormat {
    /// `kubectl get nodes -o json`.
    Kubectl,
    /// `ceph osd tree -f json` or `ceph osd crush tree -f json`.
    Ceph,
    /// Tenancy Scale's own topology JSON.
    Native,
}

pub fn run(args: &Args) -> Result<Outcome, BadInput> {
    let imported = match &args.command {
        Command::Default => Imported {
            topology: default_topology(),
            warnings: Vec::new(),
        },
        Command::Convert { from, file } => read(*from, file)?,
    };
    Ok(Outcome {
        stdout: imported.topology.to_json_string(),
        stderr: imported
            .warnings
            .iter()
            .map(|warning| format!("warning: {warning}"))
            .collect(),
        code: 0,
    })
}

/// Reads a topology in any supported format, naming the file in errors.
pub fn read(from: TopologyFormat, file: &str) -> Result<Imported, BadInput> {
    let what = match from {
        TopologyFormat::Kubectl => "kubectl nodes",
        TopologyFormat::Ceph => "ceph OSD tree",
        TopologyFormat::Native => "topology",
    };
    let text = input::read(file, what)?;
    let shown = if file == "-" {
        "standard input".to_owned()
    } else {
        format!("`{file}`")
    };
    let result = match from {
        TopologyFormat::Kubectl => import_kubectl(&text).map_err(|e| e.to_string()),
        TopologyFormat::Ceph => import_ceph(&text).map_err(|e| e.to_string()),
        TopologyFormat::Native => Topology::from_json_str(&text)
            .map(|topology| Imported {
                warnings: topology.warnings(),
                topology,
            })
            .map_err(|e| e.to_string()),
    };
    result.map_err(|message| BadInput(format!("{what} in {shown}: {message}")))
}
