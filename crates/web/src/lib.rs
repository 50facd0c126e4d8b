//! probatio's HTTP server: the JSON API with its OpenAPI document and Swagger UI, health and
//! metrics. (The officers' HTML application follows in issue 5.)

mod api;
mod metrics;
pub mod problem;
mod schema;

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
use problem::Problem;

/// What every handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub calendar: Arc<Calendar>,
    pub metrics: Arc<Metrics>,
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
        (name = "register", description = "Services and officers"),
        (name = "calendar", description = "Kazakhstan's working-day calendar"),
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

/// The whole application.
pub fn app(state: AppState) -> Router {
    let (router, api) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(utoipa_axum::routes!(health))
        .routes(utoipa_axum::routes!(metrics_text))
        .merge(api::router())
        .split_for_parts();
    router
        .merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", api))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .with_state(state)
}

/// A state over `store` with the built-in calendar.
pub fn state(store: Store) -> AppState {
    AppState {
        store,
        calendar: Arc::new(Calendar::builtin()),
        metrics: Arc::new(Metrics::default()),
    }
}

/// Just the OpenAPI document (for tests and tools).
pub fn openapi_json() -> String {
    let (_, api) = OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi())
        .routes(utoipa_axum::routes!(health))
        .routes(utoipa_axum::routes!(metrics_text))
        .merge(api::router())
        .split_for_parts();
    api.to_pretty_json().unwrap_or_default()
}
