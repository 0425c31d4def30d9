//! Synthetic topologies of any size for benchmarks and tests: regions × data centers × rooms ×
//! racks × hosts, with PDUs that each feed two racks and switches that straddle the PDU pairs.
//!
//! Pure and deterministic, so the benchmarks, the CLI and `xtask` can all regenerate the same
//! topology. Switch `s` serves racks `2s − 1` and `2s` of a room while PDU `p` feeds racks `2p`
//! and `2p + 1`: neither kind nests in the other, which exercises cross-cutting domains.

use std::collections::BTreeMap;

use crate::request::{Limit, Request, Rule};
use crate::topology::{Host, Topology};

/// How many of each level a synthetic topology has (each count is per parent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Regions.
    pub regions: u32,
    /// Data centers per region.
    pub datacenters: u32,
    /// Rooms per data center.
    pub rooms: u32,
    /// Racks per room.
    pub racks: u32,
    /// Hosts per rack.
    pub hosts: u32,
}

impl Shape {
    /// The number of hosts this shape generates.
    pub fn host_count(&self) -> u64 {
        [
            self.regions,
            self.datacenters,
            self.rooms,
            self.racks,
            self.hosts,
        ]
        .iter()
        .map(|&n| u64::from(n))
        .product()
    }
}

/// The benchmark sizes: 48, 4,800, 100,000 and 1,000,000 hosts.
pub const BENCH_SHAPES: [Shape; 4] = [
    Shape {
        regions: 2,
        datacenters: 2,
        rooms: 2,
        racks: 3,
        hosts: 2,
    },
    Shape {
        regions: 2,
        datacenters: 3,
        rooms: 4,
        racks: 10,
        hosts: 20,
    },
    Shape {
        regions: 4,
        datacenters: 5,
        rooms: 5,
        racks: 50,
        hosts: 20,
    },
    Shape {
        regions: 5,
        datacenters: 5,
        rooms: 10,
        racks: 100,
        hosts: 40,
    },
];

/// Generates the topology of a shape; host and domain names encode their position.
pub fn generate(shape: &Shape) -> Topology {
    let kinds = ["region", "datacenter", "room", "pdu", "rack", "switch"];
    let mut hosts = Vec::with_capacity(usize::try_from(shape.host_count()).unwrap_or(0));
    for g in 0..shape.regions {
        let region = format!("g{g}");
        for d in 0..shape.datacenters {
            let datacenter = format!("{region}-d{d}");
            for m in 0..shape.rooms {
                let room = format!("{datacenter}-m{m}");
                for k in 0..shape.racks {
                    let rack = format!("{room}-k{k}");
                    let pdu = format!("{room}-p{}", k / 2);
                    let switch = format!("{room}-s{}", k.div_ceil(2));
                    for h in 0..shape.hosts {
                        let domains: BTreeMap<String, String> = kinds
                            .iter()
                            .zip([&region, &datacenter, &room, &pdu, &rack, &switch])
                            .map(|(kind, domain)| ((*kind).to_owned(), domain.clone()))
                            .collect();
                        hosts.push(Host {
                            name: format!("{rack}-h{h}"),
                            slots: 1,
                            labels: BTreeMap::new(),
                            domains,
                        });
                    }
                }
            }
        }
    }
    Topology {
        version: 1,
        name: format!("synthetic {} hosts", shape.host_count()),
        kinds: kinds.iter().map(|k| (*k).to_owned()).collect(),
        hosts,
        rates: BTreeMap::new(),
    }
}

/// The benchmarks' realistic request: 9 replicas in at least 3 data centers, at most 3 per data
/// center, at most 1 per rack, on at least 9 PDUs.
pub fn request() -> Request {
    let rule = Rule::new;
    Request {
        rules: vec![
            rule("datacenter", Limit::MinDomains(3)),
            rule("datacenter", Limit::MaxPerDomain(3)),
            rule("rack", Limit::MaxPerDomain(1)),
            rule("pdu", Limit::MinDomains(9)),
        ],
        ..Request::new(9)
    }
}
