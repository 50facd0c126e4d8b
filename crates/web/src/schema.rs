//! OpenAPI schemas of the agenda contract's output (agenda-contract.md, Output). The engine's
//! types stay free of HTTP concerns; these describe the same JSON for the API's readers.

#![allow(dead_code)]

use utoipa::ToSchema;

/// A case's legal agenda on a day.
#[derive(ToSchema)]
#[schema(as = Agenda)]
pub struct AgendaDoc {
    /// `awaiting_registration`, `active`, `wanted` or `ended`.
    status: String,
    term: Option<TermDoc>,
    tasks: Vec<TaskDoc>,
    opportunities: Vec<OpportunityDoc>,
    flags: Vec<FlagDoc>,
}

/// The measure's term; null until it has a start, and for measures without one.
#[derive(ToSchema)]
#[schema(as = Term)]
pub struct TermDoc {
    #[schema(format = Date)]
    start: String,
    /// The first day no longer under the measure.
    #[schema(format = Date)]
    end: String,
    /// The first day on which half the term has been served.
    #[schema(format = Date)]
    half: String,
    suspended_days: i32,
}

/// An open obligation of the service.
#[derive(ToSchema)]
#[schema(as = Task)]
pub struct TaskDoc {
    /// e.g. `summon`, `records_check`, `submission:cancel_conditional`.
    kind: String,
    /// Null where the law sets no deadline.
    #[schema(format = Date)]
    due: Option<String>,
    /// The rule id (`p.71`, `G2`, `L3905` …).
    rule: String,
}

/// What the service may now do but need not.
#[derive(ToSchema)]
#[schema(as = Opportunity)]
pub struct OpportunityDoc {
    kind: String,
    #[schema(format = Date)]
    from: String,
    rule: String,
}

/// A recorded action that broke a rule, or a period whose duty was not done.
#[derive(ToSchema)]
#[schema(as = Flag)]
pub struct FlagDoc {
    kind: String,
    /// The task concerned, for `late`, `unfulfilled`, `missed_period`, `premature_submission`.
    #[schema(required = false, nullable = false)]
    task: Option<String>,
    #[schema(format = Date)]
    date: String,
    rule: String,
}

/// A PDF document's bytes.
#[derive(ToSchema)]
#[schema(as = Pdf, value_type = String, format = Binary)]
pub struct PdfDoc(String);
