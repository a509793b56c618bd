"""The Lambda entry in-process: API Gateway REST (v1) proxy events through Mangum and the
FastAPI app, against the in-memory store (no network)."""

import importlib
import re

import pytest
from aws_lambda_powertools.logging import Logger
from aws_lambda_powertools.metrics import Metrics
from fakes import InMemoryStore, LambdaContext, body_of, rest_event

from items_app.app import InstanceStats
from items_app.handler import make_handler

PROBLEM = "urn:problem:multi-runtime-benchmark:"
ITEM_ID = "3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f"
VALID = {"name": "Espresso cup", "description": "90 ml, white porcelain", "price": 19.99}


class FailingStore(InMemoryStore):
    def get(self, item_id):
        raise ConnectionError("DynamoDB unreachable")


@pytest.fixture
def store():
    return InMemoryStore()


@pytest.fixture
def call(store):
    handler = make_handler(store, InstanceStats(), Logger(service="test"), Metrics(namespace="Test", service="python"))
    return lambda event: handler(event, LambdaContext())


def create(call, body=VALID) -> dict:
    response = call(rest_event("POST", "/python/items", body))
    assert response["statusCode"] == 201, response
    return body_of(response)


def assert_problem(response, status, kind, paths=None):
    assert response["statusCode"] == status, response
    assert response["headers"]["content-type"] == "application/problem+json"
    assert response["isBase64Encoded"] is False
    problem = body_of(response)
    assert (problem["type"], problem["status"]) == (PROBLEM + kind, status)
    if paths is not None:
        assert [e["path"] for e in problem["errors"]] == paths
    return problem


# --- operations ---------------------------------------------------------------------------


def test_health_strips_the_python_prefix_and_reports_the_cold_start_once(call):
    # Act
    first, second = call(rest_event("GET", "/python/health")), call(rest_event("GET", "/python/health"))
    # Assess
    assert first["statusCode"] == 200 and first["headers"]["content-type"] == "application/json"
    health = body_of(first)
    assert {k: health[k] for k in ("status", "runtime", "version", "coldStart")} == {
        "status": "ok",
        "runtime": "python",
        "version": "1.0.0",
        "coldStart": True,
    }
    assert re.fullmatch(r"python 3\.\d+\.\d+", health["runtimeVersion"])
    assert body_of(second)["coldStart"] is False


def test_metrics_counts_invocations_of_this_instance(call):
    # Prepare
    call(rest_event("GET", "/python/health"))
    # Act
    metrics = body_of(call(rest_event("GET", "/python/metrics")))
    # Assess
    assert metrics["runtime"] == "python" and metrics["invocations"] == 2 and metrics["coldStart"] is False
    assert metrics["memory"]["rssBytes"] > 0 and metrics["uptimeMs"] >= metrics["initDurationMs"] >= 0


@pytest.mark.parametrize(
    "method,path", [("GET", "/python/nope"), ("PATCH", "/python/items"), ("GET", "/python/items/"), ("GET", "/python")]
)
def test_unknown_route_is_404_route_not_found(call, method, path):
    problem = assert_problem(call(rest_event(method, path)), 404, "not-found")
    assert problem["title"] == "Route not found"


def test_a_server_fault_is_500_internal_error():
    # Prepare
    handler = make_handler(FailingStore(), InstanceStats(), Logger(service="test"), Metrics(namespace="Test", service="python"))
    # Act
    response = handler(rest_event("GET", f"/python/items/{ITEM_ID}"), LambdaContext())
    # Assess
    assert assert_problem(response, 500, "internal-error")["title"] == "Internal error"


