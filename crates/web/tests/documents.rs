//! Documents issued from a case through the API and the case card, on a real SQLite register:
//! every kind for a case of its measure, filled from the register and the officer's part,
//! recorded in the case's log and given back byte for byte; what is missing or not the
//! officer's to write is refused by name and nothing is recorded; a document changed behind
//! the application's back is not given back.

use axum::http::{StatusCode, header};
use probatio_core::date::Date;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

mod common;
use common::*;

const CSRF: &str = "0123456789abcdef0123456789abcdef";

/// The register's day in these tests.
fn today() -> Date {
    Date::ymd(2026, 12, 4)
}

/// The service's officer, to whom the cases are assigned (the one who signs).
async fn officer(app: &Api) -> i64 {
    app.store
        .create_officer(&probatio_store::NewOfficer {
            service_id: app.service,
            full_name: "Серікбаев Ғалым Нұрланұлы".into(),
        })
        .await
        .expect("officer")
        .id
}

/// A person and a case of `measure` assigned to `officer` (none: unassigned), with `events`
/// appended through the API; the case's id.
async fn case_of(app: &Api, officer: Option<i64>, measure: Value, events: &[Value]) -> i64 {
    let (status, person, _) = call(
        app,
        "POST",
        "/api/persons",
        Some(json!({"surname": "Сәрсенбаева", "given_name": "Әлия", "patronymic": "Серікқызы",
            "iin": null, "birth_date": "1995-03-03", "sex": "female", "birth_place": "Шымкент",
            "citizenship": "Қазақстан Республикасы",
            "address": {"kato_region": "750000000", "kato_district": "751210000",
                        "line": "Төле би көшесі, 5 (ӘәҒғҚқҢңӨөҰұҮүҺһІі)", "rural": false, "since": "2015-01-01"}})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{person}");
    let (status, case, _) = call(
        app,
        "POST",
        "/api/cases",
        Some(
            json!({"person_id": person["id"], "service_id": app.service, "officer_id": officer,
            "measure": measure, "court": "Алматы қаласы Әуезов аудандық соты",
            "verdict_number": "1-77/2024", "verdict_date": "2024-12-20"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{case}");
    let id = case["id"].as_i64().expect("id");
    for (version, event) in events.iter().enumerate() {
        let (status, body, _) = call(
            app,
            "POST",
            &format!("/api/cases/{id}/events"),
            Some(json!({"expected_version": version, "event": event})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{event}: {body}");
    }
    id
}

/// A conditional sentence, registered, with reporting days and a violation.
fn conditional() -> (Value, Vec<Value>) {
    (
        json!({"kind": "conditional_sentence", "term": "P2Y", "verdict_in_force": "2025-01-10"}),
        vec![
            json!({"date": "2025-01-15", "type": "registered"}),
            json!({"date": "2025-01-15", "type": "reporting_days", "days": [5, 20]}),
            json!({"date": "2026-11-05", "type": "violation", "kind": "ordinary"}),
        ],
    )
}

/// The text `pdftotext` reads from a PDF, whitespace folded.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("written");
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: scripts/test.sh installs it");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Issues through the API and opens what came back: (the issued record, the PDF's text).
async fn issue(app: &Api, case: i64, kind: &str, lang: &str, facts: Value) -> (Value, String) {
    let (status, issued, _) = call(
        app,
        "POST",
        &format!("/api/cases/{case}/documents"),
        Some(json!({"kind": kind, "lang": lang, "facts": facts})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{kind} {lang}: {issued}");
    let href = format!("/api/cases/{case}/documents/{}", issued["event_id"]);
    let (status, headers, pdf) = request(&app.router, "GET", &href, &app.cookie, None).await;
    assert_eq!(status, StatusCode::OK, "{kind}");
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"), "{kind}");
    // Given back byte for byte: the hash the log recorded when it was issued.
    assert_eq!(
        hex::encode(Sha256::digest(&pdf)),
        issued["sha256"].as_str().expect("sha256"),
        "{kind} {lang}"
    );
    (issued, pdf_text(&pdf))
}

#[tokio::test]
async fn every_document_kind_is_issued_for_a_case_of_its_measure_and_given_back_byte_for_byte() {
    let (app, _dir) = app_on(today()).await;
    let officer = officer(&app).await;
    let (measure, mut events) = conditional();
    events.push(json!({"date": "2026-12-01", "type": "removed"}));
    let cond = case_of(&app, Some(officer), measure, &events).await;
    let works = case_of(
        &app,
        Some(officer),
        json!({"kind": "correctional_works", "term": "P1Y", "verdict_in_force": "2026-10-01"}),
        &[],
    )
    .await;
    let service = case_of(
        &app,
        Some(officer),
        json!({"kind": "community_service", "hours": 120, "verdict_in_force": "2026-10-01"}),
        &[],
    )
    .await;
    let deferral = case_of(
        &app,
        Some(officer),
        json!({"kind": "deferral", "until": "2028-05-01", "verdict_in_force": "2026-10-01"}),
        &[],
    )
    .await;
    let pretrial = case_of(&app, Some(officer), json!({"kind": "pretrial"}), &[]).await;
    let prison = case_of(
        &app,
        Some(officer),
        json!({"kind": "penitentiary", "release_date": "2027-09-01"}),
        &[],
    )
    .await;

    let cases = [
        (cond, "receipt", json!(null), vec!["ҚОЛХАТ", "5, 20"]),
        (cond, "warning", json!(null), vec!["05.11.2026", "80"]),
        (
            cond,
            "removal_certificate",
            json!(null),
            vec!["01.12.2026", "115"],
        ),
        (
            cond,
            "submission",
            json!({"submission": {"purpose": "cancel_conditional", "attachments": ["Баянат"]}}),
            vec!["05.11.2026", "Баянат", "81"],
        ),
        (
            works,
            "correctional_works_notice",
            json!({"work": {"employer": "ТОО «Көктем Сауда»", "deduction_percent": 15}}),
            vec!["ТОО «Көктем Сауда»", "15"],
        ),
        (
            works,
            "inspection_act",
            json!({"inspection": {"place": "ТОО «Көктем Сауда»", "findings": "Ұстап қалу дұрыс\nЕсеп жүргізіледі"}}),
            vec!["Ұстап қалу дұрыс", "Есеп жүргізіледі", "2 данада"],
        ),
        (
            deferral,
            "inspection_act",
            json!({"inspection": {"place": "Төле би көшесі, 5", "findings": ["Бала күтімде"]}}),
            vec!["Бала күтімде", "3 данада"],
        ),
        (
            service,
            "referral",
            json!({"work": {"organisation": "«Алматы Тазалық» МКК"}}),
            vec!["«Алматы Тазалық» МКК", "120"],
        ),
        (
            service,
            "employer_notice",
            json!({"work": {"employer": "«Ақ Жол» ЖШС"}}),
            vec!["«Ақ Жол» ЖШС", "120"],
        ),
        (
            pretrial,
            "pretrial_report",
            json!({"report": {"time": "04.12.2026, 10:30", "place": "Алматы", "author_post": "Аға инспектор",
                "family": "Тұрмыс құрмаған", "occupation": "Сатушы", "education": "Орта арнаулы",
                "convictions": "Сотталмаған", "social": "Оң", "test_results": "Тәуекел жоқ", "risk": "Төмен",
                "recommendations": ["Тұрғылықты жерін хабарламай ауыстырмау"]}}),
            vec!["Шымкент", "Тәуекел жоқ", "Пікір білдірмеді"],
        ),
        (
            prison,
            "programme",
            json!({"programme": {"behaviour": ["Тәртіп бұзбаған"], "claims": "Талап толық өтелді",
                "social_ties": "Анасымен байланыс", "health": "Сау", "education": "Орта",
                "skills": "Дәнекерлеу", "rights_awareness": "Біледі", "measures": ["Жеке куәлік"],
                "after_release": ["Жұмыспен қамту орталығы"]}}),
            vec![
                "Талап толық өтелді",
                "Жұмыспен қамту орталығы",
                "01.09.2027",
            ],
        ),
    ];
    for (case, kind, facts, says) in cases {
        let (issued, text) = issue(&app, case, kind, "kk", facts).await;
        for fact in says
            .iter()
            .chain(&["Сәрсенбаева Әлия Серікқызы", "Серікбаев Ғалым"])
        {
            assert!(text.contains(fact), "{kind} says {fact:?}: {text}");
        }
        assert!(
            issued["number"]
                .as_str()
                .is_some_and(|n| n.starts_with("1-77/2024/")),
            "{issued}"
        );
    }
    // In Russian too, from the same register.
    let (_, text) = issue(&app, cond, "receipt", "ru", json!(null)).await;
    assert!(
        text.contains("ПОДПИСКА") && text.contains("Условное осуждение"),
        "{text}"
    );

    // The log lists them in order, numbered after the card; the engine never sees them.
    let (status, listed, _) =
        call(&app, "GET", &format!("/api/cases/{cond}/documents"), None).await;
    assert_eq!(status, StatusCode::OK);
    let numbers: Vec<&str> = listed
        .as_array()
        .expect("list")
        .iter()
        .map(|d| d["number"].as_str().expect("number"))
        .collect();
    assert_eq!(
        numbers,
        [
            "1-77/2024/1",
            "1-77/2024/2",
            "1-77/2024/3",
            "1-77/2024/4",
            "1-77/2024/5"
        ]
    );
    let report = app.store.verify_chains().await.expect("verify");
    assert!(report.broken.is_none(), "{report:?}");
}

#[tokio::test]
async fn a_document_lacking_facts_or_given_the_registers_facts_is_refused_by_name_and_nothing_is_recorded()
 {
    let (app, _dir) = app_on(today()).await;
    let officer = officer(&app).await;
    let (measure, events) = conditional();
    let case = case_of(&app, Some(officer), measure.clone(), &events[..2]).await;
    let unassigned = case_of(&app, None, measure, &events).await;
    let post = |case: i64, body: Value| {
        let app = app.clone();
        async move {
            call(
                &app,
                "POST",
                &format!("/api/cases/{case}/documents"),
                Some(body),
            )
            .await
        }
    };
    // No violation yet: no warning; every missing fact is listed.
    let (status, problem, _) = post(case, json!({"kind": "warning", "lang": "kk"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        problem["missing"],
        json!(["violation.date", "violation.label"])
    );
    // Nobody to sign: the case is to be assigned first.
    let (status, problem, _) = post(unassigned, json!({"kind": "receipt", "lang": "ru"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["missing"], json!(["officer"]));
    // Refused by field.
    for (body, field) in [
        (json!({"kind": "letter", "lang": "kk"}), "kind"),
        (json!({"kind": "inspection_act", "lang": "kk"}), "kind"),
        (json!({"kind": "receipt", "lang": "en"}), "lang"),
        (
            json!({"kind": "receipt", "lang": "kk", "facts": ["x"]}),
            "facts",
        ),
        (
            json!({"kind": "receipt", "lang": "kk", "facts": {"person": {"name": "Басқа адам"}}}),
            "facts.person.name",
        ),
        (
            json!({"kind": "submission", "lang": "kk", "facts": {"submission": {"purpose": "parole"}}}),
            "facts.submission.purpose",
        ),
        (
            json!({"kind": "submission", "lang": "kk", "facts": {"submission": {"facts": [1]}}}),
            "facts.submission.facts[0]",
        ),
        (
            json!({"kind": "correctional_works_notice", "lang": "kk", "facts": {"work": {"deduction_percent": 0}}}),
            "kind",
        ),
        (
            json!({"kind": "submission", "lang": "kk", "facts": {"report": {"risk": "Төмен"}}}),
            "facts.report.risk",
        ),
    ] {
        let (status, problem, content_type) = post(case, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {problem}"
        );
        assert_eq!(content_type, "application/problem+json");
        assert_eq!(problem["field"], field, "{body}: {problem}");
    }
    let (status, problem, _) = post(
        case,
        json!({"kind": "receipt", "lang": "kk", "facts": {"person": {"name": "Басқа адам"}}}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("register")),
        "{problem}"
    );
    // Nothing was recorded: no document, the case's version as it was.
    for id in [case, unassigned] {
        let (_, listed, _) = call(&app, "GET", &format!("/api/cases/{id}/documents"), None).await;
        assert_eq!(listed, json!([]), "case {id}");
    }
    let (_, record, _) = call(&app, "GET", &format!("/api/cases/{case}"), None).await;
    assert_eq!(record["version"], 2);
}

#[tokio::test]
async fn a_document_changed_behind_the_applications_back_is_not_given_back() {
    let (app, dir) = app_on(today()).await;
    let officer = officer(&app).await;
    let (measure, events) = conditional();
    let case = case_of(&app, Some(officer), measure, &events).await;
    let (issued, _) = issue(&app, case, "warning", "kk", json!(null)).await;
    // Someone edits the stored facts in the database file.
    let pool =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", dir.path().join("api.db").display()))
            .await
            .expect("pool");
    let changed = sqlx::query(
        "UPDATE events SET body = replace(body, '05.11.2026', '06.11.2026') WHERE id = $1",
    )
    .bind(issued["event_id"].as_i64())
    .execute(&pool)
    .await
    .expect("update");
    assert_eq!(changed.rows_affected(), 1);
    pool.close().await;
    let href = format!("/api/cases/{case}/documents/{}", issued["event_id"]);
    let (status, problem, _) = call(&app, "GET", &href, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("SHA-256")),
        "{problem}"
    );
    // And the chain finds the edit.
    let report = app.store.verify_chains().await.expect("verify");
    assert!(report.broken.is_some());
}

/// The case card offers the documents the case calls for; the form shows the register's facts
/// and what is missing; issuing records the document and the card opens it.
#[tokio::test]
async fn a_document_is_issued_from_the_case_card_and_opened_from_it() {
    let (app, _dir) = app_on(today()).await;
    let officer = officer(&app).await;
    let (measure, events) = conditional();
    let case = case_of(&app, Some(officer), measure, &events).await;
    let cookies = format!("{}; probatio_csrf={CSRF}", app.cookie);
    let get = |uri: String| {
        let (app, cookies) = (app.clone(), cookies.clone());
        async move {
            let (status, headers, body) = request(&app.router, "GET", &uri, &cookies, None).await;
            (status, headers, String::from_utf8_lossy(&body).into_owned())
        }
    };
    let post = |form: String| {
        let (app, cookies) = (app.clone(), cookies.clone());
        async move {
            let (status, headers, body) = request(
                &app.router,
                "POST",
                &format!("/cases/{case}/documents"),
                &cookies,
                Some((
                    "application/x-www-form-urlencoded",
                    format!("csrf={CSRF}&{form}"),
                )),
            )
            .await;
            (status, headers, String::from_utf8_lossy(&body).into_owned())
        }
    };

    let (status, _, card) = get(format!("/cases/{case}?lang=ru")).await;
    assert_eq!(status, StatusCode::OK);
    for kind in ["receipt", "warning"] {
        assert!(
            card.contains(&format!("/cases/{case}/documents?kind={kind}")),
            "the card offers the {kind}"
        );
    }
    assert!(
        !card.contains("kind=inspection_act"),
        "not for a conditional sentence"
    );
    // The open warning task links to its document beside the form that records it.
    assert!(
        card.contains(&format!(
            r#"class="document-link" href="/cases/{case}/documents?kind=warning""#
        )),
        "the warning task offers its document"
    );

    // The warning's form: the violation from the register, nothing missing.
    let (status, _, form) = get(format!("/cases/{case}/documents?kind=warning&lang=ru")).await;
    assert_eq!(status, StatusCode::OK, "{form}");
    assert!(form.contains(r#"data-document="warning""#));
    assert!(
        form.contains("05.11.2026") && form.contains("Сәрсенбаева"),
        "{form}"
    );
    assert!(!form.contains(r#"id="document-missing""#));

    // A submission whose facts the officer cleared: refused, the missing fact named.
    let (status, _, page) = post(
        "kind=submission&doc_lang=ru&submission.purpose=cancel_conditional&submission.facts="
            .into(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains(r#"id="document-missing""#), "{page}");
    assert!(
        page.contains("Мән-жайлар"),
        "the missing fact in words: {page}"
    );

    // The warning issued: back to the card, which lists and opens it.
    let (status, headers, page) = post("kind=warning&doc_lang=ru".into()).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let location = headers[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(
        location.starts_with(&format!("/cases/{case}?issued=")),
        "{location}"
    );
    let (_, _, card) = get(location.replace("#documents", "")).await;
    assert!(
        card.contains(r#"id="issued""#),
        "the card says it was issued"
    );
    let href = card
        .split(&format!(r#"href="/cases/{case}/documents/"#))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to the issued document");
    let (status, headers, _) = get(format!("/cases/{case}/documents/{href}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    let (_, _, pdf) = request(
        &app.router,
        "GET",
        &format!("/cases/{case}/documents/{href}"),
        &cookies,
        None,
    )
    .await;
    let text = pdf_text(&pdf);
    assert!(text.contains("ПИСЬМЕННОЕ ПРЕДУПРЕЖДЕНИЕ"), "{text}");
    assert!(text.contains("05.11.2026"), "{text}");
}
