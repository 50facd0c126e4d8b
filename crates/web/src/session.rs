//! Signing in and out over HTTP: a session cookie that scripts cannot read (HttpOnly), that
//! other sites cannot send (SameSite=Strict), and that travels only over TLS (Secure) unless
//! the server listens on the loopback address.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use probatio_store::users::{SESSION_SECONDS, SignIn, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::problem::{Body, Problem};

/// The session cookie's name.
pub const COOKIE: &str = "probatio_session";

/// The client's address as the server saw it (for throttling; never logged with a name).
#[derive(Debug)]
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Problem> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string()),
        ))
    }
}

/// The session token from the cookie, if any.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, COOKIE)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The value of the request's cookie `name`, if it has one.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
}

pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

pub(crate) fn cookie(token: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("probatio_session=; Max-Age=0"))
}

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Credentials {
    login: String,
    password: String,
}

/// The signed-in user.
#[derive(Debug, Serialize, ToSchema)]
struct SessionUser {
    id: i64,
    login: String,
    full_name: String,
    /// `officer`, `head`, `regional_admin`, `analyst`, `prosecutor` or `sysadmin`.
    role: String,
    service_id: Option<i64>,
    region_kato: Option<String>,
}

impl From<User> for SessionUser {
    fn from(u: User) -> SessionUser {
        SessionUser {
            id: u.id,
            login: u.login,
            full_name: u.full_name,
            role: u.role.as_str().to_owned(),
            service_id: u.service_id,
            region_kato: u.region_kato,
        }
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_in, current, sign_out))
        .routes(routes!(change_password))
}

/// A password change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct PasswordChange {
    current_password: String,
    /// At least 12 characters, not the current one.
    new_password: String,
}

/// Change the signed-in user's password: the current one is checked (failures count towards
/// the sign-in throttle) and every other session of the user ends.
#[utoipa::path(put, path = "/api/session/password", tag = "session", request_body = PasswordChange,
    responses((status = 204, description = "changed"), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
async fn change_password(
    State(s): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Body(c): Body<PasswordChange>,
) -> Result<StatusCode, Problem> {
    let token = session_token(&headers).ok_or_else(|| unauthorized("no session"))?;
    let changed = s
        .store
        .change_password(&token, &c.current_password, &c.new_password, &addr, now())
        .await
        .map_err(|e| match e {
            probatio_store::StoreError::NotFound(_) => unauthorized("the session has ended"),
            e => e.into(),
        })?;
    if changed {
        s.principals.forget_all();
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Problem::invalid(
            "current_password",
            "is not the current password",
        ))
    }
}

fn unauthorized(detail: &str) -> Problem {
    Problem::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "Not signed in",
        detail,
    )
}

/// Sign in: a new session (and a new session id) at every sign-in. Repeated failures for an
/// account or from an address are refused for a while (429).
#[utoipa::path(post, path = "/api/session", tag = "session", request_body = Credentials,
    responses((status = 201, body = SessionUser), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 415, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
async fn sign_in(
    State(s): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Body(c): Body<Credentials>,
) -> Result<Response, Problem> {
    match s.store.sign_in(&c.login, &c.password, &addr, now()).await? {
        SignIn::Session { token, user } => {
            let mut response = (StatusCode::CREATED, Json(SessionUser::from(user))).into_response();
            response.headers_mut().insert(
                header::SET_COOKIE,
                cookie(&token, SESSION_SECONDS, s.secure_cookies),
            );
            Ok(response)
        }
        SignIn::Denied => Err(unauthorized("wrong login or password")),
        SignIn::Throttled => Err(Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "throttled",
            "Too many failed sign-ins",
            "too many failed sign-ins for this account or address: wait 15 minutes",
        )),
    }
}

/// The signed-in user of this session.
#[utoipa::path(get, path = "/api/session", tag = "session",
    responses((status = 200, body = SessionUser), (status = 401, body = Problem)))]
async fn current(
    State(s): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<SessionUser>, Problem> {
    let token = session_token(&headers).ok_or_else(|| unauthorized("no session"))?;
    let user = s
        .store
        .session_user(&token, now())
        .await?
        .ok_or_else(|| unauthorized("the session has ended"))?;
    Ok(Json(user.into()))
}

/// Sign out: ends the session and clears the cookie.
#[utoipa::path(delete, path = "/api/session", tag = "session", responses((status = 204, description = "signed out")))]
async fn sign_out(State(s): State<AppState>, headers: HeaderMap) -> Result<Response, Problem> {
    if let Some(token) = session_token(&headers) {
        s.store.sign_out(&token).await?;
        s.principals.forget_all();
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, cookie("", 0, s.secure_cookies));
    Ok(response)
}
