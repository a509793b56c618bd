"""Benchmark, not a test: what the Python runtime's cold start costs, and where it goes.

    .venv/bin/python bench_init.py [--runs 5]          fresh processes, unconstrained CPU
    .venv/bin/python bench_init.py --platform [--runs 5]  + Init Duration on the local platform at 512 and 1769 MB

Runs the built artifact (dist/lambda, `bash build.sh` first) with the runtime-only venv, as
the platform does, against a dynalite it starts itself. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TASK_ROOT = HERE / "dist" / "lambda"
ZIP = HERE / "dist" / "python.zip"
RIC_PYTHON = HERE / ".venv-ric" / "bin" / "python"
sys.path.insert(0, str(HERE / "tests"))

from dynalite import Dynalite, create_table_request, free_port  # noqa: E402 (tests/ joins sys.path just above)

# One fresh process: import the handler module (Lambda's init), then the first invocations.
FRESH_PROCESS = r"""
import time
started = time.perf_counter()
import items_app.handler as entry
imported = time.perf_counter()
import json, sys
sys.path.insert(0, sys.argv[1])
from fakes import LambdaContext, rest_event
context, timings = LambdaContext(), {}
def timed(name, event):
    t = time.perf_counter(); response = entry.handler(event, context); timings[name] = (time.perf_counter() - t) * 1000
    assert response["statusCode"] < 300, response
timed("firstInvocationHealthMs", rest_event("GET", "/python/health"))
timed("firstDynamoDbCallMs", rest_event("POST", "/python/items", {"name": "a", "price": 19.99}))
timed("warmPostMs", rest_event("POST", "/python/items", {"name": "a", "price": 19.99}))
timings.update(handlerImportMs=(imported - started) * 1000, processStartToInitEndMs=entry.instance.init_duration_ms)
print(json.dumps(timings))
"""

# The same import, split into the phases that matter, each timed after the previous one.
PHASES = r"""
import time, json
t, out = time.perf_counter(), {}
def lap(name):
    global t
    now = time.perf_counter(); out[name] = (now - t) * 1000; t = now
