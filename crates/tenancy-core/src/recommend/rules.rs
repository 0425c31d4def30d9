//! The whole logic on two pages: `docs/floors.md` (every floor: answer → axis ≥ rung) and
//! `docs/controls.md` (every control and note), generated from the code itself so a reviewer
//! reads what the tool does, not what someone wrote about it.
//!
//! The rules are found by running them: every answer and every pair of answers, over a few base
//! answer sets that make the conditional rules reachable (a floor that needs two answers, a
//! control that needs a compute level). Each floor, control and note names the answers behind it
//! (`because`), so one row per distinct `because` and outcome lists every rule of up to two
//! answers; a test keeps the pages current (like `docs/bad-input.md`).

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::answers::{Answers, QUESTIONS, QuestionKind};
use crate::markdown::cell;
use crate::rung::Axis;
use crate::source::Source;

use super::recommend;

/// Base answer sets the single answers and pairs are applied to.
const BASES: [&str; 4] = [
    "",
    "tenants=org-teams",
    "tenants=unrelated-customers",
    "tenants=org-teams&code=customer-supplied&devices=gpu",
];

/// Every (key, option) the questionnaire offers (numbers left out: they set no rule).
fn answers_offered() -> Vec<(&'static str, &'static str)> {
    QUESTIONS
        .iter()
        .filter(|q| !matches!(q.kind, QuestionKind::Number { .. }))
        .flat_map(|q| q.options().iter().map(move |option| (q.key, *option)))
        .collect()
}

/// Every answer set the tables are drawn from: each answer and each pair of answers over the
/// bases (also what `docs/sources.md` is drawn from).
pub fn answer_sets() -> Vec<Answers> {
    let offered = answers_offered();
    let mut out = Vec::new();
    for base in BASES {
        let (answers, _) = Answers::from_query(base);
        for (i, (key, option)) in offered.iter().enumerate() {
            let mut one = answers.clone();
            let _ = one.set(key, option);
            for (other_key, other) in &offered[i + 1..] {
                if other_key != key {
                    let mut two = one.clone();
                    let _ = two.set(other_key, other);
                    out.push(two);
                }
            }
            out.push(one);
        }
    }
    out
}

/// The position of the first answer named in `because`, for questionnaire order.
fn order(because: &str) -> usize {
    let key = because
        .split(['=', '∋', ','])
        .next()
        .unwrap_or_default()
        .trim();
    QUESTIONS
        .iter()
        .position(|q| q.key == key)
        .unwrap_or(QUESTIONS.len())
}

fn source_cells(source: &Source) -> String {
    format!(
        "[{}]({}) | {} | {}",
        cell(source.title),
        source.url,
        source.as_of.unwrap_or("—"),
        source.verification()
    )
}

/// `docs/floors.md`: every floor, in questionnaire order.
pub fn floors_table() -> String {
    let mut rows: BTreeMap<(usize, usize, usize, String), String> = BTreeMap::new();
    for answers in answer_sets() {
        let recommendation = recommend(&answers);
        for (axis_index, axis) in Axis::ALL.into_iter().enumerate() {
            for floor in &recommendation.axes.get(axis).floors {
                let key = (
                    order(&floor.because),
                    axis_index,
                    floor.rung.index(),
                    floor.because.clone(),
                );
                rows.entry(key).or_insert_with(|| {
                    format!(
                        "| `{}` | {} ≥ `{}` | {} | {} |",
                        floor.because,
                        axis.key(),
                        floor.requirement(),
                        cell(floor.reason),
                        source_cells(&floor.source)
                    )
                });
            }
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "# Floors: every rule that raises an axis\n");
    let _ = writeln!(
        out,
        "Generated from the code by `crates/tenancy-core/tests/it/rules.rs` \
         (`UPDATE_RULES=1 cargo test -p tenancy-core --test it rules` rewrites it; the test fails \
         when it is stale). Each row is one floor: the answers that set it, the minimum rung on \
         its axis, the reason with the sentence it quotes, and the source. \"not verified\" means \
         the quoted sentence was not re-read in the source itself for this table (it may have \
         been read in a copy); \"verified\" gives the month it was. An axis' level is the \
         strongest of its floors (the weakest rung when none applies); between the equally \
         strong `microvm` and `vm` a preference picks (see `recommend/level.rs`).\n"
    );
    table(
        &mut out,
        &["answers", "floor", "reason", "source", "as of", "quote"],
        rows.values(),
    );
    out
}

/// `docs/controls.md`: every control, then every note, in questionnaire order.
pub fn controls_table() -> String {
    let mut controls: BTreeMap<(usize, String, String), String> = BTreeMap::new();
    let mut notes: BTreeMap<(usize, String, &'static str), String> = BTreeMap::new();
    for answers in answer_sets() {
        let recommendation = recommend(&answers);
        for control in &recommendation.controls {
            let key = (
                order(&control.because),
                control.because.clone(),
                control.title.to_owned(),
            );
            controls.entry(key).or_insert_with(|| {
                format!(
                    "| `{}` | {} (`{}`) | {} | {} | {} |",
                    control.because,
                    cell(control.title),
                    control.id,
                    cell(control.reason),
                    control.kubernetes.map_or("—".to_owned(), cell),
                    source_cells(&control.source)
                )
            });
        }
        for note in &recommendation.notes {
            let key = (order(&note.because), note.because.clone(), note.text);
            notes.entry(key).or_insert_with(|| {
                format!(
                    "| `{}` | {} | {} |",
                    note.because,
                    cell(note.text),
                    source_cells(&note.source)
                )
            });
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Controls and notes: what the advice asks beyond the axes\n"
    );
    let _ = writeln!(
        out,
        "Generated from the code by `crates/tenancy-core/tests/it/rules.rs` \
         (`UPDATE_RULES=1 cargo test -p tenancy-core --test it rules` rewrites it; the test fails \
         when it is stale). Controls are what a multi-tenant platform needs besides the rungs \
         (network, identity, keys, audit, GPUs, sandboxes); the Kubernetes column says what \
         `tenancy export k8s` writes for it (\"—\": a manifest cannot express it, and the export \
         lists it as lossy). Notes say what a regime or an answer asks that is not a rung. \
         \"not verified\" means the quoted sentence was not re-read in the source itself.\n"
    );
    let _ = writeln!(out, "## Controls\n");
    table(
        &mut out,
        &[
            "answers",
            "control",
            "reason",
            "Kubernetes export",
            "source",
            "as of",
            "quote",
        ],
        controls.values(),
    );
    let _ = writeln!(out, "\n## Notes\n");
    table(
        &mut out,
        &["answers", "note", "source", "as of", "quote"],
        notes.values(),
    );
    out
}

/// A Markdown table: the header of these columns, then one row (already a table line) each.
fn table<'a>(out: &mut String, columns: &[&str], rows: impl Iterator<Item = &'a String>) {
    let _ = writeln!(out, "| {} |", columns.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(columns.len()));
    for row in rows {
        let _ = writeln!(out, "{row}");
    }
}
