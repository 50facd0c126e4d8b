//! Every task, opportunity and flag kind of the agenda contract, each proved by a case built
//! for it. Dates are checked against the 2025–2026 Kazakh calendar (domain.md §3).

use probatio_core::agenda::{Agenda, Status, compute};
use probatio_core::input::parse_case_str;
use serde_json::{Value, json};

fn person() -> Value {
    json!({"birth_date": "1990-05-01", "sex": "male"})
}

fn agenda_of(as_of: &str, person: Value, measure: Value, events: Value) -> Agenda {
    let case = json!({"as_of": as_of, "person": person, "measure": measure, "events": events});
    let case =
        parse_case_str(&case.to_string()).unwrap_or_else(|e| panic!("test case refused: {e}"));
    compute(&case)
}

fn agenda(as_of: &str, measure: Value, events: Value) -> Agenda {
    agenda_of(as_of, person(), measure, events)
}

/// The tasks of `kind` as (due, rule).
fn tasks(a: &Agenda, kind: &str) -> Vec<(Option<String>, String)> {
    a.tasks
        .iter()
        .filter(|t| t.kind.as_str() == kind)
        .map(|t| (t.due.map(|d| d.to_string()), t.rule.to_string()))
        .collect()
}

fn task_due(a: &Agenda, kind: &str) -> Option<String> {
    let found = tasks(a, kind);
    assert_eq!(found.len(), 1, "expected one {kind} task in {:#?}", a.tasks);
    found[0].0.clone()
}

fn task_rule(a: &Agenda, kind: &str) -> String {
    let found = tasks(a, kind);
    assert_eq!(found.len(), 1, "expected one {kind} task in {:#?}", a.tasks);
    found[0].1.clone()
}

/// The flags of `kind` as (task, date, rule).
fn flags(a: &Agenda, kind: &str) -> Vec<(Option<String>, String, String)> {
    a.flags
        .iter()
        .filter(|f| f.kind.as_str() == kind)
        .map(|f| {
            (
                f.task.map(|t| t.as_str().to_owned()),
                f.date.to_string(),
                f.rule.to_string(),
            )
        })
        .collect()
}

fn has_flag(a: &Agenda, kind: &str, task: Option<&str>, date: &str, rule: &str) -> bool {
    flags(a, kind)
        .iter()
        .any(|(t, d, r)| t.as_deref() == task && d == date && r == rule)
}

fn rof(term: &str) -> Value {
    json!({"kind": "restriction_of_freedom", "term": term, "verdict_in_force": "2025-03-28"})
}

fn conditional(term: &str, juvenile: bool) -> Value {
    json!({"kind": "conditional_sentence", "term": term, "juvenile": juvenile, "verdict_in_force": "2025-03-28"})
}

fn ev(date: &str, ty: &str) -> Value {
    json!({"date": date, "type": ty})
}

fn violation(date: &str, kind: &str) -> Value {
    json!({"date": date, "type": "violation", "kind": kind})
}

fn submission(date: &str, purpose: &str) -> Value {
    json!({"date": date, "type": "submission", "purpose": purpose})
}

// ---- Initial search and registration ----

#[test]
fn p68_initial_search_due_first_working_day_after_the_appearance_deadline() {
    // In force Tue 1 April 2025: appearance deadline Fri 11 April; the search opens on the 12th
    // and is due Mon 14 April.
    let measure =
        json!({"kind": "restriction_of_freedom", "term": "P1Y", "verdict_in_force": "2025-04-01"});
    let a = agenda(
        "2025-04-20",
        measure.clone(),
        json!([ev("2025-04-03", "verdict_received")]),
    );
    assert_eq!(
        task_due(&a, "initial_search").as_deref(),
        Some("2025-04-14")
    );
    assert_eq!(task_rule(&a, "initial_search"), "p.68");
    let before = agenda(
        "2025-04-11",
        measure,
        json!([ev("2025-04-03", "verdict_received")]),
    );
    assert!(
        tasks(&before, "initial_search").is_empty(),
        "not open on the deadline itself"
    );
}

#[test]
fn g4_appearance_deadline_on_a_weekend_moves_to_the_next_working_day() {
    // In force Wed 2 April 2025: +10 days = Sat 12 April → Mon 14 April (P2).
    let measure =
        json!({"kind": "conditional_sentence", "term": "P1Y", "verdict_in_force": "2025-04-02"});
    let on_time = agenda(
        "2025-04-20",
        measure.clone(),
        json!([ev("2025-04-14", "registered")]),
    );
    assert!(flags(&on_time, "late_appearance").is_empty());
    assert!(flags(&on_time, "late").is_empty());
    let late = agenda(
        "2025-04-20",
        measure,
        json!([ev("2025-04-15", "registered")]),
    );
    assert!(has_flag(&late, "late_appearance", None, "2025-04-15", "G4"));
    // The search opened on the 15th, due the 15th, and the registration that day closed it in time.
    assert!(flags(&late, "late").is_empty());
}

