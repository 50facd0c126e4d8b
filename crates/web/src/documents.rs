//! Issuing documents from a case (issue 6), for the case card, the API and the command line
//! alike: the register's facts gathered in the document's language (the person, the decision,
//! the engine's term, the events), the officer's own part checked field by field, the document
//! typeset by `probatio-docs` and recorded in the case's log; and an issued document typeset
//! again from its stored facts and checked against its hash.
//!
//! What a document may say of the register is taken from the register, never from the caller:
//! an officer who finds a wrong name corrects the person, not the document.

use probatio_core::agenda::{Agenda, TaskKind};
use probatio_core::case::MeasureKind;
use probatio_core::date::Date;
use probatio_docs::{DocError, DocFacts, SUBMISSION_PURPOSES};
use probatio_store::{
    CaseRecord, DOCUMENT_ISSUED, IssuedDocument, NewDocument, Person, Store, StoreError,
    StoredEvent, effective_events,
};
use serde_json::{Map, Value};

pub use probatio_docs::{DocKind, DocLang};

use crate::caller::Caller;
use crate::i18n::{self, Lang};

/// How the officer writes a part of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One line of text.
    Line,
    /// A paragraph.
    Text,
    /// A list, one item a line.
    Lines,
    /// A whole number (a percentage).
    Number,
    /// The purpose of a submission (the agenda contract's).
    Purpose,
}

/// A part of a document the officer writes (a path into [`DocFacts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Input {
    pub path: &'static str,
    pub shape: Shape,
}

/// An [`Input`] literal (a braced literal, so the tables stay `'static`).
macro_rules! input {
    ($path:literal, $shape:ident) => {
        Input {
            path: $path,
            shape: Shape::$shape,
        }
    };
}

/// What the officer writes into `kind`; everything else comes from the register.
pub fn inputs(kind: DocKind) -> &'static [Input] {
    match kind {
        DocKind::Receipt | DocKind::Warning | DocKind::RemovalCertificate => &[],
        DocKind::Submission => &[
            input!("submission.purpose", Purpose),
            input!("submission.court", Line),
            input!("submission.facts", Lines),
            input!("submission.measures_taken", Lines),
            input!("submission.attachments", Lines),
        ],
        DocKind::InspectionAct => &[
            input!("inspection.place", Line),
            input!("inspection.period", Line),
            input!("inspection.participants", Lines),
            input!("inspection.findings", Lines),
        ],
        DocKind::Referral => &[input!("work.organisation", Line)],
        DocKind::EmployerNotice => &[input!("work.employer", Line)],
        DocKind::CorrectionalWorksNotice => &[
            input!("work.employer", Line),
            input!("work.deduction_percent", Number),
        ],
        DocKind::PretrialReport => &[
            input!("report.time", Line),
            input!("report.place", Line),
            input!("report.author_post", Line),
            input!("report.birth_place", Line),
            input!("report.citizenship", Line),
            input!("report.family", Text),
            input!("report.occupation", Line),
            input!("report.education", Line),
            input!("report.convictions", Text),
            input!("report.social", Text),
            input!("report.test_results", Text),
            input!("report.risk", Text),
            input!("report.followed_recommendations", Text),
            input!("report.recommendations", Lines),
            input!("report.own_opinion", Text),
        ],
        DocKind::Programme => &[
            input!("programme.pretrial_report", Text),
            input!("programme.behaviour", Lines),
            input!("programme.claims", Text),
            input!("programme.social_ties", Text),
            input!("programme.health", Line),
            input!("programme.education", Line),
            input!("programme.skills", Line),
            input!("programme.rights_awareness", Text),
            input!("programme.other", Text),
            input!("programme.measures", Lines),
            input!("programme.after_release", Lines),
        ],
    }
}

/// The longest text of a line, a paragraph, a list item; the most items of a list.
const LINE_CHARS: usize = 500;
const TEXT_CHARS: usize = 4000;
const ITEMS: usize = 60;

