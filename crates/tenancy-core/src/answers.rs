//! The questionnaire: every key and option, answer sets, and their JSON and URL codecs.
//!
//! Reading answers never fails on an unknown key or value: it yields the defaults plus warnings
//! that name what was ignored, so the web app and the CLI's lenient mode keep working; the CLI's
//! `--strict` turns the same warnings into errors.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{Map, Value as Json};

mod query;
mod questions;

pub use query::{decode_query, encode_component};
pub use questions::{Group, QUESTIONS, Question, QuestionKind, option_label};

/// One answer: a single option, a set of options, or a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// One option id, e.g. `org-teams`.
    Choice(&'static str),
    /// Any number of option ids (`regimes`), kept sorted by id.
    Set(BTreeSet<&'static str>),
    /// A number within the question's range (`replicas`).
    Number(u32),
}

/// Something in the input that was ignored and replaced by a default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The key the warning is about (as given, possibly unknown).
    pub key: String,
    /// A lowercase sentence naming what is wrong.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Why an answers document could not be read at all (as opposed to a [`Warning`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswersError {
    /// The text is not JSON.
    #[error("answers are not valid JSON: {0}")]
    NotJson(String),
    /// The JSON is not an object of key → answer.
    #[error("answers must be a JSON object of question keys, found {0}")]
    NotAnObject(&'static str),
}

/// A complete answer set: every question has a value, and we remember which ones were given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    values: BTreeMap<&'static str, Value>,
    given: BTreeSet<&'static str>,
}

impl Default for Answers {
    fn default() -> Self {
        let values = QUESTIONS
            .iter()
            .map(|q| (q.key, q.default_value()))
            .collect();
        Answers {
            values,
            given: BTreeSet::new(),
        }
    }
}