#[test]
fn p76_initial_search_is_closed_by_starting_the_search() {
    let a = agenda(
        "2025-05-20",
        conditional("P1Y", false),
        json!([ev("2025-04-14", "initial_search_started")]),
    );
    // Deadline 7 April (Mon): task due 8 April, done on the 14th: late.
    assert!(has_flag(
        &a,
        "late",
        Some("initial_search"),
        "2025-04-14",
        "p.76"
    ));
    assert!(tasks(&a, "initial_search").is_empty());
    assert_eq!(a.status, Status::AwaitingRegistration);
    assert!(
        a.term.is_none(),
        "a conditional sentence's term starts at registration"
    );
}

#[test]
fn p91_deferral_arrival_within_two_weeks_of_release() {
    // Released Tue 1 April 2025: arrival deadline Tue 15 April; arrived Sun 20 April.
    let measure =
        json!({"kind": "deferral", "until": "2027-04-01", "verdict_in_force": "2025-03-20"});
    let a = agenda(
        "2025-04-21",
        measure,
        json!([ev("2025-04-01", "released"), ev("2025-04-20", "arrived")]),
    );
    assert!(has_flag(&a, "late_arrival", None, "2025-04-20", "p.91"));
    assert!(has_flag(
        &a,
        "late",
        Some("initial_search"),
        "2025-04-20",
        "p.91"
    ));
    // p.88: registration within 3 working days of arrival: 21, 22, 23 April.
    assert_eq!(task_due(&a, "registration").as_deref(), Some("2025-04-23"));
    assert_eq!(task_rule(&a, "registration"), "p.88");
}

#[test]
fn l3905_correctional_works_registration_within_15_calendar_days_moved_off_holidays() {
    // Order on Fri 10 Oct 2025: +15 = Sat 25 Oct (Republic Day), its day off moved to Mon 27
    // → due Tue 28 October.
    let measure =
        json!({"kind": "correctional_works", "term": "P1Y", "verdict_in_force": "2025-10-01"});
    let a = agenda(
        "2025-10-20",
        measure,
        json!([ev("2025-10-10", "order_received")]),
    );
    assert_eq!(task_due(&a, "registration").as_deref(), Some("2025-10-28"));
    assert_eq!(task_rule(&a, "registration"), "L3905");
}

// ---- Violations, summons and warnings ----

#[test]
fn p71_summon_within_three_working_days_of_detection() {
    let a = agenda(
        "2025-04-08",
        rof("P1Y"),
        json!([
            ev("2025-03-31", "verdict_received"),
            ev("2025-03-31", "registered"),
            violation("2025-04-07", "ordinary")
        ]),
    );
    assert_eq!(task_due(&a, "summon").as_deref(), Some("2025-04-10"));
    assert_eq!(task_rule(&a, "summon"), "p.71");
    assert_eq!(tasks(&a, "warning"), vec![(None, "p.71".to_owned())]);
}

#[test]
fn p71_a_decree_day_off_in_the_case_calendar_moves_the_summons() {
    let case = json!({
        "as_of": "2025-04-08",
        "calendar": {"days_off": ["2025-04-09"]},
        "person": person(),
        "measure": rof("P1Y"),
        "events": [ev("2025-03-31", "verdict_received"), violation("2025-04-07", "ordinary")]
    });
    let a = compute(&parse_case_str(&case.to_string()).expect("valid"));
    assert_eq!(task_due(&a, "summon").as_deref(), Some("2025-04-11"));
}

#[test]
fn warning_task_is_never_open_twice_and_one_warning_closes_the_oldest_summons() {
    let a = agenda(
        "2025-04-09",
        rof("P1Y"),
        json!([
            ev("2025-03-31", "verdict_received"),
            violation("2025-04-07", "ordinary"),
            violation("2025-04-08", "ordinary"),
            ev("2025-04-09", "warning"),
        ]),
    );
    assert!(tasks(&a, "warning").is_empty());
    assert_eq!(
        task_due(&a, "summon").as_deref(),
        Some("2025-04-11"),
        "the second violation's summons stays open"
    );
}

#[test]
fn p72_replacement_submission_within_five_working_days() {
    // Mon 28 April 2025: 29, 30 April, 2, 5, 6 May (1 May is a holiday).
    let a = agenda(
        "2025-04-29",
        rof("P1Y"),
        json!([
            ev("2025-03-31", "verdict_received"),
            violation("2025-04-28", "malicious")
        ]),
    );
    assert_eq!(
        task_due(&a, "submission:replace_with_imprisonment").as_deref(),
        Some("2025-05-06")
    );
    assert_eq!(
        task_rule(&a, "submission:replace_with_imprisonment"),
        "p.72"
    );
}

