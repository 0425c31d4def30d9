//! The core's property and snapshot tests: one integration binary (see CONTRIBUTING.md).

mod availability;
mod exports;
mod placement;
mod properties;
mod rules;
mod snapshots;
