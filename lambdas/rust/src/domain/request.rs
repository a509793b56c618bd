use std::sync::LazyLock;

use regex_lite::Regex;

use super::{FieldError, PAYLOAD_TOO_LARGE, Problem, UNSUPPORTED_MEDIA_TYPE, decode_next_token};
use crate::contract;

/// Request limits and defaults of the contract.
pub const MAX_BODY_BYTES: usize = contract::BODY_MAX_BYTES;
pub const DEFAULT_LIMIT: usize = contract::LIST_LIMIT_DEFAULT;
pub const MIN_LIMIT: usize = contract::LIST_LIMIT_MINIMUM;
pub const MAX_LIMIT: usize = contract::LIST_LIMIT_MAXIMUM;

pub(crate) static ITEM_ID_PATTERN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(contract::ITEM_ID_PATTERN).expect("the contract's id pattern"));

/// Checks the path parameter id: a lowercase UUID v4 (check 1 of the contract's order).
pub fn validate_id(id: &str) -> Result<(), Problem> {
    if ITEM_ID_PATTERN.is_match(id) {
        return Ok(());
    }
    Err(Problem::invalid(
        "The id is not a lowercase UUID v4.",
        vec![FieldError::new("/path/id", "must be a lowercase UUID v4")],
    ))
}

/// Reads the limit query parameter: decimal digits only, then MIN_LIMIT..=MAX_LIMIT;
/// absent means DEFAULT_LIMIT.
pub fn parse_limit(raw: Option<&str>) -> Result<usize, Problem> {
    let Some(raw) = raw else {
        return Ok(DEFAULT_LIMIT);
    };
    let invalid = || {
        Problem::invalid(
            format!("limit must be an integer from {MIN_LIMIT} to {MAX_LIMIT}."),
            vec![FieldError::new(
                "/query/limit",
                format!("must be decimal digits from {MIN_LIMIT} to {MAX_LIMIT}"),
            )],
        )
    };
    if raw.is_empty() || !raw.bytes().all(|c| c.is_ascii_digit()) {
        return Err(invalid());
    }
    // Leading zeros are allowed (007 is 7); trimming them first keeps huge digit strings from overflowing.
    let digits = raw.trim_start_matches('0');
    if digits.len() > MAX_LIMIT.to_string().len() {
        return Err(invalid());
    }
    let n: usize = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| invalid())?
    };
    if !(MIN_LIMIT..=MAX_LIMIT).contains(&n) {
        return Err(invalid());
    }
    Ok(n)
}

/// Turns a nextToken query parameter into the id to start after.
pub fn parse_next_token(token: &str) -> Result<String, Problem> {
    decode_next_token(token).ok_or_else(|| {
        Problem::invalid(
            "nextToken was not issued by this API.",
            vec![FieldError::new(
                "/query/nextToken",
                "is not a token this API issued",
            )],
        )
    })
}

/// Answers 413 for a body over MAX_BODY_BYTES (after base64 decoding).
pub fn check_body_size(n: usize) -> Result<(), Problem> {
    if n <= MAX_BODY_BYTES {
        return Ok(());
    }
    Err(Problem::new(
        PAYLOAD_TOO_LARGE,
        format!("The body has {n} bytes; at most {MAX_BODY_BYTES} are accepted."),
    ))
}

/// Answers 415 unless the media type (before any parameters, case-insensitive, white
/// space ignored) is application/json.
pub fn check_media_type(content_type: Option<&str>) -> Result<(), Problem> {
    let media_type = content_type.map(|ct| ct.split(';').next().unwrap_or("").trim());
    if media_type.is_some_and(|mt| mt.eq_ignore_ascii_case("application/json")) {
        return Ok(());
    }
    Err(Problem::new(
        UNSUPPORTED_MEDIA_TYPE,
        "Send the body as application/json.",
    ))
}
