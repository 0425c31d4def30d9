//! The default request the web app derives from the answers `survive` and `replicas`.
//!
//! The derivation, level by level (only kinds the topology has get a rule):
//!
//! - `survive=none`: no rules.
//! - `host` and everything above: at most 1 replica per host.
//! - `rack` and above: at most 1 per rack, per PDU and per switch — a rack's power feed and its
//!   top-of-rack switch fail like the rack itself, and they may be shared between racks.
//! - `datacenter` and above: at most `replicas − quorum` per data center and per hazard zone.
//!   Losing one domain then loses at most `replicas − quorum` replicas, so at least `quorum`
//!   survive: the quorum outlives the failure. (This is the sound rule; "at most half" would not
//!   be, e.g. 4 replicas with quorum 3 and 2 per data center.) Two data centers on one fault line
//!   fail together, hence the hazard cap.
//! - `region` adds the same cap per region.
//! - `planet` asks for copies on at least 2 planets instead of a cap. With two planets a
//!   majority quorum can never outlive the loss of one (each would have to hold at most
//!   `replicas − quorum`, so `replicas ≥ 2·quorum`); what the moon rung buys is a copy that
//!   survives, not a quorum — and at 1.3 light-seconds a quorum spanning planets would be slow
//!   anyway. The availability table shows the planet failure taking quorum with it.
//!
//! The quorum is 1 for `state=stateless` (any copy serves) and a strict majority for
//! `state=replicated` (see [`quorum_of`]).
//!
//! The scope keeps the copies as close as the survival goal allows (latency, cost and data
//! gravity all grow with distance): survive `none`, `host` or `rack` → all in one data center;
//! `datacenter` or `region` → all on one planet; `planet` → anywhere. When the topology lacks
//! that kind, or no single domain of it has room for the rules by counting (each capped kind
//! holds at most its cap times its domains inside the scope domain), the next wider of data
//! center, region and planet is taken, and failing all of them no scope.
//!
//! When `replicas − quorum` is 0 (e.g. 2 replicas, quorum 2) no single failure can be survived;
//! the cap is then 1 so the request still spreads as far as it can.

use std::collections::{BTreeMap, BTreeSet};

use crate::answers::Answers;
use crate::topology::{HOST_KIND, Topology};

use super::{Limit, Request, Rule};

/// How many copies must be up, from the answers: 1 when the workload is stateless (any copy
/// serves), else a strict majority of the replicas.
pub fn quorum_of(answers: &Answers) -> u32 {
    let replicas = answers.number("replicas").max(1);
    if answers.is("state", "stateless") {
        1
    } else {
        super::majority(replicas)
    }
}

/// The scopes a derived request may get, narrowest first.
const SCOPES: [&str; 3] = ["datacenter", "region", "planet"];

/// Whether some domain of `kind` can hold the request's replicas under its `max_per_domain`
/// caps, by counting: each capped kind holds at most its cap times its domains in there.
fn has_room(topology: &Topology, request: &Request, kind: &str) -> bool {
    let Some(k) = topology.kinds.iter().position(|kind_| kind_ == kind) else {
        return false;
    };
    let mut inside: BTreeMap<&str, Vec<&crate::topology::Host>> = BTreeMap::new();
    for host in topology.hosts.iter().filter(|h| request.selects(h)) {
        if let Some(domain) = host.domains.get(&topology.kinds[k]) {
            inside.entry(domain).or_default().push(host);
        }
    }
    inside.values().any(|hosts| {
        let slots: u64 = hosts.iter().map(|h| u64::from(h.slots)).sum();
        let capped = request.rules.iter().filter_map(|rule| match rule.limit {
            Limit::MaxPerDomain(cap) => {
                let domains: BTreeSet<&str> = hosts
                    .iter()
                    .filter_map(|h| {
                        if rule.kind == HOST_KIND {
                            Some(h.name.as_str())
                        } else {
                            h.domains.get(&rule.kind).map(String::as_str)
                        }
                    })
                    .collect();
                Some(u64::from(cap) * domains.len() as u64)
            }
            _ => None,
        });
        capped.chain([slots]).min().unwrap_or(0) >= u64::from(request.replicas)
    })
}