#[test]
fn p80_extension_submission_has_no_deadline_and_a_cancellation_answers_it() {
    let events = json!([
        ev("2025-03-31", "registered"),
        violation("2025-04-07", "ordinary")
    ]);
    let a = agenda("2025-04-08", conditional("P2Y", false), events);
    assert_eq!(
        tasks(&a, "submission:extend_control"),
        vec![(None, "p.80".to_owned())]
    );
    assert_eq!(task_rule(&a, "summon"), "p.80");
}

#[test]
fn p81_repeated_violation_then_warning_requires_cancellation_within_five_working_days() {
    let a = agenda(
        "2025-04-25",
        conditional("P2Y", false),
        json!([
            ev("2025-03-31", "registered"),
            violation("2025-04-07", "ordinary"),
            ev("2025-04-08", "warning"),
            violation("2025-04-14", "ordinary"),
            ev("2025-04-15", "warning"),
            submission("2025-04-23", "cancel_conditional"),
        ]),
    );
    // Due Tue 22 April (16, 17, 18, 21, 22): submitted on the 23rd.
    assert!(has_flag(
        &a,
        "late",
        Some("submission:cancel_conditional"),
        "2025-04-23",
        "p.81"
    ));
    assert!(tasks(&a, "submission:cancel_conditional").is_empty());
    assert!(
        tasks(&a, "submission:extend_control").is_empty(),
        "the cancellation answers the p.80 extension too"
    );
}

#[test]
fn p81_first_warning_without_ground_opens_no_submission() {
    let a = agenda(
        "2025-04-10",
        conditional("P2Y", false),
        json!([
            ev("2025-03-31", "registered"),
            violation("2025-04-07", "ordinary"),
            ev("2025-04-08", "warning")
        ]),
    );
    assert!(tasks(&a, "submission:cancel_conditional").is_empty());
}

#[test]
fn p81_duty_failure_of_a_minor_requires_an_extension_within_five_working_days() {
    let a = agenda(
        "2025-04-10",
        conditional("P1Y", true),
        json!([
            ev("2025-03-31", "registered"),
            violation("2025-04-07", "duty_failure"),
            ev("2025-04-08", "warning")
        ]),
    );
    assert_eq!(
        task_due(&a, "submission:extend_control").as_deref(),
        Some("2025-04-15")
    );
    assert_eq!(task_rule(&a, "submission:extend_control"), "p.81");
    assert!(
        tasks(&a, "submission:cancel_conditional").is_empty(),
        "minors get an extension, not a cancellation"
    );
}

#[test]
fn p82_hiding_requires_a_submission_to_declare_wanted_answered_by_the_ruling() {
    let events = json!([
        ev("2025-03-31", "registered"),
        violation("2025-05-05", "hiding")
    ]);
    let a = agenda("2025-05-10", conditional("P2Y", false), events);
    assert_eq!(
        tasks(&a, "submission:declare_wanted"),
        vec![(None, "p.82".to_owned())]
    );
    let a = agenda(
        "2025-05-25",
        conditional("P2Y", false),
        json!([
            ev("2025-03-31", "registered"),
            violation("2025-05-05", "hiding"),
            ev("2025-05-20", "wanted_declared")
        ]),
    );
    assert!(tasks(&a, "submission:declare_wanted").is_empty());
    assert_eq!(a.status, Status::Wanted);
    assert!(tasks(&a, "report").is_empty() && tasks(&a, "home_visit").is_empty());
    // p.84: the term is suspended from the declaration through as_of (20–25 May = 6 days).
    assert_eq!(a.term.map(|t| t.suspended_days), Some(6));
}

#[test]
fn p94_deferral_summons_is_answered_by_a_home_visit() {
    let measure =
        json!({"kind": "deferral", "until": "2027-04-01", "verdict_in_force": "2025-03-20"});
    let a = agenda(
        "2025-04-10",
        measure,
        json!([
            ev("2025-03-25", "released"),
            ev("2025-03-27", "arrived"),
            ev("2025-03-28", "registered"),
            violation("2025-04-07", "child_care"),
            ev("2025-04-09", "home_visit"),
        ]),
    );
    assert!(tasks(&a, "summon").is_empty());
    assert_eq!(tasks(&a, "warning"), vec![(None, "p.94".to_owned())]);
    assert!(
        tasks(&a, "submission:cancel_deferral").is_empty(),
        "no earlier warning: not yet a p.95 ground"
    );
}

