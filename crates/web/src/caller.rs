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
        let who = if let Some(secret) = bearer {
            state.store.token_principal(secret.trim()).await?
        } else if let Some(token) = session_token(&parts.headers) {
            state
                .store
                .session_user(&token, now())
                .await?
                .as_ref()
                .map(Principal::from)
        } else {
            None
        };
        let who = who.ok_or_else(Problem::unauthenticated)?;
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
