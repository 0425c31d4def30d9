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

#[test]
fn the_floors_table_is_current() {
    let table = floors_table();
    // Every floor rule of the code appears, e.g. the two-answer ones.
    for row in [
        "| `regimes∋il6, tenants=partners` | compute ≥ `hypervisor (microvm or vm)`",
        "| `api_access=cluster-scoped, tenants=anonymous` | control_plane ≥ `cluster-per-tenant`",
        "| `code=agent-generated, accept_sandbox=yes` | compute ≥ `sandboxed-container`",
        "| `side_channels=possible` | residency ≥ `no-core-sharing`",
        "| `mixed_sensitivity=yes` | residency ≥ `dedicated-node-pool`",
    ] {
        assert!(table.contains(row), "missing {row}");
    }
    check("floors.md", &table);
}

#[test]
fn the_controls_table_is_current() {
    let table = controls_table();
    for row in [
        "(`network-default-deny`)",
        "(`gpu-sharing`)",
        "| `kvm=no, offering=eks` |",
        "| `regimes∋pci-cde` | PCI DSS 2.2.3 is not a hardware floor",
    ] {
        assert!(table.contains(row), "missing {row}");
    }
    check("controls.md", &table);
}
