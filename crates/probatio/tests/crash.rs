//! Nothing acknowledged is ever lost: the server is killed with SIGKILL while 8 clients append
//! events; after a restart every acknowledged event is in the register and the chains verify.

use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod common;

use common::{BIN, free_port, serve, sign_in};

/// The session cookie every request carries once signed in (`name=value`).
static COOKIE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// One exchange as the signed-in head of service.
fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> Option<(u16, serde_json::Value)> {
    common::http(port, method, path, body, COOKIE.get().map(String::as_str))
}

#[test]
fn sigkill_during_appends_loses_no_acknowledged_event() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("register.db").display());
    let demo = Command::new(BIN)
        .args(["demo", "--persons", "60", "--database-url", &db])
        .output()
        .expect("demo runs");
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let port = free_port();
    let mut server = serve(&db, port, None);
    COOKIE
        .set(sign_in(port, "demo-head"))
        .expect("cookie set once");
    // The cases the head of the demo's first service may change (up to four).
    let (status, page) = http(port, "GET", "/api/cases?limit=4", None).expect("list");
    assert_eq!(status, 200, "{page}");
    let cases: Vec<i64> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|c| c["id"].as_i64())
        .collect();
    assert!(!cases.is_empty(), "the head's service has cases");
    let cases = Arc::new(cases);

    let acknowledged: Arc<Mutex<Vec<(i64, i64)>>> = Arc::new(Mutex::new(Vec::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..8)
        .map(|client| {
            let (acknowledged, count, stop) = (acknowledged.clone(), count.clone(), stop.clone());
            let cases = cases.clone();
            std::thread::spawn(move || {
                // Two clients share each case, so stale versions (409) happen too.
                let case_id = cases[client % cases.len()];
                while !stop.load(Ordering::Relaxed) && count.load(Ordering::Relaxed) < 1000 {
                    let Some((200, case)) = http(port, "GET", &format!("/api/cases/{case_id}"), None) else {
                        return;
                    };
                    let version = case["version"].as_i64().unwrap_or(0);
                    let body = format!(r#"{{"expected_version": {version}, "event": {{"date": "2025-06-01", "type": "reported"}}}}"#);
                    match http(port, "POST", &format!("/api/cases/{case_id}/events"), Some(&body)) {
                        Some((201, stored)) => {
                            let id = stored["id"].as_i64().expect("event id");
                            acknowledged.lock().expect("lock").push((case_id, id));
                            count.fetch_add(1, Ordering::Relaxed);
                        }
                        Some((409, _)) => {}
                        Some((status, problem)) => panic!("append answered {status}: {problem}"),
                        None => return,
                    }
                }
            })
        })
        .collect();

    // Kill the server once about half the appends are acknowledged.
    let started = Instant::now();
    while count.load(Ordering::Relaxed) < 500 && started.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(5));
    }
    server.kill().expect("SIGKILL");
    server.wait().expect("reaped");
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.join().expect("client thread");
    }
    let acknowledged = acknowledged.lock().expect("lock").clone();
    assert!(
        acknowledged.len() >= 100,
        "the clients got {} appends through before the kill",
        acknowledged.len()
    );

    // Restart: every acknowledged event is there.
    let mut server = serve(&db, port, None);
    for &case_id in cases.iter() {
        let (status, events) =
            http(port, "GET", &format!("/api/cases/{case_id}/events"), None).expect("events");
        assert_eq!(status, 200);
        let ids: Vec<i64> = events
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|e| e["id"].as_i64())
            .collect();
        for (_, id) in acknowledged.iter().filter(|(c, _)| *c == case_id) {
            assert!(
                ids.contains(id),
                "acknowledged event {id} of case {case_id} is missing after the crash"
            );
        }
    }
    server.kill().expect("stop");
    server.wait().expect("reaped");
    let verify = Command::new(BIN)
        .args(["audit", "verify", "--database-url", &db])
        .output()
        .expect("verify runs");
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

#[test]
fn audit_verify_finds_a_row_changed_behind_the_applications_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("register.db");
    let db = format!("sqlite://{}", path.display());
    let demo = Command::new(BIN)
        .args(["demo", "--persons", "3", "--database-url", &db])
        .output()
        .expect("demo runs");
    assert!(demo.status.success());
    let ok = Command::new(BIN)
        .args(["audit", "verify", "--database-url", &db])
        .output()
        .expect("verify");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    // Change one event's body with the sqlite3 library directly (through the store's pool).
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let store = probatio_store::Store::connect(&db).await.expect("store");
        sqlx::query("UPDATE events SET event_date = '2020-01-01' WHERE id = 5")
            .execute(store.pool())
            .await
            .expect("tamper");
        store.close().await;
    });
    let broken = Command::new(BIN)
        .args(["audit", "verify", "--database-url", &db])
        .output()
        .expect("verify");
    assert!(!broken.status.success());
    let out = String::from_utf8_lossy(&broken.stdout);
    assert!(out.contains("BROKEN") && out.contains("event 5"), "{out}");
}

#[test]
fn audit_verify_finds_an_access_record_changed_behind_the_applications_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("register.db").display());
    let demo = Command::new(BIN)
        .args(["demo", "--persons", "20", "--database-url", &db])
        .output()
        .expect("demo runs");
    assert!(demo.status.success());
    // Some reads through the server, so that the access log has records.
    let port = free_port();
    let mut server = serve(&db, port, None);
    let cookie = sign_in(port, "demo-head");
    for _ in 0..3 {
        let (status, _) =
            common::http(port, "GET", "/api/cases?limit=5", None, Some(&cookie)).expect("list");
        assert_eq!(status, 200);
    }
    server.kill().expect("stop");
    server.wait().expect("reaped");
    let verify = || {
        Command::new(BIN)
            .args(["audit", "verify", "--database-url", &db])
            .output()
            .expect("verify")
    };
    let ok = verify();
    let out = String::from_utf8_lossy(&ok.stdout).into_owned();
    assert!(
        ok.status.success() && out.contains("3 access records hold"),
        "{out}"
    );
    // Who read it is rewritten directly in the database.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let store = probatio_store::Store::connect(&db).await.expect("store");
        sqlx::query("UPDATE access_log SET actor = 'user:1' WHERE seq = 2")
            .execute(store.access_pool())
            .await
            .expect("tamper");
        store.close().await;
    });
    let broken = verify();
    assert!(!broken.status.success());
    let out = String::from_utf8_lossy(&broken.stdout);
    assert!(out.contains("BROKEN access log at record 2"), "{out}");
}
