//! What an export yields, by its target's twin, as the Kubernetes and Ceph tabs show it: the
//! core's kube-scheduler audit of our manifest (or a pasted one) on the nodes in use, and the
//! core's CRUSH simulation of our rule over a pool's placement groups on the user's own map.
//! The core words them (`tenancy_core::report::twins`); `section` maps its findings to the
//! page's message, so fields the core adds are wired here and nowhere else.

use tenancy_core::Request;
use tenancy_core::crush::CrushMap;
use tenancy_core::diagram::svg;
use tenancy_core::export::our_rule_on_pool;
use tenancy_core::kube::audit::{AuditOptions, Estate, audit};
use tenancy_core::kube::manifest::Workload;
use tenancy_core::report::twins::{Findings, audit_findings, pool_findings};

use crate::protocol::Drawing;
pub use crate::protocol::TwinSection;

/// What to run for the Ceph tab to have a map to simulate on.
pub const CRUSH_HINT: &str = "The Ceph tab simulates our rule on your own CRUSH map. Use it as \
     your topology above: the decompiled map (`ceph osd getcrushmap -o m && crushtool -d m -o \
     m.txt`, then paste m.txt) or `ceph osd crush dump -f json`.";

/// The most nodes kube-scheduler's twin is run on here: its worst case replays the scheduler up
/// to 512 times, each over every node.
pub const MAX_TWIN_NODES: usize = 5_000;

/// The core's findings as the page's message: rows and chart mapped, nothing reworded.
fn section(findings: Findings) -> TwinSection {
    let (chart, chart_svg) = findings.chart.map_or_else(
        || (Drawing::default(), String::new()),
        |figure| (Drawing::from(&figure), svg::render(&figure)),
    );
    TwinSection {
        heading: findings.heading,
        rows: findings.rows,
        shortfall: findings.shortfall,
        fix: findings.fix,
        notes: findings.notes,
        chart,
        chart_svg,
    }
}

/// The audit of one workload, quorum as the request has it when `quorum` is given.
pub fn audit_section(
    estate: &Estate,
    workload: &Workload,
    quorum: Option<u32>,
) -> Result<TwinSection, String> {
    let options = AuditOptions {
        quorum,
        ..AuditOptions::default()
    };
    let audit =
        audit(estate, workload, &options).map_err(|e| format!("{e} ({})", workload.name))?;
    Ok(section(audit_findings(&audit)))
}

/// Our rule added to the user's map and simulated over a replicated pool of `request.replicas`
/// and `pg_num` placement groups.
pub fn pool_section(map: &CrushMap, request: &Request, pg_num: u32) -> Result<TwinSection, String> {
    our_rule_on_pool(map, request, pg_num).map(|ours| section(pool_findings(&ours)))
}
