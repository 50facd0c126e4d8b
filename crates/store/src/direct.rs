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

use std::collections::HashMap;
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
    idle: Mutex<Vec<Reader>>,
}

/// A read-only connection and the pages it answered, each with the `data_version` it was read
/// at (the version is the connection's own count of other connections' commits).
#[derive(Debug)]
struct Reader {
    conn: Connection,
    pages: HashMap<String, (i64, Vec<u8>)>,
    bytes: usize,
}

/// The most bytes of pages a connection keeps (every caseload page of the 37,000-case demo
/// register is 13 MB); past it they are dropped and read again.
const PAGE_BYTES: usize = 24 << 20;

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

    fn open(&self) -> rusqlite::Result<Reader> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // A reader waits only while the WAL index is rebuilt after a crash (rare, short).
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch("PRAGMA cache_size = -65536")?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(Reader {
            conn,
            pages: HashMap::new(),
            bytes: 0,
        })
    }

    /// A page (`key`: its SQL and values) as `build` reads it, given again as it was while the
    /// register has not changed since: SQLite's `data_version` moves with every commit of any
    /// other connection or process (an append, a projection's refresh at midnight, an import
    /// from the command line). A commit during `build` leaves the page under the older
    /// version, so it is read again next time: never older than the register.
    pub fn page(
        &self,
        key: String,
        build: impl FnOnce(&Connection) -> rusqlite::Result<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        self.with_reader(|r| {
            let version: i64 = r
                .conn
                .prepare_cached("PRAGMA data_version")?
                .query_row([], |row| row.get(0))?;
            if let Some((v, page)) = r.pages.get(&key)
                && *v == version
            {
                return Ok(page.clone());
            }
            let page = build(&r.conn)?;
            if r.bytes + page.len() > PAGE_BYTES {
                r.pages.clear();
                r.bytes = 0;
            }
            r.bytes += page.len();
            if let Some((_, old)) = r.pages.insert(key, (version, page.clone())) {
                r.bytes -= old.len();
            }
            Ok(page)
        })
    }

    /// Runs `f` on an idle connection (or a new one), then puts it back.
    fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T> {
        self.with_reader(|r| f(&r.conn))
    }

    fn with_reader<T>(&self, f: impl FnOnce(&mut Reader) -> rusqlite::Result<T>) -> Result<T> {
        let conn = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let mut conn = match conn {
            Some(c) => c,
            None => self.open()?,
        };
        let out = f(&mut conn);
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
        each: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<()>,
    ) -> Result<()> {
        self.with(|conn| rows_on(conn, sql, params, each))
    }

    /// The first row of `sql` read by `read`, as [`DirectReads::rows`]; `None` if there is none.
    pub fn first_row<T>(
        &self,
        sql: &str,
        params: &[Param],
        read: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>> {
        self.with(|conn| first_row_on(conn, sql, params, read))
    }
}

/// [`DirectReads::rows`] on `conn`.
pub(crate) fn rows_on(
    conn: &Connection,
    sql: &str,
    params: &[Param],
    mut each: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
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
}

/// [`DirectReads::first_row`] on `conn`.
pub(crate) fn first_row_on<T>(
    conn: &Connection,
    sql: &str,
    params: &[Param],
    read: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Option<T>> {
    let mut read = Some(read);
    let mut out = None;
    rows_on(conn, sql, params, |row| {
        if let Some(read) = read.take() {
            out = Some(read(row)?);
        }
        Ok(())
    })?;
    Ok(out)
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Read(e.to_string())
    }
}
