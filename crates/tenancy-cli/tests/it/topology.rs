//! `tenancy topology convert|default` end to end: fixtures convert, the default prints, and bad
//! input exits 2 with a message naming the item and nothing on stdout.

use tenancy_core::Topology;
use tenancy_core::import::{import_ceph, import_kubectl};
use tenancy_core::topology::default_topology;

use crate::binary::{fixture, refused, tenancy};

fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).expect("fixture exists")
}

/// Converts a fixture; the output is the native form of what the core imports, warnings on stderr.
fn check_convert(from: &str, name: &str, expected: Topology, warnings: usize) {
    let run = tenancy(
        &["topology", "convert", "--from", from, &fixture(name)],
        b"",
    );
    run.exits(0);
    assert_eq!(Topology::from_json_str(&run.stdout).unwrap(), expected);
    assert_eq!(run.stdout, expected.to_json_string());
    assert_eq!(run.stderr.lines().count(), warnings, "{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .all(|line| line.starts_with("tenancy: warning: "))
    );
}

#[test]
fn fixtures_convert_to_the_native_form() {
    let kubectl = import_kubectl(&read_fixture("kubectl-nodes.json")).unwrap();
    check_convert("kubectl", "kubectl-nodes.json", kubectl.topology, 10);
    for (name, warnings) in [
        ("ceph-osd-tree.json", 5),
        ("ceph-osd-crush-tree.json", 1),
        ("ceph-osd-crush-tree-jewel.json", 0),
    ] {
        let ceph = import_ceph(&read_fixture(name)).unwrap();
        check_convert("ceph", name, ceph.topology, warnings);
    }
}

#[test]
fn default_prints_the_embedded_topology_and_round_trips_as_native() {
    let run = tenancy(&["topology", "default"], b"");
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(
        Topology::from_json_str(&run.stdout).unwrap(),
        default_topology()
    );
    let again = tenancy(
        &["topology", "convert", "--from", "native", "-"],
        run.stdout.as_bytes(),
    );
    assert_eq!((again.code, again.stderr.as_str()), (0, ""));
    assert_eq!(again.stdout, run.stdout);
}

const KUBECTL: [&str; 5] = ["topology", "convert", "--from", "kubectl", "-"];
const CEPH: [&str; 5] = ["topology", "convert", "--from", "ceph", "-"];
const NATIVE: [&str; 5] = ["topology", "convert", "--from", "native", "-"];

#[test]
fn bad_inputs_exit_2_naming_the_item() {
    refused(
        &KUBECTL,
        b"NAME STATUS ROLES",
        "tenancy: error: kubectl nodes in standard input: this is the table of `kubectl get nodes`: run `kubectl get nodes -o json`",
    );
    refused(
        &KUBECTL,
        b"[1, 2]",
        "the top level: expected an object, got an array",
    );
    refused(
        &KUBECTL,
        br#"{"kind":"List","items":[{"metadata":{"labels":{}}}]}"#,
        "items[0].metadata.name: missing or empty",
    );
    refused(
        &KUBECTL,
        br#"{"kind":"List","items":[{"metadata":{"name":"n1"}},{"metadata":{"name":"n1"}}]}"#,
        "duplicate host name `n1` at items[1] (first at items[0])",
    );
    refused(
        &CEPH,
        br#"{"nodes":[{"id":-1,"name":"default","type":"root","children":[-7]}]}"#,
        "nodes[0].children[0]: child id -7 does not exist",
    );
    refused(
        &CEPH,
        br#"{"nodes":[{"id":-1,"name":"a","type":"rack","children":[-2]},{"id":-2,"name":"b","type":"host","children":[-1]}]}"#,
        "nodes[0]: bucket `a` is its own ancestor (-1 → -2 → -1)",
    );
    refused(
        &CEPH,
        b"",
        "ceph OSD tree in standard input: ceph input is not JSON",
    );
    refused(
        &NATIVE,
        br#"{"version":1,"kinds":[],"hosts":[{"name":"a"},{"name":"a"}]}"#,
        "duplicate host name `a` at hosts[1] (first at hosts[0])",
    );
    refused(
        &NATIVE,
        br#"{"version":7,"kinds":[],"hosts":[{"name":"a"}]}"#,
        "unknown topology version 7",
    );
    refused(
        &NATIVE,
        read_fixture("kubectl-nodes.json").as_bytes(),
        "topology in standard input: topology is not valid: unknown field `apiVersion`",
    );
    refused(
        &NATIVE,
        b"\xff\xfe{}",
        "topology in standard input: the input is UTF-16 (what PowerShell's `>` writes)",
    );
    refused(
        &NATIVE,
        b"{\"name\": \"Z\xfcrich\"}",
        "topology in standard input: the input is not UTF-8 text (bad byte at offset 11)",
    );
    refused(
        &["topology", "convert", "--from", "ceph", "no/such/file.json"],
        b"",
        "cannot read ceph OSD tree from `no/such/file.json`",
    );
    refused(
        &["topology", "convert", "--from", "crush", "-"],
        b"",
        "invalid value 'crush' for '--from <FROM>'",
    );
    // Without `--from` the format is detected; empty input is still refused.
    refused(&["topology", "convert", "-"], b"", "the input is empty");
    refused(
        &["topology", "convert", "--from", "native"],
        b"",
        "<FILE|->",
    );
}
