//! Recommendations and plans rendered for people: terminal text and Markdown (for a design doc
//! or a ticket). `plan.rs` also holds the availability wording the web app shows; `twins.rs` the
//! words of the twins' findings and of the exports' guarantees.
//!
//! Pure functions of a [`Recommendation`]: the CLI prints them, the web app can offer them as
//! downloads. Both show the same things in the same order: verdict, levels with every floor's
//! reason and source, stack, neighbours, warnings, notes, controls, what is not protected.

use crate::recommend::{Floor, Recommendation};
use crate::source::Source;

mod markdown;
pub mod plan;
mod plan_markdown;
mod text;
pub mod twins;

pub use markdown::markdown;
pub use plan::text as plan_text;
pub use plan_markdown::plan_markdown;
pub use text::text;

/// A blast-radius vector as people and the benchmark files compare it: `2,3,1,1`.
pub fn radius(radius: &[u32]) -> String {
    let parts: Vec<String> = radius.iter().map(u32::to_string).collect();
    parts.join(",")
}

/// A source as one line: title, address, and the month it was checked when date-sensitive.
fn cited(source: &Source) -> String {
    match source.as_of {
        Some(month) => format!("{} (as of {month}) <{}>", source.title, source.url),
        None => format!("{} <{}>", source.title, source.url),
    }
}

/// "axis ≥ requirement because key=value".
fn floor_head(floor: &Floor) -> String {
    format!(
        "{} ≥ {} because {}",
        floor.rung.axis.key(),
        floor.requirement(),
        floor.because
    )
}

/// The answers people gave, as `key=value` pairs (defaults left out).
fn given_answers(recommendation: &Recommendation) -> Vec<String> {
    let Some(object) = recommendation.answers.as_object() else {
        return Vec::new();
    };
    object
        .iter()
        .filter(|(key, _)| !recommendation.unanswered.contains(&key.as_str()))
        .map(|(key, value)| {
            let text = match value {
                serde_json::Value::String(text) => text.clone(),
                serde_json::Value::Array(items) => items
                    .iter()
                    .filter_map(serde_json::Value::as_str)
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            };
            format!("{key}={text}")
        })
        .collect()
}

#[cfg(test)]
mod tests;
