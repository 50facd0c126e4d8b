//! Cases: opened from a court decision, listed by service and officer with their projection.

use probatio_core::agenda::Agenda;
use probatio_core::date::Date;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::direct::{self, Param};
use crate::facts::{self, Projection};
use crate::model::{CaseFilter, CaseListItem, CaseRecord, MeasureInput, NewCase, Page};
use crate::scope::Scope;
use crate::{Result, Store, StoreError, now_utc, opt_date};

/// A caseload search lists the cases of at most this many persons, the best matches.
const SEARCH_PERSONS: i64 = 100;

const CASE_COLUMNS: &str = "id, person_id, service_id, officer_id, card_number, measure_kind, term, until_date, \
     release_date, hours, juvenile, court, verdict_number, verdict_date, verdict_in_force, received_on, \
     additional_punishments, version, status, next_due, overdue_count, flag_count, projected_on";

pub(crate) fn case_from_row(row: &AnyRow) -> Result<CaseRecord> {
    Ok(CaseRecord {
        id: row.try_get("id")?,
        card_number: row.try_get("card_number")?,
        details: NewCase {
            person_id: row.try_get("person_id")?,
            service_id: row.try_get("service_id")?,
            officer_id: row.try_get("officer_id")?,
            measure: MeasureInput {
                kind: row.try_get("measure_kind")?,
                term: row.try_get("term")?,
                until: row.try_get("until_date")?,
                release_date: row.try_get("release_date")?,
                hours: row.try_get("hours")?,
                juvenile: row.try_get::<i64, _>("juvenile")? != 0,
                verdict_in_force: row.try_get("verdict_in_force")?,
            },
            court: row.try_get("court")?,
            verdict_number: row.try_get("verdict_number")?,
            verdict_date: row.try_get("verdict_date")?,
            received_on: row.try_get("received_on")?,
            additional_punishments: row.try_get("additional_punishments")?,
        },
        version: row.try_get("version")?,
        status: row.try_get("status")?,
        next_due: row
            .try_get::<Option<String>, _>("next_due")?
            .filter(|d| d != crate::schema::NO_DUE),
        overdue_count: row.try_get("overdue_count")?,
        flag_count: row.try_get("flag_count")?,
        projected_on: row.try_get("projected_on")?,
    })
}

/// Renames the engine's `measure.…` field for a case's input, and anything else to `event.…`.
pub(crate) fn engine_field(field: &str, new_event_index: Option<usize>) -> String {
    if let Some(i) = new_event_index {
        let prefix = format!("events[{i}]");
        if let Some(rest) = field.strip_prefix(&prefix) {
            return format!("event{rest}");
        }
    }
    field.to_owned()
}

/// Checks and trims a case's texts (the decision's number is the card number, G3).
pub(crate) fn validate_case_texts(c: &NewCase) -> Result<NewCase> {
    let mut c = c.clone();
    c.verdict_number = crate::line_text(c.verdict_number.as_deref(), "verdict_number", 60)?;
    c.court = crate::line_text(c.court.as_deref(), "court", 300)?;
    c.additional_punishments = crate::line_text(
        c.additional_punishments.as_deref(),
        "additional_punishments",
        1000,
    )?;
    Ok(c)
}

