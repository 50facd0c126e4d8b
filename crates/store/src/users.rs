//! Users: a login, a role and a territory; passwords kept only as argon2id hashes.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use probatio_core::access::{Role, TerritoryKind};
use rand_core::OsRng;
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::{Result, Store, StoreError, now_utc, required_text};

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// A user to create.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewUser {
    pub login: String,
    pub full_name: String,
    /// A role of [`Role`] by its wire name.
    pub role: String,
    /// KATO code of the district service (officer, head).
    pub service_kato: Option<String>,
    /// KATO code of the region (regional administrator, prosecutor).
    pub region_kato: Option<String>,
    /// For an officer: the officer record (of the same service) whose cases the account may
    /// change. Without it an officer's account reads its service and changes nothing.
    #[serde(default)]
    pub officer_id: Option<i64>,
    pub password: String,
}

/// A user as stored, without the hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub login: String,
    pub full_name: String,
    pub role: Role,
    pub service_id: Option<i64>,
    pub region_kato: Option<String>,
    pub officer_id: Option<i64>,
    pub active: bool,
}

fn user_from_row(r: &sqlx::any::AnyRow) -> Result<User> {
    let role: String = r.try_get("role")?;
    Ok(User {
        id: r.try_get("id")?,
        login: r.try_get("login")?,
        full_name: r.try_get("full_name")?,
        role: Role::from_wire(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("user role {role:?}")))?,
        service_id: r.try_get("service_id")?,
        region_kato: r.try_get("region_kato")?,
        officer_id: r.try_get("officer_id")?,
        active: r.try_get::<i64, _>("active")? != 0,
    })
}

fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Corrupt(format!("hashing a password failed: {e}")))
}

fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash to verify against when the login is unknown, so that a wrong login costs the same
/// time as a wrong password and does not reveal which logins exist.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password, never valid").unwrap_or_default())
}

impl Store {
    /// The language user `id` chose for the pages (`kk`, `ru` or `en`), if any.
    pub async fn user_lang(&self, id: i64) -> Result<Option<String>> {
        Ok(sqlx::query("SELECT lang FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.try_get::<Option<String>, _>("lang"))
            .transpose()?
            .flatten())
    }

    /// Keeps the language user `id` chose (one of `kk`, `ru`, `en`).
    pub async fn set_user_lang(&self, id: i64, lang: &str) -> Result<()> {
        if !matches!(lang, "kk" | "ru" | "en") {
            return Err(StoreError::invalid("lang", "must be kk, ru or en"));
        }
        sqlx::query("UPDATE users SET lang = $1 WHERE id = $2")
            .bind(lang)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Creates a user; the territory must fit the role.
    pub async fn create_user(&self, u: &NewUser) -> Result<User> {
        let login = required_text(&u.login, "login")?;
        if !login
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-@".contains(&b))
            || login.len() > 64
        {
            return Err(StoreError::invalid(
                "login",
                "up to 64 Latin letters, digits and . _ - @",
            ));
        }
        let full_name = required_text(&u.full_name, "full_name")?;
        let role = Role::from_wire(&u.role).ok_or_else(|| {
            StoreError::invalid(
                "role",
                format!("{:?} is not one of {}", u.role, Role::wire_names()),
            )
        })?;
        if u.password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(StoreError::invalid(
                "password",
                format!("at least {MIN_PASSWORD_CHARS} characters"),
            ));
        }
        let (service_id, region_kato) = self
            .territory(role, u.service_kato.as_deref(), u.region_kato.as_deref())
            .await?;
        if let Some(officer) = u.officer_id {
            let service: Option<i64> = sqlx::query("SELECT service_id FROM officers WHERE id = $1")
                .bind(officer)
                .fetch_optional(&self.pool)
                .await?
                .map(|r| r.try_get("service_id"))
                .transpose()?;
            if role != Role::Officer || service.is_none() || service != service_id {
                return Err(StoreError::invalid(
                    "officer_id",
                    "only an officer's account is linked, to an officer of the same service",
                ));
            }
        }
        let hash = hash_password(&u.password)?;
        let now = now_utc();
        let row = sqlx::query(
            "INSERT INTO users (login, full_name, role, service_id, region_kato, password_hash, active, created_at, \
             password_changed_at, officer_id) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7, $8) RETURNING id",
        )
        .bind(&login)
        .bind(&full_name)
        .bind(role.as_str())
        .bind(service_id)
        .bind(region_kato.clone())
        .bind(&hash)
        .bind(&now)
        .bind(u.officer_id)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| crate::persons::unique_violation(e, format!("the login {login} is taken")))?;
        Ok(User {
            id: row.try_get("id")?,
            login,
            full_name,
            role,
            service_id,
            region_kato,
            officer_id: u.officer_id,
            active: true,
        })
    }

