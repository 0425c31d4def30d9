//! The topology formats a user may hand over, and reading any of them into the native form.

use super::{Imported, import_ceph, import_crush_map, import_kubectl};
use crate::topology::Topology;

/// A topology file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Tenancy Scale's own JSON.
    Native,
    /// `kubectl get nodes -o json`.
    Kubectl,
    /// `ceph osd tree -f json` or `ceph osd crush tree -f json`.
    Ceph,
    /// A decompiled CRUSH map (`crushtool -d`).
    CrushText,
    /// `ceph osd crush dump -f json`.
    CrushDump,
}

impl Format {
    /// Every format, native first.
    pub const ALL: [Format; 5] = [
        Format::Native,
        Format::Kubectl,
        Format::Ceph,
        Format::CrushText,
        Format::CrushDump,
    ];

    /// The id used by the CLI's `--from` and the web app (`native`, `kubectl`, `ceph`).
    pub fn id(self) -> &'static str {
        match self {
            Format::Native => "native",
            Format::Kubectl => "kubectl",
            Format::Ceph => "ceph",
            Format::CrushText => "crushmap",
            Format::CrushDump => "crush-dump",
        }
    }

    /// What people call this input.
    pub fn label(self) -> &'static str {
        match self {
            Format::Native => "Tenancy Scale topology JSON",
            Format::Kubectl => "kubectl get nodes -o json",
            Format::Ceph => "ceph osd tree -f json",
            Format::CrushText => "crushtool -d (CRUSH map text)",
            Format::CrushDump => "ceph osd crush dump -f json",
        }
    }

    /// The format with this id.
    pub fn from_id(id: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.id() == id)
    }

    /// A guess from the text's first keys: `"kind"`/`"items"` is kubectl, `"nodes"`/`"stray"` is
    /// Ceph, `"devices"` with `"buckets"` or `"types"` a CRUSH dump, text with `device`/`type`/
    /// `rule` lines a CRUSH map, anything else native (whose errors then explain what is missing).
    pub fn detect(text: &str) -> Format {
        let head: String = text.chars().take(4096).collect();
        let trimmed = head.trim_start();
        let crush_line = |line: &str| {
            let line = line.trim_start();
            ["# begin crush map", "tunable ", "device ", "type ", "rule "]
                .iter()
                .any(|start| line.starts_with(start))
        };
        if !trimmed.starts_with('{') && !trimmed.starts_with('[') && head.lines().any(crush_line) {
            return Format::CrushText;
        }
        if head.contains("\"devices\"")
            && (head.contains("\"buckets\"") || head.contains("\"types\""))
            && !head.contains("\"nodes\"")
        {
            return Format::CrushDump;
        }
        if head.contains("\"items\"")
            && (head.contains("\"kind\"") || head.contains("\"apiVersion\""))
        {
            Format::Kubectl
        } else if head.contains("\"stray\"")
            || (head.contains("\"nodes\"") && head.contains("\"type_id\""))
        {
            Format::Ceph
        } else {
            Format::Native
        }
    }
}

/// Reads a topology in the given format; the error names the offending item.
pub fn import(format: Format, text: &str) -> Result<Imported, String> {
    match format {
        Format::Kubectl => import_kubectl(text).map_err(|e| e.to_string()),
        Format::Ceph => import_ceph(text).map_err(|e| e.to_string()),
        Format::CrushText => crate::crush::parse(text)
            .map_err(|e| e.to_string())
            .and_then(|map| import_crush_map(&map).map_err(|e| e.to_string())),
        Format::CrushDump => crate::crush::dump::parse_dump(text)
            .map_err(|e| e.to_string())
            .and_then(|map| import_crush_map(&map).map_err(|e| e.to_string())),
        Format::Native => Topology::from_json_str(text)
            .map(|topology| Imported {
                warnings: topology.warnings(),
                topology,
            })
            .map_err(|e| e.to_string()),
    }
}
