//! Every Nomad export parses as HCL (python-hcl2) into one `group` with the expected count,
//! constraints and spreads.

use super::{ANSWERS, PRESETS, REQUESTS, export, run_tool, scratch, venv_tool};

/// Parses HCL files and prints, per file, the group's count, constraint and spread counts.
const PARSE: &str = r#"
import json, sys, hcl2
for path in sys.argv[1:]:
    with open(path) as f:
        doc = hcl2.load(f)
    groups = doc["group"]
    assert len(groups) == 1, groups
    (name, body), = groups[0].items()
    print(json.dumps({"file": path, "count": body["count"],
                      "constraints": len(body.get("constraint", [])),
                      "spreads": len(body.get("spread", [])),
                      "tasks": len(body.get("task", []))}))
"#;

#[test]
fn every_nomad_export_parses_with_python_hcl2() {
    let python = venv_tool("python");
    let dir = scratch("nomad");
    let mut files = Vec::new();
    let mut write = |name: String, text: String| {
        let path = dir.join(format!("{name}.hcl"));
        std::fs::write(&path, text).expect("write the stanza");
        files.push(path.to_string_lossy().into_owned());
    };
    for preset in PRESETS {
        write(
            preset.to_owned(),
            export(&["export", "nomad", "--preset", preset], ""),
        );
    }
    for (index, request) in REQUESTS.iter().enumerate() {
        let text = export(
            &["export", "nomad", "--preset", "ai-agents", "--request", "-"],
            request,
        );
        write(format!("request-{index}"), text);
    }
    for (index, answers) in ANSWERS.iter().enumerate() {
        write(
            format!("answers-{index}"),
            export(&["export", "nomad", "--answers", "-"], answers),
        );
    }
    // A select value that looks like an interpolation must stay a literal.
    write(
        "escaped".to_owned(),
        export(
            &["export", "nomad", "--request", "-"],
            r#"{"replicas": 2, "select": {"pool": "a\"b${c}"}}"#,
        ),
    );
    let mut args = vec!["-c", PARSE];
    args.extend(files.iter().map(String::as_str));
    let (ok, output) = run_tool(&python, &args);
    assert!(ok, "python-hcl2 failed:\n{output}");
    assert_eq!(output.lines().count(), files.len(), "{output}");
    // request-0: 6 replicas, at most 2 per rack and distinct hosts → two constraints.
    let request_0 = output
        .lines()
        .find(|line| line.contains("request-0.hcl"))
        .expect("request-0 parsed");
    assert!(
        request_0.contains("\"count\": 6") && request_0.contains("\"constraints\": 2"),
        "{request_0}"
    );
    // request-1: min_domains and max_skew → two spreads.
    let request_1 = output
        .lines()
        .find(|line| line.contains("request-1.hcl"))
        .expect("request-1 parsed");
    assert!(request_1.contains("\"spreads\": 2"), "{request_1}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn spread_is_lossy_in_nomad() {
    let run = super::tenancy(
        &["export", "nomad", "--request", "-"],
        r#"{"replicas": 4, "rules": [{"kind": "datacenter", "min_domains": 2}]}"#,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("spread {"), "{}", run.stdout);
    assert!(run.stderr.contains("scoring preference"), "{}", run.stderr);
}
