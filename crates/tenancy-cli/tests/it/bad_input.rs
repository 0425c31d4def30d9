//! The bad-input table, `docs/bad-input.md`: every bad input listed here is run for real — the CLI
//! cases through the built `tenancy` binary, the web cases through the core functions the web app
//! calls — and the table is rendered from what happened, so the document cannot drift.
//!
//! Each CLI case must exit 2 with nothing on stdout and a message on stderr that names the
//! problem; each web link must give a notice and keep exactly the state of the link without its
//! bad parts (defaults there); each pasted topology must be refused with a message. Nothing may
//! panic. When the table differs from the file the test fails; `UPDATE_BAD_INPUT=1` rewrites it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tenancy_core::import::{Format, import};
use tenancy_core::link::{Link, notice};
use tenancy_core::topology::{MAX_HOSTS, MAX_INPUT_BYTES, default_topology};

use crate::binary::{line, tenancy_in};

/// Where a bad input arrives.
enum Place {
    /// `tenancy` with these arguments and this standard input.
    Cli { args: Vec<String>, stdin: Vec<u8> },
    /// A share link's query; `kept` is the same link without its bad parts.
    Link { query: String, kept: String },
    /// A topology pasted into the web app, in one of the formats it reads.
    Paste { format: Format, text: String },
}

/// One row: the input as the table shows it, where it goes, and a fragment the message must
/// contain (what is wrong, or where).
struct Case {
    shown: String,
    place: Place,
    names: &'static str,
}

/// What the user saw.
struct Seen {
    place: String,
    message: String,
}

/// Files the cases refer to by relative name, made once in a scratch directory that is also the
/// binary's working directory, so no machine path reaches the table.
fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad-input");
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.join(name), bytes).expect("scratch file");
    };
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("{\"items\": []}".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    write("utf16.json", &utf16);
    write(
        "topology.json",
        default_topology().to_json_string().as_bytes(),
    );
    write("latin1.json", b"{\"name\": \"Z\xfcrich\"}");
    write("nodes.json", NODES.as_bytes());
    write("many-hosts.json", many_hosts().as_bytes());
    // Only its size matters, so the 64 MiB file is written once.
    let huge = dir.join("huge.json");
    if !std::fs::metadata(&huge).is_ok_and(|m| m.len() == MAX_INPUT_BYTES as u64 + 1) {
        std::fs::write(&huge, vec![b' '; MAX_INPUT_BYTES + 1]).expect("scratch file");
    }
    dir
}

/// A native topology with one host more than the limit, each as small as JSON allows.
fn many_hosts() -> String {
    let mut text = String::from("{\"version\":1,\"kinds\":[],\"hosts\":[");
    for i in 0..=MAX_HOSTS {
        if i > 0 {
            text.push(',');
        }
        let _ = write!(text, "{{\"name\":\"{i}\"}}");
    }
    text.push_str("]}");
    text
}

