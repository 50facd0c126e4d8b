//! Who is calling: every endpoint with register data takes a [`Caller`], found from the session
//! cookie. Without one the answer is 401; what the caller may see is its [`Scope`], which the
//! store applies to every query.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use probatio_core::access::Role;
use probatio_store::Scope;
use probatio_store::users::User;

use crate::AppState;
use crate::problem::Problem;
use crate::session::{now, session_token};

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub scope: Scope,
}

impl Caller {
    /// How the event log names who recorded a write: an id, never a name.
    pub fn actor(&self) -> String {
        format!("user:{}", self.user.id)
    }

    /// Refuses unless the caller's role is one of `roles`.
    pub fn require(&self, roles: &[Role], what: &str) -> Result<(), Problem> {
        if roles.contains(&self.user.role) {
            Ok(())
        } else {
            Err(Problem::forbidden(format!(
                "{what} is not for the role {}",
                self.user.role
            )))
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let token = session_token(&parts.headers).ok_or_else(Problem::unauthenticated)?;
        let user = state
            .store
            .session_user(&token, now())
            .await?
            .ok_or_else(Problem::unauthenticated)?;
        Ok(Caller {
            scope: user.scope(),
            user,
        })
    }
}
