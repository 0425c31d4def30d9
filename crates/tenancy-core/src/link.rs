//! Share links: the web app's whole state as readable query parameters, both ways.
//!
//! `?preset=public-cloud&survive=region&embed=1` — a preset (optional) supplies every answer,
//! explicit answers override it, and `embed=1` asks for the compact card. Reading a link never
//! fails: whatever is not understood becomes a warning and its default is used.

use std::collections::BTreeSet;

use crate::answers::{Answers, Warning, decode_query, encode_component};
use crate::preset::{self, Preset};

/// Query keys that are not questions.
pub const RESERVED: &[&str] = &["preset", "embed"];

/// The state a link carries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Link {
    /// The preset the answers start from, if any.
    pub preset: Option<&'static Preset>,
    /// The answers: the preset's, with explicit answers applied over them.
    pub answers: Answers,
    /// Whether to show only the compact, embeddable result card.
    pub embed: bool,
}

impl Link {
    /// The state of a preset, unmodified.
    pub fn of_preset(preset: &'static Preset) -> Link {
        Link {
            preset: Some(preset),
            answers: preset.answers(),
            embed: false,
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
        if self.embed {
            parts.push("embed=1".to_owned());
        }
        parts.join("&")
    }
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
