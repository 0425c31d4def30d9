//! Unit tests of the CRUSH export: rules that follow the tree, and names kept inside comments.

use super::*;

#[test]
fn crush_rules_follow_the_tree() {
    let crush = Target::Crush;
    // The default topology's switches cut across racks: lossy.
    check(
        crush,
        "",
        Some(r#"{"replicas": 3, "rules": [{"kind": "switch", "max_per_domain": 1}]}"#),
        &[
            "# Kind `switch` is left out",
            "step choose firstn 0 type osd",
        ],
        &["the kind `switch` is not in the CRUSH tree"],
    );
    check(
        crush,
        "",
        Some(r#"{"replicas": 3, "rules": [{"kind": "rack", "max_per_domain": 1}]}"#),
        &[
            "step chooseleaf firstn 0 type rack",
            "min_size 1",
            "max_size 10",
        ],
        &[],
    );
    check(
        crush,
        "",
        Some(
            r#"{"replicas": 4, "rules": [{"kind": "datacenter", "max_per_domain": 2},
                {"kind": "host", "max_per_domain": 1}]}"#,
        ),
        &[
            "step choose firstn 2 type datacenter\n\tstep chooseleaf firstn 2 type host",
            "min_size 4\n\tmax_size 4",
        ],
        &[],
    );
    check(
        crush,
        "",
        Some(r#"{"replicas": 5, "rules": [{"kind": "rack", "max_skew": 1}]}"#),
        &["step chooseleaf firstn 0 type rack"],
        &["CRUSH has no skew bound"],
    );
}

#[test]
fn names_from_the_input_stay_inside_comments() {
    check(
        Target::Crush,
        "",
        Some(r#"{"replicas": 1, "select": {"pool": "a\nrack evil {"}}"#),
        &["# Only hosts labelled pool=a rack evil { are in it."],
        &[],
    );
}
