//! A stored case as the agenda contract's input: the one bridge from the register to the engine.

use std::collections::HashSet;

use probatio_core::agenda::{Agenda, compute};
use probatio_core::case::Case;
use probatio_core::date::Date;
use probatio_core::input::{InputError, parse_case_str};
use serde_json::{Value, json};

use crate::StoreError;
use crate::model::{CaseRecord, Person, StoredEvent};

/// The type of a record the case's log keeps beside the contract's events: a document issued
/// (its kind, language, number, the SHA-256 of its bytes and the facts it was typeset from).
/// It is chained like every event; the engine never sees it.
pub const DOCUMENT_ISSUED: &str = "document_issued";

/// Whether a log entry is a record of the service's own (not a fact the engine judges).
pub(crate) fn is_record(e: &Value) -> bool {
    e.get("type").and_then(Value::as_str) == Some(DOCUMENT_ISSUED)
}

/// The events that count: every event not corrected by a later one, with a correction
/// standing in for what it corrects (a voiding correction stands for nothing).
pub fn effective_events(events: &[StoredEvent]) -> Vec<&Value> {
    let corrected: HashSet<i64> = events.iter().filter_map(|e| e.corrects).collect();
    events
        .iter()
        .filter(|e| !corrected.contains(&e.id) && !e.event.is_null())
        .map(|e| &e.event)
        .collect()
}

/// The contract JSON of a case as it stood on `as_of` (events after it left out).
pub(crate) fn contract_json(
    person: &Person,
    case: &CaseRecord,
    events: &[&Value],
    as_of: Date,
) -> Value {
    let p = &person.details;
    let as_of_text = as_of.to_string();
    let events: Vec<&Value> = events
        .iter()
        .copied()
        .filter(|e| !is_record(e))
        .filter(|e| {
            e.get("date")
                .and_then(Value::as_str)
                .is_none_or(|d| d <= as_of_text.as_str())
        })
        .collect();
    json!({
        "as_of": as_of_text,
        "person": {
            "birth_date": p.birth_date,
            "sex": p.sex,
            "rural": p.address.as_ref().is_some_and(|a| a.rural),
            "disability_group": p.disability_group,
            "pregnant": p.pregnant,
            "sole_carer": p.sole_carer,
            "military": p.military,
            "children_birth_dates": p.children_birth_dates,
        },
        "measure": case.details.measure,
        "events": events,
    })
}

/// Reads the facts through the engine's own parser, so that the store accepts exactly what
/// `probatio agenda` accepts.
pub(crate) fn parse(json: &Value) -> Result<Case, InputError> {
    parse_case_str(&json.to_string())
}

/// The agenda of a stored case on `as_of`.
pub(crate) fn agenda(
    person: &Person,
    case: &CaseRecord,
    events: &[StoredEvent],
    as_of: Date,
) -> Result<Agenda, StoreError> {
    let json = contract_json(person, case, &effective_events(events), as_of);
    let case = parse(&json).map_err(|e| {
        StoreError::Corrupt(format!("case {}: stored facts are refused: {e}", case.id))
    })?;
    Ok(compute(&case))
}

/// The projection kept on the case row for list queries (a cache of the engine).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Projection {
    pub status: String,
    pub next_due: Option<String>,
    pub overdue_count: i64,
    pub flag_count: i64,
    pub projected_on: String,
    /// The whole agenda on `projected_on`, as the contract's JSON: served as is while the day lasts.
    pub agenda_json: String,
}

pub(crate) fn project(agenda: &Agenda, as_of: Date) -> Projection {
    Projection {
        status: agenda.status.as_str().to_owned(),
        next_due: agenda
            .tasks
            .iter()
            .filter_map(|t| t.due)
            .min()
            .map(|d| d.to_string()),
        overdue_count: agenda
            .tasks
            .iter()
            .filter(|t| probatio_core::agenda::is_overdue(t.due, as_of))
            .count() as i64,
        flag_count: agenda.flags.len() as i64,
        projected_on: as_of.to_string(),
        agenda_json: serde_json::to_string(agenda).unwrap_or_default(),
    }
}
