//! The register's schema, one text for both backends.
//!
//! Dates are ISO-8601 `TEXT` and every integer is 64-bit, so that one SQL text reads the
//! same through sqlx's `Any` driver on SQLite and PostgreSQL (a `timestamptz` or an `INT4`
//! would decode differently). Only the identity column differs, filled in per backend.

use crate::Backend;

/// Stored as a case's `next_due` when no task has a due date, so that "most urgent first" is
/// a plain index order on both backends (NULLs sort differently on each).
pub const NO_DUE: &str = "9999-12-31";

/// The hash a chain starts from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The access log (issue 4): every read and write of a person's or a case's data.
pub const ACCESS_LOG: &str = "CREATE TABLE access_log (
        seq BIGINT PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        role TEXT NOT NULL,
        address TEXT NOT NULL,
        method TEXT NOT NULL,
        route TEXT NOT NULL,
        query TEXT,
        case_id BIGINT,
        person_id BIGINT,
        status BIGINT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )";
/// The access log's chain head: how many records, and the last one's hash.
pub const ACCESS_CHAIN: &str = "CREATE TABLE access_chain (
        id BIGINT PRIMARY KEY,
        seq BIGINT NOT NULL,
        head TEXT NOT NULL
    )";
pub const ACCESS_GENESIS: &str = "INSERT INTO access_chain (id, seq, head) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')";
/// Records per block of the access log's indexes (2^14).
pub const ACCESS_BLOCK_BITS: u32 = 14;
pub const ACCESS_CASE_INDEX: &str = "CREATE INDEX access_log_case ON access_log ((seq >> 14), case_id, seq) WHERE case_id IS NOT NULL";
pub const ACCESS_PERSON_INDEX: &str = "CREATE INDEX access_log_person ON access_log ((seq >> 14), person_id, seq) WHERE person_id IS NOT NULL";

/// The schema of a SQLite register's access-log file (`…-access.db`, beside the register):
/// the same tables as [`MIGRATIONS`] make in the register itself on PostgreSQL.
pub const ACCESS_MIGRATIONS: &[&[&str]] = &[&[
    ACCESS_LOG,
    ACCESS_CHAIN,
    ACCESS_GENESIS,
    ACCESS_CASE_INDEX,
    ACCESS_PERSON_INDEX,
]];