/// Why a document was not issued or not given back.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The caller's part of the facts breaks a rule.
    #[error("{field}: {problem}")]
    Field { field: String, problem: String },
    /// Required facts are missing (paths into the facts; the register's or the officer's).
    #[error("missing: {}", .0.join(", "))]
    Missing(Vec<&'static str>),
    /// The issued document cannot be given back byte for byte, or did not typeset.
    #[error(transparent)]
    Doc(DocError),
}

fn field(field: impl Into<String>, problem: impl Into<String>) -> IssueError {
    IssueError::Field {
        field: field.into(),
        problem: problem.into(),
    }
}

/// A document ready to issue, or what it still lacks.
#[derive(Debug, Clone)]
pub struct Draft {
    pub kind: DocKind,
    pub lang: DocLang,
    pub facts: DocFacts,
    /// Required facts still missing: nothing is issued until this is empty.
    pub missing: Vec<&'static str>,
    /// The case's version the facts were read at (issuing is refused if it moved on).
    pub version: i64,
}

/// A document offered on the case card: its kind and, for a submission, its purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub kind: DocKind,
    pub purpose: Option<&'static str>,
}

/// The document that does a task, if one does: the warning, the submission for its purpose,
/// the receipt at registration, the programme before release, the inspection act of a periodic
/// check.
pub fn for_task(kind: TaskKind) -> Option<Offer> {
    let (kind, purpose) = match kind {
        TaskKind::Warning => (DocKind::Warning, None),
        TaskKind::Submission(p) => (DocKind::Submission, Some(p.as_str())),
        TaskKind::Registration => (DocKind::Receipt, None),
        TaskKind::ReleasePreparation => (DocKind::Programme, None),
        TaskKind::WorkplaceCheck | TaskKind::GuardianshipCheck => (DocKind::InspectionAct, None),
        _ => return None,
    };
    Some(Offer { kind, purpose })
}

/// Where the form of `offer` is for case `case_id`.
pub fn form_href(case_id: i64, offer: &Offer) -> String {
    match offer.purpose {
        Some(p) => format!(
            "/cases/{case_id}/documents?kind={}&purpose={p}",
            offer.kind.as_str()
        ),
        None => format!("/cases/{case_id}/documents?kind={}", offer.kind.as_str()),
    }
}

/// The documents a case calls for: the receipt of every supervised measure, a warning once a
/// violation is recorded, a submission for each one the agenda has open or allows, the
/// certificate once removed, and each measure's own documents.
pub fn offers(measure: &str, agenda: &Agenda, events: &[StoredEvent]) -> Vec<Offer> {
    let measure = MeasureKind::from_wire(measure);
    let effective = effective_events(events);
    let happened = |t: &str| {
        effective
            .iter()
            .any(|e| e.get("type").and_then(Value::as_str) == Some(t))
    };
    let mut out = Vec::new();
    let offer = |kind| Offer {
        kind,
        purpose: None,
    };
    if measure.is_some_and(|m| m.is_sentence() || m == MeasureKind::PostPenitentiary) {
        out.push(offer(DocKind::Receipt));
    }
    if happened("violation") {
        out.push(offer(DocKind::Warning));
    }
    let submissions = agenda
        .tasks
        .iter()
        .map(|t| t.kind)
        .chain(agenda.opportunities.iter().map(|o| o.kind));
    for kind in submissions {
        if let Some(
            o @ Offer {
                kind: DocKind::Submission,
                ..
            },
        ) = for_task(kind)
            && !out.contains(&o)
        {
            out.push(o);
        }
    }
    match measure {
        Some(MeasureKind::CorrectionalWorks) => {
            out.push(offer(DocKind::CorrectionalWorksNotice));
            out.push(offer(DocKind::InspectionAct));
        }
        Some(MeasureKind::Deferral) => out.push(offer(DocKind::InspectionAct)),
        Some(MeasureKind::CommunityService) => {
            out.push(offer(DocKind::Referral));
            out.push(offer(DocKind::EmployerNotice));
        }
        Some(MeasureKind::Pretrial) => out.push(offer(DocKind::PretrialReport)),
        Some(MeasureKind::Penitentiary) => out.push(offer(DocKind::Programme)),
        _ => {}
    }
    if happened("removed") {
        out.push(offer(DocKind::RemovalCertificate));
    }
    out
}

