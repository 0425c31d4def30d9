//! JSON Schemas of every document a user writes or reads (answers, topology, request,
//! recommendation, plan, export), generated from the core's types so they cannot drift from them.
//!
//! The types derive `schemars::JsonSchema` next to `Serialize`; the few whose JSON form is written
//! by hand (a rung is its id, a rule is `kind` plus one limit, answers follow the question table)
//! implement it here, from the same tables their readers use. `docs/schema/` holds the output,
//! kept current by a test; `tenancy schema NAME` prints it.

use std::borrow::Cow;

use schemars::generate::{Contract, SchemaSettings};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value as Json};

use crate::answers::{Answers, QUESTIONS, QuestionKind};
use crate::export::Export;
use crate::plan::Plan;
use crate::recommend::Recommendation;
use crate::request::{Limit, MAX_REPLICAS, Request, Rule};
use crate::rung::{Axis, Rung};
use crate::topology::{HOST_KIND, MAX_HOSTS, Topology};

/// Whether a document is read by the tool (a user writes it) or written by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The user writes it; the schema says what the reader accepts (defaults may be left out).
    Input,
    /// The tool writes it; the schema says what is always there.
    Output,
}

/// One schema: its name (`tenancy schema NAME`, `docs/schema/NAME.json`), what it describes,
/// and its direction.
#[derive(Debug, Clone, Copy)]
pub struct SchemaDoc {
    /// The name on the command line and in the file name.
    pub name: &'static str,
    /// What the document is, in a few words.
    pub about: &'static str,
    /// Written by the user or by the tool.
    pub direction: Direction,
    generate: fn(SchemaGenerator) -> Schema,
}

/// Every schema, inputs first.
pub const SCHEMAS: [SchemaDoc; 6] = [
    SchemaDoc {
        name: "answers",
        about: "questionnaire answers (`tenancy recommend --answers`)",
        direction: Direction::Input,
        generate: SchemaGenerator::into_root_schema_for::<Answers>,
    },
    SchemaDoc {
        name: "topology",
        about: "a topology in the native form (`--topology`, `tenancy topology convert`)",
        direction: Direction::Input,
        generate: SchemaGenerator::into_root_schema_for::<Topology>,
    },
    SchemaDoc {
        name: "request",
        about: "a placement request (`--request`)",
        direction: Direction::Input,
        generate: SchemaGenerator::into_root_schema_for::<Request>,
    },
    SchemaDoc {
        name: "recommendation",
        about: "the output of `tenancy recommend --format json`",
        direction: Direction::Output,
        generate: SchemaGenerator::into_root_schema_for::<Recommendation>,
    },
    SchemaDoc {
        name: "plan",
        about: "the output of `tenancy place --format json`",
        direction: Direction::Output,
        generate: SchemaGenerator::into_root_schema_for::<Plan>,
    },
    SchemaDoc {
        name: "export",
        about: "the output of `tenancy export TARGET --format json`",
        direction: Direction::Output,
        generate: SchemaGenerator::into_root_schema_for::<Export>,
    },
];

impl SchemaDoc {
    /// The schema (JSON Schema 2020-12), as the reader sees an input or the writer an output.
    pub fn schema(&self) -> Json {
        let settings = match self.direction {
            Direction::Input => SchemaSettings::draft2020_12().for_deserialize(),
            Direction::Output => SchemaSettings::draft2020_12().for_serialize(),
        };
        (self.generate)(settings.into_generator()).to_value()
    }

    /// The schema pretty-printed, ending in a newline (the form in `docs/schema/`).
    pub fn to_json_string(&self) -> String {
        let mut text =
            serde_json::to_string_pretty(&self.schema()).expect("a schema always serialises");
        text.push('\n');
        text
    }
}

/// The schema with this name.
pub fn find(name: &str) -> Option<&'static SchemaDoc> {
    SCHEMAS.iter().find(|doc| doc.name == name)
}

/// The names of every schema, comma-separated (for messages).
pub fn names() -> String {
    SCHEMAS.map(|doc| doc.name).join(", ")
}

impl JsonSchema for Rung {
    fn schema_name() -> Cow<'static, str> {
        "Rung".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let ids: Vec<&str> = Axis::ALL
            .iter()
            .flat_map(|axis| axis.rungs().iter().map(|rung| rung.id))
            .collect();
        json_schema!({
            "description": "A rung's id; each axis has its own rungs, weakest first.",
            "type": "string",
            "enum": ids,
        })
    }
}

