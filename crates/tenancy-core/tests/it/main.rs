//! The core's property and snapshot tests: one integration binary (see STYLE.md).

mod availability;
mod exports;
mod oracle;
mod placement;
mod properties;
mod snapshots;
