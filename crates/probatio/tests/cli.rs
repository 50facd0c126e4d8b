//! The command line as a person or a script uses it: `probatio agenda` and `probatio calendar`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn probatio(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_probatio"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn probatio_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_probatio"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("written");
    child.wait_with_output().expect("finished")
}

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/acceptance/agenda")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn agenda_cli_prints_the_engines_agenda_for_every_acceptance_example() {
    let dir = examples();
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("the acceptance folder exists") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if !name.ends_with(".json") || name.ends_with(".expected.json") {
            continue;
        }
        let out = probatio(&["agenda", path.to_str().expect("utf-8 path")]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let printed: serde_json::Value =
            serde_json::from_str(&stdout(&out)).expect("JSON on stdout");
        let case = probatio_core::input::parse_case(&std::fs::read(&path).expect("readable"))
            .expect("valid");
        let computed =
            serde_json::to_value(probatio_core::agenda::compute(&case)).expect("serialises");
        assert_eq!(printed, computed, "{name}");
        n += 1;
    }
    assert!(n >= 10, "only {n} examples found in {}", dir.display());
}

#[test]
fn agenda_reads_standard_input_with_a_dash() {
    let case = std::fs::read_to_string(examples().join("conditional-basic.json")).expect("example");
    let out = probatio_stdin(&["agenda", "-"], &case);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("\"status\": \"active\""));
}

const GOOD: &str = r#"{"as_of": "2026-03-10", "person": {"birth_date": "1990-05-01", "sex": "male"},
  "measure": {"kind": "conditional_sentence", "term": "P2Y", "verdict_in_force": "2025-01-10"},
  "events": [{"date": "2025-01-15", "type": "registered"}, EXTRA]}"#;

/// Runs `agenda -` on a bad input and checks the contract: exit 2, no output, one line on
/// standard error starting with the field.
fn refused(input: &str, field: &str) -> String {
    let input = &input.replace(
        "EXTRA",
        r#"{"date": "2025-02-01", "type": "records_check"}"#,
    );
    let out = probatio_stdin(&["agenda", "-"], input);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "input {input}\nstderr {err}");
    assert!(out.stdout.is_empty(), "no partial agenda: {}", stdout(&out));
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(
        err.starts_with(&format!("{field}: ")),
        "field {field} named first: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn bad_input_invalid_json_exits_2() {
    refused("{\"as_of\": \"2026-03-10\",", "input");
    refused("", "input");
    refused("[1, 2]", "input");
    refused(
        &GOOD.replace(
            r#"{"birth_date": "1990-05-01", "sex": "male"}"#,
            r#"["1990-05-01", "male"]"#,
        ),
        "person",
    );
}

