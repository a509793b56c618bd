"""The observability contract (docs/runtimes/python.md, "Observability"): JSON log lines with
the Lambda context's fields, one "cold start" line and one ColdStart EMF line at an instance's
first invocation and nothing per request at INFO, and botocore patched by the Tracer."""

import io
import json
import logging
import os
import re
import subprocess
import sys
import uuid

from aws_lambda_powertools.logging import Logger
from aws_lambda_powertools.logging import logger as powertools_logger
from aws_lambda_powertools.metrics import Metrics
from fakes import InMemoryStore, LambdaContext, rest_event

from items_app.app import InstanceStats
from items_app.handler import make_handler

REQUIRED = {
    "timestamp",
    "level",
    "message",
    "service",
    "cold_start",
    "function_name",
    "function_memory_size",
    "function_arn",
    "function_request_id",
}
TRACE_ID = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"


def run_twice(monkeypatch, capsys):
    monkeypatch.setenv("_X_AMZN_TRACE_ID", TRACE_ID)
    # A fresh process as far as Powertools knows (it keeps the cold start per process).
    monkeypatch.setattr(powertools_logger, "is_cold_start", True)
    logs = io.StringIO()
    # A name of its own: a second Logger of a service reuses the first one's handler.
    logger = Logger(service=f"obs-{uuid.uuid4()}", logger_handler=logging.StreamHandler(logs), level="INFO", use_rfc3339=True)
    handler = make_handler(InMemoryStore(), InstanceStats(), logger, Metrics(namespace="MultiRuntimeBenchmark", service="items-python"))
    handler(rest_event("GET", "/python/health"), LambdaContext())
    handler(rest_event("GET", "/python/health"), LambdaContext())
    lines = [json.loads(line) for line in logs.getvalue().splitlines()]
    emf = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    return lines, emf


def test_the_first_invocation_logs_one_cold_start_line_with_the_lambda_context_and_nothing_else(monkeypatch, capsys):
    # Prepare / Act
    lines, _ = run_twice(monkeypatch, capsys)
    # Assess
    assert [line["message"] for line in lines] == ["cold start"]
    line = lines[0]
    assert line.keys() >= REQUIRED
    assert line["level"] == "INFO" and line["service"].startswith("obs-") and line["cold_start"] is True
    assert line["function_request_id"] == LambdaContext.aws_request_id
    assert line["xray_trace_id"] == "1-5759e988-bd862e3fe1be46a994272793"
    assert isinstance(line["initDurationMs"], (int, float)) and line["instanceId"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["timestamp"]), line["timestamp"]


def test_the_first_invocation_prints_one_cold_start_emf_metric(monkeypatch, capsys):
    # Prepare / Act
    _, emf = run_twice(monkeypatch, capsys)
    # Assess
    assert len(emf) == 1
    metric = emf[0]
    directive = metric["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "MultiRuntimeBenchmark"
    assert directive["Metrics"] == [{"Name": "ColdStart", "Unit": "Count"}]
    assert set(directive["Dimensions"][0]) == {"function_name", "service"}
    assert (metric["ColdStart"], metric["service"], metric["function_name"]) == ([1.0], "items-python", "items-python")


def test_the_module_patches_botocore_for_xray_when_it_runs_as_a_lambda():
    # Prepare: a fresh interpreter with the variable Lambda sets (the Tracer is off without it)
    env = {**os.environ, "AWS_LAMBDA_FUNCTION_NAME": "items-python", "PYTHONPATH": os.pathsep.join(sys.path)}
    probe = "import botocore.client, items_app.handler; print(hasattr(botocore.client.BaseClient._make_api_call, '__wrapped__'))"
    # Act
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout
    # Assess: the X-Ray SDK wrapped BaseClient._make_api_call (aws_xray_sdk.ext.botocore)
    assert out.strip() == "True"
