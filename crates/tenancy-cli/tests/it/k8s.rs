//! `tenancy check k8s` and `tenancy simulate k8s` end to end on the realistic fixtures: text and
//! JSON, and exit 1 when the worst case cannot survive the `--survive` level.

use crate::binary::{fixture, tenancy};

#[test]
fn check_audits_helm_output_in_text_and_json() {
    let nodes = fixture("k8s-nodes-3-zones.json");
    let manifest = fixture("k8s-helm-multidoc.yaml");
    let run = tenancy(
        &[
            "check",
            "k8s",
            &manifest,
            "--nodes",
            &nodes,
            "--survive",
            "zone",
            "--runs",
            "5",
        ],
        b"",
    );
    run.exits(0);
    assert!(
        run.stdout
            .starts_with("Deployment default/release-api: 3 replicas, quorum 2"),
        "{}",
        run.stdout
    );
    run.stdout_has("survive one datacenter failure: yes");
    let run = tenancy(
        &[
            "check", "k8s", &manifest, "--nodes", &nodes, "--format", "json", "--runs", "5",
        ],
        b"",
    );
    run.exits(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let audits = json.as_array().unwrap();
    assert_eq!(audits.len(), 1);
    assert_eq!(audits[0]["distribution"]["runs"], 5);
    assert_eq!(audits[0]["worst"]["pending"], 0);
}

#[test]
fn check_exits_1_when_the_worst_case_cannot_survive() {
    // The node without a hostname label takes every ZooKeeper member: one host failure loses all.
    let run = tenancy(
        &[
            "check",
            "k8s",
            &fixture("k8s-statefulset-anti-affinity.yaml"),
            "--nodes",
            &fixture("kubectl-nodes.json"),
            "--survive",
            "node",
            "--runs",
            "3",
        ],
        b"",
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    run.stdout_has("survive one host failure: NO");
    run.stdout_has("edge-galway-1");
}

#[test]
fn simulate_drills_our_export_and_a_manifest() {
    let nodes = fixture("k8s-nodes-3-zones.json");
    let run = tenancy(
        &[
            "simulate",
            "k8s",
            "--nodes",
            &nodes,
            "--scenario",
            "drill",
            "--fail",
            "zone=eu-west-1b",
        ],
        b"",
    );
    run.exits(0);
    run.stdout_has("failure of zone eu-west-1b");
    let run = tenancy(
        &[
            "simulate",
            "k8s",
            "--nodes",
            &nodes,
            "--manifest",
            &fixture("k8s-deployment-spread.yaml"),
            "--scenario",
            "rolling-update",
            "--ties",
            "7",
            "--format",
            "json",
        ],
        b"",
    );
    run.exits(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["end"]["pending"], 0);
    assert!(
        json["min_available"].as_u64().is_some_and(|m| m >= 4),
        "{}",
        run.stdout
    );
}
