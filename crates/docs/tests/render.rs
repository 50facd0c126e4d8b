//! Every document in both languages, typeset and read back with poppler's `pdftotext` (the text
//! a reader would copy: the required facts and every Kazakh letter), page 1 rendered to PNG with
//! `pdftoppm` as an artefact; what is missing refuses the document; rendering is deterministic.
//!
//! `scripts/test.sh` installs poppler-utils; without `pdftotext` these tests fail, never pass.

use std::path::PathBuf;
use std::process::Command;

use probatio_docs::{
    CaseFacts, DocError, DocFacts, DocKind, DocLang, InspectionFacts, PersonFacts, ProgrammeFacts,
    ReportFacts, SUBMISSION_PURPOSES, SubmissionFacts, ViolationFacts, WorkFacts, missing, render,
    render_again, templates_version,
};

/// Every Kazakh letter, in the person's address (upper and lower case).
const KAZAKH_LETTERS: &str = "ӘәҒғҚқҢңӨөҰұҮүҺһІі";

fn facts(lang: DocLang) -> DocFacts {
    let kk = lang == DocLang::Kk;
    DocFacts {
        number: Some("15-2/347".into()),
        issued_on: Some("04.12.2026".into()),
        service: Some(if kk {
            "Алматы қаласы Әуезов ауданының пробация қызметі".into()
        } else {
            "Служба пробации Ауэзовского района города Алматы".into()
        }),
        officer: Some("Серікбаев Ғалым Нұрланұлы".into()),
        person: PersonFacts {
            name: Some("Сәрсенбаева Әлия Серікқызы".into()),
            iin: Some("950303400010".into()),
            birth_date: Some("03.03.1995".into()),
            address: Some(format!("Алматы, Төле би көшесі, 5 ({KAZAKH_LETTERS})")),
        },
        case: CaseFacts {
            card_number: Some("1-77/2024".into()),
            measure: Some("conditional_sentence".into()),
            measure_label: Some(if kk {
                "Шартты түрде соттау".into()
            } else {
                "Условное осуждение".into()
            }),
            court: Some(if kk {
                "Алматы қаласы Әуезов аудандық соты".into()
            } else {
                "Ауэзовский районный суд города Алматы".into()
            }),
            verdict_number: Some("1-77/2024".into()),
            verdict_date: Some("20.12.2024".into()),
            in_force: Some("10.01.2025".into()),
            term: Some(if kk {
                "2 жыл".into()
            } else {
                "2 года".into()
            }),
            start: Some("15.01.2025".into()),
            end: Some("15.01.2027".into()),
        },
        reporting_days: vec![5, 20],
        violation: ViolationFacts {
            date: Some("01.12.2026".into()),
            label: Some(if kk {
                "тіркеуге келмеді".into()
            } else {
                "неявка на регистрацию".into()
            }),
        },
        removed_on: Some("15.01.2027".into()),
        submission: SubmissionFacts {
            purpose: Some("cancel_conditional".into()),
            court: Some(if kk {
                "Алматы қаласы Әуезов аудандық сотына".into()
            } else {
                "В Ауэзовский районный суд города Алматы".into()
            }),
            facts: vec![
                "05.10.2026: неявка на регистрацию без уважительной причины".into(),
                "01.12.2026: неявка на регистрацию; письменное предупреждение 02.12.2026".into(),
            ],
            measures_taken: vec!["Профилактические беседы 06.10.2026 и 02.12.2026".into()],
            attachments: vec![
                "Справка ИЦ ДП".into(),
                "Рапорт сотрудника".into(),
                "Объяснение осуждённой".into(),
            ],
        },
        inspection: InspectionFacts {
            place: Some("ТОО «Алатау Құрылыс», Алматы, Әуезов ауданы".into()),
            period: Some("IV 2026".into()),
            participants: vec!["Нұрланова Гүлнар Серікқызы".into()],
            findings: vec!["Удержания 10 % производятся ежемесячно".into()],
        },
        work: WorkFacts {
            organisation: Some("ГКП «Алматы Тазалық»".into()),
            employer: Some("ТОО «Көктем Сауда»".into()),
            hours: Some(120),
            deduction_percent: Some(15),
        },
        report: ReportFacts {
            time: Some("04.12.2026, 10:30".into()),
            place: Some("Алматы".into()),
            author_post: Some(if kk {
                "Пробация қызметінің аға инспекторы".into()
            } else {
                "Старший инспектор службы пробации".into()
            }),
            birth_place: Some("Шымкент".into()),
            citizenship: Some("Қазақстан Республикасы".into()),
            family: Some("Тұрмыс құрмаған; ұлы бар, 2022 ж.т.".into()),
            occupation: Some("Сатушы".into()),
            education: Some("Орта арнаулы".into()),
            convictions: Some("Сотталмаған".into()),
            social: Some("Көршілері оң сипаттайды".into()),
            test_results: Some("Тәуекел факторлары анықталмады".into()),
            risk: Some("Төмен".into()),
            followed_recommendations: None,
            recommendations: vec!["Тұрғылықты жерін хабарламай ауыстырмау".into()],
            own_opinion: Some("Кінәмді мойындаймын, жұмысымды жалғастырғым келеді".into()),
        },
        programme: ProgrammeFacts {
            pretrial_report: None,
            behaviour: vec!["Тәртіп бұзбаған, екі рет көтермеленген".into()],
            claims: Some("Талап 450 000 теңгеге толық өтелді".into()),
            social_ties: Some("Анасымен және әпкесімен байланыс сақтайды".into()),
            health: Some("Сау".into()),
            education: Some("Орта арнаулы, дәнекерлеуші".into()),
            skills: Some("Дәнекерлеу, құрылыс жұмыстары".into()),
            rights_awareness: Some("Жұмыспен қамту орталығына тіркелу тәртібін біледі".into()),
            other: None,
            measures: vec!["Жеке куәлікті қалпына келтіру".into()],
            after_release: vec![
                "Шымкент қаласының жұмыспен қамту орталығында тіркеу".into(),
                "Анасының үйінде тұру".into(),
            ],
        },
    }
}

