//! `tenancy export` end to end: the CLI's behaviour (stdout, lossy warnings, JSON, bad input),
//! and every export checked by the real tool that consumes it — `kubernetes-validate --strict`,
//! `crushtool -c` and `crushtool --test`, python-hcl2, and the documented Nova flags.
//!
//! The tools are installed by `cargo xtask setup` (a virtualenv in `target/validators/venv` and
//! Debian's `ceph-base`); a test whose tool is missing fails and says so, it never skips.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::binary::Run;
pub use crate::binary::tenancy;

mod cli;
mod crush;
mod crush_onto;
mod crush_twin;
mod kubernetes;
mod nomad;
mod nova;

/// Every preset id, from the core's own list: a new preset cannot skip the validators.
pub fn presets() -> impl Iterator<Item = &'static str> {
    tenancy_core::preset::PRESETS.iter().map(|preset| preset.id)
}

/// The export text of a successful run (exit 0).
pub fn export(args: &[&str], stdin: &str) -> String {
    let run = tenancy(args, stdin);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.stdout
}

/// `tenancy export TARGET --request -` with this request on standard input, exit 0 asserted.
pub fn export_request(target: &str, request: &str) -> Run {
    let run = tenancy(&["export", target, "--request", "-"], request);
    run.exits(0);
    run
}

/// The export text of a run whose request no host of the default topology can hold: the text is
/// still printed and the run says why, but exits 0 (on the default estate the contradiction is a
/// warning; escaping tests select labels no host carries).
pub fn export_unplaceable(args: &[&str], stdin: &str) -> String {
    let run = tenancy(args, stdin);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    assert!(
        run.stderr
            .contains("the request cannot be placed on this topology"),
        "{args:?}: {}",
        run.stderr
    );
    run.stdout
}

/// A validator from the virtualenv `cargo xtask setup` creates; fails when it is missing.
pub fn venv_tool(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/validators/venv/bin")
        .join(name);
    assert!(
        path.is_file(),
        "{name} is missing ({}): run `cargo xtask setup`",
        path.display()
    );
    path
}

/// A tool on PATH; fails when it is missing.
pub fn path_tool(name: &str) -> PathBuf {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    });
    found.unwrap_or_else(|| panic!("{name} is not on PATH: run `cargo xtask setup`"))
}

/// Ceph's own crushtool test maps (`tests/fixtures/ceph/*.txt` of the core), sorted.
pub fn ceph_test_maps() -> Vec<PathBuf> {
    let fixtures =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tenancy-core/tests/fixtures/ceph");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("the Ceph fixtures directory")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 3, "the Ceph test maps are missing");
    paths
}

/// A fresh scratch directory for one test.
pub fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tenancy-exports-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// Runs a tool; returns (success, stdout + stderr).
pub fn run_tool(program: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// Requests on the default topology that exercise every limit (beyond the presets' defaults).
pub const REQUESTS: [&str; 6] = [
    r#"{"replicas": 6, "rules": [{"kind": "rack", "max_per_domain": 2}, {"kind": "host", "max_per_domain": 1}]}"#,
    r#"{"replicas": 5, "rules": [{"kind": "datacenter", "min_domains": 2}, {"kind": "pdu", "max_skew": 1}]}"#,
    r#"{"replicas": 4, "rules": [{"kind": "datacenter", "max_per_domain": 2}, {"kind": "host", "max_per_domain": 1}]}"#,
    r#"{"replicas": 6, "select": {"pool": "shared"}, "rules": [{"kind": "region", "min_domains": 2}, {"kind": "region", "max_skew": 2}, {"kind": "rack", "max_per_domain": 1}]}"#,
    r#"{"replicas": 4, "rules": [{"kind": "host", "max_per_domain": 2}, {"kind": "room", "min_domains": 3}]}"#,
    r#"{"replicas": 3, "quorum": 3, "select": {"pool": "dedicated"}, "rules": [{"kind": "switch", "max_per_domain": 1}]}"#,
];

/// Answers that reach the rarer branches of the exports.
pub const ANSWERS: [&str; 7] = [
    r#"{"tenants": "org-teams", "privileges": "root-in-container", "mixed_sensitivity": "yes"}"#,
    r#"{"tenants": "org-teams", "code": "third-party", "host_network": "yes"}"#,
    r#"{"tenants": "unrelated-customers", "devices": "gpu", "platform": "kubernetes"}"#,
    r#"{"operator_trust": "untrusted", "api_access": "cluster-scoped", "tenants": "anonymous"}"#,
    r#"{"tenants": "partners", "side_channels": "required", "regimes": ["il6"]}"#,
    r#"{"tenants": "org-teams", "code": "malicious", "regimes": ["pci-provider"]}"#,
    r#"{"tenants": "partners", "privileges": "root-in-container", "state": "stateless"}"#,
];
