//! The axum application: the contract's routes at the root (/health, /items, ...), each
//! check in the contract's order. The Lambda entry strips the runtime's prefix before a
//! request reaches it.

mod instance;
mod lambda;
pub mod observability;
mod render;

use std::sync::Arc;
use std::time::SystemTime;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub use instance::Instance;
pub use lambda::{REQUEST_ID_HEADER, route_path, serve};
use render::{json_response, problem_response, server_error, view_of};

use crate::domain::{self, Item, ItemInput, Problem, RUNTIME_NAME};
use crate::models;
use crate::store::{Store, StoreError};

/// What the app needs; `now` and `new_id` are the clock and UUID v4 unless a test sets them.
pub struct Deps<S: Store> {
    pub store: S,
    pub instance: Arc<Instance>,
    pub now: fn() -> SystemTime,
    pub new_id: fn() -> String,
}

impl<S: Store> Deps<S> {
    pub fn new(store: S, instance: Arc<Instance>) -> Self {
        Deps {
            store,
            instance,
            now: SystemTime::now,
            new_id: || uuid::Uuid::new_v4().to_string(),
        }
    }
}

/// The invocation's number on this instance (1 is the cold start).
#[derive(Clone, Copy)]
struct Invocation(i64);

type AppState<S> = State<Arc<Deps<S>>>;

/// Builds the router.
pub fn new<S: Store>(deps: Deps<S>) -> Router {
    let deps = Arc::new(deps);
    Router::new()
        .route("/health", get(health::<S>))
        .route("/metrics", get(metrics::<S>))
        .route("/items", get(list_items::<S>).post(create_item::<S>))
        .route(
            "/items/{id}",
            get(get_item::<S>)
                .put(replace_item::<S>)
                .delete(delete_item::<S>),
        )
        // A path or method the contract does not have is a 404 problem, never a 405.
        .fallback(route_not_found)
        .method_not_allowed_fallback(route_not_found)
        // The contract's own limit answers 413 as problem+json; axum's would be text.
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::from_fn_with_state(
            deps.clone(),
            count_invocation::<S>,
        ))
        .with_state(deps)
}

async fn count_invocation<S: Store>(
    State(deps): AppState<S>,
    mut request: Request,
    next: Next,
) -> Response {
    let invocation = deps.instance.invoked();
    request.extensions_mut().insert(Invocation(invocation));
    next.run(request).await
}

async fn route_not_found(method: Method, uri: Uri) -> Response {
    problem_response(&Problem::new(
        domain::ROUTE_NOT_FOUND,
        format!("No route {method} {}.", uri.path()),
    ))
}

async fn health<S: Store>(
    State(deps): AppState<S>,
    invocation: axum::Extension<Invocation>,
) -> Response {
    json_response(
        StatusCode::OK,
        "application/json",
        &deps.instance.health(invocation.0.0),
    )
}

async fn metrics<S: Store>(
    State(deps): AppState<S>,
    invocation: axum::Extension<Invocation>,
) -> Response {
    json_response(
        StatusCode::OK,
        "application/json",
        &deps.instance.metrics(invocation.0.0),
    )
}

/// The last value of a repeated parameter, as API Gateway's queryStringParameters has it.
fn last_query_value(uri: &Uri, name: &str) -> Option<String> {
    let query = uri.query()?;
    form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == name)
        .last()
        .map(|(_, v)| v.into_owned())
}

async fn list_items<S: Store>(State(deps): AppState<S>, uri: Uri) -> Response {
    let limit = match domain::parse_limit(last_query_value(&uri, "limit").as_deref()) {
        Ok(limit) => limit,
        Err(problem) => return problem_response(&problem),
    };
    let start_after = match last_query_value(&uri, "nextToken")
        .map(|t| domain::parse_next_token(&t))
        .transpose()
    {
        Ok(start_after) => start_after,
        Err(problem) => return problem_response(&problem),
    };
    let page = match deps.store.list(limit, start_after.as_deref()).await {
        Ok(page) => page,
        Err(err) => return fail(err, None),
    };
    let next_token = match page.last_id.as_deref().map(domain::encode_next_token) {
        None => None,
        Some(Some(token)) => Some(token),
        // A key this API never wrote: the table holds something foreign.
        Some(None) => {
            return fail(
                StoreError::Failed("a scan returned a key that is not a UUID v4".into()),
                None,
            );
        }
    };
    let list = models::ItemList {
        items: page.items.into_iter().map(view_of).collect(),
        next_token,
    };
    json_response(StatusCode::OK, "application/json", &list)
}

async fn create_item<S: Store>(
    State(deps): AppState<S>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let input = match read_item_input(&headers, &body) {
        Ok(input) => input,
        Err(problem) => return problem_response(&problem),
    };
    let item = Item::new((deps.new_id)(), input, (deps.now)());
    if let Err(err) = deps.store.create(&item).await {
        return fail(err, None);
    }
    let location = format!("/{RUNTIME_NAME}/items/{}", item.id);
    let mut response = json_response(StatusCode::CREATED, "application/json", &view_of(item));
    if let Ok(location) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

async fn get_item<S: Store>(State(deps): AppState<S>, Path(id): Path<String>) -> Response {
    if let Err(problem) = domain::validate_id(&id) {
        return problem_response(&problem);
    }
    match deps.store.get(&id).await {
        Ok(item) => json_response(StatusCode::OK, "application/json", &view_of(item)),
        Err(err) => fail(err, Some(&id)),
    }
}

async fn replace_item<S: Store>(
    State(deps): AppState<S>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(problem) = domain::validate_id(&id) {
        return problem_response(&problem);
    }
    let input = match read_item_input(&headers, &body) {
        Ok(input) => input,
        Err(problem) => return problem_response(&problem),
    };
    match deps
        .store
        .replace(&id, &input, &domain::timestamp((deps.now)()))
        .await
    {
        Ok(item) => json_response(StatusCode::OK, "application/json", &view_of(item)),
        Err(err) => fail(err, Some(&id)),
    }
}

async fn delete_item<S: Store>(State(deps): AppState<S>, Path(id): Path<String>) -> Response {
    if let Err(problem) = domain::validate_id(&id) {
        return problem_response(&problem);
    }
    match deps.store.delete(&id).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => fail(err, Some(&id)),
    }
}

/// Applies checks 3 to 6 of the contract's order to the body.
fn read_item_input(headers: &HeaderMap, body: &[u8]) -> Result<ItemInput, Problem> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    domain::check_body_size(body.len().max(declared))?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or(""));
    domain::check_media_type(content_type)?;
    domain::parse_item_input(body)
}

/// Answers a store error: NotFound is the contract's 404, anything else a 500.
fn fail(err: StoreError, id: Option<&str>) -> Response {
    match err {
        StoreError::NotFound => problem_response(&Problem::not_found(id.unwrap_or(""))),
        StoreError::Failed(reason) => {
            observability::log_error("store call failed", &reason);
            server_error()
        }
    }
}

#[cfg(test)]
mod tests;