/// [`facts`] fit for `kind` (an inspection act is for correctional works or a deferral).
fn facts_for(kind: DocKind, lang: DocLang) -> DocFacts {
    let mut f = facts(lang);
    let kk = lang == DocLang::Kk;
    let (measure, label) = match kind {
        DocKind::InspectionAct | DocKind::CorrectionalWorksNotice => (
            "correctional_works",
            if kk {
                "Түзеу жұмыстары"
            } else {
                "Исправительные работы"
            },
        ),
        DocKind::PretrialReport => (
            "pretrial",
            if kk {
                "Сотқа дейінгі пробация"
            } else {
                "Досудебная пробация"
            },
        ),
        DocKind::Referral | DocKind::EmployerNotice => (
            "community_service",
            if kk {
                "Қоғамдық жұмыстарға тарту"
            } else {
                "Привлечение к общественным работам"
            },
        ),
        DocKind::Programme => (
            "penitentiary",
            if kk {
                "Пенитенциарлық пробация"
            } else {
                "Пенитенциарная пробация"
            },
        ),
        _ => return f,
    };
    f.case.measure = Some(measure.into());
    f.case.measure_label = Some(label.into());
    f
}

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("documents");
    std::fs::create_dir_all(&dir).expect("artefact folder");
    dir
}

