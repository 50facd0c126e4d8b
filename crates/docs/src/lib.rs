//! The documents the probation service issues, typeset in Kazakh or Russian as PDF (typst, with
//! DejaVu Sans embedded: every Kazakh letter, Regular and Bold).
//!
//! The caller (the web application, the command line) gathers a case's facts into
//! [`DocFacts`] — names as written, dates as people write them, the measure in words — and this
//! crate checks that the document's required facts are there ([`missing`]) and typesets it
//! ([`render`]). Rendering is deterministic: the same facts give the same bytes, so an issued
//! document can be rendered again from its stored facts and checked against its hash.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use typst::foundations::{Dict, IntoValue};
use typst_as_lib::TypstEngine;
use typst_as_lib::TypstTemplateMainFile;
use typst_layout::PagedDocument;

/// A document the service issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// The receipt signed at registration: conditions, reporting days, liability (G5; Rules 511
    /// p.64, p.74, p.89).
    Receipt,
    /// A written warning (Rules 511 p.71, p.80, p.94).
    Warning,
    /// The certificate of removal from the register (Rules 511 p.115).
    RemovalCertificate,
    /// A submission to court, for any purpose of the agenda contract (p.72, p.79–82, p.95,
    /// p.97, correctional works): the facts, the measures taken, the attachments, the ground.
    Submission,
    /// An inspection act: correctional works, the workplace's deductions (quarterly, two
    /// copies); deferral, the home check with the guardianship body (quarterly, three copies,
    /// p.89).
    InspectionAct,
    /// Community service: the referral-certificate to the organisation where the work is done
    /// (§3.4, L4576–4611).
    Referral,
    /// Community service: the notice to the person's main employer to release them for the
    /// hours of community service (§3.4).
    EmployerNotice,
    /// Correctional works: the notice and instruction to the employer, with the verdict's copy
    /// (§3.3, L3913–3977).
    CorrectionalWorksNotice,
    /// The pre-trial report (Law art. 14): introduction, description, recommendations, and the
    /// person's own opinion.
    PretrialReport,
    /// The individual programme of social-legal assistance (Law art. 16.4–16.5), for a convict
    /// with a year of the term left: its six parts.
    Programme,
}

impl DocKind {
    pub const ALL: [DocKind; 10] = [
        DocKind::Receipt,
        DocKind::Warning,
        DocKind::RemovalCertificate,
        DocKind::Submission,
        DocKind::InspectionAct,
        DocKind::Referral,
        DocKind::EmployerNotice,
        DocKind::CorrectionalWorksNotice,
        DocKind::PretrialReport,
        DocKind::Programme,
    ];

