//! What the web tests share: a register on a temporary SQLite file, users signed in directly
//! in the store, and one raw request helper.
// Each test binary uses a part of these.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use probatio_core::date::Date;
use probatio_store::Store;
use serde_json::{Value, json};
use tower::ServiceExt;

pub const PASSWORD: &str = "ұзын құпиясөз 12345";

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Signs `login` in directly in the store; the cookie header value.
pub async fn session_of(store: &Store, login: &str) -> String {
    match store
        .sign_in(login, PASSWORD, "127.0.0.1", now())
        .await
        .expect("sign in")
    {
        probatio_store::users::SignIn::Session { token, .. } => {
            format!("{}={token}", probatio_web::session::COOKIE)
        }
        other => panic!("sign-in refused: {other:?}"),
    }
}

/// Adds a user of `role` bound to `service` / `region` and signs them in; the cookie.
pub async fn user_session(
    store: &Store,
    login: &str,
    role: &str,
    service: Option<&str>,
    region: Option<&str>,
    officer: Option<i64>,
) -> String {
    store
        .create_user(&probatio_store::users::NewUser {
            login: login.into(),
            full_name: "Тексеруші".into(),
            role: role.into(),
            service_kato: service.map(str::to_owned),
            region_kato: region.map(str::to_owned),
            officer_id: officer,
            password: PASSWORD.into(),
        })
        .await
        .expect("user");
    session_of(store, login).await
}

/// The shared acceptance examples.
pub fn examples() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/acceptance/agenda")
}

/// One request to `router` with `cookies` and, if any, a body of `content_type`:
/// (status, headers, body bytes).
pub async fn request(
    router: &Router,
    method: &str,
    uri: &str,
    cookies: &str,
    body: Option<(&str, String)>,
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut req = Request::builder().method(method).uri(uri);
    if !cookies.is_empty() {
        req = req.header(header::COOKIE, cookies);
    }
    let body = match body {
        Some((content_type, b)) => {
            req = req.header(header::CONTENT_TYPE, content_type);
            Body::from(b)
        }
        None => Body::empty(),
    };
    let response = router
        .clone()
        .oneshot(req.body(body).expect("request"))
        .await
        .expect("response");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 16 << 20)
        .await
        .expect("body");
    (status, headers, bytes.to_vec())
}

/// The `Set-Cookie` values of a response.
pub fn set_cookies(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect()
}

/// The app over a fresh register with one service, and the session of its head.
#[derive(Clone)]
pub struct Api {
    pub router: Router,
    pub cookie: String,
    pub service: i64,
    pub store: Store,
}

pub async fn app_on(today: Date) -> (Api, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("api.db").display());
    let store = Store::connect(&url).await.expect("store").with_today(today);
    store.migrate().await.expect("migrate");
    let service = store
        .create_service(&probatio_store::NewService {
            kato: "751210000".into(),
            region_kato: "750000000".into(),
            name_kk: "Әуезов ауданының пробация қызметі".into(),
            name_ru: "Служба пробации Ауэзовского района".into(),
        })
        .await
        .expect("service");
    store
        .create_user(&probatio_store::users::NewUser {
            login: "head".into(),
            full_name: "Серікбаев Ғалым".into(),
            role: "head".into(),
            service_kato: Some("751210000".into()),
            region_kato: None,
            officer_id: None,
            password: PASSWORD.into(),
        })
        .await
        .expect("head");
    let cookie = session_of(&store, "head").await;
    let router = probatio_web::app(probatio_web::state(store.clone()));
    (
        Api {
            router,
            cookie,
            service: service.id,
            store,
        },
        dir,
    )
}

/// A request as the signed-in head of the service.
pub async fn call(
    app: &Api,
    method: &str,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value, String) {
    let body = body.map(|v| ("application/json", v.to_string()));
    let (status, headers, bytes) = request(&app.router, method, uri, &app.cookie, body).await;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let value = serde_json::from_slice(&bytes)
        .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, value, content_type)
}

/// Enters an acceptance example through the API: person, case, then each event in file order.
pub async fn enter_example(app: &Api, service: i64, example: &Value) -> i64 {
    let p = &example["person"];
    let (status, person, _) = call(
        app,
        "POST",
        "/api/persons",
        Some(json!({
            "surname": "Сынақов", "given_name": "Өмірзақ", "birth_date": p["birth_date"], "sex": p["sex"],
            "disability_group": p["disability_group"], "pregnant": p["pregnant"].as_bool().unwrap_or(false),
            "sole_carer": p["sole_carer"].as_bool().unwrap_or(false), "military": p["military"].as_bool().unwrap_or(false),
            "children_birth_dates": p.get("children_birth_dates").cloned().unwrap_or(json!([])),
            "address": {"kato_region": "750000000", "kato_district": "751210000", "line": "Абай даңғылы, 1",
                        "rural": p["rural"].as_bool().unwrap_or(false), "since": "2010-01-01"}
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{person}");
    let (status, case, _) = call(
        app,
        "POST",
        "/api/cases",
        Some(json!({"person_id": person["id"], "service_id": service, "measure": example["measure"]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{case}");
    let id = case["id"].as_i64().expect("id");
    for (version, event) in example["events"]
        .as_array()
        .expect("events")
        .iter()
        .enumerate()
    {
        let (status, stored, _) = call(
            app,
            "POST",
            &format!("/api/cases/{id}/events"),
            Some(json!({"expected_version": version, "event": event})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{event} → {stored}");
    }
    id
}
