//! Documents issued from a case (issue 6): each is an entry of the case's hash-chained log with
//! its kind, language, number, the SHA-256 of the exact bytes handed out and the facts it was
//! typeset from, so that it can be typeset again and checked against that hash. The engine
//! never sees these entries.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::facts::DOCUMENT_ISSUED;
use crate::model::NewEvent;
use crate::scope::Scope;
use crate::{Result, Store, StoreError};

/// A document issued from a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IssuedDocument {
    /// The log entry that records it.
    pub event_id: i64,
    pub kind: String,
    pub lang: String,
    pub number: String,
    /// SHA-256 of the PDF's bytes, hex.
    pub sha256: String,
    /// The version of the templates it was typeset with.
    pub templates: String,
    /// The facts it was typeset from.
    pub facts: Value,
    #[schema(format = Date)]
    pub issued_on: String,
    pub recorded_by: String,
}

/// What a caller has typeset and now records.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDocument {
    pub kind: String,
    pub lang: String,
    pub number: String,
    pub sha256: String,
    /// The version of the templates it was typeset with (so it can be typeset again).
    pub templates: String,
    pub facts: Value,
}

/// The number of a case's document: its card number and the count of documents issued from it
/// before, plus one (`1-77/2024/3`).
pub fn document_number(card_number: &str, issued_before: usize) -> String {
    format!("{card_number}/{}", issued_before + 1)
}

impl Store {
    /// The documents issued from a case, oldest first (for whoever may read the case).
    pub async fn documents(&self, case_id: i64, scope: &Scope) -> Result<Vec<IssuedDocument>> {
        let events = self.events(case_id, scope).await?;
        Ok(events
            .iter()
            .filter(|e| e.event.get("type").and_then(Value::as_str) == Some(DOCUMENT_ISSUED))
            .map(|e| {
                let text = |f: &str| {
                    e.event
                        .get(f)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                };
                IssuedDocument {
                    event_id: e.id,
                    kind: text("kind"),
                    lang: text("lang"),
                    number: text("number"),
                    sha256: text("sha256"),
                    templates: text("templates"),
                    facts: e.event.get("facts").cloned().unwrap_or(Value::Null),
                    issued_on: text("date"),
                    recorded_by: e.recorded_by.clone(),
                }
            })
            .collect())
    }

    /// The number the case's next document gets: its card number and the count of documents
    /// issued from it so far, plus one (`1-77/2024/3`).
    pub async fn next_document_number(&self, case_id: i64, scope: &Scope) -> Result<String> {
        let case = self.case(case_id, scope).await?;
        let issued = self.documents(case_id, scope).await?.len();
        Ok(document_number(&case.card_number, issued))
    }

    /// Records that a document was issued, today, by whoever may record in the case: an entry
    /// of the case's log (a stale `expected_version` is refused, as for any append).
    pub async fn record_document(
        &self,
        case_id: i64,
        expected_version: i64,
        doc: &NewDocument,
        recorded_by: &str,
        scope: &Scope,
    ) -> Result<IssuedDocument> {
        for (field, value) in [
            ("kind", &doc.kind),
            ("lang", &doc.lang),
            ("number", &doc.number),
            ("templates", &doc.templates),
        ] {
            if value.trim().is_empty() || value.chars().count() > 100 {
                return Err(StoreError::invalid(field, "required, up to 100 characters"));
            }
        }
        if doc.sha256.len() != 64 || !doc.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::invalid("sha256", "64 hexadecimal digits"));
        }
        let today = self.today().to_string();
        let event = json!({
            "date": today,
            "type": DOCUMENT_ISSUED,
            "kind": doc.kind,
            "lang": doc.lang,
            "number": doc.number,
            "sha256": doc.sha256,
            "templates": doc.templates,
            "facts": doc.facts,
        });
        let stored = self
            .append(
                case_id,
                &NewEvent {
                    expected_version,
                    event: Some(event),
                    corrects: None,
                    reason: None,
                },
                recorded_by,
                scope,
            )
            .await?;
        Ok(IssuedDocument {
            event_id: stored.id,
            kind: doc.kind.clone(),
            lang: doc.lang.clone(),
            number: doc.number.clone(),
            sha256: doc.sha256.clone(),
            templates: doc.templates.clone(),
            facts: doc.facts.clone(),
            issued_on: today,
            recorded_by: stored.recorded_by,
        })
    }
}
