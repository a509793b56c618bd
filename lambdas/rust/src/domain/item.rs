use std::time::{SystemTime, UNIX_EPOCH};

use crate::contract;

/// This runtime's name and URL prefix.
pub const RUNTIME_NAME: &str = "rust";
/// The contract's info.version.
pub const CONTRACT_VERSION: &str = contract::VERSION;

/// A validated request body. `description` is None when the body has none, which
/// differs from a present empty string.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemInput {
    pub name: String,
    pub description: Option<String>,
    pub price: f64,
}

/// An item as stored.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Item {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub price: f64,
    pub created_at: String,
    pub updated_at: String,
}

impl Item {
    /// A fresh item: both timestamps are `now`.
    pub fn new(id: String, input: ItemInput, now: SystemTime) -> Item {
        let at = timestamp(now);
        Item {
            id,
            name: input.name,
            description: input.description,
            price: input.price,
            created_at: at.clone(),
            updated_at: at,
        }
    }
}

/// The contract's UTC millisecond timestamp: 2026-01-31T12:00:00.000Z.
pub fn timestamp(at: SystemTime) -> String {
    let millis = at
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0) as i64;
    let (days, ms_of_day) = (millis.div_euclid(86_400_000), millis.rem_euclid(86_400_000));
    let (year, month, day) = civil_from_days(days);
    let secs = ms_of_day / 1000;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        ms_of_day % 1000
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm),
/// so that formatting a timestamp needs no date crate.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The shortest decimal text that parses back to the same binary64 value, never with an
/// exponent (19.99, 5, 1234567.891): what the storage layout writes as the price's N.
pub fn format_price(price: f64) -> String {
    format!("{price}")
}

/// A number as JavaScript's JSON.stringify writes it (and so Go's encoding/json): the
/// shortest round-trip digits, fixed notation from 1e-6 up to 1e21, exponent otherwise.
pub fn js_number(value: f64) -> String {
    if value == 0.0 {
        return "0".to_string();
    }
    let scientific = format!("{value:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-6..21).contains(&exponent) {
        format!("{value}")
    } else if exponent > 0 {
        format!("{mantissa}e+{exponent}")
    } else {
        format!("{mantissa}e{exponent}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamp_is_utc_with_milliseconds() {
        // Prepare: 2026-01-31T12:00:00.005999Z
        let at = UNIX_EPOCH + Duration::from_micros(1_769_860_800_005_999);

        // Act + Assess
        assert_eq!(timestamp(at), "2026-01-31T12:00:00.005Z");
    }

    #[test]
    fn format_price_is_the_shortest_round_trip_without_exponent() {
        let cases = [
            (19.99, "19.99"),
            (1234567.891, "1234567.891"),
            (5.0, "5"),
            (1e9, "1000000000"),
            (0.1, "0.1"),
        ];
        for (price, want) in cases {
            assert_eq!(format_price(price), want, "{price}");
        }
        assert_eq!(format_price(1e-130), format!("0.{}1", "0".repeat(129)));
    }

    #[test]
    fn js_number_writes_what_json_stringify_writes() {
        let cases = [
            (0.0, "0"),
            (19.99, "19.99"),
            (1e9, "1000000000"),
            (0.000001, "0.000001"),
            (0.0000001, "1e-7"),
            (1e-130, "1e-130"),
            (1.5e21, "1.5e+21"),
            (123.0, "123"),
        ];
        for (value, want) in cases {
            assert_eq!(js_number(value), want, "{value}");
        }
    }
}
