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

mod common;
use common::*;

async fn setup_service(app: &Api) -> i64 {
    app.service
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
        .header(header::COOKIE, &app.cookie)
        .body(Body::from("{"))
        .expect("request");
    let response = app.router.clone().oneshot(req).await.expect("response");
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
            officer_id: None,
            password: PASSWORD.into(),
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

#[tokio::test]
async fn access_is_scoped_by_role_and_territory_and_needs_a_session() {
    use probatio_store::Scope;
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("scope.db").display());
    let store = Store::connect(&url)
        .await
        .expect("store")
        .with_today(Date::ymd(2026, 3, 10));
    store.migrate().await.expect("migrate");
    // Two services in two regions, an officer in each, a case in each.
    let mut cases = Vec::new();
    let mut officers = Vec::new();
    for (kato, region, given) in [
        ("751210000", "750000000", "Әсет"),
        ("511013000", "510000000", "Ұлжан"),
    ] {
        let service = store
            .create_service(&probatio_store::NewService {
                kato: kato.into(),
                region_kato: region.into(),
                name_kk: "Пробация қызметі".into(),
                name_ru: "Служба пробации".into(),
            })
            .await
            .expect("service");
        let officer = store
            .create_officer(&probatio_store::NewOfficer {
                service_id: service.id,
                full_name: "Серікбаев Ғалым".into(),
            })
            .await
            .expect("officer");
        let person = store
            .create_person(
                &serde_json::from_value(json!({"surname": "Тоқаев", "given_name": given,
                    "birth_date": "1990-01-01", "sex": "male"}))
                .expect("person"),
                &Scope::Everything,
            )
            .await
            .expect("person");
        let case = store
            .create_case(
                &serde_json::from_value(json!({"person_id": person.id, "service_id": service.id,
                    "officer_id": officer.id,
                    "measure": {"kind": "conditional_sentence", "term": "P1Y", "verdict_in_force": "2026-03-01"}}))
                .expect("case"),
                &Scope::Everything,
            )
            .await
            .expect("case");
        cases.push(case.id);
        officers.push(officer.id);
    }
    let (ours, theirs) = (cases[0], cases[1]);
    let officer = user_session(
        &store,
        "officer",
        "officer",
        Some("751210000"),
        None,
        Some(officers[0]),
    )
    .await;
    let prosecutor = user_session(
        &store,
        "prosecutor",
        "prosecutor",
        None,
        Some("750000000"),
        None,
    )
    .await;
    let analyst = user_session(&store, "analyst", "analyst", None, None, None).await;
    let router = probatio_web::app(probatio_web::state(store.clone()));
    let as_user = |cookie: &str| Api {
        router: router.clone(),
        cookie: cookie.to_owned(),
        service: 0,
        store: store.clone(),
    };
    let append =
        json!({"expected_version": 0, "event": {"date": "2026-03-05", "type": "registered"}});

    // No session: 401 on data, nothing else said.
    let (status, _, _) = call(&as_user(""), "GET", &format!("/api/cases/{ours}"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = call(&as_user(""), "GET", "/api/cases", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The officer: their service's case, not the other region's (404: its existence is not told).
    let o = as_user(&officer);
    let (status, _, _) = call(&o, "GET", &format!("/api/cases/{ours}"), None).await;
    assert_eq!(status, StatusCode::OK);
    for path in ["", "/agenda", "/events"] {
        let (status, _, _) = call(&o, "GET", &format!("/api/cases/{theirs}{path}"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (_, page, _) = call(&o, "GET", "/api/cases", None).await;
    assert_eq!(page["total"], 1, "{page}");
    let (_, found, _) = call(&o, "GET", "/api/persons?q=Токаев", None).await;
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    let (status, _, _) = call(
        &o,
        "POST",
        &format!("/api/cases/{theirs}/events"),
        Some(append.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, stored, _) = call(
        &o,
        "POST",
        &format!("/api/cases/{ours}/events"),
        Some(append.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    assert!(
        stored["recorded_by"]
            .as_str()
            .is_some_and(|r| r.starts_with("user:"))
    );

    // The prosecutor reads the region's case but changes nothing.
    let p = as_user(&prosecutor);
    let (status, _, _) = call(&p, "GET", &format!("/api/cases/{ours}/events"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = call(&p, "GET", &format!("/api/cases/{theirs}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let mut again = append.clone();
    again["expected_version"] = json!(1);
    let (status, _, _) = call(
        &p,
        "POST",
        &format!("/api/cases/{ours}/events"),
        Some(again),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The access log: the prosecutor of the region may list it, the officer may not; the
    // officer's reads above are in it.
    let (status, log, _) = call(&p, "GET", &format!("/api/cases/{ours}/access"), None).await;
    assert_eq!(status, StatusCode::OK, "{log}");
    assert!(
        log.as_array()
            .expect("records")
            .iter()
            .any(|r| r["role"] == "officer"
                && r["route"] == "/api/cases/{id}"
                && r["method"] == "GET"),
        "{log}"
    );
    let (status, _, _) = call(&o, "GET", &format!("/api/cases/{ours}/access"), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The analyst sees no case and no person by name.
    let a = as_user(&analyst);
    let (status, _, _) = call(&a, "GET", &format!("/api/cases/{ours}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, page, _) = call(&a, "GET", "/api/cases", None).await;
    assert_eq!(page["total"], 0);
    let (_, found, _) = call(&a, "GET", "/api/persons?q=Тоқаев", None).await;
    assert_eq!(found.as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn csrf_a_cross_site_form_post_is_refused_and_writes_nothing() {
    let (app, _dir) = app_on(Date::ymd(2026, 3, 10)).await;
    let (_, before, _) = call(&app, "GET", "/api/persons?q=Әлиев", None).await;
    for (origin, fetch_site) in [
        (Some("https://evil.example"), None),
        (Some("null"), None),
        (None, Some("cross-site")),
    ] {
        let mut req = Request::post("/api/persons")
            .header(header::HOST, "probatio.local")
            .header(header::COOKIE, &app.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(o) = origin {
            req = req.header(header::ORIGIN, o);
        }
        if let Some(f) = fetch_site {
            req = req.header("sec-fetch-site", f);
        }
        let response = app
            .router
            .clone()
            .oneshot(
                req.body(Body::from(
                    "surname=Әлиев&given_name=Ерлан&birth_date=1990-01-01&sex=male",
                ))
                .expect("request"),
            )
            .await
            .expect("response");
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{origin:?} {fetch_site:?}"
        );
    }
    let (_, after, _) = call(&app, "GET", "/api/persons?q=Әлиев", None).await;
    assert_eq!(before, after, "nothing was written");
    // The same site's own page may post (its Origin is this host).
    let response = app
        .router
        .clone()
        .oneshot(
            Request::post("/api/persons")
                .header(header::HOST, "probatio.local")
                .header(header::ORIGIN, "https://probatio.local")
                .header("sec-fetch-site", "same-origin")
                .header(header::COOKIE, &app.cookie)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    json!({"surname": "Әлиев", "given_name": "Ерлан", "birth_date": "1990-01-01", "sex": "male"})
                        .to_string(),
                ))
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let (app, _dir) = app_on(Date::ymd(2026, 3, 10)).await;
    for uri in ["/health", "/api/cases", "/api/docs/", "/no/such/page"] {
        let response = app
            .router
            .clone()
            .oneshot(
                Request::get(uri)
                    .header(header::COOKIE, &app.cookie)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("response");
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().expect("ascii");
        assert!(
            csp.contains("script-src 'self'")
                && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline"),
            "{uri}: {csp}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{uri}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{uri}");
        if uri == "/api/cases" {
            assert_eq!(h[header::CACHE_CONTROL], "no-store");
        }
    }
}

#[tokio::test]
async fn an_api_token_acts_in_its_territory_until_revoked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("tokens.db").display());
    let store = Store::connect(&url).await.expect("store");
    store.migrate().await.expect("migrate");
    store
        .create_service(&probatio_store::NewService {
            kato: "751210000".into(),
            region_kato: "750000000".into(),
            name_kk: "Пробация қызметі".into(),
            name_ru: "Служба пробации".into(),
        })
        .await
        .expect("service");
    let (token, secret) = store
        .create_token(&probatio_store::tokens::NewToken {
            name: "сот тізілімі".into(),
            role: "prosecutor".into(),
            service_kato: None,
            region_kato: Some("750000000".into()),
        })
        .await
        .expect("token");
    assert!(secret.starts_with("pbt_"));
    let router = probatio_web::app(probatio_web::state(store.clone()));
    let get = |bearer: String| {
        Request::get("/api/cases")
            .header(header::AUTHORIZATION, bearer)
            .body(Body::empty())
            .expect("request")
    };
    let ok = router
        .clone()
        .oneshot(get(format!("Bearer {secret}")))
        .await
        .expect("response");
    assert_eq!(ok.status(), StatusCode::OK);
    // The token is bound to its role: a prosecutor's token writes nothing.
    let write = router
        .clone()
        .oneshot(
            Request::post("/api/persons")
                .header(header::AUTHORIZATION, format!("Bearer {secret}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    json!({"surname": "Әлиев", "given_name": "Ерлан", "birth_date": "1990-01-01", "sex": "male"})
                        .to_string(),
                ))
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(write.status(), StatusCode::FORBIDDEN);
    let forged = router
        .clone()
        .oneshot(get(format!("Bearer {secret}0")))
        .await
        .expect("response");
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    store.revoke_token(token.id).await.expect("revoke");
    // Revoked from another process (the command line): refused once the server's short
    // memory of who a credential is has lapsed.
    tokio::time::sleep(
        probatio_web::caller::PrincipalCache::TTL + std::time::Duration::from_millis(100),
    )
    .await;
    let revoked = router
        .clone()
        .oneshot(get(format!("Bearer {secret}")))
        .await
        .expect("response");
    assert_eq!(
        revoked.status(),
        StatusCode::UNAUTHORIZED,
        "a revoked token is refused"
    );
    assert!(store.tokens().await.expect("list")[0].revoked_at.is_some());
    assert!(matches!(
        store.revoke_token(token.id).await,
        Err(probatio_store::StoreError::NotFound(_))
    ));
}

#[tokio::test]
async fn password_change_checks_the_current_one_and_ends_the_other_sessions() {
    let (app, _dir) = app_on(Date::ymd(2026, 3, 10)).await;
    let other = send(&app.router, sign_in_request("head", PASSWORD)).await;
    let other = other.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ascii")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();
    let change = |current: &str, new: &str| {
        Request::put("/api/session/password")
            .header(header::COOKIE, &app.cookie)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({"current_password": current, "new_password": new}).to_string(),
            ))
            .expect("request")
    };
    let wrong = send(
        &app.router,
        change("not the password", "жаңа құпиясөз 2026"),
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let short = send(&app.router, change(PASSWORD, "қысқа")).await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let done = send(&app.router, change(PASSWORD, "жаңа құпиясөз 2026")).await;
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        send(&app.router, with_cookie("GET", &other)).await.status(),
        StatusCode::UNAUTHORIZED,
        "the other session ended"
    );
    assert_eq!(
        send(&app.router, with_cookie("GET", &app.cookie))
            .await
            .status(),
        StatusCode::OK,
        "this session goes on"
    );
    assert_eq!(
        send(&app.router, sign_in_request("head", PASSWORD))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        send(&app.router, sign_in_request("head", "жаңа құпиясөз 2026"))
            .await
            .status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_read_of_a_case_is_recorded_in_the_access_log_before_it_is_answered() {
    let text = std::fs::read_to_string(examples().join("conditional-basic.json")).expect("example");
    let example: Value = serde_json::from_str(&text).expect("json");
    let (app, _dir) = app_on(Date::ymd(2026, 3, 10)).await;
    let service = setup_service(&app).await;
    let id = enter_example(&app, service, &example).await;
    let (status, _, _) = call(&app, "GET", &format!("/api/cases/{id}/agenda"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, log, _) = call(&app, "GET", &format!("/api/cases/{id}/access"), None).await;
    assert_eq!(status, StatusCode::OK, "{log}");
    let records = log.as_array().expect("records");
    let read = records
        .iter()
        .find(|r| r["route"] == "/api/cases/{id}/agenda")
        .expect("the agenda read is recorded");
    assert_eq!(read["method"], "GET");
    assert_eq!(read["case_id"], id);
    assert_eq!(read["status"], 200);
    assert!(
        read["actor"]
            .as_str()
            .is_some_and(|a| a.starts_with("user:"))
    );
    assert_eq!(read["role"], "head");
    // The writes that entered the case are there too.
    assert!(
        records
            .iter()
            .any(|r| r["method"] == "POST" && r["route"] == "/api/cases/{id}/events"),
        "{log}"
    );
    // Newest first.
    let seqs: Vec<i64> = records.iter().filter_map(|r| r["seq"].as_i64()).collect();
    assert!(seqs.windows(2).all(|w| w[0] > w[1]), "{seqs:?}");
}