#[test]
fn p95_grounds_to_cancel_a_deferral() {
    let measure =
        json!({"kind": "deferral", "until": "2027-04-01", "verdict_in_force": "2025-03-20"});
    let base = || {
        vec![
            ev("2025-03-25", "released"),
            ev("2025-03-27", "arrived"),
            ev("2025-03-28", "registered"),
        ]
    };
    // Refusing the child is a ground at once: due 5 working days after detection.
    let mut e = base();
    e.push(violation("2025-04-07", "refused_child"));
    let a = agenda("2025-04-08", measure.clone(), json!(e));
    assert_eq!(
        task_due(&a, "submission:cancel_deferral").as_deref(),
        Some("2025-04-14")
    );
    assert_eq!(task_rule(&a, "submission:cancel_deferral"), "p.95");
    // Evading the child's care after one warning is a ground.
    let mut e = base();
    e.extend([
        violation("2025-04-01", "child_care"),
        ev("2025-04-02", "warning"),
        violation("2025-04-07", "child_care"),
    ]);
    let a = agenda("2025-04-08", measure.clone(), json!(e));
    assert_eq!(
        task_due(&a, "submission:cancel_deferral").as_deref(),
        Some("2025-04-14")
    );
    // A public-order offence after only one warning is not.
    let mut e = base();
    e.extend([
        violation("2025-04-01", "public_order"),
        ev("2025-04-02", "warning"),
        violation("2025-04-07", "public_order"),
    ]);
    let a = agenda("2025-04-08", measure, json!(e));
    assert!(tasks(&a, "submission:cancel_deferral").is_empty());
}

#[test]
fn p97_deferral_end_submission_within_five_working_days_and_it_survives_removal() {
    let measure =
        json!({"kind": "deferral", "until": "2026-04-01", "verdict_in_force": "2025-03-20"});
    let events = vec![
        ev("2025-03-25", "released"),
        ev("2025-03-27", "arrived"),
        ev("2025-03-28", "registered"),
    ];
    let a = agenda("2026-04-20", measure.clone(), json!(events));
    // Wed 1 April 2026: 2, 3, 6, 7, 8 April.
    assert_eq!(
        task_due(&a, "submission:deferral_end").as_deref(),
        Some("2026-04-08")
    );
    assert_eq!(
        a.status,
        Status::Active,
        "a deferral does not end by date alone"
    );
    let mut removed = events.clone();
    removed.push(ev("2026-04-10", "removed"));
    let a = agenda("2026-04-20", measure, json!(removed));
    assert_eq!(a.status, Status::Ended);
    assert_eq!(
        task_due(&a, "submission:deferral_end").as_deref(),
        Some("2026-04-08")
    );
}

#[test]
fn l3826_replacing_correctional_works_within_15_calendar_days() {
    let measure =
        json!({"kind": "correctional_works", "term": "P1Y", "verdict_in_force": "2025-03-20"});
    let a = agenda(
        "2025-04-16",
        measure,
        json!([
            ev("2025-03-25", "registered"),
            ev("2025-03-26", "employer_received_verdict"),
            violation("2025-04-15", "malicious")
        ]),
    );
    assert_eq!(
        task_due(&a, "submission:replace_correctional_works").as_deref(),
        Some("2025-04-30")
    );
    assert_eq!(
        task_rule(&a, "submission:replace_correctional_works"),
        "L3826"
    );
}

#[test]
fn l3699_only_disability_groups_one_and_two_open_a_release_submission() {
    let measure =
        json!({"kind": "correctional_works", "term": "P1Y", "verdict_in_force": "2025-03-20"});
    let with_group = |g: u8| {
        agenda(
            "2025-04-16",
            measure.clone(),
            json!([
                ev("2025-03-25", "registered"),
                ev("2025-03-26", "employer_received_verdict"),
                {"date": "2025-04-15", "type": "disability_recognised", "group": g}
            ]),
        )
    };
    assert!(tasks(&with_group(3), "submission:release_disability").is_empty());
    assert_eq!(
        tasks(&with_group(1), "submission:release_disability"),
        vec![(None, "L3699".to_owned())]
    );
}

// ---- The end of a measure ----

#[test]
fn l4165_employer_notified_by_the_next_working_day_after_the_last_day() {
    let measure =
        json!({"kind": "correctional_works", "term": "P6M", "verdict_in_force": "2025-03-20"});
    let events = vec![
        ev("2025-03-25", "registered"),
        ev("2025-04-01", "employer_received_verdict"),
    ];
    let a = agenda("2025-10-10", measure.clone(), json!(events));
    // Term 1 April – 1 October 2025: last day Tue 30 September, notice due Wed 1 October.
    assert_eq!(
        a.term.map(|t| t.end.to_string()).as_deref(),
        Some("2025-10-01")
    );
    assert_eq!(a.status, Status::Ended);
    assert_eq!(
        task_due(&a, "notify_employer").as_deref(),
        Some("2025-10-01")
    );
    assert_eq!(task_rule(&a, "notify_employer"), "L4165");
    let mut done = events;
    done.push(ev("2025-10-03", "employer_notified"));
    let a = agenda("2025-10-10", measure, json!(done));
    assert!(has_flag(
        &a,
        "late",
        Some("notify_employer"),
        "2025-10-03",
        "L4165"
    ));
}

