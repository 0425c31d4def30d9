//! Tests of request parsing (errors name the item) and of the default request from answers.

use super::*;
use crate::answers::Answers;

const TOPOLOGY: &str = r#"{"version":1,"kinds":["region","datacenter","pdu","rack","switch"],
  "hosts":[{"name":"h1","domains":{"region":"eu","datacenter":"eu1","pdu":"p1","rack":"r1","switch":"s1"}}]}"#;

fn topology() -> Topology {
    Topology::from_json_str(TOPOLOGY).unwrap()
}

fn check(json: &str, expected: &str) {
    let actual = match Request::from_json_str(json, &topology()) {
        Ok(request) => serde_json::to_string(&request).unwrap(),
        Err(error) => error.to_string(),
    };
    assert_eq!(actual, expected, "{json}");
}

#[test]
fn good_requests_round_trip() {
    check(
        r#"{"replicas":5}"#,
        r#"{"replicas":5,"quorum":3,"select":{},"rules":[]}"#,
    );
    check(
        r#"{"replicas":4,"quorum":2,"select":{"pool":"a"},"rules":[{"kind":"rack","max_per_domain":1},{"kind":"host","min_domains":2},{"max_skew":1,"kind":"pdu"}]}"#,
        r#"{"replicas":4,"quorum":2,"select":{"pool":"a"},"rules":[{"kind":"rack","max_per_domain":1},{"kind":"host","min_domains":2},{"kind":"pdu","max_skew":1}]}"#,
    );
}

