"""The contract's rules in one place: problem types, parameter and body checks, item rules.

Pure functions over plain values (no FastAPI, no boto3), so each rule is unit-tested alone.
docs/contract.md is the specification; the order of checks is the caller's (app.py).
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from items_contract import constants as contract
from items_contract.constants import ProblemType
from items_contract.models.item_input import ItemInput
from pydantic import ValidationError

RUNTIME_NAME = "python"
# The contract's values, generated from openapi/openapi.yaml (never copied here).
CONTRACT_VERSION = contract.VERSION
MAX_BODY_BYTES = contract.BODY_MAX_BYTES
DEFAULT_LIMIT = contract.LIST_LIMIT_DEFAULT
MIN_LIMIT = contract.LIST_LIMIT_MINIMUM
MAX_LIMIT = contract.LIST_LIMIT_MAXIMUM
MIN_POSITIVE_PRICE = contract.PRICE_MINIMUM_POSITIVE

Number = int | float


class Problem(Exception):
    """An RFC 9457 problem; raised by any check, turned into the response by the app."""

    def __init__(self, kind: ProblemType, detail: str, errors: list | None = None):
        super().__init__(detail)
        self.status, self.type, self.title, self.detail, self.errors = kind.status, kind.type, kind.title, detail, errors

    def to_dict(self) -> dict:
        body = {"type": self.type, "title": self.title, "status": self.status, "detail": self.detail}
        if self.errors is not None:
            body["errors"] = [{"path": path, "message": message} for path, message in self.errors]
        return body


def validation_failed(errors: list[tuple[str, str]]) -> Problem:
    return Problem(contract.PROBLEM_VALIDATION_FAILED, "The request does not match the contract.", errors)


def malformed_json(detail: str) -> Problem:
    return Problem(contract.PROBLEM_MALFORMED_JSON, detail)


def item_not_found(item_id: str) -> Problem:
    return Problem(contract.PROBLEM_ITEM_NOT_FOUND, f"No item with id {item_id}.")


def route_not_found(method: str, path: str) -> Problem:
    return Problem(contract.PROBLEM_ROUTE_NOT_FOUND, f"No route for {method} {path or '/'}")


def payload_too_large(size: int) -> Problem:
    return Problem(contract.PROBLEM_PAYLOAD_TOO_LARGE, f"The body has {size} bytes; at most {MAX_BODY_BYTES} are accepted.")


def unsupported_media_type() -> Problem:
    return Problem(contract.PROBLEM_UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.")


def internal_error() -> Problem:
    """A fault of the server (DynamoDB unreachable, a bug); never the answer to bad input."""
    return Problem(contract.PROBLEM_INTERNAL_ERROR, "The request could not be completed.")


# --- parameters -------------------------------------------------------------------------


def _whole(pattern: str) -> re.Pattern[str]:
    """The contract's anchored pattern, for fullmatch: `$` would accept a trailing newline."""
    return re.compile(pattern.removeprefix("^").removesuffix("$"))


_ITEM_ID = _whole(contract.ITEM_ID_PATTERN)
_NEXT_TOKEN = _whole(contract.NEXT_TOKEN_PATTERN)
_DIGITS = re.compile(r"[0-9]+")


def check_item_id(raw: str) -> str:
    if _ITEM_ID.fullmatch(raw) is None:
        raise validation_failed([("/path/id", "must be a lowercase UUID v4")])
    return raw


def parse_list_query(limit: str | None, next_token: str | None) -> tuple[int, str | None]:
    """(limit, id to start after) from the raw query values; both rules are reported together."""
    errors = []
    page_size = DEFAULT_LIMIT
    if limit is not None:
        # Length first: int() refuses over 4300 digits, and "007" is 7 (leading zeros allowed).
        significant = limit.lstrip("0")
        too_long = len(significant) > len(str(MAX_LIMIT))
        if _DIGITS.fullmatch(limit) is None or too_long or not MIN_LIMIT <= int(significant or "0") <= MAX_LIMIT:
            errors.append(("/query/limit", f"must be an integer from {MIN_LIMIT} to {MAX_LIMIT} (decimal digits only)"))
        else:
            page_size = int(significant)
    start_after = None
    if next_token is not None:
        if _NEXT_TOKEN.fullmatch(next_token) is None:
            errors.append(("/query/nextToken", "must be a nextToken this API issued"))
        else:
            start_after = decode_next_token(next_token)
    if errors:
        raise validation_failed(errors)
    return page_size, start_after


def encode_next_token(item_id: str) -> str:
    """base64url without padding of the UUID's 16 bytes (docs/storage-layout.md)."""
    return base64.urlsafe_b64encode(uuid.UUID(item_id).bytes).rstrip(b"=").decode("ascii")


def decode_next_token(token: str) -> str:
    """The lowercase UUID a token (already matched against the contract's pattern) stands for."""
    return str(uuid.UUID(bytes=base64.urlsafe_b64decode(token + "==")))


# --- body -------------------------------------------------------------------------------


def check_body_size(body: bytes) -> None:
    if len(body) > MAX_BODY_BYTES:
        raise payload_too_large(len(body))