    /// The service id and region a role's territory binds to, from KATO codes: a service for
    /// officers and heads, a region for regional administrators and prosecutors, none for the
    /// national roles.
    pub(crate) async fn territory(
        &self,
        role: Role,
        service_kato: Option<&str>,
        region_kato: Option<&str>,
    ) -> Result<(Option<i64>, Option<String>)> {
        Ok(match role.territory() {
            TerritoryKind::Service => {
                let kato = service_kato.ok_or_else(|| {
                    StoreError::invalid("service_kato", format!("required for the role {role}"))
                })?;
                let row = sqlx::query("SELECT id, region_kato FROM services WHERE kato = $1")
                    .bind(kato)
                    .fetch_optional(&self.pool)
                    .await?
                    .ok_or_else(|| {
                        StoreError::invalid("service_kato", format!("no service with KATO {kato}"))
                    })?;
                (
                    Some(row.try_get::<i64, _>("id")?),
                    Some(row.try_get::<String, _>("region_kato")?),
                )
            }
            TerritoryKind::Region => {
                let kato = region_kato.ok_or_else(|| {
                    StoreError::invalid("region_kato", format!("required for the role {role}"))
                })?;
                if kato.len() != 9 || !kato.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(StoreError::invalid(
                        "region_kato",
                        format!("{kato:?} is not a 9-digit KATO code"),
                    ));
                }
                (None, Some(kato.to_owned()))
            }
            TerritoryKind::National => {
                if service_kato.is_some() || region_kato.is_some() {
                    return Err(StoreError::invalid(
                        "role",
                        format!("the role {role} is national: give no territory"),
                    ));
                }
                (None, None)
            }
        })
    }

    /// The active user with this login, or `None`: for the command line, whose operator holds
    /// the database itself and acts as a user of it (what they do is recorded as that user).
    pub async fn active_user(&self, login: &str) -> Result<Option<User>> {
        let row = sqlx::query(
            "SELECT id, login, full_name, role, service_id, region_kato, officer_id, active FROM users WHERE login = $1",
        )
        .bind(login)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) if row.try_get::<i64, _>("active")? != 0 => user_from_row(&row).map(Some),
            _ => Ok(None),
        }
    }

    /// The active user with this login and password, or `None` — the same answer, in the same
    /// time, for an unknown login and a wrong password.
    pub async fn authenticate(&self, login: &str, password: &str) -> Result<Option<User>> {
        let row = sqlx::query(
            "SELECT id, login, full_name, role, service_id, region_kato, officer_id, active, password_hash FROM users WHERE login = $1",
        )
        .bind(login)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            password_matches(password, decoy_hash());
            return Ok(None);
        };
        let hash: String = row.try_get("password_hash")?;
        let active = row.try_get::<i64, _>("active")? != 0;
        if !password_matches(password, &hash) || !active {
            return Ok(None);
        }
        user_from_row(&row).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_hash_verifies_only_its_password() {
        let hash = hash_password("қауіпсіз құпиясөз 2026").expect("hash");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(password_matches("қауіпсіз құпиясөз 2026", &hash));
        assert!(!password_matches("қауіпсіз құпиясөз 2027", &hash));
        assert_ne!(
            hash,
            hash_password("қауіпсіз құпиясөз 2026").expect("hash"),
            "salted"
        );
    }
}

/// How long a session lasts without signing in again (seconds).
pub const SESSION_SECONDS: i64 = 8 * 3600;
/// Failed sign-ins counted over this window (seconds).
pub const THROTTLE_WINDOW: i64 = 15 * 60;
/// Failed sign-ins allowed per account within the window.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed sign-ins allowed per client address within the window.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;

/// The outcome of a throttled password check.
enum Checked {
    Right(User),
    Wrong,
    Throttled,
}