/// The kinds that fail like a rack: the rack, its power feed, its top-of-rack switch.
const RACK_LEVEL: [&str; 3] = ["rack", "pdu", "switch"];

impl Request {
    /// The default request for these answers on this topology (see the module documentation).
    pub fn from_answers(answers: &Answers, topology: &Topology) -> Request {
        let mut request = Request::new(answers.number("replicas").max(1));
        request.quorum = quorum_of(answers);
        let level = answers.choice("survive");
        let order = ["none", "host", "rack", "datacenter", "region", "planet"];
        let rank = order.iter().position(|l| *l == level).unwrap_or(1);
        let wide_cap = (request.replicas - request.quorum).max(1);
        let mut caps: Vec<(&str, u32)> = Vec::new();
        let mut spread_over_planets = false;
        if rank >= 5 {
            spread_over_planets = topology.kinds.iter().any(|k| k == "planet");
        }
        if rank >= 4 {
            caps.push(("region", wide_cap));
        }
        if rank >= 3 {
            caps.push(("hazard", wide_cap));
            caps.push(("datacenter", wide_cap));
        }
        // Rack-level kinds in the topology's own order, so rules read widest first.
        if rank >= 2 {
            for kind in &topology.kinds {
                if RACK_LEVEL.contains(&kind.as_str()) {
                    caps.push((kind, 1));
                }
            }
        }
        caps.retain(|(kind, _)| topology.kinds.iter().any(|k| k == kind));
        caps.sort_by_key(|(kind, _)| topology.kinds.iter().position(|k| k == kind));
        if rank >= 1 {
            caps.push((HOST_KIND, 1));
        }
        request.rules = caps
            .into_iter()
            .map(|(kind, cap)| Rule::new(kind, Limit::MaxPerDomain(cap)))
            .collect();
        let widest_first = match rank {
            0..=2 => &SCOPES[..],
            3 | 4 => &SCOPES[2..],
            _ => &[],
        };
        request.scope = widest_first
            .iter()
            .find(|kind| has_room(topology, &request, kind))
            .map(|kind| (*kind).to_owned());
        if spread_over_planets {
            let planet = Rule::new("planet", Limit::MinDomains(2));
            request.rules.insert(0, planet);
        }
        request
    }
}

impl Request {
    /// Whether this request's rules alone guarantee what the answers ask to survive: losing the
    /// worst single domain of that kind leaves at least the quorum. `None` when they do (or when
    /// the topology has no domain of that kind, or the answers ask for `none` or `planet`, which
    /// no cap can keep a quorum through); otherwise one sentence saying what is missing.
    ///
    /// The derived request meets it whenever `replicas − quorum ≥ 1`; a hand-edited one may not,
    /// and the exports and the web app show the sentence as a warning.
    pub fn survival_warning(&self, answers: &Answers, topology: &Topology) -> Option<String> {
        let survive = answers.choice("survive");
        let kinds: Vec<&str> = match survive {
            "host" => vec![HOST_KIND],
            "rack" => RACK_LEVEL.to_vec(),
            "datacenter" => vec!["datacenter"],
            "region" => vec!["region"],
            _ => return None,
        };
        let spare = self.replicas - self.quorum;
        let present = |kind: &str| kind == HOST_KIND || topology.kinds.iter().any(|k| k == kind);
        let capped = |kind: &str| {
            self.rules.iter().any(|rule| {
                rule.kind == kind && matches!(rule.limit, Limit::MaxPerDomain(cap) if cap <= spare)
            })
        };
        let kind = kinds
            .into_iter()
            .find(|kind| present(kind) && !capped(kind))?;
        Some(if spare == 0 {
            format!(
                "survive={survive}: with a quorum of {} out of {} replicas, losing any one `{kind}` loses the quorum; add a replica or lower the quorum",
                self.quorum, self.replicas
            )
        } else {
            format!(
                "survive={survive}: the request does not guarantee that losing one `{kind}` leaves the quorum ({} of {}); add the rule {{\"kind\": \"{kind}\", \"max_per_domain\": {spare}}}",
                self.quorum, self.replicas
            )
        })
    }
}
