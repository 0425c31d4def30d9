//! `cargo xtask`: the project's automation — setup, serve, test, dist, bench — written in Rust.
//!
//! The README's two commands are `cargo xtask serve` and `cargo xtask test`; both run `setup`
//! first, so a fresh machine needs nothing else.

use std::process::ExitCode;

mod bench;
mod dist;
mod fuzz;
mod process;
mod serve;
mod setup;
mod test;
mod validators;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  setup   install what this machine lacks (wasm32 target, Trunk, wasm-bindgen, wasm-opt,
          Chromium and ChromeDriver, npm packages, the export validators);
          fast when all is present
  serve   setup, build the release site and serve it on http://127.0.0.1:8080
  test    setup, then every check: fmt, clippy (native and wasm32), core and CLI tests,
          wasm tests in headless Chromium, Playwright end to end; ends with `N passed, M failed`
  dist    release build into dist/, printing every asset's size raw, gzip and brotli
  bench   every benchmark side by side (vs CP-SAT and crushtool, parse vs solve,
          wasm vs native, site size and answer-change latency) into BENCH.md;
          `--quick` for a smoke run into target/bench/BENCH.md; `--twin` reruns only
          the kube-scheduler twin's section
  e2e     release build and the Playwright suite only (extra arguments go to Playwright)
  fuzz    a short run of every cargo-fuzz target in fuzz/ (or those named), installing
          cargo-fuzz if missing; needs the nightly toolchain; not part of `test`";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run().map(|_| ExitCode::SUCCESS),
        Some("serve") => serve::run(),
        Some("test") => test::run(),
        Some("dist") => dist::run().map(|_| ExitCode::SUCCESS),
        Some("bench") => bench::run(&args[1..]),
        Some("e2e") => test::e2e_only(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => {
            eprintln!("{USAGE}");
            Ok(ExitCode::from(2))
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("xtask: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