/// A date as documents write it (`04.12.2026`).
fn doc_date(d: Date) -> String {
    format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year())
}

fn doc_date_text(iso: &str) -> String {
    Date::parse(iso).map_or_else(|_| iso.to_owned(), doc_date)
}

fn ui_lang(lang: DocLang) -> Lang {
    match lang {
        DocLang::Kk => Lang::Kk,
        DocLang::Ru => Lang::Ru,
    }
}

fn text(e: &Value, f: &str) -> String {
    e.get(f)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// One dated line of the case's history for a submission (`01.12.2026 — Нарушение: …`).
fn history_line(lang: Lang, e: &Value) -> String {
    let kind = text(e, "type");
    let mut line = format!(
        "{} — {}",
        doc_date_text(&text(e, "date")),
        i18n::event_label(lang, &kind)
    );
    if kind == "violation" {
        line.push_str(": ");
        line.push_str(&i18n::t(
            lang,
            &format!("violation-{}", i18n::kind_key(&text(e, "kind"))),
        ));
    }
    line
}

/// The register's facts of a case, in `lang`.
struct Register<'a> {
    case: &'a CaseRecord,
    person: &'a Person,
    events: &'a [StoredEvent],
    agenda: &'a Agenda,
    service: Option<String>,
    officer: Option<String>,
    today: Date,
}

impl Register<'_> {
    fn facts(&self, lang: DocLang, purpose: Option<&str>) -> DocFacts {
        let l = ui_lang(lang);
        let p = &self.person.details;
        let d = &self.case.details;
        let m = &d.measure;
        let effective = effective_events(self.events);
        let latest = |t: &str| {
            effective
                .iter()
                .rev()
                .find(|e| e.get("type").and_then(Value::as_str) == Some(t))
        };
        let issued = self
            .events
            .iter()
            .filter(|e| e.event.get("type").and_then(Value::as_str) == Some(DOCUMENT_ISSUED))
            .count();
        let mut f = DocFacts {
            number: Some(probatio_store::document_number(
                &self.case.card_number,
                issued,
            )),
            issued_on: Some(doc_date(self.today)),
            service: self.service.clone(),
            officer: self.officer.clone(),
            ..DocFacts::default()
        };
        f.person.name = Some(
            [
                Some(p.surname.as_str()),
                Some(&p.given_name),
                p.patronymic.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
        );
        f.person.iin = p.iin.clone();
        f.person.birth_date = Some(doc_date_text(&p.birth_date));
        f.person.address = p.address.as_ref().map(|a| a.line.clone());
        let c = &mut f.case;
        c.card_number = Some(self.case.card_number.clone());
        c.measure = Some(m.kind.clone());
        c.measure_label = Some(i18n::t(l, &format!("measure-{}", i18n::kind_key(&m.kind))));
        c.court = d.court.clone();
        c.verdict_number = d.verdict_number.clone();
        c.verdict_date = d.verdict_date.as_deref().map(doc_date_text);
        c.in_force = m.verdict_in_force.as_deref().map(doc_date_text);
        c.term = m.term.as_deref().map(|t| i18n::period(l, t));
        c.start = self.agenda.term.map(|t| doc_date(t.start)).or_else(|| {
            m.verdict_in_force
                .as_deref()
                .or(d.received_on.as_deref())
                .map(doc_date_text)
        });
        c.end = self.agenda.term.map(|t| doc_date(t.end)).or_else(|| {
            m.release_date
                .as_deref()
                .or(m.until.as_deref())
                .map(doc_date_text)
        });
        if let Some(days) = latest("reporting_days").and_then(|e| e.get("days")) {
            f.reporting_days = days
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|d| d.as_u64().and_then(|d| u8::try_from(d).ok()))
                .collect();
        }
        if let Some(v) = latest("violation") {
            f.violation.date = Some(doc_date_text(&text(v, "date")));
            f.violation.label = Some(i18n::t(
                l,
                &format!("violation-{}", i18n::kind_key(&text(v, "kind"))),
            ));
        }
        f.removed_on = latest("removed").map(|e| doc_date_text(&text(e, "date")));
        // A submission's defaults: the purpose asked for (or the agenda's first), the
        // sentencing court, the history that grounds it and what was done about it.
        let open = self
            .agenda
            .tasks
            .iter()
            .map(|t| t.kind)
            .chain(self.agenda.opportunities.iter().map(|o| o.kind))
            .find_map(|k| match k {
                TaskKind::Submission(p) => Some(p.as_str()),
                _ => None,
            });
        f.submission.purpose = purpose.or(open).map(str::to_owned);
        f.submission.court = d.court.clone();
        for e in &effective {
            match e.get("type").and_then(Value::as_str) {
                Some(
                    "violation"
                    | "initial_search_started"
                    | "wanted_declared"
                    | "search_ended"
                    | "term_extended",
                ) => f.submission.facts.push(history_line(l, e)),
                Some("missed_report") if e.get("valid_reason") != Some(&Value::Bool(true)) => {
                    f.submission.facts.push(history_line(l, e));
                }
                Some("summoned" | "warning" | "preventive_talk" | "home_visit") => {
                    f.submission.measures_taken.push(history_line(l, e));
                }
                _ => {}
            }
        }
        f.work.hours = m.hours.and_then(|h| u32::try_from(h).ok());
        f.report.birth_place = p.birth_place.clone();
        f.report.citizenship = p.citizenship.clone();
        f
    }
}