    /// The wire name (`receipt`, `warning`, `removal_certificate`).
    pub const fn as_str(self) -> &'static str {
        match self {
            DocKind::Receipt => "receipt",
            DocKind::Warning => "warning",
            DocKind::RemovalCertificate => "removal_certificate",
            DocKind::Submission => "submission",
            DocKind::InspectionAct => "inspection_act",
            DocKind::Referral => "referral",
            DocKind::EmployerNotice => "employer_notice",
            DocKind::CorrectionalWorksNotice => "correctional_works_notice",
            DocKind::PretrialReport => "pretrial_report",
            DocKind::Programme => "programme",
        }
    }

    pub fn from_wire(s: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    fn template(self) -> &'static str {
        match self {
            DocKind::Receipt => include_str!("../templates/receipt.typ"),
            DocKind::Warning => include_str!("../templates/warning.typ"),
            DocKind::RemovalCertificate => include_str!("../templates/removal.typ"),
            DocKind::Submission => include_str!("../templates/submission.typ"),
            DocKind::InspectionAct => include_str!("../templates/inspection.typ"),
            DocKind::Referral | DocKind::EmployerNotice => {
                include_str!("../templates/referral.typ")
            }
            DocKind::CorrectionalWorksNotice => include_str!("../templates/cw_employer.typ"),
            DocKind::PretrialReport => include_str!("../templates/pretrial.typ"),
            DocKind::Programme => include_str!("../templates/programme.typ"),
        }
    }

    /// The measures this document is for; `None`: any.
    pub fn measures(self) -> Option<&'static [&'static str]> {
        match self {
            DocKind::InspectionAct => Some(&["correctional_works", "deferral"]),
            DocKind::Referral | DocKind::EmployerNotice => Some(&["community_service"]),
            DocKind::CorrectionalWorksNotice => Some(&["correctional_works"]),
            DocKind::PretrialReport => Some(&["pretrial"]),
            DocKind::Programme => Some(&["penitentiary"]),
            _ => None,
        }
    }

    /// The facts this document cannot be issued without (paths into [`DocFacts`]).
    fn required(self) -> Vec<&'static str> {
        const WHO: [&str; 7] = [
            "number",
            "issued_on",
            "service",
            "officer",
            "person.name",
            "person.birth_date",
            "case.card_number",
        ];
        let own: &[&str] = match self {
            DocKind::Receipt => &[
                "person.address",
                "case.measure_label",
                "case.court",
                "case.verdict_number",
                "case.in_force",
            ],
            DocKind::Warning => &[
                "case.measure_label",
                "case.court",
                "case.verdict_number",
                "violation.date",
                "violation.label",
            ],
            DocKind::RemovalCertificate => &[
                "case.measure_label",
                "case.court",
                "case.verdict_number",
                "case.start",
                "removed_on",
            ],
            DocKind::Submission => &[
                "case.measure_label",
                "case.court",
                "case.verdict_number",
                "submission.purpose",
                "submission.court",
                "submission.facts",
            ],
            DocKind::InspectionAct => &[
                "case.measure",
                "case.measure_label",
                "case.court",
                "case.verdict_number",
                "inspection.place",
                "inspection.findings",
            ],
            DocKind::Referral => &[
                "case.measure",
                "case.measure_label",
                "case.court",
                "case.verdict_number",
                "work.organisation",
                "work.hours",
            ],
            DocKind::EmployerNotice => &[
                "case.measure",
                "case.measure_label",
                "case.court",
                "case.verdict_number",
                "work.employer",
                "work.hours",
            ],
            DocKind::CorrectionalWorksNotice => &[
                "case.measure",
                "case.measure_label",
                "case.court",
                "case.verdict_number",
                "case.term",
                "work.employer",
                "work.deduction_percent",
            ],
            DocKind::PretrialReport => &[
                "case.measure",
                "report.time",
                "report.place",
                "report.author_post",
                "report.birth_place",
                "report.citizenship",
                "report.family",
                "report.occupation",
                "report.education",
                "report.convictions",
                "report.social",
                "report.test_results",
                "report.risk",
                "report.recommendations",
            ],
            DocKind::Programme => &[
                "case.measure",
                "case.court",
                "case.verdict_number",
                "programme.behaviour",
                "programme.claims",
                "programme.social_ties",
                "programme.health",
                "programme.education",
                "programme.skills",
                "programme.rights_awareness",
                "programme.measures",
                "programme.after_release",
            ],
        };
        own.iter().chain(WHO.iter()).copied().collect()
    }
}

/// The language of a document: the person's, Kazakh or Russian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocLang {
    Kk,
    Ru,
}

impl DocLang {
    pub fn from_code(code: &str) -> Option<DocLang> {
        match code {
            "kk" => Some(DocLang::Kk),
            "ru" => Some(DocLang::Ru),
            _ => None,
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            DocLang::Kk => "kk",
            DocLang::Ru => "ru",
        }
    }
}

/// The person as the document names them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFacts {
    /// Surname, given name, patronymic, as written.
    pub name: Option<String>,
    pub iin: Option<String>,
    pub birth_date: Option<String>,
    pub address: Option<String>,
}

/// The case and its court decision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFacts {
    pub card_number: Option<String>,
    /// The measure's wire kind (`restriction_of_freedom`, …): the warning's wording follows it.
    pub measure: Option<String>,
    /// The measure in the document's language.
    pub measure_label: Option<String>,
    pub court: Option<String>,
    pub verdict_number: Option<String>,
    pub verdict_date: Option<String>,
    pub in_force: Option<String>,
    /// The term in words (`2 жыл`, `2 года`).
    pub term: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
}

/// The violation a warning answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViolationFacts {
    pub date: Option<String>,
    /// What was violated, in the document's language.
    pub label: Option<String>,
}

/// Everything a document may say, gathered by the caller in the document's language. Dates are
/// as people write them (`04.12.2026`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocFacts {
    /// The document's number in the service's register of outgoing documents.
    pub number: Option<String>,
    pub issued_on: Option<String>,
    /// The issuing service's name.
    pub service: Option<String>,
    /// The officer who issues it.
    pub officer: Option<String>,
    #[serde(default)]
    pub person: PersonFacts,
    #[serde(default)]
    pub case: CaseFacts,
    /// The days of the month the person reports (G6).
    #[serde(default)]
    pub reporting_days: Vec<u8>,
    #[serde(default)]
    pub violation: ViolationFacts,
    pub removed_on: Option<String>,
    #[serde(default)]
    pub submission: SubmissionFacts,
    #[serde(default)]
    pub inspection: InspectionFacts,
    #[serde(default)]
    pub work: WorkFacts,
    #[serde(default)]
    pub report: ReportFacts,
    #[serde(default)]
    pub programme: ProgrammeFacts,
}

