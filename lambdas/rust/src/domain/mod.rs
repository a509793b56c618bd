//! The contract's rules, independent of HTTP, axum and DynamoDB: problem types, request
//! and value validation, item rules and the nextToken encoding (docs/contract.md,
//! docs/storage-layout.md).

mod input;
mod item;
mod json;
mod problem;
mod request;
mod token;

pub use input::*;
pub use item::*;
pub use problem::*;
pub use request::*;
pub use token::*;
#[cfg(test)]
mod tests;
