//! `probatio demo`, `export` and `import` as an administrator uses them.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_probatio");

fn run(args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("probatio runs")
}

#[test]
fn export_then_import_reports_bad_lines_by_line_and_field_and_imports_the_rest_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = format!("sqlite://{}", dir.path().join("source.db").display());
    let target = format!("sqlite://{}", dir.path().join("target.db").display());
    let file = dir.path().join("register.jsonl");
    assert!(
        run(&["demo", "--persons", "5", "--database-url", &source])
            .status
            .success()
    );
    let out = run(&[
        "export",
        "--database-url",
        &source,
        "--output",
        file.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut text = std::fs::read_to_string(&file).expect("export written");
    assert_eq!(text.lines().count(), 5);
    assert!(
        text.contains("пробация") || text.contains("ұлы") || text.contains("қызы"),
        "Kazakh letters in the export"
    );
    let first = text.lines().next().expect("a line").to_owned();
    text.push_str("{not json\n");
    text.push_str(
        &first
            .replacen("\"type\":\"registered\"", "\"type\":\"teleported\"", 1)
            .replacen("demo-0", "demo-x", 1),
    );
    text.push('\n');
    std::fs::write(&file, text).expect("rewritten");

    // The target needs the same services and officers: the demo creates them.
    assert!(
        run(&["demo", "--persons", "0", "--database-url", &target])
            .status
            .success()
    );
    let out = run(&[
        "import",
        "--database-url",
        &target,
        file.to_str().expect("utf-8"),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("line 6:"), "{err}");
    assert!(err.contains("line 7:") && err.contains("type"), "{err}");
    assert!(err.contains("imported 5 cases"), "{err}");
    let again = run(&[
        "import",
        "--database-url",
        &target,
        file.to_str().expect("utf-8"),
    ]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("imported 0 cases, 5 already present"));
    let verify = run(&["audit", "verify", "--database-url", &target]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

#[test]
fn user_add_creates_the_first_users_by_role_and_territory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("users.db").display());
    assert!(
        run(&["demo", "--persons", "0", "--database-url", &db])
            .status
            .success()
    );
    let admin = run(&[
        "user",
        "add",
        "--database-url",
        &db,
        "--login",
        "admin",
        "--name",
        "Әкімші",
        "--role",
        "sysadmin",
    ]);
    let out = String::from_utf8_lossy(&admin.stdout);
    assert!(
        admin.status.success(),
        "{}",
        String::from_utf8_lossy(&admin.stderr)
    );
    assert!(
        out.contains("role sysadmin") && out.contains("password (shown once): "),
        "{out}"
    );
    let officer = run(&[
        "user",
        "add",
        "--database-url",
        &db,
        "--login",
        "galym",
        "--name",
        "Серікбаев Ғалым",
        "--role",
        "officer",
        "--service",
        "751210000",
    ]);
    assert!(
        officer.status.success(),
        "{}",
        String::from_utf8_lossy(&officer.stderr)
    );
    let again = run(&[
        "user",
        "add",
        "--database-url",
        &db,
        "--login",
        "galym",
        "--name",
        "X",
        "--role",
        "head",
        "--service",
        "751210000",
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).starts_with("login: "));
    let no_service = run(&[
        "user",
        "add",
        "--database-url",
        &db,
        "--login",
        "x",
        "--name",
        "X",
        "--role",
        "officer",
    ]);
    assert_eq!(no_service.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_service.stderr).starts_with("service_kato: "));
}

#[test]
fn token_add_shows_the_secret_once_and_revoke_ends_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("tokens.db").display());
    assert!(
        run(&["demo", "--persons", "0", "--database-url", &db])
            .status
            .success()
    );
    let add = run(&[
        "token",
        "add",
        "--database-url",
        &db,
        "--name",
        "сот тізілімі",
        "--role",
        "head",
        "--service",
        "751210000",
    ]);
    let out = String::from_utf8_lossy(&add.stdout);
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    assert!(
        out.contains("secret (shown once") && out.contains("pbt_"),
        "{out}"
    );
    let list = run(&["token", "list", "--database-url", &db]);
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(
        listed.contains("сот тізілімі") && listed.contains("live"),
        "{listed}"
    );
    assert!(!listed.contains("pbt_"), "the list shows no secret");
    assert!(
        run(&["token", "revoke", "--database-url", &db, "1"])
            .status
            .success()
    );
    let listed = run(&["token", "list", "--database-url", &db]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("revoked"));
    // Revoking again, or a territory that does not fit the role, is bad input (exit 2).
    assert_eq!(
        run(&["token", "revoke", "--database-url", &db, "1"])
            .status
            .code(),
        Some(2)
    );
    let bad = run(&[
        "token",
        "add",
        "--database-url",
        &db,
        "--name",
        "x",
        "--role",
        "analyst",
        "--region",
        "750000000",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).starts_with("role:"));
}