/// The individual programme's six parts (Law art. 16.5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeFacts {
    /// 1) the pre-trial report's data, if one was made (the programme says none was).
    pub pretrial_report: Option<String>,
    /// 2) the behaviour in the institution, one a line.
    #[serde(default)]
    pub behaviour: Vec<String>,
    /// 3) whether the claims (damages) were paid.
    pub claims: Option<String>,
    /// 4) social ties, health, education, labour skills, awareness of the legal means to
    ///    exercise one's rights, and anything else needed for resocialisation.
    pub social_ties: Option<String>,
    pub health: Option<String>,
    pub education: Option<String>,
    pub skills: Option<String>,
    pub rights_awareness: Option<String>,
    pub other: Option<String>,
    /// 5) the concrete measures of assistance before release, one a line.
    #[serde(default)]
    pub measures: Vec<String>,
    /// 6) what is planned after release: assistance, employment, housing, one a line.
    #[serde(default)]
    pub after_release: Vec<String>,
}

/// The pre-trial report's parts (Law art. 14).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFacts {
    /// When it was written (`04.12.2026, 10:30`).
    pub time: Option<String>,
    pub place: Option<String>,
    /// The author's post (the author's name is the officer's).
    pub author_post: Option<String>,
    pub birth_place: Option<String>,
    pub citizenship: Option<String>,
    pub family: Option<String>,
    pub occupation: Option<String>,
    pub education: Option<String>,
    /// Prior convictions, or none.
    pub convictions: Option<String>,
    pub social: Option<String>,
    pub test_results: Option<String>,
    pub risk: Option<String>,
    pub followed_recommendations: Option<String>,
    /// The model duties and restrictions recommended, one a line.
    #[serde(default)]
    pub recommendations: Vec<String>,
    /// The person's own opinion, if they gave one (the report records that they did not).
    pub own_opinion: Option<String>,
}

/// Community service: where the work is done and for how long.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkFacts {
    /// The organisation (of the akimat) where the work is done.
    pub organisation: Option<String>,
    /// The person's main employer.
    pub employer: Option<String>,
    /// The hours the court imposed.
    pub hours: Option<u32>,
    /// Correctional works: the share of wages deducted, per cent (10–50).
    pub deduction_percent: Option<u32>,
}

/// What an inspection act records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionFacts {
    /// The workplace (correctional works) or the home (deferral) inspected.
    pub place: Option<String>,
    /// The period the deductions were checked for (`IV квартал 2026`).
    pub period: Option<String>,
    /// Who took part (the employer's accountant, the guardianship body's specialist).
    #[serde(default)]
    pub participants: Vec<String>,
    /// What was found, one a line.
    #[serde(default)]
    pub findings: Vec<String>,
}

/// What a submission to court says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionFacts {
    /// The contract's purpose (`replace_with_imprisonment`, `cancel_conditional`, …).
    pub purpose: Option<String>,
    /// The court it goes to.
    pub court: Option<String>,
    /// The facts, one a line, dated (violations, missed reports, evasion, the warnings issued).
    #[serde(default)]
    pub facts: Vec<String>,
    /// The measures taken and their effect, one a line.
    #[serde(default)]
    pub measures_taken: Vec<String>,
    /// What goes with it (references, the officer's report, the person's explanation).
    #[serde(default)]
    pub attachments: Vec<String>,
}

/// The purposes a submission may have (the agenda contract's).
pub const SUBMISSION_PURPOSES: [&str; 9] = [
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

/// Why a document was not produced.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// The document's kind is not one this crate knows.
    #[error("unknown document kind {0:?}; one of: {list}", list = DocKind::ALL.map(DocKind::as_str).join(", "))]
    UnknownKind(String),
    /// The document was issued with other templates than this build's: it cannot be typeset
    /// again byte for byte here (its facts and hash stay in the log).
    #[error("issued with templates {issued}, this build has {current}")]
    OtherTemplates { issued: String, current: String },
    /// Typeset again, the document does not match the hash recorded when it was issued.
    #[error("typeset again, the document's SHA-256 is {got}, not the {issued} recorded")]
    HashMismatch { issued: String, got: String },
    /// Required facts are missing: the document is not produced, the user is told which.
    #[error("missing: {}", .0.join(", "))]
    Missing(Vec<&'static str>),
    /// The template did not typeset (a defect of this crate, never of the input).
    #[error("the {kind} template failed: {detail}")]
    Template { kind: &'static str, detail: String },
}

/// The required facts of `kind` that `facts` lacks (empty text counts as missing).
pub fn missing(kind: DocKind, facts: &DocFacts) -> Vec<&'static str> {
    let json = serde_json::to_value(facts).unwrap_or_default();
    kind.required()
        .into_iter()
        .filter(|path| {
            let value = path
                .split('.')
                .try_fold(&json, |v, part| v.get(part))
                .unwrap_or(&serde_json::Value::Null);
            match value {
                serde_json::Value::Null => true,
                serde_json::Value::String(s) => {
                    s.trim().is_empty()
                        || (*path == "submission.purpose"
                            && !SUBMISSION_PURPOSES.contains(&s.as_str()))
                        // Only these measures have these documents.
                        || (*path == "case.measure"
                            && kind.measures().is_some_and(|m| !m.contains(&s.as_str())))
                }
                serde_json::Value::Array(items) => items.is_empty(),
                _ => false,
            }
        })
        .collect()
}

/// A typeset document: its PDF bytes and their SHA-256 (hex), which the case's log keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub sha256: String,
}

