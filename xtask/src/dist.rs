//! `cargo xtask dist`: the release site in `dist/`, with every asset's size raw, gzip and brotli,
//! and the brotli bytes of the first view (everything but the panels and the worker) against its 150 KB budget.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::process::{self, root};
use crate::setup;

/// `cargo xtask dist`: setup, release build, size table.
pub fn run() -> Result<()> {
    setup::run()?;
    build()?;
    print_sizes(&root().join("dist"))?;
    Ok(())
}

/// The release build with Trunk (size-tuned profile, wasm-opt -Oz from npm's binaryen).
pub fn build() -> Result<()> {
    // Trunk passes --offline to cargo but its own `cargo metadata` is not offline: fetch first.
    process::run("cargo", &["fetch", "--quiet"])?;
    let status = process::command("trunk", &["build", "--release"])
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .status()
        .context("cannot start trunk")?;
    anyhow::ensure!(status.success(), "trunk build --release failed ({status})");
    Ok(())
}

/// The first view's brotli budget: the page, its styles and wasm, and the embed card.
pub const FIRST_VIEW_BUDGET: usize = 150_000;

/// Whether a file of `dist/` loads only after the first view: the panels' glue and wasm, and the
/// worker's loader, glue and wasm.
pub fn deferred(name: &str) -> bool {
    name.starts_with("tenancy-worker") || name.starts_with("tenancy-panels")
}

/// One asset's sizes in bytes.
struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

/// `bytes` brotli-compressed at quality 11 (window 22), as a static host would pre-compress them.
pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

fn measure(bytes: &[u8]) -> Result<Sizes> {
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(bytes)?;
    let gzip = gzip.finish()?.len();
    Ok(Sizes {
        raw: bytes.len(),
        gzip,
        brotli: brotli(bytes)?.len(),
    })
}

/// Every file below `dir`, sorted.
pub fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(files(&path)?);
        } else {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// The brotli bytes of a build: the first view (all but the panels and the worker) and everything.
pub struct Brotli {
    pub first_view: usize,
    pub total: usize,
}

/// Prints a size table of every file in `dir` and returns its brotli sizes.
pub fn print_sizes(dir: &Path) -> Result<Brotli> {
    let kb = |n: usize| format!("{:.1} KB", n as f64 / 1000.0);
    println!(
        "{:<48} {:>11} {:>11} {:>11}",
        "asset", "raw", "gzip", "brotli"
    );
    let mut total = Sizes {
        raw: 0,
        gzip: 0,
        brotli: 0,
    };
    let mut first_view = Sizes {
        raw: 0,
        gzip: 0,
        brotli: 0,
    };
    for file in files(dir)? {
        let sizes = measure(&std::fs::read(&file)?)?;
        let name = file
            .strip_prefix(dir)
            .unwrap_or(&file)
            .display()
            .to_string();
        println!(
            "{name:<48} {:>11} {:>11} {:>11}",
            kb(sizes.raw),
            kb(sizes.gzip),
            kb(sizes.brotli)
        );
        total.raw += sizes.raw;
        total.gzip += sizes.gzip;
        total.brotli += sizes.brotli;
        if !deferred(&name) {
            first_view.raw += sizes.raw;
            first_view.gzip += sizes.gzip;
            first_view.brotli += sizes.brotli;
        }
    }
    println!(
        "{:<48} {:>11} {:>11} {:>11}",
        "first view (all but tenancy-panels*, tenancy-worker*)",
        kb(first_view.raw),
        kb(first_view.gzip),
        kb(first_view.brotli)
    );
    println!(
        "{:<48} {:>11} {:>11} {:>11}",
        "total",
        kb(total.raw),
        kb(total.gzip),
        kb(total.brotli)
    );
    println!(
        "first view: {} brotli, budget {} ({})",
        kb(first_view.brotli),
        kb(FIRST_VIEW_BUDGET),
        if first_view.brotli <= FIRST_VIEW_BUDGET {
            "within"
        } else {
            "OVER"
        }
    );
    Ok(Brotli {
        first_view: first_view.brotli,
        total: total.brotli,
    })
}