#[test]
fn p83_removal_due_on_the_first_working_day_on_or_after_the_end() {
    // Term from Sat 22 March 2025 for one year: ends Sun 22 March 2026 (Nauryz); 23 is a
    // holiday and 24, 25 are days off moved from it → due Thu 26 March.
    let a = agenda(
        "2026-04-01",
        rof("P1Y"),
        json!([ev("2025-03-22", "verdict_received")]),
    );
    assert_eq!(a.status, Status::Ended);
    assert_eq!(task_due(&a, "remove").as_deref(), Some("2026-03-26"));
    assert_eq!(task_rule(&a, "remove"), "p.83");
    let removed = agenda(
        "2026-04-01",
        rof("P1Y"),
        json!([
            ev("2025-03-22", "verdict_received"),
            ev("2026-03-26", "removed")
        ]),
    );
    assert!(tasks(&removed, "remove").is_empty());
    assert!(flags(&removed, "late").is_empty());
}

#[test]
fn unfulfilled_when_the_measure_ends_with_an_overdue_task() {
    // Term 1 April – 1 October 2025; a violation on Thu 25 September: summons due Tue 30 September.
    let a = agenda(
        "2025-10-15",
        rof("P6M"),
        json!([
            ev("2025-04-01", "verdict_received"),
            violation("2025-09-25", "ordinary")
        ]),
    );
    assert!(has_flag(
        &a,
        "unfulfilled",
        Some("summon"),
        "2025-09-30",
        "p.71"
    ));
    assert!(
        tasks(&a, "summon").is_empty() && tasks(&a, "warning").is_empty(),
        "the rest lapses"
    );
    assert!(a.opportunities.is_empty());
}

#[test]
fn release_preparation_is_due_a_year_before_release_unmoved() {
    let measure = json!({"kind": "penitentiary", "release_date": "2027-03-01"});
    let a = agenda("2026-01-10", measure, json!([]));
    // 1 March 2026 is a Sunday: the date is not a deadline and does not move.
    assert_eq!(
        task_due(&a, "release_preparation").as_deref(),
        Some("2026-03-01")
    );
    assert_eq!(task_rule(&a, "release_preparation"), "5.8");
    let life = agenda(
        "2026-01-10",
        json!({"kind": "penitentiary", "release_date": null}),
        json!([]),
    );
    assert!(life.tasks.is_empty(), "a life sentence has no release date");
}

// ---- Periodic duties ----

#[test]
fn g2_g7_a_month_without_its_check_is_a_missed_period() {
    let a = agenda(
        "2025-06-10",
        rof("P1Y"),
        json!([
            ev("2025-04-01", "verdict_received"),
            ev("2025-04-02", "registered"),
            ev("2025-04-10", "records_check"),
            ev("2025-04-10", "home_visit"),
            ev("2025-05-12", "home_visit"),
        ]),
    );
    // 31 May 2025 is a Saturday: May's duty was due Fri 30 May.
    assert!(has_flag(
        &a,
        "missed_period",
        Some("records_check"),
        "2025-05-30",
        "G2"
    ));
    assert!(
        flags(&a, "missed_period")
            .iter()
            .all(|(t, _, _)| t.as_deref() == Some("records_check"))
    );
    assert_eq!(task_due(&a, "records_check").as_deref(), Some("2025-06-30"));
    assert_eq!(task_due(&a, "home_visit").as_deref(), Some("2025-06-30"));
}

#[test]
fn g2_the_first_period_owes_the_duty_even_when_it_starts_on_its_last_working_day() {
    let a = agenda(
        "2025-05-05",
        rof("P1Y"),
        json!([ev("2025-04-30", "verdict_received")]),
    );
    assert!(has_flag(
        &a,
        "missed_period",
        Some("records_check"),
        "2025-04-30",
        "G2"
    ));
    assert!(has_flag(
        &a,
        "missed_period",
        Some("home_visit"),
        "2025-04-30",
        "G7"
    ));
}

