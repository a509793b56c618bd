"""Pure unit tests of the contract's rules (no app, no network)."""

import json
import re

import pytest

from items_app import domain
from items_app.domain import Problem

VALIDATION = "urn:problem:multi-runtime-benchmark:validation-failed"
MALFORMED = "urn:problem:multi-runtime-benchmark:malformed-json"


def problem_of(action) -> Problem:
    with pytest.raises(Problem) as caught:
        action()
    return caught.value


def paths_of(problem: Problem) -> list[str]:
    return [path for path, _ in problem.errors]


@pytest.mark.parametrize(
    "raw",
    [
        "3F5F8C3E-9A4B-4C1D-8E2F-1A2B3C4D5E6F",
        "3f5f8c3e-9a4b-1c1d-8e2f-1a2b3c4d5e6f",
        "3f5f8c3e-9a4b-4c1d-7e2f-1a2b3c4d5e6f",
        "3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f\n",
        "abc",
        "",
    ],
)
def test_item_id_must_be_a_lowercase_uuid_v4(raw):
    # Act
    problem = problem_of(lambda: domain.check_item_id(raw))
    # Assess
    assert (problem.status, problem.type, paths_of(problem)) == (400, VALIDATION, ["/path/id"])


def test_item_id_accepts_a_lowercase_uuid_v4():
    assert domain.check_item_id("3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f") == "3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f"


@pytest.mark.parametrize("raw,expected", [(None, 20), ("1", 1), ("100", 100), ("007", 7), ("0" * 5000 + "42", 42)])
def test_limit_accepts_decimal_digits_from_1_to_100(raw, expected):
    assert domain.parse_list_query(raw, None) == (expected, None)


@pytest.mark.parametrize("raw", ["0", "101", "abc", "+5", "5.0", " 5", "1e1", "", "-1", "٥", "000", "1" * 5000])
def test_limit_rejects_everything_else(raw):
    # Act
    problem = problem_of(lambda: domain.parse_list_query(raw, None))
    # Assess
    assert (problem.status, problem.type, paths_of(problem)) == (400, VALIDATION, ["/query/limit"])


def test_next_token_encoding_is_the_storage_layout_example():
    # Prepare
    item_id, token = "3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f", "P1-MPppLTB2OLxorPE1ebw"
    # Act / Assess
    assert domain.encode_next_token(item_id) == token
    assert domain.parse_list_query(None, token) == (20, item_id)


@pytest.mark.parametrize(
    "token",
    [
        "P1-MPppLTB2OLxorPE1ebx",
        "P1-MPppLTB2OLxorPE1eb",
        "P1-MPppLTB2OLxorPE1ebw=",
        "P1+MPppLTB2OLxorPE1ebw",
        "P1-MPppLAB2OLxorPE1ebw",
        "",
        "not-a-token",
    ],
)
def test_next_token_rejects_what_was_never_issued(token):
    # Act
    problem = problem_of(lambda: domain.parse_list_query("5", token))
    # Assess
    assert (problem.status, problem.type, paths_of(problem)) == (400, VALIDATION, ["/query/nextToken"])


def test_bad_limit_and_bad_token_are_reported_together():
    problem = problem_of(lambda: domain.parse_list_query("0", "x"))
    assert paths_of(problem) == ["/query/limit", "/query/nextToken"]


def test_every_v4_uuid_round_trips_through_a_token_matching_the_contract_pattern():
    # Prepare
    import uuid

    pattern = re.compile(r"^[A-Za-z0-9_-]{8}[QRST][A-Za-z0-9_-][CGKOSWaeimquy26-][A-Za-z0-9_-]{10}[AQgw]$")
    ids = [str(uuid.uuid4()) for _ in range(200)]
    # Act
    tokens = [domain.encode_next_token(i) for i in ids]
    # Assess
    assert all(pattern.match(t) for t in tokens)
    assert [domain.parse_list_query(None, t)[1] for t in tokens] == ids


@pytest.mark.parametrize("size,fails", [(65536, False), (65537, True)])
def test_body_size_limit_is_65536_bytes(size, fails):
    body = b" " * size
    if fails:
        problem = problem_of(lambda: domain.check_body_size(body))
        assert (problem.status, problem.type) == (413, "urn:problem:multi-runtime-benchmark:payload-too-large")
    else:
        assert domain.check_body_size(body) is None


@pytest.mark.parametrize("value", ["application/json", "Application/JSON; charset=utf-8", "  application/json  ;x=y"])
def test_media_type_application_json_with_any_parameters_is_accepted(value):
    assert domain.check_media_type(value) is None


@pytest.mark.parametrize("value", [None, "", "text/plain", "application/json-patch+json", "application/problem+json"])
def test_other_media_types_are_415(value):
    problem = problem_of(lambda: domain.check_media_type(value))
    assert (problem.status, problem.type) == (415, "urn:problem:multi-runtime-benchmark:unsupported-media-type")


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b'{"name":"a"} x',
        b"NaN",
        b'{"price": Infinity}',
        b"\xff\xfe{}",
        b'{"a":1,}',
        b"'x'",
        b'"\x01"',
        b"[" * 5000 + b"]" * 4999,
    ],
)
def test_malformed_json_is_400_malformed(body):
    problem = problem_of(lambda: domain.parse_json(body))
    assert (problem.status, problem.type, problem.title) == (400, MALFORMED, "Malformed JSON body")


