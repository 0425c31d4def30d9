//! Tenancy Scale's pure core: questionnaire answers to an isolation recommendation, and a
//! topology plus a request to an optimal placement.
//!
//! Values in, values out: no IO, no clock, no randomness and nothing web. The CLI and the web app
//! are thin shells over these functions (see `ARCHITECTURE.md`).

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod answers;
pub mod availability;
pub mod crush;
pub mod diagram;
pub mod export;
pub mod import;
pub mod kube;
pub mod link;
mod markdown;
pub mod plan;
pub mod preset;
pub mod recommend;
pub mod report;
pub mod request;
pub mod rung;
pub mod schema;
pub mod solve;
pub mod source;
pub mod synthetic;
pub mod topology;

#[cfg(test)]
mod tests;

pub use answers::{Answers, Value};
pub use availability::{Availability, assess};
pub use recommend::{Recommendation, recommend};
pub use request::{Limit, Request, Rule};
pub use rung::{Axis, Rung};
pub use solve::{Placement, place};
pub use topology::Topology;
