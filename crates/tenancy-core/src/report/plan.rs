//! A plan rendered for people: the availability wording every shell shares (two significant
//! figures, the range the rates' bounds imply, the meaning, frequency and common-mode share) and
//! the terminal text of a whole plan that `tenancy place --format text` prints.

use std::fmt::Write;

use crate::availability::{
    Availability, Evidence, FIGURES, KindRate, Method, RateOrigin, significant,
    significant_probability,
};
use crate::plan::Plan;
use crate::request::Request;
use crate::topology::{HOST_KIND, Topology};

/// The availability figures as sentences, shared by the text, the Markdown and the web app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvailabilityWords {
    /// "2 of 3 replicas up: 3.9 nines (range 2.8–4.8)".
    pub headline: String,
    /// Average minutes a year without quorum, with its range.
    pub downtime: String,
    /// Losses a year, mean length, chance in a year and in a 30-day window (exact results only).
    pub frequency: Option<String>,
    /// The common-mode component, its share, and what independence alone would claim.
    pub common_mode: String,
    /// What the figures mean and assume.
    pub meaning: String,
}

/// `x` to two significant figures ([`significant`], the rule the JSON output is cut by too),
/// with an exponent only below 0.001.
pub fn two_figures(x: f64) -> String {
    let rounded = significant(x, FIGURES);
    if rounded == 0.0 || !rounded.is_finite() {
        return format!("{rounded}");
    }
    // Below 0.001 the scientific form reads better than a run of zeros; above, just enough
    // decimals for the figures.
    if x.abs() < 1e-3 {
        return format!("{rounded:.prec$e}", prec = FIGURES - 1);
    }
    let decimals = FIGURES as i32 - 1 - rounded.abs().log10().floor() as i32;
    format!("{rounded:.prec$}", prec = decimals.max(0) as usize)
}

/// Nines to two figures; unbounded when `None`.
pub fn nines(n: Option<f64>) -> String {
    n.map_or("unbounded".to_owned(), two_figures)
}

/// A probability of losing quorum as nines, to two figures: "3.9 nines", and in words at the
/// ends (never lost, always lost).
pub fn lost_in_nines(lost: f64) -> String {
    if lost <= 0.0 {
        "unbounded nines (never loses quorum)".to_owned()
    } else if lost >= 1.0 {
        "0 nines (never has quorum)".to_owned()
    } else {
        format!("{} nines", nines_of_loss(lost))
    }
}

/// Nines of a probability of losing quorum, to two figures: unbounded when it is never lost.
pub fn nines_of_loss(p_quorum_lost: f64) -> String {
    nines((p_quorum_lost > 0.0).then(|| 0.0 - p_quorum_lost.log10()))
}

/// "a–b", or just "a" when both ends read the same.
fn range(low: String, high: String) -> String {
    if low == high {
        low
    } else {
        format!("{low}–{high}")
    }
}

/// Minutes, hours or days, to two figures, whichever reads best.
pub fn duration(hours: f64) -> String {
    if hours < 1.0 {
        format!("{} minutes", two_figures(hours * 60.0))
    } else if hours < 48.0 {
        format!("{} hours", two_figures(hours))
    } else {
        format!("{} days", two_figures(hours / 24.0))
    }
}

/// A probability as a percentage, cut as the JSON cuts it ([`significant_probability`]: two
/// figures of the smaller of it and its complement, so 0.99995 reads "99.995 %", not "100 %").
pub fn percent(p: f64) -> String {
    let shown = significant_probability(p, FIGURES);
    if shown < 0.5 {
        return format!("{} %", two_figures(shown * 100.0));
    }
    // The decimals the cut probability is written with, two fewer as a percentage.
    let decimals = shown
        .to_string()
        .split_once('.')
        .map_or(0, |(_, decimals)| decimals.len());
    format!(
        "{:.prec$} %",
        shown * 100.0,
        prec = decimals.saturating_sub(2)
    )
}

/// Why an availability never has quorum, whatever the rates: a configuration that leaves
/// replicas unplaced places fewer than its quorum.
macro_rules! too_few_placed {
    () => {
        "fewer replicas placed than the quorum"
    };
}

/// What an availability with fewer replicas placed than its quorum reads, as a figure.
pub const NO_QUORUM: &str = concat!("no quorum: ", too_few_placed!());

