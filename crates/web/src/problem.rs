//! Errors as RFC 9457 problem details, and request extractors that produce them.
//!
//! Every refusal names the field and the rule, with a status a client can act on: 400 for a
//! body or parameter that cannot be read, 422 for a value the rules refuse, 404, 409 for a
//! stale version or a duplicate; never a panic and never a bare 500 for bad input.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use probatio_store::StoreError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

/// An RFC 9457 problem detail.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    /// The field at fault, as a path (`event.date`, `measure.term`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For a stale append: the case's current version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
    /// For a document that lacks facts: every one missing, as paths (`person.address`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Box<Vec<String>>>,
}

impl Problem {
    pub fn new(
        status: StatusCode,
        kind: &str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Problem {
        Problem {
            kind: format!("urn:probatio:problem:{kind}"),
            title,
            status: status.as_u16(),
            detail: detail.into(),
            field: None,
            current_version: None,
            missing: None,
        }
    }

    pub fn invalid(field: impl Into<String>, problem: impl Into<String>) -> Problem {
        let field = field.into();
        let problem = problem.into();
        Problem {
            field: Some(field.clone()),
            ..Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-field",
                "A field breaks a rule",
                format!("{field}: {problem}"),
            )
        }
    }

    pub fn unreadable(field: Option<String>, detail: impl Into<String>) -> Problem {
        Problem {
            field,
            ..Problem::new(
                StatusCode::BAD_REQUEST,
                "unreadable-request",
                "The request cannot be read",
                detail,
            )
        }
    }

    pub fn not_found(what: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "Not found",
            format!("{} not found", what.into()),
        )
    }
}

impl Problem {
    /// The caller is known but the role or territory does not allow this.
    pub fn forbidden(why: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Not allowed for this role or territory",
            why,
        )
    }

    /// No valid session or token.
    pub fn unauthenticated() -> Problem {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Sign in first",
            "this needs a session (POST /api/session) or an API token (Authorization: Bearer …)",
        )
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(self)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Problem {
        match e {
            StoreError::Invalid { field, problem } => Problem::invalid(field, problem),
            StoreError::NotFound(what) => Problem::not_found(what),
            StoreError::Forbidden(why) => Problem::forbidden(why),
            StoreError::Conflict { expected, current } => Problem {
                current_version: Some(current),
                field: Some("expected_version".to_owned()),
                ..Problem::new(
                    StatusCode::CONFLICT,
                    "stale-version",
                    "The case has changed",
                    format!(
                        "the case is at version {current}, not {expected}: reload it and try again; nothing was written"
                    ),
                )
            },
            StoreError::Duplicate(detail) => Problem::new(
                StatusCode::CONFLICT,
                "duplicate",
                "Already in the register",
                detail,
            ),
            StoreError::Database(e) => {
                // The detail of a database error can hold data: log its kind only.
                eprintln!("database error: {}", database_kind(&e));
                Problem::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "database",
                    "The register is unavailable",
                    "the database did not answer; nothing was written; try again",
                )
            }
            StoreError::Read(_) => {
                // As above: the kind only.
                eprintln!("database error: sqlite read");
                Problem::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "database",
                    "The register is unavailable",
                    "the database did not answer; nothing was written; try again",
                )
            }
            StoreError::Corrupt(detail) => {
                eprintln!("stored data inconsistent: {detail}");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "corrupt",
                    "Stored data is inconsistent",
                    "see the server log",
                )
            }
        }
    }
}

fn database_kind(e: &sqlx::Error) -> &'static str {
    match e {
        sqlx::Error::PoolTimedOut => "pool timed out",
        sqlx::Error::Io(_) => "i/o",
        sqlx::Error::Database(_) => "database",
        _ => "other",
    }
}

/// A JSON body read with the path of the field at fault in any error.
#[derive(Debug)]
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(';')
                    .next()
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
            });
        if !is_json {
            return Err(Problem {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE.as_u16(),
                ..Problem::unreadable(None, "send the body as application/json")
            });
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| Problem::unreadable(None, e.body_text()))?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let text = inner.to_string();
            let message = match text.rfind(" at line ") {
                Some(i) => text[..i].to_owned(),
                None => text,
            };
            match inner.classify() {
                serde_json::error::Category::Data if path != "." => Problem::invalid(path, message),
                _ => Problem::unreadable(None, format!("not valid JSON: {message}")),
            }
        })?;
        de.end()
            .map_err(|e| Problem::unreadable(None, format!("not valid JSON: {e}")))?;
        Ok(Body(value))
    }
}

/// A query string read with the parameter at fault named in any error.
#[derive(Debug)]
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Problem> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded_de(query);
        de.map(Params)
    }
}

