//! Importers from other systems' topology dumps to the native form: Kubernetes
//! `kubectl get nodes -o json` and Ceph `ceph osd tree -f json` / `ceph osd crush tree -f json`.
//!
//! Both read JSON into `serde_json::Value` and walk it with a path, so every error names the
//! offending item the way a person would find it in the file (`items[3].metadata.labels`).

mod ceph;
mod format;
mod kubectl;

use serde_json::{Map, Value};

use crate::topology::{MAX_INPUT_BYTES, Topology, TopologyError};
pub use ceph::{import_ceph, import_crush_map};
pub use format::{Format, decode, import, misfit};
pub use kubectl::import_kubectl;
pub(crate) use kubectl::{HOSTNAME_LABEL, WELL_KNOWN, node_values};

/// An imported topology and what the importer noticed on the way (cordoned nodes, OSDs outside
/// the tree, hosts lacking a domain, …).
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The topology in the native form, validated.
    pub topology: Topology,
    /// Things worth knowing; none of them stopped the import.
    pub warnings: Vec<String>,
}

/// Why an import failed. Each message names the offending item.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// More than 64 MiB of input.
    #[error("{format} input is {size} bytes, more than the 64 MiB limit")]
    TooLarge {
        /// Which format was being read.
        format: &'static str,
        /// The input's size.
        size: usize,
    },
    /// The text is not JSON at all.
    #[error("{format} input is not JSON: {message}")]
    NotJson {
        /// Which format was being read.
        format: &'static str,
        /// The parser's complaint, with line and column.
        message: String,
    },
    /// A value is missing or has the wrong type.
    #[error("{path}: {problem}")]
    Shape {
        /// Where, as a path into the input (`items[3].metadata.name`).
        path: String,
        /// What is wrong there.
        problem: String,
    },
    /// Two hosts with one name.
    #[error("duplicate host name `{name}` at {path} (first at {first})")]
    DuplicateHost {
        /// The repeated name.
        name: String,
        /// Where it repeats.
        path: String,
        /// Where it first appears.
        first: String,
    },
    /// A Ceph bucket lists a child id that no node has.
    #[error("{path}: child id {child} does not exist")]
    UnknownChild {
        /// Where the child is listed (`nodes[2].children[1]`).
        path: String,
        /// The missing id.
        child: i64,
    },
    /// A Ceph bucket is its own ancestor.
    #[error("{path}: bucket `{name}` is its own ancestor ({chain})")]
    Cycle {
        /// Where the bucket is.
        path: String,
        /// Its name.
        name: String,
        /// The ids around the cycle (`-3 → -4 → -3`).
        chain: String,
    },
    /// Bytes that are not UTF-8 text (UTF-16 is named).
    #[error("{0}")]
    Encoding(String),
    /// A recognised wrong paste (`ceph osd df`, YAML, a table…), with what to run instead.
    #[error("{0}")]
    WrongInput(String),
    /// The native form's own error.
    #[error("{0}")]
    Native(String),
    /// A CRUSH map (text or dump) the twin's reader refused, with the line or path.
    #[error("{0}")]
    Crush(String),
    /// Nothing that could become a host.
    #[error("no hosts: {0}")]
    NoHosts(String),
    /// The result broke a rule of the native form (for instance more than 1,000,000 hosts).
    #[error("the imported topology is not valid: {0}")]
    Invalid(#[from] TopologyError),
}

/// Parses JSON within the size limit.
pub(crate) fn parse(text: &str, format: &'static str) -> Result<Value, ImportError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            format,
            size: text.len(),
        });
    }
    if text.trim().is_empty() {
        return Err(ImportError::NotJson {
            format,
            message: "the input is empty".to_owned(),
        });
    }
    serde_json::from_str(text).map_err(|e| ImportError::NotJson {
        format,
        message: e.to_string(),
    })
}

/// A JSON value and the path that leads to it, for errors that name the item.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At<'v, 'p> {
    pub(crate) value: &'v Value,
    pub(crate) path: &'p str,
}

impl<'v> At<'v, '_> {
    pub(crate) fn error(&self, problem: impl Into<String>) -> ImportError {
        ImportError::Shape {
            path: if self.path.is_empty() {
                "the top level".to_owned()
            } else {
                self.path.to_owned()
            },
            problem: problem.into(),
        }
    }

    pub(crate) fn object(&self) -> Result<&'v Map<String, Value>, ImportError> {
        self.value
            .as_object()
            .ok_or_else(|| self.error(format!("expected an object, got {}", describe(self.value))))
    }

    pub(crate) fn array(&self) -> Result<&'v Vec<Value>, ImportError> {
        self.value
            .as_array()
            .ok_or_else(|| self.error(format!("expected an array, got {}", describe(self.value))))
    }

    /// The elements of an array, each with its path (`items[3]`).
    pub(crate) fn elements(&self) -> Result<Vec<(String, &'v Value)>, ImportError> {
        Ok(self
            .array()?
            .iter()
            .enumerate()
            .map(|(i, value)| (index_path(self.path, i), value))
            .collect())
    }

    pub(crate) fn str(&self) -> Result<&'v str, ImportError> {
        self.value
            .as_str()
            .ok_or_else(|| self.error(format!("expected a string, got {}", describe(self.value))))
    }

    pub(crate) fn integer(&self) -> Result<i64, ImportError> {
        self.value
            .as_i64()
            .ok_or_else(|| self.error(format!("expected an integer, got {}", describe(self.value))))
    }
}

/// A JSON path step: `parent.key` or `parent[index]`.
pub(crate) fn key_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

pub(crate) fn index_path(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

/// What a JSON value is, for messages ("got a number").
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {:?}", truncate(s)),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

fn truncate(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_owned()
    } else {
        let head: String = text.chars().take(40).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests;
