//! The Lambda entry for provided.al2023: builds the store (and its DynamoDB client) and the
//! axum app once, at init, then serves API Gateway REST (v1) proxy events through
//! lambda_http's own Runtime API client.

use std::sync::Arc;
use std::time::Instant;

use items_rust::app::{self, Deps, Instance, observability};
use items_rust::domain::RUNTIME_NAME;
use items_rust::dynamodb_store::DynamoDbStore;

fn main() {
    let start = Instant::now();
    // One thread: a Lambda instance serves one request at a time.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(async move {
        let instance = Arc::new(Instance::new(start));
        let store = match DynamoDbStore::from_env().await {
            Ok(store) => store,
            Err(err) => {
                // The platform reports a failed init, as Lambda does.
                observability::log_error("init failed", &err);
                std::process::exit(1);
            }
        };
        let router = app::new(Deps::new(store, instance.clone()));
        instance.initialised();
        let prefix: &'static str = Box::leak(format!("/{RUNTIME_NAME}").into_boxed_str());
        if let Err(err) = app::serve(router, prefix, instance).await {
            observability::log_error("runtime loop failed", &err.to_string());
            std::process::exit(1);
        }
    });
}
