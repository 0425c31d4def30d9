//! Tenancy Scale's web app: URL state and components over `tenancy-core`; no logic of its own.

mod app;
mod location;
mod question;
mod result;

pub use app::App;
