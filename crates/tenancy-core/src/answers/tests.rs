//! Tests of reading and writing answers.

use super::*;

/// What was read (answers and warnings) is the expected answers, as a query, and warnings.
fn check_read(read: (Answers, Vec<Warning>), pairs: &str, expected: &[&str], input: &str) {
    let (answers, warnings) = read;
    assert_eq!(answers.to_query(), pairs, "{input}");
    let messages: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(messages, expected, "{input}");
}

fn check_query(query: &str, expected_pairs: &str, expected_warnings: &[&str]) {
    let read = Answers::from_query(query);
    check_read(
        read,
        expected_pairs,
        expected_warnings,
        &format!("query {query:?}"),
    );
}

#[test]
fn query_reading() {
    check_query("", "", &[]);
    check_query("?tenants=partners", "tenants=partners", &[]);
    check_query(
        "survive=rack&tenants=org-teams",
        "tenants=org-teams&survive=rack",
        &[],
    );
    check_query("regimes=pci-cde%2Cil5", "regimes=il5,pci-cde", &[]);
    check_query("regimes=pci-cde,,il5,", "regimes=il5,pci-cde", &[]);
    check_query("replicas=5", "replicas=5", &[]);
    check_query(
        "tenants=aliens",
        "",
        &[
            "unknown value `aliens` for `tenants` ignored (expected one of: single-team, org-teams, partners, unrelated-customers, anonymous)",
        ],
    );
    check_query("colour=blue", "", &["unknown question `colour` ignored"]);
    check_query(
        "replicas=65",
        "",
        &["`replicas` must be a whole number from 1 to 64, got `65`; the default is used"],
    );
    check_query(
        "tenants=partners&tenants=anonymous",
        "tenants=anonymous",
        &["`tenants` is given more than once; the last value counts"],
    );
    check_query(
        "tenants=%ZZ",
        "",
        &[
            "unknown value `%ZZ` for `tenants` ignored (expected one of: single-team, org-teams, partners, unrelated-customers, anonymous)",
        ],
    );
}

fn check_json(text: &str, expected_pairs: &str, expected_warnings: &[&str]) {
    let read = Answers::from_json_str(text).expect("an object");
    check_read(
        read,
        expected_pairs,
        expected_warnings,
        &format!("json {text}"),
    );
}

