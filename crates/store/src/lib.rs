//! probatio's register: services, officers, persons, cases and their append-only, hash-chained
//! event logs, on SQLite (embedded, the default) or PostgreSQL (national), with one SQL text.
//!
//! The agenda engine (`probatio-core`) stays the only source of deadlines: the store keeps a
//! projection of each case's agenda (status, next due date, overdue count) for list queries,
//! recomputed by the engine in the same transaction as every append.

pub mod access;
mod cases;
pub mod chain;
mod direct;
mod documents;
mod events;
mod facts;
mod import;
pub mod model;
mod overview;
mod persons;
pub mod schema;
pub mod scope;
pub mod tokens;
mod transfers;
pub mod users;
mod verify;

use std::str::FromStr;
use std::time::Duration;

use probatio_core::date::Date;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor, Row};

pub use documents::{IssuedDocument, NewDocument, document_number};
pub use events::EventPreview;
pub use facts::{DOCUMENT_ISSUED, effective_events};
pub use import::{CaseBundle, ImportReport};
pub use model::*;
pub use overview::OfficerLoad;
pub use scope::Scope;
pub use transfers::{IncomingTransfer, Transfer};
pub use verify::{Broken, VerifyReport};

/// Which database the register is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// What can go wrong with a store operation.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Bad input, naming the field and the rule.
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: String },
    #[error("{0} not found")]
    NotFound(String),
    /// The caller's role or territory does not allow this (a read outside the territory is
    /// `NotFound` instead, so that it does not reveal what exists).
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// An append stated a version the case is no longer at: nothing was written.
    #[error("the case is at version {current}, not {expected}: reload it and try again")]
    Conflict { expected: i64, current: i64 },
    #[error("{0}")]
    Duplicate(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A read on SQLite's own interface failed ([`direct`]): the database did not answer.
    #[error("database read error: {0}")]
    Read(String),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub(crate) fn invalid(field: impl Into<String>, problem: impl Into<String>) -> StoreError {
        StoreError::Invalid {
            field: field.into(),
            problem: problem.into(),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The register over one database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    /// Where the access log is: on SQLite a file of its own beside the register (its
    /// commits, many a second, would otherwise make every reader of the register drop its
    /// page cache); on PostgreSQL (and an in-memory SQLite) the register's own pool.
    access: AnyPool,
    /// Whether `access` is a file of its own.
    access_apart: bool,
    /// A SQLite file register's hot reads, on SQLite's own interface ([`direct`]).
    direct: Option<std::sync::Arc<direct::DirectReads>>,
    backend: Backend,
    today: Option<Date>,
    /// SQLite: appends take turns here, first come first served, instead of in SQLite's busy
    /// handler, which sleeps in growing steps (up to 100 ms) while the lock is taken: with 8
    /// writers at once its waits made a p99 of 0.86 s for an append of a few milliseconds.
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
}

/// Today in Kazakhstan (UTC+5 nationwide since 2024-03-01).
pub fn kazakhstan_today() -> Date {
    let now = jiff::Timestamp::now();
    let local = now.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(5)));
    Date::from_ymd(
        i32::from(local.year()),
        local.month() as u32,
        local.day() as u32,
    )
    .unwrap_or(Date::MIN)
}

/// Now, as stored: RFC 3339 in UTC.
pub fn now_utc() -> String {
    jiff::Timestamp::now().to_string()
}

/// Four connections per core: measured best on this machine's 2 cores for both backends
/// (SQLite caseload pages: 4 → 12,200/s, 8 → 13,300/s; PostgreSQL: 32 → 5,000/s, 8 → 6,300/s;
/// BENCHMARKS.md). More only queue inside the database. With PostgreSQL on its own machine
/// and several app servers, set it per server (`--db-connections`).
pub fn default_connections() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    u32::try_from(cores * 4).unwrap_or(u32::MAX)
}

impl Store {
    /// Connects to `url`: `sqlite://PATH` (created if missing) or `postgres://…`, with the
    /// default pool size ([`default_connections`]).
    pub async fn connect(url: &str) -> Result<Store> {
        Store::connect_sized(url, default_connections()).await
    }