/// The text of a PDF as `pdftotext` reads it, whitespace folded.
fn text_of(pdf: &[u8], name: &str) -> String {
    let path = out_dir().join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("pdf written");
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: scripts/test.sh installs it");
    assert!(out.status.success(), "pdftotext failed on {name}");
    let png = out_dir().join(name);
    let rendered = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&path)
        .arg(&png)
        .status()
        .expect("pdftoppm (poppler-utils) must be installed");
    assert!(rendered.success(), "pdftoppm failed on {name}");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_document_in_both_languages_carries_its_facts_and_every_kazakh_letter() {
    for kind in DocKind::ALL {
        for lang in [DocLang::Kk, DocLang::Ru] {
            let f = facts_for(kind, lang);
            let name = format!("{}-{}", kind.as_str(), lang.code());
            let doc = render(kind, lang, &f).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(doc.pdf.starts_with(b"%PDF-"), "{name}");
            let text = text_of(&doc.pdf, &name);
            for required in [
                f.number.as_deref(),
                f.issued_on.as_deref(),
                f.service.as_deref(),
                f.person.name.as_deref(),
                f.person.birth_date.as_deref(),
                f.case.card_number.as_deref(),
            ]
            .into_iter()
            .flatten()
            {
                assert!(text.contains(required), "{name} lacks {required:?}: {text}");
            }
            let title = match (kind, lang) {
                (DocKind::Receipt, DocLang::Kk) => "ҚОЛХАТ",
                (DocKind::Receipt, DocLang::Ru) => "ПОДПИСКА",
                (DocKind::Warning, DocLang::Kk) => "ЖАЗБАША ЕСКЕРТУ",
                (DocKind::Warning, DocLang::Ru) => "ПИСЬМЕННОЕ ПРЕДУПРЕЖДЕНИЕ",
                (DocKind::RemovalCertificate, DocLang::Kk) => "АНЫҚТАМА",
                (DocKind::RemovalCertificate, DocLang::Ru) => "СПРАВКА",
                (DocKind::Submission, DocLang::Kk) => "ҰСЫНЫМ",
                (DocKind::Submission, DocLang::Ru) => "ПРЕДСТАВЛЕНИЕ",
                (DocKind::InspectionAct, DocLang::Kk) => "ТЕКСЕРУ АКТІСІ",
                (DocKind::InspectionAct, DocLang::Ru) => "АКТ ПРОВЕРКИ",
                (DocKind::Referral, DocLang::Kk) => "ЖОЛДАМА-АНЫҚТАМА",
                (DocKind::Referral, DocLang::Ru) => "НАПРАВЛЕНИЕ-СПРАВКА",
                (DocKind::EmployerNotice, DocLang::Kk) => "ХАБАРЛАМА",
                (DocKind::EmployerNotice, DocLang::Ru) => "УВЕДОМЛЕНИЕ",
                (DocKind::CorrectionalWorksNotice, DocLang::Kk) => "ХАБАРЛАМА ЖӘНЕ НҰСҚАМА",
                (DocKind::CorrectionalWorksNotice, DocLang::Ru) => "ИЗВЕЩЕНИЕ И ИНСТРУКЦИЯ",
                (DocKind::PretrialReport, DocLang::Kk) => "СОТҚА ДЕЙІНГІ БАЯНДАМА",
                (DocKind::PretrialReport, DocLang::Ru) => "ДОСУДЕБНЫЙ ДОКЛАД",
                (DocKind::Programme, DocLang::Kk) => "БАҒДАРЛАМАСЫ",
                (DocKind::Programme, DocLang::Ru) => "ПРОГРАММА",
            };
            assert!(text.contains(title), "{name}: {text}");
            match kind {
                DocKind::Receipt => {
                    let address = f.person.address.as_deref().unwrap_or_default();
                    assert!(text.contains(address), "{name}: the address, every letter");
                    assert!(text.contains("5, 20"), "{name}: the reporting days");
                }
                DocKind::Warning => {
                    let rule = if lang == DocLang::Kk {
                        "80-тармағы"
                    } else {
                        "пункт 80"
                    };
                    assert!(
                        text.contains(rule),
                        "{name}: p.80 for a conditional sentence"
                    );
                    assert!(text.contains("01.12.2026"), "{name}: the violation's date");
                }
                DocKind::RemovalCertificate => {
                    assert!(text.contains("15.01.2027"), "{name}: the removal's date");
                    assert!(text.contains("115"), "{name}: p.115");
                }
                DocKind::Submission => {
                    for line in f.submission.facts.iter().chain(&f.submission.attachments) {
                        assert!(text.contains(line.as_str()), "{name}: {line}");
                    }
                    assert!(text.contains("81"), "{name}: p.81");
                }
                DocKind::InspectionAct => {
                    for line in &f.inspection.findings {
                        assert!(text.contains(line.as_str()), "{name}: {line}");
                    }
                }
                DocKind::Referral => {
                    assert!(
                        text.contains("ГКП «Алматы Тазалық»"),
                        "{name}: the organisation"
                    );
                    assert!(text.contains("120"), "{name}: the hours");
                }
                DocKind::EmployerNotice => {
                    assert!(text.contains("ТОО «Көктем Сауда»"), "{name}: the employer");
                    assert!(text.contains("120"), "{name}: the hours");
                }
                DocKind::CorrectionalWorksNotice => {
                    assert!(text.contains("ТОО «Көктем Сауда»"), "{name}: the employer");
                    assert!(text.contains("15"), "{name}: the deduction");
                }
                DocKind::PretrialReport => {
                    let r = &f.report;
                    for part in [&r.risk, &r.test_results, &r.own_opinion, &r.birth_place] {
                        let part = part.as_deref().unwrap_or_default();
                        assert!(text.contains(part), "{name}: {part}");
                    }
                    let parts = if lang == DocLang::Kk {
                        [
                            "1. Кіріспе бөлік",
                            "2. Сипаттамалық бөлік",
                            "3. Ұсынымдық бөлік",
                        ]
                    } else {
                        [
                            "1. Вводная часть",
                            "2. Описательная часть",
                            "3. Рекомендательная часть",
                        ]
                    };
                    for p in parts {
                        assert!(text.contains(p), "{name}: {p}");
                    }
                }
                DocKind::Programme => {
                    let p = &f.programme;
                    for part in p
                        .behaviour
                        .iter()
                        .chain(&p.measures)
                        .chain(&p.after_release)
                        .chain(
                            [&p.claims, &p.social_ties, &p.rights_awareness]
                                .into_iter()
                                .flatten(),
                        )
                    {
                        assert!(text.contains(part.as_str()), "{name}: {part}");
                    }
                    // The six parts of art. 16.5, numbered, and part 1 says no report was made.
                    for n in 1..=6 {
                        assert!(text.contains(&format!("{n}. ")), "{name}: part {n}");
                    }
                    let none = if lang == DocLang::Kk {
                        "Сотқа дейінгі баяндама жасалмаған"
                    } else {
                        "Досудебный доклад не составлялся"
                    };
                    assert!(text.contains(none), "{name}: part 1 without a report");
                }
            }
            // Every Kazakh letter of the names, the service and the court comes out as given
            // (the receipt also shows the address, which has all eighteen).
            let given = [&f.person.name, &f.service, &f.officer, &f.case.court]
                .into_iter()
                .flatten()
                .flat_map(|t| t.chars())
                .collect::<String>();
            let shown: Vec<char> = KAZAKH_LETTERS
                .chars()
                .filter(|c| text.contains(*c))
                .collect();
            for letter in KAZAKH_LETTERS.chars().filter(|c| given.contains(*c)) {
                assert!(shown.contains(&letter), "{name} lost {letter}");
            }
            if kind == DocKind::Receipt {
                assert_eq!(shown.len(), 18, "{name}: {shown:?}");
            }
        }
    }
}

