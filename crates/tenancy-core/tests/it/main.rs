//! The core's property tests: one integration binary (see STYLE.md).

mod availability;
mod properties;