/// Writes the caller's part (`supplied`, an object of [`DocFacts`]' shape, or `null`) into
/// `facts`: only the paths of [`inputs`], each checked; anything else is refused by name.
fn apply(kind: DocKind, facts: &mut Value, supplied: &Value) -> Result<(), IssueError> {
    let mut leaves = Vec::new();
    match supplied {
        Value::Null => {}
        Value::Object(map) => flatten("", map, &mut leaves),
        _ => return Err(field("facts", "an object of the document's facts")),
    }
    let own = inputs(kind);
    for (path, value) in leaves {
        let Some(input) = own.iter().find(|i| i.path == path) else {
            let known = path
                .split('.')
                .try_fold(&*facts, |v, part| v.get(part))
                .is_some();
            let problem = if known {
                "comes from the register: correct the case or the person there".to_owned()
            } else if own.is_empty() {
                format!("not a fact of the {} (it has none to write)", kind.as_str())
            } else {
                format!(
                    "not a fact of the {}; the officer writes: {}",
                    kind.as_str(),
                    own.iter().map(|i| i.path).collect::<Vec<_>>().join(", ")
                )
            };
            return Err(field(format!("facts.{path}"), problem));
        };
        let name = format!("facts.{path}");
        let checked = check(input.shape, &name, value)?;
        let mut parts = path.split('.').peekable();
        let mut at = &mut *facts;
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                at[part] = checked;
                break;
            }
            at = &mut at[part];
        }
    }
    Ok(())
}

fn flatten<'a>(prefix: &str, map: &'a Map<String, Value>, out: &mut Vec<(String, &'a Value)>) {
    for (k, v) in map {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            Value::Object(inner) => flatten(&path, inner, out),
            _ => out.push((path, v)),
        }
    }
}

