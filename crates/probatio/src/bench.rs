//! `probatio bench`: the agenda engine over a synthetic national register.
//!
//! Cases follow the register's mix of measures (domain.md §1, Appendix 4) and carry 10–40
//! events each, written as contract JSON. Three phases are timed separately on all cores:
//! parsing the JSON into validated cases, computing every agenda, and (for reference)
//! writing the agendas as JSON.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use probatio_core::agenda::{Agenda, compute};
use probatio_core::case::Case;
use probatio_core::input::parse_case;

use crate::demo::{MIX, Rng};

/// Days since 1970-01-01 → `YYYY-MM-DD`.
fn day(n: i32) -> String {
    probatio_core::date::Date::from_day_number(n).to_string()
}

fn pick_measure(rng: &mut Rng) -> &'static str {
    let mut r = rng.below(100_000);
    for (kind, weight) in MIX {
        if r < weight {
            return kind;
        }
        r -= weight;
    }
    MIX[0].0
}

/// The periodic duties an officer records each month under a measure.
fn monthly_duties(kind: &str) -> &'static [&'static str] {
    match kind {
        "restriction_of_freedom" | "conditional_sentence" => {
            &[r#""records_check""#, r#""home_visit""#]
        }
        "correctional_works" | "community_service" => {
            &[r#""records_check""#, r#""preventive_talk""#]
        }
        _ => &[r#""records_check""#],
    }
}

/// One synthetic case as contract JSON with 10–40 events: a history of monthly duties
/// (about 1 in 15 missed), reporting, and now and then a violation with its summons and
/// warning, a search episode, a move or a submission.
fn synthetic_case(rng: &mut Rng) -> String {
    let kind = pick_measure(rng);
    let as_of: i32 = 20_400 + rng.below(400) as i32; // 2025-11 .. 2026-12
    let n_events = 10 + rng.below(31) as usize;
    let duties = monthly_duties(kind);
    let months = (n_events / (duties.len() + 1)) as i32 + rng.below(3) as i32;
    let verdict = as_of - months * 30 - 15;
    let birth = verdict - 365 * (19 + rng.below(50) as i32);
    let sex = if rng.chance(85) { "male" } else { "female" };
    let rural = rng.chance(30);
    let (term, extra) = match kind {
        "deferral" => (
            String::new(),
            format!(
                r#", "until": "{}""#,
                day(verdict + 700 + rng.below(400) as i32)
            ),
        ),
        "community_service" => (
            String::new(),
            format!(r#", "hours": {}"#, 60 + rng.below(200)),
        ),
        _ => (
            format!(r#", "term": "P{}M""#, 6 + rng.below(42)),
            String::new(),
        ),
    };
    let mut events: Vec<String> = Vec::with_capacity(n_events + 4);
    let push = |events: &mut Vec<String>, date: i32, body: &str| {
        events.push(format!(
            r#"{{"date": "{}", "type": {body}}}"#,
            day(date.min(as_of))
        ));
    };
    let registered = verdict + 2 + rng.below(12) as i32;
    match kind {
        "restriction_of_freedom" => push(&mut events, verdict + 1, r#""verdict_received""#),
        "deferral" => {
            push(&mut events, verdict + 3, r#""released""#);
            push(&mut events, verdict + 8, r#""arrived""#);
        }
        "correctional_works" => push(&mut events, verdict + 2, r#""order_received""#),
        _ => {}
    }
    push(&mut events, registered, r#""registered""#);
    if kind == "correctional_works" {
        push(
            &mut events,
            registered + 1,
            r#""employer_received_verdict""#,
        );
    }
    if matches!(kind, "restriction_of_freedom" | "conditional_sentence") {
        let days = if rng.chance(3) {
            "[1, 10, 20]"
        } else {
            "[5, 20]"
        };
        push(
            &mut events,
            registered,
            &format!(r#""reporting_days", "days": {days}"#),
        );
    }
    let violation = match kind {
        "conditional_sentence" => ["ordinary", "duty_failure", "ordinary"],
        "deferral" => ["public_order", "child_care", "public_order"],
        "restriction_of_freedom" | "correctional_works" | "community_service" => {
            ["ordinary", "ordinary", "malicious"]
        }
        _ => [""; 3],
    };
    let mut month_start = registered;
    while events.len() < n_events && month_start <= as_of {
        for duty in duties {
            if rng.chance(93) {
                push(&mut events, month_start + 3 + rng.below(20) as i32, duty);
            }
        }
        let d = month_start + 1 + rng.below(25) as i32;
        match rng.below(100) {
            0..=7 if !violation[0].is_empty() => {
                let v = violation[rng.below(3) as usize];
                push(&mut events, d, &format!(r#""violation", "kind": "{v}""#));
                if rng.chance(85) {
                    push(&mut events, d + 1 + rng.below(4) as i32, r#""summoned""#);
                    push(&mut events, d + 1 + rng.below(5) as i32, r#""warning""#);
                }
            }
            8..=9 => {
                push(&mut events, d, r#""initial_search_started""#);
                if rng.chance(50) {
                    push(&mut events, d + 10, r#""wanted_declared""#);
                }
                push(
                    &mut events,
                    d + 20 + rng.below(20) as i32,
                    r#""search_ended""#,
                );
            }
            10 => push(
                &mut events,
                d,
                r#""residence_changed", "notice": "written""#,
            ),
            11 if kind == "conditional_sentence" => {
                push(
                    &mut events,
                    d,
                    r#""submission", "purpose": "early_cancellation""#,
                );
            }
            12..=14 => push(&mut events, d, r#""missed_report", "valid_reason": true"#),
            _ => {}
        }
        month_start += 30;
    }
    while events.len() < n_events {
        push(
            &mut events,
            registered + rng.below((as_of - registered).max(1) as u64) as i32,
            r#""reported""#,
        );
    }
    events.truncate(n_events);
    format!(
        r#"{{"as_of": "{}", "person": {{"birth_date": "{}", "sex": "{sex}", "rural": {rural}, "disability_group": null, "pregnant": false, "sole_carer": false, "military": false, "children_birth_dates": []}}, "measure": {{"kind": "{kind}"{term}{extra}, "juvenile": false, "verdict_in_force": "{}"}}, "events": [{}]}}"#,
        day(as_of),
        day(birth),
        day(verdict),
        events.join(", ")
    )
}

/// Runs `work` over `items` on `threads` threads and returns the wall time and the results.
fn timed_parallel<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
) -> (Duration, Vec<R>) {
    let chunk = items.len().div_ceil(threads.max(1)).max(1);
    let started = Instant::now();
    let results: Vec<Vec<R>> = std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(|| part.iter().map(&work).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    (started.elapsed(), results.into_iter().flatten().collect())
}

pub fn run(cases: usize, threads: Option<usize>, seed: u64, repeat: usize) -> anyhow::Result<()> {
    if cases == 0 {
        bail!("--cases must be at least 1");
    }
    let threads = threads
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1);
    eprintln!("generating {cases} synthetic cases (seed {seed}) …");
    let seeds: Vec<u64> = (0..cases as u64).collect();
    let (gen_time, texts) = timed_parallel(&seeds, threads, |i| {
        synthetic_case(&mut Rng(seed ^ (i.wrapping_mul(0xA24B_AED4_963E_E407))))
    });
    let bytes: usize = texts.iter().map(String::len).sum();

    let (parse_time, parsed) = timed_parallel(&texts, threads, |t| parse_case(t.as_bytes()));
    let parsed: Vec<Case> = parsed
        .into_iter()
        .enumerate()
        .map(|(i, r)| r.with_context(|| format!("synthetic case {i} was refused")))
        .collect::<anyhow::Result<_>>()?;
    drop(texts);
    let events: usize = parsed.iter().map(|c| c.events().len()).sum();

    let (mut compute_time, mut agendas) = timed_parallel(&parsed, threads, compute);
    for _ in 1..repeat.max(1) {
        let (t, a) = timed_parallel(&parsed, threads, compute);
        if t < compute_time {
            compute_time = t;
        }
        agendas = a;
    }
    let tasks: usize = agendas.iter().map(|a: &Agenda| a.tasks.len()).sum();
    let flags: usize = agendas.iter().map(|a| a.flags.len()).sum();
    let (write_time, written) = timed_parallel(&agendas, threads, |a| {
        serde_json::to_vec(a).map(|v| v.len()).unwrap_or(0)
    });
    let out_bytes: usize = written.iter().sum();

    let per_sec = |d: Duration| cases as f64 / d.as_secs_f64();
    println!("cases            {cases}");
    println!(
        "events           {events} ({:.1} per case)",
        events as f64 / cases as f64
    );
    println!("threads          {threads}");
    println!("compute runs     {} (best kept)", repeat.max(1));
    println!(
        "input JSON       {:.1} MiB (generated in {:.2} s)",
        bytes as f64 / 1_048_576.0,
        gen_time.as_secs_f64()
    );
    println!(
        "parse            {:>8.3} s  {:>12.0} cases/s",
        parse_time.as_secs_f64(),
        per_sec(parse_time)
    );
    println!(
        "compute agendas  {:>8.3} s  {:>12.0} cases/s",
        compute_time.as_secs_f64(),
        per_sec(compute_time)
    );
    println!(
        "write agendas    {:>8.3} s  {:>12.0} cases/s ({:.1} MiB)",
        write_time.as_secs_f64(),
        per_sec(write_time),
        out_bytes as f64 / 1_048_576.0
    );
    println!(
        "compute / parse  {:>8.2}",
        compute_time.as_secs_f64() / parse_time.as_secs_f64()
    );
    println!("tasks {tasks}, flags {flags}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_cases_are_valid_contract_input() {
        let mut rng = Rng(7);
        for i in 0..2_000 {
            let text = synthetic_case(&mut rng);
            let case = parse_case(text.as_bytes())
                .unwrap_or_else(|e| panic!("case {i} refused: {e}\n{text}"));
            assert!((10..=40).contains(&case.events().len()), "{text}");
            let _ = compute(&case);
        }
    }
}