#[test]
#[rustfmt::skip]
fn bad_requests_name_the_item() {
    check("[1]", "request must be a JSON object, found an array");
    check("{", "request is not valid JSON: EOF while parsing an object at line 1 column 1");
    check(r#"{"replicas":3,"replica":2}"#, "unknown field `replica` in the request (expected replicas, quorum, select, scope, rules)");
    check("{}", "replicas: missing (how many copies to place?)");
    check(r#"{"replicas":0}"#, "replicas: must be an integer from 1 to 10000, got 0");
    check(r#"{"replicas":10001}"#, "replicas: must be an integer from 1 to 10000, got 10001");
    check(r#"{"replicas":2.5}"#, "replicas: must be an integer from 1 to 10000, got 2.5");
    check(r#"{"replicas":3,"quorum":4}"#, "quorum: 4 is more than the 3 replicas");
    check(r#"{"replicas":3,"quorum":0}"#, "quorum: must be an integer ≥ 1, got 0");
    check(r#"{"replicas":3,"select":{"pool":1}}"#, "select: label `pool` must have a string value, found a number");
    check(r#"{"replicas":3,"rules":{}}"#, "rules: must be an array of rules, found an object");
    check(r#"{"replicas":3,"rules":[{"kind":"rack","max_per_domain":1},{"kind":"rak","min_domains":2}]}"#, "rules[1]: unknown kind `rak` (the topology has: region, datacenter, pdu, rack, switch, host)");
    check(r#"{"replicas":3,"rules":[{"kind":"rack","max_per_domain":0}]}"#, "rules[0]: max_per_domain: must be an integer ≥ 1, got 0");
    check(r#"{"replicas":3,"rules":[{"kind":"rack","max_per_domain":1,"min_domains":2}]}"#, "rules[0]: rule on `rack` has both `max_per_domain` and `min_domains` (write one rule per constraint)");
    check(r#"{"replicas":3,"rules":[{"kind":"rack"}]}"#, "rules[0]: rule on `rack` has no constraint (give one of max_per_domain, min_domains, max_skew)");
    check(r#"{"replicas":3,"rules":[{"kind":"rack","maxSkew":1}]}"#, "rules[0]: unknown field `maxSkew` (a rule has `kind` and one of max_per_domain, min_domains, max_skew)");
    check(r#"{"replicas":3,"rules":[{"max_skew":1}]}"#, "rules[0]: missing `kind`");
    check(r#"{"replicas":3,"rules":["rack"]}"#, "rules[0]: must be an object, found a string");
    check(r#"{"replicas":3,"scope":"zone"}"#, "scope: unknown kind `zone` (give `any` or one of the topology's kinds: region, datacenter, pdu, rack, switch)");
    check(r#"{"replicas":3,"scope":2}"#, "scope: must be a kind of the topology or `any`, found a number");
    check(r#"{"replicas":3,"quorum":4,"rules":[{"kind":"rack","max_per_domain":1}]}"#, "quorum: 4 is more than the 3 replicas");
}

#[test]
fn scope_any_is_no_scope_and_a_kind_round_trips() {
    check(
        r#"{"replicas":3,"scope":"any"}"#,
        r#"{"replicas":3,"quorum":2,"select":{},"rules":[]}"#,
    );
    check(
        r#"{"replicas":3,"scope":"datacenter"}"#,
        r#"{"replicas":3,"quorum":2,"select":{},"scope":"datacenter","rules":[]}"#,
    );
}

#[test]
fn validate_checks_requests_built_by_hand() {
    let topology = topology();
    let mut request = Request::new(3);
    assert_eq!(request.validate(&topology), Ok(()));
    request
        .rules
        .push(Rule::new("moon", Limit::MaxPerDomain(1)));
    assert_eq!(
        request.validate(&topology).unwrap_err().to_string(),
        "rules[0]: unknown kind `moon` (the topology has: region, datacenter, pdu, rack, switch, host)"
    );
    request.rules[0] = Rule::new("rack", Limit::MinDomains(0));
    assert_eq!(
        request.validate(&topology).unwrap_err().to_string(),
        "rules[0]: min_domains: must be an integer ≥ 1, got 0"
    );
    request.rules.clear();
    request.quorum = 0;
    assert!(
        request
            .validate(&topology)
            .unwrap_err()
            .to_string()
            .starts_with("quorum:")
    );
}

#[test]
fn limit_keys_map_both_ways() {
    for key in Limit::KEYS {
        assert_eq!(Limit::from_key(key, 2).unwrap().key(), key);
        assert_eq!(Limit::from_key(key, 2).unwrap().value(), 2);
    }
    assert_eq!(Limit::from_key("maxSkew", 1), None);
}

fn check_derived(query: &str, expected: &str) {
    let (answers, warnings) = Answers::from_query(query);
    assert!(warnings.is_empty(), "{warnings:?}");
    let request = Request::from_answers(&answers, &topology());
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        expected,
        "{query}"
    );
}

#[test]
fn default_requests_follow_survive() {
    check_derived(
        "survive=none",
        r#"{"replicas":3,"quorum":2,"select":{},"rules":[]}"#,
    );
    check_derived(
        "survive=host",
        r#"{"replicas":3,"quorum":2,"select":{},"rules":[{"kind":"host","max_per_domain":1}]}"#,
    );
    check_derived(
        "survive=rack&replicas=4",
        r#"{"replicas":4,"quorum":3,"select":{},"rules":[{"kind":"pdu","max_per_domain":1},{"kind":"rack","max_per_domain":1},{"kind":"switch","max_per_domain":1},{"kind":"host","max_per_domain":1}]}"#,
    );
    check_derived(
        "survive=datacenter&replicas=5",
        r#"{"replicas":5,"quorum":3,"select":{},"rules":[{"kind":"datacenter","max_per_domain":2},{"kind":"pdu","max_per_domain":1},{"kind":"rack","max_per_domain":1},{"kind":"switch","max_per_domain":1},{"kind":"host","max_per_domain":1}]}"#,
    );
    check_derived(
        "survive=planet&replicas=2",
        r#"{"replicas":2,"quorum":2,"select":{},"rules":[{"kind":"region","max_per_domain":1},{"kind":"datacenter","max_per_domain":1},{"kind":"pdu","max_per_domain":1},{"kind":"rack","max_per_domain":1},{"kind":"switch","max_per_domain":1},{"kind":"host","max_per_domain":1}]}"#,
    );
}

#[test]
fn the_derived_scope_is_as_narrow_as_the_rules_allow() {
    let estate = crate::topology::default_topology();
    let scope = |query: &str| {
        let (answers, _) = Answers::from_query(query);
        Request::from_answers(&answers, &estate).scope
    };
    assert_eq!(scope("survive=host").as_deref(), Some("datacenter"));
    assert_eq!(
        scope("survive=rack&replicas=3").as_deref(),
        Some("datacenter")
    );
    // fra1, the roomiest data center, has 4 PDUs: 5 replicas at 1 per PDU need a region.
    assert_eq!(scope("survive=rack&replicas=5").as_deref(), Some("region"));
    assert_eq!(scope("survive=datacenter").as_deref(), Some("planet"));
    assert_eq!(scope("survive=region").as_deref(), Some("planet"));
    assert_eq!(scope("survive=planet"), None);
    // The one-host test topology has room nowhere: no scope.
    let (answers, _) = Answers::from_query("survive=host");
    assert_eq!(Request::from_answers(&answers, &topology()).scope, None);
}

#[test]
fn plurals_read_well() {
    assert_eq!(plural("datacenter", 2), "data centers");
    assert_eq!(plural("switch", 3), "switches");
    assert_eq!(plural("pdu", 1), "PDU");
    assert_eq!(plural("rack", 0), "racks");
}

/// The derived request survives what the answers ask for (losing any one domain of that kind
/// leaves the quorum) whenever a copy can be spared; a hand-edited one that cannot gets a
/// warning.
#[test]
fn derived_requests_survive_the_failure_asked_for() {
    use crate::answers::Answers;
    let topology = crate::topology::default_topology();
    for survive in ["host", "rack", "datacenter", "region"] {
        for replicas in 2..=6 {
            for state in ["stateless", "replicated"] {
                let query = format!("survive={survive}&replicas={replicas}&state={state}");
                let (answers, _) = Answers::from_query(&query);
                let request = Request::from_answers(&answers, &topology);
                let spare = request.replicas - request.quorum;
                assert_eq!(
                    request.survival_warning(&answers, &topology).is_none(),
                    spare >= 1,
                    "{query}: {request:?}"
                );
            }
        }
    }
    // Two stateless copies survive a host: any one serves (the old majority of 2 could not).
    let (answers, _) = Answers::from_query("survive=host&replicas=2&state=stateless");
    assert_eq!(Request::from_answers(&answers, &topology).quorum, 1);
    let (answers, _) = Answers::from_query("survive=datacenter&replicas=3");
    let hand = Request::from_json_str(r#"{"replicas": 3}"#, &topology).unwrap();
    let warning = hand.survival_warning(&answers, &topology).unwrap();
    assert!(
        warning.contains(r#"add the rule {"kind": "datacenter", "max_per_domain": 1}"#),
        "{warning}"
    );
}