#[test]
fn a_month_spent_wanted_owes_no_periodic_duty() {
    let a = agenda(
        "2025-07-10",
        conditional("P2Y", false),
        json!([
            ev("2025-03-31", "registered"),
            ev("2025-03-31", "records_check"),
            ev("2025-03-31", "home_visit"),
            ev("2025-04-01", "initial_search_started"),
            ev("2025-04-02", "wanted_declared"),
            ev("2025-07-01", "search_ended"),
        ]),
    );
    assert!(flags(&a, "missed_period").is_empty(), "{:#?}", a.flags);
    assert_eq!(task_due(&a, "records_check").as_deref(), Some("2025-07-31"));
    // Suspended 1 April – 30 June: 91 days.
    assert_eq!(a.term.map(|t| t.suspended_days), Some(91));
}

#[test]
fn l4066_workplace_check_is_quarterly_and_l3877_talk_monthly() {
    let measure =
        json!({"kind": "correctional_works", "term": "P1Y", "verdict_in_force": "2025-03-20"});
    let a = agenda(
        "2025-08-05",
        measure,
        json!([
            ev("2025-03-25", "registered"),
            ev("2025-04-01", "employer_received_verdict"),
            ev("2025-04-10", "records_check"),
            ev("2025-05-10", "records_check"),
            ev("2025-06-10", "records_check"),
            ev("2025-07-10", "records_check"),
            ev("2025-04-10", "preventive_talk"),
            ev("2025-05-10", "preventive_talk"),
            ev("2025-06-10", "preventive_talk"),
            ev("2025-07-10", "preventive_talk"),
        ]),
    );
    assert!(has_flag(
        &a,
        "missed_period",
        Some("workplace_check"),
        "2025-06-30",
        "L4066"
    ));
    assert_eq!(
        task_due(&a, "workplace_check").as_deref(),
        Some("2025-09-30")
    );
    assert_eq!(
        task_due(&a, "preventive_talk").as_deref(),
        Some("2025-08-29")
    );
    assert_eq!(task_rule(&a, "preventive_talk"), "L3877");
}

#[test]
fn p89_guardianship_check_is_quarterly_from_registration() {
    let measure =
        json!({"kind": "deferral", "until": "2027-04-01", "verdict_in_force": "2025-03-20"});
    let a = agenda(
        "2025-05-05",
        measure,
        json!([
            ev("2025-03-25", "released"),
            ev("2025-03-27", "arrived"),
            ev("2025-03-28", "registered")
        ]),
    );
    // The first quarter holds registration (28 March): due Mon 31 March, missed.
    assert!(has_flag(
        &a,
        "missed_period",
        Some("guardianship_check"),
        "2025-03-31",
        "p.89"
    ));
    assert_eq!(
        task_due(&a, "guardianship_check").as_deref(),
        Some("2025-06-30")
    );
}

#[test]
fn l4566_community_service_talk_monthly_from_registration() {
    let measure =
        json!({"kind": "community_service", "hours": 120, "verdict_in_force": "2025-03-20"});
    let a = agenda(
        "2025-04-05",
        measure,
        json!([ev("2025-04-02", "registered")]),
    );
    assert_eq!(
        task_due(&a, "preventive_talk").as_deref(),
        Some("2025-04-30")
    );
    assert_eq!(task_rule(&a, "preventive_talk"), "L4566");
    assert!(a.term.is_none());
}

// ---- Reporting ----

#[test]
fn g6_more_than_twice_a_month_is_enhanced_reporting() {
    let days = |d: Value| json!({"date": "2025-04-01", "type": "reporting_days", "days": d});
    let a = agenda(
        "2025-04-02",
        rof("P1Y"),
        json!([
            ev("2025-03-31", "verdict_received"),
            days(json!([1, 10, 20]))
        ]),
    );
    assert!(has_flag(&a, "enhanced_reporting", None, "2025-04-01", "G6"));
    let a = agenda(
        "2025-04-02",
        rof("P1Y"),
        json!([ev("2025-03-31", "verdict_received"), days(json!([10, 20]))]),
    );
    assert!(flags(&a, "enhanced_reporting").is_empty());
    assert_eq!(task_due(&a, "report").as_deref(), Some("2025-04-10"));
}

#[test]
fn g6_rural_conditional_sentence_reports_once_a_month() {
    let rural = json!({"birth_date": "1990-05-01", "sex": "male", "rural": true});
    let events = json!([ev("2025-03-31", "registered"), {"date": "2025-04-01", "type": "reporting_days", "days": [10, 20]}]);
    let a = agenda_of(
        "2025-04-02",
        rural.clone(),
        conditional("P1Y", false),
        events.clone(),
    );
    assert!(has_flag(&a, "enhanced_reporting", None, "2025-04-01", "G6"));
    let a = agenda_of("2025-04-02", rural, rof("P1Y"), events);
    assert!(
        flags(&a, "enhanced_reporting").is_empty(),
        "the rural limit is the conditional sentence's"
    );
}

