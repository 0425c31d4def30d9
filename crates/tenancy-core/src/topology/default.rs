//! The embedded default topology: a small but realistic estate that the web app opens
//! with and `tenancy topology default` prints.
//!
//! Three regions on Earth, four data centers in three hazard zones (the two Frankfurt sites share
//! the Upper Rhine Graben, the way two data centers can share a fault line or a flood plain;
//! Amsterdam sits below sea level in the Rhine–Meuse delta, Stockholm on the Baltic Shield), so a
//! request that survives a data center or a region can stay on Earth; rooms,
//! PDUs that each feed two racks, top-of-rack switches — two of them shared by racks on different
//! PDUs, so cross-cutting domains are visible — and 4 to 8 hosts per rack, some racks a dedicated
//! pool. Plus a small lunar site, so that `survive=planet` has somewhere to go.

use std::collections::BTreeMap;

use super::{Host, Topology};

/// The Moon is about 384,400 km away: 1.28 light-seconds one way, ~2.6 s for a round trip. Every
/// lunar host carries the label `latency: 1.3s-light-delay` so a request can select (or avoid) it.
pub const MOON_LIGHT_DELAY_SECONDS: f64 = 1.28;

/// The label lunar hosts carry to say how far away they are.
pub const MOON_LATENCY_LABEL: (&str, &str) = ("latency", "1.3s-light-delay");

/// The kinds of the default topology, widest first.
pub const DEFAULT_KINDS: [&str; 8] = [
    "planet",
    "region",
    "hazard",
    "datacenter",
    "room",
    "pdu",
    "rack",
    "switch",
];

/// Where a data center sits.
struct Site {
    planet: &'static str,
    region: &'static str,
    hazard: &'static str,
    datacenter: &'static str,
}

const fn site(
    planet: &'static str,
    region: &'static str,
    hazard: &'static str,
    datacenter: &'static str,
) -> Site {
    Site {
        planet,
        region,
        hazard,
        datacenter,
    }
}

const FRA1: Site = site("earth", "eu-central", "upper-rhine", "fra1");
const FRA2: Site = site("earth", "eu-central", "upper-rhine", "fra2");
const ARN1: Site = site("earth", "eu-north", "baltic-shield", "arn1");
const AMS1: Site = site("earth", "eu-west", "rhine-meuse-delta", "ams1");
/// Shackleton crater at the lunar south pole: near-constant sunlight on its rim, ice in its floor.
const SHK1: Site = site("moon", "moon-south-pole", "shackleton-rim", "shk1");

/// One rack: its site, room, PDU, name, switch, host count and pool.
type Rack = (
    &'static Site,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    &'static str,
);

const SHARED: &str = "shared";
const DEDICATED: &str = "dedicated";