/// Its time without quorum: all of it (not "held all but 100 % of the time").
const NEVER_HAS_QUORUM: &str = concat!("never has quorum: ", too_few_placed!());

/// The availability in words (see [`AvailabilityWords`]).
pub fn availability_words(a: &Availability) -> AvailabilityWords {
    let [fewest, most] = a.bounds.nines;
    let never_up = a.p_quorum_lost >= 1.0;
    let headline = if never_up {
        format!("{} of {} replicas up: {NO_QUORUM}", a.quorum, a.replicas)
    } else {
        format!(
            "{} of {} replicas up: {} nines (range {}{})",
            a.quorum,
            a.replicas,
            nines(a.nines),
            range(nines(fewest), nines(most)),
            match (a.method, a.samples) {
                (Method::MonteCarlo, Some(samples)) =>
                    format!("; estimated from {samples} samples"),
                _ => String::new(),
            }
        )
    };
    let [low, high] = a.bounds.downtime_minutes_per_year;
    let downtime = if never_up {
        NEVER_HAS_QUORUM.to_owned()
    } else {
        format!(
            "on average {} minutes a year without quorum (range {}); quorum held {} of the time",
            two_figures(a.downtime_minutes_per_year),
            range(two_figures(low), two_figures(high)),
            if a.p_quorum_lost > 0.0 {
                format!("all but {}", percent(a.p_quorum_lost))
            } else {
                "all".to_owned()
            }
        )
    };
    // Never up, there are no losses to count: the downtime line says so.
    let frequency = a
        .frequency
        .filter(|_| !never_up)
        .map(|f| match f.mean_outage_hours {
            Some(hours) => format!(
                "about {} quorum losses a year{} lasting {} on average; {} of years see at least \
             one; over {} days: {} minutes on average, and any loss at all in {} of such windows",
                two_figures(f.losses_per_year),
                f.losses_per_year_interval
                    .map_or(String::new(), |[low, high]| format!(
                        " (sampled: {}–{})",
                        two_figures(low),
                        two_figures(high)
                    )),
                duration(hours),
                percent(f.p_loss_in_a_year),
                f.window.days,
                two_figures(f.window.expected_minutes),
                percent(f.window.p_any_loss)
            ),
            None => "quorum is never lost in this model".to_owned(),
        });
    let c = &a.common_mode;
    let common_mode = if c.failures_per_year > 0.0 && c.unavailability > 0.0 {
        format!(
            "common mode ({}/yr of {} on every replica at once) accounts for {} of the time \
             without quorum; independent failures alone would claim {} nines",
            two_figures(c.failures_per_year),
            duration(c.mttr_hours),
            percent(c.share),
            nines_of_loss(a.p_quorum_lost_independent)
        )
    } else {
        "common mode is off: every figure assumes failures are independent".to_owned()
    };
    AvailabilityWords {
        headline,
        downtime,
        frequency,
        common_mode,
        meaning: a.meaning.clone(),
    }
}

/// Where one rate comes from: "Dean … (derived; repair stated)", "topology", "assumed".
pub fn rate_basis(rate: &KindRate) -> String {
    let word = |evidence: Evidence| match evidence {
        Evidence::Stated => "stated",
        Evidence::Derived => "derived",
        Evidence::Assumed => "assumed",
    };
    match (rate.origin, rate.failures_evidence, rate.repair_evidence) {
        (RateOrigin::Topology, ..) => "set in the topology".to_owned(),
        (RateOrigin::Fallback, ..) => "assumed: no default for this kind".to_owned(),
        (RateOrigin::Default, Some(failures), Some(repair)) => {
            format!("rate {}, repair {}", word(failures), word(repair))
        }
        (RateOrigin::Default, ..) => "default".to_owned(),
    }
}

/// The rate table rows: kind, failures a year, repair hours, basis, source title.
pub fn rate_rows(a: &Availability) -> Vec<[String; 5]> {
    a.rates
        .iter()
        .map(|rate| {
            [
                rate.kind.clone(),
                two_figures(rate.failures_per_year),
                two_figures(rate.mttr_hours),
                rate_basis(rate),
                rate.source
                    .map_or("–".to_owned(), |source| source.title.to_owned()),
            ]
        })
        .collect()
}

