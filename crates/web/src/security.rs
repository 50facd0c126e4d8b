//! The security baseline every response carries, and the refusal of cross-site writes.
//!
//! CSRF: the session cookie is `SameSite=Strict`, so browsers do not send it from another
//! site; in depth, a state-changing request that a browser marks as coming from another origin
//! (`Origin` not this host, or `Sec-Fetch-Site: cross-site`) is refused before any handler
//! runs. Clients that are not browsers send neither header and are not CSRF vectors.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::problem::Problem;

/// No inline script or style, nothing from elsewhere, never framed.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Whether a browser says this request comes from another site.
fn cross_site(headers: &HeaderMap) -> bool {
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site")
    {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    // `Origin: null` (a sandboxed or file page) is another origin too.
    let origin_host = origin.split_once("://").map(|(_, host)| host);
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    origin_host.is_none() || origin_host != host
}

pub async fn baseline(request: Request, next: Next) -> Response {
    // Register data must not stay in a shared or browser cache.
    let no_store =
        request.uri().path().starts_with("/api/") && !request.uri().path().starts_with("/api/docs");
    let unsafe_method = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let mut response = if unsafe_method && cross_site(request.headers()) {
        Problem::forbidden(
            "a state-changing request from another site is refused (cross-site request forgery)",
        )
        .into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    for (name, value) in [
        ("content-security-policy", CSP),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if no_store {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