/// A Ceph tree with one host this many buckets below its root, each bucket a type of its own.
fn deep_ceph_tree(depth: i64) -> String {
    let mut nodes: Vec<String> = (1..=depth)
        .map(|level| {
            let kind = if level == 1 {
                "root".to_owned()
            } else {
                format!("t{level}")
            };
            format!(
                r#"{{"id":-{level},"name":"b{level}","type":"{kind}","children":[-{}]}}"#,
                level + 1
            )
        })
        .collect();
    nodes.push(format!(
        r#"{{"id":-{},"name":"h1","type":"host","children":[0]}}"#,
        depth + 1
    ));
    nodes.push(r#"{"id":0,"name":"osd.0","type":"osd"}"#.to_owned());
    format!(r#"{{"nodes":[{}]}}"#, nodes.join(","))
}

fn cli(args: &[&str], stdin: &str, names: &'static str) -> Case {
    let shown = if stdin.is_empty() {
        "(none)".to_owned()
    } else {
        stdin.to_owned()
    };
    cli_bytes(&shown, args, stdin.as_bytes(), names)
}

fn cli_bytes(shown: &str, args: &[&str], stdin: &[u8], names: &'static str) -> Case {
    Case {
        shown: shown.to_owned(),
        place: Place::Cli {
            args: args.iter().map(|&a| a.to_owned()).collect(),
            stdin: stdin.to_vec(),
        },
        names,
    }
}

fn link(query: &str, kept: &str, names: &'static str) -> Case {
    Case {
        shown: query.to_owned(),
        place: Place::Link {
            query: query.to_owned(),
            kept: kept.to_owned(),
        },
        names,
    }
}

fn paste(format: Format, text: &str, names: &'static str) -> Case {
    paste_shown(text, format, text, names)
}

fn paste_shown(shown: &str, format: Format, text: &str, names: &'static str) -> Case {
    Case {
        shown: shown.to_owned(),
        place: Place::Paste {
            format,
            text: text.to_owned(),
        },
        names,
    }
}

const STRICT: &[&str] = &["recommend", "--answers", "-", "--strict"];
const NATIVE: &[&str] = &["topology", "convert", "--from", "native", "-"];
const KUBECTL: &[&str] = &["topology", "convert", "--from", "kubectl", "-"];
const CEPH: &[&str] = &["topology", "convert", "--from", "ceph", "-"];
const DETECT: &[&str] = &["topology", "convert", "-"];
const PLACE: &[&str] = &["place", "--topology", "topology.json", "--request", "-"];
const CHECK: &[&str] = &["check", "k8s", "-", "--nodes", "nodes.json"];
/// Two nodes in two zones, for the manifest cases.
const NODES: &str = r#"{"kind": "List", "items": [
  {"metadata": {"name": "n1", "labels": {"kubernetes.io/hostname": "n1", "topology.kubernetes.io/zone": "z1"}}},
  {"metadata": {"name": "n2", "labels": {"kubernetes.io/hostname": "n2", "topology.kubernetes.io/zone": "z2"}}}]}"#;
/// A Deployment whose `SPREAD` and `CPU` parts the cases replace.
const DEPLOYMENT: &str = "kind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      topologySpreadConstraints: [{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: SPREAD}]\n      containers: [{name: web, resources: {requests: {cpu: CPU}}}]\n";