#[test]
fn g8_change_of_residence_must_be_notified_in_writing() {
    let moved =
        |notice: &str| json!({"date": "2025-04-10", "type": "residence_changed", "notice": notice});
    let a = agenda(
        "2025-04-11",
        rof("P1Y"),
        json!([ev("2025-03-31", "verdict_received"), moved("oral")]),
    );
    assert!(has_flag(&a, "oral_notice", None, "2025-04-10", "G8"));
    let a = agenda(
        "2025-04-11",
        rof("P1Y"),
        json!([ev("2025-03-31", "verdict_received"), moved("written")]),
    );
    assert!(flags(&a, "oral_notice").is_empty());
    let cw = json!({"kind": "correctional_works", "term": "P1Y", "verdict_in_force": "2025-03-20"});
    let a = agenda(
        "2025-04-11",
        cw,
        json!([ev("2025-03-25", "registered"), moved("oral")]),
    );
    assert!(
        flags(&a, "oral_notice").is_empty(),
        "correctional works: notice immediately, in any form"
    );
}

// ---- Early cancellation and extensions ----

#[test]
fn p79_early_cancellation_from_half_the_term() {
    let a = agenda(
        "2025-05-01",
        conditional("P2Y", false),
        json!([ev("2025-01-15", "registered")]),
    );
    assert_eq!(a.opportunities.len(), 1);
    assert_eq!(a.opportunities[0].from.to_string(), "2026-01-15");
    assert_eq!(a.opportunities[0].rule.to_string(), "p.79");
    let early = agenda(
        "2025-12-02",
        conditional("P2Y", false),
        json!([
            ev("2025-01-15", "registered"),
            submission("2025-12-01", "early_cancellation")
        ]),
    );
    assert!(has_flag(
        &early,
        "premature_submission",
        Some("submission:early_cancellation"),
        "2025-12-01",
        "p.79"
    ));
    assert_eq!(
        early.opportunities.len(),
        1,
        "a premature submission does not use the opportunity"
    );
    let made = agenda(
        "2026-02-02",
        conditional("P2Y", false),
        json!([
            ev("2025-01-15", "registered"),
            submission("2026-02-01", "early_cancellation")
        ]),
    );
    assert!(made.opportunities.is_empty());
    assert!(flags(&made, "premature_submission").is_empty());
}

#[test]
fn p79_premature_is_judged_with_the_facts_known_that_day() {
    let a = agenda(
        "2026-03-02",
        conditional("P2Y", false),
        json!([
            ev("2025-01-15", "registered"),
            submission("2026-02-01", "early_cancellation"),
            {"date": "2026-03-01", "type": "term_extended", "months": 12, "ground": "violation"},
        ]),
    );
    assert!(
        flags(&a, "premature_submission").is_empty(),
        "a later extension does not make it premature"
    );
    assert_eq!(
        a.term.map(|t| t.end.to_string()).as_deref(),
        Some("2028-01-15")
    );
}

#[test]
fn p80_p81_extension_limits() {
    let extended = |juvenile: bool, months: u8, ground: &str| {
        agenda(
            "2025-06-01",
            conditional("P1Y", juvenile),
            json!([ev("2025-03-31", "registered"), {"date": "2025-05-20", "type": "term_extended", "months": months, "ground": ground}]),
        )
    };
    assert!(has_flag(
        &extended(false, 13, "violation"),
        "extension_over_limit",
        None,
        "2025-05-20",
        "p.80"
    ));
    assert!(has_flag(
        &extended(false, 13, "repeated"),
        "extension_over_limit",
        None,
        "2025-05-20",
        "p.81"
    ));
    assert!(flags(&extended(false, 12, "violation"), "extension_over_limit").is_empty());
    assert!(has_flag(
        &extended(true, 7, "violation"),
        "extension_over_limit",
        None,
        "2025-05-20",
        "p.80"
    ));
    assert!(flags(&extended(true, 12, "repeated"), "extension_over_limit").is_empty());
}

// ---- Eligibility and the pre-trial procedure ----

