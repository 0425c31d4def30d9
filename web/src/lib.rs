//! Tenancy Scale's web app: URL state and components over `tenancy-core`, with the heavy part in
//! a worker (`tenancy-web-worker`); no logic of its own.

mod app;
mod controls;
mod details;
mod embed;
mod estate;
mod exports;
mod figure;
mod files;
mod guarantee;
pub mod location;
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
