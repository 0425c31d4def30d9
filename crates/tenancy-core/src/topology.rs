//! Topologies: hosts, each a member of one domain per failure-domain kind, and their
//! native JSON form with validation that names the offending item.
//!
//! Kinds are like node labels, so cross-cutting domains (a PDU feeding several racks, a switch
//! shared by two racks) need no special case. `host` is the implicit narrowest kind.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

mod default;
mod index;
pub(crate) mod unknown;
pub use default::{DEFAULT_KINDS, MOON_LATENCY_LABEL, MOON_LIGHT_DELAY_SECONDS, default_topology};
pub use index::Index;
pub(crate) use index::{Group, NameId};
pub use unknown::{UNKNOWN_DOMAINS_LABEL, unknown_kinds};

/// The most hosts a topology may have.
pub const MAX_HOSTS: usize = 1_000_000;
/// The largest topology input, in bytes (64 MiB).
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;
/// The implicit narrowest kind: each host is its own domain.
pub const HOST_KIND: &str = "host";
/// The key in `rates` for the common-mode component: events that take down every replica at once
/// (a bad global push, a shared dependency). Reserved: no kind may use the name.
pub const COMMON_MODE: &str = "common-mode";

/// A failure rate of one kind of domain.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    /// Failures per domain-year (λ).
    pub failures_per_year: f64,
    /// Mean time to repair in hours (r).
    pub mttr_hours: f64,
}

/// One machine that can take replicas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Host {
    /// Unique, non-empty name.
    pub name: String,
    /// How many replicas it can take (default 1).
    #[serde(default = "one")]
    pub slots: u32,
    /// Free-form labels, used by a request's `select`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// The domain this host belongs to for each kind; a missing kind is allowed (and warned about).
    #[serde(default)]
    pub domains: BTreeMap<String, String>,
}

fn one() -> u32 {
    1
}

impl Host {
    /// The host's domain of `kind`: its own name for `host`, `None` when it has none of that
    /// kind.
    pub fn domain(&self, kind: &str) -> Option<&str> {
        if kind == HOST_KIND {
            Some(&self.name)
        } else {
            self.domains.get(kind).map(String::as_str)
        }
    }
}

/// A validated topology.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(transform = crate::schema::topology_limits)]
#[serde(deny_unknown_fields)]
pub struct Topology {
    /// Format version; only 1 exists.
    pub version: u32,
    /// A name people recognise.
    #[serde(default)]
    pub name: String,
    /// Failure-domain kinds, widest first (`host` is implicit and never listed).
    pub kinds: Vec<String>,
    /// The hosts.
    pub hosts: Vec<Host>,
    /// Per-kind failure rates overriding the default rates; the key `common-mode` sets the rate
    /// of events that take down every replica at once (`failures_per_year: 0` turns it off).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rates: BTreeMap<String, Rate>,
}

/// Why a topology was rejected. Each message names the offending item.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TopologyError {
    /// More than 64 MiB of input.
    #[error("topology input is {0} bytes, more than the 64 MiB limit")]
    TooLarge(usize),
    /// The text is not JSON or does not have the topology's shape.
    #[error("topology is not valid: {0}")]
    Malformed(String),
    /// A `version` other than 1.
    #[error("unknown topology version {0} (only version 1 exists)")]
    UnknownVersion(u32),
    /// More than 1,000,000 hosts.
    #[error("topology has {0} hosts, more than the limit of 1,000,000")]
    TooManyHosts(usize),
    /// No hosts at all.
    #[error("topology has no hosts")]
    NoHosts,
    /// A kind name is empty, repeated or reserved.
    #[error("bad kind at kinds[{index}]: {problem}")]
    BadKind {
        /// Position in `kinds`.
        index: usize,
        /// What is wrong with it.
        problem: String,
    },
    /// A host without a name.
    #[error("empty host name at hosts[{0}]")]
    EmptyHostName(usize),
    /// Two hosts with one name.
    #[error("duplicate host name `{name}` at hosts[{index}] (first at hosts[{first}])")]
    DuplicateHost {
        /// The repeated name.
        name: String,
        /// Where it repeats.
        index: usize,
        /// Where it first appears.
        first: usize,
    },
    /// A host names a kind the topology does not list, or an empty domain.
    #[error("bad domain on host `{host}` at hosts[{index}]: {problem}")]
    BadDomain {
        /// The host's name.
        host: String,
        /// Its position.
        index: usize,
        /// What is wrong.
        problem: String,
    },
    /// A rate that is negative, not finite, or for an unknown kind.
    #[error("bad rate for `{kind}`: {problem}")]
    BadRate {
        /// The kind the rate is for.
        kind: String,
        /// What is wrong.
        problem: String,
    },
}

