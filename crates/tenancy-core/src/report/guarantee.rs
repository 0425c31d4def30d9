//! A target's guarantee in words: what the exported configuration allows at worst, beside our
//! optimum, as the CLI prints it and the web app's export tabs show it.

use crate::export::{Guarantee, GuaranteeMethod};
use crate::report::plan::nines;

/// A guarantee as lines for people: the summary, then [`guarantee_details`].
pub fn guarantee_lines(guarantee: &Guarantee) -> Vec<String> {
    std::iter::once(guarantee.summary.clone())
        .chain(guarantee_details(guarantee))
        .collect()
}

/// What a guarantee's summary rests on, one sentence each: what is enforced, the worst
/// placement's hosts, kube-scheduler's twin on real nodes, and the warnings.
pub fn guarantee_details(guarantee: &Guarantee) -> Vec<String> {
    let mut lines = vec![format!("enforced: {}", guarantee.enforced.join("; "))];
    if let Some(worst) = &guarantee.worst {
        let hosts: Vec<&str> = worst
            .hosts
            .iter()
            .map(|host| host.as_deref().unwrap_or("(unplaced)"))
            .collect();
        lines.push(format!(
            "the worst placement it allows ({} judged, {}): {}",
            guarantee.placements,
            match guarantee.method {
                GuaranteeMethod::Exhaustive => "every one",
                GuaranteeMethod::Partial => "the search stopped early",
                GuaranteeMethod::Twin => "placement groups mapped by the CRUSH twin",
            },
            hosts.join(", ")
        ));
    }
    if let Some(twin) = &guarantee.twin {
        let of = |lost: f64| nines((lost > 0.0).then(|| -lost.log10()));
        lines.push(format!(
            "kube-scheduler's twin on these nodes: {} nines at worst (adversarial tie-breaks); \
             over {} seeded runs ({} distinct placements): worst {}, median {}, best {} nines",
            of(twin.worst.p_quorum_lost),
            twin.runs,
            twin.distinct_placements,
            of(twin.p_quorum_lost[2]),
            of(twin.p_quorum_lost[1]),
            of(twin.p_quorum_lost[0])
        ));
    }
    lines.extend(guarantee.warnings.iter().cloned());
    lines
}