def test_json_nested_beyond_the_decoder_depth_is_valid_json_but_no_item_input():
    # Prepare: deeper than Python's recursion limit, well-formed
    body = b'{"name": ' + b"[" * 30000 + b"]" * 30000 + b"}"
    # Act
    problem = problem_of(lambda: domain.parse_json(body))
    # Assess
    assert (problem.status, problem.type) == (400, VALIDATION)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("[]", True),
        ('{"a":[1,{"b":null}], "c": "\\u00e9"}', True),
        (" 1 ", True),
        ("[1,]", False),
        ('{"a"}', False),
        ("{,}", False),
        ("[}", False),
        ('{"a":1 "b":2}', False),
        ("01", False),
        ("[1] [2]", False),
        ("", False),
        ('"\\x"', False),
    ],
)
def test_iterative_well_formedness_check_agrees_with_rfc_8259(text, expected):
    assert domain._well_formed_json(text) is expected
    assert expected is _python_accepts(text)


def _python_accepts(text: str) -> bool:
    try:
        json.loads(text)
        return True
    except ValueError:
        return False


def test_duplicate_keys_last_one_wins():
    assert domain.parse_json(b'{"price": "x", "price": 5}') == {"price": 5}


def test_huge_integer_is_a_number_not_a_decode_error():
    value = domain.parse_json(b'{"price": ' + b"9" * 5000 + b"}")
    problem = problem_of(lambda: domain.parse_item_input({"name": "a", **value}))
    assert paths_of(problem) == ["/body/price"]


VALID = {"name": "Espresso cup", "description": "90 ml", "price": 19.99}


@pytest.mark.parametrize(
    "body,paths",
    [
        ([], ["/body"]),
        ("x", ["/body"]),
        (None, ["/body"]),
        ({**VALID, "color": "red"}, ["/body/color"]),
        ({**VALID, "a/b~": 1}, ["/body/a~1b~0"]),
        ({**VALID, "description": None}, ["/body/description"]),
        ({"price": 1}, ["/body/name"]),
        ({"name": "a"}, ["/body/price"]),
        ({**VALID, "name": ""}, ["/body/name"]),
        ({**VALID, "name": " \t\u3000\ufeff"}, ["/body/name"]),
        ({**VALID, "name": "\U0001f600" * 201}, ["/body/name"]),
        ({**VALID, "name": "\ud800"}, ["/body/name"]),
        ({**VALID, "name": "a\udc00b"}, ["/body/name"]),
        ({**VALID, "description": "x" * 2001}, ["/body/description"]),
        ({**VALID, "description": "\ud800"}, ["/body/description"]),
        ({**VALID, "price": "5"}, ["/body/price"]),
        ({**VALID, "price": True}, ["/body/price"]),
        ({**VALID, "price": -0.01}, ["/body/price"]),
        ({**VALID, "price": 1000000000.5}, ["/body/price"]),
        ({**VALID, "price": 5e-324}, ["/body/price"]),
        ({**VALID, "price": 9.999999999999999e-131}, ["/body/price"]),
        ({**VALID, "price": float("inf")}, ["/body/price"]),
        ({**VALID, "price": None}, ["/body/price"]),
        ({"name": 5, "price": "x", "extra": 1}, ["/body/extra", "/body/name", "/body/price"]),
    ],
)
def test_item_input_violations_name_every_broken_rule(body, paths):
    # Act
    problem = problem_of(lambda: domain.parse_item_input(body))
    # Assess
    assert (problem.status, problem.type, problem.title) == (400, VALIDATION, "Request validation failed")
    assert paths_of(problem) == paths
    assert all(message for _, message in problem.errors)


@pytest.mark.parametrize(
    "body",
    [
        {"name": "\U0001f600" * 200, "price": 0},
        {"name": " x ", "price": 1000000000},
        {"name": "a", "description": "", "price": 5},
        {"name": "a", "description": "\U0001f600" * 2000, "price": 1e-7},
        {"name": "Ｃａｆé\u0301", "price": 1234567.891},
    ],
)
def test_valid_item_inputs_are_kept_exactly_as_sent(body):
    # Act
    item_input = domain.parse_item_input(body)
    # Assess
    assert (item_input.name, item_input.description, item_input.price) == (body["name"], body.get("description"), body["price"])


@pytest.mark.parametrize(
    "price,expected", [(5, "5"), (5.0, "5"), (19.99, "19.99"), (1234567.891, "1234567.891"), (-0.0, "0"), (1e9, "1000000000")]
)
def test_prices_are_written_like_javascript_numbers(price, expected):
    assert json.dumps(domain.normalize_price(price)) == expected


def test_new_item_has_a_v4_id_and_equal_millisecond_utc_timestamps():
    # Prepare
    item_input = domain.parse_item_input({"name": "a", "price": 5})
    # Act
    item = domain.new_item(item_input)
    # Assess
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", item.id)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z", item.created_at)
    assert item.created_at == item.updated_at
    assert item.to_json() == {"id": item.id, "name": "a", "price": 5, "createdAt": item.created_at, "updatedAt": item.updated_at}


def test_problem_body_is_rfc_9457():
    problem = domain.validation_failed([("/body/name", "too long")])
    assert problem.to_dict() == {
        "type": VALIDATION,
        "title": "Request validation failed",
        "status": 400,
        "detail": "The request does not match the contract.",
        "errors": [{"path": "/body/name", "message": "too long"}],
    }
