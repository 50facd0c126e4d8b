//! A service's caseload by officer, for its head: counted on the stored projections (the
//! engine's agenda of the day), never re-derived.

use sqlx::Row;

use crate::scope::Scope;
use crate::{Result, Store};

/// One officer's share of a service's caseload (`officer_id` none: cases not yet assigned).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OfficerLoad {
    pub officer_id: Option<i64>,
    pub cases: i64,
    /// Cases under supervision now (the engine's status `active`).
    pub active: i64,
    /// Cases with at least one overdue task.
    pub overdue_cases: i64,
    /// Overdue tasks over all the officer's cases.
    pub overdue_tasks: i64,
    pub flags: i64,
}

impl Store {
    /// The cases of `service_id` that `scope` may read, counted by assigned officer (the
    /// unassigned ones first), from each case's projection of the day.
    pub async fn service_overview(
        &self,
        service_id: i64,
        scope: &Scope,
    ) -> Result<Vec<OfficerLoad>> {
        let readable = scope.readable("");
        let sql = format!(
            "SELECT officer_id, COUNT(*) AS cases, \
             CAST(SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END) AS BIGINT) AS active, \
             CAST(SUM(CASE WHEN overdue_count > 0 THEN 1 ELSE 0 END) AS BIGINT) AS overdue_cases, \
             CAST(SUM(overdue_count) AS BIGINT) AS overdue_tasks, \
             CAST(SUM(flag_count) AS BIGINT) AS flags \
             FROM cases WHERE service_id = $1 AND {} \
             GROUP BY officer_id ORDER BY officer_id IS NOT NULL, officer_id",
            readable.numbered(2)
        );
        let rows = readable
            .bind(sqlx::query(&sql).bind(service_id))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(OfficerLoad {
                    officer_id: r.try_get("officer_id")?,
                    cases: r.try_get("cases")?,
                    active: r.try_get("active")?,
                    overdue_cases: r.try_get("overdue_cases")?,
                    overdue_tasks: r.try_get("overdue_tasks")?,
                    flags: r.try_get("flags")?,
                })
            })
            .collect()
    }
}
