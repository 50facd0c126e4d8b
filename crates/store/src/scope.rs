//! Whose data a query may touch (issue 4). Every read and write of a case or a person takes a
//! [`Scope`], and the store adds its condition to the SQL itself, so that a handler that forgets
//! a check still cannot reach a case outside the caller's territory.

use probatio_core::access::Role;

use crate::{Result, StoreError};

/// The territory a caller reads and writes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The command line and the server's own maintenance: the whole register. Never given to
    /// an HTTP caller.
    Everything,
    /// An officer: reads the cases of their service, writes those assigned to them.
    Officer { service_id: i64, officer_id: i64 },
    /// The head of a service: reads and writes all its cases.
    Service(i64),
    /// A region's services (regional administrators, prosecutors): reads only.
    Region(String),
    /// No case or person data (analysts, system administrators; an officer account not yet
    /// linked to an officer reads its service but writes nothing).
    Nothing,
    /// Reads a service's cases, writes nothing.
    ServiceReadOnly(i64),
}

/// A condition on `cases` (aliased `alias`) with the one value it binds, if any.
#[derive(Debug, Clone)]
pub(crate) struct Condition {
    /// SQL with `$S` where the bound value goes.
    pub sql: String,
    pub value: Option<Bound>,
}

#[derive(Debug, Clone)]
pub(crate) enum Bound {
    Int(i64),
    Text(String),
}

impl Condition {
    /// The condition with its placeholder numbered `n`.
    pub fn numbered(&self, n: usize) -> String {
        self.sql.replace("$S", &format!("${n}"))
    }

    /// The bound value for SQLite's own interface (`crate::direct`).
    pub fn param(&self) -> Option<crate::direct::Param> {
        self.value.as_ref().map(|v| match v {
            Bound::Int(i) => crate::direct::Param::Int(*i),
            Bound::Text(t) => crate::direct::Param::Text(t.clone()),
        })
    }

    pub fn bind<'q>(
        &self,
        q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        match &self.value {
            None => q,
            Some(Bound::Int(v)) => q.bind(*v),
            Some(Bound::Text(v)) => q.bind(v.clone()),
        }
    }
}

impl Scope {
    /// The scope of a user of `role` bound to `service_id` / `region_kato` (and, for an
    /// officer, the officer record `officer_id`). A binding that does not fit the role gives
    /// no data at all.
    pub fn of(
        role: Role,
        service_id: Option<i64>,
        region_kato: Option<&str>,
        officer_id: Option<i64>,
    ) -> Scope {
        match (role, service_id, region_kato, officer_id) {
            (Role::Officer, Some(service_id), _, Some(officer_id)) => Scope::Officer {
                service_id,
                officer_id,
            },
            (Role::Officer, Some(service_id), _, None) => Scope::ServiceReadOnly(service_id),
            (Role::Head, Some(service_id), _, _) => Scope::Service(service_id),
            (Role::RegionalAdmin | Role::Prosecutor, _, Some(region), _)
                if region.len() == 9 && region.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Scope::Region(region.to_owned())
            }
            _ => Scope::Nothing,
        }
    }

    /// Which cases (`alias.` columns) may be read.
    pub(crate) fn readable(&self, alias: &str) -> Condition {
        let (sql, value) = match self {
            Scope::Everything => ("1 = 1".to_owned(), None),
            Scope::Officer { service_id, .. } => (
                format!("{alias}service_id = $S"),
                Some(Bound::Int(*service_id)),
            ),
            Scope::Service(id) | Scope::ServiceReadOnly(id) => {
                (format!("{alias}service_id = $S"), Some(Bound::Int(*id)))
            }
            Scope::Region(kato) => (
                format!(
                    "{alias}service_id IN (SELECT s.id FROM services s WHERE s.region_kato = $S)"
                ),
                Some(Bound::Text(kato.clone())),
            ),
            Scope::Nothing => ("1 = 0".to_owned(), None),
        };
        Condition { sql, value }
    }

    /// Whether a case of `service_id` assigned to `officer_id` may be written (the case is
    /// already known to be readable).
    pub fn may_write(&self, service_id: i64, officer_id: Option<i64>) -> Result<()> {
        let allowed = match self {
            Scope::Everything => true,
            Scope::Officer {
                service_id: s,
                officer_id: o,
            } => *s == service_id && officer_id == Some(*o),
            Scope::Service(s) => *s == service_id,
            Scope::Region(_) | Scope::Nothing | Scope::ServiceReadOnly(_) => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(StoreError::Forbidden(match self {
                Scope::Officer { .. } => "only the officer the case is assigned to, or the head of the service, records its events and issues its documents".to_owned(),
                _ => "this role does not change case data".to_owned(),
            }))
        }
    }

    /// Whether a new case may be opened in `service_id` (officers and heads of that service).
    pub(crate) fn may_open_case(&self, service_id: i64) -> Result<()> {
        match self {
            Scope::Everything => Ok(()),
            Scope::Officer { service_id: s, .. } | Scope::Service(s) if *s == service_id => Ok(()),
            _ => Err(StoreError::Forbidden(
                "cases are opened by the officers and the head of their own service".to_owned(),
            )),
        }
    }

    /// The service a new person is entered by (who may see them before a case exists).
    pub(crate) fn entering_service(&self) -> Result<Option<i64>> {
        match self {
            Scope::Everything => Ok(None),
            Scope::Officer { service_id, .. } | Scope::Service(service_id) => Ok(Some(*service_id)),
            _ => Err(StoreError::Forbidden(
                "persons are entered by the officers and heads of a service".to_owned(),
            )),
        }
    }

    /// Which persons (`p.` columns) may be read: those with a readable case, and those the
    /// caller's service entered and who have no case yet.
    pub(crate) fn readable_person(&self) -> Condition {
        let case = self.readable("c.");
        let sql = match self {
            Scope::Everything => "1 = 1".to_owned(),
            Scope::Nothing => "1 = 0".to_owned(),
            Scope::Region(_) => format!(
                "(EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND {case}) \
                 OR (NOT EXISTS (SELECT 1 FROM cases c2 WHERE c2.person_id = p.id) \
                 AND p.entered_by IN (SELECT s.id FROM services s WHERE s.region_kato = $S)))",
                case = case.sql
            ),
            _ => format!(
                "(EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND {case}) \
                 OR (NOT EXISTS (SELECT 1 FROM cases c2 WHERE c2.person_id = p.id) AND p.entered_by = $S))",
                case = case.sql
            ),
        };
        Condition {
            sql,
            value: case.value,
        }
    }
}