#[test]
fn a_warning_names_its_rule_by_the_measure() {
    for (measure, rule) in [
        ("restriction_of_freedom", "пункт 71"),
        ("conditional_sentence", "пункт 80"),
        ("deferral", "пункт 94"),
    ] {
        let mut f = facts(DocLang::Ru);
        f.case.measure = Some(measure.into());
        let doc = render(DocKind::Warning, DocLang::Ru, &f).expect("warning");
        let text = text_of(&doc.pdf, &format!("warning-{measure}"));
        assert!(text.contains(rule), "{measure}: {text}");
    }
}

#[test]
fn a_document_without_its_required_facts_is_not_produced_and_says_what_is_missing() {
    for kind in DocKind::ALL {
        let mut f = facts_for(kind, DocLang::Ru);
        f.person.birth_date = None;
        f.officer = Some("  ".into());
        match kind {
            DocKind::Receipt => f.person.address = None,
            DocKind::Warning => f.violation.date = None,
            DocKind::RemovalCertificate => f.removed_on = None,
            DocKind::Submission => f.submission.facts.clear(),
            DocKind::InspectionAct => f.inspection.findings.clear(),
            DocKind::Referral => f.work.organisation = None,
            DocKind::EmployerNotice => f.work.employer = None,
            DocKind::CorrectionalWorksNotice => f.work.deduction_percent = None,
            DocKind::PretrialReport => f.report.recommendations.clear(),
            DocKind::Programme => f.programme.after_release.clear(),
        }
        let own = match kind {
            DocKind::Receipt => "person.address",
            DocKind::Warning => "violation.date",
            DocKind::RemovalCertificate => "removed_on",
            DocKind::Submission => "submission.facts",
            DocKind::InspectionAct => "inspection.findings",
            DocKind::Referral => "work.organisation",
            DocKind::EmployerNotice => "work.employer",
            DocKind::CorrectionalWorksNotice => "work.deduction_percent",
            DocKind::PretrialReport => "report.recommendations",
            DocKind::Programme => "programme.after_release",
        };
        let mut want = vec!["officer", "person.birth_date", own];
        want.sort();
        let mut got = missing(kind, &f);
        got.sort();
        assert_eq!(got, want, "{}", kind.as_str());
        match render(kind, DocLang::Kk, &f) {
            Err(DocError::Missing(list)) => assert_eq!(list.len(), 3),
            other => panic!("{}: {other:?}", kind.as_str()),
        }
        assert!(missing(kind, &facts_for(kind, DocLang::Kk)).is_empty());
    }
}

