//! The smallest Rust Lambda (provided.al2023, lambda_runtime): answers every proxy event at once.

use aws_lambda_events::apigw::{ApiGatewayProxyRequest, ApiGatewayProxyResponse};
use aws_lambda_events::encodings::Body;
use aws_lambda_events::http::{HeaderMap, HeaderValue};
use lambda_runtime::{Error, LambdaEvent, service_fn};

async fn handle(event: LambdaEvent<ApiGatewayProxyRequest>) -> Result<ApiGatewayProxyResponse, Error> {
    let mut response = ApiGatewayProxyResponse::default();
    match event.payload.http_method.as_str() {
        "DELETE" => response.status_code = 204,
        method => {
            response.status_code = if method == "POST" { 201 } else { 200 };
            let mut headers = HeaderMap::new();
            headers.insert("content-type", HeaderValue::from_static("application/json"));
            response.headers = headers;
            response.body = Some(Body::Text(r#"{"id":"00000000-0000-4000-8000-000000000000"}"#.into()));
        }
    }
    Ok(response)
}

fn main() -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(lambda_runtime::run(service_fn(handle)))
}
