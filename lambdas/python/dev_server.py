"""The app as a plain HTTP server (no Lambda, no prefix: /items, /health), reloading on change.

`npm run dev -- python` starts it with a local DynamoDB; by hand:

    TABLE_NAME=items AWS_REGION=us-east-1 DYNAMODB_ENDPOINT=http://127.0.0.1:4567 \
    AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local .venv/bin/python dev_server.py [--port 8000] [--reload]
"""

import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = [HERE / "src", HERE.parents[1] / "generated" / "python" / "src"]
sys.path[:0] = [str(p) for p in SOURCES]

import uvicorn  # noqa: E402 (after the sys.path lines above, as the zip's layout needs)


def build():
    """The app factory uvicorn calls, in the reloading worker process too."""
    from aws_lambda_powertools.logging import Logger

    from items_app.app import InstanceStats, create_app
    from items_app.dynamodb_store import DynamoDbStore

    return create_app(DynamoDbStore.from_environment(), InstanceStats(), Logger(service="items-python-dev"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--reload", action="store_true", help="restart when src/ or the generated models change")
    args = parser.parse_args()
    os.environ["PYTHONPATH"] = os.pathsep.join([*map(str, SOURCES), os.environ.get("PYTHONPATH", "")])
    uvicorn.run(
        "dev_server:build",
        factory=True,
        host="127.0.0.1",
        port=args.port,
        reload=args.reload,
        reload_dirs=[str(p) for p in SOURCES] if args.reload else None,
        app_dir=str(HERE),
    )
