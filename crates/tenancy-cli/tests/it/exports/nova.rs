//! Every Nova export's command lines use only documented subcommands and flags, with the values
//! those flags accept: `openstack server group create --policy … [--rule max_server_per_host=N]`
//! (rules need compute API 2.64 and the anti-affinity policy), the legacy
//! `nova server-group-create NAME POLICY [--rule …]`, `openstack server create --hint group=…`.

use super::{ANSWERS, REQUESTS, export, export_request, presets};

/// (program, subcommand, flags it takes (each with one value), positional arguments).
const COMMANDS: [(&str, &[&str], &[&str], usize); 6] = [
    (
        "openstack",
        &["server", "group", "create"],
        &["--policy", "--rule"],
        1,
    ),
    ("openstack", &["server", "group", "show"], &["-f", "-c"], 1),
    (
        "openstack",
        &["server", "create"],
        &[
            "--image",
            "--flavor",
            "--hint",
            "--min",
            "--max",
            "--availability-zone",
        ],
        1,
    ),
    ("openstack", &["flavor", "set"], &["--property"], 1),
    ("nova", &["server-group-create"], &["--rule"], 2),
    ("nova", &["boot"], &["--image", "--flavor", "--hint"], 1),
];

const POLICIES: [&str; 4] = [
    "affinity",
    "anti-affinity",
    "soft-affinity",
    "soft-anti-affinity",
];

/// Checks one command line; returns the policy and rule of a group it creates.
fn check_line(line: &str, replicas: u32) -> Option<(String, Option<String>)> {
    // `GROUP_ID=$(openstack …)`: check the inner command.
    let line = match line.split_once("=$(") {
        Some((_, inner)) => inner.trim_end_matches(')'),
        None => line,
    };
    let words: Vec<&str> = line.split_whitespace().collect();
    let (program, mut rest) = words.split_first().expect("a command");
    let mut version: Option<(u32, u32)> = None;
    if rest.first() == Some(&"--os-compute-api-version") {
        let (major, minor) = rest[1].split_once('.').expect("major.minor");
        version = Some((major.parse().expect("major"), minor.parse().expect("minor")));
        rest = &rest[2..];
    }
    let (_, subcommand, flags, positionals) = COMMANDS
        .iter()
        .find(|(name, sub, _, _)| name == program && rest.starts_with(sub))
        .unwrap_or_else(|| panic!("undocumented command: {line}"));
    let mut args = &rest[subcommand.len()..];
    let mut given: Vec<(&str, &str)> = Vec::new();
    let mut positional = Vec::new();
    while let Some((first, tail)) = args.split_first() {
        if first.starts_with('-') {
            assert!(
                flags.contains(first),
                "undocumented flag {first} in: {line}"
            );
            let value = tail
                .first()
                .unwrap_or_else(|| panic!("{first} without value: {line}"));
            given.push((first, value));
            args = &tail[1..];
        } else {
            positional.push(*first);
            args = tail;
        }
    }
    assert_eq!(
        positional.len(),
        *positionals,
        "positional arguments of: {line}"
    );
    let value = |flag: &str| given.iter().find(|(f, _)| *f == flag).map(|(_, v)| *v);
    let rule = value("--rule").map(str::to_owned);
    if let Some(rule) = &rule {
        let (key, n) = rule.split_once('=').expect("key=value");
        assert_eq!(key, "max_server_per_host", "{line}");
        assert!(n.parse::<u32>().expect("a number") >= 1, "{line}");
        assert!(
            version >= Some((2, 64)),
            "--rule needs compute API 2.64: {line}"
        );
    }
    if subcommand == &["server", "create"] {
        assert_eq!(
            value("--min"),
            Some(replicas.to_string().as_str()),
            "{line}"
        );
        assert_eq!(
            value("--max"),
            Some(replicas.to_string().as_str()),
            "{line}"
        );
        if let Some(hint) = value("--hint") {
            assert!(hint.starts_with("group="), "{line}");
        }
    }
    let policy = match (*program, subcommand) {
        ("openstack", [_, "group", "create"]) => value("--policy").expect("a policy"),
        ("nova", _) => positional[1],
        _ => return None,
    };
    assert!(POLICIES.contains(&policy), "{line}");
    if rule.is_some() {
        assert_eq!(policy, "anti-affinity", "rules need anti-affinity: {line}");
    }
    Some((policy.to_owned(), rule))
}

/// Checks every line; the openstack and nova group commands must agree.
fn check(text: &str, replicas: u32) {
    let groups: Vec<(String, Option<String>)> = text
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| check_line(line, replicas))
        .collect();
    assert!(groups.len() == 2 || groups.is_empty(), "{text}");
    if let [first, second] = groups.as_slice() {
        assert_eq!(first, second, "the two forms differ:\n{text}");
    }
}

#[test]
fn every_nova_export_uses_documented_flags() {
    for preset in presets() {
        let text = export(&["export", "nova", "--preset", preset], "");
        let markdown = export(&["export", "markdown", "--preset", preset], "");
        let replicas: u32 = markdown
            .lines()
            .find_map(|line| line.split(" replicas, quorum").next()?.parse().ok())
            .expect("the report names the replicas");
        check(&text, replicas);
    }
    for request in REQUESTS {
        let text = export(&["export", "nova", "--request", "-"], request);
        let replicas: u32 = request
            .split("\"replicas\": ")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .and_then(|n| n.parse().ok())
            .expect("replicas");
        check(&text, replicas);
    }
    for answers in ANSWERS {
        check(&export(&["export", "nova", "--answers", "-"], answers), 3);
    }
    let text = export(
        &["export", "nova", "--request", "-"],
        r#"{"replicas": 4, "rules": [{"kind": "host", "max_per_domain": 2}]}"#,
    );
    assert!(text.contains("--rule max_server_per_host=2"), "{text}");
    check(&text, 4);
}

#[test]
fn rack_rules_are_lossy_in_nova() {
    let run = export_request(
        "nova",
        r#"{"replicas": 3, "rules": [{"kind": "rack", "max_per_domain": 1}]}"#,
    );
    run.stderr_has("lossy: at most 1 per rack: Nova server groups only know compute hosts");
    run.stderr_has("availability zones");
}
