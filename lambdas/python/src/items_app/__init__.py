"""Items API, Python runtime: FastAPI app + Mangum entry on one DynamoDB table."""
