//! Transfers of a case between district services (G8, L4108–4134, L4668–4694): the sending
//! service asks, the receiving service confirms receipt of the file, and only then does the
//! case (and its deadlines) become the receiving service's; until then the sender supervises,
//! so no deadline falls between two services. A head assigns the case to an officer.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::scope::Scope;
use crate::{Result, Store, StoreError, now_utc};

/// A request to move a case to another service, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Transfer {
    pub id: i64,
    pub case_id: i64,
    pub from_service_id: i64,
    pub to_service_id: i64,
    pub reason: String,
    pub requested_by: String,
    pub requested_at: String,
    /// `requested`, `received` or `withdrawn`.
    pub status: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
}

/// A transfer waiting for this service's confirmation, with what the receiving head needs to
/// recognise the case (not the case itself: it is not theirs to read yet).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IncomingTransfer {
    pub transfer: Transfer,
    pub card_number: String,
    pub surname: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub measure: String,
}

const COLUMNS: &str = "t.id, t.case_id, t.from_service_id, t.to_service_id, t.reason, t.requested_by, \
     t.requested_at, t.status, t.decided_by, t.decided_at";

fn transfer_from_row(r: &AnyRow) -> Result<Transfer> {
    Ok(Transfer {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        from_service_id: r.try_get("from_service_id")?,
        to_service_id: r.try_get("to_service_id")?,
        reason: r.try_get("reason")?,
        requested_by: r.try_get("requested_by")?,
        requested_at: r.try_get("requested_at")?,
        status: r.try_get("status")?,
        decided_by: r.try_get("decided_by")?,
        decided_at: r.try_get("decided_at")?,
    })
}

