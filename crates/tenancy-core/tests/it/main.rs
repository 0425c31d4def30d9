//! The core's property and snapshot tests: one integration binary (see STYLE.md).

mod availability;
mod properties;
mod snapshots;
