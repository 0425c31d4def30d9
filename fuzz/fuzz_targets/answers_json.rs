//! Fuzzes the answers JSON reader: never a panic, the answers it reads give a recommendation, and
//! their own JSON reads back to the same values without warnings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenancy_core::answers::QUESTIONS;
use tenancy_core::{Answers, recommend};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok((answers, _warnings)) = Answers::from_json_str(text) else {
        return;
    };
    let _ = recommend(&answers);
    let (again, warnings) =
        Answers::from_json(&answers.to_json()).expect("answers' own JSON is an object");
    assert!(warnings.is_empty(), "own JSON gave warnings: {warnings:?}");
    for question in QUESTIONS {
        assert_eq!(
            again.get(question.key),
            answers.get(question.key),
            "`{}` changed in the JSON round trip",
            question.key
        );
    }
});