/// What a sign-in attempt gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    /// A new session: the token goes to the client (a cookie), only its hash is stored.
    Session { token: String, user: User },
    /// Wrong login or password (the same answer for both).
    Denied,
    /// Too many failures for this account or address: try again later.
    Throttled,
}

pub(crate) fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(crate) fn new_token() -> String {
    use rand_core::RngCore;
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

impl Store {
    /// Signs in at `now` (Unix seconds) from `address`: throttled after repeated failures per
    /// account and per address; every success is a new session token (rotation on sign-in).
    pub async fn sign_in(
        &self,
        login: &str,
        password: &str,
        address: &str,
        now: i64,
    ) -> Result<SignIn> {
        let user = match self.check_password(login, password, address, now).await? {
            Checked::Right(user) => user,
            Checked::Wrong => return Ok(SignIn::Denied),
            Checked::Throttled => return Ok(SignIn::Throttled),
        };
        let token = new_token();
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash(&token))
            .bind(user.id)
            .bind(now)
            .bind(now + SESSION_SECONDS)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM login_failures WHERE login = $1")
            .bind(login)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(SignIn::Session { token, user })
    }

    /// A password check under the throttle: a failure is counted, a success clears the count
    /// only when a session is made (sign-in).
    async fn check_password(
        &self,
        login: &str,
        password: &str,
        address: &str,
        now: i64,
    ) -> Result<Checked> {
        let since = now - THROTTLE_WINDOW;
        let count = |column: &'static str, value: String| {
            let sql =
                format!("SELECT COUNT(*) AS n FROM login_failures WHERE {column} = $1 AND at > $2");
            let pool = self.pool.clone();
            async move {
                let n: i64 = sqlx::query(&sql)
                    .bind(value)
                    .bind(since)
                    .fetch_one(&pool)
                    .await?
                    .try_get("n")?;
                Ok::<i64, StoreError>(n)
            }
        };
        if count("login", login.to_owned()).await? >= MAX_FAILURES_PER_ACCOUNT
            || count("address", address.to_owned()).await? >= MAX_FAILURES_PER_ADDRESS
        {
            return Ok(Checked::Throttled);
        }
        let Some(user) = self.authenticate(login, password).await? else {
            sqlx::query("INSERT INTO login_failures (login, address, at) VALUES ($1, $2, $3)")
                .bind(login)
                .bind(address)
                .bind(now)
                .execute(&self.pool)
                .await?;
            return Ok(Checked::Wrong);
        };
        Ok(Checked::Right(user))
    }

    /// The user of a live session at `now`, if the token is one.
    pub async fn session_user(&self, token: &str, now: i64) -> Result<Option<User>> {
        let row = sqlx::query(
            "SELECT u.id, u.login, u.full_name, u.role, u.service_id, u.region_kato, u.officer_id, u.active FROM sessions s \
             JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active <> 0",
        )
        .bind(token_hash(token))
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// Changes the password of the user of session `token` after checking the current one
    /// (throttled like a sign-in); every other session of the user ends. `Ok(false)`: the
    /// current password was wrong, nothing changed.
    pub async fn change_password(
        &self,
        token: &str,
        current: &str,
        new: &str,
        address: &str,
        now: i64,
    ) -> Result<bool> {
        let user = self
            .session_user(token, now)
            .await?
            .ok_or_else(|| StoreError::NotFound("session".to_owned()))?;
        if new.chars().count() < MIN_PASSWORD_CHARS {
            return Err(StoreError::invalid(
                "new_password",
                format!("at least {MIN_PASSWORD_CHARS} characters"),
            ));
        }
        if new == current {
            return Err(StoreError::invalid(
                "new_password",
                "must differ from the current one",
            ));
        }
        match self
            .check_password(&user.login, current, address, now)
            .await?
        {
            Checked::Right(_) => {}
            Checked::Wrong => return Ok(false),
            Checked::Throttled => {
                return Err(StoreError::Forbidden(
                    "too many failed attempts for this account: wait 15 minutes".to_owned(),
                ));
            }
        }
        let hash = hash_password(new)?;
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
            .bind(&hash)
            .bind(now_utc())
            .bind(user.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user.id)
            .bind(token_hash(token))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Ends a session.
    pub async fn sign_out(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash(token))
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
