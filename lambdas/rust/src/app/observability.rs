//! The observability contract of every runtime (issue 19), hand-written because
//! Powertools has no Rust edition: one JSON object per log line on stdout with
//! Powertools' fields, one "cold start" INFO line and one EMF `ColdStart` metric at an
//! instance's first invocation, one ERROR line per unhandled error, nothing else per
//! request at INFO. X-Ray subsegments of DynamoDB calls: crate::tracing_xray.

use std::sync::Mutex;
use std::time::SystemTime;

use lambda_http::Context;
use serde_json::{Map, Value, json};

use super::Instance;
use crate::domain::{RUNTIME_NAME, timestamp};

/// The EMF namespace every runtime's ColdStart metric goes to.
pub const METRICS_NAMESPACE: &str = "MultiRuntimeBenchmark";

/// The log levels, in order; POWERTOOLS_LOG_LEVEL picks the lowest that is written.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Level {
    Debug,
    Info,
    Warn,
    Error,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::Debug => "DEBUG",
            Level::Info => "INFO",
            Level::Warn => "WARN",
            Level::Error => "ERROR",
        }
    }

    /// The level POWERTOOLS_LOG_LEVEL names (INFO when unset or unknown).
    pub fn from_env(value: Option<&str>) -> Level {
        match value.map(str::to_ascii_uppercase).as_deref() {
            Some("DEBUG") => Level::Debug,
            Some("WARN" | "WARNING") => Level::Warn,
            Some("ERROR" | "CRITICAL") => Level::Error,
            _ => Level::Info,
        }
    }
}

/// The invocation's facts every line carries (Powertools' "Lambda context" keys).
struct Invocation {
    cold_start: bool,
    request_id: String,
    function_arn: String,
    trace_id: Option<String>,
}

static CURRENT: Mutex<Option<Invocation>> = Mutex::new(None);

fn service() -> String {
    format!("items-{RUNTIME_NAME}")
}

fn function_name() -> String {
    std::env::var("AWS_LAMBDA_FUNCTION_NAME").unwrap_or_default()
}

/// One log line as Powertools writes it, with the invocation's keys when there is one.
pub fn log_line(level: Level, message: &str, extra: Map<String, Value>, at: SystemTime) -> String {
    let mut line = Map::new();
    line.insert("timestamp".into(), timestamp(at).into());
    line.insert("level".into(), level.name().into());
    line.insert("message".into(), message.into());
    line.insert("service".into(), service().into());
    line.insert("function_name".into(), function_name().into());
    let memory: Option<i64> = std::env::var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        .ok()
        .and_then(|m| m.parse().ok());
    line.insert("function_memory_size".into(), memory.into());
    if let Some(invocation) = CURRENT.lock().ok().as_deref().and_then(Option::as_ref) {
        line.insert("cold_start".into(), invocation.cold_start.into());
        line.insert(
            "function_arn".into(),
            invocation.function_arn.clone().into(),
        );
        line.insert(
            "function_request_id".into(),
            invocation.request_id.clone().into(),
        );
        if let Some(trace_id) = &invocation.trace_id {
            line.insert("xray_trace_id".into(), trace_id.clone().into());
        }
    } else {
        line.insert("cold_start".into(), true.into());
    }
    line.extend(extra);
    Value::Object(line).to_string()
}

fn log(level: Level, message: &str, extra: Map<String, Value>) {
    if level >= Level::from_env(std::env::var("POWERTOOLS_LOG_LEVEL").ok().as_deref()) {
        println!("{}", log_line(level, message, extra, SystemTime::now()));
    }
}

/// One ERROR line for an unhandled error.
pub fn log_error(message: &str, error: &str) {
    log(
        Level::Error,
        message,
        Map::from_iter([("error".to_string(), Value::from(error))]),
    );
}

/// The EMF line of the cold-start metric, as Powertools' add_cold_start_metric writes it.
pub fn cold_start_metric(function_name: &str, at_ms: u128) -> String {
    json!({
        "_aws": {
            "Timestamp": at_ms as u64,
            "CloudWatchMetrics": [{
                "Namespace": METRICS_NAMESPACE,
                "Dimensions": [["function_name", "service"]],
                "Metrics": [{"Name": "ColdStart", "Unit": "Count"}],
            }],
        },
        "function_name": function_name,
        "service": service(),
        "ColdStart": [1.0],
    })
    .to_string()
}

/// Records the invocation's keys; at the instance's first one, writes the cold-start line
/// and metric.
pub fn begin_invocation(context: Option<&Context>, instance: &Instance) {
    let mut current = CURRENT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let cold_start = current.is_none();
    *current = Some(Invocation {
        cold_start,
        request_id: context.map(|c| c.request_id.clone()).unwrap_or_default(),
        function_arn: context
            .map(|c| c.invoked_function_arn.clone())
            .unwrap_or_default(),
        trace_id: context
            .and_then(|c| c.xray_trace_id.as_deref().and_then(trace_root))
            .filter(|t| !t.is_empty()),
    });
    drop(current);
    crate::tracing_xray::set_invocation_header(context.and_then(|c| c.xray_trace_id.as_deref()));
    if cold_start {
        let extra = Map::from_iter([
            (
                "initDurationMs".to_string(),
                Value::from(instance.init_duration_ms()),
            ),
            ("instanceId".to_string(), Value::from(instance.id.clone())),
        ]);
        log(Level::Info, "cold start", extra);
        let now_ms = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        println!("{}", cold_start_metric(&function_name(), now_ms));
    }
}

/// The Root of a trace header (Root=1-...;Parent=...;Sampled=1), as Powertools logs
/// `xray_trace_id`.
pub fn trace_root(header: &str) -> Option<String> {
    header
        .split(';')
        .find_map(|part| part.trim().strip_prefix("Root="))
        .filter(|root| !root.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_root_is_the_root_of_the_header() {
        let cases = [
            (
                "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",
                Some("1-5759e988-bd862e3fe1be46a994272793"),
            ),
            ("Parent=53995c3f42cd8ad8;Root=1-a-b", Some("1-a-b")),
            ("Sampled=0", None),
            ("", None),
        ];
        for (header, want) in cases {
            assert_eq!(trace_root(header).as_deref(), want, "{header}");
        }
    }

    #[test]
    fn cold_start_metric_is_powertools_emf() {
        let line: Value = serde_json::from_str(&cold_start_metric("f", 7)).unwrap();
        assert_eq!(line["ColdStart"], json!([1.0]));
        assert_eq!(
            line["_aws"]["CloudWatchMetrics"][0]["Namespace"],
            METRICS_NAMESPACE
        );
        assert_eq!(
            line["_aws"]["CloudWatchMetrics"][0]["Dimensions"],
            json!([["function_name", "service"]])
        );
        assert_eq!(
            (line["function_name"].as_str(), line["service"].as_str()),
            (Some("f"), Some("items-rust"))
        );
    }

    #[test]
    fn log_lines_carry_powertools_keys() {
        let line: Value = serde_json::from_str(&log_line(
            Level::Error,
            "m",
            Map::new(),
            SystemTime::UNIX_EPOCH,
        ))
        .unwrap();
        for key in [
            "timestamp",
            "level",
            "message",
            "service",
            "cold_start",
            "function_name",
            "function_memory_size",
        ] {
            assert!(line.get(key).is_some(), "{key}");
        }
        assert_eq!(line["timestamp"], "1970-01-01T00:00:00.000Z");
    }
}