/// A supplied value in its shape: text trimmed (empty is none), a list from an array or from
/// text one item a line, a number in range, a purpose the contract knows.
fn check(shape: Shape, name: &str, value: &Value) -> Result<Value, IssueError> {
    let long = |limit: usize, s: &str| {
        if s.chars().count() > limit {
            Err(field(name, format!("at most {limit} characters")))
        } else {
            Ok(())
        }
    };
    match (shape, value) {
        (_, Value::Null) => Ok(if shape == Shape::Lines {
            Value::Array(Vec::new())
        } else {
            Value::Null
        }),
        (Shape::Line | Shape::Text | Shape::Purpose, Value::String(s)) => {
            let s = s.trim();
            if shape == Shape::Line && s.contains('\n') {
                return Err(field(name, "one line"));
            }
            long(
                if shape == Shape::Text {
                    TEXT_CHARS
                } else {
                    LINE_CHARS
                },
                s,
            )?;
            if s.is_empty() {
                return Ok(Value::Null);
            }
            if shape == Shape::Purpose && !SUBMISSION_PURPOSES.contains(&s) {
                return Err(field(
                    name,
                    format!("one of: {}", SUBMISSION_PURPOSES.join(", ")),
                ));
            }
            Ok(Value::String(s.to_owned()))
        }
        (Shape::Lines, Value::String(s)) => check(
            shape,
            name,
            &Value::Array(s.lines().map(|l| Value::String(l.to_owned())).collect()),
        ),
        (Shape::Lines, Value::Array(items)) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let Value::String(s) = item else {
                    return Err(field(format!("{name}[{i}]"), "text expected"));
                };
                let s = s.trim();
                long(LINE_CHARS * 2, s).map_err(|_| {
                    field(
                        format!("{name}[{i}]"),
                        format!("at most {} characters", LINE_CHARS * 2),
                    )
                })?;
                if !s.is_empty() {
                    out.push(Value::String(s.to_owned()));
                }
            }
            if out.len() > ITEMS {
                return Err(field(name, format!("at most {ITEMS} items")));
            }
            Ok(Value::Array(out))
        }
        (Shape::Number, Value::Number(_) | Value::String(_)) => {
            let n = match value {
                Value::Number(n) => n.as_u64(),
                Value::String(s) if s.trim().is_empty() => return Ok(Value::Null),
                Value::String(s) => s.trim().parse::<u64>().ok(),
                _ => None,
            };
            match n {
                Some(n @ 1..=100) => Ok(Value::from(n)),
                _ => Err(field(name, "a whole number from 1 to 100")),
            }
        }
        (Shape::Lines, _) => Err(field(name, "a list of lines")),
        (Shape::Number, _) => Err(field(name, "a whole number")),
        _ => Err(field(name, "text expected")),
    }
}

/// The facts of `kind` for the case, in `lang`: the register's, with the caller's part
/// (`supplied`) written in, and what is still missing.
pub async fn draft(
    store: &Store,
    caller: &Caller,
    case_id: i64,
    kind: DocKind,
    lang: DocLang,
    supplied: &Value,
) -> Result<Draft, IssueError> {
    let scope = &caller.scope;
    let case = store.case(case_id, scope).await?;
    let person = store.person(case.details.person_id, scope).await?;
    let events = store.events(case_id, scope).await?;
    let agenda = store.agenda_of(&person, &case, &events)?;
    let service = store
        .services()
        .await?
        .into_iter()
        .find(|s| s.id == case.details.service_id)
        .map(|s| match lang {
            DocLang::Kk => s.name_kk,
            DocLang::Ru => s.name_ru,
        });
    // The officer who signs: the caller if an officer, else the case's own.
    let officers = store.officers(case.details.service_id).await?;
    let officer = caller
        .who
        .officer_id
        .or(case.details.officer_id)
        .and_then(|id| officers.into_iter().find(|o| o.id == id))
        .map(|o| o.full_name);
    let purpose = supplied
        .pointer("/submission/purpose")
        .and_then(Value::as_str)
        .filter(|p| SUBMISSION_PURPOSES.contains(p));
    let register = Register {
        case: &case,
        person: &person,
        events: &events,
        agenda: &agenda,
        service,
        officer,
        today: store.today(),
    };
    let mut json = serde_json::to_value(register.facts(lang, purpose))
        .map_err(|e| field("facts", e.to_string()))?;
    apply(kind, &mut json, supplied)?;
    let facts: DocFacts =
        serde_json::from_value(json).map_err(|e| field("facts", e.to_string()))?;
    Ok(Draft {
        kind,
        lang,
        missing: probatio_docs::missing(kind, &facts),
        facts,
        version: case.version,
    })
}

