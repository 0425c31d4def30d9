//! `tenancy topology`: convert kubectl/Ceph/native topologies to the native JSON, or print the
//! embedded default.

use clap::{Subcommand, ValueEnum};
use tenancy_core::import::{Format, Imported, import};
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
    /// A decompiled CRUSH map (`crushtool -d map.bin -o map.txt`).
    Crushmap,
    /// `ceph osd crush dump -f json`.
    CrushDump,
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

impl TopologyFormat {
    fn core(self) -> Format {
        match self {
            TopologyFormat::Kubectl => Format::Kubectl,
            TopologyFormat::Ceph => Format::Ceph,
            TopologyFormat::Native => Format::Native,
            TopologyFormat::Crushmap => Format::CrushText,
            TopologyFormat::CrushDump => Format::CrushDump,
        }
    }
}

/// Reads a topology in any supported format, naming the file in errors.
pub fn read(from: TopologyFormat, file: &str) -> Result<Imported, BadInput> {
    let what = match from {
        TopologyFormat::Kubectl => "kubectl nodes",
        TopologyFormat::Ceph => "ceph OSD tree",
        TopologyFormat::Native => "topology",
        TopologyFormat::Crushmap => "CRUSH map",
        TopologyFormat::CrushDump => "CRUSH dump",
    };
    let text = input::read(file, what)?;
    let shown = if file == "-" {
        "standard input".to_owned()
    } else {
        format!("`{file}`")
    };
    import(from.core(), &text).map_err(|message| BadInput(format!("{what} in {shown}: {message}")))
}
