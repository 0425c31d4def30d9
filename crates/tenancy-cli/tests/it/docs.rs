//! The user documentation in `docs/` is checked, not trusted: the JSON Schemas in `docs/schema/`,
//! `docs/sources.md` and the question tables of `docs/answers.md` are generated from the core and
//! fail when stale (`UPDATE_DOCS=1` rewrites them), and every example in `docs/*.md` is run.
//!
//! Examples are fenced blocks whose info string says what they are:
//! - ```` ```json file=NAME schema=SCHEMA ```` — a document written to `NAME` in a scratch folder
//!   (where the document's commands run) and validated against the schema `SCHEMA` with
//!   python-jsonschema (installed with the export validators by `cargo xtask setup`). Either
//!   attribute may be left out. Any other block with `file=NAME` (a CRUSH map as ```` ```text
//!   file=map.txt ````) is written there too.
//! - ```` ```console schema=SCHEMA ```` — `$ tenancy …` lines, each followed by exactly what it
//!   prints (standard output, then standard error); a line `…` stands for any number of lines.
//!   `$ echo $?` prints the previous command's exit code; without it the command must exit 0.
//!   With `schema=`, every command's standard output is validated against that schema too.
//! - ```` ```link ```` — share-link queries, one per line: each must read without a notice and
//!   come back unchanged from the state it describes (so it is written as the app writes it).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tenancy_core::Answers;
use tenancy_core::answers::{QUESTIONS, QuestionKind, option_label};
use tenancy_core::availability::DEFAULT_RATES;
use tenancy_core::link::Link;
use tenancy_core::preset::PRESETS;
use tenancy_core::recommend;
use tenancy_core::schema::{SCHEMAS, find};
use tenancy_core::source::SOURCES;

use crate::binary::{tenancy, tenancy_in};
use crate::exports::venv_tool;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Checks that the generated file `relative` holds `text`, or rewrites it under `UPDATE_DOCS=1`.
fn generated(relative: &str, text: &str) {
    let path = root().join(relative);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{relative}: {e}"));
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == text,
        "{relative} is stale: rerun with UPDATE_DOCS=1 (cargo test -p tenancy-cli --test it docs) \
         and review the diff"
    );
}

/// Validates each (schema name, JSON text, where it comes from) against that schema with
/// python-jsonschema (Draft 2020-12); fails naming every instance that does not validate.
fn validate(instances: &[(String, String, String)]) {
    const SCRIPT: &str = r#"
import json, sys
from jsonschema import Draft202012Validator
failures = []
for schema, text, origin in json.load(sys.stdin):
    validator = Draft202012Validator(schema)
    for error in validator.iter_errors(json.loads(text)):
        failures.append(f"{origin}: {error.json_path}: {error.message}")
print("\n".join(failures))
sys.exit(1 if failures else 0)
"#;
    let batch: Vec<serde_json::Value> = instances
        .iter()
        .map(|(name, text, origin)| {
            // The core's schema, which the test above keeps equal to `docs/schema/NAME.json`.
            let schema = find(name)
                .unwrap_or_else(|| panic!("{origin}: no schema `{name}`"))
                .schema();
            serde_json::json!([schema, text, origin])
        })
        .collect();
    let mut child = Command::new(venv_tool("python"))
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python starts");
    serde_json::to_writer(child.stdin.take().unwrap(), &batch).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "documents that do not match their schema:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn the_schemas_in_docs_are_current_and_tenancy_schema_prints_them() {
    let dir = root().join("docs/schema");
    for doc in &SCHEMAS {
        let run = tenancy(&["schema", doc.name], "");
        run.exits(0);
        assert_eq!(run.stdout, doc.to_json_string(), "{}", doc.name);
        generated(&format!("docs/schema/{}.json", doc.name), &run.stdout);
    }
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    // Without a name, one line per schema: its name first.
    let list = tenancy(&["schema"], "");
    list.exits(0);
    let listed: Vec<&str> = list
        .stdout
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert_eq!(listed, SCHEMAS.map(|d| d.name), "{}", list.stdout);
    let mut expected: Vec<String> = SCHEMAS.iter().map(|d| format!("{}.json", d.name)).collect();
    expected.sort();
    assert_eq!(files, expected, "docs/schema holds exactly the schemas");
}

