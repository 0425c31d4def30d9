//! `tenancy recommend`: answers (from a file, stdin or a preset) in, recommendation out.

use tenancy_core::answers::{Answers, Warning};
use tenancy_core::preset::{self, PRESETS};
use tenancy_core::{Recommendation, recommend, report};

use crate::{BadInput, Format, Outcome, input};

/// Arguments of `tenancy recommend`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    answers: AnswersArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
}

/// Where the answers come from (shared by `recommend` and `export`).
#[derive(Debug, clap::Args)]
pub struct AnswersArgs {
    /// A preset's answers (see `tenancy presets`).
    #[arg(long, value_name = "ID", conflicts_with = "answers")]
    preset: Option<String>,
    /// Answers as a JSON object, from a file or `-` for standard input (default: all defaults).
    #[arg(long, value_name = "FILE|-")]
    answers: Option<String>,
    /// Treat unknown keys, unknown values and out-of-range numbers as errors (exit 2).
    #[arg(long)]
    strict: bool,
}

/// Reads the answers; in strict mode their warnings are errors.
pub fn read_answers(args: &AnswersArgs) -> Result<(Answers, Vec<Warning>), BadInput> {
    let (answers, warnings) = match (&args.preset, &args.answers) {
        (Some(id), _) => {
            let preset = preset::find(id).ok_or_else(|| {
                let ids: Vec<&str> = PRESETS.iter().map(|preset| preset.id).collect();
                BadInput(format!(
                    "unknown preset `{id}` (expected one of: {})",
                    ids.join(", ")
                ))
            })?;
            (preset.answers(), Vec::new())
        }
        (None, Some(path)) => {
            let text = input::read(path, "answers")?;
            Answers::from_json_str(&text)
                .map_err(|e| BadInput(format!("{e} (in {})", input::shown(path))))?
        }
        (None, None) => (Answers::default(), Vec::new()),
    };
    if args.strict && !warnings.is_empty() {
        let messages: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        return Err(BadInput(format!("strict mode: {}", messages.join("; "))));
    }
    Ok((answers, warnings))
}

pub fn run(args: &Args) -> Result<Outcome, BadInput> {
    let (answers, warnings) = read_answers(&args.answers)?;
    let stderr = warnings
        .iter()
        .map(|warning| format!("warning: {warning}"))
        .collect();
    let recommendation = recommend(&answers).with_input_warnings(&warnings);
    let stdout = match args.format {
        Format::Json => json(&recommendation),
        Format::Text => report::text(&recommendation),
        Format::Markdown => report::markdown(&recommendation),
    };
    Ok(Outcome {
        stdout,
        stderr,
        code: 0,
    })
}

fn json(recommendation: &Recommendation) -> String {
    let mut out =
        serde_json::to_string_pretty(recommendation).expect("a recommendation always serialises");
    out.push('\n');
    out
}