#[test]
fn rendering_is_deterministic_the_same_facts_give_the_same_bytes() {
    for kind in DocKind::ALL {
        let f = facts_for(kind, DocLang::Kk);
        let a = render(kind, DocLang::Kk, &f).expect("first");
        let b = render(kind, DocLang::Kk, &f).expect("second");
        assert_eq!(a.pdf, b.pdf, "{}", kind.as_str());
        assert_eq!(a.sha256, b.sha256);
        assert_eq!(a.sha256.len(), 64);
        let mut other = f.clone();
        other.number = Some("15-2/348".into());
        let c = render(kind, DocLang::Kk, &other).expect("another number");
        assert_ne!(a.sha256, c.sha256, "{}: another document", kind.as_str());
    }
}

#[test]
fn a_submission_says_its_purpose_and_cites_its_ground_for_every_purpose() {
    for (purpose, ground) in SUBMISSION_PURPOSES.iter().zip([
        "пункт 72",
        "пункт 81",
        "пункты 80, 81",
        "пункт 79",
        "пункт 82",
        "статья 41",
        "статья 75",
        "пункт 95",
        "пункт 97",
    ]) {
        let mut f = facts(DocLang::Ru);
        f.submission.purpose = Some((*purpose).into());
        let doc = render(DocKind::Submission, DocLang::Ru, &f).expect("submission");
        let text = text_of(&doc.pdf, &format!("submission-{purpose}"));
        assert!(text.contains(ground), "{purpose}: {text}");
    }
    // A purpose the contract does not know is not a submission.
    let mut f = facts(DocLang::Ru);
    f.submission.purpose = Some("parole".into());
    assert_eq!(missing(DocKind::Submission, &f), ["submission.purpose"]);
}

