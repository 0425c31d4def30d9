//! Tenancy Scale's web app: URL state and components over `tenancy-core`, no logic of its own.
//! Two modules are built from it: the first view (`tenancy-web`: questions and recommendation)
//! and, loaded after it, the panels (`tenancy-panels`: placement, exports, twins, sharing), which
//! hand the heavy work to a worker (`tenancy-web-worker`).

mod app;
pub mod bridge;
mod controls;
mod details;
mod embed;
mod estate;
mod exports;
mod figure;
mod files;
mod guarantee;
pub mod location;
pub mod panels;
mod placement;
mod presets;
mod question;
mod questionnaire;
mod result;
mod share;
mod source_link;
mod twin;
mod widgets;
mod worker;

pub use app::App;