def check_media_type(content_type: str | None) -> None:
    if content_type is None or content_type.split(";", 1)[0].strip().lower() != "application/json":
        raise unsupported_media_type()


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parse_int(digits: str) -> Number:
    # Python caps int() at 4300 digits (a ValueError); a price that long is out of range
    # anyway, and as a float it fails the same bound check, so it stays validation-failed.
    return int(digits) if len(digits) <= 20 else float(digits)


def parse_json(body: bytes) -> Any:
    """The body as one JSON value; malformed-json for anything that is not UTF-8 JSON text."""
    try:
        return json.loads(body.decode("utf-8"), parse_constant=_reject_constant, parse_int=_parse_int)
    except RecursionError:
        # Python's decoder recurses per nesting level; such a body is never a valid ItemInput,
        # so only its well-formedness decides between malformed and validation-failed.
        if _well_formed_json(body.decode("utf-8")):
            raise validation_failed([("/body", "nested too deeply to be an ItemInput")]) from None
        raise malformed_json("The body is not valid JSON.") from None
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError, NaN/Infinity
        raise malformed_json(f"The body is not valid JSON: {error}") from None


_TOKEN = re.compile(
    r"[ \t\n\r]*(?:(?P<open>[\[{])|(?P<close>[\]}])|(?P<comma>,)|(?P<colon>:)"
    r'|(?P<string>"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")'
    r"|(?P<scalar>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null))"
)


def _well_formed_json(text: str) -> bool:
    """RFC 8259 syntax check without recursion, for bodies nested too deeply for json.loads."""
    stack: list[str] = []
    expect, pos = "value", 0
    while True:
        match = _TOKEN.match(text, pos)
        if match is None:
            return expect == "end" and text[pos:].strip(" \t\n\r") == ""
        pos, kind, token = match.end(), match.lastgroup, match.group(match.lastgroup)
        closes = kind == "close" and bool(stack) and "[{".index(stack[-1]) == "]}".index(token)
        if expect in ("value", "first-value") and kind == "open":
            stack.append(token)
            expect = "first-value" if token == "[" else "first-key"
            continue
        if expect in ("key", "first-key") and kind == "string":
            expect = "colon"
        elif expect == "colon" and kind == "colon":
            expect = "value"
        elif expect == "after-value" and kind == "comma":
            expect = "value" if stack[-1] == "[" else "key"
        elif (expect in ("value", "first-value") and kind in ("string", "scalar")) or (
            closes and expect in ("after-value", "first-value" if token == "]" else "first-key")
        ):
            if kind == "close":
                stack.pop()
            expect = "after-value" if stack else "end"
        else:
            return False


def _pointer(name: str) -> str:
    return "/body/" + name.replace("~", "~0").replace("/", "~1")


def parse_item_input(value: Any) -> ItemInput:
    """The JSON value as the generated ItemInput, or validation-failed with every broken rule.

    The generated model ignores unknown properties and accepts `description: null`; the
    contract forbids both, so those two rules are checked here before the model's own.
    """
    if not isinstance(value, dict):
        raise validation_failed([("/body", "must be an object")])
    errors = [(_pointer(key), "is not a property of ItemInput") for key in value if key not in ItemInput.model_fields]
    if "description" in value and value["description"] is None:
        errors.append(("/body/description", "must be a string, not null"))
    try:
        item_input = ItemInput.model_validate(value)
    except ValidationError as error:
        seen = {path for path, _ in errors}
        for detail in error.errors(include_url=False, include_context=False, include_input=False):
            path = _pointer(str(detail["loc"][0])) if detail["loc"] else "/body"
            if path not in seen:  # a union (price: float | int) reports each branch; keep the first
                seen.add(path)
                errors.append((path, detail["msg"]))
    else:
        # The contract's `not: {minimum: 5e-324, maximum: 9.999999999999999e-131}`, which the
        # generated model does not carry: DynamoDB stores no positive number below 1e-130.
        if 0 < float(item_input.price) < MIN_POSITIVE_PRICE:
            errors.append(("/body/price", f"must be 0 or at least {MIN_POSITIVE_PRICE!r} (DynamoDB's smallest number)"))
    if errors:
        raise validation_failed(errors)
    return item_input


# --- items ------------------------------------------------------------------------------


def normalize_price(price: Number) -> Number:
    """The price as binary64, written as JavaScript would: integral values without `.0`."""
    as_double = float(price)
    return int(as_double) if as_double.is_integer() else as_double


def now_timestamp() -> str:
    """UTC, millisecond precision: 2026-01-31T12:00:00.000Z."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    name: str
    price: Number
    created_at: str
    updated_at: str
    description: str | None = None

    def to_json(self) -> dict:
        body = {"id": self.id, "name": self.name}
        if self.description is not None:  # absent, never null
            body["description"] = self.description
        body.update(price=self.price, createdAt=self.created_at, updatedAt=self.updated_at)
        return body


def new_item(item_input: ItemInput) -> Item:
    now = now_timestamp()
    return Item(
        id=str(uuid.uuid4()),
        name=item_input.name,
        description=item_input.description,
        price=normalize_price(item_input.price),
        created_at=now,
        updated_at=now,
    )