@pytest.mark.parametrize(
    "event",
    [
        rest_event("GET", "/python/health"),
        rest_event("POST", "/python/items", VALID),
        rest_event("GET", "/python/items/not-a-uuid"),
        rest_event("GET", "/python/nope"),
    ],
    ids=["success", "created", "problem", "unknown route"],
)
def test_every_answer_carries_the_invocation_request_id_once(call, event):
    # Act
    response = call(event)
    # Assess: one value, in whichever header maps the response has (API Gateway merges them)
    names = [n for n in {**response["headers"], **(response.get("multiValueHeaders") or {})} if n.lower() == "lambda-request-id"]
    assert names == ["Lambda-Request-Id"]
    assert response["headers"]["Lambda-Request-Id"] == LambdaContext.aws_request_id
    assert (response.get("multiValueHeaders") or {}).get("Lambda-Request-Id", [LambdaContext.aws_request_id]) == [
        LambdaContext.aws_request_id
    ]


# --- create and read ------------------------------------------------------------------------


def test_create_answers_201_with_location_and_the_stored_item(call, store):
    # Act
    response = call(rest_event("POST", "/python/items", VALID))
    # Assess
    item = body_of(response)
    assert response["statusCode"] == 201
    assert response["headers"]["location"] == f"/python/items/{item['id']}"
    assert {k: item[k] for k in VALID} == VALID and item["createdAt"] == item["updatedAt"]
    assert store.items[item["id"]].to_json() == item
    assert body_of(call(rest_event("GET", f"/python/items/{item['id']}"))) == item


@pytest.mark.parametrize("text,value", [("19.99", 19.99), ("1234567.891", 1234567.891), ("5", 5), ("5.0", 5)])
def test_prices_round_trip_exactly(call, text, value):
    # Prepare
    raw = f'{{"name": "cup", "price": {text}}}'.encode()
    # Act
    created = call(rest_event("POST", "/python/items", raw_body=raw))
    read = call(rest_event("GET", f"/python/items/{body_of(created)['id']}"))
    # Assess
    assert f'"price":{text if text != "5.0" else "5"},' in read["body"]
    assert body_of(read)["price"] == value


def test_description_absent_stays_absent_and_empty_stays_empty(call):
    # Act
    absent = create(call, {"name": "a", "price": 1})
    empty = create(call, {"name": "a", "description": "", "price": 1})
    # Assess
    assert "description" not in absent and empty["description"] == ""


def test_names_are_code_points_200_emoji_accepted_201_rejected(call):
    # Act
    accepted = call(rest_event("POST", "/python/items", {"name": "\U0001f600" * 200, "price": 1}))
    rejected = call(rest_event("POST", "/python/items", {"name": "\U0001f600" * 201, "price": 1}))
    # Assess
    assert accepted["statusCode"] == 201 and body_of(accepted)["name"] == "\U0001f600" * 200
    assert_problem(rejected, 400, "validation-failed", ["/body/name"])


def test_strings_are_stored_exactly_as_sent(call):
    name = "  Cafe\u0301 \u00a0"  # no trimming, no normalization
    assert create(call, {"name": name, "price": 1})["name"] == name


@pytest.mark.parametrize(
    "raw,paths",
    [
        (b'{"name": "\\ud800", "price": 1}', ["/body/name"]),
        (b'{"name": "a", "price": 1, "color": "red"}', ["/body/color"]),
        (b'{"name": "a", "price": 1e400}', ["/body/price"]),
        (b'{"name": "a", "price": "5"}', ["/body/price"]),
        (b'{"name": "a", "description": null, "price": 1}', ["/body/description"]),
        (b"[]", ["/body"]),
    ],
)
def test_schema_violations_are_400_validation_failed(call, store, raw, paths):
    # Act
    response = call(rest_event("POST", "/python/items", raw_body=raw))
    # Assess
    assert assert_problem(response, 400, "validation-failed", paths)["title"] == "Request validation failed"
    assert store.items == {}


@pytest.mark.parametrize("raw", [b"", b"{", b'{"name": "a", "price": 1} x', b'{"name": "a", "price": NaN}'])
def test_malformed_json_is_400_malformed(call, raw):
    assert_problem(call(rest_event("POST", "/python/items", raw_body=raw)), 400, "malformed-json")


