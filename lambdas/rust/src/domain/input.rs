use std::collections::HashMap;

use super::json;
use super::{FieldError, ItemInput, MALFORMED_JSON, Problem};
use crate::contract;

/// Bounds of ItemInput in the contract (lengths in Unicode code points).
pub const MIN_NAME_LENGTH: usize = contract::ITEM_NAME_MIN_LENGTH;
pub const MAX_NAME_LENGTH: usize = contract::ITEM_NAME_MAX_LENGTH;
pub const MAX_DESCRIPTION_LENGTH: usize = contract::ITEM_DESCRIPTION_MAX_LENGTH;
pub const MIN_PRICE: f64 = contract::PRICE_MINIMUM;
pub const MAX_PRICE: f64 = contract::PRICE_MAXIMUM;
/// DynamoDB stores no smaller positive number.
pub const MIN_POSITIVE_PRICE: f64 = contract::PRICE_MINIMUM_POSITIVE;

const PROPERTIES: [&str; 3] = ["name", "description", "price"];

/// Applies checks 5 (malformed JSON) and 6 (ItemInput schema) of the contract's order to
/// a request body. It works on the raw JSON text because serde_json would hide what the
/// contract rejects: it fails on an unpaired surrogate escape and on deep nesting the same
/// way as on broken syntax.
pub fn parse_item_input(body: &[u8]) -> Result<ItemInput, Problem> {
    if std::str::from_utf8(body).is_err() || !json::is_json_text(body) {
        return Err(Problem::new(
            MALFORMED_JSON,
            "The body is not valid UTF-8 JSON text.",
        ));
    }
    let Some(members) = json::object_members(body) else {
        return Err(Problem::invalid(
            "The body must be a JSON object.",
            vec![FieldError::new("/body", "must be an object")],
        ));
    };
    // Duplicate keys: the last one wins, as the contract says.
    let mut fields: HashMap<String, &[u8]> = HashMap::new();
    for (key, value) in members {
        fields.insert(json::decode_string(key).0, value);
    }

    let mut input = ItemInput::default();
    let mut errors = Vec::new();
    match fields.get("name") {
        None => errors.push(FieldError::new("/body/name", "is required")),
        Some(raw) => match name_value(raw) {
            Ok(name) => input.name = name,
            Err(message) => errors.push(FieldError::new("/body/name", message)),
        },
    }
    if let Some(raw) = fields.get("description") {
        match string_value(raw, 0, MAX_DESCRIPTION_LENGTH) {
            Ok(description) => input.description = Some(description),
            Err(message) => errors.push(FieldError::new("/body/description", message)),
        }
    }
    match fields.get("price") {
        None => errors.push(FieldError::new("/body/price", "is required")),
        Some(raw) => match price_value(raw) {
            Ok(price) => input.price = price,
            Err(message) => errors.push(FieldError::new("/body/price", message)),
        },
    }
    let mut unknown: Vec<&String> = fields
        .keys()
        .filter(|k| !PROPERTIES.contains(&k.as_str()))
        .collect();
    unknown.sort(); // a stable answer whatever the map order
    for key in unknown {
        errors.push(FieldError::new(
            format!("/body/{}", json_pointer_escape(key)),
            "is not a property of ItemInput",
        ));
    }
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(Problem::invalid(
            "The body does not match ItemInput.",
            errors,
        ))
    }
}

/// Escapes one reference token (RFC 6901).
fn json_pointer_escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn name_value(raw: &[u8]) -> Result<String, String> {
    let name = string_value(raw, MIN_NAME_LENGTH, MAX_NAME_LENGTH)?;
    if name.chars().all(is_ecmascript_white_space) {
        return Err("must contain a character that is not white space".into());
    }
    Ok(name)
}

/// Decodes a JSON string token and checks its length in code points.
fn string_value(raw: &[u8], min_length: usize, max_length: usize) -> Result<String, String> {
    if raw.first() != Some(&b'"') {
        return Err("must be a string".into());
    }
    let (text, unpaired) = json::decode_string(raw);
    if unpaired {
        return Err("must not contain unpaired surrogates".into());
    }
    let n = text.chars().count();
    if n < min_length {
        return Err(format!("must have at least {min_length} character(s)"));
    }
    if n > max_length {
        return Err(format!("must have at most {max_length} characters"));
    }
    Ok(text)
}

fn price_value(raw: &[u8]) -> Result<f64, String> {
    if !matches!(raw.first(), Some(b'-' | b'0'..=b'9')) {
        return Err("must be a number".into());
    }
    let price: f64 = std::str::from_utf8(raw)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::INFINITY);
    if price.is_infinite() {
        return Err("must be a number within binary64 range".into()); // 1e400: validation, never malformed
    }
    if price < MIN_PRICE {
        return Err(format!("must be >= {}", super::format_price(MIN_PRICE)));
    }
    if price > MAX_PRICE {
        return Err(format!("must be <= {}", super::format_price(MAX_PRICE)));
    }
    if price > 0.0 && price < MIN_POSITIVE_PRICE {
        return Err(format!(
            "must be 0 or at least {MIN_POSITIVE_PRICE:e} (DynamoDB's smallest number)"
        ));
    }
    // -0 is a valid price; hold it as 0, as JSON.stringify writes it in the other runtimes.
    Ok(if price == 0.0 { 0.0 } else { price })
}

/// ECMAScript's WhiteSpace and LineTerminator set, as the contract lists it.
fn is_ecmascript_white_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{B}' | '\u{C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}
