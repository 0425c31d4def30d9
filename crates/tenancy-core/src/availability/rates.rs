//! Default failure rates per kind, each with the source it rests on, and the lookup that
//! applies a topology's overrides.
//!
//! `docs/availability.md` explains where each number comes from. They are field numbers from different
//! fleets and eras: editable defaults, shown with their source, not facts about your estate.

use serde::Serialize;

use crate::source::Source;
use crate::topology::{HOST_KIND, Rate, Topology};

/// Hours in a year of 365.25 days: u = min(1, λ·r / 8766).
pub const HOURS_PER_YEAR: f64 = 8766.0;

/// A default rate for one well-known kind, with where the number comes from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct DefaultRate {
    /// The kind it applies to (`rack`).
    pub kind: &'static str,
    /// λ and r.
    pub rate: Rate,
    /// The published source of the number.
    pub source: Source,
    /// What the source says, in a sentence.
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

/// The default rates, widest kind first, `host` last.
pub const DEFAULT_RATES: &[DefaultRate] = &[
    DefaultRate {
        kind: "planet",
        rate: rate(1e-9, HOURS_PER_YEAR),
        source: TENANCY_SCALE,
        note: "the joke rung: nobody measures planet outages; one in a billion years, repaired \
               in a year, so that \"one copy on the moon\" has a number to show",
    },
    DefaultRate {
        kind: "region",
        rate: rate(0.001, 720.0),
        source: CEPH_RELIABILITY,
        note: "no public per-year region rate exists; the site-disaster rate of the Ceph \
               model (once in 1,000 years, 30-day rebuild) stands in",
    },
    DefaultRate {
        kind: "hazard",
        rate: rate(0.001, 720.0),
        source: CEPH_RELIABILITY,
        note: "flood, quake or fire destroys the site once in 1,000 years; 30 days to rebuild",
    },
    DefaultRate {
        kind: "datacenter",
        rate: rate(0.5, 36.0),
        source: DEAN,
        note: "~0.5 overheating events per cluster-year power down most machines; 1–2 days \
               to recover",
    },
    DefaultRate {
        kind: "room",
        rate: rate(0.1, 6.0),
        source: DEAN,
        note: "no separate room figure; taken like a large power domain (~6 hours to come back)",
    },
    DefaultRate {
        kind: "pdu",
        rate: rate(0.1, 6.0),
        source: DEAN,
        note: "~1 PDU failure per cluster-year (500–1000 machines disappear, ~6 hours)",
    },
    DefaultRate {
        kind: "rack",
        rate: rate(0.5, 3.5),
        source: DEAN,
        note: "~20 rack failures per cluster-year (40–80 machines disappear, 1–6 hours)",
    },
    DefaultRate {
        kind: "switch",
        rate: rate(0.05, 4.0),
        source: GILL,
        note: "top-of-rack switches fail at about 5 % per year",
    },
    DefaultRate {
        kind: HOST_KIND,
        rate: rate(0.5, 4.0),
        source: DEAN,
        note: "~1,000 machine failures per ~1,800-machine cluster-year",
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
    /// The kind (`host` included).
    pub kind: String,
    /// Failures per domain-year (λ).
    pub failures_per_year: f64,
    /// Mean time to repair in hours (r).
    pub mttr_hours: f64,
    /// The fraction of time one domain of this kind is down: min(1, λ·r / 8766).
    pub unavailability: f64,
    /// Where the rate came from.
    pub origin: RateOrigin,
    /// The published source, for defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// What the source says (or, for `planet`, that it is a joke), for defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

/// The fraction of time a domain is down: u = min(1, λ·r / 8766).
pub fn unavailability(rate: Rate) -> f64 {
    (rate.failures_per_year * rate.mttr_hours / HOURS_PER_YEAR).min(1.0)
}

/// The rate of every kind of the topology, widest first, then `host`; warnings for kinds that
/// fall back to [`FALLBACK_RATE`].
pub fn kind_rates(topology: &Topology) -> (Vec<KindRate>, Vec<String>) {
    let mut warnings = Vec::new();
    let kinds = topology.kinds.iter().map(String::as_str).chain([HOST_KIND]);
    let rates = kinds
        .map(|kind| {
            let default = DEFAULT_RATES.iter().find(|d| d.kind == kind);
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
            KindRate {
                kind: kind.to_owned(),
                failures_per_year: rate.failures_per_year,
                mttr_hours: rate.mttr_hours,
                unavailability: unavailability(rate),
                origin,
                source: default.map(|default| default.source),
                note: default.map(|default| default.note),
            }
        })
        .collect();
    (rates, warnings)
}
