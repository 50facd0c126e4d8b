//! No personal data in the application's logs: after a demo register is made, exported,
//! imported and served (sign-in, lists, searches by name and IIN, reads, refused writes), no
//! IIN and no surname of the register appears in anything the commands and the server wrote
//! to their standard output or error — logs carry ids.

mod common;

use std::process::Command;

use common::{BIN, free_port, http, serve, sign_in};

fn run(args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .output()
        .expect("probatio runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn logs_carry_ids_never_an_iin_or_a_surname() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("register.db").display());
    let copy = format!("sqlite://{}", dir.path().join("copy.db").display());
    let export = dir.path().join("export.jsonl");
    let mut logs = run(&["demo", "--persons", "40", "--database-url", &db]);
    logs += &run(&[
        "export",
        "--database-url",
        &db,
        "--output",
        &export.to_string_lossy(),
    ]);
    // The copy needs the same services and officers first.
    logs += &run(&["demo", "--persons", "0", "--database-url", &copy]);
    logs += &run(&["import", "--database-url", &copy, &export.to_string_lossy()]);

    // The register's personal data, from the export.
    let mut iins = Vec::new();
    let mut surnames = Vec::new();
    for line in std::fs::read_to_string(&export).expect("export").lines() {
        let bundle: serde_json::Value = serde_json::from_str(line).expect("bundle");
        if let Some(iin) = bundle["person"]["iin"].as_str() {
            iins.push(iin.to_owned());
        }
        surnames.push(
            bundle["person"]["surname"]
                .as_str()
                .expect("surname")
                .to_owned(),
        );
    }
    assert!(iins.len() >= 30 && surnames.len() == 40);

    let log_file = dir.path().join("server.log");
    let port = free_port();
    let mut server = serve(&db, port, Some(&log_file));
    for login in ["demo-head", "demo-prosecutor", "demo-analyst"] {
        let cookie = sign_in(port, login);
        let c = Some(cookie.as_str());
        let (status, page) = http(port, "GET", "/api/cases?limit=100", None, c).expect("list");
        assert_eq!(status, 200, "{page}");
        for item in page["items"].as_array().expect("items").iter().take(5) {
            let id = item["id"].as_i64().expect("id");
            for path in ["", "/agenda", "/events", "/access"] {
                http(port, "GET", &format!("/api/cases/{id}{path}"), None, c).expect("read");
            }
            // A refused write, naming the field.
            http(
                port,
                "POST",
                &format!("/api/cases/{id}/events"),
                Some(r#"{"expected_version": 0, "event": {"date": "2026-02-30", "type": "registered"}}"#),
                c,
            )
            .expect("refused");
        }
        for q in surnames.iter().take(5).chain(iins.iter().take(5)) {
            http(port, "GET", &format!("/api/persons?q={q}"), None, c).expect("search");
        }
        // A person the rules refuse (a wrong check digit), with a name.
        http(
            port,
            "POST",
            "/api/persons",
            Some(&format!(
                r#"{{"surname": "{}", "given_name": "Ерлан", "birth_date": "1990-01-01", "sex": "male", "iin": "900101300018"}}"#,
                surnames[0]
            )),
            c,
        )
        .expect("refused");
    }
    // A wrong password, too.
    http(
        port,
        "POST",
        "/api/session",
        Some(r#"{"login": "demo-head", "password": "wrong password 123"}"#),
        None,
    )
    .expect("denied");
    server.kill().expect("stop");
    server.wait().expect("reaped");
    logs += &std::fs::read_to_string(&log_file).expect("server log");
    logs += &run(&["audit", "verify", "--database-url", &db]);

    assert!(
        logs.contains("probatio serving on"),
        "the server's log was captured: {logs}"
    );
    for iin in &iins {
        assert!(
            !logs.contains(iin.as_str()),
            "an IIN is in the logs:\n{logs}"
        );
    }
    for surname in &surnames {
        assert!(
            !logs.contains(surname.as_str()),
            "a surname ({surname}) is in the logs:\n{logs}"
        );
    }
}
