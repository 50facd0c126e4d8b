//! Whole cases at once: the demo register, imports and exports (JSON lines).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::Row;

use crate::chain::{self, Link};
use crate::facts;
use crate::model::{CaseRecord, NewCase, NewPerson, Person};
use crate::{Result, Store, StoreError, now_utc};

/// An event row ready to insert: seq, date, type, body, prev hash, hash, register position,
/// register previous hash, register hash.
struct EventRow(
    i64,
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    String,
);

/// One case with its person and whole history, as exported and imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseBundle {
    /// Identifies the bundle across imports: importing the same key again changes nothing.
    pub key: String,
    pub person: NewPerson,
    /// The case; its `person_id` is ignored (the person is matched by IIN or created).
    pub case: NewCase,
    /// The events in the agenda contract's form, in the order recorded.
    pub events: Vec<Value>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub imported: u64,
    pub already_present: u64,
}

impl Store {
    /// Checks a bundle by the same rules as an append, without writing: the person's record
    /// and the case's facts through the engine's parser as of today.
    pub fn check_bundle(&self, b: &CaseBundle) -> Result<probatio_core::case::Case> {
        let today = self.today();
        if b.key.trim().is_empty() || b.key.len() > 200 {
            return Err(StoreError::invalid(
                "key",
                "a non-empty identifier of up to 200 characters",
            ));
        }
        crate::persons::validate_person(&b.person, today).map_err(|e| match e {
            StoreError::Invalid { field, problem } => {
                StoreError::invalid(format!("person.{field}"), problem)
            }
            e => e,
        })?;
        crate::cases::validate_case_texts(&b.case).map_err(|e| match e {
            StoreError::Invalid { field, problem } => {
                StoreError::invalid(format!("case.{field}"), problem)
            }
            e => e,
        })?;
        let person = Person {
            id: 0,
            details: b.person.clone(),
        };
        let draft = CaseRecord::draft(b.case.clone());
        let events: Vec<&Value> = b.events.iter().collect();
        let json = facts::contract_json(&person, &draft, &events, today);
        // The engine's events (a document issued is a record of the service's, not judged).
        let judged = events.iter().filter(|e| !facts::is_record(e)).count();
        if json["events"].as_array().map_or(0, Vec::len) < judged {
            return Err(StoreError::invalid(
                "events",
                format!("an event is dated after today ({today})"),
            ));
        }
        facts::parse(&json).map_err(|e| {
            let field = if e.field.starts_with("measure") {
                format!("case.{}", e.field)
            } else {
                e.field
            };
            StoreError::invalid(field, e.problem)
        })
    }