/// A table of replica → host and domains, the spread, the availability and any conflict, for
/// people.
pub fn text(topology: &Topology, request: &Request, plan: &Plan) -> String {
    let placement = &plan.placement;
    let mut out = String::new();
    let verdict = match (placement.feasible, placement.optimal) {
        (true, Some(true)) => "placed (optimal blast radius)",
        (true, _) => "placed (search budget ran out: valid, perhaps not optimal)",
        (false, _) => "infeasible",
    };
    let _ = writeln!(
        out,
        "{} replicas, quorum {}: {verdict}",
        request.replicas, request.quorum
    );
    if let Some(assignments) = &placement.assignments {
        let mut header = vec!["replica".to_owned(), HOST_KIND.to_owned()];
        header.extend(topology.kinds.iter().cloned());
        let mut rows = vec![header];
        for assignment in assignments {
            let mut row = vec![assignment.replica.to_string(), assignment.host.clone()];
            row.extend(topology.kinds.iter().map(|kind| {
                assignment
                    .domains
                    .get(kind)
                    .cloned()
                    .unwrap_or_else(|| "-".to_owned())
            }));
            rows.push(row);
        }
        let _ = writeln!(out);
        table(&mut out, &rows);
    }
    if let Some(spread) = &placement.spread {
        let _ = writeln!(out);
        let mut rows = vec![vec![
            "spread".to_owned(),
            "domains used".to_owned(),
            "most in one domain".to_owned(),
        ]];
        for kind in topology.kinds.iter().map(String::as_str).chain([HOST_KIND]) {
            if let Some(s) = spread.get(kind) {
                rows.push(vec![
                    kind.to_owned(),
                    s.domains_used.to_string(),
                    s.max_per_domain.to_string(),
                ]);
            }
        }
        table(&mut out, &rows);
    }
    if let Some(availability) = &plan.availability {
        availability_text(&mut out, availability);
    }
    if let Some(conflict) = &placement.conflict {
        if conflict.rules.is_empty() {
            let _ = writeln!(out, "\nnot even without rules:");
        } else {
            let _ = writeln!(
                out,
                "\nconflicting rules (dropping any one makes the request feasible):"
            );
            for &index in &conflict.rules {
                let _ = writeln!(out, "  rules[{index}]: {}", request.rules[index]);
            }
        }
        let _ = writeln!(out, "why: {}", conflict.explanation);
        if !conflict.proven {
            let _ = writeln!(
                out,
                "(the search budget ran out, so this is not proven minimal or impossible)"
            );
        }
    }
    if !placement.warnings.is_empty() {
        let _ = writeln!(out, "\nwarnings:");
        for warning in &placement.warnings {
            let _ = writeln!(out, "  - {warning}");
        }
    }
    out
}

/// The availability section of the text form.
fn availability_text(out: &mut String, availability: &Availability) {
    let words = availability_words(availability);
    let _ = writeln!(out, "\navailability, {}", words.headline);
    let _ = writeln!(out, "  {}", words.downtime);
    if let Some(frequency) = &words.frequency {
        let _ = writeln!(out, "  {frequency}");
    }
    let _ = writeln!(out, "  {}", words.common_mode);
    let _ = writeln!(out, "  {}", words.meaning);
    let mut rows = vec![vec![
        "worst single failure".to_owned(),
        "domain".to_owned(),
        "replicas down".to_owned(),
        "quorum survives".to_owned(),
    ]];
    for failure in &availability.worst_single_failure {
        rows.push(vec![
            failure.kind.clone(),
            failure.domain.clone().unwrap_or_else(|| "-".to_owned()),
            failure.replicas_down.to_string(),
            if failure.quorum_survives { "yes" } else { "no" }.to_owned(),
        ]);
    }
    let _ = writeln!(out);
    table(out, &rows);
    let mut rows = vec![vec![
        "rate".to_owned(),
        "failures/yr".to_owned(),
        "repair h".to_owned(),
        "basis".to_owned(),
        "source".to_owned(),
    ]];
    rows.extend(rate_rows(availability).into_iter().map(Vec::from));
    let _ = writeln!(out);
    table(out, &rows);
    if !availability.warnings.is_empty() {
        let _ = writeln!(out, "\navailability warnings:");
        for warning in &availability.warnings {
            let _ = writeln!(out, "  - {warning}");
        }
    }
}

