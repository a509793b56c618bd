"""A real dynalite (DynamoDB API, in memory) for the store tests: started by the test on a
free 127.0.0.1 port, tables built from infra/lib/table-definition.ts, stopped after."""

from __future__ import annotations

import json
import socket
import subprocess
import time
from pathlib import Path

import boto3

REPO = Path(__file__).resolve().parents[3]
DYNALITE_CLI = REPO / "node_modules" / "dynalite" / "cli.js"
TSX_CLI = REPO / "node_modules" / "tsx" / "dist" / "cli.mjs"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def create_table_request(table_name: str) -> dict:
    """The CreateTable request the CDK stack and the platform use, from its one definition."""
    script = (
        "import { createTableRequest } from './infra/lib/table-definition.ts';"
        f"console.log(JSON.stringify(createTableRequest({json.dumps(table_name)})));"
    )
    output = subprocess.run(["node", str(TSX_CLI), "-e", script], cwd=REPO, check=True, capture_output=True, text=True, timeout=60)
    return json.loads(output.stdout)


class Dynalite:
    def __init__(self) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            ["node", str(DYNALITE_CLI), "--host", "127.0.0.1", "--port", str(self.port), "--createTableMs", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        line = self.process.stdout.readline()  # "Dynalite listening at: ..." once it accepts
        if "listening" not in line:
            self.stop()
            raise RuntimeError(f"dynalite did not start: {line!r}")
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.client = boto3.client(
            "dynamodb", endpoint_url=self.endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
        )

    def create_table(self, request: dict) -> None:
        self.client.create_table(**request)
        deadline = time.monotonic() + 10
        while self.client.describe_table(TableName=request["TableName"])["Table"]["TableStatus"] != "ACTIVE":
            if time.monotonic() > deadline:
                raise TimeoutError(f"table {request['TableName']} not active")
            time.sleep(0.02)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
