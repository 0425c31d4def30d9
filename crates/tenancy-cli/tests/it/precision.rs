//! Precision of the JSON output: every availability figure that `place`, `export`, `simulate`
//! and `check` write carries two significant figures (the core's one rounding rule), whatever
//! the command.

use tenancy_core::availability::{FIGURES, significant, significant_probability};

use crate::binary::{fixture, line, tenancy};

/// Keys whose numbers are probabilities or fractions of time: cut by the smaller of the value
/// and its complement (`p_quorum` 0.999977 is 1 − 2.3e-5).
const PROBABILITIES: &[&str] = &[
    "p_quorum",
    "p_quorum_lost",
    "p_quorum_lost_independent",
    "p_loss_in_a_year",
    "p_any_loss",
    "unavailability",
    "unavailability_range",
    "share",
    "low",
    "high",
    // `simulate crush`: the placement groups' probabilities of quorum.
    "worst",
    "median",
    "best",
];

/// Keys whose fractional numbers are not availability figures: inputs echoed as given (the
/// rates), the confidence level, the OSD balance.
const NOT_FIGURES: &[&str] = &["failures_per_year", "mttr_hours", "level", "max_over_mean"];

/// Every fractional number under `value` that carries more than [`FIGURES`] significant
/// figures, as `path = number`. Integers are counts, not figures.
fn overprecise(value: &serde_json::Value, path: &str, key: &str, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                overprecise(v, &format!("{path}.{k}"), k, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                overprecise(v, &format!("{path}[{i}]"), key, out);
            }
        }
        serde_json::Value::Number(number) if number.is_f64() && !NOT_FIGURES.contains(&key) => {
            let x = number.as_f64().expect("a float");
            let cut = if PROBABILITIES.contains(&key) {
                significant_probability(x, FIGURES)
            } else {
                significant(x, FIGURES)
            };
            if cut != x {
                out.push(format!("{path} = {number} (two figures: {cut})"));
            }
        }
        _ => {}
    }
}

/// Runs the command and asserts that its JSON carries no figure beyond two significant figures;
/// returns the JSON.
fn two_figures_in(args: &[&str], stdin: &[u8]) -> serde_json::Value {
    let run = tenancy(args, stdin);
    assert!(run.code == 0 || run.code == 1, "{args:?}: {}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let mut out = Vec::new();
    overprecise(&json, "", "", &mut out);
    assert!(out.is_empty(), "{args:?}:\n{}", out.join("\n"));
    json
}

/// A small CRUSH map whose placement groups spread unevenly (the example of `docs/output.md`).
const MAP: &str = "device 0 osd.0
device 1 osd.1
device 2 osd.2
device 3 osd.3
device 4 osd.4
device 5 osd.5
type 0 osd
type 1 host
type 2 rack
type 3 root
host a1 { id -1 alg straw2 hash 0 item osd.0 weight 1.000 item osd.1 weight 1.000 }
host a2 { id -2 alg straw2 hash 0 item osd.2 weight 1.000 }
host b1 { id -3 alg straw2 hash 0 item osd.3 weight 1.000 item osd.4 weight 1.000 }
host b2 { id -4 alg straw2 hash 0 item osd.5 weight 1.000 }
rack a { id -5 alg straw2 hash 0 item a1 weight 2.000 item a2 weight 1.000 }
rack b { id -6 alg straw2 hash 0 item b1 weight 2.000 item b2 weight 1.000 }
root default { id -7 alg straw2 hash 0 item a weight 3.000 item b weight 3.000 }
rule by_host {
\tid 0
\ttype replicated
\tmin_size 1
\tmax_size 10
\tstep take default
\tstep chooseleaf firstn 0 type host
\tstep emit
}
";

#[test]
fn the_checker_finds_full_digits() {
    let json = serde_json::json!({
        "availability": {"p_quorum": 0.999_976_83, "nines": 4.6, "mttr_hours": 7.123},
        "twin": {"p_quorum_lost": [1.2e-4, 2.345e-4, 3.0e-4]},
    });
    let mut out = Vec::new();
    overprecise(&json, "", "", &mut out);
    assert_eq!(
        out,
        [
            ".availability.p_quorum = 0.99997683 (two figures: 0.999977)",
            ".twin.p_quorum_lost[1] = 0.0002345 (two figures: 0.00023)",
        ]
    );
}

#[test]
fn place_writes_two_figures() {
    // The default estate (written to a file) and a real node list.
    let estate = tenancy(&line("topology default"), b"");
    estate.exits(0);
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("precision");
    std::fs::create_dir_all(&dir).unwrap();
    let estate_file = dir.join("estate.json");
    std::fs::write(&estate_file, &estate.stdout).unwrap();
    let estate_file = estate_file.to_string_lossy().into_owned();
    let nodes = fixture("k8s-nodes-3-zones.json");
    for (topology, request) in [
        (
            estate_file.as_str(),
            r#"{"replicas": 3, "quorum": 2, "rules": [{"kind": "datacenter", "max_per_domain": 1}]}"#,
        ),
        (nodes.as_str(), r#"{"replicas": 5, "quorum": 3}"#),
    ] {
        let json = two_figures_in(
            &["place", "--topology", topology, "--request", "-"],
            request.as_bytes(),
        );
        let a = &json["availability"];
        // p_quorum is written as the complement of p_quorum_lost as written.
        let (up, lost) = (
            a["p_quorum"].as_f64().unwrap(),
            a["p_quorum_lost"].as_f64().unwrap(),
        );
        assert!((up + lost - 1.0).abs() < 1e-12, "{up} + {lost}");
        assert!(lost > 0.0 && lost == significant(lost, FIGURES), "{lost}");
    }
}

#[test]
fn exports_and_their_guarantees_write_two_figures() {
    let nodes = fixture("k8s-nodes-3-zones.json");
    for args in [
        line("export nova --preset public-cloud --format json"),
        line("export nomad --format json"),
        line("export crush --format json"),
        vec!["export", "k8s", "--topology", &nodes, "--format", "json"],
        line("simulate nova --preset public-cloud --format json"),
    ] {
        two_figures_in(&args, b"");
    }
}

#[test]
fn simulations_and_checks_write_two_figures() {
    let nodes = fixture("k8s-nodes-3-zones.json");
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("precision");
    std::fs::create_dir_all(&dir).unwrap();
    let map = dir.join("map.txt");
    std::fs::write(&map, MAP).unwrap();
    let map = map.to_string_lossy().into_owned();
    let manifest = fixture("k8s-helm-multidoc.yaml");
    let spread = fixture("k8s-deployment-spread.yaml");
    let json = two_figures_in(
        &[
            "simulate", "crush", &map, "--pool", "1", "--size", "3", "--pg-num", "32", "--format",
            "json",
        ],
        b"",
    );
    // Placement groups that differ: the distribution has several entries, and none repeats.
    let shown: Vec<f64> = json["availability"]["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["p_quorum"].as_f64().unwrap())
        .collect();
    assert!(shown.len() > 1 && shown.is_sorted(), "{json}");
    assert!(shown.windows(2).all(|w| w[0] != w[1]), "{shown:?}");
    two_figures_in(
        &[
            "check", "k8s", &manifest, "--nodes", &nodes, "--format", "json", "--runs", "5",
        ],
        b"",
    );
    two_figures_in(
        &[
            "simulate",
            "k8s",
            "--nodes",
            &nodes,
            "--manifest",
            &spread,
            "--scenario",
            "rolling-update",
            "--format",
            "json",
        ],
        b"",
    );
}