fn serde_urlencoded_de<T: DeserializeOwned>(query: &str) -> Result<T, Problem> {
    // Parameters arrive as text: read them into a JSON object of strings; handlers convert
    // them with `int_param` and `bool_param`, which name the parameter in any error.
    let mut map = serde_json::Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = percent_decode(k)
            .map_err(|_| Problem::unreadable(None, "the query string is not valid UTF-8"))?;
        let v = percent_decode(v)
            .map_err(|_| Problem::unreadable(Some(k.clone()), format!("{k}: not valid UTF-8")))?;
        if map.contains_key(&k) {
            return Err(Problem::invalid(k, "given more than once"));
        }
        map.insert(k, serde_json::Value::from(v));
    }
    serde_path_to_error::deserialize(serde_json::Value::Object(map)).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        if path == "." {
            // An unknown parameter: serde names it in the message.
            Problem::invalid("query", message)
        } else {
            Problem::invalid(path, message)
        }
    })
}

fn percent_decode(s: &str) -> Result<String, std::string::FromUtf8Error> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out)
}

impl From<crate::documents::IssueError> for Problem {
    fn from(e: crate::documents::IssueError) -> Problem {
        use crate::documents::IssueError;
        use probatio_docs::DocError;
        match e {
            IssueError::Store(e) => Problem::from(e),
            IssueError::Field { field, problem } => Problem::invalid(field, problem),
            IssueError::Missing(list) | IssueError::Doc(DocError::Missing(list)) => Problem {
                field: list.first().map(|f| format!("facts.{f}")),
                missing: Some(Box::new(list.iter().map(|f| (*f).to_owned()).collect())),
                ..Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "missing-facts",
                    "The document lacks required facts",
                    format!(
                        "not produced; missing: {} (the register's facts are corrected in the case or the person, the officer's part is sent in `facts`)",
                        list.join(", ")
                    ),
                )
            },
            IssueError::Doc(
                e @ (DocError::OtherTemplates { .. } | DocError::HashMismatch { .. }),
            ) => Problem::new(
                StatusCode::CONFLICT,
                "document-not-reproducible",
                "The issued document cannot be given back byte for byte",
                format!("{e}; its facts and hash stay in the case's log"),
            ),
            IssueError::Doc(DocError::UnknownKind(kind)) => {
                Problem::invalid("kind", format!("{kind:?} is not a document kind"))
            }
            IssueError::Doc(e @ DocError::Template { .. }) => {
                eprintln!("document not typeset: {e}");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "document-template",
                    "The document did not typeset",
                    "a defect of the document's template; nothing was recorded; see the server log",
                )
            }
        }
    }
}

/// A case's numeric id and a numeric id under it (`/api/cases/{id}/documents/{doc}`).
#[derive(Debug)]
pub struct Ids(pub i64, pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Ids {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        let axum::extract::Path((a, b)): axum::extract::Path<(String, String)> =
            axum::extract::Path::from_request_parts(parts, state)
                .await
                .map_err(|e| Problem::unreadable(Some("id".into()), e.body_text()))?;
        let positive = |raw: &str, name: &str| {
            raw.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                Problem::invalid(name, format!("{raw:?} is not a positive whole number"))
            })
        };
        Ok(Ids(positive(&a, "id")?, positive(&b, "doc")?))
    }
}

/// A numeric path parameter.
#[derive(Debug)]
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        let axum::extract::Path(raw): axum::extract::Path<String> =
            axum::extract::Path::from_request_parts(parts, state)
                .await
                .map_err(|e| Problem::unreadable(Some("id".into()), e.body_text()))?;
        raw.parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(Id)
            .ok_or_else(|| {
                Problem::invalid("id", format!("{raw:?} is not a positive whole number"))
            })
    }
}

/// An optional whole-number query parameter within `lo..=hi`.
pub fn int_param(
    value: &Option<String>,
    name: &str,
    lo: i64,
    hi: i64,
) -> Result<Option<i64>, Problem> {
    value
        .as_deref()
        .map(|v| {
            v.parse::<i64>()
                .ok()
                .filter(|n| (lo..=hi).contains(n))
                .ok_or_else(|| {
                    Problem::invalid(name, format!("{v:?} is not a whole number {lo}–{hi}"))
                })
        })
        .transpose()
}

/// An optional `true`/`false` query parameter.
pub fn bool_param(value: &Option<String>, name: &str) -> Result<Option<bool>, Problem> {
    value
        .as_deref()
        .map(|v| match v {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(Problem::invalid(
                name,
                format!("{v:?} is not true or false"),
            )),
        })
        .transpose()
}