    /// Connects with a pool of at most `connections` connections.
    pub async fn connect_sized(url: &str, connections: u32) -> Result<Store> {
        if connections == 0 {
            return Err(StoreError::invalid("db_connections", "must be at least 1"));
        }
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::invalid(
                "database_url",
                format!("{url:?} is neither sqlite:… nor postgres:…"),
            ));
        };
        let pool = open_pool(url, backend, connections).await?;
        let (access, access_apart) = match access_file_url(url, backend) {
            // One writer and the occasional reader (a head's list, `audit verify`).
            Some(access_url) => (open_pool(&access_url, backend, 2).await?, true),
            None => (pool.clone(), false),
        };
        let direct = match backend {
            Backend::Sqlite => direct::DirectReads::for_url(url).map(std::sync::Arc::new),
            Backend::Postgres => None,
        };
        Ok(Store {
            pool,
            access,
            access_apart,
            direct,
            backend,
            today: None,
            writer: std::sync::Arc::new(tokio::sync::Mutex::new(())),
        })
    }

    /// The same store with "today" fixed (tests, reproducible demos).
    pub fn with_today(mut self, today: Date) -> Store {
        self.today = Some(today);
        self
    }

    /// The same store reading everything through the sqlx pool, as on PostgreSQL: the test
    /// that SQLite's own interface ([`direct`]) answers exactly as the pool does.
    #[doc(hidden)]
    pub fn without_direct_reads(mut self) -> Store {
        self.direct = None;
        self
    }

    /// Today as the store judges deadlines: Kazakhstan's date unless fixed.
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(kazakhstan_today)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The pool the access log is in (the register's own unless SQLite keeps it apart).
    pub fn access_pool(&self) -> &AnyPool {
        &self.access
    }

    /// Brings the schema up to date; safe to run on every start.
    pub async fn migrate(&self) -> Result<()> {
        migrate_pool(&self.pool, schema::MIGRATIONS, self.backend).await?;
        if self.access_apart {
            migrate_pool(&self.access, schema::ACCESS_MIGRATIONS, self.backend).await?;
            self.move_access_log().await?;
        }
        Ok(())
    }

    /// Closes the pools, waiting for connections to return.
    pub async fn close(&self) {
        self.pool.close().await;
        self.access.close().await;
    }
}

