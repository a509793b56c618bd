//! X-Ray subsegments of DynamoDB calls (issue 19's tracing contract), hand-written because
//! there is no AWS X-Ray SDK for Rust: an aws-sdk interceptor, registered on the DynamoDB
//! client at init, that sends one subsegment document per call to the X-Ray daemon over UDP
//! when the invocation's trace header says `Sampled=1`. With `Sampled=0`, no header, a header
//! without `Parent`, or no `AWS_XRAY_DAEMON_ADDRESS`, it does nothing; a failed send is ignored
//! (UDP, as the X-Ray SDKs do), so tracing never fails a request.

use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::sync::Mutex;
use std::time::SystemTime;

use aws_sdk_dynamodb::config::interceptors::{
    BeforeSerializationInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_types::config_bag::{Storable, StoreReplace};
use serde_json::{Value, json};

/// The daemon protocol's header line, sent before each document.
const DAEMON_HEADER: &str = "{\"format\":\"json\",\"version\":1}\n";

/// The current invocation's trace header (lambda_runtime's Context xray_trace_id), set by
/// observability::begin_invocation; `_X_AMZN_TRACE_ID` is read when none was set.
static INVOCATION_HEADER: Mutex<Option<String>> = Mutex::new(None);

/// Records the trace header of the invocation that starts (None: it has none).
pub fn set_invocation_header(header: Option<&str>) {
    let mut current = INVOCATION_HEADER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    *current = header.map(str::to_string);
}

fn invocation_header() -> Option<String> {
    let recorded = INVOCATION_HEADER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone();
    recorded.or_else(|| std::env::var("_X_AMZN_TRACE_ID").ok())
}

/// A sampled trace's place for a subsegment: its Root and the Parent segment's id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampledTrace {
    pub root: String,
    pub parent: String,
}

/// The trace a subsegment belongs to, when the header (`Root=…;Parent=…;Sampled=1`) is
/// sampled and names both its Root and its Parent; None otherwise.
pub fn sampled_trace(header: &str) -> Option<SampledTrace> {
    let field = |name: &str| {
        header
            .split(';')
            .find_map(|part| part.trim().strip_prefix(name))
            .filter(|value| !value.is_empty())
    };
    if field("Sampled=")? != "1" {
        return None;
    }
    Some(SampledTrace {
        root: field("Root=")?.to_string(),
        parent: field("Parent=")?.to_string(),
    })
}

/// The UDP address in `AWS_XRAY_DAEMON_ADDRESS`: `host:port`, or the daemon's two-address
/// form `tcp:host:port udp:host:port` (its `udp:` part). None when unset, empty or unresolvable.
pub fn daemon_address(value: &str) -> Option<SocketAddr> {
    let udp = value
        .split_whitespace()
        .find_map(|part| part.strip_prefix("udp:"))
        .or_else(|| Some(value.trim()).filter(|v| !v.contains(' ') && !v.starts_with("tcp:")))?;
    udp.to_socket_addrs().ok()?.next()
}

/// What one DynamoDB call's subsegment says, apart from its trace.
#[derive(Clone, Debug, PartialEq)]
pub struct Call<'a> {
    pub operation: &'a str,
    pub table_name: &'a str,
    pub region: &'a str,
    pub start: f64,
    pub end: f64,
    /// The HTTP status of the last attempt; None when no response came (a network error).
    pub status: Option<u16>,
    pub failed: bool,
}

/// The subsegment document, as the X-Ray SDKs send a DynamoDB call's: `error` for a 4xx
/// answer, `fault` for a 5xx one or none at all, `throttle` for 429.
pub fn subsegment(trace: &SampledTrace, id: &str, call: &Call) -> Value {
    let mut doc = json!({
        "name": "DynamoDB",
        "id": id,
        "trace_id": trace.root,
        "parent_id": trace.parent,
        "type": "subsegment",
        "namespace": "aws",
        "start_time": call.start,
        "end_time": call.end,
        "aws": {
            "operation": call.operation,
            "table_name": call.table_name,
            "region": call.region,
        },
    });
    if let Some(status) = call.status {
        doc["http"] = json!({ "response": { "status": status } });
    }
    if call.failed {
        match call.status {
            Some(429) => {
                doc["error"] = true.into();
                doc["throttle"] = true.into();
            }
            Some(400..=499) => doc["error"] = true.into(),
            _ => doc["fault"] = true.into(),
        }
    }
    doc
}

/// The datagram the daemon reads: the header line, then one document.
pub fn datagram(document: &Value) -> String {
    format!("{DAEMON_HEADER}{document}")
}

fn epoch_seconds(at: SystemTime) -> f64 {
    at.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

fn new_subsegment_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..16].to_string()
}

/// A sampled call in flight, kept in the call's config bag between the two hooks.
#[derive(Clone, Debug)]
struct InFlight {
    trace: SampledTrace,
    start: SystemTime,
}

impl Storable for InFlight {
    type Storer = StoreReplace<Self>;
}

/// The interceptor: one per client, built at init with the table and region it serves.
#[derive(Debug)]
pub struct XRayInterceptor {
    table_name: String,
    region: String,
    daemon: Option<(UdpSocket, SocketAddr)>,
}

impl XRayInterceptor {
    /// Reads `AWS_XRAY_DAEMON_ADDRESS` once; without it (or without a socket) the interceptor
    /// stays registered and sends nothing.
    pub fn from_env(table_name: &str, region: &str) -> Self {
        let daemon = std::env::var("AWS_XRAY_DAEMON_ADDRESS")
            .ok()
            .and_then(|value| daemon_address(&value))
            .and_then(|address| {
                let local = if address.is_ipv4() {
                    "0.0.0.0:0"
                } else {
                    "[::]:0"
                };
                Some((UdpSocket::bind(local).ok()?, address))
            });
        XRayInterceptor {
            table_name: table_name.to_string(),
            region: region.to_string(),
            daemon,
        }
    }
}