#[test]
fn bad_input_unknown_kind_type_purpose_or_ground_exits_2() {
    refused(
        &GOOD.replace("conditional_sentence", "exile"),
        "measure.kind",
    );
    refused(
        &GOOD.replace("EXTRA", r#"{"date": "2025-02-01", "type": "party"}"#),
        "events[1].type",
    );
    refused(
        &GOOD.replace(
            "EXTRA",
            r#"{"date": "2025-02-01", "type": "submission", "purpose": "pardon"}"#,
        ),
        "events[1].purpose",
    );
    refused(
        &GOOD.replace(
            "EXTRA",
            r#"{"date": "2025-02-01", "type": "term_extended", "months": 2, "ground": "whim"}"#,
        ),
        "events[1].ground",
    );
    refused(
        &GOOD.replace(
            "\"sex\": \"male\"",
            "\"sex\": \"male\", \"eyes\": \"brown\"",
        ),
        "person.eyes",
    );
}

#[test]
fn bad_input_impossible_date_exits_2() {
    let err = refused(
        &GOOD.replace("EXTRA", r#"{"date": "2025-02-30", "type": "warning"}"#),
        "events[1].date",
    );
    assert!(err.contains("2025-02-30 is not a date"), "{err}");
    refused(&GOOD.replace("2026-03-10", "2026-13-01"), "as_of");
}

#[test]
fn bad_input_event_after_as_of_exits_2() {
    refused(
        &GOOD.replace("EXTRA", r#"{"date": "2026-03-11", "type": "warning"}"#),
        "events[1].date",
    );
}

#[test]
fn bad_input_out_of_range_values_exit_2() {
    refused(
        &GOOD.replace(
            "EXTRA",
            r#"{"date": "2025-02-01", "type": "reporting_days", "days": [0, 15]}"#,
        ),
        "events[1].days[0]",
    );
    refused(
        &GOOD.replace("EXTRA", r#"{"date": "2025-02-01", "type": "term_extended", "months": 30, "ground": "violation"}"#),
        "events[1].months",
    );
    refused(&GOOD.replace("P2Y", "P40Y"), "measure.term");
    refused(
        &GOOD.replace(
            "\"sex\": \"male\"",
            "\"sex\": \"male\", \"disability_group\": 4",
        ),
        "person.disability_group",
    );
    refused(
        &GOOD.replace(
            "EXTRA",
            r#"{"date": "2025-02-01", "type": "violation", "kind": "malicious"}"#,
        ),
        "events[1].kind",
    );
}

#[test]
fn a_missing_file_exits_2_with_a_message() {
    let out = probatio(&["agenda", "/nonexistent/case.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/nonexistent/case.json"));
}

fn calendar_lines(args: &[&str]) -> Vec<String> {
    let out = probatio(args);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).lines().map(str::to_owned).collect()
}

#[test]
fn calendar_2026_lists_nauryz_victory_day_and_kurban_ait() {
    let lines = calendar_lines(&["calendar", "2026"]);
    let days: Vec<&str> = lines.iter().filter_map(|l| l.split(' ').next()).collect();
    for d in [
        "2026-03-21",
        "2026-03-23",
        "2026-03-24",
        "2026-03-25",
        "2026-05-11",
        "2026-05-27",
    ] {
        assert!(days.contains(&d), "{d} missing:\n{}", lines.join("\n"));
    }
    assert!(!days.contains(&"2026-03-26"));
    assert!(
        lines.iter().any(|l| l.starts_with("2026-03-21 Наурыз")),
        "reasons in Kazakh by default"
    );
    let mut sorted = days.clone();
    sorted.sort();
    assert_eq!(days, sorted, "one per line, in date order");
}

#[test]
fn calendar_loads_a_decree_in_toml_or_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let toml = dir.path().join("decree-2026.toml");
    std::fs::write(
        &toml,
        "days_off = [{ date = \"2026-01-05\", reason = \"Қаулы № 1\" }]\nworking_days = [\"2026-01-10\", \"2026-03-25\"]\n",
    )
    .expect("written");
    let lines = calendar_lines(&[
        "calendar",
        "2026",
        "--decree",
        toml.to_str().expect("utf-8"),
        "--lang",
        "ru",
    ]);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("2026-01-05 ") && l.contains("Қаулы № 1")),
        "{lines:?}"
    );
    assert!(
        !lines.iter().any(|l| l.starts_with("2026-03-25")),
        "a decree working day is not a day off"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("# 2026-01-10")),
        "decree working days are listed"
    );
    let json = dir.path().join("decree.json");
    std::fs::write(&json, r#"{"days_off": ["2026-02-30"]}"#).expect("written");
    let out = probatio(&[
        "calendar",
        "2026",
        "--decree",
        json.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("days_off[0]"), "{}", stderr(&out));
}

#[test]
fn agenda_with_a_decree_file_moves_deadlines() {
    let dir = tempfile::tempdir().expect("temp dir");
    let decree = dir.path().join("decree.json");
    std::fs::write(&decree, r#"{"days_off": ["2025-04-09"]}"#).expect("written");
    let case = r#"{"as_of": "2025-04-08", "person": {"birth_date": "1990-05-01", "sex": "male"},
      "measure": {"kind": "restriction_of_freedom", "term": "P1Y", "verdict_in_force": "2025-03-28"},
      "events": [{"date": "2025-03-31", "type": "verdict_received"}, {"date": "2025-04-07", "type": "violation", "kind": "ordinary"}]}"#;
    let plain = probatio_stdin(&["agenda", "-"], case);
    assert!(stdout(&plain).contains("\"due\": \"2025-04-10\""));
    let moved = probatio_stdin(
        &["agenda", "-", "--decree", decree.to_str().expect("utf-8")],
        case,
    );
    assert!(
        stdout(&moved).contains("\"due\": \"2025-04-11\""),
        "{}",
        stdout(&moved)
    );
}

#[test]
fn every_command_explains_its_input_in_help() {
    for (cmd, word) in [
        ("agenda", "JSON"),
        ("calendar", "YYYY-MM-DD"),
        ("bench", "cases"),
    ] {
        let out = probatio(&[cmd, "--help"]);
        assert!(out.status.success());
        assert!(
            stdout(&out).contains(word),
            "{cmd} --help: {}",
            stdout(&out)
        );
    }
}
