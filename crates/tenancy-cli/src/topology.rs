//! `tenancy topology`: convert kubectl/Ceph/native topologies to the native JSON, or print the
//! embedded default.

use clap::{Subcommand, ValueEnum};
use tenancy_core::import::{Format, Imported, decode, import};
use tenancy_core::topology::default_topology;

use crate::{BadInput, Outcome, input};

/// The subcommands of `tenancy topology`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert a topology to the native JSON (warnings go to standard error).
    Convert {
        /// The input's format (default: detected from the text).
        #[arg(long, value_enum)]
        from: Option<TopologyFormat>,
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

pub fn run(command: &Command) -> Result<Outcome, BadInput> {
    let imported = match command {
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

/// Reads a topology in the given format (detected when `None`), naming the file in errors.
pub fn read(from: Option<TopologyFormat>, file: &str) -> Result<Imported, BadInput> {
    read_with_format(from, file).map(|read| read.imported)
}

/// A topology as read: the format it was read as, what it became, and its text (the user's own
/// CRUSH map is exported as that text plus one rule).
pub struct Read {
    pub format: Format,
    pub imported: Imported,
    pub text: String,
}

/// [`read`], keeping the format it was read as and the text.
pub fn read_with_format(from: Option<TopologyFormat>, file: &str) -> Result<Read, BadInput> {
    let what = match from {
        Some(TopologyFormat::Kubectl) => "kubectl nodes",
        Some(TopologyFormat::Ceph) => "ceph OSD tree",
        Some(TopologyFormat::Crushmap) => "CRUSH map",
        Some(TopologyFormat::CrushDump) => "CRUSH dump",
        Some(TopologyFormat::Native) | None => "topology",
    };
    let bytes = input::read_bytes(file, what)?;
    let bad = |message: String| BadInput(format!("{what} in {}: {message}", input::shown(file)));
    let text = decode(&bytes).map_err(|e| bad(e.to_string()))?;
    let (format, imported) =
        import(from.map(TopologyFormat::core), text).map_err(|e| bad(e.to_string()))?;
    Ok(Read {
        format,
        imported,
        text: text.to_owned(),
    })
}
