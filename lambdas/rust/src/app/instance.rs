//! The facts about this Lambda instance (execution environment) that /health and
//! /metrics report.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use crate::domain::{CONTRACT_VERSION, RUNTIME_NAME};
use crate::models;

pub struct Instance {
    pub id: String,
    start: Instant,
    init_done: OnceLock<Duration>,
    invocations: AtomicI64,
}

impl Instance {
    /// Starts an instance's figures from the process's start.
    pub fn new(process_start: Instant) -> Self {
        Instance {
            id: uuid::Uuid::new_v4().to_string(),
            start: process_start,
            init_done: OnceLock::new(),
            invocations: AtomicI64::new(0),
        }
    }

    /// Records the end of the handler's initialisation; later calls keep the first.
    pub fn initialised(&self) {
        self.init_done.get_or_init(|| self.start.elapsed());
    }

    /// The initialisation's duration in milliseconds (up to now if it has not ended).
    pub fn init_duration_ms(&self) -> f64 {
        milliseconds(*self.init_done.get_or_init(|| self.start.elapsed()))
    }

    /// Counts one invocation and returns its number (1 is the cold start).
    pub fn invoked(&self) -> i64 {
        self.invocations.fetch_add(1, Ordering::SeqCst) + 1
    }

    pub fn health(&self, invocation: i64) -> models::Health {
        models::Health {
            status: models::health::Status::Ok,
            runtime: RUNTIME_NAME.to_string(),
            version: CONTRACT_VERSION.to_string(),
            runtime_version: format!("rust {}", env!("RUSTC_VERSION")),
            cold_start: invocation == 1,
        }
    }

    pub fn metrics(&self, invocation: i64) -> models::Metrics {
        models::Metrics {
            runtime: RUNTIME_NAME.to_string(),
            instance_id: self.id.clone(),
            cold_start: invocation == 1,
            init_duration_ms: self.init_duration_ms(),
            invocations: self.invocations.load(Ordering::SeqCst),
            uptime_ms: milliseconds(self.start.elapsed()),
            memory: models::MetricsMemory {
                rss_bytes: resident_set_bytes(),
            },
        }
    }
}

fn milliseconds(d: Duration) -> f64 {
    d.as_micros() as f64 / 1000.0
}

/// The process's resident set from /proc (Linux, as on Lambda); 0 elsewhere.
fn resident_set_bytes() -> i64 {
    let pages = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|statm| {
            statm
                .split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<i64>().ok())
        })
        .unwrap_or(0);
    pages * 4096 // the page size of Lambda's x86_64 and arm64 kernels
}
