//! What the tests that run the server binary share: starting it, signing in, one HTTP exchange.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_probatio");

/// Signs a demo register's user in; the `Set-Cookie` pair (`name=value`).
pub fn sign_in(port: u16, login: &str) -> String {
    let body = format!(r#"{{"login": "{login}", "password": "probatio-demo-2026"}}"#);
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let request = format!(
        "POST /api/session HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
        .lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no session cookie: {response}"))
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// One HTTP/1.1 exchange with the session `cookie`; `None` if the server is gone.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&str>,
    cookie: Option<&str>,
) -> Option<(u16, serde_json::Value)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .ok()?;
    let body = body.unwrap_or("");
    let cookie = cookie.map_or(String::new(), |c| format!("Cookie: {c}\r\n"));
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n{cookie}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let text = String::from_utf8_lossy(&response);
    let status: u16 = text.split(' ').nth(1)?.parse().ok()?;
    let (_, payload) = text.split_once("\r\n\r\n")?;
    // A chunked body: take the JSON between the first chunk size and the terminator.
    let json = if text
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        payload
            .split_once("\r\n")
            .map(|(_, rest)| rest.rsplitn(2, "\r\n0\r\n").last().unwrap_or(""))
            .unwrap_or("")
    } else {
        payload
    };
    Some((
        status,
        serde_json::from_str(json.trim()).unwrap_or(serde_json::Value::Null),
    ))
}

/// Starts `probatio serve` on `db`; its standard output and error go to `log` (or nowhere).
pub fn serve(db: &str, port: u16, log: Option<&Path>) -> Child {
    let out = |log: Option<&Path>| {
        log.map_or_else(Stdio::null, |p| {
            Stdio::from(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(p)
                    .expect("log file"),
            )
        })
    };
    let child = Command::new(BIN)
        .args([
            "serve",
            "--database-url",
            db,
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .stdout(out(log))
        .stderr(out(log))
        .spawn()
        .expect("server starts");
    let started = Instant::now();
    while http(port, "GET", "/health", None, None).is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not come up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}
