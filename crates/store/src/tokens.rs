//! Who acts ([`Principal`]): a signed-in user or an API token for an integration. A token is
//! bound to a role and a territory exactly like a user, is shown once, is kept only as a
//! hash, and can be revoked.

use probatio_core::access::Role;
use serde::Serialize;
use sqlx::Row;

use crate::users::{User, new_token, token_hash};
use crate::{Result, Scope, Store, StoreError, now_utc, required_text};

/// Whoever makes a request: its name in the logs (an id, never a person's name), its role
/// and its territory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Principal {
    /// `user:ID` or `token:ID`.
    pub actor: String,
    pub role: Role,
    pub service_id: Option<i64>,
    pub region_kato: Option<String>,
    pub officer_id: Option<i64>,
}

impl Principal {
    /// What this principal may read and write.
    pub fn scope(&self) -> Scope {
        Scope::of(
            self.role,
            self.service_id,
            self.region_kato.as_deref(),
            self.officer_id,
        )
    }
}

impl From<&User> for Principal {
    fn from(u: &User) -> Principal {
        Principal {
            actor: format!("user:{}", u.id),
            role: u.role,
            service_id: u.service_id,
            region_kato: u.region_kato.clone(),
            officer_id: u.officer_id,
        }
    }
}

/// A token to issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    /// What the integration is (e.g. "court registry feed").
    pub name: String,
    /// A role of [`Role`] by its wire name.
    pub role: String,
    pub service_kato: Option<String>,
    pub region_kato: Option<String>,
}

/// An issued token, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub service_id: Option<i64>,
    pub region_kato: Option<String>,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// The prefix that makes a token recognisable in a leaked file or a secret scanner.
const PREFIX: &str = "pbt_";

fn token_from_row(r: &sqlx::any::AnyRow) -> Result<ApiToken> {
    let role: String = r.try_get("role")?;
    Ok(ApiToken {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        role: Role::from_wire(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("token role {role:?}")))?,
        service_id: r.try_get("service_id")?,
        region_kato: r.try_get("region_kato")?,
        created_at: r.try_get("created_at")?,
        revoked_at: r.try_get("revoked_at")?,
    })
}

impl Store {
    /// Issues a token; returns it with its secret, which is not stored and not shown again.
    pub async fn create_token(&self, t: &NewToken) -> Result<(ApiToken, String)> {
        let name = required_text(&t.name, "name")?;
        let role = Role::from_wire(&t.role).ok_or_else(|| {
            StoreError::invalid(
                "role",
                format!("{:?} is not one of {}", t.role, Role::wire_names()),
            )
        })?;
        let (service_id, region_kato) = self
            .territory(role, t.service_kato.as_deref(), t.region_kato.as_deref())
            .await?;
        let secret = format!("{PREFIX}{}", new_token());
        let created_at = now_utc();
        let row = sqlx::query(
            "INSERT INTO api_tokens (token_hash, name, role, service_id, region_kato, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(token_hash(&secret))
        .bind(&name)
        .bind(role.as_str())
        .bind(service_id)
        .bind(region_kato.clone())
        .bind(&created_at)
        .fetch_one(&self.pool)
        .await?;
        Ok((
            ApiToken {
                id: row.try_get("id")?,
                name,
                role,
                service_id,
                region_kato,
                created_at,
                revoked_at: None,
            },
            secret,
        ))
    }

    /// Every token issued, revoked ones included.
    pub async fn tokens(&self) -> Result<Vec<ApiToken>> {
        sqlx::query(
            "SELECT id, name, role, service_id, region_kato, created_at, revoked_at \
             FROM api_tokens ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(token_from_row)
        .collect()
    }

    /// Revokes a token at once; a revoked token is refused from its next request on.
    pub async fn revoke_token(&self, id: i64) -> Result<()> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(now_utc())
        .bind(id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("live token {id}")));
        }
        Ok(())
    }

    /// Who a presented token is, if it is a live one.
    pub async fn token_principal(&self, secret: &str) -> Result<Option<Principal>> {
        if !secret.starts_with(PREFIX) {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT id, name, role, service_id, region_kato, created_at, revoked_at \
             FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash(secret))
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(|r| {
                let t = token_from_row(r)?;
                Ok(Principal {
                    actor: format!("token:{}", t.id),
                    role: t.role,
                    service_id: t.service_id,
                    region_kato: t.region_kato,
                    officer_id: None,
                })
            })
            .transpose()
    }
}