    /// Imports bundles in one transaction: all or none. Each bundle is checked by the engine's
    /// parser first; an error names the bundle's position and field.
    pub async fn import_bundles(
        &self,
        bundles: &[CaseBundle],
        recorded_by: &str,
    ) -> Result<ImportReport> {
        let today = self.today();
        let mut report = ImportReport::default();
        // Check everything before writing anything; the engine's agendas come from the same
        // parse (the facts do not depend on the ids the database will give).
        let mut projections = Vec::with_capacity(bundles.len());
        for (i, b) in bundles.iter().enumerate() {
            let parsed = self.check_bundle(b).map_err(|e| match e {
                StoreError::Invalid { field, problem } => {
                    StoreError::invalid(format!("[{i}].{field}"), problem)
                }
                e => e,
            })?;
            projections.push(facts::project(
                &probatio_core::agenda::compute(&parsed),
                today,
            ));
        }
        let mut tx = self.pool.begin().await?;
        let head = sqlx::query("UPDATE chain SET seq = seq WHERE id = 1 RETURNING seq, head")
            .fetch_one(&mut *tx)
            .await?;
        let mut global_seq: i64 = head.try_get("seq")?;
        let mut global_prev: String = head.try_get("head")?;
        for (i, b) in bundles.iter().enumerate() {
            let seen: i64 = sqlx::query("SELECT COUNT(*) AS n FROM cases WHERE import_key = $1")
                .bind(&b.key)
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
            if seen > 0 {
                report.already_present += 1;
                continue;
            }
            let person_id = self.insert_person_tx(&mut tx, &b.person, i).await?;
            // Checked above; this only trims.
            let mut case = crate::cases::validate_case_texts(&b.case)?;
            case.person_id = person_id;
            let case_id = self.insert_case_tx(&mut tx, &case, &b.key).await?;
            let mut prev = crate::schema::GENESIS.to_owned();
            let recorded_at = now_utc();
            // One multi-row INSERT per case: a case's history is written at once.
            let mut rows: Vec<EventRow> = Vec::with_capacity(b.events.len());
            for (seq, body) in b.events.iter().enumerate() {
                let seq = seq as i64 + 1;
                let body_text = body.to_string();
                let date = body
                    .get("date")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                let ty = body
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                let link = Link {
                    case_id,
                    seq,
                    event_date: &date,
                    event_type: &ty,
                    body: &body_text,
                    corrects: None,
                    reason: None,
                    recorded_by,
                    recorded_at: &recorded_at,
                };
                let hash = chain::case_hash(&prev, &link);
                global_seq += 1;
                let global_hash = chain::global_hash(&global_prev, global_seq, &hash);
                rows.push(EventRow(
                    seq,
                    date,
                    ty,
                    body_text,
                    std::mem::replace(&mut prev, hash.clone()),
                    hash,
                    global_seq,
                    std::mem::replace(&mut global_prev, global_hash.clone()),
                    global_hash,
                ));
            }
            for chunk in rows.chunks(200) {
                let mut sql = String::from(
                    "INSERT INTO events (case_id, seq, event_date, event_type, body, corrects, reason, recorded_by, recorded_at, \
                     prev_hash, hash, global_seq, global_prev, global_hash) VALUES ",
                );
                for (i, _) in chunk.iter().enumerate() {
                    let p = i * 12;
                    if i > 0 {
                        sql.push_str(", ");
                    }
                    sql.push_str(&format!(
                        "(${}, ${}, ${}, ${}, ${}, NULL, NULL, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                        p + 1,
                        p + 2,
                        p + 3,
                        p + 4,
                        p + 5,
                        p + 6,
                        p + 7,
                        p + 8,
                        p + 9,
                        p + 10,
                        p + 11,
                        p + 12
                    ));
                }
                let mut q = sqlx::query(&sql);
                for EventRow(seq, date, ty, body, prev_hash, hash, gseq, gprev, ghash) in chunk {
                    q = q
                        .bind(case_id)
                        .bind(*seq)
                        .bind(date.as_str())
                        .bind(ty.as_str())
                        .bind(body.as_str())
                        .bind(recorded_by)
                        .bind(recorded_at.as_str())
                        .bind(prev_hash.as_str())
                        .bind(hash.as_str())
                        .bind(*gseq)
                        .bind(gprev.as_str())
                        .bind(ghash.as_str());
                }
                q.execute(&mut *tx).await?;
            }
            sqlx::query("UPDATE cases SET version = $1 WHERE id = $2")
                .bind(b.events.len() as i64)
                .bind(case_id)
                .execute(&mut *tx)
                .await?;
            let projection = &projections[i];
            self.store_projection(&mut tx, case_id, projection).await?;
            report.imported += 1;
        }
        sqlx::query("UPDATE chain SET seq = $1, head = $2 WHERE id = 1")
            .bind(global_seq)
            .bind(&global_prev)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Every case as a bundle, in id order (`offset`, `limit` for paging through a large register).
    pub async fn export_bundles(&self, offset: i64, limit: i64) -> Result<Vec<CaseBundle>> {
        let ids: Vec<i64> = sqlx::query("SELECT id FROM cases ORDER BY id LIMIT $1 OFFSET $2")
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<std::result::Result<_, _>>()?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let case = self.case(id, &crate::Scope::Everything).await?;
            let person = self
                .person(case.details.person_id, &crate::Scope::Everything)
                .await?;
            let events = self.events(id, &crate::Scope::Everything).await?;
            let key: Option<String> = sqlx::query("SELECT import_key FROM cases WHERE id = $1")
                .bind(id)
                .fetch_one(&self.pool)
                .await?
                .try_get("import_key")?;
            out.push(CaseBundle {
                key: key.unwrap_or_else(|| format!("case-{id}")),
                person: person.details,
                case: case.details,
                events: facts::effective_events(&events)
                    .into_iter()
                    .cloned()
                    .collect(),
            });
        }
        Ok(out)
    }

    async fn insert_person_tx(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        p: &NewPerson,
        i: usize,
    ) -> Result<i64> {
        if let Some(iin) = &p.iin {
            let existing = sqlx::query("SELECT id FROM persons WHERE iin = $1")
                .bind(iin)
                .fetch_optional(&mut **tx)
                .await?;
            if let Some(row) = existing {
                return Ok(row.try_get("id")?);
            }
        }
        let (p, key) = crate::persons::validate_person(p, self.today()).map_err(|e| match e {
            StoreError::Invalid { field, problem } => {
                StoreError::invalid(format!("[{i}].person.{field}"), problem)
            }
            e => e,
        })?;
        crate::persons::insert_person(tx, &p, &key, None).await
    }

    async fn insert_case_tx(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        c: &NewCase,
        import_key: &str,
    ) -> Result<i64> {
        crate::cases::insert_case(tx, c, Some(import_key))
            .await
            .map_err(|e| match e {
                StoreError::Database(sqlx::Error::Database(db))
                    if db.is_foreign_key_violation() =>
                {
                    StoreError::invalid("case.service_id", "no such service or officer")
                }
                e => e,
            })
    }
}
