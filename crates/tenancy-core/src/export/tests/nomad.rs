//! Unit tests of the Nomad export: constraints and spreads.

use super::*;

#[test]
fn nomad_constraints_and_spreads() {
    let nomad = Target::Nomad;
    check(
        nomad,
        "tenants=partners&code=customer-supplied&accept_sandbox=yes",
        Some(
            r#"{"replicas": 6, "select": {"pool": "shared"}, "rules": [
                {"kind": "rack", "max_per_domain": 2}, {"kind": "host", "max_per_domain": 1},
                {"kind": "datacenter", "min_domains": 2}, {"kind": "region", "max_per_domain": 3}]}"#,
        ),
        &[
            "count = 6",
            "distinct_property = \"${meta.rack}\"\n    value             = \"2\"",
            "operator = \"distinct_hosts\"",
            "attribute = \"${node.datacenter}\"",
            "attribute = \"${meta.pool}\"\n    value     = \"shared\"",
            "runtime         = \"runsc\"",
        ],
        &[
            "at least 2 distinct data centers: Nomad's `spread`",
            "at most 3 per region: a Nomad job is scheduled within one region",
        ],
    );
}
