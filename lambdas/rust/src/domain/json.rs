//! A JSON scanner without a nesting limit. serde_json stops at 128 levels, but a deeper
//! body of at most 64 KiB is still JSON: the contract calls it a validation failure (an
//! ItemInput holds no nesting), not malformed. The scanner checks RFC 8259's grammar
//! with an explicit stack, and splits the top-level object into raw member values.

/// The index after JSON white space from `i`.
pub fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The index after the string token starting at `i` (a `"`), or None when it is not one.
pub fn scan_string(b: &[u8], mut i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    i += 1;
    loop {
        match *b.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => {
                i += 1;
                match *b.get(i)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 1,
                    b'u' => {
                        let hex = b.get(i + 1..i + 5)?;
                        if !hex.iter().all(u8::is_ascii_hexdigit) {
                            return None;
                        }
                        i += 5;
                    }
                    _ => return None,
                }
            }
            c if c < 0x20 => return None,
            _ => i += 1,
        }
    }
}

fn scan_digits(b: &[u8], mut i: usize) -> Option<usize> {
    let start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    (i > start).then_some(i)
}

fn scan_number(b: &[u8], mut i: usize) -> Option<usize> {
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    i = if b.get(i) == Some(&b'0') {
        i + 1
    } else {
        scan_digits(b, i)?
    };
    if b.get(i) == Some(&b'.') {
        i = scan_digits(b, i + 1)?;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        i = scan_digits(b, i)?;
    }
    Some(i)
}

fn scan_literal(b: &[u8], i: usize, word: &[u8]) -> Option<usize> {
    (b.get(i..i + word.len())? == word).then_some(i + word.len())
}

/// After an object's `{` or `,`: the key, the colon; the index of the value.
fn scan_key(b: &[u8], i: usize) -> Option<usize> {
    let i = skip_ws(b, scan_string(b, skip_ws(b, i))?);
    (b.get(i) == Some(&b':')).then_some(i + 1)
}

/// The index after the JSON value starting at `i` (after white space), at any depth.
pub fn scan_value(b: &[u8], mut i: usize) -> Option<usize> {
    let mut stack: Vec<u8> = Vec::new();
    loop {
        i = skip_ws(b, i);
        match *b.get(i)? {
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                let next = skip_ws(b, i + 1);
                if b.get(next) == Some(&close) {
                    i = next + 1;
                } else {
                    stack.push(open);
                    i = if open == b'{' {
                        scan_key(b, i + 1)?
                    } else {
                        i + 1
                    };
                    continue;
                }
            }
            b'"' => i = scan_string(b, i)?,
            b'-' | b'0'..=b'9' => i = scan_number(b, i)?,
            b't' => i = scan_literal(b, i, b"true")?,
            b'f' => i = scan_literal(b, i, b"false")?,
            b'n' => i = scan_literal(b, i, b"null")?,
            _ => return None,
        }
        // A value ended: close what it ends, or go on after a comma.
        loop {
            let Some(&top) = stack.last() else {
                return Some(i);
            };
            i = skip_ws(b, i);
            match (*b.get(i)?, top) {
                (b',', b'{') => {
                    i = scan_key(b, i + 1)?;
                    break;
                }
                (b',', _) => {
                    i += 1;
                    break;
                }
                (b'}', b'{') | (b']', b'[') => {
                    stack.pop();
                    i += 1;
                }
                _ => return None,
            }
        }
    }
}

/// Whether `b` is exactly one JSON text.
pub fn is_json_text(b: &[u8]) -> bool {
    scan_value(b, 0).is_some_and(|end| skip_ws(b, end) == b.len())
}

/// The members of a JSON text that is an object, in order, as (raw key token, raw value).
/// Call it only on a text `is_json_text` accepted.
pub fn object_members(b: &[u8]) -> Option<Vec<(&[u8], &[u8])>> {
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let mut members = Vec::new();
    i = skip_ws(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return Some(members);
    }
    loop {
        let key_start = skip_ws(b, i);
        let key_end = scan_string(b, key_start)?;
        let value_start = skip_ws(b, skip_ws(b, key_end) + 1);
        let value_end = scan_value(b, value_start)?;
        members.push((&b[key_start..key_end], &b[value_start..value_end]));
        i = skip_ws(b, value_end);
        match b.get(i)? {
            b',' => i += 1,
            b'}' => return Some(members),
            _ => return None,
        }
    }
}

/// Decodes a string token (quotes included). Unpaired surrogate escapes become U+FFFD and
/// set the flag: the contract rejects them in values, while a key only needs a name.
pub fn decode_string(token: &[u8]) -> (String, bool) {
    let inner = &token[1..token.len() - 1];
    let mut out = String::with_capacity(inner.len());
    let mut unpaired = false;
    let mut i = 0;
    while i < inner.len() {
        let start = i;
        while i < inner.len() && inner[i] != b'\\' {
            i += 1;
        }
        out.push_str(std::str::from_utf8(&inner[start..i]).unwrap_or("\u{FFFD}"));
        if i >= inner.len() {
            break;
        }
        let escaped = inner[i + 1];
        i += 2;
        match escaped {
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{C}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let unit = hex_unit(inner, i);
                i += 4;
                let low = (inner.get(i..i + 2) == Some(b"\\u")).then(|| hex_unit(inner, i + 2));
                match (unit, low) {
                    (0xD800..=0xDBFF, Some(low @ 0xDC00..=0xDFFF)) => {
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        i += 6;
                    }
                    (0xD800..=0xDFFF, _) => {
                        unpaired = true;
                        out.push('\u{FFFD}');
                    }
                    _ => out.push(char::from_u32(unit).unwrap_or('\u{FFFD}')),
                }
            }
            other => out.push(char::from(other)),
        }
    }
    (out, unpaired)
}

fn hex_unit(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .and_then(|hex| std::str::from_utf8(hex).ok())
        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
        .unwrap_or(0xFFFD)
}