import pydantic, pydantic.main; lap("pydantic (+ pydantic-core)")
from items_contract.models.item_input import ItemInput; lap("generated ItemInput (builds its validator)")
import fastapi; lap("fastapi (+ starlette, anyio)")
import mangum; lap("mangum")
import botocore.session, boto3; lap("boto3 + botocore import")
from aws_lambda_powertools.logging import Logger; from aws_lambda_powertools.metrics import Metrics; from aws_lambda_powertools.tracing import Tracer; lap("powertools import")
logger, metrics = Logger(service="items-python"), Metrics(namespace="MultiRuntimeBenchmark", service="items-python"); lap("powertools Logger() + Metrics()")
tracer = Tracer(service="items-python", patch_modules=["botocore"]); lap("powertools Tracer() (X-Ray SDK, botocore patched)")
from items_app.dynamodb_store import DynamoDbStore; store = DynamoDbStore.from_environment(); lap("boto3 client creation")
from items_app.app import InstanceStats, create_app; app = create_app(store, InstanceStats(), logger); lap("items_app.app + create_app()")
adapter = mangum.Mangum(app, lifespan="off", api_gateway_base_path="/python"); lap("Mangum()")
print(json.dumps(out))
"""


def environment(endpoint: str, table: str, task_root: Path) -> dict:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(task_root),
        "PYTHONDONTWRITEBYTECODE": "1",
        "TABLE_NAME": table,
        "AWS_REGION": "us-east-1",
        "DYNAMODB_ENDPOINT": endpoint,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_LAMBDA_FUNCTION_NAME": "python",
        # As Lambda sets them: the Tracer is on, the trace is not sampled (nothing is sent), and a
        # missing trace context is logged rather than raised.
        "LAMBDA_TASK_ROOT": str(task_root),
        "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
        "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000",
        "_X_AMZN_TRACE_ID": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0",
    }


def run_python(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(RIC_PYTHON), *args], env=env, cwd=cwd, capture_output=True, text=True, check=True)


def last_json_line(result: subprocess.CompletedProcess) -> dict:
    return json.loads(result.stdout.strip().splitlines()[-1])  # after the app's own log lines


def median_of(samples: list[dict]) -> dict:
    return {key: round(statistics.median(s[key] for s in samples), 1) for key in samples[0]}


def interpreter_start_ms(env: dict, runs: int) -> float:
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        run_python(["-c", "pass"], env, TASK_ROOT)
        walls.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(walls), 1)


def importtime_by_package(env: dict) -> list[tuple[str, float]]:
    """Self time of every module imported by the handler, summed per top-level package."""
    stderr = run_python(["-X", "importtime", "-c", "import items_app.handler"], env, TASK_ROOT).stderr
    totals: dict[str, float] = defaultdict(float)
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = (part.strip() for part in line[len("import time:") :].split("|"))
        totals[name.split(".")[0]] += int(self_us) / 1000
    return sorted(totals.items(), key=lambda kv: -kv[1])


def source_only_copy(into: Path) -> Path:
    """dist/lambda without bytecode: what a zip without .pyc costs on read-only /var/task."""
    copy = into / "lambda"
    shutil.copytree(TASK_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def local_measurements(runs: int) -> None:
    server = Dynalite()
    try:
        table = "items"
        server.create_table(create_table_request(table))
        env = environment(server.endpoint, table, TASK_ROOT)
        fresh = [last_json_line(run_python(["-c", FRESH_PROCESS, str(HERE / "tests")], env, TASK_ROOT)) for _ in range(runs)]
        phases = [last_json_line(run_python(["-c", PHASES], env, TASK_ROOT)) for _ in range(runs)]
        with tempfile.TemporaryDirectory() as tmp:
            plain = source_only_copy(Path(tmp))
            no_pyc = [
                last_json_line(run_python(["-c", FRESH_PROCESS, str(HERE / "tests")], environment(server.endpoint, table, plain), plain))
                for _ in range(runs)
            ]
        print(f"interpreter start + exit (python -c pass): {interpreter_start_ms(env, runs)} ms (median of {runs})")
        print(f"fresh process, with bytecode (median of {runs}): {json.dumps(median_of(fresh))}")
        print(f"fresh process, sources only (median of {runs}): {json.dumps(median_of(no_pyc))}")
        print("init phases, in import order (median ms):")
        for name, ms in median_of(phases).items():
            print(f"  {ms:8.1f}  {name}")
        print("import self time by top-level package (one run, ms):")
        for name, ms in importtime_by_package(env)[:15]:
            print(f"  {ms:8.1f}  {name}")
    finally:
        server.stop()


def platform_cold_starts(memory_mb: int, runs: int) -> list[float]:
    """Init Duration of `runs` cold starts: each request waits out the idle timeout first."""
    with tempfile.TemporaryDirectory() as tmp:
        report, port = Path(tmp) / "report.jsonl", free_port()
        platform = subprocess.Popen(
            [
                "node",
                "--import",
                "tsx",
                "platform/src/cli.ts",
                "--runtime",
                "python",
                "--port",
                str(port),
                "--memory",
                str(memory_mb),
                "--idle-timeout-ms",
                "200",
                "--report-file",
                str(report),
                "--quiet",
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            for line in platform.stdout:
                if "ready in" in line:
                    break
            else:
                raise RuntimeError("the platform did not start")
            for _ in range(runs):
                time.sleep(0.6)  # past the idle timeout: the instance is gone, the next request starts one
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/python/health", timeout=30) as response:
                    assert json.load(response)["coldStart"] is True
            time.sleep(0.5)  # the report file is written in batches
        finally:
            platform.terminate()
            platform.wait(timeout=30)
        records = [json.loads(line) for line in report.read_text().splitlines()]
        return [r["initDurationMs"] for r in records if r.get("coldStart")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--platform", action="store_true", help="also measure Init Duration on the local platform")
    args = parser.parse_args()
    if not ZIP.exists():
        raise SystemExit("bench_init.py: no dist/python.zip; run `bash build.sh` first")
    print(f"zip: {ZIP.stat().st_size} bytes ({ZIP.stat().st_size / 2**20:.2f} MiB)")
    local_measurements(args.runs)
    if args.platform:
        for memory in (512, 1769):
            inits = platform_cold_starts(memory, args.runs)
            print(
                f"platform Init Duration at {memory} MB: median {statistics.median(inits):.1f} ms, "
                f"min {min(inits):.1f}, max {max(inits):.1f} (n={len(inits)})"
            )


if __name__ == "__main__":
    main()
