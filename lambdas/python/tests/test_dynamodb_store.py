"""The DynamoDB adapter against a real dynalite: the storage layout of
docs/storage-layout.md, attribute by attribute, in both directions."""

from __future__ import annotations

import itertools

import pytest
from aws_lambda_powertools.logging import Logger
from aws_lambda_powertools.metrics import Metrics
from dynalite import Dynalite, create_table_request
from fakes import LambdaContext, body_of, rest_event

from items_app import domain
from items_app.app import InstanceStats
from items_app.domain import Item
from items_app.dynamodb_store import DynamoDbStore
from items_app.handler import make_handler

_tables = itertools.count()


@pytest.fixture(scope="module")
def dynalite():
    server = Dynalite()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def table_request():
    return create_table_request("items")


@pytest.fixture
def table(dynalite, table_request):
    """A fresh, empty table per test, shaped like the real one."""
    name = f"items-{next(_tables)}"
    dynalite.create_table({**table_request, "TableName": name})
    return name


@pytest.fixture
def store(dynalite, table):
    return DynamoDbStore(dynalite.client, table)


def raw_item(dynalite, table, item_id):
    return dynalite.client.get_item(TableName=table, Key={"id": {"S": item_id}}, ConsistentRead=True)["Item"]


ITEM_ID = "3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f"


def test_the_table_is_built_from_the_shared_definition(dynalite, table, table_request):
    # Act
    described = dynalite.client.describe_table(TableName=table)["Table"]
    # Assess
    assert described["KeySchema"] == table_request["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert described["AttributeDefinitions"] == [{"AttributeName": "id", "AttributeType": "S"}]


def test_create_writes_exactly_the_documented_attributes(dynalite, table, store):
    # Prepare
    item = Item(
        id=ITEM_ID,
        name="Espresso cup",
        description="",
        price=19.99,
        created_at="2026-01-31T12:00:00.000Z",
        updated_at="2026-01-31T12:00:00.000Z",
    )
    # Act
    store.create(item)
    # Assess
    assert raw_item(dynalite, table, ITEM_ID) == {
        "id": {"S": ITEM_ID},
        "name": {"S": "Espresso cup"},
        "description": {"S": ""},
        "price": {"N": "19.99"},
        "createdAt": {"S": "2026-01-31T12:00:00.000Z"},
        "updatedAt": {"S": "2026-01-31T12:00:00.000Z"},
    }


def test_an_absent_description_is_no_attribute_at_all(dynalite, table, store):
    # Act
    store.create(Item(id=ITEM_ID, name="a", price=5, created_at="2026-01-31T12:00:00.000Z", updated_at="2026-01-31T12:00:00.000Z"))
    # Assess
    stored = raw_item(dynalite, table, ITEM_ID)
    assert "description" not in stored and stored["price"] == {"N": "5"}


def test_an_item_written_by_another_runtime_reads_identically(dynalite, table, store):
    # Prepare: the layout as any runtime writes it, plus an attribute readers must ignore
    dynalite.client.put_item(
        TableName=table,
        Item={
            "id": {"S": ITEM_ID},
            "name": {"S": "Ｃａｆé\u0301 "},
            "description": {"S": "\U0001f600"},
            "price": {"N": "1234567.891"},
            "createdAt": {"S": "2026-01-31T12:00:00.000Z"},
            "updatedAt": {"S": "2026-02-01T08:30:00.000Z"},
            "future": {"S": "x"},
        },
    )
    # Act
    item = store.get(ITEM_ID)
    # Assess
    assert item.to_json() == {
        "id": ITEM_ID,
        "name": "Ｃａｆé\u0301 ",
        "description": "\U0001f600",
        "price": 1234567.891,
        "createdAt": "2026-01-31T12:00:00.000Z",
        "updatedAt": "2026-02-01T08:30:00.000Z",
    }


def test_get_of_a_missing_item_is_none(store):
    assert store.get(ITEM_ID) is None


def test_replace_keeps_created_at_and_removes_the_description(dynalite, table, store):
    # Prepare
    store.create(
        Item(id=ITEM_ID, name="a", description="old", price=1, created_at="2026-01-31T12:00:00.000Z", updated_at="2026-01-31T12:00:00.000Z")
    )
    # Act
    replaced = store.replace(ITEM_ID, "b", None, 2.5, "2026-02-01T08:30:00.000Z")
    # Assess
    stored = raw_item(dynalite, table, ITEM_ID)
    assert replaced.to_json() == {
        "id": ITEM_ID,
        "name": "b",
        "price": 2.5,
        "createdAt": "2026-01-31T12:00:00.000Z",
        "updatedAt": "2026-02-01T08:30:00.000Z",
    }
    assert "description" not in stored and stored["price"] == {"N": "2.5"}


def test_replace_sets_a_description(store):
    store.create(Item(id=ITEM_ID, name="a", price=1, created_at="2026-01-31T12:00:00.000Z", updated_at="2026-01-31T12:00:00.000Z"))
    assert store.replace(ITEM_ID, "a", "new", 1, "2026-02-01T08:30:00.000Z").description == "new"


def test_replace_of_a_missing_item_is_none_and_creates_nothing(dynalite, table, store):
    # Act
    result = store.replace(ITEM_ID, "a", None, 1, "2026-02-01T08:30:00.000Z")
    # Assess
    assert result is None
    assert dynalite.client.scan(TableName=table)["Items"] == []


def test_delete_is_true_once_then_false(store):
    store.create(Item(id=ITEM_ID, name="a", price=1, created_at="2026-01-31T12:00:00.000Z", updated_at="2026-01-31T12:00:00.000Z"))
    assert (store.delete(ITEM_ID), store.delete(ITEM_ID), store.get(ITEM_ID)) == (True, False, None)


def test_list_pages_through_every_item_once(store):
    # Prepare
    created = set()
    for i in range(7):
        item = domain.new_item(domain.parse_item_input({"name": f"n{i}", "price": i}))
        store.create(item)
        created.add(item.id)
    # Act
    seen, start_after, pages = [], None, 0
    while True:
        items, start_after = store.list(3, start_after)
        seen += [i.id for i in items]
        pages += 1
        if start_after is None:
            break
    # Assess
    assert sorted(seen) == sorted(created) and pages == 3


def test_api_on_dynalite_round_trips_prices_and_pages_with_tokens(store):
    # Prepare
    handler = make_handler(store, InstanceStats(), Logger(service="test"), Metrics(namespace="Test", service="python"))

    def call(event):
        return handler(event, LambdaContext())

    ids = {}
    for text in ("19.99", "1234567.891", "5"):
        created = call(rest_event("POST", "/python/items", raw_body=f'{{"name": "p", "price": {text}}}'.encode()))
        ids[body_of(created)["id"]] = text
    # Act
    reads = {i: call(rest_event("GET", f"/python/items/{i}"))["body"] for i in ids}
    first = body_of(call(rest_event("GET", "/python/items", query={"limit": ["2"]})))
    second = body_of(call(rest_event("GET", "/python/items", query={"limit": ["2"], "nextToken": [first["nextToken"]]})))
    # Assess
    assert all(f'"price":{text},' in reads[i] for i, text in ids.items())
    assert first["nextToken"] == domain.encode_next_token(first["items"][-1]["id"])
    assert sorted(i["id"] for i in first["items"] + second["items"]) == sorted(ids)
    assert "nextToken" not in second
