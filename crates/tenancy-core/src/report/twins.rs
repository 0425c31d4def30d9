//! What the twins found and what an export guarantees, in words: a kube-scheduler audit
//! ([`audit_findings`], and [`audit_text`] for `tenancy check k8s`), our CRUSH rule over a pool's
//! placement groups ([`pool_findings`]) and a guarantee ([`guarantee_findings`], and
//! [`guarantee_text`] for `tenancy simulate nova|nomad`), and a kube-scheduler scenario
//! ([`simulation_text`] for `tenancy simulate k8s`). Each finding is plain data — a heading, rows of
//! label and value, the shortfall, the fix, notes and a chart — that the web worker maps to its
//! messages and the CLI prints as [`Findings::lines`]. Nines are the plan's two-figure wording.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::availability::Availability;
use crate::diagram::Figure;
use crate::diagram::bars::{Bar, bars};
use crate::export::{Guarantee, GuaranteeMethod, OurPool};
use crate::kube::audit::{Audit, Outcome};
use crate::kube::simulate::Simulation;
use crate::report::plan::{availability_words, lost_in_nines, nines_of_loss};
use crate::report::radius;

/// One line of a table: what it is, and its value in words (as JSON too: the web worker sends
/// it to the page as it is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// What it is.
    pub label: String,
    /// Its value, in words.
    pub value: String,
}

/// Findings for one workload, pool or guarantee, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Findings {
    /// What was simulated (`Deployment default/workload`), or the guarantee's summary.
    pub heading: String,
    /// Label and value, in reading order.
    pub rows: Vec<Row>,
    /// Where the worst case falls short of our optimum, in one sentence.
    pub shortfall: Option<String>,
    /// The smallest change that closes the gap, in words, and its YAML.
    pub fix: Option<(String, String)>,
    /// Things worth knowing.
    pub notes: Vec<String>,
    /// A bar chart of the findings, when they have one.
    pub chart: Option<Figure>,
}

impl Findings {
    /// The findings as lines of text (the chart left out): the heading, `label: value` per row,
    /// the shortfall, the fix and its YAML, the notes.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.heading.clone()];
        lines.extend(
            self.rows
                .iter()
                .map(|row| format!("{}: {}", row.label, row.value)),
        );
        lines.extend(self.shortfall.iter().cloned());
        if let Some((change, yaml)) = &self.fix {
            lines.push(change.clone());
            lines.extend(yaml.lines().map(|line| format!("    {line}")));
        }
        lines.extend(self.notes.iter().cloned());
        lines
    }
}

fn row(label: &str, value: impl Into<String>) -> Row {
    Row {
        label: label.to_owned(),
        value: value.into(),
    }
}

/// A manifest's hard rules in words, or that there are none.
fn hard_rules(rules: &[String]) -> String {
    if rules.is_empty() {
        "none (the scheduler only prefers spreading)".to_owned()
    } else {
        rules.join("; ")
    }
}

/// Our optimum under the same rules: its headline, or that none exists.
fn optimum_words(optimum: Option<&Availability>) -> String {
    optimum.map_or_else(
        || "no placement satisfies them".to_owned(),
        |a| availability_words(a).headline,
    )
}

/// Said when a gap remains and no single change closes it.
const NO_FIX: &str =
    "no single change found that closes the gap (more nodes or domains may be needed)";

/// "over 50 seeded runs (7 distinct placements): worst 2.8, median 3.5, best 3.9 nines".
fn runs_words(runs: u32, distinct: u32, p_quorum_lost: [f64; 3]) -> String {
    let [lowest, median, highest] = p_quorum_lost.map(nines_of_loss);
    format!(
        "over {runs} seeded runs ({distinct} distinct placements): worst {highest}, median \
         {median}, best {lowest} nines"
    )
}

/// The hosts of a placement, `unplaced` standing for a replica without one.
pub fn hosts_words(hosts: &[Option<String>], unplaced: &str) -> String {
    let names: Vec<&str> = hosts
        .iter()
        .map(|host| host.as_deref().unwrap_or(unplaced))
        .collect();
    names.join(", ")
}

/// `n` of `total` as a percentage with one decimal (`50.0`).
fn percent_of(n: u32, total: u32) -> f64 {
    f64::from(n) * 100.0 / f64::from(total.max(1))
}