def test_invalid_utf8_sent_base64_encoded_is_malformed(call):
    event = rest_event("POST", "/python/items", raw_body=b'{"name": "\xff", "price": 1}', base64_encoded=True)
    assert_problem(call(event), 400, "malformed-json")


def test_a_hand_made_event_whose_body_holds_a_lone_surrogate_is_malformed_not_a_crash(call):
    # Prepare: API Gateway never sends this (it is not UTF-8), a direct invocation can
    event = rest_event("POST", "/python/items", {"name": "a", "price": 1})
    event["body"] = '{"name": "\ud800", "price": 1}'
    # Act / Assess
    assert_problem(call(event), 400, "malformed-json")


def test_body_over_65536_bytes_is_413_even_before_the_media_type(call):
    # Prepare: 65537 bytes, sent as text/plain
    raw = b'{"name": "' + b"a" * (65537 - 24) + b'", "price": 1}'
    assert len(raw) == 65537
    # Act
    response = call(rest_event("POST", "/python/items", raw_body=raw, content_type="text/plain"))
    # Assess
    assert_problem(response, 413, "payload-too-large")


def test_body_size_counts_decoded_bytes_of_a_base64_body(call):
    # Prepare: 65536 bytes once decoded (87384 as base64): not too large, just invalid
    raw = b'{"name": "' + b"a" * (65536 - 24) + b'", "price": 1}'
    # Act
    response = call(rest_event("POST", "/python/items", raw_body=raw, base64_encoded=True))
    # Assess
    assert_problem(response, 400, "validation-failed", ["/body/name"])


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_body_not_sent_as_json_is_415(call, content_type):
    assert_problem(call(rest_event("POST", "/python/items", VALID, content_type=content_type)), 415, "unsupported-media-type")


def test_json_with_charset_is_accepted(call):
    assert call(rest_event("POST", "/python/items", VALID, content_type="application/json; charset=utf-8"))["statusCode"] == 201


# --- replace and delete ---------------------------------------------------------------------


def test_put_replaces_keeps_created_at_and_removes_an_omitted_description(call):
    # Prepare
    item = create(call)
    # Act
    response = call(rest_event("PUT", f"/python/items/{item['id']}", {"name": "Mug", "price": 5}))
    # Assess
    replaced = body_of(response)
    assert response["statusCode"] == 200
    assert {k: replaced[k] for k in ("id", "name", "price", "createdAt")} == {
        "id": item["id"],
        "name": "Mug",
        "price": 5,
        "createdAt": item["createdAt"],
    }
    assert "description" not in replaced and replaced["updatedAt"] >= item["updatedAt"]
    assert body_of(call(rest_event("GET", f"/python/items/{item['id']}"))) == replaced


def test_put_of_a_missing_item_is_404_not_an_upsert(call, store):
    response = call(rest_event("PUT", f"/python/items/{ITEM_ID}", VALID))
    assert assert_problem(response, 404, "not-found")["title"] == "Item not found"
    assert store.items == {}


def test_order_of_checks_id_before_body_and_body_before_existence(call):
    # Act
    bad_id = call(rest_event("PUT", "/python/items/NOT-AN-ID", raw_body=b"{", content_type="text/plain"))
    bad_body = call(rest_event("PUT", f"/python/items/{ITEM_ID}", {"name": "", "price": 1}))
    # Assess
    assert_problem(bad_id, 400, "validation-failed", ["/path/id"])
    assert_problem(bad_body, 400, "validation-failed", ["/body/name"])


