//! Tests of share links: what a query restores and how a state is written back.

use super::*;

fn check(query: &str, expected_query: &str, expected_warnings: usize) {
    let (link, warnings) = Link::from_query(query);
    assert_eq!(warnings.len(), expected_warnings, "{query}: {warnings:?}");
    assert_eq!(link.to_query(), expected_query, "{query}");
}

#[test]
#[rustfmt::skip]
fn links_are_read_and_written_readably() {
    check("", "", 0);
    check("?tenants=org-teams", "tenants=org-teams", 0);
    check("preset=public-cloud", "preset=public-cloud", 0);
    check("preset=public-cloud&survive=region", "preset=public-cloud&survive=region", 0);
    check("survive=region&preset=public-cloud", "preset=public-cloud&survive=region", 0);
    check("preset=public-cloud&embed=1", "preset=public-cloud&embed=1", 0);
    check("preset=nope&tenants=partners", "tenants=partners", 1);
    check("embed=maybe", "", 1);
    check("tenants=x", "", 1);
}

#[test]
fn an_answer_equal_to_the_preset_is_not_repeated() {
    let preset = preset::find("public-cloud").unwrap();
    let same = preset.answers().to_pairs()[0].clone();
    check(
        &format!("preset=public-cloud&{}={}", same.0, same.1),
        "preset=public-cloud",
        0,
    );
}

#[test]
fn every_preset_round_trips() {
    for preset in preset::PRESETS {
        let link = Link::of_preset(preset);
        let (back, warnings) = Link::from_query(&link.to_query());
        assert!(warnings.is_empty());
        assert_eq!(back, link, "{}", preset.id);
    }
}

#[test]
#[rustfmt::skip]
fn request_edits_ride_along_readably() {
    check("rules=rack:max_per_domain:1,datacenter:min_domains:2&quorum=2&select=pool:shared", "rules=rack:max_per_domain:1,datacenter:min_domains:2&quorum=2&select=pool:shared", 0);
    check("rules=", "rules=", 0);
    check("rules=rack:most:1", "", 1);
    check("quorum=zero", "", 1);
    check("select=pool", "", 1);
}

#[test]
fn the_request_is_derived_then_edited_then_validated() {
    let topology = crate::topology::default_topology();
    let (link, _) = Link::from_query("survive=rack&replicas=3");
    let derived = link.request(&topology).unwrap();
    assert!(derived.rules.iter().any(|r| r.kind == "rack"));
    let (link, _) = Link::from_query("replicas=3&rules=datacenter:min_domains:2&quorum=3");
    let edited = link.request(&topology).unwrap();
    assert_eq!(edited.rules.len(), 1);
    assert_eq!(edited.quorum, 3);
    let (link, _) = Link::from_query("rules=rak:max_per_domain:1");
    let error = link.request(&topology).unwrap_err().to_string();
    assert!(error.contains("rak"), "{error}");
    let (link, _) = Link::from_query("replicas=3&quorum=4");
    assert!(matches!(
        link.request(&topology),
        Err(RequestError::BadQuorum(_))
    ));
}

#[test]
fn the_scope_rides_in_the_link_and_any_overrides_the_derived_one() {
    let topology = crate::topology::default_topology();
    let (link, warnings) = Link::from_query("survive=host");
    assert!(warnings.is_empty());
    assert_eq!(
        link.request(&topology).unwrap().scope.as_deref(),
        Some("datacenter")
    );
    for (query, scope) in [
        ("survive=host&scope=any", None),
        ("scope=region", Some("region")),
    ] {
        let (link, warnings) = Link::from_query(query);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(link.request(&topology).unwrap().scope.as_deref(), scope);
        assert_eq!(Link::from_query(&link.to_query()).0, link, "{query}");
    }
    let (link, _) = Link::from_query("scope=galaxy");
    assert!(matches!(
        link.request(&topology),
        Err(RequestError::BadScope(_))
    ));
    let (_, warnings) = Link::from_query("scope=");
    assert_eq!(warnings.len(), 1);
    // Editing the scope by hand keeps it as an edit.
    let (mut link, _) = Link::from_query("survive=host");
    let mut edited = link.request(&topology).unwrap();
    edited.scope = None;
    link.apply_request(&edited, &topology).unwrap();
    assert_eq!(link.to_query(), "survive=host&scope=any");
    assert_eq!(link.request(&topology).unwrap(), edited);
}

