"""The store port: what the app needs from storage. dynamodb_store.py implements it on
DynamoDB; tests implement it in memory."""

from __future__ import annotations

from typing import Protocol

from .domain import Item, Number


class ItemStore(Protocol):
    def create(self, item: Item) -> None:
        """Stores a new item (its id is fresh)."""

    def get(self, item_id: str) -> Item | None:
        """The item, or None when there is none with this id."""

    def replace(self, item_id: str, name: str, description: str | None, price: Number, updated_at: str) -> Item | None:
        """Replaces an existing item's fields (createdAt kept; description None removes it);
        the item as stored now, or None when there is none (no upsert)."""

    def delete(self, item_id: str) -> bool:
        """False when there was no such item."""

    def list(self, limit: int, start_after: str | None) -> tuple[list[Item], str | None]:
        """One page in storage order and the id of its last key when the scan stopped early."""