fn deployment(spread: &str, cpu: &str) -> String {
    DEPLOYMENT.replace("SPREAD", spread).replace("CPU", cpu)
}

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    use Format::{Ceph, Kubectl, Native};
    let one_host =
        r#"{"version":1,"kinds":["rack"],"hosts":[{"name":"a","domains":{"rack":"r1"}}]}"#;
    vec![
        // Answers and presets.
        cli(STRICT, "not json", "not valid JSON"),
        cli(STRICT, "", "empty"),
        cli(STRICT, "[1, 2]", "an array"),
        cli(STRICT, r#"{"tenants": "aliens"}"#, "aliens"),
        cli(STRICT, r#"{"colour": "blue"}"#, "colour"),
        cli(STRICT, r#"{"replicas": 0}"#, "replicas"),
        cli(STRICT, r#"{"replicas": 65}"#, "replicas"),
        cli(STRICT, r#"{"replicas": "three"}"#, "replicas"),
        cli(STRICT, r#"{"replicas": 2.5}"#, "replicas"),
        cli(STRICT, r#"{"survive": ["rack"]}"#, "survive"),
        cli(STRICT, r#"{"regimes": ["hipaa", "gdpr"]}"#, "gdpr"),
        cli(STRICT, r#"{"tenants": null}"#, "tenants"),
        cli_bytes(r#"{"code": "\xFF"} (not UTF-8)"#, STRICT, b"{\"code\": \"\xff\"}", "UTF-8"),
        cli(&["recommend", "--preset", "nope"], "", "nope"),
        cli(&["recommend", "--preset", "public-cloud", "--answers", "-"], "{}", "--answers"),
        cli(&["recommend", "--answers", "missing.json"], "", "missing.json"),
        cli(&["recommend", "--format", "yaml"], "", "yaml"),
        // Commands and flags.
        cli(&["frobnicate"], "", "frobnicate"),
        cli(&["place", "--topology", "topology.json"], "", "--request"),
        cli(&["topology", "convert", "--from", "yaml", "-"], "", "yaml"),
        cli(&["export", "helm"], "", "helm"),
        cli(&["export", "k8s", "--name", "Bad Name"], "", "Bad Name"),
        cli(&["export", "k8s", "--label-prefix", "a b"], "", "a b"),
        cli(&["schema", "topologie"], "", "topologie"),
        // Native topologies.
        cli(NATIVE, "", "empty"),
        cli(NATIVE, "hosts: []", "not valid"),
        cli(NATIVE, r#"{"version": 2, "kinds": [], "hosts": []}"#, "version 2"),
        cli(NATIVE, r#"{"kinds": [], "hosts": [{"name": "a"}]}"#, "version"),
        cli(NATIVE, r#"{"version": 1, "kinds": [], "hosts": []}"#, "no hosts"),
        cli(NATIVE, r#"{"version": 1, "kinds": [], "hosts": [{"name": "a"}, {"name": "a"}]}"#, "hosts[1]"),
        cli(NATIVE, r#"{"version": 1, "kinds": [], "hosts": [{"name": ""}]}"#, "hosts[0]"),
        cli(NATIVE, r#"{"version": 1, "kinds": [], "hosts": [{"name": "a", "slot": 2}]}"#, "slot"),
        cli(NATIVE, r#"{"version": 1, "kinds": [], "hosts": [{"name": "a", "slots": -1}]}"#, "-1"),
        cli(NATIVE, r#"{"version": 1, "kinds": [], "hosts": [{"name": "a", "slots": "two"}]}"#, "two"),
        cli(NATIVE, r#"{"version": 1, "kinds": ["rack", "host"], "hosts": [{"name": "a"}]}"#, "kinds[1]"),
        cli(NATIVE, r#"{"version": 1, "kinds": ["rack", "rack"], "hosts": [{"name": "a"}]}"#, "kinds[1]"),
        cli(NATIVE, r#"{"version": 1, "kinds": ["common-mode"], "hosts": [{"name": "a"}]}"#, "reserved"),
        cli(NATIVE, r#"{"version": 1, "kinds": [], "hosts": [{"name": "a"}], "rates": {"common-mode": {"failures_per_year": 1, "mttr_hours": -2}}}"#, "mttr_hours"),
        cli(NATIVE, r#"{"version": 1, "kinds": ["rack"], "hosts": [{"name": "a", "domains": {"row": "r1"}}]}"#, "row"),
        cli(NATIVE, r#"{"version": 1, "kinds": ["rack"], "hosts": [{"name": "a", "domains": {"rack": ""}}]}"#, "rack"),
        cli(NATIVE, r#"{"version": 1, "kinds": ["rack"], "hosts": [{"name": "a"}], "rates": {"rack": {"failures_per_year": -1, "mttr_hours": 4}}}"#, "failures_per_year"),
        cli_bytes(r#"1,000,001 hosts {"name":"0"}, {"name":"1"}, … (generated file)"#, &["topology", "convert", "--from", "native", "many-hosts.json"], b"", "1000001 hosts"),
        cli_bytes("64 MiB + 1 byte of spaces (generated file)", &["topology", "convert", "--from", "native", "huge.json"], b"", "64 MiB"),
        cli_bytes(r#"{"name": "Z\xFCrich"} (Latin-1 file)"#, &["topology", "convert", "--from", "native", "latin1.json"], b"", "offset 11"),
        cli(&["topology", "convert", "--from", "native", "missing.json"], "", "missing.json"),
        // kubectl topologies.
        cli(KUBECTL, "", "empty"),
        cli(KUBECTL, "<html>502 Bad Gateway</html>", "not JSON"),
        cli(KUBECTL, r#"{"kind": "List", "items": {}}"#, "items"),
        cli(KUBECTL, r#"{"kind": "List", "items": []}"#, "no hosts"),
        cli(KUBECTL, r#"{"kind": "List", "items": [{"metadata": {}}]}"#, "items[0]"),
        cli(KUBECTL, r#"{"kind": "List", "items": [{"metadata": {"name": "n1", "labels": {"kubernetes.io/hostname": 7}}}]}"#, "items[0]"),
        cli(KUBECTL, r#"{"kind": "List", "items": [{"metadata": {"name": "n1"}}, {"metadata": {"name": "n1"}}]}"#, "n1"),
        // Wrong pastes, recognised before any format is tried (the format is detected here).
        cli(DETECT, "ID  CLASS  WEIGHT   REWEIGHT  SIZE     RAW USE  DATA     OMAP  META  AVAIL    %USE  VAR   PGS  STATUS", "ceph osd tree -f json"),
        cli(DETECT, "ID  CLASS  WEIGHT   TYPE NAME       STATUS  REWEIGHT  PRI-AFF\n-1         0.29306  root default", "ceph osd tree -f json"),
        cli(DETECT, "NAME          STATUS   ROLES           AGE   VERSION\nkind-worker   Ready    <none>          10d   v1.31.0", "kubectl get nodes -o json"),
        cli(DETECT, "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Node", "kubectl get nodes -o json"),
        cli(DETECT, "Warning: v1 ComponentStatus is deprecated in v1.19+\n{\"items\": []}", "line 1"),
        cli(DETECT, r#"{"nodes": [{"id": 0, "name": "osd.0", "kb_used": 1024}], "stray": [], "summary": {"total_kb": 1}}"#, "ceph osd tree -f json"),
        cli_bytes(r#"{"items": []} saved by PowerShell's `>` (UTF-16 file)"#, &["topology", "convert", "utf16.json"], b"", "UTF-16"),
        // Kubernetes manifests for `check k8s` and `simulate k8s`.
        cli(CHECK, "", "no workload"),
        cli(CHECK, "replicas: {{ .Values.replicas }}\n", "helm template"),
        cli(CHECK, "kind: Service\nmetadata: {name: web}\n", "`Service`"),
        cli(CHECK, &deployment("Never", "100m"), "topologySpreadConstraints[0]"),
        cli(CHECK, &deployment("DoNotSchedule", "lots"), "requests.cpu"),
        cli(CHECK, &deployment("DoNotSchedule", "100m").replace("maxSkew: 1", "maxSkew: 0"), "maxSkew"),
        cli(CHECK, &deployment("DoNotSchedule", "100m").replace("{labels: {app: web}}", "{labels: {app: api}}"), "does not match"),
        cli(&line("check k8s - --nodes nodes.json --survive pdu"), &deployment("DoNotSchedule", "100m"), "no such failure domain"),
        cli(&["check", "k8s", "-", "--nodes", "missing.json"], &deployment("DoNotSchedule", "100m"), "missing.json"),
        cli(&line("simulate k8s --nodes nodes.json --manifest - --scenario drill --fail zone"), &deployment("DoNotSchedule", "100m"), "KIND=DOMAIN"),
        cli(&line("simulate k8s --nodes nodes.json --manifest - --scenario drill --fail zone=z9"), &deployment("DoNotSchedule", "100m"), "no node"),
        // Ceph topologies.
        cli(CEPH, "HEALTH_WARN 1 osds down", "not JSON"),
        cli(CEPH, r#"{"nodes": "all"}"#, "nodes"),
        cli(CEPH, r#"{"nodes": []}"#, "no hosts"),
        cli(CEPH, r#"{"nodes": [{"id": -1, "name": "default", "type": "root", "children": [-2]}]}"#, "-2"),
        cli(CEPH, r#"{"nodes": [{"id": -1, "name": "a", "type": "root", "children": [-2]}, {"id": -2, "name": "b", "type": "rack", "children": [-1]}]}"#, "ancestor"),
        cli_bytes("a host 65 buckets below its root (generated)", CEPH, deep_ceph_tree(65).as_bytes(), "more than 64 buckets"),
        // Requests for `tenancy place` (on the default topology).
        cli(PLACE, "", "request"),
        cli(PLACE, "replicas: 3", "not valid JSON"),
        cli(PLACE, "[3]", "an array"),
        cli(PLACE, r#"{"replicas": 3, "colour": "red"}"#, "colour"),
        cli(PLACE, "{}", "replicas"),
        cli(PLACE, r#"{"replicas": 0}"#, "replicas"),
        cli(PLACE, r#"{"replicas": 10001}"#, "replicas"),
        cli(PLACE, r#"{"replicas": 3, "quorum": 4}"#, "quorum"),
        cli(PLACE, r#"{"replicas": 3, "quorum": 0}"#, "quorum"),
        cli(PLACE, r#"{"replicas": 3, "select": {"pool": 1}}"#, "pool"),
        cli(PLACE, r#"{"replicas": 3, "rules": {"kind": "rack"}}"#, "rules"),
        cli(PLACE, r#"{"replicas": 3, "rules": [{"kind": "galaxy", "max_per_domain": 1}]}"#, "galaxy"),
        cli(PLACE, r#"{"replicas": 3, "rules": [{"kind": "rack", "spread": 1}]}"#, "rules[0]"),
        cli(PLACE, r#"{"replicas": 3, "rules": [{"kind": "rack"}]}"#, "rules[0]"),
        cli(PLACE, r#"{"replicas": 3, "rules": [{"kind": "rack", "max_per_domain": 1, "min_domains": 3}]}"#, "rules[0]"),
        cli(PLACE, r#"{"replicas": 3, "rules": [{"kind": "rack", "max_per_domain": -1}]}"#, "rules[0]"),
        cli(&["place", "--topology", "missing.json", "--request", "-"], r#"{"replicas": 3}"#, "missing.json"),
        cli(PLACE, r#"{"replicas": 3, "scope": "galaxy"}"#, "galaxy"),
        cli(PLACE, r#"{"replicas": 3, "scope": ["datacenter"]}"#, "scope"),
        cli(&line("place --topology topology.json --request - --scope zone"), r#"{"replicas": 3}"#, "--scope: unknown kind `zone`"),
        // Share links in the web app.
        link("?tenants=aliens", "", "aliens"),
        link("?preset=nope&survive=rack", "?survive=rack", "nope"),
        link("?replicas=0", "", "replicas"),
        link("?replicas=99999999999999999999", "", "replicas"),
        link("?survive=rack&embed=maybe", "?survive=rack", "embed"),
        link("?colour=blue", "", "colour"),
        link("?survive=rack&scope=", "?survive=rack", "scope"),
        link("?survive=rack&survive=planet", "?survive=planet", "more than once"),
        link("?regimes=hipaa,gdpr", "", "gdpr"),
        link("?code=%FF%FE", "", "code"),
        link("?a&b&c&d&e&f&g&survive=rack", "?survive=rack", "2 more problems"),
        link("?tenants=%3Cscript%3Ealert(1)%3C/script%3E", "", "<script>"),
        // CRUSH maps given to the twin.
        cli(&["simulate", "crush", "-", "--show-mappings"], "", "no CRUSH map"),
        cli(&["simulate", "crush", "-", "--show-mappings"], "type 0 osd\ntype 1 host\nhost h {\n\tid -1\n\talg straw3\n}\n", "line 5"),
        cli(&["simulate", "crush", "-", "--show-mappings"], "type 0 osd\ntype 1 host\nhost h {\n\tid -1\n\talg straw2\n\titem osd.9\n}\n", "osd.9"),
        cli(&line("simulate crush - --show-mappings --weight 0 1.5"), "device 0 osd.0\ntype 0 osd\ntype 1 host\nhost h {\n\tid -1\n\talg straw2\n\titem osd.0\n}\n", "between 0.0"),
        cli(&["simulate", "crush", "-", "--show-mappings", "--rule", "7"], "device 0 osd.0\ntype 0 osd\ntype 1 host\nhost h {\n\tid -1\n\talg straw2\n\titem osd.0\n}\n", "no such rule"),
        cli(&["topology", "convert", "--from", "crush-dump", "-"], r#"{"devices": [{"id": -4, "name": "osd.x"}], "types": [], "buckets": [], "rules": []}"#, "devices[0].id"),
        cli(&["topology", "convert", "--from", "crushmap", "-"], "device 0 osd.0\ntype 0 osd\nrule r {\n\tid 0\n\tstep take nowhere\n}\n", "nowhere"),
        // Topologies pasted into the web app.
        paste(Native, "not json", "not valid"),
        paste(Native, r#"{"version": 1, "kinds": [], "hosts": [{"name": "a"}, {"name": "a"}]}"#, "duplicate"),
        paste(Native, &one_host.replace("\"r1\"", "\"\""), "rack"),
        paste_shown("64 MiB + 1 byte of spaces (generated)", Native, &" ".repeat(MAX_INPUT_BYTES + 1), "64 MiB"),
        paste(Kubectl, r#"{"kind": "List"}"#, "items"),
        paste(Ceph, r#"{"stray": []}"#, "nodes"),
        // The flag names itself once.
        cli(&line("export k8s --preset public-cloud --scope galaxy"), "", "--scope: unknown kind `galaxy`"),
        // Every command names the request the same way.
        cli(&line("export k8s --request -"), r#"{"replicas": 0}"#, "request in standard input: replicas"),
        // The guarantees read the same answers, topology and request as `export`.
        cli(
            &["simulate", "nova", "--request", "-"],
            r#"{"replicas": 3, "rules": [{"kind": "galaxy", "max_per_domain": 1}]}"#,
            "galaxy",
        ),
        cli(&["simulate", "nomad", "--scope", "galaxy"], "", "galaxy"),
        // CRUSH maps given to the twin (found by fuzzing: tunables alone are no map).
        cli(
            &["simulate", "crush", "-", "--show-mappings"],
            "tunable straw_calc_version 0\n",
            "no CRUSH map",
        ),
        cli(
            &[
                "simulate",
                "crush",
                "-",
                "--pool",
                "1",
                "--size",
                "3",
                "--min-size",
                "4",
            ],
            "device 0 osd.0\ntype 0 osd\ntype 1 host\nhost h {\n\tid -1\n\talg straw2\n\titem osd.0\n}\n\
             rule r {\n\tid 0\n\ttype replicated\n\tstep take h\n\tstep choose firstn 0 type osd\n\tstep emit\n}\n",
            "--min-size",
        ),
    ]
}

/// Runs one case, asserting what every bad input must give; returns what the user saw.
fn run(case: &Case, dir: &Path) -> Seen {
    match &case.place {
        Place::Cli { args, stdin } => {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = tenancy_in(dir, &args, stdin);
            let stderr = run.stderr;
            assert!(
                !stderr.contains("panicked"),
                "{args:?} with {:?} panicked: {stderr}",
                case.shown
            );
            assert_eq!(
                run.code, 2,
                "{args:?} with {:?}: exit {}, stderr {stderr}",
                case.shown, run.code
            );
            assert!(
                run.stdout.is_empty(),
                "{args:?} with {:?} printed on stdout: {}",
                case.shown,
                run.stdout
            );
            let message = stderr.trim_end().to_owned();
            assert!(
                message.contains(case.names),
                "{args:?} with {:?}: {:?} not in {message}",
                case.shown,
                case.names
            );
            let stdin_note = if stdin.is_empty() { "" } else { " < input" };
            Seen {
                place: format!("`tenancy {}`{stdin_note}", args.join(" ")),
                message: format!("exit 2: {message}"),
            }
        }
        Place::Link { query, kept } => {
            let (state, warnings) = Link::from_query(query);
            let message =
                notice(&warnings).unwrap_or_else(|| panic!("{query}: no notice for a bad link"));
            let (expected, kept_warnings) = Link::from_query(kept);
            assert!(kept_warnings.is_empty(), "{kept} is itself bad");
            assert_eq!(
                state, expected,
                "{query}: the state is not that of {kept:?} (defaults where it was bad)"
            );
            assert!(
                message.contains(case.names),
                "{query}: {:?} not in {message}",
                case.names
            );
            Seen {
                place: "web: share link".to_owned(),
                message: format!("notice: {message}"),
            }
        }
        Place::Paste { format, text } => {
            // The web app's own path: the core's one entry point, with the format chosen as in
            // its picker.
            let result = import(Some(*format), text)
                .map(drop)
                .map_err(|e| e.to_string());
            let message = result.expect_err("a bad paste is refused");
            assert!(
                message.contains(case.names),
                "{text}: {:?} not in {message}",
                case.names
            );
            Seen {
                place: format!("web: pasted {} topology", format.id()),
                message: format!("error: {message}"),
            }
        }
    }
}

/// Text made safe for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('\n', "<br>")
}

fn render(rows: &[(String, Seen)]) -> String {
    let mut out = String::from(
        "# Bad input: what the user sees\n\
         \n\
         Every row is run by `crates/tenancy-cli/tests/it/bad_input.rs`, which also writes this file\n\
         (`UPDATE_BAD_INPUT=1 cargo test -p tenancy-cli --test it bad_input`) and fails when it is\n\
         stale. The command line exits 2 with nothing on standard output and the message on\n\
         standard error (`< input` means the input arrives on standard input); nothing panics. A\n\
         bad share link in the web app shows the notice and uses the defaults for what it did not\n\
         understand; a bad pasted topology is refused with the importer's message. Without\n\
         `--strict`, `tenancy recommend` reports the same answer problems as warnings, uses the\n\
         defaults and exits 0.\n\
         \n\
         | # | input | where | what the user sees |\n\
         | --- | --- | --- | --- |\n",
    );
    for (number, (shown, seen)) in rows.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            number + 1,
            cell(shown),
            cell(&seen.place),
            cell(&seen.message)
        );
    }
    out
}

#[test]
fn every_bad_input_gives_a_clear_message_and_the_table_says_which() {
    let dir = scratch();
    let cases = cases();
    assert!(cases.len() >= 40, "the table promises at least 40 rows");
    // Every case runs even when one fails, so a failure reports all broken rows at once.
    let mut rows = Vec::new();
    let mut broken = Vec::new();
    for case in &cases {
        match std::panic::catch_unwind(|| run(case, &dir)) {
            Ok(seen) => rows.push((case.shown.clone(), seen)),
            Err(_) => broken.push(case.shown.clone()),
        }
    }
    assert!(broken.is_empty(), "broken rows (see above): {broken:#?}");
    let table = render(&rows);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/bad-input.md");
    if std::env::var_os("UPDATE_BAD_INPUT").is_some() {
        std::fs::write(&path, &table).expect("docs/bad-input.md is writable");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == table,
        "docs/bad-input.md is stale: rerun with UPDATE_BAD_INPUT=1 \
         (cargo test -p tenancy-cli --test it bad_input) and review the diff"
    );
}
