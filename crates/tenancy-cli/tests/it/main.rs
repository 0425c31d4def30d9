//! The `tenancy` binary end to end, in one test binary: every module runs the built binary
//! through the one runner in `binary.rs`.

mod bad_input;
mod binary;
mod cli;
mod docs;
mod exports;
mod k8s;
mod place;
mod precision;
mod topology;
