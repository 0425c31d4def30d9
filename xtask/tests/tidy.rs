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

/// Every file of the repository a person reads (code, docs, help text, configuration, fixtures),
/// as (path relative to the root with `/` separators, text); generated and vendored trees and
/// binary files are left out.
fn text_files() -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if path.is_dir() {
                let generated = matches!(
                    name.as_str(),
                    "target" | "node_modules" | "dist" | "artifacts" | "corpus" | "coverage"
                );
                if !generated && !name.starts_with('.') {
                    walk(root, &path, out);
                }
            } else if name.starts_with('.') {
                // Tool configuration (`.gitignore`, the worktree's `.git` pointer).
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((relative, text));
            }
        }
    }
    let root = root();
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out.retain(|(path, _)| path != "Cargo.lock" && !path.ends_with("package-lock.json"));
    out
}

/// `(line number, line)` of every line of `text` for which `hit` holds.
fn lines_where(text: &str, hit: impl Fn(&str) -> bool) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| hit(line))
        .map(|(index, line)| (index + 1, line))
        .collect()
}

/// Whether `line` points at an issue by number: the word "issue" (any case) followed by a
/// number, or `#` and digits standing alone in prose (not a colour, an anchor or Rust syntax).
fn names_an_issue(line: &str) -> bool {
    let lower = line.to_lowercase();
    let after_word = lower.match_indices("issue").any(|(at, word)| {
        let rest = lower[at + word.len()..].trim_start_matches([' ', '#']);
        rest.starts_with(|c: char| c.is_ascii_digit())
    });
    let bytes = line.as_bytes();
    let hash_number = line.match_indices('#').any(|(at, _)| {
        let before_ok = at == 0 || matches!(bytes[at - 1], b' ' | b'(' | b'[' | b'"');
        let digits = line[at + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let after = bytes.get(at + 1 + digits).copied();
        before_ok && digits > 0 && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    });
    after_word || hash_number
}

/// Files exempt from the issue-number rule: the citation table and the page generated from it cite
/// outside authorities by design (a source's own title may name its tracker's issue), and this
/// file holds the rule's examples. Stylesheets are exempt too: `#047857` is a colour.
const ISSUE_RULE_EXEMPT: [&str; 3] = [
    "crates/tenancy-core/src/source.rs",
    "docs/sources.md",
    "xtask/tests/tidy.rs",
];

#[test]
fn nothing_points_outside_the_repository() {
    // Built from pieces so that this file does not match itself.
    let spec_section = ["SPEC", " §"].concat();
    let forbidden = [
        spec_section.as_str(),
        &["shared", "/"].concat(),
        &["STYLE", ".md"].concat(),
        &["/work", "/"].concat(),
        &["/root", "/"].concat(),
        &["/home", "/"].concat(),
    ];
    let files = text_files();
    assert!(
        files.iter().any(|(path, _)| path == "ARCHITECTURE.md"),
        "the walk found the repository's files"
    );
    let mut found = Vec::new();
    for (path, text) in &files {
        let issue_rule = !ISSUE_RULE_EXEMPT.contains(&path.as_str()) && !path.ends_with(".css");
        let outside = |line: &str| {
            forbidden.iter().any(|f| line.contains(f)) || (issue_rule && names_an_issue(line))
        };
        for (number, line) in lines_where(text, outside) {
            found.push(format!("{path}:{number}: {}", line.trim()));
        }
    }
    assert!(
        found.is_empty(),
        "references to documents, issues or machines outside the repository (say what is meant \
         in the repository's own words, or point at a file in it):\n{}",
        found.join("\n")
    );
}

#[test]
fn issue_references_are_recognised() {
    for line in ["see issue 12", "Issue #3 says", "fixed in #12.", "(#7)"] {
        assert!(names_an_issue(line), "{line}");
    }
    for line in ["#[derive(Debug)]", "r#\"{}\"#", "a tissue sample", "| # |"] {
        assert!(!names_an_issue(line), "{line}");
    }
}

/// Backticked tokens of a Markdown document that name a file or folder of the repository: no
/// spaces, and a file extension, a trailing `/`, or a top-level folder as their first part.
/// Generated places (`target/`) and patterns (`<…>`, `*`, a placeholder in capitals such as
/// `export/TARGET.rs`) are not paths.
fn named_paths(markdown: &str) -> Vec<String> {
    const EXTENSIONS: [&str; 10] = [
        ".rs", ".md", ".toml", ".ts", ".mjs", ".js", ".py", ".css", ".json", ".html",
    ];
    const TOP: [&str; 7] = [
        "crates/", "web/", "xtask/", "bench/", "fuzz/", "docs/", "tests/",
    ];
    markdown
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|token| {
            !token.contains([' ', '<', '*', '{'])
                && !token.starts_with('.')
                && !token.split('/').any(is_placeholder)
                && !token.starts_with("target/")
                && (EXTENSIONS.iter().any(|e| token.ends_with(e))
                    || token.ends_with('/')
                    || TOP.iter().any(|t| token.starts_with(t)))
        })
        .map(|token| token.trim_end_matches('/').to_owned())
        .collect()
}

