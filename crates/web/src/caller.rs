//! Who is calling: every endpoint with register data takes a [`Caller`], found from an API
//! token (`Authorization: Bearer pbt_…`) or the session cookie. Without one the answer is 401;
//! what the caller may see is its [`Scope`], which the store applies to every query.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use probatio_core::access::Role;
use probatio_store::Scope;
use probatio_store::tokens::Principal;

use crate::AppState;
use crate::audit::CallerSlot;
use crate::problem::Problem;
use crate::session::{now, session_token};

/// The signed-in user or the token of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub who: Principal,
    pub scope: Scope,
}

impl Caller {
    /// How the event log names who recorded a write: an id, never a name.
    pub fn actor(&self) -> &str {
        &self.who.actor
    }

    /// Refuses unless the caller's role is one of `roles`.
    pub fn require(&self, roles: &[Role], what: &str) -> Result<(), Problem> {
        if roles.contains(&self.who.role) {
            Ok(())
        } else {
            Err(Problem::forbidden(format!(
                "{what} is not for the role {}",
                self.who.role
            )))
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let credential = match (bearer, session_token(&parts.headers)) {
            (Some(secret), _) => Credential::Token(secret.trim().to_owned()),
            (None, Some(token)) => Credential::Session(token),
            (None, None) => return Err(Problem::unauthenticated()),
        };
        let who = match state.principals.get(&credential) {
            Some(who) => who,
            None => {
                let found = match &credential {
                    Credential::Token(secret) => state.store.token_principal(secret).await?,
                    Credential::Session(token) => state
                        .store
                        .session_user(token, now())
                        .await?
                        .as_ref()
                        .map(Principal::from),
                };
                let who = found.ok_or_else(Problem::unauthenticated)?;
                state.principals.put(credential, who.clone());
                who
            }
        };
        if let Some(slot) = parts.extensions.get::<CallerSlot>()
            && let Ok(mut w) = slot.0.lock()
        {
            *w = Some(who.clone());
        }
        Ok(Caller {
            scope: who.scope(),
            who,
        })
    }
}

/// A session token or an API token secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Credential {
    Session(String),
    Token(String),
}

/// Who a credential was, for a moment: a request then costs no lookup of its own. An entry
/// lives [`PrincipalCache::TTL`]; signing out, changing a password or revoking a token through
/// this server forgets at once, through another server or the command line within the TTL.
#[derive(Debug, Default)]
pub struct PrincipalCache {
    entries:
        std::sync::Mutex<std::collections::HashMap<Credential, (Principal, std::time::Instant)>>,
}

impl PrincipalCache {
    pub const TTL: std::time::Duration = std::time::Duration::from_secs(2);
    const MAX: usize = 50_000;

    fn get(&self, c: &Credential) -> Option<Principal> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(c)
            .filter(|(_, at)| at.elapsed() < Self::TTL)
            .map(|(p, _)| p.clone())
    }

    fn put(&self, c: Credential, p: Principal) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= Self::MAX {
                entries.retain(|_, (_, at)| at.elapsed() < Self::TTL);
                if entries.len() >= Self::MAX {
                    entries.clear();
                }
            }
            entries.insert(c, (p, std::time::Instant::now()));
        }
    }

    /// Forgets everything (after a sign-out, a password change or a revocation here).
    pub fn forget_all(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}
