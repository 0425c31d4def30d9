//! Unit tests of the Markdown export: the placement and its availability.

use super::*;

#[test]
fn markdown_has_placement_and_availability() {
    check(
        Target::Markdown,
        "survive=rack&replicas=3",
        None,
        &[
            "# Tenancy Scale recommendation",
            "## Placement request",
            "at most 1 per rack",
            "| replica | host | planet |",
            "## Availability",
            "| rack |",
        ],
        &[],
    );
    check(
        Target::Markdown,
        "",
        Some(r#"{"replicas": 6, "rules": [{"kind": "datacenter", "max_per_domain": 1}]}"#),
        &["**Infeasible.**"],
        &[],
    );
}
