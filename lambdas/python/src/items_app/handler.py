"""The Lambda entry (AWS handler string `items_app.handler.handler`).

Everything an invocation needs is built once, here at init: the DynamoDB client, the app,
the Mangum adapter (which strips this runtime's `/python` prefix from the gateway path).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any

# Powertools for AWS Lambda (Python): the observability contract every runtime follows
# (docs/runtimes/python.md, "Observability"). Its cost at init is measured there.
from aws_lambda_powertools.logging import Logger
from aws_lambda_powertools.metrics import Metrics
from aws_lambda_powertools.tracing import Tracer
from mangum import Mangum
from mangum.adapter import DEFAULT_TEXT_MIME_TYPES

from .app import InstanceStats, create_app
from .domain import RUNTIME_NAME
from .dynamodb_store import DynamoDbStore
from .store import ItemStore

# Without it Mangum base64-encodes problem bodies, which API Gateway would pass on as-is.
TEXT_MIME_TYPES = [*DEFAULT_TEXT_MIME_TYPES, "application/problem+json"]

Handler = Callable[[dict, Any], dict]

# The contract's response header: the invocation's request id, the RequestId of its REPORT line,
# so that a client can find that invocation's Duration and Init Duration in the logs.
REQUEST_ID_HEADER = "Lambda-Request-Id"


def with_request_id(response: dict, request_id: Any) -> dict:
    """Adds the header to a proxy response (to both header maps when it has both)."""
    if not request_id:
        return response
    response["headers"] = {**(response.get("headers") or {}), REQUEST_ID_HEADER: request_id}
    if response.get("multiValueHeaders"):
        response["multiValueHeaders"] = {**response["multiValueHeaders"], REQUEST_ID_HEADER: [request_id]}
    return response


_ENCODED_SLASH = re.compile("%2f", re.IGNORECASE)


def keep_encoded_slashes(path: str) -> str:
    """The event's path is as the client sent it (API Gateway REST does not decode it), and
    Mangum decodes it whole before routing, so an encoded slash inside the id would split its
    segment in two and miss the route (404). Escaped once more, it survives Mangum's decoding
    as the text "%2F": the segment stays one id, which is never valid (docs/contract.md)."""
    return _ENCODED_SLASH.sub("%252F", path)


def make_handler(store: ItemStore, instance: InstanceStats, logger: Logger, metrics: Metrics) -> Handler:
    adapter = Mangum(
        create_app(store, instance, logger),
        lifespan="off",  # no startup work to run; "auto" would probe the app on every call
        api_gateway_base_path=f"/{RUNTIME_NAME}",
        text_mime_types=TEXT_MIME_TYPES,
    )

    # inject_lambda_context puts the Lambda context's fields (cold_start, function_name,
    # function_memory_size, function_arn, function_request_id) on every line; the Logger adds
    # xray_trace_id itself from _X_AMZN_TRACE_ID. It logs nothing of its own (log_event off).
    @logger.inject_lambda_context
    def handle(event: dict, context: Any) -> dict:
        instance.invocations += 1
        if instance.invocations == 1:
            # Powertools' own ColdStart metric (function_name and service dimensions), one EMF
            # line printed at once; log_metrics would also flush an empty set on every call.
            metrics.provider.add_cold_start_metric(context)
            logger.info("cold start", extra={"initDurationMs": instance.init_duration_ms, "instanceId": instance.instance_id})
        request_id = getattr(context, "aws_request_id", None)
        if isinstance(event.get("path"), str):
            event = {**event, "path": keep_encoded_slashes(event["path"])}
        try:
            return with_request_id(adapter(event, context), request_id)
        except UnicodeEncodeError:
            # Mangum encodes a text body as UTF-8 and fails on lone surrogates, which only a
            # hand-made event can hold. Pass those bytes on as a binary body instead, so the
            # contract's checks answer (413/415, else malformed JSON: they are not UTF-8).
            raw = event["body"].encode("utf-8", "surrogatepass")
            return with_request_id(
                adapter({**event, "body": base64.b64encode(raw).decode("ascii"), "isBase64Encoded": True}, context), request_id
            )

    return handle


SERVICE = f"items-{RUNTIME_NAME}"
# RFC 3339 timestamps (2026-01-31T12:00:00.000+00:00), ISO-8601 as the contract asks; the
# default is "2026-01-31 12:00:00,000+0000".
logger = Logger(service=SERVICE, use_rfc3339=True)
metrics = Metrics(namespace="MultiRuntimeBenchmark", service=SERVICE)
# Patches botocore only (not every library Powertools knows), before the DynamoDB client is
# made: each DynamoDB call is an X-Ray subsegment, sent to AWS_XRAY_DAEMON_ADDRESS only when
# the invocation's trace header says Sampled=1. Off outside Lambda (no AWS_LAMBDA_FUNCTION_NAME)
# or with POWERTOOLS_TRACE_DISABLED; with AWS_XRAY_CONTEXT_MISSING=LOG_ERROR a missing trace
# context is logged, never raised.
tracer = Tracer(service=SERVICE, patch_modules=["botocore"])
instance = InstanceStats()
handler = make_handler(DynamoDbStore.from_environment(), instance, logger, metrics)
instance.mark_initialised()
