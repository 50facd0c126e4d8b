//! The role × territory matrix: every endpoint of the router (read from the OpenAPI document
//! the handlers generate, so a new endpoint without a rule here fails this test), called as
//! each role, on data inside and outside the role's territory. Outside the territory no case
//! data comes back (403 or 404, or a list without it); every action a role may do works.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use probatio_core::date::Date;
use probatio_store::{Scope, Store};
use serde_json::{Value, json};
use tower::ServiceExt;

const PASSWORD: &str = "ұзын құпиясөз 12345";
const ROLES: [&str; 6] = [
    "officer",
    "head",
    "regional_admin",
    "prosecutor",
    "analyst",
    "sysadmin",
];

/// What the rules say of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Health, metrics, the API document, signing in and out: no session needed.
    Public,
    /// Any signed-in role (the calendar, the list of services).
    SignedIn,
    /// Reading a case or its person: officers, heads, regional administrators, prosecutors
    /// of the territory.
    ReadCase,
    /// A list or a search: only what is inside the territory.
    ReadList,
    /// Recording an event: the assigned officer and the head of the service.
    WriteCase,
    /// Opening a case: officers and heads of the case's service.
    OpenCase,
    /// Entering a person: officers and heads.
    EnterPerson,
    /// Registering a service: the regional administrator of its region, the system administrator.
    AddService,
    /// Registering an officer: the head of the service, the regional administrator of its region,
    /// the system administrator.
    AddOfficer,
    /// The access log of a case: the head of its service, the prosecutors of its region.
    AccessLog,
}

/// The rule of every endpoint; an endpoint missing here fails the test.
fn rule(method: &str, path: &str) -> Rule {
    match (method, path) {
        ("get", "/health" | "/metrics") => Rule::Public,
        ("post" | "get" | "delete", "/api/session") | ("put", "/api/session/password") => {
            Rule::Public
        }
        ("get", "/api/calendar/{year}" | "/api/services") => Rule::SignedIn,
        ("get", "/api/cases/{id}" | "/api/cases/{id}/agenda" | "/api/cases/{id}/events")
        | ("get", "/api/persons/{id}") => Rule::ReadCase,
        ("get", "/api/cases" | "/api/persons") => Rule::ReadList,
        ("post", "/api/cases/{id}/events") => Rule::WriteCase,
        ("post", "/api/cases") => Rule::OpenCase,
        ("post", "/api/persons") => Rule::EnterPerson,
        ("post", "/api/services") => Rule::AddService,
        ("post", "/api/officers") => Rule::AddOfficer,
        ("get", "/api/cases/{id}/access") => Rule::AccessLog,
        other => panic!("no access rule for {other:?}: add one to this matrix"),
    }
}

/// Whether `role` may, inside (`true`) or outside its territory.
fn allowed(rule: Rule, role: &str, inside: bool) -> bool {
    let reader = matches!(role, "officer" | "head" | "regional_admin" | "prosecutor");
    match rule {
        Rule::Public | Rule::SignedIn => true,
        Rule::ReadCase | Rule::ReadList => reader && inside,
        Rule::WriteCase | Rule::OpenCase => matches!(role, "officer" | "head") && inside,
        Rule::EnterPerson => matches!(role, "officer" | "head"),
        Rule::AddService => role == "sysadmin" || (role == "regional_admin" && inside),
        Rule::AddOfficer => {
            role == "sysadmin" || (matches!(role, "head" | "regional_admin") && inside)
        }
        Rule::AccessLog => matches!(role, "head" | "prosecutor") && inside,
    }
}

struct Territory {
    service: i64,
    kato: &'static str,
    region: &'static str,
    officer: i64,
    person: i64,
    case: i64,
    surname: &'static str,
}