impl Topology {
    /// Parses and validates the native JSON form.
    pub fn from_json_str(text: &str) -> Result<Topology, TopologyError> {
        if text.len() > MAX_INPUT_BYTES {
            return Err(TopologyError::TooLarge(text.len()));
        }
        if text.trim().is_empty() {
            return Err(TopologyError::Malformed("the input is empty".to_owned()));
        }
        let topology: Topology =
            serde_json::from_str(text).map_err(|e| TopologyError::Malformed(e.to_string()))?;
        topology.validate()?;
        Ok(topology)
    }

    /// The native JSON form, pretty-printed, ending in a newline.
    pub fn to_json_string(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("a topology always serialises");
        out.push('\n');
        out
    }

    /// Checks every rule of a valid topology; the first problem found is returned.
    pub fn validate(&self) -> Result<(), TopologyError> {
        if self.version != 1 {
            return Err(TopologyError::UnknownVersion(self.version));
        }
        if self.hosts.len() > MAX_HOSTS {
            return Err(TopologyError::TooManyHosts(self.hosts.len()));
        }
        if self.hosts.is_empty() {
            return Err(TopologyError::NoHosts);
        }
        // Sets, not list scans: a topology may list millions of kinds within the 64 MiB limit.
        let mut kinds: HashSet<&str> = HashSet::with_capacity(self.kinds.len());
        for (index, kind) in self.kinds.iter().enumerate() {
            let problem = if kind.is_empty() {
                Some("the name is empty".to_owned())
            } else if kind == HOST_KIND {
                Some("`host` is implicit and must not be listed".to_owned())
            } else if kind == COMMON_MODE {
                Some(
                    "`common-mode` is reserved for the rate of events that hit every replica: \
                     set it under `rates`, not as a kind"
                        .to_owned(),
                )
            } else if !kinds.insert(kind) {
                Some(format!("`{kind}` is listed twice"))
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(TopologyError::BadKind { index, problem });
            }
        }
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(self.hosts.len());
        for (index, host) in self.hosts.iter().enumerate() {
            if host.name.is_empty() {
                return Err(TopologyError::EmptyHostName(index));
            }
            if let Some(&first) = seen.get(host.name.as_str()) {
                return Err(TopologyError::DuplicateHost {
                    name: host.name.clone(),
                    index,
                    first,
                });
            }
            seen.insert(&host.name, index);
            for (kind, domain) in &host.domains {
                let problem = if !kinds.contains(kind.as_str()) {
                    Some(format!("kind `{kind}` is not in the topology's kinds"))
                } else if domain.is_empty() {
                    Some(format!("empty domain name for kind `{kind}`"))
                } else {
                    None
                };
                if let Some(problem) = problem {
                    return Err(TopologyError::BadDomain {
                        host: host.name.clone(),
                        index,
                        problem,
                    });
                }
            }
        }
        for (kind, rate) in &self.rates {
            let problem =
                if kind != HOST_KIND && kind != COMMON_MODE && !kinds.contains(kind.as_str()) {
                    Some("not a kind of this topology (nor `host` or `common-mode`)".to_owned())
                } else if !(rate.failures_per_year.is_finite() && rate.failures_per_year >= 0.0) {
                    Some(format!(
                        "failures_per_year must be a finite number ≥ 0, got {}",
                        rate.failures_per_year
                    ))
                } else if !(rate.mttr_hours.is_finite() && rate.mttr_hours >= 0.0) {
                    Some(format!(
                        "mttr_hours must be a finite number ≥ 0, got {}",
                        rate.mttr_hours
                    ))
                } else {
                    None
                };
            if let Some(problem) = problem {
                return Err(TopologyError::BadRate {
                    kind: kind.clone(),
                    problem,
                });
            }
        }
        Ok(())
    }

    /// Hosts that lack a domain for some kind: they cannot satisfy a rule on that kind.
    pub fn warnings(&self) -> Vec<String> {
        // Linear in the input: count the hosts that have each kind, then look for the first host
        // lacking it only for the kinds some host lacks (a hosts × kinds loop could run for hours
        // on a topology with many kinds).
        let mut having: HashMap<&str, usize> = HashMap::new();
        for host in &self.hosts {
            for kind in host.domains.keys() {
                *having.entry(kind).or_insert(0) += 1;
            }
        }
        let mut missing: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
        for kind in &self.kinds {
            let count = self.hosts.len() - having.get(kind.as_str()).copied().unwrap_or(0);
            if count == 0 || missing.contains_key(kind.as_str()) {
                continue;
            }
            if let Some(first) = self.hosts.iter().find(|h| !h.domains.contains_key(kind)) {
                missing.insert(kind, (count, &first.name));
            }
        }
        missing
            .into_iter()
            .map(|(kind, (count, first))| {
                let hosts = if count == 1 {
                    format!("host `{first}` has")
                } else {
                    format!("{count} hosts (first `{first}`) have")
                };
                format!("{hosts} no `{kind}` domain and cannot satisfy a rule on `{kind}`")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
