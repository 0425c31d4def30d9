//! `tenancy schema [NAME]`: prints the JSON Schema of a document the tool reads or writes, or
//! lists the schemas.

use std::fmt::Write;

use tenancy_core::schema::{Direction, SCHEMAS, find, names};

use crate::{BadInput, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which schema (answers, topology, request, recommendation, plan, export); without it, the
    /// list.
    name: Option<String>,
}

pub fn run(args: &Args) -> Result<Outcome, BadInput> {
    let stdout = match &args.name {
        Some(name) => find(name)
            .ok_or_else(|| {
                BadInput(format!(
                    "unknown schema `{name}` (expected one of: {}; `tenancy schema` lists them)",
                    names()
                ))
            })?
            .to_json_string(),
        None => {
            let width = SCHEMAS.iter().map(|doc| doc.name.len()).max().unwrap_or(0);
            let mut list = String::new();
            for doc in &SCHEMAS {
                let direction = match doc.direction {
                    Direction::Input => "you write",
                    Direction::Output => "the tool writes",
                };
                let _ = writeln!(list, "{:<width$}  {} ({direction})", doc.name, doc.about);
            }
            list
        }
    };
    Ok(Outcome {
        stdout,
        stderr: Vec::new(),
        code: 0,
    })
}