/// The audit of one workload as the web app's Kubernetes tab shows it: the hard rules, the
/// twin's worst case and its blast radius, the seeded runs, our optimum for the same rules, the
/// shortfall and the smallest fix, and a chart of the runs that keep quorum per kind.
pub fn audit_findings(audit: &Audit) -> Findings {
    let worst = &audit.worst.availability;
    let mut rows = vec![
        row(
            "Replicas",
            format!("{} (quorum {})", audit.replicas, audit.quorum),
        ),
        row("Hard rules", hard_rules(&audit.rules)),
        row("Twin's worst case", availability_words(worst).headline),
    ];
    let radius: Vec<String> = worst
        .worst_single_failure
        .iter()
        .map(|f| {
            format!(
                "{} of {} in one {}",
                f.replicas_down, audit.replicas, f.kind
            )
        })
        .collect();
    rows.push(row("Worst-case blast radius", radius.join(", ")));
    if audit.worst.pending > 0 {
        let why = audit.worst.why_pending.clone().unwrap_or_default();
        rows.push(row(
            "Left Pending",
            format!("{} replica(s). {why}", audit.worst.pending),
        ));
    }
    let d = &audit.distribution;
    rows.push(row(
        "Seeded runs",
        format!(
            "{} runs, {} different placements, {} with a Pending replica",
            d.runs, d.distinct_placements, d.runs_with_pending
        ),
    ));
    let optimum = audit.optimum.availability.as_ref();
    rows.push(row("Our optimum (same rules)", optimum_words(optimum)));
    // The kinds whose single failure our optimum survives and the worst case does not.
    let short: Vec<&str> = optimum
        .map(|a| {
            a.worst_single_failure
                .iter()
                .filter(|f| f.quorum_survives)
                .filter(|f| {
                    !worst
                        .worst_single_failure
                        .iter()
                        .any(|w| w.kind == f.kind && w.quorum_survives)
                })
                .map(|f| f.kind.as_str())
                .collect()
        })
        .unwrap_or_default();
    let shortfall = audit.gap.then(|| {
        if short.is_empty() {
            "In the worst case the scheduler's choices lose what our optimum keeps.".to_owned()
        } else {
            format!(
                "In the worst case the quorum does not survive the loss of one {}, which our \
                 optimum survives: the scheduler may place replicas this way.",
                short.join(" or one ")
            )
        }
    });
    let fix = audit.fix.as_ref().map(|fix| {
        (
            format!(
                "Smallest change that closes the gap: {}. Worst case with it: {}.",
                fix.change,
                availability_words(&fix.worst).headline
            ),
            fix.yaml.clone(),
        )
    });
    let mut notes = audit.warnings.clone();
    if audit.gap && audit.fix.is_none() {
        notes.push(format!("{}{}.", NO_FIX[..1].to_uppercase(), &NO_FIX[1..]));
    }
    let bars_rows: Vec<Bar> = d
        .survives
        .iter()
        .map(|(kind, n)| Bar {
            label: format!("one {kind} fails"),
            value: f64::from(*n),
            text: format!("{n}/{} runs keep quorum", d.runs),
            good: *n == d.runs,
        })
        .collect();
    let chart = bars(
        "Seeded scheduler runs that keep quorum",
        &format!(
            "Of {} seeded kube-scheduler runs of {}, how many keep the quorum through the worst \
             single failure of each kind.",
            d.runs, audit.workload
        ),
        f64::from(d.runs),
        &bars_rows,
    );
    Findings {
        heading: audit.workload.clone(),
        rows,
        shortfall,
        fix,
        notes,
        chart: Some(chart),
    }
}

