//! Unknown domains: a host that lacks a domain of some kind is in no domain of it, unless its
//! [`UNKNOWN_DOMAINS_LABEL`] label lists the kind: then it is in *some* domain of that kind that
//! nobody recorded (the Kubernetes importer marks a node without a zone label among zoned nodes
//! so), never in none, and never on its own by assumption.
//!
//! For availability the unknown domains of a placement's hosts are filled in the way that makes
//! it worst among these choices: the hosts of unknown domain all share one new domain of each kind
//! they lack, or they all stand beside one of the other replica hosts, taking its domains of
//! those kinds (a host whose known domains do not contradict theirs; the [`MAX_JOINED`] carrying
//! the most replicas). Copying a whole host's domains keeps the filling consistent with how the
//! known domains nest. Each choice is judged by the caller's measure of how bad it is (the
//! probability of losing quorum) and the worst is kept, so an unknown domain never raises the
//! computed availability above what these plausible fillings give.

use std::collections::BTreeMap;

use super::{Host, Topology};

/// The host label listing, comma-separated, the kinds whose domain the host has but nobody
/// recorded (`datacenter,rack`).
pub const UNKNOWN_DOMAINS_LABEL: &str = "unknown-domains";

/// The kinds of `kinds` this host lacks a domain of and whose domain its
/// [`UNKNOWN_DOMAINS_LABEL`] label says is unknown, in the order of `kinds`.
pub fn unknown_kinds<'k>(host: &Host, kinds: &'k [String]) -> Vec<&'k str> {
    let Some(listed) = host.labels.get(UNKNOWN_DOMAINS_LABEL) else {
        return Vec::new();
    };
    kinds
        .iter()
        .filter(|kind| !host.domains.contains_key(*kind))
        .filter(|kind| listed.split(',').any(|k| k.trim() == kind.as_str()))
        .map(String::as_str)
        .collect()
}

/// At most this many other replica hosts are tried for the hosts of unknown domain to stand
/// beside (those carrying the most replicas; ties in placement order).
pub const MAX_JOINED: usize = 8;

/// A placement on its own hosts with every unknown domain filled in.
pub(crate) struct Filled {
    /// The placement's distinct hosts, in order of first replica, with their domains filled in.
    pub topology: Topology,
    /// Each replica's host index into `topology`.
    pub hosts: Vec<usize>,
    /// What was assumed, for the reader.
    pub warning: String,
}

