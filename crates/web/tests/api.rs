//! The JSON API over a real SQLite register: the agenda it serves equals the engine's (and so
//! `probatio agenda`'s) on the same facts, errors are problem details naming the field, and a
//! stale append is refused with 409.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use probatio_core::date::Date;
use probatio_store::Store;
use serde_json::{Value, json};
use tower::ServiceExt;

async fn app_on(today: Date) -> (Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("api.db").display());
    let store = Store::connect(&url).await.expect("store").with_today(today);
    store.migrate().await.expect("migrate");
    (probatio_web::app(probatio_web::state(store)), dir)
}

async fn call(
    app: &Router,
    method: &str,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value, String) {
    let mut req = Request::builder().method(method).uri(uri);
    let body = match body {
        Some(v) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    let response = app
        .clone()
        .oneshot(req.body(body).expect("request"))
        .await
        .expect("response");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let bytes = axum::body::to_bytes(response.into_body(), 16 << 20)
        .await
        .expect("body");
    let value = serde_json::from_slice(&bytes)
        .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, value, content_type)
}

async fn setup_service(app: &Router) -> i64 {
    let (status, service, _) = call(
        app,
        "POST",
        "/api/services",
        Some(json!({"kato": "751210000", "region_kato": "750000000",
                    "name_kk": "Әуезов ауданының пробация қызметі", "name_ru": "Служба пробации Ауэзовского района"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{service}");
    service["id"].as_i64().expect("id")
}

fn examples() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/acceptance/agenda")
}

/// Enters an acceptance example through the API: person, case, then each event in file order.
async fn enter_example(app: &Router, service: i64, example: &Value) -> i64 {
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

#[tokio::test]
async fn api_agenda_equals_the_engines_on_every_acceptance_example() {
    let mut checked = 0;
    for entry in std::fs::read_dir(examples()).expect("acceptance folder") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if !name.ends_with(".json") || name.ends_with(".expected.json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("example");
        let example: Value = serde_json::from_str(&text).expect("json");
        let as_of = Date::parse(example["as_of"].as_str().expect("as_of")).expect("date");
        let (app, _dir) = app_on(as_of).await;
        let service = setup_service(&app).await;
        let id = enter_example(&app, service, &example).await;
        let (status, agenda, _) = call(&app, "GET", &format!("/api/cases/{id}/agenda"), None).await;
        assert_eq!(status, StatusCode::OK, "{name}: {agenda}");
        // What `probatio agenda FILE` prints (the CLI tests prove it prints exactly this).
        let direct = probatio_core::agenda::compute(
            &probatio_core::input::parse_case_str(&text).expect("valid"),
        );
        assert_eq!(
            agenda,
            serde_json::to_value(direct).expect("json"),
            "{name}"
        );
        checked += 1;
    }
    assert!(checked >= 10);
}

#[tokio::test]
async fn api_refuses_bad_input_with_problem_details_naming_the_field() {
    let (app, _dir) = app_on(Date::ymd(2026, 3, 10)).await;
    let service = setup_service(&app).await;
    let (status, problem, content_type) = call(
        &app,
        "POST",
        "/api/persons",
        Some(json!({"surname": "Әлиев", "given_name": "Ерлан", "birth_date": "1990-01-01", "sex": "male", "iin": "900101300018"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(problem["field"], "iin");
    assert_eq!(problem["status"], 422);
    // A field of the wrong type, and an unknown field.
    let (status, problem, _) =
        call(&app, "POST", "/api/persons", Some(json!({"surname": 5}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["field"], "surname");
    // Not JSON at all.
    let req = Request::post("/api/persons")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{"))
        .expect("request");
    let response = app.clone().oneshot(req).await.expect("response");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    // A path id that is not a number, a case that does not exist.
    let (status, _, _) = call(&app, "GET", "/api/cases/abc", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, problem, _) = call(&app, "GET", "/api/cases/999/agenda", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{problem}");
    // A bad query parameter.
    let (status, problem, _) = call(&app, "GET", "/api/cases?overdue=maybe", None).await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("overdue"))
    );
    let (status, problem, _) = call(
        &app,
        "GET",
        &format!("/api/cases?service_id={service}&colour=red"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
}

#[tokio::test]
async fn api_stale_append_is_409_and_writes_nothing() {
    let text = std::fs::read_to_string(examples().join("conditional-basic.json")).expect("example");
    let example: Value = serde_json::from_str(&text).expect("json");
    let (app, _dir) = app_on(Date::ymd(2026, 3, 10)).await;
    let service = setup_service(&app).await;
    let id = enter_example(&app, service, &example).await;
    let (_, case, _) = call(&app, "GET", &format!("/api/cases/{id}"), None).await;
    let version = case["version"].as_i64().expect("version");
    let (status, problem, _) = call(
        &app,
        "POST",
        &format!("/api/cases/{id}/events"),
        Some(json!({"expected_version": version - 1, "event": {"date": "2026-03-02", "type": "records_check"}})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["current_version"], version);
    let (_, events, _) = call(&app, "GET", &format!("/api/cases/{id}/events"), None).await;
    assert_eq!(events.as_array().map(Vec::len), Some(version as usize));
    // An event the rules refuse is 422 naming `event.…`.
    let (status, problem, _) = call(
        &app,
        "POST",
        &format!("/api/cases/{id}/events"),
        Some(json!({"expected_version": version, "event": {"date": "2026-03-02", "type": "violation", "kind": "malicious"}})),
    )
    .await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("event.kind"))
    );
}

#[tokio::test]
async fn openapi_document_health_metrics_and_vendored_docs() {
    let (app, _dir) = app_on(Date::ymd(2026, 3, 10)).await;
    let (status, doc, _) = call(&app, "GET", "/api/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{}",
        doc["openapi"]
    );
    for path in [
        "/api/persons",
        "/api/cases/{id}/agenda",
        "/api/cases/{id}/events",
        "/api/calendar/{year}",
        "/health",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} documented");
    }
    let (status, body, _) = call(&app, "GET", "/health", None).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, Some("ok")));
    let (status, body, _) = call(&app, "GET", "/metrics", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.as_str()
            .is_some_and(|m| m.contains("probatio_http_requests_total")),
        "{body}"
    );
    let (status, page, _) = call(&app, "GET", "/api/docs/", None).await;
    assert_eq!(status, StatusCode::OK);
    let html = page.as_str().unwrap_or("");
    assert!(html.contains("swagger"), "{html}");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "Swagger UI loads nothing from outside"
    );
    let (status, cal, _) = call(&app, "GET", "/api/calendar/2026", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        cal["days_off"]
            .as_array()
            .expect("days")
            .iter()
            .any(|d| d["date"] == "2026-03-24")
    );
}

async fn send(app: &Router, req: Request<Body>) -> axum::response::Response {
    app.clone().oneshot(req).await.expect("response")
}

/// A request to `/api/session` carrying the session cookie `token` (`name=value`).
fn with_cookie(method: &str, token: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri("/api/session")
        .header(header::COOKIE, token)
        .body(Body::empty())
        .expect("request")
}

fn sign_in_request(login: &str, password: &str) -> Request<Body> {
    Request::post("/api/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"login": login, "password": password}).to_string(),
        ))
        .expect("request")
}

#[tokio::test]
async fn sign_in_sets_a_strict_http_only_cookie_rotates_it_and_throttles_failures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("auth.db").display());
    let store = Store::connect(&url).await.expect("store");
    store.migrate().await.expect("migrate");
    store
        .create_user(&probatio_store::users::NewUser {
            login: "galym".into(),
            full_name: "Серікбаев Ғалым".into(),
            role: "prosecutor".into(),
            service_kato: None,
            region_kato: Some("750000000".into()),
            password: "ұзын құпиясөз 12345".into(),
        })
        .await
        .expect("user");
    let app = probatio_web::app(probatio_web::state(store));
    let first = send(&app, sign_in_request("galym", "ұзын құпиясөз 12345")).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let cookie = first.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Secure"),
        "{cookie}"
    );
    let token = cookie.split(';').next().expect("pair").to_owned();
    let second = send(&app, sign_in_request("galym", "ұзын құпиясөз 12345")).await;
    let token2 = second.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ascii")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();
    assert_ne!(token, token2, "a new session id at every sign-in");
    let me = send(&app, with_cookie("GET", &token)).await;
    assert_eq!(me.status(), StatusCode::OK);
    let body = axum::body::to_bytes(me.into_body(), 1 << 16)
        .await
        .expect("body");
    let user: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(
        (user["login"].as_str(), user["role"].as_str()),
        (Some("galym"), Some("prosecutor"))
    );
    let out = send(&app, with_cookie("DELETE", &token)).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let gone = send(&app, with_cookie("GET", &token)).await;
    assert_eq!(gone.status(), StatusCode::UNAUTHORIZED, "signed out");
    for _ in 0..probatio_store::users::MAX_FAILURES_PER_ACCOUNT {
        assert_eq!(
            send(&app, sign_in_request("galym", "wrong password 123"))
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        send(&app, sign_in_request("galym", "ұзын құпиясөз 12345"))
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS,
        "throttled after repeated failures, even with the right password"
    );
}
