//! What an export yields, by its target's twin, as the Kubernetes and Ceph tabs show it: the
//! core's kube-scheduler audit of our manifest (or a pasted one) on the nodes in use, and the
//! core's CRUSH simulation of our rule over a pool's placement groups on the user's own map.
//! Each reads the core's results in one place ([`audit_section`], [`pool_section`]), so fields
//! the core adds are wired here and nowhere else.

use tenancy_core::Request;
use tenancy_core::crush::simulate::{Pool, simulate_pool};
use tenancy_core::crush::{self, CrushMap};
use tenancy_core::diagram::bars::{Bar, bars};
use tenancy_core::diagram::svg;
use tenancy_core::export::{Options, crush_onto_map};
use tenancy_core::kube::audit::{Audit, AuditOptions, Estate, audit};
use tenancy_core::kube::manifest::Workload;
use tenancy_core::report::plan::availability_words;

pub use crate::protocol::TwinSection;
use crate::protocol::{Drawing, TwinRow};

/// What to run for the Ceph tab to have a map to simulate on.
pub const CRUSH_HINT: &str = "The Ceph tab simulates our rule on your own CRUSH map. Use it as \
     your topology above: the decompiled map (`ceph osd getcrushmap -o m && crushtool -d m -o \
     m.txt`, then paste m.txt) or `ceph osd crush dump -f json`.";

/// The most nodes kube-scheduler's twin is run on here: its worst case replays the scheduler up
/// to 512 times, each over every node.
pub const MAX_TWIN_NODES: usize = 5_000;

/// The most placement groups a pool may have (Ceph's `mon_max_pool_pg_num` default).
pub const MAX_PG_NUM: u32 = 65_536;

fn row(label: &str, value: impl Into<String>) -> TwinRow {
    TwinRow {
        label: label.to_owned(),
        value: value.into(),
    }
}

fn chart(title: &str, desc: &str, max: f64, rows: &[Bar]) -> (Drawing, String) {
    let figure = bars(title, desc, max, rows);
    (Drawing::from(&figure), svg::render(&figure))
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
    Ok(section_of(&audit))
}

fn section_of(audit: &Audit) -> TwinSection {
    let worst = &audit.worst.availability;
    let mut rows = vec![
        row(
            "Replicas",
            format!("{} (quorum {})", audit.replicas, audit.quorum),
        ),
        row(
            "Hard rules",
            if audit.rules.is_empty() {
                "none (the scheduler only prefers spreading)".to_owned()
            } else {
                audit.rules.join("; ")
            },
        ),
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
    rows.push(row(
        "Our optimum (same rules)",
        optimum.map_or_else(
            || "no placement satisfies them".to_owned(),
            |a| availability_words(a).headline,
        ),
    ));
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
        notes.push(
            "No single change found that closes the gap (more nodes or domains may be needed)."
                .to_owned(),
        );
    }
    let runs = f64::from(d.runs);
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
    let (chart, chart_svg) = chart(
        "Seeded scheduler runs that keep quorum",
        &format!(
            "Of {} seeded kube-scheduler runs of {}, how many keep the quorum through the worst single failure of each kind.",
            d.runs, audit.workload
        ),
        runs,
        &bars_rows,
    );
    TwinSection {
        heading: audit.workload.clone(),
        rows,
        shortfall,
        fix,
        notes,
        chart,
        chart_svg,
    }
}

/// Our rule added to the user's map and simulated over a replicated pool of `request.replicas`
/// and `pg_num` placement groups.
pub fn pool_section(map: &CrushMap, request: &Request, pg_num: u32) -> Result<TwinSection, String> {
    let onto = crush_onto_map(request, &crush::write(map), &Options::default())?;
    let with_rule = crush::read(&onto.text)?;
    let (&rule, added) = with_rule
        .rules
        .iter()
        .find(|(id, _)| !map.rules.contains_key(id))
        .ok_or("our rule could not be added to this map")?;
    let pool = Pool {
        id: 1,
        rule,
        size: request.replicas as usize,
        pg_num: pg_num.clamp(1, MAX_PG_NUM),
        max_osd: with_rule.max_devices,
        out: Vec::new(),
    };
    let sim = simulate_pool(
        &with_rule,
        &pool,
        request.quorum.min(request.replicas),
        Some(request),
    )?;
    let pgs = f64::from(pool.pg_num);
    let percent = |n: u32| f64::from(n) * 100.0 / pgs;
    let vector = |radius: &[u32]| {
        radius
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",")
    };
    let kinds: Vec<&str> = sim.kinds.iter().map(String::as_str).collect();
    let nines = |p_quorum: f64| {
        let lost = 1.0 - p_quorum;
        if lost > 0.0 {
            format!("{:.1} nines", -lost.log10())
        } else {
            "never loses quorum".to_owned()
        }
    };
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
                "size {}, {} placement groups, rule `{}` (id {rule})",
                pool.size, pool.pg_num, added.name
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
                nines(across.worst),
                across.worst_pg,
                nines(across.median),
                nines(across.best),
                sim.min_size,
                pool.size
            ),
        ),
        row(
            "Our optimum",
            match optimum.p_quorum {
                Some(p_quorum) if optimum.feasible => format!(
                    "{} (most replicas in one {}), {}",
                    vector(&optimum.radius),
                    kinds.join(", one "),
                    nines(p_quorum)
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
            label: vector(&count.radius),
            value: f64::from(count.pgs),
            text: format!("{} PGs ({:.1} %)", count.pgs, percent(count.pgs)),
            good: optimum.feasible && count.radius.as_slice() <= optimum.radius.as_slice(),
        })
        .collect();
    let (chart, chart_svg) = chart(
        "Blast radius per placement group",
        &format!(
            "How many of the pool's {} placement groups have each blast radius (most replicas in one {}); green: as good as our optimum.",
            pool.pg_num,
            kinds.join(", one ")
        ),
        pgs,
        &bars_rows,
    );
    let mut notes = onto.lossy;
    notes.extend(onto.warnings);
    Ok(TwinSection {
        heading: format!("A pool of {} on our rule", pool.size),
        rows,
        shortfall,
        fix: None,
        notes,
        chart,
        chart_svg,
    })
}
