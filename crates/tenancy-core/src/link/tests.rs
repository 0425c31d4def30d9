//! Tests of share links: what a query restores and how a state is written back.

use super::*;

fn check(query: &str, expected_query: &str, expected_warnings: usize) {
    let (link, warnings) = Link::from_query(query);
    assert_eq!(warnings.len(), expected_warnings, "{query}: {warnings:?}");
    assert_eq!(link.to_query(), expected_query, "{query}");
}

#[test]
fn links_are_read_and_written_readably() {
    check("", "", 0);
    check("?tenants=org-teams", "tenants=org-teams", 0);
    check("preset=public-cloud", "preset=public-cloud", 0);
    check(
        "preset=public-cloud&survive=region",
        "preset=public-cloud&survive=region",
        0,
    );
    check(
        "survive=region&preset=public-cloud",
        "preset=public-cloud&survive=region",
        0,
    );
    check(
        "preset=public-cloud&embed=1",
        "preset=public-cloud&embed=1",
        0,
    );
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
