"""The store port on DynamoDB, exactly as docs/storage-layout.md lays items out.

The low-level client, not boto3's resource layer: attribute values are written as the
layout says (price as an `N` text of its binary64 value) with no Decimal round trip, and
the resource layer's extra import and model loading stay out of the cold start.
"""

from __future__ import annotations

import os
from typing import Any

from botocore.exceptions import ClientError

from .domain import Item, Number, normalize_price

_NAMES = {"#id": "id", "#name": "name", "#description": "description", "#price": "price", "#updatedAt": "updatedAt"}


def _number_text(price: Number) -> str:
    # repr(float) is the shortest text that round-trips (19.99, 1234567.891).
    return str(price) if isinstance(price, int) else repr(price)


def _to_attributes(item: Item) -> dict:
    attributes = {
        "id": {"S": item.id},
        "name": {"S": item.name},
        "price": {"N": _number_text(item.price)},
        "createdAt": {"S": item.created_at},
        "updatedAt": {"S": item.updated_at},
    }
    if item.description is not None:  # absent, never NULL
        attributes["description"] = {"S": item.description}
    return attributes


def _from_attributes(attributes: dict) -> Item:
    description = attributes.get("description")
    return Item(
        id=attributes["id"]["S"],
        name=attributes["name"]["S"],
        description=None if description is None else description["S"],
        price=normalize_price(float(attributes["price"]["N"])),
        created_at=attributes["createdAt"]["S"],
        updated_at=attributes["updatedAt"]["S"],
    )


def _condition_failed(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


class DynamoDbStore:
    def __init__(self, client: Any, table_name: str):
        self._client = client
        self._table = table_name

    @classmethod
    def from_environment(cls) -> DynamoDbStore:
        """TABLE_NAME, AWS_REGION and optional DYNAMODB_ENDPOINT; call once, at init."""
        import boto3  # here, so that tests of the app without DynamoDB never import it
        from botocore.config import Config

        client = boto3.client(
            "dynamodb",
            region_name=os.environ.get("AWS_REGION"),
            endpoint_url=os.environ.get("DYNAMODB_ENDPOINT") or None,
            # The same retry policy as the AWS SDK for JavaScript v3: standard, 3 attempts.
            config=Config(retries={"mode": "standard", "max_attempts": 3}),
        )
        return cls(client, os.environ["TABLE_NAME"])

    def create(self, item: Item) -> None:
        # A collision on a fresh UUID v4 is a server error: the ClientError propagates.
        self._client.put_item(
            TableName=self._table,
            Item=_to_attributes(item),
            ConditionExpression="attribute_not_exists(#id)",
            ExpressionAttributeNames={"#id": "id"},
        )

    def get(self, item_id: str) -> Item | None:
        response = self._client.get_item(TableName=self._table, Key={"id": {"S": item_id}}, ConsistentRead=True)
        attributes = response.get("Item")
        return None if attributes is None else _from_attributes(attributes)

    def replace(self, item_id: str, name: str, description: str | None, price: Number, updated_at: str) -> Item | None:
        values = {":name": {"S": name}, ":price": {"N": _number_text(price)}, ":updatedAt": {"S": updated_at}}
        update = "SET #name = :name, #price = :price, #updatedAt = :updatedAt"
        if description is None:
            update += " REMOVE #description"
        else:
            update += ", #description = :description"
            values[":description"] = {"S": description}
        try:
            response = self._client.update_item(
                TableName=self._table,
                Key={"id": {"S": item_id}},
                UpdateExpression=update,
                ConditionExpression="attribute_exists(#id)",
                ExpressionAttributeNames=_NAMES,
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
            )
        except ClientError as error:
            if _condition_failed(error):
                return None
            raise
        return _from_attributes(response["Attributes"])

    def delete(self, item_id: str) -> bool:
        try:
            self._client.delete_item(
                TableName=self._table,
                Key={"id": {"S": item_id}},
                ConditionExpression="attribute_exists(#id)",
                ExpressionAttributeNames={"#id": "id"},
            )
        except ClientError as error:
            if _condition_failed(error):
                return False
            raise
        return True

    def list(self, limit: int, start_after: str | None) -> tuple[list[Item], str | None]:
        request: dict = {"TableName": self._table, "Limit": limit, "ConsistentRead": True}
        if start_after is not None:
            request["ExclusiveStartKey"] = {"id": {"S": start_after}}
        response = self._client.scan(**request)
        last_key = response.get("LastEvaluatedKey")
        return [_from_attributes(a) for a in response.get("Items", [])], None if last_key is None else last_key["id"]["S"]
