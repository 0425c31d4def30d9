//! Tests of the importers on realistic fixtures (`tests/fixtures/`) and on bad inputs, whose errors
//! must name the offending item.

use super::*;
use ceph::MAX_DEPTH;

const KUBECTL: &str = include_str!("../../tests/fixtures/kubectl-nodes.json");
const CEPH_OSD_TREE: &str = include_str!("../../tests/fixtures/ceph-osd-tree.json");
const CEPH_CRUSH_TREE: &str = include_str!("../../tests/fixtures/ceph-osd-crush-tree.json");
const CEPH_CRUSH_TREE_JEWEL: &str =
    include_str!("../../tests/fixtures/ceph-osd-crush-tree-jewel.json");

/// One line for the kinds, one per host (`name slots domain… | label=value…`, labels without a
/// `/` only), then the warnings, each prefixed `! `.
fn render(imported: &Imported) -> String {
    let topology = &imported.topology;
    let mut lines = vec![format!("kinds: {}", topology.kinds.join(" "))];
    for host in &topology.hosts {
        let domains: Vec<String> = topology
            .kinds
            .iter()
            .map(|kind| host.domains.get(kind).map_or("-".to_owned(), Clone::clone))
            .collect();
        let labels: Vec<String> = host
            .labels
            .iter()
            .filter(|(key, _)| !key.contains('/'))
            .map(|(key, value)| format!("{key}={value}"))
            .collect();
        let line = format!(
            "{} {} {} | {}",
            host.name,
            host.slots,
            domains.join(" "),
            labels.join(" ")
        );
        lines.push(line.trim_end().to_owned());
    }
    lines.extend(imported.warnings.iter().map(|w| format!("! {w}")));
    lines.join("\n")
}

fn check(imported: Result<Imported, ImportError>, expected: &str) {
    let imported = imported.unwrap();
    let actual = render(&imported);
    assert_eq!(actual, expected.trim(), "\n{actual}\n");
    // The result is a valid native topology.
    let again = Topology::from_json_str(&imported.topology.to_json_string()).unwrap();
    assert_eq!(again, imported.topology);
}

fn check_error(result: Result<Imported, ImportError>, expected: &str) {
    assert_eq!(result.unwrap_err().to_string(), expected);
}

#[test]
fn kubectl_fixture() {
    check(
        import_kubectl(KUBECTL),
        r#"
kinds: region hazard datacenter pdu rack switch
cp-1 0 eu-west-1 liffey-basin eu-west-1a dub-a-pdu1 dub-a-r01 dub-a-tor01 |
worker-a1.k8s.example.net 1 eu-west-1 liffey-basin eu-west-1a dub-a-pdu1 dub-a-r01 dub-a-tor01 | pool=shared
worker-a2.k8s.example.net 1 eu-west-1 liffey-basin eu-west-1a dub-a-pdu1 dub-a-r02 dub-a-tor02 | pool=shared
worker-b1 1 eu-west-1 liffey-basin eu-west-1b dub-b-pdu1 dub-b-r01 dub-b-tor01 | pool=shared
worker-b2 1 eu-west-1 liffey-basin eu-west-1b dub-b-pdu1 dub-b-r02 dub-b-tor01 | pool=dedicated
worker-c1 0 eu-west-1 boyne-valley eu-west-1c dub-c-pdu1 dub-c-r01 dub-c-tor01 | pool=shared
worker-c2 1 eu-west-1 boyne-valley eu-west-1c dub-c-pdu1 dub-c-r02 dub-c-tor02 | pool=dedicated
gpu-c1 0 eu-west-1 boyne-valley eu-west-1c dub-c-pdu1 dub-c-r02 dub-c-tor02 |
legacy-1 1 eu-west-1 - eu-west-1b - - - | unknown-domains=hazard,pdu,rack,switch
edge-galway-1 1 - - - - - - | pool=shared unknown-domains=region,hazard,datacenter,pdu,rack,switch
! node `cp-1` (items[0]) is tainted `node-role.kubernetes.io/control-plane:NoSchedule`: kept with 0 slots
! node `worker-c1` (items[5]) is unschedulable (cordoned) and is tainted `node.kubernetes.io/unschedulable:NoSchedule`: kept with 0 slots
! node `gpu-c1` (items[7]) is tainted `nvidia.com/gpu=present:NoSchedule`: kept with 0 slots
! 1 of 10 nodes have no `topology.kubernetes.io/zone` label (first `edge-galway-1`): their zone is unknown, so they may share a data center with any other node
! host `edge-galway-1` has no `datacenter` domain and cannot satisfy a rule on `datacenter`
! 2 hosts (first `legacy-1`) have no `hazard` domain and cannot satisfy a rule on `hazard`
! 2 hosts (first `legacy-1`) have no `pdu` domain and cannot satisfy a rule on `pdu`
! 2 hosts (first `legacy-1`) have no `rack` domain and cannot satisfy a rule on `rack`
! host `edge-galway-1` has no `region` domain and cannot satisfy a rule on `region`
! 2 hosts (first `legacy-1`) have no `switch` domain and cannot satisfy a rule on `switch`
"#,
    );
}

