"""The app as a plain HTTP server (no Lambda, no prefix: /items, /health) for poking at it.

    TABLE_NAME=items AWS_REGION=us-east-1 DYNAMODB_ENDPOINT=http://127.0.0.1:4567 \
    AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local .venv/bin/python dev_server.py [--port 8000]
"""

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE / "src"), str(HERE.parents[1] / "generated" / "python" / "src")]

import uvicorn  # noqa: E402
from aws_lambda_powertools.logging import Logger  # noqa: E402

from items_app.app import InstanceStats, create_app  # noqa: E402
from items_app.dynamodb_store import DynamoDbStore  # noqa: E402

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8000)
    port = parser.parse_args().port
    app = create_app(DynamoDbStore.from_environment(), InstanceStats(), Logger(service="items-python-dev"))
    uvicorn.run(app, host="127.0.0.1", port=port)
