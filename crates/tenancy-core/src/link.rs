//! Share links: the web app's whole state as readable query parameters, both ways.
//!
//! `?preset=public-cloud&survive=region&embed=1` — a preset (optional) supplies every answer,
//! explicit answers override it, and `embed=1` asks for the compact card. A placement request
//! edited by hand rides along as `rules=rack:max_per_domain:1,datacenter:min_domains:2`,
//! `quorum=2`, `select=pool:shared` and `scope=datacenter` (or `scope=any`); without them the
//! request is derived from the answers.
//! Reading a link never fails: whatever is not understood becomes a warning and its default is
//! used. A pasted topology is never put in a link (it can be large and private).

use std::collections::BTreeMap;

use std::collections::BTreeSet;

use crate::answers::{Answers, Warning, decode_query, encode_component};
use crate::preset::{self, Preset};
use crate::request::{ANY_SCOPE, Limit, Request, RequestError, Rule};
use crate::topology::Topology;

/// Query keys that are not questions.
pub const RESERVED: &[&str] = &["preset", "embed", "rules", "quorum", "select", "scope"];

/// The parts of a placement request edited by hand; `None` keeps what the answers derive.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestEdit {
    /// The rules, replacing the derived ones (`Some(vec![])` means no rules at all).
    pub rules: Option<Vec<Rule>>,
    /// The quorum, replacing the majority.
    pub quorum: Option<u32>,
    /// The label selection.
    pub select: Option<BTreeMap<String, String>>,
    /// The scope: `Some(None)` is `scope=any`, `Some(Some(kind))` one kind.
    pub scope: Option<Option<String>>,
}

impl RequestEdit {
    /// Whether nothing was edited.
    pub fn is_empty(&self) -> bool {
        self.rules.is_none()
            && self.quorum.is_none()
            && self.select.is_none()
            && self.scope.is_none()
    }

    /// What a request differs from the one derived from the answers, as an edit.
    pub fn between(derived: &Request, edited: &Request) -> RequestEdit {
        RequestEdit {
            rules: (edited.rules != derived.rules).then(|| edited.rules.clone()),
            quorum: (edited.quorum != derived.quorum).then_some(edited.quorum),
            select: (edited.select != derived.select).then(|| edited.select.clone()),
            scope: (edited.scope != derived.scope).then(|| edited.scope.clone()),
        }
    }
}

/// The state a link carries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Link {
    /// The preset the answers start from, if any.
    pub preset: Option<&'static Preset>,
    /// The answers: the preset's, with explicit answers applied over them.
    pub answers: Answers,
    /// Whether to show only the compact, embeddable result card.
    pub embed: bool,
    /// The placement request's hand edits.
    pub request: RequestEdit,
}

impl Link {
    /// The state of a preset, unmodified.
    pub fn of_preset(preset: &'static Preset) -> Link {
        Link {
            preset: Some(preset),
            answers: preset.answers(),
            ..Link::default()
        }
    }

