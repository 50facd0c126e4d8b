//! The append-only event log of a case.

use probatio_core::agenda::{Agenda, Flag};
use probatio_core::date::Date;
use serde_json::Value;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::cases::engine_field;
use crate::chain::{self, Link};
use crate::facts;
use crate::model::{NewEvent, StoredEvent};
use crate::scope::Scope;
use crate::{Result, Store, StoreError, now_utc};

fn event_from_row(row: &AnyRow) -> Result<StoredEvent> {
    let body: String = row.try_get("body")?;
    Ok(StoredEvent {
        id: row.try_get("id")?,
        case_id: row.try_get("case_id")?,
        seq: row.try_get("seq")?,
        event: serde_json::from_str(&body)
            .map_err(|e| StoreError::Corrupt(format!("event body: {e}")))?,
        corrects: row.try_get("corrects")?,
        reason: row.try_get("reason")?,
        recorded_by: row.try_get("recorded_by")?,
        recorded_at: row.try_get("recorded_at")?,
        hash: row.try_get("hash")?,
    })
}

/// A case's agenda before and after an event that is not yet recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventPreview {
    pub before: Agenda,
    pub after: Agenda,
    /// The event's date (none for a correction that voids an event).
    pub date: Option<Date>,
}

impl EventPreview {
    /// The flags by which the event itself would break a rule: new in the agenda after it,
    /// dated on its day, of a kind the engine counts as a forbidden action
    /// ([`probatio_core::agenda::FlagKind::is_forbidden_action`]). Shown before saving, so
    /// that such an event is saved only with a reason.
    pub fn raised_flags(&self) -> Vec<Flag> {
        self.after
            .flags
            .iter()
            .filter(|f| !self.before.flags.contains(f))
            .filter(|f| f.kind.is_forbidden_action())
            .filter(|f| self.date.is_none_or(|d| f.date == d))
            .copied()
            .collect()
    }
}

const EVENT_COLUMNS: &str =
    "id, case_id, seq, body, corrects, reason, recorded_by, recorded_at, hash";