static FONTS: [&[u8]; 2] = [
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
];

/// One engine a document kind, built once (fonts parsed once).
fn engine(kind: DocKind) -> &'static TypstEngine<TypstTemplateMainFile> {
    static ENGINES: OnceLock<Vec<TypstEngine<TypstTemplateMainFile>>> = OnceLock::new();
    let engines = ENGINES.get_or_init(|| {
        DocKind::ALL
            .iter()
            .map(|k| {
                TypstEngine::builder()
                    .main_file(k.template())
                    .with_static_source_file_resolver([(
                        "common.typ",
                        include_str!("../templates/common.typ"),
                    )])
                    .fonts(FONTS)
                    .build()
            })
            .collect()
    });
    let index = DocKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    &engines[index]
}

/// The version of what typesets a document: a short SHA-256 over every template, both fonts and
/// the typst version. The log keeps it with each issued document, so a document issued before a
/// template changed is known as such rather than re-rendered to other bytes.
pub fn templates_version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        hash.update(b"typst 0.15.1\0");
        hash.update(include_str!("../templates/common.typ"));
        for kind in DocKind::ALL {
            hash.update(kind.as_str());
            hash.update(kind.template());
        }
        for font in FONTS {
            hash.update(font);
        }
        hex::encode(hash.finalize())[..16].to_owned()
    })
}

/// Typesets an issued document again from its stored facts and checks the bytes against the
/// SHA-256 recorded when it was issued: what comes back is exactly what was handed out.
pub fn render_again(
    kind: &str,
    lang: DocLang,
    facts: &DocFacts,
    templates: &str,
    sha256: &str,
) -> Result<Rendered, DocError> {
    let kind = DocKind::from_wire(kind).ok_or_else(|| DocError::UnknownKind(kind.to_owned()))?;
    if templates != templates_version() {
        return Err(DocError::OtherTemplates {
            issued: templates.to_owned(),
            current: templates_version().to_owned(),
        });
    }
    let doc = render(kind, lang, facts)?;
    if doc.sha256 != sha256 {
        return Err(DocError::HashMismatch {
            issued: sha256.to_owned(),
            got: doc.sha256,
        });
    }
    Ok(doc)
}

/// Typesets `kind` in `lang` from `facts`, or says which required facts are missing.
pub fn render(kind: DocKind, lang: DocLang, facts: &DocFacts) -> Result<Rendered, DocError> {
    let absent = missing(kind, facts);
    if !absent.is_empty() {
        return Err(DocError::Missing(absent));
    }
    let fail = |detail: String| DocError::Template {
        kind: kind.as_str(),
        detail,
    };
    let mut data = serde_json::to_value(facts).map_err(|e| fail(e.to_string()))?;
    data["lang"] = lang.code().into();
    data["kind"] = kind.as_str().into();
    let mut inputs = Dict::new();
    inputs.insert("data".into(), data.to_string().into_value());
    let doc: PagedDocument = engine(kind)
        .compile_with_input(inputs)
        .output
        .map_err(|e| fail(format!("{e:?}")))?;
    let options = typst_pdf::PdfOptions {
        // Stable identity and no creation time: the same facts give the same bytes.
        ident: typst::foundations::Smart::Custom(format!(
            "probatio/{}/{}",
            kind.as_str(),
            facts.number.as_deref().unwrap_or_default()
        )),
        timestamp: None,
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&doc, &options).map_err(|e| fail(format!("{e:?}")))?;
    let sha256 = {
        use sha2::{Digest, Sha256};
        hex::encode(Sha256::digest(&pdf))
    };
    Ok(Rendered { pdf, sha256 })
}
