//! Placement requests: how many replicas, the quorum, the host selection, the scope and the
//! rules, with a JSON reader whose errors name the offending item.
//!
//! A request is read against a topology, because a rule's kind must be one of the topology's
//! kinds (or the implicit `host`), and so must its scope. [`Request::validate`] is the one check
//! every way of building a request goes through (JSON, links, the answers).

use std::collections::BTreeMap;
use std::fmt;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value as Json};

use crate::topology::{HOST_KIND, Host, Topology};

mod survive;

pub use survive::quorum_of;

/// The most replicas a request may ask for.
pub const MAX_REPLICAS: u32 = 10_000;

/// The JSON keys of a request, in the order it is written.
const FIELDS: [&str; 5] = ["replicas", "quorum", "select", "scope", "rules"];

/// The scope's JSON value for "no scope: the replicas may go anywhere".
pub const ANY_SCOPE: &str = "any";

/// What to place: `replicas` copies, of which `quorum` must be up, on hosts matching `select`,
/// all inside one domain of the `scope` kind, obeying every rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(transform = crate::schema::request_input)]
pub struct Request {
    /// How many copies (1 to [`MAX_REPLICAS`]).
    pub replicas: u32,
    /// How many copies must be up for the workload to be up (default: a majority).
    pub quorum: u32,
    /// Only hosts whose labels have all of these values are used.
    pub select: BTreeMap<String, String>,
    /// The kind one of whose domains holds every replica (`datacenter`: all copies in one data
    /// center), or `None` for anywhere (`"any"` in JSON, or no `scope` at all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The rules, all of which every placement must satisfy.
    pub rules: Vec<Rule>,
}

/// One rule on one kind of failure domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// A kind of the topology, or `host`.
    pub kind: String,
    /// What the rule demands of that kind's domains.
    pub limit: Limit,
}

/// What a rule demands of the domains of its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// No domain holds more than this many replicas (1 is anti-affinity).
    MaxPerDomain(u32),
    /// The replicas occupy at least this many distinct domains.
    MinDomains(u32),
    /// Over the eligible domains, the most-loaded minus the least-loaded is at most this.
    MaxSkew(u32),
}

impl Limit {
    /// Every limit's key, as JSON and links write it.
    pub const KEYS: [&'static str; 3] = ["max_per_domain", "min_domains", "max_skew"];

    /// The JSON key of this limit (`max_per_domain`, `min_domains`, `max_skew`).
    pub fn key(self) -> &'static str {
        match self {
            Limit::MaxPerDomain(_) => Limit::KEYS[0],
            Limit::MinDomains(_) => Limit::KEYS[1],
            Limit::MaxSkew(_) => Limit::KEYS[2],
        }
    }

    /// The limit a key names, carrying `value` (`None` for an unknown key).
    pub fn from_key(key: &str, value: u32) -> Option<Limit> {
        match Limit::KEYS.iter().position(|k| *k == key)? {
            0 => Some(Limit::MaxPerDomain(value)),
            1 => Some(Limit::MinDomains(value)),
            _ => Some(Limit::MaxSkew(value)),
        }
    }

    /// The number the limit carries.
    pub fn value(self) -> u32 {
        match self {
            Limit::MaxPerDomain(n) | Limit::MinDomains(n) | Limit::MaxSkew(n) => n,
        }
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("kind", &self.kind)?;
        map.serialize_entry(self.limit.key(), &self.limit.value())?;
        map.end()
    }
}

impl fmt::Display for Rule {
    /// A short phrase for explanations: "at most 2 per rack", "at least 3 distinct racks".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = &self.kind;
        match self.limit {
            Limit::MaxPerDomain(n) => write!(f, "at most {n} per {}", plural(kind, 1)),
            Limit::MinDomains(n) => write!(f, "at least {n} distinct {}", plural(kind, n)),
            Limit::MaxSkew(n) => write!(f, "skew at most {n} over {}", plural(kind, 2)),
        }
    }
}

/// The word for `count` domains of a kind: "1 rack", "2 racks", "3 switches", "2 data centers".
pub fn plural(kind: &str, count: u32) -> String {
    let singular = match kind {
        "datacenter" => "data center",
        "pdu" => "PDU",
        other => other,
    };
    if count == 1 {
        singular.to_owned()
    } else if singular.ends_with('s') || singular.ends_with("ch") || singular.ends_with('x') {
        format!("{singular}es")
    } else {
        format!("{singular}s")
    }
}