/// Typesets `kind` for the case and records it in the case's log (only for whoever may record
/// in the case). Nothing is recorded if it lacks a fact or does not typeset; nothing is handed
/// out unless it was recorded.
pub async fn issue(
    store: &Store,
    caller: &Caller,
    case_id: i64,
    kind: DocKind,
    lang: DocLang,
    supplied: &Value,
) -> Result<(IssuedDocument, Vec<u8>), IssueError> {
    let case = store.case(case_id, &caller.scope).await?;
    caller
        .scope
        .may_write(case.details.service_id, case.details.officer_id)?;
    if let Some(measures) = kind.measures()
        && !measures.contains(&case.details.measure.kind.as_str())
    {
        return Err(field(
            "kind",
            format!(
                "the {} is for {} only, not {}",
                kind.as_str(),
                measures.join(", "),
                case.details.measure.kind
            ),
        ));
    }
    let draft = draft(store, caller, case_id, kind, lang, supplied).await?;
    if !draft.missing.is_empty() {
        return Err(IssueError::Missing(draft.missing));
    }
    let facts = draft.facts.clone();
    let rendered = tokio::task::spawn_blocking(move || probatio_docs::render(kind, lang, &facts))
        .await
        .map_err(|e| {
            IssueError::Doc(DocError::Template {
                kind: kind.as_str(),
                detail: e.to_string(),
            })
        })?
        .map_err(IssueError::Doc)?;
    let recorded = store
        .record_document(
            case_id,
            draft.version,
            &NewDocument {
                kind: kind.as_str().to_owned(),
                lang: lang.code().to_owned(),
                number: draft.facts.number.clone().unwrap_or_default(),
                sha256: rendered.sha256,
                templates: probatio_docs::templates_version().to_owned(),
                facts: serde_json::to_value(&draft.facts)
                    .map_err(|e| field("facts", e.to_string()))?,
            },
            caller.actor(),
            &caller.scope,
        )
        .await?;
    Ok((recorded, rendered.pdf))
}

/// An issued document, typeset again from its stored facts: the same bytes as were handed
/// out (checked against the recorded SHA-256), or the reason it cannot be.
pub async fn issued(
    store: &Store,
    caller: &Caller,
    case_id: i64,
    document: i64,
) -> Result<(IssuedDocument, Vec<u8>), IssueError> {
    let doc = store
        .documents(case_id, &caller.scope)
        .await?
        .into_iter()
        .find(|d| d.event_id == document)
        .ok_or_else(|| StoreError::NotFound(format!("document {document} of case {case_id}")))?;
    let lang = DocLang::from_code(&doc.lang).unwrap_or(DocLang::Ru);
    let facts: DocFacts = serde_json::from_value(doc.facts.clone()).map_err(|e| {
        IssueError::Doc(DocError::Template {
            kind: "stored facts",
            detail: e.to_string(),
        })
    })?;
    let (kind, templates, sha256) = (doc.kind.clone(), doc.templates.clone(), doc.sha256.clone());
    let pdf = tokio::task::spawn_blocking(move || {
        probatio_docs::render_again(&kind, lang, &facts, &templates, &sha256)
    })
    .await
    .map_err(|e| {
        IssueError::Doc(DocError::Template {
            kind: "render again",
            detail: e.to_string(),
        })
    })?
    .map_err(IssueError::Doc)?
    .pdf;
    Ok((doc, pdf))
}

/// The file name a document is given for download (`warning-1-77-2024-3.pdf`).
pub fn file_name(doc: &IssuedDocument) -> String {
    let number: String = doc
        .number
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{}-{number}.pdf", doc.kind)
}
