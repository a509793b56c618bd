"""Test doubles: an in-memory store, API Gateway REST (v1) proxy events, a Lambda context."""

from __future__ import annotations

import base64
import json
from typing import Any

from items_app.domain import Item, Number


class InMemoryStore:
    """The store port over a dict; pages in insertion order like a scan in storage order."""

    def __init__(self) -> None:
        self.items: dict[str, Item] = {}

    def create(self, item: Item) -> None:
        assert item.id not in self.items
        self.items[item.id] = item

    def get(self, item_id: str) -> Item | None:
        return self.items.get(item_id)

    def replace(self, item_id: str, name: str, description: str | None, price: Number, updated_at: str) -> Item | None:
        old = self.items.get(item_id)
        if old is None:
            return None
        new = Item(id=item_id, name=name, description=description, price=price, created_at=old.created_at, updated_at=updated_at)
        self.items[item_id] = new
        return new

    def delete(self, item_id: str) -> bool:
        return self.items.pop(item_id, None) is not None

    def list(self, limit: int, start_after: str | None) -> tuple[list[Item], str | None]:
        ids = list(self.items)
        start = ids.index(start_after) + 1 if start_after in self.items else 0
        page = [self.items[i] for i in ids[start : start + limit]]
        # Like DynamoDB: a full page reports its last key even when nothing follows.
        return page, page[-1].id if len(page) == limit else None


class LambdaContext:
    function_name = "items-python"
    function_version = "$LATEST"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:items-python"
    aws_request_id = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
    log_group_name = "/aws/lambda/items-python"
    log_stream_name = "2026/01/31/[$LATEST]0123456789abcdef"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def rest_event(
    method: str,
    path: str,
    body: Any = None,
    *,
    raw_body: bytes | None = None,
    content_type: str | None = "application/json",
    query: dict[str, list[str]] | None = None,
    base64_encoded: bool = False,
    resource: str | None = None,
) -> dict:
    """An API Gateway REST API proxy event as the gateway sends it for `/python...` paths."""
    data = raw_body if raw_body is not None else (None if body is None else json.dumps(body).encode())
    headers = {"Host": "127.0.0.1:3000", "Accept": "*/*"}
    if content_type is not None and data is not None:
        headers["Content-Type"] = content_type
    event_body = None
    if data is not None:
        event_body = base64.b64encode(data).decode() if base64_encoded else data.decode("utf-8")
    return {
        "resource": resource or path,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": {k: v[-1] for k, v in query.items()} if query else None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource or path,
            "httpMethod": method,
            "path": "/local" + path,
            "stage": "local",
            "requestId": "5b2f5b0e-1c1a-4d8e-9d5e-0f2a4e1c9b7d",
            "requestTimeEpoch": 1769860800000,
            "identity": {"sourceIp": "127.0.0.1"},
        },
        "body": event_body,
        "isBase64Encoded": base64_encoded,
    }


def body_of(response: dict) -> Any:
    return json.loads(response["body"])
