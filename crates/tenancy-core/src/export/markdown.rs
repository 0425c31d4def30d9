//! The Markdown report for a design document or a ticket: the recommendation (answers, levels,
//! reasons with sources — [`crate::report::markdown`]), then the plan: the request, the placement
//! as a table and its availability ([`crate::report::plan_markdown`]), all read from the caller's
//! [`Plan`] (nothing is solved again here), and what each target's configuration guarantees
//! beside it ([`super::guarantee::markdown_section`]).

use crate::plan::Plan;
use crate::recommend::Recommendation;
use crate::request::Request;
use crate::topology::Topology;

use super::Export;

/// The full report (see the module documentation). Nothing is lossy in Markdown.
pub fn markdown(
    recommendation: &Recommendation,
    request: &Request,
    topology: &Topology,
    plan: &Plan,
) -> Export {
    let mut text = crate::report::markdown(recommendation);
    text.push_str(&crate::report::plan_markdown(topology, request, plan));
    text.push_str(&super::guarantee::markdown_section(topology, request, plan));
    Export::new(text, Vec::new())
}
