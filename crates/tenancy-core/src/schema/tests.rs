//! Unit tests of the schemas: every name once, every question and rung in them, inputs that
//! leave defaults out.

use super::*;

#[test]
fn names_are_unique_and_found() {
    for doc in &SCHEMAS {
        assert_eq!(find(doc.name).map(|found| found.name), Some(doc.name));
        assert_eq!(SCHEMAS.iter().filter(|d| d.name == doc.name).count(), 1);
    }
    assert!(find("nonsense").is_none());
}

#[test]
fn every_schema_is_draft_2020_12_with_a_title() {
    for doc in &SCHEMAS {
        let schema = doc.schema();
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{}",
            doc.name
        );
        assert!(schema["title"].is_string(), "{}", doc.name);
    }
}

#[test]
fn the_answers_schema_lists_every_question_with_its_default() {
    let schema = find("answers").unwrap().schema();
    let properties = schema["properties"].as_object().unwrap();
    assert_eq!(properties.len(), QUESTIONS.len());
    for question in QUESTIONS {
        let property = &properties[question.key];
        assert_eq!(property["title"], question.text);
        let default = &property["default"];
        match question.kind {
            QuestionKind::Choice {
                options,
                default: index,
            } => {
                assert_eq!(default, options[index]);
            }
            QuestionKind::Set { .. } => assert_eq!(default, &serde_json::json!([])),
            QuestionKind::Number { default: n, .. } => assert_eq!(default, n),
        }
    }
}

#[test]
fn the_request_schema_requires_only_replicas() {
    let schema = find("request").unwrap().schema();
    assert_eq!(schema["required"], serde_json::json!(["replicas"]));
    assert_eq!(schema["properties"]["replicas"]["maximum"], MAX_REPLICAS);
    let rule = &schema["$defs"]["Rule"];
    assert_eq!(rule["oneOf"].as_array().unwrap().len(), 3);
}

#[test]
fn every_rung_is_in_the_recommendation_schema() {
    let schema = find("recommendation").unwrap().schema();
    let rungs = schema["$defs"]["Rung"]["enum"].as_array().unwrap();
    for axis in Axis::ALL {
        for rung in axis.rungs() {
            assert!(rungs.iter().any(|id| id == rung.id), "{}", rung.id);
        }
    }
}

#[test]
fn the_topology_schema_states_the_readers_limits() {
    let schema = find("topology").unwrap().schema();
    let properties = &schema["properties"];
    assert_eq!(properties["version"]["const"], 1);
    assert_eq!(properties["hosts"]["maxItems"], MAX_HOSTS);
    assert_eq!(properties["kinds"]["items"]["not"]["const"], "host");
}
