//! The router against a fake store: the contract's answers, in its order.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Instant, UNIX_EPOCH};

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use super::{Deps, Instance, new};
use crate::domain::{Item, ItemInput};
use crate::store::{Page, Store, StoreError};

/// An in-memory store in id order (as a scan of the fake table would be).
#[derive(Default, Clone)]
struct FakeStore {
    items: Arc<Mutex<BTreeMap<String, Item>>>,
}

impl Store for FakeStore {
    async fn create(&self, item: &Item) -> Result<(), StoreError> {
        self.items
            .lock()
            .unwrap()
            .insert(item.id.clone(), item.clone());
        Ok(())
    }
    async fn get(&self, id: &str) -> Result<Item, StoreError> {
        self.items
            .lock()
            .unwrap()
            .get(id)
            .cloned()
            .ok_or(StoreError::NotFound)
    }
    async fn replace(
        &self,
        id: &str,
        input: &ItemInput,
        updated_at: &str,
    ) -> Result<Item, StoreError> {
        let mut items = self.items.lock().unwrap();
        let item = items.get_mut(id).ok_or(StoreError::NotFound)?;
        item.name = input.name.clone();
        item.description = input.description.clone();
        item.price = input.price;
        item.updated_at = updated_at.to_string();
        Ok(item.clone())
    }
    async fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.items
            .lock()
            .unwrap()
            .remove(id)
            .map(|_| ())
            .ok_or(StoreError::NotFound)
    }
    async fn list(&self, limit: usize, start_after: Option<&str>) -> Result<Page, StoreError> {
        let items = self.items.lock().unwrap();
        let after = start_after.unwrap_or("");
        let page: Vec<Item> = items
            .values()
            .filter(|i| i.id.as_str() > after)
            .take(limit)
            .cloned()
            .collect();
        let last_id = (page.len() == limit)
            .then(|| page.last().map(|i| i.id.clone()))
            .flatten();
        Ok(Page {
            items: page,
            last_id,
        })
    }
}

const ID: &str = "3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f";

fn router() -> axum::Router {
    let mut deps = Deps::new(
        FakeStore::default(),
        Arc::new(Instance::new(Instant::now())),
    );
    deps.now = || UNIX_EPOCH;
    deps.new_id = || ID.to_string();
    new(deps)
}

async fn send(
    router: &axum::Router,
    method: &str,
    uri: &str,
    content_type: Option<&str>,
    body: &str,
) -> (StatusCode, String, String) {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(ct) = content_type {
        request = request.header("content-type", ct);
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let ct = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, ct, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn answers_the_contracts_problems_in_its_order() {
    // Prepare
    let app = router();
    let too_large = "x".repeat(crate::domain::MAX_BODY_BYTES + 1);
    let cases = [
        ("GET", "/nowhere", None, "", 404, "Route not found"),
        ("PATCH", "/items", None, "", 404, "Route not found"),
        (
            "GET",
            "/items/not-an-id",
            None,
            "",
            400,
            "Request validation failed",
        ),
        (
            "PUT",
            "/items/not-an-id",
            Some("text/plain"),
            "{",
            400,
            "Request validation failed",
        ),
        (
            "POST",
            "/items",
            Some("text/plain"),
            too_large.as_str(),
            413,
            "Payload too large",
        ),
        (
            "POST",
            "/items",
            Some("text/plain"),
            "{}",
            415,
            "Unsupported media type",
        ),
        (
            "POST",
            "/items",
            Some("application/json"),
            "{",
            400,
            "Malformed JSON body",
        ),
        (
            "POST",
            "/items",
            Some("application/json"),
            "{}",
            400,
            "Request validation failed",
        ),
        (
            "GET",
            "/items?limit=0",
            None,
            "",
            400,
            "Request validation failed",
        ),
        (
            "GET",
            "/items?nextToken=abc",
            None,
            "",
            400,
            "Request validation failed",
        ),
        (
            "GET",
            &format!("/items/{ID}"),
            None,
            "",
            404,
            "Item not found",
        ),
        (
            "DELETE",
            &format!("/items/{ID}"),
            None,
            "",
            404,
            "Item not found",
        ),
    ];
    for (method, uri, ct, body, status, title) in cases {
        // Act
        let (got_status, got_ct, got_body) = send(&app, method, uri, ct, body).await;

        // Assess
        assert_eq!(got_status.as_u16(), status, "{method} {uri}: {got_body}");
        assert_eq!(got_ct, "application/problem+json", "{method} {uri}");
        assert!(
            got_body.contains(&format!(r#""title":"{title}""#)),
            "{method} {uri}: {got_body}"
        );
    }
}

#[tokio::test]
async fn creates_reads_lists_replaces_and_deletes_an_item() {
    // Prepare
    let app = router();
    let body = r#"{"name":"Cup <1>","price":1e9}"#;

    // Act
    let created = send(&app, "POST", "/items", Some("application/json"), body).await;
    let read = send(&app, "GET", &format!("/items/{ID}"), None, "").await;
    let listed = send(&app, "GET", "/items?limit=1", None, "").await;
    let replaced = send(
        &app,
        "PUT",
        &format!("/items/{ID}"),
        Some("application/json"),
        r#"{"name":"b","description":"","price":0.1}"#,
    )
    .await;
    let deleted = send(&app, "DELETE", &format!("/items/{ID}"), None, "").await;

    // Assess
    let item = format!(
        r#"{{"createdAt":"1970-01-01T00:00:00.000Z","id":"{ID}","name":"Cup <1>","price":1000000000,"updatedAt":"1970-01-01T00:00:00.000Z"}}"#
    );
    assert_eq!(
        (created.0, created.2.as_str()),
        (StatusCode::CREATED, item.as_str())
    );
    assert_eq!((read.0, read.2.as_str()), (StatusCode::OK, item.as_str()));
    assert_eq!(
        listed.2,
        format!(r#"{{"items":[{item}],"nextToken":"P1-MPppLTB2OLxorPE1ebw"}}"#)
    );
    assert!(
        replaced.2.contains(r#""description":"","id""#) && replaced.2.contains(r#""price":0.1"#),
        "{}",
        replaced.2
    );
    assert_eq!(
        (deleted.0, deleted.2.as_str()),
        (StatusCode::NO_CONTENT, "")
    );
}

#[tokio::test]
async fn health_reports_the_cold_start_once() {
    // Prepare
    let app = router();

    // Act
    let first = send(&app, "GET", "/health", None, "").await;
    let second = send(&app, "GET", "/metrics", None, "").await;

    // Assess
    assert!(
        first.2.contains(r#""coldStart":true"#) && first.2.contains(r#""runtime":"rust""#),
        "{}",
        first.2
    );
    assert!(
        second.2.contains(r#""coldStart":false"#) && second.2.contains(r#""invocations":2"#),
        "{}",
        second.2
    );
}