/// Why a request was rejected. Each message names the offending item.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// The text is not JSON.
    #[error("request is not valid JSON: {0}")]
    NotJson(String),
    /// The JSON is not an object.
    #[error("request must be a JSON object, found {0}")]
    NotAnObject(&'static str),
    /// A top-level field the request does not have.
    #[error("unknown field `{0}` in the request (expected replicas, quorum, select, scope, rules)")]
    UnknownField(String),
    /// `replicas` missing, not an integer or out of range.
    #[error("replicas: {0}")]
    BadReplicas(String),
    /// `quorum` not an integer or out of range.
    #[error("quorum: {0}")]
    BadQuorum(String),
    /// `select` not an object of strings.
    #[error("select: {0}")]
    BadSelect(String),
    /// `scope` not a string, or not a kind of the topology.
    #[error("scope: {0}")]
    BadScope(String),
    /// `rules` is not an array.
    #[error("rules: must be an array of rules, found {0}")]
    BadRules(&'static str),
    /// One rule is wrong.
    #[error("rules[{index}]: {problem}")]
    BadRule {
        /// Position in `rules`.
        index: usize,
        /// What is wrong with it.
        problem: String,
    },
}

impl Request {
    /// A request with a majority quorum and neither selection nor rules.
    pub fn new(replicas: u32) -> Request {
        Request {
            replicas,
            quorum: majority(replicas),
            select: BTreeMap::new(),
            scope: None,
            rules: Vec::new(),
        }
    }

    /// The request with its scope replaced by `scope` (a kind, or `any`), validated.
    pub fn with_scope(self, scope: &str, topology: &Topology) -> Result<Request, RequestError> {
        let request = Request {
            scope: (scope != ANY_SCOPE).then(|| scope.to_owned()),
            ..self
        };
        request.validate(topology)?;
        Ok(request)
    }

    /// The selection as `key=value` items, in key order.
    pub fn select_labels(&self) -> Vec<String> {
        self.select
            .iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect()
    }

    /// Whether a host's labels have every value `select` asks for.
    pub fn matches(&self, host: &Host) -> bool {
        self.select
            .iter()
            .all(|(key, value)| host.labels.get(key) == Some(value))
    }

    /// Whether a host may take replicas of this request at all: it has a slot and matches the
    /// selection. (The solver adds, per rule set, that it has a domain of every ruled kind.)
    pub fn selects(&self, host: &Host) -> bool {
        host.slots > 0 && self.matches(host)
    }

    /// Checks a request against a topology: the counts in range, the quorum at most the replicas,
    /// every rule's kind a kind of the topology (or `host`) with a limit of at least 1, and the
    /// scope a kind of the topology. Every way of building a request ends here.
    pub fn validate(&self, topology: &Topology) -> Result<(), RequestError> {
        if !(1..=MAX_REPLICAS).contains(&self.replicas) {
            return Err(RequestError::BadReplicas(format!(
                "must be an integer from 1 to {MAX_REPLICAS}, got {}",
                self.replicas
            )));
        }
        if self.quorum == 0 {
            return Err(RequestError::BadQuorum(
                "must be an integer ≥ 1, got 0".to_owned(),
            ));
        }
        if self.quorum > self.replicas {
            return Err(RequestError::BadQuorum(format!(
                "{} is more than the {} replicas",
                self.quorum, self.replicas
            )));
        }
        if let Some(scope) = &self.scope
            && !topology.kinds.contains(scope)
        {
            return Err(RequestError::BadScope(format!(
                "unknown kind `{scope}` (give `{ANY_SCOPE}` or one of the topology's kinds: {})",
                topology.kinds.join(", ")
            )));
        }
        for (index, rule) in self.rules.iter().enumerate() {
            let bad = |problem: String| RequestError::BadRule { index, problem };
            if rule.kind != HOST_KIND && !topology.kinds.contains(&rule.kind) {
                let mut known: Vec<&str> = topology.kinds.iter().map(String::as_str).collect();
                known.push(HOST_KIND);
                return Err(bad(format!(
                    "unknown kind `{}` (the topology has: {})",
                    rule.kind,
                    known.join(", ")
                )));
            }
            if rule.limit.value() == 0 {
                return Err(bad(format!(
                    "{}: must be an integer ≥ 1, got 0",
                    rule.limit.key()
                )));
            }
        }
        Ok(())
    }

    /// Parses and validates the JSON form against a topology (rule kinds must exist in it).
    pub fn from_json_str(text: &str, topology: &Topology) -> Result<Request, RequestError> {
        let json: Json =
            serde_json::from_str(text).map_err(|e| RequestError::NotJson(e.to_string()))?;
        Request::from_json(&json, topology)
    }

    /// Validates an already-parsed JSON value against a topology.
    pub fn from_json(json: &Json, topology: &Topology) -> Result<Request, RequestError> {
        let object = json
            .as_object()
            .ok_or_else(|| RequestError::NotAnObject(type_name(json)))?;
        if let Some(field) = object.keys().find(|k| !FIELDS.contains(&k.as_str())) {
            return Err(RequestError::UnknownField(field.clone()));
        }
        let replicas = match object.get("replicas") {
            None => {
                return Err(RequestError::BadReplicas(
                    "missing (how many copies to place?)".to_owned(),
                ));
            }
            Some(value) => count(value, 1, MAX_REPLICAS).map_err(RequestError::BadReplicas)?,
        };
        let quorum = match object.get("quorum") {
            None | Some(Json::Null) => majority(replicas),
            Some(value) => count(value, 1, u32::MAX).map_err(RequestError::BadQuorum)?,
        };
        let select = match object.get("select") {
            None | Some(Json::Null) => BTreeMap::new(),
            Some(value) => read_select(value)?,
        };
        let scope = match object.get("scope") {
            None | Some(Json::Null) => None,
            Some(Json::String(any)) if any == ANY_SCOPE => None,
            Some(Json::String(kind)) => Some(kind.clone()),
            Some(other) => {
                return Err(RequestError::BadScope(format!(
                    "must be a kind of the topology or `{ANY_SCOPE}`, found {}",
                    type_name(other)
                )));
            }
        };
        let rules = match object.get("rules") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    read_rule(item).map_err(|problem| RequestError::BadRule { index, problem })
                })
                .collect::<Result<_, _>>()?,
            Some(other) => return Err(RequestError::BadRules(type_name(other))),
        };
        let request = Request {
            replicas,
            quorum,
            select,
            scope,
            rules,
        };
        request.validate(topology)?;
        Ok(request)
    }

    /// The JSON form, pretty-printed, ending in a newline.
    pub fn to_json_string(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("a request always serialises");
        out.push('\n');
        out
    }
}