impl Intercept for XRayInterceptor {
    fn name(&self) -> &'static str {
        "XRayInterceptor"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if self.daemon.is_none() {
            return Ok(());
        }
        if let Some(trace) = invocation_header().as_deref().and_then(sampled_trace) {
            cfg.interceptor_state().store_put(InFlight {
                trace,
                start: SystemTime::now(),
            });
        }
        Ok(())
    }

    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (Some((socket, address)), Some(in_flight)) = (&self.daemon, cfg.load::<InFlight>())
        else {
            return Ok(());
        };
        let operation = cfg.load::<Metadata>().map(Metadata::name).unwrap_or("");
        let call = Call {
            operation,
            table_name: &self.table_name,
            region: &self.region,
            start: epoch_seconds(in_flight.start),
            end: epoch_seconds(SystemTime::now()),
            status: context.response().map(|r| r.status().as_u16()),
            failed: matches!(context.output_or_error(), Some(Err(_))),
        };
        let document = subsegment(&in_flight.trace, &new_subsegment_id(), &call);
        // Best effort, as every X-Ray SDK: a lost datagram loses a subsegment, not a request.
        let _ = socket.send_to(datagram(&document).as_bytes(), address);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: &str = "1-5759e988-bd862e3fe1be46a994272793";

    #[test]
    fn only_a_sampled_header_with_root_and_parent_is_traced() {
        let cases = [
            (
                format!("Root={ROOT};Parent=53995c3f42cd8ad8;Sampled=1"),
                true,
            ),
            (
                format!("Sampled=1; Parent=53995c3f42cd8ad8; Root={ROOT}"),
                true,
            ),
            (
                format!("Root={ROOT};Parent=53995c3f42cd8ad8;Sampled=0"),
                false,
            ),
            (format!("Root={ROOT};Parent=53995c3f42cd8ad8"), false),
            (format!("Root={ROOT};Sampled=1"), false),
            ("Parent=53995c3f42cd8ad8;Sampled=1".to_string(), false),
            (String::new(), false),
        ];
        for (header, traced) in cases {
            let got = sampled_trace(&header);
            assert_eq!(got.is_some(), traced, "{header}");
            if let Some(trace) = got {
                assert_eq!(trace.root, ROOT);
                assert_eq!(trace.parent, "53995c3f42cd8ad8");
            }
        }
    }

    #[test]
    fn daemon_address_takes_host_port_or_the_udp_part() {
        let cases = [
            ("127.0.0.1:2000", Some("127.0.0.1:2000")),
            (
                "tcp:127.0.0.1:2001 udp:127.0.0.1:2002",
                Some("127.0.0.1:2002"),
            ),
            (
                "udp:127.0.0.1:2003 tcp:127.0.0.1:2004",
                Some("127.0.0.1:2003"),
            ),
            ("tcp:127.0.0.1:2001", None),
            ("", None),
            ("no-port", None),
        ];
        for (value, want) in cases {
            let got = daemon_address(value).map(|a| a.to_string());
            assert_eq!(got.as_deref(), want, "{value}");
        }
    }

    fn call(status: Option<u16>, failed: bool) -> Call<'static> {
        Call {
            operation: "GetItem",
            table_name: "items",
            region: "eu-west-1",
            start: 1.5,
            end: 1.75,
            status,
            failed,
        }
    }

    #[test]
    fn a_successful_call_is_a_dynamodb_subsegment_of_the_trace() {
        let trace = SampledTrace {
            root: ROOT.into(),
            parent: "53995c3f42cd8ad8".into(),
        };
        let doc = subsegment(&trace, "0123456789abcdef", &call(Some(200), false));
        assert_eq!(
            doc,
            json!({
                "name": "DynamoDB", "id": "0123456789abcdef", "trace_id": ROOT,
                "parent_id": "53995c3f42cd8ad8", "type": "subsegment", "namespace": "aws",
                "start_time": 1.5, "end_time": 1.75,
                "aws": {"operation": "GetItem", "table_name": "items", "region": "eu-west-1"},
                "http": {"response": {"status": 200}},
            })
        );
    }

    #[test]
    fn a_failed_call_is_flagged_error_throttle_or_fault() {
        let trace = SampledTrace {
            root: ROOT.into(),
            parent: "p".into(),
        };
        let cases = [
            (Some(400), vec!["error"]),
            (Some(429), vec!["error", "throttle"]),
            (Some(500), vec!["fault"]),
            (None, vec!["fault"]),
        ];
        for (status, flags) in cases {
            let doc = subsegment(&trace, "id", &call(status, true));
            for flag in ["error", "throttle", "fault"] {
                let want = flags.contains(&flag);
                assert_eq!(
                    doc.get(flag) == Some(&json!(true)),
                    want,
                    "{status:?} {flag}"
                );
            }
            assert_eq!(doc.get("http").is_some(), status.is_some());
        }
    }

    #[test]
    fn the_datagram_is_the_daemon_header_then_one_document() {
        let doc = json!({"name": "DynamoDB"});
        let text = datagram(&doc);
        let (header, body) = text.split_once('\n').unwrap();
        assert_eq!(header, r#"{"format":"json","version":1}"#);
        assert_eq!(serde_json::from_str::<Value>(body).unwrap(), doc);
    }

    #[test]
    fn subsegment_ids_are_16_hex_digits() {
        let id = new_subsegment_id();
        assert_eq!(id.len(), 16);
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
    }
}
