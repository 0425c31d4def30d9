//! The `tenancy` binary end to end: exit codes, stdout/stderr discipline, bad inputs.

use crate::binary::{line, refused, tenancy as run};

/// Answers that are JSON objects with something wrong: exit 2 under `--strict`; without it exit
/// 0, the default used, and the same message among the JSON warnings and on stderr.
fn check_lenient(answers: &str, message: &str) {
    refused(
        &["recommend", "--answers", "-", "--strict"],
        answers.as_bytes(),
        message,
    );
    let lenient = run(&["recommend", "--answers", "-"], answers.as_bytes());
    assert_eq!(lenient.code, 0, "{answers}: {}", lenient.stderr);
    let json: serde_json::Value = serde_json::from_str(&lenient.stdout).expect("JSON on stdout");
    let warnings = json["warnings"].as_array().expect("warnings");
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().is_some_and(|w| w.contains(message))),
        "{answers}: {message:?} not in {warnings:?}"
    );
    assert!(
        lenient.stderr.contains(message),
        "{answers}: {}",
        lenient.stderr
    );
}

#[test]
fn presets_lists_ids_and_titles() {
    let run = run(&["presets"], b"");
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 9);
    assert!(lines[0].starts_with("university-research  University research groups"));
    assert!(lines[1].starts_with("public-cloud"));
    assert_eq!(run.stderr, "");
}

#[test]
fn recommend_succeeds_in_every_format() {
    let json = run(&["recommend", "--preset", "public-cloud"], b"");
    assert_eq!(json.code, 0);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(value["axes"]["compute"]["level"], "vm");
    assert_eq!(value["scale"]["isolation"], "virtual machines");
    for key in [
        "version",
        "answers",
        "unanswered",
        "warnings",
        "axes",
        "scale",
        "pattern",
        "stack",
        "neighbours",
        "not_protected",
    ] {
        assert!(value.get(key).is_some(), "missing {key}");
    }
    let text = run(
        &line("recommend --preset university-research --format text"),
        b"",
    );
    assert_eq!(text.code, 0);
    assert!(text.stdout.starts_with("Isolation: containers"));
    let markdown = run(
        &line("recommend --preset pci-payments --format markdown"),
        b"",
    );
    assert_eq!(markdown.code, 0);
    assert!(
        markdown
            .stdout
            .starts_with("# Tenancy Scale recommendation")
    );
    let defaults = run(&["recommend"], b"");
    assert_eq!(defaults.code, 0);
    let value: serde_json::Value = serde_json::from_str(&defaults.stdout).expect("JSON");
    assert_eq!(
        value["unanswered"].as_array().map(Vec::len),
        Some(tenancy_core::answers::QUESTIONS.len())
    );
    let strict_good = run(
        &["recommend", "--answers", "-", "--strict"],
        br#"{"tenants": "anonymous", "regimes": ["il5"], "replicas": 64}"#,
    );
    strict_good.exits(0);
    assert_eq!(strict_good.stderr, "");
}

#[test]
fn answers_from_a_file() {
    let path = std::env::temp_dir().join(format!("tenancy-cli-test-{}.json", std::process::id()));
    std::fs::write(&path, r#"{"tenants": "partners"}"#).expect("temp file");
    let run = run(
        &["recommend", "--answers", path.to_str().expect("UTF-8 path")],
        b"",
    );
    let _ = std::fs::remove_file(&path);
    run.exits(0);
    assert!(run.stdout.contains(r#""level": "hardened-container""#));
}

#[test]
fn bad_documents_are_errors_even_without_strict() {
    let stdin = ["recommend", "--answers", "-"];
    let cases: [(&[u8], &str); 8] = [
        (b"{", "answers are not valid JSON"),
        (b"", "the input is empty"),
        (b"   \n", "the input is empty"),
        (b"tenants=partners", "answers are not valid JSON"),
        (
            b"[1, 2]",
            "must be a JSON object of question keys, found an array",
        ),
        (b"\"partners\"", "found a string"),
        (b"null", "found null"),
        (b"{} {}", "answers are not valid JSON"),
    ];
    for (input, message) in cases {
        refused(&stdin, input, message);
        refused(&["recommend", "--answers", "-", "--strict"], input, message);
    }
    refused(&stdin, b"{\"tenants\": \"\xff\"}", "is not UTF-8 text");
    refused(
        &["recommend", "--answers", "/nonexistent/answers.json"],
        b"",
        "cannot read answers from `/nonexistent/answers.json`",
    );
}

#[test]
fn bad_answers_are_warnings_or_strict_errors() {
    check_lenient(
        r#"{"tenants": 3}"#,
        "`tenants` must be a string, found a number",
    );
    check_lenient(
        r#"{"tenants": null}"#,
        "`tenants` must be a string, found null",
    );
    check_lenient(
        r#"{"replicas": "3"}"#,
        "`replicas` must be a whole number, found a string",
    );
    check_lenient(r#"{"colour": "blue"}"#, "unknown question `colour` ignored");
    check_lenient(
        r#"{"tenants": "aliens"}"#,
        "unknown value `aliens` for `tenants`",
    );
    check_lenient(
        r#"{"replicas": 0}"#,
        "`replicas` must be a whole number from 1 to 64, got `0`",
    );
    check_lenient(r#"{"replicas": 65}"#, "got `65`");
    check_lenient(r#"{"replicas": -1}"#, "got `-1`");
    check_lenient(r#"{"replicas": 2.5}"#, "got `2.5`");
    check_lenient(
        r#"{"regimes": [1]}"#,
        "`regimes` must be an array of strings",
    );
    check_lenient(
        r#"{"regimes": ["sox"]}"#,
        "unknown value `sox` for `regimes`",
    );
    check_lenient(
        r#"{"regimes": {"pci-cde": true}}"#,
        "`regimes` must be an array of strings, found an object",
    );
    check_lenient(
        r#"{"Tenants": "partners"}"#,
        "unknown question `Tenants` ignored",
    );
}

#[test]
fn bad_arguments_are_errors() {
    refused(
        &["recommend", "--preset", "moon"],
        b"",
        "unknown preset `moon` (expected one of: university-research,",
    );
    refused(
        &["recommend", "--preset", "public-cloud", "--answers", "-"],
        b"{}",
        "cannot be used with",
    );
    refused(
        &["recommend", "--format", "yaml"],
        b"",
        "invalid value 'yaml'",
    );
    refused(
        &["recommend", "--bogus"],
        b"",
        "unexpected argument '--bogus'",
    );
    refused(&["frobnicate"], b"", "unrecognized subcommand 'frobnicate'");
}