/// `probatio doc` issues as a user of the register, through the same path as the case card and
/// the API: the PDF is written, the log records it (and survives export and import), and what
/// the document cannot be issued for is refused with the field and exit 2.
#[tokio::test]
async fn doc_issues_a_document_as_a_user_and_refuses_what_it_cannot_issue() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("doc.db").display());
    assert!(
        run(&["demo", "--persons", "30", "--database-url", &db])
            .status
            .success()
    );
    let pool = sqlx::SqlitePool::connect(&db).await.expect("pool");
    let (case, card, kato, officer): (i64, String, String, i64) = sqlx::query_as(
        "SELECT c.id, c.card_number, s.kato, c.officer_id FROM cases c JOIN services s ON s.id = c.service_id \
         WHERE c.measure_kind IN ('conditional_sentence', 'restriction_of_freedom') AND c.officer_id IS NOT NULL ORDER BY c.id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .expect("a supervised case with an officer");
    let stranger: (String, i64) = sqlx::query_as(
        "SELECT s.kato, o.id FROM officers o JOIN services s ON s.id = o.service_id WHERE s.kato <> $1 LIMIT 1",
    )
    .bind(&kato)
    .fetch_one(&pool)
    .await
    .expect("an officer of another service");
    pool.close().await;
    for (login, kato, officer) in [
        ("doc-officer", kato.as_str(), officer),
        ("doc-stranger", stranger.0.as_str(), stranger.1),
    ] {
        let out = run(&[
            "user",
            "add",
            "--database-url",
            &db,
            "--login",
            login,
            "--name",
            "Тексеруші",
            "--role",
            "officer",
            "--service",
            kato,
            "--officer",
            &officer.to_string(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let case = case.to_string();
    let pdf = dir.path().join("receipt.pdf");
    let out = run(&[
        "doc",
        "receipt",
        "--case",
        &case,
        "--lang",
        "kk",
        "--as",
        "doc-officer",
        "--database-url",
        &db,
        "--output",
        pdf.to_str().expect("utf-8"),
    ]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains(&format!("{card}/1")), "the number: {said}");
    let bytes = std::fs::read(&pdf).expect("the PDF written");
    assert!(bytes.starts_with(b"%PDF-"));
    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: scripts/test.sh installs it");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("ҚОЛХАТ") && text.contains(&card), "{text}");

    // What cannot be issued: the field named, exit 2, nothing written.
    for (args, field) in [
        (
            vec![
                "doc",
                "inspection_act",
                "--case",
                &case,
                "--as",
                "doc-officer",
            ],
            "kind:",
        ),
        (
            vec!["doc", "letter", "--case", &case, "--as", "doc-officer"],
            "kind:",
        ),
        (
            vec![
                "doc",
                "receipt",
                "--case",
                &case,
                "--lang",
                "en",
                "--as",
                "doc-officer",
            ],
            "lang:",
        ),
        (
            vec!["doc", "receipt", "--case", &case, "--as", "doc-stranger"],
            "case:",
        ),
        (
            vec!["doc", "receipt", "--case", &case, "--as", "nobody"],
            "as:",
        ),
        (
            vec![
                "doc",
                "receipt",
                "--case",
                &case,
                "--as",
                "doc-officer",
                "--facts",
                "-",
            ],
            "facts:",
        ),
    ] {
        let mut all = args.clone();
        all.extend(["--database-url", &db]);
        let out = run(&all);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(field), "{args:?}: {err}");
    }

    // The log keeps the document through export and import; the chains verify.
    let file = dir.path().join("register.jsonl");
    assert!(
        run(&[
            "export",
            "--database-url",
            &db,
            "--output",
            file.to_str().expect("utf-8")
        ])
        .status
        .success()
    );
    assert!(
        std::fs::read_to_string(&file)
            .expect("export")
            .contains("document_issued")
    );
    let target = format!("sqlite://{}", dir.path().join("target.db").display());
    assert!(
        run(&["demo", "--persons", "0", "--database-url", &target])
            .status
            .success()
    );
    let out = run(&[
        "import",
        "--database-url",
        &target,
        file.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verify = run(&["audit", "verify", "--database-url", &target]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}
