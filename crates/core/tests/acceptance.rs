//! The worked examples of `shared/acceptance/agenda/` (agenda-contract.md, last paragraph):
//! each `NAME.json` must give an agenda whose status and term equal `NAME.expected.json`'s,
//! holding every expected task (kind, due), opportunity (kind, from) and flag (kind, task,
//! date), and no flag kind listed under `must_not_flag`.

use std::collections::HashSet;
use std::path::PathBuf;

use probatio_core::agenda::compute;
use probatio_core::input::parse_case;
use serde_json::Value;

fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/acceptance/agenda")
}

fn key(v: &Value, fields: &[&str]) -> Vec<Option<String>> {
    fields
        .iter()
        .map(|f| v.get(*f).and_then(|x| x.as_str().map(str::to_owned)))
        .collect()
}

/// The differences between an agenda and an expected file, by the checker's rule.
fn differences(got: &Value, expected: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for field in ["status", "term"] {
        if got.get(field) != expected.get(field) {
            problems.push(format!(
                "{field}: got {}, expected {}",
                got[field], expected[field]
            ));
        }
    }
    for (list, fields) in [
        ("tasks", &["kind", "due"][..]),
        ("opportunities", &["kind", "from"][..]),
        ("flags", &["kind", "task", "date"][..]),
    ] {
        let have: HashSet<_> = got[list]
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| key(v, fields))
            .collect();
        for want in expected[list].as_array().into_iter().flatten() {
            if !have.contains(&key(want, fields)) {
                problems.push(format!("missing from {list}: {want}"));
            }
        }
    }
    let kinds: HashSet<_> = got["flags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    for k in expected["must_not_flag"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if kinds.contains(k) {
            problems.push(format!("unexpected flag {k}"));
        }
    }
    problems
}

#[test]
fn shared_acceptance_examples_pass() {
    let dir = examples_dir();
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the acceptance folder {} is missing: {e}", dir.display()));
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && !n.ends_with(".expected.json"))
        .collect();
    names.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for name in names {
        let stem = name.trim_end_matches(".json");
        let Ok(expected) = std::fs::read_to_string(dir.join(format!("{stem}.expected.json")))
        else {
            continue;
        };
        let expected: Value = serde_json::from_str(&expected).expect("expected file is JSON");
        let input = std::fs::read(dir.join(&name)).expect("readable example");
        let case = parse_case(&input).unwrap_or_else(|e| panic!("{stem}: refused: {e}"));
        let got = serde_json::to_value(compute(&case)).expect("agenda serialises");
        let problems = differences(&got, &expected);
        if !problems.is_empty() {
            failures.push(format!("{stem}: {}", problems.join("; ")));
        }
        checked += 1;
    }
    assert!(
        checked >= 10,
        "expected at least 10 examples in {}, found {checked}",
        dir.display()
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_checker_rule_detects_a_wrong_agenda() {
    // Guards the comparison itself: a changed due date, a missing flag and a forbidden flag are caught.
    let expected: Value = serde_json::from_str(
        r#"{"status": "active", "term": null, "tasks": [{"kind": "summon", "due": "2026-03-27"}],
            "flags": [{"kind": "late", "task": "summon", "date": "2026-03-30"}], "must_not_flag": ["missed_period"]}"#,
    )
    .expect("json");
    let got: Value = serde_json::from_str(
        r#"{"status": "active", "term": null, "tasks": [{"kind": "summon", "due": "2026-03-26"}],
            "opportunities": [], "flags": [{"kind": "missed_period", "task": "home_visit", "date": "2026-03-31"}]}"#,
    )
    .expect("json");
    assert_eq!(differences(&got, &expected).len(), 3);
    let fixed: Value = serde_json::from_str(
        r#"{"status": "active", "term": null, "tasks": [{"kind": "summon", "due": "2026-03-27"}],
            "opportunities": [], "flags": [{"kind": "late", "task": "summon", "date": "2026-03-30"}]}"#,
    )
    .expect("json");
    assert!(differences(&fixed, &expected).is_empty());
}

/// The event a task's form records (`TaskKind::closing_event`) really closes it: in every
/// example cut after each of its events and looked at on that day, 400 days and 2,000 days
/// later, recording that event on the day removes each open task (kind and due date) from the
/// agenda. The reporting day is the person's and closes nothing.
#[test]
fn each_tasks_closing_event_closes_it_in_the_engine() {
    use probatio_core::agenda::TaskKind;
    use probatio_core::date::Date;
    let dir = examples_dir();
    let mut tried = HashSet::new();
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir)
        .expect("acceptance folder")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name.ends_with(".expected.json") {
            continue;
        }
        let input: Value =
            serde_json::from_slice(&std::fs::read(entry.path()).expect("readable")).expect("json");
        let events = input["events"].as_array().cloned().unwrap_or_default();
        for cut in 0..=events.len() {
            let day = match cut {
                0 => input["as_of"].as_str(),
                n => events[n - 1]["date"].as_str(),
            }
            .and_then(|d| Date::parse(d).ok())
            .expect("a date");
            for later in [0, 400, 2000] {
                let mut state = input.clone();
                state["events"] = Value::Array(events[..cut].to_vec());
                state["as_of"] = day.add_days(later).to_string().into();
                let Ok(case) = parse_case(state.to_string().as_bytes()) else {
                    continue;
                };
                for task in compute(&case).tasks {
                    if task.kind == TaskKind::Report {
                        continue;
                    }
                    assert_eq!(TaskKind::from_wire(task.kind.as_str()), Some(task.kind));
                    let (event, purpose) = task.kind.closing_event();
                    let mut recorded =
                        serde_json::json!({"date": state["as_of"], "type": event.as_str()});
                    if let Some(p) = purpose {
                        recorded["purpose"] = p.as_str().into();
                    }
                    let mut with = state.clone();
                    with["events"]
                        .as_array_mut()
                        .expect("events")
                        .push(recorded.clone());
                    let after = match parse_case(with.to_string().as_bytes()) {
                        Ok(c) => compute(&c),
                        Err(e) => {
                            failures.push(format!("{name}: {recorded} refused: {e}"));
                            continue;
                        }
                    };
                    if after
                        .tasks
                        .iter()
                        .any(|t| t.kind == task.kind && t.due == task.due)
                    {
                        failures.push(format!("{name}: {recorded} left {} open", task.kind));
                    }
                    tried.insert(task.kind.as_str());
                }
            }
        }
    }
    let mut tried: Vec<_> = tried.into_iter().collect();
    tried.sort();
    eprintln!("tried: {tried:?}");
    assert!(tried.len() >= 17, "only {tried:?} tried");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
