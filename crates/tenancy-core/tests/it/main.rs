//! The core's property and snapshot tests: one integration binary (see STYLE.md).

mod properties;
mod snapshots;