#[test]
fn an_inspection_act_is_for_correctional_works_in_two_copies_and_deferral_in_three() {
    for (measure, copies, title) in [
        (
            "correctional_works",
            "2 экземплярах",
            "АКТ ПРОВЕРКИ ПРАВИЛЬНОСТИ УДЕРЖАНИЙ",
        ),
        (
            "deferral",
            "3 экземплярах",
            "АКТ ОБСЛЕДОВАНИЯ ПО МЕСТУ ЖИТЕЛЬСТВА",
        ),
    ] {
        let mut f = facts(DocLang::Ru);
        f.case.measure = Some(measure.into());
        let doc = render(DocKind::InspectionAct, DocLang::Ru, &f).expect("act");
        let text = text_of(&doc.pdf, &format!("inspection_act-{measure}"));
        assert!(text.contains(copies), "{measure}: {text}");
        assert!(text.contains(title), "{measure}: {text}");
        for line in f
            .inspection
            .findings
            .iter()
            .chain(&f.inspection.participants)
        {
            assert!(text.contains(line.as_str()), "{measure}: {line}");
        }
        let mut kk = facts(DocLang::Kk);
        kk.case.measure = Some(measure.into());
        let doc = render(DocKind::InspectionAct, DocLang::Kk, &kk).expect("act in Kazakh");
        let text = text_of(&doc.pdf, &format!("inspection_act-{measure}-kk"));
        assert!(text.contains("данада"), "{measure}: {text}");
    }
    // Not for a conditional sentence.
    assert_eq!(
        missing(DocKind::InspectionAct, &facts(DocLang::Ru)),
        ["case.measure"]
    );
}

#[test]
fn the_referral_and_the_employers_notice_are_for_community_service_only() {
    for kind in [DocKind::Referral, DocKind::EmployerNotice] {
        assert_eq!(missing(kind, &facts(DocLang::Kk)), ["case.measure"]);
        assert!(missing(kind, &facts_for(kind, DocLang::Kk)).is_empty());
    }
}

#[test]
fn a_pre_trial_report_records_that_the_person_gave_no_opinion() {
    let mut f = facts_for(DocKind::PretrialReport, DocLang::Ru);
    f.report.own_opinion = None;
    let doc = render(DocKind::PretrialReport, DocLang::Ru, &f).expect("report");
    let text = text_of(&doc.pdf, "pretrial_report-no-opinion");
    assert!(text.contains("Мнения не высказал(а)."), "{text}");
}

#[test]
fn an_issued_document_is_typeset_again_to_the_same_bytes_or_refused_with_the_reason() {
    let f = facts_for(DocKind::Warning, DocLang::Kk);
    let issued = render(DocKind::Warning, DocLang::Kk, &f).expect("issued");
    let version = templates_version();
    let again =
        render_again("warning", DocLang::Kk, &f, version, &issued.sha256).expect("same bytes");
    assert_eq!(again.pdf, issued.pdf);
    // Facts changed behind the log's back: the hash says so.
    let mut changed = f.clone();
    changed.violation.date = Some("02.12.2026".into());
    assert!(matches!(
        render_again("warning", DocLang::Kk, &changed, version, &issued.sha256),
        Err(DocError::HashMismatch { .. })
    ));
    // Issued with other templates: not re-rendered to other bytes.
    assert!(matches!(
        render_again(
            "warning",
            DocLang::Kk,
            &f,
            "0000000000000000",
            &issued.sha256
        ),
        Err(DocError::OtherTemplates { .. })
    ));
    assert!(matches!(
        render_again("letter", DocLang::Kk, &f, version, &issued.sha256),
        Err(DocError::UnknownKind(_))
    ));
}
