//! The access log (issue 4): every read and write of a person's or a case's data — who, when,
//! from which address, through which endpoint, with what outcome — appended in batches (one
//! transaction for many requests) and hash-chained like the event log, so that `audit verify`
//! finds a record changed or removed.

use serde::Serialize;
use sqlx::{Executor, Row as _};

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

/// A record with its place in the chain, to insert.
struct Row<'a> {
    seq: i64,
    record: &'a AccessRecord,
    prev_hash: String,
    hash: String,
}

/// Rows per INSERT statement: 13 values each stays under both backends' parameter limits
/// (SQLite 32,766; PostgreSQL 65,535).
const ROWS_PER_INSERT: usize = 1000;

/// Inserts `rows`, one statement for up to [`ROWS_PER_INSERT`]: each statement is a round
/// trip to the connection's thread, and on a busy SQLite server every trip waits its turn for
/// a core (16 rows a statement made a 100-record batch take 11 trips, 10 ms). On SQLite the
/// placeholders are anonymous `?`: the driver looks numbered ones up one by one, which grows
/// with the square of their count.
async fn insert_rows(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    rows: &[Row<'_>],
    backend: crate::Backend,
) -> Result<()> {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let sql = insert_sql(chunk.len(), backend);
        bind_rows(sqlx::query(&sql), chunk)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// `INSERT` of `n` records.
fn insert_sql(n: usize, backend: crate::Backend) -> String {
    let mut sql = format!("INSERT INTO access_log ({COLUMNS}) VALUES ");
    for i in 0..n {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for k in 1..=13 {
            if k > 1 {
                sql.push_str(", ");
            }
            match backend {
                crate::Backend::Sqlite => sql.push('?'),
                crate::Backend::Postgres => sql.push_str(&format!("${}", i * 13 + k)),
            }
        }
        sql.push(')');
    }
    sql
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds the values of `rows` in [`COLUMNS`] order.
fn bind_rows<'q>(mut q: Query<'q>, rows: &'q [Row<'q>]) -> Query<'q> {
    for row in rows {
        let r = row.record;
        q = q
            .bind(row.seq)
            .bind(r.at.as_str())
            .bind(r.actor.as_str())
            .bind(r.role.as_str())
            .bind(r.address.as_str())
            .bind(r.method.as_str())
            .bind(r.route.as_str())
            .bind(r.query.as_deref())
            .bind(r.case_id)
            .bind(r.person_id)
            .bind(r.status)
            .bind(row.prev_hash.as_str())
            .bind(row.hash.as_str());
    }
    q
}

