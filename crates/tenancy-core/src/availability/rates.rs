//! Default failure rates per kind, each with the source it rests on, and the lookup that
//! applies a topology's overrides.
//!
//! `docs/availability.md` explains where each number comes from. They are field numbers from different
//! fleets and eras: editable defaults, shown with their source, not facts about your estate.

use serde::Serialize;

use crate::source::Source;
use crate::topology::{COMMON_MODE, HOST_KIND, Rate, Topology};

/// Hours in a year of 365.25 days: u = min(1, λ·r / 8766).
pub const HOURS_PER_YEAR: f64 = 8766.0;

/// How a default number relates to its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// The source states the number (for this kind of domain).
    Stated,
    /// Worked out from the source's figures (a per-cluster count divided over its racks, a list
    /// of published events counted); the note shows the arithmetic.
    Derived,
    /// No source states it: our assumption, with the range we believe it lies in.
    Assumed,
}

/// A default rate for one well-known kind, with its plausible range and where each number
/// comes from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct DefaultRate {
    /// The kind it applies to (`rack`, or [`COMMON_MODE`]).
    pub kind: &'static str,
    /// λ and r: the point value used.
    pub rate: Rate,
    /// The low end of the plausible range (fewer, shorter failures).
    pub low: Rate,
    /// The high end of the plausible range.
    pub high: Rate,
    /// How the failure rate λ relates to the source.
    pub failures_evidence: Evidence,
    /// How the repair time r relates to the source.
    pub repair_evidence: Evidence,
    /// The published source the numbers rest on, if any.
    pub source: Option<Source>,
    /// What the source says and how the numbers follow from it, in a sentence or two.
    pub note: &'static str,
}

const DEAN: Source = Source {
    id: "dean-first-year",
    title: "Jeff Dean, \"Typical first year for a new cluster\" (Google I/O 2008), reported in \
            Data Center Knowledge: Failure Rates in Google Data Centers",
    url: "https://datacenterknowledge.com/hyperscalers/failure-rates-in-google-data-centers",
    as_of: None,
    verified: false,
};

const GILL: Source = Source {
    id: "gill-sigcomm11",
    title: "Gill, Jain, Nagappan: Understanding Network Failures in Data Centers: Measurement, \
            Analysis, and Implications (SIGCOMM 2011)",
    url: "https://doi.org/10.1145/2018436.2018477",
    as_of: None,
    verified: false,
};

const CEPH_RELIABILITY: Source = Source {
    id: "ceph-reliability-model",
    title: "Ceph reliability model (ceph-tools models/reliability, Config.py: majeure = \
            FitRate(.001, YEAR), site_recover = 30 days)",
    url: "https://github.com/ceph/ceph-tools/tree/master/models/reliability",
    as_of: None,
    verified: false,
};

const AWS_PES: Source = Source {
    id: "aws-post-event-summaries",
    title: "Amazon Web Services: AWS Post-Event Summaries",
    url: "https://aws.amazon.com/premiumsupport/technology/pes/",
    as_of: Some(crate::source::CHECKED),
    verified: false,
};

/// Ford et al.: failures come in bursts; models that ignore correlation overstate availability.
pub const FORD: Source = Source {
    id: "ford-osdi10",
    title: "Ford, Labelle, Popovici, Stokely, Truong, Barroso, Grimes, Quinlan: Availability in \
            Globally Distributed Storage Systems (USENIX OSDI 2010)",
    url: "https://www.usenix.org/conference/osdi10/availability-globally-distributed-storage-systems",
    as_of: None,
    verified: false,
};

const SRE_BOOK: Source = Source {
    id: "sre-book-introduction",
    title: "Beyer, Jones, Petoff, Murphy (eds.): Site Reliability Engineering, chapter 1 \
            (\"roughly 70% of outages are due to changes in a live system\")",
    url: "https://sre.google/sre-book/introduction/",
    as_of: None,
    verified: false,
};

