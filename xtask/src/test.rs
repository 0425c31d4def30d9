//! `cargo xtask test`: setup, then every suite, ending with one line `N passed, M failed`.
//!
//! Every suite runs even when an earlier one fails, so one run shows everything that is wrong.
//! fmt and each clippy count as one check; test suites count their tests.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::process::{self, root};
use crate::{dist, serve, setup};

/// Tally of passed and failed checks across suites.
#[derive(Debug, Default)]
struct Tally {
    passed: usize,
    failed: usize,
    failures: Vec<String>,
}

impl Tally {
    fn check(&mut self, name: &str, ok: bool) {
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
            self.failures.push(name.to_owned());
        }
    }

    /// Adds a suite's counts; a suite that fails without counted failures (it did not compile,
    /// or its runner broke) counts as one failure.
    fn suite(&mut self, name: &str, ok: bool, passed: usize, failed: usize) {
        self.passed += passed;
        self.failed += failed;
        if failed > 0 || !ok {
            self.failures.push(name.to_owned());
            if failed == 0 {
                self.failed += 1;
            }
        }
    }
}

/// `cargo xtask test`.
pub fn run() -> Result<ExitCode> {
    let started = Instant::now();
    setup::run()?;
    let mut tally = Tally::default();

    step("cargo fmt --check");
    tally.check(
        "fmt",
        process::command("cargo", &["fmt", "--all", "--check"])
            .status()?
            .success(),
    );

    step("clippy (native)");
    let native = [
        "clippy",
        "--workspace",
        "--exclude",
        "tenancy-web",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ];
    tally.check(
        "clippy native",
        process::command("cargo", &native).status()?.success(),
    );

    step("clippy (wasm32: web, bench harness)");
    let wasm = [
        "clippy",
        "-p",
        "tenancy-web",
        "-p",
        "tenancy-bench",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ];
    tally.check(
        "clippy wasm32",
        process::command("cargo", &wasm).status()?.success(),
    );

    step("core, CLI and xtask tests");
    let (ok, out) = process::stream(process::command(
        "cargo",
        &[
            "test",
            "-p",
            "tenancy-core",
            "-p",
            "tenancy-cli",
            "-p",
            "xtask",
        ],
    ))?;
    let (passed, failed) = cargo_counts(&out);
    tally.suite("core/CLI tests", ok, passed, failed);

    step("web tests in headless Chromium (wasm-bindgen-test)");
    let (ok, out) = process::stream(process::command(
        "cargo",
        &[
            "test",
            "-p",
            "tenancy-web",
            "--target",
            "wasm32-unknown-unknown",
        ],
    ))?;
    let (passed, failed) = cargo_counts(&out);
    tally.suite("web tests", ok, passed, failed);

    step("release build and end-to-end tests (Playwright, Chromium)");
    match dist::build() {
        Ok(()) => {
            let (ok, passed, failed) = e2e(&[])?;
            tally.suite("e2e", ok, passed, failed);
        }
        Err(error) => {
            eprintln!("xtask: {error:#}");
            tally.check("release build", false);
        }
    }

    println!();
    if !tally.failures.is_empty() {
        println!("failed: {}", tally.failures.join(", "));
    }
    println!("took {:.0} s", started.elapsed().as_secs_f64());
    println!("{} passed, {} failed", tally.passed, tally.failed);
    Ok(if tally.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn step(name: &str) {
    println!("\n==> {name}");
}

/// Sums the `test result: … N passed; M failed` lines of cargo test and wasm-bindgen-test.
fn cargo_counts(output: &str) -> (usize, usize) {
    let number_before = |line: &str, word: &str| -> usize {
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c == ';')
            .collect();
        words
            .windows(2)
            .find(|pair| pair[1] == word)
            .and_then(|pair| pair[0].parse().ok())
            .unwrap_or(0)
    };
    output
        .lines()
        .filter(|line| line.starts_with("test result:"))
        .fold((0, 0), |(passed, failed), line| {
            (
                passed + number_before(line, "passed"),
                failed + number_before(line, "failed"),
            )
        })
}

/// The debug `tenancy` binary the CLI tests built; the e2e suite checks the app against it.
fn cli_path() -> std::path::PathBuf {
    root().join("target/debug/tenancy")
}

/// `cargo xtask e2e`: the release build and Playwright only, for working on the web app.
pub fn e2e_only(extra: &[String]) -> Result<ExitCode> {
    setup::run()?;
    process::run("cargo", &["build", "--quiet", "-p", "tenancy-cli"])?;
    dist::build()?;
    let (ok, passed, failed) = e2e(extra)?;
    println!("{passed} passed, {failed} failed");
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Serves `dist/` on an ephemeral port and runs Playwright; returns (ok, passed, failed).
fn e2e(extra: &[String]) -> Result<(bool, usize, usize)> {
    let base_url = serve::spawn(root().join("dist"))?;
    let results = root().join("target/e2e-results.json");
    let _ = std::fs::remove_file(&results);
    let mut args = vec!["playwright", "test"];
    args.extend(extra.iter().map(String::as_str));
    let status = process::command("npx", &args)
        .current_dir(root().join("tests/e2e"))
        .env("BASE_URL", &base_url)
        .env("TENANCY_CLI", cli_path())
        .env("E2E_RESULTS", &results)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .status()
        .context("cannot start Playwright")?;
    let stats = std::fs::read_to_string(&results)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .map(|json| json["stats"].clone());
    let count = |key: &str| stats.as_ref().and_then(|s| s[key].as_u64()).unwrap_or(0) as usize;
    let passed = count("expected") + count("flaky");
    let failed = count("unexpected");
    Ok((status.success() && stats.is_some(), passed, failed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_sum_over_suites() {
        let output = "running 2 tests\n\
            test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n\
            test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out\n\
            some test result: 99 passed\n";
        assert_eq!(cargo_counts(output), (15, 2));
    }

    #[test]
    fn a_broken_suite_counts_as_a_failure() {
        let mut tally = Tally::default();
        tally.suite("web", false, 0, 0);
        tally.suite("core", true, 10, 0);
        assert_eq!((tally.passed, tally.failed), (10, 1));
        assert_eq!(tally.failures, ["web"]);
    }
}
