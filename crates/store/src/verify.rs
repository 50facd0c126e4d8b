//! `probatio audit verify`: walks the hash chains and reports the first broken link.

use std::collections::HashMap;

use serde::Serialize;
use sqlx::Row;

use crate::chain::{self, Link};
use crate::schema::GENESIS;
use crate::{Result, Store};

/// The first link that does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Broken {
    /// The event row at fault (its `id`), if a row is.
    pub event_id: Option<i64>,
    pub case_id: Option<i64>,
    pub global_seq: i64,
    pub problem: String,
}

/// What a verification found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct VerifyReport {
    pub events_checked: i64,
    pub cases_checked: usize,
    pub broken: Option<Broken>,
}

impl Store {
    /// Recomputes every event's hash and both chains, in the register's order.
    pub async fn verify_chains(&self) -> Result<VerifyReport> {
        let rows = sqlx::query(
            "SELECT id, case_id, seq, event_date, event_type, body, corrects, reason, recorded_by, recorded_at, \
             prev_hash, hash, global_seq, global_prev, global_hash FROM events ORDER BY global_seq",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut last_by_case: HashMap<i64, (i64, String)> = HashMap::new();
        let mut global_prev = GENESIS.to_owned();
        let mut expected_global = 0i64;
        let mut checked = 0i64;
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            let case_id: i64 = row.try_get("case_id")?;
            let seq: i64 = row.try_get("seq")?;
            let global_seq: i64 = row.try_get("global_seq")?;
            let broken = |problem: String| Broken {
                event_id: Some(id),
                case_id: Some(case_id),
                global_seq,
                problem,
            };
            expected_global += 1;
            if global_seq != expected_global {
                return Ok(report(
                    checked,
                    &last_by_case,
                    Some(broken(format!(
                        "register position {global_seq} where {expected_global} was expected: an event is missing"
                    ))),
                ));
            }
            let (last_seq, last_hash) = last_by_case
                .get(&case_id)
                .cloned()
                .unwrap_or((0, GENESIS.to_owned()));
            if seq != last_seq + 1 {
                return Ok(report(
                    checked,
                    &last_by_case,
                    Some(broken(format!(
                        "case position {seq} follows {last_seq}: an event of the case is missing or moved"
                    ))),
                ));
            }
            let prev_hash: String = row.try_get("prev_hash")?;
            if prev_hash != last_hash {
                return Ok(report(
                    checked,
                    &last_by_case,
                    Some(broken("does not chain to the case's previous event".into())),
                ));
            }
            let (date, ty, body, recorded_by, recorded_at): (
                String,
                String,
                String,
                String,
                String,
            ) = (
                row.try_get("event_date")?,
                row.try_get("event_type")?,
                row.try_get("body")?,
                row.try_get("recorded_by")?,
                row.try_get("recorded_at")?,
            );
            let reason: Option<String> = row.try_get("reason")?;
            let link = Link {
                case_id,
                seq,
                event_date: &date,
                event_type: &ty,
                body: &body,
                corrects: row.try_get("corrects")?,
                reason: reason.as_deref(),
                recorded_by: &recorded_by,
                recorded_at: &recorded_at,
            };
            let hash: String = row.try_get("hash")?;
            if chain::case_hash(&prev_hash, &link) != hash {
                return Ok(report(
                    checked,
                    &last_by_case,
                    Some(broken(
                        "the event's content does not match its hash: it was changed".into(),
                    )),
                ));
            }
            let row_global_prev: String = row.try_get("global_prev")?;
            let global_hash: String = row.try_get("global_hash")?;
            if row_global_prev != global_prev
                || chain::global_hash(&global_prev, global_seq, &hash) != global_hash
            {
                return Ok(report(
                    checked,
                    &last_by_case,
                    Some(broken("the register chain does not hold here".into())),
                ));
            }
            global_prev = global_hash;
            last_by_case.insert(case_id, (seq, hash));
            checked += 1;
        }
        let head = sqlx::query("SELECT seq, head FROM chain WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        let (head_seq, head_hash): (i64, String) = (head.try_get("seq")?, head.try_get("head")?);
        if head_seq != expected_global || head_hash != global_prev {
            return Ok(report(
                checked,
                &last_by_case,
                Some(Broken {
                    event_id: None,
                    case_id: None,
                    global_seq: head_seq,
                    problem: format!(
                        "the chain head says {head_seq} events, the log holds {expected_global}: events were removed from the end"
                    ),
                }),
            ));
        }
        Ok(report(checked, &last_by_case, None))
    }
}

fn report(
    checked: i64,
    cases: &HashMap<i64, (i64, String)>,
    broken: Option<Broken>,
) -> VerifyReport {
    VerifyReport {
        events_checked: checked,
        cases_checked: cases.len(),
        broken,
    }
}
