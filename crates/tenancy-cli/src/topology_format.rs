//! Reading a topology file in one of the formats `--from` names, into the native model.

use tenancy_core::Topology;

use crate::{BadInput, input};

/// The formats a topology file can be in (`--from`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TopologyFormat {
    /// Tenancy Scale's own JSON (SPEC §5).
    Native,
}

/// Reads and validates a topology; errors name the file and the offending item.
pub fn read_topology(path: &str, format: TopologyFormat) -> Result<Topology, BadInput> {
    let text = input::read(path, "topology")?;
    let place = if path == "-" {
        "standard input".to_owned()
    } else {
        format!("`{path}`")
    };
    let parsed = match format {
        TopologyFormat::Native => Topology::from_json_str(&text).map_err(|e| e.to_string()),
    };
    parsed.map_err(|message| BadInput(format!("topology in {place}: {message}")))
}