/// The statements a source backs, found by recommending every preset and every answer and pair of
/// answers (as `docs/floors.md` is drawn), plus the questions' "why we ask"
/// lines and the default failure rates.
fn statements() -> Vec<(&'static str, String)> {
    let mut answer_sets: Vec<Answers> = PRESETS.iter().map(|p| p.answers()).collect();
    // Every answer and every pair of answers, as the floors and controls tables are drawn.
    answer_sets.extend(recommend::answer_sets());
    let mut out = Vec::new();
    for question in QUESTIONS {
        out.push((
            question.source,
            format!("Why we ask `{}`: {}", question.key, question.why),
        ));
    }
    for answers in &answer_sets {
        let recommendation = recommend(answers);
        for axis in tenancy_core::Axis::ALL {
            for floor in &recommendation.axes.get(axis).floors {
                out.push((
                    floor.source.id,
                    format!(
                        "Floor: `{}` at least `{}` when {}: {}",
                        axis.key(),
                        floor.rung.id(),
                        floor.because,
                        floor.reason
                    ),
                ));
            }
        }
        // Warnings cite their sources by link inside the sentence.
        for warning in &recommendation.warnings {
            for source in SOURCES.iter().filter(|s| warning.contains(s.url)) {
                out.push((source.id, format!("Warning: {warning}")));
            }
        }
        for item in &recommendation.not_protected {
            for source in SOURCES.iter().filter(|s| item.contains(s.url)) {
                out.push((source.id, format!("Not protected: {item}")));
            }
        }
        for control in &recommendation.controls {
            out.push((
                control.source.id,
                format!(
                    "Control `{}` when {}: {}",
                    control.id, control.because, control.reason
                ),
            ));
        }
        for note in &recommendation.notes {
            out.push((
                note.source.id,
                format!("Note when {}: {}", note.because, note.text),
            ));
        }
        let neighbours = &recommendation.neighbours;
        for neighbour in [&neighbours.cheaper, &neighbours.stronger]
            .into_iter()
            .flatten()
        {
            let what = match (neighbour.adds, neighbour.gives_up) {
                (Some(adds), _) => {
                    format!(
                        "Stronger alternative `{}` adds: {adds}",
                        neighbour.rung.id()
                    )
                }
                (None, Some(lost)) => {
                    format!(
                        "Cheaper alternative `{}` gives up: {lost}",
                        neighbour.rung.id()
                    )
                }
                (None, None) => format!("`{}`", neighbour.rung.id()),
            };
            for source in &neighbour.sources {
                out.push((
                    source.id,
                    format!("{what}; its cost: {}", neighbour.overhead),
                ));
            }
        }
        out.push((
            recommendation.pattern_source.id,
            format!("Pattern: {}", recommendation.pattern_reason),
        ));
    }
    for rate in DEFAULT_RATES {
        let Some(source) = rate.source else { continue };
        out.push((
            source.id,
            format!(
                "Default failure rate of a {}: {} per year, {} h to repair. {}",
                rate.kind, rate.rate.failures_per_year, rate.rate.mttr_hours, rate.note
            ),
        ));
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn sources_md_lists_every_source_with_what_it_backs() {
    let statements = statements();
    let mut sources: Vec<tenancy_core::source::Source> = SOURCES.to_vec();
    for rate in DEFAULT_RATES {
        if let Some(source) = rate.source
            && !sources.iter().any(|s| s.id == source.id)
        {
            sources.push(source);
        }
    }
    let mut out = String::from(
        "# Sources: which source backs which statement\n\
         \n\
         Generated from the core's citation table (`crates/tenancy-core/src/source.rs`) and the\n\
         default failure rates (`crates/tenancy-core/src/availability/rates.rs`) by\n\
         `crates/tenancy-cli/tests/it/docs.rs`, which fails when this page is stale\n\
         (`UPDATE_DOCS=1 cargo test -p tenancy-cli --test it docs` rewrites it). The statements\n\
         are found by recommending every preset and every single answer (each option of each\n\
         question, the others at their defaults), so a floor that needs two answers together\n\
         appears in the wording of the preset that has them.\n\
         \n\
         A source marked *as of* a month speaks about something that changes (a cloud offering, a\n\
         compliance revision, a feature of a virtual machine monitor): the statement was checked\n\
         against it that month. Re-check it before relying on it. How the failure rates are used,\n\
         and why they are editable defaults rather than facts about your estate, is in\n\
         [availability.md](availability.md).\n",
    );
    for source in &sources {
        let backed: Vec<&String> = statements
            .iter()
            .filter(|(id, _)| *id == source.id)
            .map(|(_, statement)| statement)
            .collect();
        assert!(
            !backed.is_empty(),
            "source `{}` backs nothing the core says: remove it or cite it",
            source.id
        );
        let _ = write!(out, "\n## {}\n\n<{}>", source.title, source.url);
        if let Some(month) = source.as_of {
            let _ = write!(out, " — as of {month}");
        }
        out.push_str("\n\n");
        for statement in backed {
            let _ = writeln!(out, "- {}", statement.replace('\n', " "));
        }
    }
    generated("docs/sources.md", &out);
}

/// The question tables of `docs/answers.md`, one per group, from the question table.
fn question_tables() -> String {
    let mut out = String::new();
    for group in tenancy_core::answers::Group::ALL {
        let _ = write!(
            out,
            "\n### {}\n\n| key | question | options (least to most demanding) | default |\n\
             | --- | --- | --- | --- |\n",
            group.title()
        );
        for question in QUESTIONS.iter().filter(|q| q.group == group) {
            let (options, default) = match question.kind {
                QuestionKind::Choice { options, default } => (
                    options
                        .iter()
                        .map(|o| format!("`{o}` ({})", option_label(question.key, o)))
                        .collect::<Vec<_>>()
                        .join(", "),
                    format!("`{}`", options[default]),
                ),
                QuestionKind::Set { options } => (
                    format!(
                        "any of {}",
                        options
                            .iter()
                            .map(|o| format!("`{o}` ({})", option_label(question.key, o)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    "none (`[]`)".to_owned(),
                ),
                QuestionKind::Number { min, max, default } => (
                    format!("a whole number from {min} to {max}"),
                    format!("`{default}`"),
                ),
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {options} | {default} |",
                question.key, question.text
            );
        }
    }
    out
}

/// Replaces the part of a document between its two marker lines with `content`, through
/// [`generated`].
fn generated_part(relative: &str, begin: &str, end: &str, content: &str) {
    let text = std::fs::read_to_string(root().join(relative))
        .unwrap_or_else(|_| panic!("{relative} exists"));
    let start = text
        .find(begin)
        .unwrap_or_else(|| panic!("{relative} has the line {begin:?}"))
        + begin.len();
    let stop = text
        .find(end)
        .unwrap_or_else(|| panic!("{relative} has the line {end:?}"));
    generated(
        relative,
        &format!("{}{content}{}", &text[..start], &text[stop..]),
    );
}

const END: &str = "<!-- end of generated tables -->\n";

#[test]
fn the_answers_reference_lists_every_question_with_its_default() {
    generated_part(
        "docs/answers.md",
        "<!-- generated from the question table: do not edit by hand -->\n",
        END,
        &question_tables(),
    );
}

/// A schema's type as people read it: `string`, `array of Floor`, `Availability or null`.
fn type_name(schema: &serde_json::Value) -> String {
    use serde_json::Value;
    if let Some(Value::String(reference)) = schema.get("$ref") {
        return format!("`{}`", reference.trim_start_matches("#/$defs/"));
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(options)) = schema.get(key) {
            let consts: Vec<String> = options
                .iter()
                .filter_map(|o| o.get("const").and_then(Value::as_str))
                .map(|c| format!("`{c}`"))
                .collect();
            if consts.len() == options.len() {
                return format!("one of {}", consts.join(", "));
            }
            return options
                .iter()
                .map(type_name)
                .collect::<Vec<_>>()
                .join(" or ");
        }
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        let values: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        return format!("one of {}", values.join(", ")).replace('"', "");
    }
    match schema.get("type") {
        Some(Value::String(kind)) if kind == "array" => {
            format!("array of {}", type_name(&schema["items"]))
        }
        Some(Value::String(kind)) if kind == "object" => match schema.get("additionalProperties") {
            Some(value @ Value::Object(_)) => format!("map of {}", type_name(value)),
            _ => "object".to_owned(),
        },
        Some(Value::String(kind)) => kind.clone(),
        Some(Value::Array(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "any JSON".to_owned(),
    }
}

/// A table of an object schema's fields: name, type, whether always present, description.
fn field_table(out: &mut String, schema: &serde_json::Value) {
    let Some(properties) = schema.get("properties").and_then(|p| p.as_object()) else {
        return;
    };
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    out.push_str("| field | type | always there | meaning |\n| --- | --- | --- | --- |\n");
    for (name, property) in properties {
        let description = property["description"]
            .as_str()
            .or_else(|| property["title"].as_str())
            .unwrap_or("")
            .replace('\n', " ")
            .replace('|', "\\|");
        let _ = writeln!(
            out,
            "| `{name}` | {} | {} | {description} |",
            type_name(property).replace('|', "\\|"),
            if required.contains(&name.as_str()) {
                "yes"
            } else {
                "no"
            }
        );
    }
}

/// The field tables of the output schemas, each followed by the types it uses.
fn output_tables() -> String {
    let mut out = String::new();
    for doc in SCHEMAS
        .iter()
        .filter(|d| d.direction == tenancy_core::schema::Direction::Output)
    {
        let schema = doc.schema();
        let _ = write!(out, "\n### {} — {}\n\n", doc.name, doc.about);
        field_table(&mut out, &schema);
        if let Some(defs) = schema.get("$defs").and_then(|d| d.as_object()) {
            for (name, def) in defs {
                let _ = write!(out, "\n#### `{name}`\n\n");
                if let Some(description) = def["description"].as_str() {
                    let _ = writeln!(out, "{}\n", description.replace('\n', " "));
                }
                if def.get("properties").is_some() {
                    field_table(&mut out, def);
                } else {
                    let _ = writeln!(out, "Type: {}.", type_name(def));
                }
            }
        }
    }
    out
}

#[test]
fn the_output_reference_lists_every_field() {
    generated_part(
        "docs/output.md",
        "<!-- generated from the output schemas: do not edit by hand -->\n",
        END,
        &output_tables(),
    );
}

/// One fenced block of a Markdown document.
struct Block {
    /// The info string's first word (`json`, `console`, `link`).
    lang: String,
    /// `key=value` attributes of the info string.
    attrs: Vec<(String, String)>,
    body: String,
    /// Line number of the opening fence.
    line: usize,
}

impl Block {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (index, line) in markdown.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                let mut words = info.split_whitespace();
                let lang = words.next().unwrap_or("").to_owned();
                let attrs = words
                    .filter_map(|w| w.split_once('='))
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect();
                open = Some(Block {
                    lang,
                    attrs,
                    body: String::new(),
                    line: index + 1,
                });
            }
            (Some(_), Some("")) => out.push(open.take().unwrap()),
            (Some(block), _) => {
                block.body.push_str(line);
                block.body.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "an unclosed fenced block");
    out
}

/// Whether `actual` matches `expected`, where an expected line `…` stands for any lines.
fn matches(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((&"…", rest)) => (0..=actual.len()).any(|skip| matches(rest, &actual[skip..])),
        Some((line, rest)) => actual
            .split_first()
            .is_some_and(|(first, tail)| first == line && matches(rest, tail)),
    }
}

#[test]
fn the_wildcard_line_matches_any_lines() {
    assert!(matches(&["a", "…", "d"], &["a", "b", "c", "d"]));
    assert!(matches(&["a", "…"], &["a"]));
    assert!(!matches(&["a", "…", "d"], &["a", "b", "c"]));
    assert!(!matches(&["a"], &["a", "b"]));
}

/// Runs one console block in `dir`; returns the outputs to validate against the block's schema.
fn run_console(origin: &str, block: &Block, dir: &Path) -> Vec<(String, String, String)> {
    let mut to_validate = Vec::new();
    let mut last_code: Option<i32> = None;
    let mut commands: Vec<(String, Vec<&str>)> = Vec::new();
    for line in block.body.lines() {
        match line.strip_prefix("$ ") {
            Some(command) => commands.push((command.to_owned(), Vec::new())),
            None => commands
                .last_mut()
                .unwrap_or_else(|| panic!("{origin}: output before any `$` line"))
                .1
                .push(line),
        }
    }
    assert!(
        !commands.is_empty(),
        "{origin}: a console block without commands"
    );
    for (index, (command, expected)) in commands.iter().enumerate() {
        let actual = if command == "echo $?" {
            let code = last_code
                .take()
                .unwrap_or_else(|| panic!("{origin}: `echo $?` without a command before it"));
            format!("{code}\n")
        } else {
            let words: Vec<&str> = command.split_whitespace().collect();
            let (args, stdin) = match words.iter().position(|w| *w == "<") {
                Some(at) => {
                    let file = dir.join(words[at + 1]);
                    let text = std::fs::read_to_string(&file)
                        .unwrap_or_else(|_| panic!("{origin}: `{command}` reads a missing file"));
                    (&words[..at], text)
                }
                None => (&words[..], String::new()),
            };
            assert_eq!(
                args.first(),
                Some(&"tenancy"),
                "{origin}: only `tenancy` runs"
            );
            let run = tenancy_in(dir, &args[1..], stdin);
            let next_is_echo = commands
                .get(index + 1)
                .is_some_and(|(next, _)| next == "echo $?");
            assert!(
                next_is_echo || run.code == 0,
                "{origin}: `{command}` exited {}: {}",
                run.code,
                run.stderr
            );
            last_code = Some(run.code);
            if let Some(schema) = block.attr("schema") {
                to_validate.push((
                    schema.to_owned(),
                    run.stdout.clone(),
                    format!("{origin}: `{command}`"),
                ));
            }
            format!("{}{}", run.stdout, run.stderr)
        };
        let actual_lines: Vec<&str> = actual.lines().collect();
        assert!(
            matches(expected, &actual_lines),
            "{origin}: `{command}` printed\n{actual}\nbut the document shows\n{}",
            expected.join("\n")
        );
    }
    to_validate
}

#[test]
fn every_example_in_the_docs_runs_and_shows_what_it_prints() {
    let mut documents: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    documents.sort();
    let mut to_validate = Vec::new();
    let mut counts = [0usize; 3];
    for document in &documents {
        let name = document.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(document).unwrap();
        let dir = std::env::temp_dir().join(format!(
            "tenancy-docs-{}-{}",
            std::process::id(),
            name.trim_end_matches(".md")
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let blocks = blocks(&text);
        for block in blocks.iter().filter(|b| b.lang != "json") {
            if let Some(file) = block.attr("file") {
                std::fs::write(dir.join(file), &block.body).unwrap();
            }
        }
        for block in blocks.iter().filter(|b| b.lang == "json") {
            let origin = format!("docs/{name}:{}", block.line);
            if let Some(file) = block.attr("file") {
                std::fs::write(dir.join(file), &block.body).unwrap();
            }
            if let Some(schema) = block.attr("schema") {
                to_validate.push((schema.to_owned(), block.body.clone(), origin));
            }
            counts[0] += 1;
        }
        for block in &blocks {
            let origin = format!("docs/{name}:{}", block.line);
            match block.lang.as_str() {
                "console" => {
                    to_validate.extend(run_console(&origin, block, &dir));
                    counts[1] += 1;
                }
                "link" => {
                    for query in block.body.lines() {
                        let (link, warnings) = Link::from_query(query);
                        assert!(warnings.is_empty(), "{origin}: {query}: {warnings:?}");
                        assert_eq!(link.to_query(), query.trim_start_matches('?'), "{origin}");
                    }
                    counts[2] += 1;
                }
                _ => {}
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    let [json, console, link] = counts;
    assert!(
        json >= 5 && console >= 10 && link >= 1,
        "found the examples: {json} documents, {console} console blocks, {link} link blocks"
    );
    validate(&to_validate);
}

#[test]
fn every_preset_and_placement_output_matches_its_schema() {
    let default = tenancy(&["topology", "default"], "");
    default.exits(0);
    let topology =
        std::env::temp_dir().join(format!("tenancy-docs-{}-default.json", std::process::id()));
    std::fs::write(&topology, &default.stdout).unwrap();
    let topology = topology.to_string_lossy().into_owned();
    let mut instances = vec![(
        "topology".to_owned(),
        default.stdout,
        "the default".to_owned(),
    )];
    for preset in PRESETS {
        let run = tenancy(&["recommend", "--preset", preset.id], "");
        run.exits(0);
        instances.push((
            "recommendation".to_owned(),
            run.stdout,
            preset.id.to_owned(),
        ));
        let run = tenancy(
            &["export", "k8s", "--preset", preset.id, "--format", "json"],
            "",
        );
        run.exits(0);
        instances.push(("export".to_owned(), run.stdout, preset.id.to_owned()));
    }
    for (request, code) in [
        (
            r#"{"replicas": 3, "rules": [{"kind": "rack", "max_per_domain": 1}]}"#,
            0,
        ),
        (
            r#"{"replicas": 9, "rules": [{"kind": "region", "max_per_domain": 1}]}"#,
            1,
        ),
    ] {
        let run = tenancy(
            &["place", "--topology", &topology, "--request", "-"],
            request,
        );
        assert_eq!(run.code, code, "{request}: {}", run.stderr);
        instances.push(("plan".to_owned(), run.stdout, request.to_owned()));
        instances.push(("request".to_owned(), request.to_owned(), request.to_owned()));
    }
    let _ = std::fs::remove_file(&topology);
    validate(&instances);
}
