//! `cargo xtask setup`: installs what this machine lacks, checking versions, and nothing else.
//!
//! Idempotent and fast when everything is present (no network then). It never updates or
//! installs a Rust toolchain, only adds the wasm32 target to the pinned one: on these machines a
//! toolchain update replaces the pinned toolchain under running builds.

use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::process::{self, root};

const TOOLCHAIN: &str = "1.95.0";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const TRUNK_VERSION: &str = "0.21.14";
const WASM_OPT_VERSION: &str = "132";

/// Installs every missing tool; prints what it installs and how long setup took.
pub fn run() -> Result<()> {
    let started = Instant::now();
    wasm_target()?;
    cargo_tools()?;
    browser()?;
    npm_packages("tools")?;
    npm_packages("tests/e2e")?;
    wasm_opt()?;
    crate::validators::run()?;
    println!(
        "setup: everything present ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn wasm_target() -> Result<()> {
    let installed = process::output(
        "rustup",
        &["target", "list", "--installed", "--toolchain", TOOLCHAIN],
    )
    .unwrap_or_default();
    if !installed.lines().any(|line| line.trim() == WASM_TARGET) {
        println!("setup: installing the {WASM_TARGET} target for Rust {TOOLCHAIN}");
        process::run(
            "rustup",
            &["target", "add", WASM_TARGET, "--toolchain", TOOLCHAIN],
        )?;
    }
    Ok(())
}

/// The `wasm-bindgen` version in Cargo.lock: the CLI must be exactly this version.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock =
        std::fs::read_to_string(root().join("Cargo.lock")).context("cannot read Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_owned());
        }
    }
    bail!("Cargo.lock has no wasm-bindgen package")
}

/// The second word of `tool --version` (`trunk 0.21.14` → `0.21.14`).
fn version_of(tool: &str) -> Option<String> {
    let output = process::output(tool, &["--version"])?;
    output.split_whitespace().nth(1).map(str::to_owned)
}

/// Trunk and wasm-bindgen-cli, built by cargo; both installs run at once when both are missing.
fn cargo_tools() -> Result<()> {
    let bindgen = wasm_bindgen_version()?;
    let mut installs: Vec<(String, Command)> = Vec::new();
    if version_of("trunk").as_deref() != Some(TRUNK_VERSION) {
        println!("setup: installing Trunk {TRUNK_VERSION} (cargo install, about 7 minutes)");
        let command = process::command(
            "cargo",
            &[
                "install",
                "--locked",
                "--force",
                "trunk",
                "--version",
                TRUNK_VERSION,
            ],
        );
        installs.push(("trunk".to_owned(), command));
    }
    let have_runner = version_of("wasm-bindgen-test-runner").as_deref() == Some(bindgen.as_str());
    if version_of("wasm-bindgen").as_deref() != Some(bindgen.as_str()) || !have_runner {
        println!("setup: installing wasm-bindgen-cli {bindgen} (= Cargo.lock; about 4 minutes)");
        // Not --locked: the locked build of wasm-bindgen-cli fails on this toolchain.
        let command = process::command(
            "cargo",
            &[
                "install",
                "--force",
                "wasm-bindgen-cli",
                "--version",
                &bindgen,
            ],
        );
        installs.push(("wasm-bindgen-cli".to_owned(), command));
    }
    let mut children = Vec::new();
    for (name, mut command) in installs {
        let child = command
            .spawn()
            .with_context(|| format!("cannot start the {name} install"))?;
        children.push((name, child));
    }
    for (name, mut child) in children {
        let status = child.wait()?;
        if !status.success() {
            bail!("installing {name} failed ({status})");
        }
    }
    Ok(())
}

fn is_root() -> bool {
    process::output("id", &["-u"]).as_deref() == Some("0")
}

/// Debian's Chromium and ChromeDriver (never a browser a tool downloads itself).
fn browser() -> Result<()> {
    let chromium = process::output("chromium", &["--version"]);
    let driver = process::output("chromedriver", &["--version"]);
    let major = |text: &Option<String>, prefix: &str| {
        text.as_deref()
            .and_then(|t| t.split_whitespace().skip_while(|w| *w != prefix).nth(1))
            .and_then(|v| v.split('.').next().map(str::to_owned))
    };
    let (browser_major, driver_major) =
        (major(&chromium, "Chromium"), major(&driver, "ChromeDriver"));
    if browser_major.is_some() && browser_major == driver_major {
        return Ok(());
    }
    if !is_root() {
        bail!(
            "Chromium and ChromeDriver of the same version are needed for the browser tests: \
             run `sudo apt-get install chromium chromium-driver` and try again"
        );
    }
    println!("setup: installing Debian's chromium and chromium-driver (apt-get)");
    process::run("apt-get", &["update", "-q"])?;
    let status = process::command(
        "apt-get",
        &["install", "-y", "-q", "chromium", "chromium-driver"],
    )
    .env("DEBIAN_FRONTEND", "noninteractive")
    .status()?;
    if !status.success() {
        bail!("apt-get install chromium chromium-driver failed ({status})");
    }
    Ok(())
}

/// `npm ci` in `dir` unless node_modules already matches package-lock.json.
fn npm_packages(dir: &str) -> Result<()> {
    let dir_path = root().join(dir);
    let lock = std::fs::read(dir_path.join("package-lock.json"))
        .with_context(|| format!("cannot read {dir}/package-lock.json"))?;
    let stamp_path = dir_path.join("node_modules/.xtask-stamp");
    let stamp = format!("{:016x}", fnv1a(&lock));
    if std::fs::read_to_string(&stamp_path).ok().as_deref() == Some(stamp.as_str()) {
        return Ok(());
    }
    if process::output("npm", &["--version"]).is_none() {
        bail!("npm is needed (Node 20 or newer): install Node.js and npm, then try again");
    }
    println!("setup: npm ci in {dir}");
    let status = process::command("npm", &["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir_path)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .status()?;
    if !status.success() {
        bail!("npm ci in {dir} failed ({status})");
    }
    std::fs::write(&stamp_path, stamp)?;
    Ok(())
}

/// wasm-opt must be npm's binaryen 132 first on PATH: Debian's 108 corrupts wasm-bindgen output.
fn wasm_opt() -> Result<()> {
    let found = process::output("wasm-opt", &["--version"]).unwrap_or_default();
    if !found.contains(&format!("version {WASM_OPT_VERSION}")) {
        bail!(
            "wasm-opt first on PATH is `{found}`, not binaryen {WASM_OPT_VERSION} from tools/node_modules; \
             remove tools/node_modules and run `cargo xtask setup` again"
        );
    }
    Ok(())
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
