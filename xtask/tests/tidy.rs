//! Tidy checks over the whole workspace: the core stays pure, and every Rust file says what it owns.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Every package tenancy-core depends on for normal builds, transitively, from `cargo metadata`.
fn core_dependencies() -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let nodes = metadata["resolve"]["nodes"].as_array().unwrap();
    let name_of = |id: &str| {
        metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let core_id = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "tenancy-core")
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .unwrap();
    let mut seen = vec![core_id.clone()];
    let mut queue = vec![core_id];
    while let Some(id) = queue.pop() {
        let node = nodes.iter().find(|n| n["id"] == id.as_str()).unwrap();
        for dep in node["deps"].as_array().unwrap() {
            let normal = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|kind| kind["kind"].is_null());
            let dep_id = dep["pkg"].as_str().unwrap().to_owned();
            if normal && !seen.contains(&dep_id) {
                seen.push(dep_id.clone());
                queue.push(dep_id);
            }
        }
    }
    seen.iter().map(|id| name_of(id)).collect()
}

#[test]
fn core_depends_on_nothing_web() {
    let forbidden = ["leptos", "web-sys", "js-sys", "wasm-bindgen"];
    let dependencies = core_dependencies();
    assert!(
        dependencies.iter().any(|d| d == "serde_json"),
        "the walk found the core's dependencies"
    );
    for dependency in &dependencies {
        assert!(
            !forbidden.contains(&dependency.as_str()),
            "tenancy-core depends on `{dependency}`: the core must stay pure (no web crates)"
        );
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if path.is_dir() {
            if !matches!(name.as_ref(), "target" | "node_modules" | "dist" | ".git")
                && !name.starts_with('.')
            {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_rust_file_starts_with_a_module_doc_line() {
    let mut files = Vec::new();
    for dir in ["crates", "web", "xtask", "bench"] {
        rust_files(&root().join(dir), &mut files);
    }
    assert!(files.len() > 10, "found the workspace's files");
    let missing: Vec<String> = files
        .iter()
        .filter(|file| !std::fs::read_to_string(file).unwrap().starts_with("//!"))
        .map(|file| file.strip_prefix(root()).unwrap().display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a leading `//!` line: {missing:?}"
    );
}
