"""The smallest Python Lambda: answers every API Gateway proxy event at once."""


def handler(event, context):
    method = (event or {}).get("httpMethod", "GET")
    if method == "DELETE":
        return {"statusCode": 204, "body": ""}
    return {"statusCode": 201 if method == "POST" else 200, "headers": {"content-type": "application/json"}, "body": '{"id":"00000000-0000-4000-8000-000000000000"}'}