impl Answers {
    /// The value of a question (its default when unanswered); `None` only for an unknown key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.values.get(key)
    }

    /// The chosen option of a single-choice question, or `""` for any other key.
    ///
    /// The key is checked against the question table: a typo in the core's rules fails loudly
    /// in tests (debug builds) instead of silently matching nothing.
    pub fn choice(&self, key: &str) -> &'static str {
        debug_assert!(
            questions::find(key).is_some(),
            "no question `{key}` in the question table"
        );
        match self.values.get(key) {
            Some(Value::Choice(option)) => option,
            _ => "",
        }
    }

    /// Whether the single-choice question `key` is answered `option`.
    ///
    /// Key and option are checked against the question table (see [`Answers::choice`]): every
    /// rule of the core compares answers through this, so a misspelt option cannot make a rule
    /// silently never fire.
    pub fn is(&self, key: &str, option: &str) -> bool {
        checked(key, option);
        self.choice(key) == option
    }

    /// Whether the single-choice question `key` is answered with one of `options` (each checked
    /// like [`Answers::is`]).
    pub fn is_any(&self, key: &str, options: &[&str]) -> bool {
        options.iter().any(|option| self.is(key, option))
    }

    /// Whether a set question (`regimes`) contains this option (checked like [`Answers::is`]).
    pub fn has(&self, key: &str, option: &str) -> bool {
        checked(key, option);
        matches!(self.values.get(key), Some(Value::Set(set)) if set.contains(option))
    }

    /// The number of a numeric question, or 0 for any other key.
    pub fn number(&self, key: &str) -> u32 {
        match self.values.get(key) {
            Some(Value::Number(n)) => *n,
            _ => 0,
        }
    }

    /// The keys that were not answered, in questionnaire order.
    pub fn unanswered(&self) -> Vec<&'static str> {
        QUESTIONS
            .iter()
            .map(|q| q.key)
            .filter(|key| !self.given.contains(key))
            .collect()
    }

    /// Whether this key was answered (rather than defaulted).
    pub fn is_given(&self, key: &str) -> bool {
        self.given.contains(key)
    }

    /// Sets one answer from its textual form (as in a URL: `regimes` comma-separated).
    ///
    /// On an unknown key or value nothing changes and the warning says why.
    pub fn set(&mut self, key: &str, text: &str) -> Result<(), Warning> {
        let question = questions::find(key).ok_or_else(|| unknown_key(key))?;
        let value = question.parse_text(text)?;
        self.values.insert(question.key, value);
        self.given.insert(question.key);
        Ok(())
    }

    /// Forgets an answer: the key takes its default and counts as unanswered again.
    pub fn unset(&mut self, key: &str) {
        if let Some(question) = questions::find(key) {
            self.values.insert(question.key, question.default_value());
            self.given.remove(question.key);
        }
    }

    /// Reads answers from JSON text; unknown keys and values become warnings.
    pub fn from_json_str(text: &str) -> Result<(Answers, Vec<Warning>), AnswersError> {
        if text.trim().is_empty() {
            return Err(AnswersError::NotJson("the input is empty".to_owned()));
        }
        let json: Json =
            serde_json::from_str(text).map_err(|e| AnswersError::NotJson(e.to_string()))?;
        Answers::from_json(&json)
    }

    /// Reads answers from a parsed JSON value; unknown keys and values become warnings.
    pub fn from_json(json: &Json) -> Result<(Answers, Vec<Warning>), AnswersError> {
        let object = json
            .as_object()
            .ok_or_else(|| AnswersError::NotAnObject(json_kind(json)))?;
        let mut answers = Answers::default();
        let mut warnings = Vec::new();
        for (key, raw) in object {
            let Some(question) = questions::find(key) else {
                warnings.push(unknown_key(key));
                continue;
            };
            match question.parse_json(raw) {
                Ok(value) => {
                    answers.values.insert(question.key, value);
                    answers.given.insert(question.key);
                }
                Err(warning) => warnings.push(warning),
            }
        }
        Ok((answers, warnings))
    }

    /// Reads answers from `key=value` pairs (a decoded URL query); unknown pairs become warnings.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Answers, Vec<Warning>) {
        let mut answers = Answers::default();
        let mut warnings = Vec::new();
        for (key, text) in pairs {
            if answers.is_given(key) {
                warnings.push(Warning {
                    key: key.to_owned(),
                    message: format!("`{key}` is given more than once; the last value counts"),
                });
            }
            if let Err(warning) = answers.set(key, text) {
                warnings.push(warning);
            }
        }
        (answers, warnings)
    }

    /// Reads answers from a URL query string (with or without the leading `?`).
    pub fn from_query(query: &str) -> (Answers, Vec<Warning>) {
        let pairs = decode_query(query);
        Answers::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The answered keys as readable `key=value` pairs, in questionnaire order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        QUESTIONS
            .iter()
            .filter(|q| self.given.contains(q.key))
            .map(|q| (q.key, q.format_text(&self.values[q.key])))
            .collect()
    }

    /// The answered keys as a URL query string without the leading `?` (empty when none).
    pub fn to_query(&self) -> String {
        self.to_pairs()
            .iter()
            .map(|(key, text)| format!("{key}={}", encode_component(text)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Every key with its value (defaults filled), as a JSON object in key order.
    pub fn to_json(&self) -> Json {
        let mut object = Map::new();
        for (key, value) in &self.values {
            let json = match value {
                Value::Choice(option) => Json::from(*option),
                Value::Set(set) => Json::from(set.iter().copied().collect::<Vec<_>>()),
                Value::Number(n) => Json::from(*n),
            };
            object.insert((*key).to_owned(), json);
        }
        Json::Object(object)
    }
}

/// `match answers.choice(key) { … }` with every option named in an arm checked against the
/// question table (in debug builds, whenever the match runs), so a misspelt arm fails in tests
/// instead of never firing. Arms are option literals (`"a" | "b" => …`), then `_ => …`.
macro_rules! match_choice {
    ($answers:expr, $key:literal, { $($($option:literal)|+ => $arm:expr,)+ _ => $default:expr $(,)? }) => {{
        $($($crate::answers::checked($key, $option);)+)+
        match $answers.choice($key) {
            $($($option)|+ => $arm,)+
            _ => $default,
        }
    }};
}
pub(crate) use match_choice;

/// Fails in debug builds (tests) when `option` is not an option of the question `key`: the
/// check behind every comparison the core's rules make.
pub fn checked(key: &str, option: &str) {
    debug_assert!(
        questions::is_option(key, option),
        "`{option}` is not an option of the question `{key}`"
    );
}

/// Answers written as the rules record them (`tenants=unrelated-customers`,
/// `regimes∋fedramp`, several joined by `, `) in people's words: "“Unrelated customers” to “Who
/// shares the platform with this workload?”". `None` when a part is not a question and one of
/// its options, so a caller can fall back to the text as it is.
pub fn in_words(answers: &str) -> Option<String> {
    let parts = answers
        .split(", ")
        .map(|part| {
            let (key, option) = part.split_once('=').or_else(|| part.split_once('∋'))?;
            answer_in_words(key, option)
        })
        .collect::<Option<Vec<_>>>()?;
    Some(format!("you answered {}", parts.join(" and ")))
}

/// One answer in people's words: "“Unrelated customers” to “Who shares the platform with this
/// workload?”", or "“4” to “How many copies?”" for a number in range. `None` when `key` is not a
/// question or `option` not one of its answers.
pub fn answer_in_words(key: &str, option: &str) -> Option<String> {
    let question = questions::find(key)?;
    let label = match question.kind {
        QuestionKind::Number { min, max, .. } => {
            let n: u32 = option.parse().ok()?;
            (min..=max).contains(&n).then(|| n.to_string())?
        }
        _ => question.label(option)?.to_owned(),
    };
    Some(format!("“{label}” to “{}”", question.text))
}

/// A sentence that starts with the answers it rests on (`platform=kubernetes: a Kata …`) with
/// those answers in people's words ("Because you answered “Kubernetes” to “…”: a Kata …"); the
/// text as it is when it does not start with answers.
pub fn sentence_in_words(text: &str) -> String {
    text.split_once(": ")
        .and_then(|(answers, rest)| Some(format!("Because {}: {rest}", in_words(answers)?)))
        .unwrap_or_else(|| text.to_owned())
}

fn unknown_key(key: &str) -> Warning {
    Warning {
        key: key.to_owned(),
        message: format!("unknown question `{key}` ignored"),
    }
}

pub(crate) fn json_kind(json: &Json) -> &'static str {
    match json {
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
