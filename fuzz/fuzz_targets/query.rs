//! Fuzzes URL query decoding, both `Answers::from_query` and the web app's `Link::from_query`:
//! never a panic, a notice whenever something was not understood, and encoding the decoded state
//! then decoding it again gives the same state without warnings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenancy_core::Answers;
use tenancy_core::link::{Link, notice};

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };

    let (answers, warnings) = Answers::from_query(query);
    let encoded = answers.to_query();
    let (again, again_warnings) = Answers::from_query(&encoded);
    assert!(
        again_warnings.is_empty(),
        "`{encoded}` gave warnings: {again_warnings:?}"
    );
    assert_eq!(again, answers, "answers changed through `{encoded}`");
    assert_eq!(again.to_query(), encoded, "encoding is not stable");
    drop(warnings);

    let (link, warnings) = Link::from_query(query);
    assert_eq!(
        notice(&warnings).is_some(),
        !warnings.is_empty(),
        "a notice exactly when there are warnings"
    );
    let encoded = link.to_query();
    let (again, again_warnings) = Link::from_query(&encoded);
    assert!(
        again_warnings.is_empty(),
        "`{encoded}` gave warnings: {again_warnings:?}"
    );
    assert_eq!(again, link, "link state changed through `{encoded}`");
    assert_eq!(again.to_query(), encoded, "encoding is not stable");
});
