//! Tests of the presets: complete, valid, unique, and the two from the original argument.

use super::*;
use crate::recommend;
use crate::rung::Axis;

/// A preset → its expected compute level (one of the allowed rungs).
fn check(id: &str, allowed_compute: &[&str]) {
    let preset = find(id).unwrap_or_else(|| panic!("no preset {id}"));
    let compute = recommend(&preset.answers()).axes.get(Axis::Compute).level;
    assert!(
        allowed_compute.contains(&compute.id()),
        "{id}: compute={}",
        compute.id()
    );
}

#[test]
fn the_original_two_come_out_as_in_the_post() {
    check("university-research", &["container", "hardened-container"]);
    check("public-cloud", &["microvm", "vm"]);
}

#[test]
fn every_preset_answers_every_question_validly() {
    for preset in PRESETS {
        let (answers, warnings) = Answers::from_query(preset.query);
        assert!(warnings.is_empty(), "{}: {warnings:?}", preset.id);
        assert!(
            answers.unanswered().is_empty(),
            "{}: {:?}",
            preset.id,
            answers.unanswered()
        );
        assert!(
            !preset.title.is_empty() && preset.story.len() > 100,
            "{}",
            preset.id
        );
    }
}

#[test]
fn ids_are_those_of_the_spec() {
    let ids: Vec<&str> = PRESETS.iter().map(|preset| preset.id).collect();
    assert_eq!(
        ids,
        [
            "university-research",
            "public-cloud",
            "ci-runners",
            "saas-notebooks",
            "ai-agents",
            "pci-payments",
            "dod-il5",
            "internal-platform",
            "survive-anything",
        ]
    );
    assert_eq!(find("moon"), None);
}
