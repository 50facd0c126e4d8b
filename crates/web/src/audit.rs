//! The access log from the HTTP side: every request to a person's or a case's data by a
//! signed-in caller is recorded before it is answered. Records are written in batches (group
//! commit: one transaction for all requests waiting at that moment), so auditing every read
//! costs a share of a commit, not a commit per read; if the record cannot be written, the
//! data is not served (503).

use std::sync::{Arc, Mutex};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use probatio_store::Store;
use probatio_store::access::AccessRecord;
use probatio_store::tokens::Principal;
use tokio::sync::{mpsc, oneshot};

use crate::AppState;
use crate::problem::Problem;

/// The most records one transaction takes.
const BATCH: usize = 512;

type Job = (AccessRecord, oneshot::Sender<bool>);

/// The writer of the access log.
#[derive(Debug, Clone)]
pub struct Auditor {
    jobs: mpsc::Sender<Job>,
}

impl Auditor {
    /// Starts the writer on the current runtime.
    pub fn start(store: Store) -> Auditor {
        let (jobs, mut rx) = mpsc::channel::<Job>(BATCH * 8);
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut batch = vec![first];
                while batch.len() < BATCH {
                    match rx.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                let (records, done): (Vec<AccessRecord>, Vec<_>) = batch.into_iter().unzip();
                let ok = match store.record_access(&records).await {
                    Ok(()) => true,
                    Err(e) => {
                        // Ids only in logs; the error names no person.
                        eprintln!("access log: {} records not written: {e}", records.len());
                        false
                    }
                };
                for done in done {
                    let _ = done.send(ok);
                }
            }
        });
        Auditor { jobs }
    }

    /// Records `r`; true once it is durable.
    pub async fn record(&self, r: AccessRecord) -> bool {
        let (done, wait) = oneshot::channel();
        if self.jobs.send((r, done)).await.is_err() {
            return false;
        }
        wait.await.unwrap_or(false)
    }
}

/// Where the [`crate::caller::Caller`] extractor leaves who called, for the access log.
#[derive(Debug, Clone, Default)]
pub struct CallerSlot(pub Arc<Mutex<Option<Principal>>>);

/// The routes whose requests read or change a person's or a case's data (the API's, and the
/// pages that show cases).
fn audited(route: &str) -> bool {
    route.starts_with("/api/cases")
        || route.starts_with("/api/persons")
        || route == "/today"
        || route.starts_with("/cases")
        || route.starts_with("/persons")
        || route.starts_with("/transfers")
}

/// The id in `path` after `/api/{collection}/` (or the page's `/{collection}/`), if the route
/// has one there.
fn id_after(route: &str, path: &str, collection: &str) -> Option<i64> {
    let api = format!("/api/{collection}/{{id}}");
    let page = format!("/{collection}/{{id}}");
    let at = if route.starts_with(&api) {
        3
    } else if route.starts_with(&page) {
        2
    } else {
        return None;
    };
    path.split('/').nth(at).and_then(|s| s.parse().ok())
}

pub async fn track(State(s): State<AppState>, mut request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    let Some(route) = route.filter(|r| audited(r)) else {
        return next.run(request).await;
    };
    let slot = CallerSlot::default();
    request.extensions_mut().insert(slot.clone());
    let address = request
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string());
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let response = next.run(request).await;
    let who = slot.0.lock().ok().and_then(|mut w| w.take());
    // Without a caller nothing was read (401 before any query).
    let Some(who) = who else {
        return response;
    };
    let record = AccessRecord {
        at: probatio_store::now_utc(),
        actor: who.actor,
        role: who.role.as_str().to_owned(),
        address,
        method,
        case_id: id_after(&route, &path, "cases"),
        person_id: id_after(&route, &path, "persons"),
        route,
        query,
        status: i64::from(response.status().as_u16()),
    };
    if s.auditor.record(record).await {
        response
    } else {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "audit-unavailable",
            "The access log cannot be written",
            "the request was not answered because it could not be recorded; try again",
        )
        .into_response()
    }
}