#[test]
fn json_reading() {
    check_json("{}", "", &[]);
    check_json(
        r#"{"tenants": "org-teams", "replicas": 2}"#,
        "tenants=org-teams&replicas=2",
        &[],
    );
    check_json(
        r#"{"regimes": ["hipaa", "pci-cde"]}"#,
        "regimes=hipaa,pci-cde",
        &[],
    );
    check_json(r#"{"regimes": "hipaa,il4"}"#, "regimes=hipaa,il4", &[]);
    check_json(
        r#"{"tenants": 3}"#,
        "",
        &["`tenants` must be a string, found a number; the default is used"],
    );
    check_json(
        r#"{"replicas": "3"}"#,
        "",
        &["`replicas` must be a whole number, found a string; the default is used"],
    );
    check_json(
        r#"{"replicas": 2.5}"#,
        "",
        &["`replicas` must be a whole number from 1 to 64, got `2.5`; the default is used"],
    );
    check_json(
        r#"{"regimes": [1]}"#,
        "",
        &["`regimes` must be an array of strings, found an array; the default is used"],
    );
}

#[test]
fn json_that_is_not_answers_is_an_error() {
    assert!(matches!(
        Answers::from_json_str(""),
        Err(AnswersError::NotJson(_))
    ));
    assert!(matches!(
        Answers::from_json_str("{"),
        Err(AnswersError::NotJson(_))
    ));
    assert_eq!(
        Answers::from_json_str("[1]").unwrap_err().to_string(),
        "answers must be a JSON object of question keys, found an array"
    );
}

#[test]
fn defaults_fill_every_key_and_unanswered_lists_them() {
    let answers = Answers::default();
    assert_eq!(answers.choice("cost"), "balanced");
    assert_eq!(answers.choice("survive"), "host");
    assert_eq!(answers.choice("kvm"), "unknown");
    assert_eq!(answers.number("replicas"), 3);
    assert_eq!(answers.unanswered().len(), QUESTIONS.len());
    assert_eq!(
        answers.to_json().as_object().map(|o| o.len()),
        Some(QUESTIONS.len())
    );
}

#[test]
fn unset_restores_the_default() {
    let (mut answers, _) = Answers::from_query("tenants=partners");
    answers.unset("tenants");
    assert_eq!(answers, Answers::default());
}

#[test]
fn long_bad_values_are_shortened_in_messages() {
    let long = "x".repeat(10_000);
    let (_, warnings) = Answers::from_query(&format!("tenants={long}"));
    assert!(warnings[0].message.len() < 300);
}

#[test]
fn every_question_says_why_with_a_source() {
    for question in QUESTIONS {
        assert!(question.why.ends_with('.'), "{}", question.key);
        assert!(
            question.cited().url.starts_with("https://"),
            "{}",
            question.key
        );
    }
}

#[test]
fn option_labels_read_as_words() {
    assert_eq!(option_label("performance", "io-heavy"), "I/O-heavy");
    assert_eq!(
        option_label("tenants", "unrelated-customers"),
        "Unrelated customers"
    );
    assert_eq!(
        option_label("regimes", "pci-cde"),
        "PCI DSS: cardholder data environment"
    );
    assert_eq!(option_label("devices", "none"), "None");
    assert_eq!(option_label("contract", "none"), "Nothing about isolation");
    assert_eq!(option_label("devices", "not-an-option"), "not-an-option");
}

#[test]
fn every_option_has_a_label() {
    for q in QUESTIONS {
        assert_eq!(q.labels.len(), q.options().len(), "labels of `{}`", q.key);
        assert!(
            !q.why.is_empty() && !q.source.is_empty(),
            "why of `{}`",
            q.key
        );
        for (option, label) in q.options().iter().zip(q.labels) {
            assert!(!label.is_empty(), "{}={option}", q.key);
            assert_eq!(option_label(q.key, option), *label, "{}={option}", q.key);
        }
    }
}

#[test]
fn checked_comparisons_accept_every_option_of_the_table() {
    let answers = Answers::default();
    for q in QUESTIONS {
        for option in q.options() {
            if matches!(q.kind, QuestionKind::Set { .. }) {
                assert!(!answers.has(q.key, option));
            } else {
                let _ = answers.is(q.key, option);
            }
        }
    }
}

#[test]
#[should_panic(expected = "`cheap` is not an option of the question `cost`")]
fn a_misspelt_option_fails_loudly() {
    let _ = Answers::default().is("cost", "cheap");
}

#[test]
#[should_panic(expected = "is not an option of the question `colour`")]
fn a_misspelt_key_fails_loudly() {
    let _ = Answers::default().is("colour", "blue");
}

/// A `match_choice!` arm naming an option the question lacks fails as soon as the match runs,
/// whichever answer was given.
#[test]
#[should_panic(expected = "`dedicated-hardwear` is not an option of the question `contract`")]
fn a_misspelt_match_arm_fails_loudly() {
    let answers = Answers::default();
    let _: u8 = crate::answers::match_choice!(answers, "contract", {
        "dedicated-hardwear" => 1,
        _ => 0,
    });
}

#[test]
fn match_choice_matches_like_match() {
    let (answers, _) = Answers::from_query("contract=no-shared-infra");
    let picked = crate::answers::match_choice!(answers, "contract", {
        "dedicated-hardware" => 1,
        "no-shared-infra" => 2,
        _ => 0,
    });
    assert_eq!(picked, 2);
}

#[test]
fn answers_read_in_words() {
    assert_eq!(
        in_words("platform=kubernetes").as_deref(),
        Some("you answered “Kubernetes” to “What does it run on today?”")
    );
    let two = in_words("regimes∋fedramp, platform=vm-fleet").unwrap();
    assert!(
        two.contains("” to “Which rules apply?” and “VM fleet” to “What does it run on today?”"),
        "{two}"
    );
    // A number reads as itself, in range only.
    assert_eq!(
        in_words("replicas=4").as_deref(),
        Some("you answered “4” to “How many copies?”")
    );
    assert_eq!(in_words("replicas=65"), None);
    // Not answers: no words, so the caller keeps the text.
    assert_eq!(in_words("platform=moon"), None);
    assert_eq!(in_words("nothing here"), None);
    assert_eq!(
        sentence_in_words("platform=vm-fleet: VMs are what the fleet runs already"),
        "Because you answered “VM fleet” to “What does it run on today?”: VMs are what the fleet runs already"
    );
    assert_eq!(
        sentence_in_words("a plain sentence: kept"),
        "a plain sentence: kept"
    );
}

/// Every `because` a floor records reads in words: no rule records an answer the table lacks
/// (every preset, and every single answer over each preset).
#[test]
fn every_floor_reason_reads_in_words() {
    let mut cases = Vec::new();
    for preset in crate::preset::PRESETS {
        cases.push(preset.answers());
        for question in QUESTIONS {
            for option in question.options() {
                let mut answers = preset.answers();
                if answers.set(question.key, option).is_ok() {
                    cases.push(answers);
                }
            }
        }
    }
    for answers in &cases {
        let recommendation = crate::recommend(answers);
        for axis in crate::rung::Axis::ALL {
            for floor in &recommendation.axes.get(axis).floors {
                assert!(
                    in_words(&floor.because).is_some(),
                    "{}: {}",
                    answers.to_query(),
                    floor.because
                );
            }
        }
    }
}
