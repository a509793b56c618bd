//! The Lambda entry's adapter: API Gateway REST (v1) proxy events, through lambda_http
//! (aws-lambda-rust-runtime), into the axum router.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::Uri;
use lambda_http::{RequestExt, service_fn};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use tower::ServiceExt;

use super::{Instance, observability};

/// The contract's response header: the invocation's request id, the RequestId of its
/// REPORT line, so a client can find the invocation's Duration in the logs.
pub const REQUEST_ID_HEADER: &str = "Lambda-Request-Id";

/// What a path segment keeps unescaped (RFC 3986 pchar without "%"), as Go's EscapedPath.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Strips the prefix (as a whole segment: /rusty is not under /rust) and reads each
/// segment as the contract does (docs/contract.md, "Adversarial input"): the event's path
/// is as the client sent it (API Gateway REST does not decode it), so a segment's percent
/// escapes are decoded once. A segment that cannot be decoded, or that would decode to a
/// "/", is kept as sent: it stays one segment and, never a valid id, answers 400. The
/// result is escaped again, because the router decodes the path parameters it extracts.
pub fn route_path(path: &str, prefix: &str) -> String {
    let path = if path == prefix {
        "/"
    } else if path.starts_with(prefix) && path[prefix.len()..].starts_with('/') {
        &path[prefix.len()..]
    } else {
        path
    };
    path.split('/')
        .map(|segment| {
            let decoded = well_formed_escapes(segment)
                .then(|| percent_decode_str(segment).decode_utf8().ok())
                .flatten()
                .filter(|d| !d.contains('/'));
            utf8_percent_encode(decoded.as_deref().unwrap_or(segment), SEGMENT).to_string()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether every "%" starts an escape of two hex digits (Go's PathUnescape fails otherwise).
fn well_formed_escapes(segment: &str) -> bool {
    let b = segment.as_bytes();
    (0..b.len()).all(|i| {
        b[i] != b'%'
            || (b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

/// Serves the router under `/{prefix}` through lambda_http until the runtime stops. Every
/// answer gets the invocation's request id; the first invocation logs the cold start.
pub async fn serve(
    router: Router,
    prefix: &'static str,
    instance: Arc<Instance>,
) -> Result<(), lambda_http::Error> {
    lambda_http::run(service_fn(move |request: lambda_http::Request| {
        let router = router.clone();
        let instance = instance.clone();
        async move {
            let context = request.lambda_context_ref().cloned();
            observability::begin_invocation(context.as_ref(), &instance);
            let path = route_path(request.raw_http_path(), prefix);
            let query = request
                .uri()
                .query()
                .map(|q| format!("?{q}"))
                .unwrap_or_default();
            let (mut parts, body) = request.into_parts();
            parts.uri = Uri::builder()
                .path_and_query(format!("{path}{query}"))
                .build()
                .unwrap_or_default();
            let request = axum::http::Request::from_parts(parts, Body::from(body.to_vec()));
            let mut response = router.oneshot(request).await?;
            let request_id = context
                .as_ref()
                .map(|c| c.request_id.as_str())
                .unwrap_or("");
            if let Ok(value) = request_id.parse()
                && !request_id.is_empty()
            {
                response.headers_mut().insert(REQUEST_ID_HEADER, value);
            }
            Ok::<_, lambda_http::Error>(response)
        }
    }))
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_path_strips_the_prefix_and_decodes_each_segment_once() {
        let cases = [
            ("/rust/items", "/items"),
            ("/rust", "/"),
            ("/rust/", "/"),
            ("/rusty/items", "/rusty/items"),
            ("/rust/items/abc%2Ddef", "/items/abc-def"),
            ("/rust/items/a%2Fb", "/items/a%252Fb"),
            ("/rust/items/%ZZ", "/items/%25ZZ"),
            ("/rust/items/%FF", "/items/%25FF"),
            ("/rust/items/%2525", "/items/%2525"),
            ("/rust/items/a%20b", "/items/a%20b"),
        ];
        for (path, want) in cases {
            assert_eq!(route_path(path, "/rust"), want, "{path}");
        }
    }
}
