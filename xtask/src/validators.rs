//! The real tools the export tests validate against: a Python virtualenv under
//! `target/validators/venv` with `kubernetes-validate` and `python-hcl2` pinned, and Debian's
//! `crushtool` (package `ceph-base`).
//!
//! Fast when everything is present: a look for each package's `.dist-info` directory at the
//! pinned version and one `crushtool` lookup, no network and no Python started.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::process::{self, root};

/// The pinned Python packages: name as pip spells it, name of its `.dist-info` directory, version.
const PACKAGES: [(&str, &str, &str); 2] = [
    ("kubernetes-validate", "kubernetes_validate", "1.37.0"),
    ("python-hcl2", "python_hcl2", "8.1.4"),
];

/// Where the virtualenv lives (the export tests look for the tools in its `bin`).
pub fn venv() -> PathBuf {
    root().join("target/validators/venv")
}

/// Creates or updates the virtualenv and installs `crushtool` when missing.
pub fn run() -> Result<()> {
    python_packages()?;
    crushtool()
}

fn python_packages() -> Result<()> {
    let venv = venv();
    let missing: Vec<String> = PACKAGES
        .iter()
        .filter(|(_, dist, version)| !installed(&venv, dist, version))
        .map(|(name, _, version)| format!("{name}=={version}"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    pip_install(&venv, "setup", &missing, "the export validators")?;
    Ok(())
}

/// Installs `specs` (pip's `name==version`) into the virtualenv at `venv`, creating it first when
/// missing; `step` names the xtask step in its progress lines, `what` the packages in the error.
pub fn pip_install(venv: &Path, step: &str, specs: &[String], what: &str) -> Result<()> {
    let python = venv.join("bin/python");
    if !python.exists() {
        println!(
            "{step}: creating a virtualenv in {}",
            venv.strip_prefix(root()).unwrap_or(venv).display()
        );
        let venv_arg = venv.to_string_lossy().into_owned();
        process::run("python3", &["-m", "venv", &venv_arg]).context(
            "creating a Python virtualenv failed: install Python 3 with its venv module \
             (Debian: `apt-get install python3-venv`) and try again",
        )?;
    }
    println!("{step}: pip install {}", specs.join(" "));
    let python_arg = python.to_string_lossy().into_owned();
    let mut args = vec!["-m", "pip", "install", "-q", "--disable-pip-version-check"];
    args.extend(specs.iter().map(String::as_str));
    process::run(&python_arg, &args)
        .with_context(|| format!("pip could not install {what} (is PyPI reachable?)"))
}

/// Whether `dist` is installed in the venv at exactly `version` (its `.dist-info` directory).
pub fn installed(venv: &Path, dist: &str, version: &str) -> bool {
    let Ok(lib) = std::fs::read_dir(venv.join("lib")) else {
        return false;
    };
    lib.flatten().any(|python_dir| {
        python_dir
            .path()
            .join("site-packages")
            .join(format!("{dist}-{version}.dist-info"))
            .is_dir()
    })
}

/// Debian's `ceph-base` ships `crushtool` (16.2 on bookworm).
fn crushtool() -> Result<()> {
    if process::output("crushtool", &["--help"]).is_some() || on_path("crushtool") {
        return Ok(());
    }
    if process::output("id", &["-u"]).as_deref() != Some("0") {
        bail!(
            "crushtool is needed by the CRUSH export tests: run \
             `sudo apt-get install --no-install-recommends ceph-base` and try again"
        );
    }
    println!("setup: installing Debian's ceph-base for crushtool (apt-get, about 30 MB)");
    process::run("apt-get", &["update", "-q"])?;
    let status = process::command(
        "apt-get",
        &[
            "install",
            "-y",
            "-q",
            "--no-install-recommends",
            "ceph-base",
        ],
    )
    .env("DEBIAN_FRONTEND", "noninteractive")
    .status()?;
    if !status.success() {
        bail!("apt-get install ceph-base failed ({status})");
    }
    Ok(())
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
}
