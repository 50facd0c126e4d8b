//! How fast documents are issued: typesets N written warnings (different numbers, so no two
//! are the same document) on one thread and prints the rate. BENCHMARKS.md records it.
//!
//!   cargo run --release -p probatio-docs --example render_many -- 1000

use std::time::Instant;

use probatio_docs::{CaseFacts, DocFacts, DocKind, DocLang, PersonFacts, ViolationFacts, render};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let base = DocFacts {
        number: None,
        issued_on: Some("04.12.2026".into()),
        service: Some("Алматы қаласы Әуезов ауданының пробация қызметі".into()),
        officer: Some("Серікбаев Ғалым Нұрланұлы".into()),
        person: PersonFacts {
            name: Some("Сәрсенбаева Әлия Серікқызы".into()),
            iin: Some("950303400010".into()),
            birth_date: Some("03.03.1995".into()),
            address: Some("Алматы, Төле би көшесі, 5".into()),
        },
        case: CaseFacts {
            card_number: Some("1-77/2024".into()),
            measure: Some("conditional_sentence".into()),
            measure_label: Some("Шартты түрде соттау".into()),
            court: Some("Алматы қаласы Әуезов аудандық соты".into()),
            verdict_number: Some("1-77/2024".into()),
            in_force: Some("10.01.2025".into()),
            ..CaseFacts::default()
        },
        violation: ViolationFacts {
            date: Some("01.12.2026".into()),
            label: Some("тіркеуге келмеді".into()),
        },
        ..DocFacts::default()
    };
    // The first one builds the engine and parses the fonts.
    let started = Instant::now();
    let mut first = base.clone();
    first.number = Some("0".into());
    if let Err(e) = render(DocKind::Warning, DocLang::Kk, &first) {
        eprintln!("render failed: {e}");
        std::process::exit(1);
    }
    let warm = started.elapsed();
    let started = Instant::now();
    let mut bytes = 0;
    for i in 1..=n {
        let mut f = base.clone();
        f.number = Some(format!("15-2/{i}"));
        match render(DocKind::Warning, DocLang::Kk, &f) {
            Ok(doc) => bytes += doc.pdf.len(),
            Err(e) => {
                eprintln!("render {i} failed: {e}");
                std::process::exit(1);
            }
        }
    }
    let took = started.elapsed();
    println!(
        "first document (engine and fonts): {:.1} ms; {n} warnings in {:.2} s: {:.0} a second, {:.2} ms each, {} KB each",
        warm.as_secs_f64() * 1000.0,
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64(),
        took.as_secs_f64() * 1000.0 / n as f64,
        bytes / n / 1024
    );
}