#[test]
fn ceph_osd_tree_fixture() {
    check(
        import_ceph(CEPH_OSD_TREE),
        r#"
kinds: datacenter room rack
stor-lon1-01 3 lon1 lon1-room-a lon1-a-r1 | ceph-root=default device-class=hdd
stor-lon1-02 3 lon1 lon1-room-a lon1-a-r1 | ceph-root=default device-class=hdd
stor-lon1-03 3 lon1 lon1-room-a lon1-a-r2 | ceph-root=default device-class=hdd
stor-lon1-04 3 lon1 lon1-room-a lon1-a-r2 | ceph-root=default device-class=hdd
stor-lon1-05 2 lon1 lon1-room-b lon1-b-r1 | ceph-root=default device-class=ssd
stor-lon1-06 1 lon1 lon1-room-b lon1-b-r1 | ceph-root=default device-class=ssd
stor-lon2-01 4 lon2 lon2-room-a lon2-a-r1 | ceph-root=default device-class=hdd
stor-lon2-02 4 lon2 lon2-room-a lon2-a-r1 | ceph-root=default device-class=hdd
stor-lon2-03 4 lon2 lon2-room-a lon2-a-r2 | ceph-root=default device-class=hdd
stor-lon2-04 0 lon2 lon2-room-a lon2-a-r2 | ceph-root=default
! host `stor-lon1-02` (nodes[8]): osd.4 is down
! host `stor-lon1-04` (nodes[17]): osd.11 is out (reweight 0)
! host `stor-lon1-06` (nodes[26]): osd.15 is destroyed or does not exist
! host `stor-lon2-04` (nodes[48]): no usable OSD: 0 slots
! 1 OSD is not in the CRUSH tree (stray: osd.28): ignored
"#,
    );
}

#[test]
fn ceph_crush_tree_fixture() {
    check(
        import_ceph(CEPH_CRUSH_TREE),
        r#"
kinds: datacenter room rack
ceph-ams1-a 2 ams1 ams1-hall-1 ams1-r01 | ceph-root=default device-class=nvme
ceph-ams1-b 2 ams1 ams1-hall-1 ams1-r01 | ceph-root=default device-class=nvme
ceph-ams1-c 2 ams1 ams1-hall-1 ams1-r02 | ceph-root=default device-class=nvme
ceph-ams2-a 2 ams2 - ams2-r01 | ceph-root=default device-class=nvme
ceph-ams2-b 2 ams2 - ams2-r01 | ceph-root=default device-class=nvme
ceph-ams2-c 3 ams2 - ams2-r02 | ceph-root=default device-class=hdd
! 3 hosts (first `ceph-ams2-a`) have no `room` domain and cannot satisfy a rule on `room`
"#,
    );
}

#[test]
fn ceph_crush_tree_jewel_fixture() {
    check(
        import_ceph(CEPH_CRUSH_TREE_JEWEL),
        r#"
kinds: datacenter rack
osd-par1-1 2 par1 par1-rack1 | ceph-root=default
osd-par1-2 2 par1 par1-rack1 | ceph-root=default
osd-par1-3 2 par1 par1-rack2 | ceph-root=default
osd-par2-1 3 par2 par2-rack1 | ceph-root=default
"#,
    );
}

