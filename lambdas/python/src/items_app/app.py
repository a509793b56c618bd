"""The FastAPI app: the contract's routes at the root (/health, /metrics, /items, /items/{id}).

Routes read the raw request themselves instead of declaring FastAPI body/query models:
FastAPI's own validation answers 422 with its own shape, and the contract wants its
problems in its order (id, 413, 415, malformed, schema, 404). domain.py holds the rules.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import time
import uuid
from typing import Any

from fastapi import FastAPI, Request, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import domain
from .domain import Problem
from .store import ItemStore

RUNTIME_VERSION = "python {}.{}.{}".format(*sys.version_info[:3])
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _process_start_seconds() -> float | None:
    """When this process started, on CLOCK_BOOTTIME (from /proc; 10 ms resolution)."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            text = stat.read()
        return int(text[text.rindex(b")") + 2 :].split()[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class InstanceStats:
    """This execution environment's figures for /health and /metrics."""

    def __init__(self) -> None:
        self.instance_id = str(uuid.uuid4())
        self.invocations = 0
        started = _process_start_seconds()
        # Without /proc, count from this module's import: the closest point we can see.
        self._started = started if started is not None else time.clock_gettime(time.CLOCK_BOOTTIME)
        self.init_duration_ms = 0.0

    def uptime_ms(self) -> float:
        return round((time.clock_gettime(time.CLOCK_BOOTTIME) - self._started) * 1000, 3)

    def mark_initialised(self) -> None:
        self.init_duration_ms = self.uptime_ms()

    @property
    def cold_start(self) -> bool:
        return self.invocations <= 1


class JsonResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


class ProblemResponse(JsonResponse):
    media_type = "application/problem+json"


def _problem(problem: Problem) -> ProblemResponse:
    return ProblemResponse(problem.to_dict(), status_code=problem.status)


async def _read_item_input(request: Request) -> Any:
    body = await request.body()
    domain.check_body_size(body)
    domain.check_media_type(request.headers.get("content-type"))
    return domain.parse_item_input(domain.parse_json(body))


def _memory() -> dict:
    with open("/proc/self/statm", "rb") as statm:
        resident_pages = int(statm.read().split()[1])
    # ru_maxrss is in KiB on Linux.
    return {"rssBytes": resident_pages * _PAGE_SIZE, "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}


def create_app(store: ItemStore, instance: InstanceStats, logger: logging.Logger | Any) -> FastAPI:
    app = FastAPI(title="items-python", openapi_url=None, docs_url=None, redoc_url=None)
    app.router.redirect_slashes = False  # /items/ is not a route: no 307 to /items

    @app.exception_handler(Problem)
    async def on_problem(_request: Request, problem: Problem) -> Response:
        return _problem(problem)

    @app.exception_handler(StarletteHTTPException)
    async def on_unknown_route(request: Request, _error: StarletteHTTPException) -> Response:
        # 404 and 405 alike: a method the contract lacks is a route it lacks.
        return _problem(domain.route_not_found(request.method, request.url.path))

    @app.exception_handler(Exception)
    async def on_server_error(_request: Request, error: Exception) -> Response:
        logger.exception("request failed", extra={"error": type(error).__name__})
        return _problem(domain.internal_error())

    @app.get("/health")
    async def get_health() -> Response:
        return JsonResponse(
            {
                "status": "ok",
                "runtime": domain.RUNTIME_NAME,
                "version": domain.CONTRACT_VERSION,
                "runtimeVersion": RUNTIME_VERSION,
                "coldStart": instance.cold_start,
            }
        )

    @app.get("/metrics")
    async def get_metrics() -> Response:
        return JsonResponse(
            {
                "runtime": domain.RUNTIME_NAME,
                "instanceId": instance.instance_id,
                "coldStart": instance.cold_start,
                "initDurationMs": instance.init_duration_ms,
                "invocations": instance.invocations,
                "uptimeMs": instance.uptime_ms(),
                "memory": _memory(),
            }
        )

    # async routes with blocking boto3 calls on purpose: Lambda runs one invocation at a
    # time, and a sync route would pay a thread-pool hop on every request.
    @app.post("/items")
    async def create_item(request: Request) -> Response:
        item = domain.new_item(await _read_item_input(request))
        store.create(item)
        return JsonResponse(item.to_json(), status_code=201, headers={"Location": f"/{domain.RUNTIME_NAME}/items/{item.id}"})

    @app.get("/items")
    async def list_items(request: Request) -> Response:
        query = request.query_params  # a repeated parameter: the last value counts
        limit, start_after = domain.parse_list_query(query.get("limit"), query.get("nextToken"))
        items, last_id = store.list(limit, start_after)
        page: dict = {"items": [item.to_json() for item in items]}
        if last_id is not None:
            page["nextToken"] = domain.encode_next_token(last_id)
        return JsonResponse(page)

    @app.get("/items/{id}")
    async def get_item(request: Request) -> Response:
        item_id = domain.check_item_id(request.path_params["id"])
        item = store.get(item_id)
        if item is None:
            raise domain.item_not_found(item_id)
        return JsonResponse(item.to_json())

    @app.put("/items/{id}")
    async def replace_item(request: Request) -> Response:
        item_id = domain.check_item_id(request.path_params["id"])
        item_input = await _read_item_input(request)
        price = domain.normalize_price(item_input.price)
        item = store.replace(item_id, item_input.name, item_input.description, price, domain.now_timestamp())
        if item is None:
            raise domain.item_not_found(item_id)
        return JsonResponse(item.to_json())

    @app.delete("/items/{id}")
    async def delete_item(request: Request) -> Response:
        item_id = domain.check_item_id(request.path_params["id"])
        if not store.delete(item_id):
            raise domain.item_not_found(item_id)
        return Response(status_code=204)

    return app
