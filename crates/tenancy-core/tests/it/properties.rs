//! Properties of the answers codec and of `recommend` over random answer sets (≥ 1,000 cases
//! each).

use proptest::prelude::*;
use proptest::sample::Index;
use tenancy_core::answers::{QUESTIONS, QuestionKind};
use tenancy_core::{Answers, Axis, Value, recommend};

/// A random answer set as `(key, text)` pairs in questionnaire order: each question answered or
/// not, with a valid value.
fn pairs() -> impl Strategy<Value = Vec<(&'static str, String)>> {
    let per_question: Vec<BoxedStrategy<Option<(&'static str, String)>>> = QUESTIONS
        .iter()
        .map(|q| {
            let value: BoxedStrategy<String> = match q.kind {
                QuestionKind::Choice { options, .. } => proptest::sample::select(options)
                    .prop_map(str::to_owned)
                    .boxed(),
                QuestionKind::Set { options } => {
                    proptest::sample::subsequence(options, 0..=options.len())
                        .prop_map(|items| items.join(","))
                        .boxed()
                }
                QuestionKind::Number { min, max, .. } => {
                    (min..=max).prop_map(|n| n.to_string()).boxed()
                }
            };
            let key = q.key;
            proptest::option::of(value.prop_map(move |text| (key, text))).boxed()
        })
        .collect();
    per_question.prop_map(|values| values.into_iter().flatten().collect())
}

fn answers_of(pairs: &[(&'static str, String)]) -> Answers {
    let mut answers = Answers::default();
    for (key, text) in pairs {
        answers.set(key, text).expect("generated values are valid");
    }
    answers
}

/// A random answer set.
fn answers() -> impl Strategy<Value = Answers> {
    pairs().prop_map(|pairs| answers_of(&pairs))
}

/// The same pairs as a JSON object text, in the given order.
fn json_text(pairs: &[(&'static str, String)]) -> String {
    let members: Vec<String> = pairs
        .iter()
        .map(|(key, text)| {
            let value = match QUESTIONS.iter().find(|q| q.key == *key).map(|q| q.kind) {
                Some(QuestionKind::Set { .. }) => serde_json::json!(
                    text.split(',')
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                ),
                Some(QuestionKind::Number { .. }) => {
                    serde_json::json!(text.parse::<u32>().expect("generated numbers parse"))
                }
                _ => serde_json::json!(text),
            };
            format!("{}: {value}", serde_json::json!(key))
        })
        .collect();
    format!("{{{}}}", members.join(", "))
}

/// Every axis' strength, compute first, with one equivalence made explicit: a hypervisor per
/// pod gives every sensitivity level a kernel of its own, which is what the node pool of
/// `mixed_sensitivity=yes` asks for, so under a hypervisor residency counts as at least a
/// dedicated node pool (the floor is then met on compute, not dropped). Nothing else is relaxed.
fn strengths(answers: &Answers) -> [u8; 4] {
    let recommendation = recommend(answers);
    let mut out = Axis::ALL.map(|axis| recommendation.axes.get(axis).level.strength());
    let hypervisor = Axis::Compute.rung("microvm").expect("a rung").strength();
    let pool = Axis::Residency
        .rung("dedicated-node-pool")
        .expect("a rung")
        .strength();
    if answers.is("mixed_sensitivity", "yes") && out[0] >= hypervisor {
        out[1] = out[1].max(pool);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn url_query_round_trips(answers in answers()) {
        let (decoded, warnings) = Answers::from_query(&answers.to_query());
        prop_assert!(warnings.is_empty());
        prop_assert_eq!(decoded, answers);
    }

    #[test]
    fn every_floor_has_a_source_url(answers in answers()) {
        let recommendation = recommend(&answers);
        for source in recommendation.sources() {
            prop_assert!(
                source.url.starts_with("https://") || source.url.starts_with("http://"),
                "{:?}",
                source
            );
            prop_assert!(!source.title.is_empty());
        }
        for note in &recommendation.notes {
            prop_assert!(note.source.url.starts_with("https://"));
        }
    }

    #[test]
    fn every_axis_meets_its_floors(answers in answers()) {
        let recommendation = recommend(&answers);
        for axis in Axis::ALL {
            let result = recommendation.axes.get(axis);
            for floor in &result.floors {
                prop_assert!(result.level.index() >= floor.rung.index());
            }
        }
    }

    /// Making one answer more demanding never lowers any axis by strength. Options are
    /// listed least to most demanding, except `accept_sandbox`, where `yes` relaxes; for
    /// `regimes`, adding a regime is more demanding. `replicas` is not an isolation answer: it
    /// sets counts in the stack, never a level (see `replicas_never_move_a_level`).
    #[test]
    fn one_more_demanding_answer_never_lowers_an_axis(
        answers in answers(),
        question in 0..QUESTIONS.len(),
        first in any::<Index>(),
        second in any::<Index>(),
    ) {
        let q = &QUESTIONS[question];
        let (mut less, mut more) = (answers.clone(), answers);
        match q.kind {
            QuestionKind::Choice { options, .. } => {
                let (low, high) = {
                    let (a, b) = (first.index(options.len()), second.index(options.len()));
                    (a.min(b), a.max(b))
                };
                let (low, high) = if q.key == "accept_sandbox" { (high, low) } else { (low, high) };
                less.set(q.key, options[low]).expect("valid");
                more.set(q.key, options[high]).expect("valid");
            }
            QuestionKind::Set { options } => {
                let added = options[first.index(options.len())];
                let Some(Value::Set(current)) = less.get(q.key).cloned() else {
                    panic!("regimes is a set")
                };
                let without: Vec<&str> = current.iter().copied().filter(|o| *o != added).collect();
                let mut with = without.clone();
                with.push(added);
                less.set(q.key, &without.join(",")).expect("valid");
                more.set(q.key, &with.join(",")).expect("valid");
            }
            QuestionKind::Number { .. } => return Ok(()),
        }
        let (low, high) = (strengths(&less), strengths(&more));
        for (i, axis) in Axis::ALL.iter().enumerate() {
            prop_assert!(
                high[i] >= low[i],
                "{} lowered {}: {} → {}",
                q.key, axis.key(), less.to_query(), more.to_query()
            );
        }
    }

    #[test]
    fn replicas_never_move_a_level(answers in answers(), replicas in 1u32..=64) {
        let mut changed = answers.clone();
        changed.set("replicas", &replicas.to_string()).expect("valid");
        let (before, after) = (recommend(&answers), recommend(&changed));
        prop_assert_eq!(before.axes, after.axes);
    }

    /// The same answers in any key order give byte-identical JSON.
    #[test]
    fn output_is_deterministic(
        (pairs, shuffled) in pairs().prop_flat_map(|pairs| {
            let shuffled = Just(pairs.clone()).prop_shuffle();
            (Just(pairs), shuffled)
        })
    ) {
        let render = |pairs: &[(&'static str, String)]| {
            let (answers, warnings) =
                Answers::from_json_str(&json_text(pairs)).expect("generated JSON is an object");
            assert!(warnings.is_empty(), "{warnings:?}");
            serde_json::to_string_pretty(&recommend(&answers)).expect("serialises")
        };
        prop_assert_eq!(render(&pairs), render(&shuffled));
        prop_assert_eq!(recommend(&answers_of(&pairs)), recommend(&answers_of(&shuffled)));
    }
}
