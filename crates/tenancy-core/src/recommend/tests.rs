//! Tests of the floors and levels, one line per floor row.

use super::*;

/// Answers given as a URL query → the expected level on one axis and the `because` of its top floor.
fn check(query: &str, axis: Axis, level: &str, because: Option<&str>) {
    let (answers, warnings) = Answers::from_query(query);
    assert!(warnings.is_empty(), "{warnings:?}");
    let recommendation = recommend(&answers);
    let result = recommendation.axes.get(axis);
    assert_eq!(result.level.id(), level, "{query} on {}", axis.key());
    assert_eq!(
        result.floors.first().map(|floor| floor.because.as_str()),
        because,
        "{query} on {}",
        axis.key()
    );
}

#[test]
fn tenants_floors() {
    check("tenants=single-team", Axis::Compute, "process", None);
    check(
        "tenants=single-team",
        Axis::ControlPlane,
        "shared-namespace",
        None,
    );
    check(
        "tenants=org-teams",
        Axis::Compute,
        "container",
        Some("tenants=org-teams"),
    );
    check(
        "tenants=org-teams",
        Axis::ControlPlane,
        "namespace-per-tenant",
        Some("tenants=org-teams"),
    );
    check(
        "tenants=partners",
        Axis::Compute,
        "sandboxed-container",
        Some("tenants=partners"),
    );
    check(
        "tenants=partners",
        Axis::ControlPlane,
        "namespace-per-tenant",
        Some("tenants=partners"),
    );
    check(
        "tenants=unrelated-customers",
        Axis::Compute,
        "microvm",
        Some("tenants=unrelated-customers"),
    );
    check(
        "tenants=unrelated-customers",
        Axis::ControlPlane,
        "namespace-per-tenant",
        Some("tenants=unrelated-customers"),
    );
    check(
        "tenants=anonymous",
        Axis::Compute,
        "microvm",
        Some("tenants=anonymous"),
    );
    check(
        "tenants=anonymous",
        Axis::ControlPlane,
        "namespace-per-tenant",
        Some("tenants=anonymous"),
    );
}

#[test]
fn ruler_labels_follow_the_levels() {
    let (answers, _) = Answers::from_query("tenants=unrelated-customers");
    assert_eq!(recommend(&answers).scale.isolation, "virtual machines");
    let (answers, _) = Answers::from_query("tenants=org-teams");
    assert_eq!(recommend(&answers).scale.isolation, "containers");
}

#[test]
fn input_warnings_come_first() {
    let (answers, warnings) = Answers::from_query("tenants=aliens");
    let recommendation = recommend(&answers).with_input_warnings(&warnings);
    assert_eq!(recommendation.warnings.len(), 1);
    assert!(recommendation.warnings[0].contains("aliens"));
}
