//! Tenancy Scale's pure core: questionnaire answers to an isolation recommendation.
//!
//! Values in, values out: no IO, no clock, no randomness and nothing web. The CLI and the web app
//! are thin shells over these functions (see `ARCHITECTURE.md`).

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod answers;
pub mod availability;
pub mod diagram;
pub mod import;
pub mod link;
pub mod preset;
pub mod recommend;
pub mod report;
pub mod rung;
pub mod source;
pub mod topology;

pub use answers::{Answers, Value};
pub use availability::{Availability, assess};
pub use recommend::{Recommendation, recommend};
pub use rung::{Axis, Rung};
pub use topology::Topology;
