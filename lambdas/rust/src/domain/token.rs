use std::sync::LazyLock;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use regex_lite::Regex;

use super::request::ITEM_ID_PATTERN;
use crate::contract;

/// The contract's nextToken pattern: exactly the base64url strings (no padding) of the
/// 16 bytes of a UUID v4 that re-encode to themselves (docs/storage-layout.md).
static NEXT_TOKEN_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(contract::NEXT_TOKEN_PATTERN).expect("the contract's token pattern")
});

/// The token for a scan's last evaluated id; None for a key this API never writes.
pub fn encode_next_token(id: &str) -> Option<String> {
    if !ITEM_ID_PATTERN.is_match(id) {
        return None;
    }
    let hex: String = id.chars().filter(|c| *c != '-').collect();
    let raw: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16))
        .collect::<Result<_, _>>()
        .ok()?;
    Some(URL_SAFE_NO_PAD.encode(raw))
}

/// The id a token stands for; None when the API never issued such a token.
pub fn decode_next_token(token: &str) -> Option<String> {
    if !NEXT_TOKEN_PATTERN.is_match(token) {
        return None;
    }
    let raw = URL_SAFE_NO_PAD
        .decode(token)
        .ok()
        .filter(|raw| raw.len() == 16)?;
    let h: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    Some(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    ))
}
