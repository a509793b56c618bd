//! Responses as the contract writes them: JSON with numbers as JSON.stringify writes
//! them (serde_json would write 1e9 as 1000000000.0), problems as problem+json.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

use crate::domain::{INTERNAL_ERROR, Item, Problem, js_number};
use crate::models;

/// The generated model of an item, from the domain's.
pub fn view_of(item: Item) -> models::Item {
    models::Item {
        id: item.id,
        name: item.name,
        description: item.description,
        price: item.price,
        created_at: item.created_at,
        updated_at: item.updated_at,
    }
}

/// Writes a JSON value; strings escaped as serde_json does (no HTML escaping).
pub fn write_json(value: &Value, out: &mut String) {
    match value {
        Value::Number(n) if n.is_f64() => out.push_str(&js_number(n.as_f64().unwrap_or(0.0))),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Object(fields) => {
            out.push('{');
            for (i, (key, item)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_json(item, out);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// A JSON answer with the given status and media type.
pub fn json_response(
    status: StatusCode,
    content_type: &'static str,
    body: &impl Serialize,
) -> Response {
    let Ok(value) = serde_json::to_value(body) else {
        eprintln!("encoding response failed");
        return server_error();
    };
    let mut text = String::new();
    write_json(&value, &mut text);
    let mut response = (status, text).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// The problem+json answer of a problem.
pub fn problem_response(problem: &Problem) -> Response {
    let body = models::Problem {
        r#type: serde_json::from_value(Value::from(problem.kind.r#type)).unwrap_or_default(),
        title: problem.kind.title.to_string(),
        status: i32::from(problem.kind.status),
        detail: Some(problem.detail.clone()),
        errors: (!problem.errors.is_empty()).then(|| {
            problem
                .errors
                .iter()
                .map(|e| models::ProblemError {
                    path: e.path.clone(),
                    message: e.message.clone(),
                })
                .collect()
        }),
    };
    let status =
        StatusCode::from_u16(problem.kind.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    json_response(status, "application/problem+json", &body)
}

/// The contract's internal-error problem: a failure that is not the client's.
pub fn server_error() -> Response {
    problem_response(&Problem::new(
        INTERNAL_ERROR,
        "The server failed to answer; the request may be retried.",
    ))
}
