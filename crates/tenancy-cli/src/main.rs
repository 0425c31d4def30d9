//! The `tenancy` command: parses arguments, reads files, prints results, sets exit codes.
//!
//! No logic of its own: every decision is the core's. JSON goes to stdout, messages to stderr, and
//! nothing reaches stdout when the input is bad.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod check_k8s;
mod export;
mod input;
mod place;
mod presets;
mod recommend;
mod schema;
mod simulate;
mod simulate_k8s;
mod simulate_target;
mod topology;

/// How much isolation is enough, and where the copies go.
#[derive(Debug, Parser)]
#[command(name = "tenancy", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the presets (id, title).
    Presets,
    /// Recommend the isolation on four axes from questionnaire answers or a preset.
    Recommend(recommend::Args),
    /// Convert topologies to the native JSON, or print the embedded default.
    #[command(subcommand)]
    Topology(topology::Command),
    /// Place a request's replicas on a topology: optimal in blast radius, or the minimal conflict.
    Place(place::Args),
    /// Turn the recommendation and a placement request into configuration (k8s, nova, nomad,
    /// crush) or the Markdown report.
    Export(export::Args),
    /// Print the JSON Schema of a document the tool reads or writes (for editors and CI), or
    /// list them.
    Schema(schema::Args),
    /// Run a scheduler's twin: CRUSH on a real map (every mapping in crushtool's format, a pool's
    /// placement groups in osdmaptool's, or a pool's summary), or kube-scheduler on your nodes
    /// (scale-up, rolling update, scale-down, failure drill).
    #[command(subcommand)]
    Simulate(simulate::Command),
    /// Audit your own manifests on your nodes with a twin of kube-scheduler.
    #[command(subcommand)]
    Check(check_k8s::Target),
}

/// Output formats shared by the commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Machine-readable JSON.
    Json,
    /// What a person reads in a terminal.
    Text,
    /// Markdown, for a design document or a ticket.
    Markdown,
}

/// What a command produced: stdout text, stderr lines and the exit code.
struct Outcome {
    stdout: String,
    stderr: Vec<String>,
    code: u8,
}

/// Bad input: exit 2, this message on stderr, nothing on stdout.
#[derive(Debug)]
struct BadInput(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Presets => Ok(presets::run()),
        Command::Recommend(args) => recommend::run(&args),
        Command::Topology(args) => topology::run(&args),
        Command::Place(args) => place::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Simulate(args) => simulate::run(&args),
        Command::Check(args) => check_k8s::run(&args),
    };
    match result {
        Ok(outcome) => {
            for line in &outcome.stderr {
                eprintln!("tenancy: {line}");
            }
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`tenancy … | head`) is not an error worth a panic.
            let _ = stdout.write_all(outcome.stdout.as_bytes());
            let _ = stdout.flush();
            ExitCode::from(outcome.code)
        }
        Err(BadInput(message)) => {
            eprintln!("tenancy: error: {message}");
            ExitCode::from(2)
        }
    }
}
