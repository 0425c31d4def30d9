//! `tenancy recommend`: answers in, recommendation out (JSON or text).

use std::fmt::Write;

use tenancy_core::answers::Answers;
use tenancy_core::rung::Axis;
use tenancy_core::{Recommendation, recommend};

use crate::{BadInput, Format, Outcome, input};

/// Arguments of `tenancy recommend`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Answers as a JSON object, from a file or `-` for standard input (default: all defaults).
    #[arg(long, value_name = "FILE|-")]
    answers: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Treat unknown keys, unknown values and out-of-range numbers as errors (exit 2).
    #[arg(long)]
    strict: bool,
}

pub fn run(args: &Args) -> Result<Outcome, BadInput> {
    let (answers, warnings) = match &args.answers {
        None => (Answers::default(), Vec::new()),
        Some(path) => {
            let text = input::read(path, "answers")?;
            Answers::from_json_str(&text).map_err(|e| BadInput(e.to_string()))?
        }
    };
    if args.strict && !warnings.is_empty() {
        let messages: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        return Err(BadInput(format!("strict mode: {}", messages.join("; "))));
    }
    let recommendation = recommend(&answers).with_input_warnings(&warnings);
    let stdout = match args.format {
        Format::Json => json(&recommendation),
        Format::Text => text(&recommendation),
    };
    Ok(Outcome {
        stdout,
        stderr: Vec::new(),
        code: 0,
    })
}

fn json(recommendation: &Recommendation) -> String {
    let mut out =
        serde_json::to_string_pretty(recommendation).expect("a recommendation always serialises");
    out.push('\n');
    out
}

fn text(recommendation: &Recommendation) -> String {
    let mut out = String::new();
    let scale = &recommendation.scale;
    let _ = writeln!(
        out,
        "Isolation: {}   Availability: {}",
        scale.isolation, scale.availability
    );
    let _ = writeln!(out);
    for axis in Axis::ALL {
        let result = recommendation.axes.get(axis);
        let _ = writeln!(out, "{:<16}{}", axis.key(), result.level.id());
        for floor in &result.floors {
            let _ = writeln!(
                out,
                "  ≥ {} because {}: {}",
                floor.rung.id(),
                floor.because,
                floor.reason
            );
            let _ = writeln!(
                out,
                "    source: {} <{}>",
                floor.source.title, floor.source.url
            );
        }
    }
    if !recommendation.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings:");
        for warning in &recommendation.warnings {
            let _ = writeln!(out, "  - {warning}");
        }
    }
    out
}