/// Inserts a case in `tx` (projection to be stored by the caller); the card number follows the
/// decision's number (G3, Rules 511 p.5), or is made from the id. Returns the new id.
pub(crate) async fn insert_case(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    c: &NewCase,
    import_key: Option<&str>,
) -> Result<i64> {
    let m = &c.measure;
    let row = sqlx::query(
        "INSERT INTO cases (person_id, service_id, officer_id, card_number, measure_kind, term, until_date, release_date, \
         hours, juvenile, court, verdict_number, verdict_date, verdict_in_force, received_on, additional_punishments, \
         import_key, version, status, next_due, overdue_count, flag_count, projected_on, created_at) \
         VALUES ($1, $2, $3, '', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 0, 'awaiting_registration', \
         $17, 0, 0, '', $18) RETURNING id",
    )
    .bind(c.person_id)
    .bind(c.service_id)
    .bind(c.officer_id)
    .bind(&m.kind)
    .bind(m.term.clone())
    .bind(m.until.clone())
    .bind(m.release_date.clone())
    .bind(m.hours)
    .bind(i64::from(m.juvenile))
    .bind(c.court.clone())
    .bind(c.verdict_number.clone())
    .bind(c.verdict_date.clone())
    .bind(m.verdict_in_force.clone())
    .bind(c.received_on.clone())
    .bind(c.additional_punishments.clone())
    .bind(import_key.map(str::to_owned))
    .bind(crate::schema::NO_DUE)
    .bind(now_utc())
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    let card = c
        .verdict_number
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map_or_else(|| format!("PB-{id:07}"), str::to_owned);
    sqlx::query("UPDATE cases SET card_number = $1 WHERE id = $2")
        .bind(&card)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

impl Store {
    /// Opens a case from a court decision. The measure is checked by the engine's own rules;
    /// the card number follows the decision's number (G3, Rules 511 p.5).
    pub async fn create_case(&self, c: &NewCase, scope: &Scope) -> Result<CaseRecord> {
        let c = &validate_case_texts(c)?;
        scope.may_open_case(c.service_id)?;
        let person = self.person(c.person_id, scope).await.map_err(|e| match e {
            StoreError::NotFound(_) => {
                StoreError::invalid("person_id", format!("no person with id {}", c.person_id))
            }
            e => e,
        })?;
        self.exists("services", c.service_id, "service_id").await?;
        if let Some(o) = c.officer_id {
            let row = sqlx::query("SELECT service_id FROM officers WHERE id = $1")
                .bind(o)
                .fetch_optional(&self.pool)
                .await?
                .ok_or_else(|| {
                    StoreError::invalid("officer_id", format!("no officer with id {o}"))
                })?;
            let service: i64 = row.try_get("service_id")?;
            if service != c.service_id {
                return Err(StoreError::invalid(
                    "officer_id",
                    format!("officer {o} belongs to another service"),
                ));
            }
        }
        for (value, field) in [
            (&c.verdict_date, "verdict_date"),
            (&c.received_on, "received_on"),
        ] {
            opt_date(value.as_deref(), field)?;
        }
        let today = self.today();
        let draft = CaseRecord::draft(c.clone());
        // The engine's parser judges the measure exactly as `probatio agenda` would.
        let json = facts::contract_json(&person, &draft, &[], today);
        let parsed = facts::parse(&json).map_err(|e| StoreError::invalid(e.field, e.problem))?;
        let projection = facts::project(&probatio_core::agenda::compute(&parsed), today);
        let mut tx = self.pool.begin().await?;
        let id = insert_case(&mut tx, c, None).await?;
        self.store_projection(&mut tx, id, &projection).await?;
        tx.commit().await?;
        self.case(id, scope).await
    }

    /// A case, if `scope` may read it (otherwise "not found": the caller learns nothing).
    pub async fn case(&self, id: i64, scope: &Scope) -> Result<CaseRecord> {
        let readable = scope.readable("");
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE id = $1 AND {}",
            readable.numbered(2)
        );
        let row = readable
            .bind(sqlx::query(&sql).bind(id))
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("case {id}")))?;
        case_from_row(&row)
    }

    /// Cases matching `filter`, the most urgent first (by next due date, then id).
    pub async fn list_cases(
        &self,
        filter: &CaseFilter,
        scope: &Scope,
    ) -> Result<Page<CaseListItem>> {
        let json = self.list_cases_json(filter, scope).await?;
        serde_json::from_slice(&json).map_err(|e| StoreError::Corrupt(format!("case page: {e}")))
    }

    /// [`Store::list_cases`] as the page's JSON (UTF-8 bytes): the stored items joined and
    /// passed through as they are (absent optional fields are `null`). The items are the
    /// store's own JSON text, written by `schema::item_sql`, so they are not parsed again.
    pub async fn list_cases_json(&self, filter: &CaseFilter, scope: &Scope) -> Result<Vec<u8>> {
        let limit = if filter.limit <= 0 {
            50
        } else {
            filter.limit.min(500)
        };
        let offset = filter.offset.max(0);
        let mut conditions: Vec<String> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut ints: Vec<i64> = Vec::new();
        // Placeholders are numbered: integers first, then texts, then limit and offset.
        let mut int_cond = |column: &str, value: Option<i64>, conditions: &mut Vec<String>| {
            if let Some(v) = value {
                ints.push(v);
                conditions.push(format!("{column} = $I{}", ints.len()));
            }
        };
        int_cond("service_id", filter.service_id, &mut conditions);
        int_cond("officer_id", filter.officer_id, &mut conditions);
        int_cond("juvenile", filter.juvenile.map(i64::from), &mut conditions);
        if let Some(q) = &filter.search {
            let persons = self.search_persons(q, SEARCH_PERSONS, scope).await?;
            if persons.is_empty() {
                return Ok(PageJson::with_capacity(0).finish(0, limit, offset));
            }
            let first = ints.len() + 1;
            ints.extend(persons.iter().map(|p| p.id));
            let marks: Vec<String> = (first..=ints.len()).map(|i| format!("$I{i}")).collect();
            conditions.push(format!("person_id IN ({})", marks.join(", ")));
        }
        for (column, value) in [
            ("status", &filter.status),
            ("measure_kind", &filter.measure),
        ] {
            if let Some(v) = value {
                texts.push(v.clone());
                conditions.push(format!("{column} = $T{}", texts.len()));
            }
        }
        match filter.overdue {
            Some(true) => conditions.push("overdue_count > 0".to_owned()),
            Some(false) => conditions.push("overdue_count = 0".to_owned()),
            None => {}
        }
        let mut clause = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        // Number the placeholders now that the counts are known.
        for i in (1..=ints.len()).rev() {
            clause = clause.replace(&format!("$I{i}"), &format!("${i}"));
        }
        for i in (1..=texts.len()).rev() {
            clause = clause.replace(&format!("$T{i}"), &format!("${}", ints.len() + i));
        }
        let mut n = ints.len() + texts.len();
        // The caller's territory, as one more condition with (at most) one more value.
        let readable = scope.readable("");
        if readable.value.is_some() {
            n += 1;
        }
        clause = if clause.is_empty() {
            format!(" WHERE {}", readable.numbered(n))
        } else {
            format!("{clause} AND {}", readable.numbered(n))
        };
        let page_sql = format!(
            "SELECT item, next_due, id FROM cases{clause} ORDER BY next_due, id LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2,
        );
        // The values of $1…$n+2, in order.
        let mut params: Vec<Param> = ints.into_iter().map(Param::Int).collect();
        params.extend(texts.into_iter().map(Param::Text));
        params.extend(readable.param());
        params.push(Param::Int(limit));
        params.push(Param::Int(offset));
        if let Some(direct) = &self.direct {
            // Row by row on SQLite's own interface: nothing is handed between threads, so the
            // items are copied once, straight into the answer, instead of through an aggregate.
            // The same page is given again while the register has not changed
            // (`DirectReads::page`); the key is the whole query, the caller's territory in it.
            let count_sql = format!("SELECT COUNT(*) FROM cases{clause}");
            let key = format!("{page_sql}\u{0}{params:?}");
            return direct.page(key, |conn| {
                let total = direct::first_row_on(conn, &count_sql, &params[..n], |row| {
                    row.get::<_, i64>(0)
                })?
                .unwrap_or(0);
                let mut page = PageJson::with_capacity(limit as usize * 360);
                direct::rows_on(conn, &page_sql, &params, |row| {
                    // SQLite's TEXT as it is: the store wrote it as UTF-8 JSON.
                    page.item(row.get_ref(0)?.as_bytes()?);
                    Ok(())
                })?;
                Ok(page.finish(total, limit, offset))
            });
        }
        // The page comes back as one row, the stored items joined: the sqlx SQLite driver hands
        // rows over one by one between threads, which made a 60-case page cost 60 round trips.
        let agg = match self.backend {
            // SQLite runs a subquery with LIMIT as a co-routine that yields its rows in its
            // ORDER BY, and the aggregate takes them as they come; an ORDER BY inside the
            // aggregate would copy every item through a sorter (12,500 pages/s → 8,900).
            // The conformance suite checks the order on both backends.
            crate::Backend::Sqlite => "group_concat(item, ',')",
            crate::Backend::Postgres => "string_agg(item, ',')",
        };
        let list_sql = format!(
            "SELECT (SELECT COUNT(*) FROM cases{clause}) AS total, {agg} AS page FROM ({page_sql}) c"
        );
        let mut list = sqlx::query(&list_sql);
        for p in &params {
            list = match p {
                Param::Int(v) => list.bind(*v),
                Param::Text(v) => list.bind(v.clone()),
            };
        }
        let row = list.fetch_one(&self.pool).await?;
        let total: i64 = row.try_get("total")?;
        // Borrowed from the row: the driver has already copied the page twice.
        let items: Option<&str> = row.try_get("page")?;
        let items = items.unwrap_or_default();
        let mut page = PageJson::with_capacity(items.len());
        if !items.is_empty() {
            page.item(items.as_bytes());
        }
        Ok(page.finish(total, limit, offset))
    }

    /// Today's agenda of a case whose record, person and events the caller has already read
    /// (the engine on those facts, without reading them again).
    pub fn agenda_of(
        &self,
        person: &crate::Person,
        case: &CaseRecord,
        events: &[crate::StoredEvent],
    ) -> Result<Agenda> {
        facts::agenda(person, case, events, self.today())
    }

    /// The agenda of a case on `as_of` (today if `None`), computed by the engine from the
    /// stored facts; events after `as_of` are left out.
    pub async fn agenda(&self, case_id: i64, as_of: Option<Date>, scope: &Scope) -> Result<Agenda> {
        let case = self.case(case_id, scope).await?;
        let person = self
            .person(case.details.person_id, &Scope::Everything)
            .await?;
        let events = self.events(case_id, &Scope::Everything).await?;
        facts::agenda(
            &person,
            &case,
            &events,
            as_of.unwrap_or_else(|| self.today()),
        )
    }

    /// The agenda of a case on `as_of` as the contract's JSON text. For today it is the stored
    /// projection (computed by the engine in the transaction of the case's last change, or by
    /// the daily refresh) — one indexed read; any other day is computed afresh.
    pub async fn agenda_json(
        &self,
        case_id: i64,
        as_of: Option<Date>,
        scope: &Scope,
    ) -> Result<String> {
        let today = self.today();
        let as_of = as_of.unwrap_or(today);
        if as_of == today {
            let readable = scope.readable("");
            let sql = format!(
                "SELECT agenda_json, projected_on FROM cases WHERE id = $1 AND {}",
                readable.numbered(2)
            );
            let today_text = today.to_string();
            let stored = if let Some(direct) = &self.direct {
                let params: Vec<Param> = std::iter::once(Param::Int(case_id))
                    .chain(readable.param())
                    .collect();
                direct.first_row(&sql, &params, |row| {
                    let json: Option<String> = row.get(0)?;
                    let projected_on = row.get_ref(1)?.as_str()?;
                    Ok(json.filter(|_| projected_on == today_text))
                })?
            } else {
                readable
                    .bind(sqlx::query(&sql).bind(case_id))
                    .fetch_optional(&self.pool)
                    .await?
                    .map(|row| -> Result<Option<String>> {
                        let projected_on: String = row.try_get("projected_on")?;
                        let json: Option<String> = row.try_get("agenda_json")?;
                        Ok(json.filter(|_| projected_on == today_text))
                    })
                    .transpose()?
            };
            match stored {
                None => return Err(StoreError::NotFound(format!("case {case_id}"))),
                Some(Some(json)) => return Ok(json),
                // Not projected today yet: computed below.
                Some(None) => {}
            }
        }
        let agenda = self.agenda(case_id, Some(as_of), scope).await?;
        serde_json::to_string(&agenda).map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    /// Today's agendas of the cases `ids` that `scope` may read, as the contract's JSON text,
    /// in the order of `ids`: the stored projections read together (a caseload's in one read,
    /// not one read a case); a case not yet projected today is computed.
    pub async fn agendas_json(&self, ids: &[i64], scope: &Scope) -> Result<Vec<(i64, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let today = self.today().to_string();
        let readable = scope.readable("");
        let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT id, agenda_json, projected_on FROM cases WHERE id IN ({}) AND {}",
            marks.join(", "),
            readable.numbered(ids.len() + 1)
        );
        let mut stored: std::collections::HashMap<i64, Option<String>> =
            std::collections::HashMap::with_capacity(ids.len());
        if let Some(direct) = &self.direct {
            let params: Vec<Param> = ids
                .iter()
                .map(|id| Param::Int(*id))
                .chain(readable.param())
                .collect();
            direct.rows(&sql, &params, |row| {
                let fresh = row.get_ref(2)?.as_str()? == today;
                let json: Option<String> = if fresh { row.get(1)? } else { None };
                stored.insert(row.get(0)?, json);
                Ok(())
            })?;
        } else {
            let mut q = sqlx::query(&sql);
            for id in ids {
                q = q.bind(*id);
            }
            for row in readable.bind(q).fetch_all(&self.pool).await? {
                let projected_on: String = row.try_get("projected_on")?;
                let json: Option<String> = row.try_get("agenda_json")?;
                stored.insert(row.try_get("id")?, json.filter(|_| projected_on == today));
            }
        }
        let mut out = Vec::with_capacity(stored.len());
        for id in ids {
            match stored.remove(id) {
                None => {}
                Some(Some(json)) => out.push((*id, json)),
                Some(None) => out.push((*id, self.agenda_json(*id, None, scope).await?)),
            }
        }
        Ok(out)
    }

    /// The contract JSON of a case on `as_of`: what `probatio agenda` would read.
    pub async fn case_facts(
        &self,
        case_id: i64,
        as_of: Date,
        scope: &Scope,
    ) -> Result<serde_json::Value> {
        let case = self.case(case_id, scope).await?;
        let person = self
            .person(case.details.person_id, &Scope::Everything)
            .await?;
        let events = self.events(case_id, &Scope::Everything).await?;
        Ok(facts::contract_json(
            &person,
            &case,
            &facts::effective_events(&events),
            as_of,
        ))
    }

    /// Writes a projection and the case's list item (one statement), in the caller's transaction.
    pub(crate) async fn store_projection(
        &self,
        conn: &mut sqlx::AnyConnection,
        case_id: i64,
        p: &Projection,
    ) -> Result<()> {
        self.store_projection_at(conn, case_id, p, None)
            .await
            .map(|_| ())
    }

    /// Writes a projection and the list item; with `version`, only if the case is still at it.
    /// Returns the rows written.
    async fn store_projection_at(
        &self,
        conn: &mut sqlx::AnyConnection,
        case_id: i64,
        p: &Projection,
        version: Option<i64>,
    ) -> Result<u64> {
        let guard = if version.is_some() {
            " AND version = $8"
        } else {
            ""
        };
        let item = crate::schema::item_sql_with(self.backend, |column| match column {
            "status" => Some("$1"),
            "next_due" => Some("$2"),
            "overdue_count" => Some("$3"),
            "flag_count" => Some("$4"),
            "projected_on" => Some("$5"),
            _ => None,
        });
        let sql = format!(
            "UPDATE cases SET status = $1, next_due = $2, overdue_count = $3, flag_count = $4, projected_on = $5, \
             agenda_json = $6, item = {item} WHERE id = $7{guard}"
        );
        let mut q = sqlx::query(&sql)
            .bind(&p.status)
            .bind(
                p.next_due
                    .clone()
                    .unwrap_or_else(|| crate::schema::NO_DUE.to_owned()),
            )
            .bind(p.overdue_count)
            .bind(p.flag_count)
            .bind(&p.projected_on)
            .bind(&p.agenda_json)
            .bind(case_id);
        if let Some(v) = version {
            q = q.bind(v);
        }
        Ok(q.execute(&mut *conn).await?.rows_affected())
    }

    /// Recomputes the stored projection of every case not yet projected on `as_of` (run daily:
    /// "overdue" changes with the date, not only with events). Returns how many were updated.
    pub async fn refresh_projections(&self, as_of: Date) -> Result<u64> {
        let day = as_of.to_string();
        let ids: Vec<i64> =
            sqlx::query("SELECT id FROM cases WHERE projected_on <> $1 ORDER BY id")
                .bind(&day)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| r.try_get("id"))
                .collect::<std::result::Result<_, _>>()?;
        let mut n = 0;
        for id in ids {
            let case = self.case(id, &Scope::Everything).await?;
            let person = self
                .person(case.details.person_id, &Scope::Everything)
                .await?;
            let events = self.events(id, &Scope::Everything).await?;
            let p = facts::project(&facts::agenda(&person, &case, &events, as_of)?, as_of);
            // Only over the version the facts were read at: an append meanwhile has written a
            // newer projection, which a refresh must not overwrite.
            let mut conn = self.pool.acquire().await?;
            n += self
                .store_projection_at(&mut conn, id, &p, Some(case.version))
                .await?;
        }
        Ok(n)
    }
}

/// A caseload page's JSON, written once into one buffer sized for it (≈ 21 KB for 60 rows:
/// every further copy showed in the profile).
struct PageJson(Vec<u8>);

impl PageJson {
    fn with_capacity(items: usize) -> PageJson {
        let mut json = Vec::with_capacity(items + 80);
        json.extend_from_slice(br#"{"items":["#);
        PageJson(json)
    }

    /// Appends one stored item (or several already joined by commas).
    fn item(&mut self, item: &[u8]) {
        if self.0.last() != Some(&b'[') {
            self.0.push(b',');
        }
        self.0.extend_from_slice(item);
    }

    fn finish(mut self, total: i64, limit: i64, offset: i64) -> Vec<u8> {
        self.0.extend_from_slice(
            format!(r#"],"total":{total},"limit":{limit},"offset":{offset}}}"#).as_bytes(),
        );
        self.0
    }
}
