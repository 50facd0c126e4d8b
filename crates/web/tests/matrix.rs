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
    /// Issuing a document from a case: as recording.
    IssueDocument,
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
        ("get", "/api/cases/{id}/documents" | "/api/cases/{id}/documents/{doc}") => Rule::ReadCase,
        ("post", "/api/cases/{id}/documents") => Rule::IssueDocument,
        other => panic!("no access rule for {other:?}: add one to this matrix"),
    }
}

/// Whether `role` may, inside (`true`) or outside its territory.
fn allowed(rule: Rule, role: &str, inside: bool) -> bool {
    let reader = matches!(role, "officer" | "head" | "regional_admin" | "prosecutor");
    match rule {
        Rule::Public | Rule::SignedIn => true,
        Rule::ReadCase | Rule::ReadList => reader && inside,
        Rule::WriteCase | Rule::IssueDocument | Rule::OpenCase => {
            matches!(role, "officer" | "head") && inside
        }
        Rule::EnterPerson => matches!(role, "officer" | "head"),
        Rule::AddService => role == "sysadmin" || (role == "regional_admin" && inside),
        Rule::AddOfficer => {
            role == "sysadmin" || (matches!(role, "head" | "regional_admin") && inside)
        }
        Rule::AccessLog => matches!(role, "head" | "prosecutor") && inside,
    }
}