/// Left-aligned columns separated by two spaces.
fn table(out: &mut String, rows: &[Vec<String>]) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = String::from("  ");
        for (cell, width) in row.iter().zip(&widths) {
            let _ = write!(line, "{cell:<width$}  ");
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_significant_figures() {
        let cases = [
            (68.06, "68"),
            (796.5, "800"),
            (0.0995, "0.10"),
            (1.051, "1.1"),
            (4.8388, "4.8"),
            (0.000015327, "1.5e-5"),
            (1e-9, "1.0e-9"),
            (12345.0, "12000"),
            (0.0, "0"),
        ];
        for (x, expected) in cases {
            assert_eq!(two_figures(x), expected, "{x}");
        }
    }

    #[test]
    fn the_default_plan_says_what_its_figures_mean() {
        let topology = crate::topology::default_topology();
        let mut request = Request::new(3);
        request.quorum = 2;
        request.rules.push(crate::request::Rule::new(
            "datacenter",
            crate::request::Limit::MaxPerDomain(1),
        ));
        let plan = crate::plan::plan(&topology, &request);
        // Compared with runs of spaces collapsed, so column widths do not matter.
        let out = text(&topology, &request, &plan)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for expected in [
            "availability, 2 of 3 replicas up: 3.9 nines (range 2.8–4.8)",
            "on average 68 minutes a year without quorum (range 7.6–800)",
            "about 1.1 quorum losses a year lasting 1.1 hours on average",
            "common mode (1.0/yr of 1.0 hours on every replica at once) accounts for 88 %",
            "The long-run fraction of time with quorum",
            "region 0.30 8.0 rate assumed, repair assumed Amazon Web Services: AWS Post-Event",
            "room 0.10 6.0 rate assumed, repair assumed –",
            "planet 1.0e-9 8800",
        ] {
            assert!(out.contains(expected), "missing {expected:?} in\n{out}");
        }
        // No false digits: nothing printed with more than two significant figures.
        assert!(!out.contains("0.9998"), "{out}");
        let markdown = crate::report::plan_markdown(&topology, &request, &plan);
        assert!(markdown.contains("**2 of 3 replicas up: 3.9 nines (range 2.8–4.8)**"));
        assert!(markdown.contains("- Meaning: The long-run fraction of time with quorum"));
    }

    #[test]
    fn a_quorum_never_held_reads_so_not_as_a_percentage() {
        let topology = crate::topology::default_topology();
        let unplaced = topology.hosts.len();
        let never = crate::availability::assess(&topology, &[0, unplaced, unplaced], 2);
        assert_eq!(never.p_quorum_lost, 1.0);
        let words = availability_words(&never);
        assert_eq!(
            words.headline,
            "2 of 3 replicas up: no quorum: fewer replicas placed than the quorum"
        );
        assert_eq!(
            words.downtime,
            "never has quorum: fewer replicas placed than the quorum"
        );
        assert_eq!(words.frequency, None);
        // One replica short of certain loss still reads as time held.
        let held = crate::availability::assess(&topology, &[0, 1, unplaced], 2);
        assert!(
            availability_words(&held)
                .downtime
                .contains("quorum held all but"),
            "{:?}",
            availability_words(&held).downtime
        );
    }

    #[test]
    fn percentages_keep_the_figures_of_the_smaller_side() {
        for (p, expected) in [
            (0.8765, "88 %"),
            (0.99995, "99.995 %"),
            (0.999_976_83, "99.9977 %"),
            (1.0, "100 %"),
            (0.5, "50 %"),
            (0.013_49, "1.3 %"),
            (1.3e-4, "0.013 %"),
            (1.5e-9, "1.5e-7 %"),
            (0.0, "0 %"),
        ] {
            assert_eq!(percent(p), expected, "{p}");
        }
    }

    #[test]
    fn losses_read_in_nines() {
        assert_eq!(lost_in_nines(1.3e-4), "3.9 nines");
        assert_eq!(lost_in_nines(0.0), "unbounded nines (never loses quorum)");
        assert_eq!(lost_in_nines(1.0), "0 nines (never has quorum)");
    }

    #[test]
    fn durations_pick_a_unit() {
        assert_eq!(duration(0.5), "30 minutes");
        assert_eq!(duration(7.04), "7.0 hours");
        assert_eq!(duration(720.0), "30 days");
    }
}