impl Store {
    /// Asks `to_service_id` to take case `case_id` (whoever may record in the case asks).
    pub async fn request_transfer(
        &self,
        case_id: i64,
        to_service_id: i64,
        reason: &str,
        actor: &str,
        scope: &Scope,
    ) -> Result<Transfer> {
        let case = self.case(case_id, scope).await?;
        scope.may_write(case.details.service_id, case.details.officer_id)?;
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 1000 {
            return Err(StoreError::invalid(
                "reason",
                "state why the file moves (the person's new address), up to 1000 characters",
            ));
        }
        self.exists("services", to_service_id, "to_service_id")
            .await?;
        if to_service_id == case.details.service_id {
            return Err(StoreError::invalid(
                "to_service_id",
                "the case is already with this service (a move within the district keeps it, G8)",
            ));
        }
        let row = sqlx::query(
            "INSERT INTO transfers (case_id, from_service_id, to_service_id, reason, requested_by, requested_at, status) \
             VALUES ($1, $2, $3, $4, $5, $6, 'requested') RETURNING id",
        )
        .bind(case_id)
        .bind(case.details.service_id)
        .bind(to_service_id)
        .bind(reason)
        .bind(actor)
        .bind(now_utc())
        .fetch_one(&self.pool)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate(
                format!("case {case_id} already has a transfer waiting for receipt"),
            ),
            e => e.into(),
        })?;
        self.transfer(row.try_get("id")?).await
    }

    async fn transfer(&self, id: i64) -> Result<Transfer> {
        let sql = format!("SELECT {COLUMNS} FROM transfers t WHERE t.id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("transfer {id}")))?;
        transfer_from_row(&row)
    }

    /// The case's transfer waiting for receipt, if any (for whoever may read the case).
    pub async fn open_transfer(&self, case_id: i64, scope: &Scope) -> Result<Option<Transfer>> {
        self.case(case_id, scope).await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM transfers t WHERE t.case_id = $1 AND t.status = 'requested'"
        );
        sqlx::query(&sql)
            .bind(case_id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(transfer_from_row)
            .transpose()
    }

    /// The transfers waiting for the caller's service to confirm receipt, oldest first.
    pub async fn incoming_transfers(&self, scope: &Scope) -> Result<Vec<IncomingTransfer>> {
        let service = match scope {
            Scope::Officer { service_id, .. }
            | Scope::Service(service_id)
            | Scope::ServiceReadOnly(service_id) => *service_id,
            _ => return Ok(Vec::new()),
        };
        let sql = format!(
            "SELECT {COLUMNS}, c.card_number, c.measure_kind, p.surname, p.given_name, p.patronymic \
             FROM transfers t JOIN cases c ON c.id = t.case_id JOIN persons p ON p.id = c.person_id \
             WHERE t.to_service_id = $1 AND t.status = 'requested' ORDER BY t.id"
        );
        let rows = sqlx::query(&sql)
            .bind(service)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(IncomingTransfer {
                    transfer: transfer_from_row(r)?,
                    card_number: r.try_get("card_number")?,
                    surname: r.try_get("surname")?,
                    given_name: r.try_get("given_name")?,
                    patronymic: r.try_get("patronymic")?,
                    measure: r.try_get("measure_kind")?,
                })
            })
            .collect()
    }

    /// The receiving service's head confirms receipt of the file: the case becomes that
    /// service's, not yet assigned to an officer.
    pub async fn receive_transfer(&self, id: i64, actor: &str, scope: &Scope) -> Result<Transfer> {
        let t = self.transfer(id).await?;
        match scope {
            Scope::Everything => {}
            Scope::Service(s) if *s == t.to_service_id => {}
            Scope::Officer { service_id, .. } | Scope::ServiceReadOnly(service_id)
                if *service_id == t.to_service_id =>
            {
                return Err(StoreError::Forbidden(
                    "the head of the receiving service confirms receipt".into(),
                ));
            }
            _ => return Err(StoreError::NotFound(format!("transfer {id}"))),
        }
        self.decide(t, "received", actor).await
    }

    /// The sending side takes its request back while it waits.
    pub async fn withdraw_transfer(&self, id: i64, actor: &str, scope: &Scope) -> Result<Transfer> {
        let t = self.transfer(id).await?;
        let case = self.case(t.case_id, scope).await.map_err(|e| match e {
            StoreError::NotFound(_) => StoreError::NotFound(format!("transfer {id}")),
            e => e,
        })?;
        scope.may_write(case.details.service_id, case.details.officer_id)?;
        self.decide(t, "withdrawn", actor).await
    }

    async fn decide(&self, t: Transfer, status: &str, actor: &str) -> Result<Transfer> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE transfers SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND status = 'requested'",
        )
        .bind(status)
        .bind(actor)
        .bind(now_utc())
        .bind(t.id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Duplicate(format!(
                "transfer {} was already {}",
                t.id, t.status
            )));
        }
        if status == "received" {
            sqlx::query("UPDATE cases SET service_id = $1, officer_id = NULL WHERE id = $2")
                .bind(t.to_service_id)
                .bind(t.case_id)
                .execute(&mut *tx)
                .await?;
            self.store_item(&mut tx, t.case_id).await?;
        }
        tx.commit().await?;
        self.transfer(t.id).await
    }

    /// The head of the case's service assigns it to one of the service's officers (or to
    /// none).
    pub async fn assign_case(
        &self,
        case_id: i64,
        officer_id: Option<i64>,
        scope: &Scope,
    ) -> Result<()> {
        let case = self.case(case_id, scope).await?;
        match scope {
            Scope::Everything => {}
            Scope::Service(s) if *s == case.details.service_id => {}
            _ => {
                return Err(StoreError::Forbidden(
                    "the head of the service assigns its cases".into(),
                ));
            }
        }
        if let Some(o) = officer_id
            && !self
                .officers(case.details.service_id)
                .await?
                .iter()
                .any(|x| x.id == o)
        {
            return Err(StoreError::invalid(
                "officer_id",
                format!("officer {o} is not of this service"),
            ));
        }
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE cases SET officer_id = $1 WHERE id = $2")
            .bind(officer_id)
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
        self.store_item(&mut tx, case_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores the list item of a case again after its assignment changed.
    async fn store_item(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        case_id: i64,
    ) -> Result<()> {
        let sql = format!(
            "UPDATE cases SET item = {} WHERE id = $1",
            crate::schema::item_sql(self.backend)
        );
        sqlx::query(&sql).bind(case_id).execute(&mut **tx).await?;
        Ok(())
    }
}
