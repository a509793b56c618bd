//! The domain's rules, table-driven (the cases of the Go runtime's tests, which are the spec).

use super::*;

const EXAMPLE_ID: &str = "3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f";
const EXAMPLE_TOKEN: &str = "P1-MPppLTB2OLxorPE1ebw";

fn assert_validation_error(result: Result<ItemInput, Problem>, path: &str, case: &str) {
    let problem = result.expect_err(case);
    assert_eq!(problem.kind, VALIDATION_FAILED, "{case}");
    assert!(
        problem.errors.iter().any(|e| e.path == path),
        "{case}: no error at {path} in {:?}",
        problem.errors
    );
}

#[test]
fn parse_item_input_accepts_a_valid_body() {
    // Act
    let input = parse_item_input(br#"{"name":"Espresso cup","description":"90 ml","price":19.99}"#)
        .unwrap();

    // Assess
    assert_eq!(
        input,
        ItemInput {
            name: "Espresso cup".into(),
            description: Some("90 ml".into()),
            price: 19.99
        }
    );
}

#[test]
fn parse_item_input_keeps_absent_and_empty_descriptions_apart() {
    // Act
    let absent = parse_item_input(br#"{"name":"a","price":1}"#).unwrap();
    let empty = parse_item_input(br#"{"name":"a","description":"","price":1}"#).unwrap();

    // Assess
    assert_eq!(absent.description, None);
    assert_eq!(empty.description, Some(String::new()));
}

#[test]
fn parse_item_input_counts_code_points() {
    // Prepare: an emoji is one code point but two UTF-16 units and four UTF-8 bytes.
    let emoji = "\u{1F600}";
    let accepted = format!(
        r#"{{"name":"{}","price":1}}"#,
        emoji.repeat(MAX_NAME_LENGTH)
    );
    let rejected = format!(
        r#"{{"name":"{}","price":1}}"#,
        emoji.repeat(MAX_NAME_LENGTH + 1)
    );
    let escaped = format!(
        r#"{{"name":"{}","price":1}}"#,
        r"\ud83d\ude00".repeat(MAX_NAME_LENGTH)
    );

    // Act + Assess
    assert_eq!(
        parse_item_input(accepted.as_bytes()).unwrap().name,
        emoji.repeat(MAX_NAME_LENGTH)
    );
    assert_validation_error(
        parse_item_input(rejected.as_bytes()),
        "/body/name",
        "too long",
    );
    assert_eq!(
        parse_item_input(escaped.as_bytes()).unwrap().name,
        emoji.repeat(MAX_NAME_LENGTH)
    );
}

#[test]
fn parse_item_input_malformed_bodies() {
    let cases: [(&str, &[u8]); 9] = [
        ("empty", b""),
        ("white space only", b"  \n"),
        ("broken syntax", br#"{"name":"a","#),
        ("trailing text", br#"{"name":"a","price":1} x"#),
        ("two values", b"{} {}"),
        ("invalid UTF-8", b"{\"name\":\"\xff\",\"price\":1}"),
        ("single quotes", b"{'name':'a'}"),
        ("leading zero", br#"{"name":"a","price":01}"#),
        (
            "control character in a string",
            b"{\"name\":\"a\x01\",\"price\":1}",
        ),
    ];
    for (case, body) in cases {
        // Act
        let problem = parse_item_input(body).expect_err(case);

        // Assess
        assert_eq!(problem.kind, MALFORMED_JSON, "{case}");
    }
}

#[test]
fn parse_item_input_nesting_beyond_any_decoder_limit() {
    let deep_array = format!("{}{}", "[".repeat(30000), "]".repeat(30000));
    let deep_object = format!("{}1{}", r#"{"a":"#.repeat(10001), "}".repeat(10001));
    let cases = [
        (
            "deep array as the body",
            deep_array.clone(),
            VALIDATION_FAILED,
        ),
        ("deep object as the body", deep_object, VALIDATION_FAILED),
        (
            "deep array as the name",
            format!(r#"{{"name":{deep_array},"price":1}}"#),
            VALIDATION_FAILED,
        ),
        (
            "deep array in an unknown property",
            format!(r#"{{"name":"a","price":1,"x":{deep_array}}}"#),
            VALIDATION_FAILED,
        ),
        (
            "deep array, one level unclosed",
            deep_array[..deep_array.len() - 1].to_string(),
            MALFORMED_JSON,
        ),
        (
            "trailing comma inside",
            format!("{}1,{}", "[".repeat(20000), "]".repeat(20000)),
            MALFORMED_JSON,
        ),
        (
            "deep array, then more text",
            format!("{deep_array} x"),
            MALFORMED_JSON,
        ),
    ];
    for (case, body, want) in cases {
        // Act
        let problem = parse_item_input(body.as_bytes()).expect_err(case);

        // Assess
        assert_eq!(problem.kind, want, "{case}");
    }
}

#[test]
fn parse_item_input_validation_failures() {
    let long_description = format!(
        r#"{{"name":"a","description":"{}","price":1}}"#,
        "x".repeat(MAX_DESCRIPTION_LENGTH + 1)
    );
    let cases = [
        ("array", "[]", "/body"),
        ("string", r#""x""#, "/body"),
        ("null", "null", "/body"),
        ("missing name", r#"{"price":1}"#, "/body/name"),
        ("missing price", r#"{"name":"a"}"#, "/body/price"),
        ("empty name", r#"{"name":"","price":1}"#, "/body/name"),
        (
            "white space name",
            r#"{"name":" \t\u00a0\u3000\ufeff","price":1}"#,
            "/body/name",
        ),
        ("name not a string", r#"{"name":5,"price":1}"#, "/body/name"),
        (
            "unpaired high surrogate",
            r#"{"name":"\ud800","price":1}"#,
            "/body/name",
        ),
        (
            "unpaired low surrogate",
            r#"{"name":"a\udc00b","price":1}"#,
            "/body/name",
        ),
        (
            "high surrogate then letter",
            r#"{"name":"\ud83dA","price":1}"#,
            "/body/name",
        ),
        (
            "two high surrogates",
            r#"{"name":"\ud83d\ud83d","price":1}"#,
            "/body/name",
        ),
        (
            "description surrogate",
            r#"{"name":"a","description":"\udfff","price":1}"#,
            "/body/description",
        ),
        (
            "description null",
            r#"{"name":"a","description":null,"price":1}"#,
            "/body/description",
        ),
        (
            "description too long",
            long_description.as_str(),
            "/body/description",
        ),
        ("price string", r#"{"name":"a","price":"5"}"#, "/body/price"),
        (
            "price boolean",
            r#"{"name":"a","price":true}"#,
            "/body/price",
        ),
        (
            "price negative",
            r#"{"name":"a","price":-0.01}"#,
            "/body/price",
        ),
        (
            "price too large",
            r#"{"name":"a","price":1000000000.5}"#,
            "/body/price",
        ),
        (
            "price too small for DynamoDB",
            r#"{"name":"a","price":5e-324}"#,
            "/body/price",
        ),
        (
            "price just below 1e-130",
            r#"{"name":"a","price":9.999999999999999e-131}"#,
            "/body/price",
        ),
        (
            "price beyond binary64",
            r#"{"name":"a","price":1e400}"#,
            "/body/price",
        ),
        (
            "price below binary64",
            r#"{"name":"a","price":-1e400}"#,
            "/body/price",
        ),
        (
            "unknown property",
            r#"{"name":"a","price":1,"colour":"red"}"#,
            "/body/colour",
        ),
        (
            "unknown property with slash",
            r#"{"name":"a","price":1,"a/b~c":1}"#,
            "/body/a~1b~0c",
        ),
    ];
    for (case, body, path) in cases {
        assert_validation_error(parse_item_input(body.as_bytes()), path, case);
    }
}

#[test]
fn parse_item_input_accepts_edge_values() {
    let cases = [
        (
            "escaped backslash before u",
            r#"{"name":"\\ud800","price":0}"#,
            r"\ud800",
            0.0,
        ),
        ("largest price", r#"{"name":"a","price":1e9}"#, "a", 1e9),
        (
            "negative zero is zero",
            r#"{"name":"a","price":-0}"#,
            "a",
            0.0,
        ),
        (
            "duplicate key: last wins",
            r#"{"name":"first","name":"last","price":2}"#,
            "last",
            2.0,
        ),
        (
            "white space around a letter",
            r#"{"name":"  a  ","price":3}"#,
            "  a  ",
            3.0,
        ),
        (
            "surrounding white space",
            " \n{\"name\":\"a\",\"price\":4}\n ",
            "a",
            4.0,
        ),
    ];
    for (case, body, name, price) in cases {
        // Act
        let input = parse_item_input(body.as_bytes()).expect(case);

        // Assess
        assert_eq!(
            (input.name.as_str(), input.price, input.description),
            (name, price, None),
            "{case}"
        );
        assert_ne!(
            format_price(input.price),
            "-0",
            "{case}: negative zero kept"
        );
    }
}

#[test]
fn parse_item_input_reports_every_broken_rule() {
    // Act
    let problem = parse_item_input(br#"{"name":"","price":-1,"b":1,"a":2}"#).unwrap_err();

    // Assess
    let paths: Vec<&str> = problem.errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["/body/name", "/body/price", "/body/a", "/body/b"]);
}

#[test]
fn parse_limit_reads_decimal_digits_in_range() {
    for (raw, want) in [
        ("1", 1),
        ("100", 100),
        ("007", 7),
        ("0000000000000000000050", 50),
    ] {
        assert_eq!(parse_limit(Some(raw)).ok(), Some(want), "{raw}");
    }
    assert_eq!(parse_limit(None).ok(), Some(20));
    for raw in [
        "",
        "0",
        "101",
        "abc",
        "+5",
        "-5",
        "5.0",
        " 5",
        "5 ",
        "1e1",
        "99999999999999999999999",
    ] {
        let problem = parse_limit(Some(raw)).expect_err(raw);
        assert_eq!(
            (problem.kind, problem.errors[0].path.as_str()),
            (VALIDATION_FAILED, "/query/limit"),
            "{raw}"
        );
    }
}

#[test]
fn validate_id_wants_a_lowercase_uuid_v4() {
    assert!(validate_id(EXAMPLE_ID).is_ok());
    let invalid = [
        "",
        "3F5F8C3E-9A4B-4C1D-8E2F-1A2B3C4D5E6F",
        "3f5f8c3e-9a4b-1c1d-8e2f-1a2b3c4d5e6f",
        "3f5f8c3e-9a4b-4c1d-7e2f-1a2b3c4d5e6f",
        "not-a-uuid",
        "3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f0",
    ];
    for id in invalid {
        assert_eq!(
            validate_id(id).expect_err(id).errors[0].path,
            "/path/id",
            "{id}"
        );
    }
}

#[test]
fn check_body_size_and_media_type() {
    assert!(check_body_size(MAX_BODY_BYTES).is_ok());
    assert_eq!(
        check_body_size(MAX_BODY_BYTES + 1).unwrap_err().kind,
        PAYLOAD_TOO_LARGE
    );
    for ct in [
        "application/json",
        "Application/JSON",
        " application/json ; charset=utf-8",
        "application/json;charset=UTF-8",
    ] {
        assert!(check_media_type(Some(ct)).is_ok(), "{ct}");
    }
    for ct in [
        "",
        "text/plain",
        "application/json-patch+json",
        "application/jsonx",
        "application/x-www-form-urlencoded",
    ] {
        assert_eq!(
            check_media_type(Some(ct)).unwrap_err().kind,
            UNSUPPORTED_MEDIA_TYPE,
            "{ct}"
        );
    }
    assert_eq!(
        check_media_type(None).unwrap_err().kind,
        UNSUPPORTED_MEDIA_TYPE
    );
}

#[test]
fn next_tokens_match_the_storage_layout_example() {
    assert_eq!(
        encode_next_token(EXAMPLE_ID).as_deref(),
        Some(EXAMPLE_TOKEN)
    );
    assert_eq!(
        decode_next_token(EXAMPLE_TOKEN).as_deref(),
        Some(EXAMPLE_ID)
    );
    assert_eq!(
        encode_next_token("3F5F8C3E-9A4B-4C1D-8E2F-1A2B3C4D5E6F"),
        None
    );
}

#[test]
fn decode_next_token_rejects_tokens_never_issued() {
    let never_issued = [
        "",
        "abc",
        "P1-MPppLTB2OLxorPE1ebw=",
        "P1-MPppLTB2OLxorPE1ebwA",
        "P1-MPppLTB2OLxorPE1ebx", // last character carries bits that do not re-encode
        "P1-MPppLDB2OLxorPE1ebw", // version nibble 0, not 4
        "P1-MPppLTBAOLxorPE1ebw", // variant bits not RFC 4122
        "P1+MPppLTB2OLxorPE1ebw", // standard base64, not base64url
    ];
    for token in never_issued {
        assert_eq!(decode_next_token(token), None, "{token}");
    }
}

/// The contract's limits as the domain applies them: scripts/codegen-follow.test.ts runs
/// these (limits-test.sh) against constants generated from a changed contract.
mod limits {
    use super::*;

    #[test]
    fn limits_name_length_bounds_follow_the_contract() {
        let at_max = format!(r#"{{"name":"{}","price":1}}"#, "x".repeat(MAX_NAME_LENGTH));
        let over_max = format!(
            r#"{{"name":"{}","price":1}}"#,
            "x".repeat(MAX_NAME_LENGTH + 1)
        );
        assert!(parse_item_input(at_max.as_bytes()).is_ok());
        assert_validation_error(
            parse_item_input(over_max.as_bytes()),
            "/body/name",
            "over max",
        );
    }

    #[test]
    fn limits_description_and_price_bounds_follow_the_contract() {
        let at_max = format!(
            r#"{{"name":"a","description":"{}","price":1}}"#,
            "x".repeat(MAX_DESCRIPTION_LENGTH)
        );
        assert!(parse_item_input(at_max.as_bytes()).is_ok());
        let over_price = format!(
            r#"{{"name":"a","price":{}}}"#,
            js_number(MAX_PRICE * 2.0 + 1.0)
        );
        assert_validation_error(
            parse_item_input(over_price.as_bytes()),
            "/body/price",
            "over max price",
        );
    }

    #[test]
    fn limits_page_and_body_bounds_follow_the_contract() {
        assert_eq!(
            parse_limit(Some(&MAX_LIMIT.to_string())).ok(),
            Some(MAX_LIMIT)
        );
        assert!(parse_limit(Some(&(MAX_LIMIT + 1).to_string())).is_err());
        assert_eq!(parse_limit(None).ok(), Some(DEFAULT_LIMIT));
        assert!(
            check_body_size(MAX_BODY_BYTES).is_ok() && check_body_size(MAX_BODY_BYTES + 1).is_err()
        );
    }

    /// The values scripts/codegen-follow.test.ts changed (CONTRACT_EXPECT_<NAME>=<value>)
    /// are the constants under test. Without them there is nothing to compare: the test
    /// says so on stderr and checks the committed values against themselves.
    #[test]
    fn limits_generated_constants_are_the_ones_under_test() {
        let constants = [
            ("ITEM_NAME_MIN_LENGTH", MIN_NAME_LENGTH as f64),
            ("ITEM_NAME_MAX_LENGTH", MAX_NAME_LENGTH as f64),
            ("ITEM_DESCRIPTION_MAX_LENGTH", MAX_DESCRIPTION_LENGTH as f64),
            ("PRICE_MINIMUM", MIN_PRICE),
            ("PRICE_MAXIMUM", MAX_PRICE),
            ("PRICE_MINIMUM_POSITIVE", MIN_POSITIVE_PRICE),
            ("BODY_MAX_BYTES", MAX_BODY_BYTES as f64),
            ("LIST_LIMIT_MINIMUM", MIN_LIMIT as f64),
            ("LIST_LIMIT_MAXIMUM", MAX_LIMIT as f64),
            ("LIST_LIMIT_DEFAULT", DEFAULT_LIMIT as f64),
        ];
        let mut checked = 0;
        for (name, value) in std::env::vars() {
            let Some(key) = name.strip_prefix("CONTRACT_EXPECT_") else {
                continue;
            };
            let got = constants.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
            assert_eq!(got, value.parse::<f64>().ok(), "{name}={value}");
            checked += 1;
        }
        if checked == 0 {
            eprintln!(
                "limits_generated_constants_are_the_ones_under_test: no CONTRACT_EXPECT_* variables (only scripts/codegen-follow.test.ts sets them)"
            );
        }
    }
}
