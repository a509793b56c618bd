"""items_app.handler builds its DynamoDB client at import, as on AWS; give it a configuration
that points nowhere (nothing in the unit tests calls it; store tests bring their own)."""

import os

os.environ.setdefault("TABLE_NAME", "items")
os.environ.setdefault("AWS_REGION", "us-east-1")
os.environ.setdefault("DYNAMODB_ENDPOINT", "http://127.0.0.1:9")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
