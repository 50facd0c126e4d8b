//! The hot reads of a SQLite register (a caseload page, today's agenda) through SQLite's own
//! typed interface, on the caller's thread.
//!
//! sqlx runs each SQLite connection on a thread of its own and hands every query and row
//! across, and its `Any` layer converts and copies each row once more: for a 21 KB caseload
//! page that was a fifth of both cores spent switching threads and copying (BENCHMARKS.md).
//! These reads are a few index pages from the page cache, tens of microseconds, and in WAL
//! mode a reader never waits for the writer, so they run where they are asked for. The SQL
//! text is the same as on PostgreSQL; only the driver differs. Writes keep to the sqlx pool
//! (the access log's group commits through this interface, on a blocking thread, were slower:
//! BENCHMARKS.md).

use std::path::PathBuf;
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags};

use crate::{Result, StoreError};

/// A value bound to a numbered placeholder (`$1`, `$2`, …).
#[derive(Debug, Clone)]
pub(crate) enum Param {
    Int(i64),
    Text(String),
}

/// Idle read-only connections to one SQLite file, opened on first use.
#[derive(Debug)]
pub(crate) struct DirectReads {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

/// Connections kept idle: one per thread that reads at once is enough; more are closed.
const KEEP_IDLE: usize = 16;

impl DirectReads {
    /// Reads of the SQLite file of `url` (`sqlite:PATH[?…]`); `None` for an in-memory one
    /// (each connection would see its own empty database).
    pub fn for_url(url: &str) -> Option<DirectReads> {
        let base = url.split_once('?').map_or(url, |(b, _)| b);
        if base.contains(":memory:") || url.contains("mode=memory") {
            return None;
        }
        let path = base.strip_prefix("sqlite:")?;
        let path = path.strip_prefix("//").unwrap_or(path);
        if path.is_empty() {
            return None;
        }
        Some(DirectReads {
            path: PathBuf::from(path),
            idle: Mutex::new(Vec::new()),
        })
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // A reader waits only while the WAL index is rebuilt after a crash (rare, short).
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch("PRAGMA cache_size = -65536")?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(conn)
    }

    /// Runs `f` on an idle connection (or a new one), then puts it back.
    fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T> {
        let conn = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let conn = match conn {
            Some(c) => c,
            None => self.open()?,
        };
        let out = f(&conn);
        // A connection whose query failed may be in any state: close it.
        if out.is_ok()
            && let Ok(mut idle) = self.idle.lock()
            && idle.len() < KEEP_IDLE
        {
            idle.push(conn);
        }
        Ok(out?)
    }

    /// Calls `each` on every row of `sql` (numbered placeholders `$1`…, bound from `params`
    /// in order), on one connection.
    pub fn rows(
        &self,
        sql: &str,
        params: &[Param],
        mut each: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<()>,
    ) -> Result<()> {
        self.with(|conn| {
            let mut stmt = conn.prepare_cached(sql)?;
            for (i, p) in params.iter().enumerate() {
                // SQLite numbers `$N` by first appearance: look each one up by name.
                let Some(index) = stmt.parameter_index(&format!("${}", i + 1))? else {
                    continue;
                };
                match p {
                    Param::Int(v) => stmt.raw_bind_parameter(index, v)?,
                    Param::Text(v) => stmt.raw_bind_parameter(index, v.as_str())?,
                }
            }
            let mut rows = stmt.raw_query();
            while let Some(r) = rows.next()? {
                each(r)?;
            }
            Ok(())
        })
    }

    /// The first row of `sql` read by `read`, as [`DirectReads::rows`]; `None` if there is none.
    pub fn first_row<T>(
        &self,
        sql: &str,
        params: &[Param],
        read: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>> {
        let mut read = Some(read);
        let mut out = None;
        self.rows(sql, params, |row| {
            if let Some(read) = read.take() {
                out = Some(read(row)?);
            }
            Ok(())
        })?;
        Ok(out)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Read(e.to_string())
    }
}
