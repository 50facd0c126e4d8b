//! The officers' pages over a real SQLite register: Today, the caseload, the case card and the
//! recording forms, checked against the engine on the same facts, in the three languages.

use axum::http::{StatusCode, header};
use probatio_core::case::EventType;
use probatio_core::date::Date;
use serde_json::{Value, json};

mod common;
use common::*;

/// A known CSRF token (the pages accept a well-formed one from the cookie).
const CSRF: &str = "0123456789abcdef0123456789abcdef";

/// A page as whoever `cookies` say: (status, headers, body).
async fn page(
    app: &Api,
    method: &str,
    uri: &str,
    cookies: &str,
    form: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let body = form.map(|f| ("application/x-www-form-urlencoded", f.to_owned()));
    let (status, headers, bytes) = request(&app.router, method, uri, cookies, body).await;
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// Today shows every open task the engine lists for the service's cases — here the p.72
/// submission a malicious violation opened, overdue, with the engine's due date, rule and
/// ground — overdue first, in Kazakh by default and in Russian once chosen (remembered in a
/// cookie); without a session it sends the browser to sign in.
#[tokio::test]
async fn today_lists_the_engines_open_tasks_overdue_first_in_the_chosen_language() {
    let example: Value = serde_json::from_str(
        &std::fs::read_to_string(examples().join("restriction-violations-nauryz.json"))
            .expect("example"),
    )
    .expect("json");
    let as_of = example["as_of"].as_str().expect("as_of");
    let (app, _dir) = app_on(Date::parse(as_of).expect("date")).await;
    let id = enter_example(&app, app.service, &example).await;
    let (_, agenda, _) = call(&app, "GET", &format!("/api/cases/{id}/agenda"), None).await;
    let tasks = agenda["tasks"].as_array().expect("tasks");
    let kind = "submission:replace_with_imprisonment";
    let submission = tasks
        .iter()
        .find(|t| t["kind"] == kind)
        .expect("the example opens a p.72 submission");
    let due = submission["due"].as_str().expect("due");
    assert!(due < as_of, "and it is overdue on {as_of}");

    let (status, headers, _) = page(&app, "GET", "/today", "", None).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/login");

    let (status, headers, html) = page(&app, "GET", "/today?lang=ru", &app.cookie, None).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        set_cookies(&headers)
            .iter()
            .any(|c| c.starts_with("probatio_lang=ru;")),
        "the choice is remembered"
    );
    assert!(html.contains(r#"<html lang="ru">"#));
    assert!(html.contains("Задачи на сегодня"));
    assert!(html.contains(&format!(
        r#"<strong id="count-open">{}</strong>"#,
        tasks.len()
    )));
    let row = html
        .split("<tr ")
        .find(|row| row.contains(&format!(r#"data-kind="{kind}""#)))
        .expect("the submission's row");
    assert!(row.starts_with(r#"class="overdue""#), "{row}");
    assert!(row.contains(&format!(r#"datetime="{due}""#)));
    assert!(row.contains("Представление в суд: замена лишением свободы"));
    assert!(row.contains(&probatio_web::i18n::t(
        probatio_web::i18n::Lang::Ru,
        "ground-submission-replace-with-imprisonment"
    )));
    assert!(row.contains("<code>p.72</code>"));
    assert!(row.contains(&format!(r#"data-case="{id}""#)));
    // Overdue rows, then the rest.
    let rows: Vec<bool> = html
        .split("<tr ")
        .filter(|r| r.contains("data-kind="))
        .take_while(|r| !r.contains("data-date"))
        .filter(|r| r.starts_with("class="))
        .map(|r| r.starts_with(r#"class="overdue""#))
        .collect();
    assert_eq!(rows.len(), tasks.len());
    assert!(rows.windows(2).all(|w| w[0] || !w[1]), "{rows:?}");
    let overdue = tasks
        .iter()
        .filter(|t| t["due"].as_str().is_some_and(|d| d < as_of))
        .count();
    assert_eq!(rows.iter().filter(|o| **o).count(), overdue);

    // Kazakh without a choice, with its letters intact.
    let (_, _, html) = page(&app, "GET", "/today", &app.cookie, None).await;
    assert!(html.contains(r#"<html lang="kk">"#));
    assert!(html.contains("Сотқа ұсыным: бас бостандығынан айыруға ауыстыру"));
    assert!(html.contains("Бүгінгі міндеттер"));
}

/// The sign-in form carries a CSRF token that must come back with the cookie it was set in;
/// a right password then opens a session and Today, a wrong one is told in the page.
#[tokio::test]
async fn the_sign_in_form_needs_its_csrf_token_and_opens_a_session() {
    let (app, _dir) = app_on(Date::ymd(2026, 3, 10)).await;
    let (status, headers, html) = page(&app, "GET", "/login?lang=ru", "", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Вход в систему"));
    let csrf_cookie = set_cookies(&headers)
        .into_iter()
        .find(|c| c.starts_with("probatio_csrf="))
        .expect("a csrf cookie");
    assert!(csrf_cookie.contains("HttpOnly") && csrf_cookie.contains("SameSite=Strict"));
    let token = csrf_cookie
        .trim_start_matches("probatio_csrf=")
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned();
    assert!(html.contains(&format!(r#"name="csrf" value="{token}""#)));
    let cookies = format!("probatio_csrf={token}; probatio_lang=ru");
    let form = |password: &str, csrf: &str| {
        format!(
            "login=head&password={}&csrf={csrf}",
            password.replace(' ', "+")
        )
    };
    // Without the cookie, or with another token: refused, nothing signed in.
    let (status, headers, _) =
        page(&app, "POST", "/login", "", Some(&form(PASSWORD, &token))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        !set_cookies(&headers)
            .iter()
            .any(|c| c.starts_with("probatio_session="))
    );
    let other = "0".repeat(32);
    let (status, _, _) = page(
        &app,
        "POST",
        "/login",
        &cookies,
        Some(&form(PASSWORD, &other)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A wrong password is said in the page's language.
    let (status, _, html) = page(
        &app,
        "POST",
        "/login",
        &cookies,
        Some(&form("wrong password!", &token)),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(html.contains("Неверный логин или пароль"));
    // The right one: a session, and Today.
    let (status, headers, _) = page(
        &app,
        "POST",
        "/login",
        &cookies,
        Some(&form(PASSWORD, &token)),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/today");
    let session = set_cookies(&headers)
        .into_iter()
        .find(|c| c.starts_with("probatio_session="))
        .expect("a session cookie");
    let session = session.split(';').next().unwrap_or_default().to_owned();
    let (status, _, html) = page(
        &app,
        "GET",
        "/today",
        &format!("{session}; {cookies}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Задачи на сегодня"));
}

/// A conditional sentence of two years in force on 2025-01-10, entered through the API for
/// the service of `app`; its id.
async fn conditional_case(app: &Api, surname: &str, iin: Option<&str>) -> i64 {
    let (status, person, _) = call(
        app,
        "POST",
        "/api/persons",
        Some(
            json!({"surname": surname, "given_name": "Әлия", "patronymic": "Серікқызы",
            "iin": iin, "birth_date": "1995-03-03", "sex": "female",
            "address": {"kato_region": "750000000", "kato_district": "751210000",
                        "line": "Төле би көшесі, 5", "rural": false, "since": "2015-01-01"}}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{person}");
    let (status, case, _) = call(
        app,
        "POST",
        "/api/cases",
        Some(json!({"person_id": person["id"], "service_id": app.service,
            "measure": measure(), "court": "Алматы қаласы Әуезов аудандық соты",
            "verdict_number": "1-77/2024", "verdict_date": "2024-12-20"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{case}");
    case["id"].as_i64().expect("id")
}

/// The measure of [`conditional_case`].
fn measure() -> Value {
    json!({"kind": "conditional_sentence", "term": "P2Y", "juvenile": false, "verdict_in_force": "2025-01-10"})
}

/// The form's fields of `event` (a contract event), as the browser sends them.
fn form_of(event: &Value, version: &str, reason: Option<&str>) -> String {
    let mut pairs = vec![
        ("csrf".to_owned(), CSRF.to_owned()),
        ("version".to_owned(), version.to_owned()),
    ];
    for (k, v) in event.as_object().expect("event") {
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Bool(true) => "true".into(),
            Value::Bool(false) => continue,
            Value::Array(days) => days
                .iter()
                .map(Value::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        };
        pairs.push((k.clone(), text));
    }
    if let Some(r) = reason {
        pairs.push(("confirm".into(), "1".into()));
        pairs.push(("reason".into(), r.into()));
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn enc(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The value of the hidden `version` input of a form page.
fn version_in(html: &str) -> String {
    html.split(r#"name="version" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a version field")
        .to_owned()
}

/// A task row of a card: kind and due date.
type TaskRow = (String, Option<String>);
/// A flag row of a card: kind and date.
type FlagRow = (String, String);

/// (kind, due) of the task rows and (kind, date) of the flag rows a card shows.
fn card_agenda(html: &str) -> (Vec<TaskRow>, Vec<FlagRow>) {
    let section = |id: &str| {
        html.split(&format!(r#"id="{id}""#))
            .nth(1)
            .and_then(|s| s.split("</table>").next())
            .unwrap_or("")
            .to_owned()
    };
    let attr = |row: &str, name: &str| {
        row.split(&format!(r#"{name}=""#))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .map(str::to_owned)
    };
    let rows = |table: String| -> Vec<TaskRow> {
        table
            .split("<tr ")
            .skip(1)
            .filter_map(|row| Some((attr(row, "data-kind")?, attr(row, "datetime"))))
            .collect()
    };
    let tasks = rows(section("case-tasks"));
    let flags = rows(section("case-flags"))
        .into_iter()
        .map(|(k, d)| (k, d.unwrap_or_default()))
        .collect();
    (tasks, flags)
}

/// Records `event` through its form on the case card's link, confirming with `reason` if the
/// page asks for one; the flags the page said the event would raise.
async fn record(app: &Api, cookies: &str, id: i64, event: &Value) -> Vec<String> {
    let kind = event["type"].as_str().expect("type");
    let (status, _, html) = page(
        app,
        "GET",
        &format!("/cases/{id}/record?type={kind}"),
        cookies,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{kind}: {html}");
    let fields = EventType::from_wire(kind).expect("type").fields();
    for field in fields {
        assert!(
            html.contains(&format!(r#"name="{field}""#)),
            "the {kind} form has {field}"
        );
    }
    let version = version_in(&html);
    let (status, headers, html) = page(
        app,
        "POST",
        &format!("/cases/{id}/record"),
        cookies,
        Some(&form_of(event, &version, None)),
    )
    .await;
    if status == StatusCode::SEE_OTHER {
        assert!(
            headers[header::LOCATION]
                .to_str()
                .unwrap_or("")
                .starts_with(&format!("/cases/{id}?saved="))
        );
        return Vec::new();
    }
    assert_eq!(status, StatusCode::OK, "{event}: {html}");
    let raised: Vec<String> = html
        .split(r#"data-flag=""#)
        .skip(1)
        .filter_map(|r| r.split('"').next().map(str::to_owned))
        .collect();
    assert!(
        !raised.is_empty(),
        "asked to confirm without a flag: {html}"
    );
    let (status, _, html) = page(
        app,
        "POST",
        &format!("/cases/{id}/record"),
        cookies,
        Some(&form_of(
            event,
            &version,
            Some("Сот отырысының шешімі бойынша"),
        )),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{event}: {html}");
    raised
}

/// A sample event of every type of the contract, in date order, for the conditional
/// sentence of [`conditional_case`] (fields as the contract's input table allows them).
fn every_event_type() -> Vec<Value> {
    let mut day = Date::ymd(2025, 1, 14);
    EventType::ALL
        .iter()
        .map(|t| {
            day = day.add_days(3);
            let mut e = json!({"date": day.to_string(), "type": t.as_str()});
            for field in t.fields() {
                e[*field] = match *field {
                    "days" => json!([5, 20]),
                    "valid_reason" => json!(true),
                    "kind" => json!("ordinary"),
                    "purpose" => json!("extend_control"),
                    "months" => json!(6),
                    "ground" => json!("violation"),
                    "group" => json!(3),
                    "notice" | "form" => json!("written"),
                    "measure" => json!("other"),
                    "start" => json!("09:30"),
                    "minutes" => json!(45),
                    "tester" => json!("psychology"),
                    other => panic!("no sample for {other}"),
                };
            }
            e
        })
        .collect()
}

/// Every event type of the agenda contract is recorded from the case card's forms; after
/// each, the card shows exactly the tasks (kind, due date) and flags (kind, date) that the
/// engine computes — what `probatio agenda` prints — from the same facts.
#[tokio::test]
async fn every_event_type_is_recorded_from_the_case_card_and_the_card_shows_the_engines_agenda() {
    let today = Date::ymd(2026, 3, 10);
    let (app, _dir) = app_on(today).await;
    let id = conditional_case(&app, "Сәрсенбаева", Some("950303400010")).await;
    let cookies = format!("{}; probatio_csrf={CSRF}; probatio_lang=ru", app.cookie);
    let mut facts = json!({
        "as_of": today.to_string(),
        "person": {"birth_date": "1995-03-03", "sex": "female", "rural": false},
        "measure": measure(),
        "events": [],
    });
    let events = every_event_type();
    assert_eq!(events.len(), EventType::ALL.len());
    for event in &events {
        record(&app, &cookies, id, event).await;
        facts["events"]
            .as_array_mut()
            .expect("events")
            .push(event.clone());
        let engine = probatio_core::agenda::compute(
            &probatio_core::input::parse_case_str(&facts.to_string()).expect("the same facts"),
        );
        let (status, _, html) = page(&app, "GET", &format!("/cases/{id}"), &cookies, None).await;
        assert_eq!(status, StatusCode::OK);
        let (tasks, flags) = card_agenda(&html);
        let want_tasks: Vec<_> = engine
            .tasks
            .iter()
            .map(|t| (t.kind.as_str().to_owned(), t.due.map(|d| d.to_string())))
            .collect();
        let mut want_flags: Vec<_> = engine
            .flags
            .iter()
            .map(|f| (f.kind.as_str().to_owned(), f.date.to_string()))
            .collect();
        want_flags.reverse();
        assert_eq!(tasks, want_tasks, "after {event}");
        assert_eq!(flags, want_flags, "after {event}");
    }
    // The history tells every event, newest first, in Russian.
    let (_, _, html) = page(&app, "GET", &format!("/cases/{id}"), &cookies, None).await;
    let history = html.split(r#"id="case-events""#).nth(1).expect("history");
    assert_eq!(history.matches("<tr data-event=").count(), events.len());
    assert!(history.contains("Выявлено нарушение"));
    assert!(history.contains("Вид нарушения: Нарушение"));
    assert!(history.find("Снят с учёта") < history.find("Поставлен на учёт"));
}

/// Rules 511 p.79 and G6 in the forms: an early-cancellation submission before half the term
/// and a third reporting day a month are shown with the flag they would raise and its ground,
/// saved only with a reason, then kept in the history with that reason and flagged.
#[tokio::test]
async fn an_action_the_law_forbids_is_shown_with_its_ground_and_saved_only_with_a_reason() {
    let (app, _dir) = app_on(Date::ymd(2026, 3, 10)).await;
    let id = conditional_case(&app, "Оспанова", None).await;
    let cookies = format!("{}; probatio_csrf={CSRF}; probatio_lang=ru", app.cookie);
    record(
        &app,
        &cookies,
        id,
        &json!({"date": "2025-01-15", "type": "registered"}),
    )
    .await;
    let early =
        json!({"date": "2026-01-05", "type": "submission", "purpose": "early_cancellation"});
    let form = |version: &str, reason: Option<&str>| form_of(&early, version, reason);
    let (status, _, html) = page(
        &app,
        "POST",
        &format!("/cases/{id}/record"),
        &cookies,
        Some(&form("1", None)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Закон не допускает это действие"), "{html}");
    assert!(html.contains(r#"data-flag="premature_submission""#));
    assert!(html.contains("Представление внесено до истечения половины срока"));
    assert!(html.contains("<code>p.79</code>"));
    // Nothing is saved yet.
    let (_, events, _) = call(&app, "GET", &format!("/api/cases/{id}/events"), None).await;
    assert_eq!(events.as_array().map(Vec::len), Some(1));
    // Confirmed without a reason: refused, still nothing saved.
    let (status, _, html) = page(
        &app,
        "POST",
        &format!("/cases/{id}/record"),
        &cookies,
        Some(&form("1", Some(" "))),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Укажите причину"));
    let (_, events, _) = call(&app, "GET", &format!("/api/cases/{id}/events"), None).await;
    assert_eq!(events.as_array().map(Vec::len), Some(1));
    // With a reason: saved, flagged, the reason kept.
    let reason = "Суд сам запросил представление";
    let (status, _, _) = page(
        &app,
        "POST",
        &format!("/cases/{id}/record"),
        &cookies,
        Some(&form("1", Some(reason))),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html, _) = (
        0,
        page(&app, "GET", &format!("/cases/{id}"), &cookies, None)
            .await
            .2,
        0,
    );
    let (_, flags) = card_agenda(&html);
    assert!(flags.contains(&("premature_submission".to_owned(), "2026-01-05".to_owned())));
    assert!(html.contains(reason));
    // G6: three reporting days a month.
    let raised = record(
        &app,
        &cookies,
        id,
        &json!({"date": "2026-02-02", "type": "reporting_days", "days": [1, 10, 20]}),
    )
    .await;
    assert_eq!(raised, ["enhanced_reporting"]);
}

/// A form that the rules refuse says which field and why, keeps what was typed, and saves
/// nothing; a form older than the case's last change is refused (409) and drawn again.
#[tokio::test]
async fn a_refused_form_names_the_field_and_saves_nothing() {
    let (app, _dir) = app_on(Date::ymd(2026, 3, 10)).await;
    let id = conditional_case(&app, "Жұмабаев", None).await;
    let cookies = format!("{}; probatio_csrf={CSRF}; probatio_lang=ru", app.cookie);
    let post = |body: String| {
        let app = app.clone();
        let cookies = cookies.clone();
        async move {
            page(
                &app,
                "POST",
                &format!("/cases/{id}/record"),
                &cookies,
                Some(&body),
            )
            .await
        }
    };
    // A violation without its kind.
    let (status, _, html) = post(format!(
        "csrf={CSRF}&version=0&type=violation&date=2026-03-01&kind="
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"aria-describedby="e-kind""#), "{html}");
    assert!(html.contains("обязательно"));
    // A kind the matrix does not allow for this measure: the engine's refusal, field named.
    let (status, _, html) = post(format!(
        "csrf={CSRF}&version=0&type=violation&date=2026-03-01&kind=malicious"
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Не сохранено: Вид нарушения"), "{html}");
    // A date after today.
    let (status, _, html) = post(format!(
        "csrf={CSRF}&version=0&type=registered&date=2026-03-11"
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Не сохранено: Дата"), "{html}");
    assert!(
        html.contains(r#"value="2026-03-11""#),
        "the typed date is kept"
    );
    // Months out of range, not a number.
    let (status, _, html) = post(format!(
        "csrf={CSRF}&version=0&type=term_extended&date=2026-03-01&months=six&ground=violation"
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("целое число от 1 до 24"), "{html}");
    let (_, events, _) = call(&app, "GET", &format!("/api/cases/{id}/events"), None).await;
    assert_eq!(
        events.as_array().map(Vec::len),
        Some(0),
        "nothing was saved"
    );
    // A stale form: someone recorded meanwhile.
    let (status, _, _) = post(format!(
        "csrf={CSRF}&version=0&type=registered&date=2025-01-15"
    ))
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, html) = post(format!(
        "csrf={CSRF}&version=0&type=records_check&date=2025-01-20"
    ))
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Дело изменилось"));
    assert_eq!(
        version_in(&html),
        "1",
        "drawn again with the current version"
    );
    // Without the form's token: refused.
    let (status, _, _) = post(
        "csrf=ffffffffffffffffffffffffffffffff&version=1&type=records_check&date=2025-01-20"
            .to_owned(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The caseload lists my cases with the engine's next deadline, filtered by measure, status,
/// overdue and juvenile, and searched by IIN or by name in any spelling; a filter value the
/// form does not offer is named, not ignored.
#[tokio::test]
async fn the_caseload_filters_and_searches_the_cases() {
    let (app, _dir) = app_on(Date::ymd(2026, 3, 10)).await;
    let first = conditional_case(&app, "Тоқаева", Some("950303400010")).await;
    let second = conditional_case(&app, "Ермекова", None).await;
    let cookies = format!("{}; probatio_lang=ru", app.cookie);
    let rows = |html: &str| -> Vec<i64> {
        html.split(r#"<tr data-case=""#)
            .skip(1)
            .filter_map(|r| r.split('"').next()?.parse().ok())
            .collect()
    };
    let (status, _, html) = page(&app, "GET", "/cases", &cookies, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Дела службы"),
        "a head sees the service's cases"
    );
    let mut both = rows(&html);
    both.sort();
    assert_eq!(both, [first, second]);
    assert!(html.contains("2 дела"));
    for (query, want) in [
        ("q=Токаева", vec![first]),
        ("q=tokaeva", vec![first]),
        ("q=950303400010", vec![first]),
        ("q=Ермек", vec![second]),
        ("q=Zzyzx", vec![]),
        (
            "measure=conditional_sentence&status=awaiting_registration",
            vec![first, second],
        ),
        ("measure=deferral", vec![]),
        ("juvenile=true", vec![]),
    ] {
        let (status, _, html) = page(
            &app,
            "GET",
            &format!("/cases?{}", enc_query(query)),
            &cookies,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{query}");
        let mut got = rows(&html);
        got.sort();
        assert_eq!(got, want, "{query}");
    }
    let (status, _, html) = page(&app, "GET", "/cases?measure=parole", &cookies, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"role="alert">Мера"#), "{html}");
}

/// Percent-encodes the values of a query string.
fn enc_query(q: &str) -> String {
    q.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => format!("{k}={}", enc(v)),
            None => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The case card tells the person, the decision, the term with its half, and an officer of
/// another district finds no such case (neither its card nor its forms), in Kazakh.
#[tokio::test]
async fn the_case_card_tells_the_story_and_another_district_cannot_open_it() {
    let (app, _dir) = app_on(Date::ymd(2026, 3, 10)).await;
    let id = conditional_case(&app, "Сәрсенбаева", Some("950303400010")).await;
    let cookies = format!("{}; probatio_csrf={CSRF}", app.cookie);
    record(
        &app,
        &cookies,
        id,
        &json!({"date": "2025-01-15", "type": "registered"}),
    )
    .await;
    let (status, _, html) = page(&app, "GET", &format!("/cases/{id}"), &cookies, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Сәрсенбаева Әлия Серікқызы"));
    assert!(html.contains("950303400010"));
    assert!(html.contains("Шартты түрде соттау"));
    assert!(html.contains("Алматы қаласы Әуезов аудандық соты"));
    assert!(html.contains("1-77/2024"));
    assert!(html.contains(r#"<svg class="timeline""#));
    // Two years from 2025-01-15: half on 2026-01-15, end on 2027-01-15.
    assert!(
        html.contains("15.01.2026") && html.contains("15.01.2027"),
        "{html}"
    );
    assert!(html.contains("Есепке қойылды"));

    // Another district's service and officer.
    let (_, officer) = medeu(&app).await;
    let stranger = user_session(
        &app.store,
        "medeu",
        "officer",
        Some("751410000"),
        None,
        Some(officer.id),
    )
    .await;
    let stranger = format!("{stranger}; probatio_csrf={CSRF}");
    for uri in [
        format!("/cases/{id}"),
        format!("/cases/{id}/record?type=warning"),
    ] {
        let (status, _, html) = page(&app, "GET", &uri, &stranger, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(html.contains("Сіздің аумағыңызда мұндай іс жоқ"));
        assert!(!html.contains("Сәрсенбаева"));
    }
    let (status, _, html) = page(
        &app,
        "POST",
        &format!("/cases/{id}/record"),
        &stranger,
        Some(&format!(
            "csrf={CSRF}&version=1&type=warning&date=2026-03-01"
        )),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{html}");
    let (_, events, _) = call(&app, "GET", &format!("/api/cases/{id}/events"), None).await;
    assert_eq!(events.as_array().map(Vec::len), Some(1));
    let (_, _, html) = page(&app, "GET", "/cases", &stranger, None).await;
    assert!(!html.contains(&format!(r#"data-case="{id}""#)));
}

/// The head of service's view: every officer's caseload with its overdue tasks and flags, the
/// cases not yet assigned, and each overdue task by officer with its due date and rule; an
/// officer is not shown it.
#[tokio::test]
async fn the_heads_view_counts_each_officers_caseload_and_lists_the_overdue_tasks() {
    let (app, _dir) = app_on(Date::ymd(2026, 3, 10)).await;
    let officer = app
        .store
        .create_officer(&probatio_store::NewOfficer {
            service_id: app.service,
            full_name: "Серікбаев Ғалым".into(),
        })
        .await
        .expect("officer");
    // Two unassigned cases that never came to register: initial search overdue (p.68, p.76).
    conditional_case(&app, "Тоқаева", None).await;
    conditional_case(&app, "Ермекова", None).await;
    // One case assigned to the officer, registered in time.
    let (_, person, _) = call(
        &app,
        "POST",
        "/api/persons",
        Some(json!({"surname": "Әбенов", "given_name": "Нұрлан", "birth_date": "1990-01-01", "sex": "male"})),
    )
    .await;
    let (status, case, _) = call(
        &app,
        "POST",
        "/api/cases",
        Some(json!({"person_id": person["id"], "service_id": app.service, "officer_id": officer.id, "measure": measure()})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{case}");
    let cookies = format!("{}; probatio_csrf={CSRF}; probatio_lang=ru", app.cookie);
    record(
        &app,
        &cookies,
        case["id"].as_i64().expect("id"),
        &json!({"date": "2025-01-15", "type": "registered"}),
    )
    .await;

    let (status, _, html) = page(&app, "GET", "/service", &cookies, None).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Сводка по службе"));
    let row = |officer: &str| -> Vec<String> {
        html.split(&format!(r#"data-officer="{officer}""#))
            .nth(1)
            .and_then(|r| r.split("</tr>").next())
            .unwrap_or_default()
            .split("<td")
            .skip(1)
            .map(|c| {
                c.split('>')
                    .nth(1)
                    .unwrap_or("")
                    .split('<')
                    .next()
                    .unwrap_or("")
                    .to_owned()
            })
            .collect()
    };
    // cases, active, with overdue tasks, overdue tasks, flags
    assert_eq!(row(""), ["2", "0", "2", "2", "0"], "not assigned");
    let mine = row(&officer.id.to_string());
    assert_eq!(mine[..3], ["1", "1", "0"], "the officer's: {mine:?}");
    assert!(html.contains("Не распределены"));
    assert!(html.contains("Серікбаев Ғалым"));
    let overdue = html
        .split("Просроченные задачи по сотрудникам")
        .nth(1)
        .expect("the list");
    assert_eq!(overdue.matches(r#"<tr class="overdue""#).count(), 2);
    assert!(overdue.contains("Первоначальные розыскные мероприятия"));
    // The officer's caseload from the head's link.
    let (_, _, list) = page(
        &app,
        "GET",
        &format!("/cases?officer={}", officer.id),
        &cookies,
        None,
    )
    .await;
    assert_eq!(list.matches("<tr data-case=").count(), 1);
    // Not an officer's page.
    let own = user_session(
        &app.store,
        "officer",
        "officer",
        Some("751210000"),
        None,
        Some(officer.id),
    )
    .await;
    let (status, _, _) = page(&app, "GET", "/service", &own, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The language a user chooses is kept for the user: signing in from another browser (no
/// cookies) brings it back; Kazakh until one is chosen.
#[tokio::test]
async fn the_chosen_language_follows_the_user_to_another_browser() {
    let (app, _dir) = app_on(Date::ymd(2026, 3, 10)).await;
    let sign_in = || async {
        let form = format!("login=head&password={}&csrf={CSRF}", enc(PASSWORD));
        let (status, headers, _) = page(
            &app,
            "POST",
            "/login",
            &format!("probatio_csrf={CSRF}"),
            Some(&form),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        set_cookies(&headers)
    };
    let first = sign_in().await;
    assert!(
        !first.iter().any(|c| c.starts_with("probatio_lang=")),
        "none chosen yet: {first:?}"
    );
    let session = first
        .iter()
        .find(|c| c.starts_with("probatio_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session")
        .to_owned();
    let (_, _, html) = page(&app, "GET", "/today", &session, None).await;
    assert!(html.contains(r#"<html lang="kk">"#));
    let (_, _, html) = page(&app, "GET", "/cases?lang=en", &session, None).await;
    assert!(html.contains(r#"<html lang="en">"#));
    let again = sign_in().await;
    assert!(
        again.iter().any(|c| c.starts_with("probatio_lang=en;")),
        "the choice comes back: {again:?}"
    );
}

/// Registering a case from a court decision: the person is searched by IIN, entered when not
/// found (the IIN's check digit is checked, the field named), the decision entered, and the
/// new case's card shows the engine's agenda for it at once.
#[tokio::test]
async fn a_case_is_registered_from_the_decision_and_its_tasks_show_at_once() {
    let today = Date::ymd(2026, 3, 10);
    let (app, _dir) = app_on(today).await;
    let cookies = format!("{}; probatio_csrf={CSRF}; probatio_lang=ru", app.cookie);
    let (status, _, html) = page(&app, "GET", "/cases/new?q=950303400010", &cookies, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"id="new-none""#), "nobody yet");
    let person = |iin: &str| {
        format!(
            "csrf={CSRF}&iin={iin}&surname={}&given_name={}&birth_date=1995-03-03&sex=female&line={}&since=2015-01-01",
            enc("Сәрсенбаева"),
            enc("Әлия"),
            enc("Төле би, 5")
        )
    };
    let (status, _, html) = page(
        &app,
        "POST",
        "/persons/new",
        &cookies,
        Some(&person("950303400011")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Не сохранено: ИИН"), "{html}");
    assert!(html.contains("Сәрсенбаева"), "the typed values are kept");
    let (status, headers, _) = page(
        &app,
        "POST",
        "/persons/new",
        &cookies,
        Some(&person("950303400010")),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let next = headers[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(next.starts_with("/cases/new?person="), "{next}");
    let person_id = next.trim_start_matches("/cases/new?person=").to_owned();
    // The search now finds her by IIN and by name.
    for q in ["950303400010", "sarsenbaeva"] {
        let (_, _, html) = page(&app, "GET", &format!("/cases/new?q={q}"), &cookies, None).await;
        assert!(
            html.contains(&format!("/cases/new?person={person_id}")),
            "{q}"
        );
    }
    let (status, _, html) = page(&app, "GET", &next, &cookies, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Сәрсенбаева Әлия"));
    // A conditional sentence without its term: the engine's refusal names it.
    let case = |years: &str| {
        format!(
            "csrf={CSRF}&person_id={person_id}&kind=conditional_sentence&term_years={years}&verdict_in_force=2026-02-10&court={}&verdict_number={}&received_on=2026-03-02",
            enc("Әуезов аудандық соты"),
            enc("1-99/2026")
        )
    };
    let (status, _, html) = page(&app, "POST", "/cases/new", &cookies, Some(&case(""))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Не сохранено: Срок"), "{html}");
    let (status, headers, _) = page(&app, "POST", "/cases/new", &cookies, Some(&case("2"))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let card = headers[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    let (status, _, html) = page(&app, "GET", &card, &cookies, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("1-99/2026"));
    assert!(html.contains("Ожидает постановки на учёт"));
    let engine = probatio_core::agenda::compute(
        &probatio_core::input::parse_case_str(
            &json!({"as_of": today.to_string(),
                "person": {"birth_date": "1995-03-03", "sex": "female"},
                "measure": {"kind": "conditional_sentence", "term": "P2Y", "verdict_in_force": "2026-02-10"},
                "events": []})
            .to_string(),
        )
        .expect("facts"),
    );
    let (tasks, _) = card_agenda(&html);
    let want: Vec<_> = engine
        .tasks
        .iter()
        .map(|t| (t.kind.as_str().to_owned(), t.due.map(|d| d.to_string())))
        .collect();
    assert!(
        want.iter().any(|(k, _)| k == "initial_search"),
        "not come within ten days of 2026-02-10: initial search (p.68, p.76)"
    );
    assert_eq!(tasks, want);
}

/// G8 through the pages: the sending service requests the transfer with its ground, the case
/// stays with it until the receiving head confirms receipt, then it is the receiving
/// service's, which assigns it to one of its officers.
#[tokio::test]
async fn a_transfer_moves_the_case_when_the_receiving_head_confirms_receipt() {
    let (app, _dir) = app_on(Date::ymd(2026, 3, 10)).await;
    let id = conditional_case(&app, "Көшербаев", None).await;
    let (other, officer) = medeu(&app).await;
    let sender = format!("{}; probatio_csrf={CSRF}; probatio_lang=ru", app.cookie);
    let receiver = user_session(
        &app.store,
        "medeu-head",
        "head",
        Some("751410000"),
        None,
        None,
    )
    .await;
    let receiver = format!("{receiver}; probatio_csrf={CSRF}; probatio_lang=ru");
    let post = |cookies: String, uri: String, body: String| {
        let app = app.clone();
        async move { page(&app, "POST", &uri, &cookies, Some(&body)).await }
    };
    // A transfer needs its ground.
    let (status, _, html) = post(
        sender.clone(),
        format!("/cases/{id}/transfer"),
        format!("csrf={CSRF}&to_service_id={}&reason=", other.id),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("reason:"), "{html}");
    let (status, _, _) = post(
        sender.clone(),
        format!("/cases/{id}/transfer"),
        format!(
            "csrf={CSRF}&to_service_id={}&reason={}",
            other.id,
            enc("Жаңа мекенжайы: Медеу ауданы")
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, card) = page(&app, "GET", &format!("/cases/{id}"), &sender, None).await;
    assert!(card.contains(r#"id="transfer-waiting""#));
    assert!(card.contains("Служба пробации Медеуского района"));
    // The receiver sees the request, not yet the case.
    let (status, _, _) = page(&app, "GET", &format!("/cases/{id}"), &receiver, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, _, overview) = page(&app, "GET", "/service", &receiver, None).await;
    let transfer: i64 = overview
        .split(r#"data-transfer=""#)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|t| t.parse().ok())
        .expect("an incoming transfer");
    assert!(overview.contains("Көшербаев"));
    // The sender cannot confirm it; the receiver does.
    let (status, _, _) = post(
        sender.clone(),
        format!("/transfers/{transfer}/receive"),
        format!("csrf={CSRF}"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, headers, _) = post(
        receiver.clone(),
        format!("/transfers/{transfer}/receive"),
        format!("csrf={CSRF}"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], format!("/cases/{id}"));
    let (status, _, _) = page(&app, "GET", &format!("/cases/{id}"), &sender, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no longer the sender's");
    // Assigned to the receiving service's officer.
    let (status, _, _) = post(
        receiver.clone(),
        format!("/cases/{id}/assign"),
        format!("csrf={CSRF}&officer_id={}", officer.id),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, card) = page(&app, "GET", &format!("/cases/{id}"), &receiver, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(card.contains("Қасымов Дәурен"));
    assert!(!card.contains(r#"id="transfer-waiting""#));
}

/// Today shows the flags of the last 31 days, newest first, and counts the older ones (which
/// stay on the case cards); together they are every flag the engine lists.
#[tokio::test]
async fn today_shows_the_last_month_of_flags_and_counts_the_older_ones() {
    // A late registration's case looked at on 2025-11-20, with what had happened by then.
    let mut example: Value = serde_json::from_str(
        &std::fs::read_to_string(examples().join("conditional-late-registration.json"))
            .expect("example"),
    )
    .expect("json");
    let as_of = Date::ymd(2025, 11, 20);
    let events: Vec<Value> = example["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["date"].as_str().is_some_and(|d| d <= "2025-11-20"))
        .cloned()
        .collect();
    example["events"] = Value::Array(events);
    let (app, _dir) = app_on(as_of).await;
    let id = enter_example(&app, app.service, &example).await;
    let (_, agenda, _) = call(&app, "GET", &format!("/api/cases/{id}/agenda"), None).await;
    let flags: Vec<&str> = agenda["flags"]
        .as_array()
        .expect("flags")
        .iter()
        .filter_map(|f| f["date"].as_str())
        .collect();
    let since = as_of.add_days(-31).to_string();
    let recent = flags.iter().filter(|d| **d >= since.as_str()).count();
    let older = flags.len() - recent;
    assert!(recent > 0 && older > 0, "the example has both: {flags:?}");
    let (_, _, html) = page(&app, "GET", "/today?lang=en", &app.cookie, None).await;
    let table = html
        .split(r#"<table class="flags">"#)
        .nth(1)
        .expect("flags");
    let dates: Vec<&str> = table
        .split(r#"<time datetime=""#)
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .collect();
    assert_eq!(dates.len(), recent);
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    assert!(html.contains(&format!("{older} older flag")), "{older}");
}

/// Another district of the same region (Медеу, Almaty) with one officer.
async fn medeu(app: &Api) -> (probatio_store::Service, probatio_store::Officer) {
    let other = app
        .store
        .create_service(&probatio_store::NewService {
            kato: "751410000".into(),
            region_kato: "750000000".into(),
            name_kk: "Медеу ауданының пробация қызметі".into(),
            name_ru: "Служба пробации Медеуского района".into(),
        })
        .await
        .expect("service");
    let officer = app
        .store
        .create_officer(&probatio_store::NewOfficer {
            service_id: other.id,
            full_name: "Қасымов Дәурен".into(),
        })
        .await
        .expect("officer");
    (other, officer)
}
