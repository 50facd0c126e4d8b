//! Prometheus metrics: requests by route and status, and appended events.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// (method, route, status) → (count, total seconds).
type RequestTable = BTreeMap<(String, String, u16), (u64, f64)>;

#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<RequestTable>,
    events_appended: AtomicU64,
}

impl Metrics {
    pub fn event_appended(&self) {
        self.events_appended.fetch_add(1, Ordering::Relaxed);
    }

    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        if let Ok(mut map) = self.requests.lock() {
            let entry = map
                .entry((method.to_owned(), route.to_owned(), status))
                .or_insert((0, 0.0));
            entry.0 += 1;
            entry.1 += seconds;
        }
    }

    /// The Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP probatio_http_requests_total HTTP requests by method, route and status.\n",
        );
        out.push_str("# TYPE probatio_http_requests_total counter\n");
        let map = self.requests.lock().map(|m| m.clone()).unwrap_or_default();
        for ((method, route, status), (count, _)) in &map {
            let _ = writeln!(
                out,
                "probatio_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {count}"
            );
        }
        out.push_str(
            "# HELP probatio_http_request_seconds_sum Time spent answering, by method and route.\n",
        );
        out.push_str("# TYPE probatio_http_request_seconds_sum counter\n");
        for ((method, route, status), (_, seconds)) in &map {
            let _ = writeln!(
                out,
                "probatio_http_request_seconds_sum{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {seconds:.6}"
            );
        }
        out.push_str(
            "# HELP probatio_events_appended_total Events appended to case logs by this server.\n",
        );
        out.push_str("# TYPE probatio_events_appended_total counter\n");
        let _ = writeln!(
            out,
            "probatio_events_appended_total {}",
            self.events_appended.load(Ordering::Relaxed)
        );
        out
    }
}

/// Counts every request by its route pattern (never the concrete path: ids stay out of metrics).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    state.metrics.observe(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}
