//! Properties that must hold for every input, not just the worked examples.

use probatio_core::agenda::compute;
use probatio_core::calendar::Calendar;
use probatio_core::date::Date;
use probatio_core::input::parse_case_str;
use proptest::prelude::*;
use serde_json::{Value, json};

const MEASURES: [&str; 9] = [
    "restriction_of_freedom",
    "conditional_sentence",
    "correctional_works",
    "community_service",
    "deferral",
    "activity_ban",
    "pretrial",
    "penitentiary",
    "post_penitentiary",
];

fn violation_kinds(measure: &str) -> &'static [&'static str] {
    match measure {
        "restriction_of_freedom" | "correctional_works" | "community_service" => {
            &["ordinary", "malicious"]
        }
        "conditional_sentence" => &["ordinary", "duty_failure", "hiding"],
        "deferral" => &["public_order", "child_care", "refused_child", "hiding"],
        _ => &[],
    }
}

const PURPOSES: [&str; 9] = [
    "replace_with_imprisonment",
    "cancel_conditional",
    "extend_control",
    "early_cancellation",
    "declare_wanted",
    "replace_correctional_works",
    "release_disability",
    "cancel_deferral",
    "deferral_end",
];

/// One event of any type valid under `measure`, from raw numbers.
fn event(measure: &str, date: Date, ty: u8, a: u8, b: u8) -> Value {
    let d = date.to_string();
    let simple = |t: &str| json!({"date": d, "type": t});
    match ty % 30 {
        0 => simple("verdict_received"),
        1 => simple("order_received"),
        2 => simple("employer_received_verdict"),
        3 => simple("released"),
        4 => simple("arrived"),
        5 => simple("registered"),
        6 => {
            let mut days: Vec<u8> = vec![1 + a % 31];
            if b % 3 != 0 && (1 + b % 31) != days[0] {
                days.push(1 + b % 31);
            }
            json!({"date": d, "type": "reporting_days", "days": days})
        }
        7 => simple("reported"),
        8 => json!({"date": d, "type": "missed_report", "valid_reason": a % 2 == 0}),
        9 => simple("records_check"),
        10 => simple("home_visit"),
        11 => simple("preventive_talk"),
        12 => simple("workplace_check"),
        13 => simple("guardianship_check"),
        14 => match violation_kinds(measure) {
            [] => simple("summoned"),
            kinds => {
                json!({"date": d, "type": "violation", "kind": kinds[a as usize % kinds.len()]})
            }
        },
        15 => simple("summoned"),
        16 => simple("warning"),
        17 => {
            json!({"date": d, "type": "submission", "purpose": PURPOSES[a as usize % PURPOSES.len()]})
        }
        18 => simple("initial_search_started"),
        19 => simple("wanted_declared"),
        20 => simple("search_ended"),
        21 if measure == "conditional_sentence" => json!({
            "date": d, "type": "term_extended", "months": 1 + a % 24,
            "ground": if b % 2 == 0 { "violation" } else { "repeated" }
        }),
        21 => simple("warning"),
        22 => json!({"date": d, "type": "disability_recognised", "group": 1 + a % 3}),
        23 => simple("employer_notified"),
        24 => {
            json!({"date": d, "type": "residence_changed", "notice": if a % 2 == 0 { "written" } else { "oral" }})
        }
        25 => {
            json!({"date": d, "type": "application", "form": if a % 3 == 0 { "oral" } else { "written" }})
        }
        26 => {
            json!({"date": d, "type": "preventive_measure", "measure": (["house_arrest", "custody", "other"][a as usize % 3])})
        }
        27 => json!({
            "date": d, "type": "testing", "start": format!("{:02}:{:02}", 8 + a % 8, b % 60),
            "minutes": 20 + u16::from(b) % 80, "tester": (["psychology", "pedagogy", "law", "other"][a as usize % 4])
        }),
        28 => simple("programme_started"),
        _ => simple("removed"),
    }
}

fn measure_json(kind: &str, start: Date, months: u8) -> Value {
    let vif = start.to_string();
    let term = format!("P{}M", 1 + months % 48);
    match kind {
        "restriction_of_freedom"
        | "conditional_sentence"
        | "correctional_works"
        | "activity_ban" => {
            json!({"kind": kind, "term": term, "juvenile": months % 5 == 0, "verdict_in_force": vif})
        }
        "deferral" => {
            json!({"kind": kind, "until": start.add_months(i32::from(months % 40) + 1).to_string(), "verdict_in_force": vif})
        }
        "community_service" => {
            json!({"kind": kind, "hours": 40 + u32::from(months), "verdict_in_force": vif})
        }
        "penitentiary" => {
            json!({"kind": kind, "release_date": if months % 7 == 0 { Value::Null } else { json!(start.add_months(i32::from(months)).to_string()) }})
        }
        _ => json!({"kind": kind}),
    }
}