const TENANCY_SCALE: Source = Source {
    id: "tenancy-scale",
    title: "Scott McCarty, Container Tidbits: The Tenancy Scale (Red Hat, 2016)",
    url: "https://www.redhat.com/blog/container-tidbits-tenancy-scale",
    as_of: None,
    verified: false,
};

const fn rate(failures_per_year: f64, mttr_hours: f64) -> Rate {
    Rate {
        failures_per_year,
        mttr_hours,
    }
}

/// Two independent causes of downtime of one domain as one rate: their failures add up, and
/// the repair time is their failure-weighted mean (so the downtime fractions add up too).
const fn combined(a: Rate, b: Rate) -> Rate {
    let failures_per_year = a.failures_per_year + b.failures_per_year;
    Rate {
        failures_per_year,
        mttr_hours: (a.failures_per_year * a.mttr_hours + b.failures_per_year * b.mttr_hours)
            / failures_per_year,
    }
}

/// Host hardware and kernel failures: ~1,000 per ~1,800-machine cluster-year (Dean), repaired
/// or replaced in an assumed 4 h (1–24 h).
const HOST_FAILURE: Rate = rate(0.55, 4.0);
const HOST_FAILURE_LOW: Rate = rate(0.3, 1.0);
const HOST_FAILURE_HIGH: Rate = rate(1.0, 24.0);
/// Planned host maintenance (kernel and firmware updates with a reboot): assumed 4 a year of
/// 1 h each (1–12 a year, 15 min–2 h).
const HOST_MAINTENANCE: Rate = rate(4.0, 1.0);
const HOST_MAINTENANCE_LOW: Rate = rate(1.0, 0.25);
const HOST_MAINTENANCE_HIGH: Rate = rate(12.0, 2.0);

