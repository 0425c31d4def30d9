//! `cargo xtask fuzz`: a short smoke run of every cargo-fuzz target in `fuzz/` (installing
//! cargo-fuzz when it is missing). The long runs and what they found are in `fuzz/RUNS.md`.
//!
//! Fuzzing needs the nightly toolchain (libFuzzer's instrumentation); the workspace itself stays
//! on the pinned stable one, so every cargo call here says `+nightly`. Not part of `cargo xtask
//! test`: it is slow to build and proves little in a few seconds per target.

use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

use crate::process;

/// Executions per target in the smoke run; the run also stops after [`SECONDS`].
const RUNS: &str = "20000";
/// Wall-clock cap per target, in seconds.
const SECONDS: &str = "30";

/// A cargo command on the nightly toolchain, free of the stable toolchain's environment that
/// `cargo xtask` inherits (which would otherwise win over `+nightly` in nested cargo calls).
fn nightly_cargo(args: &[&str]) -> Command {
    let mut command = process::command("cargo", &[&["+nightly"], args].concat());
    for var in ["RUSTUP_TOOLCHAIN", "CARGO", "RUSTC", "RUSTDOC"] {
        command.env_remove(var);
    }
    command
}

fn succeeds(mut command: Command) -> bool {
    command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Installs cargo-fuzz with the nightly toolchain unless it is there.
fn cargo_fuzz() -> Result<()> {
    if !succeeds(nightly_cargo(&["--version"])) {
        bail!(
            "fuzzing needs the nightly toolchain, which is not installed \
             (a nightly toolchain installed with rustup, minimal profile)"
        );
    }
    if succeeds(nightly_cargo(&["fuzz", "--version"])) {
        return Ok(());
    }
    println!("fuzz: installing cargo-fuzz (cargo install, about 2 minutes)");
    let locked = nightly_cargo(&["install", "cargo-fuzz", "--locked"])
        .status()
        .context("cannot start cargo install")?;
    if !locked.success() {
        // A locked dependency can stop building on a newer nightly; the unlocked one usually does.
        let unlocked = nightly_cargo(&["install", "cargo-fuzz"])
            .status()
            .context("cannot start cargo install")?;
        if !unlocked.success() {
            bail!("installing cargo-fuzz failed ({unlocked})");
        }
    }
    Ok(())
}

/// Runs every target (or those named) briefly; fails when any finds a crash.
pub fn run(names: &[String]) -> Result<ExitCode> {
    cargo_fuzz()?;
    let listed = nightly_cargo(&["fuzz", "list"])
        .output()
        .context("cannot list the fuzz targets")?;
    if !listed.status.success() {
        bail!(
            "`cargo +nightly fuzz list` failed: {}",
            String::from_utf8_lossy(&listed.stderr)
        );
    }
    let all: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(unknown) = names.iter().find(|name| !all.contains(name)) {
        bail!("no fuzz target `{unknown}` (there are: {})", all.join(", "));
    }
    let targets = if names.is_empty() { &all } else { names };
    let mut failed = Vec::new();
    for target in targets {
        println!("fuzz: {target} ({RUNS} runs or {SECONDS} s)");
        // No sanitizer: the core forbids unsafe code. Debug assertions catch overflow.
        let status = nightly_cargo(&[
            "fuzz",
            "run",
            "--sanitizer",
            "none",
            "--debug-assertions",
            target,
            "--",
            &format!("-runs={RUNS}"),
            &format!("-max_total_time={SECONDS}"),
        ])
        .status()
        .with_context(|| format!("cannot start the fuzzer for {target}"))?;
        if !status.success() {
            failed.push(target.clone());
        }
    }
    if failed.is_empty() {
        println!("fuzz: {} targets, no crash", targets.len());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "fuzz: crashes in {} (the input is in fuzz/artifacts/<target>/)",
            failed.join(", ")
        );
        Ok(ExitCode::FAILURE)
    }
}