struct Territory {
    /// An issued document of the case.
    document: i64,
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

/// Two territories with a service, an officer, a person and a case each; a user of every
/// role in the first, signed in.
struct World {
    store: Store,
    app: Router,
    places: Vec<Territory>,
    sessions: Vec<(&'static str, String)>,
    _dir: tempfile::TempDir,
}

async fn world() -> World {
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
                &serde_json::from_value(json!({"surname": surname, "given_name": "Өмір", "birth_date": "1990-01-01", "sex": "male",
                    "address": {"kato_region": region, "kato_district": kato, "line": "Абай көшесі, 1", "since": "2020-01-01"}}))
                    .expect("person"),
                &Scope::Everything,
            )
            .await
            .expect("person");
        let case = store
            .create_case(
                &serde_json::from_value(json!({"person_id": person.id, "service_id": service.id, "officer_id": officer.id,
                    "court": "Аудандық сот", "verdict_number": "1-15/2026",
                    "measure": {"kind": "conditional_sentence", "term": "P1Y", "verdict_in_force": "2026-03-01"}}))
                .expect("case"),
                &Scope::Everything,
            )
            .await
            .expect("case");
        // A receipt issued in each territory, for the calls that open one.
        let everything = probatio_web::caller::Caller {
            who: probatio_store::tokens::Principal {
                actor: "user:0".into(),
                role: probatio_core::access::Role::SysAdmin,
                service_id: None,
                region_kato: None,
                officer_id: None,
            },
            scope: Scope::Everything,
        };
        let (document, _) = probatio_web::documents::issue(
            &store,
            &everything,
            case.id,
            probatio_web::documents::DocKind::Receipt,
            probatio_web::documents::DocLang::Kk,
            &Value::Null,
        )
        .await
        .expect("a receipt");
        places.push(Territory {
            document: document.event_id,
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

    World {
        store,
        app,
        places,
        sessions,
        _dir: dir,
    }
}

#[tokio::test]
async fn role_by_territory_matrix_over_every_endpoint_of_the_router() {
    let World {
        store,
        app,
        places,
        sessions,
        _dir,
    } = world().await;
    let home = &places[0];
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
                .replace("{doc}", &home.document.to_string())
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
                        .replace("{doc}", &place.document.to_string())
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
                        ("post", Rule::IssueDocument) => {
                            (uri, Some(json!({"kind": "receipt", "lang": "ru"})))
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

/// What the rules say of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PageRule {
    /// Signing in and out, the stylesheet, the way to Today.
    Public,
    /// A list (Today, the caseload): answers every signed-in role, shows only the territory.
    List,
    /// A case's card.
    ReadCase,
    /// Recording in a case, and moving it out: the assigned officer and the head.
    WriteCase,
    /// Registering a case for a person of the territory: officers and heads of its service.
    OpenCase,
    /// The registration form and entering a person: officers and heads of a service.
    EnterPerson,
    /// Assigning a case, confirming a transfer's receipt: the head of the service.
    Head,
    /// The head's view of their own service (no territory in the address).
    HeadView,
}

fn page_rule(method: &str, path: &str) -> PageRule {
    match (method, path) {
        (_, "/" | "/login" | "/logout" | "/static/app.css" | "/static/htmx.min.js") => {
            PageRule::Public
        }
        ("get", "/today" | "/cases") => PageRule::List,
        ("get", "/cases/{id}") => PageRule::ReadCase,
        (_, "/cases/{id}/record")
        | ("post", "/cases/{id}/transfer" | "/cases/{id}/transfer/withdraw") => PageRule::WriteCase,
        ("post", "/cases/new") => PageRule::OpenCase,
        ("get", "/cases/new") | ("post", "/persons/new") => PageRule::EnterPerson,
        ("get", "/service") => PageRule::HeadView,
        ("post", "/cases/{id}/assign" | "/transfers/{id}/receive") => PageRule::Head,
        (_, "/cases/{id}/documents") => PageRule::WriteCase,
        ("get", "/cases/{id}/documents/{doc}") => PageRule::ReadCase,
        other => panic!("no access rule for the page {other:?}: add one to this matrix"),
    }
}

fn page_allowed(rule: PageRule, role: &str, inside: bool) -> bool {
    match rule {
        PageRule::Public | PageRule::List => true,
        PageRule::ReadCase => {
            matches!(role, "officer" | "head" | "regional_admin" | "prosecutor") && inside
        }
        PageRule::WriteCase => matches!(role, "officer" | "head") && inside,
        PageRule::OpenCase => matches!(role, "officer" | "head") && inside,
        PageRule::EnterPerson => matches!(role, "officer" | "head"),
        PageRule::Head => role == "head" && inside,
        PageRule::HeadView => role == "head",
    }
}

const CSRF: &str = "0123456789abcdef0123456789abcdef";

/// A page request with a form body: (status, body).
async fn page(
    app: &Router,
    method: &str,
    uri: &str,
    cookie: &str,
    form: Option<String>,
) -> (StatusCode, String) {
    let mut req = Request::builder()
        .method(method.to_uppercase().as_str())
        .uri(uri)
        .header(header::COOKIE, format!("{cookie}; probatio_csrf={CSRF}"));
    let body = match form {
        Some(f) => {
            req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(format!("csrf={CSRF}&{f}"))
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
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// Withdraws every transfer of `case` still waiting (the matrix's calls start from none).
async fn no_open_transfer(store: &Store, case: i64) {
    if let Some(t) = store
        .open_transfer(case, &Scope::Everything)
        .await
        .expect("open")
    {
        store
            .withdraw_transfer(t.id, "test", &Scope::Everything)
            .await
            .expect("withdrawn");
    }
}

/// Every page of the officers' application as each role, on a case inside and outside the
/// role's territory: outside (or for a role without the right) no case data comes back and
/// nothing changes; inside, every action the role may take works. Without a session every
/// page sends the browser to sign in.
#[tokio::test]
async fn role_by_territory_matrix_over_every_page() {
    let World {
        store,
        app,
        places,
        sessions,
        _dir,
    } = world().await;
    let mut checked = 0;
    for (path, methods) in probatio_web::page_routes() {
        for method in methods.iter().copied() {
            let rule = page_rule(method, path);
            if rule == PageRule::Public {
                continue;
            }
            let concrete = path
                .replace("{id}", &places[0].case.to_string())
                .replace("{doc}", &places[0].document.to_string());
            let (status, _) = page(
                &app,
                method,
                &concrete,
                "",
                (method == "post").then(String::new),
            )
            .await;
            assert_eq!(
                status,
                StatusCode::SEE_OTHER,
                "{method} {path} without a session"
            );
            for (role, cookie) in &sessions {
                for (inside, place, other) in [
                    (true, &places[0], &places[1]),
                    (false, &places[1], &places[0]),
                ] {
                    no_open_transfer(&store, place.case).await;
                    no_open_transfer(&store, other.case).await;
                    let mut id = place.case;
                    let form = match (method, path) {
                        ("get", _) => None,
                        ("post", "/cases/{id}/record") => {
                            let version = store
                                .case(place.case, &Scope::Everything)
                                .await
                                .expect("case")
                                .version;
                            Some(format!(
                                "version={version}&type=records_check&date=2026-03-05"
                            ))
                        }
                        ("post", "/cases/new") => {
                            let person = store
                                .create_person(
                                    &serde_json::from_value(json!({"surname": "Жаңа", "given_name": "Бек", "birth_date": "1991-01-01", "sex": "male"})).expect("p"),
                                    &Scope::Service(place.service),
                                )
                                .await
                                .expect("person");
                            Some(format!(
                                "person_id={}&kind=conditional_sentence&term_years=1&verdict_in_force=2026-03-01",
                                person.id
                            ))
                        }
                        ("post", "/persons/new") => Some(
                            "surname=Zhana&given_name=Ali&birth_date=1992-02-02&sex=male"
                                .replace("Zhana", "%D0%96%D0%B0%D2%A3%D0%B0")
                                .replace("Ali", "%D3%98%D0%BB%D1%96"),
                        ),
                        ("post", "/cases/{id}/transfer") => {
                            Some(format!("to_service_id={}&reason=moved", other.service))
                        }
                        ("post", "/cases/{id}/transfer/withdraw") => {
                            let t = store
                                .request_transfer(
                                    place.case,
                                    other.service,
                                    "moved",
                                    "test",
                                    &Scope::Everything,
                                )
                                .await
                                .expect("transfer");
                            Some(format!("transfer_id={}", t.id))
                        }
                        ("post", "/cases/{id}/documents") => {
                            Some("kind=receipt&doc_lang=kk".to_owned())
                        }
                        ("post", "/cases/{id}/assign") => {
                            Some(format!("officer_id={}", place.officer))
                        }
                        ("post", "/transfers/{id}/receive") => {
                            // A transfer to this place's service, of the other place's case.
                            let t = store
                                .request_transfer(
                                    other.case,
                                    place.service,
                                    "moved",
                                    "test",
                                    &Scope::Everything,
                                )
                                .await
                                .expect("transfer");
                            id = t.id;
                            Some(String::new())
                        }
                        other => panic!("no call for {other:?}"),
                    };
                    let uri = match path {
                        "/cases/{id}/record" if method == "get" => {
                            format!("/cases/{}/record?type=warning", place.case)
                        }
                        "/cases" => format!("/cases?q={}", place.surname),
                        "/cases/{id}/documents" if method == "get" => {
                            format!("/cases/{}/documents?kind=receipt", place.case)
                        }
                        _ => path
                            .replace("{id}", &id.to_string())
                            .replace("{doc}", &place.document.to_string()),
                    };
                    let (status, body) = page(&app, method, &uri, cookie, form).await;
                    let may = page_allowed(rule, role, inside);
                    let what = format!(
                        "{method} {path} as {role} {}: {status}",
                        if inside { "inside" } else { "outside" }
                    );
                    assert!(!status.is_server_error(), "{what} {body}");
                    match rule {
                        PageRule::List => {
                            assert_eq!(status, StatusCode::OK, "{what}");
                            let reader = matches!(
                                *role,
                                "officer" | "head" | "regional_admin" | "prosecutor"
                            );
                            // The search box repeats the query: the rows are what is shown.
                            let shows = body.contains(&format!(r#"data-case="{}""#, place.case));
                            if path == "/cases" {
                                assert_eq!(shows, reader && inside, "{what}");
                            } else {
                                // Today lists cases with something to do: never another territory's.
                                assert!(!shows || (reader && inside), "{what}");
                            }
                        }
                        _ if may => assert!(
                            status.is_success() || status == StatusCode::SEE_OTHER,
                            "{what} {body}"
                        ),
                        _ => {
                            assert!(
                                matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                                "{what} {body}"
                            );
                            assert!(!body.contains(place.surname), "{what}");
                        }
                    }
                    // A received case goes back where it was, for the calls after this one.
                    if path == "/transfers/{id}/receive" && status == StatusCode::SEE_OTHER {
                        let back = store
                            .request_transfer(
                                other.case,
                                other.service,
                                "back",
                                "test",
                                &Scope::Everything,
                            )
                            .await
                            .expect("back");
                        store
                            .receive_transfer(back.id, "test", &Scope::Everything)
                            .await
                            .expect("returned");
                        store
                            .assign_case(other.case, Some(other.officer), &Scope::Everything)
                            .await
                            .expect("reassigned");
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 13 * 6 * 2, "{checked} calls");
}