/// The default rates, widest kind first, then `host`, then the optional software kinds, then
/// the common-mode component.
pub const DEFAULT_RATES: &[DefaultRate] = &[
    DefaultRate {
        kind: "planet",
        rate: rate(1e-9, HOURS_PER_YEAR),
        low: rate(1e-9, HOURS_PER_YEAR),
        high: rate(1e-9, HOURS_PER_YEAR),
        failures_evidence: Evidence::Assumed,
        repair_evidence: Evidence::Assumed,
        source: Some(TENANCY_SCALE),
        note: "the joke rung: nobody measures planet outages; one in a billion years, repaired \
               in a year, so that \"one copy on the moon\" has a number to show",
    },
    DefaultRate {
        kind: "region",
        rate: rate(0.3, 8.0),
        low: rate(0.05, 3.0),
        high: rate(1.0, 16.0),
        failures_evidence: Evidence::Assumed,
        repair_evidence: Evidence::Assumed,
        source: Some(AWS_PES),
        note: "an outage of a whole region's services (not its destruction, which `hazard` \
               counts): the provider's published post-event summaries show region-wide events \
               concentrated in its busiest region, about once a year or two there and far less \
               often elsewhere, each lasting hours (about 3 to 16); 0.3 a year of 8 hours is \
               assumed between the two, the range spans both",
    },
    DefaultRate {
        kind: "hazard",
        rate: rate(0.001, 720.0),
        low: rate(0.0001, 336.0),
        high: rate(0.01, 2160.0),
        failures_evidence: Evidence::Assumed,
        repair_evidence: Evidence::Assumed,
        source: Some(CEPH_RELIABILITY),
        note: "destruction of a site by flood, quake or fire: the Ceph reliability model's \
               parameter (once in 1,000 years, 30 days to rebuild elsewhere), itself an \
               assumption; ranged over a factor of 10 either way and 2 weeks to 3 months",
    },
    DefaultRate {
        kind: "datacenter",
        rate: rate(0.2, 36.0),
        low: rate(0.05, 24.0),
        high: rate(0.5, 48.0),
        failures_evidence: Evidence::Assumed,
        repair_evidence: Evidence::Stated,
        source: Some(DEAN),
        note: "~0.5 overheating events that power down most machines in the first year of a new \
               cluster, 1–2 days to recover; a mature site does better, so 0.5 is the top of the \
               range and 0.2 a year is assumed",
    },
    DefaultRate {
        kind: "room",
        rate: rate(0.1, 6.0),
        low: rate(0.02, 2.0),
        high: rate(0.3, 12.0),
        failures_evidence: Evidence::Assumed,
        repair_evidence: Evidence::Assumed,
        source: None,
        note: "no published per-room figure: a room's power or cooling is assumed to fail like a \
               power domain, 0.1 a year for 6 hours",
    },
    DefaultRate {
        kind: "pdu",
        rate: rate(0.1, 6.0),
        low: rate(0.03, 3.0),
        high: rate(0.5, 12.0),
        failures_evidence: Evidence::Assumed,
        repair_evidence: Evidence::Stated,
        source: Some(DEAN),
        note: "~1 power-distribution failure per cluster-year (500–1000 machines disappear, \
               ~6 hours to come back); per unit of a smaller PDU feeding a few racks the rate is \
               assumed, 0.1 a year",
    },
    DefaultRate {
        kind: "rack",
        rate: rate(0.55, 3.5),
        low: rate(0.35, 1.0),
        high: rate(0.85, 6.0),
        failures_evidence: Evidence::Derived,
        repair_evidence: Evidence::Stated,
        source: Some(DEAN),
        note: "~20 rack failures per cluster-year (40–80 machines disappear, 1–6 hours): over \
               the ~22–45 racks of a ~1,800-machine cluster, 0.45–0.9 a rack-year; less the \
               ~0.05 a year `switch` counts for the rack's own switch, 0.55",
    },
    DefaultRate {
        kind: "switch",
        rate: rate(0.05, 4.0),
        low: rate(0.03, 1.0),
        high: rate(0.1, 12.0),
        failures_evidence: Evidence::Stated,
        repair_evidence: Evidence::Assumed,
        source: Some(GILL),
        note: "top-of-rack switches fail with a probability of about 5 % a year; the 4 hours to \
               repair or replace one are assumed",
    },
    DefaultRate {
        kind: HOST_KIND,
        rate: combined(HOST_FAILURE, HOST_MAINTENANCE),
        low: combined(HOST_FAILURE_LOW, HOST_MAINTENANCE_LOW),
        high: combined(HOST_FAILURE_HIGH, HOST_MAINTENANCE_HIGH),
        failures_evidence: Evidence::Derived,
        repair_evidence: Evidence::Assumed,
        source: Some(DEAN),
        note: "failures: ~1,000 machine failures per ~1,800-machine cluster-year, 0.55 a year, \
               with an assumed 4 hours to repair; plus planned maintenance, assumed 4 reboots a \
               year of 1 hour each: together 4.55 a year of 1.4 hours on average",
    },
    DefaultRate {
        kind: "rollout",
        rate: rate(2.0, 1.0),
        low: rate(0.5, 0.25),
        high: rate(6.0, 4.0),
        failures_evidence: Evidence::Assumed,
        repair_evidence: Evidence::Assumed,
        source: Some(SRE_BOOK),
        note: "a software domain for one rollout wave: changes cause most outages; a bad release \
               reaching a wave is assumed twice a year, rolled back in an hour",
    },
    DefaultRate {
        kind: "control-plane",
        rate: rate(1.0, 2.0),
        low: rate(0.25, 0.5),
        high: rate(4.0, 8.0),
        failures_evidence: Evidence::Assumed,
        repair_evidence: Evidence::Assumed,
        source: Some(SRE_BOOK),
        note: "a software domain for the hosts one control plane (a cluster's API server, an \
               orchestrator) manages: an outage that stops its replicas is assumed once a year \
               for 2 hours",
    },
    DefaultRate {
        kind: COMMON_MODE,
        rate: rate(1.0, 1.0),
        low: rate(0.25, 0.5),
        high: rate(2.0, 4.0),
        failures_evidence: Evidence::Assumed,
        repair_evidence: Evidence::Assumed,
        source: Some(FORD),
        note: "events that take down every replica at once (a bad global push, a shared \
               dependency): field data show failures come in bursts and that ignoring correlation \
               overstates availability by orders of magnitude; one hour a year is assumed",
    },
];