#[test]
fn an_edit_is_the_difference_from_the_derived_request() {
    let topology = crate::topology::default_topology();
    let (link, _) = Link::from_query("survive=rack");
    let derived = link.request(&topology).unwrap();
    assert!(RequestEdit::between(&derived, &derived).is_empty());
    let mut edited = derived.clone();
    edited.quorum = 3;
    let edit = RequestEdit::between(&derived, &edited);
    assert_eq!(edit.quorum, Some(3));
    assert_eq!(edit.rules, None);
}

/// A link of `keys` distinct unknown keys, with `k7` given a second time.
fn many_keys(keys: usize) -> String {
    let mut query: Vec<String> = (0..keys).map(|i| format!("k{i}=1")).collect();
    query.push("k7=2".to_owned());
    query.join("&")
}

#[test]
fn many_distinct_keys_decode_in_linear_time() {
    // Found by the `query` fuzz target: duplicate keys were detected by scanning a list of the
    // keys seen so far, so a link of n distinct keys cost n²/2 string comparisons — 40,000 keys
    // (a 280 KB link; browsers accept 2 MB) took 35 s. Now it is a set lookup: eight times the
    // keys take about eight times as long, not sixty-four.
    let keys = 10_000;
    let (link, warnings) = Link::from_query(&many_keys(keys));
    assert_eq!(link, Link::default());
    // Each key is unknown, and `k7` is also given twice.
    assert_eq!(warnings.len(), keys + 2);
    assert_eq!(
        warnings[keys].message,
        "`k7` is given more than once; the last value counts"
    );
    let growth = crate::tests::growth_at_8n(keys, |n| {
        let query = many_keys(n);
        let start = std::hint::black_box(&query);
        std::hint::black_box(Link::from_query(start));
    });
    assert!(
        growth < crate::tests::LINEAR_GROWTH_BOUND,
        "8× the keys took {growth:.1}× as long"
    );
}

#[test]
fn a_notice_spells_out_a_few_warnings_and_counts_the_rest() {
    let (_, warnings) = Link::from_query("a&b&c&d&e&f&g");
    let shown = notice(&warnings).unwrap();
    assert!(shown.contains("`e`") && !shown.contains("`f`"), "{shown}");
    assert!(shown.ends_with("; and 2 more problems."), "{shown}");
    let (_, warnings) = Link::from_query("a&b");
    assert_eq!(
        notice(&warnings).unwrap(),
        "Part of this link was not understood, so defaults were used there: \
         unknown question `a` ignored; unknown question `b` ignored."
    );
    assert_eq!(notice(&[]), None);
}

#[test]
fn a_hand_edited_request_becomes_answers_and_an_edit() {
    let topology = crate::topology::default_topology();
    let (mut link, _) = Link::from_query("survive=rack");
    let mut edited = link.request(&topology).unwrap();
    edited.replicas = 5;
    edited.quorum = 4;
    link.apply_request(&edited, &topology).unwrap();
    assert_eq!(link.answers.number("replicas"), 5);
    assert_eq!(link.request.quorum, Some(4));
    assert_eq!(link.request(&topology).unwrap(), edited);
    edited.replicas = 65;
    let before = link.clone();
    assert!(
        link.apply_request(&edited, &topology)
            .unwrap_err()
            .message
            .contains("replicas")
    );
    assert_eq!(link, before);
}