    /// Reads a query string (with or without `?`); never fails.
    pub fn from_query(query: &str) -> (Link, Vec<Warning>) {
        let pairs = decode_query(query);
        let mut warnings = Vec::new();
        let mut link = Link::default();
        for (key, value) in pairs.iter().filter(|(key, _)| key == "preset") {
            match preset::find(value) {
                Some(found) => {
                    link = Link {
                        answers: found.answers(),
                        preset: Some(found),
                        ..link
                    }
                }
                None => warnings.push(Warning {
                    key: key.clone(),
                    message: format!(
                        "unknown preset `{}` ignored (expected one of: {})",
                        short(value),
                        preset::PRESETS
                            .iter()
                            .map(|p| p.id)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }),
            }
        }
        // A set, not a list: a crafted link with many distinct keys made the old list scan
        // quadratic (found by the `query` fuzz target; see the tests).
        let mut seen = BTreeSet::new();
        for (key, value) in &pairs {
            match key.as_str() {
                "preset" => {}
                "rules" => match parse_rules(value) {
                    Ok(rules) => link.request.rules = Some(rules),
                    Err(message) => warnings.push(Warning {
                        key: key.clone(),
                        message,
                    }),
                },
                "quorum" => match value.parse::<u32>() {
                    Ok(quorum) if quorum >= 1 => link.request.quorum = Some(quorum),
                    _ => warnings.push(Warning {
                        key: key.clone(),
                        message: format!(
                            "`quorum` must be a whole number ≥ 1, got `{}`; ignored",
                            short(value)
                        ),
                    }),
                },
                "select" => match parse_select(value) {
                    Ok(select) => link.request.select = Some(select),
                    Err(message) => warnings.push(Warning {
                        key: key.clone(),
                        message,
                    }),
                },
                "scope" => match value.as_str() {
                    "" => warnings.push(Warning {
                        key: key.clone(),
                        message: format!(
                            "`scope` must be `{ANY_SCOPE}` or a kind such as `datacenter`, got nothing; ignored"
                        ),
                    }),
                    ANY_SCOPE => link.request.scope = Some(None),
                    kind => link.request.scope = Some(Some(kind.to_owned())),
                },
                "embed" => match value.as_str() {
                    "1" | "true" => link.embed = true,
                    "0" | "false" => link.embed = false,
                    _ => warnings.push(Warning {
                        key: key.clone(),
                        message: format!("`embed` must be 1 or 0, got `{}`; ignored", short(value)),
                    }),
                },
                _ => {
                    if !seen.insert(key.as_str()) {
                        warnings.push(Warning {
                            key: key.clone(),
                            message: format!(
                                "`{key}` is given more than once; the last value counts"
                            ),
                        });
                    }
                    if let Err(warning) = link.answers.set(key, value) {
                        warnings.push(warning);
                    }
                }
            }
        }
        (link, warnings)
    }

    /// The answers that differ from the preset (all given answers when there is none).
    fn answer_pairs(&self) -> Vec<(&'static str, String)> {
        let pairs = self.answers.to_pairs();
        match self.preset {
            None => pairs,
            Some(preset) => {
                let base = preset.answers();
                pairs
                    .into_iter()
                    .filter(|(key, _)| self.answers.get(key) != base.get(key))
                    .collect()
            }
        }
    }

    /// The query string without `?`: preset first, then answers, then `embed=1`.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(preset) = self.preset {
            parts.push(format!("preset={}", preset.id));
        }
        for (key, text) in self.answer_pairs() {
            parts.push(format!("{key}={}", encode_component(&text)));
        }
        if let Some(rules) = &self.request.rules {
            let text: Vec<String> = rules
                .iter()
                .map(|r| format!("{}:{}:{}", r.kind, r.limit.key(), r.limit.value()))
                .collect();
            parts.push(format!("rules={}", encode_component(&text.join(","))));
        }
        if let Some(quorum) = self.request.quorum {
            parts.push(format!("quorum={quorum}"));
        }
        if let Some(select) = &self.request.select {
            let text: Vec<String> = select.iter().map(|(k, v)| format!("{k}:{v}")).collect();
            parts.push(format!("select={}", encode_component(&text.join(","))));
        }
        if let Some(scope) = &self.request.scope {
            let kind = scope.as_deref().unwrap_or(ANY_SCOPE);
            parts.push(format!("scope={}", encode_component(kind)));
        }
        if self.embed {
            parts.push("embed=1".to_owned());
        }
        parts.join("&")
    }

    /// Takes a request edited by hand: its replicas become the `replicas` answer, and whatever it
    /// differs from the request derived for this topology is kept as the link's request edit.
    /// On a replica count the questionnaire does not allow, nothing changes and the warning says why.
    pub fn apply_request(&mut self, edited: &Request, topology: &Topology) -> Result<(), Warning> {
        if edited.replicas != self.answers.number("replicas") {
            self.answers.set("replicas", &edited.replicas.to_string())?;
        }
        let derived = Request::from_answers(&self.answers, topology);
        self.request = RequestEdit::between(&derived, edited);
        Ok(())
    }

    /// The placement request: derived from the answers for this topology, with the link's edits
    /// applied and the result validated like a request file (errors name the item).
    pub fn request(&self, topology: &Topology) -> Result<Request, RequestError> {
        let derived = Request::from_answers(&self.answers, topology);
        let edit = &self.request;
        let request = Request {
            quorum: edit.quorum.unwrap_or(derived.quorum),
            select: edit
                .select
                .clone()
                .unwrap_or_else(|| derived.select.clone()),
            scope: edit.scope.clone().unwrap_or_else(|| derived.scope.clone()),
            rules: edit.rules.clone().unwrap_or_else(|| derived.rules.clone()),
            ..derived
        };
        request.validate(topology)?;
        Ok(request)
    }
}

fn parse_rules(text: &str) -> Result<Vec<Rule>, String> {
    text.split(',')
        .filter(|item| !item.trim().is_empty())
        .map(|item| {
            let parts: Vec<&str> = item.trim().split(':').collect();
            let bad = || {
                format!(
                    "rule `{}` is not `kind:limit:number` with limit max_per_domain, min_domains or max_skew; the derived rules are used",
                    short(item)
                )
            };
            let [kind, key, value] = parts[..] else { return Err(bad()) };
            let value: u32 = value.parse().map_err(|_| bad())?;
            let limit = Limit::from_key(key, value).ok_or_else(bad)?;
            if kind.is_empty() {
                return Err(bad());
            }
            Ok(Rule { kind: kind.to_owned(), limit })
        })
        .collect()
}

fn parse_select(text: &str) -> Result<BTreeMap<String, String>, String> {
    text.split(',')
        .filter(|item| !item.trim().is_empty())
        .map(|item| match item.split_once(':') {
            Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
            _ => Err(format!(
                "selection `{}` is not `label:value`; no selection is used",
                short(item)
            )),
        })
        .collect()
}

/// The most warnings a notice spells out; the rest are counted.
pub const NOTICE_MESSAGES: usize = 5;

/// The notice the web app shows for a link that was not fully understood (`None` when it was).
///
/// At most [`NOTICE_MESSAGES`] warnings are spelled out, so a link stuffed with bad parameters
/// gives a short notice rather than a page of them.
pub fn notice(warnings: &[Warning]) -> Option<String> {
    if warnings.is_empty() {
        return None;
    }
    let mut messages: Vec<String> = warnings
        .iter()
        .take(NOTICE_MESSAGES)
        .map(ToString::to_string)
        .collect();
    if warnings.len() > NOTICE_MESSAGES {
        messages.push(format!(
            "and {} more problems",
            warnings.len() - NOTICE_MESSAGES
        ));
    }
    Some(format!(
        "Part of this link was not understood, so defaults were used there: {}.",
        messages.join("; ")
    ))
}

fn short(text: &str) -> String {
    if text.chars().count() <= 60 {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(60).collect::<String>())
    }
}

#[cfg(test)]
mod tests;