/// Migrations in order; each is a list of statements with `{ID}` for an identity key.
pub const MIGRATIONS: &[&[&str]] = &[
    &[
        "CREATE TABLE services (
        id {ID},
        kato TEXT NOT NULL UNIQUE,
        region_kato TEXT NOT NULL,
        name_kk TEXT NOT NULL,
        name_ru TEXT NOT NULL
    )",
        "CREATE TABLE officers (
        id {ID},
        service_id BIGINT NOT NULL REFERENCES services(id),
        full_name TEXT NOT NULL
    )",
        "CREATE TABLE persons (
        id {ID},
        iin TEXT UNIQUE,
        surname TEXT NOT NULL,
        given_name TEXT NOT NULL,
        patronymic TEXT,
        latin_name TEXT,
        search_key TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        birth_place TEXT,
        sex TEXT NOT NULL,
        citizenship TEXT,
        disability_group BIGINT,
        pregnant BIGINT NOT NULL DEFAULT 0,
        sole_carer BIGINT NOT NULL DEFAULT 0,
        military BIGINT NOT NULL DEFAULT 0,
        children_birth_dates TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL
    )",
        "CREATE INDEX persons_search_key ON persons (search_key)",
        "CREATE TABLE addresses (
        id {ID},
        person_id BIGINT NOT NULL REFERENCES persons(id),
        kato_region TEXT NOT NULL,
        kato_district TEXT NOT NULL,
        line TEXT NOT NULL,
        rural BIGINT NOT NULL DEFAULT 0,
        since TEXT NOT NULL
    )",
        "CREATE INDEX addresses_person ON addresses (person_id, id)",
        "CREATE TABLE cases (
        id {ID},
        person_id BIGINT NOT NULL REFERENCES persons(id),
        service_id BIGINT NOT NULL REFERENCES services(id),
        officer_id BIGINT REFERENCES officers(id),
        card_number TEXT NOT NULL,
        measure_kind TEXT NOT NULL,
        term TEXT,
        until_date TEXT,
        release_date TEXT,
        hours BIGINT,
        juvenile BIGINT NOT NULL DEFAULT 0,
        court TEXT,
        verdict_number TEXT,
        verdict_date TEXT,
        verdict_in_force TEXT,
        received_on TEXT,
        additional_punishments TEXT,
        import_key TEXT UNIQUE,
        version BIGINT NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        next_due TEXT,
        overdue_count BIGINT NOT NULL DEFAULT 0,
        flag_count BIGINT NOT NULL DEFAULT 0,
        projected_on TEXT NOT NULL,
        agenda_json TEXT,
        created_at TEXT NOT NULL
    )",
        "CREATE INDEX cases_service ON cases (service_id, next_due, id)",
        "CREATE INDEX cases_officer ON cases (officer_id, next_due, id)",
        "CREATE INDEX cases_person ON cases (person_id)",
        "CREATE TABLE events (
        id {ID},
        case_id BIGINT NOT NULL REFERENCES cases(id),
        seq BIGINT NOT NULL,
        event_date TEXT NOT NULL,
        event_type TEXT NOT NULL,
        body TEXT NOT NULL,
        corrects BIGINT REFERENCES events(id),
        reason TEXT,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        global_seq BIGINT NOT NULL UNIQUE,
        global_prev TEXT NOT NULL,
        global_hash TEXT NOT NULL,
        UNIQUE (case_id, seq)
    )",
        "CREATE TABLE chain (
        id BIGINT PRIMARY KEY,
        seq BIGINT NOT NULL,
        head TEXT NOT NULL
    )",
        "INSERT INTO chain (id, seq, head) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')",
    ],
    &[
        // Issue 4: users with a role and a territory; passwords as argon2id hashes.
        "CREATE TABLE users (
        id {ID},
        login TEXT NOT NULL UNIQUE,
        full_name TEXT NOT NULL,
        role TEXT NOT NULL,
        service_id BIGINT REFERENCES services(id),
        region_kato TEXT,
        password_hash TEXT NOT NULL,
        active BIGINT NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        password_changed_at TEXT NOT NULL
    )",
    ],
    &[
        // Issue 4: sessions live in the database, so that several app servers can serve one
        // register; only a hash of the session token is stored. Times are Unix seconds.
        "CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id BIGINT NOT NULL REFERENCES users(id),
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
    )",
        "CREATE TABLE login_failures (
        id {ID},
        login TEXT NOT NULL,
        address TEXT NOT NULL,
        at BIGINT NOT NULL
    )",
        "CREATE INDEX login_failures_login ON login_failures (login, at)",
        "CREATE INDEX login_failures_address ON login_failures (address, at)",
    ],
    &[
        // Issue 3: a case's row in a list, kept as JSON beside the projection so that a
        // caseload page is its rows joined by commas. The list indexes carry it with the
        // filtered columns, so a page is one index range (PostgreSQL: an index-only scan; its
        // 2.7 kB limit on an entry is why names and card numbers have a length limit).
        "ALTER TABLE cases ADD COLUMN item TEXT",
        "UPDATE cases SET item = {ITEM}",
        "DROP INDEX cases_service",
        "DROP INDEX cases_officer",
        "CREATE INDEX cases_officer_list ON cases (officer_id, next_due, id{COVERING})",
        "CREATE INDEX cases_service_list ON cases (service_id, next_due, id{COVERING})",
        "CREATE INDEX cases_due ON cases (next_due, id)",
    ],
    &[
        // Issue 4: a person is visible, before any case is opened, to the service that
        // entered them; an officer's account is linked to the officer record whose cases it
        // may change.
        "ALTER TABLE persons ADD COLUMN entered_by BIGINT REFERENCES services(id)",
        "ALTER TABLE users ADD COLUMN officer_id BIGINT REFERENCES officers(id)",
    ],
    &[
        // Issue 4: tokens for integrations, bound to a role and a territory like a user; only
        // a hash of the secret is kept; revoked, never deleted (the log names them).
        "CREATE TABLE api_tokens (
        id {ID},
        token_hash TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        service_id BIGINT REFERENCES services(id),
        region_kato TEXT,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    )",
    ],
    &[
        // Issue 4: every read and write of a person's or a case's data, by whom, from where,
        // through which endpoint; chained like the event log.
        ACCESS_LOG,
        "CREATE INDEX access_log_case ON access_log (case_id, seq)",
        "CREATE INDEX access_log_person ON access_log (person_id, seq)",
        ACCESS_CHAIN,
        ACCESS_GENESIS,
    ],
    &[
        // Issue 4: every list is scoped by service, so an officer's list index carries the
        // service too (two equalities, then the urgency order): without it the planner read the
        // whole service's index range and filtered it (15,000 pages/s → 750).
        "DROP INDEX cases_officer_list",
        "CREATE INDEX cases_officer_list ON cases (officer_id, service_id, next_due, id{COVERING})",
    ],
    &[
        // The access log's case and person indexes, by block of 16,384 records
        // ([`ACCESS_BLOCK_BITS`]) and only where there is an id: a record then touches the
        // index pages of the newest block, not a random page of the whole history (SQLite
        // agenda reads, each recorded: 12,500/s → 18,000/s; BENCHMARKS.md).
        "DROP INDEX access_log_case",
        "DROP INDEX access_log_person",
        ACCESS_CASE_INDEX,
        ACCESS_PERSON_INDEX,
    ],
    &[
        // Issue 3: a caseload page's total, counted on narrow indexes of the filtered columns:
        // on the list indexes, whose entries carry the list item (≈ 350 bytes), the count
        // read as many pages as the page itself and took half of SQLite's time per page
        // (BENCHMARKS.md).
        "CREATE INDEX cases_officer_count ON cases (officer_id, service_id, status, measure_kind, overdue_count, juvenile)",
        "CREATE INDEX cases_service_count ON cases (service_id, status, measure_kind, overdue_count, juvenile)",
    ],
    &[
        // Issue 5: the language a user chose for the pages (kk, ru or en), kept across
        // browsers; none until chosen (Kazakh by default).
        "ALTER TABLE users ADD COLUMN lang TEXT",
    ],
    &[
        // Issue 5, G8 (L4108–4134): a case's file moves to the service of the person's new
        // district when that service confirms receipt; until then the sending service keeps
        // supervising. One open request a case.
        "CREATE TABLE transfers (
        id {ID},
        case_id BIGINT NOT NULL REFERENCES cases(id),
        from_service_id BIGINT NOT NULL REFERENCES services(id),
        to_service_id BIGINT NOT NULL REFERENCES services(id),
        reason TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        status TEXT NOT NULL,
        decided_by TEXT,
        decided_at TEXT
    )",
        "CREATE UNIQUE INDEX transfers_open ON transfers (case_id) WHERE status = 'requested'",
        "CREATE INDEX transfers_incoming ON transfers (to_service_id, status)",
    ],
];

