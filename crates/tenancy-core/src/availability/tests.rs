//! Tests of availability: hand-computed probabilities, the worst-single-failure table, precision
//! of tiny losses, and the sampled fallback against the exact answer.

use super::*;

/// A topology from compact host lines: `name kind=domain …`, with the given kinds and rates.
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
    let rates: Vec<String> = rates
        .iter()
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

use rates::HOURS_PER_YEAR;

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
            "replica 1 names host index 7, beyond the topology's 2 hosts: counted as down",
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
        samples: 4000,
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
}

#[test]
fn more_than_the_budget_of_shared_domains_is_sampled() {
    let (t, hosts) = chain(MAX_EXACT_SHARED + 2);
    let result = assess(&t, &hosts, 30);
    assert_eq!(result.shared_domains as usize, MAX_EXACT_SHARED + 1);
    assert_eq!(result.method, Method::MonteCarlo);
    let interval = result.confidence_interval.unwrap();
    assert!(interval.low <= result.p_quorum && result.p_quorum <= interval.high);
}