/// Applies the `migrations` that `pool` has not had yet, in one transaction.
async fn migrate_pool(pool: &AnyPool, migrations: &[&[&str]], backend: Backend) -> Result<()> {
    let mut tx = pool.begin().await?;
    tx.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
        .await?;
    let done: i64 = sqlx::query("SELECT COUNT(*) AS n FROM schema_version")
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    for (i, migration) in migrations.iter().enumerate().skip(done as usize) {
        for sql in *migration {
            tx.execute(schema::statement(sql, backend).as_str()).await?;
        }
        sqlx::query("INSERT INTO schema_version (version) VALUES ($1)")
            .bind(i as i64 + 1)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A pool on `url` (SQLite: created if missing, WAL, full sync).
async fn open_pool(url: &str, backend: Backend, connections: u32) -> Result<AnyPool> {
    let url = match backend {
        Backend::Sqlite if !url.contains("mode=") => {
            format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
        }
        _ => url.to_owned(),
    };
    let options = AnyConnectOptions::from_str(&url)?.disable_statement_logging();
    Ok(AnyPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(Duration::from_secs(30))
        // No ping before every use: it was a round trip per request (PostgreSQL caseload
        // pages 5,500/s → 6,900/s). A connection found broken fails its query, is dropped,
        // and the next request gets a new one.
        .test_before_acquire(false)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // A new file only (no effect once written): 8 KiB pages hold a caseload
                    // page's index range in fewer pages (BENCHMARKS.md).
                    conn.execute("PRAGMA page_size = 8192").await?;
                    // WAL lets readers run beside the one writer; a writer waits for the
                    // lock instead of failing; FULL sync so that an acknowledged append
                    // survives a power cut, not only a crash.
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA busy_timeout = 10000").await?;
                    conn.execute("PRAGMA synchronous = FULL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA cache_size = -65536").await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?)
}

/// The URL of a SQLite register's access-log file: `…/probatio.db` → `…/probatio-access.db`.
/// `None` for PostgreSQL and an in-memory SQLite (the access log is then in the register).
pub fn access_file_url(url: &str, backend: Backend) -> Option<String> {
    if backend != Backend::Sqlite {
        return None;
    }
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    if base.contains(":memory:") || query.is_some_and(|q| q.contains("mode=memory")) {
        return None;
    }
    let path = base.strip_prefix("sqlite:")?;
    if path.trim_start_matches('/').is_empty() {
        return None;
    }
    let file = match path.strip_suffix(".db") {
        Some(stem) => format!("{stem}-access.db"),
        None => format!("{path}-access"),
    };
    Some(match query {
        Some(q) => format!("sqlite:{file}?{q}"),
        None => format!("sqlite:{file}"),
    })
}

/// Parses an optional date field of a record.
pub(crate) fn opt_date(value: Option<&str>, field: &str) -> Result<Option<Date>> {
    value
        .map(|v| Date::parse(v).map_err(|e| StoreError::invalid(field, e.to_string())))
        .transpose()
}

/// Non-empty text, trimmed.
pub(crate) fn required_text(value: &str, field: &str) -> Result<String> {
    let t = value.trim();
    if t.is_empty() {
        return Err(StoreError::invalid(field, "must not be empty"));
    }
    line_text(Some(t), field, 500).map(|t| t.unwrap_or_default())
}

/// The longest name part accepted; a list item (names and card number) must stay well under
/// PostgreSQL's 2.7 kB index entry, since the caseload index carries it.
pub const MAX_NAME_CHARS: usize = 100;

/// A part of a person's name as written: letters (any script), spaces, hyphens, apostrophes,
/// dots and brackets (a former surname), up to [`MAX_NAME_CHARS`]. `None` or blank → `None`.
pub(crate) fn name_part(value: Option<&str>, field: &str) -> Result<Option<String>> {
    let Some(t) = value.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if t.chars().count() > MAX_NAME_CHARS {
        return Err(StoreError::invalid(
            field,
            format!("is longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    if let Some(c) = t
        .chars()
        .find(|c| !(c.is_alphabetic() || " -'’ʼ.()".contains(*c)))
    {
        return Err(StoreError::invalid(
            field,
            format!("{c:?} is not a letter, space, hyphen, apostrophe, dot or bracket"),
        ));
    }
    Ok(Some(t.to_owned()))
}

/// Optional one-line text, trimmed, without control characters, up to `max` characters.
pub(crate) fn line_text(value: Option<&str>, field: &str, max: usize) -> Result<Option<String>> {
    let Some(t) = value.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if t.chars().count() > max {
        return Err(StoreError::invalid(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    if t.chars().any(char::is_control) {
        return Err(StoreError::invalid(
            field,
            "contains a control character (a line break, a tab …)",
        ));
    }
    Ok(Some(t.to_owned()))
}

/// The register's operations, as the API and the command line use them: one contract, and
/// one SQL implementation ([`Store`]) over SQLite and PostgreSQL that the conformance suite
/// checks on both. Every operation on a person or a case takes the caller's [`Scope`].
pub trait Register: Send + Sync {
    fn create_person(
        &self,
        p: &NewPerson,
        scope: &Scope,
    ) -> impl Future<Output = Result<Person>> + Send;
    fn person(&self, id: i64, scope: &Scope) -> impl Future<Output = Result<Person>> + Send;
    fn search_persons(
        &self,
        query: &str,
        limit: i64,
        scope: &Scope,
    ) -> impl Future<Output = Result<Vec<Person>>> + Send;
    fn create_case(
        &self,
        c: &NewCase,
        scope: &Scope,
    ) -> impl Future<Output = Result<CaseRecord>> + Send;
    fn case(&self, id: i64, scope: &Scope) -> impl Future<Output = Result<CaseRecord>> + Send;
    fn list_cases(
        &self,
        filter: &CaseFilter,
        scope: &Scope,
    ) -> impl Future<Output = Result<Page<CaseListItem>>> + Send;
    fn append_event(
        &self,
        case_id: i64,
        new: &NewEvent,
        recorded_by: &str,
        scope: &Scope,
    ) -> impl Future<Output = Result<StoredEvent>> + Send;
    fn events(
        &self,
        case_id: i64,
        scope: &Scope,
    ) -> impl Future<Output = Result<Vec<StoredEvent>>> + Send;
    fn agenda_json(
        &self,
        case_id: i64,
        as_of: Option<Date>,
        scope: &Scope,
    ) -> impl Future<Output = Result<String>> + Send;
    fn verify_chains(&self) -> impl Future<Output = Result<VerifyReport>> + Send;
}

impl Register for Store {
    fn create_person(
        &self,
        p: &NewPerson,
        scope: &Scope,
    ) -> impl Future<Output = Result<Person>> + Send {
        Store::create_person(self, p, scope)
    }
    fn person(&self, id: i64, scope: &Scope) -> impl Future<Output = Result<Person>> + Send {
        Store::person(self, id, scope)
    }
    fn search_persons(
        &self,
        query: &str,
        limit: i64,
        scope: &Scope,
    ) -> impl Future<Output = Result<Vec<Person>>> + Send {
        Store::search_persons(self, query, limit, scope)
    }
    fn create_case(
        &self,
        c: &NewCase,
        scope: &Scope,
    ) -> impl Future<Output = Result<CaseRecord>> + Send {
        Store::create_case(self, c, scope)
    }
    fn case(&self, id: i64, scope: &Scope) -> impl Future<Output = Result<CaseRecord>> + Send {
        Store::case(self, id, scope)
    }
    fn list_cases(
        &self,
        filter: &CaseFilter,
        scope: &Scope,
    ) -> impl Future<Output = Result<Page<CaseListItem>>> + Send {
        Store::list_cases(self, filter, scope)
    }
    fn append_event(
        &self,
        case_id: i64,
        new: &NewEvent,
        recorded_by: &str,
        scope: &Scope,
    ) -> impl Future<Output = Result<StoredEvent>> + Send {
        Store::append_event(self, case_id, new, recorded_by, scope)
    }
    fn events(
        &self,
        case_id: i64,
        scope: &Scope,
    ) -> impl Future<Output = Result<Vec<StoredEvent>>> + Send {
        Store::events(self, case_id, scope)
    }
    fn agenda_json(
        &self,
        case_id: i64,
        as_of: Option<Date>,
        scope: &Scope,
    ) -> impl Future<Output = Result<String>> + Send {
        Store::agenda_json(self, case_id, as_of, scope)
    }
    fn verify_chains(&self) -> impl Future<Output = Result<VerifyReport>> + Send {
        Store::verify_chains(self)
    }
}

#[cfg(test)]
mod tests {
    use super::{Backend, access_file_url};

    #[test]
    fn a_sqlite_register_keeps_its_access_log_in_a_file_beside_it() {
        let url = |u| access_file_url(u, Backend::Sqlite);
        assert_eq!(
            url("sqlite:///var/lib/probatio/probatio.db").as_deref(),
            Some("sqlite:///var/lib/probatio/probatio-access.db")
        );
        assert_eq!(
            url("sqlite://data/p.db?mode=rwc").as_deref(),
            Some("sqlite://data/p-access.db?mode=rwc")
        );
        assert_eq!(
            url("sqlite:register").as_deref(),
            Some("sqlite:register-access")
        );
        assert_eq!(url("sqlite::memory:"), None);
        assert_eq!(url("sqlite://shared?mode=memory&cache=shared"), None);
        assert_eq!(
            access_file_url("postgres://localhost/probatio", Backend::Postgres),
            None
        );
    }

    #[test]
    fn the_access_index_blocks_are_the_size_the_code_counts_in() {
        let shift = format!("(seq >> {})", crate::schema::ACCESS_BLOCK_BITS);
        assert!(crate::schema::ACCESS_CASE_INDEX.contains(&shift));
        assert!(crate::schema::ACCESS_PERSON_INDEX.contains(&shift));
    }
}