#[test]
fn kubectl_keeps_every_label_and_names_hosts_by_node_name() {
    let imported = import_kubectl(KUBECTL).unwrap();
    let worker = &imported.topology.hosts[1];
    assert_eq!(worker.name, "worker-a1.k8s.example.net");
    assert_eq!(worker.labels["kubernetes.io/hostname"], "worker-a1");
    assert_eq!(worker.labels["topology.example.com/rack"], "dub-a-r01");
    assert_eq!(worker.labels.len(), 13);
    // A single node (`kubectl get node NAME -o json`) imports too.
    let list: Value = serde_json::from_str(KUBECTL).unwrap();
    let single = import_kubectl(&list["items"][3].to_string()).unwrap();
    assert_eq!(single.topology.hosts[0].name, "worker-b1");
}

const NODE: &str = r#"{"kind":"Node","metadata":{"name":"a","labels":{"example.com/rack":"r1"}}}"#;

fn list(items: &[&str]) -> String {
    format!(
        r#"{{"apiVersion":"v1","kind":"List","items":[{}]}}"#,
        items.join(",")
    )
}

#[test]
fn bad_kubectl_inputs_name_the_item() {
    check_error(
        import_kubectl(r#"{"items": ["#),
        "kubectl input is not JSON: EOF while parsing a list at line 1 column 11",
    );
    check_error(
        import_kubectl(""),
        "kubectl input is not JSON: the input is empty",
    );
    check_error(
        import_ceph("\n"),
        "ceph input is not JSON: the input is empty",
    );
    check_error(
        import_kubectl("[]"),
        "the top level: expected an object, got an array",
    );
    check_error(
        import_kubectl(r#"{"kind":"PodList","items":[]}"#),
        "kind: expected a `List` of nodes (`kubectl get nodes -o json`), got `PodList`",
    );
    check_error(
        import_kubectl(r#"{"kind":"List","items":{}}"#),
        "items: expected an array, got an object",
    );
    check_error(
        import_kubectl(&list(&[])),
        "no hosts: the list has no nodes",
    );
    check_error(
        import_kubectl(&list(&[
            NODE,
            r#"{"kind":"Node","metadata":{"labels":{}}}"#,
        ])),
        "items[1].metadata.name: missing or empty, and no `kubernetes.io/hostname` label names the node",
    );
    check_error(
        import_kubectl(&list(&[
            NODE,
            r#"{"metadata":{"name":"a","labels":{"kubernetes.io/hostname":"b"}}}"#,
        ])),
        "duplicate host name `a` at items[1] (first at items[0])",
    );
    check_error(
        import_kubectl(&list(&[r#"{"kind":"Pod","metadata":{"name":"a"}}"#])),
        "items[0].kind: expected `Node`, got `Pod`",
    );
    check_error(
        import_kubectl(&list(&[r#"{"kind":"Node"}"#])),
        "items[0]: missing `metadata`",
    );
    check_error(
        import_kubectl(&list(&[r#"{"metadata":{"name":"a","labels":"rack=r1"}}"#])),
        "items[0].metadata.labels: expected an object, got the string \"rack=r1\"",
    );
    check_error(
        import_kubectl(&list(&[
            r#"{"metadata":{"name":"a","labels":{"example.com/rack":7}}}"#,
        ])),
        "items[0].metadata.labels.example.com/rack: expected a string, got the number 7",
    );
    check_error(
        import_kubectl(&list(&[
            NODE,
            r#"{"metadata":{"name":"b"},"spec":{"taints":[{"key":"k"}]}}"#,
        ])),
        "items[1].spec.taints[0]: missing `effect`",
    );
}

const ROOT: &str = r#"{"id":-1,"name":"default","type":"root","type_id":11,"children":[-2]}"#;
const RACK: &str = r#"{"id":-2,"name":"r1","type":"rack","type_id":3,"children":[-3]}"#;
const HOST: &str = r#"{"id":-3,"name":"h1","type":"host","type_id":1,"children":[0]}"#;
const OSD: &str = r#"{"id":0,"name":"osd.0","type":"osd","type_id":0,"status":"up"}"#;

fn tree(nodes: &[&str]) -> String {
    format!(r#"{{"nodes":[{}],"stray":[]}}"#, nodes.join(","))
}

#[test]
fn a_minimal_ceph_tree_imports() {
    let imported = import_ceph(&tree(&[ROOT, RACK, HOST, OSD])).unwrap();
    assert_eq!(imported.topology.kinds, ["rack"]);
    assert_eq!(imported.topology.hosts[0].slots, 1);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

/// A root is the bucket at the top of a host's chain, whatever its type is called: Ceph's own
/// test maps call the root type `default`, or leave a rack at the top. Only a `root`-typed
/// bucket is not a failure domain.
#[test]
fn a_root_is_the_top_bucket_whatever_its_type_is_called() {
    let root = r#"{"id":-1,"name":"root","type":"default","type_id":3,"children":[-2]}"#;
    let top_rack = r#"{"id":-4,"name":"r0","type":"rack","type_id":2,"children":[-5]}"#;
    let host = r#"{"id":-5,"name":"h0","type":"host","type_id":1,"children":[1]}"#;
    let osd = r#"{"id":1,"name":"osd.1","type":"osd","type_id":0,"status":"up"}"#;
    let imported = import_ceph(&tree(&[root, RACK, HOST, OSD, top_rack, host, osd])).unwrap();
    let root_of = |name: &str| {
        let host = imported
            .topology
            .hosts
            .iter()
            .find(|h| h.name == name)
            .unwrap();
        (host.labels["ceph-root"].clone(), host.domains.clone())
    };
    let (h1_root, h1_domains) = root_of("h1");
    assert_eq!(h1_root, "root");
    assert_eq!(h1_domains.get("default").map(String::as_str), Some("root"));
    let (h0_root, h0_domains) = root_of("h0");
    assert_eq!(h0_root, "r0");
    assert_eq!(h0_domains.get("rack").map(String::as_str), Some("r0"));
    // The usual `root`-typed root labels without being a kind.
    let usual = import_ceph(&tree(&[ROOT, RACK, HOST, OSD])).unwrap();
    assert_eq!(usual.topology.hosts[0].labels["ceph-root"], "default");
    assert_eq!(usual.topology.kinds, ["rack"]);
}

#[test]
fn bad_ceph_inputs_name_the_item() {
    check_error(
        import_ceph("ID CLASS WEIGHT TYPE NAME"),
        "ceph input is not JSON: expected value at line 1 column 1",
    );
    check_error(
        import_ceph(r#"{"items":[]}"#),
        "the top level: missing `nodes`: expected the output of `ceph osd tree -f json` or `ceph osd crush tree -f json`",
    );
    check_error(
        import_ceph(r#""default""#),
        "the top level: expected an object with `nodes` or an array of buckets, got the string \"default\"",
    );
    check_error(
        import_ceph(r#"{"nodes":{}}"#),
        "nodes: expected an array, got an object",
    );
    check_error(
        import_ceph(&tree(&[ROOT, r#"{"id":-2,"type":"rack","children":[]}"#])),
        "nodes[1]: missing `name`",
    );
    check_error(
        import_ceph(&tree(&[r#"{"id":"-1","name":"default","type":"root"}"#])),
        "nodes[0].id: expected an integer, got the string \"-1\"",
    );
    check_error(
        import_ceph(&tree(&[
            r#"{"id":-1,"name":"default","type":"root","children":[-2,-9]}"#,
            RACK,
            HOST,
            OSD,
        ])),
        "nodes[0].children[1]: child id -9 does not exist",
    );
    check_error(
        import_ceph(&tree(&[
            ROOT,
            RACK,
            r#"{"id":-3,"name":"h1","type":"host","children":[0,-2]}"#,
            OSD,
        ])),
        "nodes[1]: bucket `r1` is its own ancestor (-2 → -3 → -2)",
    );
    check_error(
        import_ceph(&tree(&[
            ROOT,
            RACK,
            HOST,
            r#"{"id":-2,"name":"r2","type":"rack"}"#,
            OSD,
        ])),
        "nodes[3].id: duplicate id -2 (first at nodes[1])",
    );
    check_error(
        import_ceph(&tree(&[
            r#"{"id":-1,"name":"default","type":"root","children":[-3,-4]}"#,
            HOST,
            r#"{"id":-4,"name":"h1","type":"host","children":[]}"#,
            OSD,
        ])),
        "duplicate host name `h1` at nodes[2] (first at nodes[1])",
    );
    check_error(
        import_ceph(&tree(&[
            r#"{"id":-1,"name":"default","type":"root","children":[0]}"#,
            OSD,
        ])),
        "no hosts: no bucket of type `host` in the tree",
    );
    check_error(
        import_ceph(r#"[{"id":-1,"name":"default","type":"root","items":[{"name":"h1"}]}]"#),
        "[0].items[0]: missing `id`",
    );
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let huge = " ".repeat(MAX_INPUT_BYTES + 1);
    check_error(
        import_ceph(&huge),
        &format!(
            "ceph input is {} bytes, more than the 64 MiB limit",
            MAX_INPUT_BYTES + 1
        ),
    );
}

#[test]
fn formats_are_detected_from_the_text() {
    let fixture = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    assert_eq!(
        Format::detect(&fixture("kubectl-nodes.json")),
        Format::Kubectl
    );
    assert_eq!(Format::detect(&fixture("ceph-osd-tree.json")), Format::Ceph);
    assert_eq!(
        Format::detect(&fixture("ceph-osd-crush-tree.json")),
        Format::Ceph
    );
    let native = crate::topology::default_topology().to_json_string();
    let text = include_str!("../../tests/fixtures/ceph/straw2.txt");
    assert_eq!(Format::detect(text), Format::CrushText);
    let (_, imported) = import(Some(Format::CrushText), text).expect("the CRUSH map imports");
    assert_eq!(imported.topology.hosts.len(), 1);
    assert_eq!(Format::detect("not json"), Format::Native);
    assert_eq!(Format::detect(&native), Format::Native);
    assert!(import(Some(Format::Native), &native).is_ok());
    // `--from` overrides detection.
    assert!(
        import(Some(Format::Kubectl), &native)
            .unwrap_err()
            .to_string()
            .contains("kubectl")
    );
}

#[test]
fn a_ceph_tree_deeper_than_crush_allows_is_refused() {
    // Found while probing the readers for blow-ups after the `query` fuzz finding: each host gets
    // a domain per bucket above it, so a chain of 1,000 buckets over 1,000 hosts (230 KB) became
    // a 24 MB topology, and 64 MiB of such input could exhaust memory.
    let chain = |depth: usize| {
        let mut nodes = Vec::new();
        for level in 1..=depth {
            let id = -(level as i64);
            let kind = if level == 1 {
                "root".to_owned()
            } else {
                format!("t{level}")
            };
            nodes.push(format!(
                r#"{{"id":{id},"name":"b{level}","type":"{kind}","children":[{}]}}"#,
                id - 1
            ));
        }
        let host = -(depth as i64) - 1;
        nodes.push(format!(
            r#"{{"id":{host},"name":"h1","type":"host","children":[0]}}"#
        ));
        nodes.push(OSD.to_owned());
        let nodes: Vec<&str> = nodes.iter().map(String::as_str).collect();
        tree(&nodes)
    };
    let deepest = import_ceph(&chain(MAX_DEPTH)).unwrap();
    assert_eq!(deepest.topology.kinds.len(), MAX_DEPTH - 1);
    check_error(
        import_ceph(&chain(MAX_DEPTH + 1)),
        "nodes[65]: host `h1` is more than 64 buckets below its root; a CRUSH tree is a few levels deep",
    );
}

#[test]
fn a_bucket_with_two_parents_is_reported_once_not_once_per_host() {
    // The warning used to be repeated for every host below the bucket, each time listing every
    // parent: many parents over many hosts made a quadratic pile of warnings.
    let imported = import_ceph(&tree(&[
        r#"{"id":-1,"name":"default","type":"root","children":[-10,-11]}"#,
        r#"{"id":-10,"name":"room-a","type":"room","children":[-2]}"#,
        r#"{"id":-11,"name":"room-b","type":"room","children":[-2]}"#,
        r#"{"id":-2,"name":"r1","type":"rack","children":[-3,-4]}"#,
        HOST,
        r#"{"id":-4,"name":"h2","type":"host","children":[1]}"#,
        OSD,
        r#"{"id":1,"name":"osd.1","type":"osd","status":"up"}"#,
    ]))
    .unwrap();
    assert_eq!(imported.topology.hosts.len(), 2);
    let about_parents: Vec<&String> = imported
        .warnings
        .iter()
        .filter(|w| w.contains("parents"))
        .collect();
    assert_eq!(
        about_parents,
        ["bucket `r1` has 2 parents (room-a, room-b): the first is used"]
    );
}

/// A kubectl fixture from `tests/fixtures/kubectl/` (see the README there), read as the CLI and
/// the web app read it: detected, not told the format.
fn kubectl(name: &str) -> Imported {
    let text = match name {
        "eks" => include_str!("../../tests/fixtures/kubectl/eks.json"),
        "eks-1.16-beta-labels" => {
            include_str!("../../tests/fixtures/kubectl/eks-1.16-beta-labels.json")
        }
        "aks-zones" => include_str!("../../tests/fixtures/kubectl/aks-zones.json"),
        "aks-no-zones" => include_str!("../../tests/fixtures/kubectl/aks-no-zones.json"),
        "gke" => include_str!("../../tests/fixtures/kubectl/gke.json"),
        "gke-single-node" => include_str!("../../tests/fixtures/kubectl/gke-single-node.json"),
        "openshift-aws" => include_str!("../../tests/fixtures/kubectl/openshift-aws.json"),
        "onprem-kvm" => include_str!("../../tests/fixtures/kubectl/onprem-kvm.json"),
        "kind" => include_str!("../../tests/fixtures/kubectl/kind.json"),
        other => panic!("no fixture {other}"),
    };
    let (format, imported) = import(None, text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(format, Format::Kubectl, "{name}");
    imported
}

fn domains_of(imported: &Imported, kind: &str) -> Vec<String> {
    let mut out: Vec<String> = imported
        .topology
        .hosts
        .iter()
        .filter_map(|h| h.domains.get(kind).cloned())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn cloud_node_lists_map_zones_to_data_centers_and_name_hosts_by_node_name() {
    for (name, zones, region) in [
        ("eks", 3, "us-west-2"),
        ("eks-1.16-beta-labels", 3, "us-west-2"),
        ("aks-zones", 3, "westeurope"),
        ("gke", 3, "europe-west1"),
        ("openshift-aws", 3, "us-east-1"),
    ] {
        let imported = kubectl(name);
        assert_eq!(imported.topology.kinds, ["region", "datacenter"], "{name}");
        assert_eq!(domains_of(&imported, "datacenter").len(), zones, "{name}");
        assert_eq!(domains_of(&imported, "region"), [region], "{name}");
    }
    // OpenShift on AWS: the node name is the EC2 DNS name, the hostname label the short one.
    let ocp = kubectl("openshift-aws");
    assert_eq!(ocp.topology.hosts[0].name, "ip-10-0-140-12.ec2.internal");
    assert_eq!(
        ocp.topology.hosts[0].labels["kubernetes.io/hostname"],
        "ip-10-0-140-12"
    );
    let blocked: Vec<&str> = ocp
        .topology
        .hosts
        .iter()
        .filter(|h| h.slots == 0)
        .map(|h| h.name.as_str())
        .collect();
    assert_eq!(blocked.len(), 3, "the masters are tainted NoSchedule");
}

#[test]
fn azure_fault_domains_are_racks_not_data_centers() {
    let imported = kubectl("aks-no-zones");
    assert_eq!(imported.topology.kinds, ["region", "rack"]);
    assert_eq!(
        domains_of(&imported, "rack"),
        [
            "northcentralus-fd0",
            "northcentralus-fd1",
            "northcentralus-fd4"
        ]
    );
    assert!(domains_of(&imported, "datacenter").is_empty());
    assert_eq!(
        imported
            .warnings
            .iter()
            .filter(|w| w.contains(
                "is a fault-domain number (Azure without availability zones in `northcentralus`)"
            ))
            .count(),
        4
    );
}

#[test]
fn an_unlabelled_node_among_zoned_ones_has_an_unknown_zone_and_shared_hostnames_are_reported() {
    let imported = kubectl("onprem-kvm");
    let names: Vec<&str> = imported
        .topology
        .hosts
        .iter()
        .map(|h| h.name.as_str())
        .collect();
    assert!(names.contains(&"kvm-a.dc1.example.org") && names.contains(&"kvm-a.dc2.example.org"));
    assert!(
        imported.warnings.iter().any(|w| w.starts_with(
            "1 of 6 nodes have no `topology.kubernetes.io/zone` label (first `kvm-d.dc2.example.org`): their zone is unknown"
        )),
        "{:#?}",
        imported.warnings
    );
    assert!(
        imported.warnings.iter().any(|w| w.starts_with(
            "nodes `kvm-a.dc1.example.org`, `kvm-a.dc2.example.org` share `kubernetes.io/hostname=kvm-a`"
        )),
        "{:#?}",
        imported.warnings
    );
    assert_eq!(
        domains_of(&imported, "rack"),
        ["dc1-r07", "dc1-r08", "dc2-r02", "dc2-r03"]
    );
}

#[test]
fn a_single_node_a_bare_items_list_and_kind_clusters_are_accepted() {
    let single = kubectl("gke-single-node");
    assert_eq!(single.topology.hosts.len(), 1);
    let kind = kubectl("kind");
    assert_eq!(kind.topology.hosts.len(), 3);
    assert!(kind.topology.kinds.is_empty());
    assert_eq!(
        kind.topology.hosts.iter().filter(|h| h.slots == 1).count(),
        2
    );
}

#[test]
fn wrong_pastes_say_what_to_run_instead() {
    let cases = [
        (
            "ID  CLASS  WEIGHT   REWEIGHT  SIZE    RAW USE  DATA     OMAP  META     AVAIL    %USE  VAR   PGS  STATUS\n 0    hdd  0.09769   1.00000  100 GiB  1.0 GiB  ...",
            "ceph osd df",
        ),
        (
            "ID  CLASS  WEIGHT   TYPE NAME       STATUS  REWEIGHT  PRI-AFF\n-1         0.29306  root default\n",
            "run `ceph osd tree -f json`",
        ),
        (
            "NAME                 STATUS   ROLES           AGE   VERSION\nkind-control-plane   Ready    control-plane   10d   v1.31.0\n",
            "run `kubectl get nodes -o json`",
        ),
        (
            "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Node\n",
            "this is YAML",
        ),
        (
            "Warning: v1 ComponentStatus is deprecated in v1.19+\n{\"items\": []}\n",
            "line 1 is not JSON (`Warning: v1 ComponentStatus is deprecated in v1.19+`)",
        ),
        (
            r#"{"nodes":[{"id":0,"name":"osd.0","kb_used":1024}],"stray":[],"summary":{"total_kb":1}}"#,
            "ceph osd df -f json",
        ),
    ];
    for (text, expected) in cases {
        let error = import(None, text).unwrap_err().to_string();
        assert!(error.contains(expected), "{text:?}: {error}");
    }
    assert!(
        import(
            None,
            "{\"version\": 1, \"kinds\": [], \"hosts\": [{\"name\": \"a\"}]}"
        )
        .is_ok()
    );
}

#[test]
fn a_utf8_bom_is_accepted_and_utf16_is_named() {
    let text = format!(
        "\u{feff}{}",
        include_str!("../../tests/fixtures/kubectl/kind.json")
    );
    let decoded = decode(text.as_bytes()).unwrap();
    assert!(import(None, decoded).is_ok());
    assert!(import(None, &text).is_ok(), "a pasted BOM too");
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("{\"items\":[]}".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let error = decode(&utf16).unwrap_err().to_string();
    assert!(
        error.contains("UTF-16 (what PowerShell's `>` writes)"),
        "{error}"
    );
}
