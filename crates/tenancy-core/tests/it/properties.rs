//! Properties of the answers codec and of `recommend` over random answer sets.

use proptest::prelude::*;
use tenancy_core::answers::{QUESTIONS, QuestionKind};
use tenancy_core::{Answers, Axis, recommend};

/// A random answer set: each question answered or not, with a valid value.
fn answers() -> impl Strategy<Value = Answers> {
    let per_question: Vec<BoxedStrategy<Option<String>>> = QUESTIONS
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
            proptest::option::of(value).boxed()
        })
        .collect();
    per_question.prop_map(|values| {
        let mut answers = Answers::default();
        for (question, value) in QUESTIONS.iter().zip(values) {
            if let Some(text) = value {
                answers
                    .set(question.key, &text)
                    .expect("generated values are valid");
            }
        }
        answers
    })
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
            prop_assert!(source.url.starts_with("https://") || source.url.starts_with("http://"), "{:?}", source);
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
}