/// A path part standing for a name the reader picks: capitals only (`TARGET.rs`, `FORMAT`), not
/// one of the capitalised documents at the root (`README.md`).
fn is_placeholder(part: &str) -> bool {
    let stem = part.split('.').next().unwrap_or("");
    stem.len() >= 3 && stem.chars().all(|c| c.is_ascii_uppercase()) && !part.ends_with(".md")
}

#[test]
fn every_path_named_in_the_architecture_exists() {
    let mut all = Vec::new();
    for (path, _) in text_files() {
        let mut prefix = path.as_str();
        all.push(path.clone());
        while let Some((parent, _)) = prefix.rsplit_once('/') {
            all.push(parent.to_owned());
            prefix = parent;
        }
    }
    for document in ["ARCHITECTURE.md", "CONTRIBUTING.md"] {
        let Ok(text) = std::fs::read_to_string(root().join(document)) else {
            assert_ne!(document, "ARCHITECTURE.md", "ARCHITECTURE.md is missing");
            continue;
        };
        let named = named_paths(&text);
        assert!(named.len() > 10, "{document}: found its paths");
        // A path from the root must exist as written; a short one (`level.rs`, `crush/tree.rs`,
        // named under the module it belongs to) must be the end of some path.
        let missing: Vec<&String> = named
            .iter()
            .filter(|token| {
                !root().join(token).exists()
                    && !all
                        .iter()
                        .any(|path| path == *token || path.ends_with(&format!("/{token}")))
            })
            .collect();
        assert!(
            missing.is_empty(),
            "{document} names paths that do not exist: {missing:?}"
        );
    }
}

/// The names whose use means IO, a clock, the environment or printing.
const IMPURE: [&str; 11] = [
    "std::fs",
    "std::time",
    "std::env",
    "std::net",
    "std::process",
    "println!",
    "eprintln!",
    "print!",
    "eprint!",
    "dbg!",
    "Instant::now",
];

/// The impure names a line of Rust uses, also through a grouped import (`use std::{fs, env}`).
fn impure_uses(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut found: Vec<String> = IMPURE
        .iter()
        .filter(|name| code.contains(*name))
        .map(|name| (*name).to_owned())
        .collect();
    if let Some(at) = code.find("std::{") {
        let group = &code[at + "std::{".len()..];
        for part in group.split(|c: char| !c.is_alphanumeric() && c != '_') {
            if matches!(part, "fs" | "time" | "env" | "net" | "process") {
                found.push(format!("std::{part}"));
            }
        }
    }
    found
}

#[test]
fn the_core_does_no_io_reads_no_clock_and_prints_nothing() {
    let mut files = Vec::new();
    rust_files(&root().join("crates/tenancy-core/src"), &mut files);
    assert!(files.len() > 10, "found the core's files");
    let mut found = Vec::new();
    for file in &files {
        // Unit tests (`tests.rs` and the files under a `tests/` folder beside it, compiled only
        // under `cfg(test)`) may read fixtures.
        if file
            .iter()
            .any(|part| part == "tests" || part == "tests.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            for name in impure_uses(line) {
                found.push(format!(
                    "{}:{}: {name}",
                    file.strip_prefix(root()).unwrap().display(),
                    number + 1
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the core must stay pure (values in, values out; the shells do IO): {found:?}"
    );
}

#[test]
fn impure_uses_are_recognised() {
    assert_eq!(
        impure_uses("use std::{collections::BTreeMap, fs};"),
        ["std::fs"]
    );
    assert!(impure_uses("    eprintln!(\"{x}\");").contains(&"eprintln!".to_owned()));
    assert!(impure_uses("// println! in a comment").is_empty());
    assert!(impure_uses("write!(out, \"{x}\")").is_empty());
}
