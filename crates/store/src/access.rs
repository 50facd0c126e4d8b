//! The access log (issue 4): every read and write of a person's or a case's data — who, when,
//! from which address, through which endpoint, with what outcome — appended in batches (one
//! transaction for many requests) and hash-chained like the event log, so that `audit verify`
//! finds a record changed or removed.

use serde::Serialize;
use sqlx::Row;

use crate::chain;
use crate::scope::Scope;
use crate::{Result, Store, StoreError};

/// One request to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AccessRecord {
    /// RFC 3339, UTC.
    pub at: String,
    /// `user:ID` or `token:ID`.
    pub actor: String,
    pub role: String,
    pub address: String,
    pub method: String,
    /// The endpoint's route (`/api/cases/{id}/agenda`).
    pub route: String,
    /// The query string, if any (a search's words).
    pub query: Option<String>,
    pub case_id: Option<i64>,
    pub person_id: Option<i64>,
    /// The HTTP status answered.
    pub status: i64,
}

/// A record as stored, with its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StoredAccess {
    pub seq: i64,
    #[serde(flatten)]
    pub record: AccessRecord,
    pub hash: String,
}

const COLUMNS: &str = "seq, at, actor, role, address, method, route, query, case_id, person_id, status, prev_hash, hash";

fn ids(v: Option<i64>) -> String {
    v.map_or_else(String::new, |i| i.to_string())
}

/// The hash of record `seq` chained to `prev`.
fn hash(prev: &str, seq: i64, r: &AccessRecord) -> String {
    chain::access_hash(
        prev,
        seq,
        &[
            &r.at,
            &r.actor,
            &r.role,
            &r.address,
            &r.method,
            &r.route,
            r.query.as_deref().unwrap_or(""),
            &ids(r.case_id),
            &ids(r.person_id),
            &r.status.to_string(),
        ],
    )
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<(StoredAccess, String)> {
    Ok((
        StoredAccess {
            seq: row.try_get("seq")?,
            record: AccessRecord {
                at: row.try_get("at")?,
                actor: row.try_get("actor")?,
                role: row.try_get("role")?,
                address: row.try_get("address")?,
                method: row.try_get("method")?,
                route: row.try_get("route")?,
                query: row.try_get("query")?,
                case_id: row.try_get("case_id")?,
                person_id: row.try_get("person_id")?,
                status: row.try_get("status")?,
            },
            hash: row.try_get("hash")?,
        },
        row.try_get("prev_hash")?,
    ))
}

/// Where the access chain first fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessBroken {
    pub seq: i64,
    pub problem: String,
}

impl Store {
    /// Appends `records` to the access log in one transaction, chained in order. Returns
    /// only once they are durable: a request is answered after its record is.
    pub async fn record_access(&self, records: &[AccessRecord]) -> Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        // A write first: it takes SQLite's lock and PostgreSQL's row lock on the head.
        let head =
            sqlx::query("UPDATE access_chain SET seq = seq + $1 WHERE id = 1 RETURNING seq, head")
                .bind(records.len() as i64)
                .fetch_one(&mut *tx)
                .await?;
        let last: i64 = head.try_get("seq")?;
        let mut prev: String = head.try_get("head")?;
        let mut seq = last - records.len() as i64;
        // 16 rows a statement: the SQLite driver looks each parameter up by position, which
        // grows with the square of a statement's parameters (50 rows: 4 % of all CPU).
        for chunk in records.chunks(16) {
            let mut sql = format!("INSERT INTO access_log ({COLUMNS}) VALUES ");
            let mut rows = Vec::with_capacity(chunk.len());
            for (i, r) in chunk.iter().enumerate() {
                seq += 1;
                let h = hash(&prev, seq, r);
                rows.push((seq, r, prev.clone(), h.clone()));
                prev = h;
                let p = i * 13;
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push('(');
                sql.push_str(
                    &(1..=13)
                        .map(|k| format!("${}", p + k))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                sql.push(')');
            }
            let mut q = sqlx::query(&sql);
            for (seq, r, prev_hash, h) in rows {
                q = q
                    .bind(seq)
                    .bind(r.at.clone())
                    .bind(r.actor.clone())
                    .bind(r.role.clone())
                    .bind(r.address.clone())
                    .bind(r.method.clone())
                    .bind(r.route.clone())
                    .bind(r.query.clone())
                    .bind(r.case_id)
                    .bind(r.person_id)
                    .bind(r.status)
                    .bind(prev_hash)
                    .bind(h);
            }
            q.execute(&mut *tx).await?;
        }
        sqlx::query("UPDATE access_chain SET head = $1 WHERE id = 1")
            .bind(&prev)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Who read or changed a case, newest first: for the head of its service and for
    /// prosecutors of its region (the caller's scope must reach the case).
    pub async fn case_access(
        &self,
        case_id: i64,
        scope: &Scope,
        limit: i64,
    ) -> Result<Vec<StoredAccess>> {
        if !matches!(
            scope,
            Scope::Everything | Scope::Service(_) | Scope::Region(_)
        ) {
            return Err(StoreError::Forbidden(
                "the access log is for heads of service and prosecutors".to_owned(),
            ));
        }
        let case = self.case(case_id, scope).await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM access_log WHERE case_id = $1 OR person_id = $2 \
             ORDER BY seq DESC LIMIT $3"
        );
        sqlx::query(&sql)
            .bind(case_id)
            .bind(case.details.person_id)
            .bind(limit.clamp(1, 1000))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| from_row(r).map(|(a, _)| a))
            .collect()
    }

    /// Walks the access chain; the first broken link, if any, and how many records hold.
    pub async fn verify_access(&self) -> Result<(i64, Option<AccessBroken>)> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM access_log ORDER BY seq"))
            .fetch_all(&self.pool)
            .await?;
        let mut prev = crate::schema::GENESIS.to_owned();
        let mut expected = 0;
        for row in &rows {
            let (a, prev_hash) = from_row(row)?;
            expected += 1;
            let broken = |problem: &str| {
                Ok((
                    expected - 1,
                    Some(AccessBroken {
                        seq: a.seq,
                        problem: problem.to_owned(),
                    }),
                ))
            };
            if a.seq != expected {
                return broken("a record before this one is missing");
            }
            if prev_hash != prev {
                return broken("does not chain to the previous record");
            }
            if hash(&prev, a.seq, &a.record) != a.hash {
                return broken("the record's content does not match its hash: it was changed");
            }
            prev = a.hash;
        }
        let head = sqlx::query("SELECT seq, head FROM access_chain WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        let (seq, h): (i64, String) = (head.try_get("seq")?, head.try_get("head")?);
        if seq != expected || h != prev {
            return Ok((
                expected,
                Some(AccessBroken {
                    seq,
                    problem: format!(
                        "the head says {seq} records, the log holds {expected}: records were removed from the end"
                    ),
                }),
            ));
        }
        Ok((expected, None))
    }
}