/// Every rack of the estate. Each PDU feeds two racks; `fra1-tor-2-3` and `arn1-tor-2-3` each
/// serve two racks on different PDUs (cross-cutting), `fra2-tor-1-2` two racks on one PDU.
#[rustfmt::skip]
const RACKS: &[Rack] = &[
    // (site, room, PDU, rack, switch, hosts, pool)
    (&FRA1, "fra1-a", "fra1-pdu-a1", "fra1-r1", "fra1-tor-1",   6, SHARED),
    (&FRA1, "fra1-a", "fra1-pdu-a1", "fra1-r2", "fra1-tor-2-3", 6, SHARED),
    (&FRA1, "fra1-a", "fra1-pdu-a2", "fra1-r3", "fra1-tor-2-3", 8, SHARED),
    (&FRA1, "fra1-a", "fra1-pdu-a2", "fra1-r4", "fra1-tor-4",   4, DEDICATED),
    (&FRA1, "fra1-b", "fra1-pdu-b1", "fra1-r5", "fra1-tor-5",   6, SHARED),
    (&FRA1, "fra1-b", "fra1-pdu-b1", "fra1-r6", "fra1-tor-6",   6, SHARED),
    (&FRA1, "fra1-b", "fra1-pdu-b2", "fra1-r7", "fra1-tor-7",   6, SHARED),
    (&FRA1, "fra1-b", "fra1-pdu-b2", "fra1-r8", "fra1-tor-8",   6, DEDICATED),
    (&FRA2, "fra2-a", "fra2-pdu-a1", "fra2-r1", "fra2-tor-1-2", 5, SHARED),
    (&FRA2, "fra2-a", "fra2-pdu-a1", "fra2-r2", "fra2-tor-1-2", 5, SHARED),
    (&FRA2, "fra2-a", "fra2-pdu-a2", "fra2-r3", "fra2-tor-3",   7, SHARED),
    (&FRA2, "fra2-a", "fra2-pdu-a2", "fra2-r4", "fra2-tor-4",   7, DEDICATED),
    (&ARN1, "arn1-a", "arn1-pdu-a1", "arn1-r1", "arn1-tor-1",   8, SHARED),
    (&ARN1, "arn1-a", "arn1-pdu-a1", "arn1-r2", "arn1-tor-2-3", 8, SHARED),
    (&ARN1, "arn1-a", "arn1-pdu-a2", "arn1-r3", "arn1-tor-2-3", 6, SHARED),
    (&ARN1, "arn1-a", "arn1-pdu-a2", "arn1-r4", "arn1-tor-4",   4, DEDICATED),
    (&ARN1, "arn1-b", "arn1-pdu-b1", "arn1-r5", "arn1-tor-5",   4, SHARED),
    (&ARN1, "arn1-b", "arn1-pdu-b1", "arn1-r6", "arn1-tor-6",   4, SHARED),
    (&AMS1, "ams1-a", "ams1-pdu-a1", "ams1-r1", "ams1-tor-1",   6, SHARED),
    (&AMS1, "ams1-a", "ams1-pdu-a1", "ams1-r2", "ams1-tor-2",   6, SHARED),
    (&AMS1, "ams1-a", "ams1-pdu-a2", "ams1-r3", "ams1-tor-3",   5, SHARED),
    (&AMS1, "ams1-a", "ams1-pdu-a2", "ams1-r4", "ams1-tor-4",   5, DEDICATED),
    (&SHK1, "shk1-a", "shk1-pdu-a1", "shk1-r1", "shk1-tor-1",   4, SHARED),
    (&SHK1, "shk1-a", "shk1-pdu-a1", "shk1-r2", "shk1-tor-2",   4, SHARED),
];

/// The embedded default topology. Pure and cheap: built from the tables above on every call.
pub fn default_topology() -> Topology {
    let mut hosts = Vec::new();
    for &(site, room, pdu, rack, switch, count, pool) in RACKS {
        for n in 1..=count {
            let mut labels = BTreeMap::from([("pool".to_owned(), pool.to_owned())]);
            if site.planet == "moon" {
                labels.insert(
                    MOON_LATENCY_LABEL.0.to_owned(),
                    MOON_LATENCY_LABEL.1.to_owned(),
                );
            }
            let domains = DEFAULT_KINDS
                .iter()
                .zip([
                    site.planet,
                    site.region,
                    site.hazard,
                    site.datacenter,
                    room,
                    pdu,
                    rack,
                    switch,
                ])
                .map(|(kind, domain)| ((*kind).to_owned(), domain.to_owned()))
                .collect();
            hosts.push(Host {
                name: format!("{rack}-h{n}"),
                slots: 1,
                labels,
                domains,
            });
        }
    }
    Topology {
        version: 1,
        name: "Tenancy Scale default estate: Frankfurt ×2, Amsterdam, Stockholm, and \
               Shackleton crater on the Moon (~1.3 light-seconds away)"
            .to_owned(),
        kinds: DEFAULT_KINDS
            .iter()
            .map(|kind| (*kind).to_owned())
            .collect(),
        hosts,
        rates: BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests;