impl JsonSchema for Rule {
    fn schema_name() -> Cow<'static, str> {
        "Rule".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let limits = [
            (
                Limit::MaxPerDomain(1),
                "No domain of the kind holds more replicas than this.",
            ),
            (
                Limit::MinDomains(1),
                "The replicas occupy at least this many domains of the kind.",
            ),
            (
                Limit::MaxSkew(1),
                "Over the kind's eligible domains, the most-loaded minus the least-loaded is at \
                 most this.",
            ),
        ];
        let one_of: Vec<Json> = limits
            .iter()
            .map(|(limit, description)| {
                serde_json::json!({
                    "required": ["kind", limit.key()],
                    "properties": {
                        limit.key(): {
                            "description": description,
                            "type": "integer",
                            "minimum": 1,
                            "maximum": u32::MAX,
                        }
                    },
                })
            })
            .collect();
        json_schema!({
            "description": "One rule on one kind of failure domain: the kind and exactly one limit.",
            "type": "object",
            "properties": {
                "kind": {
                    "description": "One of the topology's kinds, or `host`.",
                    "type": "string",
                },
            },
            "oneOf": one_of,
            "unevaluatedProperties": false,
        })
    }
}

impl JsonSchema for Answers {
    fn schema_name() -> Cow<'static, str> {
        "Answers".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut properties = Map::new();
        for question in QUESTIONS {
            let property = match question.kind {
                QuestionKind::Choice { options, default } => serde_json::json!({
                    "type": "string",
                    "enum": options,
                    "default": options[default],
                }),
                QuestionKind::Set { options } => serde_json::json!({
                    "description": "Also accepted: the options comma-separated in one string.",
                    "type": ["array", "string"],
                    "items": { "enum": options },
                    "uniqueItems": true,
                    "default": [],
                }),
                QuestionKind::Number { min, max, default } => serde_json::json!({
                    "type": "integer",
                    "minimum": min,
                    "maximum": max,
                    "default": default,
                }),
            };
            let mut property = property;
            property["title"] = question.text.into();
            properties.insert(question.key.to_owned(), property);
        }
        // Read, any key may be left out; written (in a recommendation), every key is there.
        let required: Vec<&str> = if matches!(generator.contract(), Contract::Serialize) {
            QUESTIONS.iter().map(|q| q.key).collect()
        } else {
            Vec::new()
        };
        json_schema!({
            "description": "Questionnaire answers: each key is a question, each value one of its \
                options. A key left out takes its default; an unknown key or option is a warning \
                (an error with `--strict`).",
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": false,
        })
    }
}

/// Makes a request's optional fields optional in its input schema and states the ranges the
/// reader checks (the type itself is read by hand, with messages naming the offending item).
pub(crate) fn request_input(schema: &mut Schema) {
    schema.insert("required".to_owned(), serde_json::json!(["replicas"]));
    schema.insert("additionalProperties".to_owned(), false.into());
    if let Some(Json::Object(properties)) = schema.get_mut("properties") {
        if let Some(Json::Object(replicas)) = properties.get_mut("replicas") {
            let about = format!("How many copies (1 to {MAX_REPLICAS}).");
            replicas.insert("description".to_owned(), about.into());
            replicas.insert("minimum".to_owned(), 1.into());
            replicas.insert("maximum".to_owned(), MAX_REPLICAS.into());
        }
        if let Some(Json::Object(quorum)) = properties.get_mut("quorum") {
            quorum.insert("minimum".to_owned(), 1.into());
        }
    }
}

/// States the limits the topology reader checks beyond the shape: version 1, 1 to
/// [`MAX_HOSTS`] hosts, kinds listed once each (`host` never).
pub(crate) fn topology_limits(schema: &mut Schema) {
    if let Some(Json::Object(properties)) = schema.get_mut("properties") {
        if let Some(Json::Object(version)) = properties.get_mut("version") {
            version.insert("const".to_owned(), 1.into());
        }
        if let Some(Json::Object(hosts)) = properties.get_mut("hosts") {
            hosts.insert("minItems".to_owned(), 1.into());
            hosts.insert("maxItems".to_owned(), MAX_HOSTS.into());
        }
        if let Some(Json::Object(kinds)) = properties.get_mut("kinds") {
            kinds.insert("uniqueItems".to_owned(), true.into());
            kinds.insert(
                "items".to_owned(),
                serde_json::json!({"type": "string", "minLength": 1, "not": {"const": HOST_KIND}}),
            );
        }
    }
}

#[cfg(test)]
mod tests;