async fn send(
    app: &Router,
    method: &str,
    uri: &str,
    cookie: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = Request::builder()
        .method(method.to_uppercase().as_str())
        .uri(uri)
        .header(header::COOKIE, cookie);
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
    let bytes = axum::body::to_bytes(response.into_body(), 16 << 20)
        .await
        .expect("body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn role_by_territory_matrix_over_every_endpoint_of_the_router() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("matrix.db").display());
    let store = Store::connect(&url)
        .await
        .expect("store")
        .with_today(Date::ymd(2026, 3, 10));
    store.migrate().await.expect("migrate");
    let mut places = Vec::new();
    for (kato, region, surname) in [
        ("751210000", "750000000", "Әбенов"),
        ("511013000", "510000000", "Жұмабаев"),
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
                &serde_json::from_value(json!({"surname": surname, "given_name": "Өмір", "birth_date": "1990-01-01", "sex": "male"}))
                    .expect("person"),
                &Scope::Everything,
            )
            .await
            .expect("person");
        let case = store
            .create_case(
                &serde_json::from_value(json!({"person_id": person.id, "service_id": service.id, "officer_id": officer.id,
                    "measure": {"kind": "conditional_sentence", "term": "P1Y", "verdict_in_force": "2026-03-01"}}))
                .expect("case"),
                &Scope::Everything,
            )
            .await
            .expect("case");
        places.push(Territory {
            service: service.id,
            kato,
            region,
            officer: officer.id,
            person: person.id,
            case: case.id,
            surname,
        });
    }
    // Every role's user belongs to the first territory.
    let home = &places[0];
    for role in ROLES {
        let (service, region, officer) = match role {
            "officer" => (Some(home.kato), None, Some(home.officer)),
            "head" => (Some(home.kato), None, None),
            "regional_admin" | "prosecutor" => (None, Some(home.region), None),
            _ => (None, None, None),
        };
        store
            .create_user(&probatio_store::users::NewUser {
                login: role.into(),
                full_name: "Тексеруші".into(),
                role: role.into(),
                service_kato: service.map(str::to_owned),
                region_kato: region.map(str::to_owned),
                officer_id: officer,
                password: PASSWORD.into(),
            })
            .await
            .expect("user");
    }
    let app = probatio_web::app(probatio_web::state(store.clone()));
    // Each role signs in (through the store: the sign-in endpoint has tests of its own).
    let mut sessions = Vec::new();
    for role in ROLES {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs() as i64;
        match store
            .sign_in(role, PASSWORD, "127.0.0.1", now)
            .await
            .expect("sign in")
        {
            probatio_store::users::SignIn::Session { token, .. } => {
                sessions.push((role, format!("{}={token}", probatio_web::session::COOKIE)))
            }
            other => panic!("{other:?}"),
        }
    }

    let doc: Value = serde_json::from_str(&probatio_web::openapi_json()).expect("document");
    let mut checked = 0;
    let mut unique = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("operations").keys() {
            let r = rule(method, path);
            if r == Rule::Public {
                continue;
            }
            // Without a session: 401, and nothing else said.
            let concrete = path
                .replace("{id}", &home.case.to_string())
                .replace("{year}", "2026");
            let (status, _) = send(&app, method, &concrete, "", None).await;
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} without a session"
            );
            for (role, cookie) in &sessions {
                for (inside, place) in [(true, &places[0]), (false, &places[1])] {
                    unique += 1;
                    let id = if path.starts_with("/api/persons/") {
                        place.person
                    } else {
                        place.case
                    };
                    let uri = path
                        .replace("{id}", &id.to_string())
                        .replace("{year}", "2026");
                    let (uri, body) = match (method.as_str(), r) {
                        ("get", Rule::ReadList) if path == "/api/persons" => {
                            (format!("{uri}?q={}", place.surname), None)
                        }
                        ("post", Rule::WriteCase) => {
                            let version = store
                                .case(place.case, &Scope::Everything)
                                .await
                                .expect("case")
                                .version;
                            (
                                uri,
                                Some(
                                    json!({"expected_version": version, "event": {"date": "2026-03-05", "type": "records_check"}}),
                                ),
                            )
                        }
                        ("post", Rule::OpenCase) => {
                            let person = store
                                .create_person(
                                    &serde_json::from_value(json!({"surname": "Жаңа", "given_name": "Бек", "birth_date": "1991-01-01", "sex": "male"})).expect("p"),
                                    &Scope::Service(place.service),
                                )
                                .await
                                .expect("person");
                            (
                                uri,
                                Some(json!({"person_id": person.id, "service_id": place.service,
                                "measure": {"kind": "conditional_sentence", "term": "P1Y", "verdict_in_force": "2026-03-01"}})),
                            )
                        }
                        ("post", Rule::EnterPerson) => (
                            uri,
                            Some(
                                json!({"surname": "Жаңа", "given_name": "Әлі", "birth_date": "1992-02-02", "sex": "male"}),
                            ),
                        ),
                        ("post", Rule::AddService) => (
                            uri,
                            Some(
                                json!({"kato": format!("{}{:04}", &place.region[..5], unique), "region_kato": place.region,
                                "name_kk": "Жаңа қызмет", "name_ru": "Новая служба"}),
                            ),
                        ),
                        ("post", Rule::AddOfficer) => (
                            uri,
                            Some(
                                json!({"service_id": place.service, "full_name": "Жаңа инспектор"}),
                            ),
                        ),
                        _ => (uri, None),
                    };
                    let (status, answer) = send(&app, method, &uri, cookie, body).await;
                    let may = allowed(r, role, inside);
                    let what = format!(
                        "{method} {path} as {role} {}: {status} {answer}",
                        if inside { "inside" } else { "outside" }
                    );
                    assert!(!status.is_server_error(), "{what}");
                    if r == Rule::ReadList {
                        // A list answers 200; what is in it is the rule.
                        assert_eq!(status, StatusCode::OK, "{what}");
                        let text = answer.to_string();
                        let shows = text.contains(place.surname);
                        assert_eq!(shows, may, "{what}");
                    } else if may {
                        assert!(status.is_success(), "{what}");
                    } else {
                        assert!(
                            matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                            "{what}"
                        );
                        assert!(!answer.to_string().contains(place.surname), "{what}");
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 13 * 6 * 2, "{checked} calls");
}
