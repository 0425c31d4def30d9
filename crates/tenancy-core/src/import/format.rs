//! The topology formats a user may hand over, and reading any of them into the native form:
//! the one entry point (with format detection) that the CLI and the web app share.
//!
//! Before any format is tried, [`decode`] turns bytes into text (a UTF-8 byte-order mark is
//! accepted, UTF-16 is named) and [`misfit`] recognises the usual wrong pastes — `ceph osd df`,
//! the plain-text `ceph osd tree`, `kubectl get nodes` without `-o json`, `-o yaml`, a notice line
//! before the JSON — and says what to run instead. To add a format: a variant, its id and label,
//! a clue in [`Format::detect`], and its importer in [`import`].

use super::{ImportError, Imported, import_ceph, import_crush_map, import_kubectl};
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

    /// A guess from the text's first keys: text with `device`/`type`/`rule` lines is a CRUSH map,
    /// `"devices"` with `"buckets"` or `"types"` a CRUSH dump, `"kind"`/`"items"` (or a single
    /// `Node`) kubectl, `"nodes"`/`"stray"` Ceph, anything else native (whose errors then explain
    /// what is missing).
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
        let kube =
            head.contains("\"items\"") || (head.contains("\"kind\"") && head.contains("\"Node\""));
        if kube && !head.contains("\"hosts\"") {
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

/// The byte-order mark some editors (and PowerShell) put before UTF-8 text.
const BOM: char = '\u{feff}';

/// Bytes to text: UTF-8 with or without a byte-order mark; UTF-16 is named with what to do.
pub fn decode(bytes: &[u8]) -> Result<&str, ImportError> {
    let utf16 = bytes.starts_with(&[0xff, 0xfe])
        || bytes.starts_with(&[0xfe, 0xff])
        || (bytes.len() >= 4 && bytes[..4].iter().filter(|&&b| b == 0).count() == 2);
    if utf16 {
        return Err(ImportError::Encoding(
            "the input is UTF-16 (what PowerShell's `>` writes): save it as UTF-8, e.g. \
             `kubectl get nodes -o json | Out-File -Encoding utf8 nodes.json`"
                .to_owned(),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ImportError::Encoding(format!(
            "the input is not UTF-8 text (bad byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    Ok(text.strip_prefix(BOM).unwrap_or(text))
}

/// A recognised wrong paste, with what to run instead (`None` when the text may be right).
pub fn misfit(text: &str) -> Option<String> {
    let text = text.strip_prefix(BOM).unwrap_or(text).trim_start();
    let first = text.lines().next().unwrap_or("");
    let words: Vec<&str> = first.split_whitespace().collect();
    let has = |word: &str| words.contains(&word);
    if words.first() == Some(&"ID") && has("WEIGHT") && (has("%USE") || has("VAR") || has("PGS")) {
        return Some(
            "this is the table of `ceph osd df`, which has no tree: run `ceph osd tree -f json`"
                .to_owned(),
        );
    }
    if words.first() == Some(&"ID") && has("WEIGHT") && has("TYPE") {
        return Some(
            "this is the plain-text `ceph osd tree`: run `ceph osd tree -f json` for the JSON"
                .to_owned(),
        );
    }
    if words.first() == Some(&"NAME") && has("STATUS") && has("ROLES") {
        return Some(
            "this is the table of `kubectl get nodes`: run `kubectl get nodes -o json` for the \
             labels and taints"
                .to_owned(),
        );
    }
    if first.starts_with("apiVersion:") || first.starts_with("items:") || first.starts_with("kind:")
    {
        return Some(
            "this is YAML (`kubectl get nodes -o yaml`): run `kubectl get nodes -o json`"
                .to_owned(),
        );
    }
    if text.starts_with('{') && text.contains("\"summary\"") && text.contains("\"kb_used\"") {
        return Some(
            "this is `ceph osd df -f json`, which lists OSDs without their buckets: run `ceph osd \
             tree -f json`"
                .to_owned(),
        );
    }
    let json_starts = |line: &str| line.trim_start().starts_with(['{', '[']);
    // A decompiled CRUSH map is text, not JSON: its weight-set lines start with `[`.
    if !first.is_empty()
        && !json_starts(first)
        && Format::detect(text) != Format::CrushText
        && text.lines().skip(1).any(json_starts)
    {
        let shown: String = first.chars().take(60).collect();
        return Some(format!(
            "line 1 is not JSON (`{shown}`): remove it; tools print such notices on standard \
             error, so redirect only standard output to the file"
        ));
    }
    None
}

/// Reads a topology: a recognised wrong paste is refused with what to run instead, then the
/// given format (or the detected one) is read. Returns the format used; the error names the
/// offending item.
pub fn import(from: Option<Format>, text: &str) -> Result<(Format, Imported), ImportError> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    if let Some(message) = misfit(text) {
        return Err(ImportError::WrongInput(message));
    }
    let format = from.unwrap_or_else(|| Format::detect(text));
    let imported = match format {
        Format::Kubectl => import_kubectl(text)?,
        Format::Ceph => import_ceph(text)?,
        Format::CrushText => {
            let map = crate::crush::parse(text).map_err(|e| ImportError::Crush(e.to_string()))?;
            import_crush_map(&map)?
        }
        Format::CrushDump => {
            let map = crate::crush::dump::parse_dump(text)
                .map_err(|e| ImportError::Crush(e.to_string()))?;
            import_crush_map(&map)?
        }
        Format::Native => {
            let topology =
                Topology::from_json_str(text).map_err(|e| ImportError::Native(e.to_string()))?;
            Imported {
                warnings: topology.warnings(),
                topology,
            }
        }
    };
    Ok((format, imported))
}
