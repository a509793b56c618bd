//! The Rust runtime of the items API: the contract's rules (domain), the store port
//! (store) and its DynamoDB adapter (dynamodb_store) with its X-Ray interceptor
//! (tracing_xray), the axum app (app) and, in bin/bootstrap.rs, the Lambda entry.

// The models generated from the contract (generated/rust, never edited by hand). The
// generator writes `use crate::models;` in every file, whether used or not.
#[path = "../../../generated/rust/src/models/mod.rs"]
#[allow(unused_imports, clippy::all)]
pub mod models;

// The contract's constants: version, limits, patterns, problem catalogue (generated).
#[path = "../../../generated/rust/src/contract.rs"]
pub mod contract;

pub mod app;
pub mod domain;
pub mod dynamodb_store;
pub mod store;
pub mod tracing_xray;
