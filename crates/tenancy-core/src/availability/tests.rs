//! Tests of availability: hand-computed probabilities, the worst-single-failure table, precision
//! of tiny losses, and the sampled fallback against the exact answer.

use super::*;

/// A topology from compact host lines: `name kind=domain …`, with the given kinds and rates; the
/// common-mode component is off unless `rates` sets it.
fn topology(kinds: &[&str], hosts: &[&str], rates: &[(&str, f64, f64)]) -> Topology {
    let hosts: Vec<String> = hosts
        .iter()
        .map(|line| {
            let mut parts = line.split_whitespace();
            let name = parts.next().unwrap();
            let domains: Vec<String> = parts
                .map(|pair| {
                    let (kind, domain) = pair.split_once('=').unwrap();
                    format!("\"{kind}\":\"{domain}\"")
                })
                .collect();
            format!(r#"{{"name":"{name}","domains":{{{}}}}}"#, domains.join(","))
        })
        .collect();
    let common_off = [(COMMON_MODE, 0.0, 0.0)];
    let common_off = if rates.iter().any(|(kind, ..)| *kind == COMMON_MODE) {
        &[][..]
    } else {
        &common_off[..]
    };
    let rates: Vec<String> = rates
        .iter()
        .chain(common_off)
        .map(|(kind, lambda, r)| {
            format!(r#""{kind}":{{"failures_per_year":{lambda},"mttr_hours":{r}}}"#)
        })
        .collect();
    let kinds: Vec<String> = kinds.iter().map(|k| format!("\"{k}\"")).collect();
    let json = format!(
        r#"{{"version":1,"kinds":[{}],"hosts":[{}],"rates":{{{}}}}}"#,
        kinds.join(","),
        hosts.join(","),
        rates.join(",")
    );
    Topology::from_json_str(&json).unwrap()
}

/// Rates that make u exactly the given value for a kind (r = 8766 h, λ = u).
fn u(kind: &str, value: f64) -> (&str, f64, f64) {
    (kind, value, HOURS_PER_YEAR)
}

use crate::topology::COMMON_MODE;
use rates::HOURS_PER_YEAR;

/// The default estate and the indices of the named hosts in it.
fn default_estate(names: &[&str]) -> (Topology, Vec<usize>) {
    let t = crate::topology::default_topology();
    let hosts = names
        .iter()
        .map(|name| t.hosts.iter().position(|h| h.name == *name).unwrap())
        .collect();
    (t, hosts)
}

fn check(topology: &Topology, hosts: &[usize], quorum: u32, expected_lost: f64) {
    let result = assess(topology, hosts, quorum);
    assert_eq!(result.method, Method::Exact);
    let scale = expected_lost.abs().max(1e-300);
    assert!(
        ((result.p_quorum_lost - expected_lost) / scale).abs() < 1e-12,
        "lost {} expected {expected_lost}",
        result.p_quorum_lost
    );
    assert!((result.p_quorum - (1.0 - expected_lost)).abs() < 1e-12);
}

#[test]
fn independent_hosts_follow_the_binomial() {
    let t = topology(&[], &["a", "b", "c"], &[u("host", 0.1)]);
    check(&t, &[0], 1, 0.1);
    check(&t, &[0, 1, 2], 1, 0.001);
    check(&t, &[0, 1, 2], 2, 3.0 * 0.01 * 0.9 + 0.001);
    check(&t, &[0, 1, 2], 3, 1.0 - 0.729);
    // Two replicas on one host fail together.
    check(&t, &[0, 0, 1], 2, 0.1);
    check(&t, &[0, 0, 1], 1, 0.01);
}

#[test]
fn a_shared_rack_takes_its_replicas_together() {
    let t = topology(
        &["rack"],
        &["a rack=r1", "b rack=r1", "c rack=r2"],
        &[u("host", 0.1), u("rack", 0.2)],
    );
    // Up(a or b) needs r1 up and not both hosts down.
    let r1_group_up_any = 0.8 * (1.0 - 0.01);
    let c_up = 0.8 * 0.9;
    check(&t, &[0, 1, 2], 1, (1.0 - r1_group_up_any) * (1.0 - c_up));
    // Quorum 2 of 3: both of a,b up (r1 up) or exactly one of a,b up and c up.
    let p2 = 0.8 * (0.81 + 2.0 * 0.09 * c_up);
    check(&t, &[0, 1, 2], 2, 1.0 - p2);
}

#[test]
fn a_switch_across_two_racks_is_conditioned_on() {
    // Racks r1 {a}, r2 {b}, r3 {c}; switch s1 feeds r1 and r2, s2 feeds r3; PDU p1 feeds r2 and r3.
    let t = topology(
        &["pdu", "rack", "switch"],
        &[
            "a pdu=p0 rack=r1 switch=s1",
            "b pdu=p1 rack=r2 switch=s1",
            "c pdu=p1 rack=r3 switch=s2",
        ],
        &[
            u("host", 0.0),
            u("rack", 0.0),
            u("pdu", 0.1),
            u("switch", 0.2),
        ],
    );
    let result = assess(&t, &[0, 1, 2], 2);
    assert_eq!(result.shared_domains, 1);
    // By hand over (p1, s1): a up ⇔ p0∧s1, b up ⇔ p1∧s1, c up ⇔ p1∧s2.
    let mut p = 0.0;
    for p0 in [true, false] {
        for p1 in [true, false] {
            for s1 in [true, false] {
                for s2 in [true, false] {
                    let w = [(p0, 0.1), (p1, 0.1), (s1, 0.2), (s2, 0.2)]
                        .iter()
                        .map(|&(up, u)| if up { 1.0 - u } else { u })
                        .product::<f64>();
                    let up = [p0 && s1, p1 && s1, p1 && s2]
                        .iter()
                        .filter(|&&x| x)
                        .count();
                    if up >= 2 {
                        p += w;
                    }
                }
            }
        }
    }
    check(&t, &[0, 1, 2], 2, 1.0 - p);
}

#[test]
fn tiny_losses_keep_their_digits() {
    // u = 1e-10 per host; three independent hosts, quorum 2: lost = 3u²(1−u) + u³.
    let t = topology(&[], &["a", "b", "c"], &[u("host", 1e-10)]);
    let u = 1e-10_f64;
    let expected = 3.0 * u * u * (1.0 - u) + u * u * u;
    let result = assess(&t, &[0, 1, 2], 2);
    assert!(((result.p_quorum_lost - expected) / expected).abs() < 1e-12);
    let nines = result.nines.unwrap();
    assert!((nines - (-expected.log10())).abs() < 1e-9, "{nines}");
    assert!(nines > 19.0);
    assert_eq!(result.p_quorum, 1.0);
}

#[test]
fn certain_quorum_has_no_finite_nines() {
    let t = topology(
        &["rack"],
        &["a rack=r", "b rack=r"],
        &[u("host", 0.0), u("rack", 0.0)],
    );
    let result = assess(&t, &[0, 1], 2);
    assert_eq!(
        (result.p_quorum, result.p_quorum_lost, result.nines),
        (1.0, 0.0, None)
    );
    let quorum_zero = assess(&t, &[0], 0);
    assert_eq!(quorum_zero.nines, None);
    assert_eq!(quorum_zero.downtime_minutes_per_year, 0.0);
}

#[test]
fn impossible_quorum_is_always_lost() {
    let t = topology(&[], &["a", "b"], &[]);
    check(&t, &[0, 1], 3, 1.0);
    assert_eq!(
        assess(&t, &[0, 1], 3).warnings,
        ["quorum 3 is more than the 2 replicas: it can never be met"]
    );
}

#[test]
fn downtime_is_the_loss_over_a_year() {
    let t = topology(&[], &["a"], &[u("host", 0.001)]);
    let result = assess(&t, &[0], 1);
    assert!((result.downtime_minutes_per_year - 525.96).abs() < 1e-9);
    assert!((result.nines.unwrap() - 3.0).abs() < 1e-12);
}

#[test]
fn out_of_range_hosts_and_unknown_kinds_are_warned_about() {
    let t = topology(&["cage"], &["a cage=c1", "b cage=c1"], &[u("host", 0.0)]);
    let result = assess(&t, &[0, 7], 1);
    assert_eq!(
        result.warnings,
        [
            "no default failure rate for kind `cage`: assumed 0.1/yr with 6 h to repair (set `rates.cage` in the topology)",
            "1 of 2 replicas is not placed; it counts as down",
        ]
    );
    let cage_u = 0.1 * 6.0 / HOURS_PER_YEAR;
    assert!((result.p_quorum - (1.0 - cage_u)).abs() < 1e-15);
    assert_eq!(result.rates[0].origin, RateOrigin::Fallback);
    assert_eq!(result.rates[1].origin, RateOrigin::Topology);
}

fn check_worst(topology: &Topology, hosts: &[usize], quorum: u32, expected: &[&str]) {
    let table: Vec<String> = worst_single_failure(topology, hosts, quorum)
        .iter()
        .map(|row| {
            format!(
                "{} {} -{} ={} {}",
                row.kind,
                row.domain.as_deref().unwrap_or("-"),
                row.replicas_down,
                row.replicas_left,
                if row.quorum_survives { "ok" } else { "lost" }
            )
        })
        .collect();
    assert_eq!(table, expected);
}

#[test]
fn worst_single_failure_per_kind() {
    let t = topology(
        &["datacenter", "rack", "switch"],
        &[
            "a datacenter=d1 rack=r1 switch=s1",
            "b datacenter=d1 rack=r2 switch=s1",
            "c datacenter=d2 rack=r3 switch=s3",
            "d datacenter=d2 rack=r4",
        ],
        &[],
    );
    check_worst(
        &t,
        &[0, 1, 2],
        2,
        &[
            "datacenter d1 -2 =1 lost",
            "rack r1 -1 =2 ok",
            "switch s1 -2 =1 lost",
            "host a -1 =2 ok",
        ],
    );
    // Two replicas on one host: the host is the worst, and the tie on datacenters goes to d1.
    check_worst(
        &t,
        &[2, 2, 0, 3],
        2,
        &[
            "datacenter d2 -3 =1 lost",
            "rack r3 -2 =2 ok",
            "switch s3 -2 =2 ok",
            "host c -2 =2 ok",
        ],
    );
    // A kind no replica host has: nothing to lose.
    check_worst(
        &t,
        &[3],
        1,
        &[
            "datacenter d2 -1 =0 lost",
            "rack r4 -1 =0 lost",
            "switch - -0 =1 ok",
            "host d -1 =0 lost",
        ],
    );
}

/// A chain of switches across pairs of racks: `n` rack pairs and `n − 1` switches joining them.
fn chain(n: usize) -> (Topology, Vec<usize>) {
    let mut hosts = Vec::new();
    for i in 0..2 * n {
        let switch = if i % 2 == 1 && i + 1 < 2 * n {
            format!(" switch=s{i}")
        } else if i % 2 == 0 && i > 0 {
            format!(" switch=s{}", i - 1)
        } else {
            String::new()
        };
        hosts.push(format!("h{i} rack=r{}{switch}", i / 2));
    }
    let lines: Vec<&str> = hosts.iter().map(String::as_str).collect();
    let t = topology(
        &["rack", "switch"],
        &lines,
        &[u("host", 0.05), u("rack", 0.1), u("switch", 0.15)],
    );
    (t, (0..2 * n).collect())
}

#[test]
fn sampling_agrees_with_exact_within_its_interval() {
    let (t, hosts) = chain(5);
    let exact = assess(&t, &hosts, 6);
    assert_eq!((exact.method, exact.shared_domains), (Method::Exact, 4));
    let budget = Budget {
        max_exact_shared: 2,
        max_work: 3,
        samples: 4000,
        frequency_samples: 400,
    };
    let sampled = assess_with(&t, &hosts, 6, budget);
    assert_eq!(sampled.method, Method::MonteCarlo);
    assert_eq!(sampled.samples, Some(4000));
    let interval = sampled.confidence_interval.unwrap();
    assert!(
        interval.low <= exact.p_quorum && exact.p_quorum <= interval.high,
        "{interval:?} vs {}",
        exact.p_quorum
    );
    assert!(interval.high - interval.low < 0.05, "{interval:?}");
    // Deterministic: the same input gives the same numbers.
    assert_eq!(assess_with(&t, &hosts, 6, budget), sampled);
    // Written at two figures: the estimate, its interval and the sampled loss rate's.
    let json = serde_json::to_value(&sampled).unwrap();
    let loss_interval = &json["frequency"]["losses_per_year_interval"];
    for (figure, probability) in [
        (&json["p_quorum"], true),
        (&json["confidence_interval"]["low"], true),
        (&json["confidence_interval"]["high"], true),
        (&loss_interval[0], false),
        (&loss_interval[1], false),
    ] {
        let x = figure.as_f64().expect("a number");
        let cut = if probability {
            significant_probability(x, FIGURES)
        } else {
            significant(x, FIGURES)
        };
        assert_eq!(cut, x, "{json}");
    }
    assert_ne!(json["p_quorum"].as_f64(), Some(sampled.p_quorum));
}

#[test]
fn up_to_the_budget_of_shared_domains_it_is_always_exact() {
    let (t, hosts) = chain(5);
    let no_work_allowed = Budget {
        max_exact_shared: 4,
        max_work: 0,
        samples: 10,
        frequency_samples: 2000,
    };
    let result = assess_with(&t, &hosts, 6, no_work_allowed);
    assert_eq!((result.method, result.shared_domains), (Method::Exact, 4));
    let full = assess(&t, &hosts, 6);
    assert_eq!(
        (result.p_quorum, result.p_quorum_lost, result.bounds),
        (full.p_quorum, full.p_quorum_lost, full.bounds)
    );
    // The frequency's two solves per component are held to the work budget: none allowed here,
    // so it is sampled, and its interval holds the exact value.
    let sampled = result.frequency.unwrap();
    let exact = full.frequency.unwrap();
    assert_eq!(exact.losses_per_year_interval, None);
    let [low, high] = sampled.losses_per_year_interval.unwrap();
    assert!(
        low <= exact.losses_per_year && exact.losses_per_year <= high,
        "{low}–{high} vs {}",
        exact.losses_per_year
    );
    assert!(high - low < 0.2 * exact.losses_per_year, "{low}–{high}");
    assert!(
        result
            .warnings
            .iter()
            .any(|w| w.contains("frequency and duration are estimated from 2000 samples"))
    );
}

#[test]
fn the_monte_carlo_fallback_reports_frequency_and_duration_the_exact_model_agrees_with() {
    // Sampled p_quorum and frequency on the same instance the exact method also solves.
    for (n, quorum) in [(5, 6), (4, 2), (6, 11)] {
        let (t, hosts) = chain(n);
        let exact = assess(&t, &hosts, quorum);
        assert_eq!(exact.method, Method::Exact);
        let budget = Budget {
            max_exact_shared: 1,
            max_work: 3,
            samples: 4000,
            frequency_samples: 4000,
        };
        let sampled = assess_with(&t, &hosts, quorum, budget);
        assert_eq!(sampled.method, Method::MonteCarlo);
        let (e, s) = (exact.frequency.unwrap(), sampled.frequency.unwrap());
        let [low, high] = s.losses_per_year_interval.unwrap();
        assert!(
            low <= e.losses_per_year && e.losses_per_year <= high,
            "chain {n}, quorum {quorum}: {low}–{high} vs exact {}",
            e.losses_per_year
        );
        let (e_hours, s_hours) = (e.mean_outage_hours.unwrap(), s.mean_outage_hours.unwrap());
        assert!(
            (s_hours - e_hours).abs() < 0.1 * e_hours,
            "chain {n}, quorum {quorum}: mean outage {s_hours} h vs exact {e_hours} h"
        );
    }
}

#[test]
fn a_long_chain_beyond_the_budget_stays_exact() {
    let (t, hosts) = chain(MAX_EXACT_SHARED + 2);
    let result = assess(&t, &hosts, 30);
    assert_eq!(result.shared_domains as usize, MAX_EXACT_SHARED + 1);
    assert_eq!(result.method, Method::Exact);
    assert_eq!(result.confidence_interval, None);
}

#[test]
fn three_racks_in_two_datacenters_of_the_default_estate() {
    let t = crate::topology::default_topology();
    let index = |name: &str| t.hosts.iter().position(|h| h.name == name).unwrap();
    // fra1-r2 and fra1-r3 sit on different PDUs but share the switch fra1-tor-2-3.
    let hosts = [
        index("fra1-r2-h1"),
        index("fra1-r3-h1"),
        index("arn1-r1-h1"),
    ];
    let result = assess(&t, &hosts, 2);
    assert_eq!((result.method, result.shared_domains), (Method::Exact, 0));
    assert!(result.warnings.is_empty(), "{:?}", result.warnings);
    check_worst(
        &t,
        &hosts,
        2,
        &[
            "planet earth -3 =0 lost",
            "region eu-central -2 =1 lost",
            "hazard upper-rhine -2 =1 lost",
            "datacenter fra1 -2 =1 lost",
            "room fra1-a -2 =1 lost",
            "pdu arn1-pdu-a1 -1 =2 ok",
            "rack arn1-r1 -1 =2 ok",
            "switch fra1-tor-2-3 -2 =1 lost",
            "host arn1-r1-h1 -1 =2 ok",
        ],
    );
    // Moving the Frankfurt pair onto separate switches can only help.
    let better = [
        index("fra1-r1-h1"),
        index("fra1-r3-h1"),
        index("arn1-r1-h1"),
    ];
    assert!(assess(&t, &better, 2).p_quorum_lost < result.p_quorum_lost);
    // Racks r1, r2, r3: PDU a1 feeds r1 and r2 while switch tor-2-3 serves r2 and r3, so one of
    // them cuts across the other and is conditioned on.
    let crossed = [
        index("fra1-r1-h1"),
        index("fra1-r2-h1"),
        index("fra1-r3-h1"),
    ];
    let crossed = assess(&t, &crossed, 2);
    assert_eq!((crossed.method, crossed.shared_domains), (Method::Exact, 1));
}

#[test]
fn default_rates_carry_a_range_and_a_source_or_say_assumed() {
    let table: Vec<String> = DEFAULT_RATES
        .iter()
        .map(|d| {
            format!(
                "{} {}/{}",
                d.kind, d.rate.failures_per_year, d.rate.mttr_hours
            )
        })
        .collect();
    assert_eq!(
        table,
        [
            "planet 0.000000001/8766",
            "region 0.3/8",
            "hazard 0.001/720",
            "datacenter 0.2/36",
            "room 0.1/6",
            "pdu 0.1/6",
            "rack 0.55/3.5",
            "switch 0.05/4",
            "host 4.55/1.3626373626373627",
            "rollout 2/1",
            "control-plane 1/2",
            "common-mode 1/1",
        ]
    );
    for d in DEFAULT_RATES {
        let u = |rate| rates::unavailability(rate);
        assert!(
            u(d.low) <= u(d.rate) && u(d.rate) <= u(d.high),
            "{}",
            d.kind
        );
        // A number without a source must say it is assumed.
        if d.source.is_none() {
            assert_eq!(
                (d.failures_evidence, d.repair_evidence),
                (Evidence::Assumed, Evidence::Assumed),
                "{}",
                d.kind
            );
        }
        if let Some(source) = d.source {
            assert!(source.url.starts_with("https://"), "{}", d.kind);
        }
    }
    assert!(DEFAULT_RATES[0].note.starts_with("the joke rung"));
    // The rates an assessment reports carry the same source, note and range.
    let t = crate::topology::default_topology();
    let assessed = assess(&t, &[0], 1);
    let planet = &assessed.rates[0];
    assert_eq!(
        (planet.kind.as_str(), planet.origin),
        ("planet", RateOrigin::Default)
    );
    assert_eq!(planet.note, Some(DEFAULT_RATES[0].note));
    assert_eq!(planet.unavailability, 1e-9);
    let last = assessed.rates.last().unwrap();
    assert_eq!(last.kind, COMMON_MODE);
    assert_eq!(last.unavailability_range, [0.125 / 8766.0, 8.0 / 8766.0]);
}

#[test]
fn two_hosts_lose_quorum_at_the_textbook_frequency_and_duration() {
    // One of two: lost when both are down. f = λ₁u₂ + λ₂u₁; mean outage 1/(1/r₁ + 1/r₂).
    let t = topology(&[], &["a", "b"], &[("host", 3.0, 5.0)]);
    let result = assess(&t, &[0, 1], 1);
    let u = 3.0 * 5.0 / HOURS_PER_YEAR;
    let frequency = result.frequency.unwrap();
    assert!((frequency.losses_per_year - 2.0 * 3.0 * u).abs() < 1e-15);
    assert!((frequency.mean_outage_hours.unwrap() - 2.5).abs() < 1e-12);
    assert!((frequency.p_loss_in_a_year - (1.0 - (-6.0 * u).exp())).abs() < 1e-15);
    assert!((frequency.window.expected_minutes - u * u * 30.0 * 24.0 * 60.0).abs() < 1e-12);
    assert_eq!(result.common_mode.share, 0.0);
}

#[test]
fn a_series_domain_fails_at_its_own_rate_while_the_host_is_up() {
    // One replica: lost when the host or its rack is down; losses a year = λ_h·up_r + λ_r·up_h.
    let t = topology(
        &["rack"],
        &["a rack=r1"],
        &[("host", 2.0, 10.0), ("rack", 1.0, 40.0)],
    );
    let result = assess(&t, &[0], 1);
    let (uh, ur) = (20.0 / HOURS_PER_YEAR, 40.0 / HOURS_PER_YEAR);
    let expected = 2.0 * (1.0 - ur) + 1.0 * (1.0 - uh);
    let frequency = result.frequency.unwrap();
    assert!((frequency.losses_per_year - expected).abs() < 1e-12);
    let lost = 1.0 - (1.0 - uh) * (1.0 - ur);
    assert!((frequency.mean_outage_hours.unwrap() - lost * HOURS_PER_YEAR / expected).abs() < 1e-9);
}

#[test]
fn common_mode_is_in_series_with_everything_and_its_share_is_shown() {
    let t = topology(
        &[],
        &["a", "b", "c"],
        &[("host", 1.0, 4.0), (COMMON_MODE, 1.0, 1.0)],
    );
    let result = assess(&t, &[0, 1, 2], 2);
    let uh = 4.0 / HOURS_PER_YEAR;
    let independent = 3.0 * uh * uh * (1.0 - uh) + uh * uh * uh;
    let uc = 1.0 / HOURS_PER_YEAR;
    let lost = uc + (1.0 - uc) * independent;
    assert!(((result.p_quorum_lost - lost) / lost).abs() < 1e-12);
    assert!(((result.p_quorum_lost_independent - independent) / independent).abs() < 1e-12);
    assert!((result.common_mode.share - uc / lost).abs() < 1e-12);
    assert!(result.common_mode.share > 0.9);
    // Losses a year: the hosts' part while common mode is up, plus common mode while quorum holds.
    let host_part = 3.0 * 1.0 * (2.0 * uh * (1.0 - uh) + uh * uh - uh * uh);
    let expected = (1.0 - uc) * host_part + 1.0 * (1.0 - independent);
    let frequency = result.frequency.unwrap();
    assert!(((frequency.losses_per_year - expected) / expected).abs() < 1e-9);
    // Quorum 0 is never lost, common mode or not.
    assert_eq!(assess(&t, &[0, 1, 2], 0).p_quorum_lost, 0.0);
}

#[test]
fn bounds_bracket_the_point_value_on_the_default_estate() {
    let (t, hosts) = default_estate(&["fra1-r1-h1", "fra2-r1-h1", "arn1-r1-h1"]);
    let result = assess(&t, &hosts, 2);
    let [low, high] = result.bounds.p_quorum_lost;
    assert!(low < result.p_quorum_lost && result.p_quorum_lost < high);
    let [fewest, most] = result.bounds.nines;
    assert!(fewest.unwrap() < result.nines.unwrap() && result.nines.unwrap() < most.unwrap());
    // Common mode is on by default: a large share for a placement spread over data centers.
    assert!(
        result.common_mode.share > 0.2,
        "{}",
        result.common_mode.share
    );
    assert!(result.nines.unwrap() < INDEPENDENCE_WARNING_NINES);
}

#[test]
fn five_nines_resting_on_independence_is_warned_about() {
    let t = topology(&[], &["a", "b", "c", "d", "e"], &[("host", 1.0, 4.0)]);
    let result = assess(&t, &[0, 1, 2, 3, 4], 1);
    assert!(result.nines.unwrap() > 5.0);
    assert!(
        result
            .warnings
            .iter()
            .any(|w| w.contains("rests on failures being independent")),
        "{:?}",
        result.warnings
    );
}

#[test]
fn five_replicas_with_quorum_one_no_longer_claim_nine_nines() {
    // Independence alone would claim more than 6 nines here; common mode caps it near 3.9.
    let (t, hosts) = default_estate(&[
        "fra1-r1-h1",
        "fra2-r1-h1",
        "arn1-r1-h1",
        "fra1-r3-h1",
        "arn1-r2-h1",
    ]);
    let result = assess(&t, &hosts, 1);
    assert!(result.nines.unwrap() < 4.0, "{:?}", result.nines);
    assert!(result.common_mode.share > 0.99);
    assert!(-result.p_quorum_lost_independent.log10() > 6.0);
    // About one loss a year, lasting about the common-mode hour.
    let frequency = result.frequency.unwrap();
    assert!((frequency.losses_per_year - 1.0).abs() < 0.01);
    assert!((frequency.mean_outage_hours.unwrap() - 1.0).abs() < 0.01);
}

#[test]
fn a_rollout_wave_is_a_software_domain_with_a_default_rate() {
    // Three hosts on separate racks; two of them in one rollout wave.
    let hosts = [
        "a rack=r1 rollout=w1",
        "b rack=r2 rollout=w1",
        "c rack=r3 rollout=w2",
    ];
    let t = topology(&["rack", "rollout"], &hosts, &[("host", 1.0, 4.0)]);
    let result = assess(&t, &[0, 1, 2], 2);
    let rollout = result.rates.iter().find(|r| r.kind == "rollout").unwrap();
    assert_eq!(rollout.origin, RateOrigin::Default);
    assert_eq!(rollout.failures_evidence, Some(Evidence::Assumed));
    assert!(result.warnings.is_empty(), "{:?}", result.warnings);
    // Wave w1 down takes two replicas: worse than three separate waves.
    let spread = [
        "a rack=r1 rollout=w1",
        "b rack=r2 rollout=w2",
        "c rack=r3 rollout=w3",
    ];
    let spread = topology(&["rack", "rollout"], &spread, &[("host", 1.0, 4.0)]);
    assert!(assess(&spread, &[0, 1, 2], 2).p_quorum_lost < result.p_quorum_lost / 10.0);
    let failure = result
        .worst_single_failure
        .iter()
        .find(|f| f.kind == "rollout")
        .unwrap();
    assert!(!failure.quorum_survives);
}