/// The worst filling of the unknown domains of the hosts at `hosts` (by `badness`: larger is
/// worse), or `None` when every one of them has a domain of every kind. Host indices must be in
/// range.
pub(crate) fn worst_filling(
    topology: &Topology,
    hosts: &[usize],
    badness: &mut dyn FnMut(&Topology, &[usize]) -> f64,
) -> Option<Filled> {
    let mut distinct: Vec<usize> = Vec::new();
    let mut position: BTreeMap<usize, usize> = BTreeMap::new();
    let replica_hosts: Vec<usize> = hosts
        .iter()
        .map(|&h| {
            *position.entry(h).or_insert_with(|| {
                distinct.push(h);
                distinct.len() - 1
            })
        })
        .collect();
    let placed: Vec<Host> = distinct
        .iter()
        .map(|&h| Host {
            labels: BTreeMap::new(),
            ..topology.hosts[h].clone()
        })
        .collect();
    let lacking: Vec<Vec<&str>> = distinct
        .iter()
        .map(|&h| unknown_kinds(&topology.hosts[h], &topology.kinds))
        .collect();
    let unknown: Vec<usize> = (0..placed.len())
        .filter(|&i| !lacking[i].is_empty())
        .collect();
    if unknown.is_empty() {
        return None;
    }
    let mut replicas = vec![0usize; placed.len()];
    for &i in &replica_hosts {
        replicas[i] += 1;
    }
    // Hosts to stand beside: a domain of every kind the unknown hosts lack, and none of their
    // known domains contradicted.
    let mut beside: Vec<usize> = (0..placed.len())
        .filter(|&i| lacking[i].is_empty())
        .filter(|&i| {
            unknown.iter().all(|&u| {
                lacking[u]
                    .iter()
                    .all(|kind| placed[i].domains.contains_key(*kind))
                    && placed[u]
                        .domains
                        .iter()
                        .all(|(kind, domain)| placed[i].domains.get(kind) == Some(domain))
            })
        })
        .collect();
    beside.sort_by_key(|&i| std::cmp::Reverse(replicas[i]));
    beside.truncate(MAX_JOINED);
    let own = |kind: &str| {
        let mut name = "unknown".to_owned();
        let mut n = 1;
        while placed.iter().any(|h| h.domains.get(kind) == Some(&name)) {
            n += 1;
            name = format!("unknown-{n}");
        }
        name
    };
    let fill = |source: Option<usize>| {
        let mut filled = placed.clone();
        for &u in &unknown {
            for &kind in &lacking[u] {
                let domain = source.map_or_else(|| own(kind), |i| placed[i].domains[kind].clone());
                filled[u].domains.insert(kind.to_owned(), domain);
            }
        }
        Topology {
            version: topology.version,
            name: topology.name.clone(),
            kinds: topology.kinds.clone(),
            hosts: filled,
            rates: topology.rates.clone(),
        }
    };
    let mut worst: Option<(f64, Option<usize>, Topology)> = None;
    for source in std::iter::once(None).chain(beside.into_iter().map(Some)) {
        let filled = fill(source);
        let bad = badness(&filled, &replica_hosts);
        if worst.as_ref().is_none_or(|(most, ..)| bad > *most) {
            worst = Some((bad, source, filled));
        }
    }
    let (_, source, filled) = worst.expect("a domain of their own is always a choice");
    let first = &placed[unknown[0]].name;
    let who = match unknown.len() {
        1 => format!("replica host `{first}` lacks"),
        n => format!("{n} replica hosts (first `{first}`) lack"),
    };
    let lacked: Vec<&str> = topology
        .kinds
        .iter()
        .filter(|kind| {
            unknown
                .iter()
                .any(|&u| !placed[u].domains.contains_key(*kind))
        })
        .map(String::as_str)
        .collect();
    let how = match (source, unknown.len()) {
        (None, 1) => "counted in domains of its own".to_owned(),
        (None, _) => "counted as sharing domains of their own".to_owned(),
        (Some(i), _) => format!("counted beside replica host `{}`", placed[i].name),
    };
    Some(Filled {
        topology: filled,
        hosts: replica_hosts,
        warning: format!(
            "{who} a domain of `{}`: {how}, the worst case for availability",
            lacked.join("`, `")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::assess;
    use crate::import::import_kubectl;

    /// The on-premises node list: `kvm-d.dc2.example.org` has no region, zone or rack label.
    fn onprem() -> Topology {
        import_kubectl(include_str!("../../tests/fixtures/kubectl/onprem-kvm.json"))
            .unwrap()
            .topology
    }

    fn index(topology: &Topology, name: &str) -> usize {
        topology.hosts.iter().position(|h| h.name == name).unwrap()
    }

    /// The same topology with `kvm-d`'s domains given.
    fn labelled(region: &str, zone: &str, rack: &str) -> Topology {
        let mut topology = onprem();
        let d = index(&topology, "kvm-d.dc2.example.org");
        for (kind, domain) in [("region", region), ("datacenter", zone), ("rack", rack)] {
            topology.hosts[d]
                .domains
                .insert(kind.to_owned(), domain.to_owned());
        }
        topology
    }

    #[test]
    fn an_unknown_zone_never_raises_availability() {
        let unknown = onprem();
        let replicas = |t: &Topology| {
            [
                "kvm-a.dc1.example.org",
                "kvm-c.dc2.example.org",
                "kvm-d.dc2.example.org",
            ]
            .map(|name| index(t, name))
        };
        let lost = |t: &Topology| assess(t, &replicas(t), 2).p_quorum_lost;
        let assessed = assess(&unknown, &replicas(&unknown), 2);
        // Counting kvm-d in a zone (and rack) of its own would be the independent reading; it
        // shares at least the region with the others, and might share a zone or a rack.
        for (region, zone, rack) in [
            ("on-prem", "dc3", "dc3-r01"),
            ("on-prem", "dc1", "dc1-r07"),
            ("on-prem", "dc2", "dc2-r03"),
        ] {
            let known = lost(&labelled(region, zone, rack));
            assert!(
                assessed.p_quorum_lost >= known,
                "kvm-d in {zone}/{rack}: {known} > {}",
                assessed.p_quorum_lost
            );
        }
        assert_eq!(
            assessed.warnings[0],
            "replica host `kvm-d.dc2.example.org` lacks a domain of `region`, `datacenter`, \
             `rack`: counted beside replica host `kvm-a.dc1.example.org`, the worst case for \
             availability"
        );
    }

    #[test]
    fn hosts_with_every_domain_are_left_as_they_are() {
        let topology = onprem();
        let hosts = [index(&topology, "kvm-a.dc1.example.org"); 2];
        let mut calls = 0;
        let filled = worst_filling(&topology, &hosts, &mut |_, _| {
            calls += 1;
            0.0
        });
        assert!(filled.is_none());
        assert_eq!(calls, 0);
    }

    #[test]
    fn unknown_hosts_share_a_domain_of_their_own_when_that_is_worst() {
        let topology = onprem();
        let d = index(&topology, "kvm-d.dc2.example.org");
        let a = index(&topology, "kvm-a.dc1.example.org");
        // A measure under which joining a known domain is never worse: the own domain is kept,
        // under a name no placed host uses.
        let filled = worst_filling(&topology, &[a, d, d], &mut |t, _| {
            let joined = t.hosts[1]
                .domains
                .values()
                .any(|v| !v.starts_with("unknown"));
            if joined { 0.0 } else { 1.0 }
        })
        .unwrap();
        assert_eq!(filled.hosts, [0, 1, 1]);
        assert_eq!(filled.topology.hosts.len(), 2);
        assert_eq!(filled.topology.hosts[1].domains["datacenter"], "unknown");
        assert!(
            filled
                .warning
                .starts_with("replica host `kvm-d.dc2.example.org` lacks a domain of `region`, `datacenter`, `rack`: counted in domains of its own"),
            "{}",
            filled.warning
        );
    }
}
