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

/// Whether a browser says this request comes from another site. `Sec-Fetch-Site` decides
/// where the browser sends it: under `Referrer-Policy: no-referrer` a browser sends
/// `Origin: null` even for a same-origin form, so the origin is only read without it.
fn cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        // `none`: typed or bookmarked by the user; `same-site` is another origin.
        return !matches!(site, "same-origin" | "none");
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn csrf_a_same_origin_form_is_let_through_even_with_a_null_origin() {
        let host = ("host", "127.0.0.1:8080");
        // Chromium under no-referrer: a same-origin form post says `Origin: null`.
        assert!(!cross_site(&headers(&[
            host,
            ("origin", "null"),
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(!cross_site(&headers(&[
            host,
            ("origin", "http://127.0.0.1:8080")
        ])));
        assert!(!cross_site(&headers(&[host])), "not a browser");
        assert!(cross_site(&headers(&[
            host,
            ("origin", "null"),
            ("sec-fetch-site", "cross-site")
        ])));
        assert!(cross_site(&headers(&[
            host,
            ("origin", "http://app.example:8080"),
            ("sec-fetch-site", "same-site")
        ])));
        assert!(cross_site(&headers(&[host, ("origin", "null")])));
        assert!(cross_site(&headers(&[
            host,
            ("origin", "https://evil.example")
        ])));
    }
}