/// Our rule over a pool's placement groups on the user's map, as the web app's Ceph tab shows
/// it: the pool, bad mappings, balance, availability across the groups, our optimum and how
/// many groups reach it, the shortfall, and a chart of the groups per blast radius.
pub fn pool_findings(ours: &OurPool) -> Findings {
    let sim = &ours.simulation;
    let pool = &sim.pool;
    let percent = |n: u32| percent_of(n, pool.pg_num);
    let kinds: Vec<&str> = sim.kinds.iter().map(String::as_str).collect();
    let of_quorum = |p_quorum: f64| lost_in_nines(1.0 - p_quorum);
    let (fewest, most) = sim
        .per_osd
        .values()
        .fold((u32::MAX, 0), |(lo, hi), &n| (lo.min(n), hi.max(n)));
    let optimum = &sim.optimum;
    let at_best = optimum.pgs_as_spread;
    let across = &sim.availability;
    let rows = vec![
        row(
            "Pool",
            format!(
                "size {}, {} placement groups, rule `{}` (id {})",
                pool.size, pool.pg_num, ours.rule_name, pool.rule
            ),
        ),
        row(
            "Bad mappings",
            format!(
                "{} of {} ({:.1} %)",
                sim.bad_mappings,
                pool.pg_num,
                percent(sim.bad_mappings)
            ),
        ),
        row(
            "PGs per OSD",
            if sim.per_osd.is_empty() {
                "none mapped".to_owned()
            } else {
                format!(
                    "{fewest} to {most} on {} OSDs, max/mean {:.2}",
                    sim.per_osd.len(),
                    sim.max_over_mean
                )
            },
        ),
        row(
            "Availability across PGs",
            format!(
                "worst {} (PG {}), median {}, best {} ({} of {} replicas up)",
                of_quorum(across.worst),
                across.worst_pg,
                of_quorum(across.median),
                of_quorum(across.best),
                sim.min_size,
                pool.size
            ),
        ),
        row(
            "Our optimum",
            match optimum.p_quorum {
                Some(p_quorum) if optimum.feasible => format!(
                    "{} (most replicas in one {}), {}",
                    radius(&optimum.radius),
                    kinds.join(", one "),
                    of_quorum(p_quorum)
                ),
                _ => "the request is infeasible on the hosts this rule reaches".to_owned(),
            },
        ),
        row(
            "PGs at our optimum",
            format!(
                "{at_best} of {} as spread ({:.1} %), {} as available",
                pool.pg_num,
                percent(at_best),
                optimum.pgs_as_available
            ),
        ),
    ];
    let shortfall = (optimum.feasible && at_best < pool.pg_num).then(|| {
        format!(
            "On this map {:.1} % of placement groups put more replicas in one failure domain than \
             our optimum, or are short.",
            percent(pool.pg_num - at_best)
        )
    });
    let bars_rows: Vec<Bar> = sim
        .blast_radius
        .iter()
        .map(|count| Bar {
            label: radius(&count.radius),
            value: f64::from(count.pgs),
            text: format!("{} PGs ({:.1} %)", count.pgs, percent(count.pgs)),
            good: optimum.feasible && count.radius.as_slice() <= optimum.radius.as_slice(),
        })
        .collect();
    let chart = bars(
        "Blast radius per placement group",
        &format!(
            "How many of the pool's {} placement groups have each blast radius (most replicas in \
             one {}); green: as good as our optimum.",
            pool.pg_num,
            kinds.join(", one ")
        ),
        f64::from(pool.pg_num),
        &bars_rows,
    );
    Findings {
        heading: format!("A pool of {} on our rule", pool.size),
        rows,
        shortfall,
        fix: None,
        notes: ours.notes.clone(),
        chart: Some(chart),
    }
}

/// A guarantee in words: the summary as the heading, then what is enforced, the worst placement
/// it allows (how it was found), kube-scheduler's twin on real nodes when it ran, and the
/// guarantee's warnings as notes.
pub fn guarantee_findings(guarantee: &Guarantee) -> Findings {
    let mut rows = vec![row("enforced", guarantee.enforced.join("; "))];
    if let Some(worst) = &guarantee.worst {
        let method = match guarantee.method {
            GuaranteeMethod::Exhaustive => "every one",
            GuaranteeMethod::Partial => "the search stopped early",
            GuaranteeMethod::Twin => "placement groups mapped by the CRUSH twin",
        };
        rows.push(row(
            &format!(
                "the worst placement it allows ({} judged, {method})",
                guarantee.placements
            ),
            hosts_words(&worst.hosts, "(unplaced)"),
        ));
    }
    if let Some(twin) = &guarantee.twin {
        rows.push(row(
            "kube-scheduler's twin on these nodes",
            format!(
                "{} at worst (adversarial tie-breaks); {}",
                lost_in_nines(twin.worst.p_quorum_lost),
                runs_words(twin.runs, twin.distinct_placements, twin.p_quorum_lost)
            ),
        ));
    }
    Findings {
        heading: guarantee.summary.clone(),
        rows,
        shortfall: None,
        fix: None,
        notes: guarantee.warnings.clone(),
        chart: None,
    }
}

/// A guarantee for people, as `tenancy simulate nova|nomad` prints it: its
/// [`guarantee_findings`] as lines, then the worst placement's and our optimum's availability
/// in words.
pub fn guarantee_text(guarantee: &Guarantee) -> String {
    let mut out = String::new();
    for line in guarantee_findings(guarantee).lines() {
        let _ = writeln!(out, "{line}");
    }
    for (name, availability) in [
        ("worst", guarantee.worst.as_ref().map(|w| &w.availability)),
        ("optimum", guarantee.optimum.as_ref()),
    ] {
        if let Some(availability) = availability {
            let words = availability_words(availability);
            let _ = writeln!(out, "{name}: {}", words.headline);
            let _ = writeln!(out, "  {}", words.downtime);
            if let Some(frequency) = words.frequency {
                let _ = writeln!(out, "  {frequency}");
            }
        }
    }
    out
}