/// The SQL expression of a `cases` row's list item (the JSON of [`crate::model::CaseListItem`]),
/// over the row's own columns and its person. The one definition of a list item: the migration
/// fills it and every write of a projection stores it again (a change to a person or to a
/// case's assignment must store the items of the cases concerned).
pub fn item_sql(backend: Backend) -> String {
    item_sql_with(backend, |_| None)
}

/// [`item_sql`] with some columns' values given by other expressions (`value(column)`): an
/// UPDATE that writes a projection stores the item in the same statement, from the values it
/// writes (SET expressions see the row as it was).
pub fn item_sql_with(backend: Backend, value: impl Fn(&str) -> Option<&'static str>) -> String {
    let (object, yes, no, text) = match backend {
        Backend::Sqlite => ("json_object", "json('true')", "json('false')", ""),
        Backend::Postgres => ("json_build_object", "true", "false", "::text"),
    };
    let v = |column: &'static str| value(column).unwrap_or(column);
    let person =
        |column: &str| format!("(SELECT p.{column} FROM persons p WHERE p.id = cases.person_id)");
    format!(
        "{object}('id', id, 'card_number', card_number, 'person_id', person_id, \
         'iin', {iin}, 'surname', {surname}, 'given_name', {given}, 'patronymic', {patronymic}, \
         'officer_id', officer_id, 'measure', measure_kind, \
         'juvenile', CASE WHEN juvenile <> 0 THEN {yes} ELSE {no} END, 'status', {status}, \
         'next_due', NULLIF({next_due}, '{NO_DUE}'), 'overdue_count', {overdue}, \
         'flag_count', {flags}, 'version', version, 'projected_on', {projected_on}){text}",
        iin = person("iin"),
        surname = person("surname"),
        given = person("given_name"),
        patronymic = person("patronymic"),
        status = v("status"),
        next_due = v("next_due"),
        overdue = v("overdue_count"),
        flags = v("flag_count"),
        projected_on = v("projected_on"),
    )
}

/// A migration statement for `backend`.
pub fn statement(sql: &str, backend: Backend) -> String {
    let id = match backend {
        Backend::Sqlite => "INTEGER PRIMARY KEY AUTOINCREMENT",
        Backend::Postgres => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    };
    // SQLite has no INCLUDE: the carried columns become trailing key columns.
    let covering = match backend {
        Backend::Sqlite => ", status, measure_kind, overdue_count, juvenile, item",
        Backend::Postgres => ") INCLUDE (status, measure_kind, overdue_count, juvenile, item",
    };
    sql.replace("{ID}", id)
        .replace("{ITEM}", &item_sql(backend))
        .replace("{COVERING}", covering)
}