/// The rate used for a kind with no default and no override: like a room or PDU (0.1/yr, 6 h),
/// and a warning says so.
pub const FALLBACK_RATE: Rate = rate(0.1, 6.0);

/// Where a kind's rate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RateOrigin {
    /// The topology's `rates` override.
    Topology,
    /// [`DEFAULT_RATES`].
    Default,
    /// [`FALLBACK_RATE`]: an unknown kind without an override.
    Fallback,
}

/// The rate one kind was assessed with.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct KindRate {
    /// The kind (`host` and `common-mode` included).
    pub kind: String,
    /// Failures per domain-year (λ).
    pub failures_per_year: f64,
    /// Mean time to repair in hours (r).
    pub mttr_hours: f64,
    /// The fraction of time one domain of this kind is down: min(1, λ·r / 8766).
    #[serde(serialize_with = "super::figures::two_probability")]
    pub unavailability: f64,
    /// The plausible range of that fraction, from the low and high ends of the default's range
    /// (a topology's own rate has no range: both ends are the rate).
    #[serde(serialize_with = "super::figures::two_probability")]
    pub unavailability_range: [f64; 2],
    /// Where the rate came from.
    pub origin: RateOrigin,
    /// For defaults: how λ relates to the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failures_evidence: Option<Evidence>,
    /// For defaults: how r relates to the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repair_evidence: Option<Evidence>,
    /// The published source, for defaults that have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// What the source says and how the numbers follow (or, for `planet`, that it is a joke),
    /// for defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

/// The fraction of time a domain is down: u = min(1, λ·r / 8766).
pub fn unavailability(rate: Rate) -> f64 {
    (rate.failures_per_year * rate.mttr_hours / HOURS_PER_YEAR).min(1.0)
}

/// The default rate of a kind, if it has one.
pub fn default_rate(kind: &str) -> Option<&'static DefaultRate> {
    DEFAULT_RATES.iter().find(|d| d.kind == kind)
}

/// The rate of every kind of the topology, widest first, then `host`, then `common-mode`;
/// warnings for kinds that fall back to [`FALLBACK_RATE`].
pub fn kind_rates(topology: &Topology) -> (Vec<KindRate>, Vec<String>) {
    let mut warnings = Vec::new();
    let kinds = topology
        .kinds
        .iter()
        .map(String::as_str)
        .chain([HOST_KIND, COMMON_MODE]);
    let rates = kinds
        .map(|kind| {
            let default = default_rate(kind);
            let (rate, origin, default) = match (topology.rates.get(kind), default) {
                (Some(rate), _) => (*rate, RateOrigin::Topology, None),
                (None, Some(default)) => (default.rate, RateOrigin::Default, Some(default)),
                (None, None) => {
                    warnings.push(format!(
                        "no default failure rate for kind `{kind}`: assumed {}/yr with {} h to \
                         repair (set `rates.{kind}` in the topology)",
                        FALLBACK_RATE.failures_per_year, FALLBACK_RATE.mttr_hours
                    ));
                    (FALLBACK_RATE, RateOrigin::Fallback, None)
                }
            };
            let range = default.map_or([unavailability(rate); 2], |default| {
                [unavailability(default.low), unavailability(default.high)]
            });
            KindRate {
                kind: kind.to_owned(),
                failures_per_year: rate.failures_per_year,
                mttr_hours: rate.mttr_hours,
                unavailability: unavailability(rate),
                unavailability_range: range,
                origin,
                failures_evidence: default.map(|default| default.failures_evidence),
                repair_evidence: default.map(|default| default.repair_evidence),
                source: default.and_then(|default| default.source),
                note: default.map(|default| default.note),
            }
        })
        .collect();
    (rates, warnings)
}