/// The audit as `tenancy check k8s` prints it: the twin's worst case with its spread and single
/// failures, the seeded runs, what the hard rules alone guarantee, our optimum, the `--survive`
/// verdict, the smallest fix, and notes.
pub fn audit_text(audit: &Audit) -> String {
    let mut out = String::new();
    let mut line = |text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    line(&format!(
        "{}: {} replicas, quorum {}",
        audit.workload, audit.replicas, audit.quorum
    ));
    line(&format!("hard rules: {}", hard_rules(&audit.rules)));
    line("");
    let w = &audit.worst.availability;
    line(&format!(
        "twin's worst case (worst tie-breaks): {}",
        availability_words(w).headline
    ));
    if audit.worst.pending > 0 {
        line(&format!(
            "  {} replica(s) left Pending",
            audit.worst.pending
        ));
    }
    if let Some(why) = &audit.worst.why_pending {
        line(&format!("  {why}"));
    }
    for spread in spread_lines(&audit.worst) {
        line(&spread);
    }
    for f in &w.worst_single_failure {
        line(&format!(
            "  losing one {} ({}) takes {} replica(s): quorum {}",
            f.kind,
            f.domain.as_deref().unwrap_or("none"),
            f.replicas_down,
            if f.quorum_survives { "holds" } else { "LOST" }
        ));
    }
    let d = &audit.distribution;
    line("");
    line(&format!(
        "distribution {}",
        runs_words(d.runs, d.distinct_placements, d.p_quorum_lost)
    ));
    let survives: Vec<String> = d
        .survives
        .iter()
        .map(|(k, n)| format!("{k} {n}/{}", d.runs))
        .collect();
    line(&format!(
        "  runs whose quorum survives the worst single failure: {}",
        survives.join(", ")
    ));
    if d.runs_with_pending > 0 {
        line(&format!(
            "  runs with a Pending replica: {}",
            d.runs_with_pending
        ));
    }
    line("");
    line(&format!(
        "the hard rules alone (any pod order, any tie-break): {}",
        audit.guarantee.summary
    ));
    if let Some(worst) = &audit.guarantee.worst {
        line(&format!(
            "  the worst placement they allow: {}",
            hosts_words(&worst.hosts, "(Pending)")
        ));
    }
    for warning in &audit.guarantee.warnings {
        line(&format!("  {warning}"));
    }
    line(&format!(
        "optimum for the same rules: {}",
        optimum_words(audit.optimum.availability.as_ref())
    ));
    if let Some((kind, ok)) = &audit.survive {
        line(&format!(
            "survive one {kind} failure: {}",
            if *ok {
                "yes, in the worst case"
            } else {
                "NO, not in the worst case"
            }
        ));
    }
    line("");
    match (&audit.fix, audit.gap) {
        (_, false) => {
            line("no change needed: the worst case already survives what the optimum survives")
        }
        (Some(fix), true) => {
            line(&format!(
                "smallest change that closes the gap: {}",
                fix.change
            ));
            line(&format!(
                "  worst case with it: {}",
                lost_in_nines(fix.worst.p_quorum_lost)
            ));
            for l in fix.yaml.lines() {
                line(&format!("    {l}"));
            }
        }
        (None, true) => line(NO_FIX),
    }
    for warning in &audit.warnings {
        line(&format!("note: {warning}"));
    }
    out
}

/// Replicas per domain, a line per kind: "  per zone: eu-west-1a=2 eu-west-1b=1".
fn spread_lines(outcome: &Outcome) -> Vec<String> {
    outcome
        .spread
        .iter()
        .map(|(kind, per)| {
            let counts: Vec<String> = per.iter().map(|(d, n)| format!("{d}={n}")).collect();
            format!("  per {kind}: {}", counts.join(" "))
        })
        .collect()
}

/// A kube-scheduler scenario as `tenancy simulate k8s` prints it: its events, the fewest pods
/// running during a rollout or what a failure left running, and where the workload ends (its
/// availability, the replicas per domain, any left Pending).
pub fn simulation_text(simulation: &Simulation) -> String {
    let mut out = format!("{}: {}\n", simulation.workload, simulation.scenario);
    for event in &simulation.events {
        let _ = writeln!(out, "  {event}");
    }
    if let Some(min) = simulation.min_available {
        let _ = writeln!(out, "fewest pods running during the rollout: {min}");
    }
    if let Some((up, quorum)) = simulation.after_failure {
        let _ = writeln!(
            out,
            "right after the failure: {up} running, quorum {}",
            if quorum { "holds" } else { "LOST" }
        );
    }
    let end = &simulation.end;
    let _ = writeln!(
        out,
        "at the end: {}",
        availability_words(&end.availability).headline
    );
    for spread in spread_lines(end) {
        let _ = writeln!(out, "{spread}");
    }
    if end.pending > 0 {
        let _ = writeln!(out, "  {} replica(s) Pending", end.pending);
    }
    out
}

#[cfg(test)]
mod tests;
