//! The core's property tests: one integration binary (see STYLE.md).

mod oracle;
mod placement;
mod properties;