/// `records` chained after `head` (count, last hash), and the new head.
fn chained(head: (i64, String), records: &[AccessRecord]) -> (Vec<Row<'_>>, (i64, String)) {
    let (mut seq, mut prev) = head;
    let mut rows = Vec::with_capacity(records.len());
    for r in records {
        seq += 1;
        let h = hash(&prev, seq, r);
        rows.push(Row {
            seq,
            record: r,
            prev_hash: std::mem::replace(&mut prev, h.clone()),
            hash: h,
        });
    }
    (rows, (seq, prev))
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
        let mut tx = self.access.begin().await?;
        // A write first: it takes SQLite's lock and PostgreSQL's row lock on the head.
        let head =
            sqlx::query("UPDATE access_chain SET seq = seq WHERE id = 1 RETURNING seq, head")
                .fetch_one(&mut *tx)
                .await?;
        let (rows, new_head) = chained((head.try_get("seq")?, head.try_get("head")?), records);
        insert_rows(&mut tx, &rows, self.backend).await?;
        sqlx::query("UPDATE access_chain SET seq = $1, head = $2 WHERE id = 1")
            .bind(new_head.0)
            .bind(&new_head.1)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves the access log a SQLite register kept in its own file (before the log had a file
    /// of its own) into the access-log file, as it is (same numbers and hashes), then empties
    /// the register's. Interrupted between the two, the next start finds the records already
    /// in the access-log file and only empties the register's; any other disagreement stops.
    pub(crate) async fn move_access_log(&self) -> Result<()> {
        let head = |pool: &sqlx::AnyPool| {
            let pool = pool.clone();
            async move {
                let row = sqlx::query("SELECT seq, head FROM access_chain WHERE id = 1")
                    .fetch_one(&pool)
                    .await?;
                Ok::<(i64, String), StoreError>((row.try_get("seq")?, row.try_get("head")?))
            }
        };
        let (old_seq, old_head) = head(&self.pool).await?;
        if old_seq == 0 {
            return Ok(());
        }
        let (new_seq, _) = head(&self.access).await?;
        if new_seq == 0 {
            let mut tx = self.access.begin().await?;
            let mut after = 0;
            loop {
                let chunk = sqlx::query(&format!(
                    "SELECT {COLUMNS} FROM access_log WHERE seq > $1 ORDER BY seq LIMIT 1000"
                ))
                .bind(after)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(from_row)
                .collect::<Result<Vec<_>>>()?;
                let Some(last) = chunk.last() else { break };
                after = last.0.seq;
                let rows: Vec<Row> = chunk
                    .iter()
                    .map(|(a, prev_hash)| Row {
                        seq: a.seq,
                        record: &a.record,
                        prev_hash: prev_hash.clone(),
                        hash: a.hash.clone(),
                    })
                    .collect();
                insert_rows(&mut tx, &rows, self.backend).await?;
            }
            sqlx::query("UPDATE access_chain SET seq = $1, head = $2 WHERE id = 1")
                .bind(old_seq)
                .bind(&old_head)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        } else {
            let copied: Option<String> = sqlx::query("SELECT hash FROM access_log WHERE seq = $1")
                .bind(old_seq)
                .fetch_optional(&self.access)
                .await?
                .map(|r| r.try_get("hash"))
                .transpose()?;
            if copied.as_deref() != Some(old_head.as_str()) {
                return Err(StoreError::Corrupt(format!(
                    "the register's file holds {old_seq} access records that its access-log \
                     file, with {new_seq} of its own, does not: neither is changed"
                )));
            }
        }
        let mut tx = self.pool.begin().await?;
        tx.execute("DELETE FROM access_log").await?;
        sqlx::query("UPDATE access_chain SET seq = 0, head = $1 WHERE id = 1")
            .bind(crate::schema::GENESIS)
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
        // The indexes are by block ([`crate::schema::ACCESS_BLOCK_BITS`]): one seek per block.
        let seq: i64 = sqlx::query("SELECT seq FROM access_chain WHERE id = 1")
            .fetch_one(&self.access)
            .await?
            .try_get("seq")?;
        let bits = crate::schema::ACCESS_BLOCK_BITS;
        let blocks = (0..=(seq >> bits))
            .map(|b| b.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {COLUMNS} FROM access_log WHERE seq IN ( \
               SELECT seq FROM access_log WHERE (seq >> {bits}) IN ({blocks}) AND case_id = $1 \
               UNION SELECT seq FROM access_log WHERE (seq >> {bits}) IN ({blocks}) AND person_id = $2) \
             ORDER BY seq DESC LIMIT $3"
        );
        sqlx::query(&sql)
            .bind(case_id)
            .bind(case.details.person_id)
            .bind(limit.clamp(1, 1000))
            .fetch_all(&self.access)
            .await?
            .iter()
            .map(|r| from_row(r).map(|(a, _)| a))
            .collect()
    }

    /// Walks the access chain; the first broken link, if any, and how many records hold.
    pub async fn verify_access(&self) -> Result<(i64, Option<AccessBroken>)> {
        let mut prev = crate::schema::GENESIS.to_owned();
        let mut expected = 0;
        // In pages by number: the log grows without end and need not fit in memory.
        let page_sql =
            format!("SELECT {COLUMNS} FROM access_log WHERE seq > $1 ORDER BY seq LIMIT 10000");
        let mut after = 0;
        loop {
            let rows = sqlx::query(&page_sql)
                .bind(after)
                .fetch_all(&self.access)
                .await?;
            let Some(last) = rows.last() else { break };
            after = last.try_get("seq")?;
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
        }
        let head = sqlx::query("SELECT seq, head FROM access_chain WHERE id = 1")
            .fetch_one(&self.access)
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
