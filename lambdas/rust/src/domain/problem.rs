use crate::contract::{self, ProblemType};

/// The problem catalogue, by the names the domain uses; the values are the contract's.
pub const MALFORMED_JSON: ProblemType = contract::PROBLEM_MALFORMED_JSON;
pub const VALIDATION_FAILED: ProblemType = contract::PROBLEM_VALIDATION_FAILED;
pub const ITEM_NOT_FOUND: ProblemType = contract::PROBLEM_ITEM_NOT_FOUND;
pub const ROUTE_NOT_FOUND: ProblemType = contract::PROBLEM_ROUTE_NOT_FOUND;
pub const PAYLOAD_TOO_LARGE: ProblemType = contract::PROBLEM_PAYLOAD_TOO_LARGE;
pub const UNSUPPORTED_MEDIA_TYPE: ProblemType = contract::PROBLEM_UNSUPPORTED_MEDIA_TYPE;
/// The server's own fault (the store is down, say), never bad input.
pub const INTERNAL_ERROR: ProblemType = contract::PROBLEM_INTERNAL_ERROR;

/// One broken rule, located by a JSON Pointer rooted at the request part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub message: String,
}

impl FieldError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// An answer the contract lists as an error; the app renders it as problem+json.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub kind: ProblemType,
    pub detail: String,
    pub errors: Vec<FieldError>,
}

impl Problem {
    pub fn new(kind: ProblemType, detail: impl Into<String>) -> Self {
        Problem {
            kind,
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    /// A validation-failed problem with the given broken rules.
    pub fn invalid(detail: impl Into<String>, errors: Vec<FieldError>) -> Self {
        Problem {
            kind: VALIDATION_FAILED,
            detail: detail.into(),
            errors,
        }
    }

    /// The problem for an id that names no item.
    pub fn not_found(id: &str) -> Self {
        Problem::new(ITEM_NOT_FOUND, format!("No item with id {id}."))
    }
}
