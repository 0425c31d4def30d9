//! `cargo xtask bench`: the criterion benchmarks of the core, run in one go.

use std::process::ExitCode;

use anyhow::Result;

use crate::process;

/// Runs `cargo bench -p tenancy-core`, passing extra arguments to criterion.
pub fn run(extra: &[String]) -> Result<ExitCode> {
    let mut args = vec!["bench", "-p", "tenancy-core", "--"];
    args.extend(extra.iter().map(String::as_str));
    process::run("cargo", &args)?;
    Ok(ExitCode::SUCCESS)
}
