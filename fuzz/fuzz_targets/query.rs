//! Fuzzes URL query decoding, both `Answers::from_query` and the web app's `Link::from_query`:
//! never a panic, a notice whenever something was not understood, and encoding the decoded state
//! then decoding it again gives the same state without warnings.
#![no_main]

use std::fmt::Debug;

use libfuzzer_sys::fuzz_target;
use tenancy_core::Answers;
use tenancy_core::link::{Link, notice};

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };

    let (answers, _) = Answers::from_query(query);
    round_trips(&answers, Answers::to_query, Answers::from_query);

    let (link, warnings) = Link::from_query(query);
    assert_eq!(
        notice(&warnings).is_some(),
        !warnings.is_empty(),
        "a notice exactly when there are warnings"
    );
    round_trips(&link, Link::to_query, Link::from_query);
});

/// `value` encodes to a query that reads back to it without warnings, and encodes the same again.
fn round_trips<T: PartialEq + Debug, W: Debug>(
    value: &T,
    encode: impl Fn(&T) -> String,
    decode: impl Fn(&str) -> (T, Vec<W>),
) {
    let encoded = encode(value);
    let (again, warnings) = decode(&encoded);
    assert!(
        warnings.is_empty(),
        "`{encoded}` gave warnings: {warnings:?}"
    );
    assert_eq!(&again, value, "the state changed through `{encoded}`");
    assert_eq!(encode(&again), encoded, "encoding is not stable");
}