def test_delete_answers_204_empty_then_404(call):
    # Prepare
    item = create(call)
    # Act
    deleted = call(rest_event("DELETE", f"/python/items/{item['id']}"))
    again = call(rest_event("DELETE", f"/python/items/{item['id']}"))
    read = call(rest_event("GET", f"/python/items/{item['id']}"))
    # Assess
    assert deleted["statusCode"] == 204 and deleted["body"] == ""
    assert_problem(again, 404, "not-found")
    assert_problem(read, 404, "not-found")


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_upper_case_id_is_400(call, method):
    assert_problem(call(rest_event(method, f"/python/items/{ITEM_ID.upper()}")), 400, "validation-failed", ["/path/id"])


def test_an_id_is_the_segment_as_sent_percent_decoded_once(call):
    # Prepare: paths as API Gateway REST passes them, still percent-encoded
    spelled = "%33f5f8c3e%2D9a4b-4c1d-8e2f-1a2b3c4d5e6%66"
    invalid = [
        "a%2Fb",
        ITEM_ID[:8] + "%2f" + ITEM_ID[9:],
        "..%2F" + ITEM_ID,
        "%2E%2E",
        "..",
        ITEM_ID + "%00",
        "%C3%A9",
        ITEM_ID + "%ZZ",
        "%FF" + ITEM_ID,
        "%",
    ]
    # Act / Assess: escaped unreserved characters are the characters themselves
    assert_problem(call(rest_event("GET", f"/python/items/{spelled}")), 404, "not-found")
    for item_id in invalid:
        assert_problem(call(rest_event("DELETE", f"/python/items/{item_id}")), 400, "validation-failed", ["/path/id"])


# --- list -------------------------------------------------------------------------------------


def test_list_pages_with_next_token_until_the_last_page(call):
    # Prepare
    ids = [create(call, {"name": f"item {i}", "price": i})["id"] for i in range(5)]
    # Act
    pages, token = [], None
    for _ in range(4):
        query = {"limit": ["2"], **({"nextToken": [token]} if token else {})}
        page = body_of(call(rest_event("GET", "/python/items", query=query)))
        pages.append(page)
        token = page.get("nextToken")
        if token is None:
            break
    # Assess
    assert [len(p["items"]) for p in pages] == [2, 2, 1]
    assert [i["id"] for p in pages for i in p["items"]] == ids
    assert "nextToken" not in pages[-1]


def test_list_defaults_to_20_and_takes_the_last_repeated_value(call):
    # Prepare
    for i in range(21):
        create(call, {"name": "x", "price": i})
    # Act
    default = body_of(call(rest_event("GET", "/python/items")))
    repeated = body_of(call(rest_event("GET", "/python/items", query={"limit": ["abc", "3"]})))
    # Assess
    assert len(default["items"]) == 20 and len(repeated["items"]) == 3


@pytest.mark.parametrize(
    "query,path",
    [
        ({"limit": ["0"]}, "/query/limit"),
        ({"limit": ["101"]}, "/query/limit"),
        ({"limit": ["abc"]}, "/query/limit"),
        ({"limit": ["+5"]}, "/query/limit"),
        ({"nextToken": ["P1-MPppLTB2OLxorPE1ebx"]}, "/query/nextToken"),
    ],
)
def test_bad_list_parameters_are_400(call, query, path):
    assert_problem(call(rest_event("GET", "/python/items", query=query)), 400, "validation-failed", [path])


def test_unknown_query_parameters_are_ignored(call):
    assert call(rest_event("GET", "/python/items", query={"color": ["red"]}))["statusCode"] == 200


# --- the module AWS loads -----------------------------------------------------------------


def test_the_aws_handler_builds_its_dynamodb_client_at_import_without_calling_it():
    # Prepare: conftest.py points DYNAMODB_ENDPOINT nowhere; /health must not touch the table
    module = importlib.import_module("items_app.handler")
    # Act
    response = module.handler(rest_event("GET", "/python/health"), LambdaContext())
    # Assess
    assert response["statusCode"] == 200 and body_of(response)["runtime"] == "python"
    assert module.instance.init_duration_ms > 0