#[test]
fn s57_pretrial_not_eligible_for_a_man_of_working_age() {
    let pretrial = json!({"kind": "pretrial"});
    let app = |form: &str, date: &str| json!({"date": date, "type": "application", "form": form});
    let a = agenda(
        "2025-04-10",
        pretrial.clone(),
        json!([app("oral", "2025-04-01"), app("written", "2025-04-03")]),
    );
    assert!(
        has_flag(&a, "not_eligible", None, "2025-04-03", "5.7"),
        "judged on the first written application"
    );
    assert!(has_flag(&a, "oral_application", None, "2025-04-01", "5.7"));
    assert_eq!(a.status, Status::Active);
    let woman58 = json!({"birth_date": "1966-04-30", "sex": "female"});
    let a = agenda_of(
        "2025-04-10",
        woman58,
        pretrial.clone(),
        json!([app("written", "2025-04-03")]),
    );
    assert!(flags(&a, "not_eligible").is_empty());
    let father = json!({"birth_date": "1990-05-01", "sex": "male", "sole_carer": true, "children_birth_dates": ["2023-01-10"]});
    let a = agenda_of(
        "2025-04-10",
        father,
        pretrial,
        json!([app("written", "2025-04-03")]),
    );
    assert!(
        flags(&a, "not_eligible").is_empty(),
        "a man raising a child under 3 alone is eligible"
    );
}

#[test]
fn s57_custody_or_house_arrest_excludes_pretrial_probation() {
    let pregnant = json!({"birth_date": "1999-01-19", "sex": "female", "pregnant": true});
    let a = agenda_of(
        "2025-04-20",
        pregnant.clone(),
        json!({"kind": "pretrial"}),
        json!([
            {"date": "2025-04-01", "type": "application", "form": "written"},
            {"date": "2025-04-15", "type": "preventive_measure", "measure": "custody"},
        ]),
    );
    assert!(has_flag(&a, "not_eligible", None, "2025-04-15", "5.7"));
    let a = agenda_of(
        "2025-04-20",
        pregnant,
        json!({"kind": "pretrial"}),
        json!([
            {"date": "2025-04-01", "type": "application", "form": "written"},
            {"date": "2025-04-10", "type": "preventive_measure", "measure": "house_arrest"},
            {"date": "2025-04-15", "type": "preventive_measure", "measure": "other"},
        ]),
    );
    assert!(
        flags(&a, "not_eligible").is_empty(),
        "only the latest preventive measure counts"
    );
}

#[test]
fn s57_testing_within_sixty_minutes_finished_by_noon_by_a_psychologist() {
    let testing = |start: &str, minutes: u16, tester: &str| {
        agenda(
            "2025-04-20",
            json!({"kind": "pretrial"}),
            json!([{"date": "2025-04-08", "type": "testing", "start": start, "minutes": minutes, "tester": tester}]),
        )
    };
    let ok = testing("11:00", 60, "psychology");
    assert!(ok.flags.is_empty(), "{:#?}", ok.flags);
    assert!(has_flag(
        &testing("11:01", 60, "pedagogy"),
        "testing_afternoon",
        None,
        "2025-04-08",
        "5.7"
    ));
    assert!(has_flag(
        &testing("09:00", 61, "pedagogy"),
        "testing_over_time",
        None,
        "2025-04-08",
        "5.7"
    ));
    assert!(has_flag(
        &testing("09:00", 30, "other"),
        "testing_unqualified",
        None,
        "2025-04-08",
        "5.7"
    ));
}

#[test]
fn s55_community_service_not_for_military_servicemen() {
    let measure = json!({"kind": "community_service", "verdict_in_force": "2025-03-20"});
    let soldier = json!({"birth_date": "2000-05-01", "sex": "male", "military": true});
    let a = agenda_of("2025-04-01", soldier, measure.clone(), json!([]));
    assert!(has_flag(&a, "not_eligible", None, "2025-03-20", "5.5"));
    let a = agenda("2025-04-01", measure.clone(), json!([]));
    assert!(flags(&a, "not_eligible").is_empty());
    let group3 = json!({"birth_date": "1990-05-01", "sex": "male", "disability_group": 3});
    let a = agenda_of("2025-04-01", group3, measure, json!([]));
    assert!(
        flags(&a, "not_eligible").is_empty(),
        "only groups I and II are excluded"
    );
}

// ---- Status and term ----

#[test]
fn activity_ban_runs_from_the_verdicts_entry_into_force() {
    let measure = json!({"kind": "activity_ban", "term": "P2Y", "verdict_in_force": "2025-03-20"});
    let a = agenda("2025-04-01", measure, json!([]));
    assert_eq!(
        a.term.map(|t| t.start.to_string()).as_deref(),
        Some("2025-03-20")
    );
    assert_eq!(a.status, Status::AwaitingRegistration);
    assert!(a.tasks.is_empty(), "no duties before registration");
}

#[test]
fn term_end_and_half_clamp_to_the_months_last_day() {
    // 31 January + 1 month = 28 February 2025; total 28 days, half after 14.
    let a = agenda(
        "2025-02-01",
        rof("P1M"),
        json!([ev("2025-01-31", "verdict_received")]),
    );
    let term = a.term.expect("started");
    assert_eq!(
        (term.end.to_string(), term.half.to_string()),
        ("2025-02-28".to_owned(), "2025-02-14".to_owned())
    );
}
