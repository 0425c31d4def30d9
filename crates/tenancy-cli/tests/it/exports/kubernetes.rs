//! Every Kubernetes export is valid against the Kubernetes OpenAPI schema, strictly (unknown
//! fields rejected), for 1.33 and for the newest version kubernetes-validate bundles.

use super::{
    ANSWERS, REQUESTS, export, export_request, export_unplaceable, presets, run_tool, scratch,
    venv_tool,
};
use crate::binary::line;

/// Schema versions checked: a current stable release, and the validator's newest.
const VERSIONS: [&str; 2] = ["1.33.0", "1.37.0"];

#[test]
fn every_kubernetes_export_passes_kubernetes_validate_strict() {
    let validator = venv_tool("kubernetes-validate");
    let dir = scratch("k8s");
    let mut files = Vec::new();
    let mut write = |name: String, text: String| {
        assert!(text.contains("kind: Deployment"), "{name}: {text}");
        let path = dir.join(format!("{name}.yaml"));
        std::fs::write(&path, text).expect("write the manifest");
        files.push(path.to_string_lossy().into_owned());
    };
    for preset in presets() {
        write(
            preset.to_owned(),
            export(&["export", "k8s", "--preset", preset], ""),
        );
    }
    for (index, request) in REQUESTS.iter().enumerate() {
        let text = export(
            &line("export k8s --preset public-cloud --request -"),
            request,
        );
        write(format!("request-{index}"), text);
    }
    for (index, answers) in ANSWERS.iter().enumerate() {
        write(
            format!("answers-{index}"),
            export(&["export", "k8s", "--answers", "-"], answers),
        );
    }
    for version in VERSIONS {
        let mut args = vec!["--strict", "-k", version];
        args.extend(files.iter().map(String::as_str));
        let (ok, output) = run_tool(&validator, &args);
        assert!(
            ok && !output.contains("ERROR"),
            "kubernetes-validate {version}:\n{output}"
        );
        // Every document was checked: one `passed` line per Deployment and per budget.
        let documents: usize = files
            .iter()
            .map(|file| {
                std::fs::read_to_string(file)
                    .expect("read back")
                    .matches("\nkind: ")
                    .count()
            })
            .sum();
        assert_eq!(output.matches(" passed ").count(), documents, "{output}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn max_per_domain_above_one_is_lossy_in_kubernetes() {
    let run = export_request(
        "k8s",
        r#"{"replicas": 6, "rules": [{"kind": "rack", "max_per_domain": 2}]}"#,
    );
    run.stdout_has("maxSkew: 1");
    run.stderr_has("warning: lossy: max_per_domain 2 on `rack`: Kubernetes cannot cap");
}

/// Labels that YAML would misread unquoted (`yes`, `null`, `: `, `#`, line breaks, a BOM) come
/// back exactly when the manifest is parsed (PyYAML, which kubernetes-validate uses).
#[test]
fn label_values_survive_a_yaml_round_trip() {
    let python = venv_tool("python");
    let select = serde_json::json!({
        "a": "\u{0}x", "b": "tab\there", "c": ": colon", "d": "# hash", "e": "- dash",
        "f": "it's", "g": "\"q\"", "h": "\u{feff}bom", "i": "~", "j": "null", "k": "true",
        "l": "1e3", "m": "0x1F", "n": "yes", "o": "", "p": "line1\nline2", "q": " lead",
        "r": "trail ", "s": "{a: b}", "t": "[x]", "u": "@at", "v": "`tick", "w": "%pct",
        "x": "!tag", "y": "&anchor", "z": "*alias", "zz": "é ünï 日本", "k:ey": "v",
        "ke y": "v", "-k": "v", "\u{2028}ls": "v"
    });
    let request = serde_json::json!({"replicas": 2, "select": select}).to_string();
    let dir = scratch("k8s-round-trip");
    let manifest = dir.join("manifest.yaml");
    let expected = dir.join("select.json");
    std::fs::write(
        &manifest,
        export_unplaceable(&["export", "k8s", "--request", "-"], &request),
    )
    .expect("write the manifest");
    std::fs::write(&expected, select.to_string()).expect("write the labels");
    let script = "import json, sys, yaml\n\
                  docs = list(yaml.safe_load_all(open(sys.argv[1])))\n\
                  got = docs[0]['spec']['template']['spec']['nodeSelector']\n\
                  want = json.load(open(sys.argv[2]))\n\
                  assert got == want, (got, want)\n\
                  print('round trip', len(want))";
    let (ok, output) = run_tool(
        &python,
        &[
            "-c",
            script,
            &manifest.to_string_lossy(),
            &expected.to_string_lossy(),
        ],
    );
    assert!(ok && output.contains("round trip 31"), "{output}");
    let _ = std::fs::remove_dir_all(&dir);
}
