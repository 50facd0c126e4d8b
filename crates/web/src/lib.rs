//! probatio's HTTP server: the JSON API with its OpenAPI document and Swagger UI, health and
//! metrics, and the officers' HTML application (`pages`, issue 5: signing in and Today so far).

mod api;
pub mod audit;
pub mod caller;
pub mod documents;
pub mod i18n;
mod metrics;
mod pages;
pub mod problem;
mod schema;
mod security;
pub mod session;

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use probatio_core::calendar::Calendar;
use probatio_store::Store;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

pub use metrics::Metrics;
pub use pages::page_routes;
use problem::Problem;

/// What every handler shares, behind one `Arc`: axum clones the state for every middleware
/// and extractor of every request, and a clone of the fields was a dozen atomic operations.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

#[derive(Debug)]
pub struct Shared {
    pub store: Store,
    pub calendar: Arc<Calendar>,
    pub metrics: Arc<Metrics>,
    /// Mark the session cookie `Secure` (all but a server on the loopback address).
    pub secure_cookies: bool,
    pub auditor: audit::Auditor,
    /// Who recent credentials were (a 2-second cache of the session and token lookups).
    pub principals: Arc<caller::PrincipalCache>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "probatio",
        description = "The register and legal agenda of Kazakhstan's probation service. Errors are RFC 9457 problem details naming the field and the rule.",
        license(name = "MIT OR Apache-2.0")
    ),
    tags(
        (name = "persons", description = "Supervised persons"),
        (name = "cases", description = "Cases, their event logs and agendas"),
        (name = "documents", description = "Documents issued from a case (PDF, Kazakh or Russian)"),
        (name = "register", description = "Services and officers"),
        (name = "calendar", description = "Kazakhstan's working-day calendar"),
        (name = "session", description = "Signing in and out"),
        (name = "operations", description = "Health and metrics")
    )
)]
struct ApiDoc;

/// Liveness and database reachability.
#[utoipa::path(get, path = "/health", tag = "operations",
    responses((status = 200, description = "serving", body = String), (status = 503, body = Problem)))]
async fn health(State(s): State<AppState>) -> Result<&'static str, Problem> {
    sqlx::query("SELECT 1")
        .execute(s.store.pool())
        .await
        .map_err(probatio_store::StoreError::from)?;
    Ok("ok")
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "metrics", body = String)))]
async fn metrics_text(State(s): State<AppState>) -> impl IntoResponse {
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        s.metrics.render(),
    )
}

async fn not_found() -> Problem {
    Problem::not_found("this path")
}

/// Fixes what the derive macros cannot say: a flattened record's schema must not inherit the
/// input's `additionalProperties: false`; problem details are `application/problem+json`;
/// health and metrics are plain text.
fn finish(api: utoipa::openapi::OpenApi) -> serde_json::Value {
    let Ok(mut doc) = serde_json::to_value(&api) else {
        return serde_json::Value::Null;
    };
    let schemas = doc["components"]["schemas"].clone();
    inline_flattened(&mut doc, &schemas);
    if let Some(paths) = doc["paths"].as_object_mut() {
        for (path, item) in paths.iter_mut() {
            let plain = path == "/health" || path == "/metrics";
            for op in item
                .as_object_mut()
                .into_iter()
                .flat_map(|o| o.values_mut())
            {
                for response in op
                    .get_mut("responses")
                    .and_then(|r| r.as_object_mut())
                    .into_iter()
                    .flat_map(|r| r.values_mut())
                {
                    let Some(content) = response.get_mut("content").and_then(|c| c.as_object_mut())
                    else {
                        continue;
                    };
                    let Some(json) = content.remove("application/json") else {
                        continue;
                    };
                    let is_problem = json.pointer("/schema/$ref").and_then(|r| r.as_str())
                        == Some("#/components/schemas/Problem");
                    let media = if is_problem {
                        "application/problem+json"
                    } else if plain {
                        "text/plain"
                    } else {
                        "application/json"
                    };
                    content.insert(media.to_owned(), json);
                }
            }
        }
    }
    doc
}

/// Replaces every `$ref` inside an `allOf` (a serde `flatten`) with a copy of the schema that
/// allows the other parts' properties.
fn inline_flattened(node: &mut serde_json::Value, schemas: &serde_json::Value) {
    match node {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Array(parts)) = map.get_mut("allOf") {
                for part in parts.iter_mut() {
                    let target = part
                        .get("$ref")
                        .and_then(|r| r.as_str())
                        .and_then(|r| r.rsplit('/').next())
                        .map(str::to_owned);
                    if let Some(mut copy) = target.and_then(|name| schemas.get(&name).cloned()) {
                        if let Some(obj) = copy.as_object_mut() {
                            obj.remove("additionalProperties");
                        }
                        *part = copy;
                    }
                }
            }
            for value in map.values_mut() {
                inline_flattened(value, schemas);
            }
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().for_each(|v| inline_flattened(v, schemas))
        }
        _ => {}
    }
}

fn documented() -> (Router<AppState>, serde_json::Value) {
    let (router, api) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(utoipa_axum::routes!(health))
        .routes(utoipa_axum::routes!(metrics_text))
        .merge(api::router())
        .merge(session::router())
        .split_for_parts();
    (router, finish(api))
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    let (router, api) = documented();
    router
        .merge(SwaggerUi::new("/api/docs").external_url_unchecked("/api/openapi.json", api))
        .merge(pages::router())
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            audit::track,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(axum::middleware::from_fn(security::baseline))
        .with_state(state)
}

/// A state over `store` with the built-in calendar (session cookies marked `Secure`).
pub fn state(store: Store) -> AppState {
    state_with(store, true)
}

/// [`state`], saying whether session cookies are marked `Secure`.
pub fn state_with(store: Store, secure_cookies: bool) -> AppState {
    AppState(Arc::new(Shared {
        store: store.clone(),
        calendar: Arc::new(Calendar::builtin()),
        metrics: Arc::new(Metrics::default()),
        secure_cookies,
        auditor: audit::Auditor::start(store),
        principals: Arc::new(caller::PrincipalCache::default()),
    }))
}

/// Just the OpenAPI document (for tests and tools).
pub fn openapi_json() -> String {
    serde_json::to_string_pretty(&documented().1).unwrap_or_default()
}