impl Store {
    /// The case's events in the order they were recorded, if `scope` may read the case.
    pub async fn events(&self, case_id: i64, scope: &Scope) -> Result<Vec<StoredEvent>> {
        if *scope != Scope::Everything {
            self.case(case_id, scope).await?;
        }
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE case_id = $1 ORDER BY seq");
        let rows = sqlx::query(&sql)
            .bind(case_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(event_from_row).collect()
    }

    /// The case `scope` may record in, and its person.
    async fn writable_case(
        &self,
        case_id: i64,
        scope: &Scope,
    ) -> Result<(crate::model::CaseRecord, crate::model::Person)> {
        let case = self.case(case_id, scope).await?;
        scope.may_write(case.details.service_id, case.details.officer_id)?;
        let person = self
            .person(case.details.person_id, &Scope::Everything)
            .await?;
        Ok((case, person))
    }

    /// What appending `new` would do, without writing anything: the case's agenda today as it
    /// is and as it would be. Refused exactly as [`Store::append_event`] would refuse it
    /// (facts the engine does not accept, a stale version, a case `scope` may not change).
    pub async fn preview_event(
        &self,
        case_id: i64,
        new: &NewEvent,
        recorded_by: &str,
        scope: &Scope,
    ) -> Result<EventPreview> {
        let reason = precheck(new)?;
        let today = self.today();
        let (case, person) = self.writable_case(case_id, scope).await?;
        if case.version != new.expected_version {
            return Err(StoreError::Conflict {
                expected: new.expected_version,
                current: case.version,
            });
        }
        let events = self.events(case_id, &Scope::Everything).await?;
        let before = facts::agenda(&person, &case, &events, today)?;
        let after = judge(&person, &case, events, new, reason, recorded_by, today)?;
        let date = new
            .event
            .as_ref()
            .and_then(|e| e.get("date"))
            .and_then(Value::as_str)
            .and_then(|d| Date::parse(d).ok());
        Ok(EventPreview {
            before,
            after,
            date,
        })
    }

    /// Appends an event to a case's log, checked by the engine's rules, chained to the case's
    /// and the register's previous events, and the case's agenda projection recomputed — all
    /// in one transaction. A stale `expected_version` is refused with `Conflict` and nothing
    /// is written. `recorded_by` names who recorded it (an id, never a person's name); `scope`
    /// must allow writing the case.
    pub async fn append_event(
        &self,
        case_id: i64,
        new: &NewEvent,
        recorded_by: &str,
        scope: &Scope,
    ) -> Result<StoredEvent> {
        if new.event.as_ref().is_some_and(facts::is_record) {
            return Err(StoreError::invalid(
                "event.type",
                "a document is recorded by issuing it, not appended",
            ));
        }
        self.append(case_id, new, recorded_by, scope).await
    }

    /// [`Store::append_event`] without the refusal of the service's own records.
    pub(crate) async fn append(
        &self,
        case_id: i64,
        new: &NewEvent,
        recorded_by: &str,
        scope: &Scope,
    ) -> Result<StoredEvent> {
        let reason = precheck(new)?;
        let today = self.today();
        // Read what the check needs before taking the write lock.
        let (case, person) = self.writable_case(case_id, scope).await?;

        let _turn = match self.backend {
            crate::Backend::Sqlite => Some(self.writer.lock().await),
            crate::Backend::Postgres => None,
        };
        let mut tx = self.pool.begin().await?;
        // A write first: SQLite takes its write lock here (waiting up to busy_timeout rather
        // than failing later), PostgreSQL locks the register's chain head until commit.
        let head = sqlx::query("UPDATE chain SET seq = seq + 1 WHERE id = 1 RETURNING seq, head")
            .fetch_one(&mut *tx)
            .await?;
        let global_seq: i64 = head.try_get("seq")?;
        let global_prev: String = head.try_get("head")?;
        let bumped =
            sqlx::query("UPDATE cases SET version = version + 1 WHERE id = $1 AND version = $2")
                .bind(case_id)
                .bind(new.expected_version)
                .execute(&mut *tx)
                .await?;
        if bumped.rows_affected() == 0 {
            let current: i64 = sqlx::query("SELECT version FROM cases WHERE id = $1")
                .bind(case_id)
                .fetch_one(&mut *tx)
                .await?
                .try_get("version")?;
            return Err(StoreError::Conflict {
                expected: new.expected_version,
                current,
            });
        }
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE case_id = $1 ORDER BY seq");
        let events: Vec<StoredEvent> = sqlx::query(&sql)
            .bind(case_id)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(event_from_row)
            .collect::<Result<_>>()?;
        let seq = events.last().map_or(1, |e| e.seq + 1);
        let prev_hash = events
            .last()
            .map_or_else(|| crate::schema::GENESIS.to_owned(), |e| e.hash.clone());
        let body = new.event.clone().unwrap_or(Value::Null);
        let (event_date, event_type) = (
            body.get("date")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            body.get("type")
                .and_then(Value::as_str)
                .unwrap_or("void")
                .to_owned(),
        );
        let agenda = judge(&person, &case, events, new, reason, recorded_by, today)?;
        let projection = facts::project(&agenda, today);

        let body_text = body.to_string();
        let recorded_at = now_utc();
        let link = Link {
            case_id,
            seq,
            event_date: &event_date,
            event_type: &event_type,
            body: &body_text,
            corrects: new.corrects,
            reason,
            recorded_by,
            recorded_at: &recorded_at,
        };
        let hash = chain::case_hash(&prev_hash, &link);
        let global_hash = chain::global_hash(&global_prev, global_seq, &hash);
        let row = sqlx::query(
            "INSERT INTO events (case_id, seq, event_date, event_type, body, corrects, reason, recorded_by, recorded_at, \
             prev_hash, hash, global_seq, global_prev, global_hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        )
        .bind(case_id)
        .bind(seq)
        .bind(&event_date)
        .bind(&event_type)
        .bind(&body_text)
        .bind(new.corrects)
        .bind(reason.map(str::to_owned))
        .bind(recorded_by)
        .bind(&recorded_at)
        .bind(&prev_hash)
        .bind(&hash)
        .bind(global_seq)
        .bind(&global_prev)
        .bind(&global_hash)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        sqlx::query("UPDATE chain SET head = $1 WHERE id = 1")
            .bind(&global_hash)
            .execute(&mut *tx)
            .await?;
        self.store_projection(&mut tx, case_id, &projection).await?;
        tx.commit().await?;
        Ok(StoredEvent {
            id,
            case_id,
            seq,
            event: body,
            corrects: new.corrects,
            reason: reason.map(str::to_owned),
            recorded_by: recorded_by.to_owned(),
            recorded_at,
            hash,
        })
    }
}

/// The checks of an append that need nothing from the database; the trimmed reason.
fn precheck(new: &NewEvent) -> Result<Option<&str>> {
    if new.event.is_none() && new.corrects.is_none() {
        return Err(StoreError::invalid(
            "event",
            "required (only a correction may void without one)",
        ));
    }
    if let Some(e) = &new.event
        && !e.is_object()
    {
        return Err(StoreError::invalid(
            "event",
            "must be a JSON object such as {\"date\": …, \"type\": …}",
        ));
    }
    let reason = new
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if new.corrects.is_some() && reason.is_none() {
        return Err(StoreError::invalid(
            "reason",
            "a correction states its reason",
        ));
    }
    Ok(reason)
}

/// The engine's agenda of the case with `new` appended to `events`, as of `today`: the facts
/// go through the engine's own parser, so an append is refused exactly where `probatio
/// agenda` would refuse the same facts, with the field named as in the API.
fn judge(
    person: &crate::model::Person,
    case: &crate::model::CaseRecord,
    mut events: Vec<StoredEvent>,
    new: &NewEvent,
    reason: Option<&str>,
    recorded_by: &str,
    today: probatio_core::date::Date,
) -> Result<probatio_core::agenda::Agenda> {
    if let Some(target) = new.corrects
        && !events.iter().any(|e| e.id == target)
    {
        return Err(StoreError::invalid(
            "corrects",
            format!("no event {target} in case {}", case.id),
        ));
    }
    let body = new.event.clone().unwrap_or(Value::Null);
    let event_date = body.get("date").and_then(Value::as_str).unwrap_or("");
    events.push(StoredEvent {
        id: -1,
        case_id: case.id,
        seq: events.last().map_or(1, |e| e.seq + 1),
        event: body.clone(),
        corrects: new.corrects,
        reason: reason.map(str::to_owned),
        recorded_by: recorded_by.to_owned(),
        recorded_at: String::new(),
        hash: String::new(),
    });
    let effective = facts::effective_events(&events);
    // The engine's events: a record (a document issued) is kept in the log, not judged.
    let judged = effective.iter().filter(|e| !facts::is_record(e)).count();
    let new_index = (!body.is_null() && !facts::is_record(&body)).then(|| judged - 1);
    let json = facts::contract_json(person, case, &effective, today);
    if new.event.is_some() && json["events"].as_array().map_or(0, Vec::len) < judged {
        return Err(StoreError::invalid(
            "event.date",
            format!("{event_date} is after today ({today})"),
        ));
    }
    let parsed = facts::parse(&json)
        .map_err(|e| StoreError::invalid(engine_field(&e.field, new_index), e.problem))?;
    Ok(probatio_core::agenda::compute(&parsed))
}