/// A valid case under a random measure with events on random days (distinct if asked).
fn case_json(measure: usize, months: u8, raw: &[(u16, u8, u8, u8)], distinct: bool) -> Value {
    let kind = MEASURES[measure % MEASURES.len()];
    let start = Date::ymd(2024, 1, 1).add_days(i32::from(months) * 9);
    let as_of = start.add_days(900);
    let mut used = std::collections::HashSet::new();
    let events: Vec<Value> = raw
        .iter()
        .filter(|(off, ..)| !distinct || used.insert(*off))
        .map(|&(off, ty, a, b)| {
            let date = start.add_days(i32::from(off % 900));
            // A deferral's release comes before its end (the parser refuses anything else).
            let until = start.add_months(i32::from(months % 40) + 1);
            let ty = if kind == "deferral" && ty % 30 == 3 && date >= until {
                4
            } else {
                ty
            };
            event(kind, date, ty, a, b)
        })
        .collect();
    json!({
        "as_of": as_of.to_string(),
        "person": {"birth_date": "1980-02-29", "sex": if months % 3 == 0 { "female" } else { "male" },
                   "rural": months % 4 == 0, "children_birth_dates": ["2023-06-01"]},
        "measure": measure_json(kind, start, months),
        "events": events,
    })
}

fn raw_events() -> impl Strategy<Value = Vec<(u16, u8, u8, u8)>> {
    prop::collection::vec((0u16..900, any::<u8>(), any::<u8>(), any::<u8>()), 0..45)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn adding_working_days_lands_on_a_working_day_and_grows_with_n(offset in 0i32..36_500, n in 1u32..40) {
        let cal = Calendar::builtin();
        let from = Date::ymd(2000, 1, 1).add_days(offset);
        let a = cal.add_working_days(from, n);
        let b = cal.add_working_days(from, n + 1);
        prop_assert!(cal.is_working_day(a));
        prop_assert!(a > from);
        prop_assert!(b > a);
        let working_between = (1..=a.days_since(from)).filter(|i| cal.is_working_day(from.add_days(*i))).count();
        prop_assert_eq!(working_between, n as usize, "exactly n working days are counted");
    }

    #[test]
    fn the_engine_never_panics_and_every_due_date_follows_its_opening(
        measure in 0usize..9, months in any::<u8>(), raw in raw_events()
    ) {
        let json = case_json(measure, months, &raw, false);
        let case = parse_case_str(&json.to_string()).map_err(|e| TestCaseError::fail(format!("{e}\n{json}")))?;
        let agenda = compute(&case);
        for task in &agenda.tasks {
            if let (Some(due), Some(opened)) = (task.due, task.opened) {
                prop_assert!(due >= opened, "{} due {} opened {}", task.kind, due, opened);
            }
        }
        if let Some(term) = agenda.term {
            prop_assert!(term.start <= term.half && term.half <= term.end, "{term:?}");
        }
        // The output is always valid JSON of the contract's shape.
        let text = agenda.to_json();
        let back: Value = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(back["tasks"].is_array() && back["flags"].is_array() && back["opportunities"].is_array());
    }

    #[test]
    fn shuffling_events_with_distinct_dates_does_not_change_the_agenda(
        measure in 0usize..9, months in any::<u8>(), raw in raw_events(), seed in any::<u64>()
    ) {
        let json = case_json(measure, months, &raw, true);
        let mut shuffled = json.clone();
        if let Some(events) = shuffled["events"].as_array_mut() {
            // A Fisher–Yates shuffle driven by the seed.
            let mut s = seed;
            for i in (1..events.len()).rev() {
                s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                events.swap(i, (s >> 33) as usize % (i + 1));
            }
        }
        let a = compute(&parse_case_str(&json.to_string()).map_err(|e| TestCaseError::fail(e.to_string()))?);
        let b = compute(&parse_case_str(&shuffled.to_string()).map_err(|e| TestCaseError::fail(e.to_string()))?);
        prop_assert_eq!(a, b);
    }
}
