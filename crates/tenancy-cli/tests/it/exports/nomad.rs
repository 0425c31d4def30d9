//! Every Nomad export parses as HCL (python-hcl2) into one `group` whose count is the request's
//! replicas, with the expected constraints and spreads; user text is escaped so that it never
//! interpolates.

use tenancy_core::topology::default_topology;
use tenancy_core::{Answers, Request};

use super::{
    ANSWERS, REQUESTS, export, export_request, export_unplaceable, presets, run_tool, scratch,
    venv_tool,
};

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

/// The replicas of the request an export derives from these answers on the default topology.
fn derived_replicas(answers: &Answers) -> u32 {
    Request::from_answers(answers, &default_topology()).replicas
}

#[test]
fn every_nomad_export_parses_with_python_hcl2() {
    let python = venv_tool("python");
    let dir = scratch("nomad");
    // (file, the group's expected count)
    let mut files: Vec<(String, u32)> = Vec::new();
    let mut write = |name: String, text: String, count: u32| {
        let path = dir.join(format!("{name}.hcl"));
        std::fs::write(&path, text).expect("write the stanza");
        files.push((path.to_string_lossy().into_owned(), count));
    };
    for preset in presets() {
        let answers = tenancy_core::preset::find(preset)
            .expect("a preset")
            .answers();
        write(
            preset.to_owned(),
            export(&["export", "nomad", "--preset", preset], ""),
            derived_replicas(&answers),
        );
    }
    for (index, request) in REQUESTS.iter().enumerate() {
        let text = export(
            &["export", "nomad", "--preset", "ai-agents", "--request", "-"],
            request,
        );
        let json: serde_json::Value = serde_json::from_str(request).expect("request JSON");
        let replicas = json["replicas"].as_u64().expect("replicas") as u32;
        write(format!("request-{index}"), text, replicas);
    }
    for (index, answers) in ANSWERS.iter().enumerate() {
        let (parsed, _) = Answers::from_json_str(answers).expect("answers JSON");
        write(
            format!("answers-{index}"),
            export(&["export", "nomad", "--answers", "-"], answers),
            derived_replicas(&parsed),
        );
    }
    // A select value that looks like an interpolation must stay a literal: `${` and `%{` are
    // doubled (python-hcl2 reads both forms, so only the text can tell).
    let escaped = export_unplaceable(
        &["export", "nomad", "--request", "-"],
        r#"{"replicas": 2, "select": {"pool": "a\"b${c}%{d}"}}"#,
    );
    let value_lines: Vec<String> = escaped
        .lines()
        .filter(|line| line.trim_start().starts_with("value"))
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(value_lines, [r#"value = "a\"b$${c}%%{d}""#], "{escaped}");
    write("escaped".to_owned(), escaped, 2);
    let mut args = vec!["-c", PARSE];
    args.extend(files.iter().map(|(path, _)| path.as_str()));
    let (ok, output) = run_tool(&python, &args);
    assert!(ok, "python-hcl2 failed:\n{output}");
    let parsed: Vec<serde_json::Value> = output
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON line per file"))
        .collect();
    assert_eq!(parsed.len(), files.len(), "{output}");
    for ((path, count), group) in files.iter().zip(&parsed) {
        assert_eq!(group["file"], path.as_str());
        assert_eq!(group["count"], *count, "{path}: the group's count");
    }
    let group = |name: &str| {
        parsed
            .iter()
            .find(|group| group["file"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} parsed"))
    };
    // request-0: at most 2 per rack and distinct hosts → two constraints.
    assert_eq!(group("request-0.hcl")["constraints"], 2);
    // request-1: min_domains and max_skew → two spreads.
    assert_eq!(group("request-1.hcl")["spreads"], 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn spread_is_lossy_in_nomad() {
    let run = export_request(
        "nomad",
        r#"{"replicas": 4, "rules": [{"kind": "datacenter", "min_domains": 2}]}"#,
    );
    run.stdout_has("spread {");
    run.stderr_has("scoring preference");
}
