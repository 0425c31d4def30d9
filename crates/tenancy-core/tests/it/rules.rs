//! `docs/floors.md` and `docs/controls.md`: the whole logic of the advice, generated from the
//! code. `UPDATE_RULES=1` rewrites them; otherwise the test fails when either is stale.

use std::path::Path;

use tenancy_core::recommend::{controls_table, floors_table};

fn check(name: &str, table: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs")
        .join(name);
    if std::env::var_os("UPDATE_RULES").is_some() {
        std::fs::write(&path, table).expect("docs/ is writable");
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == table,
        "docs/{name} is stale: rerun with UPDATE_RULES=1 \
         cargo test -p tenancy-core --test it rules"
    );
}

/// The generated table holds each of these rows and matches `docs/{name}`.
fn check_rows(name: &str, table: &str, rows: &[&str]) {
    for row in rows {
        assert!(table.contains(row), "missing {row}");
    }
    check(name, table);
}

#[test]
fn the_floors_table_is_current() {
    // Every floor rule of the code appears, e.g. the two-answer ones.
    let rows = [
        "| `regimes∋il6, tenants=partners` | compute ≥ `hypervisor (microvm or vm)`",
        "| `api_access=cluster-scoped, tenants=anonymous` | control_plane ≥ `cluster-per-tenant`",
        "| `code=agent-generated, accept_sandbox=yes` | compute ≥ `sandboxed-container`",
        "| `side_channels=possible` | residency ≥ `no-core-sharing`",
        "| `mixed_sensitivity=yes` | residency ≥ `dedicated-node-pool`",
    ];
    check_rows("floors.md", &floors_table(), &rows);
}

#[test]
fn the_controls_table_is_current() {
    let rows = [
        "(`network-default-deny`)",
        "(`gpu-sharing`)",
        "| `kvm=no, offering=eks` |",
        "| `regimes∋pci-cde` | PCI DSS 2.2.3 is not a hardware floor",
    ];
    check_rows("controls.md", &controls_table(), &rows);
}