/// The default quorum: a strict majority of the replicas.
pub fn majority(replicas: u32) -> u32 {
    replicas / 2 + 1
}

fn read_select(value: &Json) -> Result<BTreeMap<String, String>, RequestError> {
    let object = value.as_object().ok_or_else(|| {
        RequestError::BadSelect(format!(
            "must be an object of label → value, found {}",
            type_name(value)
        ))
    })?;
    object
        .iter()
        .map(|(key, value)| match value {
            Json::String(text) => Ok((key.clone(), text.clone())),
            other => Err(RequestError::BadSelect(format!(
                "label `{key}` must have a string value, found {}",
                type_name(other)
            ))),
        })
        .collect()
}

fn read_rule(item: &Json) -> Result<Rule, String> {
    let object: &Map<String, Json> = item
        .as_object()
        .ok_or_else(|| format!("must be an object, found {}", type_name(item)))?;
    if let Some(field) = object
        .keys()
        .find(|k| k.as_str() != "kind" && !Limit::KEYS.contains(&k.as_str()))
    {
        return Err(format!(
            "unknown field `{field}` (a rule has `kind` and one of max_per_domain, min_domains, max_skew)"
        ));
    }
    let kind = match object.get("kind") {
        None => return Err("missing `kind`".to_owned()),
        Some(Json::String(kind)) => kind.clone(),
        Some(other) => {
            return Err(format!(
                "`kind` must be a string, found {}",
                type_name(other)
            ));
        }
    };
    let present: Vec<&str> = Limit::KEYS
        .iter()
        .copied()
        .filter(|key| object.contains_key(*key))
        .collect();
    let key = match present.as_slice() {
        [key] => *key,
        [] => {
            return Err(format!(
                "rule on `{kind}` has no constraint (give one of max_per_domain, min_domains, max_skew)"
            ));
        }
        [first, second, ..] => {
            return Err(format!(
                "rule on `{kind}` has both `{first}` and `{second}` (write one rule per constraint)"
            ));
        }
    };
    let value = count(&object[key], 1, u32::MAX).map_err(|problem| format!("{key}: {problem}"))?;
    let limit = Limit::from_key(key, value).expect("`key` is one of Limit::KEYS");
    Ok(Rule { kind, limit })
}

/// An integer in `min..=max`, or a message saying what it is instead.
fn count(value: &Json, min: u32, max: u32) -> Result<u32, String> {
    let range = if max == u32::MAX {
        format!("an integer ≥ {min}")
    } else {
        format!("an integer from {min} to {max}")
    };
    match value.as_u64() {
        Some(n) if n >= u64::from(min) && n <= u64::from(max) => Ok(n as u32),
        _ => Err(format!("must be {range}, got {value}")),
    }
}

fn type_name(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests;
